//! Liveness and readiness.
use rocket::serde::json::Json;
use rocket::{State, get, routes};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{AppError, AppResult};

/// Always 200 while the process serves requests.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "The service is up", example = json!({"status": "ok"}))))]
#[get("/health")]
pub fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// 200 only when the database answers.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, description = "Database reachable"), (status = 500, description = "Database unreachable")))]
#[get("/ready")]
pub async fn ready(state: &State<AppState>) -> AppResult<Json<Value>> {
    state
        .db
        .execute_unprepared("SELECT 1")
        .await
        .map_err(|e| AppError::Internal(format!("readiness: {e}")))?;
    Ok(Json(
        json!({"status": "ready", "database": state.settings.database_kind()}),
    ))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![health, ready]
}
