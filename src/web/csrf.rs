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
        Some(c) if crypto::constant_time_eq(c.value(), submitted) => Ok(()),
        _ => Err(AppError::Forbidden(Message::of("csrf_failed"))),
    }
}
