//! The organizer's review page for a cohort: counts, the applications (IDs and
//! phones masked) filtered by status or words, decisions one by one or in
//! bulk, revealing one ID (audited), and the cohort's life-cycle buttons.
use std::collections::BTreeMap;

use rocket::form::{Form, FromForm};
use rocket::http::CookieJar;
use rocket::{State, get, post, routes};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::{self as rules, ApplicationStatus, CohortStatus};
use crate::domain::mask::mask_phone;
use crate::entity::application;
use crate::error::{AppError, AppResult};
use crate::service::{applications, cohorts, workshops};
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::links::urlencode;
use crate::web::pages::decisions::{DecisionForm, decide_all};
use crate::web::pages::forms::text;
use crate::web::pages::options::{status_label, statuses};
use crate::web::pages::public::cohort_words;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// Which applications the table shows.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub status: Option<ApplicationStatus>,
    pub words: String,
}

impl Filter {
    pub fn new(status: Option<&str>, words: Option<&str>) -> Self {
        Filter {
            status: status.and_then(|s| ApplicationStatus::parse(s.trim())),
            words: words.unwrap_or("").trim().chars().take(100).collect(),
        }
    }

    /// Whether an application matches: its status, and the words in its
    /// name, employer or reference (case ignored).
    pub fn matches(&self, a: &application::Model) -> bool {
        let status_ok = self.status.is_none_or(|s| s.as_str() == a.status);
        let words = self.words.to_lowercase();
        let words_ok = words.is_empty()
            || [&a.full_name, &a.employer, &a.reference]
                .iter()
                .any(|f| f.to_lowercase().contains(&words));
        status_ok && words_ok
    }

