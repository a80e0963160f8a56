//! Notices by email, delivered to a real SMTP server on loopback (`smtp.rs`):
//! announcements, receipts and decisions in each reader's language, the
//! calendar of the welcome, outages, rollbacks, hung servers, and two senders
//! on one database. Each test prints its figures on a `FIGURES` line.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use gongjiang::entity::{application, cohort, notice, workshop};
use gongjiang::mail::outbox::{NewNotice, enqueue, enqueue_new};
use gongjiang::mail::{Mailer, ics, sender};
use gongjiang::web::i18n::Locale;
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde_json::{Value, json};

use crate::helpers::{TestApp, Who};
use crate::smtp::SmtpSink;

// ------------------------------------------------------------------ fixtures

async fn seed_cohort(app: &TestApp) -> i64 {
    let now = Utc::now();
    let w = workshop::ActiveModel {
        title: Set("绍兴工匠高级研修班（焊工方向）".into()),
        trade: Set("welder".into()),
        description: Set(String::new()),
        entry_rules: Set("{}".into()),
        rubric: Set("{}".into()),
        completion: Set("{}".into()),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("workshop");
    let c = cohort::ActiveModel {
        workshop_id: Set(w.id),
        name: Set("2026年第一期".into()),
        capacity: Set(30),
        admitted_count: Set(0),
        waitlist_seq: Set(0),
        applications_open_at: Set(now - chrono::Duration::days(10)),
        applications_close_at: Set(now + chrono::Duration::days(10)),
        starts_on: Set(NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")),
        ends_on: Set(NaiveDate::from_ymd_opt(2026, 12, 20).expect("date")),
        venue: Set("绍兴市焊接实训基地".into()),
        status: Set("approved".into()),
        purged_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("cohort");
    c.id
}

async fn add_application(
    app: &TestApp,
    cohort_id: i64,
    name: &str,
    email: &str,
    locale: &str,
    status: &str,
) -> i64 {
    let now = Utc::now();
    let n = uuid::Uuid::new_v4().simple().to_string();
    application::ActiveModel {
        cohort_id: Set(cohort_id),
        reference: Set(format!("GJ-{}", &n[..8]).to_uppercase()),
        status: Set(status.into()),
        full_name: Set(name.into()),
        national_id_enc: Set("enc".into()),
        national_id_hmac: Set(n.clone()),
        national_id_masked: Set("330602********1234".into()),
        phone: Set("13900001234".into()),
        email: Set(email.into()),
        employer: Set("绍兴某机械厂".into()),
        trade: Set("welder".into()),
        started_trade_on: Set(None),
        certificate: Set(None),
        processes: Set("[]".into()),
        locale: Set(locale.into()),
        consent_at: Set(now),
        eligibility_basis: Set("certificate".into()),
        status_token_hash: Set("x".into()),
        waitlist_position: Set(None),
        decision_note: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        withdrawn_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("application")
    .id
}

/// A mailer of the test's own, pointed at `url` (None: the mail folder), with
/// waits short enough for a test.
/// Two admitted participants: 张伟 reads Chinese, Li Na English.
async fn admit_zhang_and_li(app: &TestApp, cohort_id: i64) {
    add_application(
        app,
        cohort_id,
        "张伟",
        "zhang.wei@example.com",
        "zh",
        "admitted",
    )
    .await;
    add_application(
        app,
        cohort_id,
        "Li Na",
        "li.na@example.com",
        "en",
        "admitted",
    )
    .await;
}

fn mailer(app: &TestApp, url: Option<String>) -> Mailer {
    let mut m = Mailer::new(&app.state().settings, "templates".into())
        .expect("mailer")
        .with_smtp_url(url);
    m.send_timeout = Duration::from_secs(2);
    m.retry_base = Duration::from_millis(100);
    m.retry_cap = Duration::from_millis(400);
    m
}

fn announcement(cohort_id: i64, key: &str, email: &str, locale: Locale) -> NewNotice {
    NewNotice {
        cohort_id: Some(cohort_id),
        recipient: email.into(),
        recipient_name: "学员".into(),
        kind: "announcement",
        locale,
        dedupe_key: key.into(),
        context: json!({"name": "学员", "workshop_title": "焊工研修班", "cohort_name": "第一期",
            "subject": format!("通知 {key}"), "body": "请准时到场。"}),
        calendar: None,
    }
}

async fn queue_many(app: &TestApp, cohort_id: i64, n: usize, prefix: &str) {
    let m = mailer(app, None);
    let txn = app.db().begin().await.expect("begin");
    for i in 0..n {
        let email = format!("worker{i}@example.com");
        enqueue(
            &txn,
            &m,
            announcement(cohort_id, &format!("{prefix}:{i}"), &email, Locale::Zh),
        )
        .await
        .expect("enqueue");
    }
    txn.commit().await.expect("commit");
}

async fn notices(app: &TestApp) -> Vec<notice::Model> {
    notice::Entity::find().all(app.db()).await.expect("notices")
}

async fn status_counts(app: &TestApp) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for n in notices(app).await {
        *m.entry(n.status).or_default() += 1;
    }
    m
}

/// Deliveries per Message-ID: (distinct, duplicated).
fn by_message_id(sink: &SmtpSink) -> (usize, usize) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in sink.received() {
        *seen.entry(r.message_id()).or_default() += 1;
    }
    let dup = seen.values().map(|c| c - 1).sum();
    (seen.len(), dup)
}

/// Runs the sender until every notice is sent (or `limit` passes).
async fn drain(app: &TestApp, m: &Mailer, total: usize, limit: Duration) -> Duration {
    let started = Instant::now();
    while started.elapsed() < limit {
        sender::run_once(app.db(), m).await.expect("run_once");
        if status_counts(app).await.get("sent").copied().unwrap_or(0) >= total {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    started.elapsed()
}

// ------------------------------------------------------------------ delivery

#[rocket::async_test]
async fn mail_announcement_reaches_each_admitted_participant_in_their_language() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let cohort_id = seed_cohort(&app).await;
    admit_zhang_and_li(&app, cohort_id).await;
    add_application(
        &app,
        cohort_id,
        "王强",
        "wang.qiang@example.com",
        "zh",
        "pending",
    )
    .await;
    add_application(
        &app,
        cohort_id,
        "赵磊",
        "zhao.lei@example.com",
        "zh",
        "waitlisted",
    )
    .await;

    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/notices"),
            &org,
            &json!({"subject": "周一开班 & 安全须知", "body": "请带好身份证和劳保鞋。\n<b>不要</b>迟到。"}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
    assert_eq!(r.json(), json!({"queued": 2}));

    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    let handled = sender::run_once(app.db(), &m).await.expect("run_once");
    assert_eq!(handled, 2);
    assert_eq!(sink.count(), 2);

    let received = sink.received();
    let to = |addr: &str| {
        received
            .iter()
            .find(|r| r.to == vec![addr.to_string()])
            .unwrap_or_else(|| panic!("nothing for {addr}"))
            .clone()
    };
    let zh = to("zhang.wei@example.com");
    let en = to("li.na@example.com");
    assert!(
        received
            .iter()
            .all(|r| !r.to[0].starts_with("wang") && !r.to[0].starts_with("zhao"))
    );

    assert_eq!(zh.subject(), "周一开班 & 安全须知（2026年第一期）");
    assert_eq!(en.subject(), "周一开班 & 安全须知 (2026年第一期)");
    let zh_text = zh.part("text/plain").expect("text part");
    let zh_html = zh.part("text/html").expect("html part");
    assert!(zh_text.contains("张伟，您好"), "{zh_text}");
    assert!(
        zh_text.contains("请带好身份证和劳保鞋。\n<b>不要</b>迟到。"),
        "{zh_text}"
    );
    assert!(zh_html.contains("lang=\"zh-CN\""));
    assert!(
        zh_html.contains("&lt;b&gt;不要&lt;&#x2F;b&gt;迟到")
            || zh_html.contains("&lt;b&gt;不要&lt;/b&gt;迟到"),
        "{zh_html}"
    );
    assert!(
        !zh_html.contains("<b>不要"),
        "organizer's text must be escaped"
    );
    let en_text = en.part("text/plain").expect("text part");
    assert!(en_text.starts_with("Dear Li Na,"), "{en_text}");
    assert!(
        en_text.contains("The organizer of \"绍兴工匠高级研修班（焊工方向）\""),
        "{en_text}"
    );
    assert!(en.part("text/html").expect("html").contains("lang=\"en\""));
    for r in &received {
        assert!(
            r.message_id().ends_with("@gongjiang.localhost>"),
            "{}",
            r.message_id()
        );
        assert_eq!(r.from, "noreply@gongjiang.localhost");
        let ct = r.header("Content-Type").unwrap_or_default();
        assert!(ct.starts_with("multipart/alternative"), "{ct}");
    }

    // The outbox lists both as sent, addresses masked.
    let r = app
        .get(&format!("/api/v1/cohorts/{cohort_id}/notices"), &org)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let list = r.json();
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    for n in list {
        assert_eq!(n["status"], "sent");
        assert_eq!(n["kind"], "announcement");
        assert_eq!(n["attempts"], 1);
        assert!(n["sent_at"].is_string());
        assert!(
            n["recipient"]
                .as_str()
                .unwrap_or("")
                .contains("***@example.com"),
            "{n}"
        );
    }
    // Sent once, never again.
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run_once"), 0);
    assert_eq!(sink.count(), 2);
    println!("FIGURES announcement: notices=2 delivered=2 lost=0 duplicated=0");
}

#[rocket::async_test]
async fn mail_receipt_and_decisions_arrive_with_reference_verdict_and_note() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let m = mailer(&app, None);
    let txn = app.db().begin().await.expect("begin");
    enqueue(&txn, &m, NewNotice {
        cohort_id: Some(cohort_id),
        recipient: "zhang.wei@example.com".into(),
        recipient_name: "张伟".into(),
        kind: "application_received",
        locale: Locale::Zh,
        dedupe_key: "received:1".into(),
        context: json!({"name": "张伟", "reference": "GJ-7K3M9Q", "workshop_title": "焊工研修班", "cohort_name": "第一期",
            "basis_text": "持有焊工四级（中级工）证书", "starts_on": "2026年12月1日", "venue": "实训基地",
            "status_url": "http://127.0.0.1:8000/applications/GJ-7K3M9Q?token=abc"}),
        calendar: None,
    }).await.expect("receipt");
    enqueue(&txn, &m, NewNotice {
        cohort_id: Some(cohort_id),
        recipient: "li.na@example.com".into(),
        recipient_name: "Li Na".into(),
        kind: "decision",
        locale: Locale::En,
        dedupe_key: "decision:2:1".into(),
        context: json!({"name": "Li Na", "reference": "GJ-ABCDEF", "workshop_title": "Welding class", "cohort_name": "Cohort 1",
            "decision": "waitlisted", "note": "Full this time; you are next in line.", "waitlist_position": 1,
            "status_url": "http://127.0.0.1:8000/applications/GJ-ABCDEF"}),
        calendar: None,
    }).await.expect("decision");
    enqueue(&txn, &m, NewNotice {
        cohort_id: Some(cohort_id),
        recipient: "wang@example.com".into(),
        recipient_name: "王强".into(),
        kind: "decision",
        locale: Locale::Zh,
        dedupe_key: "decision:3:1".into(),
        context: json!({"name": "王强", "reference": "GJ-QQQQQQ", "workshop_title": "焊工研修班", "cohort_name": "第一期",
            "decision": "admitted", "note": "", "waitlist_position": null, "status_url": "http://x/a"}),
        calendar: None,
    }).await.expect("decision");
    txn.commit().await.expect("commit");

    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 3);
    let got = sink.received();
    let find = |a: &str| got.iter().find(|r| r.to[0] == a).expect("message").clone();

    let receipt = find("zhang.wei@example.com");
    assert_eq!(receipt.subject(), "报名已收到：焊工研修班（第一期）");
    let text = receipt.part("text/plain").expect("text");
    assert!(text.contains("报名编号：GJ-7K3M9Q"), "{text}");
    assert!(
        text.contains("报名条件：符合（持有焊工四级（中级工）证书）"),
        "{text}"
    );
    assert!(
        text.contains("http://127.0.0.1:8000/applications/GJ-7K3M9Q?token=abc"),
        "{text}"
    );
    assert!(
        receipt
            .part("text/html")
            .expect("html")
            .contains("GJ-7K3M9Q")
    );

    let wait = find("li.na@example.com");
    assert_eq!(
        wait.subject(),
        "On the waiting list: Welding class (Cohort 1)"
    );
    let text = wait.part("text/plain").expect("text");
    assert!(
        // 0 of 30 places taken: the mail does not say the cohort is full.
        text.contains("You are on the waiting list (number 1)") && !text.contains("full"),
        "{text}"
    );
    assert!(
        text.contains("A note from the organizer: Full this time; you are next in line."),
        "{text}"
    );

    let admitted = find("wang@example.com");
    assert_eq!(admitted.subject(), "录取通知：焊工研修班（第一期）");
    let text = admitted.part("text/plain").expect("text");
    assert!(text.contains("恭喜您"), "{text}");
    assert!(
        !text.contains("主办方留言"),
        "an empty note is left out: {text}"
    );
}

#[rocket::async_test]
async fn mail_the_welcome_carries_an_icalendar_attachment_that_parses() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let at = |d: u32, h: u32| {
        Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0)
            .single()
            .expect("time")
    };
    let events = vec![
        ics::Event {
            uid: "session-1@gongjiang.localhost".into(),
            starts_at: at(1, 1),
            ends_at: at(1, 4),
            summary: "开班仪式, 安全教育; 理论课".into(),
            location: "绍兴市焊接实训基地 二楼多媒体教室(请提前十分钟到场,带好身份证和劳保鞋)"
                .into(),
            description: Some("导师：丁卫松\n带好劳保用品".into()),
        },
        ics::Event {
            uid: "session-2@gongjiang.localhost".into(),
            starts_at: at(2, 1),
            ends_at: at(2, 8),
            summary: "焊条电弧焊实操".into(),
            location: "实训车间".into(),
            description: None,
        },
    ];
    let calendar = ics::calendar("焊工研修班 2026年第一期", &events);
    let m = mailer(&app, None);
    enqueue(app.db(), &m, NewNotice {
        cohort_id: Some(cohort_id),
        recipient: "zhang.wei@example.com".into(),
        recipient_name: "张伟".into(),
        kind: "cohort_approved",
        locale: Locale::Zh,
        dedupe_key: format!("approved:{cohort_id}:1"),
        context: json!({"name": "张伟", "workshop_title": "焊工研修班", "cohort_name": "2026年第一期",
            "starts_on": "2026年12月1日", "ends_on": "2026年12月20日", "venue": "绍兴市焊接实训基地",
            "mentor_name": "丁卫松",
            "sessions": [{"title": "开班仪式", "when": "2026年12月1日 09:00", "venue": "二楼"},
                         {"title": "焊条电弧焊实操", "when": "2026年12月2日 09:00", "venue": "实训车间"}],
            "status_url": "http://x/a"}),
        calendar: Some(calendar),
    }).await.expect("enqueue");

    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 1);
    let msg = sink.received().pop().expect("a message");
    assert!(
        msg.header("Content-Type")
            .unwrap_or_default()
            .starts_with("multipart/mixed")
    );
    let text = msg.part("text/plain").expect("text");
    assert!(text.contains("您的导师：丁卫松"), "{text}");
    assert!(
        text.contains("2026年12月2日 09:00  焊条电弧焊实操（实训车间）"),
        "{text}"
    );
    let parts = msg.parts();
    let (_, ics_text, attached) = parts
        .iter()
        .find(|(t, _, _)| t == "text/calendar")
        .expect("a text/calendar part")
        .clone();
    assert!(attached, "the calendar is an attachment");

    let mut parser = ical::IcalParser::new(std::io::BufReader::new(ics_text.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("a calendar that parses");
    assert!(parser.next().is_none());
    assert_eq!(cal.events.len(), 2);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    let first = &cal.events[0];
    assert_eq!(prop(first, "UID"), "session-1@gongjiang.localhost");
    assert_eq!(prop(first, "DTSTART"), "20261201T010000Z");
    assert_eq!(prop(first, "DTEND"), "20261201T040000Z");
    assert_eq!(prop(first, "SUMMARY"), "开班仪式\\, 安全教育\\; 理论课");
    assert_eq!(
        prop(first, "LOCATION"),
        "绍兴市焊接实训基地 二楼多媒体教室(请提前十分钟到场\\,带好身份证和劳保鞋)",
        "a long line folded and unfolded intact"
    );
    assert!(!prop(first, "DTSTAMP").is_empty());
    assert_eq!(prop(&cal.events[1], "DTSTART"), "20261202T010000Z");
    for line in ics_text.split("\r\n") {
        assert!(line.len() <= 75, "a line over 75 octets: {line}");
    }
}

// ------------------------------------------------------------------ failures

#[rocket::async_test]
async fn mail_with_the_server_absent_notices_wait_then_arrive_exactly_once() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let total = 30;
    queue_many(&app, cohort_id, total, "outage").await;
    let port = SmtpSink::free_port().await;
    let mut m = mailer(&app, Some(format!("smtp://127.0.0.1:{port}")));
    // Retries after 0.75–1 s, then 0.9–1.2 s.
    m.retry_base = Duration::from_millis(1000);
    m.retry_cap = Duration::from_millis(1200);

    // Server down: every notice is tried, stays queued, counts the try and says why.
    let handled = sender::run_once(app.db(), &m).await.expect("run");
    assert_eq!(handled, total);
    for n in notices(&app).await {
        assert_eq!(n.status, "queued");
        assert_eq!(n.attempts, 1);
        assert!(
            n.last_error.as_deref().unwrap_or("").starts_with("SMTP"),
            "{:?}",
            n.last_error
        );
        assert!(n.next_attempt_at > n.created_at, "rescheduled");
    }
    // Not due again at once.
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 0);
    tokio::time::sleep(Duration::from_millis(1250)).await;
    sender::run_once(app.db(), &m).await.expect("run");
    assert!(
        notices(&app)
            .await
            .iter()
            .all(|n| n.status == "queued" && n.attempts == 2)
    );

    // The server comes up on that port: everything arrives, once.
    let sink = SmtpSink::start_on(port, 0).await;
    let up = Instant::now();
    tokio::time::sleep(Duration::from_millis(1250)).await;
    let took = drain(&app, &m, total, Duration::from_secs(30)).await;
    assert_eq!(status_counts(&app).await.get("sent").copied(), Some(total));
    for _ in 0..3 {
        assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 0);
    }
    let (distinct, duplicated) = by_message_id(&sink);
    assert_eq!(sink.count(), total);
    assert_eq!((distinct, duplicated), (total, 0));
    assert!(
        notices(&app)
            .await
            .iter()
            .all(|n| n.attempts == 3 && n.last_error.is_none())
    );
    println!(
        "FIGURES outage-then-up: notices={total} delivered={distinct} lost={} duplicated={duplicated} drain_s={:.2} since_server_up_s={:.2}",
        total - distinct,
        took.as_secs_f64(),
        up.elapsed().as_secs_f64()
    );
}

