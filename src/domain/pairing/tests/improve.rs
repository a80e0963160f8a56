//! Avoiding the own employer's mentor: cases the old greedy pass (with its
//! exchange pass) needed help for, and, against a brute force over every
//! assignment, never more same-employer pairings than the best one.
use super::*;

/// 丁卫松's company and two other employers, as in the seed story.
const DING_CO: &str = "柯桥区排水有限公司";
const ZHU_CO: &str = "杭州汽轮股份有限公司";
const DING: i64 = 1;
const ZHU: i64 = 2;

#[test]
fn improvement_table() {
    let cases: Vec<Case> = vec![
        (
            // Greedy: the GMAW-only participant takes one of 朱致挺's two places
            // first, so the second colleague of 丁卫松 would stay with him.
            "two of the mentor's colleagues both go to the other mentor",
            vec![
                participant(1, DING_CO, &[Gtaw]),
                participant(2, DING_CO, &[Gtaw]),
                participant(3, "浙江精工钢结构", &[Gmaw]),
                participant(4, "诸暨技师学院", &[Smaw]),
            ],
            vec![
                mentor(DING, DING_CO, 2, &[Gtaw, Smaw], 0),
                mentor(ZHU, ZHU_CO, 2, &[Gmaw, Gtaw], 0),
            ],
            vec![(1, ZHU), (2, ZHU), (3, DING), (4, DING)],
        ),
        (
            "three colleagues and three places elsewhere: nobody stays",
            vec![
                participant(1, DING_CO, &[Gtaw]),
                participant(2, DING_CO, &[Gtaw]),
                participant(3, "浙江精工钢结构", &[Gmaw]),
                participant(4, "诸暨技师学院", &[Smaw]),
                participant(5, DING_CO, &[Gtaw]),
            ],
            vec![
                mentor(DING, DING_CO, 2, &[Gtaw, Smaw], 0),
                mentor(ZHU, ZHU_CO, 3, &[Gmaw, Gtaw], 0),
            ],
            vec![(1, ZHU), (2, ZHU), (3, DING), (4, DING), (5, ZHU)],
        ),
        (
            "three colleagues and two places elsewhere: one has to stay",
            vec![
                participant(1, DING_CO, &[Gtaw]),
                participant(2, DING_CO, &[Gtaw]),
                participant(3, "浙江精工钢结构", &[Gmaw]),
                participant(4, "诸暨技师学院", &[Smaw]),
                participant(5, DING_CO, &[Gtaw]),
            ],
            vec![
                mentor(DING, DING_CO, 3, &[Gtaw, Smaw], 0),
                mentor(ZHU, ZHU_CO, 2, &[Gmaw, Gtaw], 0),
            ],
            vec![(1, ZHU), (2, ZHU), (3, DING), (4, DING), (5, DING)],
        ),
        (
            // Both 3 and 4 sit with 朱致挺; exchanging with 4 (SMAW, which 丁卫松
            // teaches) keeps every match, exchanging with 3 would lose one.
            "the exchange that keeps process matches is preferred to a lower id",
            vec![
                participant(3, "浙江精工钢结构", &[Gmaw]),
                participant(4, "诸暨技师学院", &[Smaw]),
                participant(5, DING_CO, &[Gtaw]),
            ],
            vec![
                mentor(DING, DING_CO, 4, &[Gtaw, Smaw], 2),
                mentor(ZHU, ZHU_CO, 2, &[Gmaw, Gtaw, Smaw], 0),
            ],
            vec![(3, ZHU), (4, DING), (5, ZHU)],
        ),
        (
            "mentees assigned before this run are never moved",
            vec![
                participant(1, DING_CO, &[Gtaw]),
                participant(2, "浙江精工钢结构", &[Gmaw]),
            ],
            vec![
                mentor(DING, DING_CO, 2, &[Gtaw, Gmaw], 0),
                mentor(ZHU, ZHU_CO, 2, &[Gmaw, Gtaw], 1),
            ],
            vec![(1, ZHU), (2, DING)],
        ),
        (
            "an exchange never pairs the partner with their own employer's mentor",
            vec![
                participant(1, "甲厂", &[Smaw]),
                participant(2, "甲厂", &[Smaw]),
            ],
            vec![
                mentor(10, "甲厂", 1, &[Smaw], 0),
                mentor(11, "乙厂", 1, &[Smaw], 0),
            ],
            vec![(1, 11), (2, 10)],
        ),
    ];
    check_table(cases);
}

