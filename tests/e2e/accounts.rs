//! Staff on a 360 px phone (#18): a mentor keeps the phone signed in for 30
//! days, finds it under "My devices", signs it out there, resets a forgotten
//! password by mail; the organizer's mentoring and report pages. axe-core
//! checks every page on the way.
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::harness::{Browser, Server, browser_available};
use crate::journeys::approved_class_with_mentor;

/// The reset link of the last reset mail queued (the mail folder's copy of it).
async fn last_reset_link(server: &Server) -> String {
    use gongjiang::entity::notice::{Column, Entity};
    let n = Entity::find()
        .filter(Column::Kind.eq("password_reset"))
        .order_by_desc(Column::Id)
        .one(&server.db)
        .await
        .expect("notices")
        .expect("a reset mail");
    let start = n.body_text.find("http").expect("a link in the mail");
    let rest = &n.body_text[start..];
    rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())].to_string()
}

async fn sign_in(b: &Browser, server: &Server, email: &str, password: &str, remember: bool) {
    b.go(&format!("{}/login", server.base)).await;
    b.check_page_basics().await;
    b.type_into("#email", email).await;
    b.type_into("#password", password).await;
    if remember {
        b.click("label[for=remember]").await;
    }
    b.click("form.form button[type=submit]").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mentor_keeps_the_phone_signed_in_signs_it_out_and_resets_the_password() {
    if !browser_available() {
        return;
    }
    let server = Server::start().await;
    let (_, cohort, _, _) =
        approved_class_with_mentor(&server, Utc::now() + Duration::hours(2)).await;
    let b = Browser::open("accounts", 360, 780, "zh-CN").await;

    // Signs in once, ticking "keep me signed in for 30 days": straight to the mentor page.
    sign_in(
        &b,
        &server,
        "ding@example.com",
        crate::helpers::PASSWORD,
        true,
    )
    .await;
    b.sees("张焊工").await;
    b.check_page_basics().await;
    let short = b
        .js("return Array.from(document.querySelectorAll('main a, main button')).filter(e => e.offsetParent && e.getBoundingClientRect().height < 44).map(e => e.textContent.trim()).slice(0, 5);")
        .await;
    if short.as_array().is_some_and(|a| !a.is_empty()) {
        b.fail(&format!(
            "tap targets under 44 px on the mentor page: {short}"
        ))
        .await;
    }

    // The next morning the 12-hour session is over; the phone is still signed in.
    {
        use gongjiang::entity::auth_session::{Column, Entity};
        Entity::update_many()
            .col_expr(
                Column::ExpiresAt,
                Expr::value(Utc::now() - Duration::minutes(1)),
            )
            .exec(&server.db)
            .await
            .expect("expire sessions");
    }
    b.go(&format!("{}/mentor", server.base)).await;
    b.sees("张焊工").await;

    // My devices lists this phone; signing it out there ends the sign-in.
    b.click("a[href='/account/devices']").await;
    b.sees("当前设备").await;
    b.check_page_basics().await;
    b.click("#devices form button[type=submit]").await;
    b.sees("工作人员登录").await;
    b.go(&format!("{}/mentor", server.base)).await;
    b.sees("工作人员登录").await;

    // Forgot the password: the link in the mail sets a new one.
    b.click("#forgot-link").await;
    b.check_page_basics().await;
    b.type_into("#email", "ding@example.com").await;
    b.click("form.form button[type=submit]").await;
    b.sees("请查收邮件").await;
    b.check_page_basics().await;
    let link = last_reset_link(&server).await;
    b.go(&link).await;
    b.check_page_basics().await;
    b.type_into("#password", "a brand new password").await;
    b.type_into("#password_confirm", "a brand new password")
        .await;
    b.click("form.form button[type=submit]").await;
    b.sees("新密码已设置").await;
    b.check_page_basics().await;
    b.go(&link).await;
    b.sees("已经用过了").await;
    b.check_page_basics().await;
    sign_in(
        &b,
        &server,
        "ding@example.com",
        "a brand new password",
        false,
    )
    .await;
    b.sees("张焊工").await;

    // The organizer's mentoring and report pages, on the same phone.
    b.click("header form[action='/logout'] button").await;
    b.sees("正在报名的研修班").await;
    sign_in(
        &b,
        &server,
        "org@example.com",
        crate::helpers::PASSWORD,
        false,
    )
    .await;
    b.sees("工作台").await;
    for path in [
        format!("/cohorts/{cohort}/mentoring"),
        format!("/cohorts/{cohort}/reports"),
    ] {
        b.go(&format!("{}{path}", server.base)).await;
        b.check_page_basics().await;
    }
    b.close().await;
}
