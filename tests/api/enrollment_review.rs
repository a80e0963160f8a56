//! Review: decisions within capacity, the waitlist, withdrawal and masking.
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};

#[rocket::async_test]
async fn fifty_concurrent_admissions_on_ten_places_admit_exactly_ten() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let class = open_class(&app, 10).await;
    let mut ids = vec![];
    for n in 0..50 {
        ids.push(
            apply(&app, class.cohort_id, &certified_applicant(n))
                .await
                .0,
        );
    }
    let mut tasks = tokio::task::JoinSet::new();
    for id in ids {
        let app = app.clone();
        let org = class.org.clone();
        tasks.spawn(async move { decide(&app, &org, id, "admit").await });
    }
    let (mut admitted, mut full) = (0, 0);
    while let Some(r) = tasks.join_next().await {
        let r = r.expect("task");
        match r.status.code {
            200 => admitted += 1,
            409 => {
                assert_eq!(r.json()["error"], "cohort_full", "{}", r.body);
                full += 1
            }
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert_eq!((admitted, full), (10, 40));
    let list = app
        .get(
            &format!(
                "/api/v1/cohorts/{}/applications?status=admitted",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(list.json().as_array().map(Vec::len), Some(10));
    let cohort = app
        .get(
            &format!("/api/v1/cohorts/{}", class.cohort_id),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(cohort.json()["admitted"], 10);
    assert_eq!(cohort.json()["places_left"], 0);
}

#[rocket::async_test]
async fn a_withdrawal_offers_the_place_to_the_first_on_the_waitlist_and_tells_them() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 1).await;
    let (a, a_ref, a_token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (b, _, _) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    let (c, _, _) = apply(&app, class.cohort_id, &certified_applicant(3)).await;
    assert_eq!(
        decide(&app, &class.org, a, "admit").await.status,
        Status::Ok
    );
    let full = decide(&app, &class.org, b, "admit").await;
    assert_eq!(full.status, Status::Conflict);
    assert_eq!(
        decide(&app, &class.org, b, "waitlist").await.json()["waitlist_position"],
        1
    );
    assert_eq!(
        decide(&app, &class.org, c, "waitlist").await.json()["waitlist_position"],
        2
    );
    let notices_before = app.count("notices").await;

    let r = app
        .post_json(
            &format!("/api/v1/applications/{a_ref}/withdraw"),
            &Who::anonymous(),
            &json!({"token": a_token}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "withdrawn");

    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &class.org,
        )
        .await;
    let status_of = |id: i64| {
        list.json().as_array().and_then(|l| {
            l.iter()
                .find(|a| a["id"] == id)
                .map(|a| a["status"].as_str().unwrap_or("").to_string())
        })
    };
    // B is offered the freed place (held for them until they answer).
    assert_eq!(status_of(b).as_deref(), Some("offered"));
    assert_eq!(status_of(c).as_deref(), Some("waitlisted"));
    // One notice: B's offer.
    assert_eq!(app.count("notices").await, notices_before + 1);
    let cohort = app
        .get(
            &format!("/api/v1/cohorts/{}", class.cohort_id),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(cohort.json()["admitted"], 1);
    // Withdrawing twice is refused and changes nothing.
    let again = app
        .post_json(
            &format!("/api/v1/applications/{a_ref}/withdraw"),
            &Who::anonymous(),
            &json!({"token": a_token}),
        )
        .await;
    assert_eq!(again.status, Status::Conflict);
    assert_eq!(again.json()["error"], "withdraw_not_allowed");
}

#[rocket::async_test]
async fn withdrawal_needs_the_token() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (_, reference, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{reference}/withdraw"),
            &Who::anonymous(),
            &json!({"token": "stolen?"}),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    let list = app
        .get(
            &format!(
                "/api/v1/cohorts/{}/applications?status=pending",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(list.json().as_array().map(Vec::len), Some(1));
}

#[rocket::async_test]
async fn the_organizer_list_masks_every_id_and_phone() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    for n in 0..3 {
        apply(&app, class.cohort_id, &certified_applicant(n)).await;
    }
    let r = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(r.status, Status::Ok);
    for n in 0..3 {
        assert!(!r.body.contains(&national_id(n)), "full ID in list");
        assert!(!r.body.contains(&phone(n)), "full phone in list");
    }
    let first = &r.json()[0];
    let masked = first["national_id"].as_str().expect("masked id");
    assert_eq!(masked.len(), 18);
    assert!(masked.starts_with("330602********"), "{masked}");
    assert_eq!(first["phone"], "139****0000");
}

#[rocket::async_test]
async fn revealing_an_id_is_recorded_in_the_audit_log() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(4)).await;
    let before = app.count("audit_log").await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/reveal-id"),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["national_id"], national_id(4));
    assert_eq!(app.count("audit_log").await, before + 1);
}

#[rocket::async_test]
async fn only_organizers_review_applications() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let list = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    assert_eq!(
        app.get(&list, &Who::anonymous()).await.status,
        Status::Unauthorized
    );
    assert_eq!(app.get(&list, &mentor).await.status, Status::Forbidden);
    assert_eq!(
        decide(&app, &mentor, id, "admit").await.status,
        Status::Forbidden
    );
    assert_eq!(
        decide(&app, &Who::anonymous(), id, "admit").await.status,
        Status::Unauthorized
    );
    let reveal = app
        .post_json(
            &format!("/api/v1/applications/{id}/reveal-id"),
            &mentor,
            &json!({}),
        )
        .await;
    assert_eq!(reveal.status, Status::Forbidden);
    let pending = app.get(&format!("{list}?status=pending"), &class.org).await;
    assert_eq!(pending.json().as_array().map(Vec::len), Some(1));
}

#[rocket::async_test]
async fn decisions_stop_once_the_roster_is_approved() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (a, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (b, _, _) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    decide(&app, &class.org, a, "admit").await;
    let path = format!("/api/v1/cohorts/{}/transition", class.cohort_id);
    app.post_json(&path, &class.org, &json!({"to": "closed"}))
        .await;
    let r = app
        .post_json(&path, &class.org, &json!({"to": "approved"}))
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = decide(&app, &class.org, b, "admit").await;
    assert_eq!(r.status, Status::Conflict);
    assert_eq!(r.json()["error"], "roster_final");
    let r = decide(&app, &class.org, a, "bogus").await;
    assert_eq!(r.status, Status::UnprocessableEntity);
}

#[rocket::async_test]
async fn bulk_admission_fills_the_places_and_reports_the_rest() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 2).await;
    let mut ids = vec![];
    for n in 0..3 {
        ids.push(
            apply(&app, class.cohort_id, &certified_applicant(n))
                .await
                .0,
        );
    }
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/decisions", class.cohort_id),
            &class.org,
            &json!({"application_ids": ids, "decision": "admit"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let results = r.json()["results"].as_array().cloned().unwrap_or_default();
    let ok = results.iter().filter(|r| r["ok"] == true).count();
    assert_eq!(ok, 2);
    assert_eq!(results[2]["error"], "cohort_full");
}
