//! Applications API: anyone applies; the applicant follows and withdraws with
//! the status token; organizers review within capacity.
use chrono::Utc;
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::Decision;
use crate::error::{AppError, AppResult};
use crate::service::applications::staff::ApplicationDetail;
use crate::service::applications::{
    self, ApplicantView, ApplicationRequest, StaffApplicationView, review,
};
use crate::service::{cohorts, throttle, workshops};
use crate::web::auth::Organizer;
use crate::web::body::Body;

/// The entry rules' verdict on an application that was taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct Eligibility {
    /// e.g. `certificate+experience`
    pub basis: String,
    /// Always true: an ineligible application is refused with 422.
    pub eligible: bool,
}

/// An application just taken, with the status token shown only this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct Applied {
    pub eligibility: Eligibility,
    pub id: i64,
    pub reference: String,
    /// `pending`
    pub status: String,
    pub status_token: String,
    /// The applicant's status page, token included.
    pub status_url: String,
}

/// Apply to a cohort. The verdict on the entry rules comes back at once.
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/applications", tag = "applications", request_body = ApplicationRequest,
    params(("id" = i64, Path)),
    responses((status = 201, body = Applied),
              (status = 404), (status = 409, description = "duplicate or cohort_not_open"),
              (status = 422, description = "ineligible (reasons) or validation (fields)"),
              (status = 429, description = "too many applications from this address; see Retry-After")))]
#[post("/api/v1/cohorts/<id>/applications", data = "<body>")]
pub async fn apply(
    state: &State<AppState>,
    client: crate::web::client::ClientAddr,
    id: i64,
    body: Body<ApplicationRequest>,
) -> AppResult<(Status, Json<Applied>)> {
    throttle::application(&state.db, &client.0, state.settings.application_limit).await?;
    let s = applications::submit(state, id, &body.0, Utc::now()).await?;
    Ok((
        Status::Created,
        Json(Applied {
            eligibility: Eligibility {
                basis: s.basis,
                eligible: true,
            },
            id: s.app.id,
            status_url: crate::links::status_path(&s.app.reference, &s.token),
            reference: s.app.reference,
            status: s.app.status,
            status_token: s.token,
        }),
    ))
}

pub async fn applicant_json(
    state: &AppState,
    app: &crate::entity::application::Model,
) -> AppResult<ApplicantView> {
    let c = cohorts::get(&state.db, app.cohort_id).await?;
    let w = workshops::get(&state.db, c.workshop_id).await?;
    let extras = crate::service::selection::applicant_extras(&state.db, app).await?;
    Ok(applications::applicant_view(app, &c, &w, extras))
}

/// The applicant's status, by reference and status token.
#[utoipa::path(get, path = "/api/v1/applications/{reference}", tag = "applications",
    params(("reference" = String, Path), ("token" = String, Query)),
    responses((status = 200, body = ApplicantView), (status = 404, description = "unknown reference or wrong token")))]
#[get("/api/v1/applications/<reference>?<token>", rank = 2)]
pub async fn status(
    state: &State<AppState>,
    reference: &str,
    token: Option<&str>,
) -> AppResult<Json<ApplicantView>> {
    let app =
        applications::by_reference(&state.db, &state.keys, reference, token.unwrap_or("")).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    pub token: String,
}

/// The applicant withdraws before the cohort starts.
#[utoipa::path(post, path = "/api/v1/applications/{reference}/withdraw", tag = "applications", request_body = TokenBody,
    params(("reference" = String, Path)),
    responses((status = 200, body = ApplicantView), (status = 404), (status = 409, description = "withdraw_too_late or withdraw_not_allowed")))]
#[post("/api/v1/applications/<reference>/withdraw", data = "<body>", rank = 2)]
pub async fn withdraw(
    state: &State<AppState>,
    reference: &str,
    body: Body<TokenBody>,
) -> AppResult<Json<ApplicantView>> {
    let app = applications::withdraw(state, reference, &body.0.token, Utc::now()).await?;
    Ok(Json(applicant_json(state, &app).await?))
}

