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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
