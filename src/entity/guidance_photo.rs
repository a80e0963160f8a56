use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "guidance_photos")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub entry_id: i64,
    pub cohort_id: i64,
    pub participant_id: i64,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub byte_size: i32,
    /// The re-encoded JPEG.
    #[sea_orm(column_type = "Blob")]
    pub bytes: Vec<u8>,
    pub created_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
