//! The notices each change causes, queued in that change's transaction.
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::AppState;
use crate::entity::{application, cohort};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::i18n::fmt;
use crate::mail::outbox::{NewNotice, Prepared, enqueue, prepare};
use crate::service::workshops::Workshop;

pub fn locale_of(app: &application::Model) -> Locale {
    Locale::parse(&app.locale).unwrap_or(Locale::Zh)
}

/// A notice about cohort `c` to the person behind an application, in the
/// language they applied in: every notice to an applicant or participant
/// after their application exists is built here.
pub fn participant_notice(
    app: &application::Model,
    c: &cohort::Model,
    kind: &'static str,
    dedupe_key: String,
    context: Value,
) -> NewNotice {
    NewNotice {
        cohort_id: Some(c.id),
        recipient: app.email.clone(),
        recipient_name: app.full_name.clone(),
        kind,
        locale: locale_of(app),
        dedupe_key,
        context,
        calendar: None,
    }
}

/// How long a status link in a mail opens the status (at least 30 days).
pub const STATUS_LINK_DAYS: i64 = 60;

/// The applicant's status link, the one way every mail and page builds it:
/// with the token shown at submission, or else (`None`) a freshly signed
/// token valid for [`STATUS_LINK_DAYS`], so the link opens the status
/// directly and never the look-up form.
pub fn status_url(state: &AppState, reference: &str, token: Option<&str>) -> String {
    let base = state.settings.public_url.trim_end_matches('/');
    let signed;
    let token = match token {
        Some(t) => t,
        None => {
            let expires =
                (chrono::Utc::now() + chrono::Duration::days(STATUS_LINK_DAYS)).timestamp();
            signed = state.keys.sign_status_link(reference, expires);
            &signed
        }
    };
    format!("{base}{}", status_path(reference, token))
}

use crate::links::status_path;

/// The receipt for a new application, rendered before its transaction opens;
/// `reference` may be a placeholder filled in once the row exists.
pub struct Receipt<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub locale: Locale,
    pub reference: &'a str,
    pub basis_text: &'a str,
    pub token: &'a str,
}

pub fn application_received(
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    r: Receipt<'_>,
) -> AppResult<Prepared> {
    prepare(
        &state.mail,
        NewNotice {
            cohort_id: Some(c.id),
            recipient: r.email.to_string(),
            recipient_name: r.name.to_string(),
            kind: "application_received",
            locale: r.locale,
            dedupe_key: format!("received:{}", r.reference),
            context: json!({
                "name": r.name,
                "reference": r.reference,
                "workshop_title": w.model.title,
                "cohort_name": c.name,
                "basis_text": r.basis_text,
                "starts_on": fmt::date(r.locale, c.starts_on),
                "venue": c.venue,
                "status_url": status_url(state, r.reference, Some(r.token)),
            }),
            calendar: None,
        },
    )
}

/// `key` makes each decision its own notice (a re-decision notifies again).
pub async fn decision<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
    key: &str,
) -> AppResult<()> {
    let context = json!({
        "name": app.full_name,
        "reference": app.reference,
        "workshop_title": w.model.title,
        "cohort_name": c.name,
        "decision": app.status,
        "note": app.decision_note.clone().unwrap_or_default(),
        "waitlist_position": app.waitlist_position,
        // The mail says the class is full only when it is.
        "full": c.admitted_count >= c.capacity,
        "status_url": status_url(state, &app.reference, None),
    });
    let key = format!("decision:{}:{key}", app.id);
    let notice = participant_notice(app, c, "decision", key, context);
    enqueue(conn, &state.mail, notice).await
}

/// The values of a mail about one application, with its status link.
fn application_values(
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
) -> Value {
    json!({
        "name": app.full_name,
        "reference": app.reference,
        "workshop_title": w.model.title,
        "cohort_name": c.name,
        "status_url": status_url(state, &app.reference, None),
    })
}

/// Fresh status links asked for with the ID and mobile number; `nonce`
/// makes each request its own notice.
pub async fn status_link<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    (w, c): (&Workshop, &cohort::Model),
    app: &application::Model,
    nonce: i64,
) -> AppResult<()> {
    let mut context = application_values(state, w, c, app);
    context["valid_days"] = json!(STATUS_LINK_DAYS);
    let key = format!("status_link:{}:{nonce}", app.id);
    let notice = participant_notice(app, c, "status_link", key, context);
    enqueue(conn, &state.mail, notice).await
}

/// A place offered from the waitlist, with the deadline to accept it.
pub async fn promoted<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
) -> AppResult<()> {
    let offer_expires = app
        .offer_expires_at
        .map(|t| fmt::datetime(locale_of(app), t))
        .unwrap_or_default();
    let mut context = application_values(state, w, c, app);
    context["offer_expires"] = json!(offer_expires);
    let key = format!("promoted:{}:{}", app.id, app.updated_at.timestamp_micros());
    let notice = participant_notice(app, c, "promoted", key, context);
    enqueue(conn, &state.mail, notice).await
}
