//! Pairing participants with mentors: the automatic run (the rules are
//! `domain::pairing::pair`), the organizer's manual override, and the list.
use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    Actor, lock_cohort, parse_processes, participant, participants, require_not_finished,
    users_by_id,
};
use crate::domain::Message;
use crate::domain::pairing::{MentorToPair, ParticipantToPair, pair};
use crate::entity::{application, cohort_mentor, mentor_assignment};
use crate::error::{AppError, AppResult};
use crate::service::audit;

pub const AUTO: &str = "auto";
pub const MANUAL: &str = "manual";

/// One pairing: who, with which mentor, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssignmentView {
    pub participant_id: i64,
    pub participant_name: String,
    pub mentor_user_id: i64,
    pub mentor_email: String,
    pub mentor_name: String,
    /// `auto` or `manual`.
    pub method: String,
    /// Why, in Chinese.
    pub reason: String,
    /// Why, in English.
    pub reason_en: String,
}

/// The longest email address, for the shape check (`validator` counts in u64).
const EMAIL_MAX_LEN: u64 = crate::domain::identity::EMAIL_MAX as u64;

/// Move a participant to another mentor by hand.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MentorChoice {
    #[validate(length(max = EMAIL_MAX_LEN))]
    pub mentor_email: String,
}

async fn views<C: ConnectionTrait>(
    db: &C,
    rows: &[mentor_assignment::Model],
) -> AppResult<Vec<AssignmentView>> {
    let users = users_by_id(db, rows.iter().map(|a| a.mentor_user_id)).await?;
    let ids: Vec<i64> = rows.iter().map(|a| a.participant_id).collect();
    let names: HashMap<i64, String> = if ids.is_empty() {
        HashMap::new()
    } else {
        application::Entity::find()
            .filter(application::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.full_name))
            .collect()
    };
    Ok(rows
        .iter()
        .map(|a| {
            let mentor = users.get(&a.mentor_user_id);
            AssignmentView {
                participant_id: a.participant_id,
                participant_name: names.get(&a.participant_id).cloned().unwrap_or_default(),
                mentor_user_id: a.mentor_user_id,
                mentor_email: mentor.map(|u| u.email.clone()).unwrap_or_default(),
                mentor_name: mentor.map(|u| u.name.clone()).unwrap_or_default(),
                method: a.method.clone(),
                reason: a.reason.clone(),
                reason_en: a.reason_en.clone(),
            }
        })
        .collect())
}

/// The cohort's pairings, by participant id.
pub async fn list<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<Vec<AssignmentView>> {
    let rows = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .order_by_asc(mentor_assignment::Column::ParticipantId)
        .all(db)
        .await?;
    views(db, &rows).await
}

