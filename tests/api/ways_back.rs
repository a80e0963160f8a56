//! Nobody locked out (#18): the way back to a lost status link, signed links
//! in every applicant mail, input as phones type it, unanswered questions as
//! field errors, notes the applicant never sees, wording that follows the
//! facts, and attendance before a session starts.
use std::time::Duration as StdDuration;

use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::{
    apply, certified_applicant, decide, experienced_applicant, national_id, open_class, phone,
};
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::{count_sql, mark, mentored_class, session_at};
use crate::smtp::SmtpSink;

async fn with_mail() -> (SmtpSink, TestApp) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app =
        TestApp::spawn_with(move |f| f.merge(("smtp_url", url)).merge(("mail_sender", true))).await;
    (sink, app)
}

/// The status link in a mail's text part, as a path on this service.
fn link_in(text: &str) -> String {
    let start = text
        .find("/applications/")
        .expect("a status link in the mail");
    let rest = &text[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    rest[..end].to_string()
}

/// The text of the last mail delivered to `to` (mails of one recipient are
/// queued in order; the sender may deliver different recipients' out of order).
fn last_text_to(sink: &SmtpSink, to: &str) -> String {
    sink.received()
        .iter()
        .filter(|m| m.to[0] == to)
        .filter_map(|m| m.part("text/plain"))
        .next_back()
        .unwrap_or_default()
}

/// Full-width digits as a Chinese keyboard types them.
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'A'..='Z' => char::from_u32(c as u32 - 0x20 + 0xFF00).unwrap_or(c),
            c => c,
        })
        .collect()
}

async fn assert_opens_status(app: &TestApp, path: &str, reference: &str) {
    let page = app.get(path, &Who::anonymous()).await;
    assert_eq!(page.status, Status::Ok, "{path}: {}", page.body);
    assert!(
        page.body.contains("id=\"status\""),
        "{path} shows the status"
    );
    assert!(page.body.contains(reference), "{path}");
    assert!(
        !page.body.contains("id=\"token\""),
        "{path} opens the status, not the look-up form"
    );
}

