//! The organizer's mentoring page of a cohort (`/cohorts/<id>/mentoring`):
//! mentors, pairing, sessions and participants with their attendance, and
//! the certificates; here the page itself and the mentor and pairing forms
//! (sessions, moves and certificates are in `organizer_actions`).
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::certificate::display_code;
use crate::domain::session::SessionKind;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::mentoring::mentors::{self, MentorInput};
use crate::service::mentoring::{certificates, pairing, progress, require_not_finished};
use crate::service::{cohorts, notify_mentoring};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::forms::{ShownError, shown};
use crate::web::pages::enrollment::options;
use crate::web::pages::mentoring::floor::{kind_label, process_labels};
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// What a failed form brings back: the values typed and the errors.
#[derive(Default)]
pub struct Typed {
    pub mentor: Value,
    pub session: Value,
    pub errors: Value,
    pub error_list: Vec<ShownError>,
}

fn rate_text(rate: Option<f64>) -> String {
    rate.map(|r| format!("{:.0}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

pub(crate) fn kinds(locale: Locale) -> Vec<Value> {
    SessionKind::ALL
        .iter()
        .map(|k| json!({"value": k.as_str(), "label": k.label(locale)}))
        .collect()
}

/// Renders the page, with `typed` values and errors after a failed form.
pub async fn page(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    id: i64,
    typed: Typed,
    status: Status,
) -> AppResult<Answer> {
    let db = &state.db;
    let now = Utc::now();
    let report = progress::report(db, id, now).await?;
    let mentor_list = mentors::list(db, id).await?;
    let reasons: std::collections::HashMap<i64, String> = pairing::list(db, id)
        .await?
        .into_iter()
        .map(|a| {
            (
                a.participant_id,
                if base.english() {
                    a.reason_en
                } else {
                    a.reason
                },
            )
        })
        .collect();
    let participants: Vec<Value> = report
        .participants
        .iter()
        .zip(&report.progress)
        .map(|(p, s)| {
            json!({
                "id": p.id, "name": p.full_name, "employer": p.employer,
                "processes": process_labels(&p.processes, base.locale),
                "mentor": s.mentor, "reason": reasons.get(&p.id),
                "rate": rate_text(s.attendance.rate), "held": s.attendance.sessions_held, "flagged": s.flagged,
                "absence_warnings": s.absence_warnings,
                "latest": s.latest_assessment, "completed": s.completed,
                "certificate": s.certificate_code.as_deref().map(display_code),
            })
        })
        .collect();
    let users = crate::service::mentoring::users_by_id(
        db,
        report.sessions.iter().filter_map(|s| s.mentor_user_id),
    )
    .await?;
    let session_rows: Vec<Value> = report
        .sessions
        .iter()
        .map(|s| {
            json!({
                "id": s.id, "title": s.title, "kind": kind_label(&s.kind, base.locale),
                "when": notify_mentoring::session_when(base.locale, s), "venue": s.venue,
                "mentor": s.mentor_user_id.and_then(|u| users.get(&u)).map(|u| u.name.clone()),
                "cancelled": s.cancelled_at.is_some(), "held": s.starts_at <= now && s.cancelled_at.is_none(),
            })
        })
        .collect();
    let mentor_rows: Vec<Value> = mentor_list
        .iter()
        .map(|m| {
            let codes = serde_json::to_string(&m.processes).unwrap_or_default();
            json!({"user_id": m.user_id, "name": m.name, "email": m.email, "title": m.title, "employer": m.employer,
                   "capacity": m.capacity, "assigned": m.assigned, "processes": process_labels(&codes, base.locale)})
        })
        .collect();
    let status_word = cohorts::status_of(&report.cohort)?;
    let certs = certificates::of_cohort(db, id).await?;
    let c = &report.cohort;
    let ctx = base
        .ctx(Some(&org.0))
        .with("cohort", json!({"id": c.id, "name": c.name, "status": c.status, "venue": c.venue,
            "status_label": if base.english() { status_word.label(crate::i18n::Locale::En) } else { status_word.label(crate::i18n::Locale::Zh) },
            "workshop_title": report.workshop.model.title}))
        .with("threshold", format!("{:.0}%", report.workshop.completion.min_attendance_rate * 100.0))
        .with("mentors", mentor_rows)
        .with("participants", participants)
        .with("sessions", session_rows)
        .with("process_choices", options::processes(base.locale))
        .with("kinds", kinds(base.locale))
        .with("can_change", require_not_finished(c).is_ok())
        .with("completed", status_word == crate::domain::cohort::CohortStatus::Completed)
        .with("certificate_count", certs.len())
        .with("typed_mentor", typed.mentor)
        .with("typed_session", typed.session)
        .with("errors", typed.errors)
        .with("error_list", typed.error_list);
    Ok(Answer::with_status(status, "mentoring/cohort", ctx))
}

#[get("/cohorts/<id>/mentoring")]
pub async fn show(state: &State<AppState>, base: PageBase, org: Organizer, id: i64) -> Answer {
    page(state, &base, &org, id, Typed::default(), Status::Ok)
        .await
        .unwrap_or_else(Answer::from)
}

pub(crate) fn back(id: i64) -> String {
    crate::web::paths::mentoring(id)
}

pub(crate) fn done(id: i64, text: String) -> Answer {
    go_with(back(id), flash_lines("success", &[("done".into(), text)]))
}

/// A refusal the page shows as a message (a conflict, a closed cohort…).
pub(crate) fn refused(id: i64, e: &AppError, english: bool) -> Answer {
    let m = e.message();
    go_with(
        back(id),
        flash_lines("error", &[(m.code.into(), m.text(english))]),
    )
}

/// Errors of one form, with the service's field names given the form's prefix.
pub(crate) fn typed_errors(
    errs: &[FieldError],
    prefix: &str,
    english: bool,
) -> (Value, Vec<ShownError>) {
    let renamed: Vec<FieldError> = errs
        .iter()
        .map(|e| {
            let f = match e.field.as_str() {
                "ends_at" => "end",
                "starts_at" => "start",
                other => other,
            };
            FieldError::new(format!("{prefix}_{f}"), e.message.clone())
        })
        .collect();
    shown(&renamed, english, &[])
}

#[derive(FromForm)]
pub struct MentorForm {
    pub csrf: String,
    pub email: String,
    pub capacity: String,
    pub processes: Vec<String>,
    pub employer: String,
    pub title: String,
}

#[post("/cohorts/<id>/mentoring/mentors", data = "<form>")]
pub async fn add_mentor(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<MentorForm>,
) -> Answer {
    let input = MentorInput {
        email: form.email.trim().to_string(),
        // Not a number: the service's range check names the field.
        capacity: form.capacity.trim().parse().unwrap_or(-1),
        processes: form.processes.clone(),
        employer: form.employer.clone(),
        title: form.title.clone(),
    };
    match mentors::add(&state.db, actor(&org.0), id, &input).await {
        Ok(m) => done(id, format!("{}{}", base.t("page_mentor_added"), m.name)),
        Err(AppError::Validation(errs)) => {
            let (errors, error_list) = typed_errors(&errs, "mentor", base.english());
            let mentor = json!({"email": form.email, "capacity": form.capacity, "processes": form.processes,
                                "employer": form.employer, "title": form.title});
            let typed = Typed {
                mentor,
                errors,
                error_list,
                ..Default::default()
            };
            page(state, &base, &org, id, typed, Status::UnprocessableEntity)
                .await
                .unwrap_or_else(Answer::from)
        }
        Err(e) => refused(id, &e, base.english()),
    }
}

#[derive(FromForm)]
pub struct CsrfForm {
    pub csrf: String,
}

#[post("/cohorts/<id>/mentoring/mentors/<user_id>/remove", data = "<_form>")]
pub async fn remove_mentor(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    user_id: i64,
    _form: csrf::CsrfForm<CsrfForm>,
) -> Answer {
    match mentors::remove(&state.db, actor(&org.0), id, user_id).await {
        Ok(freed) => done(
            id,
            format!(
                "{}{}",
                base.t("page_mentor_removed_participants_to_pair"),
                freed.len()
            ),
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

#[post("/cohorts/<id>/mentoring/pair", data = "<_form>")]
pub async fn pair(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<CsrfForm>,
) -> Answer {
    match pairing::auto(&state.db, actor(&org.0), id).await {
        Ok(made) if made.is_empty() => done(id, base.t("page_every_participant_already_has_a")),
        Ok(made) => done(
            id,
            format!("{}{}", base.t("page_participants_paired"), made.len()),
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![show, add_mentor, remove_mentor, pair]
}
