//! The way back for an applicant who lost their status link: a form for
//! their ID number and mobile number; the same "sent" page whether or not
//! anything matched.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};
use serde_json::json;

use crate::AppState;
use crate::error::{AppError, FieldError};
use crate::service::applications;
use crate::web::auth::{ClientAddr, MaybeUser};
use crate::web::csrf;
use crate::web::pages::enrollment::apply::stale_form;
use crate::web::pages::enrollment::forms::{shown, text};
use crate::web::pages::{Answer, PageBase};

const ORDER: [&str; 3] = ["national_id", "phone", "csrf"];

fn form_page(
    base: &PageBase,
    user: MaybeUser,
    values: (&str, &str),
    errors: &[FieldError],
    status: Status,
) -> Answer {
    let (error_map, error_list) = shown(errors, base.english(), &ORDER);
    let ctx = base
        .ctx(user.0.as_ref())
        .with("v", json!({"national_id": values.0, "phone": values.1}))
        .with("errors", error_map)
        .with("error_list", error_list)
        .with("sent", false);
    Answer::with_status(status, "pages/recover", ctx)
}

#[get("/applications/recover")]
pub async fn recover_page(base: PageBase, user: MaybeUser) -> Answer {
    form_page(&base, user, ("", ""), &[], Status::Ok)
}

#[derive(Debug, FromForm)]
pub struct RecoverForm {
    pub csrf: Option<String>,
    pub national_id: Option<String>,
    pub phone: Option<String>,
}

#[post("/applications/recover", data = "<form>")]
pub async fn recover_submit(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    client: ClientAddr,
    user: MaybeUser,
    form: crate::web::input::CheckedForm<RecoverForm>,
) -> Answer {
    let (id, phone) = (text(&form.national_id), text(&form.phone));
    if csrf::verify(cookies, &text(&form.csrf)).is_err() {
        let refused = [FieldError::new("csrf", stale_form())];
        return form_page(&base, user, (&id, &phone), &refused, Status::Forbidden);
    }
    match applications::recover::recover(state, &client.0, &id, &phone, Utc::now()).await {
        Ok(_) => {
            let ctx = base.ctx(user.0.as_ref()).with("sent", true);
            Answer::ok("pages/recover", ctx)
        }
        Err(AppError::Validation(errors)) => form_page(
            &base,
            user,
            (&id, &phone),
            &errors,
            Status::UnprocessableEntity,
        ),
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![recover_page, recover_submit]
}
