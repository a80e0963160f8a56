//! Nobody locked out, staff side (#18): a remembered device keeps a mentor
//! signed in for 30 days until it is revoked or signed out; a forgotten
//! password is reset by mail, once, without telling who has an account; an
//! amended assessment keeps its comment and mails only real news.
use std::time::Duration as StdDuration;

use rocket::http::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, Who};
use crate::mentoring_setup::{DING, count_sql, mentored_class};
use crate::smtp::SmtpSink;

const WECHAT_UA: &str = "Mozilla/5.0 (Linux; Android 13; V2183A; wv) AppleWebKit/537.36 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.47.2560 WeChat/arm64";

async fn with_mail() -> (SmtpSink, TestApp) {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app =
        TestApp::spawn_with(move |f| f.merge(("smtp_url", url)).merge(("mail_sender", true))).await;
    (sink, app)
}

/// Every raw `Set-Cookie` header of a response for cookie `name`.
fn set_cookie<'a>(r: &'a crate::helpers::Resp, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Set-Cookie"))
        .map(|(_, v)| v.as_str())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// Signs in through the sign-in page, as a phone's browser does.
async fn sign_in_page(
    app: &TestApp,
    email: &str,
    password: &str,
    remember: bool,
) -> (crate::helpers::Resp, Who) {
    let browser = Who::anonymous().with_header("User-Agent", WECHAT_UA);
    let (token, who) = app.csrf_for("/login", &browser).await;
    let mut fields = vec![
        ("csrf", token.as_str()),
        ("email", email),
        ("password", password),
    ];
    if remember {
        fields.push(("remember", "true"));
    }
    let r = app.post_form("/login", &who, &fields).await;
    let mut who = who;
    for name in ["gj_session", "gj_device"] {
        if let Some(v) = r.cookie(name) {
            who.cookies.retain(|(k, _)| k != name);
            who.cookies.push((name.into(), v.to_string()));
        }
    }
    (r, who)
}

fn without(who: &Who, name: &str) -> Who {
    let mut w = who.clone();
    w.cookies.retain(|(k, _)| k != name);
    w
}

fn a_minute_ago() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now() - chrono::Duration::minutes(1)
}

/// The 12-hour sessions run out (written as the service writes times).
async fn expire_sessions(app: &TestApp) {
    use gongjiang::entity::auth_session::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::ExpiresAt, Expr::value(a_minute_ago()))
        .exec(app.db())
        .await
        .expect("expire sessions");
}

async fn live_devices(app: &TestApp) -> u64 {
    use gongjiang::entity::remembered_device::{Column, Entity};
    Entity::find()
        .filter(Column::ExpiresAt.gt(chrono::Utc::now()))
        .count(app.db())
        .await
        .expect("count devices")
}

