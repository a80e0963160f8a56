use super::*;
use chrono::Months;
use proptest::prelude::*;
use serde_json::json;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn trade(s: &str) -> Trade {
    Trade::parse(s).unwrap()
}

fn certificate(t: &str, printed: i64) -> Condition {
    Condition::Certificate {
        trade: trade(t),
        min_level: SkillLevel::from_printed(printed).unwrap(),
    }
}

fn experience(t: &str, years: u32) -> Condition {
    Condition::Experience {
        trade: trade(t),
        min_years: years,
    }
}

fn rules(alternatives: Vec<Vec<Condition>>) -> EntryRules {
    EntryRules {
        any_of: alternatives
            .into_iter()
            .map(|all_of| Alternative { all_of })
            .collect(),
    }
}

/// The welding class: an intermediate welder certificate, or 8 years welding.
fn welding_class() -> EntryRules {
    rules(vec![
        vec![certificate("welder", 4)],
        vec![experience("welder", 8)],
    ])
}

fn facts(t: &str, started: Option<NaiveDate>, cert: Option<(&str, SkillLevel)>) -> ApplicantFacts {
    ApplicantFacts {
        trade: trade(t),
        started_trade_on: started,
        certificate: cert.map(|(ct, level)| HeldCertificate {
            trade: trade(ct),
            level,
        }),
    }
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.reasons().iter().map(|m| m.code).collect()
}

const DEADLINE: (i32, u32, u32) = (2024, 6, 30);

fn deadline() -> NaiveDate {
    date(DEADLINE.0, DEADLINE.1, DEADLINE.2)
}

#[test]
fn welding_class_json_round_trips_exactly() {
    let body = json!({"any_of": [
        {"all_of": [{"certificate": {"trade": "welder", "min_level": 4}}]},
        {"all_of": [{"experience": {"trade": "welder", "min_years": 8}}]}]});
    let parsed: EntryRules = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(parsed, welding_class());
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body);
}

#[test]
fn unknown_fields_and_bad_values_are_refused_when_reading_rules() {
    let bad = [
        json!({"any_of": [], "extra": 1}),
        json!({"any_of": [{"all_of": [], "x": 1}]}),
        json!({"any_of": [{"all_of": [{"certificate": {"trade": "welder", "min_level": 4, "x": 1}}]}]}),
        json!({"any_of": [{"all_of": [{"diploma": {"trade": "welder"}}]}]}),
        json!({"any_of": [{"all_of": [{"certificate": {"trade": "Welder", "min_level": 4}}]}]}),
        json!({"any_of": [{"all_of": [{"certificate": {"trade": "welder", "min_level": 6}}]}]}),
        json!({"any_of": [{"all_of": [{"experience": {"trade": "welder", "min_years": -1}}]}]}),
    ];
    for body in bad {
        assert!(
            serde_json::from_value::<EntryRules>(body.clone()).is_err(),
            "{body}"
        );
    }
}

#[test]
fn validate_table() {
    let apprentice = Condition::Certificate {
        trade: trade("welder"),
        min_level: SkillLevel::Apprentice,
    };
    let eleven = (0..11).map(|_| vec![experience("welder", 1)]).collect();
    let cases: Vec<(EntryRules, Vec<&str>)> = vec![
        (welding_class(), vec![]),
        (rules(vec![vec![experience("welder", 0)]]), vec![]),
        (rules(vec![vec![experience("welder", 60)]]), vec![]),
        (rules(vec![vec![experience("welder", 1); 10]; 10]), vec![]),
        (rules(vec![]), vec!["rules_no_alternative"]),
        (rules(vec![vec![]]), vec!["rules_empty_alternative"]),
        (rules(vec![vec![apprentice]]), vec!["rules_level_invalid"]),
        (
            rules(vec![vec![experience("welder", 61)]]),
            vec!["rules_years_invalid"],
        ),
        (rules(eleven), vec!["rules_too_many_alternatives"]),
        (
            rules(vec![vec![experience("welder", 1); 11]]),
            vec!["rules_too_many_conditions"],
        ),
        (
            rules(vec![vec![], vec![experience("welder", 99)]]),
            vec!["rules_empty_alternative", "rules_years_invalid"],
        ),
    ];
    for (r, expected) in cases {
        let got: Vec<&str> = r
            .validate()
            .err()
            .unwrap_or_default()
            .iter()
            .map(|m| m.code)
            .collect();
        assert_eq!(got, expected, "{r:?}");
    }
}

