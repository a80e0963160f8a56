//! The staff dashboard: for organizers, every workshop with its cohorts and
//! their applications counted by status; mentors get their own section
//! (filled by the mentoring pages).
use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{EntityTrait, QuerySelect};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::entity::application;
use crate::error::AppResult;
use crate::i18n::fmt;
use crate::service::accounts::Role;
use crate::service::{cohorts, workshops};
use crate::web::auth::SessionUser;
use crate::web::pages::enrollment::options::trade_label;
use crate::web::pages::{Answer, PageBase};

/// Applications per (cohort, status), counted in the database.
async fn counts(state: &AppState) -> AppResult<HashMap<(i64, String), i64>> {
    let rows: Vec<(i64, String, i64)> = application::Entity::find()
        .select_only()
        .column(application::Column::CohortId)
        .column(application::Column::Status)
        .column_as(Expr::col(application::Column::Id).count(), "n")
        .group_by(application::Column::CohortId)
        .group_by(application::Column::Status)
        .into_tuple()
        .all(&state.db)
        .await?;
    Ok(rows.into_iter().map(|(c, s, n)| ((c, s), n)).collect())
}

/// Workshops, newest first, each with its cohorts and their counts.
async fn workshops_with_cohorts(state: &AppState, base: &PageBase) -> AppResult<Vec<Value>> {
    let counts = counts(state).await?;
    let all_cohorts = cohorts::list(&state.db, None, true).await?;
    let mut out = vec![];
    for w in workshops::list(&state.db).await? {
        let list: Vec<Value> = all_cohorts
            .iter()
            .filter(|c| c.workshop_id == w.model.id)
            .map(|c| {
                let by_status: HashMap<&str, i64> = ApplicationStatus::ALL
                    .iter()
                    .map(|s| {
                        (
                            s.as_str(),
                            counts
                                .get(&(c.id, s.as_str().to_string()))
                                .copied()
                                .unwrap_or(0),
                        )
                    })
                    .collect();
                let status = CohortStatus::parse(&c.status);
                json!({
                    "id": c.id,
                    "name": c.name,
                    "status": c.status,
                    "status_label": status.map(|s| s.label(base.locale)).unwrap_or_default(),
                    "capacity": c.capacity,
                    "places_left": Ord::max(c.capacity - c.admitted_count, 0),
                    "counts": by_status,
                    "closes_text": fmt::datetime(base.locale, c.applications_close_at),
                    "starts_text": fmt::date(base.locale, c.starts_on),
                })
            })
            .collect();
        out.push(json!({
            "id": w.model.id,
            "title": w.model.title,
            "trade_label": trade_label(&w.model.trade, base.locale),
            "rules_text": w.entry_rules.describe_in(base.locale),
            "cohorts": list,
        }));
    }
    Ok(out)
}

pub async fn page(state: &AppState, base: &PageBase, user: &SessionUser) -> AppResult<Answer> {
    let mut ctx = base.ctx(Some(user));
    if user.role == Role::Organizer {
        ctx = ctx.with("workshops", workshops_with_cohorts(state, base).await?);
    }
    Ok(Answer::ok("dashboard", ctx))
}
