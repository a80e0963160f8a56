//! Decisions on the review page: which applications a press of a button is
//! for, deciding each in turn through the service (each succeeds or fails on
//! its own), and the outcome in words for the next page.
use std::collections::{BTreeMap, HashSet};

use rocket::form::FromForm;

use crate::domain::cohort::Decision;
use crate::service::applications::review::BulkResult;
use crate::web::pages::enrollment::forms::text;

#[derive(Debug, FromForm)]
pub struct DecisionForm {
    pub csrf: Option<String>,
    /// The ticked applications.
    pub ids: Vec<String>,
    /// Every application on the page shown (for "everyone on this page").
    pub page_ids: Vec<String>,
    /// `selected` (default), `page` or `matching` (every one matching the filter).
    pub scope: Option<String>,
    pub decision: Option<String>,
    /// A per-row button: `"<id>:<decision>"`.
    pub row: Option<String>,
    pub note: Option<String>,
    pub internal_note: Option<String>,
    pub filter_status: Option<String>,
    pub filter_q: Option<String>,
    pub filter_tier: Option<String>,
    pub filter_nominated: Option<String>,
    pub filter_sort: Option<String>,
    /// `yes` on the confirmation page's button.
    pub confirmed: Option<String>,
    /// Carried from the confirmation: the count shown and the newest id then.
    pub expected_count: Option<u64>,
    pub up_to_id: Option<i64>,
}

fn ids_of(v: &[String]) -> Vec<i64> {
    let mut ids: Vec<i64> = v.iter().filter_map(|s| s.trim().parse().ok()).collect();
    let mut seen = HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// What the ticked boxes and radio buttons ask for.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    Ids(Vec<i64>),
    Matching,
}

impl DecisionForm {
    /// A row's own button: one decision on one application, at once.
    pub fn row_target(&self) -> Option<(Decision, i64)> {
        let row = text(&self.row);
        let (id, d) = row.split_once(':')?;
        Some((Decision::parse(d).ok()?, id.trim().parse().ok()?))
    }

    /// A button under the table: a decision on the scope chosen.
    pub fn bulk_target(&self) -> Option<(Decision, Scope)> {
        let decision = Decision::parse(&text(&self.decision)).ok()?;
        let scope = match text(&self.scope).as_str() {
            "matching" => Scope::Matching,
            "page" => Scope::Ids(ids_of(&self.page_ids)),
            _ => Scope::Ids(ids_of(&self.ids)),
        };
        Some((decision, scope))
    }

    pub fn confirmed(&self) -> bool {
        text(&self.confirmed) == "yes"
    }
}

/// What the decisions did, in lines for the next page.
#[derive(Default)]
pub struct Outcome {
    pub done: usize,
    /// code → (message in the reader's language, references)
    pub failed: BTreeMap<&'static str, (String, Vec<String>)>,
}

impl Outcome {
    pub fn lines(&self, decision: Decision, english: bool) -> Vec<(String, String)> {
        let locale = crate::i18n::Locale::from_english(english);
        let n = self.done;
        let mut lines = vec![];
        if n > 0 || self.failed.is_empty() {
            let key = match decision {
                Decision::Admit => "decided_admitted",
                Decision::Waitlist => "decided_waitlisted",
                Decision::Reject => "decided_rejected",
            };
            let text = crate::i18n::text(locale, key, &[("n", n.to_string())]);
            lines.push(("done".to_string(), text));
        }
        for (code, (message, refs)) in &self.failed {
            let k = refs.len();
            let shown: Vec<&str> = refs.iter().take(20).map(String::as_str).collect();
            let list = shown.join(&crate::i18n::t(locale, "list_separator"));
            let key = match *code {
                "cohort_full" => "decided_not_admitted_full",
                _ => "decided_not_changed",
            };
            let args = [
                ("k", k.to_string()),
                ("list", list),
                ("message", message.clone()),
            ];
            let text = crate::i18n::text(locale, key, &args);
            lines.push((code.to_string(), text));
        }
        lines
    }
}

impl Outcome {
    /// The service's results, grouped for the reader.
    pub fn of(results: &[BulkResult], english: bool) -> Outcome {
        let mut outcome = Outcome::default();
        for r in results {
            match &r.outcome {
                Ok(_) => outcome.done += 1,
                Err(m) => {
                    let entry = outcome
                        .failed
                        .entry(m.code)
                        .or_insert_with(|| (m.text(english).to_string(), vec![]));
                    entry
                        .1
                        .push(r.reference.clone().unwrap_or_else(|| r.id.to_string()));
                }
            }
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> DecisionForm {
        DecisionForm {
            csrf: None,
            ids: vec!["1".into(), "2".into(), "x".into(), "1".into()],
            page_ids: vec!["1".into(), "2".into(), "3".into()],
            scope: None,
            decision: Some("admit".into()),
            row: None,
            note: None,
            internal_note: None,
            filter_status: None,
            filter_q: None,
            filter_tier: None,
            filter_nominated: None,
            filter_sort: None,
            confirmed: None,
            expected_count: None,
            up_to_id: None,
        }
    }

    #[test]
    fn buttons_and_scopes_say_what_is_decided() {
        let mut f = form();
        assert_eq!(f.row_target(), None);
        assert_eq!(
            f.bulk_target(),
            Some((Decision::Admit, Scope::Ids(vec![1, 2])))
        );
        f.scope = Some("page".into());
        assert_eq!(
            f.bulk_target(),
            Some((Decision::Admit, Scope::Ids(vec![1, 2, 3])))
        );
        f.scope = Some("matching".into());
        assert_eq!(f.bulk_target(), Some((Decision::Admit, Scope::Matching)));
        f.row = Some("7:reject".into());
        assert_eq!(f.row_target(), Some((Decision::Reject, 7)));
        f.row = Some("7:promote".into());
        assert_eq!(f.row_target(), None);
        f.decision = Some("maybe".into());
        assert_eq!(f.bulk_target(), None);
        assert!(!f.confirmed());
    }

    #[test]
    fn the_outcome_says_how_many_were_decided_and_why_others_were_not() {
        let mut o = Outcome {
            done: 3,
            ..Outcome::default()
        };
        o.failed.insert(
            "cohort_full",
            ("full".into(), vec!["GJ-1".into(), "GJ-2".into()]),
        );
        let lines = o.lines(Decision::Admit, false);
        assert_eq!(lines[0].1, "已录取3人");
        assert_eq!(lines[1].1, "2人因名额已满未录取（GJ-1、GJ-2）");
    }
}
