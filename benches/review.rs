//! The organizer's review list and the applicants' export at 10,000
//! applications, in process (Rocket's local client, SQLite in a temporary
//! folder, no network): p50/p99 and size of the first and a middle page of
//! the review API, a phone-suffix search, the review page, the counts; then
//! the time of a CSV and an XLSX export of every row and the peak resident
//! memory while they are written. `cargo bench --bench review` (release);
//! `cargo test --release --bench review` or `cargo test --bench review`
//! (debug) run it too. `GONGJIANG_BENCH_APPLICATIONS` changes the count.
use std::time::{Duration, Instant};

use chrono::{Duration as Days, Utc};
use gongjiang::domain::identity::NationalId;
use rocket::http::{ContentType, Cookie, Status};
use rocket::local::asynchronous::Client;
use serde_json::{Value, json};

const REQUESTS: usize = 200;
const PASSWORD: &str = "correct-horse-battery-staple";

fn national_id(n: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default()
        + Days::days(i64::from(n / 1000));
    let first17 = format!("330602{}{:03}", birth.format("%Y%m%d"), n % 1000);
    let check = NationalId::check_char(&first17).unwrap_or('0');
    format!("{first17}{check}")
}

fn applicant(n: u32) -> Value {
    json!({
        "full_name": format!("焊工{n:05}"),
        "national_id": national_id(n),
        "phone": format!("139{n:08}"),
        "email": format!("welder{n}@example.com"),
        "employer": format!("单位{}钢构有限公司", n % 300),
        "trade": "welder",
        "started_trade_on": "2010-03-01",
        "certificate": {"trade": "welder", "level": 4, "number": "GZ2019-0001", "issued_on": "2019-06-01"},
        "processes": ["SMAW"],
        "locale": "zh",
        "consent": true
    })
}

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak (VmHWM) to the current resident size (Linux ≥ 4.0).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

struct Timed {
    p50: Duration,
    p99: Duration,
    bytes: usize,
}

