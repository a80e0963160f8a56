use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    #[sea_orm(unique)]
    pub reference: String,
    pub status: String,
    pub full_name: String,
    pub national_id_enc: String,
    pub national_id_hmac: String,
    pub national_id_masked: String,
    pub phone: String,
    pub email: String,
    pub employer: String,
    pub trade: String,
    pub started_trade_on: Option<Date>,
    pub certificate: Option<String>,
    pub processes: String,
    pub locale: String,
    pub consent_at: DateTimeUtc,
    pub eligibility_basis: String,
    pub status_token_hash: String,
    pub waitlist_position: Option<i32>,
    pub decision_note: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub draw_tier: Option<i32>,
    pub draw_ticket: Option<String>,
    pub draw_rank: Option<i32>,
    pub draw_outcome: Option<String>,
    pub nomination_id: Option<i64>,
    pub offer_expires_at: Option<DateTimeUtc>,
    pub decline_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// Staff only: never in the applicant's mail or page.
    pub internal_note: Option<String>,
    /// The review list's search and sort keys (see [`with_review_keys`]), filled
    /// in before every save from the columns they come from.
    pub name_key: String,
    pub employer_key: String,
    pub phone_last4: String,
    pub started_key: String,
}

/// The sort key for a start in the trade: `YYYY-MM-DD`, or `9999-12-31` for
/// none (the fewest years, last when the most years come first).
pub fn started_key(started: Option<Date>) -> String {
    started.map_or_else(
        || "9999-12-31".to_string(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

/// A name or employer as the review list searches it: lower case.
pub fn search_key(s: &str) -> String {
    s.trim().to_lowercase()
}

/// The last four digits of a mobile number (all of it when shorter).
pub fn phone_last4(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    digits[digits.len().saturating_sub(4)..].iter().collect()
}

/// Fills in the review keys from the columns being saved (also used by the
/// one-statement insert, which does not go through `before_save`).
pub(crate) fn with_review_keys(mut a: ActiveModel) -> ActiveModel {
    if let sea_orm::ActiveValue::Set(n) = &a.full_name {
        a.name_key = sea_orm::ActiveValue::Set(search_key(n));
    }
    if let sea_orm::ActiveValue::Set(e) = &a.employer {
        a.employer_key = sea_orm::ActiveValue::Set(search_key(e));
    }
    if let sea_orm::ActiveValue::Set(p) = &a.phone {
        a.phone_last4 = sea_orm::ActiveValue::Set(phone_last4(p));
    }
    if let sea_orm::ActiveValue::Set(s) = &a.started_trade_on {
        a.started_key = sea_orm::ActiveValue::Set(started_key(*s));
    }
    a
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    async fn before_save<C>(self, _db: &C, _insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        Ok(with_review_keys(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_keys_table() {
        assert_eq!(phone_last4("13912345678"), "5678");
        assert_eq!(phone_last4("139"), "139");
        assert_eq!(phone_last4(""), "");
        assert_eq!(search_key(" Zhang Wei "), "zhang wei");
        assert_eq!(search_key("绍兴钢构"), "绍兴钢构");
        assert_eq!(started_key(None), "9999-12-31");
        assert_eq!(started_key(Date::from_ymd_opt(2010, 3, 1)), "2010-03-01");
    }
}
