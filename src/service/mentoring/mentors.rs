//! A cohort's mentors: a mentor account attached with a capacity, the welding
//! processes they teach and their employer. Organizers add, change and remove.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::{
    Actor, lock_cohort, parse_processes, process_codes, require_not_finished, users_by_id,
};
use crate::domain::Message;
use crate::domain::qualification::WeldingProcess;
use crate::entity::{cohort_mentor, cohort_session, mentor_assignment, user};
use crate::error::{AppError, AppResult, FieldError};
use crate::service::accounts::{self, Role};
use crate::service::{audit, cohorts};

/// Most mentees one mentor may take in one cohort.
pub const MAX_MENTOR_CAPACITY: i64 = 500;

/// Attach a mentor account to a cohort.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MentorInput {
    /// The email of an existing account with the mentor role.
    pub email: String,
    /// How many mentees they take (1–500).
    pub capacity: i64,
    /// Processes they teach: SMAW, GMAW, GTAW, FCAW, SAW.
    pub processes: Vec<String>,
    /// Their employer; pairing avoids mentees from the same one.
    #[serde(default)]
    pub employer: String,
    /// An honorific shown beside the name, e.g. a provincial model worker.
    #[serde(default)]
    pub title: String,
}

/// Change a cohort mentor's capacity, processes, employer or title.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct MentorUpdate {
    pub capacity: i64,
    pub processes: Vec<String>,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub title: String,
}

/// A cohort mentor as the API shows one.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorView {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub title: String,
    pub capacity: i32,
    pub processes: Vec<&'static str>,
    pub employer: String,
    /// Mentees assigned now.
    pub assigned: u64,
    pub places_left: i64,
}

struct ValidMentor {
    capacity: i32,
    processes: Vec<WeldingProcess>,
    employer: String,
    title: String,
}

fn validate(
    capacity: i64,
    processes: &[String],
    employer: &str,
    title: &str,
) -> Result<ValidMentor, Vec<FieldError>> {
    let mut errors = vec![];
    let cap = i32::try_from(capacity)
        .ok()
        .filter(|c| (1..=MAX_MENTOR_CAPACITY).contains(&i64::from(*c)));
    if cap.is_none() {
        errors.push(FieldError::new(
            "capacity",
            Message::of("mentor_capacity_invalid").arg("max_mentor_capacity", &MAX_MENTOR_CAPACITY),
        ));
    }
    let mut parsed = vec![];
    for p in processes {
        match WeldingProcess::parse(p) {
            Ok(p) => parsed.push(p),
            Err(m) => {
                errors.push(FieldError::new("processes", m));
                break;
            }
        }
    }
    parsed.sort();
    parsed.dedup();
    if processes.is_empty() {
        errors.push(FieldError::new(
            "processes",
            Message::of("mentor_processes_missing"),
        ));
    }
    let employer = employer.trim().to_string();
    if employer.chars().count() > 160 || employer.chars().any(char::is_control) {
        errors.push(FieldError::new(
            "employer",
            Message::keyed("employer_length", "msg-employer_length-2"),
        ));
    }
    let title = title.trim().to_string();
    if title.chars().count() > 40 || title.chars().any(char::is_control) {
        errors.push(FieldError::new("title", Message::of("mentor_title_length")));
    }
    match cap {
        Some(capacity) if errors.is_empty() => Ok(ValidMentor {
            capacity,
            processes: parsed,
            employer,
            title,
        }),
        _ => Err(errors),
    }
}

/// The mentor account behind an email; 422 naming `field` when there is none.
pub async fn mentor_account<C: ConnectionTrait>(
    db: &C,
    email: &str,
    field: &str,
) -> AppResult<user::Model> {
    match accounts::find_by_email(db, email).await? {
        Some(u) if Role::parse(&u.role) == Some(Role::Mentor) && u.active => Ok(u),
        _ => Err(AppError::field(
            field,
            Message::of("mentor_account_missing"),
        )),
    }
}

async fn assigned_count<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    user_id: i64,
) -> AppResult<u64> {
    Ok(mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .filter(mentor_assignment::Column::MentorUserId.eq(user_id))
        .count(db)
        .await?)
}

