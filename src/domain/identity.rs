//! Personal data as checked values: parse, don't validate.
//!
//! Each type has a private field and `parse` is its only way in, so a value
//! of the type is proof the input passed. Types that hold sensitive data
//! (national ID, phone) print masked in `Debug` and have no `Display`, so
//! they cannot leak into a log line by accident.

mod contact;
mod names;
mod national_id;
pub mod typed;

pub use contact::{EMAIL_MAX, Email, MobilePhone};
pub use names::{OrgName, PersonName};
pub use national_id::NationalId;

use super::Message;
use chrono::NaiveDate;

/// Accepts a date that is today or earlier (dates like "started the trade
/// on" or "certificate issued on" cannot lie in the future).
pub fn past_date(d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, Message> {
    if d > today {
        return Err(Message::of("date_in_future")
            .arg("d", &d)
            .arg("today", &today));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn past_date_accepts_today_and_earlier_and_refuses_tomorrow() {
        let today = date(2024, 6, 30);
        let cases = [
            (date(2024, 6, 30), true),
            (date(2024, 6, 29), true),
            (date(1970, 1, 1), true),
            (date(2024, 7, 1), false),
            (date(2099, 1, 1), false),
        ];
        for (d, ok) in cases {
            let result = past_date(d, today);
            assert_eq!(result.is_ok(), ok, "{d}");
            if let Err(m) = result {
                assert_eq!(m.code, "date_in_future");
            }
        }
    }
}