/// A page of JSON with its `Link` (RFC 8288: `next`, `prev`) and
/// `X-Total-Count` (how many match the filter) headers.
pub struct Paged<T> {
    pub body: T,
    pub links: Vec<(String, &'static str)>,
    pub total: u64,
}

impl<'r, T: Serialize> rocket::response::Responder<'r, 'static> for Paged<T> {
    fn respond_to(self, req: &'r rocket::Request<'_>) -> rocket::response::Result<'static> {
        let mut r = rocket::Response::build_from(Json(self.body).respond_to(req)?);
        if !self.links.is_empty() {
            let link = self
                .links
                .iter()
                .map(|(url, rel)| format!("<{url}>; rel=\"{rel}\""))
                .collect::<Vec<_>>()
                .join(", ");
            r.header(rocket::http::Header::new("Link", link));
        }
        r.header(rocket::http::Header::new(
            "X-Total-Count",
            self.total.to_string(),
        ));
        r.ok()
    }
}

/// The address of a page of a list, keeping its filter and sort.
pub fn page_url(
    path: &str,
    filter: &review::ReviewFilter,
    sort: review::Sort,
    limit: Option<u64>,
    cursor: review::Cursor,
) -> String {
    let mut pairs = filter.pairs();
    if sort != review::Sort::default() {
        pairs.push(("sort", sort.as_param()));
    }
    if let Some(l) = limit {
        pairs.push(("limit", l.to_string()));
    }
    match cursor {
        review::Cursor::After(id) => pairs.push(("after", id.to_string())),
        review::Cursor::Before(id) => pairs.push(("before", id.to_string())),
        review::Cursor::First => {}
    }
    if pairs.is_empty() {
        return path.to_string();
    }
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", crate::links::urlencode(v)))
        .collect();
    format!("{path}?{}", q.join("&"))
}

/// A cohort's applications, one page at a time (IDs and phones masked).
/// The body is the page's applications; `Link` gives the `next` and `prev`
/// pages (keyset: a page starts after or before one application, so pages do
/// not shift as applications arrive) and `X-Total-Count` how many match.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/applications", tag = "applications",
    params(("id" = i64, Path),
           ("status" = Option<String>, Query, description = "pending, admitted, waitlisted, rejected, withdrawn, offered, …"),
           ("q" = Option<String>, Query, description = "the start of a name or employer, a whole reference, its number (6+ digits), or the last 4+ digits of a mobile number"),
           ("tier" = Option<i32>, Query, description = "draw tier: 1 nominated, 2 the others"),
           ("nominated" = Option<String>, Query, description = "yes or no"),
           ("sort" = Option<String>, Query, description = "submitted (default, oldest first), name, employer, years (most first); a leading - reverses"),
           ("after" = Option<i64>, Query, description = "the id of the last application of the previous page"),
           ("before" = Option<i64>, Query, description = "the id of the first application of the next page"),
           ("limit" = Option<u64>, Query, description = "1 to 200, default 50")),
    responses((status = 200, description = "the page, with headers Link (next, prev) and X-Total-Count", body = [StaffApplicationView]),
              (status = 401), (status = 403), (status = 404), (status = 422, description = "a filter, sort, cursor or limit it cannot read")))]
#[allow(clippy::too_many_arguments)]
#[get(
    "/api/v1/cohorts/<id>/applications?<status>&<q>&<tier>&<nominated>&<sort>&<after>&<before>&<limit>"
)]
pub async fn list(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
    status: Option<&str>,
    q: Option<&str>,
    tier: Option<&str>,
    nominated: Option<&str>,
    sort: Option<&str>,
    after: Option<i64>,
    before: Option<i64>,
    limit: Option<u64>,
) -> AppResult<Paged<Vec<StaffApplicationView>>> {
    let filter = review::ReviewFilter::parse(status, q, tier, nominated)?;
    let sort = review::Sort::from_query(sort)?;
    let cursor = review::Cursor::from_query(after, before)?;
    let size = review::limit_from_query(limit)?;
    cohorts::get(&state.db, id).await?;
    let page = review::page(&state.db, id, &filter, sort, cursor, size).await?;
    let by_status = review::counts(&state.db, id).await?;
    let total = review::count_matching(&state.db, id, &filter, &by_status).await?;
    let path = format!("/api/v1/cohorts/{id}/applications");
    let mut links = vec![];
    if let Some(n) = page.next {
        links.push((
            page_url(&path, &filter, sort, limit, review::Cursor::After(n)),
            "next",
        ));
    }
    if let Some(p) = page.prev {
        links.push((
            page_url(&path, &filter, sort, limit, review::Cursor::Before(p)),
            "prev",
        ));
    }
    Ok(Paged {
        body: page.items.iter().map(applications::staff_view).collect(),
        links,
        total,
    })
}

