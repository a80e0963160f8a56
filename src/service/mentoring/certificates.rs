//! Completion certificates: issued by an organizer for a completed cohort to
//! each participant who met the completion rule, each with a random public
//! verification code; anyone can verify a code.
use chrono::{DateTime, NaiveDate, Utc};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::Actor;
use crate::AppState;
use crate::domain::Message;
use crate::domain::certificate::{code_from_bits, display_code};
use crate::domain::cohort::CohortStatus;
use crate::domain::mask::mask_name;
use crate::entity::certificate;
use crate::error::{AppError, AppResult};
use crate::service::{audit, cohorts, credentials, notify_mentoring};

/// A certificate as its organizer sees it (full name).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificateView {
    pub code: String,
    /// The code as printed, e.g. `7K3M-9QX2-ADFT`.
    pub display_code: String,
    pub participant_id: i64,
    pub holder_name: String,
    pub workshop_title: String,
    pub cohort_name: String,
    #[schema(value_type = String, format = Date)]
    pub completed_on: NaiveDate,
    #[schema(value_type = String, format = DateTime)]
    pub issued_at: DateTime<Utc>,
    pub verify_url: String,
    /// `valid` or `revoked`.
    pub status: &'static str,
}

/// What anyone holding a code may see: the name partly masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicCertificate {
    pub code: String,
    pub display_code: String,
    /// masked as `mask::mask_name` does
    pub holder: String,
    pub workshop_title: String,
    pub cohort_name: String,
    #[schema(value_type = String, format = Date)]
    pub completed_on: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub issued_on: NaiveDate,
    /// False once revoked.
    pub valid: bool,
    /// `valid` or `revoked`.
    pub status: &'static str,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_reason: Option<String>,
    /// The signed Verifiable Credential (compact JWS, EdDSA); check it with
    /// the keys at `/.well-known/jwks.json`.
    pub credential: Option<String>,
}

/// The outcome of an issuing run.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssueOutcome {
    /// Certificates issued by this run.
    pub issued: Vec<CertificateView>,
    /// All certificates of the cohort, this run's included.
    pub certificates: Vec<CertificateView>,
    /// Participants who did not complete (no certificate).
    pub not_completed: Vec<i64>,
}

pub fn view(state: &AppState, c: &certificate::Model) -> CertificateView {
    CertificateView {
        code: c.code.clone(),
        display_code: display_code(&c.code),
        participant_id: c.participant_id,
        holder_name: c.holder_name.clone(),
        workshop_title: c.workshop_title.clone(),
        cohort_name: c.cohort_name.clone(),
        completed_on: c.completed_on,
        issued_at: c.issued_at,
        verify_url: notify_mentoring::verify_url(state, &c.code),
        status: status_of(c),
    }
}

pub fn public_view(c: &certificate::Model) -> PublicCertificate {
    PublicCertificate {
        code: c.code.clone(),
        display_code: display_code(&c.code),
        holder: mask_name(&c.holder_name),
        workshop_title: c.workshop_title.clone(),
        cohort_name: c.cohort_name.clone(),
        completed_on: c.completed_on,
        issued_on: crate::domain::beijing_date(c.issued_at),
        valid: c.revoked_at.is_none(),
        status: status_of(c),
        revoked_at: c.revoked_at,
        revoked_reason: c.revoked_reason.clone(),
        credential: c.credential.clone(),
    }
}

/// `valid`, or `revoked` once an organizer withdrew it.
pub fn status_of(c: &certificate::Model) -> &'static str {
    if c.revoked_at.is_some() {
        "revoked"
    } else {
        "valid"
    }
}

