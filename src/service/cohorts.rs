//! Cohorts: one run of a workshop, with capacity, an application window, dates,
//! a venue and a life cycle (draft → open → closed → approved → running → completed).
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::domain::Message;
use crate::domain::cohort::{self as rules, CohortStatus};
use crate::domain::selection::Selection;
use crate::entity::cohort;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::workshops::{self, Workshop};

#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct CohortInput {
    pub name: String,
    pub capacity: i64,
    #[schema(value_type = String, format = DateTime, example = "2026-12-01T09:00:00+08:00")]
    pub applications_open_at: DateTime<FixedOffset>,
    #[schema(value_type = String, format = DateTime, example = "2026-12-20T17:00:00+08:00")]
    pub applications_close_at: DateTime<FixedOffset>,
    #[schema(value_type = String, format = Date, example = "2027-01-04")]
    pub starts_on: NaiveDate,
    #[schema(value_type = String, format = Date, example = "2027-01-29")]
    pub ends_on: NaiveDate,
    pub venue: String,
    /// `{mode: review|draw, employer_quota, offer_hours}`; set at creation or
    /// while the cohort is a draft. Omitted: review, no quota, 48 hours.
    #[serde(default)]
    #[validate(nested)]
    pub selection: Option<crate::service::selection::SelectionInput>,
}

pub struct ValidCohort {
    pub name: String,
    pub capacity: u32,
    pub open_at: DateTime<Utc>,
    pub close_at: DateTime<Utc>,
    pub venue: String,
    pub selection: Option<Selection>,
}

pub fn validate(input: &CohortInput) -> Result<ValidCohort, Vec<FieldError>> {
    let mut errors = vec![];
    let name = input.name.trim().to_string();
    if name.chars().count() < 1 || name.chars().count() > 100 {
        errors.push(FieldError::new(
            "name",
            Message::keyed("name_length", "msg-name_length-2"),
        ));
    }
    let venue = input.venue.trim().to_string();
    if venue.chars().count() < 2 || venue.chars().count() > 200 {
        errors.push(FieldError::new("venue", Message::of("venue_length")));
    }
    let capacity = rules::validate_capacity(input.capacity)
        .map_err(|m| errors.push(FieldError::new("capacity", m)));
    let open_at = input.applications_open_at.with_timezone(&Utc);
    let close_at = input.applications_close_at.with_timezone(&Utc);
    if let Err(problems) =
        rules::validate_cohort_dates(open_at, close_at, input.starts_on, input.ends_on)
    {
        for m in problems {
            let field = match m.code {
                "cohort_window_invalid" => "applications_close_at",
                "cohort_close_after_start" => "starts_on",
                _ => "ends_on",
            };
            errors.push(FieldError::new(field, m));
        }
    }
    let selection = match &input.selection {
        Some(sel) => sel.check().map_err(|e| errors.extend(e)).ok(),
        None => None,
    };
    match capacity {
        Ok(capacity) if errors.is_empty() => Ok(ValidCohort {
            name,
            capacity,
            open_at,
            close_at,
            venue,
            selection,
        }),
        _ => Err(errors),
    }
}

