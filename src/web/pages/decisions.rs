//! Decisions on the review page: which applications a press of a button is
//! for, deciding each in turn through the service (each succeeds or fails on
//! its own), and the outcome in words for the next page.
use std::collections::{BTreeMap, HashSet};

use rocket::form::FromForm;
use sea_orm::EntityTrait;

use crate::AppState;
use crate::domain::cohort::Decision;
use crate::entity::application;
use crate::error::{AppError, AppResult};
use crate::service::applications;
use crate::web::auth::Organizer;
use crate::web::pages::forms::text;

#[derive(Debug, FromForm)]
pub struct DecisionForm {
    pub csrf: Option<String>,
    pub ids: Vec<String>,
    pub decision: Option<String>,
    /// A per-row button: `"<id>:<decision>"`.
    pub row: Option<String>,
    pub note: Option<String>,
    pub internal_note: Option<String>,
    pub filter_status: Option<String>,
    pub filter_q: Option<String>,
}

impl DecisionForm {
    /// The decision and the applications it is for: a row's own button wins
    /// over the ticked boxes.
    pub fn targets(&self) -> Option<(Decision, Vec<i64>)> {
        if let Some((id, d)) = text(&self.row).split_once(':') {
            return Some((Decision::parse(d).ok()?, vec![id.trim().parse().ok()?]));
        }
        let decision = Decision::parse(&text(&self.decision)).ok()?;
        let mut ids: Vec<i64> = self
            .ids
            .iter()
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        let mut seen = HashSet::new();
        ids.retain(|id| seen.insert(*id));
        Some((decision, ids))
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
        let n = self.done;
        let mut lines = vec![];
        if n > 0 || self.failed.is_empty() {
            let text = match (decision, english) {
                (Decision::Admit, false) => format!("已录取{n}人"),
                (Decision::Admit, true) => format!("Admitted {n}"),
                (Decision::Waitlist, false) => format!("已列入候补{n}人"),
                (Decision::Waitlist, true) => format!("Waitlisted {n}"),
                (Decision::Reject, false) => format!("已标记为未录取{n}人"),
                (Decision::Reject, true) => format!("Marked {n} as not admitted"),
            };
            lines.push(("done".to_string(), text));
        }
        for (code, (message, refs)) in &self.failed {
            let k = refs.len();
            let shown: Vec<&str> = refs.iter().take(20).map(String::as_str).collect();
            let list = shown.join(if english { ", " } else { "、" });
            let text = match (*code, english) {
                ("cohort_full", false) => format!("{k}人因名额已满未录取（{list}）"),
                ("cohort_full", true) => {
                    format!("{k} not admitted because all places are taken ({list})")
                }
                (_, false) => format!("{k}人未处理：{message}（{list}）"),
                (_, true) => format!("{k} not changed: {message} ({list})"),
            };
            lines.push((code.to_string(), text));
        }
        lines
    }
}

/// Decides each application in turn; each succeeds or fails on its own.
pub async fn decide_all(
    state: &AppState,
    org: &Organizer,
    cohort_id: i64,
    decision: Decision,
    ids: &[i64],
    (note, internal_note): (Option<&str>, Option<&str>),
    english: bool,
) -> AppResult<Outcome> {
    let mut outcome = Outcome::default();
    for id in ids {
        let app = application::Entity::find_by_id(*id)
            .one(&state.db)
            .await?
            .filter(|a| a.cohort_id == cohort_id);
        let Some(app) = app else { continue };
        match applications::decide_noted(state, org.0.id, *id, decision, note, internal_note).await
        {
            Ok(_) => outcome.done += 1,
            Err(AppError::Internal(e)) => return Err(AppError::Internal(e)),
            Err(e) => {
                let m = e.message();
                let entry = outcome
                    .failed
                    .entry(m.code)
                    .or_insert_with(|| (m.text(english).to_string(), vec![]));
                entry.1.push(app.reference);
            }
        }
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_button_wins_over_the_ticked_boxes() {
        let mut f = DecisionForm {
            csrf: None,
            ids: vec!["1".into(), "2".into(), "x".into()],
            decision: Some("admit".into()),
            row: None,
            note: None,
            internal_note: None,
            filter_status: None,
            filter_q: None,
        };
        assert_eq!(f.targets(), Some((Decision::Admit, vec![1, 2])));
        f.row = Some("7:reject".into());
        assert_eq!(f.targets(), Some((Decision::Reject, vec![7])));
        f.row = Some("7:promote".into());
        assert_eq!(f.targets(), None);
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
