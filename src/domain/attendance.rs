//! Attendance at sessions and the attendance rate.

pub mod checkin;
pub mod leave;

use super::Message;
use super::assessment::{CompletionRule, completed};

/// A participant's attendance at one session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceStatus {
    Present,
    Late,
    Absent,
    /// Absence with leave, e.g. announced ahead; it does not count against the rate.
    Excused,
}

impl AttendanceStatus {
    /// Every status.
    pub const ALL: [AttendanceStatus; 4] = [
        AttendanceStatus::Present,
        AttendanceStatus::Late,
        AttendanceStatus::Absent,
        AttendanceStatus::Excused,
    ];

    /// The lower-case word used in the API and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            AttendanceStatus::Present => "present",
            AttendanceStatus::Late => "late",
            AttendanceStatus::Absent => "absent",
            AttendanceStatus::Excused => "excused",
        }
    }

    /// Parses the exact lower-case word. Error: `attendance_status_invalid`.
    pub fn parse(s: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| Message::of("attendance_status_invalid"))
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            AttendanceStatus::Present => "attendance-present",
            AttendanceStatus::Late => "attendance-late",
            AttendanceStatus::Absent => "attendance-absent",
            AttendanceStatus::Excused => "attendance-excused",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }

    /// The name of a stored status; a value this version does not know is
    /// shown as it is stored rather than hidden.
    pub fn label_of_stored(stored: &str, locale: crate::i18n::Locale) -> String {
        match AttendanceStatus::parse(stored) {
            Ok(s) => s.label(locale),
            Err(_) => stored.to_string(),
        }
    }

    /// Whether the participant was there (present or late).
    pub fn attended(&self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Late)
    }
}

impl std::fmt::Display for AttendanceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// (present + late) / (sessions held − excused), from one participant's
/// records for the `sessions_held` sessions that have taken place. A held
/// session without a record counts as not attended. `None` when nothing is
/// countable (no sessions held, or all excused). Never above 1, even if the
/// caller passes more records than sessions.
pub fn attendance_rate(statuses: &[AttendanceStatus], sessions_held: u32) -> Option<f64> {
    let mut attended = 0u32;
    let mut excused = 0u32;
    for s in statuses {
        match s {
            AttendanceStatus::Present | AttendanceStatus::Late => attended += 1,
            AttendanceStatus::Excused => excused += 1,
            AttendanceStatus::Absent => {}
        }
    }
    let countable = sessions_held.saturating_sub(excused);
    if countable == 0 {
        return None;
    }
    Some((f64::from(attended) / f64::from(countable)).min(1.0))
}

/// Sessions held before a low attendance rate is flagged.
pub const FLAG_AFTER_SESSIONS: u32 = 3;

/// A participant is flagged when, after at least three held sessions, their
/// rate is below the workshop's threshold. No rate (all excused) is not flagged.
pub fn flagged(rate: Option<f64>, sessions_held: u32, rule: &CompletionRule) -> bool {
    sessions_held >= FLAG_AFTER_SESSIONS && rate.is_some() && !completed(rate, true, rule)
}

