//! Automatic assignment of participants to mentors.
//!
//! An optimal assignment, not a greedy pass: `flow::assign` finds the
//! cheapest assignment within every mentor's capacity, where a pairing's cost
//! ranks, in this order of importance, the participant's own employer's
//! mentor, no preference met, a worse-ranked preference, no process match,
//! and the mentor's load (each place costs its share of the capacity, so
//! places spread in proportion). Costs are lexicographic: one unit of a
//! higher concern outweighs any total of the lower ones. Deterministic:
//! inputs are taken in id order and ties go to the lower index.

mod flow;

use super::Message;
use super::qualification::WeldingProcess;
use crate::i18n::catalog::{Value, lookup};
use crate::i18n::{Locale, t};
use std::collections::HashMap;

/// A participant to assign (its id is the application's id; ids are unique).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantToPair {
    pub id: i64,
    pub employer: String,
    pub processes: Vec<WeldingProcess>,
    /// Up to three mentor ids, best first (first choice …); unknown ids are ignored.
    pub preferences: Vec<i64>,
}

/// A cohort mentor with their capacity and current mentees (ids are unique).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentorToPair {
    pub id: i64,
    pub name: String,
    pub employer: String,
    pub capacity: u32,
    pub processes: Vec<WeldingProcess>,
    /// Mentees already assigned (by hand or an earlier run); they use capacity.
    pub already_assigned: u32,
}

/// One assignment and why it was made, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub participant_id: i64,
    pub mentor_id: i64,
    pub reason_zh: String,
    pub reason_en: String,
}

/// Not enough free mentor places: `missing` more are needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    pub missing: u32,
}

impl Shortfall {
    /// The user-facing error, code `insufficient_capacity`.
    pub fn message(&self) -> Message {
        let n = self.missing;
        Message::of("insufficient_capacity").arg("n", &n)
    }
}

/// Most preferences an applicant may rank.
pub const MAX_PREFERENCES: usize = 3;

/// Bits of the load part of a cost: a full mentor's last place costs 2^20.
const LOAD_BITS: u32 = 20;

/// The weights of the lexicographic cost for `n` participants: each level's
/// unit exceeds the largest total of all levels below it. With n below 2^21
/// the largest total stays under 2^126.
struct Weights {
    mismatch: i128,
    rank: i128,
    unmet: i128,
    conflict: i128,
}

impl Weights {
    fn for_participants(n: usize) -> Self {
        // 2^nb > n, so a level's total over everyone is below 2^nb units.
        let nb = (usize::BITS - n.leading_zeros()).max(1);
        let mismatch = LOAD_BITS + nb;
        let rank = mismatch + nb;
        let unmet = rank + nb + 1; // ranks go up to 2 each
        let conflict = unmet + nb;
        Weights {
            mismatch: 1i128 << mismatch.min(120),
            rank: 1i128 << rank.min(121),
            unmet: 1i128 << unmet.min(122),
            conflict: 1i128 << conflict.min(123),
        }
    }
}

/// A participant as the solver sees it: no strings.
struct Seeker {
    id: i64,
    processes: u8,
    employer: Option<u32>,
    /// (rank as the applicant gave it, mentor index), best first.
    preferences: Vec<(usize, usize)>,
    /// Whether they named any preference (even one no longer a mentor).
    asked: bool,
}

struct Place {
    id: i64,
    capacity: u32,
    already: u32,
    processes: u8,
    employer: Option<u32>,
}

impl Seeker {
    fn same_employer(&self, m: &Place) -> bool {
        self.employer.is_some() && self.employer == m.employer
    }

    fn matches(&self, m: &Place) -> bool {
        self.processes & m.processes != 0
    }

    /// 0 for the first choice, 1 for the second, …
    fn rank_of(&self, mentor: usize) -> Option<usize> {
        self.preferences
            .iter()
            .find(|&&(_, j)| j == mentor)
            .map(|&(rank, _)| rank)
    }
}

