//! Dates and times in the reader's format, in China Standard Time:
//! "28 Nov 2026" in English, the year-month-day form in Chinese.
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::beijing;
use crate::i18n::Locale;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn date(locale: Locale, d: NaiveDate) -> String {
    match locale {
        Locale::Zh => crate::i18n::text(
            locale,
            "date_format",
            &[
                ("y", d.year().to_string()),
                ("m", d.month().to_string()),
                ("d", d.day().to_string()),
            ],
        ),
        Locale::En => format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
    }
}

/// A text with a detail in brackets, the brackets of the reader's language.
pub fn with_detail(locale: Locale, text: &str, detail: &str) -> String {
    crate::i18n::text(
        locale,
        "with_detail",
        &[("text", text.to_string()), ("detail", detail.to_string())],
    )
}

/// An instant as Beijing wall-clock date and time.
pub fn datetime(locale: Locale, t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&beijing());
    let d = local.date_naive();
    format!("{} {}", date(locale, d), local.format("%H:%M"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_read_naturally_in_each_language() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        assert_eq!(date(Locale::Zh, d), "2026年11月28日");
        assert_eq!(date(Locale::En, d), "28 Nov 2026");
    }

    #[test]
    fn times_are_shown_in_beijing_time() {
        // 16:30 UTC on the 28th is 00:30 on the 29th in Beijing.
        let t = Utc
            .with_ymd_and_hms(2026, 11, 28, 16, 30, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(datetime(Locale::Zh, t), "2026年11月29日 00:30");
        assert_eq!(datetime(Locale::En, t), "29 Nov 2026 00:30");
    }
}