#[test]
fn the_case_greedy_got_wrong_is_explained_plainly() {
    let participants = vec![
        participant(1, DING_CO, &[Gtaw]),
        participant(2, DING_CO, &[Gtaw]),
        participant(3, "浙江精工钢结构", &[Gmaw]),
        participant(4, "诸暨技师学院", &[Smaw]),
    ];
    let mentors = vec![
        mentor(DING, DING_CO, 2, &[Gtaw, Smaw], 0),
        mentor(ZHU, ZHU_CO, 2, &[Gmaw, Gtaw], 0),
    ];
    let got = pair(&participants, &mentors).unwrap();
    let reasons: Vec<(&str, &str)> = got
        .iter()
        .map(|p| (p.reason_zh.as_str(), p.reason_en.as_str()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (
                "工艺匹配（钨极氩弧焊），不同单位，当前带教 1/2",
                "process match (GTAW), different employer, load 1/2",
            ),
            (
                "工艺匹配（钨极氩弧焊），不同单位，当前带教 2/2",
                "process match (GTAW), different employer, load 2/2",
            ),
            (
                "无匹配工艺，不同单位，当前带教 1/2",
                "no process match, different employer, load 1/2",
            ),
            (
                "工艺匹配（焊条电弧焊），不同单位，当前带教 2/2",
                "process match (SMAW), different employer, load 2/2",
            ),
        ]
    );
}

/// Employers as the rules compare them: case and spaces ignored, blank is nobody.
fn employer(name: &str) -> Option<String> {
    let normal: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    (!normal.is_empty()).then_some(normal)
}

fn same(a: &str, b: &str) -> bool {
    employer(a).is_some() && employer(a) == employer(b)
}

/// Small cases (up to 6 participants and 3 mentors, so every assignment can
/// be tried) with spelling variants of a few employers and blank ones.
fn arb_small() -> impl Strategy<Value = (Vec<ParticipantToPair>, Vec<MentorToPair>)> {
    const NAMES: [&str; 6] = ["甲厂", " 甲厂 ", "乙厂", "Acme", "ACME ", ""];
    let participants = proptest::collection::vec((0usize..NAMES.len(), arb_processes()), 0..7)
        .prop_map(|v| {
            v.into_iter()
                .enumerate()
                .map(|(i, (e, procs))| participant(i as i64, NAMES[e], &procs))
                .collect::<Vec<_>>()
        });
    let mentors = proptest::collection::vec(
        (0usize..NAMES.len(), 0u32..4, 0u32..3, arb_processes()),
        0..4,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (e, cap, already, procs))| {
                mentor(100 + i as i64, NAMES[e], cap, &procs, already)
            })
            .collect::<Vec<_>>()
    });
    (participants, mentors)
}

/// Same-employer pairings that one move to a mentor with room, or one
/// exchange of mentors between two participants of the run, would avoid
/// without pairing anyone else with their own employer's mentor.
fn avoidable(
    participants: &[ParticipantToPair],
    mentors: &[MentorToPair],
    pairings: &[Pairing],
) -> Vec<i64> {
    let person = |id: i64| participants.iter().find(|p| p.id == id);
    let mentor = |id: i64| mentors.iter().find(|m| m.id == id);
    let load = loads(pairings);
    let mut out = vec![];
    for p in pairings {
        let (Some(who), Some(with)) = (person(p.participant_id), mentor(p.mentor_id)) else {
            continue;
        };
        if !same(&who.employer, &with.employer) {
            continue;
        }
        let movable = mentors.iter().any(|m| {
            let used = m.already_assigned + load.get(&m.id).copied().unwrap_or(0);
            m.id != with.id && used < m.capacity && !same(&who.employer, &m.employer)
        });
        let exchangeable = pairings.iter().any(|q| {
            let (Some(other), Some(theirs)) = (person(q.participant_id), mentor(q.mentor_id))
            else {
                return false;
            };
            theirs.id != with.id
                && !same(&who.employer, &theirs.employer)
                && !same(&other.employer, &with.employer)
        });
        if movable || exchangeable {
            out.push(p.participant_id);
        }
    }
    out
}

