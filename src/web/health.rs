//! Liveness and readiness.
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, routes};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::AppState;

/// Always 200 while the process serves requests.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "The service is up", example = json!({"status": "ok"}))))]
#[get("/health")]
pub fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// 200 only when the database answers.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, description = "Database reachable"), (status = 503, description = "Database unreachable")))]
#[get("/ready")]
pub async fn ready(state: &State<AppState>) -> (Status, Json<Value>) {
    let database = state.settings.database_kind();
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (
            Status::Ok,
            Json(json!({"status": "ready", "database": database})),
        ),
        Err(e) => {
            // A load balancer takes this instance out of rotation; the cause goes to the log.
            tracing::error!(error = %e, "readiness check: the database does not answer");
            (
                Status::ServiceUnavailable,
                Json(json!({"status": "unavailable", "database": database,
                            "error": "database_unavailable", "message": "the database does not answer"})),
            )
        }
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![health, ready]
}
