//! Entry rules of a workshop and the verdict on an application.
//!
//! Rules are data: any one of several alternatives, each a list of
//! conditions that must all hold. The JSON form is the workshop body's
//! `entry_rules`, e.g. `{"any_of": [{"all_of": [{"certificate":
//! {"trade": "welder", "min_level": 4}}]}]}`.

mod describe;
mod verdict;

pub use verdict::{Verdict, evaluate, full_years};

use super::Message;
use super::qualification::{SkillLevel, Trade};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most alternatives one workshop may have.
pub const MAX_ALTERNATIVES: usize = 10;
/// Most conditions one alternative may have.
pub const MAX_CONDITIONS: usize = 10;
/// Most years of experience a rule may ask for.
pub const MAX_YEARS: u32 = 60;

/// A workshop's entry rules: an applicant qualifies when any alternative holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRules {
    pub any_of: Vec<Alternative>,
}

/// One way to qualify: every condition must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub all_of: Vec<Condition>,
}

/// One condition, written in JSON as `{"certificate": {...}}` or `{"experience": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// A certificate in `trade` at `min_level` or higher.
    Certificate { trade: Trade, min_level: SkillLevel },
    /// At least `min_years` whole years in `trade`, counted to the application deadline.
    Experience { trade: Trade, min_years: u32 },
}

impl Condition {
    /// The kind's name as it appears in a verdict's basis.
    pub fn kind(&self) -> &'static str {
        match self {
            Condition::Certificate { .. } => "certificate",
            Condition::Experience { .. } => "experience",
        }
    }
}

/// What an applicant states about their qualification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicantFacts {
    /// The trade they work in now.
    pub trade: Trade,
    /// When they began working in that trade (already checked not to be in the future).
    pub started_trade_on: Option<NaiveDate>,
    /// Their highest skill certificate, if any.
    pub certificate: Option<HeldCertificate>,
}

/// A skill certificate (a vocational qualification or a skill-level certificate; both count).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldCertificate {
    pub trade: Trade,
    pub level: SkillLevel,
}

impl EntryRules {
    /// Checks the rules an organizer wrote: at least one alternative, none
    /// empty, at most [`MAX_ALTERNATIVES`] × [`MAX_CONDITIONS`], minimum levels
    /// that are certificate levels, years 0–[`MAX_YEARS`]. Returns every problem found.
    pub fn validate(&self) -> Result<(), Vec<Message>> {
        let mut problems = Vec::new();
        if self.any_of.is_empty() {
            problems.push(Message::keyed(
                "rules_no_alternative",
                "msg-rules_no_alternative-2",
            ));
        }
        if self.any_of.len() > MAX_ALTERNATIVES {
            problems.push(
                Message::of("rules_too_many_alternatives")
                    .arg("max_alternatives", &MAX_ALTERNATIVES),
            );
        }
        for (i, alternative) in self.any_of.iter().enumerate() {
            let n = i + 1;
            if alternative.all_of.is_empty() {
                problems.push(Message::of("rules_empty_alternative").arg("n", &n));
            }
            if alternative.all_of.len() > MAX_CONDITIONS {
                problems.push(
                    Message::of("rules_too_many_conditions")
                        .arg("n", &n)
                        .arg("max_conditions", &MAX_CONDITIONS),
                );
            }
            for condition in &alternative.all_of {
                match condition {
                    Condition::Certificate { min_level, .. }
                        if *min_level == SkillLevel::Apprentice =>
                    {
                        problems.push(Message::of("rules_level_invalid").arg("n", &n));
                    }
                    Condition::Experience { min_years, .. } if *min_years > MAX_YEARS => {
                        problems.push(
                            Message::of("rules_years_invalid")
                                .arg("n", &n)
                                .arg("max_years", &MAX_YEARS),
                        );
                    }
                    _ => {}
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The rules in plain words, Chinese and English, e.g.
    /// "an intermediate (level 4) or higher welder certificate, or at least 8 years working as a welder".
    pub fn describe(&self) -> (String, String) {
        describe::describe(self)
    }

    /// The rules in the reader's language.
    pub fn describe_in(&self, locale: crate::i18n::Locale) -> String {
        describe::describe_in(self, locale)
    }
}

#[cfg(test)]
mod tests;
