//! Only when it is true: which assessment is final, completing a cohort with
//! sessions still to come (asked to confirm, then cancelled), and the day a
//! cohort completed. The rules are `domain::certificate::completion`.
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use crate::AppState;
use crate::domain::Message;
use crate::domain::beijing_date;
use crate::domain::certificate::completion::{self as rules, SessionFact};
use crate::domain::session::SessionKind;
use crate::entity::{assessment, cohort, cohort_session};
use crate::error::{AppError, AppResult};
use crate::service::mentoring::Actor;
use crate::service::{audit, mentoring, notify_mentoring};

pub fn facts(sessions: &[cohort_session::Model]) -> Vec<SessionFact> {
    sessions
        .iter()
        .map(|s| SessionFact {
            starts_at: s.starts_at,
            assessment: matches!(SessionKind::parse(&s.kind), Ok(SessionKind::Assessment)),
            cancelled: s.cancelled_at.is_some(),
        })
        .collect()
}

/// Each participant's final assessment: the latest one that is final.
pub async fn final_assessments<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    sessions: &[cohort_session::Model],
) -> AppResult<HashMap<i64, assessment::Model>> {
    let from = rules::final_from(&facts(sessions));
    let mut out = HashMap::new();
    for a in assessment::Entity::find()
        .filter(assessment::Column::CohortId.eq(cohort_id))
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?
    {
        if rules::is_final(a.recorded_at, a.marked_final_at.is_some(), from) {
            out.insert(a.participant_id, a);
        }
    }
    Ok(out)
}

/// The date a cohort's certificates carry: the day it completed, never
/// later than today (a cohort completed before this was recorded counts
/// from its last change, and no later than its planned end).
pub fn completed_on(c: &cohort::Model, now: DateTime<Utc>) -> NaiveDate {
    let today = beijing_date(now);
    match c.completed_at {
        Some(at) => rules::certificate_date(at, today),
        None => rules::certificate_date(c.updated_at, today).min(c.ends_on),
    }
}

/// Called in the transaction that completes a cohort: sessions still to come
/// are refused with 409 `sessions_to_come` and their `count` unless
/// `confirm`; confirmed, each is cancelled (audited, participants told).
/// Then the moment of completion is kept.
pub async fn before_completing<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    actor: i64,
    c: &cohort::Model,
    confirm: bool,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let sessions = mentoring::sessions::rows(txn, c.id).await?;
    let to_come: Vec<&cohort_session::Model> = sessions
        .iter()
        .filter(|s| s.cancelled_at.is_none() && s.starts_at > now)
        .collect();
    debug_assert_eq!(
        to_come.len(),
        rules::sessions_to_come(&facts(&sessions), now)
    );
    if !to_come.is_empty() && !confirm {
        let n = to_come.len();
        return Err(AppError::Conflict {
            message: Message::of("sessions_to_come").arg("n", &n),
            details: json!({"count": n}),
        });
    }
    let people = mentoring::participants(txn, c.id).await?;
    for s in to_come {
        let mut model: cohort_session::ActiveModel = s.clone().into();
        model.cancelled_at = Set(Some(now));
        model.updated_at = Set(now);
        // A cancellation is a new version of the calendar entry.
        model.sequence = Set(s.sequence + 1);
        let s = model.update(txn).await?;
        audit::record(
            txn,
            Some(actor),
            "session.cancel",
            "session",
            s.id,
            json!({"cohort_id": c.id, "because": "cohort_completed"}),
        )
        .await?;
        notify_mentoring::session_changed(
            txn,
            state,
            c,
            &s,
            &people,
            notify_mentoring::SessionChange::Cancelled,
            now.timestamp_micros(),
        )
        .await?;
    }
    cohort::Entity::update_many()
        .col_expr(
            cohort::Column::CompletedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(cohort::Column::Id.eq(c.id))
        .exec(txn)
        .await?;
    Ok(())
}

/// An organizer marks an assessment as the participant's final one
/// (audited); marking it again changes nothing.
pub async fn mark_final(
    state: &AppState,
    actor: Actor,
    assessment_id: i64,
    now: DateTime<Utc>,
) -> AppResult<assessment::Model> {
    let txn = crate::db::begin_write(&state.db).await?;
    let a = assessment::Entity::find_by_id(assessment_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.marked_final_at.is_some() {
        txn.commit().await?;
        return Ok(a);
    }
    let mut model: assessment::ActiveModel = a.into();
    model.marked_final_at = Set(Some(now));
    let a = model.update(&txn).await?;
    audit::record(
        &txn,
        Some(actor.id),
        "assessment.mark_final",
        "assessment",
        a.id,
        json!({"participant_id": a.participant_id, "total": a.total, "passed": a.passed}),
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}
