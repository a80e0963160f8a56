use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The remembered device a session was started from, if any, so that
/// revoking the device ends its sessions at once.
#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    DeviceId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuthSessions::Table)
                    .add_column(big_integer_null(AuthSessions::DeviceId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuthSessions::Table)
                    .drop_column(AuthSessions::DeviceId)
                    .to_owned(),
            )
            .await
    }
}
