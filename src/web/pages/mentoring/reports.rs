//! Reports on screen (the attendance matrix and the assessment results, with
//! their downloads), the printable certificates of a cohort, and the public
//! verification page of a certificate.
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{State, get, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::certificate::normalize_code;
use crate::error::AppResult;
use crate::i18n::fmt;
use crate::service::credentials;
use crate::service::mentoring::exports::{self, Table};
use crate::service::mentoring::{certificates, progress};
use crate::web::auth::{MaybeUser, Organizer};
use crate::web::pages::{Answer, PageBase};

fn table_json(t: &Table) -> Value {
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.display()).collect())
        .collect();
    json!({"title": t.title, "header": t.header, "rows": rows})
}

/// The attendance matrix and the assessment results, with downloads.
#[get("/cohorts/<id>/reports")]
pub async fn reports(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
) -> AppResult<Answer> {
    let report = progress::report(&state.db, id, Utc::now()).await?;
    let flagged: Vec<bool> = report.progress.iter().map(|p| p.flagged).collect();
    let apps = crate::service::applications::list(&state.db, id, None).await?;
    let charts = crate::web::pages::mentoring::charts::all(&report, &apps, base.locale, Utc::now());
    let ctx = base
        .ctx(Some(&org.0))
        .with("cohort", json!({"id": id, "name": report.cohort.name, "workshop_title": report.workshop.model.title}))
        .with("attendance", table_json(&exports::attendance_matrix(&report, base.locale, Utc::now())))
        .with("assessments", table_json(&exports::assessment_results(&report, base.locale)))
        .with("flagged", flagged)
        .with("charts", charts);
    Ok(Answer::ok("mentoring/reports", ctx))
}

/// Every certificate of a cohort with the full name, one A4 page each.
#[get("/cohorts/<id>/certificates/print")]
pub async fn print(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
) -> AppResult<Answer> {
    let all = certificates::of_cohort(&state.db, id).await?;
    let list: Vec<Value> = all
        .iter()
        .map(|c| {
            let v = certificates::view(state, c);
            json!({"holder": v.holder_name, "workshop_title": v.workshop_title, "cohort_name": v.cohort_name,
                   "completed_on": fmt::date(base.locale, v.completed_on),
                   "issued_on": fmt::date(base.locale, crate::domain::beijing_date(v.issued_at)),
                   "code": v.display_code, "qr": credentials::qr::data_uri(&v.verify_url),
                   "verify_url": v.verify_url, "revoked": c.revoked_at.is_some()})
        })
        .collect();
    Ok(Answer::ok(
        "mentoring/print",
        base.ctx(Some(&org.0))
            .with("certificates", list)
            .with("cohort_id", id),
    ))
}

/// The verification form; a submitted code goes to its page.
#[get("/verify?<code>")]
pub fn verify_form(
    base: PageBase,
    user: MaybeUser,
    code: Option<&str>,
) -> Result<Redirect, Answer> {
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => match normalize_code(c) {
            Some(code) => Ok(Redirect::to(crate::web::paths::verify(&code))),
            None => Err(not_found_form(&base, user, c)),
        },
        None => Err(Answer::ok(
            "mentoring/verify_form",
            base.ctx(user.0.as_ref()),
        )),
    }
}

/// The form again with the code as typed, saying what to check: a mistyped
/// code is not a dead end.
fn not_found_form(base: &PageBase, user: MaybeUser, typed: &str) -> Answer {
    let typed: String = typed.chars().take(40).collect();
    Answer::with_status(
        rocket::http::Status::NotFound,
        "mentoring/verify_form",
        base.ctx(user.0.as_ref())
            .with("code", typed)
            .with("not_found", true),
    )
}

/// A certificate's public page: the name partly masked; printable on A4.
#[get("/verify/<code>")]
pub async fn verify(
    state: &State<AppState>,
    base: PageBase,
    user: MaybeUser,
    code: &str,
) -> Answer {
    match certificates::verify(state, code).await {
        Ok(c) => {
            let cert = json!({"holder": c.holder, "workshop_title": c.workshop_title, "cohort_name": c.cohort_name,
                              "completed_on": fmt::date(base.locale, c.completed_on),
                              "issued_on": fmt::date(base.locale, c.issued_on), "code": c.display_code,
                              "raw_code": c.code, "revoked": !c.valid,
                              "revoked_on": c.revoked_at.map(|t| fmt::date(base.locale, crate::domain::beijing_date(t))),
                              "revoked_reason": c.revoked_reason, "signed": c.credential.is_some()});
            let organizer = user
                .0
                .as_ref()
                .is_some_and(|u| u.role == crate::service::accounts::Role::Organizer);
            Answer::ok(
                "mentoring/verify",
                base.ctx(user.0.as_ref())
                    .with("certificate", cert)
                    .with("can_revoke", organizer && c.valid),
            )
        }
        Err(crate::error::AppError::NotFound) => not_found_form(&base, user, code),
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![reports, print, verify_form, verify]
}
