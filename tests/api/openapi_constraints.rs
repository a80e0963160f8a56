//! The limits the OpenAPI document states are the ones the server applies: a
//! body at each stated limit is accepted, one past it is refused with 422
//! naming the field.
use chrono::{Duration, Utc};
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::{open_class, welding_workshop};
use crate::helpers::{TestApp, Who};

async fn document(app: &TestApp) -> Value {
    let r = app.get("/api/openapi.json", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    r.json()
}

fn prop<'a>(doc: &'a Value, schema: &str, field: &str) -> &'a Value {
    let p = &doc["components"]["schemas"][schema]["properties"][field];
    assert!(p.is_object(), "{schema}.{field} in the document");
    p
}

fn limit(doc: &Value, schema: &str, field: &str, key: &str) -> usize {
    let p = prop(doc, schema, field);
    p[key]
        .as_u64()
        .or_else(|| p["oneOf"].as_array()?.iter().find_map(|b| b[key].as_u64()))
        .unwrap_or_else(|| panic!("{schema}.{field} has {key}: {p}")) as usize
}

fn assert_refused(r: &crate::helpers::Resp, field: &str) {
    assert_eq!(r.status, Status::UnprocessableEntity, "{field}: {}", r.body);
    assert!(r.json()["fields"][field].is_object(), "{field}: {}", r.body);
}

#[rocket::async_test]
async fn the_document_states_lengths_ranges_enums_patterns_and_closed_bodies() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert_eq!(limit(&doc, "CohortInput", "name", "maxLength"), 100);
    assert_eq!(limit(&doc, "CohortInput", "name", "minLength"), 1);
    assert_eq!(limit(&doc, "NominationInput", "seats", "maximum"), 200);
    assert_eq!(limit(&doc, "NominationInput", "seats", "minimum"), 1);
    assert_eq!(limit(&doc, "CouponInput", "defects", "maxItems"), 10);
    let kinds = prop(&doc, "SessionInput", "kind")["enum"].clone();
    assert_eq!(kinds, json!(["theory", "practical", "assessment"]));
    let decision = prop(&doc, "DecisionRequest", "decision");
    assert_eq!(decision["enum"], json!(["admit", "waitlist", "reject"]));
    assert!(prop(&doc, "WorkshopInput", "trade")["pattern"].is_string());
    // Every request string states the body guard's control-character rule.
    assert!(prop(&doc, "TokenBody", "token")["pattern"].is_string());
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["TransitionRequest"]["additionalProperties"], false);
    // Sign-in and revocation take fields they do not know (older clients send some).
    assert_ne!(schemas["LoginRequest"]["additionalProperties"], false);
    assert_ne!(schemas["RevokeInput"]["additionalProperties"], false);
}

#[rocket::async_test]
async fn a_body_at_each_stated_limit_passes_and_one_past_it_is_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let class = open_class(&app, 5).await;
    let org = &class.org;

    // A workshop title: the service's rule, stated in the document.
    let max = limit(&doc, "WorkshopInput", "title", "maxLength");
    let mut w = welding_workshop();
    w["title"] = json!("焊".repeat(max));
    let r = app.post_json("/api/v1/workshops", org, &w).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    w["title"] = json!("焊".repeat(max + 1));
    assert_refused(&app.post_json("/api/v1/workshops", org, &w).await, "title");

    // A cohort's name and capacity; an integral float is an integer.
    let path = format!("/api/v1/workshops/{}/cohorts", class.workshop_id);
    let now = Utc::now();
    let starts = (now + Duration::days(15)).date_naive();
    let cohort = |name: String, capacity: Value| {
        json!({
            "name": name,
            "capacity": capacity,
            "applications_open_at": now.to_rfc3339(),
            "applications_close_at": (now + Duration::days(10)).to_rfc3339(),
            "starts_on": starts.to_string(),
            "ends_on": (starts + Duration::days(20)).to_string(),
            "venue": "绍兴市焊接实训基地"
        })
    };
    let name_max = limit(&doc, "CohortInput", "name", "maxLength");
    let cap_max = limit(&doc, "CohortInput", "capacity", "maximum");
    let body = cohort("期".repeat(name_max), json!(cap_max as f64));
    let r = app.post_json(&path, org, &body).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let r = app
        .post_json(&path, org, &cohort("期".repeat(name_max + 1), json!(5)))
        .await;
    assert_refused(&r, "name");
    let r = app
        .post_json(&path, org, &cohort("二期".into(), json!(cap_max + 1)))
        .await;
    assert_refused(&r, "capacity");

    // Nomination seats.
    let path = format!("/api/v1/cohorts/{}/nominations", class.cohort_id);
    let seats = limit(&doc, "NominationInput", "seats", "maximum");
    let r = app
        .post_json(
            &path,
            org,
            &json!({"employer": "杭州锅炉厂", "seats": seats + 1}),
        )
        .await;
    assert_refused(&r, "seats");
    let r = app
        .post_json(
            &path,
            org,
            &json!({"employer": "杭州锅炉厂", "seats": seats}),
        )
        .await;
    assert!(r.status.code < 300, "{}", r.body);

    // A session's mentor address: a shape rule of the validator, answered in
    // the catalog's words with the limit.
    let path = format!("/api/v1/cohorts/{}/sessions", class.cohort_id);
    let start = Utc::now() + Duration::days(20);
    let max = limit(&doc, "SessionInput", "mentor_email", "maxLength");
    let session = |mentor: Option<String>| {
        json!({
            "title": "实操课",
            "kind": "practical",
            "starts_at": start.to_rfc3339(),
            "ends_at": (start + Duration::hours(3)).to_rfc3339(),
            "venue": "绍兴市焊接实训基地",
            "mentor_email": mentor,
        })
    };
    let long = format!("{}@example.com", "a".repeat(max + 1 - "@example.com".len()));
    let r = app.post_json(&path, org, &session(Some(long))).await;
    assert_refused(&r, "mentor_email");
    assert_eq!(r.json()["fields"]["mentor_email"]["code"], "text_too_long");
    let message = r.json()["fields"]["mentor_email"]["message"].to_string();
    assert!(message.contains(&max.to_string()), "{message}");
    let r = app.post_json(&path, org, &session(None)).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
}
