//! The improvement pass after the greedy assignment.
//!
//! The greedy pass places one participant at a time, so a participant placed
//! late can find every other employer's mentor full, taken by people who had
//! other options. For each participant left with their own employer's
//! mentor, this pass looks for an exchange of mentors with a participant of
//! this run who sits with a mentor of another employer and is not from the
//! first mentor's employer, so that no one new is paired with their own
//! employer's mentor.
//!
//! Moves to a mentor with room are not tried: the greedy pass only pairs
//! someone with their own employer's mentor when every other employer's
//! mentor is full, loads only grow in that pass and exchanges keep them, so
//! no such move ever exists. (The tests check that none does.)
//!
//! For the same reason no two participants can fix each other: of two people
//! each with their own employer's mentor, the one placed later found the
//! other's mentor full. So the partner of an exchange is always someone
//! without that problem, and keeps being without it.
//!
//! Of the possible exchanges it takes the one that loses the fewest process
//! matches (gains the most), then the partner with the lowest participant
//! id. Avoiding the employer comes before the process match, as in the
//! greedy pass; a match is given up only when no exchange keeps it. Every
//! exchange removes one same-employer pairing and creates none, so the pass
//! ends after at most as many exchanges as there were such pairings.
//!
//! Whether any exchange exists depends only on the participant's employer,
//! so a round asks once per employer (O(mentors), from counts kept per
//! mentor and employer) until an exchange changes the state; searching for
//! the best exchange is O(participants) and is only done when one exists.

use std::collections::{HashMap, HashSet};

use super::{Seeker, Slot};

/// How the improvement pass changed a participant's pairing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Change {
    /// As the greedy pass left it.
    Kept,
    /// Exchanged mentors with another participant, away from their own employer's mentor.
    Exchanged,
    /// Exchanged mentors so that the other participant avoids their own employer's mentor.
    ExchangedForOther,
}

/// A possible exchange for one participant and what it is worth.
#[derive(Debug, Clone, Copy)]
struct Exchange {
    /// The seeker to exchange mentors with.
    partner: usize,
    /// Process matches after minus before (−2..=2).
    gain: i8,
}

/// Exchanges mentors between seekers (`at` holds each seeker's slot) until
/// no single exchange removes a same-employer pairing without creating one.
/// Loads do not change. Returns what happened to each seeker.
pub(super) fn improve(seekers: &[Seeker], slots: &[Slot], at: &mut [usize]) -> Vec<Change> {
    let mut changes = vec![Change::Kept; seekers.len()];
    let mut pass = Pass {
        seekers,
        slots,
        at,
        mentees_by_employer: HashMap::new(),
    };
    for (i, seeker) in seekers.iter().enumerate() {
        if let Some(e) = seeker.employer {
            *pass.mentees_by_employer.entry((pass.at[i], e)).or_insert(0) += 1;
        }
    }
    let mut waiting: Vec<usize> = (0..seekers.len()).filter(|&i| pass.conflicted(i)).collect();
    // Rounds until one makes no exchange: an exchange late in a round can
    // open one for someone passed over earlier in it.
    loop {
        let mut exchanged = false;
        // Employers for whom no exchange exists in the current state.
        let mut stuck: HashSet<u32> = HashSet::new();
        let mut still = Vec::with_capacity(waiting.len());
        for &i in &waiting {
            // Solved already, as someone's exchange partner.
            let Some(e) = pass.seekers[i].employer.filter(|_| pass.conflicted(i)) else {
                continue;
            };
            if stuck.contains(&e) || !pass.any_exchange(e) {
                stuck.insert(e);
                still.push(i);
                continue;
            }
            match pass.best_exchange(i) {
                Some(x) => {
                    pass.apply(i, x, &mut changes);
                    exchanged = true;
                    stuck.clear();
                }
                None => still.push(i),
            }
        }
        waiting = still;
        if !exchanged || waiting.is_empty() {
            return changes;
        }
    }
}

struct Pass<'a> {
    seekers: &'a [Seeker],
    slots: &'a [Slot],
    at: &'a mut [usize],
    /// This run's mentees per (slot, employer).
    mentees_by_employer: HashMap<(usize, u32), u32>,
}

impl Pass<'_> {
    fn conflicted(&self, i: usize) -> bool {
        self.seekers[i].same_employer(&self.slots[self.at[i]])
    }

    /// Whether a participant of employer `e` sitting with a mentor of `e`
    /// can exchange: some mentor of another employer has a mentee of this
    /// run from neither employer.
    fn any_exchange(&self, e: u32) -> bool {
        self.slots.iter().enumerate().any(|(j, slot)| {
            let mentees = slot.load - slot.already;
            let of_e = self.mentees_by_employer.get(&(j, e)).copied().unwrap_or(0);
            slot.employer != Some(e) && mentees > of_e
        })
    }

    /// The best exchange for seeker `i` (who is with their own employer's
    /// mentor): most matches kept, then the lowest partner id.
    fn best_exchange(&self, i: usize) -> Option<Exchange> {
        let seeker = &self.seekers[i];
        let a = self.at[i];
        let from = &self.slots[a];
        let here = i8::from(seeker.matches(from));
        let mut best: Option<Exchange> = None;
        for (k, other) in self.seekers.iter().enumerate() {
            let b = self.at[k];
            let to = &self.slots[b];
            if b == a || seeker.same_employer(to) || other.same_employer(from) {
                continue;
            }
            let x = Exchange {
                partner: k,
                gain: i8::from(seeker.matches(to)) + i8::from(other.matches(from))
                    - here
                    - i8::from(other.matches(to)),
            };
            let rank = |x: &Exchange| (std::cmp::Reverse(x.gain), self.seekers[x.partner].id);
            if best.is_none_or(|b| rank(&x) < rank(&b)) {
                best = Some(x);
            }
        }
        best
    }

    fn apply(&mut self, i: usize, x: Exchange, changes: &mut [Change]) {
        let (a, b) = (self.at[i], self.at[x.partner]);
        self.seat(i, b);
        self.seat(x.partner, a);
        changes[i] = Change::Exchanged;
        changes[x.partner] = Change::ExchangedForOther;
    }

    /// Seats seeker `i` with slot `to`, keeping the per-employer counts.
    fn seat(&mut self, i: usize, to: usize) {
        let from = self.at[i];
        if let Some(e) = self.seekers[i].employer {
            if let Some(n) = self.mentees_by_employer.get_mut(&(from, e)) {
                *n -= 1;
            }
            *self.mentees_by_employer.entry((to, e)).or_insert(0) += 1;
        }
        self.at[i] = to;
    }
}
