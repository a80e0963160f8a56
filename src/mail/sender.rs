//! The sender: claims due notices and delivers them, over SMTP or into the
//! local mail folder. The background loop that runs it is `service::jobs`.
//!
//! Claiming is one statement that marks notices `sending` with a lease
//! (`lease_until`) and returns them: on PostgreSQL the candidates are picked
//! `FOR UPDATE SKIP LOCKED`, so several instances never take the same notice;
//! on SQLite the single `UPDATE … RETURNING` runs alone under the write lock.
//! A sender that dies leaves its notices `sending`; when the lease runs out
//! they are claimed again. The lease is short (`Mailer::lease`, 30 s by
//! default) and renewed every third of it while the claim's deliveries go on,
//! so a slow batch keeps its notices and a crash delays them only that long.
//! The lease is also the claim's token: a notice is marked sent (or
//! rescheduled) only by the claim that holds it, and a `sent` notice is never
//! claimed again. What a crash can still send twice is only what was in the
//! SMTP dialogue at that moment (at most `concurrency` notices), with the same
//! Message-ID, so the receiving side can tell.
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::Rng;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, Statement, Value,
};
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use crate::entity::notice;
use crate::mail::outbox::{FAILED, QUEUED, SENDING, SENT, now};
use crate::mail::{Mailer, mask_email, mask_emails_in};

/// Why one delivery did not happen.
#[derive(Debug)]
struct SendError {
    message: String,
    /// Will never succeed as it is (e.g. an address that cannot be parsed).
    permanent: bool,
}

impl SendError {
    fn transient(message: impl Into<String>) -> Self {
        SendError {
            message: message.into(),
            permanent: false,
        }
    }
    fn permanent(message: impl Into<String>) -> Self {
        SendError {
            message: message.into(),
            permanent: true,
        }
    }
}

/// How deliveries go out in one run (owned, so tasks can run it).
#[derive(Clone)]
struct Delivery {
    db: DatabaseConnection,
    from: String,
    transport: Option<Result<AsyncSmtpTransport<Tokio1Executor>, String>>,
    mail_dir: std::path::PathBuf,
    timeout: Duration,
    retry_base: Duration,
    retry_cap: Duration,
    give_up_after: chrono::Duration,
    min_attempts: i32,
}

/// Claims and delivers every notice that is due, a batch at a time, until
/// none is left. Returns how many deliveries were attempted (sent, or failed
/// and rescheduled). A notice rescheduled during the run waits for the next
/// run, even if its retry falls due meanwhile.
pub async fn run_once(db: &DatabaseConnection, mailer: &Mailer) -> Result<usize, DbErr> {
    run_until(db, mailer, None).await
}

/// As [`run_once`], stopping between deliveries once `stop` turns true.
pub(crate) async fn run_until(
    db: &DatabaseConnection,
    mailer: &Mailer,
    stop: Option<&watch::Receiver<bool>>,
) -> Result<usize, DbErr> {
    let delivery = Arc::new(Delivery {
        db: db.clone(),
        from: mailer.from.clone(),
        transport: mailer.transport(),
        mail_dir: mailer.mail_dir.clone(),
        timeout: mailer.send_timeout,
        retry_base: mailer.retry_base,
        retry_cap: mailer.retry_cap,
        give_up_after: mailer.give_up_after,
        min_attempts: mailer.min_attempts_before_failing,
    });
    let batch = mailer.batch_size.max(1);
    let concurrency = mailer.concurrency.max(1);
    let lease = mailer.lease.max(Duration::from_secs(1));
    let due_by = now();
    let mut total = 0;
    loop {
        if stop.is_some_and(|s| *s.borrow()) {
            break;
        }
        let (claimed, token) = claim(db, batch, lease, due_by).await?;
        if claimed.is_empty() {
            break;
        }
        total += claimed.len();
        let lease_token = Arc::new(tokio::sync::Mutex::new(token));
        let permits = Arc::new(Semaphore::new(concurrency));
        let mut tasks = JoinSet::new();
        for n in claimed {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let d = delivery.clone();
            let token = lease_token.clone();
            tasks.spawn(async move {
                let outcome = d.deliver(&n).await;
                let recorded = d.record(&n, outcome, &token).await;
                drop(permit);
                recorded
            });
        }
        // The claim is renewed while its deliveries go on.
        let renewing = renew(db.clone(), lease_token.clone(), lease);
        tokio::pin!(renewing);
        loop {
            tokio::select! {
                joined = tasks.join_next() => match joined {
                    None => break,
                    Some(Ok(Ok(()))) => {}
                    Some(Ok(Err(e))) => tracing::error!(error = %e, "recording a delivery failed"),
                    Some(Err(e)) => tracing::error!(error = %e, "a delivery task failed"),
                },
                () = &mut renewing => {}
            }
        }
    }
    Ok(total)
}

