//! The workshop form as posted, read into the service's `WorkshopInput`:
//! entry rules in their common shape (a minimum certificate, a minimum
//! number of years, or either), the rubric as rows, the completion rule as a
//! percentage. Only what the form alone can see (a word where a number
//! belongs) is checked here; everything else is the service's.
use rocket::form::FromForm;
use serde::Serialize;
use serde_json::Value;

use crate::domain::Message;
use crate::domain::assessment::{CompletionRule, Criterion, Rubric};
use crate::domain::eligibility::{Alternative, Condition, EntryRules};
use crate::domain::qualification::{SkillLevel, Trade};
use crate::error::FieldError;
use crate::service::workshops::{self, Workshop, WorkshopInput};
use crate::web::pages::enrollment::forms::{not_a_number, required, text, whole_number};
use crate::web::pages::enrollment::options::level_value;

/// Blank rubric rows offered after the filled ones.
const BLANK_ROWS: usize = 3;

#[derive(Debug, Default, FromForm)]
pub struct WorkshopForm {
    pub csrf: Option<String>,
    pub title: Option<String>,
    pub trade: Option<String>,
    pub description: Option<String>,
    /// `either` (certificate or years), `certificate`, `experience`, or `keep` (rules too rich for this form).
    pub rules_mode: Option<String>,
    pub cert_trade: Option<String>,
    pub cert_level: Option<String>,
    pub exp_trade: Option<String>,
    pub exp_years: Option<String>,
    pub rubric_key: Vec<String>,
    pub rubric_name: Vec<String>,
    pub rubric_max: Vec<String>,
    pub pass_mark: Option<String>,
    pub completion: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Row {
    key: String,
    name: String,
    max: String,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.key.is_empty() && self.name.is_empty() && self.max.is_empty()
    }
}

/// The answers as the form shows them.
#[derive(Debug, Default, Serialize)]
pub struct Values {
    title: String,
    pub trade: String,
    description: String,
    rules_mode: String,
    cert_trade: String,
    cert_level: String,
    exp_trade: String,
    exp_years: String,
    rows: Vec<Row>,
    pass_mark: String,
    completion: String,
}

fn with_blank_rows(mut rows: Vec<Row>) -> Vec<Row> {
    rows.retain(|r| !r.is_blank());
    rows.extend(std::iter::repeat_n(Row::default(), BLANK_ROWS));
    rows
}

/// The form's shape of a workshop's rules: `(mode, certificate, experience)`,
/// or `None` when the rules are richer than the form can show.
pub fn simple_rules(
    rules: &EntryRules,
) -> Option<(&'static str, Option<&Condition>, Option<&Condition>)> {
    let single = |a: &'_ Alternative| -> Option<Condition> {
        (a.all_of.len() == 1).then(|| a.all_of[0].clone())
    };
    let singles: Vec<Condition> = rules.any_of.iter().map(single).collect::<Option<_>>()?;
    let cert = rules
        .any_of
        .iter()
        .flat_map(|a| &a.all_of)
        .find(|c| matches!(c, Condition::Certificate { .. }));
    let exp = rules
        .any_of
        .iter()
        .flat_map(|a| &a.all_of)
        .find(|c| matches!(c, Condition::Experience { .. }));
    match singles.as_slice() {
        [Condition::Certificate { .. }] => Some(("certificate", cert, None)),
        [Condition::Experience { .. }] => Some(("experience", None, exp)),
        [Condition::Certificate { .. }, Condition::Experience { .. }]
        | [Condition::Experience { .. }, Condition::Certificate { .. }] => {
            Some(("either", cert, exp))
        }
        _ => None,
    }
}

impl Values {
    pub fn new_workshop() -> Self {
        Values {
            trade: "welder".into(),
            rules_mode: "either".into(),
            cert_trade: "welder".into(),
            cert_level: "4".into(),
            exp_trade: "welder".into(),
            exp_years: "8".into(),
            rows: with_blank_rows(vec![]),
            completion: "80".into(),
            ..Values::default()
        }
    }

    pub fn of(w: &Workshop) -> Self {
        let mut v = Values {
            title: w.model.title.clone(),
            trade: w.model.trade.clone(),
            description: w.model.description.clone(),
            rules_mode: "keep".into(),
            cert_trade: w.model.trade.clone(),
            cert_level: "4".into(),
            exp_trade: w.model.trade.clone(),
            exp_years: String::new(),
            rows: with_blank_rows(
                w.rubric
                    .criteria
                    .iter()
                    .map(|c| Row {
                        key: c.key.clone(),
                        name: c.name.clone(),
                        max: c.max_points.to_string(),
                    })
                    .collect(),
            ),
            pass_mark: w.rubric.pass_mark.to_string(),
            completion: format!("{}", (w.completion.min_attendance_rate * 100.0).round()),
        };
        if let Some((mode, cert, exp)) = simple_rules(&w.entry_rules) {
            v.rules_mode = mode.into();
            if let Some(Condition::Certificate { trade, min_level }) = cert {
                v.cert_trade = trade.as_str().into();
                v.cert_level = level_value(*min_level);
            }
            if let Some(Condition::Experience { trade, min_years }) = exp {
                v.exp_trade = trade.as_str().into();
                v.exp_years = min_years.to_string();
            }
        }
        v
    }
}

