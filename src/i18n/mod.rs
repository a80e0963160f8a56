//! Languages, below every other layer: the reader's `Locale`, the message
//! catalogs (Project Fluent, `locales/<lang>/<area>.ftl`, embedded in the
//! binary), user-facing `Message`s as a code plus arguments, and dates in the
//! reader's format. `service`, `mail` and `domain` use this; it uses none of
//! them.
pub mod catalog;
pub mod fmt;
mod message;

pub use catalog::{strings, t, text};
pub use message::{Arg, Message};

/// Chinese by default; English when the reader chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    Zh,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Zh, Locale::En];

    pub fn is_english(self) -> bool {
        self == Locale::En
    }

    pub fn from_english(english: bool) -> Locale {
        if english { Locale::En } else { Locale::Zh }
    }

    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    /// `<html lang>` value, and the catalog folder under `locales/`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Locale::Zh)
        } else if s.starts_with("en") {
            Some(Locale::En)
        } else {
            None
        }
    }
}

/// One text in both languages, as the API answers it (`{"en", "zh"}`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Bilingual {
    pub en: String,
    pub zh: String,
}

impl Bilingual {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            en: en.into(),
            zh: zh.into(),
        }
    }
}

/// The supported language the header ranks highest (by q, then order);
/// Chinese when it names neither.
pub fn from_accept_language(header: &str) -> Locale {
    let mut best: Option<(f32, Locale)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if let Some(l) = Locale::parse(tag)
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l).unwrap_or(Locale::Zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_supported_language() {
        let cases = [
            ("zh-CN,zh;q=0.9,en;q=0.8", Locale::Zh),
            ("en-US,en;q=0.9", Locale::En),
            ("en-GB;q=0.5,zh;q=0.9", Locale::Zh),
            ("fr-FR,en;q=0.7", Locale::En),
            ("fr-FR", Locale::Zh),
            ("", Locale::Zh),
            ("en;q=garbage", Locale::En),
        ];
        for (header, want) in cases {
            assert_eq!(from_accept_language(header), want, "{header}");
        }
    }
}
