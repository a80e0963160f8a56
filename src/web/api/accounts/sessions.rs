//! Signing in and out through the API, and who is signed in.
use rocket::http::CookieJar;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::error::AppResult;
use crate::web::auth::{ClientAddr, SessionUser, UserAgent, end, sign_in};
use crate::web::body::Body;

#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Keep this client signed in for 30 days (a remembered device).
    #[serde(default)]
    pub remember: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
}

/// Sign in; the session cookie comes back with the answer.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, description = "Signed in", body = UserView),
              (status = 401, description = "Wrong email or password"),
              (status = 429, description = "Too many failures; see Retry-After")))]
#[post("/api/v1/auth/login", data = "<body>")]
pub async fn api_login(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
    client: ClientAddr,
    agent: UserAgent,
    body: Body<LoginRequest>,
) -> AppResult<Json<UserView>> {
    let b = &body.0;
    let who = (client.0.as_str(), agent.0.as_str());
    let user = sign_in(state, cookies, who, &b.email, &b.password, b.remember).await?;
    Ok(Json(UserView {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
    }))
}

/// `{"status": "signed_out"}`
#[derive(Debug, Serialize, ToSchema)]
pub struct SignedOut {
    #[schema(example = "signed_out")]
    pub status: &'static str,
}

/// End the session on the server and in the browser.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    responses((status = 200, description = "Signed out", body = SignedOut)))]
#[post("/api/v1/auth/logout")]
pub async fn api_logout(
    state: &State<AppState>,
    cookies: &CookieJar<'_>,
) -> AppResult<Json<SignedOut>> {
    end(state, cookies).await?;
    Ok(Json(SignedOut {
        status: "signed_out",
    }))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = UserView), (status = 401, description = "Not signed in")))]
#[get("/api/v1/auth/me")]
pub fn api_me(user: SessionUser) -> Json<UserView> {
    Json(UserView {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role.as_str().into(),
    })
}

pub fn routes() -> Vec<rocket::Route> {
    routes![api_login, api_logout, api_me]
}