#[rocket::async_test]
async fn mail_a_rolled_back_change_sends_nothing() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let m = mailer(&app, None);
    let txn = app.db().begin().await.expect("begin");
    enqueue(
        &txn,
        &m,
        announcement(cohort_id, "rolled-back", "a@example.com", Locale::Zh),
    )
    .await
    .expect("enqueue");
    txn.rollback().await.expect("rollback");
    // And one dropped without commit (an error path in a handler).
    {
        let txn = app.db().begin().await.expect("begin");
        enqueue(
            &txn,
            &m,
            announcement(cohort_id, "dropped", "b@example.com", Locale::Zh),
        )
        .await
        .expect("enqueue");
    }
    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 0);
    assert_eq!(app.count("notices").await, 0);
    assert_eq!(sink.count(), 0);
    assert_eq!(sink.connections(), 0);
}

#[rocket::async_test]
async fn mail_the_same_key_is_queued_once_and_the_transaction_goes_on() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let m = mailer(&app, None);
    let txn = gongjiang::db::begin_write(app.db()).await.expect("begin");
    let first = enqueue_new(
        &txn,
        &m,
        announcement(cohort_id, "same", "a@example.com", Locale::Zh),
    )
    .await
    .expect("enqueue");
    let again = enqueue_new(
        &txn,
        &m,
        announcement(cohort_id, "same", "a@example.com", Locale::Zh),
    )
    .await
    .expect("a duplicate key is no error");
    // The transaction is still usable (on PostgreSQL an error would abort it).
    let other = enqueue_new(
        &txn,
        &m,
        announcement(cohort_id, "other", "b@example.com", Locale::Zh),
    )
    .await
    .expect("enqueue after a duplicate");
    txn.commit().await.expect("commit");
    assert_eq!((first, again, other), (true, false, true));
    assert_eq!(app.count("notices").await, 2);
    // A key queued in an earlier transaction is left alone too.
    enqueue(
        app.db(),
        &m,
        announcement(cohort_id, "same", "a@example.com", Locale::Zh),
    )
    .await
    .expect("enqueue");
    assert_eq!(app.count("notices").await, 2);
}

