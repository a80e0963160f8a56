use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who made each attendance change: `mentor` or `self` (a participant's check-in).
/// Every earlier row was entered by staff.
#[derive(DeriveIden)]
enum AttendanceChanges {
    Table,
    Source,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AttendanceChanges::Table)
                    .add_column(string_len(AttendanceChanges::Source, 16).default("mentor"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AttendanceChanges::Table)
                    .drop_column(AttendanceChanges::Source)
                    .to_owned(),
            )
            .await
    }
}
