//! Notices by email: the outbox (written in the transaction of the change that
//! causes a notice), the renderer (subject, text and HTML templates per kind and
//! language) and the background sender (SMTP, or the local mail folder).
pub mod outbox;

use std::path::PathBuf;

use crate::config::Settings;

/// What the service needs to queue and send mail.
pub struct Mailer {
    pub template_dir: PathBuf,
    pub from: String,
    pub public_url: String,
}

impl Mailer {
    pub fn new(settings: &Settings, template_dir: PathBuf) -> Result<Self, String> {
        Ok(Mailer {
            template_dir,
            from: settings.mail_from.clone(),
            public_url: settings.public_url.clone(),
        })
    }
}
