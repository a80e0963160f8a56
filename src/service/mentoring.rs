//! Mentoring: cohort mentors and pairing, sessions and their reminders,
//! attendance, assessments, completion certificates and reports.
//!
//! A participant is an admitted application; its id is the application's id.
//! Who may do what is decided here (not in the handlers), so the pages, the
//! API and the demo loader share one set of rules.
pub mod absence;
pub mod assessments;
pub mod attendance;
pub mod certificates;
pub mod checkin;
pub mod exports;
pub mod guidance;
pub mod mentors;
pub mod pairing;
pub mod photo;
pub mod preferences;
pub mod progress;
pub mod reminders;
pub mod sessions;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::Message;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::domain::qualification::WeldingProcess;
use crate::entity::{application, cohort, cohort_mentor, user};
use crate::error::{AppError, AppResult};
use crate::service::accounts::Role;
use crate::service::cohorts;

/// Who is acting: a signed-in staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub role: Role,
}

impl Actor {
    pub fn is_organizer(&self) -> bool {
        self.role == Role::Organizer
    }
}

/// Whether `user_id` is a mentor of the cohort.
pub async fn is_cohort_mentor<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    user_id: i64,
) -> AppResult<bool> {
    Ok(cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .filter(cohort_mentor::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .is_some())
}

fn not_cohort_mentor() -> AppError {
    AppError::Forbidden(Message::of("not_cohort_mentor"))
}

/// Organizers, and the cohort's own mentors; 403 for anyone else.
pub async fn require_staff_of<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    actor: Actor,
) -> AppResult<()> {
    if actor.is_organizer() || is_cohort_mentor(db, cohort_id, actor.id).await? {
        Ok(())
    } else {
        Err(not_cohort_mentor())
    }
}

/// The cohort's own mentors only (organizers included in the 403).
pub async fn require_mentor_of<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    actor: Actor,
) -> AppResult<()> {
    if actor.role == Role::Mentor && is_cohort_mentor(db, cohort_id, actor.id).await? {
        return Ok(());
    }
    if actor.is_organizer() {
        return Err(AppError::Forbidden(Message::of("mentors_only")));
    }
    Err(not_cohort_mentor())
}

/// Records (attendance, assessments) are taken from the roster's approval on.
pub fn require_roster_approved(c: &cohort::Model) -> AppResult<()> {
    let status = cohorts::status_of(c)?;
    if matches!(
        status,
        CohortStatus::Approved | CohortStatus::Running | CohortStatus::Completed
    ) {
        return Ok(());
    }
    Err(AppError::Conflict {
        message: Message::of("cohort_not_approved").arg_key("status", status.label_key()),
        details: serde_json::json!({"status": status.as_str()}),
    })
}

/// Mentors, pairing and sessions change until the cohort is over.
pub fn require_not_finished(c: &cohort::Model) -> AppResult<()> {
    let status = cohorts::status_of(c)?;
    if matches!(status, CohortStatus::Completed | CohortStatus::Cancelled) {
        return Err(AppError::Conflict {
            message: Message::of("cohort_finished").arg_key("status", status.label_key()),
            details: serde_json::json!({"status": status.as_str()}),
        });
    }
    Ok(())
}

/// The cohort, read with a row lock on PostgreSQL (SQLite's write transaction
/// already excludes other writers), so changes to its mentors and pairings
/// are serialized per cohort across instances.
pub async fn lock_cohort<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<cohort::Model> {
    cohort::Entity::find_by_id(cohort_id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// An admitted participant; 404 for any other application.
pub async fn participant<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<application::Model> {
    application::Entity::find_by_id(id)
        .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The cohort's participants (admitted applications), in id order.
pub async fn participants<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<application::Model>> {
    Ok(application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?)
}

/// The welding processes stored as a JSON list of codes (unknown codes are skipped).
pub fn parse_processes(json: &str) -> Vec<WeldingProcess> {
    let codes: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    let mut out: Vec<WeldingProcess> = codes
        .iter()
        .filter_map(|c| WeldingProcess::parse(c).ok())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Process codes for JSON and pages.
pub fn process_codes(processes: &[WeldingProcess]) -> Vec<&'static str> {
    processes.iter().map(|p| p.code()).collect()
}

/// Staff accounts by id, for names and emails beside records.
pub async fn users_by_id<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, user::Model>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect())
}

/// `{id, name, email}` of a staff member, or null.
pub fn person(
    users: &std::collections::HashMap<i64, user::Model>,
    id: Option<i64>,
) -> serde_json::Value {
    match id.and_then(|id| users.get(&id)) {
        Some(u) => serde_json::json!({"user_id": u.id, "name": u.name, "email": u.email}),
        None => serde_json::Value::Null,
    }
}

/// Whether `actor` may record attendance for a session (organizers and the
/// cohort's mentors), checked before the request body is read.
pub async fn authorize_attendance<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    session_id: i64,
) -> AppResult<()> {
    let s = sessions::get(db, session_id).await?;
    require_staff_of(db, s.cohort_id, actor).await
}

/// Whether `actor` may assess a participant (the cohort's mentors only),
/// checked before the request body is read.
pub async fn authorize_assessment<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    participant_id: i64,
) -> AppResult<()> {
    let p = participant(db, participant_id).await?;
    require_mentor_of(db, p.cohort_id, actor).await
}
