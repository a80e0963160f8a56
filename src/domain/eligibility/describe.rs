//! Entry rules in plain words.

use super::{Condition, EntryRules};
use crate::domain::qualification::{SkillLevel, article};

pub(super) fn describe(rules: &EntryRules) -> (String, String) {
    if rules.any_of.is_empty() {
        return ("（未设置报名条件）".into(), "(no entry rules set)".into());
    }
    let zh: Vec<String> = rules
        .any_of
        .iter()
        .map(|a| {
            a.all_of
                .iter()
                .map(condition_zh)
                .collect::<Vec<_>>()
                .join("且")
        })
        .collect();
    let en: Vec<String> = rules
        .any_of
        .iter()
        .map(|a| {
            a.all_of
                .iter()
                .map(condition_en)
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    (zh.join("，或"), en.join(", or "))
}

fn condition_zh(c: &Condition) -> String {
    match c {
        Condition::Certificate { trade, min_level } => {
            let or_higher = if *min_level == SkillLevel::HIGHEST {
                ""
            } else {
                "及以上"
            };
            format!(
                "持{}{or_higher}{}证书",
                min_level.label(crate::i18n::Locale::Zh),
                trade.label(crate::i18n::Locale::Zh)
            )
        }
        Condition::Experience {
            trade,
            min_years: 0,
        } => format!("从事{}工作", trade.label(crate::i18n::Locale::Zh)),
        Condition::Experience { trade, min_years } => {
            format!(
                "从事{}工作满{min_years}年",
                trade.label(crate::i18n::Locale::Zh)
            )
        }
    }
}

fn condition_en(c: &Condition) -> String {
    match c {
        Condition::Certificate { trade, min_level } => {
            let level = min_level.label(crate::i18n::Locale::En);
            let or_higher = if *min_level == SkillLevel::HIGHEST {
                ""
            } else {
                " or higher"
            };
            format!(
                "{} {level}{or_higher} {} certificate",
                article(&level),
                trade.label(crate::i18n::Locale::En)
            )
        }
        Condition::Experience { trade, min_years } => {
            let trade = trade.label(crate::i18n::Locale::En);
            let as_trade = format!("working as {} {trade}", article(&trade));
            match min_years {
                0 => as_trade,
                1 => format!("at least 1 year {as_trade}"),
                n => format!("at least {n} years {as_trade}"),
            }
        }
    }
}
