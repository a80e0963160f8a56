//! Calendar feeds that phones subscribe to (`webcal://…/calendar/<token>.ics`).
use rocket::http::{ContentType, Header};
use rocket::response::{self, Responder, Response};
use rocket::{Request, State, get, routes};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::calendar;

/// An iCalendar document, never cached by the way (it changes with the sessions).
pub struct Ics(pub String);

impl<'r> Responder<'r, 'static> for Ics {
    fn respond_to(self, _req: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .header(ContentType::new("text", "calendar").with_params(("charset", "utf-8")))
            .header(Header::new("Cache-Control", "no-store"))
            .header(Header::new(
                "Content-Disposition",
                "inline; filename=\"gongjiang.ics\"",
            ))
            .sized_body(self.0.len(), std::io::Cursor::new(self.0.into_bytes()))
            .ok()
    }
}

/// The sessions of a participant's cohort (or of a mentor's cohorts), as a
/// subscribable calendar; cancelled sessions stay in it, marked cancelled.
#[utoipa::path(get, path = "/calendar/{file}", tag = "notices",
    params(("file" = String, Path, description = "`<token>.ics`, the token from the welcome mail, the status page or the mentor's page")),
    responses((status = 200, description = "text/calendar (RFC 5545)"), (status = 404)))]
#[get("/calendar/<file>")]
pub async fn feed(state: &State<AppState>, file: &str) -> AppResult<Ics> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    Ok(Ics(calendar::feed(state, token).await?))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![feed]
}
