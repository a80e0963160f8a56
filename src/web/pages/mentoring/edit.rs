//! The organizer's edit forms left from the first release: a cohort mentor's
//! capacity, processes, employer and title, and a session's title, kind,
//! time, venue and leading mentor (moving it tells every participant once the
//! roster is approved, as the API does). Both go through the same service
//! functions as the API; their field errors come back on the form as a 422.
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::beijing;
use crate::error::{AppError, AppResult};
use crate::service::cohorts;
use crate::service::mentoring::mentors::{self, MentorUpdate, MentorView};
use crate::service::mentoring::sessions;
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::pages::enrollment::application_page::say;
use crate::web::pages::enrollment::forms::ShownError;
use crate::web::pages::enrollment::options;
use crate::web::pages::mentoring::organizer::{done, refused, typed_errors};
use crate::web::pages::mentoring::organizer_actions::{SessionForm, session_input};
use crate::web::pages::{Answer, PageBase};

/// A form's values as typed (or as stored) and its errors.
struct Shown {
    values: Value,
    errors: Value,
    error_list: Vec<ShownError>,
}

impl Shown {
    fn stored(values: Value) -> Self {
        Shown {
            values,
            errors: json!({}),
            error_list: vec![],
        }
    }
}

async fn cohort_json(state: &AppState, id: i64) -> AppResult<Value> {
    let c = cohorts::get(&state.db, id).await?;
    let w = crate::service::workshops::get(&state.db, c.workshop_id).await?;
    Ok(json!({"id": c.id, "name": c.name, "venue": c.venue, "workshop_title": w.model.title}))
}

async fn the_mentor(state: &AppState, cohort_id: i64, user_id: i64) -> AppResult<MentorView> {
    mentors::list(&state.db, cohort_id)
        .await?
        .into_iter()
        .find(|m| m.user_id == user_id)
        .ok_or(AppError::NotFound)
}

async fn mentor_page(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    (cohort_id, user_id): (i64, i64),
    form: Shown,
    status: Status,
) -> AppResult<Answer> {
    let m = the_mentor(state, cohort_id, user_id).await?;
    let ctx = base
        .ctx(Some(&org.0))
        .with("cohort", cohort_json(state, cohort_id).await?)
        .with("mentor", &m)
        .with("form", form.values)
        .with("process_choices", options::processes(base.locale))
        .with("errors", form.errors)
        .with("error_list", form.error_list);
    Ok(Answer::with_status(status, "mentoring/mentor_edit", ctx))
}

#[get("/cohorts/<id>/mentoring/mentors/<user_id>/edit")]
pub async fn mentor_form(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    user_id: i64,
) -> Answer {
    let shown = async {
        let m = the_mentor(state, id, user_id).await?;
        let values = json!({"capacity": m.capacity.to_string(), "processes": m.processes,
                            "employer": m.employer, "title": m.title});
        mentor_page(
            state,
            &base,
            &org,
            (id, user_id),
            Shown::stored(values),
            Status::Ok,
        )
        .await
    };
    shown.await.unwrap_or_else(Answer::from)
}

#[derive(FromForm)]
pub struct MentorEditForm {
    pub csrf: String,
    pub capacity: String,
    pub processes: Vec<String>,
    pub employer: String,
    pub title: String,
}

#[post("/cohorts/<id>/mentoring/mentors/<user_id>/edit", data = "<form>")]
pub async fn mentor_save(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    user_id: i64,
    form: csrf::CsrfForm<MentorEditForm>,
) -> Answer {
    let input = MentorUpdate {
        // Not a number: the service's range check names the field.
        capacity: form.capacity.trim().parse().unwrap_or(-1),
        processes: form.processes.clone(),
        employer: form.employer.clone(),
        title: form.title.clone(),
    };
    match mentors::update(&state.db, actor(&org.0), id, user_id, &input).await {
        Ok(m) => done(
            id,
            say(base.locale, "desk_mentor_saved", &[("name", &m.name)]),
        ),
        Err(AppError::Validation(errs)) => {
            let (errors, error_list) = typed_errors(&errs, "mentor", base.english());
            let values = json!({"capacity": form.capacity, "processes": form.processes,
                                "employer": form.employer, "title": form.title});
            let shown = Shown {
                values,
                errors,
                error_list,
            };
            mentor_page(
                state,
                &base,
                &org,
                (id, user_id),
                shown,
                Status::UnprocessableEntity,
            )
            .await
            .unwrap_or_else(Answer::from)
        }
        Err(AppError::NotFound) => AppError::NotFound.into(),
        Err(e) => refused(id, &e, base.english()),
    }
}

async fn session_page(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    session_id: i64,
    form: Shown,
    status: Status,
) -> AppResult<Answer> {
    let s = sessions::get(&state.db, session_id).await?;
    let ctx = base
        .ctx(Some(&org.0))
        .with("cohort", cohort_json(state, s.cohort_id).await?)
        .with(
            "session",
            json!({"id": s.id, "cancelled": s.cancelled_at.is_some()}),
        )
        .with("form", form.values)
        .with(
            "kinds",
            crate::web::pages::mentoring::organizer::kinds(base.locale),
        )
        .with("mentors", mentors::list(&state.db, s.cohort_id).await?)
        .with("errors", form.errors)
        .with("error_list", form.error_list);
    Ok(Answer::with_status(status, "mentoring/session_edit", ctx))
}

#[get("/sessions/<id>/edit")]
pub async fn session_form(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
) -> Answer {
    let shown = async {
        let s = sessions::get(&state.db, id).await?;
        let users = crate::service::mentoring::users_by_id(&state.db, s.mentor_user_id).await?;
        let start = s.starts_at.with_timezone(&beijing());
        let end = s.ends_at.with_timezone(&beijing());
        let values = json!({
            "title": s.title, "kind": s.kind,
            "date": start.format("%Y-%m-%d").to_string(),
            "start": start.format("%H:%M").to_string(),
            "end": end.format("%H:%M").to_string(),
            "venue": s.venue,
            "mentor_email": s.mentor_user_id.and_then(|u| users.get(&u)).map(|u| u.email.clone()).unwrap_or_default(),
        });
        session_page(state, &base, &org, id, Shown::stored(values), Status::Ok).await
    };
    shown.await.unwrap_or_else(Answer::from)
}

#[post("/sessions/<id>/edit", data = "<form>")]
pub async fn session_save(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<SessionForm>,
) -> AppResult<Answer> {
    let cohort_id = sessions::get(&state.db, id).await?.cohort_id;
    let result = match session_input(&form) {
        Ok(input) => sessions::update(state, actor(&org.0), id, &input).await,
        Err(errs) => Err(AppError::Validation(errs)),
    };
    Ok(match result {
        Ok(s) => done(
            cohort_id,
            say(base.locale, "desk_session_saved", &[("title", &s.title)]),
        ),
        Err(AppError::Validation(errs)) => {
            let (errors, error_list) = typed_errors(&errs, "session", base.english());
            let values = json!({"title": form.title, "kind": form.kind, "date": form.date, "start": form.start,
                                "end": form.end, "venue": form.venue, "mentor_email": form.mentor_email});
            let shown = Shown {
                values,
                errors,
                error_list,
            };
            session_page(state, &base, &org, id, shown, Status::UnprocessableEntity)
                .await
                .unwrap_or_else(Answer::from)
        }
        Err(e) => refused(cohort_id, &e, base.english()),
    })
}

pub fn routes() -> Vec<rocket::Route> {
    routes![mentor_form, mentor_save, session_form, session_save]
}
