use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A browser a staff member asked to stay signed in on: the hash of the
/// token its cookie holds, a label from its user agent, and when it was
/// created, last used and stops working. Revoking deletes the row.
#[derive(DeriveIden)]
enum RememberedDevices {
    Table,
    Id,
    UserId,
    TokenHash,
    Label,
    CreatedAt,
    LastUsedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RememberedDevices::Table)
                    .if_not_exists()
                    .col(big_pk_auto(RememberedDevices::Id))
                    .col(big_integer(RememberedDevices::UserId))
                    .col(string_len_uniq(RememberedDevices::TokenHash, 64))
                    .col(string_len(RememberedDevices::Label, 120))
                    .col(timestamp_with_time_zone(RememberedDevices::CreatedAt))
                    .col(timestamp_with_time_zone(RememberedDevices::LastUsedAt))
                    .col(timestamp_with_time_zone(RememberedDevices::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RememberedDevices::Table, RememberedDevices::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_remembered_devices_user")
                    .table(RememberedDevices::Table)
                    .col(RememberedDevices::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RememberedDevices::Table).to_owned())
            .await
    }
}
