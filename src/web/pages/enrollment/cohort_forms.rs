//! The organizer's cohort form (new under a workshop, and edit): the window
//! is entered as Beijing wall-clock time; the form maps onto `CohortInput`
//! and the service checks it.
use chrono::{DateTime, FixedOffset, NaiveDate};
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};
use serde::Serialize;

use crate::AppState;
use crate::entity::cohort;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::cohorts::{self, CohortInput};
use crate::service::workshops::{self, Workshop};
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::{
    beijing_datetime, date, date_invalid, datetime_invalid, datetime_local_value, not_a_number,
    required, shown, text, whole_number,
};
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

const ORDER: [&str; 11] = [
    "csrf",
    "name",
    "capacity",
    "applications_open_at",
    "applications_close_at",
    "starts_on",
    "ends_on",
    "venue",
    "selection_mode",
    "selection_employer_quota",
    "selection_offer_hours",
];

/// The selection fields (`selection_mode`, …) as the API's `selection`.
fn selection_input(
    f: &CohortForm,
    errors: &mut Vec<FieldError>,
) -> crate::service::selection::SelectionInput {
    let mut number = |field: &str, v: &Option<String>| match whole_number(&text(v)) {
        Ok(n) => n,
        Err(_) => {
            errors.push(not_a_number(field));
            None
        }
    };
    crate::service::selection::SelectionInput {
        mode: Some(text(&f.selection_mode)).filter(|m| !m.is_empty()),
        employer_quota: number("selection.employer_quota", &f.selection_employer_quota),
        offer_hours: number("selection.offer_hours", &f.selection_offer_hours),
    }
}

/// Fields whose checks depend on the dates being read.
const DATE_FIELDS: [&str; 4] = [
    "applications_open_at",
    "applications_close_at",
    "starts_on",
    "ends_on",
];

#[derive(Debug, Default, FromForm, Serialize)]
pub struct CohortForm {
    #[serde(skip)]
    pub csrf: Option<String>,
    pub name: Option<String>,
    pub capacity: Option<String>,
    pub applications_open_at: Option<String>,
    pub applications_close_at: Option<String>,
    pub starts_on: Option<String>,
    pub ends_on: Option<String>,
    pub venue: Option<String>,
    pub selection_mode: Option<String>,
    pub selection_employer_quota: Option<String>,
    pub selection_offer_hours: Option<String>,
}

impl CohortForm {
    fn of(c: &cohort::Model) -> Self {
        CohortForm {
            csrf: None,
            name: Some(c.name.clone()),
            capacity: Some(c.capacity.to_string()),
            applications_open_at: Some(datetime_local_value(c.applications_open_at)),
            applications_close_at: Some(datetime_local_value(c.applications_close_at)),
            starts_on: Some(c.starts_on.to_string()),
            ends_on: Some(c.ends_on.to_string()),
            venue: Some(c.venue.clone()),
            selection_mode: Some(c.selection_mode.clone()),
            selection_employer_quota: c.employer_quota.map(|q| q.to_string()),
            selection_offer_hours: Some(c.offer_hours.to_string()),
        }
    }

    /// The same answers, trimmed, with "" for the blanks (what the form shows).
    fn values(&self) -> CohortForm {
        let t = |v: &Option<String>| Some(text(v));
        CohortForm {
            csrf: None,
            name: t(&self.name),
            capacity: t(&self.capacity),
            applications_open_at: t(&self.applications_open_at),
            applications_close_at: t(&self.applications_close_at),
            starts_on: t(&self.starts_on),
            ends_on: t(&self.ends_on),
            venue: t(&self.venue),
            selection_mode: t(&self.selection_mode),
            selection_employer_quota: t(&self.selection_employer_quota),
            selection_offer_hours: t(&self.selection_offer_hours),
        }
    }