/// Gives every participant not yet paired a mentor with room, by the domain's
/// rules, and returns the new pairings. Too little room is 409
/// `insufficient_capacity` with `missing`, and nothing is changed.
pub async fn auto(
    db: &DatabaseConnection,
    actor: Actor,
    cohort_id: i64,
) -> AppResult<Vec<AssignmentView>> {
    let txn = crate::db::begin_write(db).await?;
    let c = lock_cohort(&txn, cohort_id).await?;
    require_not_finished(&c)?;

    // Who still needs a mentor, and who has room.
    let paired: HashSet<i64> = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.participant_id)
        .collect();
    let unpaired: Vec<_> = participants(&txn, cohort_id)
        .await?
        .into_iter()
        .filter(|p| !paired.contains(&p.id))
        .collect();
    let ids: Vec<i64> = unpaired.iter().map(|p| p.id).collect();
    let mut ranked = super::preferences::of_applications(&txn, &ids).await?;
    let waiting: Vec<ParticipantToPair> = unpaired
        .into_iter()
        .map(|p| ParticipantToPair {
            id: p.id,
            employer: p.employer,
            processes: parse_processes(&p.processes),
            preferences: ranked.remove(&p.id).unwrap_or_default(),
        })
        .collect();
    if waiting.is_empty() {
        return Ok(vec![]);
    }
    let loads = super::mentors::loads(&txn, cohort_id).await?;
    let mentor_rows = super::mentors::rows(&txn, cohort_id).await?;
    let users = users_by_id(&txn, mentor_rows.iter().map(|m| m.user_id)).await?;
    let mentors: Vec<MentorToPair> = mentor_rows
        .iter()
        .map(|m| MentorToPair {
            id: m.user_id,
            name: users
                .get(&m.user_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            employer: m.employer.clone(),
            capacity: u32::try_from(m.capacity).unwrap_or(0),
            processes: parse_processes(&m.processes),
            already_assigned: u32::try_from(loads.get(&m.user_id).copied().unwrap_or(0))
                .unwrap_or(u32::MAX),
        })
        .collect();

    // The rules decide; a shortfall leaves the database as it was.
    let pairings = pair(&waiting, &mentors).map_err(|s| AppError::Conflict {
        message: s.message(),
        details: json!({"missing": s.missing, "participants": waiting.len()}),
    })?;

    let now = Utc::now();
    let mut rows = Vec::with_capacity(pairings.len());
    for p in &pairings {
        let inserted = mentor_assignment::ActiveModel {
            cohort_id: Set(cohort_id),
            participant_id: Set(p.participant_id),
            mentor_user_id: Set(p.mentor_id),
            method: Set(AUTO.into()),
            reason: Set(p.reason_zh.clone()),
            reason_en: Set(p.reason_en.clone()),
            assigned_by: Set(Some(actor.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(row) => rows.push(row),
            Err(e) if crate::db::is_unique_violation(&e) => return Err(changed_concurrently()),
            Err(e) => return Err(e.into()),
        }
    }
    let summary: Vec<_> = pairings
        .iter()
        .map(|p| json!([p.participant_id, p.mentor_id]))
        .collect();
    audit::record(
        &txn,
        Some(actor.id),
        "cohort.pairing.auto",
        "cohort",
        cohort_id,
        json!({"pairs": summary}),
    )
    .await?;
    let out = views(&txn, &rows).await?;
    txn.commit().await?;
    Ok(out)
}

fn changed_concurrently() -> AppError {
    AppError::conflict(Message::keyed(
        "changed_concurrently",
        "msg-changed_concurrently-5",
    ))
}

/// Moves a participant to the named cohort mentor (an audited override).
/// 422 naming `mentor_email` when that is not a mentor of the participant's
/// cohort; 409 `mentor_full` when the mentor has no room.
pub async fn assign_by_hand(
    db: &DatabaseConnection,
    actor: Actor,
    participant_id: i64,
    mentor_email: &str,
) -> AppResult<AssignmentView> {
    let p = participant(db, participant_id).await?;
    let mentor = super::mentors::mentor_account(db, mentor_email, "mentor_email").await?;
    let txn = crate::db::begin_write(db).await?;
    let c = lock_cohort(&txn, p.cohort_id).await?;
    require_not_finished(&c)?;
    let Some(cm) = cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(c.id))
        .filter(cohort_mentor::Column::UserId.eq(mentor.id))
        .one(&txn)
        .await?
    else {
        return Err(AppError::field(
            "mentor_email",
            Message::of("not_a_cohort_mentor"),
        ));
    };
    let current = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::ParticipantId.eq(p.id))
        .one(&txn)
        .await?;
    if let Some(a) = current.as_ref().filter(|a| a.mentor_user_id == mentor.id) {
        // Already with this mentor: nothing to change.
        let out = views(&txn, std::slice::from_ref(a)).await?;
        txn.commit().await?;
        return out.into_iter().next().ok_or(AppError::NotFound);
    }
    let load = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(c.id))
        .filter(mentor_assignment::Column::MentorUserId.eq(mentor.id))
        .count(&txn)
        .await?;
    if load >= u64::try_from(cm.capacity).unwrap_or(0) {
        return Err(AppError::Conflict {
            message: Message::of("mentor_full")
                .arg("name", &mentor.name)
                .arg("capacity", &cm.capacity),
            details: json!({"capacity": cm.capacity, "assigned": load}),
        });
    }
    let now = Utc::now();
    let by_hand = |locale| {
        crate::i18n::text(
            locale,
            "pairing_by_hand",
            &[("mentor", mentor.name.clone())],
        )
    };
    let reason = by_hand(crate::i18n::Locale::Zh);
    let reason_en = by_hand(crate::i18n::Locale::En);
    let before = current.as_ref().map(|a| a.mentor_user_id);
    let row = match current {
        Some(a) => {
            let mut m: mentor_assignment::ActiveModel = a.into();
            m.mentor_user_id = Set(mentor.id);
            m.method = Set(MANUAL.into());
            m.reason = Set(reason);
            m.reason_en = Set(reason_en);
            m.assigned_by = Set(Some(actor.id));
            m.updated_at = Set(now);
            m.update(&txn).await?
        }
        None => mentor_assignment::ActiveModel {
            cohort_id: Set(c.id),
            participant_id: Set(p.id),
            mentor_user_id: Set(mentor.id),
            method: Set(MANUAL.into()),
            reason: Set(reason),
            reason_en: Set(reason_en),
            assigned_by: Set(Some(actor.id)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            if crate::db::is_unique_violation(&e) {
                changed_concurrently()
            } else {
                e.into()
            }
        })?,
    };
    audit::record(
        &txn,
        Some(actor.id),
        "participant.mentor.override",
        "application",
        p.id,
        json!({"cohort_id": c.id, "from_mentor_user_id": before, "to_mentor_user_id": mentor.id}),
    )
    .await?;
    let out = views(&txn, std::slice::from_ref(&row)).await?;
    txn.commit().await?;
    out.into_iter().next().ok_or(AppError::NotFound)
}

/// The mentor user id of each paired participant in a cohort.
pub async fn mentor_of_each<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<HashMap<i64, i64>> {
    Ok(mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.participant_id, a.mentor_user_id))
        .collect())
}
