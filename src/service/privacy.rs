//! Purging personal data a set time after a cohort ends (PIPL: keep it no
//! longer than needed). Rows stay for the statistics; names, IDs and contacts go.
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, QueryFilter, Set,
};
use serde_json::json;

use crate::domain::beijing_date;
use crate::domain::cohort::CohortStatus;
use crate::domain::mask::mask_name;
use crate::entity::{
    application, assessment, attendance, attendance_change, audit_log, certificate, cohort,
    cohort_session, login_failure, mentor_assignment, notice,
};
use crate::error::AppResult;
use crate::service::audit;

pub const PURGED_NAME: &str = "（已清除）";

/// Whether a cohort's personal data is due for purging (pure).
pub fn due_for_purge(
    status: CohortStatus,
    ends_on: chrono::NaiveDate,
    purged: bool,
    today: chrono::NaiveDate,
    days: u32,
) -> bool {
    let finished = matches!(status, CohortStatus::Completed | CohortStatus::Cancelled);
    !purged && finished && ends_on + Duration::days(i64::from(days)) < today
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub cohorts: usize,
    pub applications: usize,
    pub notices: usize,
    /// Files of the mail folder (`.eml`, and the envelope beside one) removed.
    pub mail_files: usize,
}

/// Keys of an audit record's detail whose values are free text or contact
/// details (at any depth): a purge replaces them.
const PERSONAL_KEYS: &[&str] = &[
    "note",
    "notes",
    "internal_note",
    "decision_note",
    "before_note",
    "after_note",
    "comment",
    "reason",
    "decline_reason",
    "body",
    "subject",
    "name",
    "full_name",
    "holder_name",
    "email",
    "recipient",
    "phone",
    "employer",
    "text",
];

/// An audit detail with its personal values replaced (pure): with
/// `free_text`, the values of [`PERSONAL_KEYS`] at any depth; always, any
/// string holding one of `literals` (names, addresses, numbers of the purged).
pub fn scrub_detail(
    detail: &serde_json::Value,
    free_text: bool,
    literals: &[String],
) -> serde_json::Value {
    use serde_json::Value;
    fn walk(v: &Value, personal: bool, free_text: bool, literals: &[String]) -> Value {
        match v {
            Value::String(_) if personal => Value::String(PURGED_NAME.into()),
            Value::String(s) if literals.iter().any(|l| s.contains(l.as_str())) => {
                Value::String(PURGED_NAME.into())
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|x| walk(x, personal, free_text, literals))
                    .collect(),
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, x)| {
                        let p = personal || (free_text && PERSONAL_KEYS.contains(&k.as_str()));
                        (k.clone(), walk(x, p, free_text, literals))
                    })
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    walk(detail, false, free_text, literals)
}

/// Anonymizes the personal data of every cohort that ended more than `days`
/// days before `now` (Beijing date): applications (names, IDs, contacts,
/// notes, status tokens), notices (recipients, subjects, bodies, calendar,
/// unsubscribe links, dedupe keys that name an address) and the mail folder's
/// files of those notices, certificate holders (masked; the signed
/// credential only ever held the masked name and a salted hash), attendance
/// notes and their history, assessment comments, pairing reasons, and audit
/// details. Each cohort in one transaction; on SQLite the file is then
/// rewritten (`VACUUM`, WAL truncated) so no old page keeps what was removed.
pub async fn purge(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    days: u32,
    mail_dir: &Path,
) -> AppResult<PurgeReport> {
    let today = beijing_date(now);
    let mut report = PurgeReport::default();
    for c in cohort::Entity::find()
        .filter(cohort::Column::PurgedAt.is_null())
        .all(db)
        .await?
    {
        let Some(status) = CohortStatus::parse(&c.status) else {
            continue;
        };
        if !due_for_purge(status, c.ends_on, false, today, days) {
            continue;
        }
        let txn = crate::db::begin_write(db).await?;
        let (applications, notices, message_ids) = purge_cohort(&txn, &c, now, days).await?;
        txn.commit().await?;
        report.applications += applications;
        report.notices += notices;
        report.mail_files += remove_mail_files(mail_dir, &message_ids).await;
        report.cohorts += 1;
    }
    if report.cohorts > 0 && db.get_database_backend() == DatabaseBackend::Sqlite {
        // Updated rows leave their old bytes in free space and in the WAL.
        db.execute_unprepared("VACUUM").await?;
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
            .await?;
    }
    Ok(report)
}

type Purged = (usize, usize, Vec<String>);