#[rocket::async_test]
async fn a_recovered_link_opens_the_status_and_an_unknown_id_gets_the_same_answer() {
    let (sink, app) = with_mail().await;
    let class = open_class(&app, 10).await;
    let (_, reference, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    assert!(
        sink.wait_for(1, StdDuration::from_secs(15)).await,
        "receipt"
    );

    // Asked with the ID typed full-width and the phone with spaces.
    let spaced = format!("{} {} {}", &phone(1)[..3], &phone(1)[3..7], &phone(1)[7..]);
    let r = app
        .post_json(
            "/api/v1/applications/recover",
            &Who::anonymous(),
            &json!({"national_id": full_width(&national_id(1)), "phone": spaced}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
    assert_eq!(r.json(), json!({}));
    assert!(
        sink.wait_for(2, StdDuration::from_secs(15)).await,
        "links mailed"
    );
    let received = sink.received();
    let mail = received
        .iter()
        .find(|m| m.subject().contains("查询链接"))
        .expect("the status-link mail");
    assert_eq!(mail.to, vec!["welder1@example.com".to_string()]);
    let link = link_in(&mail.part("text/plain").unwrap_or_default());
    assert_opens_status(&app, &link, &reference).await;
    let notices = app.count("notices").await;

    // An unknown ID, and the right ID with another phone: the same answer, no mail.
    for body in [
        json!({"national_id": national_id(99), "phone": phone(99)}),
        json!({"national_id": national_id(1), "phone": phone(2)}),
    ] {
        let other = app
            .post_json("/api/v1/applications/recover", &Who::anonymous(), &body)
            .await;
        assert_eq!(
            (other.status, other.body.clone()),
            (r.status, r.body.clone())
        );
    }
    assert_eq!(app.count("notices").await, notices, "nothing queued");
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'application.recover'";
    assert_eq!(count_sql(&app, audited).await, 1);

    // A malformed number is a field error; a signed link for another
    // reference, or a forged one, opens nothing.
    let bad = app
        .post_json(
            "/api/v1/applications/recover",
            &Who::anonymous(),
            &json!({"national_id": "123", "phone": "12"}),
        )
        .await;
    assert_eq!(bad.status, Status::UnprocessableEntity, "{}", bad.body);
    assert!(bad.json()["fields"]["national_id"].is_object());
    assert!(bad.json()["fields"]["phone"].is_object());
    let token = link.split("token=").nth(1).unwrap_or_default().to_string();
    let (_, other_ref, _) = apply(&app, class.cohort_id, &certified_applicant(3)).await;
    let r = app
        .get(
            &format!("/api/v1/applications/{other_ref}?token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    let forged = token.replacen(|c: char| c.is_ascii_digit(), "9", 1);
    let r = app
        .get(
            &format!("/api/v1/applications/{reference}?token={forged}"),
            &Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    println!("FIGURES recover: matched_mails=1 unmatched_mails=0 audit=1");
}

#[rocket::async_test]
async fn recovery_is_throttled_per_person() {
    let app = TestApp::spawn().await;
    let body = json!({"national_id": national_id(5), "phone": phone(5)});
    let mut statuses = vec![];
    for _ in 0..7 {
        let r = app
            .post_json("/api/v1/applications/recover", &Who::anonymous(), &body)
            .await;
        statuses.push(r.status.code);
    }
    assert_eq!(statuses, vec![202, 202, 202, 202, 202, 429, 429]);
}

#[rocket::async_test]
async fn the_recovery_page_is_linked_and_answers_the_same_either_way() {
    let app = TestApp::spawn().await;
    let lookup = app.get("/applications", &Who::anonymous()).await;
    assert!(lookup.body.contains("href=\"/applications/recover\""));
    let path = "/applications/recover";
    let (token, who) = app.csrf_for(path, &Who::anonymous()).await;
    let id = national_id(8);
    let ph = phone(8);
    let r = app
        .post_form(
            path,
            &who,
            &[("csrf", &token), ("national_id", &id), ("phone", &ph)],
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains("id=\"recover-sent\""), "{}", r.body);
    let r = app
        .post_form(
            path,
            &who,
            &[("csrf", &token), ("national_id", "1"), ("phone", "")],
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(r.body.contains("href=\"#national_id\"") && r.body.contains("href=\"#phone\""));
}

#[rocket::async_test]
async fn the_link_in_every_applicant_mail_opens_the_status_without_the_look_up_form() {
    let (sink, app) = with_mail().await;
    let class = open_class(&app, 1).await;
    let (a, ref_a, token_a) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (b, ref_b, _) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    assert_eq!(
        decide(&app, &class.org, a, "admit").await.status,
        Status::Ok
    );
    assert_eq!(
        decide(&app, &class.org, b, "waitlist").await.status,
        Status::Ok
    );
    let r = app
        .post_json(
            &format!("/api/v1/applications/{ref_a}/withdraw"),
            &Who::anonymous(),
            &json!({"token": token_a}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    // Receipts (2), decisions (2), the promotion of B (1).
    assert!(
        sink.wait_for(5, StdDuration::from_secs(20)).await,
        "{}",
        sink.count()
    );
    let mut opened = 0;
    for m in sink.received() {
        let text = m.part("text/plain").unwrap_or_default();
        let html = m.html_as_read().unwrap_or_default();
        let reference = if m.to[0] == "welder1@example.com" {
            &ref_a
        } else {
            &ref_b
        };
        let link = link_in(&text);
        assert!(link.contains("token="), "{}: {link}", m.subject());
        assert!(html.contains(&link), "{}", m.subject());
        assert_opens_status(&app, &link, reference).await;
        opened += 1;
    }
    println!("FIGURES applicant-mail-links: mails={opened} opened_status={opened}");
}

#[rocket::async_test]
async fn full_width_spaced_input_is_accepted_as_the_same_person() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let mut body = certified_applicant(1);
    body["national_id"] = json!(full_width(&national_id(1)));
    body["phone"] = json!(format!("{}-{}", full_width(&phone(1)[..3]), &phone(1)[3..]));
    let r = app.post_json(&path, &Who::anonymous(), &body).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let staff = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(
        staff.json()[0]["phone"],
        json!(format!("{}****{}", &phone(1)[..3], &phone(1)[7..]))
    );
    // The ASCII form is the same person.
    let again = app
        .post_json(&path, &Who::anonymous(), &certified_applicant(1))
        .await;
    assert_eq!(again.status, Status::Conflict, "{}", again.body);
    assert_eq!(again.json()["error"], "duplicate");
}

#[rocket::async_test]
async fn an_unanswered_question_is_a_field_error_with_every_other_one_in_one_pass() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let mut body = experienced_applicant(
        1,
        chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap_or_default(),
    );
    body["started_trade_on"] = Value::Null;
    body["phone"] = json!("123");
    let r = app.post_json(&path, &Who::anonymous(), &body).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert_eq!(r.json()["error"], "validation", "never 'ineligible'");
    assert_eq!(
        r.json()["fields"]["started_trade_on"]["code"],
        "started_trade_on_required"
    );
    assert_eq!(r.json()["fields"]["phone"]["code"], "phone_invalid");
    assert_eq!(app.count("applications").await, 0);

    // The page: the certificate question and the start date skipped.
    let form = format!("/cohorts/{}/apply", class.cohort_id);
    let (token, who) = app.csrf_for(&form, &Who::anonymous()).await;
    let (id, ph) = (national_id(2), phone(2));
    let fields = [
        ("csrf", token.as_str()),
        ("full_name", "张焊工"),
        ("national_id", id.as_str()),
        ("phone", ph.as_str()),
        ("email", "welder2@example.com"),
        ("employer", "绍兴钢构有限公司"),
        ("trade", "welder"),
        ("started_trade_on", ""),
        ("certificate_trade", "welder"),
        ("certificate_level", ""),
        ("locale", "zh"),
        ("consent", "yes"),
    ];
    let r = app.post_form(&form, &who, &fields).await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    assert!(!r.body.contains("不符合本期的报名条件"), "no verdict");
    assert!(r.body.contains("href=\"#has_certificate\""), "{}", r.body);
    assert!(r.body.contains("href=\"#started_trade_on\""), "{}", r.body);
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn the_internal_note_never_reaches_the_applicant() {
    let (sink, app) = with_mail().await;
    let class = open_class(&app, 10).await;
    let (id, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/decision"),
            &class.org,
            &json!({"decision": "admit", "note": "请带上证书原件", "internal_note": "工会推荐-内部核实"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["internal_note"], "工会推荐-内部核实");
    assert!(sink.wait_for(2, StdDuration::from_secs(15)).await);
    let mut with_note = 0;
    for mail in sink.received() {
        for part in ["text/plain", "text/html"] {
            let body = mail.part(part).unwrap_or_default();
            with_note += usize::from(body.contains("请带上证书原件"));
            assert!(!body.contains("内部核实"), "{part}: {body}");
        }
    }
    assert_eq!(with_note, 2, "the decision's text and HTML carry the note");
    let decision_text = sink
        .received()
        .iter()
        .filter_map(|m| m.part("text/plain"))
        .find(|t| t.contains("请带上证书原件"))
        .unwrap_or_default();
    let api = app
        .get(
            &format!("/api/v1/applications/{reference}?token={token}"),
            &Who::anonymous(),
        )
        .await;
    assert!(api.body.contains("请带上证书原件") && !api.body.contains("内部核实"));
    let page = app.get(&link_in(&decision_text), &Who::anonymous()).await;
    assert!(page.body.contains("请带上证书原件") && !page.body.contains("内部核实"));
    let review = app
        .get(&format!("/cohorts/{}/manage", class.cohort_id), &class.org)
        .await;
    assert!(review.body.contains("内部核实"), "staff read it");
    // Too long a note is a field error and changes nothing.
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/decision"),
            &class.org,
            &json!({"decision": "reject", "internal_note": "长".repeat(1001)}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(r.json()["fields"]["internal_note"]["code"], "note_too_long");
}

#[rocket::async_test]
async fn a_waitlist_mail_and_page_say_full_only_when_the_class_is() {
    let (sink, app) = with_mail().await;
    let class = open_class(&app, 1).await;
    let (a, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (b, ref_b, token_b) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    let (c, ref_c, token_c) = apply(&app, class.cohort_id, &certified_applicant(3)).await;
    assert!(sink.wait_for(3, StdDuration::from_secs(15)).await);
    // 1 place free: B waitlisted.
    assert_eq!(
        decide(&app, &class.org, b, "waitlist").await.status,
        Status::Ok
    );
    assert!(sink.wait_for(4, StdDuration::from_secs(15)).await);
    let free = last_text_to(&sink, "welder2@example.com");
    assert!(
        free.contains("候补名单") && !free.contains("报满"),
        "{free}"
    );
    let page = app
        .get(
            &format!("/applications/{ref_b}?token={token_b}"),
            &Who::anonymous(),
        )
        .await;
    assert!(!page.body.contains("名额已满"), "{}", page.body);
    // The class full: C waitlisted.
    assert_eq!(
        decide(&app, &class.org, a, "admit").await.status,
        Status::Ok
    );
    assert_eq!(
        decide(&app, &class.org, c, "waitlist").await.status,
        Status::Ok
    );
    assert!(sink.wait_for(6, StdDuration::from_secs(15)).await);
    let full = last_text_to(&sink, "welder3@example.com");
    assert!(full.contains("报满"), "{full}");
    let page = app
        .get(
            &format!("/applications/{ref_c}?token={token_c}"),
            &Who::anonymous(),
        )
        .await;
    assert!(page.body.contains("名额已满"), "{}", page.body);
}

#[rocket::async_test]
async fn attendance_before_the_start_can_only_be_leave_and_errors_name_the_participant() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let s = session_at(&app, &m.class, 48, "下周的课").await;
    let p = m.participants[0];
    for status in ["present", "late", "absent"] {
        let r = mark(
            &app,
            &m.ding,
            s,
            json!([{"participant_id": p, "status": status}]),
        )
        .await;
        assert_eq!(
            r.status,
            Status::UnprocessableEntity,
            "{status}: {}",
            r.body
        );
        assert_eq!(r.json()["error"], "session_not_started");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap_or("")
                .contains("张焊工"),
            "{}",
            r.body
        );
    }
    assert_eq!(app.count("attendance").await, 0);
    let r = mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": p, "status": "excused"}]),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    let msg = r.json()["fields"]["records[0].note"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(msg.contains("张焊工"), "{}", r.body);
    let r = mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": p, "status": "excused", "note": "病假"}]),
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(app.count("attendance").await, 1);
}

#[rocket::async_test]
async fn a_mistyped_certificate_code_keeps_what_was_typed_and_says_what_to_check() {
    let app = TestApp::spawn().await;
    let home = app.get("/", &Who::anonymous()).await;
    assert!(
        home.body.contains("href=\"/verify\""),
        "linked from the home page"
    );
    // A well-formed code goes to its page; there an unknown one gets the form back.
    let r = app
        .get("/verify?code=abcd-efgh-jklm", &Who::anonymous())
        .await;
    let page = r.header("Location").unwrap_or_default().to_string();
    assert!(page.starts_with("/verify/"), "{page}");
    for path in ["/verify?code=%E6%B1%89%E5%AD%97", page.as_str()] {
        let r = app.get(path, &Who::anonymous()).await;
        assert_eq!(r.status, Status::NotFound, "{path}");
        assert!(r.body.contains("id=\"code-error\""), "{path}: {}", r.body);
        assert!(r.body.contains("逐位核对"), "{path}");
        assert!(r.body.contains("name=\"code\" value=\""), "{path}");
    }
    let r = app.get(&page, &Who::anonymous()).await;
    let code = page.trim_start_matches("/verify/");
    assert!(r.body.contains(&format!("value=\"{code}\"")), "{}", r.body);
}

#[rocket::async_test]
async fn a_mentor_signs_in_straight_to_their_page_and_the_outbox_speaks_in_words() {
    let app = TestApp::spawn().await;
    app.create_user("mentor", "ding@example.com", "丁卫松")
        .await;
    let (token, who) = app.csrf_for("/login", &Who::anonymous()).await;
    let r = app
        .post_form(
            "/login",
            &who,
            &[
                ("csrf", &token),
                ("email", "ding@example.com"),
                ("password", crate::helpers::PASSWORD),
                ("next", "/dashboard"),
            ],
        )
        .await;
    assert_eq!(r.header("Location"), Some("/mentor"), "{}", r.status);

    let class = open_class(&app, 10).await;
    apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let review = app
        .get(&format!("/cohorts/{}/manage", class.cohort_id), &class.org)
        .await;
    assert!(
        review
            .body
            .contains(&format!("href=\"/cohorts/{}/outbox\"", class.cohort_id))
    );
    let outbox = app
        .get(&format!("/cohorts/{}/outbox", class.cohort_id), &class.org)
        .await;
    assert_eq!(outbox.status, Status::Ok);
    assert!(
        outbox.body.contains("报名回执") && outbox.body.contains("待发送"),
        "{}",
        outbox.body
    );
    assert!(!outbox.body.contains("queued: ") && !outbox.body.contains(">application_received<"));
}
