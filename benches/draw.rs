//! How long the draw takes for 10,000 applications (`domain::selection::draw`:
//! 10,000 tickets hashed, sorted, and the employer-quota walk), as the median
//! of several runs on the same input. Plain `std::time::Instant`, no harness:
//! `cargo bench --bench draw`. The last line printed is the figure.
use std::hint::black_box;
use std::time::{Duration, Instant};

use gongjiang::domain::selection::{Entrant, draw, employer_key};

const APPLICATIONS: usize = 10_000;
const EMPLOYERS: usize = 300;
const PLACES: u32 = 2_000;
const QUOTA: u32 = 5;
const RUNS: usize = 9;
const SEED: &str = "3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a";

fn main() {
    let entrants: Vec<Entrant> = (0..APPLICATIONS)
        .map(|i| Entrant {
            reference: format!("GJ-2026-{:06}", i + 1),
            nominated: i % 10 == 0,
            employer_key: employer_key(&format!("企业{}", (i * 7919) % EMPLOYERS)),
        })
        .collect();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let lines = draw(black_box(SEED), black_box(&entrants), PLACES, Some(QUOTA));
            let took = started.elapsed();
            black_box(lines);
            took
        })
        .collect();
    times.sort();
    let lines = draw(SEED, &entrants, PLACES, Some(QUOTA));
    let offered = lines
        .iter()
        .filter(|l| l.outcome == gongjiang::domain::selection::DrawOutcome::Offered)
        .count();
    println!(
        "draw: {APPLICATIONS} applications, {EMPLOYERS} employers, {PLACES} places, quota {QUOTA}: {offered} offered"
    );
    println!(
        "draw of {APPLICATIONS} applications: median {:.1} ms (min {:.1}, max {:.1}, {RUNS} runs)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3
    );
}
