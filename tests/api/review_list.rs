//! The organizer's review list at scale: keyset pages that stay whole while
//! applications arrive, counts by status, search (phone suffix included,
//! never the full number), filters, bulk decisions on "all matching" with a
//! confirmation that changes and mails nothing, and the streamed export.
use std::collections::HashSet;

use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, Who, extract_hidden};

async fn spawn() -> TestApp {
    TestApp::spawn_with(|f| f.merge(("application_limit", 0))).await
}

/// Applicant `n`: a distinct name (`申请人007`) and one of seven employers.
fn applicant(n: u32) -> Value {
    let mut a = certified_applicant(n);
    a["full_name"] = json!(format!("申请人{n:03}"));
    a["employer"] = json!(format!("单位{}钢构", n % 7));
    a
}

async fn apply_many(app: &TestApp, cohort_id: i64, range: std::ops::Range<u32>) -> Vec<i64> {
    let mut ids = vec![];
    for n in range {
        ids.push(apply(app, cohort_id, &applicant(n)).await.0);
    }
    ids
}

/// The `next` address in a `Link` header.
fn link(r: &crate::helpers::Resp, rel: &str) -> Option<String> {
    let header = r.header("Link")?;
    header.split(", ").find_map(|part| {
        let (url, tail) = part.split_once(">; rel=\"")?;
        (tail.trim_end_matches('"') == rel).then(|| url.trim_start_matches('<').to_string())
    })
}

