//! Password reset by mail: a staff member who forgot their password asks
//! with their email; the answer is the same whether or not an account has
//! it. An account that does gets a single-use link (only the token's hash is
//! stored) that works for [`RESET_MINUTES`]; setting a new password through
//! it ends every session and forgets every remembered device of the account.
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{check_password_strength, devices, find_by_email, hash_password, hashing};
use crate::AppState;
use crate::crypto;
use crate::domain::Message;
use crate::domain::account::{RESET_MINUTES, ResetRefusal, reset_usable};
use crate::domain::identity::Email;
use crate::entity::{password_reset, user};
use crate::error::{AppError, AppResult, FieldError};
use crate::i18n::Locale;
use crate::mail::outbox::{NewNotice, enqueue};
use crate::service::{audit, throttle};

/// Requests one email address may make before it must wait.
pub const EMAIL_LIMIT: i32 = 5;
/// Requests one client address may make (across emails) before it must wait.
pub const CLIENT_LIMIT: i32 = 20;

/// Why a reset link is refused: never issued (or mistyped), or no longer usable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefusal {
    Unknown,
    Refused(ResetRefusal),
}

use crate::links::reset_path;

/// Mails a reset link when an active account has this email; returns whether
/// one was queued (the caller answers the same either way). A malformed
/// address is a field error; too many requests per address or client are 429.
pub async fn request(
    state: &AppState,
    client: &str,
    email: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let by_email = format!("reset:{}", throttle::account_key(email.as_str()));
    let by_client = format!("reset:{}", throttle::address_key(client));
    throttle::check(&state.db, &[by_email.clone(), by_client.clone()]).await?;
    // Every request counts, known address or not, so asking reveals nothing.
    throttle::record_failure(&state.db, &by_email, EMAIL_LIMIT).await?;
    throttle::record_failure(&state.db, &by_client, CLIENT_LIMIT).await?;

    let txn = crate::db::begin_write(&state.db).await?;
    let Some(account) = find_by_email(&txn, email.as_str())
        .await?
        .filter(|u| u.active)
    else {
        txn.commit().await?;
        tracing::info!("password reset asked for an unknown address");
        return Ok(false);
    };
    let token = crypto::random_token();
    let reset = password_reset::ActiveModel {
        user_id: Set(account.id),
        token_hash: Set(crypto::token_hash(&token)),
        created_at: Set(now),
        expires_at: Set(now + Duration::minutes(RESET_MINUTES)),
        used_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let url = format!("{}{}", state.mail.public_url, reset_path(&token));
    let notice = NewNotice {
        cohort_id: None,
        recipient: account.email.clone(),
        recipient_name: account.name.clone(),
        kind: "password_reset",
        locale,
        dedupe_key: format!("password_reset:{}", reset.id),
        context: json!({"name": account.name, "reset_url": url, "valid_minutes": RESET_MINUTES}),
        calendar: None,
    };
    enqueue(&txn, &state.mail, notice).await?;
    audit::record(
        &txn,
        Some(account.id),
        "password.reset_requested",
        "user",
        account.id,
        json!({}),
    )
    .await?;
    txn.commit().await?;
    state.mail.wake();
    tracing::info!(user_id = account.id, "password reset mailed");
    Ok(true)
}

/// The reset behind a link's token, if it can still be used at `now`.
pub async fn usable(
    state: &AppState,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<Result<password_reset::Model, LinkRefusal>> {
    let Some(reset) = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(crypto::token_hash(token)))
        .one(&state.db)
        .await?
    else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    Ok(match reset_usable(reset.expires_at, reset.used_at, now) {
        Ok(()) => Ok(reset),
        Err(r) => Err(LinkRefusal::Refused(r)),
    })
}

/// Sets a new password through a reset link: the same rules as anywhere
/// (field errors, both fields reported together), the link used up, every
/// session and remembered device of the account ended.
pub async fn complete(
    state: &AppState,
    token: &str,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> AppResult<Result<user::Model, LinkRefusal>> {
    let reset = match usable(state, token, now).await? {
        Ok(r) => r,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let mut errors = vec![];
    if let Err(m) = check_password_strength(password) {
        errors.push(FieldError::new("password", m));
    }
    if password != confirm {
        errors.push(FieldError::new(
            "password_confirm",
            Message::of("password_mismatch"),
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let owned = password.to_string();
    let hash = hashing(move || hash_password(&owned)).await??;

    let txn = crate::db::begin_write(&state.db).await?;
    // Used once: of two submissions at the same moment, one wins.
    let taken = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::Id.eq(reset.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .filter(password_reset::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if taken.rows_affected != 1 {
        return Ok(Err(LinkRefusal::Refused(ResetRefusal::Used)));
    }
    let Some(account) = user::Entity::find_by_id(reset.user_id)
        .one(&txn)
        .await?
        .filter(|u| u.active)
    else {
        return Ok(Err(LinkRefusal::Unknown));
    };
    let mut changed: user::ActiveModel = account.clone().into();
    changed.password_hash = Set(hash);
    changed.updated_at = Set(now);
    let account = changed.update(&txn).await?;
    // Other links mailed earlier stop working too.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(Some(now)))
        .filter(password_reset::Column::UserId.eq(account.id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    devices::end_everything(&txn, account.id).await?;
    audit::record(
        &txn,
        Some(account.id),
        "password.reset",
        "user",
        account.id,
        json!({}),
    )
    .await?;
    txn.commit().await?;
    // The sign-in lock of the account lifts with its new password.
    throttle::clear(&state.db, &throttle::account_key(&account.email)).await?;
    tracing::info!(user_id = account.id, "password reset");
    Ok(Ok(account))
}
