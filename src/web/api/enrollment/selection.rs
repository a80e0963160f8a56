//! Selection API: the draw (run by an organizer, read by anyone), nomination
//! codes, and the applicant's answer to an offer.
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::AppResult;
use crate::service::applications::ApplicantView;
use crate::service::nominations::{
    self, EmployerCodes, IssuedCodes, NominationInput, NominationView,
};
use crate::service::selection::{self, DrawResult};
use crate::web::api::enrollment::applications::{TokenBody, applicant_json};
use crate::web::auth::Organizer;
use crate::web::body::Body;

/// A cohort's nomination codes and the counts per employer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Nominations {
    pub codes: Vec<NominationView>,
    pub employers: Vec<EmployerCodes>,
}

/// Run the draw of a closed draw cohort (once). The seed is revealed.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/draw", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = DrawResult),
              (status = 404), (status = 409, description = "already_drawn, invalid_transition (not closed), not_draw_mode")))]
#[post("/api/v1/cohorts/<id>/draw")]
pub async fn run_draw(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<DrawResult>> {
    Ok(Json(selection::run_draw(state, org.0.id, id).await?))
}

/// The public result of a draw, without personal data; 404 before it runs.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/draw", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = DrawResult), (status = 404)))]
#[get("/api/v1/cohorts/<id>/draw")]
pub async fn draw_result(state: &State<AppState>, id: i64) -> AppResult<Json<DrawResult>> {
    Ok(Json(selection::draw_result(&state.db, id).await?))
}

/// Issue single-use nomination codes to an employer's union.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/nominations", tag = "selection", request_body = NominationInput,
    params(("id" = i64, Path)),
    responses((status = 201, body = IssuedCodes), (status = 404), (status = 409, description = "nominations_closed"), (status = 422)))]
#[post("/api/v1/cohorts/<id>/nominations", data = "<body>")]
pub async fn issue_nominations(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<NominationInput>,
) -> AppResult<(Status, Json<IssuedCodes>)> {
    let issued = nominations::issue(&state.db, org.0.id, id, &body.0).await?;
    Ok((Status::Created, Json(issued)))
}

/// A cohort's nomination codes, used or not, and the counts per employer.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/nominations", tag = "selection", params(("id" = i64, Path)),
    responses((status = 200, body = Nominations), (status = 404)))]
#[get("/api/v1/cohorts/<id>/nominations")]
pub async fn list_nominations(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
) -> AppResult<Json<Nominations>> {
    let list = nominations::list(&state.db, id).await?;
    Ok(Json(Nominations {
        codes: list.iter().map(nominations::view).collect(),
        employers: nominations::per_employer(&list),
    }))
}

/// The applicant accepts the place offered to them, before its deadline.
#[utoipa::path(post, path = "/api/v1/applications/{reference}/accept", tag = "selection", request_body = TokenBody,
    params(("reference" = String, Path)),
    responses((status = 200, description = "the application, now admitted", body = ApplicantView), (status = 404), (status = 409, description = "no_offer or offer_expired")))]
#[post("/api/v1/applications/<reference>/accept", data = "<body>", rank = 2)]
pub async fn accept(
    state: &State<AppState>,
    reference: &str,
    body: Body<TokenBody>,
) -> AppResult<Json<ApplicantView>> {
    let app = selection::accept(state, reference, &body.0.token).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

/// The applicant declines the place offered to them; it goes to the next waitlisted.
#[utoipa::path(post, path = "/api/v1/applications/{reference}/decline", tag = "selection", request_body = TokenBody,
    params(("reference" = String, Path)),
    responses((status = 200, description = "the application, now declined", body = ApplicantView), (status = 404), (status = 409, description = "no_offer or offer_expired")))]
#[post("/api/v1/applications/<reference>/decline", data = "<body>", rank = 2)]
pub async fn decline(
    state: &State<AppState>,
    reference: &str,
    body: Body<TokenBody>,
) -> AppResult<Json<ApplicantView>> {
    let app = selection::decline(state, reference, &body.0.token).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        run_draw,
        draw_result,
        issue_nominations,
        list_nominations,
        accept,
        decline
    ]
}
