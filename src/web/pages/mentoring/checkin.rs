//! Self check-in pages: the mentor's full-screen QR, which renews itself, and
//! the participant's phone page reached from it. A participant who opened
//! their status page on this phone is remembered by a private (encrypted,
//! signed) cookie and checks in with one tap; anyone else gives the reference
//! and the token of their status link.
use rocket::form::FromForm;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::time::Duration as CookieAge;
use rocket::{State, get, post, routes};
use serde_json::json;

use crate::AppState;
use crate::domain::Message;
use crate::domain::attendance::AttendanceStatus;
use crate::entity::application;
use crate::error::{AppError, AppResult};
use crate::service::applications;
use crate::service::credentials::qr;
use crate::service::mentoring::checkin::{self};
use crate::service::mentoring::{self as mentoring, sessions};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::{MaybeUser, SessionUser};
use crate::web::csrf;
use crate::web::pages::enrollment::status::SiteOrigin;
use crate::web::pages::mentoring::floor::kind_label;
use crate::web::pages::{Answer, PageBase};

/// The private cookie naming the participant this phone belongs to.
pub const PARTICIPANT_COOKIE: &str = "gj_participant";

/// Remembers on this phone whose status page was opened (for one-tap check-in).
pub fn remember_participant(cookies: &CookieJar<'_>, participant_id: i64) {
    let cookie = Cookie::build((PARTICIPANT_COOKIE, participant_id.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(CookieAge::days(180));
    cookies.add_private(cookie);
}

/// The participant this phone remembers, if still admitted.
async fn remembered(
    state: &AppState,
    cookies: &CookieJar<'_>,
) -> AppResult<Option<application::Model>> {
    let Some(id) = cookies
        .get_private(PARTICIPANT_COOKIE)
        .and_then(|c| c.value().parse::<i64>().ok())
    else {
        return Ok(None);
    };
    match mentoring::participant(&state.db, id).await {
        Ok(p) => Ok(Some(p)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The session in the words of the check-in pages.
async fn session_facts(state: &AppState, base: &PageBase, id: i64) -> AppResult<serde_json::Value> {
    let s = sessions::get(&state.db, id).await?;
    Ok(json!({
        "id": s.id, "title": s.title, "kind": kind_label(&s.kind, base.locale),
        "when": crate::service::notify_mentoring::session_when(base.locale, &s), "venue": s.venue,
    }))
}

/// The mentor's full-screen QR: the check-in link with the current code,
/// renewed by the page itself when the code changes.
#[get("/sessions/<id>/checkin-qr")]
pub async fn qr_page(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    origin: SiteOrigin,
    id: i64,
) -> AppResult<Answer> {
    let now = state.clock.now();
    let found = match checkin::code(&state.db, actor(&user), id, &origin.0, now).await {
        Ok(code) => session_facts(state, &base, id).await.map(|s| (code, s)),
        Err(e) => Err(e),
    };
    let (code, session) = found?;
    // Our own SVG of our own link; nothing the user typed is in it.
    let svg = qr::svg(&code.url).unwrap_or_default();
    let renew = (code.expires_at - now).num_seconds().clamp(1, 30) + 1;
    let ctx = base
        .ctx(Some(&user))
        .with("session", session)
        .with("code", &code.code)
        .with("url", &code.url)
        .with("expires_at", code.expires_at.to_rfc3339())
        .with("renew_seconds", renew)
        .with("qr_svg", svg);
    Ok(Answer::ok("mentoring/checkin_qr", ctx))
}

/// What the check-in page shows: the session, who this phone is, and the outcome.
struct CheckinView<'a> {
    code: &'a str,
    reference: &'a str,
    error: Option<Message>,
    done: Option<AttendanceStatus>,
    status: Status,
}

async fn checkin_view(
    state: &AppState,
    base: &PageBase,
    user: &MaybeUser,
    cookies: &CookieJar<'_>,
    id: i64,
    view: CheckinView<'_>,
) -> Answer {
    let (session, me) = match (
        session_facts(state, base, id).await,
        remembered(state, cookies).await,
    ) {
        (Ok(s), Ok(me)) => (s, me),
        (Err(e), _) | (_, Err(e)) => return e.into(),
    };
    let pick = |m: &Message| m.text(base.english());
    let done = view.done.map(|s| {
        json!({"status": s.as_str(),
               "label": s.label(base.locale)})
    });
    let ctx = base
        .ctx(user.0.as_ref())
        .with("session", session)
        .with("code", view.code)
        .with("reference", view.reference)
        .with("me", me.map(|p| json!({"name": p.full_name})))
        .with("error", view.error.as_ref().map(pick))
        .with("done", done);
    Answer::with_status(view.status, "mentoring/checkin", ctx)
}

/// The page the QR opens on a participant's phone.
#[get("/sessions/<id>/checkin?<code>")]
pub async fn checkin_page(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    cookies: &CookieJar<'_>,
    id: i64,
    code: Option<&str>,
) -> Answer {
    let code = code.unwrap_or("").trim();
    let view = CheckinView {
        code,
        reference: "",
        error: None,
        done: None,
        status: Status::Ok,
    };
    checkin_view(state, &base, &user, cookies, id, view).await
}

#[derive(FromForm)]
pub struct CheckinForm<'r> {
    pub csrf: &'r str,
    pub code: Option<&'r str>,
    pub reference: Option<&'r str>,
    pub token: Option<&'r str>,
}

fn who_missing() -> AppError {
    AppError::Unprocessable(Message::of("participant_unknown"))
}

/// One tap: checks in the participant this phone remembers, or the one the
/// reference and token name (who is then remembered).
#[post("/sessions/<id>/checkin", data = "<form>")]
pub async fn checkin_submit(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    cookies: &CookieJar<'_>,
    id: i64,
    form: csrf::CsrfForm<CheckinForm<'_>>,
) -> Answer {
    let code = form.code.unwrap_or("").trim();
    let reference = form.reference.unwrap_or("").trim();
    let token = form.token.unwrap_or("").trim();
    let outcome = async {
        let p = if !reference.is_empty() && !token.is_empty() {
            let p = applications::by_reference(&state.db, &state.keys, reference, token).await?;
            remember_participant(cookies, p.id);
            p
        } else {
            remembered(state, cookies).await?.ok_or_else(who_missing)?
        };
        let now = state.clock.now();
        checkin::check_in(&state.db, &state.mail, id, &p, code, now).await
    }
    .await;
    let view = |error: Option<Message>, done, status| CheckinView {
        code,
        reference,
        error,
        done,
        status,
    };
    let answer = match outcome {
        Ok(o) => view(None, AttendanceStatus::parse(&o.status).ok(), Status::Ok),
        Err(AppError::NotFound) => view(
            Some(Message::keyed(
                "participant_unknown",
                "msg-participant_unknown-2",
            )),
            None,
            Status::NotFound,
        ),
        Err(AppError::Internal(e)) => return AppError::Internal(e).into(),
        Err(e) => view(Some(e.message()), None, e.status()),
    };
    checkin_view(state, &base, &user, cookies, id, answer).await
}

pub fn routes() -> Vec<rocket::Route> {
    routes![qr_page, checkin_page, checkin_submit]
}
