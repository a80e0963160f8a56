//! Completion certificates' public verification codes: twelve characters of
//! Crockford's base 32 (60 random bits), printed in groups of four and read
//! back however people type them. The random bits are a parameter, so the
//! rules stay pure; the service draws them. `completion` says when a
//! certificate may be issued and what date it carries.

pub mod completion;

/// Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or
/// copied by hand is hard to get wrong.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a certificate code (60 random bits).
pub const CODE_LEN: usize = 12;
/// Bits one character carries.
const BITS_PER_CHAR: usize = 5;

/// The code for 60 random bits (the top 4 bits of `bits` are ignored), most
/// significant character first: `0` → `000000000000`, e.g. `7K3M9QX2ADFT`.
pub fn code_from_bits(bits: u64) -> String {
    (0..CODE_LEN)
        .rev()
        .map(|i| {
            let index = (bits >> (i * BITS_PER_CHAR)) & 0b1_1111;
            char::from(CROCKFORD[index as usize])
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn code_from_bits_table() {
        let cases = [
            (0, "000000000000"),
            (1, "000000000001"),
            (31, "00000000000Z"),
            (32, "000000000010"),
            ((1 << 60) - 1, "ZZZZZZZZZZZZ"),
            // Bits above the sixtieth are not used.
            (u64::MAX, "ZZZZZZZZZZZZ"),
            (1 << 60, "000000000000"),
        ];
        for (bits, code) in cases {
            assert_eq!(code_from_bits(bits), code, "{bits:#x}");
        }
    }

    #[test]
    fn display_code_table() {
        let cases = [
            ("7K3M9QX2ADFT", "7K3M-9QX2-ADFT"),
            ("7K3M", "7K3M"),
            ("7K3M9", "7K3M-9"),
            ("", ""),
        ];
        for (code, shown) in cases {
            assert_eq!(display_code(code), shown, "{code}");
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

    proptest! {
        #[test]
        fn every_code_is_twelve_crockford_characters_and_reads_back(bits in any::<u64>()) {
            let code = code_from_bits(bits);
            prop_assert_eq!(code.len(), CODE_LEN);
            prop_assert_eq!(normalize_code(&code), Some(code.clone()));
            prop_assert_eq!(
                normalize_code(&display_code(&code).to_lowercase()),
                Some(code.clone())
            );
        }

        #[test]
        fn different_sixty_bit_values_give_different_codes(a in 0u64..1 << 60, b in 0u64..1 << 60) {
            prop_assert_eq!(code_from_bits(a) == code_from_bits(b), a == b);
        }
    }
}