#[rocket::async_test]
async fn a_remembered_device_signs_in_again_for_30_days_until_it_is_revoked() {
    let app = TestApp::spawn().await;
    app.create_user("mentor", DING, "丁卫松").await;
    let login = app.get("/login", &Who::anonymous()).await;
    assert!(
        login.body.contains("在此设备上保持登录 30 天"),
        "{}",
        login.body
    );
    assert!(login.body.contains("name=\"remember\""));

    let (r, who) = sign_in_page(&app, DING, PASSWORD, true).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(r.header("Location"), Some("/mentor"));
    let cookie = set_cookie(&r, "gj_device").expect("a device cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=2592000"), "30 days: {cookie}");
    assert!(
        !cookie.contains("Secure"),
        "plain http public URL: {cookie}"
    );
    assert_eq!(app.count("remembered_devices").await, 1);

    // The 12-hour session runs out; the device starts a new one.
    expire_sessions(&app).await;
    let home = app.get("/mentor", &who).await;
    assert_eq!(home.status, Status::Ok, "{}", home.body);
    assert!(
        home.cookie("gj_session").is_some(),
        "a fresh session cookie"
    );
    // Without the device cookie the expired session is nothing.
    let bare = app.get("/mentor", &without(&who, "gj_device")).await;
    assert_eq!(bare.status, Status::SeeOther);

    // My devices: the WeChat phone, marked as this one.
    let page = app.get("/account/devices", &who).await;
    assert_eq!(page.status, Status::Ok, "{}", page.body);
    assert!(
        page.body.contains("WeChat · Android") && page.body.contains("当前设备"),
        "{}",
        page.body
    );
    let id = count_sql(&app, "SELECT MAX(id) AS n FROM remembered_devices").await;
    let revoke = format!("/account/devices/{id}/revoke");
    assert!(page.body.contains(&format!("action=\"{revoke}\"")));

    // Someone else cannot revoke it; a form without its token changes nothing.
    app.create_user("mentor", "other@example.com", "朱致挺")
        .await;
    let other = app.login("other@example.com").await;
    let (t, other) = app.csrf_for("/account/devices", &other).await;
    let r = app.post_form(&revoke, &other, &[("csrf", &t)]).await;
    assert_eq!(r.status, Status::NotFound, "{}", r.body);
    let r = app.post_form(&revoke, &who, &[("csrf", "forged")]).await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert_eq!(app.count("remembered_devices").await, 1);

    // Revoked from another browser of the same person: the phone is out at once.
    let desk = app.login(DING).await;
    let (t, desk) = app.csrf_for("/account/devices", &desk).await;
    let r = app.post_form(&revoke, &desk, &[("csrf", &t)]).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let mut desk = desk;
    desk.cookies.push((
        "_flash".into(),
        r.cookie("_flash").expect("a message").to_string(),
    ));
    let after = app.get("/account/devices", &desk).await;
    assert!(after.body.contains("已退出这台设备"), "{}", after.body);
    assert!(after.body.contains("id=\"no-devices\""));
    let phone = app.get("/mentor", &who).await;
    assert_eq!(phone.status, Status::SeeOther, "the phone's session ended");
    assert_eq!(app.count("remembered_devices").await, 0);
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'device.revoke'";
    assert_eq!(count_sql(&app, audited).await, 1);
}

#[rocket::async_test]
async fn an_expired_device_starts_nothing_and_signing_out_forgets_the_device() {
    let app = TestApp::spawn().await;
    app.create_user("mentor", DING, "丁卫松").await;
    let (_, who) = sign_in_page(&app, DING, PASSWORD, true).await;
    {
        use gongjiang::entity::remembered_device::{Column, Entity};
        Entity::update_many()
            .col_expr(Column::ExpiresAt, Expr::value(a_minute_ago()))
            .exec(app.db())
            .await
            .expect("expire device");
    }
    expire_sessions(&app).await;
    assert_eq!(app.get("/mentor", &who).await.status, Status::SeeOther);

    // Without "keep me signed in" no device is remembered.
    let (r, _) = sign_in_page(&app, DING, PASSWORD, false).await;
    assert_eq!(r.status, Status::SeeOther);
    assert!(set_cookie(&r, "gj_device").is_none());

    let (_, who) = sign_in_page(&app, DING, PASSWORD, true).await;
    assert_eq!(live_devices(&app).await, 1);
    let (t, who) = app.csrf_for("/account/devices", &who).await;
    let out = app.post_form("/logout", &who, &[("csrf", &t)]).await;
    assert_eq!(out.status, Status::SeeOther, "{}", out.body);
    assert_eq!(
        live_devices(&app).await,
        0,
        "signing out forgets the device"
    );
    // The device cookie, kept by a careless browser, starts nothing.
    assert_eq!(
        app.get("/mentor", &without(&who, "gj_session"))
            .await
            .status,
        Status::SeeOther
    );
}

