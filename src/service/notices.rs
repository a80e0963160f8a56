//! Announcements to a cohort and its outbox: an organizer's notice to the
//! admitted participants (optionally the mentors too), every notice of a
//! cohort with its delivery status, and sending a failed one again. Each
//! change is one write transaction (`db::begin_write`) holding the notices,
//! and the audit record; the API and the pages only parse and answer.
use std::collections::{BTreeMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::ApplicationStatus;
use crate::entity::{application, cohort, cohort_mentor, notice, user, workshop};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Locale;
use crate::mail::outbox::{self, NewNotice};
use crate::service::{audit, unsubscribe};

/// The longest subject, in characters.
pub const SUBJECT_MAX: usize = 200;
/// The longest body, in characters.
pub const BODY_MAX: usize = 10_000;

/// The subject trimmed and the body without trailing blanks or leading blank
/// lines, or every field that is wrong.
pub fn validate(subject: &str, body: &str) -> AppResult<(String, String)> {
    let subject = subject.trim().to_string();
    let body = body.trim_end().trim_start_matches(['\r', '\n']).to_string();
    let mut fields = vec![];
    let n = subject.chars().count();
    if n == 0 {
        fields.push(FieldError::new("subject", Message::of("required")));
    } else if n > SUBJECT_MAX {
        fields.push(FieldError::new(
            "subject",
            Message::of("too_long").arg("subject_max", &SUBJECT_MAX),
        ));
    } else if subject.chars().any(char::is_control) {
        fields.push(FieldError::new("subject", Message::of("one_line")));
    }
    let n = body.chars().count();
    if body.trim().is_empty() {
        fields.push(FieldError::new(
            "body",
            Message::keyed("required", "msg-required-2"),
        ));
    } else if n > BODY_MAX {
        fields.push(FieldError::new(
            "body",
            Message::keyed("too_long", "msg-too_long-2").arg("body_max", &BODY_MAX),
        ));
    }
    if fields.is_empty() {
        Ok((subject, body))
    } else {
        Err(AppError::Validation(fields))
    }
}

/// The cohort and its workshop (if it still has one); 404 for no cohort.
pub async fn cohort_of<C: ConnectionTrait>(
    conn: &C,
    id: i64,
) -> AppResult<(cohort::Model, Option<workshop::Model>)> {
    let Some(c) = cohort::Entity::find_by_id(id).one(conn).await? else {
        return Err(AppError::NotFound);
    };
    let w = workshop::Entity::find_by_id(c.workshop_id)
        .one(conn)
        .await?;
    Ok((c, w))
}

/// A person an announcement goes to.
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub locale: Locale,
    /// A participant's application (their announcements can be unsubscribed).
    pub application_id: Option<i64>,
}

/// The cohort's admitted participants, less those who unsubscribed.
pub async fn participants<C: ConnectionTrait>(
    conn: &C,
    cohort_id: i64,
) -> AppResult<Vec<Recipient>> {
    let rows = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?;
    let opted_out = unsubscribe::opted_out(conn, cohort_id).await?;
    Ok(rows
        .into_iter()
        .filter(|a| !opted_out.contains(&a.id))
        .map(|a| Recipient {
            application_id: Some(a.id),
            locale: Locale::parse(&a.locale).unwrap_or(Locale::Zh),
            email: a.email,
            name: a.full_name,
        })
        .collect())
}

