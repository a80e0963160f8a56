//! Sessions of a cohort: what a session is for, when it counts as held and
//! when its reminder is due. "Now" is always a parameter.

use chrono::{DateTime, Duration, Utc};

use super::Message;

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Theory,
    Practical,
    Assessment,
}

impl SessionKind {
    /// Every kind, in the order forms offer them.
    pub const ALL: [SessionKind; 3] = [
        SessionKind::Theory,
        SessionKind::Practical,
        SessionKind::Assessment,
    ];

    /// The lower-case word used in the API and the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            SessionKind::Theory => "theory",
            SessionKind::Practical => "practical",
            SessionKind::Assessment => "assessment",
        }
    }

    /// The exact lower-case word, spaces around it ignored. Error: `session_kind_invalid`.
    pub fn parse(s: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| Message::of("session_kind_invalid"))
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            SessionKind::Theory => "session-kind-theory",
            SessionKind::Practical => "session-kind-practical",
            SessionKind::Assessment => "session-kind-assessment",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }
}

/// How far ahead of a session its reminder goes out.
pub const REMINDER_AHEAD_HOURS: i64 = 24;

/// A session counts as held once it has started, unless it was cancelled.
pub fn held(starts_at: DateTime<Utc>, cancelled: bool, now: DateTime<Utc>) -> bool {
    !cancelled && starts_at <= now
}

/// Whether a session's reminder is due now: not cancelled, not yet reminded,
/// and starting within the next 24 hours (a session that has started is too late).
pub fn due_for_reminder(
    starts_at: DateTime<Utc>,
    cancelled: bool,
    already_reminded: bool,
    now: DateTime<Utc>,
) -> bool {
    !cancelled
        && !already_reminded
        && starts_at > now
        && starts_at - now <= Duration::hours(REMINDER_AHEAD_HOURS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(h)
    }

    #[test]
    fn session_kind_parse_table() {
        let cases = [
            ("theory", Some(SessionKind::Theory)),
            ("practical", Some(SessionKind::Practical)),
            ("assessment", Some(SessionKind::Assessment)),
            (" theory ", Some(SessionKind::Theory)),
            ("Theory", None),
            ("lecture", None),
            ("理论", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let got = SessionKind::parse(input);
            assert_eq!(got.as_ref().ok().copied(), expected, "{input:?}");
            if let Err(m) = got {
                assert_eq!(m.code, "session_kind_invalid");
            }
        }
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.as_str()), Ok(k));
        }
    }

    #[test]
    fn reminder_due_table() {
        let now = t(0);
        // (starts at, cancelled, already reminded, due)
        let cases = [
            (t(24), false, false, true),
            (t(1), false, false, true),
            (t(24) + Duration::seconds(1), false, false, false),
            (t(0) + Duration::seconds(1), false, false, true),
            (t(0), false, false, false),
            (t(-1), false, false, false),
            (t(5), true, false, false),
            (t(5), false, true, false),
        ];
        for (starts, cancelled, reminded, due) in cases {
            assert_eq!(
                due_for_reminder(starts, cancelled, reminded, now),
                due,
                "{starts} {cancelled} {reminded}"
            );
        }
    }

    #[test]
    fn held_table() {
        // (starts at, cancelled, held at t(0))
        let cases = [
            (t(0), false, true),
            (t(-3), false, true),
            (t(0) + Duration::seconds(1), false, false),
            (t(1), false, false),
            (t(-3), true, false),
            (t(0), true, false),
        ];
        for (starts, cancelled, expected) in cases {
            assert_eq!(
                held(starts, cancelled, t(0)),
                expected,
                "{starts} {cancelled}"
            );
        }
    }
}
