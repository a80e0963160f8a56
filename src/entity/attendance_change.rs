use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attendance_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub participant_id: i64,
    pub before_status: Option<String>,
    pub before_note: Option<String>,
    pub after_status: String,
    pub after_note: Option<String>,
    /// The staff member; `None` for a participant's own check-in.
    pub changed_by: Option<i64>,
    pub changed_at: DateTimeUtc,
    /// `mentor` (staff) or `self` (the participant's check-in).
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
