//! Sign-in throttling per account and per client address, kept in the database
//! so every instance behind a load balancer sees the same counts.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QuerySelect, Set,
};

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

/// Receipts one e-mail address may be sent per hour; past it the
/// application is still stored, only its receipt is not mailed again.
pub const RECEIPTS_PER_HOUR: i32 = 3;

pub fn application_key(addr: &str) -> String {
    format!("apply:{addr}")
}

pub fn receipt_key(email: &str) -> String {
    format!("receipt:{}", email.trim().to_lowercase())
}

/// The fixed window a hit falls in (pure; used by [`hit`]): the hits counted
/// so far including this one, when the window started, and the seconds to
/// wait when the hit is over `limit`.
pub fn window_after_hit(
    previous: Option<(i32, DateTime<Utc>)>,
    now: DateTime<Utc>,
    window_secs: i64,
    limit: i32,
) -> (i32, DateTime<Utc>, Option<u64>) {
    let (count, start) = match previous {
        Some((n, start)) if start <= now && now < start + Duration::seconds(window_secs) => {
            (n.saturating_add(1), start)
        }
        _ => (1, now),
    };
    let wait = (count > limit).then(|| {
        let left = (start + Duration::seconds(window_secs) - now).num_seconds();
        left.max(1) as u64
    });
    (count, start, wait)
}

/// Counts one hit on `key` in a window of `window_secs`; `Err(seconds)` when
/// the hit is over `limit`. Rows live in the sign-in throttle's table (the
/// count, the window's start and end), so every instance shares them; runs
/// on the caller's connection or transaction.
pub async fn hit<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    window_secs: i64,
    limit: i32,
) -> AppResult<Result<(), u64>> {
    let now = Utc::now();
    // The row exists before it is locked, so concurrent first hits never
    // collide on the key.
    login_failure::Entity::insert(login_failure::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(0),
        locked_until: Set(None),
        updated_at: Set(now - Duration::seconds(window_secs)),
    })
    .on_conflict(
        OnConflict::column(login_failure::Column::Key)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    let row = login_failure::Entity::find_by_id(key.to_string())
        .lock_exclusive()
        .one(conn)
        .await?;
    let previous = row.as_ref().map(|r| (r.failures, r.updated_at));
    let (count, start, wait) = window_after_hit(previous, now, window_secs, limit);
    login_failure::ActiveModel {
        key: Set(key.to_string()),
        failures: Set(count),
        locked_until: Set(Some(start + Duration::seconds(window_secs))),
        updated_at: Set(start),
    }
    .update(conn)
    .await?;
    Ok(match wait {
        Some(secs) => Err(secs),
        None => Ok(()),
    })
}

/// Refuses an anonymous application over `per_minute` from one client
/// address (0: no limit) with 429 and `Retry-After`.
pub async fn application(db: &DatabaseConnection, addr: &str, per_minute: u32) -> AppResult<()> {
    if per_minute == 0 {
        return Ok(());
    }
    let limit = i32::try_from(per_minute).unwrap_or(i32::MAX);
    let txn = crate::db::begin_write(db).await?;
    let outcome = hit(&txn, &application_key(addr), 60, limit).await?;
    txn.commit().await?;
    outcome.map_err(|retry_after| AppError::TooManyRequests { retry_after })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_window_counts_hits_and_then_starts_again() {
        let t0 = Utc::now();
        let s = |n| Duration::seconds(n);
        let cases = [
            (None, t0, (1, t0, None)),
            (Some((59, t0)), t0 + s(30), (60, t0, None)),
            (Some((60, t0)), t0 + s(30), (61, t0, Some(30))),
            (Some((60, t0)), t0 + s(59), (61, t0, Some(1))),
            (Some((600, t0)), t0 + s(60), (1, t0 + s(60), None)),
            (Some((5, t0 + s(10))), t0, (1, t0, None)),
            (Some((i32::MAX, t0)), t0, (i32::MAX, t0, Some(60))),
        ];
        for (previous, now, want) in cases {
            assert_eq!(
                window_after_hit(previous, now, 60, 60),
                want,
                "{previous:?}"
            );
        }
    }

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
