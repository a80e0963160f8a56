//! Assessment rubrics, scoring, and the completion rule.

mod rubric;

pub use rubric::{Criterion, MAX_CRITERIA, MAX_POINTS, Rubric};

use super::Message;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A scored assessment: points per criterion key, their total, and whether
/// the total reaches the pass mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Score {
    pub total: u32,
    pub passed: bool,
    pub points: BTreeMap<String, u32>,
}

/// Scores an assessment as a mentor enters it (`{key: points}`). Every
/// criterion needs a whole number from 0 to its maximum; keys outside the
/// rubric are refused. Returns every problem found: `score_missing`,
/// `score_unknown_key`, `score_out_of_range`.
pub fn score(rubric: &Rubric, scores: &BTreeMap<String, Value>) -> Result<Score, Vec<Message>> {
    let mut problems = Vec::new();
    let mut points = BTreeMap::new();
    for c in &rubric.criteria {
        let Some(value) = scores.get(&c.key) else {
            problems.push(Message::of("score_missing").arg("name", &c.name));
            continue;
        };
        match value.as_u64().and_then(|p| u32::try_from(p).ok()) {
            Some(p) if p <= c.max_points => {
                points.insert(c.key.clone(), p);
            }
            _ => problems.push(
                Message::of("score_out_of_range")
                    .arg("name", &c.name)
                    .arg("max_points", &c.max_points),
            ),
        }
    }
    for key in scores.keys() {
        if !rubric.criteria.iter().any(|c| &c.key == key) {
            problems.push(Message::of("score_unknown_key").arg("key", &key));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Each value is at most its criterion's maximum, so the sum is bounded
    // by total_max(); saturating keeps that true even for odd rubrics.
    let total = points.values().fold(0u32, |sum, p| sum.saturating_add(*p));
    Ok(Score {
        total,
        passed: total >= rubric.pass_mark,
        points,
    })
}

fn default_min_attendance_rate() -> f64 {
    0.8
}

/// What a participant needs to complete a cohort: an attendance rate at or
/// above `min_attendance_rate` (default 0.8) and a passed final assessment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompletionRule {
    #[serde(default = "default_min_attendance_rate")]
    pub min_attendance_rate: f64,
}

impl Default for CompletionRule {
    fn default() -> Self {
        CompletionRule {
            min_attendance_rate: default_min_attendance_rate(),
        }
    }
}

impl CompletionRule {
    /// The threshold must be a number from 0 to 1. Error: `completion_rate_invalid`.
    pub fn validate(&self) -> Result<(), Message> {
        if (0.0..=1.0).contains(&self.min_attendance_rate) {
            Ok(())
        } else {
            Err(Message::of("completion_rate_invalid"))
        }
    }
}

/// Rates computed as a fraction may land a hair below the threshold they
/// equal (e.g. 0.7 vs 7/10); this tolerance keeps "at or above" honest.
const RATE_TOLERANCE: f64 = 1e-9;

/// Whether a participant completed: the final assessment passed and the
/// attendance rate is at or above the rule's threshold. With no countable
/// sessions (`rate` is `None`) attendance is met only by a threshold of 0.
pub fn completed(rate: Option<f64>, final_assessment_passed: bool, rule: &CompletionRule) -> bool {
    let attendance_met = match rate {
        Some(r) => r + RATE_TOLERANCE >= rule.min_attendance_rate,
        None => rule.min_attendance_rate <= 0.0,
    };
    final_assessment_passed && attendance_met
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn welding_rubric() -> Rubric {
        serde_json::from_value(json!({"criteria": [
            {"key": "visual", "name": "外观检查", "max_points": 30},
            {"key": "bend", "name": "弯曲试验", "max_points": 40},
            {"key": "theory", "name": "理论", "max_points": 30}],
            "pass_mark": 60}))
        .unwrap()
    }

    fn scores(v: serde_json::Value) -> BTreeMap<String, Value> {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn pass_mark_boundary_table() {
        let cases = [
            (json!({"visual": 20, "bend": 20, "theory": 19}), 59, false),
            (json!({"visual": 20, "bend": 20, "theory": 20}), 60, true),
            (json!({"visual": 30, "bend": 40, "theory": 30}), 100, true),
            (json!({"visual": 0, "bend": 0, "theory": 0}), 0, false),
        ];
        for (input, total, passed) in cases {
            let s = score(&welding_rubric(), &scores(input.clone())).unwrap();
            assert_eq!((s.total, s.passed), (total, passed), "{input}");
        }
    }

    #[test]
    fn score_problem_table() {
        let cases = [
            (json!({"visual": 20, "bend": 20}), vec!["score_missing"]),
            (
                json!({"visual": 20, "bend": 20, "theory": 20, "style": 5}),
                vec!["score_unknown_key"],
            ),
            (
                json!({"visual": 31, "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"visual": -1, "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"visual": 2.5, "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"visual": "20", "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"visual": null, "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"visual": 5_000_000_000u64, "bend": 20, "theory": 20}),
                vec!["score_out_of_range"],
            ),
            (
                json!({"bend": 41, "x": 1}),
                vec![
                    "score_missing",
                    "score_out_of_range",
                    "score_missing",
                    "score_unknown_key",
                ],
            ),
        ];
        for (input, expected) in cases {
            let got: Vec<&str> = score(&welding_rubric(), &scores(input.clone()))
                .err()
                .unwrap_or_default()
                .iter()
                .map(|m| m.code)
                .collect();
            assert_eq!(got, expected, "{input}");
        }
    }

    #[test]
    fn out_of_range_message_names_the_criterion_and_its_maximum() {
        let problems = score(
            &welding_rubric(),
            &scores(json!({"visual": 20, "bend": 45, "theory": 20})),
        )
        .unwrap_err();
        assert!(
            problems[0].text(false).contains("弯曲试验") && problems[0].text(false).contains("40"),
            "{}",
            problems[0].text(false)
        );
        assert!(
            problems[0].text(true).contains("弯曲试验") && problems[0].text(true).contains("40"),
            "{}",
            problems[0].text(true)
        );
    }

    #[test]
    fn completion_rule_defaults_to_eighty_percent_and_refuses_unknown_fields() {
        let rule: CompletionRule = serde_json::from_value(json!({})).unwrap();
        assert_eq!(rule, CompletionRule::default());
        assert_eq!(rule.min_attendance_rate, 0.8);
        assert!(serde_json::from_value::<CompletionRule>(json!({"rate": 0.5})).is_err());
    }

    #[test]
    fn completion_rule_validate_table() {
        let cases = [
            (0.0, true),
            (0.8, true),
            (1.0, true),
            (-0.01, false),
            (1.01, false),
            (f64::NAN, false),
        ];
        for (rate, ok) in cases {
            let rule = CompletionRule {
                min_attendance_rate: rate,
            };
            assert_eq!(rule.validate().is_ok(), ok, "{rate}");
        }
    }

    #[test]
    fn completed_table() {
        let rule = CompletionRule::default();
        let zero = CompletionRule {
            min_attendance_rate: 0.0,
        };
        let cases = [
            (Some(0.8), true, &rule, true),
            (Some(4.0 / 5.0), true, &rule, true),
            (Some(0.79), true, &rule, false),
            (Some(1.0), false, &rule, false),
            (None, true, &rule, false),
            (None, true, &zero, true),
            (Some(0.0), true, &zero, true),
        ];
        for (rate, passed, r, expected) in cases {
            assert_eq!(
                completed(rate, passed, r),
                expected,
                "{rate:?} {passed} {r:?}"
            );
        }
        let seventy = CompletionRule {
            min_attendance_rate: 0.7,
        };
        assert!(completed(Some(7.0 / 10.0), true, &seventy));
    }
}