pub async fn create<C: ConnectionTrait>(
    db: &C,
    actor: i64,
    workshop_id: i64,
    input: &CohortInput,
) -> AppResult<cohort::Model> {
    workshops::get(db, workshop_id).await?;
    let v = validate(input).map_err(AppError::Validation)?;
    let selection = v.selection.unwrap_or_default();
    let now = Utc::now();
    let model = cohort::ActiveModel {
        workshop_id: Set(workshop_id),
        name: Set(v.name),
        capacity: Set(v.capacity as i32),
        admitted_count: Set(0),
        waitlist_seq: Set(0),
        applications_open_at: Set(v.open_at),
        applications_close_at: Set(v.close_at),
        starts_on: Set(input.starts_on),
        ends_on: Set(input.ends_on),
        venue: Set(v.venue),
        status: Set(CohortStatus::Draft.as_str().into()),
        purged_at: Set(None),
        selection_mode: Set(selection.mode.as_str().into()),
        employer_quota: Set(selection.employer_quota.map(|q| q as i32)),
        offer_hours: Set(selection.offer_hours as i32),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::audit::record(
        db,
        Some(actor),
        "cohort.create",
        "cohort",
        model.id,
        json!({"workshop_id": workshop_id, "selection": selection.mode.as_str(),
               "employer_quota": selection.employer_quota, "offer_hours": selection.offer_hours}),
    )
    .await?;
    Ok(model)
}

/// Edits a cohort's details. Capacity may not drop below those already admitted.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    actor: i64,
    id: i64,
    input: &CohortInput,
) -> AppResult<cohort::Model> {
    let existing = get(db, id).await?;
    let v = validate(input).map_err(AppError::Validation)?;
    if (v.capacity as i32) < existing.admitted_count {
        return Err(AppError::field(
            "capacity",
            Message::of("capacity_below_admitted").arg("admitted_count", &existing.admitted_count),
        ));
    }
    // Selection is part of the rules applicants apply under: fixed once open.
    let selection = v.selection;
    if let Some(sel) = selection
        && sel != crate::service::selection::of(&existing)
        && existing.status != CohortStatus::Draft.as_str()
    {
        return Err(AppError::conflict(Message::of("selection_locked")));
    }
    let mut model: cohort::ActiveModel = existing.into();
    if let Some(sel) = selection {
        model.selection_mode = Set(sel.mode.as_str().into());
        model.employer_quota = Set(sel.employer_quota.map(|q| q as i32));
        model.offer_hours = Set(sel.offer_hours as i32);
    }
    model.name = Set(v.name);
    model.capacity = Set(v.capacity as i32);
    model.applications_open_at = Set(v.open_at);
    model.applications_close_at = Set(v.close_at);
    model.starts_on = Set(input.starts_on);
    model.ends_on = Set(input.ends_on);
    model.venue = Set(v.venue);
    model.updated_at = Set(Utc::now());
    let model = model.update(db).await?;
    forget_cached();
    super::audit::record(db, Some(actor), "cohort.update", "cohort", id, json!({})).await?;
    Ok(model)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> AppResult<cohort::Model> {
    cohort::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// How long the hot path of applying keeps a cohort and its parsed workshop.
const CACHE_FOR: std::time::Duration = std::time::Duration::from_secs(1);

type CachedCohort = (std::time::Instant, cohort::Model, Workshop);

struct CohortCache {
    /// Bumped by every edit, so a read that began before the edit is not kept.
    generation: std::sync::atomic::AtomicU64,
    entries: std::sync::Mutex<std::collections::HashMap<(String, i64), CachedCohort>>,
}

fn cache() -> &'static CohortCache {
    static CACHE: std::sync::OnceLock<CohortCache> = std::sync::OnceLock::new();
    CACHE.get_or_init(|| CohortCache {
        generation: std::sync::atomic::AtomicU64::new(0),
        entries: Default::default(),
    })
}

/// Forgets every cached cohort and workshop: called after each edit of a
/// cohort's or workshop's rules, window, status or texts (in this process; a
/// second instance sees an edit within `CACHE_FOR`).
pub fn forget_cached() {
    let c = cache();
    c.generation
        .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    c.entries
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clear();
}

/// [`get_with_workshop`] kept for up to a second (one statement less per
/// application); edits through this service are seen at once.
pub async fn get_with_workshop_cached(
    db: &DatabaseConnection,
    id: i64,
) -> AppResult<(cohort::Model, Workshop)> {
    let c = cache();
    let key = (crate::db::database_key(db), id);
    {
        let entries = c
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((at, cohort, workshop)) = entries.get(&key)
            && at.elapsed() < CACHE_FOR
        {
            return Ok((cohort.clone(), workshop.clone()));
        }
    }
    let generation = c.generation.load(std::sync::atomic::Ordering::SeqCst);
    let started = std::time::Instant::now();
    let (cohort, workshop) = get_with_workshop(db, id).await?;
    let mut entries = c
        .entries
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if c.generation.load(std::sync::atomic::Ordering::SeqCst) == generation {
        if entries.len() > 4096 {
            entries.retain(|_, (at, _, _)| at.elapsed() < CACHE_FOR);
        }
        entries.insert(key, (started, cohort.clone(), workshop.clone()));
    }
    Ok((cohort, workshop))
}

/// A cohort and its workshop in one query (the hot path of applying).
pub async fn get_with_workshop<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> AppResult<(cohort::Model, Workshop)> {
    let (c, w) = cohort::Entity::find_by_id(id)
        .find_also_related(crate::entity::workshop::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let w = w.ok_or_else(|| AppError::Internal(format!("cohort {id} has no workshop")))?;
    Ok((c, Workshop::from_model(w)?))
}

pub fn status_of(model: &cohort::Model) -> AppResult<CohortStatus> {
    CohortStatus::parse(&model.status).ok_or_else(|| {
        AppError::Internal(format!(
            "cohort {} has unknown status {}",
            model.id, model.status
        ))
    })
}

/// Cohorts, newest first, optionally of one status.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    status: Option<CohortStatus>,
    include_drafts: bool,
) -> AppResult<Vec<cohort::Model>> {
    let mut q = cohort::Entity::find().order_by_desc(cohort::Column::Id);
    if let Some(s) = status {
        q = q.filter(cohort::Column::Status.eq(s.as_str()));
    }
    if !include_drafts {
        q = q.filter(cohort::Column::Status.ne(CohortStatus::Draft.as_str()));
    }
    Ok(q.all(db).await?)
}

/// Moves a cohort along its life cycle; anything the domain refuses is 409
/// `invalid_transition`. Approval queues the welcome notices in the same
/// transaction.
pub async fn transition(
    state: &crate::AppState,
    actor: i64,
    id: i64,
    to: &str,
) -> AppResult<cohort::Model> {
    transition_confirmed(state, actor, id, to, false).await
}

/// As [`transition`]; `confirm` allows completing a cohort whose sessions
/// are still to come (they are cancelled), else 409 `sessions_to_come`.
pub async fn transition_confirmed(
    state: &crate::AppState,
    actor: i64,
    id: i64,
    to: &str,
    confirm: bool,
) -> AppResult<cohort::Model> {
    let Some(to) = CohortStatus::parse(to) else {
        return Err(AppError::field("to", Message::of("status_invalid")));
    };
    let db: &DatabaseConnection = &state.db;
    let txn = crate::db::begin_write(db).await?;
    let current = get(&txn, id).await?;
    let from = status_of(&current)?;
    let next = rules::transition(from, to).map_err(|m| AppError::Conflict {
        message: m,
        details: json!({"from": from.as_str(), "to": to.as_str()}),
    })?;
    // A drawn cohort cannot reopen (new applicants would miss the draw).
    if next == CohortStatus::Open && current.drawn_at.is_some() {
        return Err(AppError::Conflict {
            message: Message::of("invalid_transition"),
            details: json!({"from": from.as_str(), "to": to.as_str()}),
        });
    }
    if next == CohortStatus::Approved {
        crate::service::selection::check_no_open_offers(&txn, &current).await?;
    }
    // Conditional on the state we read, so two organizers cannot both move it.
    let moved = cohort::Entity::update_many()
        .col_expr(
            cohort::Column::Status,
            sea_orm::sea_query::Expr::value(next.as_str()),
        )
        .col_expr(
            cohort::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(cohort::Column::Id.eq(id))
        .filter(cohort::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::conflict(Message::keyed(
            "changed_concurrently",
            "msg-changed_concurrently-3",
        )));
    }
    super::audit::record(
        &txn,
        Some(actor),
        "cohort.transition",
        "cohort",
        id,
        json!({"from": from.as_str(), "to": next.as_str()}),
    )
    .await?;
    if next == CohortStatus::Completed {
        super::credentials::completion::before_completing(
            &txn,
            state,
            actor,
            &current,
            confirm,
            Utc::now(),
        )
        .await?;
    }
    if next == CohortStatus::Open {
        crate::service::selection::fix_seed_on_open(&txn, actor, &current).await?;
    }
    if next == CohortStatus::Approved {
        let workshop = workshops::get(&txn, current.workshop_id).await?;
        super::notify_welcome::cohort_approved(&txn, state, &workshop, &current).await?;
    }
    txn.commit().await?;
    forget_cached();
    get(db, id).await
}

/// The public view of a cohort, with its workshop's rules in words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortView {
    pub accepting_applications: bool,
    /// How many are admitted.
    pub admitted: i32,
    pub applications_close_at: DateTime<Utc>,
    pub applications_open_at: DateTime<Utc>,
    pub capacity: i32,
    /// Only in draw mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draw: Option<crate::service::selection::DrawState>,
    pub ends_on: NaiveDate,
    pub entry_rules_text: crate::i18n::Bilingual,
    pub id: i64,
    pub name: String,
    pub places_left: i32,
    #[serde(serialize_with = "crate::service::keys_sorted")]
    #[schema(value_type = Object)]
    pub rubric: crate::domain::assessment::Rubric,
    pub selection: crate::service::selection::SelectionView,
    pub starts_on: NaiveDate,
    /// draft, open, closed, approved, running, completed or cancelled
    pub status: String,
    pub trade: String,
    pub venue: String,
    pub workshop_id: i64,
    pub workshop_title: String,
}

/// The public view of a cohort, with its workshop's rules in words.
pub fn view(c: &cohort::Model, w: &Workshop, now: DateTime<Utc>) -> CohortView {
    let (zh, en) = w.entry_rules.describe();
    let status = CohortStatus::parse(&c.status);
    let accepting = status
        .map(|s| {
            rules::accepting_applications(s, now, c.applications_open_at, c.applications_close_at)
        })
        .unwrap_or(false);
    let (selection, draw) = crate::service::selection::view(c);
    CohortView {
        accepting_applications: accepting,
        admitted: c.admitted_count,
        applications_close_at: c.applications_close_at,
        applications_open_at: c.applications_open_at,
        capacity: c.capacity,
        draw,
        ends_on: c.ends_on,
        entry_rules_text: crate::i18n::Bilingual::new(zh, en),
        id: c.id,
        name: c.name.clone(),
        places_left: (c.capacity - c.admitted_count).max(0),
        rubric: w.rubric.clone(),
        selection,
        starts_on: c.starts_on,
        status: c.status.clone(),
        trade: w.model.trade.clone(),
        venue: c.venue.clone(),
        workshop_id: c.workshop_id,
        workshop_title: w.model.title.clone(),
    }
}
