//! Only when it is true: a certificate rests on the final assessment, the
//! cohort's sessions held, and the day it completed.
use chrono::{Duration, Utc};
use rocket::http::Status;
use serde_json::json;

use crate::credentials::{assess, issue};
use crate::helpers::TestApp;
use crate::mentoring_setup::*;

/// Schedules the cohort's final test (an assessment-kind session) at `start`.
async fn final_test_at(app: &TestApp, m: &Mentoring, start: chrono::DateTime<Utc>) -> i64 {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/sessions", m.class.cohort_id),
            &m.class.org,
            &json!({"title": "结业考核", "kind": "assessment", "starts_at": start.to_rfc3339(),
                    "ends_at": (start + Duration::hours(3)).to_rfc3339(), "venue": "绍兴市焊接实训基地"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    r.json()["id"].as_i64().unwrap_or_default()
}

#[rocket::async_test]
async fn completing_early_asks_to_confirm_cancels_what_is_left_and_a_mid_course_check_is_not_final()
{
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let held = session_at(&app, &m.class, -10, "实操").await;
    let r = mark(
        &app,
        &m.ding,
        held,
        json!([{"participant_id": p, "status": "present"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    // The final test is two days away; a passing mid-course check now.
    let final_test = final_test_at(&app, &m, Utc::now() + Duration::hours(48)).await;
    assess(&app, &m, p, 30).await;
    transition(&app, &m.class, "running").await;

    let path = format!("/api/v1/cohorts/{}/transition", m.class.cohort_id);
    let notices = app.count("notices").await;
    let audits = app.count("audit_log").await;
    let r = app
        .post_json(&path, &m.class.org, &json!({"to": "completed"}))
        .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "sessions_to_come");
    assert_eq!(r.json()["count"], 1);
    assert!(
        r.json()["message"]
            .as_str()
            .is_some_and(|t| t.contains("1次课")),
        "{}",
        r.body
    );
    // Nothing changed.
    let cohort = app
        .get(
            &format!("/api/v1/cohorts/{}", m.class.cohort_id),
            &m.class.org,
        )
        .await
        .json();
    assert_eq!(cohort["status"], "running");
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM cohort_sessions WHERE cancelled_at IS NOT NULL"
        )
        .await,
        0
    );
    assert_eq!(
        (app.count("notices").await, app.count("audit_log").await),
        (notices, audits)
    );

    let r = app
        .post_json(
            &path,
            &m.class.org,
            &json!({"to": "completed", "confirm": true}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "completed");
    assert_eq!(
        count_sql(
            &app,
            &format!("SELECT COUNT(*) AS n FROM cohort_sessions WHERE cancelled_at IS NOT NULL AND id = {final_test}")
        )
        .await,
        1,
        "the session still to come is cancelled"
    );
    assert_eq!(
        count_sql(&app, &format!("SELECT COUNT(*) AS n FROM notices WHERE kind = 'session_changed' AND dedupe_key LIKE 'session_cancelled:{final_test}:%'")).await,
        1,
        "the participant is told"
    );

    // The mid-course check was recorded before the final test's time: no certificate.
    let issued = issue(&app, &m).await;
    assert!(issued.is_empty());
    let standing = app
        .get(
            &format!("/api/v1/cohorts/{}/participants", m.class.cohort_id),
            &m.class.org,
        )
        .await
        .json();
    assert_eq!(
        standing[0]["latest_assessment"]["final"], false,
        "{standing}"
    );
    assert_eq!(standing[0]["completed"], false);

    // An organizer marks it final (a mentor may not); then it counts.
    let assessment = standing[0]["latest_assessment"]["id"]
        .as_i64()
        .unwrap_or_default();
    let mark_path = format!("/api/v1/assessments/{assessment}/final");
    assert_eq!(
        app.post_json(&mark_path, &m.ding, &json!({})).await.status,
        Status::Forbidden
    );
    let r = app.post_json(&mark_path, &m.class.org, &json!({})).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'assessment.mark_final'"
        )
        .await,
        1
    );
    let codes = issue(&app, &m).await;
    assert_eq!(codes.len(), 1);
    let cert = app
        .get(&format!("/api/v1/certificates/{}", codes[0]), &m.class.org)
        .await
        .json();
    let today = gongjiang::domain::beijing_date(Utc::now()).to_string();
    assert_eq!(
        cert["completed_on"], today,
        "the day it completed, not the planned end"
    );
    assert!(
        cohort["ends_on"]
            .as_str()
            .is_some_and(|end| end > today.as_str()),
        "{cohort}"
    );
}

#[rocket::async_test]
async fn an_assessment_recorded_at_the_final_session_counts_without_marking() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let s = final_test_at(&app, &m, Utc::now() - Duration::hours(2)).await;
    mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": p, "status": "present"}]),
    )
    .await;
    assess(&app, &m, p, 30).await;
    transition(&app, &m.class, "running").await;
    transition(&app, &m.class, "completed").await;
    assert_eq!(issue(&app, &m).await.len(), 1);
}
