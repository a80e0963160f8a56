//! iCalendar (RFC 5545) files for the sessions of a cohort: one VEVENT per
//! session, times in Beijing time (`TZID=Asia/Shanghai`, with its VTIMEZONE),
//! a `SEQUENCE` and `STATUS` per event, text escaped, lines folded at 75
//! octets and ended with CRLF.
use chrono::{DateTime, Utc};

/// The zone every time is written in.
pub const TZID: &str = "Asia/Shanghai";

/// One entry of the calendar.
#[derive(Debug, Clone)]
pub struct Event {
    /// Globally unique and stable for the session, e.g. `session-12@host`, so a
    /// calendar updates the entry instead of adding a second one.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub location: String,
    pub description: Option<String>,
    /// One more at each change, so a calendar replaces the entry it holds.
    pub sequence: i32,
    /// Written as `STATUS:CANCELLED` (calendars strike or drop the entry).
    pub cancelled: bool,
}

/// A VCALENDAR named `name` holding `events`.
pub fn calendar(name: &str, events: &[Event]) -> String {
    calendar_at(name, events, Utc::now())
}

/// As [`calendar`], with the DTSTAMP given (for reproducible output).
pub fn calendar_at(name: &str, events: &[Event], stamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&fold(&s));
        out.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR".into());
    line("VERSION:2.0".into());
    line("PRODID:-//gongjiang//notices//ZH".into());
    line("CALSCALE:GREGORIAN".into());
    line("METHOD:PUBLISH".into());
    line(format!("X-WR-CALNAME:{}", escape(name)));
    line(format!("X-WR-TIMEZONE:{TZID}"));
    // Subscribed feeds: ask calendar apps to look again every hour.
    line("REFRESH-INTERVAL;VALUE=DURATION:PT1H".into());
    line("X-PUBLISHED-TTL:PT1H".into());
    // China has kept UTC+8 without daylight saving since 1991.
    for l in [
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Shanghai",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ] {
        line(l.into());
    }
    for e in events {
        line("BEGIN:VEVENT".into());
        line(format!("UID:{}", escape(&e.uid)));
        line(format!("DTSTAMP:{}", utc(stamp)));
        line(format!("DTSTART;TZID={TZID}:{}", local(e.starts_at)));
        line(format!(
            "DTEND;TZID={TZID}:{}",
            local(e.ends_at.max(e.starts_at))
        ));
        line(format!("SEQUENCE:{}", e.sequence.max(0)));
        let status = if e.cancelled {
            "CANCELLED"
        } else {
            "CONFIRMED"
        };
        line(format!("STATUS:{status}"));
        line(format!("SUMMARY:{}", escape(&e.summary)));
        if !e.location.trim().is_empty() {
            line(format!("LOCATION:{}", escape(&e.location)));
        }
        if let Some(d) = e.description.as_deref().filter(|d| !d.trim().is_empty()) {
            line(format!("DESCRIPTION:{}", escape(d)));
        }
        line("END:VEVENT".into());
    }
    line("END:VCALENDAR".into());
    out
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Beijing wall-clock time, for `TZID=Asia/Shanghai`.
fn local(t: DateTime<Utc>) -> String {
    t.with_timezone(&crate::domain::beijing())
        .format("%Y%m%dT%H%M%S")
        .to_string()
}

/// TEXT value escaping: backslash, semicolon, comma and line breaks.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line so that no physical line exceeds 75 octets, never
/// splitting a UTF-8 character; continuation lines start with a space.
pub fn fold(line: &str) -> String {
    if line.len() <= 75 {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut used = 0;
    let mut limit = 75;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > limit {
            out.push_str("\r\n ");
            used = 1;
            limit = 75;
        }
        out.push(c);
        used += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn a_calendar_has_crlf_lines_utc_times_and_escaped_text() {
        let ics = calendar_at(
            "焊工研修班",
            &[Event {
                uid: "session-1@gongjiang.localhost".into(),
                starts_at: at(1),
                ends_at: at(3),
                summary: "理论课; 安全, 规范\\要求".into(),
                location: "实训基地\n二楼".into(),
                description: None,
                sequence: 2,
                cancelled: true,
            }],
            at(0),
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
        assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\n"));
        assert!(ics.contains("DTSTART;TZID=Asia/Shanghai:20261201T090000\r\n"));
        assert!(ics.contains("DTEND;TZID=Asia/Shanghai:20261201T110000\r\n"));
        assert!(ics.contains("SEQUENCE:2\r\nSTATUS:CANCELLED\r\n"));
        assert!(ics.contains("DTSTAMP:20261201T000000Z\r\n"));
        assert!(ics.contains("SUMMARY:理论课\\; 安全\\, 规范\\\\要求\r\n"));
        assert!(ics.contains("LOCATION:实训基地\\n二楼\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let long = "焊".repeat(60);
        let folded = fold(&format!("SUMMARY:{long}"));
        for (i, physical) in folded.split("\r\n").enumerate() {
            assert!(
                physical.len() <= 75,
                "line {i} has {} octets",
                physical.len()
            );
            if i > 0 {
                assert!(physical.starts_with(' '));
            }
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{long}"));
    }
}
