//! Chinese by default; English when the reader chose it (cookie `lang`) or the
//! browser's `Accept-Language` prefers it. `Locale` and the catalogs live in
//! `crate::i18n` (below `service` and `mail`); this is how a request names its
//! language, and the page strings templates get as `t`.
use std::collections::HashMap;
use std::sync::LazyLock;

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

/// key, Chinese, English.
const STRINGS: &[(&str, &str, &str)] = &[];

/// Rows of the page-string tables in code (key, Chinese, English): the form
/// before the catalogs, still read so branches written in it work;
/// `scripts/strings_to_ftl.py` moves them into `locales/`.
fn all_strings() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    STRINGS
        .iter()
        .chain(crate::web::pages::strings::STRINGS)
        .chain(crate::web::mentor_pages_strings::STRINGS)
        .chain(crate::web::floor_strings::STRINGS)
        .chain(crate::web::guidance_strings::STRINGS)
        .chain(crate::web::credential_strings::STRINGS)
        .chain(crate::web::pages::selection_strings::STRINGS)
        .chain(crate::web::pages::recover_strings::STRINGS)
        .chain(crate::web::account_strings::STRINGS)
        .chain(crate::web::desk_strings::STRINGS)
        .chain(crate::web::pages::review_strings::STRINGS)
        .chain(crate::web::checkin_strings::STRINGS)
}

static TABLES: LazyLock<[HashMap<&'static str, &'static str>; 2]> = LazyLock::new(|| {
    Locale::ALL.map(|l| {
        let mut t = crate::i18n::strings(l).clone();
        for (k, zh, en) in all_strings() {
            t.insert(*k, if l.is_english() { *en } else { *zh });
        }
        t
    })
});

/// The page strings for a locale, as the templates' `t` object: the catalog's
/// page keys (and any table row not yet moved there).
pub fn strings(locale: Locale) -> &'static HashMap<&'static str, &'static str> {
    &TABLES[usize::from(locale.is_english())]
}
