//! The foundation: health, sign-in, roles, errors, language, headers.
use rocket::http::{ContentType, Status};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, Who};

#[rocket::async_test]
async fn health_answers_ok_and_ready_checks_the_database() {
    let app = TestApp::spawn().await;
    let r = app.get("/health", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    assert_eq!(r.json(), json!({"status": "ok"}));
    let r = app.get("/ready", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    assert_eq!(r.json()["status"], "ready");
}

#[rocket::async_test]
async fn a_staff_member_signs_in_and_the_session_says_who_they_are() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app.get("/api/v1/auth/me", &org).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["email"], "org@example.com");
    assert_eq!(r.json()["role"], "organizer");
}

#[rocket::async_test]
async fn the_session_cookie_is_httponly_and_samesite() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": "org@example.com", "password": PASSWORD}),
        )
        .await;
    let set_cookie = r
        .headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("set-cookie"))
        .map(|(_, v)| v.clone())
        .find(|v| v.starts_with("gj_session="))
        .expect("session cookie");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
}

#[rocket::async_test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let wrong = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": "org@example.com", "password": "not the password"}),
        )
        .await;
    let unknown = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": "nobody@example.com", "password": "not the password"}),
        )
        .await;
    assert_eq!(wrong.status, Status::Unauthorized);
    assert_eq!(unknown.status, Status::Unauthorized);
    assert_eq!(wrong.json()["error"], "invalid_credentials");
    assert_eq!(wrong.json(), unknown.json());
    assert!(wrong.cookie("gj_session").is_none());
}

#[rocket::async_test]
async fn anonymous_reads_and_writes_of_staff_routes_get_401_in_json() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/auth/me", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Unauthorized);
    assert_eq!(r.json()["error"], "unauthorized");
    let r = app
        .post_json("/api/v1/users", &Who::anonymous(), &json!({"role": "mentor", "email": "m@example.com", "name": "丁卫松", "password": PASSWORD}))
        .await;
    assert_eq!(r.status, Status::Unauthorized);
    assert_eq!(app.count("users").await, 0);
}

#[rocket::async_test]
async fn a_mentor_on_an_organizer_route_gets_403() {
    let app = TestApp::spawn().await;
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let r = app.get("/api/v1/users", &mentor).await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(r.json()["error"], "forbidden");
    let r = app
        .post_json("/api/v1/users", &mentor, &json!({"role": "organizer", "email": "x@example.com", "name": "某某", "password": PASSWORD}))
        .await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(app.count("users").await, 1);
}

#[rocket::async_test]
async fn an_organizer_creates_a_mentor_account_and_a_duplicate_email_is_409() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let body = json!({"role": "mentor", "email": "Zhu@Example.com", "name": "朱致挺", "password": PASSWORD});
    let r = app.post_json("/api/v1/users", &org, &body).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    assert_eq!(r.json()["email"], "zhu@example.com");
    let again = app.post_json("/api/v1/users", &org, &body).await;
    assert_eq!(again.status, Status::Conflict);
    assert_eq!(again.json()["error"], "email_taken");
    assert_eq!(app.count("users").await, 2);
}

#[rocket::async_test]
async fn a_short_password_is_refused_with_the_field_named() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app
        .post_json("/api/v1/users", &org, &json!({"role": "mentor", "email": "m@example.com", "name": "丁卫松", "password": "short"}))
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(r.json()["error"], "validation");
    assert_eq!(r.json()["fields"]["password"]["code"], "password_too_short");
    assert_eq!(app.count("users").await, 1);
}

