use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohorts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub workshop_id: i64,
    pub name: String,
    pub capacity: i32,
    pub admitted_count: i32,
    pub waitlist_seq: i32,
    pub applications_open_at: DateTimeUtc,
    pub applications_close_at: DateTimeUtc,
    pub starts_on: Date,
    pub ends_on: Date,
    pub venue: String,
    pub status: String,
    pub purged_at: Option<DateTimeUtc>,
    pub selection_mode: String,
    pub employer_quota: Option<i32>,
    pub offer_hours: i32,
    pub draw_seed: Option<String>,
    pub draw_commitment: Option<String>,
    pub drawn_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the cohort was completed; null before (and for cohorts completed before this was kept).
    pub completed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::workshop::Entity",
        from = "Column::WorkshopId",
        to = "super::workshop::Column::Id"
    )]
    Workshop,
}

impl Related<super::workshop::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Workshop.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