#[test]
fn describe_the_welding_class_in_both_languages() {
    let (zh, en) = welding_class().describe();
    assert_eq!(zh, "持中级工（四级）及以上焊工证书，或从事焊工工作满8年");
    assert_eq!(
        en,
        "an intermediate (level 4) or higher welder certificate, or at least 8 years working as a welder"
    );
}

#[test]
fn describe_joins_conditions_of_one_alternative_with_and() {
    let r = rules(vec![vec![
        certificate("electrician", 3),
        experience("electrician", 1),
    ]]);
    let (zh, en) = r.describe();
    assert_eq!(zh, "持高级工（三级）及以上电工证书且从事电工工作满1年");
    assert_eq!(
        en,
        "an advanced (level 3) or higher electrician certificate and at least 1 year working as an electrician"
    );
}

#[test]
fn welding_class_boundary_table() {
    use SkillLevel::*;
    let d = deadline();
    // (case, facts, Ok(basis) or Err(reason codes per alternative))
    type Case = (
        &'static str,
        ApplicantFacts,
        Result<&'static str, Vec<&'static str>>,
    );
    let cases: Vec<Case> = vec![
        (
            "exactly 8 years on the deadline",
            facts("welder", Some(date(2016, 6, 30)), None),
            Ok("experience"),
        ),
        (
            "one day short of 8 years",
            facts("welder", Some(date(2016, 7, 1)), None),
            Err(vec!["certificate_missing", "experience_too_short"]),
        ),
        (
            "level 4 certificate",
            facts("welder", None, Some(("welder", Intermediate))),
            Ok("certificate"),
        ),
        (
            "level 5 certificate",
            facts("welder", None, Some(("welder", Beginner))),
            Err(vec![
                "certificate_level_too_low",
                "experience_missing_start",
            ]),
        ),
        (
            "level 3 certificate",
            facts("welder", None, Some(("welder", Advanced))),
            Ok("certificate"),
        ),
        (
            "level 1 certificate",
            facts("welder", None, Some(("welder", SeniorTechnician))),
            Ok("certificate"),
        ),
        (
            "principal technician",
            facts("welder", None, Some(("welder", Principal))),
            Ok("certificate"),
        ),
        (
            "chief technician",
            facts("welder", None, Some(("welder", Chief))),
            Ok("certificate"),
        ),
        (
            "apprentice",
            facts("welder", None, Some(("welder", Apprentice))),
            Err(vec![
                "certificate_level_too_low",
                "experience_missing_start",
            ]),
        ),
        (
            "electrician certificate, 3 years welding",
            facts(
                "welder",
                Some(date(2021, 1, 1)),
                Some(("electrician", Technician)),
            ),
            Err(vec!["certificate_wrong_trade", "experience_too_short"]),
        ),
        (
            "20 years as an electrician",
            facts("electrician", Some(date(2004, 1, 1)), None),
            Err(vec!["certificate_missing", "experience_wrong_trade"]),
        ),
        (
            "both hold: first alternative wins",
            facts(
                "welder",
                Some(date(2000, 1, 1)),
                Some(("welder", Intermediate)),
            ),
            Ok("certificate"),
        ),
        (
            "start after the deadline",
            facts("welder", Some(date(2024, 7, 1)), None),
            Err(vec!["certificate_missing", "experience_too_short"]),
        ),
    ];
    for (name, f, expected) in cases {
        let verdict = evaluate(&welding_class(), &f, d);
        match expected {
            Ok(basis) => assert_eq!(verdict.basis(), Some(basis), "{name}: {verdict:?}"),
            Err(expected_codes) => assert_eq!(codes(&verdict), expected_codes, "{name}"),
        }
    }
}

#[test]
fn eligible_verdict_names_the_first_alternative_that_holds() {
    let f = facts(
        "welder",
        Some(date(2000, 1, 1)),
        Some(("welder", SkillLevel::Intermediate)),
    );
    let v = evaluate(&welding_class(), &f, deadline());
    assert_eq!(
        v,
        Verdict::Eligible {
            alternative: 0,
            basis: "certificate".into()
        }
    );
    let f = facts("welder", Some(date(2000, 1, 1)), None);
    let v = evaluate(&welding_class(), &f, deadline());
    assert_eq!(
        v,
        Verdict::Eligible {
            alternative: 1,
            basis: "experience".into()
        }
    );
}

