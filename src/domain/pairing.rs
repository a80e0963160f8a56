//! Automatic assignment of participants to mentors.
//!
//! Deterministic, in two passes. The greedy pass: participants whose
//! processes the fewest mentors teach go first, so scarce matches are not
//! used up by people who had other options; each then takes the best mentor
//! with room, judged by (different employer, shared process, lowest load
//! ratio, lowest id). O(participants × mentors) with no allocation in the
//! inner loop. Going one at a time, it can leave someone with their own
//! employer's mentor when an exchange would have avoided it; the improvement
//! pass (`pairing/improve.rs`) then exchanges mentors between participants.

mod improve;

use super::Message;
use super::qualification::WeldingProcess;
use improve::Change;
use std::cmp::Ordering;
use std::collections::HashMap;

/// A participant to assign (its id is the application's id; ids are unique).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantToPair {
    pub id: i64,
    pub employer: String,
    pub processes: Vec<WeldingProcess>,
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
        Message::new(
            "insufficient_capacity",
            format!("导师带教名额不足，还差{n}个名额"),
            format!("Mentors do not have enough places: {n} more needed"),
        )
    }
}

/// A mentor as the inner loop sees it: small, `Copy`, no strings.
#[derive(Clone, Copy)]
struct Slot {
    id: i64,
    /// Mentees so far: those already assigned plus this run's.
    load: u32,
    capacity: u32,
    /// Mentees assigned before this run; only this run's can be moved.
    already: u32,
    processes: u8,
    employer: Option<u32>,
}

impl Slot {
    fn has_room(&self) -> bool {
        self.load < self.capacity
    }
}

struct Seeker {
    id: i64,
    processes: u8,
    employer: Option<u32>,
    /// Mentors with room who share a process; 0 means no match is possible.
    options: usize,
}

impl Seeker {
    /// Whether `slot`'s mentor works for this participant's employer.
    fn same_employer(&self, slot: &Slot) -> bool {
        self.employer.is_some() && self.employer == slot.employer
    }

    /// Whether `slot`'s mentor teaches one of this participant's processes.
    fn matches(&self, slot: &Slot) -> bool {
        self.processes & slot.processes != 0
    }
}

/// Assigns every participant exactly one mentor, never over a mentor's
/// capacity (counting `already_assigned`). Prefers, in this order: a mentor
/// from another employer (compared ignoring case and spaces) whenever one
/// has room, a mentor sharing a process, the lowest load ratio, the lowest
/// mentor id. No one is left with their own employer's mentor when moving
/// to a mentor with room, or exchanging mentors with another participant of
/// this run, would avoid it without pairing anyone else with their own
/// employer's mentor; an exchange keeps process matches where it can, and
/// gives one up only when avoiding the employer needs it (the reasons then
/// say so). The result is sorted by participant id and does
/// not depend on input order. Errors with the number of missing places when
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

    // Employers become small numbers so the inner loop compares integers.
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
    let mut slots: Vec<Slot> = sorted_mentors
        .iter()
        .map(|m| Slot {
            id: m.id,
            load: m.already_assigned,
            capacity: m.capacity,
            already: m.already_assigned,
            processes: mask(&m.processes),
            employer: employer_key(&m.employer),
        })
        .collect();

    let mut seekers: Vec<Seeker> = participants
        .iter()
        .map(|p| {
            let processes = mask(&p.processes);
            let options = slots
                .iter()
                .filter(|s| s.has_room() && s.processes & processes != 0)
                .count();
            Seeker {
                id: p.id,
                processes,
                employer: employer_key(&p.employer),
                options,
            }
        })
        .collect();
    // Scarcest first; those who can match nobody go last, as they can take any place.
    seekers.sort_by_key(|s| (s.options == 0, s.options, s.id));

    // at[i]: the slot of seekers[i].
    let mut at = Vec::with_capacity(seekers.len());
    for seeker in &seekers {
        let mut best: Option<usize> = None;
        for (j, slot) in slots.iter().enumerate() {
            if !slot.has_room() {
                continue;
            }
            // Slots are in id order, so keeping the earlier one on a tie picks the lower id.
            if best.is_none_or(|b| better(seeker, slot, &slots[b]) == Ordering::Less) {
                best = Some(j);
            }
        }
        // The capacity check above guarantees a slot; stay total anyway.
        let Some(j) = best else {
            return Err(Shortfall { missing: 1 });
        };
        slots[j].load += 1;
        at.push(j);
    }

    let changes = improve::improve(&seekers, &slots, &mut at);

    // Each mentor's mentees are counted in the greedy order, so a reason
    // shows the mentor's load once this pairing is made.
    let mut counted: Vec<u32> = slots.iter().map(|s| s.already).collect();
    let mut pairings: Vec<Pairing> = seekers
        .iter()
        .zip(at.iter().zip(&changes))
        .map(|(seeker, (&j, &change))| {
            counted[j] += 1;
            explain(seeker, &slots[j], counted[j], change)
        })
        .collect();
    pairings.sort_by_key(|p| p.participant_id);
    Ok(pairings)
}

