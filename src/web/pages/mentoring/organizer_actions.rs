//! The organizer's mentoring page, continued: the forms that schedule and
//! cancel sessions, move a participant to another mentor, and issue the
//! cohort's certificates. Each comes back to the page with a message.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, post, routes};
use serde_json::json;

use crate::AppState;
use crate::domain::Message;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::mentoring::sessions::{self, SessionInput};
use crate::service::mentoring::{certificates, pairing};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::{beijing_datetime, date_invalid};
use crate::web::pages::mentoring::organizer::{
    CsrfForm, Typed, back, done, page, refused, typed_errors,
};
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

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
pub(crate) fn session_input(f: &SessionForm) -> Result<SessionInput, Vec<FieldError>> {
    let at = |time: &str| beijing_datetime(&format!("{}T{}", f.date.trim(), time.trim()));
    let (starts, ends) = (at(&f.start), at(&f.end));
    let mut errors = vec![];
    if crate::web::pages::enrollment::forms::date(&f.date).is_none() {
        errors.push(date_invalid("date"));
    }
    let time_error = |field: &str| FieldError::new(field, Message::of("time_invalid"));
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
    id: i64,
    form: csrf::CsrfForm<SessionForm>,
) -> Answer {
    let result = match session_input(&form) {
        Ok(input) => sessions::create(state, actor(&org.0), id, &input).await,
        Err(errs) => Err(AppError::Validation(errs)),
    };
    match result {
        Ok(s) => done(id, format!("{}{}", base.t("page_session_added"), s.title)),
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

#[post("/sessions/<id>/cancel", data = "<_form>")]
pub async fn cancel_session(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<CsrfForm>,
) -> AppResult<Answer> {
    let cohort_id = sessions::get(&state.db, id).await?.cohort_id;
    Ok(match sessions::cancel(state, actor(&org.0), id).await {
        Ok(s) => done(
            cohort_id,
            format!(
                "{}{}",
                base.t("page_session_cancelled_and_participants_told"),
                s.title
            ),
        ),
        Err(e) => refused(cohort_id, &e, base.english()),
    })
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
    id: i64,
    form: csrf::CsrfForm<MoveForm>,
) -> AppResult<Answer> {
    let cohort_id = crate::service::mentoring::participant(&state.db, id)
        .await?
        .cohort_id;
    Ok(
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
        },
    )
}

#[post("/cohorts/<id>/mentoring/certificates", data = "<_form>")]
pub async fn issue(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<CsrfForm>,
) -> Answer {
    match certificates::issue(state, actor(&org.0), id, Utc::now()).await {
        Ok(o) => done(
            id,
            crate::i18n::text(
                base.locale,
                "certificates_issued_summary",
                &[
                    ("issued", o.issued.len().to_string()),
                    ("total", o.certificates.len().to_string()),
                    ("not_completed", o.not_completed.len().to_string()),
                ],
            ),
        ),
        Err(e) => refused(id, &e, base.english()),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![add_session, cancel_session, move_participant, issue]
}
