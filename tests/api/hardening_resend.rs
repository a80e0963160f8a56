//! A sender killed mid-send (SIGKILL, the real binary): started again, it
//! sends what was left within its short lease, and only what was in the SMTP
//! dialogue at the kill can arrive twice (same Message-ID).
use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use gongjiang::mail::outbox::{NewNotice, enqueue};
use gongjiang::web::i18n::Locale;
use sea_orm::TransactionTrait;
use serde_json::json;

use crate::fixtures::open_class;
use crate::helpers::TestApp;
use crate::one_binary::{Server, free_port, gongjiang};
use crate::smtp::SmtpSink;

const NOTICES: usize = 200;
/// The lease of the binary under test (`GONGJIANG_MAIL_LEASE_SECS`).
const LEASE_SECS: u64 = 2;

/// The binary serving (and sending) on the test's database and data folder.
fn start(app: &TestApp, sink: &SmtpSink, run: usize) -> Server {
    let port = free_port();
    let log = app.dir.path().join(format!("sender-{run}.log"));
    let file = std::fs::File::create(&log).expect("log");
    let child = gongjiang(app.dir.path(), Some(&app.database_url), port)
        .env("GONGJIANG_DATA_DIR", app.dir.path())
        .env("GONGJIANG_SMTP_URL", sink.url())
        .env("GONGJIANG_MAIL_LEASE_SECS", LEASE_SECS.to_string())
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(file.try_clone().expect("log"))
        .stderr(file)
        .spawn()
        .expect("serve");
    Server { child, log }
}

/// Deliveries per Message-ID: (distinct, duplicated).
fn by_message_id(sink: &SmtpSink) -> (usize, usize) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in sink.received() {
        *seen.entry(r.message_id()).or_default() += 1;
    }
    (seen.len(), seen.values().map(|c| c - 1).sum())
}

#[rocket::async_test]
async fn a_sender_killed_mid_send_resends_within_its_lease_and_little_twice() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let mailer = app.state().mail.clone();
    let txn = app.db().begin().await.expect("begin");
    for i in 0..NOTICES {
        let key = format!("crash:{i}");
        enqueue(
            &txn,
            &mailer,
            NewNotice {
                cohort_id: Some(class.cohort_id),
                recipient: format!("worker{i}@example.com"),
                recipient_name: "学员".into(),
                kind: "announcement",
                locale: Locale::Zh,
                dedupe_key: key.clone(),
                context: json!({"name": "学员", "workshop_title": "焊工研修班",
                    "cohort_name": "第一期", "subject": format!("通知 {key}"), "body": "请准时到场。"}),
                calendar: None,
            },
        )
        .await
        .expect("enqueue");
    }
    txn.commit().await.expect("commit");

    let sink = SmtpSink::start().await;
    let mut first = start(&app, &sink, 1);
    // Killed once a quarter has arrived: deliveries are in flight.
    let deadline = Instant::now() + Duration::from_secs(120);
    while sink.count() < NOTICES / 4 {
        if let Ok(Some(status)) = first.child.try_wait() {
            panic!("the sender stopped ({status}):\n{}", first.log());
        }
        assert!(Instant::now() < deadline, "no mail:\n{}", first.log());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.child.kill().expect("SIGKILL");
    first.child.wait().expect("wait");
    let at_kill = sink.count();
    assert!(at_kill < NOTICES, "killed too late to tell: {at_kill}");

    let restarted = Instant::now();
    let second = start(&app, &sink, 2);
    let deadline = Instant::now() + Duration::from_secs(90);
    while by_message_id(&sink).0 < NOTICES && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (distinct, duplicated) = by_message_id(&sink);
    let took = restarted.elapsed();
    eprintln!(
        "kill -9 after {at_kill} of {NOTICES} received; restarted: all {distinct} delivered in {:.1} s (lease {LEASE_SECS} s), {duplicated} received twice (same Message-ID)",
        took.as_secs_f64()
    );
    assert_eq!(distinct, NOTICES, "every notice arrives:\n{}", second.log());
    // At most what was in flight (the sender's concurrency) comes twice.
    assert!(duplicated <= mailer.concurrency, "{duplicated} duplicates");
    drop(second);
}
