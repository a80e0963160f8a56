//! The attendance sheet's rows: the preset leave reasons a mentor taps
//! (sick, personal, sent away by the employer), what a row records, and the
//! note stored with it.

/// A preset leave reason; the form carries `as_str`, the page shows the
/// catalog entry `key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveReason {
    Sick,
    Personal,
    Work,
}

impl LeaveReason {
    pub const ALL: [LeaveReason; 3] = [LeaveReason::Sick, LeaveReason::Personal, LeaveReason::Work];

    /// The form's value (trimmed); anything else is no preset.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value.trim())
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LeaveReason::Sick => "sick",
            LeaveReason::Personal => "personal",
            LeaveReason::Work => "work",
        }
    }

    /// The catalog key of its words.
    pub fn key(self) -> &'static str {
        match self {
            LeaveReason::Sick => "ck_reason_sick",
            LeaveReason::Personal => "ck_reason_personal",
            LeaveReason::Work => "ck_reason_work",
        }
    }
}

/// The status a row of the sheet records: what was ticked; or, with nothing
/// ticked, `excused` when a leave reason was tapped (a tap alone says why
/// someone is away); otherwise nothing, and the row is left out.
pub fn row_status(ticked: Option<&str>, reason: Option<LeaveReason>) -> Option<String> {
    match (ticked.map(str::trim).filter(|s| !s.is_empty()), reason) {
        (Some(s), _) => Some(s.to_string()),
        (None, Some(_)) => Some(super::AttendanceStatus::Excused.as_str().to_string()),
        (None, None) => None,
    }
}

/// The note stored with a row: the tapped reason's words, then what was
/// typed (once, if the typing already starts with them); `None` when neither.
pub fn note(reason_words: Option<&str>, typed: Option<&str>) -> Option<String> {
    let typed = typed.map(str::trim).filter(|t| !t.is_empty());
    match (reason_words, typed) {
        (Some(l), Some(t)) if t.starts_with(l) => Some(t.to_string()),
        (Some(l), Some(t)) => Some(format!("{l} · {t}")),
        (Some(l), None) => Some(l.to_string()),
        (None, t) => t.map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_parse_from_their_form_values_only() {
        let cases = [
            ("sick", Some(LeaveReason::Sick)),
            (" personal ", Some(LeaveReason::Personal)),
            ("work", Some(LeaveReason::Work)),
            ("Sick", None),
            ("", None),
            ("holiday", None),
        ];
        for (value, expected) in cases {
            assert_eq!(LeaveReason::parse(value), expected, "{value:?}");
        }
        for r in LeaveReason::ALL {
            assert_eq!(LeaveReason::parse(r.as_str()), Some(r));
        }
    }

    #[test]
    fn a_row_records_the_tick_or_excused_for_a_tapped_reason_alone() {
        let sick = Some(LeaveReason::Sick);
        let cases = [
            (Some("present"), None, Some("present")),
            (Some("absent"), sick, Some("absent")),
            (Some(" late "), None, Some("late")),
            (None, sick, Some("excused")),
            (Some(""), sick, Some("excused")),
            (Some("  "), None, None),
            (None, None, None),
        ];
        for (ticked, reason, expected) in cases {
            assert_eq!(
                row_status(ticked, reason).as_deref(),
                expected,
                "{ticked:?} {reason:?}"
            );
        }
    }

    #[test]
    fn the_note_puts_the_reason_first_and_never_twice() {
        let cases = [
            (Some("Sick"), None, Some("Sick")),
            (Some("Sick"), Some("fever"), Some("Sick · fever")),
            (Some("Sick"), Some("Sick, fever"), Some("Sick, fever")),
            (Some("Sick"), Some("   "), Some("Sick")),
            (None, Some(" fever "), Some("fever")),
            (None, Some(""), None),
            (None, None, None),
        ];
        for (words, typed, expected) in cases {
            assert_eq!(
                note(words, typed).as_deref(),
                expected,
                "{words:?} {typed:?}"
            );
        }
    }
}