    fn query(&self) -> String {
        let mut parts = vec![];
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        if !self.words.is_empty() {
            parts.push(format!("q={}", urlencode(&self.words)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The button words for moving a cohort to `to` from `from`.
fn transition_label(from: CohortStatus, to: CohortStatus, english: bool) -> &'static str {
    use CohortStatus::*;
    match (to, from, english) {
        (Open, Closed, false) => "重新开放报名",
        (Open, Closed, true) => "Reopen applications",
        (Open, _, false) => "开放报名",
        (Open, _, true) => "Open applications",
        (Closed, _, false) => "截止报名",
        (Closed, _, true) => "Close applications",
        (Approved, _, false) => "确定录取名单",
        (Approved, _, true) => "Approve the roster",
        (Running, _, false) => "开班",
        (Running, _, true) => "Start the cohort",
        (Completed, _, false) => "结业",
        (Completed, _, true) => "Mark as completed",
        (Cancelled, _, false) => "取消本期",
        (Cancelled, _, true) => "Cancel this cohort",
        (Draft, _, false) => "草稿",
        (Draft, _, true) => "Draft",
    }
}

/// The moves the life cycle allows from `from`, as buttons.
pub fn transition_buttons(from: CohortStatus, english: bool) -> Vec<Value> {
    CohortStatus::ALL
        .into_iter()
        .filter(|to| rules::transition(from, *to).is_ok())
        .map(|to| json!({"to": to.as_str(), "label": transition_label(from, to, english), "danger": to == CohortStatus::Cancelled}))
        .collect()
}

/// A basis such as `certificate+experience` in a word or two, for a table cell.
pub fn basis_short(basis: &str, english: bool) -> String {
    basis
        .split('+')
        .map(|k| match (k, english) {
            ("certificate", false) => "证书",
            ("certificate", true) => "certificate",
            ("experience", false) => "年限",
            ("experience", true) => "years",
            (other, _) => other,
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn row(a: &application::Model, base: &PageBase, revealed: Option<&(i64, String)>) -> Value {
    json!({
        "id": a.id,
        "reference": a.reference,
        "full_name": a.full_name,
        "national_id": a.national_id_masked,
        "phone": mask_phone(&a.phone),
        "email": a.email,
        "employer": a.employer,
        "basis_short": basis_short(&a.eligibility_basis, base.english()),
        "status": a.status,
        "status_label": status_label(&a.status, base.locale),
        "waitlist_position": a.waitlist_position,
        "decision_note": a.decision_note,
        "internal_note": a.internal_note,
        "revealed": revealed.filter(|(id, _)| *id == a.id).map(|(_, n)| n),
    })
}

/// The review page; `revealed` is one ID an organizer just asked to see.
async fn render(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    id: i64,
    filter: &Filter,
    revealed: Option<(i64, String)>,
) -> AppResult<Answer> {
    let c = cohorts::get(&state.db, id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let cohort_status = cohorts::status_of(&c)?;
    let all = applications::list(&state.db, id, None).await?;
    let mut counts: BTreeMap<&str, usize> = ApplicationStatus::ALL
        .iter()
        .map(|s| (s.as_str(), 0))
        .collect();
    for a in &all {
        *counts.entry(a.status.as_str()).or_default() += 1;
    }
    let rows: Vec<Value> = all
        .iter()
        .filter(|a| filter.matches(a))
        .map(|a| row(a, base, revealed.as_ref()))
        .collect();
    let ctx = base
        .ctx(Some(&org.0))
        .with(
            "cohort",
            cohort_words(&c, &w, base.locale, chrono::Utc::now()),
        )
        .with("counts", counts)
        .with("total", all.len())
        .with("rows", rows)
        .with("statuses", statuses(base.locale))
        .with(
            "filter_status",
            filter.status.map(|s| s.as_str()).unwrap_or(""),
        )
        .with("filter_q", &filter.words)
        .with("can_decide", rules::can_decide(cohort_status).is_ok())
        .with(
            "transitions",
            transition_buttons(cohort_status, base.english()),
        )
        .with("revealed", revealed.is_some());
    Ok(Answer::ok("pages/manage", ctx))
}

#[get("/cohorts/<id>/manage?<status>&<q>")]
pub async fn manage_page(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    status: Option<&str>,
    q: Option<&str>,
) -> Answer {
    render(state, &base, &org, id, &Filter::new(status, q), None)
        .await
        .unwrap_or_else(Answer::Fail)
}

#[post("/cohorts/<id>/manage/decisions", data = "<form>")]
pub async fn decisions(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    form: Form<DecisionForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return e.into();
    }
    let back = format!(
        "/cohorts/{id}/manage{}",
        Filter::new(form.filter_status.as_deref(), form.filter_q.as_deref()).query()
    );
    let Some((decision, ids)) = form.targets().filter(|(_, ids)| !ids.is_empty()) else {
        let msg = base.pick(
            "请先勾选要处理的报名，再点击按钮",
            "Tick the applications first, then press a button",
        );
        return go_with(
            back,
            flash_lines("error", &[("nothing_selected".into(), msg.into())]),
        );
    };
    match decide_all(
        state,
        &org,
        id,
        decision,
        &ids,
        (form.note.as_deref(), form.internal_note.as_deref()),
        base.english(),
    )
    .await
    {
        Ok(outcome) => {
            let kind = if outcome.failed.is_empty() {
                "success"
            } else {
                "warning"
            };
            go_with(
                back,
                flash_lines(kind, &outcome.lines(decision, base.english())),
            )
        }
        Err(e) => e.into(),
    }
}

#[derive(Debug, FromForm)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}

/// Shows one national ID in full, once; the reading is audited.
#[post("/cohorts/<id>/manage/reveal/<app_id>", data = "<form>")]
pub async fn reveal(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    app_id: i64,
    form: Form<CsrfForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return e.into();
    }
    let shown = async {
        let belongs = application::Entity::find_by_id(app_id)
            .one(&state.db)
            .await?
            .is_some_and(|a| a.cohort_id == id);
        if !belongs {
            return Err(AppError::NotFound);
        }
        let national_id = applications::reveal_id(state, org.0.id, app_id).await?;
        render(
            state,
            &base,
            &org,
            id,
            &Filter::default(),
            Some((app_id, national_id)),
        )
        .await
    };
    shown.await.unwrap_or_else(Answer::Fail)
}

#[derive(Debug, FromForm)]
pub struct TransitionForm {
    pub csrf: Option<String>,
    pub to: Option<String>,
    pub confirm: Option<String>,
}

#[post("/cohorts/<id>/manage/transition", data = "<form>")]
pub async fn transition(
    state: &State<AppState>,
    base: PageBase,
    cookies: &CookieJar<'_>,
    org: Organizer,
    id: i64,
    form: Form<TransitionForm>,
) -> Answer {
    if let Err(e) = csrf::verify(cookies, &text(&form.csrf)) {
        return e.into();
    }
    let back = format!("/cohorts/{id}/manage");
    let to = text(&form.to);
    if to == CohortStatus::Cancelled.as_str() && text(&form.confirm) != "yes" {
        let msg = base.pick(
            "取消本期前，请勾选“我确认取消本期”",
            "Tick “I confirm the cancellation” before cancelling the cohort",
        );
        return go_with(
            back,
            flash_lines("error", &[("confirm_required".into(), msg.into())]),
        );
    }
    // Completing with sessions still to come needs the same tick (they are cancelled).
    let confirmed = text(&form.confirm) == "yes";
    match cohorts::transition_confirmed(state, org.0.id, id, &to, confirmed).await {
        Ok(c) => {
            let label = cohorts::status_of(&c)
                .map(|s| s.label(base.locale).to_string())
                .unwrap_or_default();
            let msg = if base.english() {
                format!("The cohort is now {label}.")
            } else {
                format!("本期状态已变为“{label}”。")
            };
            go_with(back, flash_lines("success", &[("transition".into(), msg)]))
        }
        Err(e @ (AppError::Conflict { .. } | AppError::Validation(_))) => {
            let msg = match &e {
                AppError::Validation(f) => f
                    .first()
                    .map(|f| f.message.text(base.english()).to_string())
                    .unwrap_or_default(),
                _ => e.message().text(base.english()).to_string(),
            };
            go_with(
                back,
                flash_lines("error", &[(e.message().code.to_string(), msg)]),
            )
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![manage_page, decisions, reveal, transition]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_moves_the_life_cycle_allows_get_buttons() {
        let tos = |from| -> Vec<String> {
            transition_buttons(from, false)
                .iter()
                .map(|b| b["to"].as_str().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(tos(CohortStatus::Draft), ["open", "cancelled"]);
        assert_eq!(tos(CohortStatus::Closed), ["open", "approved", "cancelled"]);
        assert!(tos(CohortStatus::Completed).is_empty());
        assert_eq!(
            transition_buttons(CohortStatus::Closed, false)[0]["label"],
            "重新开放报名"
        );
    }

    #[test]
    fn the_basis_fits_a_table_cell() {
        assert_eq!(basis_short("certificate", false), "证书");
        assert_eq!(
            basis_short("certificate+experience", true),
            "certificate + years"
        );
    }
}
