//! The service on a real port, chromedriver, and a browser per user.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator, elements::Element};
use serde_json::{Value, json};

/// Whether journeys can run here; panics when CI requires them and they can't.
pub fn browser_available() -> bool {
    let found = std::path::Path::new("/usr/bin/chromedriver").exists()
        && std::path::Path::new("/usr/bin/chromium").exists();
    if !found {
        if std::env::var("GONGJIANG_E2E").as_deref() == Ok("require") {
            panic!("GONGJIANG_E2E=require but chromium/chromedriver are not installed");
        }
        eprintln!("skipping browser journeys: install chromium and chromium-driver");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18123)
}

async fn wait_for_port(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("nothing listens on port {port}");
}

/// The service on its own fresh database, listening on a loopback port.
pub struct Server {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub db: sea_orm::DatabaseConnection,
    pub http: reqwest::Client,
}

impl Server {
    pub async fn start() -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = crate::helpers::fresh_database(dir.path()).await;
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let figment = gongjiang::figment()
            .merge(("database_url", url.clone()))
            .merge(("data_dir", dir.path().display().to_string()))
            .merge(("address", "127.0.0.1"))
            .merge(("port", port))
            .merge(("log_level", "off"))
            .merge(("public_url", base.clone()));
        let rocket = gongjiang::build(figment).await.expect("build");
        tokio::spawn(async move {
            let _ = rocket.launch().await;
        });
        wait_for_port(port).await;
        let db = gongjiang::db::connect(&url, 2).await.expect("db");
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("http");
        Server {
            base,
            dir,
            db,
            http,
        }
    }

    pub async fn user(&self, role: &str, email: &str, name: &str) {
        let role = gongjiang::service::accounts::Role::parse(role).expect("role");
        gongjiang::service::accounts::create_user(
            &self.db,
            role,
            email,
            name,
            crate::helpers::PASSWORD,
        )
        .await
        .expect("user");
    }

    /// An API client signed in as `email`.
    pub async fn api_as(&self, email: &str) -> reqwest::Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("http");
        let r = http
            .post(format!("{}/api/v1/auth/login", self.base))
            .json(&json!({"email": email, "password": crate::helpers::PASSWORD}))
            .send()
            .await
            .expect("login");
        assert!(r.status().is_success(), "login {email}: {}", r.status());
        http
    }

    pub async fn post(&self, http: &reqwest::Client, path: &str, body: Value) -> Value {
        let r = http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("post");
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "POST {path}: {status} {v}");
        v
    }

    /// Applies anonymously, as a worker's phone would; returns the application id.
    pub async fn apply(&self, cohort: i64, body: &Value) -> i64 {
        let v = self
            .post(
                &reqwest::Client::new(),
                &format!("/api/v1/cohorts/{cohort}/applications"),
                body.clone(),
            )
            .await;
        v["id"].as_i64().expect("application id")
    }

    /// Moves a cohort through the given states, in order.
    pub async fn move_cohort(&self, org: &reqwest::Client, cohort: i64, states: &[&str]) {
        for to in states {
            self.post(
                org,
                &format!("/api/v1/cohorts/{cohort}/transition"),
                json!({"to": to}),
            )
            .await;
        }
    }

    pub async fn put(&self, http: &reqwest::Client, path: &str, body: Value) -> Value {
        let r = http
            .put(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("put");
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        assert!(status.is_success(), "PUT {path}: {status} {v}");
        v
    }
}