    /// The service's input, or every problem: the form's own (a number or a
    /// date that does not read), then the service's about the rest.
    pub fn input(&self) -> Result<CohortInput, Vec<FieldError>> {
        let mut errors = vec![];
        let capacity = match whole_number(&text(&self.capacity)) {
            Ok(Some(n)) => n,
            Ok(None) => {
                errors.push(required("capacity"));
                1
            }
            Err(_) => {
                errors.push(not_a_number("capacity"));
                1
            }
        };
        let fallback_time = DateTime::<FixedOffset>::default();
        let mut instant = |field: &'static str, v: &Option<String>| {
            beijing_datetime(&text(v)).unwrap_or_else(|| {
                errors.push(if text(v).is_empty() {
                    required(field)
                } else {
                    datetime_invalid(field)
                });
                fallback_time
            })
        };
        let open = instant("applications_open_at", &self.applications_open_at);
        let close = instant("applications_close_at", &self.applications_close_at);
        let mut day = |field: &'static str, v: &Option<String>| {
            date(&text(v)).unwrap_or_else(|| {
                errors.push(if text(v).is_empty() {
                    required(field)
                } else {
                    date_invalid(field)
                });
                NaiveDate::default()
            })
        };
        let starts_on = day("starts_on", &self.starts_on);
        let ends_on = day("ends_on", &self.ends_on);
        let selection = selection_input(self, &mut errors);
        let input = CohortInput {
            name: text(&self.name),
            capacity,
            applications_open_at: open,
            applications_close_at: close,
            starts_on,
            ends_on,
            venue: text(&self.venue),
            selection: Some(selection),
        };
        if errors.is_empty() {
            return Ok(input);
        }
        let dates_unread = errors
            .iter()
            .any(|e| DATE_FIELDS.contains(&e.field.as_str()));
        let flagged: Vec<String> = errors.iter().map(|e| e.field.clone()).collect();
        if let Err(more) = cohorts::validate(&input) {
            errors.extend(more.into_iter().filter(|e| {
                !(flagged.contains(&e.field)
                    || (dates_unread && DATE_FIELDS.contains(&e.field.as_str())))
            }));
        }
        Err(errors)
    }
}

struct Target<'a> {
    workshop: &'a Workshop,
    cohort: Option<&'a cohort::Model>,
}

fn form_page(
    base: &PageBase,
    org: &Organizer,
    target: Target<'_>,
    values: &CohortForm,
    errors: &[FieldError],
    status: Status,
) -> Answer {
    let (error_map, error_list) = shown(errors, base.english(), &ORDER);
    let action = match target.cohort {
        Some(c) => crate::web::paths::cohort_edit(c.id),
        None => crate::web::paths::cohort_new(target.workshop.model.id),
    };
    let ctx = base
        .ctx(Some(&org.0))
        .with("v", values)
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("action", action)
        .with("is_edit", target.cohort.is_some())
        .with("cohort_id", target.cohort.map(|c| c.id))
        .with("workshop_title", &target.workshop.model.title)
        .with(
            "selection_modes",
            serde_json::json!([
                {"value": "review", "label": base.t("page_organizers_review")},
                {"value": "draw", "label": base.t("page_a_public_draw_after_the")},
            ]),
        );
    Answer::with_status(status, "pages/cohort_form", ctx)
}

#[get("/workshops/<id>/cohorts/new")]
pub async fn new_page(state: &State<AppState>, base: PageBase, org: Organizer, id: i64) -> Answer {
    match workshops::get(&state.db, id).await {
        Ok(w) => form_page(
            &base,
            &org,
            Target {
                workshop: &w,
                cohort: None,
            },
            &<CohortForm as Default>::default().values(),
            &[],
            Status::Ok,
        ),
        Err(e) => e.into(),
    }
}

