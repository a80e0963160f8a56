//! Applications: submitting against the entry rules, the applicant's status and
//! withdrawal, and the organizer's decisions within capacity.
pub mod form;
mod one_statement;
pub mod recover;
pub mod review;
pub mod staff;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::crypto;
use crate::domain::cohort::{self as rules, ApplicationStatus, Decision};
use crate::domain::eligibility::{Verdict, evaluate};
use crate::domain::mask::{mask_national_id, mask_phone};
use crate::domain::{Message, beijing_date};
use crate::entity::{application, cohort};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::mentoring::preferences;
use crate::service::workshops::{self, Workshop};
use crate::service::{audit, cohorts, nominations, notify, selection};

pub use form::{ApplicationRequest, CertificateRequest, ValidApplication};

/// Stands for the reference in a receipt rendered before the row exists.
const REFERENCE_PENDING: &str = "GJREFERENCEPENDING";

/// A stored application and the status token, shown to the applicant once.
pub struct Submitted {
    pub app: application::Model,
    pub token: String,
    pub basis: String,
}

pub fn cohort_not_open() -> AppError {
    AppError::conflict(Message::of("cohort_not_open"))
}

pub fn duplicate() -> AppError {
    AppError::conflict(Message::of("duplicate"))
}

/// The words for a basis such as `certificate+experience`.
pub fn basis_text(basis: &str, english: bool) -> String {
    let locale = crate::i18n::Locale::from_english(english);
    basis
        .split('+')
        .map(|k| match k {
            "certificate" | "experience" => crate::i18n::t(locale, &format!("basis_{k}")),
            _ => crate::i18n::t(locale, "basis_other"),
        })
        .collect::<Vec<_>>()
        .join(&crate::i18n::t(locale, "basis_and"))
}

/// How many applications are worked on at once, through the API and the
/// form alike; the others wait for a place, in arrival order. Two
/// group-commit batches' worth: enough to keep the writer's batches full,
/// few enough that a burst of 2,000 applicants does not hold 2,000 half-done
/// writes in memory at once (BENCHMARKS.md, memory).
pub const AT_ONCE: usize = 2 * crate::db::MAX_BATCH;
static ADMITTED: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AT_ONCE);

/// Takes an application: the cohort must be accepting, the form valid and the
/// rules met; then it is stored with its notice in one transaction.
pub async fn submit(
    state: &AppState,
    cohort_id: i64,
    req: &ApplicationRequest,
    now: DateTime<Utc>,
) -> AppResult<Submitted> {
    // The semaphore is never closed, so a place always comes.
    let _place = ADMITTED.acquire().await.ok();
    // Boxed only once admitted: a waiting request holds a small future, not
    // the whole state of the write it has not begun.
    Box::pin(submit_admitted(state, cohort_id, req, now)).await
}

