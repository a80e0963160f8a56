//! The home page, the language switch and the staff dashboard.
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::response::Redirect;
use rocket::{get, routes};
use rocket_dyn_templates::Template;

use crate::web::auth::{MaybeUser, SessionUser, safe_next};
use crate::web::csrf::CsrfToken;
use crate::web::i18n::Locale;
use crate::web::page::base_context;

#[get("/")]
pub async fn index(locale: Locale, user: MaybeUser, csrf: CsrfToken) -> Template {
    let cohorts: Vec<serde_json::Value> = vec![];
    let ctx = base_context(locale, user.0.as_ref())
        .with("csrf", csrf.0)
        .with("cohorts", cohorts);
    Template::render("index", ctx.into_json())
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
    let next = match next {
        Some(n) => safe_next(Some(n)),
        None => "/".into(),
    };
    Redirect::to(next)
}

#[get("/dashboard")]
pub fn dashboard(locale: Locale, user: SessionUser, csrf: CsrfToken) -> Template {
    let ctx = base_context(locale, Some(&user)).with("csrf", csrf.0);
    Template::render("dashboard", ctx.into_json())
}

pub fn routes() -> Vec<rocket::Route> {
    routes![index, switch_language, dashboard]
}