/// The form read into the service's input, with the problems only the form
/// can see (a number that is not a number). Which parts failed to read is
/// returned so the service's complaints about the stand-ins are dropped.
pub struct Parsed {
    pub input: WorkshopInput,
    pub errors: Vec<FieldError>,
    pub failed: Vec<&'static str>,
}

impl WorkshopForm {
    fn rows(&self) -> Vec<Row> {
        let n = self
            .rubric_key
            .len()
            .max(self.rubric_name.len())
            .max(self.rubric_max.len());
        let at =
            |v: &Vec<String>, i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        (0..n)
            .map(|i| Row {
                key: at(&self.rubric_key, i),
                name: at(&self.rubric_name, i),
                max: at(&self.rubric_max, i),
            })
            .collect()
    }

    pub fn values(&self) -> Values {
        Values {
            title: text(&self.title),
            trade: text(&self.trade),
            description: text(&self.description),
            rules_mode: text(&self.rules_mode),
            cert_trade: text(&self.cert_trade),
            cert_level: text(&self.cert_level),
            exp_trade: text(&self.exp_trade),
            exp_years: text(&self.exp_years),
            rows: with_blank_rows(self.rows()),
            pass_mark: text(&self.pass_mark),
            completion: text(&self.completion),
        }
    }

    fn certificate(&self) -> Result<Condition, Vec<FieldError>> {
        let trade =
            Trade::parse(&text(&self.cert_trade)).map_err(|m| FieldError::new("cert_trade", m));
        let level = SkillLevel::parse_json(&Value::String(text(&self.cert_level)))
            .map_err(|m| FieldError::new("cert_level", m));
        match (trade, level) {
            (Ok(trade), Ok(min_level)) => Ok(Condition::Certificate { trade, min_level }),
            (t, l) => Err(t.err().into_iter().chain(l.err()).collect()),
        }
    }

    fn experience(&self) -> Result<Condition, Vec<FieldError>> {
        let trade =
            Trade::parse(&text(&self.exp_trade)).map_err(|m| FieldError::new("exp_trade", m));
        let years = match whole_number(&text(&self.exp_years)) {
            Ok(Some(n)) => u32::try_from(n).map_err(|_| not_a_number("exp_years")),
            Ok(None) => Err(required("exp_years")),
            Err(_) => Err(not_a_number("exp_years")),
        };
        match (trade, years) {
            (Ok(trade), Ok(min_years)) => Ok(Condition::Experience { trade, min_years }),
            (t, y) => Err(t.err().into_iter().chain(y.err()).collect()),
        }
    }

    fn entry_rules(&self, existing: Option<&EntryRules>) -> Result<EntryRules, Vec<FieldError>> {
        let one = |c: Condition| Alternative { all_of: vec![c] };
        match text(&self.rules_mode).as_str() {
            "either" => match (self.certificate(), self.experience()) {
                (Ok(c), Ok(e)) => Ok(EntryRules {
                    any_of: vec![one(c), one(e)],
                }),
                (c, e) => Err(c
                    .err()
                    .into_iter()
                    .flatten()
                    .chain(e.err().into_iter().flatten())
                    .collect()),
            },
            "certificate" => self.certificate().map(|c| EntryRules {
                any_of: vec![one(c)],
            }),
            "experience" => self.experience().map(|e| EntryRules {
                any_of: vec![one(e)],
            }),
            "keep" if existing.is_some() => {
                Ok(existing.cloned().unwrap_or(EntryRules { any_of: vec![] }))
            }
            _ => Err(vec![FieldError::new(
                "rules_mode",
                Message::of("rules_mode_required"),
            )]),
        }
    }

