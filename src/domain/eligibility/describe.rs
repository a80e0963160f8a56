//! Entry rules in plain words, from the catalogs' `rule_*` entries.

use super::{Condition, EntryRules};
use crate::domain::qualification::SkillLevel;
use crate::i18n::catalog::{Value, lookup};
use crate::i18n::{Locale, t};

pub(super) fn describe(rules: &EntryRules) -> (String, String) {
    (
        describe_in(rules, Locale::Zh),
        describe_in(rules, Locale::En),
    )
}

/// The rules in the reader's language: the alternatives joined by "or", the
/// conditions of one alternative by "and".
pub(super) fn describe_in(rules: &EntryRules, locale: Locale) -> String {
    if rules.any_of.is_empty() {
        return t(locale, "rules_none");
    }
    let and = t(locale, "rules_and");
    rules
        .any_of
        .iter()
        .map(|a| {
            a.all_of
                .iter()
                .map(|c| condition(c, locale))
                .collect::<Vec<_>>()
                .join(&and)
        })
        .collect::<Vec<_>>()
        .join(&t(locale, "rules_or"))
}

fn condition(c: &Condition, locale: Locale) -> String {
    let (key, args) = match c {
        Condition::Certificate { trade, min_level } => {
            let or_higher = if *min_level == SkillLevel::HIGHEST {
                "no"
            } else {
                "yes"
            };
            (
                "rule_words_certificate",
                vec![
                    ("level", Value::Text(min_level.label(locale))),
                    ("or_higher", Value::Text(or_higher.into())),
                    ("trade", Value::Text(trade.label(locale))),
                ],
            )
        }
        Condition::Experience { trade, min_years } => (
            "rule_words_experience",
            vec![
                ("trade", Value::Text(trade.label(locale))),
                ("years", Value::Number(i64::from(*min_years))),
            ],
        ),
    };
    lookup(locale, key, &args).unwrap_or_else(|| key.to_string())
}
