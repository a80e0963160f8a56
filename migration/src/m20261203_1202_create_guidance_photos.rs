use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Photos of a guidance entry's test piece, re-encoded as JPEG (no metadata,
/// longest side at most 2048 px) and kept in the database, so every instance
/// serves them.
#[derive(DeriveIden)]
enum GuidancePhotos {
    Table,
    Id,
    EntryId,
    CohortId,
    ParticipantId,
    ContentType,
    Width,
    Height,
    ByteSize,
    Bytes,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GuidanceEntries {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(GuidancePhotos::Table)
                    .if_not_exists()
                    .col(big_pk_auto(GuidancePhotos::Id))
                    .col(big_integer(GuidancePhotos::EntryId))
                    .col(big_integer(GuidancePhotos::CohortId))
                    .col(big_integer(GuidancePhotos::ParticipantId))
                    .col(string(GuidancePhotos::ContentType))
                    .col(integer(GuidancePhotos::Width))
                    .col(integer(GuidancePhotos::Height))
                    .col(integer(GuidancePhotos::ByteSize))
                    .col(blob(GuidancePhotos::Bytes))
                    .col(big_integer(GuidancePhotos::CreatedBy))
                    .col(timestamp_with_time_zone(GuidancePhotos::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GuidancePhotos::Table, GuidancePhotos::EntryId)
                            .to(GuidanceEntries::Table, GuidanceEntries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_guidance_photos_entry")
                    .table(GuidancePhotos::Table)
                    .col(GuidancePhotos::EntryId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GuidancePhotos::Table).to_owned())
            .await
    }
}
