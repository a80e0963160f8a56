//! What anyone sees: the open cohorts (on the home page) and a cohort's page.
use chrono::{DateTime, Utc};
use rocket::{State, get, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::CohortStatus;
use crate::entity::cohort;
use crate::error::{AppError, AppResult};
use crate::i18n::fmt;
use crate::service::accounts::Role;
use crate::service::cohorts;
use crate::service::workshops::{self, Workshop};
use crate::web::auth::{MaybeUser, SessionUser};
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::options::trade_label;
use crate::web::pages::{Answer, PageBase};

/// A cohort as the pages show it: the service's view plus its dates and
/// rules in the reader's words.
pub fn cohort_words(c: &cohort::Model, w: &Workshop, locale: Locale, now: DateTime<Utc>) -> Value {
    let mut v = crate::web::page::as_json(cohorts::view(c, w, now));
    let status = CohortStatus::parse(&c.status);
    let extra = json!({
        "rules_text": w.entry_rules.describe_in(locale),
        "opens_text": fmt::datetime(locale, c.applications_open_at),
        "closes_text": fmt::datetime(locale, c.applications_close_at),
        "starts_text": fmt::date(locale, c.starts_on),
        "ends_text": fmt::date(locale, c.ends_on),
        "status_label": status.map(|s| s.label(locale)).unwrap_or_default(),
        "trade_label": trade_label(&w.model.trade, locale),
        "description": w.model.description,
        "not_yet_open": now < c.applications_open_at,
        "attendance_percent": (w.completion.min_attendance_rate * 100.0).round() as i64,
        "selection_text": crate::service::selection::of(c).describe_in(locale),
    });
    if let (Value::Object(map), Value::Object(more)) = (&mut v, extra) {
        map.extend(more);
    }
    v
}

/// The cohorts open for applications, newest first, as cards.
pub async fn open_cohort_cards(state: &AppState, locale: Locale) -> AppResult<Vec<Value>> {
    let now = Utc::now();
    let mut cards = vec![];
    for c in cohorts::list(&state.db, Some(CohortStatus::Open), false).await? {
        let w = workshops::get(&state.db, c.workshop_id).await?;
        cards.push(cohort_words(&c, &w, locale, now));
    }
    Ok(cards)
}

fn is_organizer(user: &Option<SessionUser>) -> bool {
    user.as_ref().is_some_and(|u| u.role == Role::Organizer)
}

/// A cohort and its workshop; drafts exist only for organizers.
pub async fn visible_cohort(
    state: &AppState,
    id: i64,
    user: &Option<SessionUser>,
) -> AppResult<(cohort::Model, Workshop)> {
    let c = cohorts::get(&state.db, id).await?;
    if c.status == CohortStatus::Draft.as_str() && !is_organizer(user) {
        return Err(AppError::NotFound);
    }
    let w = workshops::get(&state.db, c.workshop_id).await?;
    Ok((c, w))
}

#[get("/cohorts/<id>")]
pub async fn cohort_page(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    id: i64,
) -> AppResult<Answer> {
    let (c, w) = visible_cohort(state, id, &user.0).await?;
    let mentors = crate::service::mentoring::mentors::announced(&state.db, c.id).await?;
    let mentors: Vec<serde_json::Value> = mentors
        .iter()
        .map(|m| {
            serde_json::json!({
                "name": m.name,
                "title": m.title,
                "label": crate::web::pages::enrollment::apply::mentor_label(m, base.locale),
            })
        })
        .collect();
    let ctx = base
        .ctx(user.0.as_ref())
        .with("cohort", cohort_words(&c, &w, base.locale, Utc::now()))
        .with("mentors", mentors)
        .with("is_organizer", is_organizer(&user.0));
    Ok(Answer::ok("pages/cohort", ctx))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![cohort_page]
}
