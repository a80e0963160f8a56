//! Self check-in (issue 12 item 3) and the attendance sheet's record state
//! (issue 18 item 6): codes that change every 30 s with the service's clock,
//! the present/late window, the sheet showing the source and the mentor's
//! override with history, "未记录", the mentor's "待补录", names in errors,
//! preset leave reasons, and absence warnings with self check-ins.
use chrono::Duration;
use gongjiang::entity::notice;
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{Resp, TestApp, Who};
use crate::mentoring_setup::*;

/// An approved class of `n` participants with their status links kept
/// (id, reference, token), and 丁卫松 as mentor.
struct Floor {
    class: Class,
    people: Vec<(i64, String, String)>,
    ding: Who,
}

async fn floor(app: &TestApp, n: u32) -> Floor {
    let class = open_class(app, i64::from(n)).await;
    let mut people = vec![];
    for i in 0..n {
        let (id, reference, token) = apply(
            app,
            class.cohort_id,
            &applicant(i, "绍兴钢构有限公司", &["SMAW"]),
        )
        .await;
        let r = decide(app, &class.org, id, "admit").await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
        people.push((id, reference, token));
    }
    approve(app, &class).await;
    let ding = app.mentor(DING, "丁卫松").await;
    let r = add_mentor(app, &class, DING, 10, &["SMAW"], "柯桥排水有限公司").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    Floor {
        class,
        people,
        ding,
    }
}

async fn code_of(app: &TestApp, who: &Who, session: i64) -> Value {
    let r = app
        .get(&format!("/api/v1/sessions/{session}/checkin-code"), who)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()
}

async fn check_in(app: &TestApp, session: i64, p: &(i64, String, String), code: &str) -> Resp {
    app.post_json(
        &format!("/api/v1/sessions/{session}/checkin"),
        &Who::anonymous(),
        &json!({"reference": p.1, "token": p.2, "code": code}),
    )
    .await
}

fn code(v: &Value) -> String {
    v["code"].as_str().unwrap_or_default().to_string()
}

#[rocket::async_test]
async fn the_current_and_the_previous_code_check_in_and_an_older_one_is_422() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 3).await;
    let s = session_at(&app, &f.class, 0, "焊条电弧焊实操").await;

    let shown = code_of(&app, &f.ding, s).await;
    let first = code(&shown);
    assert_eq!(first.len(), 6, "{shown}");
    assert!(
        shown["url"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("/sessions/{s}/checkin?code={first}"))),
        "{shown}"
    );
    let r = check_in(&app, s, &f.people[0], &first).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json(), json!({"status": "present", "source": "self"}));

    // Thirty seconds on the code has changed; the one just read still works.
    app.state().clock.advance(Duration::seconds(30));
    assert_ne!(code(&code_of(&app, &f.ding, s).await), first);
    let r = check_in(&app, s, &f.people[1], &first).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);

    // Another thirty: it is two codes old, refused, nothing saved.
    app.state().clock.advance(Duration::seconds(30));
    let r = check_in(&app, s, &f.people[2], &first).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(r.json()["error"], "code_invalid");
    let r = check_in(&app, s, &f.people[2], "12345").await;
    assert_eq!(r.json()["error"], "code_invalid", "{}", r.body);
    assert_eq!(app.count("attendance").await, 2);

    // A wrong token is the same 404 as elsewhere; someone of another cohort is 403.
    let now = code(&code_of(&app, &f.ding, s).await);
    let mut wrong = f.people[2].clone();
    wrong.2 = "not-the-token".into();
    assert_eq!(
        check_in(&app, s, &wrong, &now).await.status,
        Status::NotFound
    );
    let other = open_class_as(&app, &f.class.org, 2).await;
    let (oid, oref, otok) = apply(&app, other.cohort_id, &applicant(4, "外单位", &["SMAW"])).await;
    decide(&app, &f.class.org, oid, "admit").await;
    let r = check_in(&app, s, &(oid, oref, otok), &now).await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert_eq!(r.json()["error"], "not_a_participant");
    // A body without the code is 422; only the session's staff read the code.
    let r = app
        .post_json(
            &format!("/api/v1/sessions/{s}/checkin"),
            &Who::anonymous(),
            &json!({"reference": f.people[2].1, "token": f.people[2].2}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    let stranger = app.mentor("stranger@example.com", "沈师傅").await;
    let r = app
        .get(&format!("/api/v1/sessions/{s}/checkin-code"), &stranger)
        .await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert_eq!(app.count("attendance").await, 2);
}

#[rocket::async_test]
async fn before_the_window_and_after_the_end_are_409_and_after_ten_minutes_late() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 3).await;
    // Starts in two hours, ends three hours later.
    let s = session_at(&app, &f.class, 2, "钨极氩弧焊实操").await;

    let r = check_in(
        &app,
        s,
        &f.people[0],
        &code(&code_of(&app, &f.ding, s).await),
    )
    .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "checkin_closed");
    assert_eq!(app.count("attendance").await, 0);

    // Twenty minutes before the start: present.
    app.state().clock.advance(Duration::minutes(100));
    let r = check_in(
        &app,
        s,
        &f.people[0],
        &code(&code_of(&app, &f.ding, s).await),
    )
    .await;
    assert_eq!(r.json()["status"], "present", "{}", r.body);

    // Eleven minutes after the start: late.
    app.state().clock.advance(Duration::minutes(31));
    let r = check_in(
        &app,
        s,
        &f.people[1],
        &code(&code_of(&app, &f.ding, s).await),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "late", "{}", r.body);

    // After the end: closed.
    app.state().clock.advance(Duration::hours(3));
    let r = check_in(
        &app,
        s,
        &f.people[2],
        &code(&code_of(&app, &f.ding, s).await),
    )
    .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "checkin_closed");
    assert_eq!(app.count("attendance").await, 2);
}

