//! Self check-in through the API: the code for the mentor's QR and the
//! participant's check-in with their status link's reference and token. The
//! pages (the full-screen QR, the phone page) are in
//! `web::pages::mentoring::checkin`.
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::applications;
use crate::service::mentoring::checkin::{self, CheckinCode, CheckinInput, CheckinOutcome};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::SessionUser;
use crate::web::body::Body;
use crate::web::pages::enrollment::status::SiteOrigin;

/// The current check-in code of a session, with the link its QR encodes.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/checkin-code", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = CheckinCode), (status = 401), (status = 403, description = "not an organizer or a mentor of the cohort"),
              (status = 404), (status = 409, description = "cohort_not_approved or session_cancelled")))]
#[get("/api/v1/sessions/<id>/checkin-code")]
pub async fn checkin_code(
    state: &State<AppState>,
    user: SessionUser,
    origin: SiteOrigin,
    id: i64,
) -> AppResult<Json<CheckinCode>> {
    let now = state.clock.now();
    Ok(Json(
        checkin::code(&state.db, actor(&user), id, &origin.0, now).await?,
    ))
}

/// A participant checks in with their status link's reference and token and the code.
#[utoipa::path(post, path = "/api/v1/sessions/{id}/checkin", tag = "mentoring", request_body = CheckinInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = CheckinOutcome), (status = 403, description = "not a participant of that cohort"),
              (status = 404, description = "unknown session, or reference and token do not match"),
              (status = 409, description = "checkin_closed (outside the window), session_cancelled, already_recorded by the mentor"),
              (status = 422, description = "code_invalid: neither the current nor the previous code")))]
#[post("/api/v1/sessions/<id>/checkin", data = "<body>")]
pub async fn checkin_api(
    state: &State<AppState>,
    id: i64,
    body: Result<Body<CheckinInput>, AppError>,
) -> AppResult<Json<CheckinOutcome>> {
    let input = body?.0;
    let p =
        applications::by_reference(&state.db, &state.keys, &input.reference, &input.token).await?;
    let now = state.clock.now();
    Ok(Json(
        checkin::check_in(&state.db, &state.mail, id, &p, &input.code, now).await?,
    ))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![checkin_code, checkin_api]
}
