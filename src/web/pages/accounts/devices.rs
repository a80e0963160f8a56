//! "My devices": the browsers a staff member keeps signed in on, each with
//! a button that signs it out at once.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::{State, get, post, routes};
use serde_json::json;

use crate::AppState;
use crate::error::AppResult;
use crate::i18n::fmt;
use crate::service::accounts::devices;
use crate::web::auth::{DEVICE_COOKIE, SessionUser};
use crate::web::csrf;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

#[get("/account/devices")]
pub async fn devices_page(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    cookies: &CookieJar<'_>,
) -> Answer {
    let now = Utc::now();
    let this = match cookies.get_private(DEVICE_COOKIE) {
        Some(c) => devices::id_of(&state.db, c.value()).await,
        None => Ok(None),
    };
    let (list, this) = match (devices::list(&state.db, user.id, now).await, this) {
        (Ok(l), Ok(t)) => (l, t),
        (Err(e), _) | (_, Err(e)) => return e.into(),
    };
    let shown: Vec<_> = list
        .iter()
        .map(|d| {
            json!({"id": d.id, "label": d.label, "this": Some(d.id) == this,
                   "since": fmt::datetime(base.locale, d.created_at),
                   "last_used": fmt::datetime(base.locale, d.last_used_at),
                   "until": fmt::datetime(base.locale, d.expires_at)})
        })
        .collect();
    let ctx = base.ctx(Some(&user)).with("devices", shown);
    Answer::ok("account/devices", ctx)
}

#[derive(FromForm)]
pub struct RevokeForm {
    pub csrf: String,
}

#[post("/account/devices/<id>/revoke", data = "<form>")]
pub async fn revoke_submit(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
    form: csrf::CsrfForm<RevokeForm>,
) -> AppResult<Answer> {
    let _checked = form; // the token was checked by the guard
    devices::revoke(&state.db, user.id, id).await?;
    let text = crate::web::i18n::strings(base.locale)
        .get("device_revoked")
        .copied()
        .unwrap_or_default();
    let lines = [("device_revoked".to_string(), text.to_string())];
    Ok(go_with(
        "/account/devices".into(),
        flash_lines("success", &lines),
    ))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![devices_page, revoke_submit]
}
