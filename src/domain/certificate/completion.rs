//! When a certificate tells the truth: the assessment it rests on is the
//! final one, the cohort's sessions were held, and its date is the day the
//! cohort completed, never a day still to come.
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::beijing_date;

/// What these rules need of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFact {
    pub starts_at: DateTime<Utc>,
    pub assessment: bool,
    pub cancelled: bool,
}

/// From when an assessment counts as the final one: the start of the last
/// assessment-kind session, cancelled or not (a final test cancelled by an
/// early completion does not turn a mid-course check into the final one; an
/// organizer marks the final one then); a cohort without assessment sessions
/// counts from the start of its last session held or planned; `None` (any
/// assessment) for a cohort with no sessions at all.
pub fn final_from(sessions: &[SessionFact]) -> Option<DateTime<Utc>> {
    sessions
        .iter()
        .filter(|s| s.assessment)
        .map(|s| s.starts_at)
        .max()
        .or_else(|| {
            sessions
                .iter()
                .filter(|s| !s.cancelled)
                .map(|s| s.starts_at)
                .max()
        })
}

/// Whether an assessment is the final one: an organizer marked it final, or
/// it was recorded at or after `final_from`.
pub fn is_final(
    recorded_at: DateTime<Utc>,
    marked_final: bool,
    final_from: Option<DateTime<Utc>>,
) -> bool {
    marked_final || final_from.is_none_or(|from| recorded_at >= from)
}

/// Sessions not cancelled that have not started at `now`.
pub fn sessions_to_come(sessions: &[SessionFact], now: DateTime<Utc>) -> usize {
    sessions
        .iter()
        .filter(|s| !s.cancelled && s.starts_at > now)
        .count()
}

/// The date a certificate carries: the day (in Beijing) the cohort
/// completed, and never later than `today`.
pub fn certificate_date(completed_at: DateTime<Utc>, today: NaiveDate) -> NaiveDate {
    beijing_date(completed_at).min(today)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};
    use proptest::prelude::*;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(h)
    }

    fn s(h: i64, assessment: bool, cancelled: bool) -> SessionFact {
        SessionFact {
            starts_at: t(h),
            assessment,
            cancelled,
        }
    }

    #[test]
    fn final_from_table() {
        let cases = [
            (vec![], None),
            (vec![s(1, false, false), s(5, false, false)], Some(t(5))),
            (vec![s(1, true, false), s(5, false, false)], Some(t(1))),
            (
                vec![s(1, true, false), s(3, true, false), s(5, false, false)],
                Some(t(3)),
            ),
            // A cancelled assessment session still counts.
            (
                vec![s(1, true, false), s(3, true, true), s(5, false, false)],
                Some(t(3)),
            ),
            (vec![s(3, true, true), s(5, false, false)], Some(t(3))),
            (vec![s(3, true, true)], Some(t(3))),
            // A cancelled session of another kind does not.
            (vec![s(1, false, false), s(5, false, true)], Some(t(1))),
            (vec![s(5, false, true)], None),
        ];
        for (sessions, expected) in cases {
            assert_eq!(final_from(&sessions), expected, "{sessions:?}");
        }
    }

    #[test]
    fn is_final_table() {
        let cases = [
            // recorded, marked, from → final
            (t(3), false, Some(t(3)), true),
            (t(3) - Duration::seconds(1), false, Some(t(3)), false),
            (t(4), false, Some(t(3)), true),
            (t(1), true, Some(t(3)), true),
            (t(1), false, None, true),
        ];
        for (recorded, marked, from, expected) in cases {
            assert_eq!(
                is_final(recorded, marked, from),
                expected,
                "{recorded} {marked} {from:?}"
            );
        }
    }

    #[test]
    fn sessions_to_come_table() {
        let sessions = [s(1, false, false), s(5, true, false), s(6, false, true)];
        let cases = [(t(0), 2), (t(1), 1), (t(4), 1), (t(5), 0), (t(9), 0)];
        for (now, expected) in cases {
            assert_eq!(sessions_to_come(&sessions, now), expected, "{now}");
        }
    }

    #[test]
    fn certificate_date_table() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let utc = |h, mi| {
            Utc.with_ymd_and_hms(2026, 11, 30, h, mi, 0)
                .single()
                .unwrap_or_default()
        };
        let cases = [
            (utc(15, 59), d(2026, 12, 31), d(2026, 11, 30)),
            // 16:00 UTC is midnight in Beijing: the next day.
            (utc(16, 0), d(2026, 12, 31), d(2026, 12, 1)),
            // Never after today, whatever the clock said.
            (utc(16, 0), d(2026, 11, 30), d(2026, 11, 30)),
        ];
        for (completed, today, expected) in cases {
            assert_eq!(certificate_date(completed, today), expected, "{completed}");
        }
    }

    proptest! {
        #[test]
        fn the_certificate_date_is_never_after_today(secs in 0i64..4_000_000_000, days in 0i64..50_000) {
            let completed = DateTime::from_timestamp(secs, 0).unwrap_or_default();
            let today = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default() + Duration::days(days);
            prop_assert!(certificate_date(completed, today) <= today);
        }

        #[test]
        fn an_assessment_recorded_after_every_session_is_final(hours in proptest::collection::vec((0i64..1000, any::<bool>(), any::<bool>()), 0..8)) {
            let sessions: Vec<SessionFact> = hours.iter().map(|(h, a, c)| s(*h, *a, *c)).collect();
            prop_assert!(is_final(t(1000), false, final_from(&sessions)));
        }
    }
}
