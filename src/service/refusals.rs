//! Counts of application attempts refused as ineligible, by reason code, so
//! organizers see how many tried and why, without keeping anyone's data.
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};

use crate::domain::Message;
use crate::entity::refused_attempt::{self, Column, Entity};
use crate::error::AppResult;

/// The row that counts the attempts themselves.
pub const TOTAL: &str = "total";

async fn bump<C: ConnectionTrait>(conn: &C, cohort_id: i64, reason: &str) -> AppResult<()> {
    let row = refused_attempt::ActiveModel {
        cohort_id: Set(cohort_id),
        reason: Set(reason.to_string()),
        attempts: Set(1),
        ..Default::default()
    };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::CohortId, Column::Reason])
                .value(
                    Column::Attempts,
                    Expr::col((Entity, Column::Attempts)).add(1),
                )
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Counts one refused attempt and each distinct reason it was refused for.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i64,
    reasons: &[Message],
) -> AppResult<()> {
    bump(conn, cohort_id, TOTAL).await?;
    let mut codes: Vec<&str> = reasons.iter().map(|m| m.code).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        bump(conn, cohort_id, code).await?;
    }
    Ok(())
}

/// A reason code in words (the codes of `domain::eligibility`).
pub fn reason_words(code: &str, english: bool) -> String {
    let locale = crate::i18n::Locale::from_english(english);
    crate::i18n::catalog::lookup(locale, &format!("refusal_{code}"), &[])
        .unwrap_or_else(|| crate::i18n::t(locale, "refusal_other"))
}

/// `{total, by_reason: [{reason, attempts}]}` for a cohort.
pub async fn summary<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<Value> {
    let rows = Entity::find()
        .filter(Column::CohortId.eq(cohort_id))
        .order_by_desc(Column::Attempts)
        .order_by_asc(Column::Reason)
        .all(db)
        .await?;
    let total = rows
        .iter()
        .find(|r| r.reason == TOTAL)
        .map(|r| r.attempts)
        .unwrap_or(0);
    let by_reason: Vec<Value> = rows
        .iter()
        .filter(|r| r.reason != TOTAL)
        .map(|r| {
            json!({"reason": r.reason, "attempts": r.attempts,
                   "text": {"zh": reason_words(&r.reason, false), "en": reason_words(&r.reason, true)}})
        })
        .collect();
    Ok(json!({"total": total, "by_reason": by_reason}))
}
