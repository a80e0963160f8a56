use super::*;
use chrono::TimeZone;
use proptest::prelude::*;

fn e(reference: &str, nominated: bool, employer: &str) -> Entrant {
    Entrant {
        reference: reference.into(),
        nominated,
        employer_key: employer_key(employer),
    }
}

const SEED: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

#[test]
fn commitment_and_ticket_are_hex_sha256_of_the_published_text() {
    // SHA-256("abc") and SHA-256("s:GJ-1") as any tool prints them.
    assert_eq!(
        commitment("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(ticket("s", "GJ-1"), commitment("s:GJ-1"));
    assert_eq!(seed_from_bytes([0xab; 32]), "ab".repeat(32));
    assert_eq!(commitment(SEED).len(), 64);
}

#[test]
fn employers_compare_after_nfkc_and_trimming() {
    let cases = [
        ("绍兴钢构", "绍兴钢构", true),
        ("  绍兴钢构 ", "绍兴钢构", true),
        ("ＡＢＣ重工", "ABC重工", true),
        ("绍兴钢构１厂", "绍兴钢构1厂", true),
        ("ABC重工", "abc重工", false),
        ("绍兴钢构", "绍兴钢构有限公司", false),
    ];
    for (a, b, same) in cases {
        assert_eq!(employer_key(a) == employer_key(b), same, "{a:?} vs {b:?}");
    }
}

/// Table of cases: (entrants, places, quota) → offered references in rank order.
#[test]
fn draw_table_of_tiers_places_and_quotas() {
    let everyone = vec![
        e("A", false, "甲厂"),
        e("B", false, "甲厂"),
        e("C", false, "乙厂"),
        e("D", true, "甲厂"),
        e("E", false, "丙厂"),
        e("F", true, "乙厂"),
    ];
    let order: Vec<String> = draw(SEED, &everyone, 0, None)
        .into_iter()
        .map(|l| l.reference)
        .collect();
    // The nominated (D, F) come first whatever their tickets.
    assert!(order[..2].contains(&"D".to_string()) && order[..2].contains(&"F".to_string()));
    let cases: [(u32, Option<u32>, usize); 7] = [
        (0, None, 0),
        (1, None, 1),
        (3, None, 3),
        (6, None, 6),
        (10, None, 6),
        (6, Some(1), 3), // one per employer: three employers
        (6, Some(2), 5), // 甲厂 has 3 applicants, only 2 fit
    ];
    for (places, quota, offered) in cases {
        let lines = draw(SEED, &everyone, places, quota);
        let got = lines
            .iter()
            .filter(|l| l.outcome == DrawOutcome::Offered)
            .count();
        assert_eq!(got, offered, "places {places}, quota {quota:?}");
        // Ranks are 1..=n in order; tiers never go back from 2 to 1.
        for (i, l) in lines.iter().enumerate() {
            assert_eq!(l.rank as usize, i + 1);
            assert_eq!(
                l.tier,
                if ["D", "F"].contains(&l.reference.as_str()) {
                    1
                } else {
                    2
                }
            );
        }
        assert!(
            lines
                .windows(2)
                .all(|w| (w[0].tier, &w[0].ticket) < (w[1].tier, &w[1].ticket))
        );
    }
}

#[test]
fn quota_skips_an_employer_but_keeps_walking_the_order() {
    // Everyone from one employer but the last: with a quota of 1 the walk
    // passes over the rest of 甲厂 and offers the second place to 乙厂.
    let mut entrants: Vec<Entrant> = (0..5).map(|i| e(&format!("R{i}"), false, "甲厂")).collect();
    entrants.push(e("Z", false, "乙厂"));
    let lines = draw(SEED, &entrants, 2, Some(1));
    let offered: Vec<&str> = lines
        .iter()
        .filter(|l| l.outcome == DrawOutcome::Offered)
        .map(|l| l.employer_key.as_str())
        .collect();
    assert_eq!(offered.len(), 2);
    assert!(offered.contains(&"甲厂") && offered.contains(&"乙厂"));
    // Full-width spelling of the same employer is the same employer.
    let twins = vec![e("X", false, "ＡＢＣ"), e("Y", false, "ABC ")];
    let lines = draw(SEED, &twins, 2, Some(1));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.outcome == DrawOutcome::Offered)
            .count(),
        1
    );
}

#[test]
fn next_offer_follows_the_waitlist_and_the_quota() {
    let held: HashMap<String, u32> = [("甲厂".to_string(), 2), ("乙厂".to_string(), 1)].into();
    let cases: [(&[&str], Option<u32>, Option<usize>); 5] = [
        (&[], None, None),
        (&["甲厂", "乙厂"], None, Some(0)),
        (&["甲厂", "乙厂"], Some(2), Some(1)),
        (&["甲厂", "乙厂"], Some(1), None),
        (&["甲厂", "甲厂", "丙厂"], Some(2), Some(2)),
    ];
    for (waitlist, quota, expected) in cases {
        assert_eq!(
            next_offer(waitlist, &held, quota),
            expected,
            "{waitlist:?} {quota:?}"
        );
    }
}

