//! Opting out of announcements: every announcement carries a
//! `List-Unsubscribe` link (RFC 2369, one-click per RFC 8058) made for its
//! recipient's application; following it stops the cohort's announcements
//! to them. Notices about their own application and sessions still come.
use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::AppState;
use crate::entity::{announcement_opt_out, application};
use crate::error::{AppError, AppResult};
use crate::service::audit;

const PURPOSE: &str = "announcement-unsubscribe";

/// The unsubscribe address for the person behind an application.
pub fn url(state: &AppState, application_id: i64) -> String {
    format!(
        "{}/unsubscribe/{}",
        state.settings.public_url.trim_end_matches('/'),
        state.keys.capability(PURPOSE, 'a', application_id)
    )
}

/// The application a token was made for, or 404.
pub async fn check(state: &AppState, token: &str) -> AppResult<application::Model> {
    let Some(('a', id)) = state.keys.open_capability(PURPOSE, token) else {
        return Err(AppError::NotFound);
    };
    application::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Records the opt-out (doing it twice changes nothing) with an audit record.
pub async fn opt_out(state: &AppState, token: &str) -> AppResult<application::Model> {
    let app = check(state, token).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let inserted = announcement_opt_out::Entity::insert(announcement_opt_out::ActiveModel {
        application_id: Set(app.id),
        created_at: Set(crate::mail::outbox::now()),
        ..Default::default()
    })
    .on_conflict_do_nothing_on([announcement_opt_out::Column::ApplicationId])
    .exec_without_returning(&txn)
    .await?;
    if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        audit::record(
            &txn,
            None,
            "announcement.opt_out",
            "application",
            app.id,
            json!({"cohort_id": app.cohort_id}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(app)
}

/// The applications of a cohort that opted out of announcements.
pub async fn opted_out<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<HashSet<i64>> {
    let ids: Vec<i64> = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(announcement_opt_out::Entity::find()
        .filter(announcement_opt_out::Column::ApplicationId.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| o.application_id)
        .collect())
}
