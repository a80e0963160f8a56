//! Test data for mentoring: the welding class with admitted participants,
//! its roster approved, the two master welders as mentors, and sessions.
#![allow(dead_code)]

use chrono::{Duration, Utc};
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{Resp, TestApp, Who};

pub const DING: &str = "ding@example.com";
pub const ZHU: &str = "zhu@example.com";

/// Participants' names, so each is told apart in pages and exports.
pub const NAMES: [&str; 6] = ["张焊工", "李明", "王建国", "赵小龙", "陈立新", "刘海波"];

pub struct Mentoring {
    pub class: Class,
    pub participants: Vec<i64>,
    pub ding: Who,
    pub zhu: Who,
}

/// An applicant with a name, an employer and processes of our choosing.
pub fn applicant(n: u32, employer: &str, processes: &[&str]) -> Value {
    let mut a = certified_applicant(n);
    a["full_name"] = json!(NAMES[n as usize % NAMES.len()]);
    a["employer"] = json!(employer);
    a["processes"] = json!(processes);
    a
}

/// Applies with each body and admits everyone.
pub async fn admit_all(app: &TestApp, class: &Class, bodies: &[Value]) -> Vec<i64> {
    let mut ids = vec![];
    for b in bodies {
        let (id, _, _) = apply(app, class.cohort_id, b).await;
        let r = decide(app, &class.org, id, "admit").await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
        ids.push(id);
    }
    ids
}

pub async fn transition(app: &TestApp, class: &Class, to: &str) {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/transition", class.cohort_id),
            &class.org,
            &json!({"to": to}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{to}: {}", r.body);
}

/// Closes applications and approves the roster.
pub async fn approve(app: &TestApp, class: &Class) {
    transition(app, class, "closed").await;
    transition(app, class, "approved").await;
}

pub async fn add_mentor(
    app: &TestApp,
    class: &Class,
    email: &str,
    capacity: i64,
    processes: &[&str],
    employer: &str,
) -> Resp {
    app.post_json(
        &format!("/api/v1/cohorts/{}/mentors", class.cohort_id),
        &class.org,
        &json!({"email": email, "capacity": capacity, "processes": processes, "employer": employer}),
    )
    .await
}

/// The class with `n` admitted participants (all from one employer, SMAW
/// and GTAW), the roster approved, and 丁卫松 and 朱致挺 as its mentors.
pub async fn mentored_class(app: &TestApp, n: u32) -> Mentoring {
    let class = open_class(app, i64::from(n.max(1))).await;
    let bodies: Vec<Value> = (0..n)
        .map(|i| applicant(i, "绍兴钢构有限公司", &["SMAW", "GTAW"]))
        .collect();
    let participants = admit_all(app, &class, &bodies).await;
    approve(app, &class).await;
    let ding = app.mentor(DING, "丁卫松").await;
    let zhu = app.mentor(ZHU, "朱致挺").await;
    let r = add_mentor(app, &class, DING, 10, &["GTAW", "SMAW"], "柯桥排水有限公司").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let r = add_mentor(
        app,
        &class,
        ZHU,
        10,
        &["GMAW", "FCAW"],
        "杭州汽轮股份有限公司",
    )
    .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    Mentoring {
        class,
        participants,
        ding,
        zhu,
    }
}

/// Pairs every participant automatically; returns the assignments made.
pub async fn pair_all(app: &TestApp, m: &Mentoring) -> Vec<Value> {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", m.class.cohort_id),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Schedules a session starting `hours` from now (negative: already held).
pub async fn session_at(app: &TestApp, class: &Class, hours: i64, title: &str) -> i64 {
    let start = Utc::now() + Duration::hours(hours);
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/sessions", class.cohort_id),
            &class.org,
            &json!({
                "title": title,
                "kind": "practical",
                "starts_at": start.to_rfc3339(),
                "ends_at": (start + Duration::hours(3)).to_rfc3339(),
                "venue": "绍兴市焊接实训基地"
            }),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    r.json()["id"].as_i64().expect("session id")
}

pub async fn mark(app: &TestApp, who: &Who, session: i64, records: Value) -> Resp {
    app.put_json(
        &format!("/api/v1/sessions/{session}/attendance"),
        who,
        &json!({"records": records}),
    )
    .await
}

/// A number from one SQL query (`SELECT COUNT(*) AS n …`).
pub async fn count_sql(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::ConnectionTrait;
    let db = app.db();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .expect("query")
        .expect("a row");
    row.try_get::<i64>("", "n").expect("n")
}

/// The raw bytes of a GET (binary downloads).
pub async fn get_bytes(app: &TestApp, path: &str, who: &Who) -> (Status, Vec<u8>, String) {
    let mut req = app.client.get(path.to_string());
    for (k, v) in &who.cookies {
        req = req.cookie(rocket::http::Cookie::new(k.clone(), v.clone()));
    }
    let r = req.dispatch().await;
    let status = r.status();
    let ct = r.content_type().map(|c| c.to_string()).unwrap_or_default();
    (status, r.into_bytes().await.unwrap_or_default(), ct)
}
