//! What organizers see of applications: one application with every fact the
//! applicant gave and its history, the audited phone reveal, and the
//! applicants' list as a table for CSV and Excel. IDs and phones stay masked.
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use crate::AppState;
use crate::domain::beijing_date;
use crate::domain::cohort::ApplicationStatus;
use crate::domain::eligibility::full_years;
use crate::domain::mask::mask_phone;
use crate::entity::{application, audit_log, cohort, workshop};
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, t};
use crate::service::audit;
use crate::service::mentoring::exports::{Cell, Table};

/// One line of an application's history (its audit records).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryLine {
    /// e.g. `application.decide`
    pub action: String,
    pub actor_user_id: Option<i64>,
    pub at: DateTime<Utc>,
    /// What the audit record holds, e.g. `{from, to}`.
    pub detail: Value,
}

/// One application as an organizer reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(into = "Value")]
pub struct ApplicationDetail {
    #[serde(flatten)]
    pub application: super::StaffApplicationView,
    pub history: Vec<HistoryLine>,
    pub submitted_at: DateTime<Utc>,
    /// Whole years in the trade at the application deadline.
    pub years_at_deadline: Option<u32>,
}

/// The keys of both parts in alphabetical order (as the `json!` body before
/// it), where `flatten` would put this one's after the staff view's.
impl From<ApplicationDetail> for Value {
    fn from(d: ApplicationDetail) -> Self {
        let mut out = serde_json::to_value(d.application).unwrap_or_default();
        if let Some(fields) = out.as_object_mut() {
            fields.insert(
                "history".into(),
                serde_json::to_value(d.history).unwrap_or_default(),
            );
            fields.insert("submitted_at".into(), json!(d.submitted_at));
            fields.insert("years_at_deadline".into(), json!(d.years_at_deadline));
        }
        out
    }
}

