//! Purging personal data a set time after a cohort ends (PIPL: keep it no
//! longer than needed). Rows stay for the statistics; names, IDs and contacts go.
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

use crate::domain::beijing_date;
use crate::domain::cohort::CohortStatus;
use crate::entity::{application, cohort, notice};
use crate::error::AppResult;
use crate::service::audit;

pub const PURGED_NAME: &str = "（已清除）";

/// Whether a cohort's personal data is due for purging (pure).
pub fn due_for_purge(
    status: CohortStatus,
    ends_on: chrono::NaiveDate,
    purged: bool,
    today: chrono::NaiveDate,
    days: u32,
) -> bool {
    let finished = matches!(status, CohortStatus::Completed | CohortStatus::Cancelled);
    !purged && finished && ends_on + Duration::days(i64::from(days)) < today
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub cohorts: usize,
    pub applications: usize,
    pub notices: usize,
}

/// Anonymizes the applications and notices of every cohort that ended more
/// than `days` days before `now` (Beijing date).
pub async fn purge<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    days: u32,
) -> AppResult<PurgeReport> {
    let today = beijing_date(now);
    let mut report = PurgeReport::default();
    for c in cohort::Entity::find()
        .filter(cohort::Column::PurgedAt.is_null())
        .all(db)
        .await?
    {
        let Some(status) = CohortStatus::parse(&c.status) else {
            continue;
        };
        if !due_for_purge(status, c.ends_on, false, today, days) {
            continue;
        }
        for a in application::Entity::find()
            .filter(application::Column::CohortId.eq(c.id))
            .all(db)
            .await?
        {
            let id = a.id;
            let mut m: application::ActiveModel = a.into();
            m.full_name = Set(PURGED_NAME.into());
            m.national_id_enc = Set(String::new());
            m.national_id_hmac = Set(format!("purged:{id}"));
            m.national_id_masked = Set("*".repeat(18));
            m.phone = Set(String::new());
            m.email = Set(format!("purged-{id}@invalid"));
            m.employer = Set(String::new());
            m.certificate = Set(None);
            m.started_trade_on = Set(None);
            m.decision_note = Set(None);
            m.updated_at = Set(now);
            m.update(db).await?;
            report.applications += 1;
        }
        let n = notice::Entity::update_many()
            .col_expr(
                notice::Column::Recipient,
                sea_orm::sea_query::Expr::value("purged@invalid"),
            )
            .col_expr(
                notice::Column::RecipientName,
                sea_orm::sea_query::Expr::value(PURGED_NAME),
            )
            .col_expr(
                notice::Column::BodyText,
                sea_orm::sea_query::Expr::value(""),
            )
            .col_expr(
                notice::Column::BodyHtml,
                sea_orm::sea_query::Expr::value(""),
            )
            .col_expr(
                notice::Column::Calendar,
                sea_orm::sea_query::Expr::value(Option::<String>::None),
            )
            .filter(notice::Column::CohortId.eq(c.id))
            .exec(db)
            .await?;
        report.notices += n.rows_affected as usize;
        // The guidance log and its photos show the person and their work.
        crate::entity::guidance_photo::Entity::delete_many()
            .filter(crate::entity::guidance_photo::Column::CohortId.eq(c.id))
            .exec(db)
            .await?;
        crate::entity::guidance_entry::Entity::delete_many()
            .filter(crate::entity::guidance_entry::Column::CohortId.eq(c.id))
            .exec(db)
            .await?;
        let cohort_id = c.id;
        let mut m: cohort::ActiveModel = c.into();
        m.purged_at = Set(Some(now));
        m.update(db).await?;
        audit::record(
            db,
            None,
            "cohort.purge",
            "cohort",
            cohort_id,
            json!({"days": days}),
        )
        .await?;
        report.cohorts += 1;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn only_finished_cohorts_past_the_retention_period_are_purged() {
        let ends = d(2026, 1, 31);
        let cases = [
            // 31 January + 30 days is 2 March: "more than 30 days" starts on 3 March.
            (CohortStatus::Completed, false, d(2026, 3, 2), 30, false),
            (CohortStatus::Completed, false, d(2026, 3, 1), 30, false),
            (CohortStatus::Completed, false, d(2026, 2, 28), 30, false),
            (CohortStatus::Completed, false, d(2026, 3, 3), 30, true),
            (CohortStatus::Cancelled, false, d(2026, 3, 3), 30, true),
            (CohortStatus::Running, false, d(2027, 3, 3), 30, false),
            (CohortStatus::Approved, false, d(2027, 3, 3), 30, false),
            (CohortStatus::Completed, true, d(2027, 3, 3), 30, false),
        ];
        for (status, purged, today, days, want) in cases {
            assert_eq!(
                due_for_purge(status, ends, purged, today, days),
                want,
                "{status:?} {today} purged={purged}"
            );
        }
    }
}
