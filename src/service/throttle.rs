//! Sign-in throttling per account and per client address, kept in the database
//! so every instance behind a load balancer sees the same counts.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::entity::login_failure;
use crate::error::{AppError, AppResult};

/// Failures in a row an account may have before it must wait.
pub const ACCOUNT_LIMIT: i32 = 10;
/// Failures from one address (across accounts) before it must wait.
pub const ADDRESS_LIMIT: i32 = 50;
pub const LOCK_SECONDS: i64 = 15 * 60;

pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// Seconds left on a lock, if any (pure; used by [`check`]).
pub fn seconds_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<u64> {
    locked_until
        .filter(|t| *t > now)
        .map(|t| (t - now).num_seconds().max(1) as u64)
}

/// Refuses with 429 and `Retry-After` while any of the keys is locked.
pub async fn check(db: &DatabaseConnection, keys: &[String]) -> AppResult<()> {
    let now = Utc::now();
    for key in keys {
        if let Some(row) = login_failure::Entity::find_by_id(key.clone())
            .one(db)
            .await?
            && let Some(secs) = seconds_locked(row.locked_until, now)
        {
            return Err(AppError::TooManyRequests { retry_after: secs });
        }
    }
    Ok(())
}

/// Counts a failure against each key, locking those over their limit.
pub async fn record_failure(db: &DatabaseConnection, key: &str, limit: i32) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let now = Utc::now();
    let existing = login_failure::Entity::find_by_id(key.to_string())
        .one(&txn)
        .await?;
    let failures = existing.as_ref().map(|r| r.failures).unwrap_or(0) + 1;
    let locked_until = (failures >= limit).then(|| now + Duration::seconds(LOCK_SECONDS));
    let row = login_failure::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(failures),
        locked_until: Set(locked_until),
        updated_at: Set(now),
    };
    if existing.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// A successful sign-in clears the account's count.
pub async fn clear(db: &DatabaseConnection, key: &str) -> AppResult<()> {
    login_failure::Entity::delete_by_id(key.to_string())
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_counts_down_and_then_lifts() {
        let now = Utc::now();
        let cases = [
            (None, None),
            (Some(now - Duration::seconds(1)), None),
            (Some(now), None),
            (Some(now + Duration::milliseconds(10)), Some(1)),
            (Some(now + Duration::seconds(900)), Some(900)),
        ];
        for (until, want) in cases {
            assert_eq!(seconds_locked(until, now), want, "{until:?}");
        }
    }
}