#[test]
fn an_all_of_with_both_kinds_has_a_combined_basis() {
    let r = rules(vec![vec![
        certificate("welder", 5),
        experience("welder", 3),
        certificate("welder", 5),
    ]]);
    let f = facts(
        "welder",
        Some(date(2020, 1, 1)),
        Some(("welder", SkillLevel::Beginner)),
    );
    let v = evaluate(&r, &f, deadline());
    assert_eq!(
        v,
        Verdict::Eligible {
            alternative: 0,
            basis: "certificate+experience".into()
        }
    );
}

#[test]
fn too_short_message_says_years_held_and_needed() {
    let f = facts("welder", Some(date(2016, 7, 1)), None);
    let v = evaluate(&welding_class(), &f, deadline());
    let reason = &v.reasons()[1];
    assert_eq!(reason.code, "experience_too_short");
    assert!(
        reason.text(false).contains("满7年") && reason.text(false).contains("需满8年"),
        "{}",
        reason.text(false)
    );
    assert!(
        reason.text(true).contains("7 full years") && reason.text(true).contains("8 are required"),
        "{}",
        reason.text(true)
    );
}

#[test]
fn empty_rules_are_ineligible_with_a_reason() {
    let v = evaluate(&rules(vec![]), &facts("welder", None, None), deadline());
    assert_eq!(codes(&v), vec!["rules_no_alternative"]);
}

#[test]
fn full_years_table() {
    let cases = [
        (date(2016, 6, 30), date(2024, 6, 30), 8),
        (date(2016, 7, 1), date(2024, 6, 30), 7),
        (date(2016, 2, 29), date(2024, 2, 29), 8),
        (date(2016, 2, 29), date(2024, 2, 28), 7),
        (date(2016, 2, 29), date(2023, 2, 28), 7),
        (date(2016, 2, 29), date(2023, 2, 27), 6),
        (date(2016, 2, 29), date(2023, 3, 1), 7),
        (date(2015, 2, 28), date(2016, 2, 28), 1),
        (date(2015, 2, 28), date(2016, 2, 27), 0),
        (date(2024, 1, 1), date(2024, 12, 31), 0),
        (date(2024, 1, 1), date(2024, 1, 1), 0),
        (date(2024, 6, 30), date(2016, 6, 30), 0),
        (date(1960, 1, 1), date(2024, 1, 1), 64),
    ];
    for (start, end, expected) in cases {
        assert_eq!(full_years(start, end), expected, "{start} → {end}");
    }
}

fn any_level() -> impl Strategy<Value = SkillLevel> {
    (0usize..8).prop_map(|i| {
        use SkillLevel::*;
        [
            Apprentice,
            Beginner,
            Intermediate,
            Advanced,
            Technician,
            SeniorTechnician,
            Principal,
            Chief,
        ][i]
    })
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000).prop_map(|d| date(1950, 1, 1) + chrono::Duration::days(d))
}

proptest! {
    #[test]
    fn full_years_to_the_nth_anniversary_is_n(start in any_date(), n in 0u32..80) {
        let anniversary = start.checked_add_months(Months::new(n * 12)).unwrap();
        prop_assert_eq!(full_years(start, anniversary), n);
        if n > 0 {
            prop_assert_eq!(full_years(start, anniversary.pred_opt().unwrap()), n - 1);
        }
    }

    #[test]
    fn a_later_deadline_never_turns_eligible_into_ineligible(
        start in any_date(),
        deadline in any_date(),
        later_by in 0i64..5000,
        level in proptest::option::of(any_level()),
        min_years in 0u32..20,
        min_printed in 1i64..=5,
    ) {
        let r = rules(vec![vec![certificate("welder", min_printed)], vec![experience("welder", min_years)]]);
        let f = facts("welder", Some(start), level.map(|l| ("welder", l)));
        let later = deadline + chrono::Duration::days(later_by);
        if evaluate(&r, &f, deadline).is_eligible() {
            prop_assert!(evaluate(&r, &f, later).is_eligible());
        }
    }

    #[test]
    fn a_higher_level_never_turns_eligible_into_ineligible(
        start in proptest::option::of(any_date()),
        low in any_level(),
        high in any_level(),
        min_years in 0u32..20,
        min_printed in 1i64..=5,
    ) {
        let (low, high) = (low.min(high), low.max(high));
        let r = rules(vec![
            vec![certificate("welder", min_printed), experience("welder", min_years)],
            vec![certificate("welder", min_printed)],
        ]);
        let with = |level| facts("welder", start, Some(("welder", level)));
        if evaluate(&r, &with(low), deadline()).is_eligible() {
            prop_assert!(evaluate(&r, &with(high), deadline()).is_eligible());
        }
    }
}
