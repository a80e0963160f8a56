//! Reminders 24 hours before each session, for the background loop.
//!
//! Each session is claimed with a conditional UPDATE of `reminders_queued_at`
//! before its reminders are queued in the same transaction, so two instances
//! never both remind; the notices' dedupe keys (session, participant, start
//! time) make a repeat impossible even so. A session moved to a new time is
//! reminded again.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::participants;
use crate::AppState;
use crate::domain::cohort::CohortStatus;
use crate::domain::session::{REMINDER_AHEAD_HOURS, due_for_reminder};
use crate::entity::cohort_session;
use crate::error::AppResult;
use crate::service::{cohorts, notify_mentoring};

/// Queues the reminders of every session due now and returns how many
/// notices were queued. Never fails: a problem is logged and the next run
/// tries again. This is what the background loop calls, e.g. every minute.
pub async fn queue_due_reminders(state: &AppState) -> usize {
    match queue_due_reminders_at(state, Utc::now()).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "session reminders: will try again");
            0
        }
    }
}

/// As [`queue_due_reminders`], at a given instant, reporting errors.
pub async fn queue_due_reminders_at(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let db = &state.db;
    let candidates = cohort_session::Entity::find()
        .filter(cohort_session::Column::CancelledAt.is_null())
        .filter(cohort_session::Column::RemindersQueuedAt.is_null())
        .filter(cohort_session::Column::StartsAt.gt(now))
        .filter(cohort_session::Column::StartsAt.lte(now + Duration::hours(REMINDER_AHEAD_HOURS)))
        .order_by_asc(cohort_session::Column::StartsAt)
        .all(db)
        .await?;
    let mut queued = 0;
    for s in candidates {
        if !due_for_reminder(
            s.starts_at,
            s.cancelled_at.is_some(),
            s.reminders_queued_at.is_some(),
            now,
        ) {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let c = cohorts::get(&txn, s.cohort_id).await?;
        // Before approval nobody is told; the session stays unclaimed for later.
        if !matches!(
            CohortStatus::parse(&c.status),
            Some(CohortStatus::Approved | CohortStatus::Running)
        ) {
            continue;
        }
        let claimed = cohort_session::Entity::update_many()
            .col_expr(
                cohort_session::Column::RemindersQueuedAt,
                Expr::value(Some(now)),
            )
            .filter(cohort_session::Column::Id.eq(s.id))
            .filter(cohort_session::Column::RemindersQueuedAt.is_null())
            .filter(cohort_session::Column::StartsAt.eq(s.starts_at))
            .filter(cohort_session::Column::CancelledAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        let people = participants(&txn, c.id).await?;
        queued += notify_mentoring::session_reminder(&txn, state, &c, &s, &people).await?;
        txn.commit().await?;
    }
    if queued > 0 {
        state.mail.wake();
        tracing::info!(queued, "session reminders queued");
    }
    Ok(queued)
}