/// A cohort's applications counted.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationCounts {
    pub admitted_count: i32,
    /// How many in each status.
    #[schema(value_type = std::collections::BTreeMap<String, u64>)]
    pub by_status: std::collections::BTreeMap<&'static str, u64>,
    pub capacity: i32,
    /// How many match the filter.
    pub matching: u64,
    pub total: u64,
}

/// How many applications a cohort has in each status (from an index), and
/// how many match a filter.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/applications/counts", tag = "applications",
    params(("id" = i64, Path), ("status" = Option<String>, Query), ("q" = Option<String>, Query),
           ("tier" = Option<i32>, Query), ("nominated" = Option<String>, Query)),
    responses((status = 200, body = ApplicationCounts),
              (status = 401), (status = 403), (status = 404), (status = 422)))]
#[get("/api/v1/cohorts/<id>/applications/counts?<status>&<q>&<tier>&<nominated>")]
pub async fn counts(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
    status: Option<&str>,
    q: Option<&str>,
    tier: Option<&str>,
    nominated: Option<&str>,
) -> AppResult<Json<ApplicationCounts>> {
    let filter = review::ReviewFilter::parse(status, q, tier, nominated)?;
    let c = cohorts::get(&state.db, id).await?;
    let by_status = review::counts(&state.db, id).await?;
    let matching = review::count_matching(&state.db, id, &filter, &by_status).await?;
    Ok(Json(ApplicationCounts {
        admitted_count: c.admitted_count,
        total: by_status.values().sum::<u64>(),
        by_status,
        capacity: c.capacity,
        matching,
    }))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// admit, waitlist or reject
    pub decision: String,
    /// Read by the applicant in their mail and on their status page.
    #[serde(default)]
    pub note: Option<String>,
    /// For staff only: never reaches the applicant.
    #[serde(default)]
    pub internal_note: Option<String>,
}

fn parse_decision(s: &str) -> AppResult<Decision> {
    Decision::parse(s).map_err(|m| AppError::field("decision", m))
}

/// Admit, waitlist or reject one application.
#[utoipa::path(post, path = "/api/v1/applications/{id}/decision", tag = "applications", request_body = DecisionRequest,
    params(("id" = i64, Path)),
    responses((status = 200, body = StaffApplicationView), (status = 404), (status = 409, description = "cohort_full, roster_final, already_decided"), (status = 422)))]
#[post("/api/v1/applications/<id>/decision", data = "<body>")]
pub async fn decide(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<DecisionRequest>,
) -> AppResult<Json<StaffApplicationView>> {
    let decision = parse_decision(&body.0.decision)?;
    let body = body.0;
    let app = applications::decide_noted(
        state,
        org.0.id,
        id,
        decision,
        body.note.as_deref(),
        body.internal_note.as_deref(),
    )
    .await?;
    Ok(Json(applications::staff_view(&app)))
}

/// Which applications "all matching" means, as in the list's query.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct FilterBody {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub tier: Option<String>,
    #[serde(default)]
    pub nominated: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct BulkDecisionRequest {
    /// The ticked applications (at most 1000); or instead `filter`.
    #[serde(default)]
    pub application_ids: Option<Vec<i64>>,
    /// Every application matching this filter (as `GET …/applications`).
    #[serde(default)]
    #[validate(nested)]
    pub filter: Option<FilterBody>,
    pub decision: String,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub internal_note: Option<String>,
    /// Count only: nothing is changed or mailed; the answer carries `count`
    /// and `up_to_id` to send back with `expected_count` to confirm.
    #[serde(default)]
    pub preview: bool,
    /// With `filter`, required: the count the organizer confirmed; if the
    /// selection no longer counts that many, 409 `selection_changed`.
    #[serde(default)]
    pub expected_count: Option<u64>,
    /// With `filter`: only applications up to this id (the newest when the
    /// count was shown), so one arriving meanwhile is not decided unseen.
    #[serde(default)]
    #[validate(range(min = 1))]
    pub up_to_id: Option<i64>,
}

