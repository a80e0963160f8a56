//! Signed certificates: each completion certificate carries a Verifiable
//! Credential signed with the academy's Ed25519 key (`keys`), framed as a
//! compact JWS (`jws`), shaped as an Open Badges 3.0 credential (`vc`). An
//! organizer can revoke a certificate; its credential still verifies as a
//! signature, and the service's status says it is withdrawn.
pub mod check;
pub mod completion;
pub mod jws;
pub mod keys;
pub mod qr;
pub mod vc;

use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::AppState;
use crate::domain::Message;
use crate::domain::certificate::normalize_code;
use crate::domain::mask::mask_name;
use crate::entity::{application, certificate};
use crate::error::{AppError, AppResult};
use crate::service::mentoring::Actor;
use crate::service::mentoring::progress::CohortReport;
use crate::service::{audit, notify_mentoring};

/// The longest revocation reason kept.
pub const REASON_MAX_CHARS: usize = 500;

fn random_salt() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The facts of one certificate, read from the cohort's report (`None` for a
/// participant the report no longer holds: their results are then left out).
pub fn facts(
    state: &AppState,
    cert: &certificate::Model,
    report: &CohortReport,
    participant: Option<&application::Model>,
) -> vc::Facts {
    let standing = report.progress.iter().find(|p| p.id == cert.participant_id);
    vc::Facts {
        issuer_url: state.settings.public_url.clone(),
        issuer_name: state.settings.issuer_name.clone(),
        verify_url: notify_mentoring::verify_url(state, &cert.code),
        workshop_id: report.workshop.model.id,
        workshop_title: cert.workshop_title.clone(),
        cohort_id: cert.cohort_id,
        cohort_name: cert.cohort_name.clone(),
        completed_on: cert.completed_on,
        issued_at: cert.issued_at,
        holder_masked: mask_name(&cert.holder_name),
        holder_email: participant.map(|p| p.email.clone()).unwrap_or_default(),
        salt: random_salt(),
        min_attendance_rate: report.workshop.completion.min_attendance_rate,
        pass_mark: report.workshop.rubric.pass_mark,
        max_points: report.workshop.rubric.total_max(),
        final_score: standing.and_then(|s| s.latest_assessment.as_ref().map(|a| a.total)),
        attendance_rate: standing.and_then(|s| s.attendance.rate),
    }
}

/// Signs the credential of `facts` with the current key, publishing that
/// key's public half first so nobody can hold a credential the key set
/// cannot check.
pub async fn sign<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    facts: &vc::Facts,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let key = keys::current(&state.settings)?;
    keys::register(conn, &key, now).await?;
    Ok(jws::sign(&key, &vc::credential(facts)))
}

/// A certificate with its credential: one issued before credentials existed
/// is signed on first read (once, even when two readers race).
pub async fn ensure_signed(
    state: &AppState,
    cert: certificate::Model,
    now: DateTime<Utc>,
) -> AppResult<certificate::Model> {
    if cert.credential.is_some() {
        return Ok(cert);
    }
    let report =
        crate::service::mentoring::progress::report(&state.db, cert.cohort_id, now).await?;
    let participant = report
        .participants
        .iter()
        .find(|p| p.id == cert.participant_id)
        .cloned();
    let facts = facts(state, &cert, &report, participant.as_ref());
    let txn = crate::db::begin_write(&state.db).await?;
    let credential = sign(&txn, state, &facts, now).await?;
    certificate::Entity::update_many()
        .col_expr(
            certificate::Column::Credential,
            sea_orm::sea_query::Expr::value(credential),
        )
        .filter(certificate::Column::Id.eq(cert.id))
        .filter(certificate::Column::Credential.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    certificate::Entity::find_by_id(cert.id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The certificate behind a code as people type it; 404 when there is none.
pub async fn by_code<C: ConnectionTrait>(db: &C, code: &str) -> AppResult<certificate::Model> {
    let code = normalize_code(code).ok_or(AppError::NotFound)?;
    certificate::Entity::find()
        .filter(certificate::Column::Code.eq(code))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Withdraws a certificate (organizers): the reason is required; the
/// certificate, its code and its credential stay, marked revoked. 409
/// `already_revoked` the second time.
pub async fn revoke(
    state: &AppState,
    actor: Actor,
    code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<certificate::Model> {
    let masked = crate::domain::mask::mask_free_text(reason.trim());
    let reason = masked.as_str();
    if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        return Err(AppError::field(
            "reason",
            Message::of("reason_invalid").arg("reason_max_chars", &REASON_MAX_CHARS),
        ));
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let cert = by_code(&txn, code).await?;
    let moved = certificate::Entity::update_many()
        .col_expr(
            certificate::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            certificate::Column::RevokedReason,
            sea_orm::sea_query::Expr::value(reason),
        )
        .filter(certificate::Column::Id.eq(cert.id))
        .filter(certificate::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Conflict {
            message: Message::of("already_revoked"),
            details: json!({"revoked_at": cert.revoked_at}),
        });
    }
    audit::record(
        &txn,
        Some(actor.id),
        "certificate.revoke",
        "certificate",
        cert.id,
        json!({"code": cert.code, "participant_id": cert.participant_id, "reason": reason}),
    )
    .await?;
    txn.commit().await?;
    by_code(&state.db, &cert.code).await
}

/// The certificate of an applicant, by their status link.
pub async fn of_participant<C: ConnectionTrait>(
    db: &C,
    participant_id: i64,
) -> AppResult<Option<certificate::Model>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::ParticipantId.eq(participant_id))
        .one(db)
        .await?)
}
