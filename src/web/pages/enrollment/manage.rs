//! The organizer's review page for a cohort: counts by status, the
//! applications (IDs and phones masked) a page at a time, filtered, searched
//! and sorted, decisions one by one or in bulk after a confirmation with the
//! count, revealing one ID (audited), and the cohort's life-cycle buttons.
use rocket::form::FromForm;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::{self as rules, CohortStatus, Decision};
use crate::domain::mask::mask_phone;
use crate::entity::{application, cohort};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::service::applications::review::{self, Cursor, ReviewFilter, Selection, Sort};
use crate::service::applications::{self, staff};
use crate::service::{cohorts, workshops};
use crate::web::api::enrollment::applications::page_url;
use crate::web::auth::Organizer;
use crate::web::csrf;
use crate::web::pages::enrollment::decisions::{DecisionForm, Outcome, Scope};
use crate::web::pages::enrollment::forms::text;
use crate::web::pages::enrollment::options::{status_label, statuses};
use crate::web::pages::enrollment::public::cohort_words;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

/// What the table shows: a filter, a sort and where the page starts.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub filter: ReviewFilter,
    pub sort: Sort,
    pub cursor: Cursor,
}

impl Listing {
    pub fn parse(
        (status, q, tier, nominated): (Option<&str>, Option<&str>, Option<&str>, Option<&str>),
        sort: Option<&str>,
        after: Option<i64>,
        before: Option<i64>,
    ) -> AppResult<Listing> {
        Ok(Listing {
            filter: ReviewFilter::parse(status, q, tier, nominated)?,
            sort: Sort::from_query(sort)?,
            cursor: Cursor::from_query(after, before)?,
        })
    }

    fn url(&self, cohort_id: i64, cursor: Cursor) -> String {
        page_url(
            &crate::web::paths::manage(cohort_id),
            &self.filter,
            self.sort,
            None,
            cursor,
        )
    }
}

