//! Evaluating an applicant's facts against entry rules.

use super::{ApplicantFacts, Condition, EntryRules};
use crate::domain::Message;
use chrono::{Datelike, Months, NaiveDate};

/// The outcome of checking an application against the entry rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `alternative` is the 0-based index of the first alternative that holds;
    /// `basis` names the kinds of its conditions, e.g. `"certificate"` or
    /// `"certificate+experience"`.
    Eligible { alternative: usize, basis: String },
    /// One reason per alternative: the first of its conditions that failed.
    Ineligible { reasons: Vec<Message> },
}

impl Verdict {
    /// Whether the applicant qualifies.
    pub fn is_eligible(&self) -> bool {
        matches!(self, Verdict::Eligible { .. })
    }

    /// The basis of an eligible verdict; `None` when ineligible.
    pub fn basis(&self) -> Option<&str> {
        match self {
            Verdict::Eligible { basis, .. } => Some(basis),
            Verdict::Ineligible { .. } => None,
        }
    }

    /// The reasons of an ineligible verdict; empty when eligible.
    pub fn reasons(&self) -> &[Message] {
        match self {
            Verdict::Eligible { .. } => &[],
            Verdict::Ineligible { reasons } => reasons,
        }
    }
}

/// Checks `facts` against `rules`, counting experience up to `deadline` (the
/// Beijing date of the application deadline). Never returns an ineligible
/// verdict without at least one reason.
pub fn evaluate(rules: &EntryRules, facts: &ApplicantFacts, deadline: NaiveDate) -> Verdict {
    let mut reasons = Vec::with_capacity(rules.any_of.len());
    for (index, alternative) in rules.any_of.iter().enumerate() {
        match alternative
            .all_of
            .iter()
            .find_map(|c| failure(c, facts, deadline))
        {
            Some(reason) => reasons.push(reason),
            None => {
                return Verdict::Eligible {
                    alternative: index,
                    basis: basis(&alternative.all_of),
                };
            }
        }
    }
    if reasons.is_empty() {
        reasons.push(Message::of("rules_no_alternative"));
    }
    Verdict::Ineligible { reasons }
}

/// Distinct condition kinds in order of first appearance, joined by `+`.
fn basis(conditions: &[Condition]) -> String {
    let mut kinds: Vec<&str> = Vec::with_capacity(2);
    for c in conditions {
        if !kinds.contains(&c.kind()) {
            kinds.push(c.kind());
        }
    }
    kinds.join("+")
}

/// Why `condition` does not hold for `facts`, or `None` when it holds.
fn failure(condition: &Condition, facts: &ApplicantFacts, deadline: NaiveDate) -> Option<Message> {
    match condition {
        Condition::Certificate { trade, min_level } => {
            let Some(cert) = &facts.certificate else {
                return Some(
                    Message::of("certificate_missing")
                        .with("trade", trade.label_arg())
                        .arg_key("need", min_level.label_key()),
                );
            };
            if cert.trade != *trade {
                return Some(
                    Message::of("certificate_wrong_trade")
                        .with("held", cert.trade.label_arg())
                        .with("trade", trade.label_arg()),
                );
            }
            if cert.level < *min_level {
                return Some(
                    Message::of("certificate_level_too_low")
                        .with("trade", trade.label_arg())
                        .arg_key("level", cert.level.label_key())
                        .arg_key("need", min_level.label_key()),
                );
            }
            None
        }
        Condition::Experience { trade, min_years } => {
            if facts.trade != *trade {
                return Some(
                    Message::of("experience_wrong_trade")
                        .with("held", facts.trade.label_arg())
                        .with("trade", trade.label_arg()),
                );
            }
            let Some(start) = facts.started_trade_on else {
                return Some(
                    Message::of("experience_missing_start").with("trade", trade.label_arg()),
                );
            };
            let have = full_years(start, deadline);
            if have < *min_years {
                return Some(
                    Message::of("experience_too_short")
                        .arg("deadline", &deadline)
                        .with("trade", trade.label_arg())
                        .arg_num("have", have)
                        .arg("min_years", min_years),
                );
            }
            None
        }
    }
}

/// Whole years from `start` to `end`: a year is complete on its anniversary,
/// the same month and day; for a 29 February start in a common year, on
/// 28 February (the month-end rule of China's Civil Code, art. 202). A start
/// after the end gives 0.
pub fn full_years(start: NaiveDate, end: NaiveDate) -> u32 {
    if start >= end {
        return 0;
    }
    // The calendar-year difference is the answer or one too many.
    let mut years = u32::try_from(end.year() - start.year()).unwrap_or(0);
    while years > 0 {
        let anniversary = years
            .checked_mul(12)
            .and_then(|months| start.checked_add_months(Months::new(months)));
        match anniversary {
            Some(day) if day <= end => break,
            _ => years -= 1,
        }
    }
    years
}