#[test]
fn answering_an_offer_table() {
    let t = |h| {
        Utc.with_ymd_and_hms(2026, 12, 1, h, 0, 0)
            .single()
            .unwrap_or_default()
    };
    let deadline = offer_deadline(t(0), 10);
    assert_eq!(deadline, t(10));
    let cases = [
        (true, Some(deadline), t(9), Ok(())),
        (true, Some(deadline), t(10), Err("offer_expired")),
        (true, Some(deadline), t(11), Err("offer_expired")),
        (true, None, t(1), Err("offer_expired")),
        (false, Some(deadline), t(1), Err("no_offer")),
    ];
    for (offered, expires, now, expected) in cases {
        assert_eq!(
            can_answer_offer(offered, expires, now).map_err(|m| m.code),
            expected,
            "{offered} {now}"
        );
    }
}

/// (mode, quota, hours) → the settings, or the fields named in the errors.
type SettingsCase<'a> = (
    Option<&'a str>,
    Option<i64>,
    Option<i64>,
    Result<(SelectionMode, Option<u32>, u32), Vec<&'a str>>,
);

#[test]
fn selection_settings_table() {
    let cases: [SettingsCase; 8] = [
        (None, None, None, Ok((SelectionMode::Review, None, 48))),
        (
            Some("draw"),
            Some(2),
            Some(24),
            Ok((SelectionMode::Draw, Some(2), 24)),
        ),
        (
            Some("draw"),
            Some(1),
            Some(1),
            Ok((SelectionMode::Draw, Some(1), 1)),
        ),
        (
            Some("review"),
            Some(1000),
            Some(720),
            Ok((SelectionMode::Review, Some(1000), 720)),
        ),
        (Some("lottery"), None, None, Err(vec!["selection.mode"])),
        (None, Some(0), None, Err(vec!["selection.employer_quota"])),
        (None, None, Some(721), Err(vec!["selection.offer_hours"])),
        (
            Some("x"),
            Some(-1),
            Some(0),
            Err(vec![
                "selection.mode",
                "selection.employer_quota",
                "selection.offer_hours",
            ]),
        ),
    ];
    for (mode, quota, hours, expected) in cases {
        let got = Selection::check(mode, quota, hours)
            .map(|s| (s.mode, s.employer_quota, s.offer_hours))
            .map_err(|e| e.into_iter().map(|(f, _)| f).collect::<Vec<_>>());
        assert_eq!(got, expected, "{mode:?} {quota:?} {hours:?}");
    }
    let (zh, en) = Selection::check(Some("draw"), Some(2), None)
        .unwrap_or_default()
        .describe();
    assert!(zh.contains("抽签") && zh.contains("每单位最多2人"), "{zh}");
    assert!(
        en.contains("draw") && en.contains("at most 2 per employer"),
        "{en}"
    );
}

fn entrants() -> impl Strategy<Value = Vec<Entrant>> {
    prop::collection::vec((any::<bool>(), 0u8..5), 0..40).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (nominated, emp))| Entrant {
                reference: format!("GJ-2026-{i:06}"),
                nominated,
                employer_key: format!("厂{emp}"),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn draw_never_offers_more_than_places_or_quota_and_is_deterministic(
        list in entrants(), places in 0u32..30, quota in prop::option::of(1u32..4), seed in "[0-9a-f]{64}"
    ) {
        let lines = draw(&seed, &list, places, quota);
        prop_assert_eq!(lines.len(), list.len());
        let offered: Vec<&DrawLine> = lines.iter().filter(|l| l.outcome == DrawOutcome::Offered).collect();
        prop_assert!(offered.len() as u32 <= places);
        if let Some(q) = quota {
            let mut per: HashMap<&str, u32> = HashMap::new();
            for l in &offered { *per.entry(&l.employer_key).or_default() += 1; }
            prop_assert!(per.values().all(|n| *n <= q));
        }
        // Nobody waitlisted could have taken a place: either none were left
        // or their employer had reached the quota when the walk reached them.
        let mut left = places;
        let mut per: HashMap<&str, u32> = HashMap::new();
        for l in &lines {
            let n = per.entry(&l.employer_key).or_default();
            let fits = left > 0 && quota.is_none_or(|q| *n < q);
            prop_assert_eq!(fits, l.outcome == DrawOutcome::Offered);
            if fits { left -= 1; *n += 1; }
        }
        let mut reversed = list.clone();
        reversed.reverse();
        prop_assert_eq!(draw(&seed, &reversed, places, quota), lines);
    }
}
