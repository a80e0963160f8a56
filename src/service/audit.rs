//! The audit trail: who did what to which record, and when.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;

use crate::entity::audit_log;
use crate::error::AppResult;

pub async fn record<C: ConnectionTrait>(
    db: &C,
    actor: Option<i64>,
    action: &str,
    subject_type: &str,
    subject_id: impl ToString,
    detail: Value,
) -> AppResult<()> {
    audit_log::ActiveModel {
        actor_user_id: Set(actor),
        action: Set(action.to_string()),
        subject_type: Set(subject_type.to_string()),
        subject_id: Set(subject_id.to_string()),
        detail: Set(detail.to_string()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
