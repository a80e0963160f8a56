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

/// A skill certificate (职业资格证书 or 职业技能等级证书; both count).
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
            problems.push(Message::new(
                "rules_no_alternative",
                "报名条件至少要有一项",
                "The entry rules need at least one alternative",
            ));
        }
        if self.any_of.len() > MAX_ALTERNATIVES {
            problems.push(Message::new(
                "rules_too_many_alternatives",
                format!("报名条件最多{MAX_ALTERNATIVES}项"),
                format!("The entry rules may have at most {MAX_ALTERNATIVES} alternatives"),
            ));
        }
        for (i, alternative) in self.any_of.iter().enumerate() {
            let n = i + 1;
            if alternative.all_of.is_empty() {
                problems.push(Message::new(
                    "rules_empty_alternative",
                    format!("第{n}项报名条件是空的"),
                    format!("Alternative {n} of the entry rules has no conditions"),
                ));
            }
            if alternative.all_of.len() > MAX_CONDITIONS {
                problems.push(Message::new(
                    "rules_too_many_conditions",
                    format!("第{n}项报名条件最多含{MAX_CONDITIONS}个要求"),
                    format!("Alternative {n} may have at most {MAX_CONDITIONS} conditions"),
                ));
            }
            for condition in &alternative.all_of {
                match condition {
                    Condition::Certificate { min_level, .. }
                        if *min_level == SkillLevel::Apprentice =>
                    {
                        problems.push(Message::new(
                            "rules_level_invalid",
                            format!("第{n}项报名条件的证书等级应为1至5级、特级技师或首席技师"),
                            format!("Alternative {n}: the minimum level must be a certificate level (1-5, principal or chief)"),
                        ));
                    }
                    Condition::Experience { min_years, .. } if *min_years > MAX_YEARS => {
                        problems.push(Message::new(
                            "rules_years_invalid",
                            format!("第{n}项报名条件的工作年限应为0至{MAX_YEARS}年"),
                            format!(
                                "Alternative {n}: the years of experience must be 0 to {MAX_YEARS}"
                            ),
                        ));
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
    /// `持中级工（四级）及以上焊工证书，或从事焊工工作满8年`.
    pub fn describe(&self) -> (String, String) {
        describe::describe(self)
    }
}

#[cfg(test)]
mod tests;
