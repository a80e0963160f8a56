//! Self check-in (DESIGN "Self check-in"): the session's code, which code is
//! accepted, and which status a check-in gets at a given time.
//!
//! The code is RFC 6238 (HMAC-SHA1, 30 s steps, 6 digits) over a secret per
//! session; the current and the previous step's code are accepted, so a code
//! read just before it changes still works. From 30 minutes before the start
//! to 10 minutes after it a check-in is `present`, later until the end `late`,
//! at any other time refused.
use chrono::{DateTime, Duration, Utc};
use totp_rs::{Algorithm, Builder, Secret};

use super::AttendanceStatus;
use crate::domain::Message;

/// Seconds each code lasts.
pub const STEP_SECONDS: i64 = 30;
/// Digits of a code.
pub const DIGITS: usize = 6;
/// Bytes of a session's secret (HMAC-SHA1's own size, as RFC 4226 advises).
pub const SECRET_BYTES: usize = 20;
/// How long before the start check-in opens.
pub const OPENS_BEFORE_MINUTES: i64 = 30;
/// How long after the start a check-in still counts as `present`.
pub const PRESENT_UNTIL_MINUTES: i64 = 10;

/// The code of the step that contains `at`; `None` if the secret is unusable
/// (shorter than RFC 4226's 128 bits) or `at` lies before 1970.
pub fn code_at(secret: &[u8], at: DateTime<Utc>) -> Option<String> {
    let seconds = u64::try_from(at.timestamp()).ok()?;
    let totp = Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(DIGITS as u8)
        .with_step_duration(STEP_SECONDS as u64)
        .with_skew(0)
        .with_secret(Secret::new(secret.to_vec().into_boxed_slice()))
        .build()
        .ok()?;
    Some(totp.generate(seconds).to_string())
}

/// When the code shown at `at` stops being the current one.
pub fn code_expires_at(at: DateTime<Utc>) -> DateTime<Utc> {
    let t = at.timestamp();
    let next = (t.div_euclid(STEP_SECONDS) + 1) * STEP_SECONDS;
    DateTime::from_timestamp(next, 0).unwrap_or(at)
}

/// Whether `code` (spaces around it ignored) is the current or the previous
/// step's code at `now`. Error: `code_invalid`.
pub fn accept_code(secret: &[u8], code: &str, now: DateTime<Utc>) -> Result<(), Message> {
    let code = code.trim();
    let well_formed = code.len() == DIGITS && code.bytes().all(|b| b.is_ascii_digit());
    let step = Duration::seconds(STEP_SECONDS);
    let matches = |at| code_at(secret, at).is_some_and(|c| same(&c, code));
    if well_formed && (matches(now) || matches(now - step)) {
        Ok(())
    } else {
        Err(Message::of("code_invalid"))
    }
}

/// Compares two codes in constant time.
fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The status a check-in at `now` gets for a session from `starts_at` to
/// `ends_at`: `present` from 30 minutes before the start to 10 minutes after
/// it (both ends included), `late` after that until the end (included).
/// Error: `checkin_closed` (not open yet, or the session is over).
pub fn checkin_status(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<AttendanceStatus, Message> {
    if now < starts_at - Duration::minutes(OPENS_BEFORE_MINUTES) {
        Err(Message::of("checkin_closed"))
    } else if now <= starts_at + Duration::minutes(PRESENT_UNTIL_MINUTES) {
        Ok(AttendanceStatus::Present)
    } else if now <= ends_at {
        Ok(AttendanceStatus::Late)
    } else {
        Err(Message::keyed("checkin_closed", "msg-checkin_closed-2"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(seconds, 0).unwrap_or_default()
    }

    /// RFC 6238 appendix B (SHA-1 seed "12345678901234567890"), last six digits.
    #[test]
    fn codes_follow_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        let vectors = [
            (59, "287082"),
            (1_111_111_109, "081804"),
            (1_111_111_111, "050471"),
            (1_234_567_890, "005924"),
            (2_000_000_000, "279037"),
            (20_000_000_000, "353130"),
        ];
        for (t, code) in vectors {
            assert_eq!(code_at(secret, at(t)).as_deref(), Some(code), "T = {t}");
        }
        assert_eq!(code_at(b"too short", at(59)), None);
    }

    #[test]
    fn the_current_and_the_previous_code_are_accepted_and_nothing_else() {
        let secret = [7u8; SECRET_BYTES];
        let now = at(1_800_000_015);
        let step = Duration::seconds(STEP_SECONDS);
        let code = |t: DateTime<Utc>| code_at(&secret, t).unwrap_or_default();
        // (code offered, accepted)
        let cases = [
            (code(now), true),
            (format!(" {} ", code(now)), true),
            (code(now - step), true),
            (code(now - step - step), false),
            (code(now + step), false),
            (code(now - Duration::days(1)), false),
            (String::new(), false),
            ("12345".into(), false),
            ("1234567".into(), false),
            ("abcdef".into(), false),
            ("１２３４５６".into(), false),
        ];
        for (offered, accepted) in cases {
            let r = accept_code(&secret, &offered, now);
            assert_eq!(r.is_ok(), accepted, "{offered:?}");
            if let Err(m) = r {
                assert_eq!(m.code, "code_invalid");
            }
        }
        // Another session's secret gives other codes.
        assert!(accept_code(&[8u8; SECRET_BYTES], &code(now), now).is_err());
    }

    #[test]
    fn a_code_expires_at_the_end_of_its_thirty_seconds() {
        let cases = [
            (0, 30),
            (1, 30),
            (29, 30),
            (30, 60),
            (1_800_000_015, 1_800_000_030),
        ];
        for (t, end) in cases {
            assert_eq!(code_expires_at(at(t)), at(end), "{t}");
        }
        // The code only changes at that moment.
        let secret = [3u8; SECRET_BYTES];
        let t = at(1_800_000_000);
        assert_eq!(code_at(&secret, t), code_at(&secret, at(1_800_000_029)));
        assert_ne!(code_at(&secret, t), code_at(&secret, at(1_800_000_030)));
    }

    #[test]
    fn checkin_window_table() {
        use AttendanceStatus::*;
        let start = Utc
            .with_ymd_and_hms(2026, 12, 5, 1, 0, 0)
            .single()
            .unwrap_or_default();
        let end = start + Duration::hours(3);
        let s = Duration::seconds(1);
        let m = Duration::minutes(1);
        // (now, expected status or None = checkin_closed)
        let cases = [
            (start - Duration::days(1), None),
            (start - m * 30 - s, None),
            (start - m * 30, Some(Present)),
            (start - m, Some(Present)),
            (start, Some(Present)),
            (start + m * 10, Some(Present)),
            (start + m * 10 + s, Some(Late)),
            (start + Duration::hours(2), Some(Late)),
            (end, Some(Late)),
            (end + s, None),
            (end + Duration::days(1), None),
        ];
        for (now, expected) in cases {
            let r = checkin_status(start, end, now);
            assert_eq!(r.as_ref().ok().copied(), expected, "{now}");
            if let Err(m) = r {
                assert_eq!(m.code, "checkin_closed");
            }
        }
    }
}
