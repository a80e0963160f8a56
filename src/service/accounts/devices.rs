//! Remembered devices: a browser whose owner ticked "keep me signed in" holds
//! a random device token (only its hash is stored) that starts a fresh
//! session whenever the short one has run out, for 30 days. Revoking a device
//! ends its sessions at once.
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;

use crate::crypto;
use crate::domain::account::{device_expiry, device_label};
use crate::entity::{auth_session, remembered_device, user};
use crate::error::{AppError, AppResult};
use crate::service::audit;

/// Remembers this browser for `user_id`; returns the device's id and the
/// token for its cookie.
pub async fn remember<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    user_agent: &str,
    now: DateTime<Utc>,
) -> AppResult<(i64, String)> {
    let token = crypto::random_token();
    let device = remembered_device::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(crypto::token_hash(&token)),
        label: Set(device_label(user_agent)),
        created_at: Set(now),
        last_used_at: Set(now),
        expires_at: Set(device_expiry(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((device.id, token))
}

/// The live device behind a device token and its (active) user; marks the
/// device as used now.
pub async fn resume<C: ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<(remembered_device::Model, user::Model)>> {
    let Some(device) = remembered_device::Entity::find()
        .filter(remembered_device::Column::TokenHash.eq(crypto::token_hash(token)))
        .filter(remembered_device::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = user::Entity::find_by_id(device.user_id)
        .one(db)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(None);
    };
    remembered_device::Entity::update_many()
        .col_expr(remembered_device::Column::LastUsedAt, Expr::value(now))
        .filter(remembered_device::Column::Id.eq(device.id))
        .exec(db)
        .await?;
    Ok(Some((device, user)))
}

/// The user's live devices, the most recently used first.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    now: DateTime<Utc>,
) -> AppResult<Vec<remembered_device::Model>> {
    Ok(remembered_device::Entity::find()
        .filter(remembered_device::Column::UserId.eq(user_id))
        .filter(remembered_device::Column::ExpiresAt.gt(now))
        .order_by_desc(remembered_device::Column::LastUsedAt)
        .order_by_desc(remembered_device::Column::Id)
        .all(db)
        .await?)
}

/// The id of the device behind a device token, live or not.
pub async fn id_of<C: ConnectionTrait>(db: &C, token: &str) -> AppResult<Option<i64>> {
    Ok(remembered_device::Entity::find()
        .filter(remembered_device::Column::TokenHash.eq(crypto::token_hash(token)))
        .one(db)
        .await?
        .map(|d| d.id))
}

/// Forgets one of the user's devices and ends the sessions started from it;
/// 404 for a device that is not theirs (or no longer exists).
pub async fn revoke(
    db: &sea_orm::DatabaseConnection,
    user_id: i64,
    device_id: i64,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let gone = remembered_device::Entity::delete_many()
        .filter(remembered_device::Column::Id.eq(device_id))
        .filter(remembered_device::Column::UserId.eq(user_id))
        .exec(&txn)
        .await?;
    if gone.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    auth_session::Entity::delete_many()
        .filter(auth_session::Column::DeviceId.eq(device_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(user_id),
        "device.revoke",
        "remembered_device",
        device_id,
        json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets the device behind a token (signing out) and its sessions.
pub async fn forget<C: ConnectionTrait>(db: &C, token: &str) -> AppResult<()> {
    if let Some(id) = id_of(db, token).await? {
        auth_session::Entity::delete_many()
            .filter(auth_session::Column::DeviceId.eq(id))
            .exec(db)
            .await?;
        remembered_device::Entity::delete_by_id(id).exec(db).await?;
    }
    Ok(())
}

/// Ends every session and forgets every device of a user (after a password
/// reset), on the caller's transaction.
pub async fn end_everything<C: ConnectionTrait>(db: &C, user_id: i64) -> AppResult<()> {
    auth_session::Entity::delete_many()
        .filter(auth_session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    remembered_device::Entity::delete_many()
        .filter(remembered_device::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