#[rocket::async_test]
async fn malformed_json_is_400_and_a_wrong_type_is_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let r = app
        .post_raw(
            "/api/v1/auth/login",
            &Who::anonymous(),
            ContentType::JSON,
            "{\"email\": ",
        )
        .await;
    assert_eq!(r.status, Status::BadRequest);
    assert_eq!(r.json()["error"], "malformed_json");
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"email": 12, "password": "x"}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert_eq!(r.json()["error"], "validation");
    assert!(r.json()["fields"]["email"].is_object(), "{}", r.body);
    let r = app
        .post_json(
            "/api/v1/auth/login",
            &Who::anonymous(),
            &json!({"password": "x"}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
}

#[rocket::async_test]
async fn a_body_over_the_limit_is_413() {
    let app = TestApp::spawn().await;
    let huge = format!(
        "{{\"email\": \"{}\", \"password\": \"x\"}}",
        "a".repeat(400 * 1024)
    );
    let r = app
        .post_raw(
            "/api/v1/auth/login",
            &Who::anonymous(),
            ContentType::JSON,
            &huge,
        )
        .await;
    assert_eq!(r.status, Status::PayloadTooLarge);
    assert_eq!(r.json()["error"], "payload_too_large");
}

#[rocket::async_test]
async fn unknown_api_paths_are_json_404_and_unknown_pages_are_html_404() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/v1/nothing-here", &Who::anonymous()).await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(r.json()["error"], "not_found");
    let r = app.get("/nothing-here", &Who::anonymous()).await;
    assert_eq!(r.status, Status::NotFound);
    assert!(r.body.contains("<html lang=\"zh-CN\">"), "{}", r.body);
    assert!(r.body.contains("找不到您要的内容"));
}

#[rocket::async_test]
async fn the_openapi_document_is_openapi_3_and_lists_the_contract() {
    let app = TestApp::spawn().await;
    let r = app.get("/api/openapi.json", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    let doc = r.json();
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3."),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/api/v1/auth/login"]["post"].is_object());
    assert!(doc["paths"]["/health"]["get"].is_object());
}

#[rocket::async_test]
async fn the_home_page_is_chinese_by_default_and_english_for_an_english_browser() {
    let app = TestApp::spawn().await;
    let zh = app
        .get(
            "/",
            &Who::anonymous().with_header("Accept-Language", "zh-CN,zh;q=0.9"),
        )
        .await;
    assert_eq!(zh.status, Status::Ok);
    assert!(zh.body.contains("<html lang=\"zh-CN\">"));
    assert!(zh.body.contains("正在报名的研修班"));
    let en = app
        .get(
            "/",
            &Who::anonymous().with_header("Accept-Language", "en-GB,en;q=0.9"),
        )
        .await;
    assert!(en.body.contains("<html lang=\"en\">"));
    assert!(en.body.contains("Cohorts open for applications"));
    let none = app.get("/", &Who::anonymous()).await;
    assert!(none.body.contains("<html lang=\"zh-CN\">"));
}

#[rocket::async_test]
async fn switching_language_is_remembered_in_a_cookie() {
    let app = TestApp::spawn().await;
    let r = app.get("/lang/en?next=/login", &Who::anonymous()).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(r.header("Location"), Some("/login"));
    assert_eq!(r.cookie("lang"), Some("en"));
    let who = Who {
        cookies: vec![("lang".into(), "en".into())],
        headers: vec![("Accept-Language".into(), "zh-CN".into())],
    };
    let page = app.get("/login", &who).await;
    assert!(page.body.contains("<html lang=\"en\">"));
    assert!(page.body.contains("Staff sign-in"));
    // No open redirect through the switch.
    let r = app
        .get("/lang/zh?next=//evil.example", &Who::anonymous())
        .await;
    assert_ne!(r.header("Location"), Some("//evil.example"));
}

#[rocket::async_test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app.post_json("/api/v1/auth/logout", &org, &json!({})).await;
    assert_eq!(r.status, Status::Ok);
    // The old cookie, replayed, no longer works.
    let r = app.get("/api/v1/auth/me", &org).await;
    assert_eq!(r.status, Status::Unauthorized);
}

#[rocket::async_test]
async fn ten_failures_in_a_row_lock_the_account_with_retry_after() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let bad = json!({"email": "org@example.com", "password": "wrong password!"});
    for i in 0..10 {
        let r = app
            .post_json("/api/v1/auth/login", &Who::anonymous(), &bad)
            .await;
        assert_eq!(r.status, Status::Unauthorized, "attempt {i}");
    }
    let good = json!({"email": "org@example.com", "password": PASSWORD});
    let r = app
        .post_json("/api/v1/auth/login", &Who::anonymous(), &good)
        .await;
    assert_eq!(r.status, Status::TooManyRequests);
    let retry: u64 = r
        .header("Retry-After")
        .expect("Retry-After")
        .parse()
        .expect("seconds");
    assert!(retry > 0 && retry <= 15 * 60);
    assert_eq!(r.json()["error"], "too_many_attempts");
}

