//! Enrollment: workshops, cohorts, applying against the entry rules.
use chrono::{Duration, Months};
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};

#[rocket::async_test]
async fn an_organizer_creates_the_welding_workshop_with_its_rules_in_words() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app
        .post_json("/api/v1/workshops", &org, &welding_workshop())
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let w = r.json();
    assert!(w["id"].as_i64().is_some());
    assert_eq!(
        w["entry_rules_text"]["zh"],
        "持中级工（四级）及以上焊工证书，或从事焊工工作满8年"
    );
    assert_eq!(w["rubric"]["pass_mark"], 60);
}

#[rocket::async_test]
async fn workshop_rules_are_validated_and_nothing_bad_is_stored() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let cases = [
        ("no alternative", json!({"any_of": []}), "entry_rules"),
        (
            "empty alternative",
            json!({"any_of": [{"all_of": []}]}),
            "entry_rules",
        ),
        (
            "level 9",
            json!({"any_of": [{"all_of": [{"certificate": {"trade": "welder", "min_level": 9}}]}]}),
            "entry_rules.any_of[0].all_of[0].certificate.min_level",
        ),
        (
            "years 61",
            json!({"any_of": [{"all_of": [{"experience": {"trade": "welder", "min_years": 61}}]}]}),
            "entry_rules",
        ),
        (
            "unknown kind",
            json!({"any_of": [{"all_of": [{"age": {"min": 18}}]}]}),
            "entry_rules.any_of[0].all_of[0]",
        ),
    ];
    for (what, rules, field) in cases {
        let mut body = welding_workshop();
        body["entry_rules"] = rules;
        let r = app.post_json("/api/v1/workshops", &org, &body).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{what}: {}", r.body);
        assert_eq!(r.json()["error"], "validation", "{what}");
        assert!(r.json()["fields"][field].is_object(), "{what}: {}", r.body);
    }
    let mut body = welding_workshop();
    body["rubric"]["criteria"][1]["key"] = json!("visual");
    let r = app.post_json("/api/v1/workshops", &org, &body).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(
        r.json()["fields"]["rubric"]["code"],
        "rubric_key_duplicate",
        "{}",
        r.body
    );
    let mut body = welding_workshop();
    body["rubric"]["pass_mark"] = json!(101);
    let r = app.post_json("/api/v1/workshops", &org, &body).await;
    assert_eq!(
        r.json()["fields"]["rubric"]["code"],
        "rubric_pass_mark",
        "{}",
        r.body
    );
    assert_eq!(app.count("workshops").await, 0);
}

#[rocket::async_test]
async fn a_cohort_starts_as_a_draft_and_follows_its_life_cycle() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let path = format!("/api/v1/cohorts/{}/transition", class.cohort_id);
    // open → approved skips closing: refused.
    let r = app
        .post_json(&path, &class.org, &json!({"to": "approved"}))
        .await;
    assert_eq!(r.status, Status::Conflict);
    assert_eq!(r.json()["error"], "invalid_transition");
    let r = app
        .post_json(&path, &class.org, &json!({"to": "flying"}))
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    for to in ["closed", "approved", "running", "completed"] {
        let r = app.post_json(&path, &class.org, &json!({"to": to})).await;
        assert_eq!(r.status, Status::Ok, "{to}: {}", r.body);
        assert_eq!(r.json()["status"], to);
    }
    let r = app
        .post_json(&path, &class.org, &json!({"to": "cancelled"}))
        .await;
    assert_eq!(r.json()["error"], "invalid_transition");
}

