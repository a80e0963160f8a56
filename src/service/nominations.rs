//! Nominations by employers: single-use codes an organizer issues to an
//! employer's union; an applicant of that employer who enters one takes tier 1
//! in the cohort's draw. Codes use the certificates' alphabet (Crockford base
//! 32, 60 random bits), so they survive being read aloud or retyped.
use chrono::Utc;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use crate::domain::Message;
use crate::domain::certificate::{code_from_bits, display_code, normalize_code};
use crate::domain::cohort::CohortStatus;
use crate::domain::identity::OrgName;
use crate::domain::selection::employer_key;
use crate::entity::nomination;
use crate::error::{AppError, AppResult, FieldError};
use crate::service::{audit, cohorts};

/// Most codes one request may issue.
pub const MAX_SEATS: i64 = 200;

#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct NominationInput {
    /// The employer as its workers will type it on the form.
    pub employer: String,
    /// How many single-use codes (1–200).
    pub seats: i64,
}

/// The codes just issued to an employer, shown once in this form.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedCodes {
    /// As typed, e.g. `ABCD-EFGH-JKMN`.
    pub codes: Vec<String>,
    pub employer: String,
}

/// One nomination code and whether an applicant has used it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NominationView {
    pub code: String,
    pub employer: String,
    pub used: bool,
    pub used_at: Option<chrono::DateTime<Utc>>,
}

/// An employer's codes: how many issued, how many used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmployerCodes {
    pub codes: Vec<String>,
    /// The employer's key (its name folded for comparison).
    pub employer: String,
    pub issued: usize,
    pub used: usize,
}

/// Issues `seats` codes for an employer of a cohort that is not finished.
pub async fn issue<C: ConnectionTrait>(
    db: &C,
    actor: i64,
    cohort_id: i64,
    input: &NominationInput,
) -> AppResult<IssuedCodes> {
    let c = cohorts::get(db, cohort_id).await?;
    let mut errors = vec![];
    let employer = OrgName::parse(&input.employer)
        .map_err(|m| errors.push(FieldError::new("employer", m)))
        .ok();
    if !(1..=MAX_SEATS).contains(&input.seats) {
        errors.push(FieldError::new(
            "seats",
            Message::of("seats_invalid").arg("max_seats", &MAX_SEATS),
        ));
    }
    let (Some(employer), true) = (employer, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let status = cohorts::status_of(&c)?;
    if !matches!(status, CohortStatus::Draft | CohortStatus::Open) {
        return Err(AppError::conflict(
            Message::of("nominations_closed").arg_key("status", status.label_key()),
        ));
    }
    let name = employer.as_str().to_string();
    let key = employer_key(&name);
    let now = Utc::now();
    let mut codes = vec![];
    for _ in 0..input.seats {
        // 60 random bits: a clash is practically impossible; the unique index decides.
        let code = code_from_bits(rand::rngs::OsRng.next_u64());
        nomination::ActiveModel {
            cohort_id: Set(cohort_id),
            employer: Set(name.clone()),
            employer_key: Set(key.clone()),
            code: Set(code.clone()),
            used_by: Set(None),
            used_at: Set(None),
            created_by: Set(actor),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        codes.push(display_code(&code));
    }
    audit::record(
        db,
        Some(actor),
        "cohort.nominations",
        "cohort",
        cohort_id,
        json!({"employer": name, "seats": input.seats}),
    )
    .await?;
    Ok(IssuedCodes {
        codes,
        employer: name,
    })
}

/// Every code of a cohort, by employer, with whether it was used.
pub async fn list<C: ConnectionTrait>(db: &C, cohort_id: i64) -> AppResult<Vec<nomination::Model>> {
    cohorts::get(db, cohort_id).await?;
    Ok(nomination::Entity::find()
        .filter(nomination::Column::CohortId.eq(cohort_id))
        .order_by_asc(nomination::Column::EmployerKey)
        .order_by_asc(nomination::Column::Id)
        .all(db)
        .await?)
}

pub fn view(n: &nomination::Model) -> NominationView {
    NominationView {
        code: display_code(&n.code),
        employer: n.employer.clone(),
        used: n.used_by.is_some(),
        used_at: n.used_at,
    }
}

/// Issued and used counts per employer.
pub fn per_employer(list: &[nomination::Model]) -> Vec<EmployerCodes> {
    let mut out: Vec<(String, usize, usize, Vec<String>)> = vec![];
    for n in list {
        match out.iter_mut().find(|(k, ..)| *k == n.employer_key) {
            Some(row) => {
                row.1 += 1;
                row.2 += usize::from(n.used_by.is_some());
                row.3.push(display_code(&n.code));
            }
            None => out.push((
                n.employer_key.clone(),
                1,
                usize::from(n.used_by.is_some()),
                vec![display_code(&n.code)],
            )),
        }
    }
    out.into_iter()
        .map(|(employer, issued, used, codes)| EmployerCodes {
            codes,
            employer,
            issued,
            used,
        })
        .collect()
}

/// `nomination_code_invalid`, worded by the catalog entry `key`.
fn bad_code(key: &'static str) -> AppError {
    AppError::field(
        "nomination_code",
        Message::keyed("nomination_code_invalid", key),
    )
}

/// The code an applicant entered, checked before their application is
/// stored: it must exist for this cohort, be unused and belong to their
/// employer (compared after NFKC and trimming).
pub async fn check<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    code: &str,
    employer: &str,
) -> AppResult<nomination::Model> {
    let unknown = || bad_code("msg-nomination_code_invalid-unknown");
    let Some(code) = normalize_code(code) else {
        return Err(unknown());
    };
    let found = nomination::Entity::find()
        .filter(nomination::Column::Code.eq(code))
        .one(db)
        .await?
        .filter(|n| n.cohort_id == cohort_id)
        .ok_or_else(unknown)?;
    if found.used_by.is_some() {
        return Err(bad_code("msg-nomination_code_invalid-used"));
    }
    if found.employer_key != employer_key(employer) {
        return Err(bad_code("msg-nomination_code_invalid-other-employer"));
    }
    Ok(found)
}

/// Spends the code for `application_id`, conditionally: false when someone
/// used it first (the caller rolls back).
pub async fn spend<C: ConnectionTrait>(
    conn: &C,
    nomination_id: i64,
    application_id: i64,
) -> AppResult<bool> {
    let r = nomination::Entity::update_many()
        .col_expr(
            nomination::Column::UsedBy,
            Expr::value(Some(application_id)),
        )
        .col_expr(nomination::Column::UsedAt, Expr::value(Some(Utc::now())))
        .filter(nomination::Column::Id.eq(nomination_id))
        .filter(nomination::Column::UsedBy.is_null())
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

pub fn used_concurrently() -> AppError {
    bad_code("msg-nomination_code_invalid-just-used")
}
