//! Selection: a cohort's settings, the draw's seed and commitment, the draw
//! itself, offers (accept, decline, lapse) and the waitlist as people see it.
//!
//! Places are counted by the cohort's `admitted_count`, which holds admitted
//! applications and open offers alike, and is only changed by the conditional
//! UPDATEs of `applications::take_place` / `free_place`, in the transaction of
//! the change: so admitted plus offered never exceed capacity, on any backend
//! and across instances.
pub mod notices;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::AppState;
use crate::domain::Message;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::domain::selection::{
    self as rules, DrawOutcome, Entrant, Selection, SelectionMode, employer_key,
};
use crate::entity::{application, cohort};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::applications::{by_reference, free_place, move_status, status_of, take_place};
use crate::service::{audit, cohorts, workshops};

/// `selection` in a cohort body: `{mode, employer_quota, offer_hours}`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct SelectionInput {
    /// `review` (default) or `draw`.
    #[serde(default)]
    pub mode: Option<String>,
    /// At most this many places per employer; null for no quota.
    #[serde(default)]
    pub employer_quota: Option<i64>,
    /// Hours an offered place stays open (default 48).
    #[serde(default)]
    pub offer_hours: Option<i64>,
}

impl SelectionInput {
    pub fn check(&self) -> Result<Selection, Vec<FieldError>> {
        Selection::check(self.mode.as_deref(), self.employer_quota, self.offer_hours).map_err(
            |errors| {
                errors
                    .into_iter()
                    .map(|(f, m)| FieldError::new(f, m))
                    .collect()
            },
        )
    }
}

/// A stored cohort's selection (unknown stored words fall back to review).
pub fn of(c: &cohort::Model) -> Selection {
    Selection {
        mode: SelectionMode::parse(&c.selection_mode).unwrap_or(SelectionMode::Review),
        employer_quota: c.employer_quota.and_then(|q| u32::try_from(q).ok()),
        offer_hours: u32::try_from(c.offer_hours).unwrap_or(rules::DEFAULT_OFFER_HOURS),
    }
}

/// How a cohort selects among its applicants, in its public view.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SelectionView {
    /// At most this many tier-1 offers per employer (draw mode).
    pub employer_quota: Option<u32>,
    /// `review` or `draw`
    pub mode: &'static str,
    /// Hours an offered applicant has to accept.
    pub offer_hours: u32,
    pub text: crate::i18n::Bilingual,
}

/// A draw cohort's published commitment, and its seed once drawn.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrawState {
    pub commitment: Option<String>,
    pub drawn_at: Option<DateTime<Utc>>,
    /// Revealed when the draw has run (null before).
    pub seed: Option<String>,
}

/// `selection` and, in draw mode, `draw` for the cohort's public view.
pub fn view(c: &cohort::Model) -> (SelectionView, Option<DrawState>) {
    let s = of(c);
    let (zh, en) = s.describe();
    let selection = SelectionView {
        employer_quota: s.employer_quota,
        mode: s.mode.as_str(),
        offer_hours: s.offer_hours,
        text: crate::i18n::Bilingual::new(zh, en),
    };
    let draw = (s.mode == SelectionMode::Draw).then(|| DrawState {
        commitment: c.draw_commitment.clone(),
        drawn_at: c.drawn_at,
        seed: c.drawn_at.and(c.draw_seed.clone()),
    });
    (selection, draw)
}

/// A fresh secret seed from the operating system's CSPRNG.
pub fn new_seed() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    rules::seed_from_bytes(bytes)
}

/// Fixes a draw cohort's seed as it opens (once: a reopened cohort keeps it)
/// and records the published commitment.
pub async fn fix_seed_on_open<C: ConnectionTrait>(
    conn: &C,
    actor: i64,
    c: &cohort::Model,
) -> AppResult<()> {
    if of(c).mode != SelectionMode::Draw || c.draw_seed.is_some() {
        return Ok(());
    }
    let seed = new_seed();
    let commitment = rules::commitment(&seed);
    cohort::Entity::update_many()
        .col_expr(cohort::Column::DrawSeed, Expr::value(Some(seed)))
        .col_expr(
            cohort::Column::DrawCommitment,
            Expr::value(Some(commitment.clone())),
        )
        .filter(cohort::Column::Id.eq(c.id))
        .filter(cohort::Column::DrawSeed.is_null())
        .exec(conn)
        .await?;
    audit::record(
        conn,
        Some(actor),
        "cohort.draw_commitment",
        "cohort",
        c.id,
        json!({"commitment": commitment}),
    )
    .await
}

