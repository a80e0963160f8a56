use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The iCalendar `SEQUENCE` of a session: 0 when scheduled, one more at each
/// change a participant sees (time, title, venue, cancellation), so calendar
/// apps that subscribed to a feed replace the entry they hold.
#[derive(DeriveIden)]
enum CohortSessions {
    Table,
    Sequence,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CohortSessions::Table)
                    .add_column(
                        ColumnDef::new(CohortSessions::Sequence)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CohortSessions::Table)
                    .drop_column(CohortSessions::Sequence)
                    .to_owned(),
            )
            .await
    }
}
