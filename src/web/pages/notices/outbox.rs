//! The organizer's outbox, read as a list of what happened: filters by kind
//! and status, what goes out next, and a preview of one notice as its
//! recipient reads it. Kinds and statuses are shown in words.
use rocket::{State, get, routes};
use rocket_dyn_templates::Template;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::AppState;
use crate::entity::{cohort, notice};
use crate::error::{AppError, AppResult};
use crate::i18n::fmt;
use crate::mail::outbox::{FAILED, QUEUED, SENDING, SENT};
use crate::mail::{KINDS, mask_email};
use crate::web::auth::Organizer;
use crate::web::csrf::CsrfToken;
use crate::web::i18n::Locale;
use crate::web::page::base_context;

/// How many notices "next to go" lists.
const NEXT: usize = 5;

/// A notice kind in words (`mail_kind_<kind>` in labels.ftl); a kind the
/// catalog does not know shows its code.
pub fn kind_label(kind: &str, locale: Locale) -> String {
    crate::i18n::catalog::lookup(locale, &format!("mail_kind_{kind}"), &[])
        .unwrap_or_else(|| kind.to_string())
}

/// A notice's state in words (`mail_status_<state>`); an unknown state shows
/// as stored.
pub fn status_label(status: &str, locale: Locale) -> String {
    match status {
        QUEUED | SENDING | SENT | FAILED => {
            crate::i18n::catalog::lookup(locale, &format!("mail_status_{status}"), &[])
                .unwrap_or_else(|| status.to_string())
        }
        other => other.to_string(),
    }
}

/// What the outbox shows: a kind and a status, each optional. Values that
/// are not a known kind or status show everything.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Filter {
    pub kind: Option<String>,
    pub status: Option<String>,
}

impl Filter {
    pub fn parse(kind: Option<&str>, status: Option<&str>) -> Filter {
        let kind = kind
            .map(str::trim)
            .filter(|k| KINDS.contains(k))
            .map(String::from);
        let status = status
            .map(str::trim)
            .filter(|s| [QUEUED, SENDING, SENT, FAILED].contains(s))
            .map(String::from);
        Filter { kind, status }
    }

    fn keeps(&self, n: &notice::Model) -> bool {
        self.kind.as_ref().is_none_or(|k| *k == n.kind)
            && self.status.as_ref().is_none_or(|s| *s == n.status)
    }
}

/// One line of the outbox.
pub fn row(locale: Locale, n: &notice::Model) -> Value {
    json!({
        "id": n.id,
        "recipient": mask_email(&n.recipient),
        "recipient_name": n.recipient_name,
        "kind": n.kind,
        "kind_label": kind_label(&n.kind, locale),
        "subject": n.subject,
        "status": n.status,
        "status_label": status_label(&n.status, locale),
        "attempts": n.attempts,
        "last_error": n.last_error,
        "created_at": fmt::datetime(locale, n.created_at),
        "sent_at": n.sent_at.map(|t| fmt::datetime(locale, t)),
        "next_attempt_at": fmt::datetime(locale, n.next_attempt_at),
        "calendar": n.calendar.is_some(),
    })
}

/// The filtered lines, what goes out next, and the filter's choices.
pub fn view(locale: Locale, rows: &[notice::Model], filter: &Filter) -> Value {
    let shown: Vec<Value> = rows
        .iter()
        .filter(|n| filter.keeps(n))
        .map(|n| row(locale, n))
        .collect();
    let mut waiting: Vec<&notice::Model> = rows
        .iter()
        .filter(|n| n.status == QUEUED || n.status == SENDING)
        .collect();
    waiting.sort_by_key(|n| (n.next_attempt_at, n.id));
    let next: Vec<Value> = waiting.iter().take(NEXT).map(|n| row(locale, n)).collect();
    let mut kinds: Vec<&str> = rows.iter().map(|n| n.kind.as_str()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let kind_options: Vec<Value> = KINDS
        .iter()
        .filter(|k| kinds.contains(k))
        .map(|k| json!({"code": k, "label": kind_label(k, locale), "selected": filter.kind.as_deref() == Some(*k)}))
        .collect();
    let status_options: Vec<Value> = [QUEUED, SENDING, SENT, FAILED]
        .iter()
        .map(|s| json!({"code": s, "label": status_label(s, locale), "selected": filter.status.as_deref() == Some(*s)}))
        .collect();
    json!({
        "notices": shown,
        "next": next,
        "waiting": waiting.len(),
        "kind_options": kind_options,
        "status_options": status_options,
        "filtered": filter != &Filter::default(),
    })
}

/// A notice as its recipient reads it: subject, the text part, whether a
/// calendar is attached, and when it went or goes out.
#[get("/notices/<id>/preview")]
pub async fn preview(
    state: &State<AppState>,
    locale: Locale,
    org: Organizer,
    csrf: CsrfToken,
    id: i64,
) -> AppResult<Template> {
    let n = notice::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = match n.cohort_id {
        Some(cid) => cohort::Entity::find_by_id(cid).one(&state.db).await?,
        None => None,
    };
    let events = n
        .calendar
        .as_deref()
        .map(|ics| ics.matches("BEGIN:VEVENT").count())
        .unwrap_or(0);
    let mut shown = row(locale, &n);
    shown["text"] = if crate::mail::PRIVATE_KINDS.contains(&n.kind.as_str()) {
        // A sign-in link is for its recipient alone, not for the staff.
        json!(crate::web::i18n::strings(locale).get("private_notice_text"))
    } else {
        json!(n.body_text)
    };
    shown["lang_label"] = json!(if n.locale == "en" {
        "English"
    } else {
        "中文"
    });
    shown["events"] = json!(events);
    let ctx = base_context(locale, Some(&org.0))
        .with("csrf", csrf.0)
        .with("current_path", crate::web::paths::notice_preview(id))
        .with("notice", shown)
        .with(
            "cohort",
            c.map(|c| json!({"id": c.id, "name": c.name}))
                .unwrap_or(Value::Null),
        );
    Ok(Template::render("notices/preview", ctx.into_json()))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![preview]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_state_has_words_in_both_languages() {
        for locale in Locale::ALL {
            for kind in KINDS {
                let label = kind_label(kind, locale);
                assert_ne!(label, *kind, "{kind} has no words in {locale:?}");
            }
            for status in [QUEUED, SENDING, SENT, FAILED] {
                let key = format!("mail_status_{status}");
                assert!(
                    crate::i18n::catalog::lookup(locale, &key, &[]).is_some(),
                    "{key}"
                );
            }
        }
        assert_eq!(kind_label("decision", Locale::Zh), "审核结果");
        assert_eq!(status_label("failed", Locale::En), "failed");
        assert_eq!(kind_label("no_such_kind", Locale::En), "no_such_kind");
    }

    #[test]
    fn filters_accept_only_known_kinds_and_statuses() {
        let f = Filter::parse(Some("cohort_approved"), Some("failed"));
        assert_eq!(f.kind.as_deref(), Some("cohort_approved"));
        assert_eq!(f.status.as_deref(), Some("failed"));
        assert_eq!(
            Filter::parse(Some("<script>"), Some("lost")),
            Filter::default()
        );
        assert_eq!(
            Filter::parse(None, Some(" sent ")).status.as_deref(),
            Some("sent")
        );
    }

    #[test]
    fn every_kind_has_words_in_both_languages() {
        for k in KINDS {
            assert_ne!(kind_label(k, Locale::Zh), *k, "{k}");
            assert_ne!(kind_label(k, Locale::En), *k, "{k}");
        }
    }
}
