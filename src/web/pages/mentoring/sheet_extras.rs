//! The attendance sheet's extras in the reader's words: the preset leave
//! reasons to tap (the rule is `domain::attendance::leave`), the history of
//! changes with their source, and the mentor's list of past sessions with
//! records still missing (to catch up).
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::domain::attendance::AttendanceStatus;
use crate::domain::attendance::leave::{self, LeaveReason};
use crate::error::AppResult;
use crate::service::mentoring::attendance::Sheet;
use crate::service::mentoring::{self as mentoring, require_roster_approved};
use crate::service::notify_mentoring::session_when;
use crate::web::i18n::{Locale, strings};

fn text(locale: Locale, key: &str) -> &'static str {
    strings(locale).get(key).copied().unwrap_or_default()
}

/// The reasons as the sheet shows them.
pub fn reasons(locale: Locale) -> Vec<Value> {
    LeaveReason::ALL
        .iter()
        .map(|r| json!({"value": r.as_str(), "label": text(locale, r.key())}))
        .collect()
}

/// The note stored for a row, with the tapped reason in the mentor's words.
pub fn note_with_reason(
    reason: Option<LeaveReason>,
    typed: Option<&str>,
    locale: Locale,
) -> Option<String> {
    leave::note(reason.map(|r| text(locale, r.key())), typed)
}

fn status_label(status: Option<&str>, locale: Locale) -> String {
    match status.and_then(|s| AttendanceStatus::parse(s).ok()) {
        Some(s) => s.label(locale),
        None => text(locale, "ck_not_recorded").to_string(),
    }
}

/// The source's words: the participant's own check-in or staff.
pub fn source_label(source: &str, locale: Locale) -> &'static str {
    if source == "self" {
        text(locale, "ck_source_self")
    } else {
        text(locale, "ck_source_mentor")
    }
}

/// The sheet's changes, newest first, in words.
pub fn history(sheet: &Sheet, locale: Locale) -> Vec<Value> {
    sheet
        .history
        .iter()
        .rev()
        .map(|c| {
            let name = sheet
                .records
                .iter()
                .find(|l| l.participant_id == c.participant_id)
                .map(|l| l.name.as_str())
                .unwrap_or_default();
            json!({
                "name": name,
                "before": status_label(c.before_status.as_deref(), locale),
                "after": status_label(Some(&c.after_status), locale),
                "note": c.after_note,
                "source": c.source,
                "source_label": source_label(&c.source, locale),
                "by": c.changed_by.get("name"),
                "at": crate::i18n::fmt::datetime(locale, c.changed_at),
            })
        })
        .collect()
}

/// Most sessions the "to be recorded" list shows.
const CATCH_UP_MAX: usize = 20;

/// The sessions of the mentor's cohorts that have started (not cancelled, the
/// roster approved) where some participant has no record yet, newest first.
pub async fn catch_up<C: sea_orm::ConnectionTrait>(
    db: &C,
    user_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> AppResult<Vec<Value>> {
    let mut out = vec![];
    for cm in mentoring::mentors::cohorts_of(db, user_id).await? {
        let c = crate::service::cohorts::get(db, cm.cohort_id).await?;
        if require_roster_approved(&c).is_err() {
            continue;
        }
        let people = mentoring::participants(db, c.id).await?.len();
        let started: Vec<_> = mentoring::sessions::rows(db, c.id)
            .await?
            .into_iter()
            .filter(|s| s.cancelled_at.is_none() && s.starts_at <= now)
            .collect();
        let ids: Vec<i64> = started.iter().map(|s| s.id).collect();
        let records = mentoring::attendance::of_cohort(db, &ids).await?;
        for s in started {
            let recorded = records.keys().filter(|(sid, _)| *sid == s.id).count();
            let missing = people.saturating_sub(recorded);
            if missing == 0 {
                continue;
            }
            let missing_text = text(locale, "ck_missing").replace("{count}", &missing.to_string());
            out.push((
                s.starts_at,
                json!({"id": s.id, "title": s.title, "when": session_when(locale, &s),
                       "cohort_name": c.name, "missing": missing, "missing_text": missing_text}),
            ));
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.0));
    Ok(out.into_iter().take(CATCH_UP_MAX).map(|(_, v)| v).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tapped_reason_and_a_typed_one_make_the_note() {
        let zh = Locale::Zh;
        let cases = [
            (Some("sick"), None, Some("病假")),
            (Some("work"), Some("  "), Some("单位任务")),
            (Some("personal"), Some("孩子发烧"), Some("事假 · 孩子发烧")),
            (Some("sick"), Some("病假，发烧"), Some("病假，发烧")),
            (None, Some(" 迟到原因：堵车 "), Some("迟到原因：堵车")),
            (Some("holiday"), Some("探亲"), Some("探亲")),
            (Some("holiday"), None, None),
            (None, None, None),
        ];
        for (reason, typed, want) in cases {
            assert_eq!(
                note_with_reason(reason.and_then(LeaveReason::parse), typed, zh).as_deref(),
                want,
                "{reason:?} {typed:?}"
            );
        }
        assert_eq!(
            note_with_reason(Some(LeaveReason::Sick), None, Locale::En).as_deref(),
            Some("Sick leave")
        );
    }
}
