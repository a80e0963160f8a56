//! The organizer's page of one application (`/cohorts/<id>/applications/<app_id>`):
//! every fact the applicant gave, from the service's staff view (the same as
//! `GET /api/v1/applications/{id}`), masked ID and phone with audited reveals,
//! the two notes labelled by who reads them, the history with who and when,
//! and the decision buttons.
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::{self as rules, Decision};
use crate::domain::qualification::SkillLevel;
use crate::entity::application;
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::fmt;
use crate::service::applications::{self, staff};
use crate::service::mentoring::{preferences, users_by_id};
use crate::service::{cohorts, workshops};
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::i18n::{self, Locale};
use crate::web::input::has_control;
use crate::web::pages::enrollment::forms::{ShownError, shown, text};
use crate::web::pages::enrollment::options::{level_label, status_label, trade_label};
use crate::web::pages::enrollment::public::cohort_words;
use crate::web::pages::mentoring::floor::process_labels;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// A page string of the desk's table, with `{name}` placeholders filled.
pub fn say(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = i18n::strings(locale)
        .get(key)
        .copied()
        .unwrap_or(key)
        .to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// What the page shows besides the application: a number just revealed, and
/// after a failed decision the values typed and the errors.
#[derive(Default)]
struct Extra {
    revealed_phone: Option<String>,
    revealed_id: Option<String>,
    typed: Value,
    errors: Value,
    error_list: Vec<ShownError>,
}

/// The application, if it belongs to the cohort of the address.
async fn of_cohort(state: &AppState, cohort_id: i64, app_id: i64) -> AppResult<application::Model> {
    use sea_orm::EntityTrait;
    application::Entity::find_by_id(app_id)
        .one(&state.db)
        .await?
        .filter(|a| a.cohort_id == cohort_id)
        .ok_or(AppError::NotFound)
}

/// One line of the history in words.
fn history_line(
    h: &Value,
    locale: Locale,
    names: &std::collections::HashMap<i64, crate::entity::user::Model>,
) -> Value {
    let action = h["action"].as_str().unwrap_or("");
    let key = match action {
        "application.decide" => "desk_h_decide",
        "application.reveal_id" => "desk_h_reveal_id",
        "application.reveal_phone" => "desk_h_reveal_phone",
        "application.withdraw" => "desk_h_withdraw",
        "application.accept" => "desk_h_accept",
        "application.decline" => "desk_h_decline",
        "application.offer" => "desk_h_offer",
        "application.offer_expired" => "desk_h_offer_expired",
        "application.recover" => "desk_h_recover",
        _ => "",
    };
    let what = if key.is_empty() {
        action.to_string()
    } else {
        say(locale, key, &[])
    };
    let d = &h["detail"];
    let word = |v: &Value| v.as_str().map(|s| status_label(s, locale));
    let change = match (word(&d["from"]), word(&d["to"])) {
        (Some(from), Some(to)) => Some(format!("{from} → {to}")),
        _ => None,
    };
    let who = match h["actor_user_id"].as_i64() {
        Some(id) => names
            .get(&id)
            .map(|u| u.name.clone())
            .unwrap_or_else(|| format!("#{id}")),
        None if matches!(
            action,
            "application.withdraw"
                | "application.accept"
                | "application.decline"
                | "application.recover"
        ) =>
        {
            say(locale, "desk_applicant", &[])
        }
        None => say(locale, "desk_system", &[]),
    };
    let at = h["at"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|t| fmt::datetime(locale, t.with_timezone(&chrono::Utc)))
        .unwrap_or_default();
    json!({"what": what, "change": change, "who": who, "at": at,
           "note": d["note"].as_str(), "internal_note": d["internal_note"].as_str()})
}

/// The certificate in words: trade, level, number and issue date.
fn certificate_words(cert: &Value, locale: Locale) -> Value {
    if !cert.is_object() {
        return Value::Null;
    }
    let level = SkillLevel::parse_json(&cert["level"])
        .map(|l| level_label(l, locale).to_string())
        .unwrap_or_else(|_| cert["level"].to_string());
    let issued = cert["issued_on"]
        .as_str()
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .map(|d| fmt::date(locale, d));
    json!({"trade": cert["trade"].as_str().map(|t| trade_label(t, locale)),
           "level": level, "number": cert["number"].as_str(), "issued_on": issued})
}

async fn render(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    cohort_id: i64,
    app_id: i64,
    extra: Extra,
    status: Status,
) -> AppResult<Answer> {
    let locale = base.locale;
    let a = of_cohort(state, cohort_id, app_id).await?;
    let c = cohorts::get(&state.db, cohort_id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let v = crate::web::page::as_json(staff::detail(state, app_id).await?);
    let history = v["history"].as_array().cloned().unwrap_or_default();
    let prefs = preferences::of_applications(&state.db, &[app_id])
        .await?
        .remove(&app_id)
        .unwrap_or_default();
    let actors = history.iter().filter_map(|h| h["actor_user_id"].as_i64());
    let names = users_by_id(&state.db, actors.chain(prefs.iter().copied())).await?;
    let mut lines = vec![json!({"what": say(locale, "desk_h_submitted", &[]),
        "who": say(locale, "desk_applicant", &[]), "at": fmt::datetime(locale, a.created_at)})];
    lines.extend(history.iter().map(|h| history_line(h, locale, &names)));
    let years = v["years_at_deadline"]
        .as_u64()
        .map(|y| say(locale, "desk_years_unit", &[("years", &y.to_string())]));
    let facts = json!({
        "trade": trade_label(&a.trade, locale),
        "certificate": certificate_words(&v["certificate"], locale),
        "started_on": a.started_trade_on.map(|d| fmt::date(locale, d)),
        "years": years,
        "processes": process_labels(&a.processes, locale),
        "basis": applications::basis_text(&a.eligibility_basis, base.english()),
        "submitted_at": fmt::datetime(locale, a.created_at),
        "nominated": v["nominated"].as_bool().unwrap_or(false),
        "tier": a.draw_tier,
        "draw_rank": a.draw_rank,
        "preferences": prefs.iter().filter_map(|id| names.get(id).map(|u| u.name.clone())).collect::<Vec<_>>(),
        "offer_expires": a.offer_expires_at.map(|t| fmt::datetime(locale, t)),
    });
    let cohort_status = cohorts::status_of(&c)?;
    let can_decide = rules::can_decide(cohort_status).is_ok() && a.status != "withdrawn";
    let ctx = base
        .ctx(Some(&org.0))
        .with("cohort", cohort_words(&c, &w, locale, chrono::Utc::now()))
        .with("app", &v)
        .with("status_label", status_label(&a.status, locale))
        .with("facts", facts)
        .with("history", lines)
        .with("can_decide", can_decide)
        .with("revealed_phone", extra.revealed_phone)
        .with("revealed_id", extra.revealed_id)
        .with("typed", extra.typed)
        .with("errors", extra.errors)
        .with("error_list", extra.error_list);
    Ok(Answer::with_status(status, "pages/application", ctx))
}

#[get("/cohorts/<id>/applications/<app_id>")]
pub async fn show(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
) -> Answer {
    render(state, &base, &org, id, app_id, Extra::default(), Status::Ok)
        .await
        .unwrap_or_else(Answer::Fail)
}

#[derive(Debug, FromForm)]
pub struct DecideForm {
    pub csrf: Option<String>,
    pub decision: Option<String>,
    pub note: Option<String>,
    pub internal_note: Option<String>,
}

/// The form's own checks before the service's: a decision named, no
/// control characters in the notes (line breaks are fine).
fn form_errors(f: &DecideForm) -> (Option<Decision>, Vec<FieldError>) {
    let mut errors = vec![];
    let decision = Decision::parse(&text(&f.decision))
        .map_err(|m| errors.push(FieldError::new("decision", m)))
        .ok();
    for (field, value) in [("note", &f.note), ("internal_note", &f.internal_note)] {
        if value.as_deref().is_some_and(|v| has_control(v, true)) {
            errors.push(FieldError::new(field, Message::of("control_character")));
        }
    }
    (decision, errors)
}

#[post("/cohorts/<id>/applications/<app_id>/decision", data = "<form>")]
pub async fn decide(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
    form: csrf::CsrfForm<DecideForm>,
) -> AppResult<Answer> {
    of_cohort(state, id, app_id).await?;
    let back = crate::web::paths::application(id, app_id);
    let (decision, mut errors) = form_errors(&form);
    let outcome = match decision {
        Some(d) if errors.is_empty() => {
            applications::decide_noted(
                state,
                org.0.id,
                app_id,
                d,
                form.note.as_deref(),
                form.internal_note.as_deref(),
            )
            .await
        }
        _ => Err(AppError::Validation(std::mem::take(&mut errors))),
    };
    Ok(match outcome {
        Ok(a) => {
            let label = status_label(&a.status, base.locale);
            let line = say(base.locale, "desk_decided", &[("status", &label)]);
            go_with(back, flash_lines("success", &[("decided".into(), line)]))
        }
        Err(AppError::Validation(errs)) => {
            let (errors, error_list) = shown(
                &errs,
                base.english(),
                &["decision", "note", "internal_note"],
            );
            let extra = Extra {
                typed: json!({"decision": text(&form.decision),
                    "note": form.note.clone().unwrap_or_default(),
                    "internal_note": form.internal_note.clone().unwrap_or_default()}),
                errors,
                error_list,
                ..Extra::default()
            };
            render(
                state,
                &base,
                &org,
                id,
                app_id,
                extra,
                Status::UnprocessableEntity,
            )
            .await
            .unwrap_or_else(Answer::Fail)
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Unprocessable(_))) => {
            let m = e.message();
            go_with(
                back,
                flash_lines(
                    "error",
                    &[(m.code.to_string(), m.text(base.english()).to_string())],
                ),
            )
        }
        Err(e) => e.into(),
    })
}

#[derive(Debug, FromForm)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

/// Which number a reveal shows.
#[derive(Clone, Copy)]
enum Reveal {
    Phone,
    Id,
}

async fn reveal(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    (id, app_id): (i64, i64),
    which: Reveal,
) -> AppResult<Answer> {
    of_cohort(state, id, app_id).await?;
    let mut extra = Extra::default();
    match which {
        Reveal::Phone => {
            extra.revealed_phone = Some(staff::reveal_phone(state, org.0.id, app_id).await?)
        }
        Reveal::Id => {
            extra.revealed_id = Some(applications::reveal_id(state, org.0.id, app_id).await?)
        }
    }
    render(state, base, org, id, app_id, extra, Status::Ok).await
}

/// Shows the full mobile number once; the reading is audited.
#[post("/cohorts/<id>/applications/<app_id>/reveal-phone", data = "<form>")]
pub async fn reveal_phone(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
    form: csrf::CsrfForm<CsrfOnly>,
) -> Answer {
    let _checked = form; // the token was checked by the guard
    reveal(state, &base, &org, (id, app_id), Reveal::Phone)
        .await
        .unwrap_or_else(Answer::Fail)
}

/// Shows the full ID number once; the reading is audited.
#[post("/cohorts/<id>/applications/<app_id>/reveal-id", data = "<form>")]
pub async fn reveal_id(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
    form: csrf::CsrfForm<CsrfOnly>,
) -> Answer {
    let _checked = form; // the token was checked by the guard
    reveal(state, &base, &org, (id, app_id), Reveal::Id)
        .await
        .unwrap_or_else(Answer::Fail)
}

pub fn routes() -> Vec<rocket::Route> {
    routes![show, decide, reveal_phone, reveal_id]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_in_both_languages() {
        assert_eq!(say(Locale::Zh, "desk_years_unit", &[("years", "6")]), "6年");
        assert_eq!(
            say(Locale::En, "desk_years_unit", &[("years", "6")]),
            "6 years"
        );
    }

    #[test]
    fn a_form_without_a_decision_or_with_nul_names_the_fields() {
        let f = DecideForm {
            csrf: None,
            decision: Some("promote".into()),
            note: Some("ok\nfine".into()),
            internal_note: Some("bad\u{0}".into()),
        };
        let (d, errs) = form_errors(&f);
        assert!(d.is_none());
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["decision", "internal_note"]);
    }
}