#[post("/workshops/<id>/cohorts/new", data = "<form>")]
pub async fn create(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    form: crate::web::input::CheckedForm<CohortForm>,
) -> AppResult<Answer> {
    let w = workshops::get(&state.db, id).await?;
    let target = Target {
        workshop: &w,
        cohort: None,
    };
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return Ok(form_page(
            &base,
            &org,
            target,
            &form.values(),
            &[FieldError::new("csrf", e.message())],
            Status::Forbidden,
        ));
    }
    let saved = match form.input() {
        Ok(input) => cohorts::create(&state.db, org.0.id, id, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    Ok(match saved {
        Ok(c) => {
            let msg = base.t("page_the_cohort_is_saved_as");
            go_with(
                crate::web::paths::manage(c.id),
                flash_lines("success", &[("created".into(), msg)]),
            )
        }
        Err(AppError::Validation(errors)) => form_page(
            &base,
            &org,
            target,
            &form.values(),
            &errors,
            Status::UnprocessableEntity,
        ),
        Err(e) => e.into(),
    })
}

#[get("/cohorts/<id>/edit")]
pub async fn edit_page(state: &State<AppState>, base: PageBase, org: Organizer, id: i64) -> Answer {
    let found = async {
        let c = cohorts::get(&state.db, id).await?;
        let w = workshops::get(&state.db, c.workshop_id).await?;
        Ok::<_, AppError>((c, w))
    };
    match found.await {
        Ok((c, w)) => form_page(
            &base,
            &org,
            Target {
                workshop: &w,
                cohort: Some(&c),
            },
            &CohortForm::of(&c),
            &[],
            Status::Ok,
        ),
        Err(e) => e.into(),
    }
}

#[post("/cohorts/<id>/edit", data = "<form>")]
pub async fn update(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    form: crate::web::input::CheckedForm<CohortForm>,
) -> AppResult<Answer> {
    let found = async {
        let c = cohorts::get(&state.db, id).await?;
        let w = workshops::get(&state.db, c.workshop_id).await?;
        Ok::<_, AppError>((c, w))
    };
    let (c, w) = found.await?;
    let target = Target {
        workshop: &w,
        cohort: Some(&c),
    };
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return Ok(form_page(
            &base,
            &org,
            target,
            &form.values(),
            &[FieldError::new("csrf", e.message())],
            Status::Forbidden,
        ));
    }
    let saved = match form.input() {
        Ok(input) => cohorts::update(&state.db, org.0.id, id, &input).await,
        Err(errors) => Err(AppError::Validation(errors)),
    };
    Ok(match saved {
        Ok(c) => go_with(
            crate::web::paths::manage(c.id),
            flash_lines(
                "success",
                &[("saved".into(), base.t("page_the_cohort_is_saved"))],
            ),
        ),
        Err(AppError::Validation(errors)) => form_page(
            &base,
            &org,
            target,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CohortForm {
        CohortForm {
            csrf: None,
            name: Some("第一期".into()),
            capacity: Some("30".into()),
            applications_open_at: Some("2026-12-01T09:00".into()),
            applications_close_at: Some("2026-12-20T17:00".into()),
            starts_on: Some("2027-01-04".into()),
            ends_on: Some("2027-01-29".into()),
            venue: Some("绍兴市焊接实训基地".into()),
            selection_mode: None,
            selection_employer_quota: None,
            selection_offer_hours: None,
        }
    }

    #[test]
    fn the_window_is_beijing_time() {
        let input = form()
            .input()
            .map_err(|e| format!("{e:?}"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            input.applications_open_at.to_rfc3339(),
            "2026-12-01T09:00:00+08:00"
        );
        assert_eq!(input.capacity, 30);
    }

    #[test]
    fn a_word_for_capacity_and_a_bad_date_are_field_errors_without_stand_in_complaints() {
        let mut f = form();
        f.capacity = Some("thirty".into());
        f.starts_on = Some("soon".into());
        f.venue = Some("x".into());
        let errors = f.input().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["capacity", "starts_on", "venue"]);
    }
}
