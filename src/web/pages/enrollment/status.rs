//! The applicant's pages: the status of an application (by reference and the
//! token shown once at submission), a look-up form, and withdrawal with a
//! confirmation step.
use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::{CookieJar, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::beijing_date;
use crate::domain::cohort::{self as rules, ApplicationStatus};
use crate::entity::application;
use crate::error::{AppError, AppResult};
use crate::i18n::fmt;
use crate::service::applications;
use crate::service::calendar::{self, Feed};
use crate::service::{cohorts, workshops};
use crate::web::auth::MaybeUser;
use crate::web::csrf;
use crate::web::pages::enrollment::forms::text;
use crate::web::pages::enrollment::options::status_label;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// `scheme://host` as the reader reached us, for links they should keep.
pub struct SiteOrigin(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for SiteOrigin {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let public = req
            .rocket()
            .state::<AppState>()
            .map(|s| s.settings.public_url.trim_end_matches('/').to_string())
            .unwrap_or_default();
        let scheme = if public.starts_with("https://") {
            "https"
        } else {
            "http"
        };
        let origin = match req.host() {
            Some(host) => format!("{scheme}://{host}"),
            None => public,
        };
        Outcome::Success(SiteOrigin(origin))
    }
}

use crate::links::status_path;

/// The application in the reader's words, with what they may do next.
async fn status_words(
    state: &AppState,
    base: &PageBase,
    app: &application::Model,
) -> AppResult<Value> {
    let locale = base.locale;
    let c = cohorts::get(&state.db, app.cohort_id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let selection = crate::service::selection::applicant_extras(&state.db, app).await?;
    let mut v = crate::web::page::as_json(applications::applicant_view(app, &c, &w, selection));
    let offer_expires_text = (app.status == ApplicationStatus::Offered.as_str())
        .then_some(app.offer_expires_at)
        .flatten()
        .map(|t| fmt::datetime(locale, t));
    if let Value::Object(map) = &mut v {
        map.insert("offer_expires_text".into(), json!(offer_expires_text));
    }
    let status = applications::status_of(app)?;
    let now = Utc::now();
    let can_withdraw = rules::can_withdraw(
        status,
        cohorts::status_of(&c)?,
        beijing_date(now),
        c.starts_on,
    )
    .is_ok();
    // "Full" only when it is: a waitlist with free places says so plainly.
    let full = c.admitted_count >= c.capacity;
    let next_key = match status {
        ApplicationStatus::Waitlisted if full => "status_next_waitlisted_full",
        ApplicationStatus::Pending => "status_next_pending",
        ApplicationStatus::Admitted => "status_next_admitted",
        ApplicationStatus::Waitlisted => "status_next_waitlisted",
        ApplicationStatus::Rejected => "status_next_rejected",
        ApplicationStatus::Withdrawn => "status_next_withdrawn",
        ApplicationStatus::Offered => "status_next_offered",
        ApplicationStatus::Declined => "status_next_declined",
    };
    let extra = json!({
        "status_label": status_label(&app.status, locale),
        "next_text": base.t(next_key),
        "basis_text": applications::basis_text(&app.eligibility_basis, base.english()),
        "submitted_text": fmt::datetime(locale, app.created_at),
        "withdrawn_text": app.withdrawn_at.map(|t| fmt::datetime(locale, t)),
        "starts_text": fmt::date(locale, c.starts_on),
        "ends_text": fmt::date(locale, c.ends_on),
        "cohort_status_label": cohorts::status_of(&c).map(|s| s.label(base.locale).to_string())?,
        "can_withdraw": can_withdraw,
        "calendar": (status == ApplicationStatus::Admitted).then(|| {
            let feed = calendar::feed_urls(state, Feed::Participant(app.id));
            json!({"webcal": feed.webcal, "https": feed.https})
        }),
    });
    if let (Value::Object(map), Value::Object(more)) = (&mut v, extra) {
        map.extend(more);
    }
    Ok(v)
}

fn lookup_page(
    base: &PageBase,
    user: MaybeUser,
    reference: &str,
    error: Option<&str>,
    status: Status,
) -> Answer {
    let ctx = base
        .ctx(user.0.as_ref())
        .with("reference", reference)
        .with("lookup_error", error);
    Answer::with_status(status, "pages/lookup", ctx)
}

/// The look-up form; with both answers it goes to the status page.
#[get("/applications?<reference>&<token>")]
pub async fn lookup(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    reference: Option<&str>,
    token: Option<&str>,
) -> Answer {
    let reference = reference.map(str::trim).unwrap_or("");
    let token = token.map(str::trim).unwrap_or("");
    if reference.is_empty() || token.is_empty() {
        let missing = (!reference.is_empty() || !token.is_empty())
            .then(|| base.t("status_enter_both_the_reference_and"));
        let status = if missing.is_some() {
            Status::UnprocessableEntity
        } else {
            Status::Ok
        };
        return lookup_page(&base, user, reference, missing.as_deref(), status);
    }
    match applications::by_reference(&state.db, &state.keys, reference, token).await {
        Ok(app) => Answer::go(status_path(&app.reference, token)),
        Err(AppError::NotFound) => {
            let msg = base.t("status_no_application_matches_check_the");
            lookup_page(&base, user, reference, Some(&msg), Status::NotFound)
        }
        Err(e) => e.into(),
    }
}

/// The status page. Without a token it asks for one; a wrong token is 404.
#[get("/applications/<reference>?<token>&<new>")]
#[allow(clippy::too_many_arguments)] // a handler's guards
pub async fn status_page(
    state: &State<AppState>,
    base: PageBase,
    origin: SiteOrigin,
    user: MaybeUser,
    cookies: &CookieJar<'_>,
    reference: &str,
    token: Option<&str>,
    new: Option<&str>,
) -> AppResult<Answer> {
    let Some(token) = token.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(lookup_page(&base, user, reference, None, Status::Ok));
    };
    let found = match applications::by_reference(&state.db, &state.keys, reference, token).await {
        Ok(app) => status_words(state, &base, &app)
            .await
            .map(|words| (words, app.id)),
        Err(e) => Err(e),
    };
    let (app, participant_id) = found?;
    // This phone is theirs: the session's QR then checks them in with one tap.
    crate::web::pages::mentoring::checkin::remember_participant(cookies, participant_id);
    // The holder downloads their signed credential from here.
    let certificate = crate::service::credentials::of_participant(&state.db, participant_id)
        .await?
        .map(|c| json!({"code": c.code, "revoked": c.revoked_at.is_some()}));
    // The mentor's guidance log, photos opened through this same link.
    let guidance = match crate::service::mentoring::guidance::of_applicant(
        &state.db,
        &state.keys,
        reference,
        token,
    )
    .await
    {
        Ok(list) => crate::web::pages::mentoring::guidance_view::entries(&list, base.locale),
        Err(e) => return Err(e),
    };
    let link = format!("{}{}", origin.0, status_path(reference, token));
    let ctx = base
        .ctx(user.0.as_ref())
        .with("app", app)
        .with("token", token)
        .with("is_new", new == Some("1"))
        .with("certificate", certificate)
        .with("guidance_entries", guidance)
        .with("save_link", link);
    Ok(Answer::ok("pages/status", ctx))
}

/// Asks the applicant to confirm before withdrawing.
#[get("/applications/<reference>/withdraw?<token>")]
pub async fn withdraw_page(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    reference: &str,
    token: Option<&str>,
) -> Answer {
    let token = token.unwrap_or("").trim();
    let found = match applications::by_reference(&state.db, &state.keys, reference, token).await {
        Ok(app) => status_words(state, &base, &app).await,
        Err(e) => Err(e),
    };
    match found {
        Ok(app) => Answer::ok(
            "pages/withdraw",
            base.ctx(user.0.as_ref())
                .with("app", app)
                .with("token", token),
        ),
        Err(e) => e.into(),
    }
}

#[derive(Debug, FromForm)]
pub struct WithdrawForm {
    pub csrf: Option<String>,
    pub token: Option<String>,
}

#[post("/applications/<reference>/withdraw", data = "<form>")]
pub async fn withdraw_submit(
    state: &State<AppState>,
    base: PageBase,
    reference: &str,
    form: csrf::CsrfForm<WithdrawForm>,
) -> Answer {
    let token = text(&form.token);
    match applications::withdraw(state, reference, &token, Utc::now()).await {
        Ok(app) => {
            let msg = base.t("status_your_application_has_been_withdrawn");
            go_with(
                status_path(&app.reference, &token),
                flash_lines("success", &[("withdrawn".into(), msg)]),
            )
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![lookup, status_page, withdraw_page, withdraw_submit]
}