/// Orders two mentors with room for `seeker`: `Less` means `a` is preferred.
fn better(seeker: &Seeker, a: &Slot, b: &Slot) -> Ordering {
    let mismatch = |s: &Slot| !seeker.matches(s);
    seeker
        .same_employer(a)
        .cmp(&seeker.same_employer(b))
        .then(mismatch(a).cmp(&mismatch(b)))
        // load/capacity compared without division: a.load/a.cap vs b.load/b.cap.
        .then(
            (u64::from(a.load) * u64::from(b.capacity))
                .cmp(&(u64::from(b.load) * u64::from(a.capacity))),
        )
        .then(a.id.cmp(&b.id))
}

fn mask(processes: &[WeldingProcess]) -> u8 {
    processes.iter().fold(0, |m, p| m | p.bit())
}

/// The reason in words: shared processes, employer (and how the improvement
/// pass changed the pairing, if it did), and the mentor's `load` once this
/// pairing is made.
fn explain(seeker: &Seeker, slot: &Slot, load: u32, change: Change) -> Pairing {
    let shared: Vec<WeldingProcess> = WeldingProcess::ALL
        .into_iter()
        .filter(|p| seeker.processes & slot.processes & p.bit() != 0)
        .collect();
    let (process_zh, process_en) = if shared.is_empty() {
        ("无匹配工艺".to_string(), "no process match".to_string())
    } else {
        let zh: Vec<&str> = shared.iter().map(|p| p.label_zh()).collect();
        let en: Vec<&str> = shared.iter().map(|p| p.code()).collect();
        (
            format!("工艺匹配（{}）", zh.join("、")),
            format!("process match ({})", en.join(", ")),
        )
    };
    let (employer_zh, employer_en) = if seeker.same_employer(slot) {
        (
            "同单位（其他单位的导师均已满员，调换也无法避开）",
            "same employer (every other employer's mentor is full and no exchange avoids it)",
        )
    } else {
        match change {
            Change::Kept => ("不同单位", "different employer"),
            Change::Exchanged => (
                "不同单位（与另一学员调换导师，避开本单位导师）",
                "different employer (exchanged mentors with another participant, away from their own employer's mentor)",
            ),
            Change::ExchangedForOther => (
                "不同单位（与另一学员调换导师，使其避开本单位导师）",
                "different employer (exchanged mentors so that another participant avoids their own employer's mentor)",
            ),
        }
    };
    let capacity = slot.capacity;
    Pairing {
        participant_id: seeker.id,
        mentor_id: slot.id,
        reason_zh: format!("{process_zh}，{employer_zh}，当前带教 {load}/{capacity}"),
        reason_en: format!("{process_en}, {employer_en}, load {load}/{capacity}"),
    }
}

#[cfg(test)]
mod tests;
