//! Selection pages: the public draw page (commitment before, seed and result
//! after, with how to recompute it), the organizer's run-the-draw button and
//! result download, the selection page (offers outstanding, nomination codes
//! per employer, printable), and the applicant's answer to an offer.
use rocket::form::FromForm;
use rocket::http::ContentType;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::error::AppResult;
use crate::i18n::{fmt, t};
use crate::links::status_path;
use crate::service::mentoring::exports::{Cell, Table};
use crate::service::nominations::{self, NominationInput};
use crate::service::{applications, cohorts, selection};
use crate::web::api::mentoring::records::Download;
use crate::web::auth::{MaybeUser, Organizer};
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::forms::text;
use crate::web::pages::enrollment::public::visible_cohort;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// A few lines anyone can run to recompute a draw from its public result.
const PYTHON_CHECK: &str = r#"import hashlib, json, urllib.request
d = json.load(urllib.request.urlopen(URL))
h = lambda s: hashlib.sha256(s.encode()).hexdigest()
assert h(d["seed"]) == d["commitment"]
for r in d["results"]:
    assert r["ticket"] == h(d["seed"] + ":" + r["reference"])
order = sorted(d["results"], key=lambda r: (r["tier"], r["ticket"]))
assert [r["rank"] for r in order] == list(range(1, len(order) + 1))"#;

/// Back to `to` with a one-line success message.
fn done(to: String, code: &str, message: &str) -> Answer {
    go_with(to, flash_lines("success", &[(code.into(), message.into())]))
}

fn is_organizer(user: &MaybeUser) -> bool {
    user.0
        .as_ref()
        .is_some_and(|u| u.role == crate::service::accounts::Role::Organizer)
}

#[get("/cohorts/<id>/draw")]
pub async fn draw_page(
    state: &State<AppState>,
    base: PageBase,
    origin: crate::web::pages::enrollment::status::SiteOrigin,
    user: MaybeUser,
    id: i64,
) -> AppResult<Answer> {
    let (c, w) = visible_cohort(state, id, &user.0).await?;
    let result = match c.drawn_at {
        Some(_) => Some(crate::web::page::as_json(
            selection::draw_result(&state.db, id).await?,
        )),
        None => None,
    };
    let counts = result.as_ref().map(|r| {
        let lines = r["results"].as_array().cloned().unwrap_or_default();
        let offered = lines.iter().filter(|l| l["outcome"] == "offered").count();
        json!({"offered": offered, "waitlisted": lines.len() - offered, "entrants": lines.len()})
    });
    let can_run = is_organizer(&user)
        && c.drawn_at.is_none()
        && c.status == CohortStatus::Closed.as_str()
        && c.selection_mode == "draw";
    let api_url = format!("{}/api/v1/cohorts/{id}/draw", origin.0);
    let ctx = base
        .ctx(user.0.as_ref())
        .with(
            "cohort",
            json!({"id": c.id, "name": c.name, "workshop_title": w.model.title,
            "commitment": c.draw_commitment, "selection_text": selection::of(&c).describe_in(base.locale),
            "drawn_text": c.drawn_at.map(|t| fmt::datetime(base.locale, t))}),
        )
        .with("result", result)
        .with("counts", counts)
        .with("can_run", can_run)
        .with("is_organizer", is_organizer(&user))
        .with(
            "python",
            PYTHON_CHECK.replace("URL", &format!("\"{api_url}\"")),
        );
    Ok(Answer::ok("pages/draw", ctx))
}

#[derive(Debug, FromForm)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

#[post("/cohorts/<id>/draw", data = "<_form>")]
pub async fn draw_submit(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    _form: csrf::CsrfForm<CsrfOnly>,
) -> Answer {
    match selection::run_draw(state, org.0.id, id).await {
        Ok(_) => done(
            crate::web::paths::draw(id),
            "drawn",
            &base.t("page_the_draw_ran_the_result"),
        ),
        Err(e) => e.into(),
    }
}

fn result_table(result: &Value, locale: Locale) -> Table {
    let header = [
        "draw_col_rank",
        "draw_col_reference",
        "draw_col_tier",
        "draw_col_ticket",
        "draw_col_outcome",
    ];
    let rows = result["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            let outcome = t(
                locale,
                match r["outcome"].as_str() {
                    Some("offered") => "draw_outcome_offered",
                    _ => "draw_outcome_waitlisted",
                },
            );
            vec![
                Cell::Number(r["rank"].as_i64().unwrap_or(0)),
                Cell::Text(r["reference"].as_str().unwrap_or("").into()),
                Cell::Number(r["tier"].as_i64().unwrap_or(0)),
                Cell::Text(r["ticket"].as_str().unwrap_or("").into()),
                Cell::Text(outcome),
            ]
        })
        .collect();
    Table {
        title: t(locale, "draw_sheet_title"),
        header: header.iter().map(|k| t(locale, k)).collect(),
        rows,
    }
}