/// When a lease taken or renewed at `now` runs out: whole microseconds, as
/// both databases keep them, since the lease is compared as a token.
fn lease_end(now: DateTime<Utc>, lease: Duration) -> DateTime<Utc> {
    use chrono::SubsecRound;
    (now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(30)))
        .trunc_subsecs(6)
}

/// Extends the lease of the notices this claim still holds, every third of
/// the lease, for ever (the caller stops polling it when the batch is done).
/// Recording an outcome holds the same lock, so it always names the lease
/// the notice has.
async fn renew(
    db: DatabaseConnection,
    token: Arc<tokio::sync::Mutex<DateTime<Utc>>>,
    lease: Duration,
) {
    loop {
        tokio::time::sleep(lease / 3).await;
        let mut held = token.lock().await;
        let next = lease_end(now(), lease);
        let backend = db.get_database_backend();
        let mut sql =
            "UPDATE notices SET lease_until = ? WHERE status = ? AND lease_until = ?".to_string();
        if backend == DatabaseBackend::Postgres {
            sql = numbered(&sql);
        }
        let stmt = Statement::from_sql_and_values(
            backend,
            &sql,
            [Value::from(next), SENDING.into(), Value::from(*held)],
        );
        match db.execute_raw(stmt).await {
            Ok(_) => *held = next,
            // The old lease still holds until it runs out; try again next time.
            Err(e) => tracing::warn!(error = %e, "renewing the mail lease failed"),
        }
    }
}

/// Marks up to `limit` notices due by `due_by` `sending` under a new lease
/// and returns them, with the lease (the claim's token).
async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
    due_by: DateTime<Utc>,
) -> Result<(Vec<notice::Model>, DateTime<Utc>), DbErr> {
    let now = now();
    let lease_until = lease_end(now, lease);
    let backend = db.get_database_backend();
    let limit = i64::try_from(limit).unwrap_or(100);
    let stmt = match backend {
        DatabaseBackend::Postgres => Statement::from_sql_and_values(
            backend,
            r#"UPDATE notices SET status = $1, lease_until = $2, updated_at = $3
               WHERE id IN (
                   SELECT id FROM notices
                   WHERE next_attempt_at <= $6
                     AND (status = $4 OR (status = $1 AND (lease_until IS NULL OR lease_until < $3)))
                   ORDER BY next_attempt_at, id
                   LIMIT $5
                   FOR UPDATE SKIP LOCKED)
               RETURNING id"#,
            values(lease_until, now, limit, due_by),
        ),
        _ => Statement::from_sql_and_values(
            backend,
            r#"UPDATE notices SET status = ?, lease_until = ?, updated_at = ?
               WHERE id IN (
                   SELECT id FROM notices
                   WHERE next_attempt_at <= ?
                     AND (status = ? OR (status = ? AND (lease_until IS NULL OR lease_until < ?)))
                   ORDER BY next_attempt_at, id
                   LIMIT ?)
               RETURNING id"#,
            [
                SENDING.into(),
                Value::from(lease_until),
                Value::from(now),
                Value::from(due_by),
                QUEUED.into(),
                SENDING.into(),
                Value::from(now),
                Value::from(limit),
            ],
        ),
    };
    // Only the ids come back from the claim: a `RETURNING *` prepared before a
    // column was added would keep the old column list on SQLite.
    let mut ids = vec![];
    for row in db.query_all_raw(stmt).await? {
        ids.push(row.try_get::<i64>("", "id")?);
    }
    if ids.is_empty() {
        return Ok((vec![], lease_until));
    }
    let mut rows = notice::Entity::find()
        .filter(notice::Column::Id.is_in(ids))
        .all(db)
        .await?;
    rows.sort_by_key(|n| (n.next_attempt_at, n.id));
    Ok((rows, lease_until))
}