/// What a bulk request is for, checked: ids or a filter, not both, not neither.
fn bulk_selection(body: &BulkDecisionRequest) -> AppResult<review::Selection> {
    let both_or_neither = || AppError::field("application_ids", Message::of("selection_required"));
    match (&body.application_ids, &body.filter) {
        (Some(ids), None) => {
            if ids.len() > 1000 {
                return Err(AppError::field("application_ids", Message::of("too_many")));
            }
            Ok(review::Selection::Ids(ids.clone()))
        }
        (None, Some(f)) => Ok(review::Selection::Matching {
            filter: review::ReviewFilter::parse(
                f.status.as_deref(),
                f.q.as_deref(),
                f.tier.as_deref(),
                f.nominated.as_deref(),
            )?,
            up_to_id: body.up_to_id.unwrap_or(i64::MAX),
        }),
        _ => Err(both_or_neither()),
    }
}

/// The words a confirmation shows, e.g. "Waitlist {count} and send the notices",
/// with the count filled in.
pub fn confirm_words(decision: Decision, locale: crate::web::i18n::Locale, count: u64) -> String {
    let key = match decision {
        Decision::Admit => "bulk_confirm_admit",
        Decision::Waitlist => "bulk_confirm_waitlist",
        Decision::Reject => "bulk_confirm_reject",
    };
    crate::web::i18n::strings(locale)
        .get(key)
        .copied()
        .unwrap_or(key)
        .replace("{count}", &count.to_string())
}

/// What a bulk decision would touch (`preview: true`): nothing changed yet.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkPreview {
    pub count: u64,
    pub decision: &'static str,
    /// The confirmation to show, count filled in.
    pub message: crate::i18n::Bilingual,
    /// Always true.
    pub preview: bool,
    /// Send back to decide only applications up to this id.
    pub up_to_id: i64,
}

/// One application of a bulk decision: `status` when it succeeded, `error`
/// (a code such as `cohort_full`) when it did not.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkLine {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<&'static str>,
    pub id: i64,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A bulk decision applied, each application on its own.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkDone {
    pub done: usize,
    pub failed: usize,
    pub results: Vec<BulkLine>,
}

/// The answer to a bulk decision: a preview or what was done.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BulkAnswer {
    Preview(BulkPreview),
    Done(BulkDone),
}

/// The same decision on many applications: the ticked ones, or every one
/// matching a filter. First `preview: true` (nothing changes, nothing is
/// mailed): `{preview, count, up_to_id, message}`; then the same body with
/// `expected_count` (required with a filter) and `up_to_id`. Applied in
/// chunks; each application succeeds or fails on its own (admissions past
/// capacity fail with `cohort_full`; ids not of this cohort with `not_found`).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/decisions", tag = "applications", request_body = BulkDecisionRequest,
    params(("id" = i64, Path)),
    responses((status = 200, description = "{results: [{id, ok, status | error}], done, failed}; with preview: {preview: true, count, up_to_id, message: {zh, en}}", body = BulkAnswer),
              (status = 404), (status = 409, description = "selection_changed {count}, roster_final, selection_by_draw"),
              (status = 422, description = "validation: decision, selection_required, expected_count_required, too_many")))]
