//! A cohort's application window, dates and capacity.

use super::CohortStatus;
use crate::domain::{Message, beijing_date};
use chrono::{DateTime, NaiveDate, Utc};

/// The most places one cohort may offer.
pub const MAX_CAPACITY: u32 = 10_000;

/// Whether an application may be made now: the cohort is open and
/// `open_at <= now <= close_at`. Both ends are inclusive, so an application
/// sent at the announced closing instant is still taken.
pub fn accepting_applications(
    status: CohortStatus,
    now: DateTime<Utc>,
    open_at: DateTime<Utc>,
    close_at: DateTime<Utc>,
) -> bool {
    status == CohortStatus::Open && open_at <= now && now <= close_at
}

/// Checks a cohort's dates: the window opens before it closes, it closes no
/// later than the start date (in Beijing), and the cohort starts no later
/// than it ends. Returns every problem found.
pub fn validate_cohort_dates(
    open_at: DateTime<Utc>,
    close_at: DateTime<Utc>,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
) -> Result<(), Vec<Message>> {
    let mut problems = Vec::new();
    if open_at >= close_at {
        problems.push(Message::of("cohort_window_invalid"));
    }
    if beijing_date(close_at) > starts_on {
        problems.push(Message::of("cohort_close_after_start"));
    }
    if starts_on > ends_on {
        problems.push(Message::of("cohort_dates_invalid"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Accepts a capacity of 1 to [`MAX_CAPACITY`] places. Error: `capacity_invalid`.
pub fn validate_capacity(n: i64) -> Result<u32, Message> {
    u32::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_CAPACITY).contains(n))
        .ok_or_else(|| Message::of("capacity_invalid").arg("max_capacity", &MAX_CAPACITY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepting_applications_table() {
        let (open, close) = (utc(2024, 6, 1, 0), utc(2024, 6, 30, 9));
        let cases = [
            (CohortStatus::Open, utc(2024, 6, 15, 0), true),
            (CohortStatus::Open, open, true),
            (CohortStatus::Open, close, true),
            (
                CohortStatus::Open,
                close + chrono::Duration::seconds(1),
                false,
            ),
            (
                CohortStatus::Open,
                open - chrono::Duration::seconds(1),
                false,
            ),
            (CohortStatus::Draft, utc(2024, 6, 15, 0), false),
            (CohortStatus::Closed, utc(2024, 6, 15, 0), false),
            (CohortStatus::Cancelled, utc(2024, 6, 15, 0), false),
        ];
        for (status, now, expected) in cases {
            assert_eq!(
                accepting_applications(status, now, open, close),
                expected,
                "{status} at {now}"
            );
        }
    }

    #[test]
    fn validate_cohort_dates_table() {
        // (applications open, close, starts on, ends on, expected problem codes)
        type Case = (
            DateTime<Utc>,
            DateTime<Utc>,
            NaiveDate,
            NaiveDate,
            Vec<&'static str>,
        );
        let cases: [Case; 7] = [
            (
                utc(2024, 6, 1, 0),
                utc(2024, 6, 30, 9),
                date(2024, 7, 15),
                date(2024, 7, 20),
                vec![],
            ),
            // Closing at 15:59 UTC on the 14th is still the 14th in Beijing.
            (
                utc(2024, 6, 1, 0),
                utc(2024, 7, 14, 15),
                date(2024, 7, 14),
                date(2024, 7, 14),
                vec![],
            ),
            // 16:00 UTC on the 14th is already the 15th in Beijing.
            (
                utc(2024, 6, 1, 0),
                utc(2024, 7, 14, 16),
                date(2024, 7, 14),
                date(2024, 7, 20),
                vec!["cohort_close_after_start"],
            ),
            (
                utc(2024, 6, 30, 9),
                utc(2024, 6, 30, 9),
                date(2024, 7, 15),
                date(2024, 7, 20),
                vec!["cohort_window_invalid"],
            ),
            (
                utc(2024, 7, 1, 0),
                utc(2024, 6, 30, 9),
                date(2024, 7, 15),
                date(2024, 7, 20),
                vec!["cohort_window_invalid"],
            ),
            (
                utc(2024, 6, 1, 0),
                utc(2024, 6, 30, 9),
                date(2024, 7, 15),
                date(2024, 7, 14),
                vec!["cohort_dates_invalid"],
            ),
            (
                utc(2024, 8, 1, 0),
                utc(2024, 7, 30, 0),
                date(2024, 7, 15),
                date(2024, 7, 1),
                vec![
                    "cohort_window_invalid",
                    "cohort_close_after_start",
                    "cohort_dates_invalid",
                ],
            ),
        ];
        for (open, close, starts, ends, expected) in cases {
            let got: Vec<&str> = validate_cohort_dates(open, close, starts, ends)
                .err()
                .unwrap_or_default()
                .iter()
                .map(|m| m.code)
                .collect();
            assert_eq!(got, expected, "{open} {close} {starts} {ends}");
        }
    }

    #[test]
    fn validate_capacity_table() {
        let cases = [
            (1, Ok(1)),
            (40, Ok(40)),
            (10_000, Ok(10_000)),
            (0, Err("capacity_invalid")),
            (-1, Err("capacity_invalid")),
            (10_001, Err("capacity_invalid")),
            (i64::MAX, Err("capacity_invalid")),
            (i64::MIN, Err("capacity_invalid")),
        ];
        for (n, expected) in cases {
            assert_eq!(validate_capacity(n).map_err(|m| m.code), expected, "{n}");
        }
    }
}