/// One cohort's rows: returns the applications and notices anonymized and
/// the Message-IDs of its notices.
async fn purge_cohort<C: ConnectionTrait>(
    db: &C,
    c: &cohort::Model,
    now: DateTime<Utc>,
    days: u32,
) -> AppResult<Purged> {
    let apps = application::Entity::find()
        .filter(application::Column::CohortId.eq(c.id))
        .all(db)
        .await?;
    let mut literals: Vec<String> = vec![];
    for a in &apps {
        for l in [&a.full_name, &a.email, &a.phone] {
            let l = l.trim();
            // A one-character name would match too much of any text.
            if l.chars().count() >= 2 && l != PURGED_NAME && !literals.iter().any(|x| x == l) {
                literals.push(l.to_string());
            }
        }
    }
    let app_ids: Vec<i64> = apps.iter().map(|a| a.id).collect();
    let emails: Vec<String> = apps.iter().map(|a| a.email.clone()).collect();
    let applications = apps.len();
    // The guidance log and its photos show the person and their work.
    crate::entity::guidance_photo::Entity::delete_many()
        .filter(crate::entity::guidance_photo::Column::CohortId.eq(c.id))
        .exec(db)
        .await?;
    crate::entity::guidance_entry::Entity::delete_many()
        .filter(crate::entity::guidance_entry::Column::CohortId.eq(c.id))
        .exec(db)
        .await?;
    for a in apps {
        let id = a.id;
        let mut m: application::ActiveModel = a.into();
        m.full_name = Set(PURGED_NAME.into());
        m.national_id_enc = Set(String::new());
        m.national_id_hmac = Set(format!("purged:{id}"));
        m.national_id_masked = Set("*".repeat(18));
        m.phone = Set(String::new());
        m.email = Set(format!("purged-{id}@invalid"));
        m.employer = Set(String::new());
        m.certificate = Set(None);
        m.started_trade_on = Set(None);
        m.decision_note = Set(None);
        m.internal_note = Set(None);
        m.decline_reason = Set(None);
        // Old status links stop working.
        m.status_token_hash = Set(format!("purged:{}", crate::crypto::random_token()));
        m.updated_at = Set(now);
        m.update(db).await?;
    }
    // The cohort's notices, and those without a cohort sent to its people
    // (status links recovered).
    let which = Condition::any().add(notice::Column::CohortId.eq(c.id)).add(
        Condition::all()
            .add(notice::Column::CohortId.is_null())
            .add(notice::Column::Recipient.is_in(emails.clone())),
    );
    let emails_for_keys = emails.clone();
    let message_ids: Vec<String> = notice::Entity::find()
        .filter(which.clone())
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.message_id)
        .collect();
    let n = notice::Entity::update_many()
        .col_expr(notice::Column::Recipient, Expr::value("purged@invalid"))
        .col_expr(notice::Column::RecipientName, Expr::value(PURGED_NAME))
        .col_expr(notice::Column::Subject, Expr::value(PURGED_NAME))
        .col_expr(notice::Column::BodyText, Expr::value(""))
        .col_expr(notice::Column::BodyHtml, Expr::value(""))
        .col_expr(
            notice::Column::Calendar,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            notice::Column::ListUnsubscribe,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            notice::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(notice::Column::DedupeKey, Expr::cust("'purged:' || id"))
        .filter(which)
        .exec(db)
        .await?;
    let notices = n.rows_affected as usize;
    // Throttle counters keyed by their addresses (receipts at most a few an hour).
    let keys: Vec<String> = emails_for_keys
        .iter()
        .map(|e| format!("receipt:{}", e.trim().to_lowercase()))
        .collect();
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Key.is_in(keys))
        .exec(db)
        .await?;
    let sessions: Vec<i64> = cohort_session::Entity::find()
        .filter(cohort_session::Column::CohortId.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    attendance::Entity::update_many()
        .col_expr(
            attendance::Column::Note,
            Expr::value(Option::<String>::None),
        )
        .filter(attendance::Column::SessionId.is_in(sessions.clone()))
        .exec(db)
        .await?;
    attendance_change::Entity::update_many()
        .col_expr(
            attendance_change::Column::BeforeNote,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            attendance_change::Column::AfterNote,
            Expr::value(Option::<String>::None),
        )
        .filter(attendance_change::Column::SessionId.is_in(sessions.clone()))
        .exec(db)
        .await?;
    assessment::Entity::update_many()
        .col_expr(assessment::Column::Comment, Expr::value(""))
        .filter(assessment::Column::CohortId.eq(c.id))
        .exec(db)
        .await?;
    mentor_assignment::Entity::update_many()
        .col_expr(mentor_assignment::Column::Reason, Expr::value(PURGED_NAME))
        .col_expr(mentor_assignment::Column::ReasonEn, Expr::value("(purged)"))
        .filter(mentor_assignment::Column::CohortId.eq(c.id))
        .exec(db)
        .await?;
    for cert in certificate::Entity::find()
        .filter(certificate::Column::CohortId.eq(c.id))
        .all(db)
        .await?
    {
        let masked = mask_name(&cert.holder_name);
        let reason = cert
            .revoked_reason
            .as_ref()
            .map(|_| PURGED_NAME.to_string());
        let mut m: certificate::ActiveModel = cert.into();
        m.holder_name = Set(masked);
        m.revoked_reason = Set(reason);
        m.update(db).await?;
    }
    // Audit details: those about the cohort, its sessions and its people lose
    // their free text; any other that names one of them loses that value.
    let app_keys: Vec<String> = app_ids.iter().map(i64::to_string).collect();
    let session_keys: Vec<String> = sessions.iter().map(i64::to_string).collect();
    for row in audit_log::Entity::find().all(db).await? {
        let about_cohort = match row.subject_type.as_str() {
            "cohort" => row.subject_id == c.id.to_string(),
            "application" | "participant" => app_keys.contains(&row.subject_id),
            "session" => session_keys.contains(&row.subject_id),
            _ => false,
        };
        let names_one = literals.iter().any(|l| row.detail.contains(l.as_str()));
        if !about_cohort && !names_one {
            continue;
        }
        let detail = match serde_json::from_str::<serde_json::Value>(&row.detail) {
            // Records of another subject keep all but the values naming someone.
            Ok(v) => scrub_detail(&v, about_cohort, &literals),
            Err(_) => serde_json::Value::String(PURGED_NAME.into()),
        };
        let mut m: audit_log::ActiveModel = row.into();
        m.detail = Set(detail.to_string());
        m.update(db).await?;
    }
    let cohort_id = c.id;
    let mut m: cohort::ActiveModel = c.clone().into();
    m.purged_at = Set(Some(now));
    m.update(db).await?;
    super::cohorts::forget_cached();
    audit::record(
        db,
        None,
        "cohort.purge",
        "cohort",
        cohort_id,
        json!({"days": days, "applications": applications, "notices": notices}),
    )
    .await?;
    Ok((applications, notices, message_ids))
}