/// The draw's result as a spreadsheet: `draw.csv` or `draw.xlsx`.
#[get("/cohorts/<id>/draw/<file>")]
pub async fn draw_download(
    state: &State<AppState>,
    base: PageBase,
    _org: Organizer,
    id: i64,
    file: &str,
) -> AppResult<Download> {
    let result = crate::web::page::as_json(selection::draw_result(&state.db, id).await?);
    let table = result_table(&result, base.locale);
    let (bytes, content_type) = match file {
        "draw.csv" => (
            table.to_csv().into_bytes(),
            ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        ),
        "draw.xlsx" => (
            table.to_xlsx()?,
            ContentType::new(
                "application",
                "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ),
        _ => return Err(crate::error::AppError::NotFound),
    };
    Ok(Download {
        bytes,
        content_type,
        filename: format!("cohort-{id}-{file}"),
    })
}

/// The organizer's selection page: offers outstanding with their deadlines,
/// and the nomination codes per employer (printable).
#[get("/cohorts/<id>/selection")]
pub async fn selection_page(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
) -> Answer {
    let page = async {
        let c = cohorts::get(&state.db, id).await?;
        let offers: Vec<Value> = applications::list(
            &state.db,
            id,
            Some(ApplicationStatus::Offered),
        )
        .await?
        .iter()
        .map(|a| {
            json!({"reference": a.reference, "full_name": a.full_name, "employer": a.employer,
                       "expires_text": a.offer_expires_at.map(|t| fmt::datetime(base.locale, t))})
        })
        .collect();
        let codes = nominations::list(&state.db, id).await?;
        let refused = crate::service::refusals::summary(&state.db, id).await?;
        Ok::<_, crate::error::AppError>(
            base.ctx(Some(&org.0))
                .with("cohort", json!({"id": c.id, "name": c.name, "selection_text": selection::of(&c).describe_in(base.locale)}))
                .with("offers", offers)
                .with("employers", nominations::per_employer(&codes))
                .with("refused", refused),
        )
    };
    match page.await {
        Ok(ctx) => Answer::ok("pages/selection", ctx),
        Err(e) => e.into(),
    }
}

#[derive(Debug, FromForm)]
pub struct NominationForm {
    pub csrf: Option<String>,
    pub employer: Option<String>,
    pub seats: Option<String>,
}

#[post("/cohorts/<id>/selection/nominations", data = "<form>")]
pub async fn nominations_submit(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<NominationForm>,
) -> Answer {
    let input = NominationInput {
        employer: text(&form.employer),
        seats: text(&form.seats).parse().unwrap_or(0),
    };
    match nominations::issue(&state.db, org.0.id, id, &input).await {
        Ok(_) => done(
            crate::web::paths::selection(id),
            "issued",
            &base.t("page_codes_issued"),
        ),
        Err(crate::error::AppError::Validation(fields)) => {
            let lines: Vec<(String, String)> = fields
                .iter()
                .map(|f| (f.field.clone(), f.message.text(base.english()).to_string()))
                .collect();
            go_with(
                crate::web::paths::selection(id),
                flash_lines("error", &lines),
            )
        }
        Err(e) => e.into(),
    }
}

#[derive(Debug, FromForm)]
pub struct OfferForm {
    pub csrf: Option<String>,
    pub token: Option<String>,
}

async fn answer_offer(
    state: &AppState,
    base: &PageBase,
    reference: &str,
    form: &OfferForm,
    accept: bool,
) -> Answer {
    let token = text(&form.token);
    let answered = if accept {
        selection::accept(state, reference, &token).await
    } else {
        selection::decline(state, reference, &token).await
    };
    match answered {
        Ok(app) => {
            let msg = if accept {
                base.t("offer_accepted")
            } else {
                base.t("offer_declined")
            };
            done(status_path(&app.reference, &token), "offer", &msg)
        }
        Err(e) => e.into(),
    }
}

#[post("/applications/<reference>/accept", data = "<form>")]
pub async fn accept_submit(
    state: &State<AppState>,
    base: PageBase,
    reference: &str,
    form: csrf::CsrfForm<OfferForm>,
) -> Answer {
    answer_offer(state, &base, reference, &form, true).await
}

#[post("/applications/<reference>/decline", data = "<form>")]
pub async fn decline_submit(
    state: &State<AppState>,
    base: PageBase,
    reference: &str,
    form: csrf::CsrfForm<OfferForm>,
) -> Answer {
    answer_offer(state, &base, reference, &form, false).await
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        draw_page,
        draw_submit,
        draw_download,
        selection_page,
        nominations_submit,
        accept_submit,
        decline_submit
    ]
}
