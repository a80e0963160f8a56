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

/// Masks whatever in a free-text note is shaped like a national ID (17
/// digits and a digit or `X`) or a mainland mobile number (11 digits starting
/// `1`, second digit 3-9, optionally after `86`), written with or without
/// single spaces or hyphens between digit groups: the digits are masked as
/// [`mask_national_id`] and [`mask_phone`] mask them, the separators stay.
/// Runs of digits of any other length (dates, counts, longer numbers) are kept.
pub fn mask_free_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // One group: digits, joined by single separators between digits.
        let start = i;
        let mut digits = vec![];
        while i < chars.len() {
            let c = chars[i];
            if is_digit(c) {
                digits.push(i);
                i += 1;
            } else if matches!(c, ' ' | '-')
                && chars.get(i + 1).is_some_and(|n| is_digit(*n))
                && i > start
            {
                i += 1;
            } else {
                break;
            }
        }
        if digits.len() == 17
            && chars
                .get(i)
                .is_some_and(|c| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ'))
        {
            digits.push(i);
            i += 1;
        }
        let ds: String = digits.iter().map(|&k| ascii_digit(chars[k])).collect();
        let keep = keep_for(&ds);
        let mut d = 0;
        for (k, c) in chars.iter().enumerate().take(i).skip(start) {
            if digits.get(d) == Some(&k) {
                let hidden = keep.is_some_and(|(head, tail)| d >= head && d < digits.len() - tail);
                out.push(if hidden { '*' } else { *c });
                d += 1;
            } else {
                out.push(*c);
            }
        }
    }
    out
}

/// ASCII and full-width digits (a note typed on a Chinese keyboard).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A full-width digit or `Ｘ` as its ASCII form; others unchanged.
fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' | 'Ｘ' | 'ｘ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// How many digits to keep at each end of a group shaped like an ID or a
/// mobile number; `None` for any other group.
fn keep_for(digits: &str) -> Option<(usize, usize)> {
    let b = digits.as_bytes();
    let mobile = |s: &[u8]| s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1]);
    if b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) {
        Some((ID_HEAD, ID_TAIL))
    } else if mobile(b) {
        Some((PHONE_HEAD, PHONE_TAIL))
    } else if b.len() == 13 && b.starts_with(b"86") && mobile(&b[2..]) {
        Some((PHONE_HEAD + 2, PHONE_TAIL))
    } else {
        None
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

    #[test]
    fn free_text_masking_table() {
        let cases = [
            ("", ""),
            ("请联系13912345678", "请联系139****5678"),
            ("电话 139 1234 5678。", "电话 139 **** 5678。"),
            ("电话139-1234-5678", "电话139-****-5678"),
            ("+86 139 1234 5678", "+86 139 **** 5678"),
            ("+8613912345678", "+86139****5678"),
            (
                "身份证330602199001011234有误",
                "身份证330602********1234有误",
            ),
            ("ID 33060219900101123X.", "ID 330602********123X."),
            ("ID 33060219900101123x", "ID 330602********123x"),
            (
                "33060219900101123X13912345678",
                "330602********123X139****5678",
            ),
            // Not shaped like either: kept.
            ("2026-03-01 迟到10分钟", "2026-03-01 迟到10分钟"),
            ("12345678901", "12345678901"),
            ("1391234567", "1391234567"),
            ("139123456789", "139123456789"),
            ("3306021990010112345", "3306021990010112345"),
            ("第 3 节 - 12 人", "第 3 节 - 12 人"),
            ("订单 1391234567X", "订单 1391234567X"),
            ("-13912345678-", "-139****5678-"),
            ("１３９１２３４５６７８", "１３９****５６７８"),
            (
                "３３０６０２１９９００１０１１２３Ｘ",
                "３３０６０２********１２３Ｘ",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(mask_free_text(input), expected, "input {input:?}");
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
        fn free_text_masking_keeps_the_length_and_hides_any_mobile(
            pre in "[a-z 。，]{0,5}", mid in "[3-9][0-9]{9}", post in "[a-z 。，]{0,5}"
        ) {
            let text = format!("{pre}1{mid}{post}");
            let masked = mask_free_text(&text);
            prop_assert_eq!(masked.chars().count(), text.chars().count());
            let number = format!("1{mid}");
            prop_assert!(!masked.contains(&number));
            prop_assert_eq!(mask_free_text(&masked), masked.clone());
        }

        #[test]
        fn masked_id_never_shows_the_birth_date(id in "[1-8][0-9]{16}[0-9X]") {
            let masked = mask_national_id(&id);
            prop_assert_eq!(&masked[6..14], "********");
        }
    }
}