#[rocket::async_test]
async fn a_new_cohort_is_a_draft_hidden_from_the_public() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app
        .post_json("/api/v1/workshops", &org, &welding_workshop())
        .await;
    let wid = r.json()["id"].as_i64().expect("id");
    let r = app
        .post_json(
            &format!("/api/v1/workshops/{wid}/cohorts"),
            &org,
            &json!({
            "name": "第二期", "capacity": 20,
            "applications_open_at": "2026-12-01T09:00:00+08:00",
            "applications_close_at": "2026-12-20T17:00:00+08:00",
            "starts_on": "2027-01-04", "ends_on": "2027-01-29", "venue": "绍兴市焊接实训基地"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    assert_eq!(r.json()["status"], "draft");
    let id = r.json()["id"].as_i64().expect("id");
    let public = app.get("/api/v1/cohorts", &Who::anonymous()).await;
    assert_eq!(public.json().as_array().map(Vec::len), Some(0));
    assert_eq!(
        app.get(&format!("/api/v1/cohorts/{id}"), &Who::anonymous())
            .await
            .status,
        Status::NotFound
    );
    let staff = app.get("/api/v1/cohorts?status=draft", &org).await;
    assert_eq!(staff.json().as_array().map(Vec::len), Some(1));
}

#[rocket::async_test]
async fn cohort_dates_and_capacity_are_validated() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app
        .post_json("/api/v1/workshops", &org, &welding_workshop())
        .await;
    let wid = r.json()["id"].as_i64().expect("id");
    let good = json!({"name": "第二期", "capacity": 20,
        "applications_open_at": "2026-12-01T09:00:00+08:00", "applications_close_at": "2026-12-20T17:00:00+08:00",
        "starts_on": "2027-01-04", "ends_on": "2027-01-29", "venue": "绍兴市焊接实训基地"});
    let cases = [
        ("capacity", json!(0)),
        ("capacity", json!(-3)),
        ("applications_close_at", json!("2026-11-30T09:00:00+08:00")),
        ("starts_on", json!("2026-12-10")),
        ("applications_open_at", json!("next tuesday")),
    ];
    for (field, value) in cases {
        let mut body = good.clone();
        body[field] = value.clone();
        let r = app
            .post_json(&format!("/api/v1/workshops/{wid}/cohorts"), &org, &body)
            .await;
        assert_eq!(
            r.status,
            Status::UnprocessableEntity,
            "{field}={value}: {}",
            r.body
        );
        assert!(
            r.json()["fields"]
                .as_object()
                .is_some_and(|f| !f.is_empty()),
            "{}",
            r.body
        );
    }
    assert_eq!(app.count("cohorts").await, 0);
    let r = app
        .post_json("/api/v1/workshops/999/cohorts", &org, &good)
        .await;
    assert_eq!(r.status, Status::NotFound);
}

#[rocket::async_test]
async fn the_open_class_is_listed_for_anyone() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let r = app
        .get("/api/v1/cohorts?status=open", &Who::anonymous())
        .await;
    assert_eq!(r.status, Status::Ok);
    let list = r.json();
    assert_eq!(list.as_array().map(Vec::len), Some(1));
    assert_eq!(list[0]["id"], class.cohort_id);
    assert_eq!(list[0]["accepting_applications"], true);
    assert_eq!(
        list[0]["entry_rules_text"]["en"],
        "an intermediate (level 4) or higher welder certificate, or at least 8 years working as a welder"
    );
    let r = app
        .get("/api/v1/cohorts?status=bogus", &Who::anonymous())
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
}

#[rocket::async_test]
async fn a_certified_welder_applies_and_gets_a_reference_and_a_token() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &Who::anonymous(),
            &certified_applicant(1),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let j = r.json();
    assert_eq!(j["status"], "pending");
    assert_eq!(
        j["eligibility"],
        json!({"eligible": true, "basis": "certificate"})
    );
    let reference = j["reference"].as_str().expect("reference");
    assert!(
        reference.starts_with("GJ-20") && reference.len() == 14,
        "{reference}"
    );
    let token = j["status_token"].as_str().expect("token");
    assert!(token.len() >= 43, "token has at least 256 bits");
    // The receipt is queued with the application.
    assert_eq!(app.count("notices").await, 1);
    assert_eq!(app.count("applications").await, 1);
}

