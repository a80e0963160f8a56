//! Mentor preferences (第一志愿 …): cases a greedy pass in id order gets
//! wrong, the order of importance against the other concerns, and reasons.
use super::*;

const DING: i64 = 1;
const ZHU: i64 = 2;
const THIRD: i64 = 3;

fn ranked(
    id: i64,
    employer: &str,
    processes: &[WeldingProcess],
    prefs: &[i64],
) -> ParticipantToPair {
    ParticipantToPair {
        preferences: prefs.to_vec(),
        ..participant(id, employer, processes)
    }
}

/// How many got one of their preferences, and the sum of the ranks met (0 = first).
fn met(participants: &[ParticipantToPair], pairings: &[Pairing]) -> (usize, usize) {
    let mut count = 0;
    let mut ranks = 0;
    for p in pairings {
        let who = participants.iter().find(|x| x.id == p.participant_id);
        if let Some(r) = who.and_then(|w| w.preferences.iter().position(|&m| m == p.mentor_id)) {
            count += 1;
            ranks += r;
        }
    }
    (count, ranks)
}

#[test]
fn preference_table() {
    let cases: Vec<Case> = vec![
        (
            // Greedy in id order gives 1 丁卫松 and leaves 2 with nobody they chose.
            "the one with a second choice yields the first choice to the one without",
            vec![
                ranked(1, "甲厂", &[Gtaw], &[DING, ZHU]),
                ranked(2, "乙厂", &[Gtaw], &[DING]),
            ],
            vec![
                mentor(DING, "柯桥", 1, &[Gtaw], 0),
                mentor(ZHU, "杭汽轮", 1, &[Gtaw], 0),
            ],
            vec![(1, ZHU), (2, DING)],
        ),
        (
            // Greedy: 1 → 丁, 2 → third choice, 3 gets nothing it asked for.
            "three met with second choices beat two met with first choices",
            vec![
                ranked(1, "甲厂", &[Smaw], &[DING, ZHU]),
                ranked(2, "甲厂", &[Smaw], &[DING, THIRD]),
                ranked(3, "甲厂", &[Smaw], &[DING]),
            ],
            vec![
                mentor(DING, "柯桥", 1, &[Smaw], 0),
                mentor(ZHU, "杭汽轮", 1, &[Smaw], 0),
                mentor(THIRD, "绍兴", 1, &[Smaw], 0),
                mentor(4, "诸暨", 5, &[Smaw], 0),
            ],
            vec![(1, ZHU), (2, THIRD), (3, DING)],
        ),
        (
            "between equal counts, the better-ranked choices win",
            vec![
                ranked(1, "甲厂", &[Smaw], &[ZHU, DING]),
                ranked(2, "甲厂", &[Smaw], &[DING, ZHU]),
            ],
            vec![
                mentor(DING, "柯桥", 1, &[Smaw], 0),
                mentor(ZHU, "杭汽轮", 1, &[Smaw], 0),
            ],
            vec![(1, ZHU), (2, DING)],
        ),
        (
            "the own employer's mentor is avoided even against a first choice",
            vec![ranked(1, "柯桥", &[Gtaw], &[DING])],
            vec![
                mentor(DING, "柯桥", 5, &[Gtaw], 0),
                mentor(ZHU, "杭汽轮", 5, &[Gtaw], 0),
            ],
            vec![(1, ZHU)],
        ),
        (
            "a preference outranks a process match and a lighter load",
            vec![ranked(1, "甲厂", &[Fcaw], &[DING])],
            vec![
                mentor(DING, "柯桥", 5, &[Gtaw], 4),
                mentor(ZHU, "杭汽轮", 5, &[Fcaw], 0),
            ],
            vec![(1, DING)],
        ),
        (
            "capacity is never exceeded for a preference",
            vec![
                ranked(1, "甲厂", &[Gtaw], &[DING]),
                ranked(2, "甲厂", &[Gtaw], &[DING]),
            ],
            vec![
                mentor(DING, "柯桥", 2, &[Gtaw], 1),
                mentor(ZHU, "杭汽轮", 5, &[Gtaw], 0),
            ],
            vec![(1, DING), (2, ZHU)],
        ),
        (
            "ids that are not mentors of the run are ignored",
            vec![ranked(1, "甲厂", &[Gtaw], &[99, ZHU])],
            vec![
                mentor(DING, "柯桥", 5, &[Gtaw], 0),
                mentor(ZHU, "杭汽轮", 5, &[Smaw], 3),
            ],
            vec![(1, ZHU)],
        ),
    ];
    check_table(cases);
}

