//! The mentors an applicant ranked (`mentor_preferences`): checked against the
//! cohort's mentors when they apply, stored with the application, read by
//! automatic pairing.
use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use crate::domain::Message;
use crate::domain::pairing::MAX_PREFERENCES;
use crate::entity::{cohort_mentor, mentor_preference};
use crate::error::{AppResult, FieldError};

const FIELD: &str = "mentor_preferences";

fn invalid() -> FieldError {
    FieldError::new(
        FIELD,
        Message::of("mentor_preferences_invalid").arg("max_preferences", &MAX_PREFERENCES),
    )
}

/// The ranked mentor ids as sent: `null`, absent or a list of up to three
/// distinct mentor ids (numbers, or digits as a form sends them); blanks are
/// skipped. Anything else is an error naming `mentor_preferences`.
pub fn parse(raw: &Value) -> Result<Vec<i64>, FieldError> {
    let items = match raw {
        Value::Null => return Ok(vec![]),
        Value::Array(items) => items,
        _ => return Err(invalid()),
    };
    let mut ids = vec![];
    for item in items {
        let id = match item {
            Value::Number(n) => n.as_i64(),
            Value::String(s) if s.trim().is_empty() => continue,
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match id {
            Some(id) if id > 0 && !ids.contains(&id) => ids.push(id),
            _ => return Err(invalid()),
        }
    }
    if ids.len() > MAX_PREFERENCES {
        return Err(invalid());
    }
    Ok(ids)
}

/// Checks that every ranked id is a mentor of the cohort.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    ids: &[i64],
) -> AppResult<Result<(), FieldError>> {
    if ids.is_empty() {
        return Ok(Ok(()));
    }
    let mentors: Vec<i64> = cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    Ok(if ids.iter().all(|id| mentors.contains(id)) {
        Ok(())
    } else {
        Err(invalid())
    })
}

/// Stores the ranking of an application (inside the application's transaction).
pub async fn store<C: ConnectionTrait>(db: &C, application_id: i64, ids: &[i64]) -> AppResult<()> {
    for (rank, id) in ids.iter().enumerate() {
        mentor_preference::ActiveModel {
            application_id: Set(application_id),
            rank: Set(i16::try_from(rank + 1).unwrap_or(i16::MAX)),
            mentor_user_id: Set(*id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The ranked mentor ids of each of these applications, best first.
pub async fn of_applications<C: ConnectionTrait>(
    db: &C,
    application_ids: &[i64],
) -> AppResult<HashMap<i64, Vec<i64>>> {
    let mut out: HashMap<i64, Vec<(i16, i64)>> = HashMap::new();
    for chunk in application_ids.chunks(500) {
        for row in mentor_preference::Entity::find()
            .filter(mentor_preference::Column::ApplicationId.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.entry(row.application_id)
                .or_default()
                .push((row.rank, row.mentor_user_id));
        }
    }
    Ok(out
        .into_iter()
        .map(|(app, mut ranked)| {
            ranked.sort();
            (app, ranked.into_iter().map(|(_, id)| id).collect())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parse_table() {
        let cases: Vec<(Value, Option<Vec<i64>>)> = vec![
            (json!(null), Some(vec![])),
            (json!([]), Some(vec![])),
            (json!([7]), Some(vec![7])),
            (json!([7, 3, 9]), Some(vec![7, 3, 9])),
            (json!(["7", " 3 ", ""]), Some(vec![7, 3])),
            (json!([7, 3, 9, 4]), None),
            (json!([7, 7]), None),
            (json!([0]), None),
            (json!([-2]), None),
            (json!([1.5]), None),
            (json!(["x"]), None),
            (json!(7), None),
            (json!({"a": 1}), None),
        ];
        for (raw, expected) in cases {
            let got = parse(&raw).ok();
            assert_eq!(got, expected, "{raw}");
        }
        assert_eq!(parse(&json!([1, 2, 3, 4])).unwrap_err().field, FIELD);
    }
}
