//! Hardening, round 2 (issue #16): what an attacker found in an afternoon, each
//! tried again through the path a user triggers, on both databases.
use std::net::SocketAddr;
use std::time::Duration;

use gongjiang::mail::{Mailer, sender};
use rocket::http::{ContentType, Header, Status};
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{PASSWORD, Resp, TestApp, Who};
use crate::mentoring_setup::{approve, transition};
use crate::smtp::SmtpSink;

const MARKUP: &str = "\"><img src=x onerror=alert(1)>";

fn mailer_to(app: &TestApp, sink: &SmtpSink) -> Mailer {
    let mut m = Mailer::new(&app.state().settings)
        .expect("mailer")
        .with_smtp_url(Some(sink.url()));
    m.send_timeout = Duration::from_secs(2);
    m
}

/// Every table's row count, to show a refused request changed nothing.
async fn counts(app: &TestApp) -> Vec<i64> {
    let mut out = vec![];
    for t in [
        "workshops",
        "cohorts",
        "applications",
        "notices",
        "audit_log",
        "users",
    ] {
        out.push(app.count(t).await);
    }
    out
}

#[rocket::async_test]
async fn markup_in_every_field_arrives_escaped_in_every_html_mail() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let mut w = welding_workshop();
    w["title"] = json!(format!("焊工班{MARKUP}"));
    let r = app.post_json("/api/v1/workshops", &org, &w).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let wid = r.json()["id"].as_i64().expect("id");
    let now = chrono::Utc::now();
    let starts = (now + chrono::Duration::days(15)).date_naive();
    let r = app
        .post_json(
            &format!("/api/v1/workshops/{wid}/cohorts"),
            &org,
            &json!({"name": format!("第一期{MARKUP}"), "capacity": 5,
                "applications_open_at": (now - chrono::Duration::hours(1)).to_rfc3339(),
                "applications_close_at": (now + chrono::Duration::days(10)).to_rfc3339(),
                "starts_on": starts.to_string(),
                "ends_on": (starts + chrono::Duration::days(20)).to_string(),
                "venue": format!("实训基地{MARKUP}")}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let class = Class {
        workshop_id: wid,
        cohort_id: r.json()["id"].as_i64().expect("id"),
        org: org.clone(),
    };
    transition(&app, &class, "open").await;
    // Applicants in both languages, with markup in their name and employer.
    let mut ids = vec![];
    for (n, locale) in [(1, "zh"), (2, "en")] {
        let mut a = certified_applicant(n);
        a["full_name"] = json!(format!("张三{MARKUP}"));
        a["employer"] = json!(format!("钢构厂{MARKUP}"));
        a["locale"] = json!(locale);
        let (id, _, _) = apply(&app, class.cohort_id, &a).await;
        let r = app
            .post_json(
                &format!("/api/v1/applications/{id}/decision"),
                &org,
                &json!({"decision": "admit", "note": format!("欢迎{MARKUP}")}),
            )
            .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
        ids.push(id);
    }
    approve(&app, &class).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/notices", class.cohort_id),
            &org,
            &json!({"subject": format!("通知{MARKUP}"), "body": format!("内容{MARKUP}\n第二行")}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);

    let sink = SmtpSink::start().await;
    let m = mailer_to(&app, &sink);
    while sender::run_once(app.db(), &m).await.expect("send") > 0 {}
    let got = sink.received();
    for mail in &got {
        let html = mail.part("text/html").expect("html part");
        let text = mail.part("text/plain").expect("text part");
        assert!(
            !html.contains("<img"),
            "raw markup in {}: {html}",
            mail.subject()
        );
        assert!(html.contains("&lt;img"), "{}: {html}", mail.subject());
        assert!(
            text.contains("<img"),
            "the text part keeps the words: {text}"
        );
        let title = html.split("<title>").nth(1).unwrap_or("");
        assert!(!title.split("</title>").next().unwrap_or("").contains('<'));
    }
    // Receipt, admission and welcome for each, and the announcement.
    assert_eq!(
        got.len(),
        8,
        "{:?}",
        got.iter().map(|r| r.subject()).collect::<Vec<_>>()
    );
    eprintln!(
        "FIGURES mail markup: {} mails, 0 with raw markup",
        got.len()
    );
}

#[rocket::async_test]
async fn control_characters_are_refused_in_bodies_queries_and_paths() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let (_, reference, token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let org = &class.org;
    let before = counts(&app).await;
    let anon = Who::anonymous();

    let expect_field = |r: &Resp, field: &str| {
        assert_eq!(r.status, Status::UnprocessableEntity, "{field}: {}", r.body);
        assert_eq!(r.json()["error"], "validation", "{}", r.body);
        assert_eq!(
            r.json()["fields"][field]["code"],
            "control_character",
            "{}",
            r.body
        );
    };
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &anon,
            &json!({"email": "org@example.com\u{0}", "password": PASSWORD}),
        )
        .await;
    expect_field(&r, "email");
    let mut w = welding_workshop();
    w["title"] = json!("焊工\u{0}班");
    expect_field(&app.post_json("/api/v1/workshops", org, &w).await, "title");
    w["title"] = json!("焊工\n班");
    expect_field(&app.post_json("/api/v1/workshops", org, &w).await, "title");
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/notices", class.cohort_id),
            org,
            &json!({"subject": "通知", "body": "第一行\u{0}"}),
        )
        .await;
    expect_field(&r, "body");
    let mut a = certified_applicant(2);
    a["employer"] = json!("钢构\u{1b}[31m厂");
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &anon,
            &a,
        )
        .await;
    expect_field(&r, "employer");

    // Query values: 422 naming the parameter; path segments: 404.
    let r = app
        .get(
            &format!("/api/v1/applications/{reference}?token={token}%00"),
            &anon,
        )
        .await;
    expect_field(&r, "token");
    for path in [
        "/api/v1/applications/GJ%00x?token=x".to_string(),
        format!("/api/v1/cohorts/{}%00", class.cohort_id),
    ] {
        let r = app.get(&path, &anon).await;
        assert_eq!(r.status, Status::NotFound, "{path}: {}", r.body);
        assert_eq!(r.json()["error"], "not_found", "{path}: {}", r.body);
    }
    let r = app
        .post_json(
            "/api/v1/applications/GJ%00/withdraw",
            &anon,
            &json!({"token": "x"}),
        )
        .await;
    assert_eq!(r.status, Status::NotFound, "{}", r.body);
    let r = app.get("/cohorts/1%00", &anon).await;
    assert_eq!(r.status, Status::NotFound);
    assert!(r.body.contains("<html"), "pages answer with a page");
    assert_eq!(
        counts(&app).await,
        before,
        "a refused request changed nothing"
    );

    // A multi-line field keeps its line breaks.
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/notices", class.cohort_id),
            org,
            &json!({"subject": "通知", "body": "第一行\r\n\t第二行"}),
        )
        .await;
    assert_eq!(r.status, Status::Accepted, "{}", r.body);
}

