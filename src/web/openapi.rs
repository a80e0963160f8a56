//! The OpenAPI 3 document of the JSON API, at `/api/openapi.json`.
use rocket::serde::json::Json;
use rocket::{get, routes};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "gongjiang (工匠) API", version = "1",
         description = "Vocational training cohorts from application to completion certificate."),
    paths(
        crate::web::health::health,
        crate::web::health::ready,
        crate::web::auth::api_login,
        crate::web::auth::api_logout,
        crate::web::auth::api_me,
        crate::web::users::list,
        crate::web::users::create,
    ),
    components(schemas(crate::web::auth::LoginRequest, crate::web::auth::UserView, crate::web::users::NewUser)),
    tags((name = "auth", description = "Staff sign-in"), (name = "operations", description = "Health"))
)]
pub struct ApiDoc;

#[get("/api/openapi.json")]
pub fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn routes() -> Vec<rocket::Route> {
    routes![openapi_json]
}
