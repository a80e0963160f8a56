//! Queueing a notice in the caller's transaction, and the organizer's view of
//! the outbox (list, resend).
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set, TryInsertResult,
    sea_query::Expr,
};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::entity::notice;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::mail::{Mailer, mask_email};

pub const QUEUED: &str = "queued";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

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

/// Now, to the microsecond (what both databases keep), so that a value read
/// back compares equal to the one written.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

/// Renders and writes the notice with `conn` (the caller's transaction), so it
/// exists exactly when the change that caused it is committed. A key already
/// queued is left alone (no error, and the transaction stays usable).
pub async fn enqueue<C: ConnectionTrait>(conn: &C, mailer: &Mailer, n: NewNotice) -> AppResult<()> {
    enqueue_new(conn, mailer, n).await.map(|_| ())
}

/// As [`enqueue`]; says whether a new notice was queued (false: the key exists).
pub async fn enqueue_new<C: ConnectionTrait>(
    conn: &C,
    mailer: &Mailer,
    n: NewNotice,
) -> AppResult<bool> {
    let prepared = prepare(mailer, n)?;
    insert_prepared(conn, mailer, prepared).await
}

/// A rendered notice, ready to be written. Rendering before the transaction
/// keeps template work out of the database's write lock.
pub struct Prepared {
    model: notice::ActiveModel,
    kind: &'static str,
    recipient: String,
}

impl Prepared {
    /// Gives the message a `List-Unsubscribe` address (announcements).
    pub fn set_list_unsubscribe(&mut self, url: String) {
        self.model.list_unsubscribe = Set(Some(url));
    }

    /// The row to be written (the one-statement application writes it in
    /// its own SQL).
    pub(crate) fn model(&self) -> &notice::ActiveModel {
        &self.model
    }

    /// Logs and wakes the sender once the row has been written elsewhere.
    pub(crate) fn written(&self, mailer: &Mailer) {
        written(self.kind, &self.recipient, mailer);
    }

    /// Puts a value known only inside the transaction (e.g. a new row's
    /// reference) where the templates were given `placeholder`.
    pub fn fill(&mut self, placeholder: &str, value: &str) {
        let fields = [
            &mut self.model.subject,
            &mut self.model.body_text,
            &mut self.model.body_html,
            &mut self.model.dedupe_key,
        ];
        for field in fields {
            if let sea_orm::ActiveValue::Set(text) = field {
                *text = text.replace(placeholder, value);
            }
        }
    }
}

/// Renders a notice without touching the database.
pub fn prepare(mailer: &Mailer, n: NewNotice) -> AppResult<Prepared> {
    let rendered = mailer
        .render(n.kind, n.locale, &n.context)
        .map_err(AppError::Internal)?;
    let now = now();
    let model = notice::ActiveModel {
        cohort_id: Set(n.cohort_id),
        recipient: Set(clip(n.recipient.trim(), 254)),
        recipient_name: Set(clip(n.recipient_name.trim(), 80)),
        kind: Set(n.kind.to_string()),
        locale: Set(n.locale.code().to_string()),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        calendar: Set(n.calendar),
        status: Set(QUEUED.into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        dedupe_key: Set(key(&n.dedupe_key)),
        message_id: Set(format!(
            "<{}.{}@{}>",
            n.kind.replace('_', "-"),
            uuid::Uuid::new_v4().simple(),
            mailer.domain()
        )),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Prepared {
        model,
        kind: n.kind,
        recipient: n.recipient,
    })
}

/// Writes a prepared notice with `conn` (the caller's transaction); a key
/// already queued is left alone.
pub async fn insert_prepared<C: ConnectionTrait>(
    conn: &C,
    mailer: &Mailer,
    p: Prepared,
) -> AppResult<bool> {
    let result = notice::Entity::insert(p.model)
        .on_conflict_do_nothing_on([notice::Column::DedupeKey])
        .exec_without_returning(conn)
        .await?;
    let queued = matches!(result, TryInsertResult::Inserted(n) if n > 0);
    if queued {
        written(p.kind, &p.recipient, mailer);
    }
    Ok(queued)
}

fn written(kind: &str, recipient: &str, mailer: &Mailer) {
    tracing::debug!(kind, to = %mask_email(recipient), "notice queued");
    mailer.wake();
}

fn clip(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// Keys fit the column (200): a longer one is replaced by its hash.
fn key(k: &str) -> String {
    if k.len() <= 200 {
        k.to_string()
    } else {
        let digest = Sha256::digest(k.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

/// Every notice of a cohort, newest first.
pub async fn list_for_cohort<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i64,
) -> AppResult<Vec<notice::Model>> {
    Ok(notice::Entity::find()
        .filter(notice::Column::CohortId.eq(cohort_id))
        .order_by_desc(notice::Column::CreatedAt)
        .order_by_desc(notice::Column::Id)
        .all(conn)
        .await?)
}

/// Puts a failed notice back in the queue, due now, with a fresh count of
/// tries. Returns the notice; 404 when unknown, 409 when it is not failed.
pub async fn resend<C: ConnectionTrait>(
    conn: &C,
    mailer: &Mailer,
    id: i64,
) -> AppResult<notice::Model> {
    let now = now();
    let updated = notice::Entity::update_many()
        .col_expr(notice::Column::Status, Expr::value(QUEUED))
        .col_expr(notice::Column::Attempts, Expr::value(0))
        .col_expr(notice::Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            notice::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(notice::Column::UpdatedAt, Expr::value(now))
        .filter(notice::Column::Id.eq(id))
        .filter(notice::Column::Status.eq(FAILED))
        .exec(conn)
        .await?;
    let Some(n) = notice::Entity::find_by_id(id).one(conn).await? else {
        return Err(AppError::NotFound);
    };
    if updated.rows_affected == 0 {
        return Err(AppError::conflict(crate::domain::Message::of("not_failed")));
    }
    tracing::info!(notice_id = id, to = %mask_email(&n.recipient), "notice queued again");
    mailer.wake();
    Ok(n)
}