fn ids_of(r: &crate::helpers::Resp) -> Vec<i64> {
    r.json()
        .as_array()
        .map(|a| a.iter().filter_map(|v| v["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[rocket::async_test]
async fn pages_return_every_application_once_in_order_while_new_ones_arrive() {
    let app = spawn().await;
    let class = open_class(&app, 20).await;
    let first = apply_many(&app, class.cohort_id, 0..120).await;
    let base = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    // Newest first: arrivals during the walk land before the cursor and
    // must not shift or repeat anything.
    let mut url = Some(format!("{base}?sort=-submitted"));
    let mut seen = vec![];
    let mut arriving = 1000;
    let mut pages = 0;
    while let Some(u) = url {
        let r = app.get(&u, &class.org).await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
        let page = ids_of(&r);
        assert!(page.len() <= 50, "default page size is 50");
        seen.extend(page);
        url = link(&r, "next");
        pages += 1;
        apply_many(&app, class.cohort_id, arriving..arriving + 3).await;
        arriving += 3;
    }
    assert_eq!(pages, 3);
    let mut expected = first.clone();
    expected.reverse();
    assert_eq!(seen, expected, "every one of the 120 once, newest first");

    // Oldest first with a page of 40: the arrivals come at the end, once.
    let mut url = Some(format!("{base}?limit=40"));
    let mut seen = vec![];
    let mut last_page = None;
    while let Some(u) = url {
        let r = app.get(&u, &class.org).await;
        seen.extend(ids_of(&r));
        url = link(&r, "next");
        if url.is_none() {
            last_page = Some(r);
        }
    }
    let total = 120 + 9;
    assert_eq!(seen.len(), total);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), total);
    assert_eq!(&seen[..120], &first[..]);
    let last_page = last_page.expect("a last page");
    assert_eq!(last_page.header("X-Total-Count"), Some("129"));
    // And back: `prev` gives the page before, exactly.
    let prev = link(&last_page, "prev").expect("a previous page");
    let r = app.get(&prev, &class.org).await;
    assert_eq!(ids_of(&r), seen[80..120].to_vec());

    // By name: A to Z, paged, the same set.
    let mut url = Some(format!("{base}?sort=name&limit=50"));
    let mut names = vec![];
    while let Some(u) = url {
        let r = app.get(&u, &class.org).await;
        names.extend(
            r.json()
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .map(|a| a["full_name"].as_str().unwrap_or("").to_string()),
        );
        url = link(&r, "next");
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names.len(), total);
    assert_eq!(names, sorted);

    // A cursor from another cohort, both cursors, a bad size: 422.
    let other = open_class_as(&app, &class.org, 5).await;
    let (foreign, _, _) = apply(&app, other.cohort_id, &applicant(5000)).await;
    for q in [
        format!("?after={foreign}"),
        "?after=1&before=2".to_string(),
        "?limit=0".into(),
        "?limit=500".into(),
        "?sort=phone".into(),
        "?status=maybe".into(),
        "?tier=9".into(),
        "?q=a%00b".into(),
    ] {
        let r = app.get(&format!("{base}{q}"), &class.org).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{q}: {}", r.body);
    }
}

#[rocket::async_test]
async fn counts_come_by_status_and_match_the_filters() {
    let app = spawn().await;
    let class = open_class(&app, 3).await;
    let ids = apply_many(&app, class.cohort_id, 0..12).await;
    for id in &ids[..3] {
        assert_eq!(
            decide(&app, &class.org, *id, "admit").await.status,
            Status::Ok
        );
    }
    for id in &ids[3..5] {
        assert_eq!(
            decide(&app, &class.org, *id, "reject").await.status,
            Status::Ok
        );
    }
    let base = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    let r = app.get(&format!("{base}/counts"), &class.org).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let c = r.json();
    assert_eq!(c["total"], 12);
    assert_eq!(c["matching"], 12);
    assert_eq!(c["by_status"]["admitted"], 3);
    assert_eq!(c["by_status"]["rejected"], 2);
    assert_eq!(c["by_status"]["pending"], 7);
    assert_eq!(c["by_status"]["waitlisted"], 0);
    let r = app.get(&format!("{base}?status=pending"), &class.org).await;
    assert_eq!(r.header("X-Total-Count"), Some("7"));
    assert_eq!(ids_of(&r), ids[5..].to_vec());
    // n % 7 == 3 among 0..12: 3 and 10; "单位3" is the start of their employer.
    let r = app
        .get(
            &format!("{base}/counts?q={}", crate::helpers::enc("单位3")),
            &class.org,
        )
        .await;
    assert_eq!(r.json()["matching"], 2);
    let r = app
        .get(
            &format!("{base}?q={}", crate::helpers::enc("单位3")),
            &class.org,
        )
        .await;
    assert_eq!(ids_of(&r), vec![ids[3], ids[10]]);
    // No one was nominated, and there has been no draw.
    let r = app.get(&format!("{base}?nominated=yes"), &class.org).await;
    assert_eq!(r.header("X-Total-Count"), Some("0"));
    let r = app.get(&format!("{base}?nominated=no"), &class.org).await;
    assert_eq!(r.header("X-Total-Count"), Some("12"));
    let r = app.get(&format!("{base}?tier=1"), &class.org).await;
    assert_eq!(ids_of(&r), Vec::<i64>::new());

    // The page shows the same counts and the filtered rows.
    let page = app
        .get(
            &format!("/cohorts/{}/manage?status=rejected", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("data-status=\"admitted\">3</dd>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("data-status=\"pending\">7</dd>"));
    assert_eq!(page.body.matches("<tr id=\"app-").count(), 2);
}

#[rocket::async_test]
async fn a_phone_suffix_finds_the_one_applicant_and_no_list_shows_a_full_number() {
    let app = spawn().await;
    let class = open_class(&app, 20).await;
    let ids = apply_many(&app, class.cohort_id, 0..60).await;
    let full = phone(57);
    let base = format!("/api/v1/cohorts/{}/applications", class.cohort_id);
    for q in ["0057", "900000057", full.as_str()] {
        let r = app.get(&format!("{base}?q={q}"), &class.org).await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
        assert_eq!(ids_of(&r), vec![ids[57]], "{q}");
        assert!(!r.body.contains(&full), "the full phone leaked: {}", r.body);
    }
    // By name start and by reference.
    let r = app
        .get(
            &format!("{base}?q={}", crate::helpers::enc("申请人05")),
            &class.org,
        )
        .await;
    assert_eq!(ids_of(&r), ids[50..60].to_vec());
    let reference = app.get(&base, &class.org).await.json()[7]["reference"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let r = app
        .get(
            &format!("{base}?q={}", reference.to_lowercase()),
            &class.org,
        )
        .await;
    assert_eq!(ids_of(&r), vec![ids[7]]);

    let page = app
        .get(
            &format!("/cohorts/{}/manage?q=0057", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    assert_eq!(page.body.matches("<tr id=\"app-").count(), 1);
    assert!(page.body.contains("申请人057"));
    assert!(page.body.contains(&format!(
        "href=\"/cohorts/{}/applications/{}\"",
        class.cohort_id, ids[57]
    )));
    assert!(!page.body.contains(&full));
    // No page of the list shows any full number.
    let mut url = Some(format!("/cohorts/{}/manage", class.cohort_id));
    let mut rows = 0;
    while let Some(u) = url {
        let page = app.get(&u, &class.org).await;
        assert_eq!(page.status, Status::Ok, "{u}");
        rows += page.body.matches("<tr id=\"app-").count();
        for n in 0..60 {
            assert!(!page.body.contains(&phone(n)), "phone {n} on {u}");
        }
        url = extract_href(&page.body, "page-next");
    }
    assert_eq!(rows, 60);
}

/// The address of the link with this id.
fn extract_href(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let start = html[..at].rfind("href=\"")? + 6;
    let end = html[start..].find('"')? + start;
    Some(
        html[start..end]
            .replace("&#x2F;", "/")
            .replace("&amp;", "&"),
    )
}

#[rocket::async_test]
async fn all_matching_on_120_admits_exactly_the_free_places_after_a_confirmed_count() {
    let app = spawn().await;
    let class = open_class(&app, 20).await;
    let ids = apply_many(&app, class.cohort_id, 0..120).await;
    // Two places are already taken.
    for id in &ids[..2] {
        assert_eq!(
            decide(&app, &class.org, *id, "admit").await.status,
            Status::Ok
        );
    }
    let path = format!("/api/v1/cohorts/{}/decisions", class.cohort_id);
    let body = json!({"filter": {"status": "pending"}, "decision": "admit", "preview": true});
    let notices = app.count("notices").await;
    let r = app.post_json(&path, &class.org, &body).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let p = r.json();
    assert_eq!(p["count"], 118);
    assert_eq!(p["message"]["zh"], "将 118 人录取，并发送通知");
    let up_to = p["up_to_id"].as_i64().expect("up_to_id");
    assert_eq!(
        app.count("notices").await,
        notices,
        "a preview mails nothing"
    );
    // Without the confirmed count: 422; with a wrong one: 409; nothing changed.
    let r = app
        .post_json(
            &path,
            &class.org,
            &json!({"filter": {"status": "pending"}, "decision": "admit"}),
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    let r = app
        .post_json(
            &path,
            &class.org,
            &json!({"filter": {"status": "pending"}, "decision": "admit", "expected_count": 117, "up_to_id": up_to}),
        )
        .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "selection_changed");
    assert_eq!(r.json()["count"], 118);
    assert_eq!(app.count("notices").await, notices);
    // One arriving after the count is not decided unseen.
    let (late, _, _) = apply(&app, class.cohort_id, &applicant(900)).await;
    let notices = app.count("notices").await;
    let r = app
        .post_json(
            &path,
            &class.org,
            &json!({"filter": {"status": "pending"}, "decision": "admit", "expected_count": 118, "up_to_id": up_to}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let d = r.json();
    assert_eq!(d["done"], 18, "exactly the 18 free places");
    assert_eq!(d["failed"], 100);
    let results = d["results"].as_array().cloned().unwrap_or_default();
    assert!(results[18..].iter().all(|r| r["error"] == "cohort_full"));
    let c = app
        .get(
            &format!("/api/v1/cohorts/{}", class.cohort_id),
            &Who::anonymous(),
        )
        .await
        .json();
    assert_eq!(c["admitted"], 20);
    assert_eq!(c["places_left"], 0);
    let counts = app
        .get(
            &format!("/api/v1/cohorts/{}/applications/counts", class.cohort_id),
            &class.org,
        )
        .await
        .json();
    assert_eq!(counts["by_status"]["admitted"], 20);
    assert_eq!(counts["by_status"]["pending"], 101);
    let late_row = app
        .get(&format!("/api/v1/applications/{late}"), &class.org)
        .await
        .json();
    assert_eq!(late_row["status"], "pending");
    // One notice per admission, none for those past the last place.
    assert_eq!(app.count("notices").await, notices + 18);
}

#[rocket::async_test]
async fn the_page_confirms_the_count_before_changing_or_mailing_anything() {
    let app = spawn().await;
    let class = open_class(&app, 20).await;
    let ids = apply_many(&app, class.cohort_id, 0..120).await;
    let manage = format!("/cohorts/{}/manage", class.cohort_id);
    let (csrf, org) = app.csrf_for(&manage, &class.org).await;
    let notices = app.count("notices").await;
    let form = [
        ("csrf", csrf.as_str()),
        ("scope", "matching"),
        ("decision", "waitlist"),
        ("filter_status", "pending"),
        ("note", "请留意后续通知"),
    ];
    let r = app
        .post_form(&format!("{manage}/decisions"), &org, &form)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(
        r.body.contains("将 120 人列入候补，并发送通知"),
        "{}",
        r.body
    );
    assert_eq!(app.count("notices").await, notices, "nothing mailed");
    let counts = app
        .get(
            &format!("/api/v1/cohorts/{}/applications/counts", class.cohort_id),
            &class.org,
        )
        .await
        .json();
    assert_eq!(counts["by_status"]["pending"], 120, "nothing changed");
    let up_to = extract_hidden(&r.body, "up_to_id").expect("up_to_id");
    let expected = extract_hidden(&r.body, "expected_count").expect("count");
    assert_eq!(expected, "120");
    // Confirmed: all 120 waitlisted, one notice each, and the page says so.
    let confirmed = [
        ("csrf", csrf.as_str()),
        ("scope", "matching"),
        ("decision", "waitlist"),
        ("filter_status", "pending"),
        ("note", "请留意后续通知"),
        ("confirmed", "yes"),
        ("expected_count", expected.as_str()),
        ("up_to_id", up_to.as_str()),
    ];
    let r = app
        .post_form(&format!("{manage}/decisions"), &org, &confirmed)
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(app.count("notices").await, notices + 120);
    let location = r.header("Location").expect("Location").to_string();
    let mut seen_by = org.clone();
    if let Some(flash) = r.cookie("_flash") {
        seen_by.cookies.push(("_flash".into(), flash.to_string()));
    }
    let after = app.get(&location, &seen_by).await;
    assert!(after.body.contains("已列入候补120人"), "{}", after.body);
    assert!(after.body.contains("data-status=\"waitlisted\">120</dd>"));

    // "Everyone on this page": the confirmation counts the page's rows.
    let page_ids: Vec<String> = ids[..50].iter().map(i64::to_string).collect();
    let mut form: Vec<(&str, &str)> = vec![
        ("csrf", csrf.as_str()),
        ("scope", "page"),
        ("decision", "reject"),
    ];
    form.extend(page_ids.iter().map(|id| ("page_ids", id.as_str())));
    let r = app
        .post_form(&format!("{manage}/decisions"), &org, &form)
        .await;
    assert!(
        r.body.contains("将 50 人标记为未录取，并发送通知"),
        "{}",
        r.body
    );
    assert_eq!(app.count("notices").await, notices + 120);
}

#[rocket::async_test]
async fn another_cohorts_applications_are_not_decided_through_this_one() {
    let app = spawn().await;
    let class = open_class(&app, 5).await;
    let other = open_class_as(&app, &class.org, 5).await;
    let theirs = apply_many(&app, other.cohort_id, 0..3).await;
    apply_many(&app, class.cohort_id, 10..12).await;
    let notices = app.count("notices").await;
    let path = format!("/api/v1/cohorts/{}/decisions", class.cohort_id);
    let r = app
        .post_json(
            &path,
            &class.org,
            &json!({"application_ids": theirs, "decision": "admit"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["done"], 0);
    assert!(
        r.json()["results"]
            .as_array()
            .is_some_and(|a| a.len() == 3 && a.iter().all(|r| r["error"] == "not_found"))
    );
    // Unknown cohort: 404; a mentor: 403; neither ids nor filter: 422.
    let r = app
        .post_json(
            "/api/v1/cohorts/424242/decisions",
            &class.org,
            &json!({"filter": {}, "decision": "admit", "preview": true}),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    let mentor = app.mentor("m@example.com", "李导师").await;
    let r = app
        .post_json(
            &path,
            &mentor,
            &json!({"application_ids": theirs, "decision": "admit"}),
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &mentor,
        )
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app
        .post_json(&path, &class.org, &json!({"decision": "admit"}))
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    // The page: the other cohort's ids, confirmed, change nothing either.
    let manage = format!("/cohorts/{}/manage", class.cohort_id);
    let (csrf, org) = app.csrf_for(&manage, &class.org).await;
    let id0 = theirs[0].to_string();
    let r = app
        .post_form(
            &format!("{manage}/decisions"),
            &org,
            &[
                ("csrf", csrf.as_str()),
                ("decision", "admit"),
                ("ids", id0.as_str()),
                ("confirmed", "yes"),
                ("expected_count", "0"),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther);
    let r = app
        .post_form(
            &format!("{manage}/decisions"),
            &org,
            &[
                ("csrf", csrf.as_str()),
                ("row", &format!("{}:admit", theirs[1])),
            ],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(app.count("notices").await, notices);
    let counts = app
        .get(
            &format!("/api/v1/cohorts/{}/applications/counts", other.cohort_id),
            &class.org,
        )
        .await
        .json();
    assert_eq!(counts["by_status"]["pending"], 3, "nothing changed");
}

#[rocket::async_test]
async fn the_applicants_export_streams_every_row_masked_and_guarded() {
    let app = spawn().await;
    let class = open_class(&app, 5).await;
    let mut first = applicant(0);
    first["employer"] = json!("=HYPERLINK(\"http://x\")钢构");
    apply(&app, class.cohort_id, &first).await;
    apply_many(&app, class.cohort_id, 1..620).await;
    let r = app
        .get(
            &format!(
                "/api/v1/cohorts/{}/exports/applications.csv",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(
        r.header("Content-Type")
            .is_some_and(|t| t.starts_with("text/csv"))
    );
    assert!(r.body.starts_with('\u{feff}'));
    let lines: Vec<&str> = r.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + 620, "the header and every application");
    assert!(lines[1].contains("'=HYPERLINK"), "{}", lines[1]);
    for n in 0..620 {
        assert!(!r.body.contains(&phone(n)), "phone {n} in the export");
    }
    let r = app
        .get(
            &format!(
                "/api/v1/cohorts/{}/exports/applications.xlsx",
                class.cohort_id
            ),
            &class.org,
        )
        .await;
    assert_eq!(r.status, Status::Ok);
}
