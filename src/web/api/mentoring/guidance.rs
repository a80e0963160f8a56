//! Guidance log API: entries on a participant (the cohort's mentors write,
//! its staff read), photos on an entry, the applicant's own log through
//! their status link, and the photos themselves for each of those readers.
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::mentoring::guidance::{self, GuidanceInput, GuidanceView, PhotoView};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::SessionUser;
use crate::web::body::Body;
use crate::web::upload::{ONE_PHOTO, Upload};

/// A stored photo: JPEG, kept by the reader's browser only (`private`),
/// never sniffed as anything else.
pub struct Photo(pub Vec<u8>);

impl<'r> Responder<'r, 'static> for Photo {
    fn respond_to(self, _req: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .header(ContentType::JPEG)
            .header(Header::new("Cache-Control", "private, max-age=3600"))
            .header(Header::new("X-Content-Type-Options", "nosniff"))
            .header(Header::new("Content-Disposition", "inline"))
            .sized_body(self.0.len(), std::io::Cursor::new(self.0))
            .ok()
    }
}

/// Record a guidance entry for a participant: the cohort's mentors only.
#[utoipa::path(post, path = "/api/v1/participants/{id}/guidance", tag = "mentoring", request_body = GuidanceInput,
    params(("id" = i64, Path)),
    responses((status = 201, body = GuidanceView), (status = 401), (status = 403, description = "not a mentor of the cohort (organizers included)"),
              (status = 404), (status = 409, description = "cohort_not_approved"),
              (status = 422, description = "validation: an unknown position, result or defect, a thickness out of range, a session of another cohort, or an empty entry; nothing saved")))]
#[post("/api/v1/participants/<id>/guidance", data = "<body>")]
pub async fn record(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
    body: Result<Body<GuidanceInput>, AppError>,
) -> AppResult<(Status, Json<GuidanceView>)> {
    // Who may record is settled before the body is judged.
    guidance::authorize_record(&state.db, actor(&user), id).await?;
    let body = body?;
    let v = guidance::record(state, actor(&user), id, &body.0, vec![]).await?;
    Ok((Status::Created, Json(v)))
}

/// A participant's guidance log, newest first (organizers and the cohort's mentors).
#[utoipa::path(get, path = "/api/v1/participants/{id}/guidance", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [GuidanceView]), (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/participants/<id>/guidance")]
pub async fn list(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Vec<GuidanceView>>> {
    Ok(Json(guidance::list(&state.db, actor(&user), id).await?))
}

/// Add a photo of the test piece to an entry (multipart, field `file`).
#[utoipa::path(post, path = "/api/v1/guidance/{id}/photos", tag = "mentoring",
    params(("id" = i64, Path)),
    request_body(content_type = "multipart/form-data", description = "field `file`: a JPEG or PNG of at most 10 MB"),
    responses((status = 201, body = PhotoView), (status = 400, description = "not multipart"), (status = 401), (status = 403),
              (status = 404), (status = 413, description = "over 10 MB"), (status = 422, description = "not a JPEG or PNG, or the entry has 12 photos")))]
#[post("/api/v1/guidance/<id>/photos", data = "<upload>")]
pub async fn add_photo(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
    upload: Result<Upload<{ ONE_PHOTO }>, AppError>,
) -> AppResult<(Status, Json<PhotoView>)> {
    guidance::authorize_photo(&state.db, actor(&user), id).await?;
    let upload = upload?;
    let file = upload
        .files_named("file")
        .into_iter()
        .next()
        .ok_or_else(|| AppError::field("file", crate::domain::Message::of("photo_missing")))?;
    let v = guidance::add_photo(state, actor(&user), id, file).await?;
    Ok((Status::Created, Json(v)))
}

/// The applicant's own guidance log (the mentor's email left out).
#[derive(Serialize, ToSchema)]
pub struct ApplicantGuidance {
    pub reference: String,
    pub entries: Vec<GuidanceView>,
}

/// The applicant's guidance log, through their status link.
#[utoipa::path(get, path = "/api/v1/applications/{reference}/guidance", tag = "mentoring",
    params(("reference" = String, Path), ("token" = String, Query)),
    responses((status = 200, body = ApplicantGuidance), (status = 404, description = "unknown reference or wrong token")))]
#[get("/api/v1/applications/<reference>/guidance?<token>")]
pub async fn applicant_log(
    state: &State<AppState>,
    reference: &str,
    token: Option<&str>,
) -> AppResult<Json<ApplicantGuidance>> {
    let token = token.unwrap_or_default();
    let entries = guidance::of_applicant(&state.db, &state.keys, reference, token).await?;
    Ok(Json(ApplicantGuidance {
        reference: reference.trim().to_string(),
        entries,
    }))
}

/// A photo for the cohort's staff.
#[get("/guidance/photos/<id>")]
pub async fn staff_photo(state: &State<AppState>, user: SessionUser, id: i64) -> AppResult<Photo> {
    Ok(Photo(
        guidance::photo_for_staff(&state.db, actor(&user), id).await?,
    ))
}

/// A photo of the participant's own work, through their status link.
#[get("/applications/<reference>/guidance/photos/<id>?<token>")]
pub async fn applicant_photo(
    state: &State<AppState>,
    reference: &str,
    id: i64,
    token: Option<&str>,
) -> AppResult<Photo> {
    let token = token.unwrap_or_default();
    Ok(Photo(
        guidance::photo_for_applicant(&state.db, &state.keys, reference, token, id).await?,
    ))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        record,
        list,
        add_photo,
        applicant_log,
        staff_photo,
        applicant_photo
    ]
}
