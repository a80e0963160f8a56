//! Cohorts API: organizers create and move them; anyone lists the open ones.
use chrono::Utc;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, put, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::CohortStatus;
use crate::error::{AppError, AppResult};
use crate::service::cohorts::{self, CohortInput, CohortView};
use crate::service::mentoring::mentors::AnnouncedMentor;
use crate::service::workshops;
use crate::web::auth::{MaybeUser, Organizer};
use crate::web::body::Body;

/// One cohort with its announced mentors (never their email).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(into = "serde_json::Value")]
pub struct CohortWithMentors {
    #[serde(flatten)]
    pub cohort: CohortView,
    pub mentors: Vec<AnnouncedMentor>,
}

/// `mentors` among the cohort's keys, all in alphabetical order (as the
/// `json!` body before it), where `flatten` would put it last.
impl From<CohortWithMentors> for serde_json::Value {
    fn from(v: CohortWithMentors) -> Self {
        let mut out = serde_json::to_value(v.cohort).unwrap_or_default();
        if let Some(fields) = out.as_object_mut() {
            fields.insert(
                "mentors".into(),
                serde_json::to_value(v.mentors).unwrap_or_default(),
            );
        }
        out
    }
}

async fn view(state: &AppState, c: &crate::entity::cohort::Model) -> AppResult<CohortView> {
    let w = workshops::get(&state.db, c.workshop_id).await?;
    Ok(cohorts::view(c, &w, Utc::now()))
}

/// Open a cohort of a workshop (it starts as a draft).
#[utoipa::path(post, path = "/api/v1/workshops/{id}/cohorts", tag = "cohorts", request_body = CohortInput,
    params(("id" = i64, Path, description = "workshop")),
    responses((status = 201, description = "the cohort, a draft", body = CohortView), (status = 404), (status = 422)))]
#[post("/api/v1/workshops/<id>/cohorts", data = "<body>")]
pub async fn create(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<CohortInput>,
) -> AppResult<(Status, Json<CohortView>)> {
    let c = cohorts::create(&state.db, org.0.id, id, &body.0).await?;
    Ok((Status::Created, Json(view(state, &c).await?)))
}

/// Edit a cohort's details.
#[utoipa::path(put, path = "/api/v1/cohorts/{id}", tag = "cohorts", request_body = CohortInput,
    params(("id" = i64, Path)), responses((status = 200, body = CohortView), (status = 404), (status = 422)))]
#[put("/api/v1/cohorts/<id>", data = "<body>")]
pub async fn update(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<CohortInput>,
) -> AppResult<Json<CohortView>> {
    let c = cohorts::update(&state.db, org.0.id, id, &body.0).await?;
    Ok(Json(view(state, &c).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// open, closed, approved, running, completed or cancelled
    pub to: String,
    /// Complete even though sessions are still to come (they are cancelled).
    #[serde(default)]
    pub confirm: bool,
}

/// Move a cohort along its life cycle.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/transition", tag = "cohorts", request_body = TransitionRequest,
    params(("id" = i64, Path)),
    responses((status = 200, body = CohortView), (status = 404), (status = 409, description = "invalid_transition; sessions_to_come with count when completing before the last session (send confirm: true)")))]
#[post("/api/v1/cohorts/<id>/transition", data = "<body>")]
pub async fn transition(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<TransitionRequest>,
) -> AppResult<Json<CohortView>> {
    let c = cohorts::transition_confirmed(state, org.0.id, id, &body.0.to, body.0.confirm).await?;
    Ok(Json(view(state, &c).await?))
}

pub fn parse_status(s: Option<&str>) -> AppResult<Option<CohortStatus>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => CohortStatus::parse(s).map(Some).ok_or_else(|| {
            AppError::field(
                "status",
                Message::keyed("status_invalid", "msg-status_invalid-2"),
            )
        }),
    }
}

/// Cohorts; anyone sees all but drafts, organizers see drafts too.
#[utoipa::path(get, path = "/api/v1/cohorts", tag = "cohorts",
    params(("status" = Option<String>, Query, description = "draft, open, closed, approved, running, completed, cancelled")),
    responses((status = 200, body = [CohortView]), (status = 422)))]
#[get("/api/v1/cohorts?<status>")]
pub async fn list(
    state: &State<AppState>,
    user: MaybeUser,
    status: Option<&str>,
) -> AppResult<Json<Vec<CohortView>>> {
    let status = parse_status(status)?;
    let organizer = user
        .0
        .as_ref()
        .is_some_and(|u| u.role == crate::service::accounts::Role::Organizer);
    let list = cohorts::list(&state.db, status, organizer).await?;
    let mut out = Vec::with_capacity(list.len());
    for c in &list {
        out.push(view(state, c).await?);
    }
    Ok(Json(out))
}

/// One cohort (drafts only for organizers), with its announced mentors
/// `mentors: [{id, name, title, processes}]` (never their email).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}", tag = "cohorts", params(("id" = i64, Path)),
    responses((status = 200, body = CohortWithMentors), (status = 404)))]
#[get("/api/v1/cohorts/<id>")]
pub async fn get(
    state: &State<AppState>,
    user: MaybeUser,
    id: i64,
) -> AppResult<Json<CohortWithMentors>> {
    let c = cohorts::get(&state.db, id).await?;
    let organizer = user
        .0
        .as_ref()
        .is_some_and(|u| u.role == crate::service::accounts::Role::Organizer);
    if c.status == CohortStatus::Draft.as_str() && !organizer {
        return Err(AppError::NotFound);
    }
    let cohort = view(state, &c).await?;
    let mentors = crate::service::mentoring::mentors::announced(&state.db, c.id).await?;
    Ok(Json(CohortWithMentors { cohort, mentors }))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![create, update, transition, list, get]
}
