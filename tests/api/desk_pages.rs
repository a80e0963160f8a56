//! The organizer's desk through its pages (#18, #12): one application with
//! every fact and the decision form, the audited phone reveal, the audited
//! roster with contacts, the report charts, and the edit forms of a mentor
//! and of a session.
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::{apply, certified_applicant, open_class, open_class_as, phone};
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::{
    DING, admit_all, applicant, approve, count_sql, mark, mentored_class, pair_all, session_at,
};

/// The identity carrying the one-time message a redirect set, as a browser would.
fn with_flash(who: &Who, r: &crate::helpers::Resp) -> Who {
    let mut who = who.clone();
    if let Some(flash) = r.cookie("_flash") {
        who.cookies.push(("_flash".into(), flash.to_string()));
    }
    who
}

fn page_of(cohort: i64, app: i64) -> String {
    format!("/cohorts/{cohort}/applications/{app}")
}

async fn status_of(app: &TestApp, org: &Who, id: i64) -> Value {
    app.get(&format!("/api/v1/applications/{id}"), org)
        .await
        .json()
}

#[rocket::async_test]
async fn the_application_page_shows_every_fact_the_notes_apart_and_the_history() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (id, reference, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/decision"),
            &class.org,
            &json!({"decision": "waitlist", "note": "请等候通知", "internal_note": "单位未盖章"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app.get(&page_of(class.cohort_id, id), &class.org).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    for fact in [
        reference.as_str(),
        "中级工（四级）",
        "GZ2019-0001",
        "2019年6月1日",
        "2020年3月1日",
        "焊条电弧焊（SMAW）",
        "钨极氩弧焊（GTAW）",
        "绍兴钢构有限公司",
        "提交时间",
        "候补",
        // The notes, each labelled by who reads it.
        "给申请人的留言（申请人可见）",
        "请等候通知",
        "内部备注（仅工作人员可见）",
        "单位未盖章",
        // The history: who decided, from what to what.
        "审核决定",
        "王组织",
        "提交报名",
    ] {
        assert!(r.body.contains(fact), "the page shows {fact}");
    }
    assert!(r.body.contains("年"), "whole years at the deadline");
    assert!(!r.body.contains(&phone(1)), "the phone is masked");
    assert!(r.body.contains("139****0001"), "{}", r.body);

    // Another cohort's address, a mentor and a stranger see nothing.
    let other = open_class_as(&app, &class.org, 5).await;
    let r = app.get(&page_of(other.cohort_id, id), &class.org).await;
    assert_eq!(r.status, Status::NotFound);
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let r = app.get(&page_of(class.cohort_id, id), &mentor).await;
    assert_eq!(r.status, Status::Forbidden);
    assert!(!r.body.contains("单位未盖章"));
    let r = app
        .get(&page_of(class.cohort_id, id), &Who::anonymous())
        .await;
    assert!(!r.body.contains("单位未盖章"));
    assert_ne!(r.status, Status::Ok);
}

#[rocket::async_test]
async fn deciding_on_the_page_keeps_the_internal_note_from_the_applicants_mail() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let path = page_of(class.cohort_id, id);
    let (csrf, org) = app.csrf_for(&path, &class.org).await;
    let action = format!("{path}/decision");

    // Bad input: no such decision, a NUL in a note; 422 and nothing changed.
    for fields in [
        vec![("decision", "promote"), ("note", "好")],
        vec![("decision", "admit"), ("internal_note", "坏\u{0}")],
    ] {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend(fields);
        let r = app.post_form(&action, &org, &form).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
        // A bad decision is shown on the form; a control character is refused
        // by the form guard, naming the field, before the handler runs.
        assert!(
            r.body.contains("error-summary") || r.body.contains("internal_note"),
            "{}",
            r.body
        );
        assert_eq!(status_of(&app, &class.org, id).await["status"], "pending");
    }
    // Without the CSRF token: refused.
    let r = app.post_form(&action, &org, &[("decision", "admit")]).await;
    assert_eq!(r.status, Status::Forbidden);

    let r = app
        .post_form(
            &action,
            &org,
            &[
                ("csrf", &csrf),
                ("decision", "admit"),
                ("note", "欢迎参加"),
                ("internal_note", "仅供同事：单位电话已核实"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(r.header("Location"), Some(path.as_str()));
    let j = status_of(&app, &class.org, id).await;
    assert_eq!(
        (j["status"].clone(), j["internal_note"].clone()),
        (json!("admitted"), json!("仅供同事：单位电话已核实"))
    );
    let page = app.get(&path, &with_flash(&org, &r)).await;
    assert!(page.body.contains("已保存决定：已录取"), "{}", page.body);
    assert!(page.body.contains("欢迎参加") && page.body.contains("单位电话已核实"));
    let mails = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM notices WHERE kind = 'decision' AND body_text LIKE '%欢迎参加%'",
    )
    .await;
    assert_eq!(mails, 1, "the applicant is told, with the note");
    let leaked = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM notices WHERE body_text LIKE '%单位电话%' OR body_html LIKE '%单位电话%' OR subject LIKE '%单位电话%'",
    )
    .await;
    assert_eq!(leaked, 0, "the internal note never reaches the applicant");
}

#[rocket::async_test]
async fn the_phone_reveal_on_the_page_is_audited_and_needs_the_form_token() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(7)).await;
    let path = page_of(class.cohort_id, id);
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'application.reveal_phone'";
    let (csrf, org) = app.csrf_for(&path, &class.org).await;
    let reveal = format!("{path}/reveal-phone");
    let r = app.post_form(&reveal, &org, &[("csrf", "forged")]).await;
    assert_eq!(r.status, Status::Forbidden);
    assert!(!r.body.contains(&phone(7)));
    assert_eq!(count_sql(&app, audited).await, 0);

    let r = app.post_form(&reveal, &org, &[("csrf", &csrf)]).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains(&format!("tel:{}", phone(7))), "{}", r.body);
    assert!(r.body.contains("本次查看已记录"));
    assert_eq!(count_sql(&app, audited).await, 1);
    // The history now says who looked.
    let r = app.get(&path, &org).await;
    assert!(r.body.contains("查看完整手机号"));
    assert!(!r.body.contains(&phone(7)), "shown once");
}

