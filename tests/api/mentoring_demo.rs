//! `gongjiang demo`: the seed story's welding class, loaded once, usable at once.
use chrono::Utc;
use rocket::http::Status;
use serde_json::json;

use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::count_sql;
use gongjiang::service::demo;

#[rocket::async_test]
async fn the_demo_loads_the_welding_class_once_and_its_accounts_work() {
    let app = TestApp::spawn().await;
    let report = demo::load(app.state(), Utc::now())
        .await
        .expect("demo loads");
    assert_eq!(report.accounts.len(), 3);
    assert_eq!((report.participants, report.sessions), (8, 7));
    assert_eq!(app.count("cohort_mentors").await, 2);
    assert_eq!(app.count("mentor_assignments").await, 8);
    assert_eq!(app.count("attendance").await, 40);
    assert_eq!(
        count_sql(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM applications WHERE status = 'pending' AND cohort_id = {}",
                report.open_cohort_id
            )
        )
        .await,
        3
    );

    // Loading again is refused clearly and changes nothing.
    let again = demo::load(app.state(), Utc::now()).await;
    assert_eq!(again.err().map(|e| e.message().code), Some("demo_loaded"));
    assert_eq!(app.count("users").await, 3);

    // The printed passwords sign in; 丁卫松 sees his cohort and mentees.
    let (_, _, email, password) = report
        .accounts
        .iter()
        .find(|a| a.2 == demo::DING_EMAIL)
        .cloned()
        .expect("ding");
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": email, "password": password}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let ding = Who {
        cookies: vec![(
            "gj_session".into(),
            r.cookie("gj_session").unwrap_or("").to_string(),
        )],
        headers: vec![],
    };
    let home = app.get("/mentor", &ding).await;
    assert_eq!(home.status, Status::Ok);
    assert!(home.body.contains("绍兴工匠高级研修班（焊工方向）") && home.body.contains("第一期"));

    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/participants", report.running_cohort_id),
            &ding,
        )
        .await
        .json();
    let flagged: Vec<&str> = list
        .as_array()
        .map(|l| {
            l.iter()
                .filter(|p| p["flagged"] == true)
                .filter_map(|p| p["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(flagged, ["吴海军"], "the one who missed three sessions");
}
