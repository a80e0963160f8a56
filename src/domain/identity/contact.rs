//! Mainland mobile numbers and email addresses.

use crate::domain::Message;
use crate::domain::mask::mask_phone;

/// A mainland China mobile number, stored as its 11 digits (`1[3-9]` then 9 digits).
///
/// `Debug` prints it masked; there is deliberately no `Display`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MobilePhone(String);

impl MobilePhone {
    /// Parses a number as people type it: full-width digits are normalized,
    /// spaces and hyphens are ignored, and a
    /// `+86` or `86` country prefix is dropped. Error: `phone_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let compact = super::typed::compact(input);
        let national = match compact.strip_prefix("+86") {
            Some(rest) => rest,
            // A bare "86" is a prefix only when 11 digits follow it.
            None if compact.len() == 13 => compact.strip_prefix("86").unwrap_or(&compact),
            None => &compact,
        };
        let b = national.as_bytes();
        let ok = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if !ok {
            return Err(Message::of("phone_invalid"));
        }
        Ok(MobilePhone(national.to_string()))
    }

    /// The 11 digits, for storage and sending.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// First 3, four stars, last 4: `139****5678`.
    pub fn masked(&self) -> String {
        mask_phone(&self.0)
    }
}

impl std::fmt::Debug for MobilePhone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("MobilePhone").field(&self.masked()).finish()
    }
}

/// At most this many characters in an email address (RFC 5321).
pub const EMAIL_MAX: usize = 254;

/// An email address good enough to send to: one `@`, a local part of at most
/// 64 characters, a dotted domain of letters, digits and hyphens (lower-cased).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// Parses an address; surrounding spaces are ignored and the domain is
    /// lower-cased (the local part is kept as typed). Error: `email_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let s = input.trim();
        let invalid = || Message::of("email_invalid");
        if s.chars().count() > EMAIL_MAX || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let mut parts = s.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid());
        };
        if local.is_empty() || local.chars().count() > 64 || !valid_domain(domain) {
            return Err(invalid());
        }
        Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The address with its domain lower-cased.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// At least two labels; each 1–63 of `[A-Za-z0-9-]`, not starting or ending with `-`.
fn valid_domain(domain: &str) -> bool {
    domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_parse_table() {
        let cases: [(&str, Option<&str>); 19] = [
            ("13912345678", Some("13912345678")),
            ("139 1234 5678", Some("13912345678")),
            ("139-1234-5678", Some("13912345678")),
            ("+86 139 1234 5678", Some("13912345678")),
            ("+8613912345678", Some("13912345678")),
            ("8613912345678", Some("13912345678")),
            (" 19912345678 ", Some("19912345678")),
            ("13012345678", Some("13012345678")),
            ("12912345678", None),
            ("10912345678", None),
            ("23912345678", None),
            ("1391234567", None),
            ("139123456789", None),
            ("+8513912345678", None),
            ("1391234567a", None),
            ("１３９１２３４５６７８", Some("13912345678")),
            ("＋８６　１３９－１２３４－５６７８", Some("13912345678")),
            ("１３９１２３４５６７ａ", None),
            ("", None),
        ];
        for (input, expected) in cases {
            let parsed = MobilePhone::parse(input);
            assert_eq!(
                parsed.as_ref().ok().map(MobilePhone::as_str),
                expected,
                "{input:?}"
            );
            if let Err(m) = parsed {
                assert_eq!(m.code, "phone_invalid");
            }
        }
    }

    #[test]
    fn phone_masks_and_debug_hides_the_middle() {
        let p = MobilePhone::parse("13912345678").unwrap();
        assert_eq!(p.masked(), "139****5678");
        assert!(!format!("{p:?}").contains("1234"));
    }

    #[test]
    fn email_parse_table() {
        let long_local = "a".repeat(64);
        let too_long_local = "a".repeat(65);
        let ok_long = format!("{long_local}@example.com");
        let bad_long = format!("{too_long_local}@example.com");
        let too_long_total = format!("a@{}.com", "b".repeat(250));
        let cases: Vec<(&str, Option<&str>)> = vec![
            ("name@example.com", Some("name@example.com")),
            ("  Name@Example.COM ", Some("Name@example.com")),
            (
                "wang.wei+class@mail.zj-union.org.cn",
                Some("wang.wei+class@mail.zj-union.org.cn"),
            ),
            (&ok_long, Some(&ok_long)),
            (&bad_long, None),
            (&too_long_total, None),
            ("name@localhost", None),
            ("@example.com", None),
            ("name@", None),
            ("name", None),
            ("a@b@example.com", None),
            ("na me@example.com", None),
            ("name@exa mple.com", None),
            ("name@-example.com", None),
            ("name@example-.com", None),
            ("name@example..com", None),
            ("name@.example.com", None),
            ("name@example.com.", None),
            ("name@例子.com", None),
            ("na\u{7}me@example.com", None),
        ];
        for (input, expected) in cases {
            let parsed = Email::parse(input);
            assert_eq!(
                parsed.as_ref().ok().map(Email::as_str),
                expected,
                "{input:?}"
            );
            if let Err(m) = parsed {
                assert_eq!(m.code, "email_invalid");
            }
        }
    }
}
