//! Cohort and application states, and the rules on when each may change.

mod application;
mod schedule;

pub use application::{ApplicationStatus, Decision, can_decide, can_withdraw, decide};
pub use schedule::{
    MAX_CAPACITY, accepting_applications, validate_capacity, validate_cohort_dates,
};

use super::Message;

/// Where a cohort is in its life:
/// draft → open → closed → approved → running → completed, or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CohortStatus {
    Draft,
    Open,
    Closed,
    Approved,
    Running,
    Completed,
    Cancelled,
}

impl CohortStatus {
    /// Every state, in life order.
    pub const ALL: [CohortStatus; 7] = [
        CohortStatus::Draft,
        CohortStatus::Open,
        CohortStatus::Closed,
        CohortStatus::Approved,
        CohortStatus::Running,
        CohortStatus::Completed,
        CohortStatus::Cancelled,
    ];

    /// The lower-case word used in the API and the database, e.g. `"open"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            CohortStatus::Draft => "draft",
            CohortStatus::Open => "open",
            CohortStatus::Closed => "closed",
            CohortStatus::Approved => "approved",
            CohortStatus::Running => "running",
            CohortStatus::Completed => "completed",
            CohortStatus::Cancelled => "cancelled",
        }
    }

    /// The state named by its exact lower-case word.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            CohortStatus::Draft => "cohort-status-draft",
            CohortStatus::Open => "cohort-status-open",
            CohortStatus::Closed => "cohort-status-closed",
            CohortStatus::Approved => "cohort-status-approved",
            CohortStatus::Running => "cohort-status-running",
            CohortStatus::Completed => "cohort-status-completed",
            CohortStatus::Cancelled => "cohort-status-cancelled",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }
}

impl std::fmt::Display for CohortStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Moves a cohort from `from` to `to` when the life cycle allows it:
/// draft→open, open→closed, closed→open (reopen), closed→approved,
/// approved→running, running→completed, and any state but completed or
/// cancelled → cancelled. Anything else (staying put included) is refused
/// with `invalid_transition`.
pub fn transition(from: CohortStatus, to: CohortStatus) -> Result<CohortStatus, Message> {
    use CohortStatus::*;
    let allowed = matches!(
        (from, to),
        (Draft, Open)
            | (Open, Closed)
            | (Closed, Open)
            | (Closed, Approved)
            | (Approved, Running)
            | (Running, Completed)
            | (Draft | Open | Closed | Approved | Running, Cancelled)
    );
    if allowed {
        Ok(to)
    } else {
        Err(
            Message::keyed("invalid_transition", "msg-invalid_transition-cohort")
                .arg_key("from", from.label_key())
                .arg_key("to", to.label_key()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::CohortStatus::*;
    use super::*;

    #[test]
    fn transition_table_of_all_49_pairs() {
        // Rows: from; columns: to, in the order of CohortStatus::ALL.
        let table: [(CohortStatus, [bool; 7]); 7] = [
            //          draft  open   closed approv running compl  cancel
            (Draft, [false, true, false, false, false, false, true]),
            (Open, [false, false, true, false, false, false, true]),
            (Closed, [false, true, false, true, false, false, true]),
            (Approved, [false, false, false, false, true, false, true]),
            (Running, [false, false, false, false, false, true, true]),
            (Completed, [false, false, false, false, false, false, false]),
            (Cancelled, [false, false, false, false, false, false, false]),
        ];
        let mut checked = 0;
        for (from, row) in table {
            for (to, allowed) in CohortStatus::ALL.into_iter().zip(row) {
                let got = transition(from, to);
                match got {
                    Ok(state) => {
                        assert!(allowed, "{from} → {to} should be refused");
                        assert_eq!(state, to);
                    }
                    Err(m) => {
                        assert!(!allowed, "{from} → {to} should be allowed");
                        assert_eq!(m.code, "invalid_transition");
                    }
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 49);
    }

    #[test]
    fn status_words_round_trip_and_unknown_words_are_none() {
        for s in CohortStatus::ALL {
            assert_eq!(CohortStatus::parse(s.as_str()), Some(s));
            assert!(
                !s.label(crate::i18n::Locale::Zh).is_empty()
                    && !s.label(crate::i18n::Locale::En).is_empty()
            );
        }
        for bad in ["", "Open", "opened", " open"] {
            assert_eq!(CohortStatus::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn refusal_names_both_states() {
        let m = transition(Completed, Open).unwrap_err();
        assert!(
            m.text(false).contains("已结业") && m.text(false).contains("报名中"),
            "{}",
            m.text(false)
        );
        assert_eq!(
            m.text(true),
            "A cohort cannot go from “completed” to “open for applications”"
        );
    }
}