#[rocket::async_test]
async fn experience_counts_in_whole_years_to_the_deadline() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let deadline = deadline(&app, class.cohort_id).await;
    let exactly_eight = deadline.checked_sub_months(Months::new(96)).expect("date");
    let one_day_short = exactly_eight + Duration::days(1);
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);

    let r = app
        .post_json(
            &path,
            &Who::anonymous(),
            &experienced_applicant(1, exactly_eight),
        )
        .await;
    assert_eq!(r.status, Status::Created, "exactly 8 years: {}", r.body);
    assert_eq!(r.json()["eligibility"]["basis"], "experience");

    let r = app
        .post_json(
            &path,
            &Who::anonymous(),
            &experienced_applicant(2, one_day_short),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    let j = r.json();
    assert_eq!(j["error"], "ineligible");
    let codes: Vec<&str> = j["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["certificate_missing", "experience_too_short"]);
    assert!(
        j["reasons"][1]["message"]
            .as_str()
            .unwrap_or("")
            .contains('7'),
        "{}",
        j
    );
    // An ineligible application is not queued for review.
    assert_eq!(app.count("applications").await, 1);
    assert_eq!(app.count("notices").await, 1);
}

#[rocket::async_test]
async fn certificate_level_and_trade_decide_eligibility() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let recent = chrono::NaiveDate::from_ymd_opt(2022, 1, 1).expect("date");
    let cases = [
        (json!(4), "welder", Some("certificate")),
        (json!(3), "welder", Some("certificate")),
        (json!("principal"), "welder", Some("certificate")),
        (json!(5), "welder", None),
        (json!(2), "electrician", None),
    ];
    for (n, (level, trade, basis)) in cases.into_iter().enumerate() {
        let mut body = experienced_applicant(n as u32, recent);
        body["certificate"] = json!({"trade": trade, "level": level});
        let r = app.post_json(&path, &Who::anonymous(), &body).await;
        match basis {
            Some(b) => {
                assert_eq!(r.status, Status::Created, "{level} {trade}: {}", r.body);
                assert_eq!(r.json()["eligibility"]["basis"], b);
            }
            None => {
                assert_eq!(
                    r.status,
                    Status::UnprocessableEntity,
                    "{level} {trade}: {}",
                    r.body
                );
                let code = r.json()["reasons"][0]["code"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                let want = if trade == "welder" {
                    "certificate_level_too_low"
                } else {
                    "certificate_wrong_trade"
                };
                assert_eq!(code, want);
            }
        }
    }
}

#[rocket::async_test]
async fn every_bad_field_is_422_with_the_field_named_and_nothing_stored() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let good = certified_applicant(1);
    let tomorrow = (chrono::Utc::now() + Duration::days(2))
        .date_naive()
        .to_string();
    let cases: Vec<(&str, serde_json::Value, &str, &str)> = vec![
        (
            "national_id",
            json!(wrong_check_digit(&national_id(1))),
            "national_id",
            "id_check_digit",
        ),
        (
            "national_id",
            json!("33060219850315"),
            "national_id",
            "id_length",
        ),
        ("phone", json!("12345"), "phone", "phone_invalid"),
        ("email", json!("not-an-email"), "email", "email_invalid"),
        ("full_name", json!("张"), "full_name", "name_length"),
        ("consent", json!(false), "consent", "consent_required"),
        (
            "started_trade_on",
            json!(tomorrow),
            "started_trade_on",
            "date_in_future",
        ),
        (
            "started_trade_on",
            json!("2020-02-30"),
            "started_trade_on",
            "date_invalid",
        ),
        (
            "processes",
            json!(["laser"]),
            "processes",
            "process_invalid",
        ),
        ("trade", json!("焊工!"), "trade", "trade_invalid"),
        ("locale", json!("fr"), "locale", "locale_invalid"),
    ];
    for (key, value, field, code) in cases {
        let mut body = good.clone();
        body[key] = value.clone();
        let r = app.post_json(&path, &Who::anonymous(), &body).await;
        assert_eq!(
            r.status,
            Status::UnprocessableEntity,
            "{key}={value}: {}",
            r.body
        );
        assert_eq!(r.json()["error"], "validation", "{key}");
        assert_eq!(
            r.json()["fields"][field]["code"],
            code,
            "{key}={value}: {}",
            r.body
        );
    }
    let mut body = good.clone();
    body["certificate"]["level"] = json!(7);
    let r = app.post_json(&path, &Who::anonymous(), &body).await;
    assert_eq!(
        r.json()["fields"]["certificate.level"]["code"],
        "level_invalid",
        "{}",
        r.body
    );
    let mut body = good.clone();
    body["nickname"] = json!("extra");
    let r = app.post_json(&path, &Who::anonymous(), &body).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("notices").await, 0);
}

