//! The organizer's outbox page of a cohort with its announcement form, and
//! the resend button of a failed notice. What they do is `service::notices`;
//! the list's lines and filters are `outbox`.
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::response::Redirect;
use rocket::{State, get, post, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::notices::{self, BODY_MAX, SUBJECT_MAX};
use crate::web::auth::Organizer;
use crate::web::csrf::{self, CsrfToken};
use crate::web::i18n::Locale;
use crate::web::page::base_context;
use crate::web::pages::notices::outbox::{self as outbox_view, Filter};

#[allow(clippy::too_many_arguments)]
async fn outbox_page(
    state: &AppState,
    locale: Locale,
    org: &Organizer,
    csrf: String,
    id: i64,
    form: Value,
    errors: Value,
    queued: Option<usize>,
    filter: &Filter,
) -> AppResult<Template> {
    let o = notices::outbox(&state.db, id).await?;
    let c = &o.cohort;
    let ctx = base_context(locale, Some(&org.0))
        .with("csrf", csrf)
        .with("current_path", crate::web::paths::outbox(id, None))
        .with(
            "cohort",
            json!({"id": c.id, "name": c.name, "status": c.status}),
        )
        .with("workshop_title", o.workshop_title)
        .with("outbox", outbox_view::view(locale, &o.notices, filter))
        .with(
            "counts",
            o.counts
                .iter()
                .map(|(s, n)| json!({"label": outbox_view::status_label(s, locale), "n": n}))
                .collect::<Vec<_>>(),
        )
        .with("admitted", o.audience)
        .with("form", form)
        .with("errors", errors)
        .with("queued", queued)
        .with("smtp", state.mail.smtp_url.is_some())
        .with("subject_max", SUBJECT_MAX)
        .with("body_max", BODY_MAX);
    Ok(Template::render("notices/outbox", ctx.into_json()))
}

/// The cohort's outbox: every notice with its status, a resend button for the
/// failed ones, and a form for an announcement.
#[get("/cohorts/<id>/outbox?<queued>&<kind>&<status>")]
#[allow(clippy::too_many_arguments)]
pub async fn outbox_get(
    state: &State<AppState>,
    locale: Locale,
    org: Organizer,
    csrf: CsrfToken,
    id: i64,
    queued: Option<usize>,
    kind: Option<&str>,
    status: Option<&str>,
) -> AppResult<Template> {
    let form = json!({"subject": "", "body": "", "include_mentors": false});
    let filter = Filter::parse(kind, status);
    outbox_page(
        state,
        locale,
        &org,
        csrf.0,
        id,
        form,
        json!({}),
        queued,
        &filter,
    )
    .await
}

#[derive(FromForm)]
pub struct AnnouncementForm<'r> {
    pub csrf: &'r str,
    pub subject: &'r str,
    pub body: &'r str,
    pub include_mentors: bool,
}

/// What the announcement form gets back: to the outbox when queued, the page
/// again with the reasons when the input is wrong, an error otherwise.
#[derive(rocket::Responder)]
pub enum AnnounceReply {
    Queued(Redirect),
    Invalid((Status, Template)),
    Failed(AppError),
}

#[post("/cohorts/<id>/outbox", data = "<form>")]
pub async fn outbox_announce(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
    locale: Locale,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<AnnouncementForm<'_>>,
) -> AnnounceReply {
    let result = notices::announce(
        state,
        org.0.id,
        id,
        form.subject,
        form.body,
        form.include_mentors,
    )
    .await;
    match result {
        Ok(n) => AnnounceReply::Queued(Redirect::to(crate::web::paths::outbox(id, Some(n)))),
        Err(AppError::Validation(fields)) => {
            let english = locale.is_english();
            let errors: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| (f.field.clone(), json!(f.message.text(english))))
                .collect();
            let values = json!({"subject": form.subject, "body": form.body, "include_mentors": form.include_mentors});
            let page = outbox_page(
                state,
                locale,
                &org,
                csrf::token_for(cookies, state.settings.secure_cookies()),
                id,
                values,
                Value::Object(errors),
                None,
                &Filter::default(),
            )
            .await;
            match page {
                Ok(t) => AnnounceReply::Invalid((Status::UnprocessableEntity, t)),
                Err(e) => AnnounceReply::Failed(e),
            }
        }
        Err(e) => AnnounceReply::Failed(e),
    }
}

#[derive(FromForm)]
pub struct ResendForm<'r> {
    pub csrf: &'r str,
}

#[post("/notices/<id>/resend", data = "<_form>")]
pub async fn resend_submit(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<ResendForm<'_>>,
) -> AppResult<Redirect> {
    let n = notices::resend(state, org.0.id, id).await?;
    Ok(Redirect::to(match n.cohort_id {
        Some(c) => crate::web::paths::outbox(c, None),
        None => "/dashboard".into(),
    }))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![outbox_get, outbox_announce, resend_submit]
}