/// Removes the mail folder's files of purged notices: each `.eml` holding
/// one of their `message_ids`, with the envelope
/// file lettre may write beside it. Returns how many files went; a file that
/// cannot be read or removed is logged and left (the purge of rows stands).
async fn remove_mail_files(dir: &Path, message_ids: &[String]) -> usize {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else {
        return 0;
    };
    let needles: Vec<&str> = message_ids
        .iter()
        .map(|m| m.trim_matches(['<', '>']))
        .filter(|n| !n.is_empty())
        .collect();
    let mut removed = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("eml") {
            continue;
        }
        let Ok(bytes) = tokio::fs::read(&path).await else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        if !needles.iter().any(|n| text.contains(n)) {
            continue;
        }
        match tokio::fs::remove_file(&path).await {
            Ok(()) => removed += 1,
            Err(e) => {
                tracing::warn!(file = %path.display(), error = %e, "purge: a mail file stays")
            }
        }
        let envelope = path.with_extension("json");
        if tokio::fs::remove_file(&envelope).await.is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn audit_details_lose_free_text_and_any_value_naming_the_purged() {
        let lit = vec!["张焊工".to_string(), "zhang@example.com".to_string()];
        let cases = [
            (
                json!({"from": "submitted", "to": "admitted", "note": "电话139****5678", "internal_note": null}),
                true,
                json!({"from": "submitted", "to": "admitted", "note": PURGED_NAME, "internal_note": null}),
            ),
            (
                json!({"records": [{"participant_id": 3, "status": "excused", "note": "病假"}]}),
                true,
                json!({"records": [{"participant_id": 3, "status": "excused", "note": PURGED_NAME}]}),
            ),
            (
                json!({"to": "zhang@example.com", "count": 2, "note": "kept"}),
                false,
                json!({"to": PURGED_NAME, "count": 2, "note": "kept"}),
            ),
            (
                json!({"message": "张焊工 迟到", "kind": "x"}),
                false,
                json!({"message": PURGED_NAME, "kind": "x"}),
            ),
            (json!({"days": 30}), true, json!({"days": 30})),
            (json!("张焊工"), false, json!(PURGED_NAME)),
        ];
        for (detail, free_text, want) in cases {
            assert_eq!(scrub_detail(&detail, free_text, &lit), want, "{detail}");
        }
    }

    #[test]
    fn only_finished_cohorts_past_the_retention_period_are_purged() {
        let ends = d(2026, 1, 31);
        let cases = [
            // 31 January + 30 days is 2 March: "more than 30 days" starts on 3 March.
            (CohortStatus::Completed, false, d(2026, 3, 2), 30, false),
            (CohortStatus::Completed, false, d(2026, 3, 1), 30, false),
            (CohortStatus::Completed, false, d(2026, 2, 28), 30, false),
            (CohortStatus::Completed, false, d(2026, 3, 3), 30, true),
            (CohortStatus::Cancelled, false, d(2026, 3, 3), 30, true),
            (CohortStatus::Running, false, d(2027, 3, 3), 30, false),
            (CohortStatus::Approved, false, d(2027, 3, 3), 30, false),
            (CohortStatus::Completed, true, d(2027, 3, 3), 30, false),
        ];
        for (status, purged, today, days, want) in cases {
            assert_eq!(
                due_for_purge(status, ends, purged, today, days),
                want,
                "{status:?} {today} purged={purged}"
            );
        }
    }
}
