//! Selection of an over-subscribed cohort: the cohort's selection settings,
//! the verifiable draw (commitment, tickets, order, the employer-quota walk),
//! the next offer from the waitlist, and the rules on answering an offer.
//!
//! The draw is defined so that anyone can recompute it from the published
//! seed and the list of references: ticket = lower-case hex SHA-256 of
//! `seed + ":" + reference`; order by tier (1 nominated, 2 otherwise), then
//! ticket; walking that order, a place is offered while places remain and the
//! applicant's employer holds fewer than the quota.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use super::Message;

#[cfg(test)]
mod tests;

/// Highest places-per-employer quota and longest offer a cohort may set.
pub const MAX_QUOTA: i64 = 1000;
pub const MAX_OFFER_HOURS: i64 = 720;
pub const DEFAULT_OFFER_HOURS: u32 = 48;

/// How a cohort chooses among eligible applicants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SelectionMode {
    /// Organizers decide each application.
    Review,
    /// A public draw once applications close.
    Draw,
}

impl SelectionMode {
    pub fn as_str(&self) -> &'static str {
        match self {
            SelectionMode::Review => "review",
            SelectionMode::Draw => "draw",
        }
    }

    /// `"review"` or `"draw"`. Error: `selection_mode_invalid`.
    pub fn parse(s: &str) -> Result<Self, Message> {
        match s {
            "review" => Ok(SelectionMode::Review),
            "draw" => Ok(SelectionMode::Draw),
            _ => Err(Message::of("selection_mode_invalid")),
        }
    }
}

/// A cohort's checked selection settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub mode: SelectionMode,
    pub employer_quota: Option<u32>,
    pub offer_hours: u32,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            mode: SelectionMode::Review,
            employer_quota: None,
            offer_hours: DEFAULT_OFFER_HOURS,
        }
    }
}

impl Selection {
    /// Checks raw settings; each problem names its field
    /// (`selection.mode`, `selection.employer_quota`, `selection.offer_hours`).
    pub fn check(
        mode: Option<&str>,
        employer_quota: Option<i64>,
        offer_hours: Option<i64>,
    ) -> Result<Selection, Vec<(&'static str, Message)>> {
        let mut errors = vec![];
        let mode = match mode.map(str::trim) {
            None | Some("") => Some(SelectionMode::Review),
            Some(m) => SelectionMode::parse(m)
                .map_err(|e| errors.push(("selection.mode", e)))
                .ok(),
        };
        let quota = match employer_quota {
            None => Some(None),
            Some(q) if (1..=MAX_QUOTA).contains(&q) => Some(Some(q as u32)),
            Some(_) => {
                errors.push((
                    "selection.employer_quota",
                    Message::of("employer_quota_invalid").arg("max_quota", &MAX_QUOTA),
                ));
                None
            }
        };
        let hours = match offer_hours {
            None => Some(DEFAULT_OFFER_HOURS),
            Some(h) if (1..=MAX_OFFER_HOURS).contains(&h) => Some(h as u32),
            Some(_) => {
                errors.push((
                    "selection.offer_hours",
                    Message::of("offer_hours_invalid").arg("max_offer_hours", &MAX_OFFER_HOURS),
                ));
                None
            }
        };
        match (mode, quota, hours) {
            (Some(mode), Some(employer_quota), Some(offer_hours)) if errors.is_empty() => {
                Ok(Selection {
                    mode,
                    employer_quota,
                    offer_hours,
                })
            }
            _ => Err(errors),
        }
    }

    /// The selection in plain words, Chinese and English, for the public page.
    pub fn describe(&self) -> (String, String) {
        (
            self.describe_in(crate::i18n::Locale::Zh),
            self.describe_in(crate::i18n::Locale::En),
        )
    }

    /// The selection in the reader's language (`selection_words_*` entries).
    pub fn describe_in(&self, locale: crate::i18n::Locale) -> String {
        use crate::i18n::catalog::{Value, lookup};
        let mode = match self.mode {
            SelectionMode::Review => "review",
            SelectionMode::Draw => "draw",
        };
        let quota = self.employer_quota.map_or(-1, i64::from);
        let args = [
            ("mode", Value::Text(mode.into())),
            ("quota", Value::Number(quota)),
            ("hours", Value::Number(i64::from(self.offer_hours))),
        ];
        lookup(locale, "selection_words", &args).unwrap_or_default()
    }
}

