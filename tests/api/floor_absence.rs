//! Absence warnings, through the attendance API and the loopback SMTP server:
//! two unexcused absences in a row warn the participant and their mentor
//! once; a further absence that puts the threshold out of reach warns once
//! more; excused absences do not count.
use gongjiang::entity::notice;
use gongjiang::mail::{Mailer, sender};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::TestApp;
use crate::mentoring_setup::*;
use crate::smtp::SmtpSink;

async fn warnings(app: &TestApp) -> Vec<notice::Model> {
    notice::Entity::find()
        .filter(notice::Column::Kind.eq("absence_warning"))
        .all(app.db())
        .await
        .expect("notices")
}

#[rocket::async_test]
async fn absence_two_in_a_row_warn_participant_and_mentor_once_and_excused_ones_do_not_count() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let made = pair_all(&app, &m).await;
    let mentor_of = |id: i64| {
        made.iter()
            .find(|a| a["participant_id"] == id)
            .and_then(|a| a["mentor_email"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    // Twelve sessions: two absences leave 10 of 12 within reach of 80 %, a
    // third (9 of 12) does not; absent, excused, absent leaves 9 of 11.
    let mut sessions = vec![];
    for i in 0..12 {
        sessions.push(session_at(&app, &m.class, i * 24 - 100, "焊条电弧焊实操").await);
    }
    let (p0, p1) = (m.participants[0], m.participants[1]);
    let day = |i: usize, p0_status: &str, p1: serde_json::Value| {
        let mut records = vec![json!({"participant_id": p0, "status": p0_status})];
        if !p1.is_null() {
            records.push(p1);
        }
        (sessions[i], json!(records))
    };

    // First absence: nothing yet. The other participant: absent, excused, absent.
    let (s, recs) = day(
        0,
        "absent",
        json!({"participant_id": p1, "status": "absent"}),
    );
    assert_eq!(mark(&app, &m.ding, s, recs).await.status, Status::Ok);
    assert_eq!(warnings(&app).await.len(), 0);
    let (s, recs) = day(
        1,
        "absent",
        json!({"participant_id": p1, "status": "excused", "note": "单位抢修任务"}),
    );
    let r = mark(&app, &m.ding, s, recs).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let first = warnings(&app).await;
    let recipients: Vec<&str> = first.iter().map(|n| n.recipient.as_str()).collect();
    assert_eq!(first.len(), 2, "{recipients:?}");
    assert!(
        recipients.contains(&"welder0@example.com"),
        "{recipients:?}"
    );
    assert!(
        recipients.contains(&mentor_of(p0).as_str()),
        "{recipients:?}"
    );
    let (s, recs) = day(
        2,
        "absent",
        json!({"participant_id": p1, "status": "absent"}),
    );
    assert_eq!(
        mark(&app, &m.ding, s, recs.clone()).await.status,
        Status::Ok
    );
    // Saving the same sheet again changes nothing and queues nothing.
    assert_eq!(mark(&app, &m.ding, s, recs).await.status, Status::Ok);
    // The third absence: no second "in a row" warning, but 9 of 12 is now
    // under 80 %: that trigger goes out once, to both.
    let all = warnings(&app).await;
    assert_eq!(all.len(), 4);
    let (s, recs) = day(3, "absent", serde_json::Value::Null);
    assert_eq!(mark(&app, &m.ding, s, recs).await.status, Status::Ok);
    assert_eq!(warnings(&app).await.len(), 4);
    assert!(
        warnings(&app)
            .await
            .iter()
            .all(|n| n.recipient != "welder1@example.com")
    );

    // Listed with the cohort's notices.
    let r = app
        .get(
            &format!("/api/v1/cohorts/{}/notices", m.class.cohort_id),
            &m.class.org,
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let listed = r.json();
    let listed = listed.as_array().cloned().unwrap_or_default();
    assert_eq!(
        listed
            .iter()
            .filter(|n| n["kind"] == "absence_warning")
            .count(),
        4
    );

    // The organizer's mentoring page flags the participant, not the other.
    let page = app
        .get(
            &format!("/cohorts/{}/mentoring", m.class.cohort_id),
            &m.class.org,
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(page.body.matches("连续缺勤，已提醒").count(), 1);
    assert_eq!(page.body.matches("已无法达到结业出勤率，已提醒").count(), 1);

    // Delivered: two to the participant, two to the mentor, in Chinese.
    let sink = SmtpSink::start().await;
    let mailer = Mailer::new(&app.state().settings)
        .expect("mailer")
        .with_smtp_url(Some(sink.url()));
    // The outbox also holds the receipts and decisions of the applications.
    sender::run_once(app.db(), &mailer).await.expect("run");
    let received: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|r| r.subject().starts_with("缺勤提醒"))
        .collect();
    assert_eq!(received.len(), 4);
    let to = |who: &str| {
        received
            .iter()
            .filter(|r| r.to == vec![who.to_string()])
            .collect::<Vec<_>>()
    };
    let own = to("welder0@example.com");
    assert_eq!(own.len(), 2);
    let texts: Vec<String> = own
        .iter()
        .map(|r| r.part("text/plain").unwrap_or_default())
        .collect();
    assert!(
        texts.iter().any(|t| t.contains("已连续两次课缺勤")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("最高也只能达到75%")),
        "{texts:?}"
    );
    let mentors = to(&mentor_of(p0));
    assert_eq!(mentors.len(), 2);
    assert!(mentors.iter().all(|r| r.subject().contains("张焊工")));
    println!(
        "FIGURES absence: {} warnings queued, {} mails delivered",
        all.len(),
        received.len()
    );
}