#[rocket::async_test]
async fn the_sign_in_form_needs_its_csrf_token_and_then_redirects() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let (token, who) = app.csrf_for("/login", &Who::anonymous()).await;
    let r = app
        .post_form(
            "/login",
            &who,
            &[
                ("email", "org@example.com"),
                ("password", PASSWORD),
                ("csrf", "forged"),
                ("next", "/dashboard"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    assert!(r.cookie("gj_session").is_none());
    let r = app
        .post_form(
            "/login",
            &who,
            &[
                ("email", "org@example.com"),
                ("password", PASSWORD),
                ("csrf", &token),
                ("next", "/dashboard"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(r.header("Location"), Some("/dashboard"));
    assert!(r.cookie("gj_session").is_some());
}

#[rocket::async_test]
async fn a_wrong_password_on_the_form_re_renders_with_the_email_kept() {
    let app = TestApp::spawn().await;
    app.create_user("organizer", "org@example.com", "王组织")
        .await;
    let (token, who) = app.csrf_for("/login", &Who::anonymous()).await;
    let r = app
        .post_form(
            "/login",
            &who,
            &[
                ("email", "org@example.com"),
                ("password", "nope nope nope"),
                ("csrf", &token),
            ],
        )
        .await;
    assert_eq!(r.status, Status::Unauthorized);
    assert!(r.body.contains("邮箱或密码不正确"));
    assert!(r.body.contains("value=\"org@example.com\""));
}

#[rocket::async_test]
async fn pages_need_sign_in_and_send_the_browser_to_the_sign_in_page() {
    let app = TestApp::spawn().await;
    let r = app.get("/dashboard", &Who::anonymous()).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(r.header("Location"), Some("/login?next=/dashboard"));
}

#[rocket::async_test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    for path in ["/", "/health", "/api/v1/auth/me", "/nothing"] {
        let r = app.get(path, &Who::anonymous()).await;
        let csp = r.header("Content-Security-Policy").unwrap_or("");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert_eq!(
            r.header("X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
        assert!(r.header("Referrer-Policy").is_some(), "{path}");
        assert!(r.header("Permissions-Policy").is_some(), "{path}");
    }
}

#[rocket::async_test]
async fn a_cross_site_api_write_with_a_cookie_is_refused() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let body =
        json!({"role": "mentor", "email": "m@example.com", "name": "丁卫松", "password": PASSWORD});
    let evil = org.clone().with_header("Sec-Fetch-Site", "cross-site");
    let r = app.post_json("/api/v1/users", &evil, &body).await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(r.json()["error"], "cross_site");
    let evil = org.clone().with_header("Origin", "https://evil.example");
    let r = app.post_json("/api/v1/users", &evil, &body).await;
    assert_eq!(r.status, Status::Forbidden);
    assert_eq!(app.count("users").await, 1);
    // A script that sends neither header is served.
    let r = app.post_json("/api/v1/users", &org, &body).await;
    assert_eq!(r.status, Status::Created);
}

#[cfg(unix)]
#[rocket::async_test]
async fn the_data_folder_gets_a_private_secret_key_that_is_kept() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::spawn().await;
    let path = app.dir.path().join("secret.key");
    let mode = std::fs::metadata(&path)
        .expect("secret.key")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let first = std::fs::read_to_string(&path).expect("read");
    // A second start on the same folder keeps the key.
    let figment = gongjiang::figment().merge(("data_dir", app.dir.path().display().to_string()));
    let (_, _, _) = gongjiang::config::prepare(figment).expect("prepare");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), first);
    let data_key = app.dir.path().join("data.key");
    assert_eq!(
        std::fs::metadata(&data_key)
            .expect("data.key")
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
}
