//! Liveness and readiness.
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, routes};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;

/// `{"status": "ok"}` while the process serves requests.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Whether the database answers, and which kind it is.
#[derive(Debug, Serialize, ToSchema)]
pub struct Readiness {
    /// `sqlite` or `postgres`
    pub database: &'static str,
    /// `database_unavailable` when it does not answer (503 only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'static str>,
    /// `ready` or `unavailable`
    pub status: &'static str,
}

/// Always 200 while the process serves requests.
#[utoipa::path(get, path = "/health", tag = "operations",
    responses((status = 200, description = "The service is up", body = Health)))]
#[get("/health")]
pub fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// 200 only when the database answers.
#[utoipa::path(get, path = "/ready", tag = "operations",
    responses((status = 200, description = "Database reachable", body = Readiness),
              (status = 503, description = "Database unreachable", body = Readiness)))]
#[get("/ready")]
pub async fn ready(state: &State<AppState>) -> (Status, Json<Readiness>) {
    let database = state.settings.database_kind();
    match state.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (
            Status::Ok,
            Json(Readiness {
                database,
                error: None,
                message: None,
                status: "ready",
            }),
        ),
        Err(e) => {
            // A load balancer takes this instance out of rotation; the cause goes to the log.
            tracing::error!(error = %e, "readiness check: the database does not answer");
            (
                Status::ServiceUnavailable,
                Json(Readiness {
                    database,
                    error: Some("database_unavailable"),
                    message: Some("the database does not answer"),
                    status: "unavailable",
                }),
            )
        }
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![health, ready]
}