#[rocket::async_test]
async fn mail_a_server_that_never_answers_times_out_and_the_others_still_go() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let total = 6;
    queue_many(&app, cohort_id, total, "hung").await;
    // The first connection is accepted and never answered.
    let sink = SmtpSink::start_silent_first(1).await;
    let mut m = mailer(&app, Some(sink.url()));
    m.send_timeout = Duration::from_secs(1);
    let started = Instant::now();
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), total);
    let first_run = started.elapsed();
    assert!(
        first_run < Duration::from_secs(5),
        "bounded by the time limit: {first_run:?}"
    );
    let all = notices(&app).await;
    let stuck: Vec<_> = all.iter().filter(|n| n.status != "sent").collect();
    assert_eq!(stuck.len(), 1, "exactly the hung send is left: {all:?}");
    assert_eq!(stuck[0].status, "queued");
    assert_eq!(stuck[0].attempts, 1);
    let error = stuck[0].last_error.clone().unwrap_or_default();
    assert!(error.starts_with("SMTP"), "{error}");
    assert_eq!(sink.count(), total - 1, "the others went meanwhile");

    let took = drain(&app, &m, total, Duration::from_secs(20)).await;
    let (distinct, duplicated) = by_message_id(&sink);
    assert_eq!((distinct, duplicated), (total, 0));
    println!(
        "FIGURES hung-server: notices={total} delivered={distinct} lost={} duplicated={duplicated} first_run_s={:.2} drain_s={:.2}",
        total - distinct,
        first_run.as_secs_f64(),
        (first_run + took).as_secs_f64()
    );
}

