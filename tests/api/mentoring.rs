//! Mentoring: cohort mentors and pairing.
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::mentoring_setup::*;

#[rocket::async_test]
async fn a_cohort_mentor_must_be_an_existing_mentor_account() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 3).await;
    app.create_user("mentor", DING, "丁卫松").await;

    let nobody = add_mentor(&app, &class, "nobody@example.com", 3, &["GTAW"], "柯桥排水").await;
    assert_eq!(
        nobody.status,
        Status::UnprocessableEntity,
        "{}",
        nobody.body
    );
    assert_eq!(
        nobody.json()["fields"]["email"]["code"],
        "mentor_account_missing"
    );
    // An organizer's account is not a mentor's.
    let organizer = add_mentor(&app, &class, "org@example.com", 3, &["GTAW"], "").await;
    assert_eq!(
        organizer.json()["fields"]["email"]["code"],
        "mentor_account_missing"
    );
    let bad = add_mentor(&app, &class, DING, 0, &["laser"], "").await;
    assert_eq!(bad.status, Status::UnprocessableEntity);
    assert!(
        bad.json()["fields"]["capacity"].is_object()
            && bad.json()["fields"]["processes"].is_object(),
        "{}",
        bad.body
    );

    let ok = add_mentor(&app, &class, DING, 3, &["GTAW", "smaw"], "柯桥排水有限公司").await;
    assert_eq!(ok.status, Status::Created, "{}", ok.body);
    assert_eq!(ok.json()["processes"], json!(["SMAW", "GTAW"]));
    assert_eq!(ok.json()["places_left"], 3);
    let again = add_mentor(&app, &class, DING, 3, &["GTAW"], "").await;
    assert_eq!(again.status, Status::Conflict);
    assert_eq!(again.json()["error"], "mentor_already_added");

    // A mentor cannot attach themselves; anonymous callers are asked to sign in.
    let ding = app.login(DING).await;
    let path = format!("/api/v1/cohorts/{}/mentors", class.cohort_id);
    let body = json!({"email": DING, "capacity": 3, "processes": ["GTAW"]});
    assert_eq!(
        app.post_json(&path, &ding, &body).await.status,
        Status::Forbidden
    );
    assert_eq!(
        app.post_json(&path, &Who::anonymous(), &body).await.status,
        Status::Unauthorized
    );
    assert_eq!(
        app.get(&path, &ding).await.json().as_array().map(Vec::len),
        Some(1)
    );
}

#[rocket::async_test]
async fn pairing_keeps_capacity_avoids_the_same_employer_and_explains_each_pair() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let bodies = [
        applicant(0, "柯桥排水有限公司", &["GTAW"]),
        applicant(1, "柯桥排水有限公司", &["GTAW"]),
        applicant(2, "浙江精工钢结构", &["GMAW"]),
        applicant(3, "诸暨技师学院", &["SMAW"]),
        applicant(4, "柯桥排水有限公司", &["GTAW"]),
    ];
    let ids = admit_all(&app, &class, &bodies).await;
    app.create_user("mentor", DING, "丁卫松").await;
    app.create_user("mentor", ZHU, "朱致挺").await;
    add_mentor(&app, &class, DING, 2, &["GTAW", "SMAW"], "柯桥排水有限公司").await;
    add_mentor(
        &app,
        &class,
        ZHU,
        3,
        &["GMAW", "GTAW"],
        "杭州汽轮股份有限公司",
    )
    .await;

    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let made = r.json()["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(made.len(), 5);
    let find = |id: i64| {
        made.iter()
            .find(|a| a["participant_id"] == id)
            .cloned()
            .unwrap_or_default()
    };
    // 丁卫松's three colleagues all go to 朱致挺: the optimal assignment has
    // the GMAW-only participant give up a process match to make room.
    assert_eq!(find(ids[0])["mentor_email"], ZHU);
    assert_eq!(find(ids[1])["mentor_email"], ZHU);
    assert_eq!(find(ids[2])["mentor_email"], DING);
    assert_eq!(find(ids[3])["mentor_email"], DING);
    assert_eq!(find(ids[4])["mentor_email"], ZHU);
    let reason_en = |id: i64| find(id)["reason_en"].as_str().unwrap_or("").to_string();
    assert!(
        reason_en(ids[2]).starts_with("no process match"),
        "{made:?}"
    );
    assert!(
        made.iter().all(|a| !a["reason_en"]
            .as_str()
            .unwrap_or("")
            .contains("same employer")),
        "{made:?}"
    );
    assert!(
        find(ids[3])["reason"]
            .as_str()
            .unwrap_or("")
            .contains("焊条电弧焊"),
        "{made:?}"
    );
    for a in &made {
        assert!(!a["reason"].as_str().unwrap_or("").is_empty(), "{a}");
    }
    let mentors = app
        .get(
            &format!("/api/v1/cohorts/{}/mentors", class.cohort_id),
            &class.org,
        )
        .await
        .json();
    for m in mentors.as_array().cloned().unwrap_or_default() {
        assert!(m["assigned"].as_i64() <= m["capacity"].as_i64(), "{m}");
    }
    // Running it again pairs nobody new.
    let again = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(again.json()["assignments"], json!([]));
    let all = app
        .get(
            &format!("/api/v1/cohorts/{}/assignments", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(all.json()["assignments"].as_array().map(Vec::len), Some(5));
}

#[rocket::async_test]
async fn too_little_capacity_is_409_with_what_is_missing_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 3).await;
    let bodies: Vec<Value> = (0..3)
        .map(|i| applicant(i, "绍兴钢构", &["SMAW"]))
        .collect();
    admit_all(&app, &class, &bodies).await;
    app.create_user("mentor", DING, "丁卫松").await;
    add_mentor(&app, &class, DING, 1, &["SMAW"], "柯桥排水").await;
    let audits = app.count("audit_log").await;

    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "insufficient_capacity");
    assert_eq!(r.json()["missing"], 2);
    assert_eq!(app.count("mentor_assignments").await, 0);
    assert_eq!(app.count("audit_log").await, audits);
}