/// The button words for moving a cohort to `to` from `from`.
fn transition_label(from: CohortStatus, to: CohortStatus, english: bool) -> String {
    use CohortStatus::*;
    let key = match (to, from) {
        (Open, Closed) => "transition_reopen",
        (Open, _) => "transition_open",
        (Closed, _) => "transition_closed",
        (Approved, _) => "transition_approved",
        (Running, _) => "transition_running",
        (Completed, _) => "transition_completed",
        (Cancelled, _) => "transition_cancelled",
        (Draft, _) => "transition_draft",
    };
    crate::i18n::t(Locale::from_english(english), key)
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
    let locale = Locale::from_english(english);
    basis
        .split('+')
        .map(|k| match k {
            "certificate" | "experience" => crate::i18n::t(locale, &format!("basis_short_{k}")),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn row(
    a: &application::Model,
    c: &cohort::Model,
    base: &PageBase,
    revealed: Option<&(i64, String)>,
) -> Value {
    json!({
        "id": a.id,
        "reference": a.reference,
        "full_name": a.full_name,
        "national_id": a.national_id_masked,
        "phone": mask_phone(&a.phone),
        "email": a.email,
        "employer": a.employer,
        "nominated": a.nomination_id.is_some(),
        "years": staff::years_at_deadline(a, c),
        "submitted_at": crate::i18n::fmt::datetime(base.locale, a.created_at),
        "basis_short": basis_short(&a.eligibility_basis, base.english()),
        "status": a.status,
        "status_label": status_label(&a.status, base.locale),
        "waitlist_position": a.waitlist_position,
        "decision_note": a.decision_note,
        "internal_note": a.internal_note,
        "revealed": revealed.filter(|(id, _)| *id == a.id).map(|(_, n)| n),
    })
}

fn fill(s: &str, pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .fold(s.to_string(), |acc, (k, v)| acc.replace(k, v))
}

/// The review page; `revealed` is one ID an organizer just asked to see.
async fn render(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    id: i64,
    listing: &Listing,
    revealed: Option<(i64, String)>,
) -> AppResult<Answer> {
    let c = cohorts::get(&state.db, id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let cohort_status = cohorts::status_of(&c)?;
    let counts = review::counts(&state.db, id).await?;
    let total: u64 = counts.values().sum();
    let matching = review::count_matching(&state.db, id, &listing.filter, &counts).await?;
    let page = review::page(
        &state.db,
        id,
        &listing.filter,
        listing.sort,
        listing.cursor,
        review::PAGE_SIZE,
    )
    .await?;
    let rows: Vec<Value> = page
        .items
        .iter()
        .map(|a| row(a, &c, base, revealed.as_ref()))
        .collect();
    let t = crate::web::i18n::strings(base.locale);
    let word = |k: &str| t.get(k).copied().unwrap_or("").to_string();
    let n = |v: u64| v.to_string();
    let sorts: Vec<Value> = Sort::KEYS
        .iter()
        .flat_map(|k| [k.to_string(), format!("-{k}")])
        .map(|v| json!({"value": v, "label": word(&format!("rv_sort_{v}")), "selected": v == listing.sort.as_param()}))
        .collect();
    let f = &listing.filter;
    let ctx = base
        .ctx(Some(&org.0))
        .with(
            "cohort",
            cohort_words(&c, &w, base.locale, chrono::Utc::now()),
        )
        .with("counts", counts)
        .with("total", total)
        .with("matching", matching)
        .with("rows", rows)
        .with("statuses", statuses(base.locale))
        .with("filter_status", f.status.map(|s| s.as_str()).unwrap_or(""))
        .with("filter_q", &f.q)
        .with(
            "filter_tier",
            f.tier.map(|t| t.to_string()).unwrap_or_default(),
        )
        .with(
            "filter_nominated",
            match f.nominated {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            },
        )
        .with("filter_sort", listing.sort.as_param())
        .with("sorts", sorts)
        .with(
            "showing",
            fill(
                &word("rv_showing"),
                &[
                    ("{total}", n(matching)),
                    ("{count}", n(page.items.len() as u64)),
                ],
            ),
        )
        .with(
            "scope_page",
            fill(
                &word("rv_scope_page"),
                &[("{count}", n(page.items.len() as u64))],
            ),
        )
        .with(
            "scope_matching",
            fill(&word("rv_scope_matching"), &[("{count}", n(matching))]),
        )
        .with(
            "next_url",
            page.next.map(|n| listing.url(id, Cursor::After(n))),
        )
        .with(
            "prev_url",
            page.prev.map(|p| listing.url(id, Cursor::Before(p))),
        )
        .with(
            "first_url",
            (listing.cursor != Cursor::First).then(|| listing.url(id, Cursor::First)),
        )
        .with("can_decide", rules::can_decide(cohort_status).is_ok())
        .with(
            "transitions",
            transition_buttons(cohort_status, base.english()),
        )
        .with("revealed", revealed.is_some());
    Ok(Answer::ok("pages/manage", ctx))
}

#[allow(clippy::too_many_arguments)]
#[get("/cohorts/<id>/manage?<status>&<q>&<tier>&<nominated>&<sort>&<after>&<before>")]
pub async fn manage_page(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    status: Option<&str>,
    q: Option<&str>,
    tier: Option<&str>,
    nominated: Option<&str>,
    sort: Option<&str>,
    after: Option<i64>,
    before: Option<i64>,
) -> Answer {
    let shown = async {
        let listing = Listing::parse((status, q, tier, nominated), sort, after, before)?;
        render(state, &base, &org, id, &listing, None).await
    };
    shown.await.unwrap_or_else(Answer::Fail)
}

/// The listing a decisions form came from (an unreadable one: the first page).
fn listing_of(form: &DecisionForm) -> Listing {
    Listing::parse(
        (
            form.filter_status.as_deref(),
            form.filter_q.as_deref(),
            form.filter_tier.as_deref(),
            form.filter_nominated.as_deref(),
        ),
        form.filter_sort.as_deref(),
        None,
        None,
    )
    .unwrap_or_default()
}

/// A row's button decides one application at once; a button under the table
/// first shows how many it is for ("Waitlist N and send the notices") and changes
/// and mails nothing until that is confirmed.
#[post("/cohorts/<id>/manage/decisions", data = "<form>")]
pub async fn decisions(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<DecisionForm>,
) -> Answer {
    let listing = listing_of(&form);
    let back = listing.url(id, Cursor::First);
    let nothing = || {
        let msg = base.t("review_tick_the_applications_first_then");
        go_with(
            back.clone(),
            flash_lines("error", &[("nothing_selected".into(), msg)]),
        )
    };
    let notes = (form.note.as_deref(), form.internal_note.as_deref());
    let (decision, sel, expected) = if let Some((decision, app_id)) = form.row_target() {
        (decision, Selection::Ids(vec![app_id]), None)
    } else {
        let Some((decision, scope)) = form.bulk_target() else {
            return nothing();
        };
        let sel = match scope {
            Scope::Ids(ids) if ids.is_empty() => return nothing(),
            Scope::Ids(ids) => Selection::Ids(ids),
            Scope::Matching => Selection::Matching {
                filter: listing.filter.clone(),
                up_to_id: form.up_to_id.unwrap_or(i64::MAX),
            },
        };
        if !form.confirmed() {
            return confirm(state, &base, &org, id, &form, decision, &sel)
                .await
                .unwrap_or_else(Answer::Fail);
        }
        (decision, sel, Some(form.expected_count.unwrap_or(0)))
    };
    match review::decide_bulk(state, org.0.id, id, &sel, decision, notes, expected).await {
        Ok(results) => {
            let outcome = Outcome::of(&results, base.english());
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

/// The confirmation of a bulk decision: the count, the words of the mail it
/// sends, and the same form again with `confirmed=yes`.
async fn confirm(
    state: &AppState,
    base: &PageBase,
    org: &Organizer,
    id: i64,
    form: &DecisionForm,
    decision: Decision,
    sel: &Selection,
) -> AppResult<Answer> {
    let c = cohorts::get(&state.db, id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let (sel, preview) = review::preview(&state.db, id, sel).await?;
    let (ids, scope) = match &sel {
        Selection::Ids(ids) => (ids.clone(), "selected"),
        Selection::Matching { .. } => (vec![], "matching"),
    };
    let listing = listing_of(form);
    let places_left = (c.capacity - c.admitted_count).max(0);
    let t = crate::web::i18n::strings(base.locale);
    let word = |k: &str| t.get(k).copied().unwrap_or("").to_string();
    let ctx = base
        .ctx(Some(&org.0))
        .with(
            "cohort",
            cohort_words(&c, &w, base.locale, chrono::Utc::now()),
        )
        .with(
            "question",
            crate::web::api::enrollment::applications::confirm_words(
                decision,
                base.locale,
                preview.count,
            ),
        )
        .with("count", preview.count)
        .with("decision", decision.as_str())
        .with("scope", scope)
        .with("ids", ids)
        .with("up_to_id", preview.up_to_id)
        .with("note", text(&form.note))
        .with("internal_note", text(&form.internal_note))
        .with(
            "capacity_line",
            (decision == Decision::Admit
                && u64::try_from(places_left).unwrap_or(0) < preview.count)
                .then(|| {
                    fill(
                        &word("rv_confirm_capacity"),
                        &[("{count}", places_left.to_string())],
                    )
                }),
        )
        .with(
            "filter_status",
            listing.filter.status.map(|s| s.as_str()).unwrap_or(""),
        )
        .with("filter_q", &listing.filter.q)
        .with(
            "filter_tier",
            listing
                .filter
                .tier
                .map(|t| t.to_string())
                .unwrap_or_default(),
        )
        .with("filter_nominated", text(&form.filter_nominated))
        .with("filter_sort", listing.sort.as_param())
        .with("back_url", listing.url(id, Cursor::First));
    Ok(Answer::ok("pages/manage_confirm", ctx))
}

#[derive(Debug, FromForm)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}

/// Shows one national ID in full, once; the reading is audited.
#[post("/cohorts/<id>/manage/reveal/<app_id>", data = "<_form>")]
pub async fn reveal(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
    _form: csrf::CsrfForm<CsrfForm>,
) -> Answer {
    let shown = async {
        review::of_cohort(&state.db, id, app_id).await?;
        let national_id = applications::reveal_id(state, org.0.id, app_id).await?;
        render(
            state,
            &base,
            &org,
            id,
            &Listing::default(),
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
    org: Organizer,
    id: i64,
    form: csrf::CsrfForm<TransitionForm>,
) -> Answer {
    let back = crate::web::paths::manage(id);
    let to = text(&form.to);
    if to == CohortStatus::Cancelled.as_str() && text(&form.confirm) != "yes" {
        let msg = base.t("review_tick_i_confirm_the_cancellation");
        return go_with(
            back,
            flash_lines("error", &[("confirm_required".into(), msg)]),
        );
    }
    // Completing with sessions still to come needs the same tick (they are cancelled).
    let confirmed = text(&form.confirm) == "yes";
    match cohorts::transition_confirmed(state, org.0.id, id, &to, confirmed).await {
        Ok(c) => {
            let label = cohorts::status_of(&c)
                .map(|s| s.label(base.locale).to_string())
                .unwrap_or_default();
            let msg = crate::i18n::text(base.locale, "review_cohort_now", &[("label", label)]);
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
