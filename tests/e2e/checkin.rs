//! Self check-in on a phone: the participant who opened their status link on
//! this phone scans the mentor's QR (the test reads the link the QR encodes
//! from the mentor's QR page) and checks in with one tap; the mentor's sheet
//! then shows the self check-in.
use std::time::Instant;

use serde_json::json;

use crate::fixtures::certified_applicant;
use crate::harness::{Browser, Server, browser_available};
use crate::journeys::open_welding_class;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_participant_checks_in_by_the_qr_link_on_a_phone() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (org, cohort) = open_welding_class(&server, 5).await;
    server.user("mentor", "ding@example.com", "丁卫松").await;
    let mut applicant = certified_applicant(0);
    applicant["full_name"] = json!("张焊工");
    let applied = server
        .post(
            &reqwest::Client::new(),
            &format!("/api/v1/cohorts/{cohort}/applications"),
            applicant,
        )
        .await;
    let id = applied["id"].as_i64().expect("id");
    let reference = applied["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    let token = applied["status_token"].as_str().expect("token").to_string();
    server
        .post(
            &org,
            &format!("/api/v1/applications/{id}/decision"),
            json!({"decision": "admit"}),
        )
        .await;
    server
        .post(&org, &format!("/api/v1/cohorts/{cohort}/mentors"),
              json!({"email": "ding@example.com", "capacity": 4, "processes": ["SMAW"], "employer": "绍兴焊接实训基地"}))
        .await;
    server
        .move_cohort(&org, cohort, &["closed", "approved"])
        .await;
    let starts = chrono::Utc::now() - chrono::Duration::minutes(5);
    let s = server
        .post(&org, &format!("/api/v1/cohorts/{cohort}/sessions"),
              json!({"title": "实操:板对接平焊", "kind": "practical", "starts_at": starts.to_rfc3339(),
                     "ends_at": (starts + chrono::Duration::hours(3)).to_rfc3339(), "venue": "焊接实训车间"}))
        .await;
    let session = s["id"].as_i64().expect("session");

    // The mentor opens the full-screen QR on their phone.
    let mentor = Browser::open("checkin-mentor", 390, 844, "zh-CN").await;
    mentor
        .go(&format!(
            "{}/login?next=/sessions/{session}/attendance",
            server.base
        ))
        .await;
    mentor.type_into("#email", "ding@example.com").await;
    mentor
        .type_into("#password", crate::helpers::PASSWORD)
        .await;
    mentor.click("form.form button[type=submit]").await;
    mentor.sees("未记录").await;
    mentor.click("#open-checkin-qr").await;
    mentor.find("#checkin-qr svg").await;
    mentor.check_page_basics().await;
    let link = mentor
        .js("return document.querySelector('#checkin-qr').dataset.url;")
        .await;
    let link = link.as_str().unwrap_or_default().to_string();
    if !link.contains(&format!("/sessions/{session}/checkin?code=")) {
        mentor
            .fail(&format!("the QR page carries no check-in link: {link:?}"))
            .await;
    }

    // The participant's phone knows them from their status link.
    let phone = Browser::open("checkin-participant", 390, 844, "zh-CN").await;
    phone
        .go(&format!(
            "{}/applications/{reference}?token={token}",
            server.base
        ))
        .await;
    phone.sees(&reference).await;
    phone.go(&link).await;
    phone.check_page_basics().await;
    let me = phone.text("#checkin-me").await;
    if me != "张焊工" {
        phone
            .fail(&format!("the phone does not know who this is: {me:?}"))
            .await;
    }
    phone.click("#checkin-button").await;
    phone.sees("签到成功").await;
    let status = phone.text("#checkin-status").await;
    if status != "出勤" {
        phone
            .fail(&format!("checked in as {status:?}, not present"))
            .await;
    }
    phone.close().await;

    // The mentor's sheet shows it, marked as a self check-in.
    mentor
        .go(&format!("{}/sessions/{session}/attendance", server.base))
        .await;
    mentor.sees("自助签到").await;
    let ticked = mentor
        .js("return document.querySelectorAll('#row-0 input[value=present]:checked').length;")
        .await;
    if ticked != json!(1) {
        mentor
            .fail(&format!("the self check-in is not on the sheet: {ticked}"))
            .await;
    }
    mentor.close().await;
    eprintln!(
        "journey self check-in: {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