#[rocket::async_test]
async fn the_device_cookie_is_secure_under_an_https_public_url() {
    let app =
        TestApp::spawn_with(|f| f.merge(("public_url", "https://gongjiang.example.org"))).await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": "org@example.com", "password": PASSWORD, "remember": true}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let cookie = set_cookie(&r, "gj_device").expect("a device cookie");
    assert!(
        cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

/// The reset link in a mail's text part, as a path on this service.
fn reset_link_in(text: &str) -> String {
    let start = text
        .find("/password/reset/")
        .expect("a reset link in the mail");
    let rest = &text[start..];
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    rest[..end].to_string()
}

async fn ask_reset(app: &TestApp, email: &str) -> crate::helpers::Resp {
    let (t, who) = app.csrf_for("/password/forgot", &Who::anonymous()).await;
    app.post_form("/password/forgot", &who, &[("csrf", &t), ("email", email)])
        .await
}

async fn set_password(
    app: &TestApp,
    link: &str,
    password: &str,
    confirm: &str,
) -> crate::helpers::Resp {
    let (t, who) = app.csrf_for("/password/forgot", &Who::anonymous()).await;
    app.post_form(
        link,
        &who,
        &[
            ("csrf", &t),
            ("password", password),
            ("password_confirm", confirm),
        ],
    )
    .await
}

#[rocket::async_test]
async fn a_reset_link_arrives_by_mail_works_once_and_ends_every_session() {
    let (sink, app) = with_mail().await;
    app.create_user("mentor", DING, "丁卫松").await;
    let (_, phone) = sign_in_page(&app, DING, PASSWORD, true).await;
    let desk = app.login(DING).await;
    let login = app.get("/login", &Who::anonymous()).await;
    assert!(login.body.contains("href=\"/password/forgot\"") && login.body.contains("忘记密码？"));

    let r = ask_reset(&app, " Ding@Example.com ").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(r.body.contains("id=\"forgot-sent\""), "{}", r.body);
    assert!(
        sink.wait_for(1, StdDuration::from_secs(15)).await,
        "the mail arrives"
    );
    let mail = &sink.received()[0];
    assert_eq!(mail.to, vec![DING.to_string()]);
    assert!(mail.subject().contains("重新设置"), "{}", mail.subject());
    let text = mail.part("text/plain").unwrap_or_default();
    let link = reset_link_in(&text);
    assert!(
        mail.html_as_read().unwrap_or_default().contains(&link),
        "the HTML part has the link too"
    );
    // Only the token's hash is stored.
    let token = link.trim_start_matches("/password/reset/");
    let stored = format!("SELECT COUNT(*) AS n FROM password_resets WHERE token_hash = '{token}'");
    assert_eq!(count_sql(&app, &stored).await, 0);

    // The staff's outbox never shows the link.
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let org = app.login("org@example.com").await;
    let id = count_sql(&app, "SELECT MAX(id) AS n FROM notices").await;
    let preview = app.get(&format!("/notices/{id}/preview"), &org).await;
    assert_eq!(preview.status, Status::Ok, "{}", preview.body);
    assert!(
        !preview.body.contains(token) && preview.body.contains("重设密码"),
        "{}",
        preview.body
    );

    // The link opens the form; the rules are those of every password.
    let form = app.get(&link, &Who::anonymous()).await;
    assert_eq!(form.status, Status::Ok, "{}", form.body);
    assert!(form.body.contains("autocomplete=\"new-password\""));
    let bad = set_password(&app, &link, "short", "shorter").await;
    assert_eq!(bad.status, Status::UnprocessableEntity, "{}", bad.body);
    assert!(
        bad.body.contains("href=\"#password\"") && bad.body.contains("href=\"#password_confirm\""),
        "{}",
        bad.body
    );
    assert!(bad.body.contains("至少需要10个字符") && bad.body.contains("两次输入的密码不一致"));
    let new_password = "a new long password";
    let done = set_password(&app, &link, new_password, new_password).await;
    assert_eq!(done.status, Status::Ok, "{}", done.body);
    assert!(done.body.contains("id=\"reset-done\""), "{}", done.body);

    // Every session and remembered device of the account has ended.
    for who in [&phone, &desk, &without(&phone, "gj_session")] {
        assert_eq!(
            app.get("/api/v1/auth/me", who).await.status,
            Status::Unauthorized
        );
    }
    let of_ding = |t: &str| {
        format!(
            "SELECT COUNT(*) AS n FROM {t} WHERE user_id = (SELECT id FROM users WHERE email = '{DING}')"
        )
    };
    assert_eq!(count_sql(&app, &of_ding("auth_sessions")).await, 0);
    assert_eq!(count_sql(&app, &of_ding("remembered_devices")).await, 0);
    let old = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": DING, "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status, Status::Unauthorized);
    let new = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": DING, "password": new_password}),
        )
        .await;
    assert_eq!(new.status, Status::Ok, "{}", new.body);

    // Once only.
    let again = app.get(&link, &Who::anonymous()).await;
    assert_eq!(again.status, Status::Gone, "{}", again.body);
    assert!(again.body.contains("已经用过了") && again.body.contains("href=\"/password/forgot\""));
    let again = set_password(&app, &link, "yet another password", "yet another password").await;
    assert_eq!(again.status, Status::Gone);
    let login_again = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": DING, "password": "yet another password"}),
        )
        .await;
    assert_eq!(
        login_again.status,
        Status::Unauthorized,
        "the used link changed nothing"
    );

    // A forged link, and an expired one.
    let forged = app
        .get("/password/reset/not-a-token-we-issued", &Who::anonymous())
        .await;
    assert_eq!(forged.status, Status::NotFound);
    assert!(forged.body.contains("id=\"reset-refused\"") && forged.body.contains("复制得不完整"));
    let r = ask_reset(&app, DING).await;
    assert_eq!(r.status, Status::Ok);
    assert!(sink.wait_for(2, StdDuration::from_secs(15)).await);
    let second = reset_link_in(&sink.received()[1].part("text/plain").unwrap_or_default());
    {
        use gongjiang::entity::password_reset::{Column, Entity};
        Entity::update_many()
            .col_expr(Column::ExpiresAt, Expr::value(a_minute_ago()))
            .filter(Column::UsedAt.is_null())
            .exec(app.db())
            .await
            .expect("expire the link");
    }
    let expired = app.get(&second, &Who::anonymous()).await;
    assert_eq!(expired.status, Status::Gone);
    assert!(expired.body.contains("已经过期"), "{}", expired.body);
    let expired = set_password(
        &app,
        &second,
        "yet another password",
        "yet another password",
    )
    .await;
    assert_eq!(expired.status, Status::Gone);
    println!("FIGURES password_reset: mails=2 link_uses=1 sessions_left=0 devices_left=0");
}