/// One application as an organizer reads it: the staff view, whole years in
/// the trade at the deadline, the time of submission and the history.
pub async fn detail(state: &AppState, app_id: i64) -> AppResult<ApplicationDetail> {
    let a = application::Entity::find_by_id(app_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = cohort::Entity::find_by_id(a.cohort_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let history = audit_log::Entity::find()
        .filter(audit_log::Column::SubjectType.eq("application"))
        .filter(audit_log::Column::SubjectId.eq(a.id.to_string()))
        .order_by_asc(audit_log::Column::Id)
        .all(&state.db)
        .await?;
    Ok(ApplicationDetail {
        application: super::staff_view(&a),
        history: history
            .iter()
            .map(|h| HistoryLine {
                action: h.action.clone(),
                actor_user_id: h.actor_user_id,
                at: h.created_at,
                detail: serde_json::from_str::<Value>(&h.detail).unwrap_or(Value::Null),
            })
            .collect(),
        submitted_at: a.created_at,
        years_at_deadline: years_at_deadline(&a, &c),
    })
}

pub(crate) fn years_at_deadline(a: &application::Model, c: &cohort::Model) -> Option<u32> {
    a.started_trade_on
        .map(|start| full_years(start, beijing_date(c.applications_close_at)))
}

/// An organizer reads one phone number in clear; the reading is audited.
pub async fn reveal_phone(state: &AppState, actor: i64, app_id: i64) -> AppResult<String> {
    let a = application::Entity::find_by_id(app_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &state.db,
        Some(actor),
        "application.reveal_phone",
        "application",
        app_id,
        json!({"masked": mask_phone(&a.phone)}),
    )
    .await?;
    Ok(a.phone)
}

/// The columns of the applicants' list, in the reader's language.
pub fn header(locale: Locale) -> Vec<String> {
    [
        "export_reference",
        "export_name",
        "export_national_id",
        "export_mobile",
        "export_email",
        "export_employer",
        "export_trade",
        "export_started_on",
        "export_years_at_deadline",
        "export_certificate_trade",
        "export_certificate_level",
        "export_certificate_number",
        "export_certificate_issued",
        "export_processes",
        "export_basis",
        "export_status",
        "export_waitlist",
        "export_decision_note",
        "export_internal_note",
        "export_submitted_at",
    ]
    .iter()
    .map(|k| t(locale, k))
    .collect()
}

/// One application as a row of the applicants' list, ID and phone masked.
pub fn cells(a: &application::Model, c: &cohort::Model, locale: Locale) -> Vec<Cell> {
    let cert = a
        .certificate
        .as_deref()
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .unwrap_or(Value::Null);
    let field = |k: &str| match &cert[k] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        v => v.to_string(),
    };
    let processes: Vec<String> = serde_json::from_str(&a.processes).unwrap_or_default();
    let status = ApplicationStatus::parse(&a.status)
        .map(|s| s.label(locale).to_string())
        .unwrap_or_else(|| a.status.clone());
    let text = |s: &str| Cell::Text(s.to_string());
    vec![
        text(&a.reference),
        text(&a.full_name),
        text(&a.national_id_masked),
        Cell::Text(mask_phone(&a.phone)),
        text(&a.email),
        text(&a.employer),
        text(&a.trade),
        Cell::Text(
            a.started_trade_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
        ),
        years_at_deadline(a, c)
            .map(|y| Cell::Number(i64::from(y)))
            .unwrap_or(Cell::Text(String::new())),
        Cell::Text(field("trade")),
        Cell::Text(field("level")),
        Cell::Text(field("number")),
        Cell::Text(field("issued_on")),
        Cell::Text(processes.join(" ")),
        text(&a.eligibility_basis),
        Cell::Text(status),
        a.waitlist_position
            .map(|p| Cell::Number(i64::from(p)))
            .unwrap_or(Cell::Text(String::new())),
        Cell::Text(a.decision_note.clone().unwrap_or_default()),
        Cell::Text(a.internal_note.clone().unwrap_or_default()),
        Cell::Text(crate::i18n::fmt::datetime(locale, a.created_at)),
    ]
}

/// The title of the applicants' list (a sheet name).
pub fn title(locale: Locale) -> String {
    t(locale, "export_applications_title")
}

/// The applicants' list a batch at a time, in id order after `after`: the
/// rows and the id to continue after (`None` at the end). Exports walk it, so
/// no more than one batch of a cohort's applications is held at once.
pub async fn rows_after<C: sea_orm::ConnectionTrait>(
    db: &C,
    c: &cohort::Model,
    after: i64,
    locale: Locale,
) -> AppResult<(Vec<Vec<Cell>>, Option<i64>)> {
    let batch = application::Entity::find()
        .filter(application::Column::CohortId.eq(c.id))
        .filter(application::Column::Id.gt(after))
        .order_by_asc(application::Column::Id)
        .limit(super::review::WALK)
        .all(db)
        .await?;
    let next = if (batch.len() as u64) < super::review::WALK {
        None
    } else {
        batch.last().map(|a| a.id)
    };
    Ok((batch.iter().map(|a| cells(a, c, locale)).collect(), next))
}

/// The cohort an export is of (404 when none).
pub async fn cohort_of(state: &AppState, cohort_id: i64) -> AppResult<cohort::Model> {
    cohort::Entity::find_by_id(cohort_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The columns of the roster with contacts.
const CONTACT_COLUMNS: &[&str] = &[
    "export_no",
    "export_reference",
    "export_name",
    "export_mobile",
    "export_email",
    "export_employer",
    "export_mentor",
];

/// Only the organizer who created the cohort's workshop takes its contacts
/// (a workshop with no recorded creator is any organizer's).
async fn require_owner(state: &AppState, actor: i64, c: &cohort::Model) -> AppResult<()> {
    let w = workshop::Entity::find_by_id(c.workshop_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    match w.created_by {
        Some(owner) if owner != actor => Err(AppError::Forbidden(crate::domain::Message::of(
            "not_the_owner",
        ))),
        _ => Ok(()),
    }
}

/// The admitted participants with full mobile numbers and email, for the
/// owning organizer only; each download is audited with who, when, how many
/// rows and which format.
pub async fn contacts(
    state: &AppState,
    actor: i64,
    cohort_id: i64,
    format: &str,
    locale: Locale,
) -> AppResult<Table> {
    let c = cohort::Entity::find_by_id(cohort_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_owner(state, actor, &c).await?;
    let report =
        crate::service::mentoring::progress::report(&state.db, cohort_id, chrono::Utc::now())
            .await?;
    let header = CONTACT_COLUMNS.iter().map(|k| t(locale, k)).collect();
    let rows: Vec<Vec<Cell>> = report
        .participants
        .iter()
        .zip(&report.progress)
        .enumerate()
        .map(|(i, (p, standing))| {
            vec![
                Cell::Number(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                Cell::Text(p.reference.clone()),
                Cell::Text(p.full_name.clone()),
                Cell::Text(p.phone.clone()),
                Cell::Text(p.email.clone()),
                Cell::Text(p.employer.clone()),
                Cell::Text(standing.mentor["name"].as_str().unwrap_or("").to_string()),
            ]
        })
        .collect();
    audit::record(
        &state.db,
        Some(actor),
        "cohort.export_contacts",
        "cohort",
        cohort_id,
        json!({"rows": rows.len(), "format": format}),
    )
    .await?;
    Ok(Table {
        title: t(locale, "export_contacts_title"),
        header,
        rows,
    })
}
