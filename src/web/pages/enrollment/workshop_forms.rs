//! The organizer's workshop form (new and edit): the form is read by
//! `workshop_input` and the service checks and stores it.
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};

use crate::AppState;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::workshops::{self, Workshop};
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::{shown, text};
use crate::web::pages::enrollment::options;
use crate::web::pages::enrollment::workshop_input::{Values, WorkshopForm, simple_rules};
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

const ORDER: [&str; 13] = [
    "csrf",
    "title",
    "trade",
    "description",
    "rules_mode",
    "entry_rules",
    "cert_trade",
    "cert_level",
    "exp_trade",
    "exp_years",
    "rubric",
    "pass_mark",
    "completion",
];

fn form_page(
    base: &PageBase,
    org: &Organizer,
    existing: Option<&Workshop>,
    values: &Values,
    errors: &[FieldError],
    status: Status,
) -> Answer {
    let locale = base.locale;
    let (error_map, error_list) = shown(errors, base.english(), &ORDER);
    let complex = existing
        .filter(|w| simple_rules(&w.entry_rules).is_none())
        .map(|w| w.entry_rules.describe_in(locale));
    let action = existing.map_or("/workshops/new".to_string(), |w| {
        crate::web::paths::workshop_edit(w.model.id)
    });
    let ctx = base
        .ctx(Some(&org.0))
        .with("v", values)
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("action", action)
        .with("is_edit", existing.is_some())
        .with("complex_rules_text", complex)
        .with("trades", options::trades(locale, &values.trade))
        .with("levels", options::levels(locale));
    Answer::with_status(status, "pages/workshop_form", ctx)
}

#[get("/workshops/new")]
pub fn new_page(base: PageBase, org: Organizer) -> Answer {
    form_page(&base, &org, None, &Values::new_workshop(), &[], Status::Ok)
}

#[post("/workshops/new", data = "<form>")]
pub async fn create(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    form: crate::web::input::CheckedForm<WorkshopForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return form_page(
            &base,
            &org,
            None,
            &form.values(),
            &[FieldError::new("csrf", e.message())],
            Status::Forbidden,
        );
    }
    let saved = match form.parse(None).all_errors() {
        Ok(input) => workshops::create(&state.db, org.0.id, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    match saved {
        Ok(w) => {
            let msg = base.t("page_the_workshop_is_saved_now");
            go_with(
                crate::web::paths::cohort_new(w.model.id),
                flash_lines("success", &[("created".into(), msg)]),
            )
        }
        Err(AppError::Validation(errors)) => form_page(
            &base,
            &org,
            None,
            &form.values(),
            &errors,
            Status::UnprocessableEntity,
        ),
        Err(e) => e.into(),
    }
}

#[get("/workshops/<id>/edit")]
pub async fn edit_page(state: &State<AppState>, base: PageBase, org: Organizer, id: i64) -> Answer {
    match workshops::get(&state.db, id).await {
        Ok(w) => form_page(&base, &org, Some(&w), &Values::of(&w), &[], Status::Ok),
        Err(e) => e.into(),
    }
}

#[post("/workshops/<id>/edit", data = "<form>")]
pub async fn update(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    form: crate::web::input::CheckedForm<WorkshopForm>,
) -> AppResult<Answer> {
    let existing = workshops::get(&state.db, id).await?;
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return Ok(form_page(
            &base,
            &org,
            Some(&existing),
            &form.values(),
            &[FieldError::new("csrf", e.message())],
            Status::Forbidden,
        ));
    }
    let saved = match form.parse(Some(&existing.entry_rules)).all_errors() {
        Ok(input) => workshops::update(&state.db, org.0.id, id, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    Ok(match saved {
        Ok(_) => go_with(
            "/dashboard".into(),
            flash_lines(
                "success",
                &[("saved".into(), base.t("page_the_workshop_is_saved"))],
            ),
        ),
        Err(AppError::Validation(errors)) => form_page(
            &base,
            &org,
            Some(&existing),
            &form.values(),
            &errors,
            Status::UnprocessableEntity,
        ),
        Err(e) => e.into(),
    })
}

pub fn routes() -> Vec<rocket::Route> {
    routes![new_page, create, edit_page, update]
}
