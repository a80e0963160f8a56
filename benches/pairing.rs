//! How long automatic pairing takes for 10,000 participants and 200 mentors
//! (`domain::pairing::pair`), as the median of several runs on the same input.
//! Plain `std::time::Instant`, no harness: `cargo bench --bench pairing`.
//! The last line printed is the figure that goes into BENCHMARKS.md (seven in
//! ten participants rank up to three mentors); the line before it times an
//! input where half the participants work for the employer of half the
//! mentors (the old greedy pass left 2,500 of them with those mentors).
use std::hint::black_box;
use std::time::{Duration, Instant};

use gongjiang::domain::pairing::{MentorToPair, ParticipantToPair, pair};
use gongjiang::domain::qualification::WeldingProcess;

const PARTICIPANTS: usize = 10_000;
const MENTORS: usize = 200;
const EMPLOYERS: u64 = 300;
// `cargo test --all-targets` runs this bench as a debug build, where one run
// takes seconds: there it runs once, as a smoke test; `cargo bench` runs 9.
#[cfg(debug_assertions)]
const RUNS: usize = 1;
#[cfg(not(debug_assertions))]
const RUNS: usize = 9;

/// A small deterministic generator, so every run and every machine pairs the same input.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }

    /// Seven in ten name one to three of the mentors, best first.
    fn preferences(&mut self) -> Vec<i64> {
        if self.next(10) >= 7 {
            return vec![];
        }
        let n = 1 + self.next(3);
        (0..n)
            .map(|_| self.next(MENTORS as u64) as i64 + 1)
            .collect()
    }

    fn processes(&mut self) -> Vec<WeldingProcess> {
        let n = 1 + self.next(3) as usize;
        let mut out: Vec<WeldingProcess> = (0..n)
            .map(|_| WeldingProcess::ALL[self.next(WeldingProcess::ALL.len() as u64) as usize])
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

fn input() -> (Vec<ParticipantToPair>, Vec<MentorToPair>) {
    let mut rng = Lcg(20261129);
    let participants = (0..PARTICIPANTS)
        .map(|i| ParticipantToPair {
            id: i as i64 + 1,
            employer: format!("企业{}", rng.next(EMPLOYERS)),
            processes: rng.processes(),
            preferences: rng.preferences(),
        })
        .collect();
    // About 55 places each: 11,000 places for 10,000 people, so capacity binds.
    let mentors = (0..MENTORS)
        .map(|j| MentorToPair {
            id: j as i64 + 1,
            name: format!("导师{j}"),
            employer: format!("企业{}", rng.next(EMPLOYERS)),
            capacity: 50 + rng.next(11) as u32,
            processes: rng.processes(),
            already_assigned: 0,
        })
        .collect();
    (participants, mentors)
}

/// The worst kind of input for the improvement pass: the engineer's example
/// (two GTAW colleagues of 丁卫松, one GMAW-only and one SMAW-only
/// participant, 朱致挺 with two places) a hundred times over, 2,500 times.
fn exchange_heavy() -> (Vec<ParticipantToPair>, Vec<MentorToPair>) {
    let participants = (0..PARTICIPANTS)
        .map(|i| {
            let (employer, process) = match i % 4 {
                0 | 1 => ("柯桥区排水有限公司", WeldingProcess::Gtaw),
                2 => ("浙江精工钢结构", WeldingProcess::Gmaw),
                _ => ("诸暨技师学院", WeldingProcess::Smaw),
            };
            ParticipantToPair {
                id: i as i64 + 1,
                employer: employer.into(),
                processes: vec![process],
                preferences: vec![],
            }
        })
        .collect();
    let mentors = (0..MENTORS)
        .map(|j| {
            let (employer, processes) = if j % 2 == 0 {
                (
                    "柯桥区排水有限公司",
                    vec![WeldingProcess::Gtaw, WeldingProcess::Smaw],
                )
            } else {
                (
                    "杭州汽轮股份有限公司",
                    vec![WeldingProcess::Gmaw, WeldingProcess::Gtaw],
                )
            };
            MentorToPair {
                id: j as i64 + 1,
                name: format!("导师{j}"),
                employer: employer.into(),
                capacity: (PARTICIPANTS / MENTORS) as u32,
                processes,
                already_assigned: 0,
            }
        })
        .collect();
    (participants, mentors)
}

/// Sorted run times of `pair` on the input.
fn time(participants: &[ParticipantToPair], mentors: &[MentorToPair]) -> Vec<Duration> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        let result = pair(black_box(participants), black_box(mentors));
        let took = start.elapsed();
        match result {
            Ok(pairs) => assert_eq!(pairs.len(), participants.len()),
            Err(s) => panic!("the benchmark input must fit: {} places missing", s.missing),
        }
        times.push(took);
    }
    times.sort();
    times
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let (participants, mentors) = exchange_heavy();
    let same = pair(&participants, &mentors)
        .map(|pairs| {
            pairs
                .iter()
                .filter(|p| p.reason_en.contains("same employer"))
                .count()
        })
        .unwrap_or(usize::MAX);
    assert_eq!(same, 0, "nobody needs their own employer's mentor");
    let heavy = time(&participants, &mentors);
    println!(
        "employer-heavy {PARTICIPANTS} × {MENTORS} (greedy left 2,500 with their own employer's mentor): median {:.1} ms over {RUNS} runs",
        ms(heavy[RUNS / 2])
    );

    let (participants, mentors) = input();
    let times = time(&participants, &mentors);
    let median = times[RUNS / 2];
    println!(
        "runs (ms): {}",
        times
            .iter()
            .map(|t| format!("{:.1}", ms(*t)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!(
        "pairing {PARTICIPANTS} participants × {MENTORS} mentors: median {:.1} ms over {RUNS} runs (min {:.1} ms, max {:.1} ms)",
        ms(median),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
}