#[rocket::async_test]
async fn the_contacts_export_is_complete_audited_and_for_the_owner_only() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let mut hostile = applicant(2, "=HYPERLINK(\"http://x\")", &["SMAW"]);
    hostile["email"] = json!("welder2@example.com");
    let ids = admit_all(
        &app,
        &class,
        &[applicant(1, "绍兴钢构有限公司", &["SMAW"]), hostile],
    )
    .await;
    assert_eq!(ids.len(), 2);
    approve(&app, &class).await;
    let reports = format!("/cohorts/{}/reports", class.cohort_id);
    let page = app.get(&reports, &class.org).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(page.body.contains("contacts-warning") && page.body.contains("个人信息"));
    let (csrf, org) = app.csrf_for(&reports, &class.org).await;
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'cohort.export_contacts'";
    let csv = format!("/cohorts/{}/reports/contacts.csv", class.cohort_id);

    let r = app.post_form(&csv, &org, &[("csrf", &csrf)]).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(
        r.header("Content-Type")
            .is_some_and(|c| c.starts_with("text/csv")),
        "{:?}",
        r.header("Content-Type")
    );
    assert!(
        r.body.contains(&phone(1)) && r.body.contains(&phone(2)),
        "{}",
        r.body
    );
    assert!(r.body.contains("welder1@example.com"));
    assert!(
        r.body.contains("\"'=HYPERLINK"),
        "formula guarded: {}",
        r.body
    );
    assert_eq!(r.body.lines().count(), 3, "a header and two participants");
    assert_eq!(count_sql(&app, audited).await, 1);
    let detail = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'cohort.export_contacts' AND detail LIKE '%\"rows\":2%' AND actor_user_id IS NOT NULL",
    )
    .await;
    assert_eq!(detail, 1, "who and how many rows");

    let xlsx = format!("/cohorts/{}/reports/contacts.xlsx", class.cohort_id);
    let r = app.post_form(&xlsx, &org, &[("csrf", &csrf)]).await;
    assert_eq!(r.status, Status::Ok);
    assert_eq!(count_sql(&app, audited).await, 2);

    // Another organizer, a mentor, a forged form, an unknown file: nothing, and no record.
    app.create_user("organizer", "other@example.com", "李组织")
        .await;
    let other = app.login("other@example.com").await;
    let (other_csrf, other) = app.csrf_for(&reports, &other).await;
    let r = app.post_form(&csv, &other, &[("csrf", &other_csrf)]).await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert!(!r.body.contains(&phone(1)));
    let mentor = app.mentor(DING, "丁卫松").await;
    let r = app.post_form(&csv, &mentor, &[("csrf", "x")]).await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app.post_form(&csv, &org, &[("csrf", "forged")]).await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app
        .post_form(
            &format!("/cohorts/{}/reports/contacts.pdf", class.cohort_id),
            &org,
            &[("csrf", &csrf)],
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(count_sql(&app, audited).await, 2);
}