fn values(
    lease_until: DateTime<Utc>,
    now: DateTime<Utc>,
    limit: i64,
    due_by: DateTime<Utc>,
) -> Vec<Value> {
    vec![
        SENDING.into(),
        Value::from(lease_until),
        Value::from(now),
        QUEUED.into(),
        Value::from(limit),
        Value::from(due_by),
    ]
}

impl Delivery {
    async fn deliver(&self, n: &notice::Model) -> Result<(), SendError> {
        let message = build_message(&self.from, n)?;
        match &self.transport {
            None => self.write_file(message).await,
            Some(Err(e)) => Err(SendError::transient(e.clone())),
            Some(Ok(transport)) => {
                match tokio::time::timeout(self.timeout, transport.send(message)).await {
                    Ok(Ok(_)) => Ok(()),
                    Ok(Err(e)) => Err(SendError::transient(format!("SMTP: {e}"))),
                    Err(_) => Err(SendError::transient(format!(
                        "SMTP: no answer within {} s",
                        self.timeout.as_secs_f32()
                    ))),
                }
            }
        }
    }

    /// No SMTP server: lettre's file transport writes the message into the
    /// mail folder as `<uuid>.eml`.
    async fn write_file(&self, message: Message) -> Result<(), SendError> {
        tokio::fs::create_dir_all(&self.mail_dir)
            .await
            .map_err(|e| SendError::transient(format!("mail folder: {e}")))?;
        AsyncFileTransport::<Tokio1Executor>::new(&self.mail_dir)
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| SendError::transient(format!("mail folder: {e}")))
    }

    /// Writes the outcome, only while this claim still holds the notice.
    async fn record(
        &self,
        n: &notice::Model,
        outcome: Result<(), SendError>,
        lease: &tokio::sync::Mutex<DateTime<Utc>>,
    ) -> Result<(), DbErr> {
        let now = now();
        // Held until the outcome is written, so a renewal cannot move the token meanwhile.
        let held = lease.lock().await;
        let token = Some(*held);
        let backend = self.db.get_database_backend();
        let to = mask_email(&n.recipient);
        let (sql, values): (&str, Vec<Value>) = match &outcome {
            Ok(()) => (
                "UPDATE notices SET status = ?, sent_at = ?, attempts = attempts + 1, last_error = NULL, \
                 lease_until = NULL, updated_at = ? WHERE id = ? AND status = ? AND lease_until = ?",
                vec![
                    SENT.into(),
                    Value::from(now),
                    Value::from(now),
                    Value::from(n.id),
                    SENDING.into(),
                    Value::from(token),
                ],
            ),
            Err(e) => {
                let attempts = n.attempts + 1;
                let too_old =
                    now - n.created_at > self.give_up_after && attempts >= self.min_attempts;
                let status = if e.permanent || too_old {
                    FAILED
                } else {
                    QUEUED
                };
                let delay = backoff(n.attempts, self.retry_base, self.retry_cap);
                let next =
                    now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::minutes(1));
                let error: String = mask_emails_in(&e.message).chars().take(1000).collect();
                if status == FAILED {
                    tracing::warn!(notice_id = n.id, kind = %n.kind, to = %to, attempts, error = %error, "notice failed");
                } else {
                    tracing::info!(notice_id = n.id, kind = %n.kind, to = %to, attempts, error = %error,
                        retry_in_s = delay.as_secs(), "notice not sent; will retry");
                }
                (
                    "UPDATE notices SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?, \
                     lease_until = NULL, updated_at = ? WHERE id = ? AND status = ? AND lease_until = ?",
                    vec![
                        status.into(),
                        Value::from(error),
                        Value::from(next),
                        Value::from(now),
                        Value::from(n.id),
                        SENDING.into(),
                        Value::from(token),
                    ],
                )
            }
        };
        let sql = if backend == DatabaseBackend::Postgres {
            numbered(sql)
        } else {
            sql.to_string()
        };
        // The message may be out; try hard to record it, so it is not sent again.
        let mut tries = 0;
        let result = loop {
            tries += 1;
            let stmt = Statement::from_sql_and_values(backend, &sql, values.clone());
            match self.db.execute_raw(stmt).await {
                Ok(r) => break r,
                Err(e) if tries < 3 => {
                    tracing::warn!(notice_id = n.id, error = %e, "recording a delivery; retrying");
                    tokio::time::sleep(Duration::from_millis(200 * tries)).await;
                }
                Err(e) => return Err(e),
            }
        };
        drop(held);
        if result.rows_affected() == 0 {
            tracing::warn!(
                notice_id = n.id,
                "the claim on this notice had lapsed; outcome not recorded"
            );
        } else if outcome.is_ok() {
            tracing::info!(notice_id = n.id, kind = %n.kind, to = %to, "notice sent");
        }
        Ok(())
    }
}