#[rocket::async_test]
async fn mail_two_senders_on_one_database_never_send_a_notice_twice() {
    // On PostgreSQL (GONGJIANG_TEST_DATABASE=postgres) this is FOR UPDATE SKIP
    // LOCKED at work; on SQLite, the single UPDATE … RETURNING.
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    let total = 200;
    queue_many(&app, cohort_id, total, "pair").await;
    let sink = SmtpSink::start().await;
    // Two instances: separate connection pools, separate mailers.
    let other_db = gongjiang::db::connect(&app.database_url, 4)
        .await
        .expect("second pool");
    let mut a = mailer(&app, Some(sink.url()));
    let mut b = mailer(&app, Some(sink.url()));
    for m in [&mut a, &mut b] {
        m.batch_size = 10;
        m.concurrency = 3;
    }
    let started = Instant::now();
    let run = |db: sea_orm::DatabaseConnection, m: Mailer| async move {
        let mut handled = 0;
        let mut idle = 0;
        while idle < 3 {
            let n = sender::run_once(&db, &m).await.expect("run");
            handled += n;
            idle = if n == 0 { idle + 1 } else { 0 };
            tokio::task::yield_now().await;
        }
        handled
    };
    let (ha, hb) = tokio::join!(run(app.db().clone(), a), run(other_db.clone(), b));
    let took = started.elapsed();
    let (distinct, duplicated) = by_message_id(&sink);
    assert_eq!(
        ha + hb,
        total,
        "each notice handled by one sender only ({ha} + {hb})"
    );
    assert_eq!(sink.count(), total);
    assert_eq!((distinct, duplicated), (total, 0));
    assert_eq!(status_counts(&app).await.get("sent").copied(), Some(total));
    let backend = if crate::helpers::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    println!(
        "FIGURES two-senders ({backend}): notices={total} delivered={distinct} lost={} duplicated={duplicated} sender_a={ha} sender_b={hb} drain_s={:.2}",
        total - distinct,
        took.as_secs_f64()
    );
    other_db.close().await.ok();
}

