//! The welding class of the seed story, as test data.
#![allow(dead_code)]

use chrono::{Duration, NaiveDate, Utc};
use gongjiang::domain::identity::NationalId;
use serde_json::{Value, json};

use crate::helpers::{TestApp, Who};

pub fn welding_workshop() -> Value {
    json!({
        "title": "绍兴工匠高级研修班(焊工方向)",
        "trade": "welder",
        "entry_rules": {"any_of": [
            {"all_of": [{"certificate": {"trade": "welder", "min_level": 4}}]},
            {"all_of": [{"experience": {"trade": "welder", "min_years": 8}}]}]},
        "rubric": {"criteria": [
            {"key": "visual", "name": "外观检查", "max_points": 30},
            {"key": "bend", "name": "弯曲试验", "max_points": 40},
            {"key": "theory", "name": "理论", "max_points": 30}],
            "pass_mark": 60},
        "completion": {"min_attendance_rate": 0.8}
    })
}

/// A valid national ID; `n` makes it unique (0..=999 per birth date).
pub fn national_id(n: u32) -> String {
    let birth = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default()
        + Duration::days(i64::from(n / 1000));
    let first17 = format!("330602{}{:03}", birth.format("%Y%m%d"), n % 1000);
    let check = NationalId::check_char(&first17).expect("check char");
    format!("{first17}{check}")
}

/// The same ID with a wrong check digit.
pub fn wrong_check_digit(id: &str) -> String {
    let (head, last) = id.split_at(17);
    let other = if last == "1" { "2" } else { "1" };
    format!("{head}{other}")
}

pub fn phone(n: u32) -> String {
    format!("139{:08}", n)
}

/// An applicant holding an intermediate (level 4) welder certificate.
pub fn certified_applicant(n: u32) -> Value {
    json!({
        "full_name": "张焊工",
        "national_id": national_id(n),
        "phone": phone(n),
        "email": format!("welder{n}@example.com"),
        "employer": "绍兴钢构有限公司",
        "trade": "welder",
        "started_trade_on": "2020-03-01",
        "certificate": {"trade": "welder", "level": 4, "number": "GZ2019-0001", "issued_on": "2019-06-01"},
        "processes": ["SMAW", "GTAW"],
        "locale": "zh",
        "consent": true
    })
}

/// An applicant with no certificate who began welding on `started`.
pub fn experienced_applicant(n: u32, started: NaiveDate) -> Value {
    let mut a = certified_applicant(n);
    a["certificate"] = Value::Null;
    a["started_trade_on"] = json!(started.format("%Y-%m-%d").to_string());
    a
}

pub struct Class {
    pub workshop_id: i64,
    pub cohort_id: i64,
    pub org: Who,
}

/// The welding workshop with one cohort of `capacity` places, open for
/// applications now (the window closes in ten days).
pub async fn open_class(app: &TestApp, capacity: i64) -> Class {
    let org = app.organizer().await;
    open_class_as(app, &org, capacity).await
}

pub async fn open_class_as(app: &TestApp, org: &Who, capacity: i64) -> Class {
    let r = app
        .post_json("/api/v1/workshops", org, &welding_workshop())
        .await;
    assert_eq!(r.status.code, 201, "{}", r.body);
    let workshop_id = r.json()["id"].as_i64().expect("workshop id");
    let now = Utc::now();
    let close = now + Duration::days(10);
    let starts = (close + Duration::days(5)).date_naive();
    let r = app
        .post_json(
            &format!("/api/v1/workshops/{workshop_id}/cohorts"),
            org,
            &json!({
                "name": "第一期",
                "capacity": capacity,
                "applications_open_at": (now - Duration::hours(1)).to_rfc3339(),
                "applications_close_at": close.to_rfc3339(),
                "starts_on": starts.to_string(),
                "ends_on": (starts + Duration::days(20)).to_string(),
                "venue": "绍兴市焊接实训基地"
            }),
        )
        .await;
    assert_eq!(r.status.code, 201, "{}", r.body);
    let cohort_id = r.json()["id"].as_i64().expect("cohort id");
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/transition"),
            org,
            &json!({"to": "open"}),
        )
        .await;
    assert_eq!(r.status.code, 200, "{}", r.body);
    Class {
        workshop_id,
        cohort_id,
        org: org.clone(),
    }
}

/// The Beijing date on which the class's applications close.
pub async fn deadline(app: &TestApp, cohort_id: i64) -> NaiveDate {
    let r = app
        .get(&format!("/api/v1/cohorts/{cohort_id}"), &Who::anonymous())
        .await;
    let close = r.json()["applications_close_at"]
        .as_str()
        .expect("close")
        .to_string();
    let t = chrono::DateTime::parse_from_rfc3339(&close).expect("rfc3339");
    gongjiang::domain::beijing_date(t.with_timezone(&Utc))
}

/// Applies and returns (application id, reference, token).
pub async fn apply(app: &TestApp, cohort_id: i64, body: &Value) -> (i64, String, String) {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/applications"),
            &Who::anonymous(),
            body,
        )
        .await;
    assert_eq!(r.status.code, 201, "{}", r.body);
    let j = r.json();
    (
        j["id"].as_i64().expect("id"),
        j["reference"].as_str().expect("reference").to_string(),
        j["status_token"].as_str().expect("token").to_string(),
    )
}

pub async fn decide(app: &TestApp, org: &Who, id: i64, decision: &str) -> crate::helpers::Resp {
    app.post_json(
        &format!("/api/v1/applications/{id}/decision"),
        org,
        &json!({"decision": decision}),
    )
    .await
}