#[rocket::async_test]
async fn return_paths_keep_chinese_refuse_other_sites_and_never_fail() {
    let app = TestApp::spawn().await;
    let anon = Who::anonymous();
    let cases = [
        (
            "/cohorts/1/manage%3Fq%3D%E5%BC%A0",
            "/cohorts/1/manage?q=%E5%BC%A0",
        ),
        ("%2F%E5%BC%A0", "/%E5%BC%A0"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/%5Cevil.example", "/"),
        ("/a%0d%0aSet-Cookie:x", "/"),
    ];
    for (next, want) in cases {
        let r = app.get(&format!("/lang/en?next={next}"), &anon).await;
        if next.contains("%0d") {
            // A control character never reaches the handler.
            assert_eq!(r.status, Status::UnprocessableEntity, "{next}");
            continue;
        }
        assert_eq!(r.status, Status::SeeOther, "{next}: {}", r.body);
        assert_eq!(r.header("Location"), Some(want), "{next}");
    }
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let (csrf, who) = app.csrf_for("/login", &anon).await;
    let r = app
        .post_form(
            "/login",
            &who,
            &[
                ("email", "org@example.com"),
                ("password", PASSWORD),
                ("csrf", &csrf),
                ("next", "/张"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(r.header("Location"), Some("/%E5%BC%A0"));
}

/// A failed sign-in from `peer`, with `X-Real-IP` of the client's choosing.
async fn failed_sign_in(app: &TestApp, peer: &str, real_ip: &str, n: usize) -> Status {
    let addr: SocketAddr = peer.parse().expect("addr");
    app.client
        .post("/api/v1/auth/login")
        .remote(addr)
        .header(ContentType::JSON)
        .header(Header::new("X-Real-IP", real_ip.to_string()))
        .body(
            json!({"email": format!("nobody{n}@example.com"), "password": "wrong password"})
                .to_string(),
        )
        .dispatch()
        .await
        .status()
}

#[rocket::async_test]
async fn the_sign_in_limit_counts_the_socket_address_unless_a_proxy_is_trusted() {
    let app = TestApp::spawn().await;
    for i in 0..50 {
        failed_sign_in(
            &app,
            "203.0.113.5:4000",
            &format!("10.9.{}.{}", i / 200, i % 200),
            i,
        )
        .await;
    }
    let r = failed_sign_in(&app, "203.0.113.5:4000", "10.9.9.8", 99).await;
    assert_eq!(
        r,
        Status::TooManyRequests,
        "a header does not buy new guesses"
    );

    let app = TestApp::spawn_with(|f| f.merge(("trusted_proxies", "203.0.113.0/24"))).await;
    for i in 0..50 {
        failed_sign_in(&app, "203.0.113.5:4000", "198.51.100.1", i).await;
    }
    let same = failed_sign_in(&app, "203.0.113.5:4000", "198.51.100.1", 98).await;
    let other = failed_sign_in(&app, "203.0.113.5:4000", "198.51.100.2", 99).await;
    assert_eq!(
        same,
        Status::TooManyRequests,
        "the proxy's client is limited"
    );
    assert_eq!(
        other,
        Status::Unauthorized,
        "another client behind the proxy is not"
    );
}

#[rocket::async_test]
async fn anonymous_applications_are_limited_per_address_and_receipts_per_email() {
    let app = TestApp::spawn_with(|f| f.merge(("application_limit", 3))).await;
    let class = open_class(&app, 50).await;
    for n in 0..3 {
        let mut a = certified_applicant(n);
        a["email"] = json!("same@example.com");
        apply(&app, class.cohort_id, &a).await;
    }
    let before = counts(&app).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let r = app
        .post_json(&path, &Who::anonymous(), &certified_applicant(10))
        .await;
    assert_eq!(r.status, Status::TooManyRequests, "{}", r.body);
    let wait: u64 = r
        .header("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(r.json()["error"], "too_many_attempts");
    assert_eq!(counts(&app).await, before, "nothing stored");
    // The page form is limited by the same count.
    let page = format!("/cohorts/{}/apply", class.cohort_id);
    let (csrf, who) = app.csrf_for(&page, &Who::anonymous()).await;
    let r = app
        .post_form(&page, &who, &[("full_name", "李四"), ("csrf", &csrf)])
        .await;
    assert_eq!(r.status, Status::TooManyRequests);
    assert!(r.header("Retry-After").is_some());

    // Receipts: a few per address an hour, whatever the limit on applications.
    let app = TestApp::spawn_with(|f| f.merge(("application_limit", 0))).await;
    let class = open_class(&app, 50).await;
    for n in 0..6 {
        let mut a = certified_applicant(n);
        a["email"] = json!(format!(
            "Target{}@Example.com",
            if n == 5 { "-other" } else { "" }
        ));
        apply(&app, class.cohort_id, &a).await;
    }
    assert_eq!(app.count("applications").await, 6);
    let receipts = crate::mentoring_setup::count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM notices WHERE kind = 'application_received'",
    )
    .await;
    assert_eq!(
        receipts, 4,
        "three to the flooded address, one to the other"
    );
}

#[rocket::async_test]
async fn metrics_need_their_token_and_are_absent_without_one() {
    let app = TestApp::spawn().await;
    assert_eq!(
        app.get("/metrics", &Who::anonymous()).await.status,
        Status::NotFound
    );
    let app = TestApp::spawn_with(|f| f.merge(("metrics_token", "s3cret-token"))).await;
    for who in [
        Who::anonymous(),
        Who::anonymous().with_header("Authorization", "Bearer wrong"),
        Who::anonymous().with_header("Authorization", "s3cret-token"),
    ] {
        let r = app.get("/metrics", &who).await;
        assert_eq!(r.status, Status::Unauthorized, "{}", r.body);
        assert_eq!(r.json()["error"], "unauthorized");
    }
    let r = app
        .get(
            "/metrics",
            &Who::anonymous().with_header("Authorization", "Bearer s3cret-token"),
        )
        .await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("gongjiang_http_requests_total"));
}

fn set_cookie<'a>(r: &'a Resp, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("Set-Cookie"))
        .map(|(_, v)| v.as_str())
        .find(|v| v.starts_with(&format!("{name}=")))
}

#[rocket::async_test]
async fn cookies_and_headers_under_an_https_public_url() {
    let app =
        TestApp::spawn_with(|f| f.merge(("public_url", "https://gongjiang.example.org"))).await;
    let r = app.get("/login", &Who::anonymous()).await;
    let csrf = set_cookie(&r, "gj_csrf").expect("csrf cookie");
    assert!(csrf.contains("Secure"), "{csrf}");
    assert!(
        r.header("Strict-Transport-Security")
            .is_some_and(|v| v.contains("max-age=31536000")),
        "{:?}",
        r.headers
    );
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": "org@example.com", "password": PASSWORD}),
        )
        .await;
    let session = set_cookie(&r, "gj_session").expect("session cookie");
    assert!(session.contains("Max-Age=43200"), "{session}");
    let expires = session
        .split(';')
        .find_map(|p| p.trim().strip_prefix("Expires="))
        .expect("Expires");
    let at = chrono::DateTime::parse_from_rfc2822(&expires.replace("GMT", "+0000")).expect("date");
    let minutes = (at.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes();
    assert!(
        (11 * 60 + 58..=12 * 60).contains(&minutes),
        "Expires in {minutes} min: {session}"
    );

    let app = TestApp::spawn().await;
    let r = app.get("/login", &Who::anonymous()).await;
    assert!(!set_cookie(&r, "gj_csrf").unwrap_or("").contains("Secure"));
    assert!(r.header("Strict-Transport-Security").is_none());
}

#[rocket::async_test]
async fn the_form_sign_ins_429_says_when_to_come_back() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let (csrf, who) = app.csrf_for("/login", &Who::anonymous()).await;
    let mut last = None;
    for _ in 0..11 {
        last = Some(
            app.post_form(
                "/login",
                &who,
                &[
                    ("email", "org@example.com"),
                    ("password", "wrong password"),
                    ("csrf", &csrf),
                ],
            )
            .await,
        );
    }
    let r = last.expect("answer");
    assert_eq!(r.status, Status::TooManyRequests);
    let wait: u64 = r
        .header("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(wait > 800, "{wait}");
}

#[rocket::async_test]
async fn names_that_disguise_themselves_are_refused() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let path = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    for (n, name) in ["张\u{202E}三", "张\u{200B}三", "张三\u{E0041}"]
        .iter()
        .enumerate()
    {
        let mut a = certified_applicant(n as u32);
        a["full_name"] = json!(name);
        let r = app.post_json(&path, &Who::anonymous(), &a).await;
        assert_eq!(
            r.status,
            Status::UnprocessableEntity,
            "{name:?}: {}",
            r.body
        );
        assert_eq!(
            r.json()["fields"]["full_name"]["code"],
            "name_invalid",
            "{}",
            r.body
        );
    }
    assert_eq!(app.count("applications").await, 0);
}

#[rocket::async_test]
async fn two_instances_starting_together_on_a_new_database_both_come_up() {
    let dir = tempfile::tempdir().expect("dir");
    let url = crate::helpers::fresh_database(dir.path()).await;
    let settings = |name: &str| {
        gongjiang::figment()
            .merge(("database_url", url.clone()))
            .merge(("data_dir", dir.path().join(name).display().to_string()))
            .merge(("log_level", "off"))
            .merge(("mail_sender", false))
    };
    let (a, b) = tokio::join!(
        gongjiang::build(settings("a")),
        gongjiang::build(settings("b"))
    );
    assert!(a.is_ok(), "{:?}", a.err());
    assert!(b.is_ok(), "{:?}", b.err());
    let client = rocket::local::asynchronous::Client::untracked(b.expect("b"))
        .await
        .expect("client");
    assert_eq!(client.get("/ready").dispatch().await.status(), Status::Ok);
}
