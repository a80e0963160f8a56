//! The journeys of issue 8: an applicant on a phone, an ineligible applicant,
//! the organizer on a desktop, a mentor on a phone, and anyone verifying a
//! certificate. Each step asserts what the user sees.
use std::time::Instant;

use serde_json::json;

use crate::fixtures::{certified_applicant, national_id, welding_workshop, wrong_check_digit};
use crate::harness::{Browser, Server, browser_available};

/// The welding class, open now, created through the API as an organizer would.
pub(crate) async fn open_welding_class(server: &Server, capacity: i64) -> (reqwest::Client, i64) {
    open_class(server, json!({"name": "第一期", "capacity": capacity})).await
}

/// A welding class open now, with `fields` over the defaults (a name, a
/// capacity, a selection mode…); the organizer org@example.com creates it.
pub(crate) async fn open_class(
    server: &Server,
    fields: serde_json::Value,
) -> (reqwest::Client, i64) {
    server.user("organizer", "org@example.com", "王组织").await;
    let org = server.api_as("org@example.com").await;
    let w = server
        .post(&org, "/api/v1/workshops", welding_workshop())
        .await;
    let now = chrono::Utc::now();
    let close = now + chrono::Duration::days(10);
    let starts = (close + chrono::Duration::days(5)).date_naive();
    let mut body = json!({
        "applications_open_at": (now - chrono::Duration::hours(1)).to_rfc3339(),
        "applications_close_at": close.to_rfc3339(),
        "starts_on": starts.to_string(), "ends_on": (starts + chrono::Duration::days(20)).to_string(),
        "venue": "绍兴市焊接实训基地"});
    if let (Some(b), Some(extra)) = (body.as_object_mut(), fields.as_object()) {
        b.extend(extra.clone());
    }
    let c = server
        .post(
            &org,
            &format!("/api/v1/workshops/{}/cohorts", w["id"]),
            body,
        )
        .await;
    let id = c["id"].as_i64().expect("cohort id");
    server.move_cohort(&org, id, &["open"]).await;
    (org, id)
}