pub fn selection_by_draw() -> AppError {
    AppError::conflict(Message::of("selection_by_draw"))
}

/// Hand decisions wait for the draw in draw mode.
pub fn check_hand_decision(c: &cohort::Model) -> AppResult<()> {
    if of(c).mode == SelectionMode::Draw && c.drawn_at.is_none() {
        return Err(selection_by_draw());
    }
    Ok(())
}

/// Approval waits until every offer is answered or lapsed.
pub async fn check_no_open_offers<C: ConnectionTrait>(
    conn: &C,
    c: &cohort::Model,
) -> AppResult<()> {
    let open = application::Entity::find()
        .filter(application::Column::CohortId.eq(c.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Offered.as_str()))
        .count(conn)
        .await?;
    if open > 0 {
        return Err(AppError::Conflict {
            message: Message::of("offers_outstanding").arg("open", &open),
            details: json!({"offers_outstanding": open}),
        });
    }
    Ok(())
}

/// One line of a draw's public result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrawLine {
    /// `offered` or `waitlisted`
    pub outcome: Option<String>,
    pub rank: Option<i32>,
    pub reference: String,
    pub ticket: Option<String>,
    /// 1 nominated, 2 the others
    pub tier: Option<i32>,
}

/// The public result of a draw: the seed that anyone can check against the
/// commitment, and every line in rank order, without names or employers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DrawResult {
    pub cohort_id: i64,
    pub commitment: Option<String>,
    pub drawn_at: Option<DateTime<Utc>>,
    pub employer_quota: Option<i32>,
    pub places: i32,
    pub results: Vec<DrawLine>,
    pub seed: Option<String>,
}

/// The public result of a draw: no names, no employers.
pub fn public_result(c: &cohort::Model, apps: &[application::Model]) -> DrawResult {
    let mut lines: Vec<&application::Model> =
        apps.iter().filter(|a| a.draw_rank.is_some()).collect();
    lines.sort_by_key(|a| a.draw_rank);
    let results = lines
        .iter()
        .map(|a| DrawLine {
            outcome: a.draw_outcome.clone(),
            rank: a.draw_rank,
            reference: a.reference.clone(),
            ticket: a.draw_ticket.clone(),
            tier: a.draw_tier,
        })
        .collect();
    DrawResult {
        cohort_id: c.id,
        commitment: c.draw_commitment.clone(),
        drawn_at: c.drawn_at,
        employer_quota: c.employer_quota,
        places: c.capacity,
        results,
        seed: c.draw_seed.clone(),
    }
}

pub fn already_drawn() -> AppError {
    AppError::conflict(Message::of("already_drawn"))
}

fn not_closed(status: CohortStatus) -> AppError {
    AppError::Conflict {
        message: Message::keyed("invalid_transition", "msg-invalid_transition-draw")
            .arg_key("status", status.label_key()),
        details: json!({"from": status.as_str(), "to": "drawn"}),
    }
}

fn not_draw_mode() -> AppError {
    AppError::conflict(Message::of("not_draw_mode"))
}

