//! Announcements to a cohort and its outbox, as JSON: the organizer writes a
//! notice to the admitted participants (optionally the mentors too), follows
//! every notice of the cohort with its delivery status, and sends a failed one
//! again. The rules and the writes are in `service::notices`.
use chrono::{DateTime, Utc};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppState;
use crate::entity::notice;
use crate::error::AppResult;
use crate::mail::mask_email;
use crate::service::notices;
use crate::web::auth::Organizer;
use crate::web::body::Body;

pub use crate::service::notices::{BODY_MAX, SUBJECT_MAX};

/// An organizer's announcement to a cohort.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementRequest {
    /// 1–200 characters.
    pub subject: String,
    /// Plain text, 1–10,000 characters.
    pub body: String,
    /// Also send it to the cohort's mentors (default: participants only).
    #[serde(default)]
    pub include_mentors: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AnnouncementQueued {
    /// How many notices were queued (one per recipient).
    pub queued: usize,
}

/// One notice of the outbox. The address is masked.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: i64,
    pub cohort_id: Option<i64>,
    /// e.g. `z***@example.com`
    pub recipient: String,
    pub recipient_name: String,
    /// `application_received`, `decision`, `promoted`, `cohort_approved`,
    /// `announcement`, `session_changed`, `session_reminder`,
    /// `assessment_recorded` or `certificate_issued`.
    pub kind: String,
    pub locale: String,
    pub subject: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<notice::Model> for NoticeView {
    fn from(n: notice::Model) -> Self {
        NoticeView {
            id: n.id,
            cohort_id: n.cohort_id,
            recipient: mask_email(&n.recipient),
            recipient_name: n.recipient_name,
            kind: n.kind,
            locale: n.locale,
            subject: n.subject,
            status: n.status,
            attempts: n.attempts,
            last_error: n.last_error,
            next_attempt_at: n.next_attempt_at,
            created_at: n.created_at,
            sent_at: n.sent_at,
        }
    }
}

/// Write an announcement to the cohort's admitted participants (and, if asked,
/// its mentors). Each gets it in their own language's frame, by email.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/notices", tag = "notices",
    params(("id" = i64, Path, description = "Cohort id")),
    request_body = AnnouncementRequest,
    responses((status = 202, description = "Queued", body = AnnouncementQueued),
              (status = 401, description = "Not signed in"),
              (status = 403, description = "Not an organizer"),
              (status = 404, description = "No such cohort"),
              (status = 422, description = "`validation` with `fields` (subject 1–200, body 1–10,000 characters)")))]
#[post("/api/v1/cohorts/<id>/notices", data = "<body>")]
pub async fn api_announce(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<AnnouncementRequest>,
) -> AppResult<(Status, Json<AnnouncementQueued>)> {
    let b = body.0;
    let queued =
        notices::announce(state, org.0.id, id, &b.subject, &b.body, b.include_mentors).await?;
    Ok((Status::Accepted, Json(AnnouncementQueued { queued })))
}

/// Every notice of the cohort, of every kind, newest first, with its delivery
/// status and tries.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/notices", tag = "notices",
    params(("id" = i64, Path, description = "Cohort id")),
    responses((status = 200, body = [NoticeView]),
              (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/notices")]
pub async fn api_list(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
) -> AppResult<Json<Vec<NoticeView>>> {
    let rows = notices::list(&state.db, id).await?;
    Ok(Json(rows.into_iter().map(NoticeView::from).collect()))
}

/// Put a failed notice back in the queue (it is tried again at once).
#[utoipa::path(post, path = "/api/v1/notices/{id}/resend", tag = "notices",
    params(("id" = i64, Path, description = "Notice id")),
    responses((status = 200, body = NoticeView),
              (status = 401), (status = 403), (status = 404),
              (status = 409, description = "`not_failed`: only a failed notice can be resent")))]
#[post("/api/v1/notices/<id>/resend")]
pub async fn api_resend(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<NoticeView>> {
    let n = notices::resend(state, org.0.id, id).await?;
    Ok(Json(n.into()))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![api_announce, api_list, api_resend]
}