/// An employer's name as compared for quotas and nominations: NFKC (so
/// full-width letters and digits match their ASCII forms), then trimmed.
pub fn employer_key(name: &str) -> String {
    name.nfkc().collect::<String>().trim().to_string()
}

fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The published commitment to a seed: lower-case hex SHA-256 of its ASCII text.
pub fn commitment(seed: &str) -> String {
    sha256_hex(seed)
}

/// A seed from 32 random bytes: 64 lower-case hex characters.
pub fn seed_from_bytes(bytes: [u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An application's ticket: lower-case hex SHA-256 of `seed:reference`.
pub fn ticket(seed: &str, reference: &str) -> String {
    sha256_hex(&format!("{seed}:{reference}"))
}

/// One application taking part in a draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entrant {
    pub reference: String,
    pub nominated: bool,
    /// Already normalized with [`employer_key`].
    pub employer_key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DrawOutcome {
    Offered,
    Waitlisted,
}

impl DrawOutcome {
    pub fn as_str(&self) -> &'static str {
        match self {
            DrawOutcome::Offered => "offered",
            DrawOutcome::Waitlisted => "waitlisted",
        }
    }
}

/// One line of a draw's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawLine {
    pub reference: String,
    pub employer_key: String,
    /// 1 nominated, 2 otherwise.
    pub tier: u8,
    pub ticket: String,
    /// 1-based place in the order.
    pub rank: u32,
    pub outcome: DrawOutcome,
}

/// Runs the draw: every entrant gets a tier and a ticket, the order is by
/// tier then ticket, and walking it a place is offered while `places` remain
/// and the entrant's employer holds fewer than `quota`; everyone else is
/// waitlisted in walk order. The result is in rank order. The same input
/// always gives the same output, whatever the order of `entrants`.
pub fn draw(seed: &str, entrants: &[Entrant], places: u32, quota: Option<u32>) -> Vec<DrawLine> {
    let mut lines: Vec<DrawLine> = entrants
        .iter()
        .map(|e| DrawLine {
            reference: e.reference.clone(),
            employer_key: e.employer_key.clone(),
            tier: if e.nominated { 1 } else { 2 },
            ticket: ticket(seed, &e.reference),
            rank: 0,
            outcome: DrawOutcome::Waitlisted,
        })
        .collect();
    // The reference breaks a tie only if two tickets collide (SHA-256: never in practice).
    lines.sort_by(|a, b| (a.tier, &a.ticket, &a.reference).cmp(&(b.tier, &b.ticket, &b.reference)));
    let mut left = places;
    let mut held: HashMap<String, u32> = HashMap::new();
    for (i, line) in lines.iter_mut().enumerate() {
        line.rank = i as u32 + 1;
        let count = held.entry(line.employer_key.clone()).or_insert(0);
        if left > 0 && quota.is_none_or(|q| *count < q) {
            line.outcome = DrawOutcome::Offered;
            left -= 1;
            *count += 1;
        }
    }
    lines
}

/// Which of the waitlisted (in waitlist order, by employer key) is offered a
/// freed place: the first whose employer holds fewer than `quota` places
/// (`held`: admitted plus open offers by employer key). `None`: nobody fits.
pub fn next_offer(
    waitlist: &[&str],
    held: &HashMap<String, u32>,
    quota: Option<u32>,
) -> Option<usize> {
    waitlist
        .iter()
        .position(|e| quota.is_none_or(|q| held.get(*e).copied().unwrap_or(0) < q))
}

/// When an offer made at `now` lapses.
pub fn offer_deadline(now: DateTime<Utc>, offer_hours: u32) -> DateTime<Utc> {
    now + Duration::hours(i64::from(offer_hours))
}

/// Whether an applicant may answer their offer now: it must be an open offer
/// (`no_offer` otherwise) whose deadline has not passed (`offer_expired`).
pub fn can_answer_offer(
    offered: bool,
    expires_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), Message> {
    if !offered {
        return Err(Message::of("no_offer"));
    }
    match expires_at {
        Some(t) if now < t => Ok(()),
        _ => Err(Message::of("offer_expired")),
    }
}
