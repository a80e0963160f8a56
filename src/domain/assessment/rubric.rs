//! A workshop's assessment rubric.

use crate::domain::Message;
use serde::{Deserialize, Serialize};

/// Most criteria one rubric may have.
pub const MAX_CRITERIA: usize = 20;
/// Most points one criterion may be worth (keeps totals far from overflow).
pub const MAX_POINTS: u32 = 10_000;

/// Criteria with maximum points, and the total needed to pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub criteria: Vec<Criterion>,
    pub pass_mark: u32,
}

/// One scored criterion, e.g. `{"key": "bend", "name": "Bend test", "max_points": 40}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub key: String,
    pub name: String,
    pub max_points: u32,
}

impl Rubric {
    /// The most points the rubric can give (the sum of the maxima).
    pub fn total_max(&self) -> u32 {
        self.criteria
            .iter()
            .fold(0u32, |sum, c| sum.saturating_add(c.max_points))
    }

    /// Checks a rubric an organizer wrote: 1–[`MAX_CRITERIA`] criteria with
    /// unique keys `[a-z0-9_]{1,32}`, names of 1–40 characters, maxima of
    /// 1–[`MAX_POINTS`], and a pass mark from 1 to the total. Returns every
    /// problem found.
    pub fn validate(&self) -> Result<(), Vec<Message>> {
        let mut problems = Vec::new();
        if !(1..=MAX_CRITERIA).contains(&self.criteria.len()) {
            problems.push(Message::of("rubric_criteria_count").arg("max_criteria", &MAX_CRITERIA));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            let n = i + 1;
            if !valid_key(&c.key) {
                problems.push(Message::of("rubric_key_invalid").arg("n", &n));
            } else if self.criteria[..i]
                .iter()
                .any(|earlier| earlier.key == c.key)
            {
                problems.push(
                    Message::of("rubric_key_duplicate")
                        .arg("n", &n)
                        .arg("key", &c.key),
                );
            }
            let name = c.name.trim();
            if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
                problems.push(Message::of("rubric_name_invalid").arg("n", &n));
            }
            if !(1..=MAX_POINTS).contains(&c.max_points) {
                problems.push(
                    Message::of("rubric_max_points")
                        .arg("n", &n)
                        .arg("max_points", &MAX_POINTS),
                );
            }
        }
        let total = self.total_max();
        if self.pass_mark < 1 || self.pass_mark > total {
            problems.push(Message::of("rubric_pass_mark").arg("total", &total));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

fn valid_key(key: &str) -> bool {
    (1..=32).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn criterion(key: &str, name: &str, max_points: u32) -> Criterion {
        Criterion {
            key: key.into(),
            name: name.into(),
            max_points,
        }
    }

    fn rubric(criteria: Vec<Criterion>, pass_mark: u32) -> Rubric {
        Rubric {
            criteria,
            pass_mark,
        }
    }

    #[test]
    fn total_max_sums_the_maxima() {
        let r = rubric(vec![criterion("a", "A", 30), criterion("b", "B", 40)], 50);
        assert_eq!(r.total_max(), 70);
    }

    #[test]
    fn validate_table() {
        let ok = || criterion("visual", "外观检查", 30);
        let twenty: Vec<_> = (0..20)
            .map(|i| criterion(&format!("c{i}"), "项", 5))
            .collect();
        let twenty_one: Vec<_> = (0..21)
            .map(|i| criterion(&format!("c{i}"), "项", 5))
            .collect();
        let cases: Vec<(Rubric, Vec<&str>)> = vec![
            (rubric(vec![ok()], 18), vec![]),
            (rubric(vec![ok()], 30), vec![]),
            (rubric(vec![ok()], 1), vec![]),
            (rubric(twenty, 100), vec![]),
            (
                rubric(vec![criterion(&"k".repeat(32), &"名".repeat(40), 1)], 1),
                vec![],
            ),
            (
                rubric(vec![], 1),
                vec!["rubric_criteria_count", "rubric_pass_mark"],
            ),
            (rubric(twenty_one, 60), vec!["rubric_criteria_count"]),
            (rubric(vec![ok()], 31), vec!["rubric_pass_mark"]),
            (rubric(vec![ok()], 0), vec!["rubric_pass_mark"]),
            (rubric(vec![ok(), ok()], 30), vec!["rubric_key_duplicate"]),
            (
                rubric(vec![criterion("Visual", "外观", 30)], 10),
                vec!["rubric_key_invalid"],
            ),
            (
                rubric(vec![criterion("", "外观", 30)], 10),
                vec!["rubric_key_invalid"],
            ),
            (
                rubric(vec![criterion(&"k".repeat(33), "外观", 30)], 10),
                vec!["rubric_key_invalid"],
            ),
            (
                rubric(vec![criterion("a-b", "外观", 30)], 10),
                vec!["rubric_key_invalid"],
            ),
            (
                rubric(vec![criterion("a", " ", 30)], 10),
                vec!["rubric_name_invalid"],
            ),
            (
                rubric(vec![criterion("a", &"名".repeat(41), 30)], 10),
                vec!["rubric_name_invalid"],
            ),
            (
                rubric(vec![criterion("a", "外观", 0), ok()], 10),
                vec!["rubric_max_points"],
            ),
            (
                rubric(vec![criterion("a", "外观", MAX_POINTS + 1)], 10),
                vec!["rubric_max_points"],
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
    fn unknown_fields_are_refused() {
        let body = serde_json::json!({"criteria": [], "pass_mark": 1, "bonus": 5});
        assert!(serde_json::from_value::<Rubric>(body).is_err());
        let body = serde_json::json!({"criteria": [{"key": "a", "name": "A", "max_points": 1, "weight": 2}], "pass_mark": 1});
        assert!(serde_json::from_value::<Rubric>(body).is_err());
    }
}
