//! Operations: metrics, purge, backup and restore.
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};

#[rocket::async_test]
async fn metrics_show_requests_by_route_and_the_outbox_and_applications() {
    let app = TestApp::spawn_with(|f| f.merge(("metrics_token", "scrape-secret"))).await;
    let class = open_class(&app, 5).await;
    apply(&app, class.cohort_id, &certified_applicant(1)).await;
    app.get("/health", &Who::anonymous()).await;
    let scraper = Who::anonymous().with_header("Authorization", "Bearer scrape-secret");
    let r = app.get("/metrics", &scraper).await;
    assert_eq!(r.status, Status::Ok);
    assert!(
        r.header("Content-Type")
            .unwrap_or("")
            .starts_with("text/plain")
    );
    let text = r.body;
    assert!(
        text.contains(
            "gongjiang_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("route=\"/api/v1/cohorts/<id>/applications\""),
        "route patterns, never raw ids"
    );
    assert!(text.contains("gongjiang_http_request_duration_seconds_bucket"));
    assert!(
        text.contains("gongjiang_outbox_notices{status=\"queued\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("gongjiang_applications{status=\"pending\"} 1"),
        "{text}"
    );
    assert!(text.contains("gongjiang_db_pool_connections{state=\"open\"}"));
}

#[rocket::async_test]
async fn purge_anonymizes_finished_cohorts_past_retention_and_nothing_else() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    decide(&app, &class.org, id, "admit").await;
    let other = open_class_as(&app, &class.org, 5).await;
    apply(&app, other.cohort_id, &certified_applicant(2)).await;
    let path = format!("/api/v1/cohorts/{}/transition", class.cohort_id);
    for to in ["closed", "approved", "running", "completed"] {
        assert_eq!(
            app.post_json(&path, &class.org, &json!({"to": to}))
                .await
                .status,
            Status::Ok
        );
    }
    // Long after the first cohort ended (the second is still open).
    let later = chrono::Utc::now() + chrono::Duration::days(400);
    let r =
        gongjiang::service::privacy::purge(app.db(), later, 30, &app.state().settings.mail_dir())
            .await
            .expect("purge");
    assert_eq!((r.cohorts, r.applications), (1, 1));
    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &class.org,
        )
        .await;
    assert!(!list.body.contains("张焊工"), "{}", list.body);
    assert!(
        !list.body.contains(&national_id(1)[14..]),
        "no digits of the ID are left"
    );
    let kept = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", other.cohort_id),
            &class.org,
        )
        .await;
    assert!(kept.body.contains("张焊工"));
    // Purging again finds nothing more.
    let again =
        gongjiang::service::privacy::purge(app.db(), later, 30, &app.state().settings.mail_dir())
            .await
            .expect("purge");
    assert_eq!(again.cohorts, 0);
}

#[rocket::async_test]
async fn a_backup_restores_into_a_working_service() {
    if crate::helpers::on_postgres() {
        return; // PostgreSQL is backed up with pg_dump; this drill is for SQLite.
    }
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (_, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let backup = app.dir.path().join("backup.db");
    gongjiang::service::backup::sqlite_backup(app.db(), &backup)
        .await
        .expect("backup");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup)
            .expect("backup file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the backup holds personal data");
    }
    assert!(
        gongjiang::service::backup::sqlite_backup(app.db(), &backup)
            .await
            .is_err(),
        "never overwrites"
    );

    // Restore: a new data folder with the backup as its database and the same keys.
    let restored_dir = tempfile::tempdir().expect("dir");
    std::fs::copy(&backup, restored_dir.path().join("gongjiang.db")).expect("copy");
    for key in ["secret.key", "data.key"] {
        std::fs::copy(app.dir.path().join(key), restored_dir.path().join(key)).expect("key");
    }
    let figment = gongjiang::figment()
        .merge(("data_dir", restored_dir.path().display().to_string()))
        .merge(("database_url", ""))
        .merge(("log_level", "off"))
        .merge(("mail_sender", false));
    let rocket = gongjiang::build(figment).await.expect("restored app");
    let client = rocket::local::asynchronous::Client::untracked(rocket)
        .await
        .expect("client");
    let r = client
        .get(format!("/api/v1/applications/{reference}?token={token}"))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    let body: serde_json::Value = r.into_json().await.expect("json");
    assert_eq!(body["status"], "pending");
}

#[rocket::async_test]
async fn ready_says_503_when_the_database_stops_answering_and_health_stays_up() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/ready", &Who::anonymous()).await.status,
        Status::Ok
    );
    app.db().close_by_ref().await.expect("close the pool");
    let r = app.get("/ready", &Who::anonymous()).await;
    assert_eq!(r.status, Status::ServiceUnavailable);
    assert_eq!(r.json()["error"], "database_unavailable");
    assert_eq!(
        app.get("/health", &Who::anonymous()).await.status,
        Status::Ok
    );
}