/// Runs a closed draw cohort's draw, once: every pending application takes
/// part; offers go out with their deadline, the rest are waitlisted in rank
/// order; everyone is told; the seed is revealed.
pub async fn run_draw(state: &AppState, actor: i64, cohort_id: i64) -> AppResult<DrawResult> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let c = cohorts::get(&txn, cohort_id).await?;
    let status = cohorts::status_of(&c)?;
    let selection = of(&c);
    if selection.mode != SelectionMode::Draw {
        return Err(not_draw_mode());
    }
    if c.drawn_at.is_some() {
        return Err(already_drawn());
    }
    if status != CohortStatus::Closed {
        return Err(not_closed(status));
    }
    let Some(seed) = c.draw_seed.clone() else {
        return Err(AppError::Internal(format!(
            "draw cohort {cohort_id} has no seed"
        )));
    };
    // Claim the draw first, conditionally, so two organizers cannot both run it.
    let claimed = cohort::Entity::update_many()
        .col_expr(cohort::Column::DrawnAt, Expr::value(Some(now)))
        .filter(cohort::Column::Id.eq(cohort_id))
        .filter(cohort::Column::DrawnAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(already_drawn());
    }
    let pending = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Pending.as_str()))
        .order_by_asc(application::Column::Id)
        .all(&txn)
        .await?;
    let entrants: Vec<Entrant> = pending
        .iter()
        .map(|a| Entrant {
            reference: a.reference.clone(),
            nominated: a.nomination_id.is_some(),
            employer_key: employer_key(&a.employer),
        })
        .collect();
    let places = u32::try_from((c.capacity - c.admitted_count).max(0)).unwrap_or(0);
    let lines = rules::draw(&seed, &entrants, places, selection.employer_quota);
    let by_reference: HashMap<&str, &application::Model> =
        pending.iter().map(|a| (a.reference.as_str(), a)).collect();
    let deadline = rules::offer_deadline(now, selection.offer_hours);
    let w = workshops::get(&txn, c.workshop_id).await?;
    let (mut offered, mut waitlisted) = (0u32, 0u32);
    for line in &lines {
        let Some(app) = by_reference.get(line.reference.as_str()) else {
            continue;
        };
        let rank = i32::try_from(line.rank).unwrap_or(i32::MAX);
        let mut extra = vec![
            (
                application::Column::DrawTier,
                Expr::value(Some(i32::from(line.tier))),
            ),
            (
                application::Column::DrawTicket,
                Expr::value(Some(line.ticket.clone())),
            ),
            (application::Column::DrawRank, Expr::value(Some(rank))),
            (
                application::Column::DrawOutcome,
                Expr::value(Some(line.outcome.as_str())),
            ),
        ];
        let to = match line.outcome {
            DrawOutcome::Offered => {
                if !take_place(&txn, cohort_id).await? {
                    return Err(AppError::Internal(format!(
                        "draw of cohort {cohort_id} offered more than its places"
                    )));
                }
                extra.push((
                    application::Column::OfferExpiresAt,
                    Expr::value(Some(deadline)),
                ));
                offered += 1;
                ApplicationStatus::Offered
            }
            DrawOutcome::Waitlisted => {
                extra.push((
                    application::Column::WaitlistPosition,
                    Expr::value(Some(rank)),
                ));
                waitlisted += 1;
                ApplicationStatus::Waitlisted
            }
        };
        if !move_status(&txn, app.id, ApplicationStatus::Pending, to, extra).await? {
            return Err(AppError::conflict(Message::keyed(
                "changed_concurrently",
                "msg-changed_concurrently-6",
            )));
        }
        if to == ApplicationStatus::Offered {
            audit::record(
                &txn,
                Some(actor),
                "application.offer",
                "application",
                app.id,
                json!({"source": "draw", "rank": rank, "expires_at": deadline}),
            )
            .await?;
        }
        notices::draw_outcome(&txn, state, &w, &c, app, line, deadline).await?;
    }
    audit::record(
        &txn,
        Some(actor),
        "cohort.draw",
        "cohort",
        cohort_id,
        json!({"seed": seed, "commitment": c.draw_commitment, "entrants": lines.len(),
               "offered": offered, "waitlisted": waitlisted, "places": places}),
    )
    .await?;
    let c = cohorts::get(&txn, cohort_id).await?;
    let apps = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .all(&txn)
        .await?;
    let result = public_result(&c, &apps);
    txn.commit().await?;
    tracing::info!(cohort = cohort_id, offered, waitlisted, "draw ran");
    Ok(result)
}

/// The public draw result; 404 before the draw (and for review cohorts).
pub async fn draw_result<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<DrawResult> {
    let c = cohorts::get(db, cohort_id).await?;
    if c.drawn_at.is_none() {
        return Err(AppError::NotFound);
    }
    let apps = application::Entity::find()
        .filter(application::Column::CohortId.eq(cohort_id))
        .filter(application::Column::DrawRank.is_not_null())
        .all(db)
        .await?;
    Ok(public_result(&c, &apps))
}