#[rocket::async_test]
async fn mail_a_crashed_senders_claim_comes_back_after_its_lease() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    queue_many(&app, cohort_id, 2, "lease").await;
    // A sender took one and died: it is `sending` with a lease that ran out.
    let past = Utc::now() - chrono::Duration::minutes(1);
    let mut all = notices(&app).await;
    all.sort_by_key(|n| n.id);
    notice::Entity::update_many()
        .col_expr(
            notice::Column::Status,
            sea_orm::sea_query::Expr::value("sending"),
        )
        .col_expr(
            notice::Column::LeaseUntil,
            sea_orm::sea_query::Expr::value(Some(past)),
        )
        .filter(notice::Column::Id.eq(all[0].id))
        .exec(app.db())
        .await
        .expect("update");
    // Another holds a live lease: it is left alone.
    let future = Utc::now() + chrono::Duration::minutes(5);
    notice::Entity::update_many()
        .col_expr(
            notice::Column::Status,
            sea_orm::sea_query::Expr::value("sending"),
        )
        .col_expr(
            notice::Column::LeaseUntil,
            sea_orm::sea_query::Expr::value(Some(future)),
        )
        .filter(notice::Column::Id.eq(all[1].id))
        .exec(app.db())
        .await
        .expect("update");
    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 1);
    assert_eq!(sink.count(), 1);
    let after = notice::Entity::find_by_id(all[0].id)
        .one(app.db())
        .await
        .expect("q")
        .expect("row");
    assert_eq!(after.status, "sent");
    let held = notice::Entity::find_by_id(all[1].id)
        .one(app.db())
        .await
        .expect("q")
        .expect("row");
    assert_eq!(held.status, "sending");
}

