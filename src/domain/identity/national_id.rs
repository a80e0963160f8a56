//! The 18-character resident identity number (GB 11643-1999).

use crate::domain::Message;
use crate::domain::mask::mask_national_id;
use chrono::NaiveDate;

/// ISO 7064 MOD 11-2 weights for the first 17 characters.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder of the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// A checked national ID: 17 digits and a check character (`X` upper-cased),
/// a plausible region code, a real birth date and a correct check digit.
///
/// `Debug` prints it masked; there is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId {
    value: String,
    birth: NaiveDate,
}

impl NationalId {
    /// Parses an ID as typed: full-width characters are normalized, spaces
    /// and hyphens ignored, a final `x` becomes `X`. Errors: `id_length`, `id_format`, `id_birth_date`,
    /// `id_check_digit`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let compact = super::typed::compact(input);
        let s = compact.as_str();
        if s.chars().count() != 18 {
            return Err(Message::of("id_length"));
        }
        // Split off the last character by chars, so multi-byte input cannot
        // cut a character in half.
        let mut chars = s.chars();
        let last = chars.next_back().unwrap_or(' ');
        let first17 = chars.as_str();
        let format_ok = first17.len() == 17
            && first17.bytes().all(|b| b.is_ascii_digit())
            && first17.starts_with(|c: char| matches!(c, '1'..='8'))
            && (last.is_ascii_digit() || last == 'X' || last == 'x');
        if !format_ok {
            return Err(Message::of("id_format"));
        }
        let birth = birth_date_of(first17).ok_or_else(|| Message::of("id_birth_date"))?;
        let last = last.to_ascii_uppercase();
        if Self::check_char(first17) != Some(last) {
            return Err(Message::of("id_check_digit"));
        }
        Ok(NationalId {
            value: format!("{first17}{last}"),
            birth,
        })
    }

    /// The check character for 17 leading digits (ISO 7064 MOD 11-2), or
    /// `None` unless the input is exactly 17 ASCII digits. Lets tests and
    /// demo data build valid IDs.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        CHECK_CHARS.get((sum % 11) as usize).copied()
    }

    /// The normalised 18 characters (for encryption and the keyed hash only).
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The birth date encoded in characters 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    /// First 6, eight stars, last 4: `330602********1234`.
    pub fn masked(&self) -> String {
        mask_national_id(&self.value)
    }
}

impl std::fmt::Debug for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("NationalId").field(&self.masked()).finish()
    }
}

/// YYYYMMDD at characters 7–14, a real calendar date from 1900 on.
fn birth_date_of(first17: &str) -> Option<NaiveDate> {
    let digits = first17.get(6..14)?;
    let year: i32 = digits.get(0..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6)?.parse().ok()?;
    let day: u32 = digits.get(6..8)?.parse().ok()?;
    if year < 1900 {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Appends the correct check character to 17 digits.
    fn valid(first17: &str) -> String {
        format!("{first17}{}", NationalId::check_char(first17).unwrap())
    }

    #[test]
    fn check_char_matches_published_examples() {
        // Examples from GB 11643-1999 and widely published test numbers.
        assert_eq!(NationalId::check_char("11010519491231002"), Some('X'));
        assert_eq!(NationalId::check_char("44052418800101001"), Some('4'));
        assert_eq!(NationalId::check_char("1101051949123100"), None);
        assert_eq!(NationalId::check_char("1101051949123100a"), None);
    }

    #[test]
    fn parse_accepts_valid_ids_and_normalises_them() {
        let cases = [
            ("11010519491231002X", "11010519491231002X"),
            ("11010519491231002x", "11010519491231002X"),
            ("  330602198503152013 ", "330602198503152013"),
            ("11010119900307387x", "11010119900307387X"),
            ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
            ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
            ("110105 19491231 002X", "11010519491231002X"),
            ("110105-19491231-002X", "11010519491231002X"),
        ];
        for (input, normalised) in cases {
            let id = NationalId::parse(input).unwrap();
            assert_eq!(id.as_str(), normalised, "{input:?}");
        }
    }

    #[test]
    fn parse_refuses_each_kind_of_mistake_with_its_own_code() {
        let wrong_check = {
            let good = valid("33060219900101123");
            let last = good.chars().last().unwrap();
            let other = if last == '0' { '1' } else { '0' };
            format!("33060219900101123{other}")
        };
        let cases = [
            ("", "id_length"),
            ("11010519491231002", "id_length"),
            ("11010519491231002X1", "id_length"),
            ("身份证号码身份证号码身份证号码身份证", "id_format"),
            ("1101051949123100XX", "id_format"),
            ("11010519491231002Y", "id_format"),
            ("01010519491231002X", "id_format"),
            ("91010519491231002X", "id_format"),
            ("110105_9491231002X", "id_format"),
            (&valid("33060218991231123"), "id_birth_date"),
            (&valid("33060219900230123"), "id_birth_date"),
            (&valid("33060219901301123"), "id_birth_date"),
            (&valid("33060219900100123"), "id_birth_date"),
            (&valid("33060219010229123"), "id_birth_date"),
            (&wrong_check, "id_check_digit"),
        ];
        for (input, code) in cases {
            let err = NationalId::parse(input).unwrap_err();
            assert_eq!(err.code, code, "input {input:?}");
        }
    }

    #[test]
    fn parse_accepts_boundary_birth_dates() {
        for first17 in [
            "33060219000101123",
            "33060220000229123",
            "33060219991231123",
        ] {
            assert!(NationalId::parse(&valid(first17)).is_ok(), "{first17}");
        }
    }

    #[test]
    fn birth_date_and_masking_come_from_the_number() {
        let id = NationalId::parse(&valid("33060219900101123")).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1990, 1, 1).unwrap()
        );
        assert!(id.masked().starts_with("330602********123"));
        assert_eq!(id.masked().chars().count(), 18);
    }

    #[test]
    fn debug_output_never_shows_the_full_number() {
        let id = NationalId::parse("11010519491231002X").unwrap();
        let shown = format!("{id:?}");
        assert!(!shown.contains("19491231"), "{shown}");
        assert!(shown.contains("110105********002X"), "{shown}");
    }

    proptest! {
        #[test]
        fn every_id_built_with_check_char_parses(
            region in 110000u32..=829999,
            days in 0i64..45000,
            seq in 0u32..1000,
        ) {
            let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let first17 = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
            let id = NationalId::parse(&valid(&first17)).unwrap();
            prop_assert_eq!(id.birth_date(), birth);
        }

        #[test]
        fn changing_one_digit_is_always_caught(
            seq in 0u32..1000,
            pos in 0usize..17,
            delta in 1u8..10,
        ) {
            let good = valid(&format!("33060219900101{seq:03}"));
            let mut bytes = good.into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let typo = String::from_utf8(bytes).unwrap();
            prop_assert!(NationalId::parse(&typo).is_err());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = NationalId::parse(&s);
        }
    }
}
