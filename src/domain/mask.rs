//! Masking of personal data for lists, pages, exports, mail and logs.
//!
//! These take whatever string is stored (it may predate today's validation
//! or be damaged), so they work on characters, never on bytes, and never
//! panic. A string too short to keep its ends hidden is starred in full.

/// Characters kept at the start and end of an ID number (region code; last four).
const ID_HEAD: usize = 6;
const ID_TAIL: usize = 4;
/// Characters kept at the start and end of a phone number (carrier prefix; last four).
const PHONE_HEAD: usize = 3;
const PHONE_TAIL: usize = 4;

/// Masks a national ID: an 18-character ID becomes `330602********1234`.
///
/// Any string of at least 18 characters keeps its first 6 and last 4 and
/// stars the rest; anything shorter is starred in full (one star per character).
pub fn mask_national_id(s: &str) -> String {
    mask_middle(s, ID_HEAD, ID_TAIL, 18)
}

/// Masks a mobile number: `13912345678` becomes `139****5678`.
///
/// Any string of at least 11 characters keeps its first 3 and last 4 and
/// stars the rest; anything shorter is starred in full (one star per character).
pub fn mask_phone(s: &str) -> String {
    mask_middle(s, PHONE_HEAD, PHONE_TAIL, 11)
}

/// Masks a person's name for a public page (a certificate's verification):
/// the first and last characters stay, the rest become stars (`张焊工` →
/// `张*工`, `李明` → `李*`, `王` → `*`). Spaces around the name are dropped.
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

fn mask_middle(s: &str, head: usize, tail: usize, min_len: usize) -> String {
    let len = s.chars().count();
    if len < min_len || len < head + tail {
        return "*".repeat(len);
    }
    s.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i >= len - tail { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn national_id_masking_table() {
        let cases = [
            ("33060219900101123X", "330602********123X"),
            ("330602199001011234", "330602********1234"),
            ("", ""),
            ("1", "*"),
            ("33060219900101123", "*****************"),
            ("3306021990010112345", "330602*********2345"),
            ("身份证号码应为十八位的字符串内容啊", "*****************"),
            (
                "身份证号码应为十八位的字符串内容啊哈",
                "身份证号码应********内容啊哈",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_national_id(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn phone_masking_table() {
        let cases = [
            ("13912345678", "139****5678"),
            ("", ""),
            ("139", "***"),
            ("1391234567", "**********"),
            ("+8613912345678", "+86*******5678"),
            ("一二三四五六七八九十一", "一二三****八九十一"),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_phone(input), expected, "input {input:?}");
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
            ("   ", ""),
            (" 张焊工 ", "张*工"),
            ("Zhang Wei", "Z*******i"),
        ];
        for (name, masked) in cases {
            assert_eq!(mask_name(name), masked, "{name:?}");
        }
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

        #[test]
        fn masking_never_panics_and_keeps_the_character_count(s in "\\PC{0,40}") {
            let n = s.chars().count();
            prop_assert_eq!(mask_national_id(&s).chars().count(), n);
            prop_assert_eq!(mask_phone(&s).chars().count(), n);
        }

        #[test]
        fn masked_id_never_shows_the_birth_date(id in "[1-8][0-9]{16}[0-9X]") {
            let masked = mask_national_id(&id);
            prop_assert_eq!(&masked[6..14], "********");
        }
    }
}
