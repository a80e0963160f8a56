//! Mentoring: assessments against the rubric, completion and certificates.
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{Resp, TestApp, Who};
use crate::mentoring_setup::*;

async fn assess(app: &TestApp, who: &Who, participant: i64, scores: Value) -> Resp {
    app.post_json(
        &format!("/api/v1/participants/{participant}/assessments"),
        who,
        &json!({"scores": scores, "comment": "焊缝成形良好"}),
    )
    .await
}

#[rocket::async_test]
async fn points_outside_the_rubric_are_422_naming_the_criterion() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let cases = [
        (
            json!({"visual": 20, "bend": 20, "theory": 20, "style": 5}),
            "scores.style",
            "score_unknown_key",
        ),
        (
            json!({"visual": 20, "bend": 41, "theory": 20}),
            "scores.bend",
            "score_out_of_range",
        ),
        (
            json!({"visual": -1, "bend": 20, "theory": 20}),
            "scores.visual",
            "score_out_of_range",
        ),
        (
            json!({"visual": 2.5, "bend": 20, "theory": 20}),
            "scores.visual",
            "score_out_of_range",
        ),
        (
            json!({"visual": 20, "bend": 20}),
            "scores.theory",
            "score_missing",
        ),
    ];
    for (scores, field, code) in cases {
        let r = assess(&app, &m.ding, p, scores.clone()).await;
        assert_eq!(
            r.status,
            Status::UnprocessableEntity,
            "{scores}: {}",
            r.body
        );
        assert_eq!(
            r.json()["fields"][field]["code"],
            code,
            "{scores}: {}",
            r.body
        );
    }
    assert_eq!(app.count("assessments").await, 0);
}

#[rocket::async_test]
async fn fifty_nine_fails_sixty_passes_and_amendments_keep_the_history() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let r = assess(
        &app,
        &m.ding,
        p,
        json!({"visual": 20, "bend": 20, "theory": 19}),
    )
    .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    assert_eq!(
        (r.json()["total"].clone(), r.json()["passed"].clone()),
        (json!(59), json!(false))
    );
    assert_eq!(r.json()["max"], 100);
    let first = r.json()["id"].as_i64();

    let r = assess(
        &app,
        &m.zhu,
        p,
        json!({"visual": 20, "bend": 20, "theory": 20}),
    )
    .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    assert_eq!(
        (r.json()["total"].clone(), r.json()["passed"].clone()),
        (json!(60), json!(true))
    );
    assert_eq!(r.json()["amends"].as_i64(), first);

    let history = app
        .get(
            &format!("/api/v1/participants/{p}/assessments"),
            &m.class.org,
        )
        .await
        .json();
    let totals: Vec<i64> = history
        .as_array()
        .map(|h| h.iter().filter_map(|a| a["total"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(totals, [60, 59], "newest first, nothing overwritten");
    let audited = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'assessment.amend'",
    )
    .await;
    assert_eq!(audited, 1);
    let notices = count_sql(
        &app,
        "SELECT COUNT(*) AS n FROM notices WHERE kind = 'assessment_recorded'",
    )
    .await;
    assert_eq!(notices, 2);
    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/participants", m.class.cohort_id),
            &m.ding,
        )
        .await
        .json();
    assert_eq!(list[0]["latest_assessment"]["total"], 60);
}