#[rocket::async_test]
async fn mail_without_smtp_writes_eml_files_into_the_data_folder() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    queue_many(&app, cohort_id, 3, "local").await;
    let m = Mailer::new(&app.state().settings, "templates".into()).expect("mailer");
    assert!(
        m.smtp_url.is_none(),
        "the test app has no SMTP server configured"
    );
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 3);
    let dir = app.dir.path().join("mail");
    assert_eq!(dir, app.state().settings.mail_dir());
    let files: Vec<_> = std::fs::read_dir(&dir)
        .expect("mail folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    let raw = std::fs::read(&files[0]).expect("read");
    let parsed = mailparse::parse_mail(&raw).expect("parse");
    use mailparse::MailHeaderMap;
    assert!(
        parsed
            .headers
            .get_first_value("Subject")
            .unwrap_or_default()
            .starts_with("通知 local:")
    );
    assert!(parsed.headers.get_first_value("Message-ID").is_some());
    assert_eq!(status_counts(&app).await.get("sent").copied(), Some(3));
}

#[rocket::async_test]
async fn mail_the_background_sender_delivers_on_its_own() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app =
        TestApp::spawn_with(move |f| f.merge(("smtp_url", url)).merge(("mail_sender", true))).await;
    let org = app.organizer().await;
    let cohort_id = seed_cohort(&app).await;
    add_application(
        &app,
        cohort_id,
        "张伟",
        "zhang.wei@example.com",
        "zh",
        "admitted",
    )
    .await;
    let started = Instant::now();
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/notices"),
            &org,
            &json!({"subject": "开班提醒", "body": "明早八点集合。"}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
    assert!(
        sink.wait_for(1, Duration::from_secs(15)).await,
        "delivered by the background sender"
    );
    println!(
        "FIGURES background-sender: notices=1 delivered=1 latency_s={:.2}",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        sink.received()[0].to,
        vec!["zhang.wei@example.com".to_string()]
    );
}

// ------------------------------------------------------------------ API and pages