async fn find<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    user_id: i64,
) -> AppResult<cohort_mentor::Model> {
    cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .filter(cohort_mentor::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn view_of<C: ConnectionTrait>(db: &C, m: &cohort_mentor::Model) -> AppResult<MentorView> {
    let users = users_by_id(db, [m.user_id]).await?;
    let assigned = assigned_count(db, m.cohort_id, m.user_id).await?;
    Ok(view(m, users.get(&m.user_id), assigned))
}

fn view(m: &cohort_mentor::Model, u: Option<&user::Model>, assigned: u64) -> MentorView {
    let assigned_i = i64::try_from(assigned).unwrap_or(i64::MAX);
    MentorView {
        user_id: m.user_id,
        email: u.map(|u| u.email.clone()).unwrap_or_default(),
        name: u.map(|u| u.name.clone()).unwrap_or_default(),
        title: m.title.clone(),
        capacity: m.capacity,
        processes: process_codes(&parse_processes(&m.processes)),
        employer: m.employer.clone(),
        assigned,
        places_left: (i64::from(m.capacity) - assigned_i).max(0),
    }
}

/// Attaches a mentor account to a cohort (201). 422 naming `email` when the
/// email is not a mentor's account; 409 when they are already attached.
pub async fn add(
    db: &DatabaseConnection,
    actor: Actor,
    cohort_id: i64,
    input: &MentorInput,
) -> AppResult<MentorView> {
    let c = cohorts::get(db, cohort_id).await?;
    require_not_finished(&c)?;
    // Every problem at once: the account and the other fields.
    let mut fields = vec![];
    let account = match mentor_account(db, &input.email, "email").await {
        Ok(a) => Some(a),
        Err(AppError::Validation(f)) => {
            fields.extend(f);
            None
        }
        Err(e) => return Err(e),
    };
    let valid = match validate(
        input.capacity,
        &input.processes,
        &input.employer,
        &input.title,
    ) {
        Ok(v) => Some(v),
        Err(f) => {
            fields.extend(f);
            None
        }
    };
    let (Some(account), Some(valid)) = (account, valid) else {
        return Err(AppError::Validation(fields));
    };
    let txn = crate::db::begin_write(db).await?;
    lock_cohort(&txn, cohort_id).await?;
    if find(&txn, cohort_id, account.id).await.is_ok() {
        return Err(already_added());
    }
    let now = Utc::now();
    let inserted = cohort_mentor::ActiveModel {
        cohort_id: Set(cohort_id),
        user_id: Set(account.id),
        capacity: Set(valid.capacity),
        processes: Set(json!(process_codes(&valid.processes)).to_string()),
        employer: Set(valid.employer),
        title: Set(valid.title),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let m = match inserted {
        Ok(m) => m,
        Err(e) if crate::db::is_unique_violation(&e) => return Err(already_added()),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        &txn,
        Some(actor.id),
        "cohort.mentor.add",
        "cohort",
        cohort_id,
        json!({"mentor_user_id": account.id, "capacity": m.capacity, "processes": m.processes}),
    )
    .await?;
    txn.commit().await?;
    view_of(db, &m).await
}

fn already_added() -> AppError {
    AppError::conflict(Message::of("mentor_already_added"))
}

/// Changes a cohort mentor. The capacity may not drop below their current mentees.
pub async fn update(
    db: &DatabaseConnection,
    actor: Actor,
    cohort_id: i64,
    user_id: i64,
    input: &MentorUpdate,
) -> AppResult<MentorView> {
    let valid = validate(
        input.capacity,
        &input.processes,
        &input.employer,
        &input.title,
    )
    .map_err(AppError::Validation)?;
    let txn = crate::db::begin_write(db).await?;
    let c = lock_cohort(&txn, cohort_id).await?;
    require_not_finished(&c)?;
    let existing = find(&txn, cohort_id, user_id).await?;
    let assigned = assigned_count(&txn, cohort_id, user_id).await?;
    if u64::try_from(valid.capacity).unwrap_or(0) < assigned {
        return Err(AppError::field(
            "capacity",
            Message::of("capacity_below_assigned").arg("assigned", &assigned),
        ));
    }
    let before = json!({"capacity": existing.capacity, "processes": existing.processes, "employer": existing.employer});
    let mut model: cohort_mentor::ActiveModel = existing.into();
    model.capacity = Set(valid.capacity);
    model.processes = Set(json!(process_codes(&valid.processes)).to_string());
    model.employer = Set(valid.employer);
    model.title = Set(valid.title);
    model.updated_at = Set(Utc::now());
    let m = model.update(&txn).await?;
    let after = json!({"capacity": m.capacity, "processes": m.processes, "employer": m.employer});
    audit::record(
        &txn,
        Some(actor.id),
        "cohort.mentor.update",
        "cohort",
        cohort_id,
        json!({"mentor_user_id": user_id, "before": before, "after": after}),
    )
    .await?;
    txn.commit().await?;
    view_of(db, &m).await
}

/// Removes a mentor from a cohort. Their mentees become unassigned (to be
/// paired again) and their sessions keep running without a named mentor.
/// Returns the participants who lost their mentor.
pub async fn remove(
    db: &DatabaseConnection,
    actor: Actor,
    cohort_id: i64,
    user_id: i64,
) -> AppResult<Vec<i64>> {
    let txn = crate::db::begin_write(db).await?;
    let c = lock_cohort(&txn, cohort_id).await?;
    require_not_finished(&c)?;
    let existing = find(&txn, cohort_id, user_id).await?;
    let mentees: Vec<i64> = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .filter(mentor_assignment::Column::MentorUserId.eq(user_id))
        .order_by_asc(mentor_assignment::Column::ParticipantId)
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.participant_id)
        .collect();
    mentor_assignment::Entity::delete_many()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .filter(mentor_assignment::Column::MentorUserId.eq(user_id))
        .exec(&txn)
        .await?;
    cohort_session::Entity::update_many()
        .col_expr(
            cohort_session::Column::MentorUserId,
            Expr::value(Option::<i64>::None),
        )
        .filter(cohort_session::Column::CohortId.eq(cohort_id))
        .filter(cohort_session::Column::MentorUserId.eq(user_id))
        .exec(&txn)
        .await?;
    cohort_mentor::Entity::delete_by_id(existing.id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Some(actor.id),
        "cohort.mentor.remove",
        "cohort",
        cohort_id,
        json!({"mentor_user_id": user_id, "unassigned": mentees}),
    )
    .await?;
    txn.commit().await?;
    Ok(mentees)
}

/// The cohort's mentors, in the order they were added.
pub async fn list<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<Vec<MentorView>> {
    let mentors = cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .order_by_asc(cohort_mentor::Column::Id)
        .all(db)
        .await?;
    let users = users_by_id(db, mentors.iter().map(|m| m.user_id)).await?;
    let loads = loads(db, cohort_id).await?;
    Ok(mentors
        .iter()
        .map(|m| {
            view(
                m,
                users.get(&m.user_id),
                loads.get(&m.user_id).copied().unwrap_or(0),
            )
        })
        .collect())
}

/// Mentees per mentor user id in a cohort.
pub async fn loads<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<std::collections::HashMap<i64, u64>> {
    let mut out = std::collections::HashMap::new();
    for a in mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::CohortId.eq(cohort_id))
        .all(db)
        .await?
    {
        *out.entry(a.mentor_user_id).or_insert(0) += 1;
    }
    Ok(out)
}

/// The raw rows, for pairing.
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<cohort_mentor::Model>> {
    Ok(cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(cohort_id))
        .order_by_asc(cohort_mentor::Column::Id)
        .all(db)
        .await?)
}

