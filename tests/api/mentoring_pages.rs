//! Mentoring pages: the mentor's home, the attendance sheet and the
//! assessment form on a phone, the organizer's page, reports and verification.
use rocket::http::Status;
use serde_json::json;

use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;

fn no_inline_code(html: &str) {
    // Scripts only from our own files (the live sheet), never inline.
    assert!(
        html.split("<script")
            .skip(1)
            .all(|s| s.starts_with(" src=\"/static/")),
        "no inline scripts"
    );
    assert!(!html.contains("style="), "no inline styles");
}

#[rocket::async_test]
async fn the_mentor_home_lists_mentees_and_todays_sessions() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    pair_all(&app, &m).await;
    let s = session_at(&app, &m.class, 0, "今天的焊条电弧焊实操").await;
    let page = app.get("/mentor", &m.ding).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    no_inline_code(&page.body);
    assert!(
        page.body.contains("张焊工") && page.body.contains("绍兴钢构有限公司"),
        "mentees with employer"
    );
    assert!(
        page.body.contains("焊条电弧焊（SMAW）"),
        "processes in words"
    );
    assert!(
        page.body.contains(&format!("/sessions/{s}/attendance")),
        "today's session"
    );
    let dashboard = app.get("/dashboard", &m.ding).await;
    assert!(
        dashboard.body.contains("href=\"/mentor\""),
        "the dashboard leads mentors here"
    );
    let dashboard = app.get("/dashboard", &m.class.org).await;
    assert!(dashboard.body.contains(&format!(
        "href=\"/cohorts/{}/mentoring\"",
        m.class.cohort_id
    )));
    assert_eq!(
        app.get("/mentor", &m.class.org).await.status,
        Status::Forbidden
    );
    assert_eq!(
        app.get("/mentor", &Who::anonymous()).await.status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn the_attendance_sheet_starts_all_present_and_saves_in_one_tap() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let s = session_at(&app, &m.class, -1, "实操").await;
    let path = format!("/sessions/{s}/attendance");
    let page = app.get(&path, &m.ding).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    no_inline_code(&page.body);
    assert_eq!(
        page.body.matches("value=\"present\" checked").count(),
        0,
        "nobody is present by default"
    );

    let (token, who) = app.csrf_for(&path, &m.ding).await;
    let (p0, p1) = (m.participants[0].to_string(), m.participants[1].to_string());
    // Excused without a reason: the sheet comes back with the row marked, nothing saved.
    let bad = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &token),
                ("records[0].participant_id", &p0),
                ("records[0].status", "present"),
                ("records[0].note", ""),
                ("records[1].participant_id", &p1),
                ("records[1].status", "excused"),
                ("records[1].note", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, Status::UnprocessableEntity, "{}", bad.body);
    assert!(
        bad.body.contains("请假需要写明原因") && bad.body.contains("href=\"#note-1\""),
        "{}",
        bad.body
    );
    assert_eq!(app.count("attendance").await, 0);

    let ok = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &token),
                ("records[0].participant_id", &p0),
                ("records[0].status", "late"),
                ("records[0].note", ""),
                ("records[1].participant_id", &p1),
                ("records[1].status", "excused"),
                ("records[1].note", "病假"),
            ],
        )
        .await;
    assert_eq!(ok.status, Status::SeeOther, "{}", ok.body);
    assert_eq!(app.count("attendance").await, 2);
    let sheet = app
        .get(&format!("/api/v1/sessions/{s}/attendance"), &m.class.org)
        .await
        .json();
    assert_eq!(sheet["records"][0]["status"], "late");
    assert_eq!(sheet["records"][1]["note"], "病假");

    let forged = app
        .post_form(
            &path,
            &m.ding,
            &[
                ("csrf", "forged"),
                ("records[0].participant_id", &p0),
                ("records[0].status", "absent"),
            ],
        )
        .await;
    assert_eq!(forged.status, Status::Forbidden);
}