#[rocket::async_test]
async fn an_unknown_email_gets_the_same_answer_and_no_mail() {
    let (sink, app) = with_mail().await;
    app.create_user("mentor", DING, "丁卫松").await;
    let unknown = ask_reset(&app, "nobody@example.com").await;
    let known = ask_reset(&app, DING).await;
    assert_eq!(unknown.status, Status::Ok);
    assert_eq!(
        (unknown.status, unknown.body.clone()),
        (known.status, known.body.clone()),
        "the same page"
    );
    assert!(sink.wait_for(1, StdDuration::from_secs(15)).await);
    tokio::time::sleep(StdDuration::from_millis(500)).await;
    assert_eq!(sink.count(), 1, "only the known address got mail");
    assert_eq!(sink.received()[0].to, vec![DING.to_string()]);
    assert_eq!(app.count("password_resets").await, 1);
    // A malformed address is a field error, not a 500.
    let bad = ask_reset(&app, "not an email").await;
    assert_eq!(bad.status, Status::UnprocessableEntity, "{}", bad.body);
    assert!(bad.body.contains("href=\"#email\""));
}

#[rocket::async_test]
async fn reset_requests_are_throttled_per_address_and_per_client() {
    let app = TestApp::spawn().await;
    let mut statuses = vec![];
    for _ in 0..6 {
        statuses.push(ask_reset(&app, "ding@example.com").await.status.code);
    }
    assert_eq!(statuses, vec![200, 200, 200, 200, 200, 429]);
    let r = ask_reset(&app, "DING@example.com").await;
    assert_eq!(r.status, Status::TooManyRequests);
    let wait: u64 = r
        .header("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(wait > 0 && wait <= 15 * 60, "{wait}");

    // Across addresses, one client may ask 20 times.
    let mut statuses = vec![];
    for n in 0..16 {
        statuses.push(
            ask_reset(&app, &format!("someone{n}@example.com"))
                .await
                .status
                .code,
        );
    }
    assert_eq!(statuses[..15], [200; 15]);
    assert_eq!(statuses[15], 429);
}

#[rocket::async_test]
async fn amending_an_assessment_keeps_the_comment_and_mails_only_when_the_score_changes() {
    let (sink, app) = with_mail().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let path = format!("/participants/{p}/assessment");
    let mails_of_kind = "SELECT COUNT(*) AS n FROM notices WHERE kind = 'assessment_recorded'";
    let save = |scores: [&'static str; 3], comment: Option<&'static str>| {
        let app = &app;
        let path = path.clone();
        let who = m.ding.clone();
        async move {
            let (token, who) = app.csrf_for(&path, &who).await;
            // The comment box as the browser sends it: what it was filled with.
            let page = app.get(&path, &who).await;
            let shown = page
                .body
                .split("name=\"comment\"")
                .nth(1)
                .and_then(|rest| rest.split_once('>'))
                .and_then(|(_, rest)| rest.split_once("</textarea>"))
                .map(|(inside, _)| inside.to_string())
                .unwrap_or_default();
            let comment = comment.map(str::to_string).unwrap_or(shown);
            let r = app
                .post_form(
                    &path,
                    &who,
                    &[
                        ("csrf", &token),
                        ("scores[visual]", scores[0]),
                        ("scores[bend]", scores[1]),
                        ("scores[theory]", scores[2]),
                        ("comment", &comment),
                    ],
                )
                .await;
            assert_eq!(r.status, Status::SeeOther, "{}", r.body);
        }
    };
    save(["20", "20", "20"], Some("继续练习立焊")).await;
    assert_eq!(count_sql(&app, mails_of_kind).await, 1);
    let page = app.get(&path, &m.ding).await;
    assert!(
        page.body.contains(">继续练习立焊</textarea>"),
        "the form starts from the stored comment"
    );

    // The same points again, the comment untouched: kept, and no second mail.
    save(["20", "20", "20"], None).await;
    assert_eq!(
        count_sql(&app, mails_of_kind).await,
        1,
        "nothing new to tell"
    );
    let kept = "SELECT COUNT(*) AS n FROM assessments WHERE comment = '继续练习立焊'";
    assert_eq!(
        count_sql(&app, kept).await,
        2,
        "the amendment kept the comment"
    );

    // New points: the participant hears, with the comment still there.
    save(["25", "30", "25"], None).await;
    assert_eq!(count_sql(&app, mails_of_kind).await, 2);
    assert_eq!(count_sql(&app, kept).await, 3);
    let queued = app.count("notices").await as usize;
    assert!(
        sink.wait_for(queued, StdDuration::from_secs(20)).await,
        "all mail delivered"
    );
    let scored: Vec<_> = sink
        .received()
        .into_iter()
        .filter(|m| m.subject().contains("考核成绩"))
        .collect();
    assert_eq!(scored.len(), 2, "two score mails over SMTP");
    let texts: Vec<String> = scored.iter().filter_map(|m| m.part("text/plain")).collect();
    assert!(texts.iter().any(|t| t.contains("60 / 100")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("80 / 100") && t.contains("继续练习立焊")),
        "the new score, with the kept comment: {texts:?}"
    );
}
