//! Rules of staff accounts that need no database: how long a remembered
//! device and a password-reset link last, whether a reset link still works,
//! and the label a device is listed under.
use chrono::{DateTime, Duration, Utc};

/// Days a "keep me signed in" device stays signed in.
pub const DEVICE_DAYS: i64 = 30;
/// Minutes a password-reset link works.
pub const RESET_MINUTES: i64 = 45;

/// Why a password-reset link no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetRefusal {
    Used,
    Expired,
}

/// Whether a reset link issued with `expires_at` (used at `used_at`) still
/// works at `now`. A used link stays refused as used, even after expiry.
pub fn reset_usable(
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), ResetRefusal> {
    if used_at.is_some() {
        return Err(ResetRefusal::Used);
    }
    if now >= expires_at {
        return Err(ResetRefusal::Expired);
    }
    Ok(())
}

/// When a device remembered at `now` stops working.
pub fn device_expiry(now: DateTime<Utc>) -> DateTime<Utc> {
    now + Duration::days(DEVICE_DAYS)
}

/// "Browser · system" from a user agent, for the list of one's devices
/// ("WeChat · Android", "Safari · iPhone"); empty when nothing is recognised.
/// Only names from a fixed list come out, never the raw header.
pub fn device_label(user_agent: &str) -> String {
    // Order matters: WeChat and Edge also say "Chrome", Chrome also says "Safari",
    // HarmonyOS phones also say "Android", iPhones also say "Mac OS X".
    const BROWSERS: &[(&str, &str)] = &[
        ("MicroMessenger", "WeChat"),
        ("Edg", "Edge"),
        ("Firefox/", "Firefox"),
        ("FxiOS", "Firefox"),
        ("CriOS", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ];
    const SYSTEMS: &[(&str, &str)] = &[
        ("HarmonyOS", "HarmonyOS"),
        ("OpenHarmony", "HarmonyOS"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("CrOS", "ChromeOS"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let find = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| *name)
    };
    match (find(BROWSERS), find(SYSTEMS)) {
        (Some(b), Some(s)) => format!("{b} · {s}"),
        (Some(one), None) | (None, Some(one)) => one.to_string(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_labelled_by_browser_and_system() {
        let cases = [
            (
                "Mozilla/5.0 (Linux; Android 13; V2183A Build/TP1A; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI",
                "WeChat · Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
                "Safari · iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0",
                "Edge · Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
                "Chrome · Linux",
            ),
            (
                "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 Chrome/99.0 Mobile Safari/537.36",
                "Chrome · HarmonyOS",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.2; rv:121.0) Gecko/20100101 Firefox/121.0",
                "Firefox · macOS",
            ),
            ("curl/8.5.0", ""),
            ("", ""),
            ("<script>alert(1)</script> Windows", "Windows"),
        ];
        for (ua, want) in cases {
            assert_eq!(device_label(ua), want, "{ua}");
        }
    }

    #[test]
    fn a_reset_link_works_once_and_until_it_expires() {
        let t = Utc::now();
        let m = Duration::minutes;
        let cases = [
            (t + m(1), None, t, Ok(())),
            (t, None, t, Err(ResetRefusal::Expired)),
            (t - m(1), None, t, Err(ResetRefusal::Expired)),
            (t + m(RESET_MINUTES), None, t + m(RESET_MINUTES - 1), Ok(())),
            (t + m(1), Some(t), t, Err(ResetRefusal::Used)),
            (t - m(1), Some(t - m(2)), t, Err(ResetRefusal::Used)),
        ];
        for (expires, used, now, want) in cases {
            assert_eq!(
                reset_usable(expires, used, now),
                want,
                "{expires} {used:?} {now}"
            );
        }
    }

    #[test]
    fn a_device_lasts_thirty_days() {
        let t = Utc::now();
        assert_eq!(device_expiry(t) - t, Duration::days(30));
    }
}
