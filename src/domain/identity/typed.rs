//! Input as phones type it: Chinese keyboards often give full-width digits
//! and letters (`３３０６`, `Ｘ`), and people group long numbers with spaces or
//! hyphens. IDs and mobile numbers go through [`compact`] before they are
//! checked.

use unicode_normalization::UnicodeNormalization;

/// NFKC-normalizes `input` (full-width `３` → `3`, `Ｘ` → `X`, `＋` → `+`,
/// ideographic space → space) and drops every space and hyphen-like
/// separator.
pub fn compact(input: &str) -> String {
    input
        .nfkc()
        .filter(|c| !c.is_whitespace() && !is_separator(*c))
        .collect()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2212}'
            | '\u{30FC}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_spaced_and_hyphenated_input_compacts_to_ascii() {
        let cases = [
            ("３３０６０２１９９００１０１１２３Ｘ", "33060219900101123X"),
            ("330602 19900101 123x", "33060219900101123x"),
            ("139-1234-5678", "13912345678"),
            ("139　1234　5678", "13912345678"),
            ("＋８６ １３９ １２３４ ５６７８", "+8613912345678"),
            ("139—1234–5678", "13912345678"),
            ("  13912345678\t", "13912345678"),
            ("", ""),
            ("abc", "abc"),
        ];
        for (input, want) in cases {
            assert_eq!(compact(input), want, "{input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn compact_never_leaves_a_space_and_keeps_ascii_digits(s in "\\PC{0,40}", d in "[0-9]{1,18}") {
            proptest::prop_assert!(!compact(&s).chars().any(char::is_whitespace));
            proptest::prop_assert_eq!(compact(&d), d);
        }
    }
}
