//! Malformed input over every JSON endpoint: wrong types, missing and extra
//! fields, huge strings and numbers, bad UTF-8, deep nesting, SQL and HTML
//! payloads. Every answer must be a 4xx with a JSON error, and nothing may change.
use rocket::http::{ContentType, Method};
use serde_json::{Value, json};

use crate::hardening_matrix::{POLICIES, Policy, fill, scenario};
use crate::helpers::TestApp;

/// JSON endpoints that take no body: they are covered by the matrix, not here.
const NO_BODY: &[&str] = &[
    "/api/v1/auth/logout",
    "/api/v1/applications/<id>/reveal-id",
    "/api/v1/applications/<id>/reveal-phone",
    "/api/v1/cohorts/<id>/assignments/auto",
    "/api/v1/sessions/<id>/cancel",
    "/api/v1/cohorts/<id>/certificates",
    "/api/v1/notices/<id>/resend",
    // A note alone is a whole guidance entry, so a hostile-looking note is
    // stored as text (escaped where shown): floor_guidance tests its refusals.
    "/api/v1/participants/<id>/guidance",
];

const FIELDS: &[&str] = &[
    "title",
    "trade",
    "name",
    "capacity",
    "venue",
    "to",
    "full_name",
    "national_id",
    "phone",
    "email",
    "employer",
    "started_trade_on",
    "certificate",
    "processes",
    "consent",
    "decision",
    "note",
    "token",
    "records",
    "scores",
    "comment",
    "subject",
    "body",
    "password",
    "role",
    "kind",
    "starts_at",
    "entry_rules",
    "rubric",
    "application_ids",
    "mentor_email",
];

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut cases: Vec<(String, Vec<u8>)> = vec![
        ("not json".into(), b"hello".to_vec()),
        ("truncated".into(), br#"{"title": "#.to_vec()),
        ("array".into(), b"[]".to_vec()),
        ("null".into(), b"null".to_vec()),
        ("number".into(), b"42".to_vec()),
        ("string".into(), br#""text""#.to_vec()),
        ("empty object".into(), b"{}".to_vec()),
        ("empty body".into(), b"".to_vec()),
        ("extra field only".into(), br#"{"unexpected": 1}"#.to_vec()),
        (
            "bad utf-8".into(),
            vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
        ),
        (
            "deep nesting".into(),
            format!("{}{}", "[".repeat(5000), "]".repeat(5000)).into_bytes(),
        ),
        (
            "huge string".into(),
            format!(r#"{{"title": "{}"}}"#, "焊".repeat(120_000)).into_bytes(),
        ),
        (
            "huge number".into(),
            br#"{"capacity": 1e400, "id": 99999999999999999999999999999}"#.to_vec(),
        ),
        ("nul byte".into(), b"{\"name\": \"a\\u0000b\"}".to_vec()),
    ];
    let wrong: Vec<Value> = vec![
        json!(123),
        json!(-1),
        json!(true),
        json!([]),
        json!({}),
        json!(null),
        json!("<script>alert(1)</script>"),
        json!("' OR 1=1; DROP TABLE applications; --"),
        json!(1.5e308),
    ];
    for field in FIELDS {
        // NUL (PostgreSQL cannot store it) and an escape sequence, in every field.
        for (tag, v) in [("nul", "a\u{0}b"), ("esc", "a\u{1b}[31mb")] {
            cases.push((
                format!("{field}#{tag}"),
                json!({*field: v}).to_string().into_bytes(),
            ));
        }
        for (i, v) in wrong.iter().enumerate() {
            cases.push((
                format!("{field}#{i}"),
                json!({*field: v}).to_string().into_bytes(),
            ));
        }
    }
    cases
}

async fn table_counts(app: &TestApp) -> Vec<(String, i64)> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let db = app.db();
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("tables");
    let mut out = vec![];
    for r in rows {
        let name: String = r.try_get("", "name").expect("name");
        out.push((name.clone(), app.count(&name).await));
    }
    out
}

#[rocket::async_test]
async fn malformed_bodies_get_a_4xx_with_a_json_error_and_change_nothing() {
    let app = TestApp::spawn().await;
    let s = scenario(&app).await;
    let before = table_counts(&app).await;
    let endpoints: Vec<_> = POLICIES
        .iter()
        .filter(|(m, u, _)| {
            (*m == "POST" || *m == "PUT") && u.starts_with("/api/") && !NO_BODY.contains(u)
        })
        .collect();
    let cases = corpus();
    let mut sent = 0;
    let mut server_errors = vec![];
    let mut bad_answers = vec![];
    for (method, uri, policy) in &endpoints {
        let who = if *policy == Policy::CohortMentor {
            &s.mentor_this
        } else {
            &s.org
        };
        let path = fill(uri, &s, false);
        let method = if *method == "PUT" {
            Method::Put
        } else {
            Method::Post
        };
        for (name, body) in &cases {
            let mut req = app
                .client
                .req(method, path.clone())
                .header(ContentType::JSON)
                .body(body);
            for (k, v) in &who.cookies {
                req = req.cookie(rocket::http::Cookie::new(k.clone(), v.clone()));
            }
            let r = req.dispatch().await;
            let status = r.status();
            let text = r.into_string().await.unwrap_or_default();
            sent += 1;
            if status.code >= 500 {
                server_errors.push(format!("{method} {path} [{name}]: {status}"));
            } else if !(400..500).contains(&status.code) {
                bad_answers.push(format!(
                    "{method} {path} [{name}]: {status} {}",
                    text.chars().take(100).collect::<String>()
                ));
            } else {
                let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
                if !v["error"].is_string() || !v["message"].is_string() {
                    bad_answers.push(format!(
                        "{method} {path} [{name}]: {status} without a JSON error: {}",
                        text.chars().take(100).collect::<String>()
                    ));
                }
            }
        }
    }
    eprintln!(
        "malformed corpus: {} endpoints × {} bodies = {sent} requests, {} 5xx",
        endpoints.len(),
        cases.len(),
        server_errors.len()
    );
    assert!(
        server_errors.is_empty(),
        "5xx answers:\n{}",
        server_errors.join("\n")
    );
    assert!(
        bad_answers.is_empty(),
        "answers that were not a 4xx JSON error:\n{}",
        bad_answers.join("\n")
    );
    assert_eq!(
        table_counts(&app).await,
        before,
        "malformed input changed the database"
    );
}

/// HTML form posts that are not from a page of this site (RFC 8058's
/// one-click unsubscribe is posted by mail apps).
const NOT_A_PAGE_FORM: &[&str] = &[
    "/unsubscribe/<token>",
    // multipart (photos): its fields are checked by `web::upload`, tested in floor_guidance.
    "/participants/<id>/guidance",
];

/// Form fields as the pages name them (single- and multi-line).
const FORM_FIELDS: &[(&str, bool)] = &[
    ("title", false),
    ("name", false),
    ("venue", false),
    ("full_name", false),
    ("national_id", false),
    ("phone", false),
    ("email", false),
    ("employer", false),
    ("password", false),
    ("next", false),
    ("decision", false),
    ("subject", false),
    ("records[0].status", false),
    ("scores[visual]", false),
    ("note", true),
    ("internal_note", true),
    ("comment", true),
    ("body", true),
    ("reason", true),
    ("description", true),
    ("records[0].note", true),
];

fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", crate::helpers::enc(k), crate::helpers::enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[rocket::async_test]
async fn html_forms_refuse_a_missing_or_wrong_token_with_403_and_control_characters_with_422() {
    let app = TestApp::spawn().await;
    let s = scenario(&app).await;
    let anonymous = crate::helpers::Who::anonymous();
    let mut identities = vec![];
    for who in [&s.org, &s.mentor_this, &anonymous] {
        let (token, who) = app.csrf_for("/login", who).await;
        identities.push((who, token));
    }
    let before = table_counts(&app).await;
    let forms: Vec<_> = POLICIES
        .iter()
        .filter(|(m, u, _)| *m == "POST" && !u.starts_with("/api/") && !NOT_A_PAGE_FORM.contains(u))
        .collect();
    assert!(forms.len() >= 25, "every page form: {}", forms.len());
    let (mut sent, mut server_errors, mut wrong) = (0, vec![], vec![]);
    for (_, uri, policy) in &forms {
        let (who, token) = match policy {
            Policy::CohortMentor | Policy::Mentor => &identities[1],
            Policy::Public | Policy::Token => &identities[2],
            _ => &identities[0],
        };
        let mut path = fill(uri, &s, false);
        if *uri == "/cohorts/<id>/reports/<file>" {
            // The posted report is the contacts export (the others are links).
            path = path.replace("roster.xlsx", "contacts.csv");
        }
        // A reset link's token: the form is judged before the token is.
        path = path.replace("<token>", "not-a-reset-token");
        let mut cases: Vec<(String, String, u16, String)> = vec![
            (
                "no token".into(),
                form_body(&[("note", "x")]),
                403,
                "页面已过期".into(),
            ),
            (
                "wrong token".into(),
                form_body(&[("csrf", "forged"), ("note", "x")]),
                403,
                "页面已过期".into(),
            ),
            (
                "empty token".into(),
                form_body(&[("csrf", "")]),
                403,
                "页面已过期".into(),
            ),
        ];
        for (field, multiline) in FORM_FIELDS {
            let mut bad = vec![
                ("nul", "a\u{0}b"),
                ("esc", "a\u{1b}[31mb"),
                ("bell", "\u{7}"),
            ];
            if !multiline {
                bad.push(("newline", "one\ntwo"));
            }
            for (tag, v) in bad {
                cases.push((
                    format!("{field}#{tag}"),
                    form_body(&[("csrf", token), (field, v)]),
                    422,
                    field.to_string(),
                ));
            }
        }
        for (name, body, want, shows) in &cases {
            let r = app
                .request(
                    Method::Post,
                    &path,
                    who,
                    Some((ContentType::Form, body.clone())),
                )
                .await;
            sent += 1;
            if r.status.code >= 500 {
                server_errors.push(format!("POST {path} [{name}]: {}", r.status));
            } else if r.status.code != *want || !r.body.contains(shows.as_str()) {
                wrong.push(format!(
                    "POST {path} [{name}]: {} (want {want} showing {shows:?}) {}",
                    r.status,
                    r.body.chars().take(200).collect::<String>()
                ));
            }
        }
    }
    // The page says it in the reader's language.
    let english = identities[0].0.clone().with_header("Accept-Language", "en");
    let r = app
        .request(
            Method::Post,
            &fill("/cohorts/<id>/manage/transition", &s, false),
            &english,
            Some((ContentType::Form, form_body(&[("to", "closed")]))),
        )
        .await;
    assert_eq!(r.status.code, 403);
    assert!(r.body.contains("did not come from this site"), "{}", r.body);
    eprintln!(
        "page forms: {} forms, {sent} requests, {} 5xx",
        forms.len(),
        server_errors.len()
    );
    assert!(
        server_errors.is_empty(),
        "5xx answers:\n{}",
        server_errors.join("\n")
    );
    assert!(
        wrong.is_empty(),
        "unexpected answers:\n{}",
        wrong.join("\n")
    );
    assert_eq!(
        table_counts(&app).await,
        before,
        "a refused form changed the database"
    );
}
