//! Keyboard use: every field of the application form is reached with Tab, in
//! order, and the focused element is visibly marked.
use crate::harness::{Browser, Server, browser_available};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_application_form_works_by_keyboard_with_a_visible_focus() {
    if !browser_available() {
        return;
    }
    let server = Server::start().await;
    let (_, cohort) = crate::journeys::open_welding_class(&server, 5).await;

    let b = Browser::open("keyboard", 390, 844, "zh-CN").await;
    b.go(&format!("{}/cohorts/{cohort}/apply", server.base))
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
