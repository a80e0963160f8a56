//! The journey of issue 11: an applicant with a nomination code applies on a
//! phone, the organizer closes applications and runs the draw on its page,
//! and the applicant sees the offer with its deadline and accepts it.
use std::time::Instant;

use serde_json::json;

use crate::fixtures::{certified_applicant, national_id};
use crate::harness::{Browser, Server, browser_available};
use crate::journeys::open_class;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nominated_applicant_applies_on_a_phone_is_drawn_and_accepts_the_offer() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (org, cohort) = open_class(
        &server,
        json!({"name": "抽签班", "capacity": 2, "selection": {"mode": "draw", "employer_quota": 1}}),
    )
    .await;
    let issued = server
        .post(
            &org,
            &format!("/api/v1/cohorts/{cohort}/nominations"),
            json!({"employer": "绍兴钢构有限公司", "seats": 1}),
        )
        .await;
    let code = issued["codes"][0].as_str().expect("code").to_string();
    // Others from the same employer: with a quota of 1, only the nominated one can win.
    for n in 1..5 {
        server.apply(cohort, &certified_applicant(n)).await;
    }

    let b = Browser::open("nominated", 390, 844, "zh-CN").await;
    b.go(&format!("{}/cohorts/{cohort}", server.base)).await;
    b.sees("公开抽签").await;
    b.sees("每单位最多1人").await;
    b.check_page_basics().await;
    b.go(&format!("{}/cohorts/{cohort}/apply", server.base))
        .await;
    b.type_into("#full_name", "李焊工").await;
    b.type_into("#national_id", &national_id(50)).await;
    b.type_into("#phone", "13912345678").await;
    b.type_into("#email", "li@example.com").await;
    b.type_into("#employer", "绍兴钢构有限公司").await;
    b.type_into("#nomination_code", &code.to_lowercase()).await;
    b.click("#has_certificate").await;
    b.click("#certificate_level option[value='4']").await;
    b.click("#processes").await;
    b.click("#consent").await;
    b.click("form button[type=submit]").await;
    let reference = b.text("#reference").await;
    if !reference.starts_with("GJ-") {
        b.fail(&format!("no reference after applying: {reference:?}"))
            .await;
    }
    let link = b.text("#save-link").await;

    // The organizer closes applications and runs the draw from its page.
    server.move_cohort(&org, cohort, &["closed"]).await;
    let desk = Browser::open("draw-organizer", 1280, 900, "zh-CN").await;
    desk.go(&format!("{}/login", server.base)).await;
    desk.type_into("#email", "org@example.com").await;
    desk.type_into("#password", crate::helpers::PASSWORD).await;
    desk.click("form.form button[type=submit]").await;
    desk.sees("工作台").await;
    desk.go(&format!("{}/cohorts/{cohort}/draw", server.base))
        .await;
    desk.check_page_basics().await;
    desk.click("#run-draw").await;
    desk.sees("抽签完成").await;
    desk.find("#seed").await;
    desk.sees(&reference).await;
    desk.close().await;

    // The applicant opens their link: the offer, its deadline, two big buttons.
    b.go(&link).await;
    b.sees("您获得了一个名额").await;
    b.find("#offer-deadline").await;
    b.sees("第1档").await;
    b.check_page_basics().await;
    let height = b
        .js("return document.querySelector('#accept-offer').getBoundingClientRect().height;")
        .await;
    if height.as_f64().unwrap_or(0.0) < 48.0 {
        b.fail(&format!("the accept button is too small to tap: {height}"))
            .await;
    }
    b.click("#accept-offer").await;
    b.sees("您已接受名额").await;
    let status = b.text("#status").await;
    if !status.contains("已录取") {
        b.fail(&format!("status after accepting: {status:?}")).await;
    }
    b.close().await;
    eprintln!(
        "journey nominated applicant: {:.1}s",
        started.elapsed().as_secs_f64()
    );
}
