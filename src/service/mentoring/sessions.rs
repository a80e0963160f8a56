//! Sessions of a cohort: organizers schedule, edit and cancel them.
//! Once the roster is approved, an edit or a cancellation tells every
//! participant, in the same transaction.
use chrono::{DateTime, Duration, FixedOffset, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{Actor, participants, person, require_not_finished, users_by_id};
use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::CohortStatus;
use crate::domain::session::{SessionKind, held};
use crate::entity::{cohort, cohort_session};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::notify_mentoring::{self, SessionChange};
use crate::service::{audit, cohorts};

/// The longest a session may last.
pub const MAX_SESSION_HOURS: i64 = 12;

/// The longest email address, for the shape check (`validator` counts in u64).
const EMAIL_MAX_LEN: u64 = crate::domain::identity::EMAIL_MAX as u64;

/// Schedule or edit a session.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    pub title: String,
    /// theory, practical or assessment
    pub kind: String,
    #[schema(value_type = String, format = DateTime, example = "2027-01-04T09:00:00+08:00")]
    pub starts_at: DateTime<FixedOffset>,
    #[schema(value_type = String, format = DateTime, example = "2027-01-04T12:00:00+08:00")]
    pub ends_at: DateTime<FixedOffset>,
    /// Defaults to the cohort's venue.
    #[serde(default)]
    pub venue: Option<String>,
    /// A mentor of the cohort who leads it (optional).
    #[serde(default)]
    #[validate(length(max = EMAIL_MAX_LEN))]
    pub mentor_email: Option<String>,
}

/// A session as the API shows one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionView {
    pub id: i64,
    pub cohort_id: i64,
    pub title: String,
    pub kind: String,
    #[schema(value_type = String, format = DateTime)]
    pub starts_at: DateTime<Utc>,
    #[schema(value_type = String, format = DateTime)]
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    /// `{user_id, name, email}` or null.
    #[schema(value_type = Object)]
    pub mentor: serde_json::Value,
    pub cancelled: bool,
    /// Started and not cancelled: counts for the attendance rate.
    pub held: bool,
}

pub fn view(
    s: &cohort_session::Model,
    mentor: serde_json::Value,
    now: DateTime<Utc>,
) -> SessionView {
    SessionView {
        id: s.id,
        cohort_id: s.cohort_id,
        title: s.title.clone(),
        kind: s.kind.clone(),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        venue: s.venue.clone(),
        mentor,
        cancelled: s.cancelled_at.is_some(),
        held: held(s.starts_at, s.cancelled_at.is_some(), now),
    }
}

struct ValidSession {
    title: String,
    kind: SessionKind,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    venue: String,
    mentor_user_id: Option<i64>,
}

