//! The pure rules of gongjiang: identity parsing, entry rules, cohort and
//! application states, sessions, attendance, assessment, mentor pairing and
//! certificate codes.
//!
//! Nothing here touches Rocket, the database, the clock or the network, so
//! every rule can be tested with plain values. "Today" and "now" are always
//! parameters.

pub mod absence;
pub mod account;
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

pub use crate::i18n::Message;

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
