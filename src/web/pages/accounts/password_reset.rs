//! "Forgot your password?": a form for the sign-in email (the same "sent"
//! page whether or not an account has it), and the mailed link's page that
//! sets a new password. A forged, used or expired link gets a page that says
//! which, with a way to ask again.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::json;

use crate::AppState;
use crate::domain::account::ResetRefusal;
use crate::error::{AppError, FieldError};
use crate::service::accounts::reset::{self, LinkRefusal};
use crate::web::auth::ClientAddr;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::{shown, text};
use crate::web::pages::{Answer, PageBase};

fn forgot_form(base: &PageBase, email: &str, errors: &[FieldError], status: Status) -> Answer {
    let (error_map, error_list) = shown(errors, base.english(), &["email", "csrf"]);
    let ctx = base
        .ctx(None)
        .with("email", email)
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("sent", false);
    Answer::with_status(status, "account/forgot", ctx)
}

#[get("/password/forgot")]
pub fn forgot_page(base: PageBase) -> Answer {
    forgot_form(&base, "", &[], Status::Ok)
}

#[derive(FromForm)]
pub struct ForgotForm {
    pub csrf: Option<String>,
    pub email: Option<String>,
}

#[post("/password/forgot", data = "<form>")]
pub async fn forgot_submit(
    state: &State<AppState>,
    base: PageBase,
    client: ClientAddr,
    form: csrf::CsrfForm<ForgotForm>,
) -> Answer {
    let email = text(&form.email);
    match reset::request(state, &client.0, &email, base.locale, Utc::now()).await {
        Ok(_) => Answer::ok("account/forgot", base.ctx(None).with("sent", true)),
        Err(AppError::Validation(errors)) => {
            forgot_form(&base, &email, &errors, Status::UnprocessableEntity)
        }
        Err(e) => e.into(),
    }
}

/// The page for a link that cannot be used: 404 for one never issued, 410
/// for one used or expired.
fn refused(base: &PageBase, why: LinkRefusal) -> Answer {
    let (status, key) = match why {
        LinkRefusal::Unknown => (Status::NotFound, "reset_unknown"),
        LinkRefusal::Refused(ResetRefusal::Used) => (Status::Gone, "reset_used"),
        LinkRefusal::Refused(ResetRefusal::Expired) => (Status::Gone, "reset_expired"),
    };
    let ctx = base.ctx(None).with("reason", key).with("refused", true);
    Answer::with_status(status, "account/reset", ctx)
}

fn reset_form(base: &PageBase, token: &str, errors: &[FieldError], status: Status) -> Answer {
    let order = ["password", "password_confirm", "csrf"];
    let (error_map, error_list) = shown(errors, base.english(), &order);
    let ctx = base
        .ctx(None)
        .with("action", crate::links::reset_path(token))
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("refused", false)
        .with("done", false);
    Answer::with_status(status, "account/reset", ctx)
}

#[get("/password/reset/<token>")]
pub async fn reset_page(state: &State<AppState>, base: PageBase, token: &str) -> Answer {
    match reset::usable(state, token, Utc::now()).await {
        Ok(Ok(_)) => reset_form(&base, token, &[], Status::Ok),
        Ok(Err(why)) => refused(&base, why),
        Err(e) => e.into(),
    }
}

#[derive(FromForm)]
pub struct ResetForm {
    pub csrf: Option<String>,
    pub password: Option<String>,
    pub password_confirm: Option<String>,
}

#[post("/password/reset/<token>", data = "<form>")]
pub async fn reset_submit(
    state: &State<AppState>,
    base: PageBase,
    token: &str,
    form: csrf::CsrfForm<ResetForm>,
) -> Answer {
    // Passwords are taken as typed: spaces at either end are part of them.
    let password = form.password.clone().unwrap_or_default();
    let confirm = form.password_confirm.clone().unwrap_or_default();
    match reset::complete(state, token, &password, &confirm, Utc::now()).await {
        Ok(Ok(account)) => {
            let ctx = base
                .ctx(None)
                .with("done", true)
                .with("refused", false)
                .with("email", json!(account.email));
            Answer::ok("account/reset", ctx)
        }
        Ok(Err(why)) => refused(&base, why),
        Err(AppError::Validation(errors)) => {
            reset_form(&base, token, &errors, Status::UnprocessableEntity)
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![forgot_page, forgot_submit, reset_page, reset_submit]
}
