//! When a participant is warned about absences (DESIGN "Absence warnings"):
//! the completion threshold is out of reach even with full attendance from
//! now on, or two sessions in a row were missed without leave.

use super::assessment::{CompletionRule, completed};
use super::attendance::{AttendanceStatus, attendance_rate};

/// Why a participant is warned; each is sent once per participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AbsenceTrigger {
    /// Even present at every session not yet recorded, the rate stays under the threshold.
    ThresholdUnreachable,
    /// Two consecutive sessions recorded `absent` (not excused).
    ConsecutiveAbsences,
}

impl AbsenceTrigger {
    /// The word used in dedupe keys, templates and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            AbsenceTrigger::ThresholdUnreachable => "threshold_unreachable",
            AbsenceTrigger::ConsecutiveAbsences => "consecutive_absences",
        }
    }
}

/// Absences in a row that trigger a warning.
pub const CONSECUTIVE_LIMIT: usize = 2;

/// The triggers that hold for one participant, from their statuses at every
/// session of the cohort that is not cancelled, in order of start (`None`:
/// nothing recorded yet, held or not). A session not yet recorded counts as
/// one they could still attend, so no warning is sent on a missing record.
/// An excused session breaks a run of absences; it does not count against
/// the threshold either.
pub fn absence_triggers(
    statuses: &[Option<AttendanceStatus>],
    rule: &CompletionRule,
) -> Vec<AbsenceTrigger> {
    let mut triggers = vec![];
    // Best case: every unrecorded session attended.
    let best: Vec<AttendanceStatus> = statuses
        .iter()
        .map(|s| s.unwrap_or(AttendanceStatus::Present))
        .collect();
    let total = u32::try_from(best.len()).unwrap_or(u32::MAX);
    let best_rate = attendance_rate(&best, total);
    if best_rate.is_some() && !completed(best_rate, true, rule) {
        triggers.push(AbsenceTrigger::ThresholdUnreachable);
    }
    let mut run = 0;
    for s in statuses {
        run = if *s == Some(AttendanceStatus::Absent) {
            run + 1
        } else {
            0
        };
        if run >= CONSECUTIVE_LIMIT {
            triggers.push(AbsenceTrigger::ConsecutiveAbsences);
            break;
        }
    }
    triggers
}

#[cfg(test)]
mod tests {
    use super::AbsenceTrigger::*;
    use super::*;
    use crate::domain::attendance::AttendanceStatus::*;
    use proptest::prelude::*;

    const P: Option<AttendanceStatus> = Some(Present);
    const L: Option<AttendanceStatus> = Some(Late);
    const A: Option<AttendanceStatus> = Some(Absent);
    const E: Option<AttendanceStatus> = Some(Excused);
    const N: Option<AttendanceStatus> = None;

    /// (statuses, rule, expected triggers)
    type Case<'a> = (
        &'a [Option<AttendanceStatus>],
        &'a CompletionRule,
        &'a [AbsenceTrigger],
    );

    #[test]
    fn absence_triggers_table() {
        let rule = CompletionRule::default(); // 80 %
        let lenient = CompletionRule {
            min_attendance_rate: 0.5,
        };
        let cases: [Case; 18] = [
            (&[], &rule, &[]),
            (&[N, N, N, N, N], &rule, &[]),
            (&[A, N, N, N, N], &rule, &[]),
            // Two in a row.
            (
                &[A, A, N, N, N, N, N, N, N, N],
                &rule,
                &[ConsecutiveAbsences],
            ),
            (
                &[P, A, A, N, N, N, N, N, N, N],
                &rule,
                &[ConsecutiveAbsences],
            ),
            // Not in a row: an attended, excused or unrecorded session between.
            (&[A, P, A, N, N, N, N, N, N, N], &rule, &[]),
            (&[A, L, A, N, N, N, N, N, N, N], &rule, &[]),
            (&[A, E, A, N, N, N, N, N, N, N, N, N], &rule, &[]),
            // … yet with fewer sessions left (7 of 9) the threshold is out of reach.
            (
                &[A, E, A, N, N, N, N, N, N, N],
                &rule,
                &[ThresholdUnreachable],
            ),
            (&[A, N, A, N, N, N, N, N, N, N], &rule, &[]),
            (&[E, E, N, N, N], &rule, &[]),
            // 4 of 5 is exactly 80 %: still reachable; 3 of 5 is not.
            (&[A, P, N, N, N], &rule, &[]),
            (&[A, P, A, N, N], &rule, &[ThresholdUnreachable]),
            // Excused sessions leave the denominator: 4 of 5 countable.
            (&[A, P, E, N, N, N], &rule, &[]),
            (&[A, P, A, E, E, P, P], &rule, &[ThresholdUnreachable]),
            (&[A, A, N, N], &lenient, &[ConsecutiveAbsences]),
            (
                &[A, A, A, N],
                &lenient,
                &[ThresholdUnreachable, ConsecutiveAbsences],
            ),
            // Nothing countable: no threshold warning.
            (&[E, E, E], &rule, &[]),
        ];
        for (statuses, rule, expected) in cases {
            assert_eq!(
                absence_triggers(statuses, rule),
                expected,
                "{statuses:?} at {}",
                rule.min_attendance_rate
            );
        }
    }

    proptest! {
        /// Recording one more unrecorded session as present never adds a warning.
        #[test]
        fn attending_never_adds_a_warning(raw in proptest::collection::vec(0usize..5, 0..30), at in 0usize..30) {
            let statuses: Vec<Option<AttendanceStatus>> = raw
                .iter()
                .map(|i| AttendanceStatus::ALL.get(*i).copied())
                .collect();
            let rule = CompletionRule::default();
            let before = absence_triggers(&statuses, &rule);
            let mut after = statuses.clone();
            if let Some(slot) = after.get_mut(at).filter(|s| s.is_none()) {
                *slot = Some(Present);
            }
            let later = absence_triggers(&after, &rule);
            prop_assert!(later.iter().all(|t| before.contains(t)));
        }
    }
}