async fn measure(client: &Client, cookie: &str, path: &str) -> Timed {
    let mut times = Vec::with_capacity(REQUESTS);
    let mut bytes = 0;
    for _ in 0..REQUESTS {
        let started = Instant::now();
        let r = client
            .get(path.to_string())
            .cookie(Cookie::new("gj_session", cookie.to_string()))
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Ok, "{path}");
        bytes = r.into_bytes().await.map_or(0, |b| b.len());
        times.push(started.elapsed());
    }
    times.sort();
    Timed {
        p50: times[REQUESTS / 2],
        p99: times[REQUESTS * 99 / 100],
        bytes,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn post(client: &Client, cookie: Option<&str>, path: &str, body: Value) -> Value {
    let mut req = client
        .post(path.to_string())
        .header(ContentType::JSON)
        .body(body.to_string());
    if let Some(c) = cookie {
        req = req.cookie(Cookie::new("gj_session", c.to_string()));
    }
    let r = req.dispatch().await;
    let status = r.status();
    let text = r.into_string().await.unwrap_or_default();
    assert!(status.code < 300, "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

#[rocket::main]
async fn main() {
    let n: u32 = std::env::var("GONGJIANG_BENCH_APPLICATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let figment = gongjiang::figment()
        .merge((
            "database_url",
            format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()),
        ))
        .merge(("data_dir", dir.path().display().to_string()))
        .merge(("log_level", "off"))
        .merge(("mail_sender", false))
        .merge(("application_limit", 0));
    let rocket = gongjiang::build(figment).await.expect("build");
    let client = Client::untracked(rocket).await.expect("client");
    let state = client
        .rocket()
        .state::<gongjiang::AppState>()
        .expect("state");
    gongjiang::service::accounts::create_user(
        &state.db,
        gongjiang::service::accounts::Role::Organizer,
        "org@example.com",
        "王组织",
        PASSWORD,
    )
    .await
    .expect("organizer");
    let r = client
        .post("/api/v1/auth/login")
        .header(ContentType::JSON)
        .body(json!({"email": "org@example.com", "password": PASSWORD}).to_string())
        .dispatch()
        .await;
    let cookie = r
        .cookies()
        .get("gj_session")
        .map(|c| c.value().to_string())
        .expect("session");
    let c = Some(cookie.as_str());
    let w = post(
        &client,
        c,
        "/api/v1/workshops",
        json!({
            "title": "焊工研修班", "trade": "welder",
            "entry_rules": {"any_of": [{"all_of": [{"certificate": {"trade": "welder", "min_level": 4}}]}]},
            "rubric": {"criteria": [{"key": "bend", "name": "弯曲试验", "max_points": 100}], "pass_mark": 60},
            "completion": {"min_attendance_rate": 0.8}
        }),
    )
    .await;
    let now = Utc::now();
    let starts = (now + Days::days(15)).date_naive();
    let cohort = post(
        &client,
        c,
        &format!("/api/v1/workshops/{}/cohorts", w["id"]),
        json!({
            "name": "第一期", "capacity": 2000,
            "applications_open_at": (now - Days::hours(1)).to_rfc3339(),
            "applications_close_at": (now + Days::days(10)).to_rfc3339(),
            "starts_on": starts.to_string(), "ends_on": (starts + Days::days(20)).to_string(),
            "venue": "实训基地"
        }),
    )
    .await;
    let id = cohort["id"].as_i64().expect("cohort id");
    post(
        &client,
        c,
        &format!("/api/v1/cohorts/{id}/transition"),
        json!({"to": "open"}),
    )
    .await;
    let seeding = Instant::now();
    for i in 0..n {
        post(
            &client,
            None,
            &format!("/api/v1/cohorts/{id}/applications"),
            applicant(i),
        )
        .await;
    }
    println!(
        "seeded {n} applications in {:.1} s; resident {:.0} MB",
        seeding.elapsed().as_secs_f64(),
        rss_mb()
    );
    let middle = n / 2;
    let cases = [
        (
            "review API, first page",
            format!("/api/v1/cohorts/{id}/applications"),
        ),
        (
            "review API, a middle page by name",
            format!("/api/v1/cohorts/{id}/applications?sort=name&after={middle}"),
        ),
        (
            "review API, phone suffix search",
            format!("/api/v1/cohorts/{id}/applications?q=0042"),
        ),
        (
            "counts",
            format!("/api/v1/cohorts/{id}/applications/counts"),
        ),
        ("review page, first page", format!("/cohorts/{id}/manage")),
        (
            "review page, a middle page, newest first",
            format!("/cohorts/{id}/manage?sort=-submitted&after={middle}"),
        ),
    ];
    for (name, path) in cases {
        let t = measure(&client, &cookie, &path).await;
        println!(
            "{name} at {n}: p50 {:.1} ms, p99 {:.1} ms, {:.1} KB ({REQUESTS} requests)",
            ms(t.p50),
            ms(t.p99),
            t.bytes as f64 / 1024.0
        );
    }
    for file in ["applications.csv", "applications.xlsx"] {
        let before = rss_mb();
        reset_peak();
        let started = Instant::now();
        let r = client
            .get(format!("/api/v1/cohorts/{id}/exports/{file}"))
            .cookie(Cookie::new("gj_session", cookie.clone()))
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Ok);
        // Read as a client would, counting bytes (the local client would
        // otherwise gather the whole body).
        let mut body = r.into_bytes().await.unwrap_or_default();
        let took = started.elapsed();
        let size = body.len();
        body.clear();
        println!(
            "export {file} of {n} rows: {:.0} ms, {:.1} MB; resident {before:.0} MB before, peak {:.0} MB during (the client holds the whole body too)",
            ms(took),
            size as f64 / 1048576.0,
            peak_rss_mb()
        );
    }
}
