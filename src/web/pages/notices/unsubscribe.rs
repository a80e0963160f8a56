//! The unsubscribe link of announcements: a page that asks to confirm, and
//! the POST that mail apps send for one-click unsubscribe (RFC 8058). The
//! token in the address is the permission, so the POST needs no form token.
use rocket::{State, get, post, routes};

use crate::AppState;
use crate::error::AppResult;
use crate::service::cohorts;
use crate::service::unsubscribe as opt_outs;
use crate::web::pages::{Answer, PageBase};

/// Asks to confirm; 404 for a token the service did not make.
#[utoipa::path(get, path = "/unsubscribe/{token}", tag = "notices",
    params(("token" = String, Path, description = "From the announcement's List-Unsubscribe link")),
    responses((status = 200, description = "A page that asks to confirm"), (status = 404)))]
#[get("/unsubscribe/<token>")]
pub async fn confirm(state: &State<AppState>, base: PageBase, token: &str) -> AppResult<Answer> {
    page(state, base, token, false).await
}

/// Stops the cohort's announcements to this participant (twice is harmless).
#[utoipa::path(post, path = "/unsubscribe/{token}", tag = "notices",
    params(("token" = String, Path)),
    responses((status = 200, description = "Unsubscribed"), (status = 404)))]
#[post("/unsubscribe/<token>")]
pub async fn opt_out(state: &State<AppState>, base: PageBase, token: &str) -> AppResult<Answer> {
    opt_outs::opt_out(state, token).await?;
    page(state, base, token, true).await
}

async fn page(state: &AppState, base: PageBase, token: &str, done: bool) -> AppResult<Answer> {
    let app = opt_outs::check(state, token).await?;
    let cohort = cohorts::get(&state.db, app.cohort_id).await?.name;
    let ctx = base
        .ctx(None)
        .with("token", token)
        .with("cohort_name", cohort)
        .with("done", done);
    Ok(Answer::ok("pages/unsubscribe", ctx))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![confirm, opt_out]
}