/// Issues a certificate to each participant of a completed cohort who met
/// the completion rule and has none yet; running it again issues nothing
/// new. 409 `cohort_not_completed` before the cohort is completed.
pub async fn issue(
    state: &AppState,
    actor: Actor,
    cohort_id: i64,
    now: DateTime<Utc>,
) -> AppResult<IssueOutcome> {
    let db: &DatabaseConnection = &state.db;
    let txn = crate::db::begin_write(db).await?;
    let c = super::lock_cohort(&txn, cohort_id).await?;
    let status = cohorts::status_of(&c)?;
    if status != CohortStatus::Completed {
        return Err(AppError::Conflict {
            message: Message::of("cohort_not_completed").arg_key("status", status.label_key()),
            details: json!({"status": status.as_str()}),
        });
    }
    let report = super::progress::report(&txn, cohort_id, now).await?;
    let mut issued = vec![];
    let mut not_completed = vec![];
    for (p, standing) in report.participants.iter().zip(&report.progress) {
        if !standing.completed {
            not_completed.push(p.id);
            continue;
        }
        if standing.certificate_code.is_some() {
            continue;
        }
        let cert = insert_with_fresh_code(&txn, state, actor, &report, p, now).await?;
        notify_mentoring::certificate_issued(&txn, state, &c, p, &cert).await?;
        issued.push(cert);
    }
    if !issued.is_empty() {
        let codes: Vec<_> = issued
            .iter()
            .map(|c| json!([c.participant_id, c.code]))
            .collect();
        audit::record(
            &txn,
            Some(actor.id),
            "cohort.certificates.issue",
            "cohort",
            cohort_id,
            json!({"issued": codes}),
        )
        .await?;
    }
    txn.commit().await?;
    state.mail.wake();
    let all = of_cohort(db, cohort_id).await?;
    Ok(IssueOutcome {
        issued: issued.iter().map(|c| view(state, c)).collect(),
        certificates: all.iter().map(|c| view(state, c)).collect(),
        not_completed,
    })
}

async fn insert_with_fresh_code<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    actor: Actor,
    report: &super::progress::CohortReport,
    participant: &crate::entity::application::Model,
    now: DateTime<Utc>,
) -> AppResult<certificate::Model> {
    let (participant_id, holder) = (participant.id, &participant.full_name);
    // 60 random bits: a clash is practically impossible, but check rather than trust.
    for _ in 0..5 {
        let code = code_from_bits(rand::rngs::OsRng.next_u64());
        let taken = certificate::Entity::find()
            .filter(certificate::Column::Code.eq(code.clone()))
            .one(txn)
            .await?
            .is_some();
        if taken {
            continue;
        }
        let mut cert = certificate::Model {
            id: 0,
            code,
            cohort_id: report.cohort.id,
            participant_id,
            holder_name: holder.chars().take(80).collect(),
            workshop_title: report.workshop.model.title.chars().take(200).collect(),
            cohort_name: report.cohort.name.chars().take(200).collect(),
            completed_on: credentials::completion::completed_on(&report.cohort, now),
            issued_by: Some(actor.id),
            issued_at: now,
            credential: None,
            revoked_at: None,
            revoked_reason: None,
        };
        let facts = credentials::facts(state, &cert, report, Some(participant));
        cert.credential = Some(credentials::sign(txn, state, &facts, now).await?);
        return Ok(certificate::ActiveModel {
            code: Set(cert.code),
            credential: Set(cert.credential),
            cohort_id: Set(cert.cohort_id),
            participant_id: Set(cert.participant_id),
            holder_name: Set(cert.holder_name),
            workshop_title: Set(cert.workshop_title),
            cohort_name: Set(cert.cohort_name),
            completed_on: Set(cert.completed_on),
            issued_by: Set(cert.issued_by),
            issued_at: Set(cert.issued_at),
            ..Default::default()
        }
        .insert(txn)
        .await?);
    }
    Err(AppError::Internal(
        "could not draw a free certificate code".into(),
    ))
}

/// The cohort's certificates, in issue order.
pub async fn of_cohort<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<certificate::Model>> {
    Ok(certificate::Entity::find()
        .filter(certificate::Column::CohortId.eq(cohort_id))
        .order_by_asc(certificate::Column::Id)
        .all(db)
        .await?)
}

/// The certificate behind a code as people type it, with its credential
/// (signed now if it was issued before credentials); 404 when there is none.
pub async fn verify(state: &AppState, code: &str) -> AppResult<PublicCertificate> {
    let cert = credentials::by_code(&state.db, code).await?;
    let cert = credentials::ensure_signed(state, cert, Utc::now()).await?;
    Ok(public_view(&cert))
}