/// Assigns every participant exactly one mentor, never over a mentor's
/// capacity (counting `already_assigned`), optimally for this order of
/// importance: as few participants as possible with a mentor of their own
/// employer (compared ignoring case and spaces; a blank employer matches
/// nobody); as many as possible with one of their preferences, then the
/// better-ranked ones; as many as possible sharing a process with their
/// mentor; loads as even as possible relative to capacity. The result is
/// sorted by participant id and does not depend on input order; each reason
/// names the preference met. Errors with the number of missing places when
/// the free capacity is smaller than the number of participants.
pub fn pair(
    participants: &[ParticipantToPair],
    mentors: &[MentorToPair],
) -> Result<Vec<Pairing>, Shortfall> {
    let free: u64 = mentors
        .iter()
        .map(|m| u64::from(m.capacity.saturating_sub(m.already_assigned)))
        .sum();
    let needed = participants.len() as u64;
    if needed > free {
        let missing = u32::try_from(needed - free).unwrap_or(u32::MAX);
        return Err(Shortfall { missing });
    }

    // Employers become small numbers so costs compare integers.
    let mut employers: HashMap<String, u32> = HashMap::new();
    let mut employer_key = |name: &str| -> Option<u32> {
        let normal: String = name
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect();
        if normal.is_empty() {
            return None; // an unknown employer matches nobody
        }
        let next = u32::try_from(employers.len()).unwrap_or(u32::MAX);
        Some(*employers.entry(normal).or_insert(next))
    };

    let mut sorted_mentors: Vec<&MentorToPair> = mentors.iter().collect();
    sorted_mentors.sort_by_key(|m| m.id);
    let places: Vec<Place> = sorted_mentors
        .iter()
        .map(|m| Place {
            id: m.id,
            capacity: m.capacity,
            already: m.already_assigned,
            processes: mask(&m.processes),
            employer: employer_key(&m.employer),
        })
        .collect();
    let index: HashMap<i64, usize> = places.iter().enumerate().map(|(j, m)| (m.id, j)).collect();

    let mut sorted: Vec<&ParticipantToPair> = participants.iter().collect();
    sorted.sort_by_key(|p| p.id);
    let seekers: Vec<Seeker> = sorted
        .iter()
        .map(|p| {
            let mut preferences: Vec<(usize, usize)> = vec![];
            for (rank, id) in p.preferences.iter().take(MAX_PREFERENCES).enumerate() {
                if let Some(&j) = index.get(id)
                    && !preferences.iter().any(|&(_, k)| k == j)
                {
                    preferences.push((rank, j));
                }
            }
            Seeker {
                id: p.id,
                processes: mask(&p.processes),
                employer: employer_key(&p.employer),
                preferences,
                asked: !p.preferences.is_empty(),
            }
        })
        .collect();

    let w = Weights::for_participants(seekers.len());
    let edge = |i: usize, j: usize| -> i128 {
        let (s, m) = (&seekers[i], &places[j]);
        let mut cost = 0;
        if s.same_employer(m) {
            cost += w.conflict;
        }
        match s.rank_of(j) {
            Some(r) => cost += w.rank * r as i128,
            None if s.asked => cost += w.unmet,
            None => {}
        }
        if !s.matches(m) {
            cost += w.mismatch;
        }
        cost
    };
    // The k-th place of a mentor costs k/capacity of a unit: even ratios.
    let slot = |j: usize, k: u32| -> i128 {
        let cap = i128::from(places[j].capacity.max(1));
        (i128::from(k) << LOAD_BITS) / cap
    };
    let free: Vec<u32> = places
        .iter()
        .map(|m| m.capacity.saturating_sub(m.already))
        .collect();
    let used: Vec<u32> = places.iter().map(|m| m.already).collect();
    let at = flow::assign(seekers.len(), &free, &used, edge, slot);

    // Loads in reasons count mentees in participant-id order.
    let mut counted = used;
    let mut out = Vec::with_capacity(seekers.len());
    for (seeker, &j) in seekers.iter().zip(&at) {
        let Some(place) = places.get(j) else {
            // The capacity check above guarantees a place; stay total anyway.
            return Err(Shortfall { missing: 1 });
        };
        counted[j] += 1;
        out.push(explain(seeker, j, place, counted[j]));
    }
    Ok(out)
}

fn mask(processes: &[WeldingProcess]) -> u8 {
    processes.iter().fold(0, |m, p| m | p.bit())
}

/// The reason in words: the preference met (if they named any), shared
/// processes, employer, and the mentor's `load` once this pairing is made.
fn explain(seeker: &Seeker, j: usize, place: &Place, load: u32) -> Pairing {
    let shared: Vec<WeldingProcess> = WeldingProcess::ALL
        .into_iter()
        .filter(|p| seeker.processes & place.processes & p.bit() != 0)
        .collect();
    let choice = match seeker.rank_of(j) {
        Some(0) => "first",
        Some(1) => "second",
        Some(_) => "third",
        None if seeker.asked => "unmet",
        None => "none",
    };
    let employer = if seeker.same_employer(place) {
        "same"
    } else {
        "different"
    };
    let reason = |locale: Locale| {
        let processes: Vec<String> = shared
            .iter()
            .map(|p| {
                if locale.is_english() {
                    p.code().to_string()
                } else {
                    p.label(locale)
                }
            })
            .collect();
        let args = [
            ("choice", Value::Text(choice.into())),
            (
                "processes",
                Value::Text(processes.join(&t(locale, "list_separator"))),
            ),
            (
                "matched",
                Value::Text(if shared.is_empty() { "no" } else { "yes" }.into()),
            ),
            ("employer", Value::Text(employer.into())),
            ("load", Value::Number(i64::from(load))),
            ("capacity", Value::Number(i64::from(place.capacity))),
        ];
        lookup(locale, "pairing_reason", &args).unwrap_or_default()
    };
    Pairing {
        participant_id: seeker.id,
        mentor_id: place.id,
        reason_zh: reason(Locale::Zh),
        reason_en: reason(Locale::En),
    }
}

#[cfg(test)]
mod tests;
