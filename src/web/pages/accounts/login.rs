//! The sign-in page and signing out from a page.
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::response::Redirect;
use rocket::{State, get, post, routes};
use rocket_dyn_templates::Template;
use serde_json::Value;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::accounts::Role;
use crate::web::auth::{ClientAddr, CsrfOnly, UserAgent, WithRetryAfter, end, safe_next, sign_in};
use crate::web::csrf::{self, CsrfToken};
use crate::web::i18n::Locale;
use crate::web::page::base_context;

#[get("/login?<next>")]
pub fn login_page(locale: Locale, csrf: CsrfToken, next: Option<&str>) -> Template {
    let ctx = base_context(locale, None)
        .with("csrf", csrf.0)
        .with("next", safe_next(next))
        .with("email", "")
        .with("remember", false)
        .with("error", Value::Null);
    Template::render("login", ctx.into_json())
}

#[derive(FromForm)]
pub struct LoginForm<'r> {
    pub email: &'r str,
    pub password: &'r str,
    pub csrf: Option<&'r str>,
    pub next: Option<&'r str>,
    pub remember: bool,
}

#[post("/login", data = "<form>")]
pub async fn login_submit(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
    locale: Locale,
    client: ClientAddr,
    agent: UserAgent,
    form: csrf::CsrfForm<LoginForm<'_>>,
) -> Result<Redirect, (Status, WithRetryAfter<Template>)> {
    let render_error = |err: AppError, status: Status| {
        let ctx = base_context(locale, None)
            .with(
                "csrf",
                csrf::token_for(cookies, state.settings.secure_cookies()),
            )
            .with("next", safe_next(form.next))
            .with("email", form.email)
            .with("remember", form.remember)
            .with("error", err.message().text(locale.is_english()))
            .with(
                "retry_after",
                match &err {
                    AppError::TooManyRequests { retry_after } => Some(*retry_after),
                    _ => None,
                },
            );
        let retry_after = match &err {
            AppError::TooManyRequests { retry_after } => Some(*retry_after),
            _ => None,
        };
        (
            status,
            WithRetryAfter(Template::render("login", ctx.into_json()), retry_after),
        )
    };
    let who = (client.0.as_str(), agent.0.as_str());
    match sign_in(
        state,
        cookies,
        who,
        form.email,
        form.password,
        form.remember,
    )
    .await
    {
        // A mentor signing in without a page to return to goes straight to
        // their own page, not the organizers' dashboard.
        Ok(user)
            if user.role == Role::Mentor.as_str()
                && form.next.is_none_or(|n| n == "/dashboard") =>
        {
            Ok(Redirect::to("/mentor"))
        }
        Ok(_) => Ok(Redirect::to(safe_next(form.next))),
        Err(e) => {
            let status = e.status();
            Err(render_error(e, status))
        }
    }
}

#[post("/logout", data = "<_form>")]
pub async fn logout_submit(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
    _form: csrf::CsrfForm<CsrfOnly<'_>>,
) -> AppResult<Redirect> {
    end(state, cookies).await?;
    Ok(Redirect::to("/"))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![login_page, login_submit, logout_submit]
}
