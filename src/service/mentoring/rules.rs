//! Small pure rules of mentoring that the services share: session kinds, when
//! a session counts as held or is due for its reminder, who is flagged, name
//! masking on certificates, certificate codes and CSV cells.
//!
//! They would sit in `src/domain/` by the project's layout; they live here
//! because this part of the work was limited to its own files. Nothing here
//! touches the database, the clock or the network.
use chrono::{DateTime, Duration, Utc};
use rand::Rng;

use crate::domain::Message;
use crate::domain::assessment::{CompletionRule, completed};

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Theory,
    Practical,
    Assessment,
}

impl SessionKind {
    pub const ALL: [SessionKind; 3] = [
        SessionKind::Theory,
        SessionKind::Practical,
        SessionKind::Assessment,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            SessionKind::Theory => "theory",
            SessionKind::Practical => "practical",
            SessionKind::Assessment => "assessment",
        }
    }

    /// The exact lower-case word. Error: `session_kind_invalid`.
    pub fn parse(s: &str) -> Result<Self, Message> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                Message::new(
                    "session_kind_invalid",
                    "课次类型应为 theory(理论)、practical(实操)或 assessment(考核)",
                    "The kind must be theory, practical or assessment",
                )
            })
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            SessionKind::Theory => "理论",
            SessionKind::Practical => "实操",
            SessionKind::Assessment => "考核",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            SessionKind::Theory => "theory",
            SessionKind::Practical => "practical",
            SessionKind::Assessment => "assessment",
        }
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

/// Sessions held before a low attendance rate is flagged.
pub const FLAG_AFTER_SESSIONS: u32 = 3;

/// A participant is flagged when, after at least three held sessions, their
/// rate is below the workshop's threshold. No rate (all excused) is not flagged.
pub fn flagged(rate: Option<f64>, sessions_held: u32, rule: &CompletionRule) -> bool {
    sessions_held >= FLAG_AFTER_SESSIONS && rate.is_some() && !completed(rate, true, rule)
}

/// A name for a public page: the first and last characters stay, the rest
/// become stars (`张焊工` → `张*工`, `李明` → `李*`). Works on characters, never panics.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => {
            let stars = "*".repeat(n - 2);
            format!("{}{stars}{}", chars[0], chars[n - 1])
        }
    }
}

/// Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or
/// copied by hand is hard to get wrong.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a certificate code (60 random bits).
pub const CODE_LEN: usize = 12;

/// A fresh random certificate code, e.g. `7K3M9QX2ADFT`.
pub fn new_certificate_code() -> String {
    let mut rng = rand::rngs::OsRng;
    (0..CODE_LEN)
        .map(|_| char::from(CROCKFORD[rng.gen_range(0..CROCKFORD.len())]))
        .collect()
}

/// The code as printed: `7K3M-9QX2-ADFT`.
pub fn display_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Reads a code as people type it: any case, with hyphens or spaces, and the
/// look-alikes O→0 and I/L→1. `None` when it cannot be a code.
pub fn normalize_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_LEN);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == CODE_LEN).then_some(out)
}

/// One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading apostrophe.
pub fn csv_cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Rows as CSV text with a UTF-8 byte-order mark (so Excel reads Chinese) and
/// CRLF line ends.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t(h: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
            .single()
            .unwrap_or_default()
            + Duration::hours(h)
    }

    #[test]
    fn session_kind_parses_the_three_words_only() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.as_str()), Ok(k));
        }
        assert_eq!(SessionKind::parse(" theory "), Ok(SessionKind::Theory));
        for bad in ["Theory", "lecture", ""] {
            assert_eq!(
                SessionKind::parse(bad).map_err(|m| m.code),
                Err("session_kind_invalid")
            );
        }
    }

    #[test]
    fn reminder_due_table() {
        let now = t(0);
        let cases = [
            (t(24), false, false, true),
            (t(1), false, false, true),
            (t(24) + Duration::seconds(1), false, false, false),
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
    fn held_means_started_and_not_cancelled() {
        assert!(held(t(0), false, t(0)));
        assert!(held(t(-3), false, t(0)));
        assert!(!held(t(1), false, t(0)));
        assert!(!held(t(-3), true, t(0)));
    }

    #[test]
    fn flagged_table() {
        let rule = CompletionRule::default();
        let cases = [
            (Some(0.5), 3, true),
            (Some(0.5), 2, false),
            (Some(0.8), 5, false),
            (Some(0.79), 5, true),
            (None, 5, false),
            (Some(1.0), 3, false),
        ];
        for (rate, held, expected) in cases {
            assert_eq!(flagged(rate, held, &rule), expected, "{rate:?} {held}");
        }
    }

    #[test]
    fn name_masking_table() {
        let cases = [
            ("张焊工", "张*工"),
            ("李明", "李*"),
            ("欧阳致远", "欧**远"),
            ("王", "*"),
            ("", ""),
            (" 张焊工 ", "张*工"),
            ("Zhang Wei", "Z*******i"),
        ];
        for (name, masked) in cases {
            assert_eq!(mask_name(name), masked, "{name}");
        }
    }

    #[test]
    fn certificate_codes_are_twelve_crockford_characters_and_read_back() {
        for _ in 0..100 {
            let code = new_certificate_code();
            assert_eq!(code.len(), CODE_LEN);
            assert_eq!(normalize_code(&code).as_deref(), Some(code.as_str()));
            assert_eq!(
                normalize_code(&display_code(&code).to_lowercase()).as_deref(),
                Some(code.as_str())
            );
        }
    }

    #[test]
    fn code_normalization_table() {
        let cases = [
            ("7K3M-9QX2-ADFT", Some("7K3M9QX2ADFT")),
            ("7k3m 9qx2 adft", Some("7K3M9QX2ADFT")),
            ("OIL0-0000-0000", Some("011000000000")),
            ("7K3M-9QX2-ADF", None),
            ("7K3M-9QX2-ADFTT", None),
            ("7K3M-9QX2-ADFU", None),
            ("张三", None),
            ("", None),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_code(input).as_deref(), expected, "{input}");
        }
    }

    #[test]
    fn csv_cells_are_quoted_and_guarded() {
        let cases = [
            ("张焊工", "张焊工"),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("two\nlines", "\"two\nlines\""),
        ];
        for (input, expected) in cases {
            assert_eq!(csv_cell(input), expected, "{input}");
        }
        let text = csv(&[vec!["姓名".into(), "a,b".into()]]);
        assert!(text.starts_with('\u{feff}'));
        assert_eq!(text, "\u{feff}姓名,\"a,b\"\r\n");
    }

    proptest! {
        #[test]
        fn masked_names_keep_their_length_and_hide_the_middle(name in "\\PC{0,12}") {
            let trimmed: Vec<char> = name.trim().chars().collect();
            let masked: Vec<char> = mask_name(&name).chars().collect();
            prop_assert_eq!(masked.len(), trimmed.len());
            let hidden = match masked.len() {
                0 | 1 => 0..masked.len(),
                2 => 1..2,
                n => 1..n - 1,
            };
            prop_assert!(masked[hidden].iter().all(|c| *c == '*'));
        }
    }
}