/// Before a session starts only an absence announced ahead (`excused`) can
/// be recorded; from its start on, any status. Error: `session_not_started`.
pub fn allowed_at(
    status: AttendanceStatus,
    starts_at: chrono::DateTime<chrono::Utc>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Message> {
    if now >= starts_at || status == AttendanceStatus::Excused {
        return Ok(());
    }
    Err(Message::of("session_not_started"))
}

#[cfg(test)]
mod allowed_at_tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn before_the_start_only_excused_and_from_the_start_anything() {
        let start = Utc
            .with_ymd_and_hms(2026, 12, 1, 1, 0, 0)
            .single()
            .unwrap_or_default();
        let second = Duration::seconds(1);
        for status in AttendanceStatus::ALL {
            let early = allowed_at(status, start, start - second);
            assert_eq!(
                early.is_ok(),
                status == AttendanceStatus::Excused,
                "{status:?}"
            );
            if let Err(m) = early {
                assert_eq!(m.code, "session_not_started");
            }
            assert!(
                allowed_at(status, start, start).is_ok(),
                "{status:?} at the start"
            );
            assert!(
                allowed_at(status, start, start + second).is_ok(),
                "{status:?} after"
            );
            assert_eq!(
                allowed_at(status, start, start - Duration::days(30)).is_ok(),
                status == AttendanceStatus::Excused
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AttendanceStatus::*;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn attendance_rate_table() {
        let cases: [(&[AttendanceStatus], u32, Option<f64>); 11] = [
            (&[Present, Present, Present, Present, Absent], 5, Some(0.8)),
            (&[Present, Late, Present, Present, Absent], 5, Some(0.8)),
            (&[Present, Present, Present, Absent, Absent], 5, Some(0.6)),
            (&[Present, Present, Present, Present, Excused], 5, Some(1.0)),
            (&[Present, Present, Present, Absent, Excused], 5, Some(0.75)),
            // Two held sessions without a record count as not attended.
            (&[Present, Present, Present], 5, Some(0.6)),
            (&[], 4, Some(0.0)),
            (&[], 0, None),
            (&[Excused, Excused], 2, None),
            (&[Excused, Excused, Excused], 2, None),
            (&[Present, Present, Present], 2, Some(1.0)),
        ];
        for (statuses, held, expected) in cases {
            assert_eq!(
                attendance_rate(statuses, held),
                expected,
                "{statuses:?} of {held}"
            );
        }
    }

    #[test]
    fn four_of_five_meets_an_eighty_percent_threshold_exactly() {
        let rate = attendance_rate(&[Present, Present, Late, Present, Absent], 5);
        assert!(rate.is_some_and(|r| r >= 0.8));
    }

    #[test]
    fn a_stored_status_is_named_and_an_unknown_one_shown_as_stored() {
        use crate::i18n::Locale;
        for s in AttendanceStatus::ALL {
            for l in [Locale::Zh, Locale::En] {
                assert_eq!(AttendanceStatus::label_of_stored(s.as_str(), l), s.label(l));
            }
        }
        assert_ne!(
            AttendanceStatus::label_of_stored("present", Locale::Zh),
            "present",
            "a known status gets its word"
        );
        for raw in ["", "sick", "Present"] {
            assert_eq!(AttendanceStatus::label_of_stored(raw, Locale::Zh), raw);
        }
    }

    #[test]
    fn status_words_parse_and_others_are_refused() {
        for s in AttendanceStatus::ALL {
            assert_eq!(AttendanceStatus::parse(s.as_str()), Ok(s));
        }
        for bad in ["", "Present", "sick", "迟到"] {
            assert_eq!(
                AttendanceStatus::parse(bad).map_err(|m| m.code),
                Err("attendance_status_invalid")
            );
        }
    }

    #[test]
    fn flagged_table() {
        let rule = CompletionRule::default();
        let strict = CompletionRule {
            min_attendance_rate: 1.0,
        };
        // (rate, sessions held, rule, flagged)
        let cases = [
            (Some(0.5), 3, &rule, true),
            (Some(0.5), 2, &rule, false),
            (Some(0.0), 0, &rule, false),
            (Some(0.8), 5, &rule, false),
            (Some(0.79), 5, &rule, true),
            (None, 5, &rule, false),
            (Some(1.0), 3, &rule, false),
            (Some(0.99), 3, &strict, true),
            (Some(1.0), 3, &strict, false),
        ];
        for (rate, held, rule, expected) in cases {
            assert_eq!(
                flagged(rate, held, rule),
                expected,
                "{rate:?} {held} {rule:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn rate_is_between_zero_and_one(raw in proptest::collection::vec(0usize..4, 0..40), extra in 0u32..10) {
            let statuses: Vec<_> = raw.iter().map(|i| AttendanceStatus::ALL[*i]).collect();
            let held = statuses.len() as u32 + extra;
            if let Some(r) = attendance_rate(&statuses, held) {
                prop_assert!((0.0..=1.0).contains(&r));
            }
        }
    }
}
