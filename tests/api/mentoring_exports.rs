//! Mentoring: reports and exports (CSV with a BOM, Excel), IDs and phones masked.
use rocket::http::Status;
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;

#[rocket::async_test]
async fn exports_open_in_excel_and_never_show_a_whole_id_or_phone() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let s = session_at(&app, &m.class, -5, "焊条电弧焊实操").await;
    mark(
        &app,
        &m.ding,
        s,
        json!([
            {"participant_id": m.participants[0], "status": "present"},
            {"participant_id": m.participants[1], "status": "excused", "note": "=HYPERLINK(\"x\")"}
        ]),
    )
    .await;
    app.post_json(
        &format!("/api/v1/participants/{}/assessments", m.participants[0]),
        &m.ding,
        &json!({"scores": {"visual": 28, "bend": 35, "theory": 27}, "comment": "手法稳"}),
    )
    .await;
    let base = format!("/api/v1/cohorts/{}/exports", m.class.cohort_id);
    let full_ids = [national_id(0), national_id(1)];

    for file in ["attendance.csv", "assessments.csv", "roster.csv"] {
        let (status, bytes, ct) = get_bytes(&app, &format!("{base}/{file}"), &m.class.org).await;
        assert_eq!(status, Status::Ok, "{file}");
        assert!(ct.starts_with("text/csv"), "{file}: {ct}");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "{file}: UTF-8 BOM");
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert!(text.contains("张焊工"), "{file}: {text}");
        assert!(text.contains("330602********"), "{file}: masked IDs");
        for id in &full_ids {
            assert!(!text.contains(id.as_str()), "{file} shows a whole ID");
        }
        assert!(!text.contains(&phone(0)), "{file} shows a whole phone");
    }
    let (_, roster, _) = get_bytes(&app, &format!("{base}/roster.csv"), &m.class.org).await;
    assert!(
        String::from_utf8(roster)
            .unwrap_or_default()
            .contains("139****0000")
    );
    let (_, attendance, _) = get_bytes(&app, &format!("{base}/attendance.csv"), &m.class.org).await;
    let attendance = String::from_utf8(attendance).unwrap_or_default();
    assert!(
        attendance.contains("出勤") && attendance.contains("请假"),
        "{attendance}"
    );
    assert!(
        !attendance.contains(",=HYPERLINK"),
        "formulas are defused: {attendance}"
    );
    let (_, results, _) = get_bytes(&app, &format!("{base}/assessments.csv"), &m.class.org).await;
    let results = String::from_utf8(results).unwrap_or_default();
    assert!(
        results.contains("弯曲试验（40）") && results.contains("90") && results.contains("合格"),
        "{results}"
    );

    for file in ["attendance.xlsx", "assessments.xlsx", "roster.xlsx"] {
        let (status, bytes, ct) = get_bytes(&app, &format!("{base}/{file}"), &m.class.org).await;
        assert_eq!(status, Status::Ok, "{file}");
        assert!(ct.contains("spreadsheetml"), "{file}: {ct}");
        assert!(bytes.starts_with(b"PK"), "{file} is a zip");
    }

    assert_eq!(
        get_bytes(&app, &format!("{base}/roster.xlsx"), &m.ding)
            .await
            .0,
        Status::Forbidden
    );
    assert_eq!(
        get_bytes(&app, &format!("{base}/roster.xlsx"), &Who::anonymous())
            .await
            .0,
        Status::Unauthorized
    );
    assert_eq!(
        get_bytes(&app, &format!("{base}/secrets.csv"), &m.class.org)
            .await
            .0,
        Status::NotFound
    );
    assert_eq!(
        get_bytes(&app, &format!("{base}/roster.pdf"), &m.class.org)
            .await
            .0,
        Status::NotFound
    );
}
