use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A participant who asked (through the `List-Unsubscribe` link of an
/// announcement) to receive no more announcements of their cohort. Notices
/// about their own application and sessions still reach them.
#[derive(DeriveIden)]
enum AnnouncementOptOuts {
    Table,
    Id,
    ApplicationId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Applications {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AnnouncementOptOuts::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AnnouncementOptOuts::Id))
                    .col(big_integer_uniq(AnnouncementOptOuts::ApplicationId))
                    .col(timestamp_with_time_zone(AnnouncementOptOuts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                AnnouncementOptOuts::Table,
                                AnnouncementOptOuts::ApplicationId,
                            )
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AnnouncementOptOuts::Table).to_owned())
            .await
    }
}
