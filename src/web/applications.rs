//! Applications API: anyone applies; the applicant follows and withdraws with
//! the status token; organizers review within capacity.
use chrono::Utc;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::Deserialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::{ApplicationStatus, Decision};
use crate::error::{AppError, AppResult};
use crate::service::applications::{self, ApplicationRequest};
use crate::service::{cohorts, throttle, workshops};
use crate::web::auth::Organizer;
use crate::web::body::Body;
use sea_orm::EntityTrait;

/// Apply to a cohort. The verdict on the entry rules comes back at once.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/applications", tag = "applications", request_body = ApplicationRequest,
    params(("id" = i64, Path)),
    responses((status = 201, description = "{id, reference, status: \"pending\", eligibility: {eligible, basis}, status_token}"),
              (status = 404), (status = 409, description = "duplicate or cohort_not_open"),
              (status = 422, description = "ineligible (reasons) or validation (fields)"),
              (status = 429, description = "too many applications from this address; see Retry-After")))]
#[post("/api/v1/cohorts/<id>/applications", data = "<body>")]
pub async fn apply(
    state: &State<AppState>,
    client: crate::web::client::ClientAddr,
    id: i64,
    body: Body<ApplicationRequest>,
) -> AppResult<(Status, Json<Value>)> {
    throttle::application(&state.db, &client.0, state.settings.application_limit).await?;
    let s = applications::submit(state, id, &body.0, Utc::now()).await?;
    Ok((
        Status::Created,
        Json(json!({
            "id": s.app.id,
            "reference": s.app.reference,
            "status": s.app.status,
            "eligibility": {"eligible": true, "basis": s.basis},
            "status_token": s.token,
            "status_url": crate::service::notify::status_path(&s.app.reference, &s.token),
        })),
    ))
}

pub async fn applicant_json(
    state: &AppState,
    app: &crate::entity::application::Model,
) -> AppResult<Value> {
    let c = cohorts::get(&state.db, app.cohort_id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let mut v = applications::applicant_view(app, &c, &w);
    let extras = crate::service::selection::applicant_extras(&state.db, app).await?;
    if let (Value::Object(map), Value::Object(more)) = (&mut v, extras) {
        map.extend(more);
    }
    Ok(v)
}

/// The applicant's status, by reference and status token.
#[utoipa::path(get, path = "/api/v1/applications/{reference}", tag = "applications",
    params(("reference" = String, Path), ("token" = String, Query)),
    responses((status = 200), (status = 404, description = "unknown reference or wrong token")))]
#[get("/api/v1/applications/<reference>?<token>", rank = 2)]
pub async fn status(
    state: &State<AppState>,
    reference: &str,
    token: Option<&str>,
) -> AppResult<Json<Value>> {
    let app =
        applications::by_reference(&state.db, &state.keys, reference, token.unwrap_or("")).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    pub token: String,
}

/// The applicant withdraws before the cohort starts.
#[utoipa::path(post, path = "/api/v1/applications/{reference}/withdraw", tag = "applications", request_body = TokenBody,
    params(("reference" = String, Path)),
    responses((status = 200), (status = 404), (status = 409, description = "withdraw_too_late or withdraw_not_allowed")))]
#[post("/api/v1/applications/<reference>/withdraw", data = "<body>", rank = 2)]
pub async fn withdraw(
    state: &State<AppState>,
    reference: &str,
    body: Body<TokenBody>,
) -> AppResult<Json<Value>> {
    let app = applications::withdraw(state, reference, &body.0.token, Utc::now()).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

fn parse_app_status(s: Option<&str>) -> AppResult<Option<ApplicationStatus>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => ApplicationStatus::parse(s).map(Some).ok_or_else(|| {
            AppError::field(
                "status",
                Message::keyed("status_invalid", "msg-status_invalid-2"),
            )
        }),
    }
}

