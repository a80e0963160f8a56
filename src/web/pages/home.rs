//! The home page, the language switch and the staff dashboard.
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::response::Redirect;
use rocket::{State, get, routes};

use crate::AppState;
use crate::error::AppResult;
use crate::web::auth::{MaybeUser, SessionUser};
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::{dashboard as staff_dashboard, public};
use crate::web::pages::{Answer, PageBase};

/// The cohorts open for applications, as cards with an apply button.
#[get("/")]
pub async fn index(state: &State<AppState>, base: PageBase, user: MaybeUser) -> Answer {
    match public::open_cohort_cards(state, base.locale).await {
        Ok(cohorts) => Answer::ok("index", base.ctx(user.0.as_ref()).with("cohorts", cohorts)),
        Err(e) => e.into(),
    }
}

/// Switches the language and remembers it for a year.
#[get("/lang/<code>?<next>")]
pub fn switch_language(code: &str, next: Option<&str>, cookies: &CookieJar<'_>) -> Redirect {
    let locale = Locale::parse(code).unwrap_or(Locale::Zh);
    cookies.add(
        Cookie::build(("lang", locale.code()))
            .path("/")
            .same_site(SameSite::Lax)
            .max_age(rocket::time::Duration::days(365)),
    );
    let next = next
        .and_then(crate::web::return_path::same_site)
        .unwrap_or_else(|| "/".into());
    Redirect::to(next)
}

#[get("/dashboard")]
pub async fn dashboard(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
) -> AppResult<Answer> {
    staff_dashboard::page(state, &base, &user).await
}

pub fn routes() -> Vec<rocket::Route> {
    routes![index, switch_language, dashboard]
}
