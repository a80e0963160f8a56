//! The built binary on its own, as an operator runs it: started from an empty
//! folder (no templates, static files or Rocket.toml beside it), with a fresh
//! data folder and a free port, it serves the pages and the static files and
//! writes mail into its local mail folder.
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::fixtures::{certified_applicant, welding_workshop};
use crate::helpers::{PASSWORD, fresh_database, on_postgres};

const BIN: &str = env!("CARGO_BIN_EXE_gongjiang");

/// The binary with a clean environment (none of this process's service
/// settings), run in `cwd`.
pub fn gongjiang(cwd: &Path, database_url: Option<&str>, port: u16) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(cwd);
    for (key, _) in std::env::vars() {
        if key.starts_with("GONGJIANG_") || key.starts_with("ROCKET_") || key == "DATABASE_URL" {
            cmd.env_remove(key);
        }
    }
    cmd.env("ROCKET_PORT", port.to_string())
        .env("GONGJIANG_PUBLIC_URL", format!("http://127.0.0.1:{port}"))
        .env("RUST_LOG", "warn");
    if let Some(url) = database_url {
        cmd.env("DATABASE_URL", url);
    }
    cmd
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Stops the server when the test ends, however it ends.
pub struct Server {
    pub child: Child,
    pub log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

async fn wait_until_ready(client: &reqwest::Client, base: &str, server: &mut Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(Some(status)) = server.child.try_wait() {
            panic!("the server stopped ({status}):\n{}", server.log());
        }
        if let Ok(r) = client.get(format!("{base}/ready")).send().await
            && r.status() == 200
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "not ready in 60 s:\n{}",
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn eml_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "eml"))
                .collect()
        })
        .unwrap_or_default()
}

async fn post_json(client: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let r = client.post(url).json(&body).send().await.expect("post");
    let status = r.status().as_u16();
    (status, r.json::<Value>().await.unwrap_or(Value::Null))
}

/// The first `text/plain` part, however deep.
fn plain_text(part: &mailparse::ParsedMail<'_>) -> Option<String> {
    if part.ctype.mimetype == "text/plain" {
        return part.get_body().ok();
    }
    part.subparts.iter().find_map(plain_text)
}

#[test]
fn version_prints_the_version_and_the_commit() {
    let out = Command::new(BIN).arg("--version").output().expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let expected = format!("gongjiang {} (", env!("CARGO_PKG_VERSION"));
    assert!(text.starts_with(&expected), "{text}");
    // A commit in this checkout (hex), or "unknown" outside git.
    let commit = text
        .trim()
        .rsplit_once('(')
        .and_then(|(_, c)| c.strip_suffix(')'))
        .unwrap_or("");
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{text}"
    );
}

