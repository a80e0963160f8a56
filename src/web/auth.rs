//! Who is signed in. Guards build on each other: a signed-in user, then an
//! organizer or a mentor. Sessions live in the database (any instance can serve
//! any request); the browser holds a private cookie with a random token.
use rocket::form::FromForm;
use rocket::http::{Cookie, CookieJar, Method, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};

use crate::AppState;
use crate::domain::Message;
use crate::error::{AppError, AppResult};
use crate::service::accounts::{self, Role, devices};
use crate::service::throttle;
use crate::web::remember_error;
use crate::web::respond::is_api;

pub const SESSION_COOKIE: &str = "gj_session";
/// The remembered device's token ("keep me signed in for 30 days").
pub const DEVICE_COOKIE: &str = "gj_device";

pub use crate::web::session::SessionUser;

/// Whether a cookie-authenticated write comes from another site (`Origin` or
/// `Sec-Fetch-Site` say so). Clients that send neither are served.
pub fn is_cross_site(req: &Request<'_>) -> bool {
    if let Some(site) = req.headers().get_one("Sec-Fetch-Site") {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = req.headers().get_one("Origin") else {
        return false;
    };
    let origin_host = host_of(origin);
    let host = req.headers().get_one("Host").map(str::trim);
    let public = req
        .rocket()
        .state::<AppState>()
        .map(|s| host_of(&s.settings.public_url).to_string());
    let same = |h: &str| !h.is_empty() && origin_host.eq_ignore_ascii_case(h);
    !(host.is_some_and(same) || public.as_deref().is_some_and(same))
}

/// `host[:port]` of a URL or origin.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    rest.split('/').next().unwrap_or("")
}

async fn load_user(req: &Request<'_>) -> Result<SessionUser, AppError> {
    let Some(state) = req.rocket().state::<AppState>() else {
        return Err(AppError::Internal("application state missing".into()));
    };
    let session = req
        .cookies()
        .get_private(SESSION_COOKIE)
        .map(|c| c.value().to_string());
    let found = match &session {
        Some(token) => accounts::session_user(&state.db, token)
            .await?
            .map(|u| (u, token.clone())),
        None => None,
    };
    let found = match found {
        Some(f) => Some(f),
        None => resume_from_device(state, req.cookies()).await?,
    };
    let Some((user, token)) = found else {
        return Err(AppError::unauthorized());
    };
    let Some(role) = Role::parse(&user.role) else {
        return Err(AppError::forbidden());
    };
    let unsafe_method = !matches!(req.method(), Method::Get | Method::Head | Method::Options);
    if unsafe_method && is_api(req) && is_cross_site(req) {
        return Err(AppError::Forbidden(Message::of("cross_site")));
    }
    Ok(SessionUser {
        id: user.id,
        email: user.email,
        name: user.name,
        role,
        token,
    })
}

/// A remembered device whose short session has run out starts a new one
/// (and its cookie); a revoked or expired device starts nothing.
async fn resume_from_device(
    state: &AppState,
    cookies: &CookieJar<'_>,
) -> AppResult<Option<(crate::entity::user::Model, String)>> {
    let Some(device_token) = cookies
        .get_private(DEVICE_COOKIE)
        .map(|c| c.value().to_string())
    else {
        return Ok(None);
    };
    let now = chrono::Utc::now();
    let Some((device, user)) = devices::resume(&state.db, &device_token, now).await? else {
        return Ok(None);
    };
    let token = accounts::start_session_on(
        &state.db,
        user.id,
        state.settings.session_hours,
        Some(device.id),
    )
    .await?;
    cookies.add_private(session_cookie(state, token.clone()));
    tracing::info!(
        user_id = user.id,
        device_id = device.id,
        "signed in again from a remembered device"
    );
    Ok(Some((user, token)))
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SessionUser {
    type Error = AppError;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let result = req
            .local_cache_async(async { load_user(req).await.map_err(|e| e.to_string()) })
            .await;
        match result {
            Ok(u) => Outcome::Success(u.clone()),
            Err(_) => {
                // Re-run to get the typed error (cheap: the failure paths do no hashing).
                let err = load_user(req)
                    .await
                    .err()
                    .unwrap_or_else(AppError::unauthorized);
                remember_error(req, err.clone());
                Outcome::Error((err.status(), err))
            }
        }
    }
}

/// A signed-in user, or nobody (pages that show more to staff).
pub struct MaybeUser(pub Option<SessionUser>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for MaybeUser {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let r = req
            .local_cache_async(async { load_user(req).await.map_err(|e| e.to_string()) })
            .await;
        Outcome::Success(MaybeUser(r.as_ref().ok().cloned()))
    }
}

macro_rules! role_guard {
    ($name:ident, $role:expr) => {
        pub struct $name(pub SessionUser);

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name {
            type Error = AppError;

            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
                match SessionUser::from_request(req).await {
                    Outcome::Success(u) if u.role == $role => Outcome::Success($name(u)),
                    Outcome::Success(_) => {
                        let err = AppError::forbidden();
                        remember_error(req, err.clone());
                        Outcome::Error((Status::Forbidden, err))
                    }
                    Outcome::Error(e) => Outcome::Error(e),
                    Outcome::Forward(f) => Outcome::Forward(f),
                }
            }
        }
    };
}

