//! CSRF protection for HTML forms: a random token in a private (encrypted,
//! HttpOnly, SameSite) cookie, repeated in a hidden field, compared in constant time.
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::request::{FromRequest, Outcome, Request};

use crate::crypto;
use crate::domain::Message;
use crate::error::AppError;

pub const COOKIE: &str = "gj_csrf";

/// The token for this browser; created on first use.
pub struct CsrfToken(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let secure = req
            .rocket()
            .state::<crate::AppState>()
            .is_some_and(|s| s.settings.secure_cookies());
        Outcome::Success(CsrfToken(token_for(req.cookies(), secure)))
    }
}

/// The browser's token, or a new one in a cookie (`Secure` under an https
/// public URL).
pub fn token_for(cookies: &CookieJar<'_>, secure: bool) -> String {
    if let Some(c) = cookies.get_private(COOKIE) {
        return c.value().to_string();
    }
    let token = crypto::random_token();
    cookies.add_private(
        Cookie::build((COOKIE, token.clone()))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(secure)
            .path("/"),
    );
    token
}

/// Accepts a submitted form only when its token matches this browser's cookie.
pub fn verify(cookies: &CookieJar<'_>, submitted: &str) -> Result<(), AppError> {
    match cookies.get_private(COOKIE) {
        Some(c) if !submitted.is_empty() && crypto::constant_time_eq(c.value(), submitted) => {
            Ok(())
        }
        _ => Err(stale()),
    }
}

/// The form field that carries the token.
pub const FIELD: &str = "csrf";

/// An HTML form that came from this site: its `csrf` field matches this
/// browser's cookie, or it is refused with 403 and the page that says so
/// (missing and wrong tokens alike, before the form is judged), and nothing
/// changes. Its fields are checked for control characters as every form's
/// are (`web::input::CheckedForm`).
pub struct CsrfForm<T>(pub T);

impl<T> std::ops::Deref for CsrfForm<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> CsrfForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Whether the decoded fields carry this browser's token (pure but for the cookie).
pub fn verify_fields(cookies: &CookieJar<'_>, fields: &[(String, String)]) -> Result<(), AppError> {
    let submitted = fields
        .iter()
        .find(|(k, _)| k == FIELD)
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    if submitted.is_empty() {
        return Err(stale());
    }
    verify(cookies, submitted)
}

/// The refusal of a form without this browser's token.
pub fn stale() -> AppError {
    AppError::Forbidden(Message::of("csrf_failed"))
}

#[rocket::async_trait]
impl<'r, T: rocket::form::FromForm<'r> + Send> rocket::data::FromData<'r> for CsrfForm<T> {
    type Error = crate::web::input::FormRefusal<'r>;

    async fn from_data(
        req: &'r Request<'_>,
        data: rocket::Data<'r>,
    ) -> rocket::data::Outcome<'r, Self> {
        use crate::web::input::{FormRefusal, is_form, parse_fields, read_form, refuse};
        use rocket::outcome::Outcome;
        if !is_form(req) {
            return Outcome::Forward((data, rocket::http::Status::UnsupportedMediaType));
        }
        let fields = match read_form(req, data).await {
            Ok(f) => f,
            Err(e) => return refuse(req, e),
        };
        if let Err(e) = verify_fields(req.cookies(), &fields.0) {
            return refuse(req, e);
        }
        match parse_fields::<T>(fields) {
            Ok(v) => Outcome::Success(CsrfForm(v)),
            Err(e) => Outcome::Error((e.status(), FormRefusal::Invalid(e))),
        }
    }
}
