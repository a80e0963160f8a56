//! The sender: claims due notices and delivers them, over SMTP or into the
//! local mail folder.
//!
//! Claiming is one statement that marks notices `sending` with a lease
//! (`lease_until`) and returns them: on PostgreSQL the candidates are picked
//! `FOR UPDATE SKIP LOCKED`, so several instances never take the same notice;
//! on SQLite the single `UPDATE … RETURNING` runs alone under the write lock.
//! A sender that dies leaves its notices `sending`; when the lease runs out
//! they are claimed again. The lease is also the claim's token: a notice is
//! marked sent (or rescheduled) only by the claim that holds it, and a `sent`
//! notice is never claimed again.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use rand::Rng;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Orbit, Rocket};
use sea_orm::{
    ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, Statement, Value,
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

async fn run_until(
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
    // Long enough for the whole batch to go through at the hard time limit.
    let rounds = batch.div_ceil(concurrency as u64) as u32 + 1;
    let lease = mailer.send_timeout * rounds + Duration::from_secs(30);
    let due_by = now();
    let mut total = 0;
    loop {
        if stop.is_some_and(|s| *s.borrow()) {
            break;
        }
        let claimed = claim(db, batch, lease, due_by).await?;
        if claimed.is_empty() {
            break;
        }
        total += claimed.len();
        let permits = Arc::new(Semaphore::new(concurrency));
        let mut tasks = JoinSet::new();
        for n in claimed {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let d = delivery.clone();
            tasks.spawn(async move {
                let outcome = d.deliver(&n).await;
                let recorded = d.record(&n, outcome).await;
                drop(permit);
                recorded
            });
        }
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "recording a delivery failed"),
                Err(e) => tracing::error!(error = %e, "a delivery task failed"),
            }
        }
    }
    Ok(total)
}

/// Marks up to `limit` notices due by `due_by` `sending` under a new lease
/// and returns them.
async fn claim(
    db: &DatabaseConnection,
    limit: u64,
    lease: Duration,
    due_by: DateTime<Utc>,
) -> Result<Vec<notice::Model>, DbErr> {
    let now = now();
    let lease_until =
        now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::minutes(5));
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
               RETURNING *"#,
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
               RETURNING *"#,
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
    let mut rows = notice::Entity::find().from_raw_sql(stmt).all(db).await?;
    rows.sort_by_key(|n| (n.next_attempt_at, n.id));
    Ok(rows)
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
            None => self.write_file(n, &message).await,
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

    /// No SMTP server: the message goes to `<data>/mail/<id>-<kind>.eml`.
    async fn write_file(&self, n: &notice::Model, message: &Message) -> Result<(), SendError> {
        let io = |e: std::io::Error| SendError::transient(format!("mail folder: {e}"));
        tokio::fs::create_dir_all(&self.mail_dir)
            .await
            .map_err(io)?;
        let name = format!("{:08}-{}.eml", n.id, n.kind);
        let tmp = self.mail_dir.join(format!(".{name}.tmp"));
        tokio::fs::write(&tmp, message.formatted())
            .await
            .map_err(io)?;
        tokio::fs::rename(&tmp, self.mail_dir.join(&name))
            .await
            .map_err(io)?;
        Ok(())
    }

    /// Writes the outcome, only while this claim still holds the notice.
    async fn record(&self, n: &notice::Model, outcome: Result<(), SendError>) -> Result<(), DbErr> {
        let now = now();
        let token = n.lease_until;
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
    Message::builder()
        .from(from)
        .to(Mailbox::new(name, address))
        .subject(n.subject.clone())
        .message_id(Some(n.message_id.clone()))
        .date_now()
        .multipart(body)
        .map_err(|e| SendError::permanent(format!("building the message: {e}")))
}

/// The background sender of this instance: started at liftoff when
/// `mail_sender` is on, stopped (after the delivery in hand) at shutdown. It
/// also queues the session reminders that fall due, every `reminder_interval`.
#[derive(Default)]
pub struct SenderFairing {
    running: Mutex<Option<(watch::Sender<bool>, tokio::task::JoinHandle<()>)>>,
}

#[rocket::async_trait]
impl Fairing for SenderFairing {
    fn info(&self) -> Info {
        Info {
            name: "mail sender",
            kind: Kind::Liftoff | Kind::Shutdown,
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let Some(state) = rocket.state::<crate::AppState>() else {
            return;
        };
        // The loop owns a copy of the state (every part is a shared handle).
        let owned = crate::AppState {
            db: state.db.clone(),
            settings: state.settings.clone(),
            keys: state.keys.clone(),
            mail: state.mail.clone(),
            clock: state.clock.clone(),
        };
        let (stop_tx, stop_rx) = watch::channel(false);
        let handle = tokio::spawn(sender_loop(owned, stop_rx));
        if let Ok(mut running) = self.running.lock() {
            *running = Some((stop_tx, handle));
        }
        tracing::info!(smtp = state.mail.smtp_url.is_some(), "mail sender started");
    }

    async fn on_shutdown(&self, _rocket: &Rocket<Orbit>) {
        let running = self.running.lock().ok().and_then(|mut r| r.take());
        if let Some((stop, handle)) = running {
            let _ = stop.send(true);
            if tokio::time::timeout(Duration::from_secs(30), handle)
                .await
                .is_err()
            {
                tracing::warn!("mail sender did not stop in time");
            }
        }
    }
}

async fn sender_loop(state: crate::AppState, mut stop: watch::Receiver<bool>) {
    let (db, mailer) = (&state.db, &state.mail);
    let mut next_reminders = tokio::time::Instant::now();
    loop {
        if *stop.borrow() {
            break;
        }
        // Session reminders fall due by the clock, not by a change: queue them
        // here, then send them with everything else.
        if tokio::time::Instant::now() >= next_reminders {
            crate::service::mentoring::reminders::queue_due_reminders(&state).await;
            next_reminders = tokio::time::Instant::now() + mailer.reminder_interval;
        }
        // Offers lapse by the clock too: each pass expires the overdue ones and
        // offers their places to the next waitlisted (within one poll interval).
        crate::service::selection::expire_due_offers(&state).await;
        if let Err(e) = run_until(db, mailer, Some(&stop)).await {
            tracing::error!(error = %e, "mail sender: the database failed");
        }
        tokio::select! {
            changed = stop.changed() => {
                if changed.is_err() {
                    break;
                }
            }
            _ = mailer.wake.notified() => {
                // The notice's transaction may still be committing.
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            _ = tokio::time::sleep(mailer.poll_interval) => {}
        }
    }
    tracing::info!("mail sender stopped");
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