#[rocket::async_test]
async fn the_assessment_form_shows_the_rubric_and_the_result_after_saving() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let path = format!("/participants/{p}/assessment");
    let page = app.get(&path, &m.zhu).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    no_inline_code(&page.body);
    assert!(
        page.body.contains("弯曲试验")
            && page.body.contains("inputmode=\"numeric\"")
            && page.body.contains("max=\"40\"")
    );

    let (token, who) = app.csrf_for(&path, &m.zhu).await;
    let bad = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &token),
                ("scores[visual]", "20"),
                ("scores[bend]", "41"),
                ("scores[theory]", "20"),
                ("comment", ""),
            ],
        )
        .await;
    assert_eq!(bad.status, Status::UnprocessableEntity);
    assert!(
        bad.body.contains("0至40") && bad.body.contains("value=\"41\""),
        "error beside the field, value kept"
    );
    let ok = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &token),
                ("scores[visual]", "20"),
                ("scores[bend]", "20"),
                ("scores[theory]", "20"),
                ("comment", "继续练习立焊"),
            ],
        )
        .await;
    assert_eq!(ok.status, Status::SeeOther, "{}", ok.body);
    let after = app.get(&path, &m.zhu).await;
    assert!(
        after.body.contains("60 / 100") && after.body.contains("合格"),
        "{}",
        after.body
    );
    // The organizer may look but not score.
    let org_view = app.get(&path, &m.class.org).await;
    assert_eq!(org_view.status, Status::Ok);
    assert!(!org_view.body.contains("name=\"scores[visual]\""));
}

#[rocket::async_test]
async fn the_organizers_page_pairs_flags_and_reports() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    for h in [-50, -40, -30] {
        let s = session_at(&app, &m.class, h, "实操").await;
        mark(
            &app,
            &m.ding,
            s,
            json!([{"participant_id": m.participants[0], "status": "present"}, {"participant_id": m.participants[1], "status": "absent"}]),
        )
        .await;
    }
    let path = format!("/cohorts/{}/mentoring", m.class.cohort_id);
    let page = app.get(&path, &m.class.org).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    no_inline_code(&page.body);
    assert!(page.body.contains("丁卫松") && page.body.contains("朱致挺"));
    assert_eq!(
        page.body.matches("class=\"m-flagged\"").count(),
        1,
        "the absent one is highlighted"
    );

    let (token, who) = app.csrf_for(&path, &m.class.org).await;
    let r = app
        .post_form(&format!("{path}/pair"), &who, &[("csrf", &token)])
        .await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(app.count("mentor_assignments").await, 2);
    let after = app.get(&path, &who).await;
    assert!(after.body.contains("工艺匹配"), "the reason is shown");

    let add = app
        .post_form(
            &format!("{path}/sessions"),
            &who,
            &[
                ("csrf", &token),
                ("title", "理论:焊接缺陷"),
                ("kind", "theory"),
                ("date", "2027-01-05"),
                ("start", "14:00"),
                ("end", "13:00"),
                ("venue", ""),
                ("mentor_email", ""),
            ],
        )
        .await;
    assert_eq!(add.status, Status::UnprocessableEntity, "end before start");
    assert!(
        add.body.contains("value=\"理论:焊接缺陷\""),
        "typed values kept"
    );
    let add = app
        .post_form(
            &format!("{path}/sessions"),
            &who,
            &[
                ("csrf", &token),
                ("title", "理论:焊接缺陷"),
                ("kind", "theory"),
                ("date", "2027-01-05"),
                ("start", "14:00"),
                ("end", "16:00"),
                ("venue", ""),
                ("mentor_email", ZHU),
            ],
        )
        .await;
    assert_eq!(add.status, Status::SeeOther, "{}", add.body);
    assert_eq!(app.count("cohort_sessions").await, 4);

    let reports = app
        .get(
            &format!("/cohorts/{}/reports", m.class.cohort_id),
            &m.class.org,
        )
        .await;
    assert_eq!(reports.status, Status::Ok);
    no_inline_code(&reports.body);
    assert!(reports.body.contains("330602********") && reports.body.contains("缺勤"));
    assert_eq!(app.get(&path, &m.ding).await.status, Status::Forbidden);
}

#[rocket::async_test]
async fn the_verification_form_sends_a_typed_code_to_its_page() {
    let app = TestApp::spawn().await;
    let form = app.get("/verify", &Who::anonymous()).await;
    assert_eq!(form.status, Status::Ok);
    let r = app
        .get("/verify?code=abcd-efgh-jkmn", &Who::anonymous())
        .await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(r.header("Location"), Some("/verify/ABCDEFGHJKMN"));
    assert_eq!(
        app.get("/verify/ABCDEFGHJKMN", &Who::anonymous())
            .await
            .status,
        Status::NotFound
    );
}
