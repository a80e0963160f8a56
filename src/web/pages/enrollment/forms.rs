//! Form plumbing shared by the pages: field errors keyed by the input's id and
//! listed in the order the form shows them (for the error summary), and the
//! small parsers that turn text inputs into numbers and dates.
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::domain::{Message, beijing};
use crate::error::FieldError;

/// One error for the summary: the input's id and the message.
#[derive(Debug, Clone, Serialize)]
pub struct ShownError {
    pub id: String,
    pub message: String,
}

/// The HTML id of a field the service names, e.g. `certificate.level` → `certificate_level`.
pub fn field_id(field: &str) -> String {
    field.replace('.', "_")
}

/// Errors as the templates want them: `errors` (id → message, the first per
/// field) and `error_list` (in the form's order; unknown fields last).
pub fn shown(errors: &[FieldError], english: bool, order: &[&str]) -> (Value, Vec<ShownError>) {
    let mut list: Vec<ShownError> = vec![];
    for e in errors {
        let id = field_id(&e.field);
        let message = e.message.text(english).to_string();
        if !list.iter().any(|s| s.id == id && s.message == message) {
            list.push(ShownError { id, message });
        }
    }
    let rank = |id: &str| order.iter().position(|o| *o == id).unwrap_or(order.len());
    list.sort_by_key(|s| rank(&s.id));
    let mut map = Map::new();
    for s in &list {
        map.entry(s.id.clone())
            .and_modify(|v| {
                if let Value::String(existing) = v {
                    existing.push(' ');
                    existing.push_str(&s.message);
                }
            })
            .or_insert_with(|| Value::String(s.message.clone()));
    }
    (Value::Object(map), list)
}

/// A field's trimmed text ("" when absent).
pub fn text(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).unwrap_or("").to_string()
}

/// Text that should have been a whole number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// A whole number typed into a text box ("" is `None`; spaces and a
/// trailing `%` or `人`/`分`/`年` are allowed).
pub fn whole_number(input: &str) -> Result<Option<i64>, NotANumber> {
    let s = input
        .trim()
        .trim_end_matches(['%', '人', '分', '年'])
        .trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>().map(Some).map_err(|_| NotANumber)
}

pub fn not_a_number(field: &str) -> FieldError {
    FieldError::new(field, Message::of("number_invalid"))
}

pub fn required(field: &str) -> FieldError {
    FieldError::new(field, Message::keyed("required", "msg-required-3"))
}

pub fn date_invalid(field: &str) -> FieldError {
    FieldError::new(field, Message::keyed("date_invalid", "msg-date_invalid-2"))
}

pub fn datetime_invalid(field: &str) -> FieldError {
    FieldError::new(field, Message::of("datetime_invalid"))
}

/// A `type=date` value (`YYYY-MM-DD`).
pub fn date(input: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input.trim(), "%Y-%m-%d").ok()
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, seconds optional), read as
/// Beijing wall-clock time.
pub fn beijing_datetime(input: &str) -> Option<DateTime<FixedOffset>> {
    let s = input.trim();
    let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()?;
    beijing().from_local_datetime(&naive).single()
}

/// The value a `datetime-local` input shows for an instant (Beijing time).
pub fn datetime_local_value(t: DateTime<chrono::Utc>) -> String {
    t.with_timezone(&beijing())
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_accept_units_and_blank_and_refuse_words() {
        let cases = [
            ("30", Ok(Some(30))),
            (" 80% ", Ok(Some(80))),
            ("20人", Ok(Some(20))),
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("abc", Err(NotANumber)),
            ("3.5", Err(NotANumber)),
            ("99999999999999999999", Err(NotANumber)),
        ];
        for (input, want) in cases {
            assert_eq!(whole_number(input), want, "{input:?}");
        }
    }

    #[test]
    fn datetime_local_is_read_as_beijing_time() {
        let t = beijing_datetime("2026-12-01T09:00").map(|t| t.to_rfc3339());
        assert_eq!(t.as_deref(), Some("2026-12-01T09:00:00+08:00"));
        assert!(beijing_datetime("2026-13-01T09:00").is_none());
        assert!(beijing_datetime("tomorrow").is_none());
        let utc = chrono::DateTime::parse_from_rfc3339("2026-11-30T16:30:00Z")
            .map(|t| datetime_local_value(t.with_timezone(&chrono::Utc)));
        assert_eq!(utc.ok().as_deref(), Some("2026-12-01T00:30"));
    }

    #[test]
    fn errors_follow_the_form_order_and_ids_replace_dots() {
        let m = |c| Message::new(c, c, c);
        let errors = vec![
            FieldError::new("consent", m("a")),
            FieldError::new("certificate.level", m("b")),
            FieldError::new("full_name", m("c")),
        ];
        let (map, list) = shown(
            &errors,
            false,
            &["full_name", "certificate_level", "consent"],
        );
        let ids: Vec<&str> = list.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["full_name", "certificate_level", "consent"]);
        assert_eq!(map["certificate_level"], "b");
    }
}
