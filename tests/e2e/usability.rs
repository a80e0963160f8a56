//! Keyboard use: every field of the application form is reached with Tab, in
//! order, and the focused element is visibly marked.
use crate::harness::{Browser, Server, browser_available};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_form_works_by_keyboard_with_a_visible_focus() {
    if !browser_available() {
        return;
    }
    let server = Server::start().await;
    server.user("organizer", "org@example.com", "王组织").await;
    let org = server.api_as("org@example.com").await;
    let w = server
        .post(
            &org,
            "/api/v1/workshops",
            crate::fixtures::welding_workshop(),
        )
        .await;
    let now = chrono::Utc::now();
    let close = now + chrono::Duration::days(10);
    let starts = (close + chrono::Duration::days(5)).date_naive();
    let c = server
        .post(
            &org,
            &format!("/api/v1/workshops/{}/cohorts", w["id"]),
            serde_json::json!({"name": "第一期", "capacity": 5,
                "applications_open_at": (now - chrono::Duration::hours(1)).to_rfc3339(),
                "applications_close_at": close.to_rfc3339(), "starts_on": starts.to_string(),
                "ends_on": starts.to_string(), "venue": "绍兴市焊接实训基地"}),
        )
        .await;
    server
        .post(
            &org,
            &format!("/api/v1/cohorts/{}/transition", c["id"]),
            serde_json::json!({"to": "open"}),
        )
        .await;

    let b = Browser::open("keyboard", 390, 844, "zh-CN").await;
    b.go(&format!("{}/cohorts/{}/apply", server.base, c["id"]))
        .await;
    // Tab through the page, noting where the focus lands and whether it shows.
    let visited = b
        .js(r#"
            const fields = Array.from(document.querySelectorAll('form input:not([type=hidden]), form select, form textarea, form button'));
            document.body.focus();
            return fields.length;"#)
        .await;
    let fields = visited.as_u64().unwrap_or(0);
    let mut reached = std::collections::BTreeSet::new();
    let mut unmarked = vec![];
    for _ in 0..(fields + 20) {
        if let Ok(active) = b.client.active_element().await {
            let _ = active.send_keys("\u{E004}").await; // Tab
        }
        let info = b
            .js("const e = document.activeElement; const s = getComputedStyle(e); \
                 return [e.id || e.name || e.tagName, s.outlineStyle !== 'none' && s.outlineWidth !== '0px' || s.boxShadow !== 'none'];")
            .await;
        let id = info[0].as_str().unwrap_or("").to_string();
        if info[1] == serde_json::Value::Bool(false) && !id.is_empty() && id != "BODY" {
            unmarked.push(id.clone());
        }
        reached.insert(id);
    }
    for field in [
        "full_name",
        "national_id",
        "phone",
        "email",
        "employer",
        "trade",
        "started_trade_on",
        "consent",
    ] {
        if !reached.contains(field) {
            b.fail(&format!("Tab never reaches #{field}; reached {reached:?}"))
                .await;
        }
    }
    if !unmarked.is_empty() {
        b.fail(&format!("focus is not visible on {unmarked:?}"))
            .await;
    }
    b.close().await;
}
