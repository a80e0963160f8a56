//! Chinese by default; English when the reader chose it (cookie `lang`) or the
//! browser's `Accept-Language` prefers it. `Locale` and the catalogs live in
//! `crate::i18n` (below `service` and `mail`); this is how a request names its
//! language, and the page strings templates get as `t`.
use std::collections::HashMap;

use rocket::request::{FromRequest, Outcome, Request};

pub use crate::i18n::{Locale, from_accept_language};

impl Locale {
    pub fn of(req: &Request<'_>) -> Locale {
        if let Some(l) = req
            .cookies()
            .get("lang")
            .and_then(|c| Locale::parse(c.value()))
        {
            return l;
        }
        req.headers()
            .get_one("Accept-Language")
            .map(from_accept_language)
            .unwrap_or(Locale::Zh)
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Locale {
    type Error = std::convert::Infallible;
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(Locale::of(req))
    }
}

/// The page strings for a locale, as the templates' `t` object: the
/// catalog's page keys.
pub fn strings(locale: Locale) -> &'static HashMap<&'static str, &'static str> {
    crate::i18n::strings(locale)
}