/// The `<svg>…</svg>` inside the element with this id.
fn chart<'a>(body: &'a str, id: &str) -> &'a str {
    let start = body.find(&format!("id=\"{id}\"")).unwrap_or(0);
    let rest = &body[start..];
    let end = rest.find("</figure>").unwrap_or(rest.len());
    &rest[..end]
}

#[rocket::async_test]
async fn the_reports_page_draws_the_charts_with_their_numbers_and_escapes_employers() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 3).await;
    let hostile = "<script>alert('x')</script>&钢构";
    let bodies = [
        applicant(1, "绍兴钢构有限公司", &["SMAW"]),
        applicant(2, "绍兴钢构有限公司", &["SMAW"]),
        applicant(3, hostile, &["SMAW"]),
    ];
    let ids = admit_all(&app, &class, &bodies[..2]).await;
    let (third, _, _) = apply(&app, class.cohort_id, &bodies[2]).await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{third}/decision"),
            &class.org,
            &json!({"decision": "reject"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    approve(&app, &class).await;
    app.create_user("mentor", DING, "丁卫松").await;
    let ding = app.login(DING).await;
    let r = crate::mentoring_setup::add_mentor(&app, &class, DING, 5, &["SMAW"], "柯桥排水").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let held = session_at(&app, &class, -5, "板对接").await;
    let r = mark(
        &app,
        &class.org,
        held,
        json!([{"participant_id": ids[0], "status": "present"}, {"participant_id": ids[1], "status": "absent"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .post_json(
            &format!("/api/v1/participants/{}/assessments", ids[0]),
            &ding,
            &json!({"scores": {"visual": 24, "bend": 40, "theory": 15}, "comment": "好"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);

    let r = app
        .get(&format!("/cohorts/{}/reports", class.cohort_id), &class.org)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let body = &r.body;
    assert!(!body.contains("<script>alert"), "the employer is escaped");
    for id in [
        "chart-attendance",
        "chart-scores",
        "chart-risk",
        "chart-employers",
        "chart-outcomes",
    ] {
        assert!(body.contains(&format!("id=\"{id}\"")), "{id}");
    }
    let attendance = chart(body, "chart-attendance");
    assert!(
        attendance.contains("<svg") && attendance.contains("viewBox"),
        "{attendance}"
    );
    assert!(attendance.contains("width=\"100%\""));
    assert!(
        attendance.contains("1 / 2"),
        "one of two attended: {attendance}"
    );
    let scores = chart(body, "chart-scores");
    for (name, value) in [("外观检查", "80%"), ("弯曲试验", "100%"), ("理论", "50%")] {
        assert!(
            scores.contains(name) && scores.contains(value),
            "{name} {value}: {scores}"
        );
    }
    let employers = chart(body, "chart-employers");
    assert!(employers.contains("&lt;script&gt;"), "{employers}");
    assert!(employers.contains("绍兴钢构有限公司"));
    let outcomes = chart(body, "chart-outcomes");
    assert!(
        outcomes.contains("已录取") && outcomes.contains("<td>2</td>"),
        "{outcomes}"
    );
    assert!(outcomes.contains("<td>1</td>"), "one rejected: {outcomes}");
    // The numbers sit beside each chart in a table.
    assert!(attendance.contains("<table") && employers.contains("<th scope=\"row\">"));
}

/// Follows the mentoring page's link to an edit form: the form, its token and
/// the identity holding the token's cookie.
async fn open_form(
    app: &TestApp,
    cohort: i64,
    org: &Who,
    path: &str,
) -> (String, Who, crate::helpers::Resp) {
    let page = app.get(&format!("/cohorts/{cohort}/mentoring"), org).await;
    assert!(page.body.contains(path), "the mentoring page links {path}");
    let (csrf, who) = app.csrf_for(path, org).await;
    let form = app.get(path, &who).await;
    (csrf, who, form)
}

#[rocket::async_test]
async fn a_mentor_is_edited_through_the_form_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let org = &m.class.org;
    let list = format!("/api/v1/cohorts/{}/mentors", m.class.cohort_id);
    let ding = |v: Value| {
        v.as_array()
            .and_then(|all| all.iter().find(|m| m["email"] == DING).cloned())
            .unwrap_or_default()
    };
    let ding_id = ding(app.get(&list, org).await.json())["user_id"]
        .as_i64()
        .expect("mentor id");
    let path = format!(
        "/cohorts/{}/mentoring/mentors/{ding_id}/edit",
        m.class.cohort_id
    );
    let (csrf, who, form) = open_form(&app, m.class.cohort_id, org, &path).await;
    assert!(
        form.body.contains("value=\"10\""),
        "the form holds the stored values"
    );

    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("capacity", "很多"),
                ("employer", "柯桥排水有限公司"),
                ("title", ""),
            ],
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("带教人数应为1至500人"), "{}", r.body);
    assert!(
        r.body.contains("请至少选择一种带教的焊接工艺"),
        "{}",
        r.body
    );
    assert!(r.body.contains("value=\"很多\""), "what was typed stays");
    assert_eq!(ding(app.get(&list, org).await.json())["capacity"], 10);

    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("capacity", "3"),
                ("processes", "SMAW"),
                ("employer", "柯桥排水有限公司"),
                ("title", "省劳动模范"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let after = ding(app.get(&list, org).await.json());
    assert_eq!(
        (
            after["capacity"].clone(),
            after["processes"].clone(),
            after["title"].clone()
        ),
        (json!(3), json!(["SMAW"]), json!("省劳动模范"))
    );
    let page = app
        .get(
            &format!("/cohorts/{}/mentoring", m.class.cohort_id),
            &with_flash(&who, &r),
        )
        .await;
    assert!(
        page.body.contains("已保存导师信息：丁卫松"),
        "{}",
        page.body
    );
    assert!(page.body.contains("省劳动模范"));
    assert!(page.body.contains("0 / 3"), "{}", page.body);
}

async fn first_start(app: &TestApp, org: &Who, cohort: i64) -> Value {
    let list = format!("/api/v1/cohorts/{cohort}/sessions");
    app.get(&list, org).await.json()[0]["starts_at"].clone()
}

#[rocket::async_test]
async fn a_session_is_moved_through_the_form_and_every_participant_is_told() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    pair_all(&app, &m).await;
    let org = &m.class.org;
    let session = session_at(&app, &m.class, 72, "实操：板对接").await;
    let path = format!("/sessions/{session}/edit");
    let (csrf, who, form) = open_form(&app, m.class.cohort_id, org, &path).await;
    assert_eq!(form.status, Status::Ok);
    let date = crate::helpers::extract_hidden(&form.body, "date").expect("date");
    let changed = "SELECT COUNT(*) AS n FROM notices WHERE kind = 'session_changed'";
    let before = count_sql(&app, changed).await;
    let cohort = m.class.cohort_id;
    let was = first_start(&app, org, cohort).await;

    // The end before the start: 422 on the form, nothing moved, nobody told.
    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("title", "实操：板对接"),
                ("kind", "practical"),
                ("date", &date),
                ("start", "14:00"),
                ("end", "13:00"),
                ("venue", ""),
                ("mentor_email", ""),
            ],
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("结束时间应晚于开始时间"), "{}", r.body);
    assert!(r.body.contains("value=\"13:00\""));
    assert_eq!(first_start(&app, org, cohort).await, was);
    assert_eq!(count_sql(&app, changed).await, before);

    let next_day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
        .map(|d| (d + chrono::Duration::days(1)).to_string())
        .expect("a date");
    let r = app
        .post_form(
            &path,
            &who,
            &[
                ("csrf", &csrf),
                ("title", "实操：板对接（调整）"),
                ("kind", "practical"),
                ("date", &next_day),
                ("start", "14:00"),
                ("end", "17:00"),
                ("venue", "二号车间"),
                ("mentor_email", DING),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let now = first_start(&app, org, cohort).await;
    assert_eq!(
        now.as_str().map(|s| s.starts_with(&next_day)),
        Some(true),
        "moved to the next day (14:00 Beijing is 06:00 UTC): {now}"
    );
    assert_eq!(
        count_sql(&app, changed).await,
        before + 2,
        "each participant is told, as the API does"
    );
    let calendars = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM notices WHERE kind = 'session_changed' AND calendar IS NOT NULL",
    )
    .await;
    assert!(calendars >= 2, "the notices carry the calendar change");
    let page = app
        .get(
            &format!("/cohorts/{}/mentoring", m.class.cohort_id),
            &with_flash(&who, &r),
        )
        .await;
    assert!(
        page.body.contains("已保存课次：实操：板对接（调整）"),
        "{}",
        page.body
    );
    assert!(page.body.contains("二号车间"));
}