/// The cohort's mentors (active accounts) in the order they were added, in
/// the language of their account.
async fn mentors<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<Vec<Recipient>> {
    let ids: Vec<i64> = cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .order_by_asc(cohort_mentor::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut accounts: BTreeMap<i64, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(ids.clone()))
        .filter(user::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(ids
        .iter()
        .filter_map(|id| accounts.remove(id))
        .map(|u| Recipient {
            locale: Locale::parse(&u.locale).unwrap_or(Locale::Zh),
            email: u.email,
            name: u.name,
            application_id: None,
        })
        .collect())
}

/// Queues the announcement to every recipient (each address once) in one
/// write transaction with its audit record; returns how many notices were
/// queued. A cohort nobody can receive it from queues none (`0`).
pub async fn announce(
    state: &AppState,
    actor: i64,
    cohort_id: i64,
    subject: &str,
    body: &str,
    include_mentors: bool,
) -> AppResult<usize> {
    let (subject, body) = validate(subject, body)?;
    // An ID or a mobile number typed into an announcement is masked before it is kept or mailed.
    let (subject, body) = (
        crate::domain::mask::mask_free_text(&subject),
        crate::domain::mask::mask_free_text(&body),
    );
    let txn = crate::db::begin_write(&state.db).await?;
    let (c, w) = cohort_of(&txn, cohort_id).await?;
    let mut recipients = participants(&txn, c.id).await?;
    if include_mentors {
        recipients.extend(mentors(&txn, c.id).await?);
    }
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let title = w.map(|w| w.title).unwrap_or_default();
    let mut queued = 0;
    let mut seen = HashSet::new();
    for r in recipients {
        let address = r.email.trim().to_ascii_lowercase();
        if address.is_empty() || !seen.insert(address.clone()) {
            continue;
        }
        let unsubscribe = r.application_id.map(|id| unsubscribe::url(state, id));
        let mut prepared = outbox::prepare(
            &state.mail,
            NewNotice {
                cohort_id: Some(c.id),
                recipient: r.email.clone(),
                recipient_name: r.name.clone(),
                kind: "announcement",
                locale: r.locale,
                dedupe_key: format!("announcement:{}:{batch}:{address}", c.id),
                context: json!({
                    "name": r.name,
                    "workshop_title": title,
                    "cohort_name": c.name,
                    "subject": subject,
                    "body": body,
                    "unsubscribe_url": unsubscribe,
                }),
                calendar: None,
            },
        )?;
        if let Some(url) = unsubscribe {
            prepared.set_list_unsubscribe(url);
        }
        let new = outbox::insert_prepared(&txn, &state.mail, prepared).await?;
        queued += usize::from(new);
    }
    audit::record(
        &txn,
        Some(actor),
        "notice.announce",
        "cohort",
        c.id,
        json!({"queued": queued, "include_mentors": include_mentors}),
    )
    .await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(queued)
}

/// Every notice of the cohort, newest first; 404 for no cohort.
pub async fn list<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<Vec<notice::Model>> {
    cohort_of(conn, cohort_id).await?;
    outbox::list_for_cohort(conn, cohort_id).await
}

/// Puts a failed notice back in the queue (404 unknown, 409 `not_failed`),
/// audited, in one write transaction.
pub async fn resend(state: &AppState, actor: i64, id: i64) -> AppResult<notice::Model> {
    let txn = crate::db::begin_write(&state.db).await?;
    let n = outbox::resend(&txn, &state.mail, id).await?;
    audit::record(&txn, Some(actor), "notice.resend", "notice", id, json!({})).await?;
    txn.commit().await?;
    state.mail.wake();
    Ok(n)
}

/// What the organizer's outbox page shows of a cohort.
pub struct Outbox {
    pub cohort: cohort::Model,
    /// The workshop's title (empty when the workshop is gone).
    pub workshop_title: String,
    /// Every notice, newest first.
    pub notices: Vec<notice::Model>,
    /// How many notices are in each status.
    pub counts: BTreeMap<String, usize>,
    /// How many participants an announcement reaches now.
    pub audience: usize,
}

/// The cohort's outbox; 404 for no cohort.
pub async fn outbox<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<Outbox> {
    let (cohort, w) = cohort_of(conn, cohort_id).await?;
    let notices = outbox::list_for_cohort(conn, cohort_id).await?;
    let mut counts = BTreeMap::<String, usize>::new();
    for n in &notices {
        *counts.entry(n.status.clone()).or_default() += 1;
    }
    let audience = participants(conn, cohort_id).await?.len();
    Ok(Outbox {
        cohort,
        workshop_title: w.map(|w| w.title).unwrap_or_default(),
        notices,
        counts,
        audience,
    })
}