async fn validate<C: ConnectionTrait>(
    db: &C,
    c: &cohort::Model,
    input: &SessionInput,
) -> AppResult<ValidSession> {
    let mut errors = vec![];
    let title = input.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 100 || title.chars().any(char::is_control) {
        errors.push(FieldError::new("title", Message::of("title_length")));
    }
    let kind = SessionKind::parse(&input.kind)
        .map_err(|m| errors.push(FieldError::new("kind", m)))
        .ok();
    let starts_at = input.starts_at.with_timezone(&Utc);
    let ends_at = input.ends_at.with_timezone(&Utc);
    if ends_at <= starts_at || ends_at - starts_at > Duration::hours(MAX_SESSION_HOURS) {
        errors.push(FieldError::new(
            "ends_at",
            Message::of("session_times_invalid").arg("max_session_hours", &MAX_SESSION_HOURS),
        ));
    }
    let venue = input
        .venue
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .unwrap_or(&c.venue)
        .to_string();
    if venue.chars().count() < 2 || venue.chars().count() > 200 {
        errors.push(FieldError::new("venue", Message::of("venue_length")));
    }
    let mut mentor_user_id = None;
    if let Some(email) = input
        .mentor_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        match super::mentors::mentor_account(db, email, "mentor_email").await {
            Ok(u) if super::is_cohort_mentor(db, c.id, u.id).await? => mentor_user_id = Some(u.id),
            Ok(_) => errors.push(FieldError::new(
                "mentor_email",
                Message::keyed("not_a_cohort_mentor", "msg-not_a_cohort_mentor-2"),
            )),
            Err(AppError::Validation(f)) => errors.extend(f),
            Err(e) => return Err(e),
        }
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(ValidSession {
            title,
            kind,
            starts_at,
            ends_at,
            venue,
            mentor_user_id,
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<cohort_session::Model> {
    cohort_session::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn view_one<C: ConnectionTrait>(db: &C, s: &cohort_session::Model) -> AppResult<SessionView> {
    let users = users_by_id(db, s.mentor_user_id).await?;
    Ok(view(s, person(&users, s.mentor_user_id), Utc::now()))
}

/// Schedules a session (the cohort must not be completed or cancelled).
pub async fn create(
    state: &AppState,
    actor: Actor,
    cohort_id: i64,
    input: &SessionInput,
) -> AppResult<SessionView> {
    let db = &state.db;
    let c = cohorts::get(db, cohort_id).await?;
    require_not_finished(&c)?;
    let v = validate(db, &c, input).await?;
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let s = cohort_session::ActiveModel {
        cohort_id: Set(cohort_id),
        title: Set(v.title),
        kind: Set(v.kind.as_str().into()),
        starts_at: Set(v.starts_at),
        ends_at: Set(v.ends_at),
        venue: Set(v.venue),
        mentor_user_id: Set(v.mentor_user_id),
        cancelled_at: Set(None),
        reminders_queued_at: Set(None),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "session.create",
        "session",
        s.id,
        json!({"cohort_id": cohort_id}),
    )
    .await?;
    // A session entered after it ended (a record of the past) is news to nobody.
    if participants_told(&c) && s.ends_at > now {
        let version = s.updated_at.timestamp_micros();
        tell_participants(&txn, state, &c, &s, SessionChange::Added, version).await?;
    }
    txn.commit().await?;
    view_one(db, &s).await
}

/// Queues the notice of a session's change to each participant.
async fn tell_participants<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    c: &cohort::Model,
    s: &cohort_session::Model,
    change: SessionChange,
    version: i64,
) -> AppResult<()> {
    let people = participants(txn, c.id).await?;
    notify_mentoring::session_changed(txn, state, c, s, &people, change, version).await
}

/// Whether participants hear about changes: from the roster's approval on.
fn participants_told(c: &cohort::Model) -> bool {
    matches!(
        CohortStatus::parse(&c.status),
        Some(CohortStatus::Approved | CohortStatus::Running)
    )
}

fn session_cancelled() -> AppError {
    AppError::conflict(Message::keyed(
        "session_cancelled",
        "msg-session_cancelled-2",
    ))
}

/// Edits a session. When its title, time or venue changes after approval,
/// each participant is told (and a moved session gets a fresh reminder).
pub async fn update(
    state: &AppState,
    actor: Actor,
    id: i64,
    input: &SessionInput,
) -> AppResult<SessionView> {
    let db = &state.db;
    let existing = get(db, id).await?;
    let c = cohorts::get(db, existing.cohort_id).await?;
    require_not_finished(&c)?;
    let v = validate(db, &c, input).await?;
    let txn = crate::db::begin_write(db).await?;
    let existing = get(&txn, id).await?;
    if existing.cancelled_at.is_some() {
        return Err(session_cancelled());
    }
    let visible_change = existing.title != v.title
        || existing.starts_at != v.starts_at
        || existing.ends_at != v.ends_at
        || existing.venue != v.venue;
    let moved = existing.starts_at != v.starts_at;
    let sequence = existing.sequence;
    let before = json!({"title": existing.title, "starts_at": existing.starts_at, "ends_at": existing.ends_at, "venue": existing.venue});
    let mut model: cohort_session::ActiveModel = existing.into();
    model.title = Set(v.title);
    model.kind = Set(v.kind.as_str().into());
    model.starts_at = Set(v.starts_at);
    model.ends_at = Set(v.ends_at);
    model.venue = Set(v.venue);
    model.mentor_user_id = Set(v.mentor_user_id);
    if moved {
        model.reminders_queued_at = Set(None);
    }
    if visible_change {
        model.sequence = Set(sequence + 1);
    }
    let now = crate::mail::outbox::now();
    model.updated_at = Set(now);
    let s = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "session.update",
        "session",
        id,
        json!({"before": before}),
    )
    .await?;
    if visible_change && participants_told(&c) {
        let version = now.timestamp_micros();
        tell_participants(&txn, state, &c, &s, SessionChange::Changed, version).await?;
    }
    txn.commit().await?;
    view_one(db, &s).await
}

/// Cancels a session (kept, marked cancelled) and, after approval, tells
/// every participant. Cancelling twice changes nothing.
pub async fn cancel(state: &AppState, actor: Actor, id: i64) -> AppResult<SessionView> {
    let db = &state.db;
    let txn = crate::db::begin_write(db).await?;
    let existing = get(&txn, id).await?;
    let c = cohorts::get(&txn, existing.cohort_id).await?;
    require_not_finished(&c)?;
    if existing.cancelled_at.is_some() {
        txn.commit().await?;
        return view_one(db, &existing).await;
    }
    let now = crate::mail::outbox::now();
    let sequence = existing.sequence;
    let mut model: cohort_session::ActiveModel = existing.into();
    model.cancelled_at = Set(Some(now));
    model.sequence = Set(sequence + 1);
    model.updated_at = Set(now);
    let s = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "session.cancel",
        "session",
        id,
        json!({"cohort_id": c.id}),
    )
    .await?;
    if participants_told(&c) {
        let version = now.timestamp_micros();
        tell_participants(&txn, state, &c, &s, SessionChange::Cancelled, version).await?;
    }
    txn.commit().await?;
    view_one(db, &s).await
}

/// The cohort's sessions by start time, cancelled ones included.
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<cohort_session::Model>> {
    Ok(cohort_session::Entity::find()
        .filter(cohort_session::Column::CohortId.eq(cohort_id))
        .order_by_asc(cohort_session::Column::StartsAt)
        .order_by_asc(cohort_session::Column::Id)
        .all(db)
        .await?)
}

pub async fn list<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<SessionView>> {
    let sessions = rows(db, cohort_id).await?;
    let users = users_by_id(db, sessions.iter().filter_map(|s| s.mentor_user_id)).await?;
    Ok(sessions
        .iter()
        .map(|s| view(s, person(&users, s.mentor_user_id), now))
        .collect())
}
