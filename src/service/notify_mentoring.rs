//! The notices mentoring causes, queued in the transaction of the change:
//! a session changed or cancelled, a session's reminder, an assessment
//! recorded, a certificate issued. Each has a dedupe key, so a retried
//! operation never queues the same notice twice.
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::AppState;
use crate::domain::certificate::display_code;
use crate::entity::{application, assessment, certificate, cohort, cohort_session};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::i18n::fmt;
use crate::mail::outbox::{enqueue, enqueue_new};
use crate::service::notify::{locale_of, participant_notice};

/// "1 Dec 2026 09:00–12:00" (or the Chinese date), in Beijing time.
pub fn session_when(locale: Locale, s: &cohort_session::Model) -> String {
    let end = s.ends_at.with_timezone(&crate::domain::beijing());
    format!(
        "{}–{}",
        fmt::datetime(locale, s.starts_at),
        end.format("%H:%M")
    )
}

fn session_values(
    app: &application::Model,
    c: &cohort::Model,
    s: &cohort_session::Model,
    locale: Locale,
) -> serde_json::Value {
    json!({
        "name": app.full_name,
        "cohort_name": c.name,
        "title": s.title,
        "when": session_when(locale, s),
        "venue": s.venue,
    })
}

/// What happened to a session, as participants are told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionChange {
    /// Scheduled after the roster was approved.
    Added,
    /// Its title, time or venue changed.
    Changed,
    Cancelled,
}

/// Tells each participant that a session was added, moved or cancelled,
/// with the session's updated calendar entry attached. `version` tells one
/// change from the next (the session's update time).
pub async fn session_changed<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    c: &cohort::Model,
    s: &cohort_session::Model,
    participants: &[application::Model],
    change: SessionChange,
    version: i64,
) -> AppResult<()> {
    let calendar = crate::service::calendar::session_calendar(conn, state, c, s).await?;
    for app in participants {
        let locale = locale_of(app);
        let mut values = session_values(app, c, s, locale);
        values["cancelled"] = json!(change == SessionChange::Cancelled);
        let (kind, key) = match change {
            SessionChange::Added => (
                "session_added",
                format!("session_added:{}:{}", s.id, app.id),
            ),
            SessionChange::Changed => (
                "session_changed",
                format!("session_changed:{}:{}:{version}", s.id, app.id),
            ),
            SessionChange::Cancelled => (
                "session_changed",
                format!("session_cancelled:{}:{}", s.id, app.id),
            ),
        };
        let mut notice = participant_notice(app, c, kind, key, values);
        notice.calendar = Some(calendar.clone());
        enqueue(conn, &state.mail, notice).await?;
    }
    Ok(())
}

/// The reminder before a session, once per participant and start time.
/// Returns how many were newly queued.
pub async fn session_reminder<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    c: &cohort::Model,
    s: &cohort_session::Model,
    participants: &[application::Model],
) -> AppResult<usize> {
    let mut queued = 0;
    for app in participants {
        let values = session_values(app, c, s, locale_of(app));
        let key = format!("reminder:{}:{}:{}", s.id, app.id, s.starts_at.timestamp());
        let notice = participant_notice(app, c, "session_reminder", key, values);
        let fresh = enqueue_new(conn, &state.mail, notice).await?;
        queued += usize::from(fresh);
    }
    Ok(queued)
}

pub async fn assessment_recorded<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    c: &cohort::Model,
    app: &application::Model,
    a: &assessment::Model,
) -> AppResult<()> {
    let context = json!({
        "name": app.full_name,
        "cohort_name": c.name,
        "total": a.total,
        "max": a.max_total,
        "passed": a.passed,
        "comment": a.comment,
    });
    let key = format!("assessment:{}", a.id);
    let notice = participant_notice(app, c, "assessment_recorded", key, context);
    enqueue(conn, &state.mail, notice).await
}

/// The public address of a certificate's verification page.
pub fn verify_url(state: &AppState, code: &str) -> String {
    format!(
        "{}/verify/{code}",
        state.settings.public_url.trim_end_matches('/')
    )
}

pub async fn certificate_issued<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    c: &cohort::Model,
    app: &application::Model,
    cert: &certificate::Model,
) -> AppResult<()> {
    let context = json!({
        "name": app.full_name,
        "workshop_title": cert.workshop_title,
        "cohort_name": cert.cohort_name,
        "code": display_code(&cert.code),
        "verify_url": verify_url(state, &cert.code),
    });
    let key = format!("certificate:{}", cert.participant_id);
    let notice = participant_notice(app, c, "certificate_issued", key, context);
    enqueue(conn, &state.mail, notice).await
}