role_guard!(Organizer, Role::Organizer);
role_guard!(Mentor, Role::Mentor);

/// Staff: organizers and mentors alike.
pub type Staff = SessionUser;

pub fn session_cookie(state: &AppState, token: String) -> Cookie<'static> {
    // With its own expiry: a private cookie otherwise gets Rocket's default
    // of a week, which would disagree with Max-Age.
    let hours = i64::from(state.settings.session_hours);
    lasting_cookie(state, SESSION_COOKIE, token, hours)
}

/// A cookie that lasts `hours`: HttpOnly, SameSite=Lax, `Secure` under an
/// https public URL.
fn lasting_cookie(
    state: &AppState,
    name: &'static str,
    value: String,
    hours: i64,
) -> Cookie<'static> {
    Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies())
        .path("/")
        .max_age(rocket::time::Duration::hours(hours))
        .expires(rocket::time::OffsetDateTime::now_utc() + rocket::time::Duration::hours(hours))
        .build()
}

/// The client's `User-Agent`, for naming a remembered device.
pub struct UserAgent(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for UserAgent {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ua = req.headers().get_one("User-Agent").unwrap_or("");
        Outcome::Success(UserAgent(ua.chars().take(512).collect()))
    }
}

/// The shared sign-in: throttle check, password check, session (from a
/// remembered device when `remember` says so).
pub async fn sign_in(
    state: &AppState,
    cookies: &CookieJar<'_>,
    (client, user_agent): (&str, &str),
    email: &str,
    password: &str,
    remember: bool,
) -> AppResult<crate::entity::user::Model> {
    let account = throttle::account_key(email);
    let address = throttle::address_key(client);
    throttle::check(&state.db, &[account.clone(), address.clone()]).await?;
    match accounts::authenticate(&state.db, email, password).await {
        Ok(user) => {
            throttle::clear(&state.db, &account).await?;
            // A browser remembered before for someone else is forgotten.
            forget_device(state, cookies).await?;
            let device = if remember {
                let now = chrono::Utc::now();
                let (id, token) = devices::remember(&state.db, user.id, user_agent, now).await?;
                let hours = crate::domain::account::DEVICE_DAYS * 24;
                cookies.add_private(lasting_cookie(state, DEVICE_COOKIE, token, hours));
                Some(id)
            } else {
                None
            };
            let token = accounts::start_session_on(
                &state.db,
                user.id,
                state.settings.session_hours,
                device,
            )
            .await?;
            cookies.add_private(session_cookie(state, token));
            tracing::info!(user_id = user.id, "signed in");
            Ok(user)
        }
        // Busy hashing is not a wrong password: nothing is counted.
        Err(e @ AppError::TooManyRequests { .. }) => Err(e),
        Err(e) => {
            throttle::record_failure(&state.db, &account, throttle::ACCOUNT_LIMIT).await?;
            throttle::record_failure(&state.db, &address, throttle::ADDRESS_LIMIT).await?;
            Err(e)
        }
    }
}

pub use crate::web::client::ClientAddr;

/// Signing out ends the session and forgets the device, on the server and
/// in the browser.
pub async fn end(state: &AppState, cookies: &CookieJar<'_>) -> AppResult<()> {
    if let Some(c) = cookies.get_private(SESSION_COOKIE) {
        accounts::end_session(&state.db, c.value()).await?;
    }
    cookies.remove_private(Cookie::build(SESSION_COOKIE).path("/"));
    forget_device(state, cookies).await
}

async fn forget_device(state: &AppState, cookies: &CookieJar<'_>) -> AppResult<()> {
    if let Some(c) = cookies.get_private(DEVICE_COOKIE) {
        devices::forget(&state.db, c.value()).await?;
        cookies.remove_private(Cookie::build(DEVICE_COOKIE).path("/"));
    }
    Ok(())
}

/// Only local paths are followed after sign-in (no open redirect).
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(crate::web::return_path::same_site)
        .unwrap_or_else(|| "/dashboard".to_string())
}

/// A page answer with `Retry-After` when the sign-in is throttled.
pub struct WithRetryAfter<R>(pub R, pub Option<u64>);

impl<'r, 'o: 'r, R: rocket::response::Responder<'r, 'o>> rocket::response::Responder<'r, 'o>
    for WithRetryAfter<R>
{
    fn respond_to(self, req: &'r Request<'_>) -> rocket::response::Result<'o> {
        let mut res = self.0.respond_to(req)?;
        if let Some(secs) = self.1 {
            res.set_header(rocket::http::Header::new("Retry-After", secs.to_string()));
        }
        Ok(res)
    }
}

#[derive(FromForm)]
pub struct CsrfOnly<'r> {
    pub csrf: &'r str,
}