/// chromedriver and one Chromium session with a given window size and language.
pub struct Browser {
    pub client: Client,
    driver: Child,
    pub journey: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn open(journey: &str, width: u32, height: u32, lang: &str) -> Browser {
        // Two TLS backends are linked in; the WebDriver client needs one chosen.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        wait_for_port(port).await;
        let profile = tempfile::tempdir().expect("profile dir");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-quic", "--no-first-run", "--disable-extensions",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={width},{height}"),
                    format!("--lang={lang}")
                ],
                "prefs": {"intl.accept_languages": lang}
            }
        });
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!(),
        };
        let client = ClientBuilder::rustls()
            .expect("tls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        Browser {
            client,
            driver,
            journey: journey.to_string(),
            _profile: profile,
        }
    }

    /// Fails the journey, keeping a screenshot of what the user saw.
    pub async fn fail(&self, what: &str) -> ! {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join(format!("{}.png", self.journey));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&file, png);
        }
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        panic!(
            "{}: {what} (at {url}; screenshot {})",
            self.journey,
            file.display()
        );
    }

    pub async fn go(&self, url: &str) {
        if let Err(e) = self.client.goto(url).await {
            self.fail(&format!("cannot open {url}: {e}")).await;
        }
        if url.starts_with("http") {
            self.check_accessibility().await;
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(e) => e,
            Err(e) => self.fail(&format!("no element {css}: {e}")).await,
        }
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    pub async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        e.text().await.unwrap_or_default()
    }

    pub async fn body_text(&self) -> String {
        self.text("body").await
    }

    /// Asserts the page shows `needle` somewhere.
    pub async fn sees(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if self.body_text().await.contains(needle) {
                return;
            }
            if Instant::now() > deadline {
                self.fail(&format!("the page does not show {needle:?}"))
                    .await;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        let _ = e.clear().await;
        if let Err(err) = e.send_keys(text).await {
            self.fail(&format!("cannot type into {css}: {err}")).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let e = self.find(css).await;
        if let Err(err) = e.click().await {
            self.fail(&format!("cannot click {css}: {err}")).await;
        }
    }

    /// Runs JavaScript in the page (WebDriver's script runs outside the page's CSP).
    pub async fn js(&self, script: &str) -> Value {
        match self.client.execute(script, vec![]).await {
            Ok(v) => v,
            Err(e) => self.fail(&format!("script failed: {e}")).await,
        }
    }

    /// What every page owes its users: a label for each field, a `lang`, nothing
    /// fetched from outside this machine, and no horizontal scrolling on a phone.
    pub async fn check_page_basics(&self) {
        let unlabeled = self
            .js(
                "return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))\
                 .filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.name || e.id);",
            )
            .await;
        if unlabeled.as_array().is_some_and(|a| !a.is_empty()) {
            self.fail(&format!("fields without a label: {unlabeled}"))
                .await;
        }
        let lang = self.js("return document.documentElement.lang;").await;
        if lang.as_str().unwrap_or("").is_empty() {
            self.fail("the page has no lang").await;
        }
        let foreign = self
            .js("return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));")
            .await;
        if foreign.as_array().is_some_and(|a| !a.is_empty()) {
            self.fail(&format!("resources from outside the machine: {foreign}"))
                .await;
        }
        // Text contrast of at least 4.5:1 against the nearest opaque background.
        let low = self
            .js(r#"
                const lum = c => { const m = c.match(/[\d.]+/g).map(Number);
                  const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                  return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]); };
                const bg = el => { for (let e = el; e; e = e.parentElement) {
                    const c = getComputedStyle(e).backgroundColor; const a = c.match(/[\d.]+/g);
                    if (a && (a.length < 4 || Number(a[3]) > 0.9)) return c; } return 'rgb(255,255,255)'; };
                const out = [];
                for (const el of document.querySelectorAll('body *')) {
                  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
                  if (!own || el.offsetParent === null) continue;
                  const st = getComputedStyle(el); if (st.visibility === 'hidden') continue;
                  const a = lum(st.color), b = lum(bg(el));
                  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                  if (ratio < 4.5) out.push(el.tagName + ' "' + el.textContent.trim().slice(0, 20) + '" ' + ratio.toFixed(2));
                }
                return out.slice(0, 10);"#)
            .await;
        if low.as_array().is_some_and(|a| !a.is_empty()) {
            self.fail(&format!("text below 4.5:1 contrast: {low}"))
                .await;
        }
        let overflow = self
            .js("return document.documentElement.scrollWidth > window.innerWidth + 1;")
            .await;
        if overflow == Value::Bool(true) {
            // Name the widest elements that stick out, so the fix is obvious.
            let wide = self
                .js(r#"var out = [], w = window.innerWidth;
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > w + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
                }
                return out.slice(0, 8);"#)
                .await;
            self.fail(&format!("the page scrolls sideways: {wide}"))
                .await;
        }
        self.check_accessibility().await;
    }

    /// Runs axe-core (vendored in `tests/e2e/vendor/`) on the page as it is
    /// now and fails the journey on any `serious` or `critical` violation,
    /// printing each rule, its help text and the elements it found. Call it
    /// after every navigation; [`Browser::go`] and [`Browser::check_page_basics`]
    /// already do.
    pub async fn check_accessibility(&self) {
        const AXE: &str = include_str!("vendor/axe.min.js");
        if self.js("return typeof window.axe === 'object';").await != Value::Bool(true) {
            self.js(AXE).await;
        }
        let found = match self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']})
                  .then(r => done(r.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))))
                  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"#,
                vec![],
            )
            .await
        {
            Ok(v) => v,
            Err(e) => self.fail(&format!("axe-core did not run: {e}")).await,
        };
        let Some(list) = found.as_array().filter(|a| !a.is_empty()) else {
            return;
        };
        let lines: Vec<String> = list
            .iter()
            .map(|v| {
                format!(
                    "[{}] {}: {} at {}",
                    v["impact"].as_str().unwrap_or(""),
                    v["id"].as_str().unwrap_or(""),
                    v["help"].as_str().unwrap_or(""),
                    v["nodes"]
                )
            })
            .collect();
        self.fail(&format!(
            "axe-core found {} serious or critical violation(s):\n  {}",
            lines.len(),
            lines.join("\n  ")
        ))
        .await;
    }

    pub async fn cookie_header(&self) -> String {
        self.client
            .get_all_cookies()
            .await
            .unwrap_or_default()
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
