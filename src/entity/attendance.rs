use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub participant_id: i64,
    /// `present`, `late`, `absent` or `excused`.
    pub status: String,
    pub note: Option<String>,
    /// The staff member; `None` for a participant's own check-in.
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
    /// `mentor` (staff) or `self` (the participant's check-in).
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
