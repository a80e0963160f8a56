//! Self check-in: the session's changing code for the mentor's QR, and a
//! participant's one-tap check-in with it. The rules (which code, which
//! status when) are `domain::attendance::checkin`; here are the secret, the
//! rights and the write, which goes through the same history as the sheet
//! (`source: "self"`) and may set off absence warnings like any record.
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, SubsecRound, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::attendance::{Author, ValidRecord, store};
use super::{Actor, absence, require_roster_approved, require_staff_of, sessions};
use crate::domain::Message;
use crate::domain::attendance::checkin::{
    SECRET_BYTES, accept_code, checkin_status, code_at, code_expires_at,
};
use crate::domain::cohort::ApplicationStatus;
use crate::entity::{application, attendance, checkin_secret, cohort_session};
use crate::error::{AppError, AppResult};
use crate::mail::Mailer;
use crate::service::{audit, cohorts};

/// The code the mentor's QR shows now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckinCode {
    /// Six digits (RFC 6238).
    pub code: String,
    /// When the next code replaces it (the previous one stays accepted 30 s more).
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: DateTime<Utc>,
    /// The check-in page with this code, as the QR encodes it.
    pub url: String,
}

/// A participant's check-in: their status link's reference and token, and the code.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CheckinInput {
    pub reference: String,
    pub token: String,
    pub code: String,
}

/// The recorded status of a check-in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckinOutcome {
    /// `present` or `late`.
    pub status: String,
    /// `self`.
    pub source: String,
}

fn cancelled() -> AppError {
    AppError::conflict(Message::keyed(
        "session_cancelled",
        "msg-session_cancelled-3",
    ))
}

/// The session's secret, made on first use (two instances racing keep the first).
async fn secret_of(db: &DatabaseConnection, session_id: i64) -> AppResult<Vec<u8>> {
    if let Some(s) = stored_secret(db, session_id).await? {
        return Ok(s);
    }
    let mut bytes = [0u8; SECRET_BYTES];
    rand::thread_rng().fill_bytes(&mut bytes);
    let inserted = checkin_secret::ActiveModel {
        session_id: Set(session_id),
        secret: Set(B64.encode(bytes)),
        created_at: Set(crate::mail::outbox::now()),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(_) => Ok(bytes.to_vec()),
        Err(e) if crate::db::is_unique_violation(&e) => stored_secret(db, session_id)
            .await?
            .ok_or_else(|| AppError::Internal("check-in secret vanished".into())),
        Err(e) => Err(e.into()),
    }
}

async fn stored_secret<C: ConnectionTrait>(db: &C, session_id: i64) -> AppResult<Option<Vec<u8>>> {
    let Some(row) = checkin_secret::Entity::find_by_id(session_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    B64.decode(row.secret.as_bytes())
        .map(Some)
        .map_err(|_| AppError::Internal(format!("session {session_id}: bad check-in secret")))
}

/// The current code of a session, for organizers and the cohort's mentors
/// (403), once the roster is approved (409), not for a cancelled session (409).
/// `origin` is the site's address, for the link the QR encodes.
pub async fn code(
    db: &DatabaseConnection,
    actor: Actor,
    session_id: i64,
    origin: &str,
    now: DateTime<Utc>,
) -> AppResult<CheckinCode> {
    let s = sessions::get(db, session_id).await?;
    require_staff_of(db, s.cohort_id, actor).await?;
    require_roster_approved(&cohorts::get(db, s.cohort_id).await?)?;
    if s.cancelled_at.is_some() {
        return Err(cancelled());
    }
    let secret = secret_of(db, session_id).await?;
    let code = code_at(&secret, now)
        .ok_or_else(|| AppError::Internal("check-in code could not be made".into()))?;
    Ok(CheckinCode {
        url: format!("{origin}/sessions/{session_id}/checkin?code={code}"),
        code,
        expires_at: code_expires_at(now),
    })
}

fn not_of_this_cohort() -> AppError {
    AppError::Forbidden(Message::of("not_a_participant"))
}

/// Checks `participant` in to a session at `now`: 403 unless an admitted
/// participant of its cohort, 409 for a cancelled session, 422 `code_invalid`
/// unless the code is the current or the previous one, 409 `checkin_closed`
/// outside the window. A second check-in answers with the first; a record the
/// mentor made stays (409 `already_recorded`).
pub async fn check_in(
    db: &DatabaseConnection,
    mailer: &Mailer,
    session_id: i64,
    participant: &application::Model,
    code: &str,
    now: DateTime<Utc>,
) -> AppResult<CheckinOutcome> {
    let s: cohort_session::Model = sessions::get(db, session_id).await?;
    if participant.cohort_id != s.cohort_id
        || participant.status != ApplicationStatus::Admitted.as_str()
    {
        return Err(not_of_this_cohort());
    }
    if s.cancelled_at.is_some() {
        return Err(cancelled());
    }
    // No secret yet: the code was never shown, so no code can be right.
    let secret = stored_secret(db, session_id).await?.unwrap_or_default();
    accept_code(&secret, code, now).map_err(AppError::Unprocessable)?;
    let status = checkin_status(s.starts_at, s.ends_at, now).map_err(AppError::conflict)?;

    let txn = crate::db::begin_write(db).await?;
    let c = super::lock_cohort(&txn, s.cohort_id).await?;
    let before = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .filter(attendance::Column::ParticipantId.eq(participant.id))
        .one(&txn)
        .await?;
    if let Some(b) = &before {
        txn.rollback().await?;
        if b.source == Author::SelfCheckin.source() {
            return Ok(CheckinOutcome {
                status: b.status.clone(),
                source: b.source.clone(),
            });
        }
        return Err(AppError::conflict(Message::of("already_recorded")));
    }
    let record = ValidRecord {
        participant_id: participant.id,
        status,
        note: None,
    };
    let at = now.trunc_subsecs(6);
    store(&txn, session_id, None, &record, Author::SelfCheckin, at).await?;
    audit::record(
        &txn,
        None,
        "attendance.self_checkin",
        "application",
        participant.id,
        json!({"session_id": session_id, "status": status.as_str()}),
    )
    .await?;
    let warned = absence::warn(&txn, mailer, &c, &[participant.id]).await?;
    txn.commit().await?;
    if warned > 0 {
        mailer.wake();
    }
    tracing::info!(
        session = session_id,
        participant = participant.id,
        "self check-in"
    );
    Ok(CheckinOutcome {
        status: status.as_str().into(),
        source: Author::SelfCheckin.source().into(),
    })
}
