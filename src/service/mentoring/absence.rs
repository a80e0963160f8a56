//! Absence warnings (DESIGN "Absence warnings"): after attendance is written,
//! each participant whose record changed is checked against
//! `domain::absence::absence_triggers`; a trigger that holds queues an
//! `absence_warning` to the participant and to their mentor in the same
//! transaction. The dedupe key (trigger, participant, recipient) makes each
//! trigger go out once, however often or concurrently attendance is saved.
use std::collections::HashMap;

use sea_orm::ConnectionTrait;
use serde_json::json;

use super::{participants, users_by_id};
use crate::domain::absence::{AbsenceTrigger, absence_triggers};
use crate::domain::assessment::CompletionRule;
use crate::domain::attendance::AttendanceStatus;
use crate::entity::{attendance, cohort, cohort_session};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::mail::Mailer;
use crate::mail::outbox::{NewNotice, enqueue_new};
use crate::service::notify::participant_notice;
use crate::service::{audit, workshops};

/// One participant's statuses at the cohort's sessions that are not
/// cancelled, in order of start (`None`: not recorded).
pub fn statuses_of(
    sessions: &[cohort_session::Model],
    records: &HashMap<(i64, i64), attendance::Model>,
    participant_id: i64,
) -> Vec<Option<AttendanceStatus>> {
    sessions
        .iter()
        .filter(|s| s.cancelled_at.is_none())
        .map(|s| {
            records
                .get(&(s.id, participant_id))
                .and_then(|r| AttendanceStatus::parse(&r.status).ok())
        })
        .collect()
}

fn percent(rate: f64) -> i64 {
    // Rates are between 0 and 1; the cast cannot overflow.
    (rate * 100.0).floor() as i64
}

/// The values the `absence_warning` templates need.
fn values(
    statuses: &[Option<AttendanceStatus>],
    rule: &CompletionRule,
    trigger: AbsenceTrigger,
) -> serde_json::Value {
    let count = |want: AttendanceStatus| statuses.iter().filter(|s| **s == Some(want)).count();
    let attended = count(AttendanceStatus::Present) + count(AttendanceStatus::Late);
    let excused = count(AttendanceStatus::Excused);
    let open = statuses.iter().filter(|s| s.is_none()).count();
    let countable = statuses.len().saturating_sub(excused);
    let best = if countable == 0 {
        1.0
    } else {
        (attended + open) as f64 / countable as f64
    };
    json!({
        "trigger": trigger.as_str(),
        "attended": attended,
        "absent": count(AttendanceStatus::Absent),
        "excused": excused,
        "open": open,
        "best_percent": percent(best),
        "threshold_percent": percent(rule.min_attendance_rate),
    })
}

/// Checks the participants in `changed` and queues the warnings now due,
/// with `conn` (the attendance write's transaction). Returns how many
/// notices were newly queued.
pub async fn warn<C: ConnectionTrait>(
    conn: &C,
    mailer: &Mailer,
    c: &cohort::Model,
    changed: &[i64],
) -> AppResult<usize> {
    if changed.is_empty() {
        return Ok(0);
    }
    let rule = workshops::get(conn, c.workshop_id).await?.completion;
    let sessions = super::sessions::rows(conn, c.id).await?;
    let ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let records = super::attendance::of_cohort(conn, &ids).await?;
    let people = participants(conn, c.id).await?;
    let mentor_of = super::pairing::mentor_of_each(conn, c.id).await?;
    let mentors = users_by_id(conn, mentor_of.values().copied()).await?;
    let mut queued = 0;
    for p in people.iter().filter(|p| changed.contains(&p.id)) {
        let statuses = statuses_of(&sessions, &records, p.id);
        for trigger in absence_triggers(&statuses, &rule) {
            let base = values(&statuses, &rule, trigger);
            let key = |to: &str| format!("absence_warning:{}:{}:{to}", trigger.as_str(), p.id);
            let mut own = base.clone();
            own["name"] = json!(p.full_name);
            own["participant_name"] = json!(p.full_name);
            own["cohort_name"] = json!(c.name);
            own["to_mentor"] = json!(false);
            let notice = participant_notice(p, c, "absence_warning", key("participant"), own);
            let fresh = enqueue_new(conn, mailer, notice).await?;
            queued += usize::from(fresh);
            if let Some(m) = mentor_of.get(&p.id).and_then(|id| mentors.get(id)) {
                let mut theirs = base.clone();
                theirs["name"] = json!(m.name);
                theirs["participant_name"] = json!(p.full_name);
                theirs["cohort_name"] = json!(c.name);
                theirs["to_mentor"] = json!(true);
                let notice = NewNotice {
                    cohort_id: Some(c.id),
                    recipient: m.email.clone(),
                    recipient_name: m.name.clone(),
                    kind: "absence_warning",
                    locale: Locale::parse(&m.locale).unwrap_or(Locale::Zh),
                    dedupe_key: key("mentor"),
                    context: theirs,
                    calendar: None,
                };
                queued += usize::from(enqueue_new(conn, mailer, notice).await?);
            }
            if fresh {
                let detail = json!({"trigger": trigger.as_str(), "cohort_id": c.id});
                audit::record(
                    conn,
                    None,
                    "attendance.absence_warning",
                    "application",
                    p.id,
                    detail,
                )
                .await?;
            }
        }
    }
    Ok(queued)
}
