//! Workshops API (organizers).
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, put, routes};

use crate::AppState;
use crate::error::AppResult;
use crate::service::workshops::{self, WorkshopInput, WorkshopView};
use crate::web::auth::Organizer;
use crate::web::body::Body;

/// Create a workshop: title, trade, entry rules, rubric, completion rule.
#[utoipa::path(post, path = "/api/v1/workshops", tag = "workshops", request_body = WorkshopInput,
    responses((status = 201, description = "Created", body = WorkshopView), (status = 401), (status = 403),
              (status = 422, description = "validation, with fields")))]
#[post("/api/v1/workshops", data = "<body>")]
pub async fn create(
    state: &State<AppState>,
    org: Organizer,
    body: Body<WorkshopInput>,
) -> AppResult<(Status, Json<WorkshopView>)> {
    let w = workshops::create(&state.db, org.0.id, &body.0).await?;
    Ok((Status::Created, Json(w.view())))
}

/// Edit a workshop.
#[utoipa::path(put, path = "/api/v1/workshops/{id}", tag = "workshops", request_body = WorkshopInput,
    params(("id" = i64, Path)), responses((status = 200, body = WorkshopView), (status = 404), (status = 422)))]
#[put("/api/v1/workshops/<id>", data = "<body>")]
pub async fn update(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<WorkshopInput>,
) -> AppResult<Json<WorkshopView>> {
    let w = workshops::update(&state.db, org.0.id, id, &body.0).await?;
    Ok(Json(w.view()))
}

/// All workshops.
#[utoipa::path(get, path = "/api/v1/workshops", tag = "workshops", responses((status = 200, body = [WorkshopView])))]
#[get("/api/v1/workshops")]
pub async fn list(state: &State<AppState>) -> AppResult<Json<Vec<WorkshopView>>> {
    Ok(Json(
        workshops::list(&state.db)
            .await?
            .iter()
            .map(|w| w.view())
            .collect(),
    ))
}

/// One workshop.
#[utoipa::path(get, path = "/api/v1/workshops/{id}", tag = "workshops", params(("id" = i64, Path)),
    responses((status = 200, body = WorkshopView), (status = 404)))]
#[get("/api/v1/workshops/<id>")]
pub async fn get(state: &State<AppState>, id: i64) -> AppResult<Json<WorkshopView>> {
    Ok(Json(workshops::get(&state.db, id).await?.view()))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![create, update, list, get]
}
