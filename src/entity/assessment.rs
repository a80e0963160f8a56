use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub participant_id: i64,
    /// JSON object of points per criterion key.
    pub scores: String,
    pub total: i32,
    pub max_total: i32,
    pub pass_mark: i32,
    pub passed: bool,
    pub comment: String,
    pub amends_id: Option<i64>,
    pub recorded_by: i64,
    pub recorded_at: DateTimeUtc,
    /// When an organizer marked it as the final assessment.
    pub marked_final_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
