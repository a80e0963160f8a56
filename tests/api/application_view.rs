//! The organizer's view of applications (#18): one application with every
//! fact, the audited phone reveal, and the applicants' list as CSV and Excel.
use std::io::Read;

use rocket::http::Status;
use serde_json::json;

use crate::fixtures::{apply, certified_applicant, decide, open_class, phone};
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::{count_sql, get_bytes};

#[rocket::async_test]
async fn one_application_shows_every_fact_masked_with_its_history() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (id, reference, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let r = app
        .post_json(
            &format!("/api/v1/applications/{id}/decision"),
            &class.org,
            &json!({"decision": "waitlist", "note": "请等候通知", "internal_note": "单位未盖章"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .get(&format!("/api/v1/applications/{id}"), &class.org)
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let j = r.json();
    assert_eq!(j["reference"], reference);
    assert_eq!(
        j["certificate"],
        json!({"trade": "welder", "level": 4, "number": "GZ2019-0001", "issued_on": "2019-06-01"})
    );
    assert_eq!(j["started_trade_on"], "2020-03-01");
    assert!(
        j["years_at_deadline"].as_u64().is_some_and(|y| y >= 6),
        "{j}"
    );
    assert_eq!(j["processes"], json!(["SMAW", "GTAW"]));
    assert_eq!(j["employer"], "绍兴钢构有限公司");
    assert!(j["submitted_at"].is_string());
    assert!(j["national_id"].as_str().unwrap_or("").contains("********"));
    assert!(j["phone"].as_str().unwrap_or("").contains("****"));
    assert!(!r.body.contains(&phone(1)), "the phone is masked");
    assert_eq!(
        (j["decision_note"].clone(), j["internal_note"].clone()),
        (json!("请等候通知"), json!("单位未盖章"))
    );
    assert_eq!(j["history"][0]["action"], "application.decide");

    // Applicants and mentors cannot read it.
    let r = app
        .get(&format!("/api/v1/applications/{id}"), &Who::anonymous())
        .await;
    assert_eq!(r.status, Status::Unauthorized);
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let r = app
        .get(&format!("/api/v1/applications/{id}"), &mentor)
        .await;
    assert_eq!(r.status, Status::Forbidden);
    let r = app.get("/api/v1/applications/999999", &class.org).await;
    assert_eq!(r.status, Status::NotFound);
}

#[rocket::async_test]
async fn revealing_a_phone_leaves_an_audit_record_and_strangers_get_nothing() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (id, _, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let audited = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'application.reveal_phone'";
    let path = format!("/api/v1/applications/{id}/reveal-phone");
    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    for (who, status) in [
        (Who::anonymous(), Status::Unauthorized),
        (mentor, Status::Forbidden),
    ] {
        let r = app.post_json(&path, &who, &json!({})).await;
        assert_eq!(r.status, status);
        assert!(!r.body.contains(&phone(1)));
    }
    assert_eq!(
        count_sql(&app, audited).await,
        0,
        "a refused reveal leaves nothing"
    );
    let r = app.post_json(&path, &class.org, &json!({})).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["phone"], phone(1));
    assert_eq!(count_sql(&app, audited).await, 1);
    let r = app
        .post_json(
            "/api/v1/applications/999999/reveal-phone",
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
}

/// The cells of the first sheet of an xlsx, as text (shared strings resolved).
fn xlsx_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut read = |name: &str| {
        let mut s = String::new();
        if let Ok(mut f) = archive.by_name(name) {
            f.read_to_string(&mut s).ok();
        }
        s
    };
    let sheet = read("xl/worksheets/sheet1.xml");
    let shared = read("xl/sharedStrings.xml");
    assert!(sheet.contains("<sheetData>"), "a worksheet: {sheet}");
    format!("{sheet}{shared}")
}

#[rocket::async_test]
async fn every_application_exports_masked_as_csv_and_xlsx() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 10).await;
    let (a, ref_a, _) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (_, ref_b, _) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    assert_eq!(
        decide(&app, &class.org, a, "admit").await.status,
        Status::Ok
    );
    let base = format!("/api/v1/cohorts/{}/exports", class.cohort_id);

    let (status, csv, ct) = get_bytes(&app, &format!("{base}/applications.csv"), &class.org).await;
    assert_eq!(status, Status::Ok);
    assert!(ct.starts_with("text/csv"), "{ct}");
    let csv = String::from_utf8(csv).unwrap_or_default();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "a header and every application: {csv}");
    assert!(
        lines[0].starts_with("报名编号,姓名,身份证号,手机"),
        "{}",
        lines[0]
    );
    assert!(csv.contains(&ref_a) && csv.contains(&ref_b));
    assert!(
        csv.contains("已录取") && csv.contains("GZ2019-0001"),
        "{csv}"
    );
    assert!(
        !csv.contains(&phone(1)) && csv.contains("139****0001"),
        "masked: {csv}"
    );

    let (status, xlsx, ct) =
        get_bytes(&app, &format!("{base}/applications.xlsx"), &class.org).await;
    assert_eq!(status, Status::Ok);
    assert!(ct.contains("spreadsheetml"), "{ct}");
    let cells = xlsx_text(&xlsx);
    assert!(cells.contains(&ref_a) && cells.contains(&ref_b), "{cells}");
    assert!(cells.contains("139****0002") && !cells.contains(&phone(2)));

    let mentor = app.mentor("ding@example.com", "丁卫松").await;
    let (status, _, _) = get_bytes(&app, &format!("{base}/applications.xlsx"), &mentor).await;
    assert_eq!(status, Status::Forbidden);
    println!(
        "FIGURES applications-export: rows=2 csv_bytes={} xlsx_bytes={}",
        csv.len(),
        xlsx.len()
    );
}
