//! Mentoring API, first half: a cohort's mentors, pairing, and sessions.
//! Attendance, assessments, certificates and exports are in `records`.
use chrono::Utc;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, delete, get, post, put, routes};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::AppResult;
use crate::service::cohorts;
use crate::service::mentoring::mentors::{self, MentorInput, MentorUpdate, MentorView};
use crate::service::mentoring::pairing::{self, AssignmentView, MentorChoice};
use crate::service::mentoring::sessions::{self, SessionInput, SessionView};
use crate::service::mentoring::{Actor, require_staff_of};
use crate::web::auth::{Organizer, SessionUser};
use crate::web::body::Body;

/// A mentor taken off a cohort, and the participants who lost them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MentorRemoved {
    /// The mentor's user id.
    pub removed: i64,
    /// The participants (admitted application ids) now without a mentor.
    pub unassigned: Vec<i64>,
}

/// Pairings of a cohort: all of them, or those just made.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assignments {
    #[serde(serialize_with = "crate::service::keys_sorted")]
    pub assignments: Vec<AssignmentView>,
}

pub fn actor(u: &SessionUser) -> Actor {
    Actor {
        id: u.id,
        role: u.role,
    }
}

/// Attach a mentor account to a cohort.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/mentors", tag = "mentoring", request_body = MentorInput,
    params(("id" = i64, Path)),
    responses((status = 201, body = MentorView), (status = 404), (status = 409, description = "mentor_already_added or cohort_finished"),
              (status = 422, description = "validation; `email` when it is not a mentor's account")))]
#[post("/api/v1/cohorts/<id>/mentors", data = "<body>")]
pub async fn add_mentor(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<MentorInput>,
) -> AppResult<(Status, Json<MentorView>)> {
    let m = mentors::add(&state.db, actor(&org.0), id, &body.0).await?;
    Ok((Status::Created, Json(m)))
}

/// A cohort's mentors with their load (organizers and the cohort's mentors).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/mentors", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [MentorView]), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/mentors")]
pub async fn list_mentors(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Vec<MentorView>>> {
    cohorts::get(&state.db, id).await?;
    require_staff_of(&state.db, id, actor(&user)).await?;
    Ok(Json(mentors::list(&state.db, id).await?))
}

/// Change a cohort mentor's capacity, processes, employer or title.
#[utoipa::path(put, path = "/api/v1/cohorts/{id}/mentors/{user_id}", tag = "mentoring", request_body = MentorUpdate,
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 200, body = MentorView), (status = 404), (status = 422)))]
#[put("/api/v1/cohorts/<id>/mentors/<user_id>", data = "<body>")]
pub async fn update_mentor(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    user_id: i64,
    body: Body<MentorUpdate>,
) -> AppResult<Json<MentorView>> {
    Ok(Json(
        mentors::update(&state.db, actor(&org.0), id, user_id, &body.0).await?,
    ))
}

/// Remove a mentor from a cohort; their mentees become unassigned.
#[utoipa::path(delete, path = "/api/v1/cohorts/{id}/mentors/{user_id}", tag = "mentoring",
    params(("id" = i64, Path), ("user_id" = i64, Path)),
    responses((status = 200, body = MentorRemoved), (status = 404)))]
#[delete("/api/v1/cohorts/<id>/mentors/<user_id>")]
pub async fn remove_mentor(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    user_id: i64,
) -> AppResult<Json<MentorRemoved>> {
    let unassigned = mentors::remove(&state.db, actor(&org.0), id, user_id).await?;
    Ok(Json(MentorRemoved {
        removed: user_id,
        unassigned,
    }))
}

/// Pair every participant not yet paired with a mentor.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/assignments/auto", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, description = "the new pairings", body = Assignments),
              (status = 404), (status = 409, description = "insufficient_capacity with `missing`; nothing changed")))]
#[post("/api/v1/cohorts/<id>/assignments/auto")]
pub async fn auto_assign(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<Assignments>> {
    let made = pairing::auto(&state.db, actor(&org.0), id).await?;
    Ok(Json(Assignments { assignments: made }))
}

/// Every pairing of a cohort (organizers and the cohort's mentors).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/assignments", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = Assignments), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/assignments")]
pub async fn list_assignments(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Assignments>> {
    cohorts::get(&state.db, id).await?;
    require_staff_of(&state.db, id, actor(&user)).await?;
    Ok(Json(Assignments {
        assignments: pairing::list(&state.db, id).await?,
    }))
}

/// Move a participant to another mentor by hand (audited).
#[utoipa::path(put, path = "/api/v1/participants/{id}/mentor", tag = "mentoring", request_body = MentorChoice,
    params(("id" = i64, Path, description = "participant (admitted application) id")),
    responses((status = 200, body = AssignmentView), (status = 404),
              (status = 409, description = "mentor_full"), (status = 422, description = "`mentor_email` is not a mentor of the cohort")))]
#[put("/api/v1/participants/<id>/mentor", data = "<body>")]
pub async fn set_mentor(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<MentorChoice>,
) -> AppResult<Json<AssignmentView>> {
    Ok(Json(
        pairing::assign_by_hand(&state.db, actor(&org.0), id, &body.0.mentor_email).await?,
    ))
}

/// Schedule a session.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/sessions", tag = "mentoring", request_body = SessionInput,
    params(("id" = i64, Path)),
    responses((status = 201, body = SessionView), (status = 404), (status = 409), (status = 422)))]
#[post("/api/v1/cohorts/<id>/sessions", data = "<body>")]
pub async fn create_session(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<SessionInput>,
) -> AppResult<(Status, Json<SessionView>)> {
    let s = sessions::create(state, actor(&org.0), id, &body.0).await?;
    Ok((Status::Created, Json(s)))
}

/// A cohort's sessions by start time, cancelled ones included.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/sessions", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [SessionView]), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/sessions")]
pub async fn list_sessions(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Vec<SessionView>>> {
    cohorts::get(&state.db, id).await?;
    require_staff_of(&state.db, id, actor(&user)).await?;
    Ok(Json(sessions::list(&state.db, id, Utc::now()).await?))
}

/// Edit a session; after approval every participant is told.
#[utoipa::path(put, path = "/api/v1/sessions/{id}", tag = "mentoring", request_body = SessionInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = SessionView), (status = 404), (status = 409, description = "session_cancelled"), (status = 422)))]
#[put("/api/v1/sessions/<id>", data = "<body>")]
pub async fn update_session(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<SessionInput>,
) -> AppResult<Json<SessionView>> {
    Ok(Json(
        sessions::update(state, actor(&org.0), id, &body.0).await?,
    ))
}

/// Cancel a session; after approval every participant is told.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/cancel", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = SessionView), (status = 404)))]
#[post("/api/v1/sessions/<id>/cancel")]
pub async fn cancel_session(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<SessionView>> {
    Ok(Json(sessions::cancel(state, actor(&org.0), id).await?))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        add_mentor,
        list_mentors,
        update_mentor,
        remove_mentor,
        auto_assign,
        list_assignments,
        set_mentor,
        create_session,
        list_sessions,
        update_session,
        cancel_session
    ]
}