async fn fill_application(b: &Browser, id_number: &str) {
    b.type_into("#full_name", "李焊工").await;
    b.type_into("#national_id", id_number).await;
    b.type_into("#phone", "13912345678").await;
    b.type_into("#email", "li@example.com").await;
    b.type_into("#employer", "绍兴钢构有限公司").await;
    b.click("#has_certificate").await;
    b.click("#certificate_level option[value='4']").await;
    b.click("#processes").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_applicant_on_a_phone_applies_corrects_a_mistake_and_follows_the_status() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (_, cohort) = open_welding_class(&server, 30).await;
    let b = Browser::open("applicant", 390, 844, "zh-CN").await;

    // Finds the open welding class from the home page.
    b.go(&format!("{}/", server.base)).await;
    b.sees("正在报名的研修班").await;
    b.sees("绍兴工匠高级研修班(焊工方向)").await;
    b.check_page_basics().await;
    b.click(&format!("a.button[href='/cohorts/{cohort}/apply']"))
        .await;
    b.sees("特种作业操作证").await;
    b.check_page_basics().await;

    // Fills the form in Chinese with a wrong check digit, ticks consent, submits.
    fill_application(&b, &wrong_check_digit(&national_id(5))).await;
    b.click("#consent").await;
    b.click("form button[type=submit]").await;
    let summary = b.text("#error-summary").await;
    if !summary.contains("身份证") {
        b.fail(&format!(
            "the error summary does not name the ID field: {summary}"
        ))
        .await;
    }
    // The other answers are kept.
    let kept = b
        .js("return document.querySelector('#full_name').value;")
        .await;
    if kept != json!("李焊工") {
        b.fail(&format!("the name was not kept: {kept}")).await;
    }
    // Corrects it and submits again (consent is kept or ticked again).
    b.type_into("#national_id", &national_id(5)).await;
    let consent = b
        .js("return document.querySelector('#consent').checked;")
        .await;
    if consent != json!(true) {
        b.click("#consent").await;
    }
    b.click("form button[type=submit]").await;
    let reference = b.text("#reference").await;
    if !reference.starts_with("GJ-") {
        b.fail(&format!("no reference after applying: {reference:?}"))
            .await;
    }
    b.sees("待审核").await;
    let link = b.text("#save-link").await;

    // Later, checks the status with the link from the receipt.
    b.go("about:blank").await;
    b.go(&link).await;
    b.sees(&reference).await;
    let status = b.text("#status").await;
    if !status.contains("待审核") {
        b.fail(&format!("status shows {status:?}")).await;
    }
    b.check_page_basics().await;
    b.close().await;
    eprintln!("journey applicant: {:.1}s", started.elapsed().as_secs_f64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ineligible_applicant_sees_the_reasons_in_words() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (_, cohort) = open_welding_class(&server, 30).await;
    let b = Browser::open("ineligible", 390, 844, "zh-CN").await;
    b.go(&format!("{}/cohorts/{cohort}/apply", server.base))
        .await;
    fill_application(&b, &national_id(9)).await;
    // A beginner (level 5) certificate and only two years of welding.
    b.click("#certificate_level option[value='5']").await;
    let two_years_ago = (chrono::Utc::now() - chrono::Duration::days(730)).date_naive();
    b.js(&format!(
        "document.querySelector('#started_trade_on').value = '{two_years_ago}';"
    ))
    .await;
    b.click("#consent").await;
    b.click("form button[type=submit]").await;
    b.find("#outcome").await;
    let text = b.body_text().await;
    for needle in ["不符合", "中级工", "初级工"] {
        if !text.contains(needle) {
            b.fail(&format!("the reasons do not say {needle:?}: {text}"))
                .await;
        }
    }
    b.sees("满8年").await;
    b.close().await;
    eprintln!(
        "journey ineligible: {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organizer_reviews_admits_in_bulk_approves_and_announces_on_a_desktop() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (_, cohort) = open_welding_class(&server, 3).await;
    for n in 0..4 {
        server.apply(cohort, &certified_applicant(n)).await;
    }
    let b = Browser::open("organizer", 1280, 900, "zh-CN").await;

    // Signs in.
    b.go(&format!("{}/login", server.base)).await;
    b.check_page_basics().await;
    b.type_into("#email", "org@example.com").await;
    b.type_into("#password", crate::helpers::PASSWORD).await;
    b.click("form.form button[type=submit]").await;
    b.sees("工作台").await;

    // Reviews: masked IDs only, then admits all four in bulk (one over capacity).
    b.go(&format!("{}/cohorts/{cohort}/manage", server.base))
        .await;
    let page = b.body_text().await;
    if page.contains(&national_id(0)) || !page.contains("330602********") {
        b.fail("the review page does not mask the IDs").await;
    }
    b.check_page_basics().await;
    b.js("document.querySelectorAll('input[type=checkbox][id^=sel-]').forEach(c => c.checked = true);").await;
    b.click("button[name=decision][value=admit]").await;
    // The count is confirmed before anything is decided or mailed.
    b.sees("将 4 人录取，并发送通知").await;
    b.check_page_basics().await;
    b.click("#confirm-button").await;
    b.sees("已录取3人").await;
    b.sees("名额已满").await;

    // Closes and approves the roster.
    b.click("button[data-to=closed]").await;
    b.click("button[data-to=approved]").await;
    b.sees("名单已确定").await;

    // Sends an announcement from the outbox page.
    b.go(&format!("{}/cohorts/{cohort}/outbox", server.base))
        .await;
    b.check_page_basics().await;
    b.type_into("#subject", "开班前请带好劳保用品").await;
    b.type_into(
        "#body",
        "各位学员:请于开班当天8点到焊接实训基地报到,带好焊接面罩和劳保鞋。",
    )
    .await;
    b.click("form[action$='/outbox'] button[type=submit]").await;
    b.sees("通知已排队").await;
    b.sees("开班前请带好劳保用品").await;

    // Downloads the Excel roster with the browser's session.
    let cookie = b.cookie_header().await;
    let r = reqwest::Client::new()
        .get(format!(
            "{}/api/v1/cohorts/{cohort}/exports/roster.xlsx",
            server.base
        ))
        .header("Cookie", cookie)
        .send()
        .await
        .expect("download");
    let status = r.status();
    let bytes = r.bytes().await.unwrap_or_default();
    if !status.is_success() || !bytes.starts_with(b"PK") {
        b.fail(&format!("the Excel roster did not download: {status}"))
            .await;
    }
    b.close().await;
    eprintln!("journey organizer: {:.1}s", started.elapsed().as_secs_f64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_switch_is_remembered_across_pages() {
    if !browser_available() {
        return;
    }
    let server = Server::start().await;
    let (_, cohort) = open_welding_class(&server, 30).await;
    let b = Browser::open("english", 390, 844, "zh-CN").await;
    b.go(&format!("{}/", server.base)).await;
    b.sees("正在报名的研修班").await;
    b.click("a[href^='/lang/en']").await;
    b.sees("Cohorts open for applications").await;
    for path in [
        format!("/cohorts/{cohort}"),
        format!("/cohorts/{cohort}/apply"),
        "/login".to_string(),
        "/applications".to_string(),
    ] {
        b.go(&format!("{}{path}", server.base)).await;
        let lang = b.js("return document.documentElement.lang;").await;
        if lang != json!("en") {
            b.fail(&format!(
                "{path} is not in English after the switch: lang={lang}"
            ))
            .await;
        }
        b.check_page_basics().await;
    }
    b.close().await;
}

/// An approved class with two participants paired to 丁卫松 and one session
/// starting at `starts`; returns (organizer API client, cohort, session, participant ids).
pub(crate) async fn approved_class_with_mentor(
    server: &Server,
    starts: chrono::DateTime<chrono::Utc>,
) -> (reqwest::Client, i64, i64, Vec<i64>) {
    let (org, cohort) = open_welding_class(server, 5).await;
    server.user("mentor", "ding@example.com", "丁卫松").await;
    let mut ids = vec![];
    for n in 0..2 {
        let id = server.apply(cohort, &certified_applicant(n)).await;
        server
            .post(
                &org,
                &format!("/api/v1/applications/{id}/decision"),
                json!({"decision": "admit"}),
            )
            .await;
        ids.push(id);
    }
    server
        .post(&org, &format!("/api/v1/cohorts/{cohort}/mentors"),
              json!({"email": "ding@example.com", "capacity": 4, "processes": ["GTAW", "SMAW"], "employer": "绍兴焊接实训基地"}))
        .await;
    server
        .move_cohort(&org, cohort, &["closed", "approved"])
        .await;
    server
        .post(
            &org,
            &format!("/api/v1/cohorts/{cohort}/assignments/auto"),
            json!({}),
        )
        .await;
    let s = server
        .post(&org, &format!("/api/v1/cohorts/{cohort}/sessions"),
              json!({"title": "实操:板对接平焊", "kind": "practical", "starts_at": starts.to_rfc3339(),
                     "ends_at": (starts + chrono::Duration::hours(3)).to_rfc3339(), "venue": "焊接实训车间"}))
        .await;
    (org, cohort, s["id"].as_i64().expect("session"), ids)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_on_a_phone_marks_attendance_and_records_an_assessment() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    // Under way for half an hour: before its start only leave can be recorded.
    let (_, _, session, ids) =
        approved_class_with_mentor(&server, chrono::Utc::now() - chrono::Duration::minutes(30))
            .await;
    let b = Browser::open("mentor", 390, 844, "zh-CN").await;
    b.go(&format!("{}/login?next=/mentor", server.base)).await;
    b.type_into("#email", "ding@example.com").await;
    b.type_into("#password", crate::helpers::PASSWORD).await;
    b.click("form.form button[type=submit]").await;
    b.sees("张焊工").await;
    b.check_page_basics().await;

    // The session's sheet: nobody is ticked by default; one tap marks the first late.
    b.go(&format!("{}/sessions/{session}/attendance", server.base))
        .await;
    b.check_page_basics().await;
    let present = b
        .js("return document.querySelectorAll('input[type=radio][value=present]:checked').length;")
        .await;
    if present != json!(0) {
        b.fail(&format!("someone starts as present: {present}"))
            .await;
    }
    b.click("#row-0 label.m-late").await;
    b.click("button.m-save").await;
    b.sees("迟到").await;
    let late = b
        .js("return document.querySelectorAll('input[type=radio][value=late]:checked').length;")
        .await;
    if late != json!(1) {
        b.fail(&format!("the late mark did not stay: {late}")).await;
    }

    // An assessment for the first participant.
    b.go(&format!(
        "{}/participants/{}/assessment",
        server.base, ids[0]
    ))
    .await;
    b.check_page_basics().await;
    b.type_into("#scores_visual", "25").await;
    b.type_into("#scores_bend", "30").await;
    b.type_into("#scores_theory", "20").await;
    b.type_into("#comment", "焊缝成形良好,注意收弧。").await;
    b.click("form[action$='/assessment'] button[type=submit]")
        .await;
    let result = b.text("#result").await;
    if !result.contains("75") {
        b.fail(&format!("the result does not show 75 points: {result}"))
            .await;
    }
    b.close().await;
    eprintln!("journey mentor: {:.1}s", started.elapsed().as_secs_f64());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_verifies_a_certificate_by_its_code() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (org, cohort, session, ids) =
        approved_class_with_mentor(&server, chrono::Utc::now() - chrono::Duration::hours(4)).await;
    let mentor = server.api_as("ding@example.com").await;
    let records: Vec<_> = ids
        .iter()
        .map(|id| json!({"participant_id": id, "status": "present"}))
        .collect();
    server
        .put(
            &mentor,
            &format!("/api/v1/sessions/{session}/attendance"),
            json!({"records": records}),
        )
        .await;
    server
        .post(
            &mentor,
            &format!("/api/v1/participants/{}/assessments", ids[0]),
            json!({"scores": {"visual": 25, "bend": 30, "theory": 20}, "comment": "合格"}),
        )
        .await;
    server
        .move_cohort(&org, cohort, &["running", "completed"])
        .await;
    server
        .post(
            &org,
            &format!("/api/v1/cohorts/{cohort}/certificates"),
            json!({}),
        )
        .await;
    let list: serde_json::Value = org
        .get(format!(
            "{}/api/v1/cohorts/{cohort}/certificates",
            server.base
        ))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let code = list[0]["code"].as_str().expect("a certificate").to_string();

    let b = Browser::open("verify", 390, 844, "zh-CN").await;
    b.go(&format!("{}/verify", server.base)).await;
    b.check_page_basics().await;
    b.type_into("#code", &code.to_lowercase()).await;
    b.click("form button[type=submit]").await;
    b.sees("张*工").await;
    b.sees("绍兴工匠高级研修班(焊工方向)").await;
    let page = b.body_text().await;
    if page.contains("张焊工") {
        b.fail("the verification page shows the full name").await;
    }
    // An unknown code says so.
    b.go(&format!("{}/verify/ZZZZZZZZZZZZ", server.base)).await;
    b.sees("找不到").await;
    b.close().await;
    eprintln!("journey verify: {:.1}s", started.elapsed().as_secs_f64());
}