#[test]
fn reasons_name_the_preference_met() {
    let participants = vec![
        ranked(1, "甲厂", &[Gtaw], &[DING, ZHU]),
        ranked(2, "乙厂", &[Gtaw], &[DING]),
        ranked(3, "乙厂", &[Gtaw], &[DING]),
        participant(4, "乙厂", &[Gtaw]),
    ];
    let mentors = vec![
        mentor(DING, "柯桥", 1, &[Gtaw], 0),
        mentor(ZHU, "杭汽轮", 3, &[Gtaw], 0),
    ];
    let got = pair(&participants, &mentors).unwrap();
    let by_id: BTreeMap<i64, &Pairing> = got.iter().map(|p| (p.participant_id, p)).collect();
    assert_eq!(
        by_id[&1].reason_zh,
        "第二志愿，工艺匹配（钨极氩弧焊），不同单位，当前带教 1/3"
    );
    assert_eq!(
        by_id[&1].reason_en,
        "second choice, process match (GTAW), different employer, load 1/3"
    );
    let first = [by_id[&2], by_id[&3]]
        .into_iter()
        .find(|p| p.mentor_id == DING)
        .unwrap();
    assert!(
        first.reason_zh.starts_with("第一志愿，"),
        "{}",
        first.reason_zh
    );
    assert!(
        first.reason_en.starts_with("first choice, "),
        "{}",
        first.reason_en
    );
    let missed = [by_id[&2], by_id[&3]]
        .into_iter()
        .find(|p| p.mentor_id == ZHU)
        .unwrap();
    assert!(
        missed
            .reason_zh
            .starts_with("未能安排志愿导师（名额所限），"),
        "{}",
        missed.reason_zh
    );
    assert!(
        missed.reason_en.starts_with("no preferred mentor"),
        "{}",
        missed.reason_en
    );
    // No preference named: the reason says nothing about one.
    assert!(
        by_id[&4].reason_zh.starts_with("工艺匹配"),
        "{}",
        by_id[&4].reason_zh
    );
}

/// Every assignment of a small case, for the brute force below.
fn best_preferences(
    participants: &[ParticipantToPair],
    mentors: &[MentorToPair],
) -> (usize, usize) {
    fn go(
        i: usize,
        participants: &[ParticipantToPair],
        mentors: &[MentorToPair],
        free: &mut [u32],
        so_far: (usize, usize),
        best: &mut (usize, usize),
    ) {
        let Some(p) = participants.get(i) else {
            // More met first, then the lower sum of ranks.
            if so_far.0 > best.0 || (so_far.0 == best.0 && so_far.1 < best.1) {
                *best = so_far;
            }
            return;
        };
        for (j, m) in mentors.iter().enumerate() {
            if free[j] > 0 {
                free[j] -= 1;
                let next = match p.preferences.iter().position(|&x| x == m.id) {
                    Some(r) => (so_far.0 + 1, so_far.1 + r),
                    None => so_far,
                };
                go(i + 1, participants, mentors, free, next, best);
                free[j] += 1;
            }
        }
    }
    let mut free: Vec<u32> = mentors
        .iter()
        .map(|m| m.capacity.saturating_sub(m.already_assigned))
        .collect();
    let mut best = (0, usize::MAX);
    go(0, participants, mentors, &mut free, (0, 0), &mut best);
    best
}

/// Small cases with one employer for everyone (so the employer rule never
/// competes) and random rankings of the mentors.
fn arb_ranked() -> impl Strategy<Value = (Vec<ParticipantToPair>, Vec<MentorToPair>)> {
    let participants = proptest::collection::vec(
        (arb_processes(), proptest::collection::vec(0i64..4, 0..4)),
        0..7,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (procs, prefs))| {
                let mut seen = vec![];
                for p in prefs {
                    if !seen.contains(&(100 + p)) {
                        seen.push(100 + p);
                    }
                }
                ranked(i as i64, "", &procs, &seen)
            })
            .collect::<Vec<_>>()
    });
    let mentors =
        proptest::collection::vec((0u32..4, 0u32..2, arb_processes()), 0..4).prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (cap, already, procs))| mentor(100 + i as i64, "", cap, &procs, already))
                .collect::<Vec<_>>()
        });
    (participants, mentors)
}

proptest! {
    #[test]
    fn as_many_preferences_met_and_as_well_ranked_as_the_best_assignment(
        (participants, mentors) in arb_ranked(),
    ) {
        if let Ok(pairings) = pair(&participants, &mentors) {
            prop_assert_eq!(met(&participants, &pairings), best_preferences(&participants, &mentors));
        }
    }
}
