//! The choices forms offer: trades, certificate levels, welding processes,
//! application statuses — each with its words in the reader's language.
use serde::Serialize;

use crate::domain::cohort::ApplicationStatus;
use crate::domain::qualification::{SkillLevel, Trade, WeldingProcess};
use crate::web::i18n::Locale;

/// Certificate levels as the form sends them, highest grade last.
pub const LEVELS: [&str; 7] = ["5", "4", "3", "2", "1", "principal", "chief"];

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn trade_label(word: &str, locale: Locale) -> String {
    match Trade::parse(word) {
        Ok(t) if locale.is_english() => t.label(crate::i18n::Locale::En).to_string(),
        Ok(t) => t.label(crate::i18n::Locale::Zh).to_string(),
        Err(_) => word.to_string(),
    }
}

/// Known trades, plus `extra` (e.g. a workshop's own trade) when it is not one of them.
pub fn trades(locale: Locale, extra: &str) -> Vec<Choice> {
    let mut words: Vec<&str> = Trade::known().iter().map(|k| k.word).collect();
    if !extra.is_empty() && !words.contains(&extra) {
        words.push(extra);
    }
    words
        .into_iter()
        .map(|w| Choice {
            value: w.to_string(),
            label: trade_label(w, locale),
        })
        .collect()
}

pub fn level_label(level: SkillLevel, locale: Locale) -> String {
    level.label(locale)
}

pub fn levels(locale: Locale) -> Vec<Choice> {
    LEVELS
        .iter()
        .filter_map(|v| {
            let level = SkillLevel::parse_json(&serde_json::Value::String((*v).into())).ok()?;
            Some(Choice {
                value: (*v).to_string(),
                label: level_label(level, locale).to_string(),
            })
        })
        .collect()
}

/// The form value of a level (`"4"`, `"principal"`).
pub fn level_value(level: SkillLevel) -> String {
    match level.api_value() {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

pub fn processes(locale: Locale) -> Vec<Choice> {
    WeldingProcess::ALL
        .iter()
        .map(|p| Choice {
            value: p.code().to_string(),
            label: crate::i18n::fmt::with_detail(locale, &p.label(locale), p.code()),
        })
        .collect()
}

pub fn status_label(status: &str, locale: Locale) -> String {
    match ApplicationStatus::parse(status) {
        Some(s) if locale.is_english() => s.label(crate::i18n::Locale::En).to_string(),
        Some(s) => s.label(crate::i18n::Locale::Zh).to_string(),
        None => status.to_string(),
    }
}

pub fn statuses(locale: Locale) -> Vec<Choice> {
    ApplicationStatus::ALL
        .iter()
        .map(|s| Choice {
            value: s.as_str().to_string(),
            label: status_label(s.as_str(), locale),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_trade_has_words_and_every_level_parses() {
        for k in Trade::known() {
            assert_eq!(trade_label(k.word, Locale::Zh), k.label(Locale::Zh));
            assert_eq!(trade_label(k.word, Locale::En), k.label(Locale::En));
        }
        assert_eq!(levels(Locale::Zh).len(), LEVELS.len());
        assert_eq!(levels(Locale::Zh)[1].label, "中级工（四级）");
        assert_eq!(level_value(SkillLevel::Intermediate), "4");
        assert_eq!(level_value(SkillLevel::Principal), "principal");
    }

    #[test]
    fn an_unknown_workshop_trade_is_offered_too() {
        let list = trades(Locale::En, "boilermaker");
        assert_eq!(list.last().map(|c| c.value.as_str()), Some("boilermaker"));
        assert_eq!(trades(Locale::En, "welder").len(), Trade::known().len());
    }
}
