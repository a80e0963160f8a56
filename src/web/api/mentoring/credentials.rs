//! Signed certificates on the web: the published key set, revocation (API and
//! the verify page's form), and the holder's credential as a `.jwt` file.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::ContentType;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::applications;
use crate::service::credentials::{self, jws::JwkSet, keys};
use crate::service::mentoring::certificates::{self, PublicCertificate};
use crate::web::api::mentoring::pairing::actor;
use crate::web::api::mentoring::records::Download;
use crate::web::auth::Organizer;
use crate::web::body::Body;
use crate::web::csrf;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// The public keys that check certificate credentials (every key that ever
/// signed one, so credentials from before a rotation still verify).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "certificates",
    responses((status = 200, body = JwkSet, description = "JWK Set: kty OKP, crv Ed25519, kid = RFC 7638 thumbprint")))]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: &State<AppState>) -> AppResult<Json<JwkSet>> {
    // The key that signs next is published even before it first signs.
    let key = keys::current(&state.settings)?;
    keys::register(&state.db, &key, Utc::now()).await?;
    Ok(Json(keys::jwks(&state.db).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct RevokeInput {
    /// Why the certificate is withdrawn (shown on its public page).
    pub reason: String,
}

/// Revoke a certificate with a reason (organizers; audited). Its credential
/// keeps its signature; the status says `revoked`.
#[utoipa::path(post, path = "/api/v1/certificates/{code}/revoke", tag = "certificates", request_body = RevokeInput,
    params(("code" = String, Path)),
    responses((status = 200, body = PublicCertificate), (status = 401), (status = 403), (status = 404),
              (status = 409, description = "already_revoked"), (status = 422, description = "reason missing or too long")))]
#[post("/api/v1/certificates/<code>/revoke", data = "<body>")]
pub async fn revoke(
    state: &State<AppState>,
    org: Organizer,
    code: &str,
    body: Result<Body<RevokeInput>, AppError>,
) -> AppResult<Json<PublicCertificate>> {
    let body = body?;
    let cert = credentials::revoke(state, actor(&org.0), code, &body.0.reason, Utc::now()).await?;
    Ok(Json(certificates::public_view(&cert)))
}

#[derive(FromForm)]
pub struct RevokeForm {
    pub csrf: String,
    pub reason: String,
}

/// The verify page's revocation form (organizers).
#[post("/verify/<code>/revoke", data = "<form>")]
pub async fn revoke_page(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    code: &str,
    form: csrf::CsrfForm<RevokeForm>,
) -> Answer {
    let back = format!(
        "/verify/{}",
        crate::domain::certificate::normalize_code(code).unwrap_or_default()
    );
    match credentials::revoke(state, actor(&org.0), code, &form.reason, Utc::now()).await {
        Ok(_) => go_with(
            back,
            flash_lines(
                "ok",
                &[("revoked".into(), base.t("page_the_certificate_is_revoked"))],
            ),
        ),
        Err(AppError::NotFound) => AppError::NotFound.into(),
        Err(e) => {
            let text = e.message().text(base.english()).to_string();
            let detail = match &e {
                AppError::Validation(fields) => fields
                    .iter()
                    .map(|f| f.message.text(base.english()).to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                _ => String::new(),
            };
            go_with(
                back,
                flash_lines(
                    "error",
                    &[(e.message().code.into(), format!("{text} {detail}"))],
                ),
            )
        }
    }
}

/// The holder's credential as a file, from their status link.
#[utoipa::path(get, path = "/applications/{reference}/certificate.jwt", tag = "certificates",
    params(("reference" = String, Path), ("token" = String, Query)),
    responses((status = 200, content_type = "application/vc+jwt", description = "the compact JWS"),
              (status = 404, description = "unknown reference, wrong token, or no certificate")))]
#[get("/applications/<reference>/certificate.jwt?<token>")]
pub async fn download(
    state: &State<AppState>,
    reference: &str,
    token: Option<&str>,
) -> AppResult<Download> {
    let app =
        applications::by_reference(&state.db, &state.keys, reference, token.unwrap_or("")).await?;
    let cert = credentials::of_participant(&state.db, app.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cert = credentials::ensure_signed(state, cert, Utc::now()).await?;
    let jws = cert.credential.ok_or(AppError::NotFound)?;
    Ok(Download {
        bytes: jws.into_bytes(),
        content_type: ContentType::new("application", "vc+jwt"),
        filename: format!("certificate-{}.jwt", cert.code),
    })
}

#[derive(Debug, serde::Serialize, ToSchema)]
pub struct MarkedFinal {
    pub id: i64,
    pub participant_id: i64,
    pub total: i32,
    pub passed: bool,
    #[schema(value_type = String, format = DateTime)]
    pub marked_final_at: Option<chrono::DateTime<Utc>>,
}

/// Mark an assessment as the participant's final one (organizers; audited),
/// e.g. a final test taken outside a scheduled assessment session.
#[utoipa::path(post, path = "/api/v1/assessments/{id}/final", tag = "certificates", params(("id" = i64, Path)),
    responses((status = 200, body = MarkedFinal), (status = 401), (status = 403), (status = 404)))]
#[post("/api/v1/assessments/<id>/final")]
pub async fn mark_final(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<MarkedFinal>> {
    let a = credentials::completion::mark_final(state, actor(&org.0), id, Utc::now()).await?;
    Ok(Json(MarkedFinal {
        id: a.id,
        participant_id: a.participant_id,
        total: a.total,
        passed: a.passed,
        marked_final_at: a.marked_final_at,
    }))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![jwks, revoke, revoke_page, download, mark_final]
}