/// Offers a freed place to the next waitlisted applicant (in waitlist order,
/// skipping employers at their quota), if a place is free. `except` is left
/// out (an organizer who waitlists an admitted applicant does not re-offer
/// them their own place).
pub async fn offer_next<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    c: &cohort::Model,
    except: Option<i64>,
) -> AppResult<Option<i64>> {
    let now = state.clock.now();
    let waiting: Vec<application::Model> = application::Entity::find()
        .filter(application::Column::CohortId.eq(c.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Waitlisted.as_str()))
        .order_by_asc(application::Column::WaitlistPosition)
        .order_by_asc(application::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter(|a| Some(a.id) != except)
        .collect();
    if waiting.is_empty() {
        return Ok(None);
    }
    let selection = of(c);
    let mut held: HashMap<String, u32> = HashMap::new();
    if selection.employer_quota.is_some() {
        let holders = application::Entity::find()
            .filter(application::Column::CohortId.eq(c.id))
            .filter(application::Column::Status.is_in([
                ApplicationStatus::Admitted.as_str(),
                ApplicationStatus::Offered.as_str(),
            ]))
            .all(conn)
            .await?;
        for h in holders {
            *held.entry(employer_key(&h.employer)).or_default() += 1;
        }
    }
    let keys: Vec<String> = waiting.iter().map(|a| employer_key(&a.employer)).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let Some(i) = rules::next_offer(&key_refs, &held, selection.employer_quota) else {
        return Ok(None);
    };
    let next = &waiting[i];
    if !take_place(conn, c.id).await? {
        return Ok(None);
    }
    let deadline = rules::offer_deadline(now, selection.offer_hours);
    let extra = vec![
        (
            application::Column::WaitlistPosition,
            Expr::value(Option::<i32>::None),
        ),
        (
            application::Column::OfferExpiresAt,
            Expr::value(Some(deadline)),
        ),
    ];
    if !move_status(
        conn,
        next.id,
        ApplicationStatus::Waitlisted,
        ApplicationStatus::Offered,
        extra,
    )
    .await?
    {
        return Err(AppError::Internal(format!(
            "waitlisted application {} changed during an offer",
            next.id
        )));
    }
    audit::record(
        conn,
        None,
        "application.offer",
        "application",
        next.id,
        json!({"source": "waitlist", "expires_at": deadline}),
    )
    .await?;
    let offered = application::Entity::find_by_id(next.id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let w = workshops::get(conn, c.workshop_id).await?;
    crate::service::notify::promoted(conn, state, &w, c, &offered).await?;
    Ok(Some(next.id))
}

fn changed() -> AppError {
    AppError::conflict(Message::keyed(
        "changed_concurrently",
        "msg-changed_concurrently-2",
    ))
}

/// The applicant's application behind a reference and token, if it holds an
/// offer they may still answer at `now` (409 `no_offer` / `offer_expired`).
async fn open_offer<C: ConnectionTrait>(
    conn: &C,
    keys: &crate::crypto::DataKeys,
    reference: &str,
    token: &str,
    now: DateTime<Utc>,
) -> AppResult<application::Model> {
    let app = by_reference(conn, keys, reference, token).await?;
    let offered = status_of(&app)? == ApplicationStatus::Offered;
    rules::can_answer_offer(offered, app.offer_expires_at, now).map_err(AppError::conflict)?;
    Ok(app)
}

/// The applicant accepts their offer before its deadline: the place is theirs.
pub async fn accept(
    state: &AppState,
    reference: &str,
    token: &str,
) -> AppResult<application::Model> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let app = open_offer(&txn, &state.keys, reference, token, now).await?;
    // Conditional on the offer still being open at this instant, so an
    // acceptance and the expiry can never both win.
    let moved = application::Entity::update_many()
        .col_expr(
            application::Column::Status,
            Expr::value(ApplicationStatus::Admitted.as_str()),
        )
        .col_expr(application::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(application::Column::Id.eq(app.id))
        .filter(application::Column::Status.eq(ApplicationStatus::Offered.as_str()))
        .filter(application::Column::OfferExpiresAt.gt(now))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(changed());
    }
    audit::record(
        &txn,
        None,
        "application.accept",
        "application",
        app.id,
        json!({"offer_expires_at": app.offer_expires_at}),
    )
    .await?;
    let app = application::Entity::find_by_id(app.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    // Accepted after the roster was approved: the welcome comes now.
    let c = cohorts::get(&txn, app.cohort_id).await?;
    let w = workshops::get(&txn, c.workshop_id).await?;
    crate::service::notify_welcome::joined_after_approval(&txn, state, &w, &c, &app).await?;
    txn.commit().await?;
    Ok(app)
}

/// Ends an open offer (`declined` by the applicant or `expired`), frees the
/// place and offers it to the next on the waitlist. False: it was no longer open.
async fn end_offer<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    app: &application::Model,
    reason: &'static str,
) -> AppResult<bool> {
    let extra = vec![(
        application::Column::DeclineReason,
        Expr::value(Some(reason)),
    )];
    if !move_status(
        conn,
        app.id,
        ApplicationStatus::Offered,
        ApplicationStatus::Declined,
        extra,
    )
    .await?
    {
        return Ok(false);
    }
    let c = cohorts::get(conn, app.cohort_id).await?;
    free_place(conn, c.id).await?;
    let action = if reason == "expired" {
        "application.offer_expired"
    } else {
        "application.decline"
    };
    audit::record(
        conn,
        None,
        action,
        "application",
        app.id,
        json!({"reason": reason, "offer_expires_at": app.offer_expires_at}),
    )
    .await?;
    if reason == "expired" {
        let w = workshops::get(conn, c.workshop_id).await?;
        notices::offer_lapsed(conn, state, &w, &c, app).await?;
    }
    offer_next(conn, state, &c, None).await?;
    Ok(true)
}

/// The applicant declines their offer; the place goes to the next waitlisted.
pub async fn decline(
    state: &AppState,
    reference: &str,
    token: &str,
) -> AppResult<application::Model> {
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let app = open_offer(&txn, &state.keys, reference, token, now).await?;
    if !end_offer(&txn, state, &app, "declined").await? {
        return Err(changed());
    }
    let app = application::Entity::find_by_id(app.id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    txn.commit().await?;
    Ok(app)
}

/// Lapses every offer past its deadline at `now`, each in its own
/// transaction, and returns how many lapsed.
pub async fn expire_offers_at(state: &AppState, now: DateTime<Utc>) -> AppResult<usize> {
    let due = application::Entity::find()
        .filter(application::Column::Status.eq(ApplicationStatus::Offered.as_str()))
        .filter(application::Column::OfferExpiresAt.lte(now))
        .order_by_asc(application::Column::OfferExpiresAt)
        .order_by_asc(application::Column::Id)
        .all(&state.db)
        .await?;
    let mut lapsed = 0;
    for app in due {
        let txn = crate::db::begin_write(&state.db).await?;
        // Re-read inside the write lock: it may have been accepted meanwhile.
        let Some(fresh) = application::Entity::find_by_id(app.id).one(&txn).await? else {
            continue;
        };
        let still_due = fresh.status == ApplicationStatus::Offered.as_str()
            && fresh.offer_expires_at.is_some_and(|t| t <= now);
        if still_due && end_offer(&txn, state, &fresh, "expired").await? {
            txn.commit().await?;
            lapsed += 1;
        }
    }
    Ok(lapsed)
}

/// What the background loop calls on every pass, at the service's clock.
/// Never fails: a problem is logged and the next pass tries again.
pub async fn expire_due_offers(state: &AppState) -> usize {
    match expire_offers_at(state, state.clock.now()).await {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "offers: will try to expire again");
            0
        }
    }
}