/// Same-employer pairings in the best assignment that fits every capacity
/// (brute force over every assignment; small inputs only).
fn fewest_possible(participants: &[ParticipantToPair], mentors: &[MentorToPair]) -> usize {
    fn go(
        i: usize,
        participants: &[ParticipantToPair],
        mentors: &[MentorToPair],
        free: &mut [u32],
        so_far: usize,
        best: &mut usize,
    ) {
        if so_far >= *best {
            return;
        }
        let Some(p) = participants.get(i) else {
            *best = so_far;
            return;
        };
        for (j, m) in mentors.iter().enumerate() {
            if free[j] > 0 {
                free[j] -= 1;
                let conflict = usize::from(same(&p.employer, &m.employer));
                go(i + 1, participants, mentors, free, so_far + conflict, best);
                free[j] += 1;
            }
        }
    }
    let mut free: Vec<u32> = mentors
        .iter()
        .map(|m| m.capacity.saturating_sub(m.already_assigned))
        .collect();
    let mut best = usize::MAX;
    go(0, participants, mentors, &mut free, 0, &mut best);
    best
}

fn conflicts(
    participants: &[ParticipantToPair],
    mentors: &[MentorToPair],
    pairings: &[Pairing],
) -> usize {
    pairings
        .iter()
        .filter(|p| {
            let who = participants.iter().find(|x| x.id == p.participant_id);
            let with = mentors.iter().find(|m| m.id == p.mentor_id);
            matches!((who, with), (Some(w), Some(m)) if same(&w.employer, &m.employer))
        })
        .count()
}

proptest! {
    #[test]
    fn no_same_employer_pairing_is_left_that_one_move_or_exchange_would_avoid(
        (participants, mentors) in arb_small(),
    ) {
        if let Ok(pairings) = pair(&participants, &mentors) {
            prop_assert_eq!(avoidable(&participants, &mentors, &pairings), Vec::<i64>::new());
        }
    }

    #[test]
    fn nothing_avoidable_is_left_in_larger_cases_either((participants, mentors) in arb_case()) {
        if let Ok(pairings) = pair(&participants, &mentors) {
            prop_assert_eq!(avoidable(&participants, &mentors, &pairings), Vec::<i64>::new());
        }
    }

    // In particular: when some assignment pairs nobody with their own
    // employer's mentor, `pair` finds such an assignment.
    #[test]
    fn as_few_same_employer_pairings_as_the_best_assignment_that_fits(
        (participants, mentors) in arb_small(),
    ) {
        if let Ok(pairings) = pair(&participants, &mentors) {
            prop_assert_eq!(
                conflicts(&participants, &mentors, &pairings),
                fewest_possible(&participants, &mentors)
            );
        }
    }

    #[test]
    fn every_reason_says_what_the_pairing_is((participants, mentors) in arb_small()) {
        if let Ok(pairings) = pair(&participants, &mentors) {
            for p in &pairings {
                let who = participants.iter().find(|x| x.id == p.participant_id).unwrap();
                let with = mentors.iter().find(|m| m.id == p.mentor_id).unwrap();
                let shares = who.processes.iter().any(|x| with.processes.contains(x));
                prop_assert_eq!(p.reason_en.starts_with("process match"), shares, "{}", p.reason_en);
                prop_assert_eq!(
                    p.reason_en.contains("same employer"),
                    same(&who.employer, &with.employer),
                    "{}", p.reason_en
                );
                prop_assert!(p.reason_en.ends_with(&format!("/{}", with.capacity)), "{}", p.reason_en);
                prop_assert!(!p.reason_zh.contains([',', '(', ')']), "{}", p.reason_zh);
            }
        }
    }
}