#[rocket::async_test]
async fn only_the_cohorts_mentors_assess() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 1).await;
    let p = m.participants[0];
    let other = open_class_as(&app, &m.class.org, 1).await;
    let stranger = app.mentor("stranger@example.com", "沈师傅").await;
    add_mentor(
        &app,
        &other,
        "stranger@example.com",
        2,
        &["SMAW"],
        "别的单位",
    )
    .await;
    let scores = json!({"visual": 25, "bend": 30, "theory": 25});

    let organizer = assess(&app, &m.class.org, p, scores.clone()).await;
    assert_eq!(organizer.status, Status::Forbidden, "{}", organizer.body);
    assert_eq!(organizer.json()["error"], "mentors_only");
    assert_eq!(
        assess(&app, &stranger, p, scores.clone()).await.status,
        Status::Forbidden
    );
    assert_eq!(
        assess(&app, &Who::anonymous(), p, scores.clone())
            .await
            .status,
        Status::Unauthorized
    );
    assert_eq!(app.count("assessments").await, 0);
    // Any mentor of the cohort, not only the one paired with the participant.
    assert_eq!(
        assess(&app, &m.zhu, p, scores).await.status,
        Status::Created
    );
    assert_eq!(
        assess(&app, &m.zhu, 999_999, json!({})).await.status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn certificates_go_to_those_who_completed_and_verify_with_a_masked_name() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let (done, short) = (m.participants[0], m.participants[1]);
    for h in [-30, -20, -10] {
        let s = session_at(&app, &m.class, h, "实操").await;
        let r = mark(
            &app,
            &m.ding,
            s,
            json!([{"participant_id": done, "status": "present"}, {"participant_id": short, "status": "absent"}]),
        )
        .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    for p in [done, short] {
        let r = assess(
            &app,
            &m.ding,
            p,
            json!({"visual": 25, "bend": 30, "theory": 25}),
        )
        .await;
        assert_eq!(r.status, Status::Created, "{}", r.body);
    }
    let path = format!("/api/v1/cohorts/{}/certificates", m.class.cohort_id);
    let early = app.post_json(&path, &m.class.org, &json!({})).await;
    assert_eq!(early.status, Status::Conflict);
    assert_eq!(early.json()["error"], "cohort_not_completed");

    transition(&app, &m.class, "running").await;
    transition(&app, &m.class, "completed").await;
    assert_eq!(
        app.post_json(&path, &m.ding, &json!({})).await.status,
        Status::Forbidden
    );
    let r = app.post_json(&path, &m.class.org, &json!({})).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let issued = r.json()["issued"].as_array().cloned().unwrap_or_default();
    assert_eq!(issued.len(), 1, "{}", r.body);
    assert_eq!(issued[0]["participant_id"], done);
    assert_eq!(r.json()["not_completed"], json!([short]));
    let code = issued[0]["code"].as_str().unwrap_or("").to_string();
    assert_eq!(code.len(), 12);
    // Issuing again is harmless: nothing new, no second notice.
    let again = app.post_json(&path, &m.class.org, &json!({})).await;
    assert_eq!(again.json()["issued"], json!([]));
    assert_eq!(
        again.json()["certificates"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM notices WHERE kind = 'certificate_issued'"
        )
        .await,
        1
    );

    let api = app
        .get(&format!("/api/v1/certificates/{code}"), &Who::anonymous())
        .await;
    assert_eq!(api.status, Status::Ok, "{}", api.body);
    assert_eq!(api.json()["holder"], "张*工");
    assert_eq!(api.json()["workshop_title"], "绍兴工匠高级研修班(焊工方向)");
    assert_eq!(api.json()["cohort_name"], "第一期");
    let display = api.json()["display_code"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    assert_eq!(
        app.get(
            &format!("/api/v1/certificates/{display}"),
            &Who::anonymous()
        )
        .await
        .status,
        Status::Ok
    );

    let page = app.get(&format!("/verify/{code}"), &Who::anonymous()).await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("张*工") && !page.body.contains("张焊工"),
        "{}",
        page.body
    );
    assert!(page.body.contains("绍兴工匠高级研修班"));
    for unknown in [
        "/verify/ZZZZZZZZZZZZ",
        "/verify/nonsense",
        "/api/v1/certificates/ZZZZZZZZZZZZ",
    ] {
        assert_eq!(
            app.get(unknown, &Who::anonymous()).await.status,
            Status::NotFound,
            "{unknown}"
        );
    }
}
