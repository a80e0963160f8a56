//! Mentoring: sessions, reminders, attendance rights, statuses, history and rates.
use chrono::{Duration, Utc};
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;

#[rocket::async_test]
async fn only_the_cohorts_mentors_and_organizers_record_attendance() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let other = open_class_as(&app, &m.class.org, 2).await;
    let stranger = app.mentor("stranger@example.com", "沈师傅").await;
    let r = add_mentor(
        &app,
        &other,
        "stranger@example.com",
        2,
        &["SMAW"],
        "别的单位",
    )
    .await;
    assert_eq!(r.status, Status::Created);
    let s = session_at(&app, &m.class, -2, "焊条电弧焊实操").await;
    let records = json!([{"participant_id": m.participants[0], "status": "present"}]);

    assert_eq!(
        mark(&app, &Who::anonymous(), s, records.clone())
            .await
            .status,
        Status::Unauthorized
    );
    let r = mark(&app, &stranger, s, records.clone()).await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert_eq!(r.json()["error"], "not_cohort_mentor");
    assert_eq!(
        app.get(&format!("/api/v1/sessions/{s}/attendance"), &stranger)
            .await
            .status,
        Status::Forbidden
    );
    assert_eq!(app.count("attendance").await, 0);

    let r = mark(&app, &m.ding, s, records.clone()).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = mark(
        &app,
        &m.class.org,
        s,
        json!([{"participant_id": m.participants[1], "status": "late"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let sheet = r.json();
    let statuses: Vec<&str> = sheet["records"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|x| x["status"].as_str().unwrap_or(""))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(statuses, ["present", "late"]);
    assert_eq!(sheet["records"][0]["recorded_by"]["email"], DING);
}

#[rocket::async_test]
async fn an_unknown_status_or_an_outsider_is_422_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let other = open_class_as(&app, &m.class.org, 2).await;
    let outsider = admit_all(&app, &other, &[applicant(9, "外单位", &["SMAW"])]).await[0];
    let s = session_at(&app, &m.class, -2, "理论课").await;

    let r = mark(
        &app,
        &m.ding,
        s,
        json!([
            {"participant_id": m.participants[0], "status": "present"},
            {"participant_id": m.participants[1], "status": "sleeping"}
        ]),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(
        r.json()["fields"]["records[1].status"]["code"],
        "attendance_status_invalid"
    );

    let r = mark(
        &app,
        &m.ding,
        s,
        json!([
            {"participant_id": m.participants[0], "status": "present"},
            {"participant_id": outsider, "status": "present"}
        ]),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(
        r.json()["fields"]["records[1].participant_id"]["code"],
        "participant_not_in_cohort"
    );

    let r = mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": m.participants[0], "status": "excused"}]),
    )
    .await;
    assert_eq!(
        r.json()["fields"]["records[0].note"]["code"],
        "excused_needs_note",
        "{}",
        r.body
    );

    assert_eq!(app.count("attendance").await, 0);
    assert_eq!(app.count("attendance_changes").await, 0);
}

#[rocket::async_test]
async fn attendance_waits_for_the_roster_approval_but_not_for_the_session() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 2).await;
    let ids = admit_all(&app, &class, &[applicant(0, "A厂", &["SMAW"])]).await;
    let s = session_at(&app, &class, 48, "下周的课").await;
    let r = mark(
        &app,
        &class.org,
        s,
        json!([{"participant_id": ids[0], "status": "present"}]),
    )
    .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "cohort_not_approved");

    approve(&app, &class).await;
    // An absence announced ahead is recorded before the session.
    let r = mark(
        &app,
        &class.org,
        s,
        json!([{"participant_id": ids[0], "status": "excused", "note": "出差"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
}

#[rocket::async_test]
async fn a_change_keeps_the_history_of_who_changed_what() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let s = session_at(&app, &m.class, -1, "实操").await;
    mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": p, "status": "present"}]),
    )
    .await;
    // The same again changes nothing and adds no history.
    mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": p, "status": "present"}]),
    )
    .await;
    let r = mark(
        &app,
        &m.zhu,
        s,
        json!([{"participant_id": p, "status": "late", "note": "堵车"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);

    let sheet = app
        .get(&format!("/api/v1/sessions/{s}/attendance"), &m.class.org)
        .await
        .json();
    assert_eq!(sheet["records"][0]["status"], "late");
    assert_eq!(sheet["records"][0]["note"], "堵车");
    let history = sheet["history"].as_array().cloned().unwrap_or_default();
    assert_eq!(history.len(), 2, "{sheet}");
    assert_eq!(history[0]["before_status"], json!(null));
    assert_eq!(history[0]["after_status"], "present");
    assert_eq!(history[0]["changed_by"]["email"], DING);
    assert_eq!(history[1]["before_status"], "present");
    assert_eq!(history[1]["after_status"], "late");
    assert_eq!(history[1]["changed_by"]["email"], ZHU);
    assert_eq!(
        app.count("attendance").await,
        1,
        "one record per participant and session"
    );
}

#[rocket::async_test]
async fn rates_count_held_sessions_and_flag_low_attendance_after_three() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 3).await;
    let (good, poor, leave) = (m.participants[0], m.participants[1], m.participants[2]);
    let mut held = vec![];
    for h in [-72, -48, -24, -2] {
        held.push(session_at(&app, &m.class, h, "实操").await);
    }
    // Neither a future nor a cancelled session counts.
    let future = session_at(&app, &m.class, 24, "明天的课").await;
    let cancelled = session_at(&app, &m.class, -30, "停电取消").await;
    let r = app
        .post_json(
            &format!("/api/v1/sessions/{cancelled}/cancel"),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    for (i, s) in held.iter().enumerate() {
        let poor_status = if i == 0 { "present" } else { "absent" };
        let leave_status = if i == 3 { "excused" } else { "present" };
        let r = mark(
            &app,
            &m.ding,
            *s,
            json!([
                {"participant_id": good, "status": if i == 1 { "late" } else { "present" }},
                {"participant_id": poor, "status": poor_status},
                {"participant_id": leave, "status": leave_status, "note": if i == 3 { "病假" } else { "" }}
            ]),
        )
        .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    mark(
        &app,
        &m.ding,
        future,
        json!([{"participant_id": poor, "status": "excused", "note": "预先请假"}]),
    )
    .await;

    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/participants", m.class.cohort_id),
            &m.class.org,
        )
        .await;
    assert_eq!(list.status, Status::Ok, "{}", list.body);
    let find = |id: i64| {
        list.json()
            .as_array()
            .and_then(|l| l.iter().find(|p| p["id"] == id).cloned())
            .unwrap_or_default()
    };
    assert_eq!(find(good)["attendance"]["sessions_held"], 4);
    assert_eq!(find(good)["attendance"]["rate"], 1.0);
    assert_eq!(find(good)["flagged"], false);
    assert_eq!(find(poor)["attendance"]["rate"], 0.25);
    assert_eq!(find(poor)["flagged"], true);
    // Three of three countable sessions (one excused).
    assert_eq!(find(leave)["attendance"]["rate"], 1.0);
    assert_eq!(find(leave)["attendance"]["excused"], 1);
    assert_eq!(find(good)["completed"], false, "no assessment yet");
    // The cohort's mentors see it too; a stranger does not.
    assert_eq!(
        app.get(
            &format!("/api/v1/cohorts/{}/participants", m.class.cohort_id),
            &m.zhu
        )
        .await
        .status,
        Status::Ok
    );
}

#[rocket::async_test]
async fn editing_or_cancelling_a_session_tells_every_participant() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let s = session_at(&app, &m.class, 72, "弯曲试验讲解").await;
    let changed = "SELECT COUNT(*) AS n FROM notices WHERE kind = 'session_changed'";
    assert_eq!(count_sql(&app, changed).await, 0);

    let start = Utc::now() + Duration::hours(96);
    let r = app
        .put_json(
            &format!("/api/v1/sessions/{s}"),
            &m.class.org,
            &json!({
                "title": "弯曲试验讲解", "kind": "theory", "venue": "柯桥区排水有限公司培训室",
                "starts_at": start.to_rfc3339(), "ends_at": (start + Duration::hours(2)).to_rfc3339(),
                "mentor_email": DING
            }),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["mentor"]["email"], DING);
    assert_eq!(count_sql(&app, changed).await, 2);

    let r = app
        .post_json(
            &format!("/api/v1/sessions/{s}/cancel"),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["cancelled"], true);
    assert_eq!(count_sql(&app, changed).await, 4);
    // Cancelling again tells nobody twice; a mentor may not cancel.
    app.post_json(
        &format!("/api/v1/sessions/{s}/cancel"),
        &m.class.org,
        &json!({}),
    )
    .await;
    assert_eq!(count_sql(&app, changed).await, 4);
    assert_eq!(
        app.post_json(&format!("/api/v1/sessions/{s}/cancel"), &m.ding, &json!({}))
            .await
            .status,
        Status::Forbidden
    );

    let bad = app
        .post_json(
            &format!("/api/v1/cohorts/{}/sessions", m.class.cohort_id),
            &m.class.org,
            &json!({"title": "", "kind": "lecture", "starts_at": start.to_rfc3339(), "ends_at": start.to_rfc3339()}),
        )
        .await;
    assert_eq!(bad.status, Status::UnprocessableEntity);
    for field in ["title", "kind", "ends_at"] {
        assert!(
            bad.json()["fields"][field].is_object(),
            "{field}: {}",
            bad.body
        );
    }
    let listed = app
        .get(
            &format!("/api/v1/cohorts/{}/sessions", m.class.cohort_id),
            &m.zhu,
        )
        .await;
    assert_eq!(listed.json().as_array().map(Vec::len), Some(1));
}

#[rocket::async_test]
async fn reminders_go_out_once_for_sessions_starting_within_a_day() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 3).await;
    session_at(&app, &m.class, 3, "明早的课").await;
    session_at(&app, &m.class, 30, "后天的课").await;
    session_at(&app, &m.class, -3, "已上的课").await;

    let queued = gongjiang::service::mentoring::reminders::queue_due_reminders(app.state()).await;
    assert_eq!(
        queued, 3,
        "one per participant of the session within 24 hours"
    );
    assert_eq!(
        gongjiang::service::mentoring::reminders::queue_due_reminders(app.state()).await,
        0
    );
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM notices WHERE kind = 'session_reminder'"
        )
        .await,
        3
    );
}
