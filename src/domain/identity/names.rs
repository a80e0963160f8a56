//! Names of people and of employers.

use crate::domain::Message;

/// A person's name as written on their ID: 2–40 characters after trimming,
/// no control characters, at least one letter (Chinese characters count).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    /// Errors: `name_length` (counted in characters, not bytes), `name_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let s = input.trim();
        let n = s.chars().count();
        if !(2..=40).contains(&n) {
            return Err(Message::of("name_length"));
        }
        if !plausible_text(s) {
            return Err(Message::of("name_invalid"));
        }
        Ok(PersonName(s.to_string()))
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An employer's name: 2–80 characters after trimming, no control
/// characters, at least one letter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OrgName(String);

impl OrgName {
    /// Errors: `employer_length` (counted in characters), `employer_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let s = input.trim();
        let n = s.chars().count();
        if !(2..=80).contains(&n) {
            return Err(Message::of("employer_length"));
        }
        if !plausible_text(s) {
            return Err(Message::of("employer_invalid"));
        }
        Ok(OrgName(s.to_string()))
    }

    /// The trimmed name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrgName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// No control characters, no invisible characters that change how the text
/// displays, and at least one letter of any script.
fn plausible_text(s: &str) -> bool {
    !s.chars().any(|c| c.is_control() || disguises(c)) && s.chars().any(char::is_alphabetic)
}

/// Characters that let a name display as another one: bidirectional
/// overrides and isolates (U+202E shows the rest backwards), zero-width
/// characters, the byte-order mark and the invisible tag characters.
pub fn disguises(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_name_table() {
        let forty = "王".repeat(40);
        let forty_one = "王".repeat(41);
        let cases: Vec<(&str, Result<&str, &str>)> = vec![
            ("丁卫松", Ok("丁卫松")),
            ("  朱致挺 ", Ok("朱致挺")),
            ("王五", Ok("王五")),
            ("阿依古丽·买买提", Ok("阿依古丽·买买提")),
            ("Li Lei", Ok("Li Lei")),
            (&forty, Ok(&forty)),
            (&forty_one, Err("name_length")),
            ("王", Err("name_length")),
            ("   王   ", Err("name_length")),
            ("", Err("name_length")),
            ("123", Err("name_invalid")),
            ("--..", Err("name_invalid")),
            ("王\n五", Err("name_invalid")),
            ("王\u{202E}五", Err("name_invalid")),
            ("王\u{200B}五", Err("name_invalid")),
            ("王\u{200D}五", Err("name_invalid")),
            ("王\u{2066}五\u{2069}", Err("name_invalid")),
            ("王\u{FEFF}五", Err("name_invalid")),
            ("王五\u{E0041}", Err("name_invalid")),
            ("王\u{2010}五", Ok("王\u{2010}五")),
        ];
        for (input, expected) in cases {
            let got = PersonName::parse(input);
            let got = got.as_ref().map(PersonName::as_str).map_err(|m| m.code);
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn org_name_table() {
        let eighty = "厂".repeat(80);
        let eighty_one = "厂".repeat(81);
        let cases: Vec<(&str, Result<&str, &str>)> = vec![
            ("绍兴市某某机械有限公司", Ok("绍兴市某某机械有限公司")),
            ("三厂", Ok("三厂")),
            (&eighty, Ok(&eighty)),
            (&eighty_one, Err("employer_length")),
            ("厂", Err("employer_length")),
            ("12345", Err("employer_invalid")),
            ("三\u{202E}厂", Err("employer_invalid")),
        ];
        for (input, expected) in cases {
            let got = OrgName::parse(input);
            let got = got.as_ref().map(OrgName::as_str).map_err(|m| m.code);
            assert_eq!(got, expected, "{input:?}");
        }
    }
}