/// A cohort's applications, IDs and phones masked.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/applications", tag = "applications",
    params(("id" = i64, Path), ("status" = Option<String>, Query)),
    responses((status = 200), (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/applications?<status>")]
pub async fn list(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
    status: Option<&str>,
) -> AppResult<Json<Vec<Value>>> {
    let status = parse_app_status(status)?;
    let apps = applications::list(&state.db, id, status).await?;
    Ok(Json(apps.iter().map(applications::staff_view).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// admit, waitlist or reject
    pub decision: String,
    /// Read by the applicant in their mail and on their status page.
    #[serde(default)]
    pub note: Option<String>,
    /// For staff only: never reaches the applicant.
    #[serde(default)]
    pub internal_note: Option<String>,
}

fn parse_decision(s: &str) -> AppResult<Decision> {
    Decision::parse(s).map_err(|m| AppError::field("decision", m))
}

/// Admit, waitlist or reject one application.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "applications", request_body = DecisionRequest,
    params(("id" = i64, Path)),
    responses((status = 200), (status = 404), (status = 409, description = "cohort_full, roster_final, already_decided"), (status = 422)))]
#[post("/api/v1/applications/<id>/decision", data = "<body>")]
pub async fn decide(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<DecisionRequest>,
) -> AppResult<Json<Value>> {
    let decision = parse_decision(&body.0.decision)?;
    let body = body.0;
    let app = applications::decide_noted(
        state,
        org.0.id,
        id,
        decision,
        body.note.as_deref(),
        body.internal_note.as_deref(),
    )
    .await?;
    Ok(Json(applications::staff_view(&app)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkDecisionRequest {
    pub application_ids: Vec<i64>,
    pub decision: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub internal_note: Option<String>,
}

/// The same decision on many applications; each succeeds or fails on its own
/// (e.g. admissions past capacity fail with `cohort_full`).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/decisions", tag = "applications", request_body = BulkDecisionRequest,
    params(("id" = i64, Path)), responses((status = 200, description = "{results: [{id, ok, status | error}]}")))]
#[post("/api/v1/cohorts/<id>/decisions", data = "<body>")]
pub async fn decide_many(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<BulkDecisionRequest>,
) -> AppResult<Json<Value>> {
    let decision = parse_decision(&body.0.decision)?;
    if body.0.application_ids.len() > 1000 {
        return Err(AppError::field("application_ids", Message::of("too_many")));
    }
    cohorts::get(&state.db, id).await?;
    let mut results = vec![];
    for app_id in &body.0.application_ids {
        let belongs = crate::entity::application::Entity::find_by_id(*app_id)
            .one(&state.db)
            .await?
            .is_some_and(|a| a.cohort_id == id);
        let outcome = if belongs {
            applications::decide_noted(
                state,
                org.0.id,
                *app_id,
                decision,
                body.0.note.as_deref(),
                body.0.internal_note.as_deref(),
            )
            .await
        } else {
            Err(AppError::NotFound)
        };
        results.push(match outcome {
            Ok(a) => json!({"id": app_id, "ok": true, "status": a.status}),
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(e) => json!({"id": app_id, "ok": false, "error": e.message().code}),
        });
    }
    Ok(Json(json!({"results": results})))
}

/// Read one national ID in clear; the reading is recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reveal-id", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, description = "{national_id}"), (status = 403), (status = 404)))]
#[post("/api/v1/applications/<id>/reveal-id")]
pub async fn reveal_id(state: &State<AppState>, org: Organizer, id: i64) -> AppResult<Json<Value>> {
    let national_id = applications::reveal_id(state, org.0.id, id).await?;
    Ok(Json(json!({"national_id": national_id})))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoverRequest {
    pub national_id: String,
    pub phone: String,
}

/// The way back to a lost status link: a match mails fresh status links to
/// the address on file. The answer is the same whether or not anything matched.
#[utoipa::path(post, path = "/api/v1/applications/recover", tag = "applications", request_body = RecoverRequest,
    responses((status = 202, description = "{} whether or not anything matched"),
              (status = 422, description = "validation: a malformed ID or mobile number"),
              (status = 429, description = "too many requests for this person or address")))]
#[post("/api/v1/applications/recover", data = "<body>")]
pub async fn recover(
    state: &State<AppState>,
    client: crate::web::auth::ClientAddr,
    body: Body<RecoverRequest>,
) -> AppResult<(Status, Json<Value>)> {
    applications::recover::recover(
        state,
        &client.0,
        &body.0.national_id,
        &body.0.phone,
        Utc::now(),
    )
    .await?;
    Ok((Status::Accepted, Json(json!({}))))
}

/// One application with every fact the applicant gave, masked ID and phone,
/// the notes and the history.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, description = "certificate, started_trade_on, years_at_deadline, processes, employer, nominated, submitted_at, masked national_id and phone, notes, history"),
              (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/applications/<id>", rank = 1)]
pub async fn detail(
    id: i64,
    state: &State<AppState>,
    // Taken as a result, so a reference (not a number) forwards to the
    // applicant's route instead of failing on the sign-in.
    org: Result<Organizer, AppError>,
) -> AppResult<Json<Value>> {
    org?;
    Ok(Json(applications::staff::detail(state, id).await?))
}

/// Read one phone number in clear (to call a participant); the reading is
/// recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reveal-phone", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, description = "{phone}"), (status = 403), (status = 404)))]
#[post("/api/v1/applications/<id>/reveal-phone")]
pub async fn reveal_phone(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<Value>> {
    let phone = applications::staff::reveal_phone(state, org.0.id, id).await?;
    Ok(Json(json!({"phone": phone})))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        detail,
        reveal_phone,
        recover,
        apply,
        status,
        withdraw,
        list,
        decide,
        decide_many,
        reveal_id
    ]
}
