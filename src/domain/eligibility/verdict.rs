//! Evaluating an applicant's facts against entry rules.

use super::{ApplicantFacts, Condition, EntryRules};
use crate::domain::Message;
use crate::domain::qualification::article;
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
        reasons.push(Message::new(
            "rules_no_alternative",
            "本期未设置报名条件，暂不能报名",
            "This cohort has no entry rules yet, so nobody can apply",
        ));
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
            let (need_zh, need_en) = (min_level.label_zh(), min_level.label_en());
            let (trade_zh, trade_en) = (trade.label_zh(), trade.label_en());
            let Some(cert) = &facts.certificate else {
                return Some(Message::new(
                    "certificate_missing",
                    format!("未填写{trade_zh}职业技能证书（需{need_zh}及以上）"),
                    format!(
                        "No {trade_en} skill certificate was given ({need_en} or higher is required)"
                    ),
                ));
            };
            if cert.trade != *trade {
                return Some(Message::new(
                    "certificate_wrong_trade",
                    format!(
                        "所持证书为{}证书，需为{trade_zh}证书",
                        cert.trade.label_zh()
                    ),
                    format!(
                        "The certificate is for {}, but {} {trade_en} certificate is required",
                        cert.trade.label_en(),
                        article(trade_en)
                    ),
                ));
            }
            if cert.level < *min_level {
                return Some(Message::new(
                    "certificate_level_too_low",
                    format!(
                        "所持{trade_zh}证书为{}，需{need_zh}及以上",
                        cert.level.label_zh()
                    ),
                    format!(
                        "The {trade_en} certificate is {}, but {need_en} or higher is required",
                        cert.level.label_en()
                    ),
                ));
            }
            None
        }
        Condition::Experience { trade, min_years } => {
            let (trade_zh, trade_en) = (trade.label_zh(), trade.label_en());
            let a = article(trade_en);
            if facts.trade != *trade {
                return Some(Message::new(
                    "experience_wrong_trade",
                    format!(
                        "所从事工种为{}，工作年限只计{trade_zh}工作",
                        facts.trade.label_zh()
                    ),
                    format!(
                        "Your trade is {}; only years working as {a} {trade_en} count",
                        facts.trade.label_en()
                    ),
                ));
            }
            let Some(start) = facts.started_trade_on else {
                return Some(Message::new(
                    "experience_missing_start",
                    format!("未填写开始从事{trade_zh}工作的日期"),
                    format!("The date you began working as {a} {trade_en} is missing"),
                ));
            };
            let have = full_years(start, deadline);
            if have < *min_years {
                return Some(Message::new(
                    "experience_too_short",
                    format!(
                        "截至报名截止日{deadline}，从事{trade_zh}工作满{have}年，需满{min_years}年"
                    ),
                    format!(
                        "By the application deadline ({deadline}) you have {} as {a} {trade_en}; {min_years} are required",
                        full_years_en(have)
                    ),
                ));
            }
            None
        }
    }
}

/// "1 full year", "7 full years".
fn full_years_en(n: u32) -> String {
    if n == 1 {
        "1 full year".into()
    } else {
        format!("{n} full years")
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
