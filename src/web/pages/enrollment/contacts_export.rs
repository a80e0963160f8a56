//! The roster with contacts (full mobile numbers and email) of a cohort's
//! admitted participants, as CSV or Excel: a form on the reports page (POST
//! with the CSRF token, so no other site can make a download happen), for
//! the owning organizer only, each download audited by the service.
use rocket::form::FromForm;
use rocket::http::ContentType;
use rocket::{State, post, routes};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::applications::staff;
use crate::web::api::mentoring::records::Download;
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::i18n::Locale;

#[derive(Debug, FromForm)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

/// `contacts.csv` or `contacts.xlsx`; anything else is not found.
#[post("/cohorts/<id>/reports/<file>", data = "<form>")]
pub async fn download(
    state: &State<AppState>,
    org: Organizer,
    locale: Locale,
    id: i64,
    file: &str,
    form: csrf::CsrfForm<CsrfOnly>,
) -> AppResult<Download> {
    let _checked = form; // the token was checked by the guard
    let ext = match file {
        "contacts.csv" => "csv",
        "contacts.xlsx" => "xlsx",
        _ => return Err(AppError::NotFound),
    };
    let table = staff::contacts(state, org.0.id, id, ext, locale).await?;
    let (bytes, content_type) = if ext == "csv" {
        (
            table.to_csv().into_bytes(),
            ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        )
    } else {
        (
            table.to_xlsx()?,
            crate::web::api::mentoring::records::xlsx_type(),
        )
    };
    Ok(Download {
        bytes,
        content_type,
        filename: format!("cohort-{id}-contacts.{ext}"),
    })
}

pub fn routes() -> Vec<rocket::Route> {
    routes![download]
}
