//! Staff accounts, managed by organizers (mentors get their accounts here).
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::domain::Message;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, Role};
use crate::web::api::accounts::sessions::UserView;
use crate::web::auth::Organizer;
use crate::web::body::Body;

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub role: String,
    pub email: String,
    pub name: String,
    pub password: String,
}

fn view(u: crate::entity::user::Model) -> UserView {
    UserView {
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
    }
}

/// Staff accounts.
#[utoipa::path(get, path = "/api/v1/users", tag = "auth",
    responses((status = 200, body = [UserView]), (status = 401), (status = 403)))]
#[get("/api/v1/users")]
pub async fn list(state: &State<AppState>, _org: Organizer) -> AppResult<Json<Vec<UserView>>> {
    let users = accounts::list_users(&state.db).await?;
    Ok(Json(users.into_iter().map(view).collect()))
}

/// Create a staff account (organizer or mentor).
#[utoipa::path(post, path = "/api/v1/users", tag = "auth", request_body = NewUser,
    responses((status = 201, body = UserView), (status = 409, description = "email_taken"), (status = 422)))]
#[post("/api/v1/users", data = "<body>")]
pub async fn create(
    state: &State<AppState>,
    org: Organizer,
    body: Body<NewUser>,
) -> AppResult<(Status, Json<UserView>)> {
    let b = body.0;
    let role =
        Role::parse(&b.role).ok_or_else(|| AppError::field("role", Message::of("role_invalid")))?;
    let user = accounts::create_user(&state.db, role, &b.email, &b.name, &b.password).await?;
    crate::service::audit::record(
        &state.db,
        Some(org.0.id),
        "user.create",
        "user",
        user.id,
        serde_json::json!({"role": user.role}),
    )
    .await?;
    Ok((Status::Created, Json(view(user))))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![list, create]
}
