//! The way back for an applicant who lost their status link: their ID number
//! and mobile number mail fresh status links to the address on file. The
//! answer never says whether anything matched.
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

use crate::AppState;
use crate::domain::identity::{MobilePhone, NationalId};
use crate::entity::{application, cohort};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::{audit, notify, throttle, workshops};

/// Requests one ID number may make before it must wait.
pub const PERSON_LIMIT: i32 = 5;
/// Requests one client address may make (across ID numbers) before it must wait.
pub const ADDRESS_LIMIT: i32 = 20;

/// Mails a fresh status link for each application of the person with this
/// ID number and mobile number; returns how many were queued (0 when nothing
/// matched — the caller answers the same either way). Malformed numbers are
/// field errors, reported together; too many requests are 429.
pub async fn recover(
    state: &AppState,
    client: &str,
    national_id: &str,
    phone: &str,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let id = NationalId::parse(national_id).map_err(|m| FieldError::new("national_id", m));
    let phone = MobilePhone::parse(phone).map_err(|m| FieldError::new("phone", m));
    let (id, phone) = match (id, phone) {
        (Ok(id), Ok(phone)) => (id, phone),
        (id, phone) => {
            let errors = [id.err(), phone.err()].into_iter().flatten().collect();
            return Err(AppError::Validation(errors));
        }
    };
    let id_hash = state.keys.lookup_hash(id.as_str());
    let person = format!("recover:id:{id_hash}");
    let address = format!("recover:{}", throttle::address_key(client));
    throttle::check(&state.db, &[person.clone(), address.clone()]).await?;
    // Every request counts, matched or not, so guessing is as slow as asking.
    throttle::record_failure(&state.db, &person, PERSON_LIMIT).await?;
    throttle::record_failure(&state.db, &address, ADDRESS_LIMIT).await?;

    let txn = crate::db::begin_write(&state.db).await?;
    let matches = application::Entity::find()
        .filter(application::Column::NationalIdHmac.eq(id_hash))
        .filter(application::Column::Phone.eq(phone.as_str()))
        .order_by_asc(application::Column::Id)
        .all(&txn)
        .await?;
    for app in &matches {
        let c = cohort::Entity::find_by_id(app.cohort_id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let w = workshops::get(&txn, c.workshop_id).await?;
        notify::status_link(&txn, state, (&w, &c), app, now.timestamp_micros()).await?;
        audit::record(
            &txn,
            None,
            "application.recover",
            "application",
            app.id,
            json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    tracing::info!(matched = matches.len(), "status links requested");
    Ok(matches.len())
}