#[rocket::async_test]
async fn the_binary_alone_in_an_empty_folder_serves_pages_static_files_and_mail() {
    let cwd = tempfile::tempdir().expect("temp folder");
    let folder = cwd.path();
    let database_url = if on_postgres() {
        Some(fresh_database(folder).await)
    } else {
        None // the default: ./data/gongjiang.db under the working folder
    };
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");

    // The first organizer, as the README says.
    let mut add = gongjiang(folder, database_url.as_deref(), port)
        .args([
            "user",
            "add",
            "--role",
            "organizer",
            "--email",
            "org@example.com",
            "--name",
            "王组织",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("user add");
    if let Some(mut stdin) = add.stdin.take() {
        use std::io::Write;
        stdin.write_all(PASSWORD.as_bytes()).expect("password");
    }
    let out = add.wait_with_output().expect("user add");
    assert!(
        out.status.success(),
        "user add: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    let log = folder.join("server.log");
    let log_file = std::fs::File::create(&log).expect("log");
    let child = gongjiang(folder, database_url.as_deref(), port)
        .arg("serve")
        .stdout(log_file.try_clone().expect("log"))
        .stderr(log_file)
        .spawn()
        .expect("serve");
    let mut server = Server { child, log };
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    wait_until_ready(&client, &base, &mut server).await;
    assert!(
        folder.join("data").join("secret.key").exists(),
        "the data folder is made under the working folder"
    );

    // The home page, linking its style sheet by a hashed name.
    let r = client.get(format!("{base}/")).send().await.expect("home");
    assert_eq!(r.status(), 200);
    // A page, not text: the browser must render it.
    let page_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(page_type.starts_with("text/html"), "{page_type}");
    let home = r.text().await.expect("home");
    assert!(home.contains("工匠"), "{home}");
    let css = home
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/static/app.") && h.ends_with(".css"))
        .unwrap_or_else(|| panic!("no style sheet link in\n{home}"))
        .to_string();
    assert_ne!(
        css, "/static/app.css",
        "the link carries the content's hash"
    );

    // The style sheet: cached for a year under its hashed name, 304 when unchanged.
    let r = client
        .get(format!("{base}{css}"))
        .send()
        .await
        .expect("css");
    assert_eq!(r.status(), 200);
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert!(header(&r, "content-type").starts_with("text/css"));
    assert!(header(&r, "cache-control").contains("max-age=31536000"));
    let etag = header(&r, "etag");
    assert!(etag.starts_with('"') && etag.len() > 2, "{etag:?}");
    let body = r.bytes().await.expect("css body");
    assert_eq!(
        body.as_ref(),
        std::fs::read("static/app.css").expect("the checkout's app.css")
    );
    let r = client
        .get(format!("{base}{css}"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .expect("css again");
    assert_eq!(r.status(), 304);
    assert!(r.bytes().await.expect("empty").is_empty());
    // The plain name still works, revalidated each time.
    let r = client
        .get(format!("{base}/static/favicon.svg"))
        .send()
        .await
        .expect("icon");
    assert_eq!(r.status(), 200);
    assert!(header(&r, "content-type").starts_with("image/svg+xml"));
    assert!(header(&r, "cache-control").contains("no-cache"));
    let r = client
        .get(format!("{base}/static/nothing.css"))
        .send()
        .await
        .expect("missing");
    assert_eq!(r.status(), 404);

    // The organizer signs in and opens a cohort.
    let r = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "org@example.com", "password": PASSWORD}))
        .send()
        .await
        .expect("login");
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap_or_default());
    let post = |path: String, body: Value| post_json(&client, format!("{base}{path}"), body);
    let (status, workshop) = post("/api/v1/workshops".into(), welding_workshop()).await;
    assert_eq!(status, 201, "{workshop}");
    let now = chrono::Utc::now();
    let starts = (now + chrono::Duration::days(15)).date_naive();
    let (status, cohort) = post(
        format!("/api/v1/workshops/{}/cohorts", workshop["id"]),
        json!({
            "name": "第一期",
            "capacity": 10,
            "applications_open_at": (now - chrono::Duration::hours(1)).to_rfc3339(),
            "applications_close_at": (now + chrono::Duration::days(10)).to_rfc3339(),
            "starts_on": starts.to_string(),
            "ends_on": (starts + chrono::Duration::days(20)).to_string(),
            "venue": "绍兴市焊接实训基地"
        }),
    )
    .await;
    assert_eq!(status, 201, "{cohort}");
    let cohort_id = cohort["id"].as_i64().expect("cohort id");
    let (status, _) = post(
        format!("/api/v1/cohorts/{cohort_id}/transition"),
        json!({"to": "open"}),
    )
    .await;
    assert_eq!(status, 200);

    // The application form, for anyone.
    let r = reqwest::get(format!("{base}/cohorts/{cohort_id}/apply"))
        .await
        .expect("form");
    assert_eq!(r.status(), 200);
    let form = r.text().await.expect("form");
    assert!(form.contains("name=\"national_id\""), "{form}");

    // An application: its receipt is written into the local mail folder.
    let (status, applied) = post(
        format!("/api/v1/cohorts/{cohort_id}/applications"),
        certified_applicant(1),
    )
    .await;
    assert_eq!(status, 201, "{applied}");
    let reference = applied["reference"]
        .as_str()
        .expect("reference")
        .to_string();
    let mail_dir = folder.join("data").join("mail");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mail = loop {
        if let Some(path) = eml_files(&mail_dir).into_iter().next() {
            break path;
        }
        assert!(
            Instant::now() < deadline,
            "no mail in {} after 30 s:\n{}",
            mail_dir.display(),
            server.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let raw = std::fs::read(&mail).expect("mail");
    let parsed = mailparse::parse_mail(&raw).expect("a mail message");
    use mailparse::MailHeaderMap;
    assert!(
        parsed
            .headers
            .get_first_value("To")
            .unwrap_or_default()
            .contains("welder1@example.com")
    );
    let text = plain_text(&parsed).unwrap_or_default();
    assert!(text.contains(&reference), "{text}");

    // The organizer's review page lists the application.
    let r = client
        .get(format!("{base}/cohorts/{cohort_id}/manage"))
        .send()
        .await
        .expect("review page");
    assert_eq!(r.status(), 200);
    let page = r.text().await.expect("review page");
    assert!(page.contains(&reference), "{page}");
    // Nothing was read from a templates/ or static/ folder: there is none.
    assert!(!folder.join("templates").exists() && !folder.join("static").exists());
}
