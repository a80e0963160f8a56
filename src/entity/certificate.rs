use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub code: String,
    pub cohort_id: i64,
    #[sea_orm(unique)]
    pub participant_id: i64,
    pub holder_name: String,
    pub workshop_title: String,
    pub cohort_name: String,
    pub completed_on: Date,
    pub issued_by: Option<i64>,
    pub issued_at: DateTimeUtc,
    /// The signed Verifiable Credential (compact JWS); null until signed.
    #[sea_orm(column_type = "Text", nullable)]
    pub credential: Option<String>,
    pub revoked_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub revoked_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
