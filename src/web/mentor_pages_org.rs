//! The organizer's mentoring page of a cohort (`/cohorts/<id>/mentoring`):
//! mentors, pairing, sessions and participants with their attendance, and
//! the certificates. Its forms post here and come back with a message.
use chrono::Utc;
use rocket::form::{Form, FromForm};
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::Message;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::mentoring::mentors::{self, MentorInput};
use crate::service::mentoring::rules::{SessionKind, display_code};
use crate::service::mentoring::sessions::{self, SessionInput};
use crate::service::mentoring::{certificates, pairing, progress, require_not_finished};
use crate::service::{cohorts, notify_mentoring};
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::mentor_pages::{kind_label, process_labels};
use crate::web::mentoring::actor;
use crate::web::pages::forms::{ShownError, beijing_datetime, date_invalid, shown};
use crate::web::pages::options;
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

fn kinds(locale: Locale) -> Vec<Value> {
    SessionKind::ALL
        .iter()
        .map(|k| json!({"value": k.as_str(), "label": if locale.is_english() { k.label_en() } else { k.label_zh() }}))
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
            "status_label": if base.english() { status_word.label_en() } else { status_word.label_zh() },
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

fn back(id: i64) -> String {
    format!("/cohorts/{id}/mentoring")
}

fn done(id: i64, text: String) -> Answer {
    go_with(back(id), flash_lines("success", &[("done".into(), text)]))
}

/// A refusal the page shows as a message (a conflict, a closed cohort…).
fn refused(id: i64, e: &AppError, english: bool) -> Answer {
    let m = e.message();
    go_with(
        back(id),
        flash_lines("error", &[(m.code.into(), m.text(english).into())]),
    )
}

/// Errors of one form, with the service's field names given the form's prefix.
fn typed_errors(errs: &[FieldError], prefix: &str, english: bool) -> (Value, Vec<ShownError>) {
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
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<MentorForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    let input = MentorInput {
        email: form.email.trim().to_string(),
        // Not a number: the service's range check names the field.
        capacity: form.capacity.trim().parse().unwrap_or(-1),
        processes: form.processes.clone(),
        employer: form.employer.clone(),
        title: form.title.clone(),
    };
    match mentors::add(&state.db, actor(&org.0), id, &input).await {
        Ok(m) => done(
            id,
            format!("{}{}", base.pick("已添加导师:", "Mentor added: "), m.name),
        ),
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

#[post("/cohorts/<id>/mentoring/mentors/<user_id>/remove", data = "<form>")]
pub async fn remove_mentor(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    user_id: i64,
    form: Form<CsrfForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    match mentors::remove(&state.db, actor(&org.0), id, user_id).await {
        Ok(freed) => done(
            id,
            format!(
                "{}{}",
                base.pick(
                    "已移出导师;需重新分配的学员:",
                    "Mentor removed; participants to pair again: "
                ),
                freed.len()
            ),
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

#[post("/cohorts/<id>/mentoring/pair", data = "<form>")]
pub async fn pair(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<CsrfForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    match pairing::auto(&state.db, actor(&org.0), id).await {
        Ok(made) if made.is_empty() => done(
            id,
            base.pick(
                "所有学员都已有导师。",
                "Every participant already has a mentor.",
            )
            .into(),
        ),
        Ok(made) => done(
            id,
            format!(
                "{}{}",
                base.pick("已分配导师的学员:", "Participants paired: "),
                made.len()
            ),
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

#[derive(FromForm)]
pub struct SessionForm {
    pub csrf: String,
    pub title: String,
    pub kind: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub venue: String,
    pub mentor_email: String,
}

/// The form's date and times (Beijing) as the API's input.
fn session_input(f: &SessionForm) -> Result<SessionInput, Vec<FieldError>> {
    let at = |time: &str| beijing_datetime(&format!("{}T{}", f.date.trim(), time.trim()));
    let (starts, ends) = (at(&f.start), at(&f.end));
    let mut errors = vec![];
    if crate::web::pages::forms::date(&f.date).is_none() {
        errors.push(date_invalid("date"));
    }
    let time_error = |field: &str| {
        FieldError::new(
            field,
            Message::new(
                "time_invalid",
                "请选择时间(时:分)",
                "Choose a time (hours:minutes)",
            ),
        )
    };
    if starts.is_none() {
        errors.push(time_error("start"));
    }
    if ends.is_none() {
        errors.push(time_error("end"));
    }
    match (starts, ends) {
        (Some(starts_at), Some(ends_at)) if errors.is_empty() => Ok(SessionInput {
            title: f.title.clone(),
            kind: f.kind.clone(),
            starts_at,
            ends_at,
            venue: Some(f.venue.clone()),
            mentor_email: Some(f.mentor_email.clone()),
        }),
        _ => Err(errors),
    }
}

#[post("/cohorts/<id>/mentoring/sessions", data = "<form>")]
pub async fn add_session(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<SessionForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    let result = match session_input(&form) {
        Ok(input) => sessions::create(&state.db, actor(&org.0), id, &input).await,
        Err(errs) => Err(AppError::Validation(errs)),
    };
    match result {
        Ok(s) => done(
            id,
            format!("{}{}", base.pick("已添加课次:", "Session added: "), s.title),
        ),
        Err(AppError::Validation(errs)) => {
            let (errors, error_list) = typed_errors(&errs, "session", base.english());
            let session = json!({"title": form.title, "kind": form.kind, "date": form.date, "start": form.start,
                                 "end": form.end, "venue": form.venue, "mentor_email": form.mentor_email});
            let typed = Typed {
                session,
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

#[post("/sessions/<id>/cancel", data = "<form>")]
pub async fn cancel_session(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<CsrfForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    let cohort_id = match sessions::get(&state.db, id).await {
        Ok(s) => s.cohort_id,
        Err(e) => return e.into(),
    };
    match sessions::cancel(state, actor(&org.0), id).await {
        Ok(s) => done(
            cohort_id,
            format!(
                "{}{}",
                base.pick(
                    "已取消课次并通知学员:",
                    "Session cancelled and participants told: "
                ),
                s.title
            ),
        ),
        Err(e) => refused(cohort_id, &e, base.english()),
    }
}

#[derive(FromForm)]
pub struct MoveForm {
    pub csrf: String,
    pub mentor_email: String,
}

#[post("/participants/<id>/mentor", data = "<form>")]
pub async fn move_participant(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<MoveForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    let cohort_id = match crate::service::mentoring::participant(&state.db, id).await {
        Ok(p) => p.cohort_id,
        Err(e) => return e.into(),
    };
    match pairing::assign_by_hand(&state.db, actor(&org.0), id, &form.mentor_email).await {
        Ok(a) => done(
            cohort_id,
            format!("{} → {}", a.participant_name, a.mentor_name),
        ),
        Err(AppError::Validation(errs)) => {
            let text = errs
                .first()
                .map(|e| e.message.text(base.english()).to_string())
                .unwrap_or_default();
            go_with(
                back(cohort_id),
                flash_lines("error", &[("validation".into(), text)]),
            )
        }
        Err(e) => refused(cohort_id, &e, base.english()),
    }
}

#[post("/cohorts/<id>/mentoring/certificates", data = "<form>")]
pub async fn issue(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Form<CsrfForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &form.csrf) {
        return e.into();
    }
    match certificates::issue(state, actor(&org.0), id, Utc::now()).await {
        Ok(o) => done(
            id,
            if base.english() {
                format!(
                    "Certificates issued now: {}; in all: {}; not completed: {}.",
                    o.issued.len(),
                    o.certificates.len(),
                    o.not_completed.len()
                )
            } else {
                format!(
                    "本次发放证书 {} 张,累计 {} 张;未达结业要求 {} 人。",
                    o.issued.len(),
                    o.certificates.len(),
                    o.not_completed.len()
                )
            },
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        show,
        add_mentor,
        remove_mentor,
        pair,
        add_session,
        cancel_session,
        move_participant,
        issue
    ]
}