/// The cohorts a mentor account belongs to.
pub async fn cohorts_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
) -> AppResult<Vec<cohort_mentor::Model>> {
    Ok(cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::UserId.eq(user_id))
        .order_by_desc(cohort_mentor::Column::CohortId)
        .all(db)
        .await?)
}

/// A cohort mentor as the public sees one: never their email or employer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnnouncedMentor {
    /// The mentor's id, as `mentor_preferences` names them.
    pub id: i64,
    pub name: String,
    /// An honorific such as a provincial model worker (may be empty).
    pub title: String,
    pub processes: Vec<&'static str>,
}

/// The cohort's mentors for its public page and `GET /api/v1/cohorts/{id}`,
/// in the order they were added.
pub async fn announced<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
) -> AppResult<Vec<AnnouncedMentor>> {
    let mentors = rows(db, cohort_id).await?;
    let users = users_by_id(db, mentors.iter().map(|m| m.user_id)).await?;
    Ok(mentors
        .iter()
        .map(|m| AnnouncedMentor {
            id: m.user_id,
            name: users
                .get(&m.user_id)
                .map(|u| u.name.clone())
                .unwrap_or_default(),
            title: m.title.clone(),
            processes: process_codes(&parse_processes(&m.processes)),
        })
        .collect())
}
