//! Two instances of the service on one database, as behind a load balancer:
//! a session from one works on the other, admissions never exceed capacity,
//! and each notice is sent once.
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use rocket::http::Status;
use rocket::local::asynchronous::Client;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::TestApp;
use crate::smtp::SmtpSink;

/// A second instance on the first one's database and data folder (so the same
/// secret key and personal-data key, as the README asks of a deployment).
async fn second_instance(first: &TestApp, smtp_url: Option<String>) -> Client {
    let mut figment = gongjiang::figment()
        .merge(("database_url", first.database_url.clone()))
        .merge(("data_dir", first.dir.path().display().to_string()))
        .merge(("log_level", "off"))
        .merge(("mail_sender", false));
    if let Some(url) = smtp_url {
        figment = figment.merge(("smtp_url", url));
    }
    let rocket = gongjiang::build(figment).await.expect("second instance");
    Client::untracked(rocket).await.expect("client")
}

/// Runs one sender until the outbox has nothing due.
async fn drain(s: &gongjiang::AppState) -> usize {
    let mut sent = 0;
    for _ in 0..50 {
        match gongjiang::mail::sender::run_once(&s.db, &s.mail).await {
            Ok(0) => break,
            Ok(n) => sent += n,
            Err(e) => panic!("sender failed: {e}"),
        }
    }
    sent
}

fn state(client: &Client) -> &gongjiang::AppState {
    client
        .rocket()
        .state::<gongjiang::AppState>()
        .expect("state")
}

#[rocket::async_test]
async fn a_session_from_one_instance_works_on_the_other() {
    let a = TestApp::spawn().await;
    let b = second_instance(&a, None).await;
    let org = a.organizer().await;
    let mut req = b.get("/api/v1/auth/me");
    for (k, v) in &org.cookies {
        req = req.cookie(rocket::http::Cookie::new(k.clone(), v.clone()));
    }
    let r = req.dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    let me: serde_json::Value = r.into_json().await.expect("json");
    assert_eq!(me["email"], "org@example.com");
}

#[rocket::async_test]
async fn admissions_spread_over_two_instances_never_exceed_capacity() {
    let a = Arc::new(TestApp::spawn().await);
    let b = Arc::new(second_instance(&a, None).await);
    let class = open_class(&a, 10).await;
    let mut ids = vec![];
    for n in 0..40 {
        ids.push(apply(&a, class.cohort_id, &certified_applicant(n)).await.0);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for (i, id) in ids.into_iter().enumerate() {
        let (a, b, org) = (a.clone(), b.clone(), class.org.clone());
        tasks.spawn(async move {
            let path = format!("/api/v1/applications/{id}/decision");
            if i % 2 == 0 {
                a.post_json(&path, &org, &json!({"decision": "admit"}))
                    .await
                    .status
                    .code
            } else {
                let mut req = b
                    .post(path)
                    .header(rocket::http::ContentType::JSON)
                    .body(r#"{"decision":"admit"}"#);
                for (k, v) in &org.cookies {
                    req = req.cookie(rocket::http::Cookie::new(k.clone(), v.clone()));
                }
                req.dispatch().await.status().code
            }
        });
    }
    let mut codes = vec![];
    while let Some(c) = tasks.join_next().await {
        codes.push(c.expect("task"));
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 10);
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 30);
    let r = a
        .get(
            &format!(
                "/api/v1/cohorts/{}/applications?status=admitted",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(10));
}

#[rocket::async_test]
async fn two_instances_send_each_notice_exactly_once() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let a = TestApp::spawn_with({
        let url = url.clone();
        move |f| f.merge(("smtp_url", url))
    })
    .await;
    let b = second_instance(&a, Some(url)).await;
    let class = open_class(&a, 100).await;
    for n in 0..60 {
        apply(&a, class.cohort_id, &certified_applicant(n)).await;
    }
    let queued = a.count("notices").await as usize;
    assert_eq!(queued, 60);
    // Both senders drain the outbox at the same time.
    let (a, b) = (Arc::new(a), Arc::new(b));
    let started = std::time::Instant::now();
    let ta = {
        let a = a.clone();
        tokio::spawn(async move { drain(a.state()).await })
    };
    let tb = {
        let b = b.clone();
        tokio::spawn(async move { drain(state(&b)).await })
    };
    let (na, nb) = (ta.await.expect("a"), tb.await.expect("b"));
    assert!(
        sink.wait_for(queued, Duration::from_secs(20)).await,
        "all arrive"
    );
    let received = sink.received();
    let ids: HashSet<String> = received.iter().map(|m| m.message_id()).collect();
    assert_eq!(
        received.len(),
        queued,
        "no duplicates (a sent {na}, b sent {nb})"
    );
    assert_eq!(ids.len(), queued);
    eprintln!(
        "two senders: {queued} notices, a={na} b={nb}, drained in {:?}",
        started.elapsed()
    );
}