async fn submit_admitted(
    state: &AppState,
    cohort_id: i64,
    req: &ApplicationRequest,
    now: DateTime<Utc>,
) -> AppResult<Submitted> {
    let db = &state.db;
    let (c, w) = cohorts::get_with_workshop_cached(db, cohort_id).await?;
    let status = cohorts::status_of(&c)?;
    if !rules::accepting_applications(status, now, c.applications_open_at, c.applications_close_at)
    {
        return Err(cohort_not_open());
    }
    let valid = form::check(req, beijing_date(now)).map_err(AppError::Validation)?;
    preferences::check(db, cohort_id, &valid.mentor_preferences)
        .await?
        .map_err(|e| AppError::Validation(vec![e]))?;
    let nomination = match req
        .nomination_code
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(code) => Some(nominations::check(db, cohort_id, code, valid.employer.as_str()).await?),
        None => None,
    };
    let basis = match evaluate(
        &w.entry_rules,
        &valid.facts,
        beijing_date(c.applications_close_at),
    ) {
        Verdict::Eligible { basis, .. } => basis,
        Verdict::Ineligible { reasons } => {
            // Counts only, by reason code: nothing of the person is kept.
            let txn = crate::db::begin_write(db).await?;
            crate::service::refusals::record(&txn, cohort_id, &reasons).await?;
            txn.commit().await?;
            return Err(AppError::Ineligible(reasons));
        }
    };
    let id_hash = state.keys.lookup_hash(valid.national_id.as_str());
    let token = crypto::random_token();
    // The receipt is rendered before the write lock is taken; its reference
    // is filled in once the row exists.
    let words = basis_text(&basis, valid.locale.is_english());
    let mut receipt = notify::application_received(
        state,
        &w,
        &c,
        notify::Receipt {
            name: valid.full_name.as_str(),
            email: valid.email.as_str(),
            locale: valid.locale,
            reference: REFERENCE_PENDING,
            basis_text: &words,
            token: &token,
        },
    )?;
    let certificate = valid.facts.certificate.as_ref().map(|c| {
        json!({
            "trade": c.trade.as_str(),
            "level": c.level.api_value(),
            "number": valid.certificate_number,
            "issued_on": valid.certificate_issued_on,
        })
        .to_string()
    });
    let processes: Vec<&str> = valid.processes.iter().map(|p| p.code()).collect();
    let row = application::ActiveModel {
        cohort_id: Set(cohort_id),
        reference: Set(format!(
            "tmp-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..24]
        )),
        status: Set(ApplicationStatus::Pending.as_str().into()),
        full_name: Set(valid.full_name.as_str().into()),
        national_id_enc: Set(state.keys.seal(valid.national_id.as_str())),
        national_id_hmac: Set(id_hash),
        national_id_masked: Set(valid.national_id.masked()),
        phone: Set(valid.phone.as_str().into()),
        email: Set(valid.email.as_str().into()),
        employer: Set(valid.employer.as_str().into()),
        trade: Set(valid.facts.trade.as_str().into()),
        started_trade_on: Set(valid.facts.started_trade_on),
        certificate: Set(certificate),
        processes: Set(json!(processes).to_string()),
        locale: Set(valid.locale.code().into()),
        consent_at: Set(now),
        eligibility_basis: Set(basis.clone()),
        status_token_hash: Set(crypto::token_hash(&token)),
        waitlist_position: Set(None),
        decision_note: Set(None),
        internal_note: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        withdrawn_at: Set(None),
        nomination_id: Set(nomination.as_ref().map(|n| n.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };

    let prefix = format!("GJ-{}-", beijing_date(now).year());
    // A few receipts an hour per address: the form cannot be used to flood
    // someone's mailbox from the union's domain.
    let key = super::throttle::receipt_key(valid.email.as_str());
    let per_hour = super::throttle::RECEIPTS_PER_HOUR;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres
        && valid.mentor_preferences.is_empty()
        && nomination.is_none()
    {
        let throttle = one_statement::Throttle {
            key: &key,
            window_secs: 3600,
            limit: per_hour,
        };
        let stored =
            one_statement::store(db, row, &prefix, throttle, now, &receipt, REFERENCE_PENDING)
                .await?;
        if stored.queued {
            receipt.written(&state.mail);
        } else if stored.hits > per_hour {
            tracing::warn!(
                application = stored.app.id,
                "receipt not mailed: too many for one address"
            );
        }
        tracing::info!(
            application = stored.app.id,
            cohort = cohort_id,
            "application received"
        );
        return Ok(Submitted {
            app: stored.app,
            token,
            basis,
        });
    }
    // One person per cohort: the unique index on (cohort, ID hash) decides,
    // also between concurrent submissions and instances.
    let txn = crate::db::begin_write(db).await?;
    let inserted = match row.insert(&txn).await {
        Ok(m) => m,
        Err(e) if crate::db::is_unique_violation(&e) => return Err(duplicate()),
        Err(e) => return Err(e.into()),
    };
    // The readable reference comes from the row id, so it is unique and short.
    let reference = format!("{prefix}{:06}", inserted.id);
    let mut model: application::ActiveModel = inserted.into();
    model.reference = Set(reference.clone());
    let app = model.update(&txn).await?;
    preferences::store(&txn, app.id, &valid.mentor_preferences).await?;
    if let Some(n) = &nomination
        && !nominations::spend(&txn, n.id, app.id).await?
    {
        return Err(nominations::used_concurrently());
    }
    receipt.fill(REFERENCE_PENDING, &reference);
    if super::throttle::hit(&txn, &key, 3600, per_hour)
        .await?
        .is_ok()
    {
        crate::mail::outbox::insert_prepared(&txn, &state.mail, receipt).await?;
    } else {
        tracing::warn!(
            application = app.id,
            "receipt not mailed: too many for one address"
        );
    }
    txn.commit().await?;
    tracing::info!(
        application = app.id,
        cohort = cohort_id,
        "application received"
    );
    Ok(Submitted { app, token, basis })
}

/// The application behind a reference, if the token is its own: the one
/// shown at submission, or a signed status link (from a mail) that has not
/// expired. A wrong token and an unknown reference get the same answer.
pub async fn by_reference<C: ConnectionTrait>(
    db: &C,
    keys: &crypto::DataKeys,
    reference: &str,
    token: &str,
) -> AppResult<application::Model> {
    let app = application::Entity::find()
        .filter(application::Column::Reference.eq(reference.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let token = token.trim();
    if crypto::constant_time_eq(&crypto::token_hash(token), &app.status_token_hash)
        || keys.status_link_valid(&app.reference, token, Utc::now().timestamp())
    {
        Ok(app)
    } else {
        Err(AppError::NotFound)
    }
}

pub fn status_of(app: &application::Model) -> AppResult<ApplicationStatus> {
    ApplicationStatus::parse(&app.status).ok_or_else(|| {
        AppError::Internal(format!(
            "application {} has unknown status {}",
            app.id, app.status
        ))
    })
}

/// Conditionally moves an application from one status to another; false when
/// someone else changed it first.
pub(crate) async fn move_status<C: ConnectionTrait>(
    conn: &C,
    id: i64,
    from: ApplicationStatus,
    to: ApplicationStatus,
    extra: Vec<(application::Column, Expr)>,
) -> AppResult<bool> {
    let mut q = application::Entity::update_many()
        .col_expr(application::Column::Status, Expr::value(to.as_str()))
        .col_expr(application::Column::UpdatedAt, Expr::value(Utc::now()));
    for (col, e) in extra {
        q = q.col_expr(col, e);
    }
    let r = q
        .filter(application::Column::Id.eq(id))
        .filter(application::Column::Status.eq(from.as_str()))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Takes a place: atomic on every backend and across instances, because the
/// check and the increment are one conditional UPDATE.
pub(crate) async fn take_place<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<bool> {
    let r = cohort::Entity::update_many()
        .col_expr(
            cohort::Column::AdmittedCount,
            Expr::col(cohort::Column::AdmittedCount).add(1),
        )
        .filter(cohort::Column::Id.eq(cohort_id))
        .filter(Expr::col(cohort::Column::AdmittedCount).lt(Expr::col(cohort::Column::Capacity)))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

pub(crate) async fn free_place<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<()> {
    cohort::Entity::update_many()
        .col_expr(
            cohort::Column::AdmittedCount,
            Expr::col(cohort::Column::AdmittedCount).sub(1),
        )
        .filter(cohort::Column::Id.eq(cohort_id))
        .filter(cohort::Column::AdmittedCount.gt(0))
        .exec(conn)
        .await?;
    Ok(())
}

async fn next_waitlist_position<C: ConnectionTrait>(conn: &C, cohort_id: i64) -> AppResult<i32> {
    cohort::Entity::update_many()
        .col_expr(
            cohort::Column::WaitlistSeq,
            Expr::col(cohort::Column::WaitlistSeq).add(1),
        )
        .filter(cohort::Column::Id.eq(cohort_id))
        .exec(conn)
        .await?;
    Ok(cohorts::get(conn, cohort_id).await?.waitlist_seq)
}

pub fn cohort_full(c: &cohort::Model) -> AppError {
    AppError::Conflict {
        message: Message::of("cohort_full").arg("capacity", &c.capacity),
        details: json!({"capacity": c.capacity}),
    }
}

/// An organizer's decision on one application, within capacity, with a
/// note the applicant reads.
pub async fn decide(
    state: &AppState,
    actor: i64,
    app_id: i64,
    decision: Decision,
    note: Option<&str>,
) -> AppResult<application::Model> {
    decide_noted(state, actor, app_id, decision, note, None).await
}

/// A note as stored: trimmed, `None` when blank; at most 1000 characters.
fn checked_note(field: &str, note: Option<&str>) -> Result<Option<String>, FieldError> {
    let note = note
        .map(str::trim)
        .filter(|n| !n.is_empty())
        // An ID or a mobile number typed into a note is masked before it is kept or mailed.
        .map(crate::domain::mask::mask_free_text);
    if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err(FieldError::new(field, Message::of("note_too_long")));
    }
    Ok(note)
}

/// [`decide`] with also an `internal_note` for staff only: it is stored and
/// audited, and never reaches the applicant's mail or page.
pub async fn decide_noted(
    state: &AppState,
    actor: i64,
    app_id: i64,
    decision: Decision,
    note: Option<&str>,
    internal_note: Option<&str>,
) -> AppResult<application::Model> {
    let notes = checked_notes(note, internal_note)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let app = decide_in(&txn, state, actor, app_id, decision, &notes).await?;
    txn.commit().await?;
    Ok(app)
}

/// The note and internal note as stored, or every field error at once.
pub(crate) fn checked_notes(
    note: Option<&str>,
    internal_note: Option<&str>,
) -> AppResult<(Option<String>, Option<String>)> {
    match (
        checked_note("note", note),
        checked_note("internal_note", internal_note),
    ) {
        (Ok(n), Ok(i)) => Ok((n, i)),
        (n, i) => Err(AppError::Validation(
            [n.err(), i.err()].into_iter().flatten().collect(),
        )),
    }
}

/// One decision inside the caller's write transaction (or savepoint): the
/// move, the place taken or freed, the audit record, the notice and the
/// offer to the next on the waitlist. An error leaves the caller to roll back.
pub(crate) async fn decide_in<C: ConnectionTrait>(
    txn: &C,
    state: &AppState,
    actor: i64,
    app_id: i64,
    decision: Decision,
    (note, internal_note): &(Option<String>, Option<String>),
) -> AppResult<application::Model> {
    let app = application::Entity::find_by_id(app_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = cohorts::get(txn, app.cohort_id).await?;
    rules::can_decide(cohorts::status_of(&c)?).map_err(AppError::conflict)?;
    selection::check_hand_decision(&c)?;
    let from = status_of(&app)?;
    let to = rules::decide(from, decision).map_err(AppError::conflict)?;
    let now = Utc::now();
    let mut extra = vec![
        (application::Column::DecisionNote, Expr::value(note.clone())),
        (
            application::Column::InternalNote,
            Expr::value(internal_note.clone()),
        ),
        (application::Column::DecidedBy, Expr::value(Some(actor))),
        (application::Column::DecidedAt, Expr::value(Some(now))),
    ];
    if to == ApplicationStatus::Waitlisted {
        let pos = next_waitlist_position(txn, c.id).await?;
        extra.push((
            application::Column::WaitlistPosition,
            Expr::value(Some(pos)),
        ));
    } else {
        extra.push((
            application::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        ));
    }
    if !move_status(txn, app_id, from, to, extra).await? {
        return Err(AppError::conflict(Message::of("changed_concurrently")));
    }
    // An open offer already holds its place: admitting it takes no other.
    if to == ApplicationStatus::Admitted && !from.holds_place() && !take_place(txn, c.id).await? {
        return Err(cohort_full(&c));
    }
    if from.holds_place() && !to.holds_place() {
        free_place(txn, c.id).await?;
    }
    audit::record(
        txn,
        Some(actor),
        "application.decide",
        "application",
        app_id,
        json!({"from": from.as_str(), "to": to.as_str(), "note": note, "internal_note": internal_note}),
    )
    .await?;
    let app = application::Entity::find_by_id(app_id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let w = workshops::get(txn, c.workshop_id).await?;
    notify::decision(
        txn,
        state,
        &w,
        &c,
        &app,
        &now.timestamp_micros().to_string(),
    )
    .await?;
    // A place the organizer freed goes to the next on the waitlist.
    if from.holds_place() && !to.holds_place() {
        selection::offer_next(txn, state, &c, Some(app_id)).await?;
    }
    Ok(app)
}

/// The applicant withdraws; a place they held goes to the first on the waitlist.
pub async fn withdraw(
    state: &AppState,
    reference: &str,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<application::Model> {
    let txn = crate::db::begin_write(&state.db).await?;
    let app = by_reference(&txn, &state.keys, reference, token).await?;
    let c = cohorts::get(&txn, app.cohort_id).await?;
    let from = status_of(&app)?;
    rules::can_withdraw(
        from,
        cohorts::status_of(&c)?,
        beijing_date(now),
        c.starts_on,
    )
    .map_err(AppError::conflict)?;
    let extra = vec![
        (application::Column::WithdrawnAt, Expr::value(Some(now))),
        (
            application::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        ),
    ];
    if !move_status(&txn, app.id, from, ApplicationStatus::Withdrawn, extra).await? {
        return Err(AppError::conflict(Message::keyed(
            "changed_concurrently",
            "msg-changed_concurrently-2",
        )));
    }
    audit::record(
        &txn,
        None,
        "application.withdraw",
        "application",
        app.id,
        json!({"from": from.as_str()}),
    )
    .await?;
    if from.holds_place() {
        free_place(&txn, c.id).await?;
        selection::offer_next(&txn, state, &c, None).await?;
    }
    let app = application::Entity::find_by_id(app.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(app)
}

/// Applications of a cohort in review order, optionally of one status.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    status: Option<ApplicationStatus>,
) -> AppResult<Vec<application::Model>> {
    cohorts::get(db, cohort_id).await?;
    let mut q = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .order_by_asc(application::Column::Id);
    if let Some(s) = status {
        q = q.filter(application::Column::Status.eq(s.as_str()));
    }
    Ok(q.all(db).await?)
}

/// An application as organizers see it: ID and phone masked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffApplicationView {
    /// `{trade, level, number, issued_on}` as the applicant gave it, or null.
    #[schema(value_type = Option<Object>)]
    pub certificate: Option<Value>,
    pub cohort_id: i64,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Read by the applicant.
    pub decision_note: Option<String>,
    pub decline_reason: Option<String>,
    pub draw_rank: Option<i32>,
    /// e.g. `certificate+experience`
    pub eligibility_basis: String,
    pub email: String,
    pub employer: String,
    pub full_name: String,
    pub id: i64,
    /// For staff only.
    pub internal_note: Option<String>,
    /// Masked.
    pub national_id: String,
    pub nominated: bool,
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Masked.
    pub phone: String,
    /// Welding process codes.
    #[schema(value_type = Vec<String>)]
    pub processes: Value,
    pub reference: String,
    pub started_trade_on: Option<NaiveDate>,
    pub status: String,
    pub trade: String,
    pub waitlist_position: Option<i32>,
}

/// The organizer's view: ID and phone masked.
pub fn staff_view(a: &application::Model) -> StaffApplicationView {
    StaffApplicationView {
        certificate: a
            .certificate
            .as_deref()
            .and_then(|c| serde_json::from_str::<Value>(c).ok()),
        cohort_id: a.cohort_id,
        created_at: a.created_at,
        decided_at: a.decided_at,
        decision_note: a.decision_note.clone(),
        decline_reason: a.decline_reason.clone(),
        draw_rank: a.draw_rank,
        eligibility_basis: a.eligibility_basis.clone(),
        email: a.email.clone(),
        employer: a.employer.clone(),
        full_name: a.full_name.clone(),
        id: a.id,
        internal_note: a.internal_note.clone(),
        national_id: a.national_id_masked.clone(),
        nominated: a.nomination_id.is_some(),
        offer_expires_at: a.offer_expires_at,
        phone: mask_phone(&a.phone),
        processes: serde_json::from_str::<Value>(&a.processes).unwrap_or(json!([])),
        reference: a.reference.clone(),
        started_trade_on: a.started_trade_on,
        status: a.status.clone(),
        trade: a.trade.clone(),
        waitlist_position: a.waitlist_position,
    }
}

/// An application as its applicant sees it (by reference and token): ID and
/// phone masked, the cohort, and where it stands in selection.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicantView {
    pub cohort_id: i64,
    pub cohort_name: String,
    pub cohort_status: String,
    pub decision_note: Option<String>,
    pub decline_reason: Option<String>,
    /// Their line of the draw, once drawn.
    pub draw: Option<selection::ApplicantDraw>,
    pub eligibility_basis: String,
    pub full_name: String,
    /// Masked.
    pub national_id: String,
    pub nominated: bool,
    /// The deadline of an open offer (null unless offered).
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// Masked.
    pub phone: String,
    pub reference: String,
    pub starts_on: NaiveDate,
    pub status: String,
    pub status_text: Option<crate::i18n::Bilingual>,
    pub submitted_at: DateTime<Utc>,
    pub venue: String,
    /// The current place on the waitlist, 1 first.
    pub waitlist_position: Option<u64>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub workshop_title: String,
}

/// The applicant's own view (by reference and token), with what
/// `selection::applicant_extras` found of their selection.
pub fn applicant_view(
    a: &application::Model,
    c: &cohort::Model,
    w: &Workshop,
    extras: selection::ApplicantExtras,
) -> ApplicantView {
    use crate::i18n::{Bilingual, Locale};
    let status = ApplicationStatus::parse(&a.status);
    ApplicantView {
        cohort_id: c.id,
        cohort_name: c.name.clone(),
        cohort_status: c.status.clone(),
        decision_note: a.decision_note.clone(),
        decline_reason: extras.decline_reason,
        draw: extras.draw,
        eligibility_basis: a.eligibility_basis.clone(),
        full_name: a.full_name.clone(),
        national_id: a.national_id_masked.clone(),
        nominated: extras.nominated,
        offer_expires_at: extras.offer_expires_at,
        phone: mask_phone(&a.phone),
        reference: a.reference.clone(),
        starts_on: c.starts_on,
        status: a.status.clone(),
        status_text: status.map(|s| Bilingual::new(s.label(Locale::Zh), s.label(Locale::En))),
        submitted_at: a.created_at,
        venue: c.venue.clone(),
        waitlist_position: extras.waitlist_position,
        withdrawn_at: a.withdrawn_at,
        workshop_title: w.model.title.clone(),
    }
}

/// An organizer reads one national ID in clear; the reading is audited.
pub async fn reveal_id(state: &AppState, actor: i64, app_id: i64) -> AppResult<String> {
    let app = application::Entity::find_by_id(app_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = state
        .keys
        .open(&app.national_id_enc)
        .ok_or_else(|| AppError::conflict(Message::of("id_unavailable")))?;
    audit::record(
        &state.db,
        Some(actor),
        "application.reveal_id",
        "application",
        app_id,
        json!({"masked": mask_national_id(&id)}),
    )
    .await?;
    Ok(id)
}