    fn rubric(&self) -> Result<Rubric, Vec<FieldError>> {
        let mut errors = vec![];
        let mut criteria = vec![];
        for (i, row) in self
            .rows()
            .into_iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
        {
            let n = i + 1;
            let key = if row.key.is_empty() {
                format!("c{n}")
            } else {
                row.key
            };
            match whole_number(&row.max).map(|m| m.map(u32::try_from)) {
                Ok(Some(Ok(max_points))) => criteria.push(Criterion {
                    key,
                    name: row.name,
                    max_points,
                }),
                _ => errors.push(FieldError::new(
                    "rubric",
                    Message::keyed("rubric_max_points", "msg-rubric_max_points-2").arg("n", &n),
                )),
            }
        }
        let pass_mark = match whole_number(&text(&self.pass_mark)) {
            Ok(Some(n)) => u32::try_from(n).map_err(|_| not_a_number("pass_mark")),
            Ok(None) => Err(required("pass_mark")),
            Err(_) => Err(not_a_number("pass_mark")),
        };
        match pass_mark {
            Ok(pass_mark) if errors.is_empty() => Ok(Rubric {
                criteria,
                pass_mark,
            }),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.push(e);
                Err(errors)
            }
        }
    }

    fn completion(&self) -> Result<Option<CompletionRule>, FieldError> {
        let s = text(&self.completion);
        let s = s.trim_end_matches('%').trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse::<f64>()
            .map(|p| {
                Some(CompletionRule {
                    min_attendance_rate: p / 100.0,
                })
            })
            .map_err(|_| {
                FieldError::new(
                    "completion",
                    Message::keyed("completion_rate_invalid", "msg-completion_rate_invalid-2"),
                )
            })
    }

    pub fn parse(&self, existing: Option<&EntryRules>) -> Parsed {
        let mut errors = vec![];
        let mut failed = vec![];
        let entry_rules = self.entry_rules(existing).unwrap_or_else(|e| {
            errors.extend(e);
            failed.push("entry_rules");
            EntryRules { any_of: vec![] }
        });
        let rubric = self.rubric().unwrap_or_else(|e| {
            errors.extend(e);
            failed.push("rubric");
            Rubric {
                criteria: vec![],
                pass_mark: 0,
            }
        });
        let completion = self.completion().unwrap_or_else(|e| {
            errors.push(e);
            failed.push("completion");
            None
        });
        let input = WorkshopInput {
            title: text(&self.title),
            trade: text(&self.trade),
            description: text(&self.description),
            entry_rules,
            rubric,
            completion,
        };
        Parsed {
            input,
            errors,
            failed,
        }
    }
}

impl Parsed {
    /// Every problem: the form's own, then the service's about the parts that were read.
    pub fn all_errors(self) -> Result<WorkshopInput, Vec<FieldError>> {
        if self.errors.is_empty() {
            return Ok(self.input);
        }
        let mut errors = self.errors;
        if let Err(more) = workshops::validate(&self.input) {
            errors.extend(
                more.into_iter()
                    .filter(|e| !self.failed.contains(&e.field.as_str())),
            );
        }
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welding_form() -> WorkshopForm {
        WorkshopForm {
            title: Some("绍兴工匠高级研修班(焊工方向)".into()),
            trade: Some("welder".into()),
            rules_mode: Some("either".into()),
            cert_trade: Some("welder".into()),
            cert_level: Some("4".into()),
            exp_trade: Some("welder".into()),
            exp_years: Some("8".into()),
            rubric_key: vec!["visual".into(), "".into(), "".into(), "".into()],
            rubric_name: vec!["外观检查".into(), "弯曲试验".into(), "".into(), "".into()],
            rubric_max: vec!["30".into(), "70".into(), "".into(), "".into()],
            pass_mark: Some("60".into()),
            completion: Some("80%".into()),
            ..<WorkshopForm as Default>::default()
        }
    }

    #[test]
    fn the_common_case_becomes_certificate_or_years() {
        let input = welding_form()
            .parse(None)
            .all_errors()
            .map_err(|e| format!("{e:?}"));
        let input = input.unwrap_or_else(|e| panic!("{e}"));
        let (zh, _) = input.entry_rules.describe();
        assert_eq!(zh, "持中级工（四级）及以上焊工证书，或从事焊工工作满8年");
        assert_eq!(
            input.rubric.criteria[1].key, "c2",
            "a blank key is filled from the row number"
        );
        assert_eq!(input.rubric.criteria.len(), 2, "blank rows are skipped");
        assert!(
            input
                .completion
                .is_some_and(|c| (c.min_attendance_rate - 0.8).abs() < 1e-9)
        );
        assert!(workshops::validate(&input).is_ok());
    }

    #[test]
    fn words_for_numbers_are_field_errors_and_the_service_adds_the_rest() {
        let mut f = welding_form();
        f.exp_years = Some("eight".into());
        f.title = Some("x".into());
        let errors = f.parse(None).all_errors().err().unwrap_or_default();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"exp_years"), "{fields:?}");
        assert!(fields.contains(&"title"), "{fields:?}");
        assert!(
            !fields.contains(&"entry_rules"),
            "no complaint about the stand-in rules: {fields:?}"
        );
    }

    #[test]
    fn only_one_alternative_is_possible_and_rich_rules_are_kept() {
        let mut f = welding_form();
        f.rules_mode = Some("experience".into());
        f.cert_level = Some("nonsense".into());
        let input = f
            .parse(None)
            .all_errors()
            .map_err(|e| format!("{e:?}"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(input.entry_rules.any_of.len(), 1);
        let rich = EntryRules {
            any_of: vec![
                Alternative { all_of: vec![] },
                Alternative { all_of: vec![] },
                Alternative { all_of: vec![] },
            ],
        };
        assert!(simple_rules(&rich).is_none());
        f.rules_mode = Some("keep".into());
        assert_eq!(f.entry_rules(Some(&rich)).ok(), Some(rich));
        assert!(
            f.entry_rules(None).is_err(),
            "nothing to keep on a new workshop"
        );
    }
}
