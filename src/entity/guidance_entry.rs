use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub cohort_id: i64,
    pub participant_id: i64,
    pub session_id: Option<i64>,
    pub note: String,
    /// A welding process code (`GTAW`).
    pub process: Option<String>,
    /// The ISO 6947 name (`PF`).
    pub position: Option<String>,
    pub material: Option<String>,
    pub thickness_tenth_mm: Option<i32>,
    /// `pass`, `fail` or `practice`.
    pub result: Option<String>,
    /// JSON list of defect codes.
    pub defects: String,
    pub recorded_by: i64,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
