//! Assessments: a mentor of the cohort scores a participant against the
//! workshop's rubric. Every recording is a new row (an amendment names the
//! row it amends), so the history is kept and the latest row counts.
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;
use validator::Validate;

use super::{
    Actor, participant, person, require_mentor_of, require_roster_approved, require_staff_of,
    users_by_id,
};
use crate::AppState;
use crate::domain::Message;
use crate::domain::assessment::{Rubric, score};
use crate::entity::assessment;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::{audit, cohorts, notify_mentoring, workshops};

/// Most characters in a mentor's comment.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// At most one score per criterion of a rubric, as `validator` counts.
const MAX_SCORES_LEN: u64 = crate::domain::assessment::MAX_CRITERIA as u64;

/// Points per criterion key, and a comment.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AssessmentInput {
    #[schema(value_type = Object, example = json!({"visual": 24, "bend": 30, "theory": 20}))]
    #[validate(length(max = MAX_SCORES_LEN))]
    pub scores: BTreeMap<String, Value>,
    #[serde(default)]
    pub comment: String,
}

/// One criterion's line in a result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionLine {
    pub key: String,
    pub name: String,
    pub max_points: u32,
    pub points: Option<u32>,
}

/// A recorded assessment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentView {
    pub id: i64,
    pub participant_id: i64,
    pub scores: BTreeMap<String, u32>,
    pub criteria: Vec<CriterionLine>,
    pub total: i32,
    pub max: i32,
    pub pass_mark: i32,
    pub passed: bool,
    pub comment: String,
    /// The assessment this one amends, if any.
    pub amends: Option<i64>,
    #[schema(value_type = Object)]
    pub recorded_by: Value,
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: DateTime<Utc>,
}

pub fn view(a: &assessment::Model, rubric: &Rubric, recorded_by: Value) -> AssessmentView {
    let scores: BTreeMap<String, u32> = serde_json::from_str(&a.scores).unwrap_or_default();
    let criteria = rubric
        .criteria
        .iter()
        .map(|c| CriterionLine {
            key: c.key.clone(),
            name: c.name.clone(),
            max_points: c.max_points,
            points: scores.get(&c.key).copied(),
        })
        .collect();
    AssessmentView {
        id: a.id,
        participant_id: a.participant_id,
        scores,
        criteria,
        total: a.total,
        max: a.max_total,
        pass_mark: a.pass_mark,
        passed: a.passed,
        comment: a.comment.clone(),
        amends: a.amends_id,
        recorded_by,
        recorded_at: a.recorded_at,
    }
}

/// Each problem under the field it concerns (`scores.<key>`), by asking the
/// domain's scoring about one criterion at a time.
fn problems_by_field(rubric: &Rubric, scores: &BTreeMap<String, Value>) -> Vec<FieldError> {
    let mut out = vec![];
    for c in &rubric.criteria {
        let single = Rubric {
            criteria: vec![c.clone()],
            pass_mark: 0,
        };
        let mut one = BTreeMap::new();
        if let Some(v) = scores.get(&c.key) {
            one.insert(c.key.clone(), v.clone());
        }
        if let Err(problems) = score(&single, &one) {
            out.extend(
                problems
                    .into_iter()
                    .map(|m| FieldError::new(format!("scores.{}", c.key), m)),
            );
        }
    }
    for key in scores
        .keys()
        .filter(|k| !rubric.criteria.iter().any(|c| &c.key == *k))
    {
        out.push(FieldError::new(
            format!("scores.{key}"),
            Message::of("score_unknown_key").arg("key", &key),
        ));
    }
    out
}