#[rocket::async_test]
async fn the_sheet_shows_a_self_checkin_and_the_mentor_overrides_it_with_history() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 2).await;
    let s = session_at(&app, &f.class, 0, "实操:板对接").await;
    let shown = code(&code_of(&app, &f.ding, s).await);
    assert_eq!(
        check_in(&app, s, &f.people[0], &shown).await.status,
        Status::Ok
    );
    // A second tap answers with the first record and writes nothing.
    let again = check_in(&app, s, &f.people[0], &shown).await;
    assert_eq!(again.json()["status"], "present", "{}", again.body);
    assert_eq!(app.count("attendance_changes").await, 1);

    let sheet = app
        .get(&format!("/api/v1/sessions/{s}/attendance"), &f.ding)
        .await
        .json();
    assert_eq!(sheet["records"][0]["status"], "present");
    assert_eq!(sheet["records"][0]["source"], "self");
    assert_eq!(sheet["records"][0]["recorded_by"], Value::Null);
    assert_eq!(sheet["records"][1]["source"], Value::Null);
    let page = app.get(&format!("/sessions/{s}/attendance"), &f.ding).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body.contains("m-source-self\">自助签到"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("attendance-live"),
        "the sheet follows check-ins live"
    );

    // The mentor knows better: late. The history keeps both, each with its source.
    let r = mark(
        &app,
        &f.ding,
        s,
        json!([{"participant_id": f.people[0].0, "status": "late"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let sheet = r.json();
    assert_eq!(sheet["records"][0]["status"], "late");
    assert_eq!(sheet["records"][0]["source"], "mentor");
    assert_eq!(sheet["records"][0]["recorded_by"]["email"], DING);
    let history: Vec<(Value, Value, Value)> = sheet["history"]
        .as_array()
        .map(|h| {
            h.iter()
                .map(|c| {
                    (
                        c["after_status"].clone(),
                        c["source"].clone(),
                        c["changed_by"].clone(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(history.len(), 2, "{history:?}");
    assert_eq!(
        (&history[0].0, &history[0].1, &history[0].2),
        (&json!("present"), &json!("self"), &Value::Null)
    );
    assert_eq!(
        (&history[1].0, &history[1].1),
        (&json!("late"), &json!("mentor"))
    );
    let page = app.get(&format!("/sessions/{s}/attendance"), &f.ding).await;
    assert!(
        page.body.contains("data-source=\"self\"") && page.body.contains("未记录 → 出勤"),
        "{}",
        page.body
    );

    // The participant cannot undo the mentor's entry.
    let r = check_in(
        &app,
        s,
        &f.people[0],
        &code(&code_of(&app, &f.ding, s).await),
    )
    .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "already_recorded");
    assert_eq!(app.count("attendance_changes").await, 2);
}

#[rocket::async_test]
async fn a_phone_that_opened_the_status_page_checks_in_with_one_tap() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 2).await;
    let s = session_at(&app, &f.class, 0, "理论课").await;
    let (id, reference, token) = f.people[0].clone();

    // The status page remembers this phone.
    let status = app
        .get(
            &format!("/applications/{reference}?token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(status.status, Status::Ok, "{}", status.body);
    let remembered = status
        .cookie("gj_participant")
        .expect("remembered")
        .to_string();
    assert_ne!(
        remembered,
        id.to_string(),
        "the cookie is sealed, not the bare id"
    );
    let phone = Who {
        cookies: vec![("gj_participant".into(), remembered)],
        headers: vec![],
    };
    let qr = app.get(&format!("/sessions/{s}/checkin-qr"), &f.ding).await;
    assert_eq!(qr.status, Status::Ok, "{}", qr.body);
    assert!(
        qr.body.contains("<svg")
            && qr.body.contains("data-renew-seconds=")
            && qr.body.contains("checkin-qr"),
        "{}",
        qr.body
    );
    let shown = code(&code_of(&app, &f.ding, s).await);
    assert!(
        qr.body.contains(&format!("data-code=\"{shown}\"")),
        "{}",
        qr.body
    );

    let path = format!("/sessions/{s}/checkin?code={shown}");
    let page = app.get(&path, &phone).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body.contains("id=\"checkin-me\">张焊工"),
        "{}",
        page.body
    );
    let (csrf, phone) = app.csrf_for(&path, &phone).await;
    let done = app
        .post_form(
            &format!("/sessions/{s}/checkin"),
            &phone,
            &[("csrf", &csrf), ("code", &shown)],
        )
        .await;
    assert_eq!(done.status, Status::Ok, "{}", done.body);
    assert!(
        done.body.contains("签到成功") && done.body.contains("data-status=\"present\""),
        "{}",
        done.body
    );

    // A phone nobody is known on is asked for the reference and token, then remembered.
    let (csrf, stranger) = app.csrf_for(&path, &Who::anonymous()).await;
    let asked = app
        .post_form(
            &format!("/sessions/{s}/checkin"),
            &stranger,
            &[("csrf", &csrf), ("code", &shown)],
        )
        .await;
    assert_eq!(asked.status, Status::UnprocessableEntity, "{}", asked.body);
    assert!(asked.body.contains("报名编号"), "{}", asked.body);
    let (_, r2, t2) = &f.people[1];
    let ok = app
        .post_form(
            &format!("/sessions/{s}/checkin"),
            &stranger,
            &[
                ("csrf", &csrf),
                ("code", &shown),
                ("reference", r2),
                ("token", t2),
            ],
        )
        .await;
    assert_eq!(ok.status, Status::Ok, "{}", ok.body);
    assert!(ok.cookie("gj_participant").is_some());
    assert_eq!(app.count("attendance").await, 2);
}

#[rocket::async_test]
async fn an_unrecorded_sheet_says_so_and_the_mentor_home_lists_it_to_catch_up() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 2).await;
    let held = session_at(&app, &f.class, -26, "上周的实操").await;
    let later = session_at(&app, &f.class, 48, "下周的课").await;
    let path = format!("/sessions/{held}/attendance");
    let page = app.get(&path, &f.ding).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body.contains("id=\"sheet-not-recorded\""),
        "{}",
        page.body
    );
    assert_eq!(page.body.matches("m-unrecorded\">未记录").count(), 2);
    assert!(
        !page.body.contains(" checked>"),
        "nobody is ticked by default"
    );

    let home = app.get("/mentor", &f.ding).await;
    assert!(
        home.body.contains("待补录")
            && home
                .body
                .contains(&format!("href=\"/sessions/{held}/attendance\""))
            && home.body.contains("2人未记录"),
        "{}",
        home.body
    );
    let catch_up = home
        .body
        .split("id=\"catch-up\"")
        .nth(1)
        .unwrap_or_default();
    let catch_up = catch_up.split("</section>").next().unwrap_or_default();
    assert!(
        !catch_up.contains(&format!("/sessions/{later}/")),
        "{catch_up}"
    );

    // Ticking one leaves the other unrecorded; both ticked, the list is empty.
    let (csrf, who) = app.csrf_for(&path, &f.ding).await;
    let (p0, p1) = (f.people[0].0.to_string(), f.people[1].0.to_string());
    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("records[0].participant_id", &p0),
                ("records[0].status", "present"),
                ("records[1].participant_id", &p1),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(app.count("attendance").await, 1);
    assert!(app.get("/mentor", &f.ding).await.body.contains("1人未记录"));
    // A tapped leave reason alone records leave with that reason.
    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("records[0].participant_id", &p1),
                ("records[0].reason", "sick"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let sheet = app
        .get(&format!("/api/v1/sessions/{held}/attendance"), &f.ding)
        .await
        .json();
    assert_eq!(sheet["records"][1]["status"], "excused");
    assert_eq!(sheet["records"][1]["note"], "病假");
    assert!(
        !app.get("/mentor", &f.ding)
            .await
            .body
            .contains("id=\"catch-up\"")
    );
}

#[rocket::async_test]
async fn a_mistake_on_the_sheet_names_the_participant() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 2).await;
    let s = session_at(&app, &f.class, -2, "理论课").await;
    let path = format!("/sessions/{s}/attendance");
    let (csrf, who) = app.csrf_for(&path, &f.ding).await;
    let (p0, p1) = (f.people[0].0.to_string(), f.people[1].0.to_string());
    let bad = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("records[0].participant_id", &p0),
                ("records[0].status", "present"),
                ("records[1].participant_id", &p1),
                ("records[1].status", "excused"),
                ("records[1].note", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, Status::UnprocessableEntity, "{}", bad.body);
    assert!(bad.body.contains("李明：请假需要写明原因"), "{}", bad.body);
    let r = mark(
        &app,
        &f.ding,
        s,
        json!([{"participant_id": f.people[1].0, "status": "excused"}]),
    )
    .await;
    assert_eq!(
        r.json()["fields"]["records[0].note"]["message"],
        "李明：请假需要写明原因",
        "{}",
        r.body
    );
    // Tomorrow's session: only leave, and the refusal says for whom.
    let tomorrow = session_at(&app, &f.class, 24, "明天的课").await;
    let r = mark(
        &app,
        &f.ding,
        tomorrow,
        json!([{"participant_id": f.people[0].0, "status": "present"}]),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(r.json()["error"], "session_not_started");
    assert!(r.body.contains("张焊工"), "{}", r.body);
    assert_eq!(app.count("attendance").await, 0);
}

#[rocket::async_test]
async fn two_absences_warn_once_and_a_later_self_checkin_sends_nothing_more() {
    let app = TestApp::spawn().await;
    let f = floor(&app, 1).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", f.class.cohort_id),
            &f.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let p = f.people[0].clone();
    let mut sessions = vec![];
    for hours in [-100, -76, 0, 24, 48, 72, 96, 120, 144, 168] {
        sessions.push(session_at(&app, &f.class, hours, "实操").await);
    }
    for s in &sessions[..2] {
        let r = mark(
            &app,
            &f.ding,
            *s,
            json!([{"participant_id": p.0, "status": "absent"}]),
        )
        .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    let warnings = || async {
        notice::Entity::find()
            .filter(notice::Column::Kind.eq("absence_warning"))
            .all(app.db())
            .await
            .expect("notices")
            .len()
    };
    assert_eq!(
        warnings().await,
        2,
        "one to the participant, one to the mentor"
    );
    let page = app
        .get(
            &format!("/cohorts/{}/mentoring", f.class.cohort_id),
            &f.class.org,
        )
        .await;
    assert!(page.body.contains("连续缺勤，已提醒"), "{}", page.body);

    let r = check_in(
        &app,
        sessions[2],
        &p,
        &code(&code_of(&app, &f.ding, sessions[2]).await),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(warnings().await, 2);
    // The same two absences saved again send nothing either.
    let r = mark(
        &app,
        &f.ding,
        sessions[1],
        json!([{"participant_id": p.0, "status": "absent", "note": "未到"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(warnings().await, 2);
}
