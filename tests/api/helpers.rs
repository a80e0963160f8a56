//! Test helpers: each test spawns the service on its own fresh database
//! (SQLite in a temporary folder, or a new PostgreSQL database when
//! `GONGJIANG_TEST_DATABASE=postgres`), and signs in as the roles it needs.
#![allow(dead_code)]

use rocket::figment::Figment;
use rocket::http::{ContentType, Cookie, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::Value;

pub const PASSWORD: &str = "correct horse battery";

pub fn on_postgres() -> bool {
    std::env::var("GONGJIANG_TEST_DATABASE")
        .map(|v| v.eq_ignore_ascii_case("postgres"))
        .unwrap_or(false)
}

fn pg_admin_url() -> String {
    std::env::var("GONGJIANG_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

/// A fresh database URL: a new SQLite file, or a new PostgreSQL database.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    if on_postgres() {
        let name = format!("gj_t_{}", uuid::Uuid::new_v4().simple());
        let admin: DatabaseConnection = Database::connect(format!("{}/postgres", pg_admin_url()))
            .await
            .expect("PostgreSQL must be running for GONGJIANG_TEST_DATABASE=postgres");
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("create test database");
        admin.close().await.ok();
        format!("{}/{name}", pg_admin_url())
    } else {
        format!("sqlite://{}?mode=rwc", dir.join("test.db").display())
    }
}

pub struct TestApp {
    pub client: Client,
    pub dir: tempfile::TempDir,
    pub database_url: String,
}

pub struct Resp {
    pub status: Status,
    pub body: String,
    pub headers: Vec<(String, String)>,
    pub set_cookies: Vec<(String, String)>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

async fn collect(r: LocalResponse<'_>) -> Resp {
    let status = r.status();
    let headers = r
        .headers()
        .iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect();
    let set_cookies = r
        .cookies()
        .iter()
        .map(|c| (c.name().to_string(), c.value().to_string()))
        .collect();
    let body = r.into_string().await.unwrap_or_default();
    Resp {
        status,
        body,
        headers,
        set_cookies,
    }
}

/// A browser-like identity: the cookies it holds.
#[derive(Clone, Default)]
pub struct Who {
    pub cookies: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
}

impl Who {
    pub fn anonymous() -> Self {
        Who::default()
    }
    pub fn with_header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.into(), v.into()));
        self
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|f| f).await
    }

    pub async fn spawn_with(tweak: impl FnOnce(Figment) -> Figment) -> TestApp {
        // GONGJIANG_TEST_LOG=debug shows the service's log lines under the failing test.
        if let Ok(filter) = std::env::var("GONGJIANG_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let database_url = fresh_database(dir.path()).await;
        let figment = gongjiang::figment()
            .merge(("database_url", database_url.clone()))
            .merge(("data_dir", dir.path().display().to_string()))
            .merge(("log_level", "off"))
            .merge(("mail_sender", false))
            .merge(("db_pool_size", 8));
        let rocket = gongjiang::build(tweak(figment)).await.expect("build app");
        let client = Client::untracked(rocket).await.expect("rocket client");
        TestApp {
            client,
            dir,
            database_url,
        }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self
            .client
            .rocket()
            .state::<gongjiang::AppState>()
            .expect("state")
            .db
    }

    pub fn state(&self) -> &gongjiang::AppState {
        self.client
            .rocket()
            .state::<gongjiang::AppState>()
            .expect("state")
    }

    pub async fn request(
        &self,
        method: rocket::http::Method,
        path: &str,
        who: &Who,
        body: Option<(ContentType, String)>,
    ) -> Resp {
        let mut req = self.client.req(method, path.to_string());
        for (k, v) in &who.cookies {
            req = req.cookie(Cookie::new(k.clone(), v.clone()));
        }
        for (k, v) in &who.headers {
            req = req.header(Header::new(k.clone(), v.clone()));
        }
        if let Some((ct, b)) = body {
            req = req.header(ct).body(b);
        }
        collect(req.dispatch().await).await
    }

    pub async fn get(&self, path: &str, who: &Who) -> Resp {
        self.request(rocket::http::Method::Get, path, who, None)
            .await
    }

    pub async fn post_json(&self, path: &str, who: &Who, body: &Value) -> Resp {
        self.request(
            rocket::http::Method::Post,
            path,
            who,
            Some((ContentType::JSON, body.to_string())),
        )
        .await
    }

    pub async fn post_raw(&self, path: &str, who: &Who, ct: ContentType, body: &str) -> Resp {
        self.request(
            rocket::http::Method::Post,
            path,
            who,
            Some((ct, body.to_string())),
        )
        .await
    }

    pub async fn put_json(&self, path: &str, who: &Who, body: &Value) -> Resp {
        self.request(
            rocket::http::Method::Put,
            path,
            who,
            Some((ContentType::JSON, body.to_string())),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, who: &Who, fields: &[(&str, &str)]) -> Resp {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.request(
            rocket::http::Method::Post,
            path,
            who,
            Some((ContentType::Form, body)),
        )
        .await
    }

    /// Creates a staff account directly through the service layer.
    pub async fn create_user(&self, role: &str, email: &str, name: &str) {
        let role = gongjiang::service::accounts::Role::parse(role).expect("role");
        gongjiang::service::accounts::create_user(self.db(), role, email, name, PASSWORD)
            .await
            .expect("create user");
    }

    /// Signs in through the API and returns the identity holding the session cookie.
    pub async fn login(&self, email: &str) -> Who {
        let r = self
            .post_json(
                "/api/v1/auth/login",
                &Who::anonymous(),
                &serde_json::json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status, Status::Ok, "login failed: {}", r.body);
        let token = r.cookie("gj_session").expect("session cookie").to_string();
        Who {
            cookies: vec![("gj_session".into(), token)],
            headers: vec![],
        }
    }

    pub async fn organizer(&self) -> Who {
        self.create_user("organizer", "org@example.com", "王组织")
            .await;
        self.login("org@example.com").await
    }

    pub async fn mentor(&self, email: &str, name: &str) -> Who {
        self.create_user("mentor", email, name).await;
        self.login(email).await
    }

    /// A page's CSRF token and the cookie that goes with it.
    pub async fn csrf_for(&self, path: &str, who: &Who) -> (String, Who) {
        let r = self.get(path, who).await;
        let token = extract_hidden(&r.body, "csrf").expect("csrf field on page");
        let mut who = who.clone();
        if let Some(c) = r.cookie("gj_csrf") {
            who.cookies.retain(|(k, _)| k != "gj_csrf");
            who.cookies.push(("gj_csrf".into(), c.to_string()));
        }
        (token, who)
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db()
            .query_one_raw(sea_orm::Statement::from_string(
                self.db().get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count query")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("count")
    }
}

pub fn extract_hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}