/// `?` placeholders as `$1, $2, …` for PostgreSQL.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut i = 0;
    for c in sql.chars() {
        if c == '?' {
            i += 1;
            out.push_str(&format!("${i}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// The wait before the next try after `attempts` failed ones: `base`, doubling,
/// at most `cap`, less up to a quarter at random so that retries spread out.
pub fn backoff(attempts: i32, base: Duration, cap: Duration) -> Duration {
    let exp = attempts.clamp(0, 20) as u32;
    let full = base.saturating_mul(1u32 << exp).min(cap);
    let factor = rand::thread_rng().gen_range(0.75..=1.0);
    full.mul_f64(factor)
}

/// The message of a notice: text and HTML alternatives, plus the calendar.
fn build_message(from: &str, n: &notice::Model) -> Result<Message, SendError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| SendError::permanent(format!("sender address: {e}")))?;
    let address = n.recipient.parse().map_err(|e| {
        SendError::permanent(format!(
            "recipient address {}: {e}",
            mask_email(&n.recipient)
        ))
    })?;
    let name = Some(n.recipient_name.clone()).filter(|s| !s.trim().is_empty());
    let alternative = MultiPart::alternative_plain_html(n.body_text.clone(), n.body_html.clone());
    let body = match &n.calendar {
        Some(ics) => {
            let ct = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                .map_err(|e| SendError::permanent(format!("calendar type: {e}")))?;
            MultiPart::mixed()
                .multipart(alternative)
                .singlepart(Attachment::new("schedule.ics".into()).body(ics.clone(), ct))
        }
        None => alternative,
    };
    let mut builder = Message::builder()
        .from(from)
        .to(Mailbox::new(name, address))
        .subject(n.subject.clone())
        .message_id(Some(n.message_id.clone()))
        .date_now();
    if let Some(url) = n.list_unsubscribe.as_deref().filter(|u| !u.is_empty()) {
        // RFC 2369 and RFC 8058: mail apps offer "unsubscribe" and may POST to it.
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    builder
        .multipart(body)
        .map_err(|e| SendError::permanent(format!("building the message: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_start_within_a_minute_and_double_up_to_ten_minutes() {
        let (base, cap) = (Duration::from_secs(30), Duration::from_secs(600));
        for _ in 0..50 {
            let first = backoff(0, base, cap);
            assert!(
                first >= Duration::from_millis(22_500) && first <= base,
                "{first:?}"
            );
            let third = backoff(2, base, cap);
            assert!(third >= Duration::from_secs(90) && third <= Duration::from_secs(120));
            let late = backoff(30, base, cap);
            assert!(late >= Duration::from_secs(450) && late <= cap, "{late:?}");
        }
    }

    #[test]
    fn placeholders_are_numbered_for_postgres() {
        assert_eq!(
            numbered("UPDATE t SET a = ? WHERE id = ? AND b = ?"),
            "UPDATE t SET a = $1 WHERE id = $2 AND b = $3"
        );
    }
}