async fn pair_once() -> Vec<(i64, String, String)> {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 6).await;
    let bodies = [
        applicant(0, "A厂", &["GTAW"]),
        applicant(1, "B厂", &["SMAW", "GMAW"]),
        applicant(2, "C厂", &["FCAW"]),
        applicant(3, "A厂", &["SAW"]),
        applicant(4, "D厂", &["GTAW", "SMAW"]),
        applicant(5, "B厂", &["GMAW"]),
    ];
    admit_all(&app, &class, &bodies).await;
    app.create_user("mentor", DING, "丁卫松").await;
    app.create_user("mentor", ZHU, "朱致挺").await;
    add_mentor(&app, &class, DING, 3, &["GTAW", "SMAW"], "A厂").await;
    add_mentor(&app, &class, ZHU, 4, &["GMAW", "FCAW"], "B厂").await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| {
            (
                a["participant_id"].as_i64().unwrap_or(0),
                a["mentor_email"].as_str().unwrap_or("").to_string(),
                a["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[rocket::async_test]
async fn pairing_the_same_cohort_twice_gives_the_same_answer() {
    let first = pair_once().await;
    let second = pair_once().await;
    assert_eq!(first.len(), 6);
    assert_eq!(first, second);
}

#[rocket::async_test]
async fn moving_a_participant_by_hand_checks_capacity_and_is_audited() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 3).await;
    // 丁卫松 (who teaches their processes) takes two, 朱致挺 one.
    let ding_id = mentor_id(&app, &m, DING).await;
    let r = app
        .put_json(
            &format!("/api/v1/cohorts/{}/mentors/{ding_id}", m.class.cohort_id),
            &m.class.org,
            &json!({"capacity": 2, "processes": ["GTAW", "SMAW"], "employer": "柯桥排水有限公司"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .put_json(
            &format!(
                "/api/v1/cohorts/{}/mentors/{}",
                m.class.cohort_id,
                mentor_id(&app, &m, ZHU).await
            ),
            &m.class.org,
            &json!({"capacity": 1, "processes": ["GMAW"], "employer": "杭州汽轮股份有限公司"}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", m.class.cohort_id),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let on_ding: Vec<i64> = r.json()["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|a| a["mentor_email"] == DING)
        .filter_map(|a| a["participant_id"].as_i64())
        .collect();
    assert_eq!(on_ding.len(), 2, "{}", r.body);

    // 朱致挺 is full: moving another mentee to him is refused and changes nothing.
    let path = format!("/api/v1/participants/{}/mentor", on_ding[0]);
    let full = app
        .put_json(&path, &m.class.org, &json!({"mentor_email": ZHU}))
        .await;
    assert_eq!(full.status, Status::Conflict, "{}", full.body);
    assert_eq!(full.json()["error"], "mentor_full");
    let stranger = app
        .put_json(
            &path,
            &m.class.org,
            &json!({"mentor_email": "org@example.com"}),
        )
        .await;
    assert_eq!(stranger.status, Status::UnprocessableEntity);
    assert!(stranger.json()["fields"]["mentor_email"].is_object());

    // With room again, the move goes through and leaves an audit record.
    let zhu_id = mentor_id(&app, &m, ZHU).await;
    app.put_json(
        &format!("/api/v1/cohorts/{}/mentors/{zhu_id}", m.class.cohort_id),
        &m.class.org,
        &json!({"capacity": 2, "processes": ["GMAW"], "employer": "杭州汽轮股份有限公司"}),
    )
    .await;
    let moved = app
        .put_json(&path, &m.class.org, &json!({"mentor_email": ZHU}))
        .await;
    assert_eq!(moved.status, Status::Ok, "{}", moved.body);
    assert_eq!(moved.json()["method"], "manual");
    assert_eq!(moved.json()["mentor_email"], ZHU);
    let audited = count_sql(
        &app,
        &format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'participant.mentor.override' AND subject_id = '{}'",
            on_ding[0]
        ),
    )
    .await;
    assert_eq!(audited, 1);
    // A mentor may not move anyone.
    assert_eq!(
        app.put_json(&path, &m.ding, &json!({"mentor_email": DING}))
            .await
            .status,
        Status::Forbidden
    );
    // Capacity cannot drop below the current mentees.
    let r = app
        .put_json(
            &format!("/api/v1/cohorts/{}/mentors/{zhu_id}", m.class.cohort_id),
            &m.class.org,
            &json!({"capacity": 1, "processes": ["GMAW"]}),
        )
        .await;
    assert_eq!(
        r.json()["fields"]["capacity"]["code"],
        "capacity_below_assigned",
        "{}",
        r.body
    );
}

#[rocket::async_test]
async fn removing_a_mentor_unassigns_their_mentees() {
    let app = TestApp::spawn().await;
    let m = mentored_class(&app, 2).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", m.class.cohort_id),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok);
    let ding_id = mentor_id(&app, &m, DING).await;
    let r = app
        .request(
            rocket::http::Method::Delete,
            &format!("/api/v1/cohorts/{}/mentors/{ding_id}", m.class.cohort_id),
            &m.class.org,
            None,
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let left = app.count("mentor_assignments").await;
    let unassigned = r.json()["unassigned"].as_array().map(Vec::len).unwrap_or(0) as i64;
    assert_eq!(left + unassigned, 2);
    assert_eq!(app.count("cohort_mentors").await, 1);
}

pub async fn mentor_id(app: &TestApp, m: &Mentoring, email: &str) -> i64 {
    let list = app
        .get(
            &format!("/api/v1/cohorts/{}/mentors", m.class.cohort_id),
            &m.class.org,
        )
        .await
        .json();
    list.as_array()
        .and_then(|l| l.iter().find(|x| x["email"] == email))
        .and_then(|x| x["user_id"].as_i64())
        .expect("mentor listed")
}

#[rocket::async_test]
async fn the_openapi_document_describes_the_mentoring_calls() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json", &Who::anonymous()).await.json();
    for path in [
        "/api/v1/cohorts/{id}/mentors",
        "/api/v1/cohorts/{id}/assignments/auto",
        "/api/v1/participants/{id}/mentor",
        "/api/v1/cohorts/{id}/sessions",
        "/api/v1/sessions/{id}/attendance",
        "/api/v1/participants/{id}/assessments",
        "/api/v1/cohorts/{id}/certificates",
        "/api/v1/certificates/{code}",
        "/api/v1/cohorts/{id}/exports/{file}",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["AttendanceInput"].is_object());
}

#[rocket::async_test]
async fn concurrent_pairing_and_moves_never_exceed_a_mentors_capacity() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let m = mentored_class(&app, 6).await;
    let path = format!("/api/v1/cohorts/{}/assignments/auto", m.class.cohort_id);
    let mut runs = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (app, org, path) = (app.clone(), m.class.org.clone(), path.clone());
        runs.spawn(async move { app.post_json(&path, &org, &json!({})).await });
    }
    let mut paired = 0;
    while let Some(r) = runs.join_next().await {
        let r = r.expect("task");
        assert!(matches!(r.status.code, 200 | 409), "{}", r.body);
        paired += r.json()["assignments"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0);
    }
    assert_eq!(paired, 6, "each participant paired exactly once");
    assert_eq!(app.count("mentor_assignments").await, 6);

    // 朱致挺 gets room for exactly one more; five moves race for it.
    let zhu_id = mentor_id(&app, &m, ZHU).await;
    let on_zhu = count_sql(
        &app,
        &format!("SELECT COUNT(*) AS n FROM mentor_assignments WHERE mentor_user_id = {zhu_id}"),
    )
    .await;
    let r = app
        .put_json(
            &format!("/api/v1/cohorts/{}/mentors/{zhu_id}", m.class.cohort_id),
            &m.class.org,
            &json!({"capacity": on_zhu + 1, "processes": ["GMAW", "FCAW"]}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let all = app
        .get(
            &format!("/api/v1/cohorts/{}/assignments", m.class.cohort_id),
            &m.class.org,
        )
        .await
        .json();
    let movers: Vec<i64> = all["assignments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|a| a["mentor_email"] == DING)
        .filter_map(|a| a["participant_id"].as_i64())
        .collect();
    assert!(movers.len() >= 2, "{all}");
    let mut moves = tokio::task::JoinSet::new();
    for id in movers {
        let (app, org) = (app.clone(), m.class.org.clone());
        moves.spawn(async move {
            app.put_json(
                &format!("/api/v1/participants/{id}/mentor"),
                &org,
                &json!({"mentor_email": ZHU}),
            )
            .await
        });
    }
    let mut moved = 0;
    while let Some(r) = moves.join_next().await {
        let r = r.expect("task");
        match r.status.code {
            200 => moved += 1,
            409 => assert_eq!(r.json()["error"], "mentor_full", "{}", r.body),
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert_eq!(moved, 1);
    let now_on_zhu = count_sql(
        &app,
        &format!("SELECT COUNT(*) AS n FROM mentor_assignments WHERE mentor_user_id = {zhu_id}"),
    )
    .await;
    assert_eq!(now_on_zhu, on_zhu + 1);
}
