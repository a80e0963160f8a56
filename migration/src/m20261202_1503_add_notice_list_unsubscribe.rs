use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The address a notice's `List-Unsubscribe` header gives (announcements
/// only; empty for notices one cannot opt out of).
#[derive(DeriveIden)]
enum Notices {
    Table,
    ListUnsubscribe,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .add_column(
                        ColumnDef::new(Notices::ListUnsubscribe)
                            .string_len(500)
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Notices::Table)
                    .drop_column(Notices::ListUnsubscribe)
                    .to_owned(),
            )
            .await
    }
}
