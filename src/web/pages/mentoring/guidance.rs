//! Guidance log pages: the mentor's quick form on a participant (from the
//! mentee's card: chips to tap, photos straight from the camera) with the
//! log below it, and the organizer's page of every log of a cohort.
use rocket::http::{CookieJar, Status};
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::guidance::{CouponResult, Defect, Position};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::cohorts;
use crate::service::mentoring::guidance::{self, CouponInput, GuidanceInput, PhotoAddress};
use crate::service::mentoring::{
    self as mentoring, is_cohort_mentor, participant, require_roster_approved,
};
use crate::service::notify_mentoring::session_when;
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::{Organizer, SessionUser};
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::forms::shown;
use crate::web::pages::enrollment::options;
use crate::web::pages::mentoring::floor::process_labels;
use crate::web::pages::mentoring::guidance_view::{self, label};
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};
use crate::web::upload::{FORM_PHOTOS, Upload};

/// Materials welders name most, offered as suggestions (any text is taken).
const MATERIALS: &[&str] = &[
    "Q235B",
    "Q345R",
    "Q355B",
    "20#",
    "16MnR",
    "06Cr19Ni10",
    "12Cr1MoV",
];

fn chips(locale: Locale) -> (Vec<Value>, Vec<Value>, Vec<Value>) {
    let positions = Position::ALL
        .iter()
        .map(|p| json!({"value": p.iso(), "label": p.shown()}))
        .collect();
    let results = CouponResult::ALL
        .iter()
        .map(|r| json!({"value": r.as_str(), "label": label(locale, &format!("g_result_{}", r.as_str()))}))
        .collect();
    let defects = Defect::ALL
        .iter()
        .map(|d| json!({"value": d.code(), "label": label(locale, &format!("g_defect_{}", d.code()))}))
        .collect();
    (positions, results, defects)
}

/// An empty form: every key the template reads.
fn blank_form() -> Value {
    json!({"session_id": 0, "note": "", "process": "", "position": "", "material": "",
           "thickness_mm": "", "result": "", "defects": []})
}

/// What the form sent, kept when saving failed.
#[derive(Default)]
struct Typed {
    values: Value,
    errors: Vec<FieldError>,
}

async fn page_for(
    state: &AppState,
    base: &PageBase,
    user: &SessionUser,
    id: i64,
    typed: Option<Typed>,
    status: Status,
) -> AppResult<Answer> {
    let entries = guidance::list(&state.db, actor(user), id).await?;
    let p = participant(&state.db, id).await?;
    let c = cohorts::get(&state.db, p.cohort_id).await?;
    let can_record = user.role == crate::service::accounts::Role::Mentor
        && is_cohort_mentor(&state.db, c.id, user.id).await?
        && require_roster_approved(&c).is_ok();
    let sessions: Vec<Value> = mentoring::sessions::rows(&state.db, c.id)
        .await?
        .iter()
        .filter(|s| s.cancelled_at.is_none())
        .map(|s| json!({"id": s.id, "title": s.title, "when": session_when(base.locale, s)}))
        .collect();
    let typed = typed.unwrap_or_default();
    // Each defect's error goes to the defects' fieldset.
    let placed: Vec<FieldError> = typed
        .errors
        .iter()
        .map(|e| {
            let field = if e.field.starts_with("coupon.defects") {
                "coupon.defects".to_string()
            } else {
                e.field.clone()
            };
            FieldError::new(field, e.message.clone())
        })
        .collect();
    let (errors, error_list) = shown(&placed, base.english(), &[]);
    let (positions, results, defects) = chips(base.locale);
    let ctx = base
        .ctx(Some(user))
        .with(
            "participant",
            json!({"id": p.id, "name": p.full_name, "employer": p.employer,
                                    "processes": process_labels(&p.processes, base.locale)}),
        )
        .with("cohort", json!({"id": c.id, "name": c.name}))
        .with("sessions", sessions)
        .with("processes", options::processes(base.locale))
        .with("positions", positions)
        .with("results", results)
        .with("defects", defects)
        .with("materials", MATERIALS)
        .with(
            "typed",
            if typed.values.is_null() {
                blank_form()
            } else {
                typed.values
            },
        )
        .with("entries", guidance_view::entries(&entries, base.locale))
        .with("can_record", can_record)
        .with("errors", errors)
        .with("error_list", error_list);
    Ok(Answer::with_status(status, "mentoring/guidance", ctx))
}