#[rocket::async_test]
async fn mail_announcements_refuse_strangers_bad_input_and_unknown_cohorts() {
    let app = TestApp::spawn().await;
    let cohort_id = seed_cohort(&app).await;
    add_application(
        &app,
        cohort_id,
        "张伟",
        "zhang.wei@example.com",
        "zh",
        "admitted",
    )
    .await;
    let path = format!("/api/v1/cohorts/{cohort_id}/notices");
    let good = json!({"subject": "开班", "body": "明天见"});

    let r = app.post_json(&path, &Who::anonymous(), &good).await;
    assert_eq!(r.status, Status::Unauthorized);
    let r = app.get(&path, &Who::anonymous()).await;
    assert_eq!(r.status, Status::Unauthorized);

    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let r = app.post_json(&path, &mentor, &good).await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app.get(&path, &mentor).await;
    assert_eq!(r.status, Status::Forbidden);

    let org = app.organizer().await;
    let r = app
        .post_json(&path, &org, &json!({"subject": "  ", "body": ""}))
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(r.json()["error"], "validation");
    assert!(r.json()["fields"]["subject"].is_object());
    assert!(r.json()["fields"]["body"].is_object());
    let r = app
        .post_json(
            &path,
            &org,
            &json!({"subject": "长".repeat(201), "body": "x".repeat(10_001)}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(r.json()["fields"]["subject"]["code"], "too_long");
    assert_eq!(r.json()["fields"]["body"]["code"], "too_long");
    let r = app
        .post_json(&path, &org, &json!({"subject": 5, "body": "x"}))
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(
        app.count("notices").await,
        0,
        "nothing queued by refused requests"
    );

    let r = app
        .post_json("/api/v1/cohorts/999999/notices", &org, &good)
        .await;
    assert_eq!(r.status, Status::NotFound);
    let r = app.get("/api/v1/cohorts/999999/notices", &org).await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(r.json()["error"], "not_found");

    let r = app.post_json(&path, &org, &good).await;
    assert_eq!(r.status, Status::Accepted);
    let id = notices(&app).await[0].id;
    let r = app
        .post_json(&format!("/api/v1/notices/{id}/resend"), &org, &json!({}))
        .await;
    assert_eq!(
        r.status,
        Status::Conflict,
        "only a failed notice is resent: {}",
        r.body
    );
    assert_eq!(r.json()["error"], "not_failed");
    let r = app
        .post_json("/api/v1/notices/999999/resend", &org, &json!({}))
        .await;
    assert_eq!(r.status, Status::NotFound);
    let r = app
        .post_json(&format!("/api/v1/notices/{id}/resend"), &mentor, &json!({}))
        .await;
    assert_eq!(r.status, Status::Forbidden);

    let doc = app.get("/api/openapi.json", &Who::anonymous()).await.json();
    assert!(doc["paths"]["/api/v1/cohorts/{id}/notices"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/cohorts/{id}/notices"]["get"].is_object());
    assert!(doc["paths"]["/api/v1/notices/{id}/resend"]["post"].is_object());
}

#[rocket::async_test]
async fn mail_a_notice_that_keeps_failing_becomes_failed_and_can_be_resent() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let cohort_id = seed_cohort(&app).await;
    add_application(
        &app,
        cohort_id,
        "张伟",
        "zhang.wei@example.com",
        "zh",
        "admitted",
    )
    .await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/notices"),
            &org,
            &json!({"subject": "开班", "body": "明天见"}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted);

    // Nobody listens, and this mailer gives up after two tries of a notice
    // older than zero seconds (the real one: a day).
    let port = SmtpSink::free_port().await;
    let mut m = mailer(&app, Some(format!("smtp://127.0.0.1:{port}")));
    m.give_up_after = chrono::Duration::zero();
    m.min_attempts_before_failing = 2;
    sender::run_once(app.db(), &m).await.expect("run");
    assert_eq!(notices(&app).await[0].status, "queued");
    tokio::time::sleep(Duration::from_millis(450)).await;
    sender::run_once(app.db(), &m).await.expect("run");
    let n = notices(&app).await.remove(0);
    assert_eq!((n.status.as_str(), n.attempts), ("failed", 2));
    assert!(n.last_error.is_some());
    // Failed is final for the sender.
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 0);

    // The outbox page shows it with a resend button; the form puts it back.
    let page = app.get(&format!("/cohorts/{cohort_id}/outbox"), &org).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains(&format!("/notices/{}/resend", n.id)));
    let (csrf, who) = app
        .csrf_for(&format!("/cohorts/{cohort_id}/outbox"), &org)
        .await;
    let r = app
        .post_form(
            &format!("/notices/{}/resend", n.id),
            &who,
            &[("csrf", "wrong")],
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app
        .post_form(
            &format!("/notices/{}/resend", n.id),
            &who,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let again = notices(&app).await.remove(0);
    assert_eq!((again.status.as_str(), again.attempts), ("queued", 0));

    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 1);
    assert_eq!(sink.count(), 1);
    assert_eq!(notices(&app).await[0].status, "sent");
}

#[rocket::async_test]
async fn mail_the_outbox_page_takes_an_announcement_with_its_csrf_token() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let cohort_id = seed_cohort(&app).await;
    admit_zhang_and_li(&app, cohort_id).await;
    let page = format!("/cohorts/{cohort_id}/outbox");

    let r = app.get(&page, &Who::anonymous()).await;
    assert_eq!(
        r.status,
        Status::SeeOther,
        "anonymous readers are sent to sign in"
    );
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    assert_eq!(app.get(&page, &mentor).await.status, Status::Forbidden);
    assert_eq!(
        app.get("/cohorts/999999/outbox", &org).await.status,
        Status::NotFound
    );

    let (csrf, who) = app.csrf_for(&page, &org).await;
    let r = app
        .post_form(
            &page,
            &who,
            &[("csrf", "forged"), ("subject", "x"), ("body", "y")],
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app
        .post_form(
            &page,
            &who,
            &[("csrf", &csrf), ("subject", ""), ("body", "保留的内容")],
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("请填写通知标题"), "{}", r.body);
    assert!(r.body.contains("保留的内容"), "what was written is kept");
    assert_eq!(app.count("notices").await, 0);

    let r = app
        .post_form(
            &page,
            &who,
            &[
                ("csrf", &csrf),
                ("subject", "下周一开班"),
                ("body", "早上八点，实训基地门口集合。"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(
        r.header("Location"),
        Some(format!("/cohorts/{cohort_id}/outbox?queued=2").as_str())
    );
    let r = app.get(&format!("{page}?queued=2"), &who).await;
    assert_eq!(r.status, Status::Ok);
    assert!(
        r.body.contains("下周一开班"),
        "the outbox lists the notices"
    );
    assert!(r.body.contains("z***@example.com"));
    assert!(
        !r.body.contains("zhang.wei@example.com"),
        "addresses are masked"
    );
    let en = app
        .get(&page, &who.clone().with_header("Accept-Language", "en"))
        .await;
    assert!(en.body.contains("Outbox"));
    let list: Value = app
        .get(&format!("/api/v1/cohorts/{cohort_id}/notices"), &org)
        .await
        .json();
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}

#[rocket::async_test]
async fn mail_an_announcement_reaches_the_mentors_only_when_asked() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let cohort_id = seed_cohort(&app).await;
    add_application(
        &app,
        cohort_id,
        "张伟",
        "zhang.wei@example.com",
        "zh",
        "admitted",
    )
    .await;
    app.create_user("mentor", "ding@example.com", "丁卫松")
        .await;
    let mentor_id = gongjiang::entity::user::Entity::find()
        .filter(gongjiang::entity::user::Column::Email.eq("ding@example.com"))
        .one(app.db())
        .await
        .expect("query")
        .expect("mentor")
        .id;
    // Mentors of a cohort, as the mentoring routes store them.
    let backend = app.db().get_database_backend();
    let sql = if crate::helpers::on_postgres() {
        "INSERT INTO cohort_mentors (cohort_id, user_id, capacity, processes, employer, title, created_by, created_at, updated_at) \
         VALUES ($1, $2, 4, '[]', '', '', NULL, $3, $3)"
    } else {
        "INSERT INTO cohort_mentors (cohort_id, user_id, capacity, processes, employer, title, created_by, created_at, updated_at) \
         VALUES (?, ?, 4, '[]', '', '', NULL, ?, ?)"
    };
    let now = Utc::now();
    let mut values: Vec<sea_orm::Value> = vec![cohort_id.into(), mentor_id.into(), now.into()];
    if !crate::helpers::on_postgres() {
        values.push(now.into());
    }
    use sea_orm::ConnectionTrait;
    app.db()
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            backend, sql, values,
        ))
        .await
        .expect("mentor of the cohort");
    let path = format!("/api/v1/cohorts/{cohort_id}/notices");

    let r = app
        .post_json(&path, &org, &json!({"subject": "只给学员", "body": "x"}))
        .await;
    assert_eq!(r.json(), json!({"queued": 1}));
    let r = app
        .post_json(
            &path,
            &org,
            &json!({"subject": "学员和导师", "body": "y", "include_mentors": true}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
    assert_eq!(r.json(), json!({"queued": 2}));
    let sink = SmtpSink::start().await;
    let m = mailer(&app, Some(sink.url()));
    assert_eq!(sender::run_once(app.db(), &m).await.expect("run"), 3);
    let to_mentor: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|r| r.to == vec!["ding@example.com".to_string()])
        .collect();
    assert_eq!(to_mentor.len(), 1);
    assert!(to_mentor[0].subject().starts_with("学员和导师"));
    assert!(
        to_mentor[0]
            .part("text/plain")
            .expect("text")
            .starts_with("丁卫松")
    );
}
