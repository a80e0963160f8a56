//! The write of an application: its row, readable reference and receipt exist
//! together or not at all (on PostgreSQL one statement, on SQLite one
//! transaction in the write lane), and the receipt throttle counts only
//! applications that were stored.
use std::sync::Arc;

use chrono::{Datelike, Utc};
use gongjiang::entity::notice;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::Value;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};

async fn spawn() -> Arc<TestApp> {
    Arc::new(TestApp::spawn_with(|f| f.merge(("application_limit", 0))).await)
}

async fn receipts_to(app: &TestApp, email: &str) -> u64 {
    notice::Entity::find()
        .filter(notice::Column::Recipient.eq(email))
        .filter(notice::Column::Kind.eq("application_received"))
        .count(app.db())
        .await
        .expect("count receipts")
}

fn with_email(n: u32, email: &str) -> Value {
    let mut body = certified_applicant(n);
    body["email"] = Value::from(email);
    body
}

/// Applicants 1..=n apply at the same moment; their answers, in the order
/// they came back.
async fn all_at_once(app: &Arc<TestApp>, path: &str, n: u32) -> Vec<(u16, Value)> {
    let mut tasks = tokio::task::JoinSet::new();
    for k in 1..=n {
        let app = app.clone();
        let path = path.to_string();
        tasks.spawn(async move {
            let r = app
                .post_json(&path, &Who::anonymous(), &certified_applicant(k))
                .await;
            (r.status.code, r.json())
        });
    }
    let mut answers = Vec::new();
    while let Some(done) = tasks.join_next().await {
        answers.push(done.expect("task"));
    }
    answers
}

#[rocket::async_test]
async fn concurrent_applications_each_get_their_own_reference_and_receipt() {
    let app = spawn().await;
    let class = open_class(&app, 100).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let mut references = std::collections::BTreeSet::new();
    let year = Utc::now().year();
    for (code, body) in all_at_once(&app, &path, 40).await {
        assert_eq!(code, 201, "{body}");
        let id = body["id"].as_i64().expect("id");
        let reference = body["reference"].as_str().expect("reference").to_string();
        assert_eq!(
            reference,
            format!("GJ-{year}-{id:06}"),
            "the reference is the row's"
        );
        // The applicant's own link reads the stored row back.
        let token = body["status_token"].as_str().expect("token");
        let r = app
            .get(
                &format!("/api/v1/applications/{reference}?token={token}"),
                &Who::anonymous(),
            )
            .await;
        assert_eq!(r.status.code, 200, "{}", r.body);
        assert_eq!(r.json()["reference"], reference.as_str());
        references.insert(reference);
    }
    assert_eq!(references.len(), 40);
    assert_eq!(app.count("applications").await, 40);
    assert_eq!(app.count("notices").await, 40, "one receipt per 201");
    // The receipt names its application's reference, not a placeholder.
    let bodies: Vec<String> = notice::Entity::find()
        .all(app.db())
        .await
        .expect("notices")
        .into_iter()
        .map(|n| n.body_text)
        .collect();
    assert!(!bodies.iter().any(|b| b.contains("GJREFERENCEPENDING")));
    for reference in &references {
        assert_eq!(
            bodies
                .iter()
                .filter(|b| b.contains(reference.as_str()))
                .count(),
            1,
            "{reference} is in exactly one receipt"
        );
    }
}

#[rocket::async_test]
async fn receipts_stop_after_three_an_hour_and_a_refused_duplicate_does_not_count() {
    let app = spawn().await;
    let class = open_class(&app, 100).await;
    let shared = "family@example.com";
    apply(&app, class.cohort_id, &with_email(1, shared)).await;
    // The same person again: refused, and nothing of it is kept.
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &Who::anonymous(),
            &with_email(1, shared),
        )
        .await;
    assert_eq!(r.status.code, 409, "{}", r.body);
    apply(&app, class.cohort_id, &with_email(2, shared)).await;
    apply(&app, class.cohort_id, &with_email(3, shared)).await;
    assert_eq!(
        receipts_to(&app, shared).await,
        3,
        "three stored applications, three receipts: the duplicate took no place in the hour's count"
    );
    // The fourth in the hour is stored and answered, only not mailed again.
    let (id, reference, _) = apply(&app, class.cohort_id, &with_email(4, shared)).await;
    assert!(id > 0 && reference.starts_with("GJ-"));
    assert_eq!(receipts_to(&app, shared).await, 3);
    assert_eq!(app.count("applications").await, 4);
    // Another address is not affected.
    apply(&app, class.cohort_id, &certified_applicant(5)).await;
    assert_eq!(receipts_to(&app, "welder5@example.com").await, 1);
}

/// More applicants at once than the service works on at once (it admits
/// `AT_ONCE` and the others wait their turn): every one is answered 201 and
/// stored, none is refused or lost while waiting.
#[rocket::async_test]
async fn a_crowd_larger_than_the_admission_limit_is_served_in_full() {
    let app = spawn().await;
    let class = open_class(&app, 1000).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    // More than twice the places, so some wait for a second turn.
    let crowd = u32::try_from(2 * gongjiang::service::applications::AT_ONCE + 44).expect("small");
    let mut created = 0;
    for (code, body) in all_at_once(&app, &path, crowd).await {
        assert_eq!(code, 201, "{body}");
        created += 1;
    }
    assert_eq!(created, crowd);
    assert_eq!(app.count("applications").await, i64::from(crowd));
    assert_eq!(app.count("notices").await, i64::from(crowd));
}