#[get("/participants/<id>/guidance")]
pub async fn guidance_page(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
) -> Answer {
    page_for(state, &base, &user, id, None, Status::Ok)
        .await
        .unwrap_or_else(Answer::from)
}

fn input_of(form: &Upload<{ FORM_PHOTOS }>) -> GuidanceInput {
    let opt = |name: &str| {
        form.text(name)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let session_id = opt("session_id").map(|s| s.parse::<i64>().unwrap_or(-1));
    let coupon = CouponInput {
        process: opt("process"),
        position: opt("position"),
        material: opt("material"),
        thickness_mm: None,
        thickness_text: opt("thickness_mm"),
        result: opt("result"),
        defects: form.all("defects"),
    };
    GuidanceInput {
        session_id,
        note: form.text("note").unwrap_or_default().to_string(),
        coupon: Some(coupon),
    }
}

/// Saves an entry with its photos; a mistake re-shows the form as typed
/// (photos must be taken again: a browser cannot be handed files back).
#[post("/participants/<id>/guidance", data = "<form>")]
pub async fn guidance_submit(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    cookies: &CookieJar<'_>,
    id: i64,
    form: Result<Upload<{ FORM_PHOTOS }>, AppError>,
) -> AppResult<Answer> {
    // Who may record is settled before the body is judged.
    guidance::authorize_record(&state.db, actor(&user), id).await?;
    let form = match form {
        Ok(f) => f,
        Err(AppError::PayloadTooLarge) => {
            let typed = Typed {
                values: blank_form(),
                errors: vec![FieldError::new(
                    "photos",
                    crate::domain::Message::of("photos_too_large"),
                )],
            };
            return Ok(page_for(
                state,
                &base,
                &user,
                id,
                Some(typed),
                Status::PayloadTooLarge,
            )
            .await
            .unwrap_or_else(Answer::from));
        }
        Err(e) => return Err(e),
    };
    csrf::verify(cookies, form.text("csrf").unwrap_or_default())?;
    let input = input_of(&form);
    let photos = form.files_named("photos");
    Ok(
        match guidance::record(state, actor(&user), id, &input, photos).await {
            Ok(_) => go_with(
                crate::web::paths::guidance(id),
                flash_lines(
                    "success",
                    &[("saved".into(), label(base.locale, "g_saved"))],
                ),
            ),
            Err(AppError::Validation(errs)) => {
                let t = |name: &str| form.text(name).unwrap_or_default().to_string();
                let values = json!({
                    "session_id": input.session_id.unwrap_or_default(), "note": input.note,
                    "process": t("process"), "position": t("position"),
                    "material": t("material"), "thickness_mm": t("thickness_mm"),
                    "result": t("result"), "defects": form.all("defects"),
                });
                let typed = Typed {
                    values,
                    errors: errs,
                };
                page_for(
                    state,
                    &base,
                    &user,
                    id,
                    Some(typed),
                    Status::UnprocessableEntity,
                )
                .await
                .unwrap_or_else(Answer::from)
            }
            Err(e) => e.into(),
        },
    )
}

/// Every participant's log of a cohort, for its organizers.
#[get("/cohorts/<id>/mentoring/guidance")]
pub async fn cohort_log(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
) -> Answer {
    let build = async {
        let c = cohorts::get(&state.db, id).await?;
        let logs = guidance::of_cohort(&state.db, id, PhotoAddress::Staff).await?;
        let mentor_of = mentoring::pairing::mentor_of_each(&state.db, id).await?;
        let users = mentoring::users_by_id(&state.db, mentor_of.values().copied()).await?;
        let people: Vec<Value> = mentoring::participants(&state.db, id)
            .await?
            .iter()
            .map(|p| {
                let list = logs.get(&p.id).map(Vec::as_slice).unwrap_or_default();
                json!({"id": p.id, "name": p.full_name, "employer": p.employer,
                       "mentor": mentor_of.get(&p.id).and_then(|u| users.get(u)).map(|u| u.name.clone()),
                       "entries": guidance_view::entries(list, base.locale)})
            })
            .collect();
        AppResult::Ok(
            base.ctx(Some(&org.0))
                .with("cohort", json!({"id": c.id, "name": c.name}))
                .with("participants", people),
        )
    };
    match build.await {
        Ok(ctx) => Answer::ok("mentoring/cohort_guidance", ctx),
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![guidance_page, guidance_submit, cohort_log]
}
