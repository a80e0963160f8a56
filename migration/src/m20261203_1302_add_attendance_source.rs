use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who made an attendance record: `mentor` (staff, `recorded_by`) or `self` (the participant's own check-in).
/// Every earlier row was entered by staff.
#[derive(DeriveIden)]
enum Attendance {
    Table,
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Attendance::Table)
                    .add_column(string_len(Attendance::Source, 16).default("mentor"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Attendance::Table)
                    .drop_column(Attendance::Source)
                    .to_owned(),
            )
            .await
    }
}
