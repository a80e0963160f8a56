use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The RFC 6238 secret of each session's self check-in code, made the first
/// time a mentor shows the code; kept server side only.
#[derive(DeriveIden)]
enum CheckinSecrets {
    Table,
    SessionId,
    Secret,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CohortSessions {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CheckinSecrets::Table)
                    .if_not_exists()
                    .col(big_integer(CheckinSecrets::SessionId).primary_key())
                    .col(string_len(CheckinSecrets::Secret, 64))
                    .col(timestamp_with_time_zone(CheckinSecrets::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckinSecrets::Table, CheckinSecrets::SessionId)
                            .to(CohortSessions::Table, CohortSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CheckinSecrets::Table).to_owned())
            .await
    }
}
