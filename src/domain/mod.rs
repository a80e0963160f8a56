//! The pure rules of gongjiang: identity parsing, entry rules, cohort and
//! application states, sessions, attendance, assessment, mentor pairing and
//! certificate codes.
//!
//! Nothing here touches Rocket, the database, the clock or the network, so
//! every rule can be tested with plain values. "Today" and "now" are always
//! parameters.

pub mod absence;
pub mod assessment;
pub mod attendance;
pub mod certificate;
pub mod cohort;
pub mod eligibility;
pub mod guidance;
pub mod identity;
pub mod mask;
pub mod pairing;
pub mod qualification;
pub mod selection;
pub mod session;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// A user-facing message: stable code plus Chinese and English text.
///
/// The code never changes once published (clients match on it); the texts
/// may be reworded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
}

impl Message {
    /// Builds a message from its stable code and its two texts.
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            code,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in the reader's language: English when `english`, else Chinese.
    pub fn text(&self, english: bool) -> &str {
        if english { &self.en } else { &self.zh }
    }
}

impl std::fmt::Display for Message {
    /// `code: english text`, for logs (never shown to users as is).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.en)
    }
}

// Evaluated at compile time, so the `None` arm can never be reached at run time.
const BEIJING: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// China Standard Time (UTC+8, no daylight saving).
pub fn beijing() -> FixedOffset {
    BEIJING
}

/// The calendar date of an instant in Beijing.
pub fn beijing_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&BEIJING).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn message_text_picks_the_readers_language() {
        let m = Message::new("x", "中文", "English");
        assert_eq!(m.text(false), "中文");
        assert_eq!(m.text(true), "English");
    }

    #[test]
    fn message_serializes_code_and_both_texts() {
        let m = Message::new("id_length", "中", "en");
        let v = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(
            v,
            serde_json::json!({"code": "id_length", "zh": "中", "en": "en"})
        );
    }

    #[test]
    fn beijing_date_rolls_over_at_sixteen_hundred_utc() {
        let cases = [
            ((2024, 6, 30, 15, 59, 59), (2024, 6, 30)),
            ((2024, 6, 30, 16, 0, 0), (2024, 7, 1)),
            ((2024, 12, 31, 16, 0, 0), (2025, 1, 1)),
            ((2024, 2, 28, 23, 0, 0), (2024, 2, 29)),
        ];
        for ((y, mo, d, h, mi, s), (ey, em, ed)) in cases {
            let t = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single();
            let expected = NaiveDate::from_ymd_opt(ey, em, ed);
            assert_eq!(t.map(beijing_date), expected, "{y}-{mo}-{d} {h}:{mi}:{s}");
        }
    }

    #[test]
    fn beijing_is_eight_hours_east_of_utc() {
        assert_eq!(beijing().local_minus_utc(), 8 * 3600);
    }
}
