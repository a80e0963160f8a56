//! The organizer at the desk with one application (issue 18): from the review
//! list to the page of one application, a reveal of the phone that is
//! recorded, a decision there, then the roster with contacts downloaded from
//! the reports page through its own form (a POST with the page's token).
use std::time::Instant;

use crate::fixtures::{certified_applicant, national_id, phone};
use crate::harness::{Browser, Server, browser_available};
use crate::journeys::open_welding_class;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organizer_opens_one_application_reveals_the_phone_admits_and_downloads_the_contacts() {
    if !browser_available() {
        return;
    }
    let started = Instant::now();
    let server = Server::start().await;
    let (_, cohort) = open_welding_class(&server, 5).await;
    for n in 0..2 {
        server.apply(cohort, &certified_applicant(n)).await;
    }
    let b = Browser::open("desk", 1280, 900, "zh-CN").await;
    b.go(&format!("{}/login", server.base)).await;
    b.type_into("#email", "org@example.com").await;
    b.type_into("#password", crate::helpers::PASSWORD).await;
    b.click("form.form button[type=submit]").await;
    b.sees("工作台").await;

    // From the review list to the first application's own page.
    b.go(&format!("{}/cohorts/{cohort}/manage", server.base))
        .await;
    b.click("td a[href*='/applications/']").await;
    b.sees("查看完整手机号").await;
    b.check_page_basics().await;
    let page = b.body_text().await;
    if page.contains(&national_id(0)) || page.contains(&phone(0)) {
        b.fail("the application page shows a full ID or phone before any reveal")
            .await;
    }

    // The full phone, once, with a note that the look was recorded.
    b.click("#reveal-phone").await;
    b.sees("本次查看已记录在审核日志中").await;
    b.check_page_basics().await;
    let revealed = b.text("#revealed-phone").await;
    if revealed != phone(0) && revealed != phone(1) {
        b.fail(&format!("the revealed phone is {revealed:?}")).await;
    }

    // Admits from this page.
    b.click("#decide-form button[value=admit]").await;
    b.sees("已录取").await;
    b.check_page_basics().await;

    // The reports page, then the contacts through the page's own form.
    b.go(&format!("{}/cohorts/{cohort}/reports", server.base))
        .await;
    b.sees("学员通讯录").await;
    b.check_page_basics().await;
    let got = b
        .js(r#"
            const form = document.querySelector("form[action$='/contacts.csv']");
            return fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})
                .then(async r => [r.status, r.headers.get('content-disposition') || '', await r.text()]);
        "#)
        .await;
    let status = got[0].as_i64().unwrap_or_default();
    let disposition = got[1].as_str().unwrap_or_default();
    let csv = got[2].as_str().unwrap_or_default();
    if status != 200 || !disposition.contains("attachment") {
        b.fail(&format!(
            "the contacts download answered {status} {disposition:?}"
        ))
        .await;
    }
    if !(csv.contains(&phone(0)) || csv.contains(&phone(1))) || csv.lines().count() != 2 {
        b.fail(&format!(
            "the contacts file is not one admitted participant with the full phone: {csv:?}"
        ))
        .await;
    }
    b.close().await;
    eprintln!("journey desk: {:.1}s", started.elapsed().as_secs_f64());
}