/// The current place in line of a waitlisted application (1 = next offered):
/// computed from the order, so it moves up as those ahead leave.
pub async fn waitlist_rank<C: ConnectionTrait>(
    db: &C,
    app: &application::Model,
) -> AppResult<Option<u64>> {
    if app.status != ApplicationStatus::Waitlisted.as_str() {
        return Ok(None);
    }
    let Some(pos) = app.waitlist_position else {
        return Ok(None);
    };
    let ahead = application::Entity::find()
        .filter(application::Column::CohortId.eq(app.cohort_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Waitlisted.as_str()))
        .filter(
            sea_orm::Condition::any()
                .add(application::Column::WaitlistPosition.lt(pos))
                .add(
                    sea_orm::Condition::all()
                        .add(application::Column::WaitlistPosition.eq(pos))
                        .add(application::Column::Id.lt(app.id)),
                ),
        )
        .count(db)
        .await?;
    Ok(Some(ahead + 1))
}

/// An applicant's own line of the draw.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicantDraw {
    pub outcome: Option<String>,
    pub rank: i32,
    pub ticket: Option<String>,
    pub tier: Option<i32>,
}

/// What an applicant sees of selection (part of `ApplicantView`).
#[derive(Debug, Clone)]
pub struct ApplicantExtras {
    pub decline_reason: Option<String>,
    pub draw: Option<ApplicantDraw>,
    pub nominated: bool,
    /// The deadline of an open offer (null unless offered).
    pub offer_expires_at: Option<DateTime<Utc>>,
    /// The current place on the waitlist, 1 first.
    pub waitlist_position: Option<u64>,
}

/// What an applicant sees of selection: their draw line, their current
/// place on the waitlist and an open offer's deadline.
pub async fn applicant_extras<C: ConnectionTrait>(
    db: &C,
    app: &application::Model,
) -> AppResult<ApplicantExtras> {
    let rank = waitlist_rank(db, app).await?;
    Ok(ApplicantExtras {
        decline_reason: app.decline_reason.clone(),
        draw: app.draw_rank.map(|r| ApplicantDraw {
            outcome: app.draw_outcome.clone(),
            rank: r,
            ticket: app.draw_ticket.clone(),
            tier: app.draw_tier,
        }),
        nominated: app.nomination_id.is_some(),
        offer_expires_at: (app.status == ApplicationStatus::Offered.as_str())
            .then_some(app.offer_expires_at)
            .flatten(),
        waitlist_position: rank,
    })
}
