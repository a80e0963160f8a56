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
    let mut v = applications::applicant_view(app, &c, &w);
    let selection = crate::service::selection::applicant_extras(&state.db, app).await?;
    let offer_expires_text = (app.status == ApplicationStatus::Offered.as_str())
        .then_some(app.offer_expires_at)
        .flatten()
        .map(|t| fmt::datetime(locale, t));
    if let (Value::Object(map), Value::Object(more)) = (&mut v, selection) {
        map.extend(more);
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
    let next_zh = match status {
        ApplicationStatus::Pending => "您符合报名条件，主办方正在审核，结果会通过电子邮件通知您。",
        ApplicationStatus::Admitted => {
            "恭喜，您已被录取。名单确定后，我们会把开班安排发到您的邮箱。"
        }
        ApplicationStatus::Waitlisted if full => {
            "名额已满，您在候补名单上。有人撤回时，按候补顺序依次递补，并通知您。"
        }
        ApplicationStatus::Waitlisted => {
            "您在候补名单上。主办方按候补顺序依次递补，有结果时通知您。"
        }
        ApplicationStatus::Rejected => "很抱歉，您这次未被录取。",
        ApplicationStatus::Withdrawn => "您已撤回本次报名。",
        ApplicationStatus::Offered => {
            "您获得了一个名额，请在确认期限前接受或放弃；逾期未确认，名额将顺延给下一位候补。"
        }
        ApplicationStatus::Declined => "您已放弃（或逾期未确认）本期名额。",
    };
    let next_en = match status {
        ApplicationStatus::Pending => {
            "You meet the entry requirements. The organizers are reviewing applications and will email you the result."
        }
        ApplicationStatus::Admitted => {
            "Congratulations, you have a place. Once the roster is final we will email you the schedule."
        }
        ApplicationStatus::Waitlisted if full => {
            "All places are taken and you are on the waiting list. When someone withdraws, the next on the list gets the place and is told."
        }
        ApplicationStatus::Waitlisted => {
            "You are on the waiting list. The organizers offer places in waiting-list order and will tell you."
        }
        ApplicationStatus::Rejected => "Sorry, you were not admitted this time.",
        ApplicationStatus::Withdrawn => "You have withdrawn this application.",
        ApplicationStatus::Offered => {
            "You have been offered a place. Accept or decline it before the deadline; if you do not answer in time, it goes to the next on the waiting list."
        }
        ApplicationStatus::Declined => "You declined this place, or the time to accept it passed.",
    };
    let extra = json!({
        "status_label": status_label(&app.status, locale),
        "next_text": base.pick(next_zh, next_en),
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
        let missing = (!reference.is_empty() || !token.is_empty()).then(|| {
            base.pick(
                "请同时填写报名编号和查询码",
                "Enter both the reference and the access code",
            )
        });
        let status = if missing.is_some() {
            Status::UnprocessableEntity
        } else {
            Status::Ok
        };
        return lookup_page(&base, user, reference, missing, status);
    }
    match applications::by_reference(&state.db, &state.keys, reference, token).await {
        Ok(app) => Answer::go(status_path(&app.reference, token)),
        Err(AppError::NotFound) => {
            let msg = base.pick(
                "找不到这条报名记录，请检查报名编号和查询码是否与报名时保存的一致",
                "No application matches; check the reference and the access code you saved when you applied",
            );
            lookup_page(&base, user, reference, Some(msg), Status::NotFound)
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
            let msg = base.pick("您已撤回报名。", "Your application has been withdrawn.");
            go_with(
                status_path(&app.reference, &token),
                flash_lines("success", &[("withdrawn".into(), msg.into())]),
            )
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![lookup, status_page, withdraw_page, withdraw_submit]
}
