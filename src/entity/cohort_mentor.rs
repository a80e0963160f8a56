use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort_mentors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub user_id: i64,
    pub capacity: i32,
    /// JSON list of process codes, e.g. `["GTAW","SMAW"]`.
    pub processes: String,
    pub employer: String,
    /// An honorific shown beside the name, e.g. a provincial model worker (may be empty).
    pub title: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
