use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// When an organizer marked an assessment as the final one; null otherwise.
#[derive(DeriveIden)]
enum Assessments {
    Table,
    MarkedFinalAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .add_column(timestamp_with_time_zone_null(Assessments::MarkedFinalAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Assessments::Table)
                    .drop_column(Assessments::MarkedFinalAt)
                    .to_owned(),
            )
            .await
    }
}