#[rocket::async_test]
async fn a_person_applies_once_per_cohort() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let mut again = certified_applicant(1);
    again["email"] = json!("other@example.com");
    // Lower-case x and spaces must not get round the rule either.
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &Who::anonymous(),
            &again,
        )
        .await;
    assert_eq!(r.status, Status::Conflict);
    assert_eq!(r.json()["error"], "duplicate");
    assert_eq!(app.count("applications").await, 1);
}

#[rocket::async_test]
async fn ten_identical_concurrent_applications_store_exactly_one() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let class = open_class(&app, 30).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let app = app.clone();
        let path = path.clone();
        tasks.spawn(async move {
            app.post_json(&path, &Who::anonymous(), &certified_applicant(7))
                .await
                .status
        });
    }
    let mut created = 0;
    let mut duplicates = 0;
    while let Some(status) = tasks.join_next().await {
        match status.expect("task").code {
            201 => created += 1,
            409 => duplicates += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!((created, duplicates), (1, 9));
    assert_eq!(app.count("applications").await, 1);
    assert_eq!(app.count("notices").await, 1);
}

#[rocket::async_test]
async fn applications_outside_an_open_window_are_refused() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let path = format!("/api/v1/cohorts/{}/transition", class.cohort_id);
    app.post_json(&path, &class.org, &json!({"to": "closed"}))
        .await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &Who::anonymous(),
            &certified_applicant(1),
        )
        .await;
    assert_eq!(r.status, Status::Conflict);
    assert_eq!(r.json()["error"], "cohort_not_open");
    let r = app
        .post_json(
            "/api/v1/cohorts/424242/applications",
            &Who::anonymous(),
            &certified_applicant(1),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn the_applicant_status_needs_the_right_token() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let (_, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = app
        .get(
            &format!("/api/v1/applications/{reference}?token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "pending");
    assert_eq!(
        r.json()["national_id"],
        "330602********0011".replace("0011", &national_id(1)[14..])
    );
    let wrong = app
        .get(
            &format!("/api/v1/applications/{reference}?token=guess"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(wrong.status, Status::NotFound);
    let none = app
        .get(
            &format!("/api/v1/applications/{reference}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(none.status, Status::NotFound);
    assert_eq!(
        wrong.json(),
        app.get(
            "/api/v1/applications/GJ-2026-999999?token=x",
            &Who::anonymous()
        )
        .await
        .json()
    );
}

#[rocket::async_test]
async fn the_database_never_holds_the_national_id_in_clear() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 30).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(3)).await;
    let full = national_id(3);
    let db = app.db();
    let row = gongjiang::entity::application::Entity::find_by_id(id)
        .one(db)
        .await
        .expect("query")
        .expect("row");
    let all = format!("{row:?}");
    assert!(!all.contains(&full), "the row holds the ID in clear");
    assert!(
        !all.contains(&full[6..14]),
        "the row holds the birth date part"
    );
    assert_eq!(
        app.state().keys.open(&row.national_id_enc).as_deref(),
        Some(full.as_str())
    );
    if !crate::helpers::on_postgres() {
        // The SQLite file, WAL included, never holds it either.
        for name in ["test.db", "test.db-wal"] {
            if let Ok(bytes) = std::fs::read(app.dir.path().join(name)) {
                let text = String::from_utf8_lossy(&bytes);
                assert!(!text.contains(&full), "{name} holds the ID in clear");
            }
        }
    }
}

use sea_orm::EntityTrait;