#[post("/api/v1/cohorts/<id>/decisions", data = "<body>")]
pub async fn decide_many(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
    body: Body<BulkDecisionRequest>,
) -> AppResult<Json<BulkAnswer>> {
    let body = body.0;
    let decision = parse_decision(&body.decision)?;
    let sel = bulk_selection(&body)?;
    if body.preview {
        let (_, p) = review::preview(&state.db, id, &sel).await?;
        use crate::web::i18n::Locale;
        return Ok(Json(BulkAnswer::Preview(BulkPreview {
            count: p.count,
            decision: decision.as_str(),
            message: crate::i18n::Bilingual::new(
                confirm_words(decision, Locale::Zh, p.count),
                confirm_words(decision, Locale::En, p.count),
            ),
            preview: true,
            up_to_id: p.up_to_id,
        })));
    }
    if matches!(sel, review::Selection::Matching { .. }) && body.expected_count.is_none() {
        return Err(AppError::field(
            "expected_count",
            Message::of("expected_count_required"),
        ));
    }
    let results = review::decide_bulk(
        state,
        org.0.id,
        id,
        &sel,
        decision,
        (body.note.as_deref(), body.internal_note.as_deref()),
        body.expected_count,
    )
    .await?;
    let done = results.iter().filter(|r| r.outcome.is_ok()).count();
    Ok(Json(BulkAnswer::Done(BulkDone {
        done,
        failed: results.len() - done,
        results: results
            .iter()
            .map(|r| match &r.outcome {
                Ok(status) => BulkLine {
                    error: None,
                    id: r.id,
                    ok: true,
                    status: Some(status.clone()),
                },
                Err(m) => BulkLine {
                    error: Some(m.code),
                    id: r.id,
                    ok: false,
                    status: None,
                },
            })
            .collect(),
    })))
}

/// A national ID in clear.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedId {
    pub national_id: String,
}

/// A phone number in clear.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedPhone {
    pub phone: String,
}

/// `{}`: the same answer whether or not anything matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecoverAccepted {}

/// Read one national ID in clear; the reading is recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reveal-id", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, body = RevealedId), (status = 403), (status = 404)))]
#[post("/api/v1/applications/<id>/reveal-id")]
pub async fn reveal_id(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<RevealedId>> {
    let national_id = applications::reveal_id(state, org.0.id, id).await?;
    Ok(Json(RevealedId { national_id }))
}

#[derive(Debug, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct RecoverRequest {
    pub national_id: String,
    pub phone: String,
}

/// The way back to a lost status link: a match mails fresh status links to
/// the address on file. The answer is the same whether or not anything matched.
#[utoipa::path(post, path = "/api/v1/applications/recover", tag = "applications", request_body = RecoverRequest,
    responses((status = 202, description = "{} whether or not anything matched", body = RecoverAccepted),
              (status = 422, description = "validation: a malformed ID or mobile number"),
              (status = 429, description = "too many requests for this person or address")))]
#[post("/api/v1/applications/recover", data = "<body>")]
pub async fn recover(
    state: &State<AppState>,
    client: crate::web::auth::ClientAddr,
    body: Body<RecoverRequest>,
) -> AppResult<(Status, Json<RecoverAccepted>)> {
    applications::recover::recover(
        state,
        &client.0,
        &body.0.national_id,
        &body.0.phone,
        Utc::now(),
    )
    .await?;
    Ok((Status::Accepted, Json(RecoverAccepted {})))
}

/// One application with every fact the applicant gave, masked ID and phone,
/// the notes and the history.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, description = "every fact the applicant gave (ID and phone masked), the notes and the history", body = ApplicationDetail),
              (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/applications/<id>", rank = 1)]
pub async fn detail(
    id: i64,
    state: &State<AppState>,
    // Taken as a result, so a reference (not a number) forwards to the
    // applicant's route instead of failing on the sign-in.
    org: Result<Organizer, AppError>,
) -> AppResult<Json<ApplicationDetail>> {
    org?;
    Ok(Json(applications::staff::detail(state, id).await?))
}

/// Read one phone number in clear (to call a participant); the reading is
/// recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reveal-phone", tag = "applications", params(("id" = i64, Path)),
    responses((status = 200, body = RevealedPhone), (status = 403), (status = 404)))]
#[post("/api/v1/applications/<id>/reveal-phone")]
pub async fn reveal_phone(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<RevealedPhone>> {
    let phone = applications::staff::reveal_phone(state, org.0.id, id).await?;
    Ok(Json(RevealedPhone { phone }))
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        detail,
        reveal_phone,
        recover,
        apply,
        status,
        withdraw,
        list,
        counts,
        decide,
        decide_many,
        reveal_id
    ]
}
