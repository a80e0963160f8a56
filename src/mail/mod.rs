//! Notices by email: the outbox (written in the transaction of the change that
//! causes a notice), the renderer (subject, text and HTML templates per kind and
//! language) and the background sender (SMTP, or the local mail folder).
pub mod ics;
pub mod outbox;
pub mod render;
pub mod sender;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use lettre::{AsyncSmtpTransport, Tokio1Executor};
use rocket_dyn_templates::tera::Tera;
use tokio::sync::Notify;

use crate::config::Settings;

/// Every kind of notice; each has a subject, a text and an HTML template in
/// Chinese and English under `templates/email/<kind>/<lang>/`.
pub const KINDS: &[&str] = &[
    "application_received",
    "decision",
    "promoted",
    "cohort_approved",
    "announcement",
    "session_added",
    "session_changed",
    "session_reminder",
    "assessment_recorded",
    "certificate_issued",
    "draw_outcome",
    "offer_lapsed",
    "status_link",
    "absence_warning",
    "password_reset",
];

/// Kinds whose text holds a secret for its recipient alone (a sign-in link):
/// staff pages never show their text.
pub const PRIVATE_KINDS: &[&str] = &["password_reset"];

/// What the service needs to queue and send mail. The tuning fields are public
/// so that tests (and operators, through code) can shorten the waits. A clone
/// shares the SMTP connection pool and the wake-up signal.
#[derive(Clone)]
pub struct Mailer {
    pub from: String,
    pub public_url: String,
    /// `smtp://host:port`, `smtps://user:pass@host`; `None` writes `.eml` files
    /// into `mail_dir` instead (lettre's file transport).
    pub smtp_url: Option<String>,
    pub mail_dir: PathBuf,
    /// The hard limit of one delivery (connect, dialogue and data).
    pub send_timeout: Duration,
    /// The first retry comes after about `retry_base` (with jitter), doubling
    /// up to `retry_cap`.
    pub retry_base: Duration,
    pub retry_cap: Duration,
    /// A notice is given up (`failed`) once it is older than this…
    pub give_up_after: chrono::Duration,
    /// …and has had at least this many tries (so a resent or long-queued
    /// notice still gets a few).
    pub min_attempts_before_failing: i32,
    /// How long a claim holds its notices; renewed every third of it while
    /// the sender is alive, so a crash delays them at most this long.
    pub lease: Duration,
    /// How many notices one claim takes, and how many are sent at once.
    pub batch_size: u64,
    pub concurrency: usize,
    /// How often the background sender looks for due notices.
    pub poll_interval: Duration,
    /// How often the background sender queues the session reminders due.
    pub reminder_interval: Duration,
    pub(crate) tera: Tera,
    transport: OnceLock<Result<AsyncSmtpTransport<Tokio1Executor>, String>>,
    /// Wakes the background sender when a notice is queued.
    pub(crate) wake: Arc<Notify>,
}

impl Mailer {
    /// The mailer of `settings`, with the embedded mail templates (or those
    /// of the template override folder).
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let tera = render::load(settings.template_override())?;
        let mailer = Mailer {
            from: settings.mail_from.clone(),
            public_url: settings.public_url.trim_end_matches('/').to_string(),
            smtp_url: settings
                .smtp_url
                .as_ref()
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty()),
            mail_dir: settings.mail_dir(),
            send_timeout: Duration::from_secs(settings.smtp_timeout_secs.max(1)),
            lease: Duration::from_secs(settings.mail_lease_secs.max(1)),
            retry_base: Duration::from_secs(30),
            retry_cap: Duration::from_secs(600),
            give_up_after: chrono::Duration::days(1),
            min_attempts_before_failing: 5,
            batch_size: 20,
            concurrency: 4,
            poll_interval: Duration::from_secs(2),
            reminder_interval: Duration::from_secs(60),
            tera,
            transport: OnceLock::new(),
            wake: Arc::new(Notify::new()),
        };
        mailer
            .from
            .parse::<lettre::message::Mailbox>()
            .map_err(|e| format!("GONGJIANG_MAIL_FROM is not a mail address: {e}"))?;
        if let Some(url) = &mailer.smtp_url {
            // Refuse a malformed URL at start rather than at the first send.
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| format!("GONGJIANG_SMTP_URL: {e}"))?;
        }
        Ok(mailer)
    }

    /// Uses another SMTP server (or the mail folder with `None`) from now on.
    pub fn with_smtp_url(mut self, url: Option<String>) -> Self {
        self.smtp_url = url;
        self.transport = OnceLock::new();
        self
    }

    /// The SMTP transport (a connection pool), built on first use.
    pub(crate) fn transport(&self) -> Option<Result<AsyncSmtpTransport<Tokio1Executor>, String>> {
        let url = self.smtp_url.as_ref()?;
        Some(
            self.transport
                .get_or_init(|| {
                    AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                        .map(|b| b.timeout(Some(self.send_timeout)).build())
                        .map_err(|e| format!("SMTP URL: {e}"))
                })
                .clone(),
        )
    }

    /// The domain of the sender address, for Message-IDs.
    pub fn domain(&self) -> String {
        self.from
            .parse::<lettre::message::Mailbox>()
            .map(|m| m.email.domain().to_string())
            .unwrap_or_else(|_| "gongjiang.localhost".into())
    }

    /// Tells the background sender (of this instance) to look now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// `d***@example.com`: enough to tell recipients apart in a log line or list.
pub fn mask_email(addr: &str) -> String {
    match addr.rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Masks every address found in a text (SMTP replies may quote the recipient).
pub fn mask_emails_in(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let local_char = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            // Walk back over the local part already copied.
            let mut start = i;
            while start > 0 && local_char(chars[start - 1]) {
                start -= 1;
            }
            if start < i {
                let local_len = i - start;
                for _ in 0..local_len {
                    out.pop();
                }
                out.push(chars[start]);
                out.push_str("***");
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked_in_logs() {
        assert_eq!(mask_email("ding.weisong@example.com"), "d***@example.com");
        assert_eq!(mask_email("nobody"), "***");
        assert_eq!(
            mask_emails_in("550 5.1.1 <zhu@example.cn>: user unknown"),
            "550 5.1.1 <z***@example.cn>: user unknown"
        );
        assert_eq!(mask_emails_in("no address here"), "no address here");
    }
}