/// Records (or amends) a participant's assessment: only the cohort's mentors
/// (403, organizers too), from the roster's approval on (409), points within
/// the rubric (422). Queues the participant's notice, for an amendment only
/// when the points or the result changed.
pub async fn record(
    state: &AppState,
    actor: Actor,
    participant_id: i64,
    input: &AssessmentInput,
) -> AppResult<AssessmentView> {
    let db = &state.db;
    let p = participant(db, participant_id).await?;
    let c = cohorts::get(db, p.cohort_id).await?;
    require_mentor_of(db, c.id, actor).await?;
    require_roster_approved(&c)?;
    let w = workshops::get(db, c.workshop_id).await?;
    let result = score(&w.rubric, &input.scores)
        .map_err(|_| AppError::Validation(problems_by_field(&w.rubric, &input.scores)))?;
    // An ID or a mobile number typed into the comment is masked before it is kept or mailed.
    let comment = crate::domain::mask::mask_free_text(input.comment.trim());
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(AppError::field(
            "comment",
            Message::of("comment_length").arg("max_comment_chars", &MAX_COMMENT_CHARS),
        ));
    }

    let txn = crate::db::begin_write(db).await?;
    let previous = latest(&txn, p.id).await?;
    let to_i32 = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
    let a = assessment::ActiveModel {
        cohort_id: Set(c.id),
        participant_id: Set(p.id),
        scores: Set(json!(result.points).to_string()),
        total: Set(to_i32(result.total)),
        max_total: Set(to_i32(w.rubric.total_max())),
        pass_mark: Set(to_i32(w.rubric.pass_mark)),
        passed: Set(result.passed),
        comment: Set(comment),
        amends_id: Set(previous.as_ref().map(|a| a.id)),
        recorded_by: Set(actor.id),
        recorded_at: Set(crate::mail::outbox::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let action = if previous.is_some() {
        "assessment.amend"
    } else {
        "assessment.record"
    };
    let detail = json!({
        "participant_id": p.id,
        "total": a.total,
        "passed": a.passed,
        "before": previous.as_ref().map(|b| json!({"id": b.id, "total": b.total, "passed": b.passed})),
    });
    audit::record(&txn, Some(actor.id), action, "assessment", a.id, detail).await?;
    // The participant hears again only when what they would read changed:
    // the points or the result (a reworded comment alone is not news).
    let news = previous
        .as_ref()
        .is_none_or(|b| b.scores != a.scores || b.total != a.total || b.passed != a.passed);
    if news {
        notify_mentoring::assessment_recorded(&txn, state, &c, &p, &a).await?;
    }
    txn.commit().await?;
    state.mail.wake();
    let users = users_by_id(db, [actor.id]).await?;
    Ok(view(&a, &w.rubric, person(&users, Some(actor.id))))
}

/// The latest assessment of a participant.
pub async fn latest<C: ConnectionTrait>(
    db: &C,
    participant_id: i64,
) -> AppResult<Option<assessment::Model>> {
    Ok(assessment::Entity::find()
        .filter(assessment::Column::ParticipantId.eq(participant_id))
        .order_by_desc(assessment::Column::Id)
        .one(db)
        .await?)
}

/// The latest assessment of each participant of a cohort.
pub async fn latest_of_cohort<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<HashMap<i64, assessment::Model>> {
    let mut out: HashMap<i64, assessment::Model> = HashMap::new();
    for a in assessment::Entity::find()
        .filter(assessment::Column::CohortId.eq(cohort_id))
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?
    {
        out.insert(a.participant_id, a);
    }
    Ok(out)
}

/// Every assessment of a participant, newest first (organizers and the cohort's mentors).
pub async fn history<C: ConnectionTrait>(
    db: &C,
    actor: Actor,
    participant_id: i64,
) -> AppResult<Vec<AssessmentView>> {
    let p = participant(db, participant_id).await?;
    let c = cohorts::get(db, p.cohort_id).await?;
    require_staff_of(db, c.id, actor).await?;
    let w = workshops::get(db, c.workshop_id).await?;
    let rows = assessment::Entity::find()
        .filter(assessment::Column::ParticipantId.eq(p.id))
        .order_by_desc(assessment::Column::Id)
        .all(db)
        .await?;
    let users = users_by_id(db, rows.iter().map(|a| a.recorded_by)).await?;
    Ok(rows
        .iter()
        .map(|a| view(a, &w.rubric, person(&users, Some(a.recorded_by))))
        .collect())
}
