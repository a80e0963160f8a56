use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The guidance log: a mentor's note on one participant, optionally tied to
/// a session, and optionally the test piece (position stored as ISO 6947,
/// thickness in tenths of a millimetre, defects a JSON list of codes).
#[derive(DeriveIden)]
enum GuidanceEntries {
    Table,
    Id,
    CohortId,
    ParticipantId,
    SessionId,
    Note,
    Process,
    Position,
    Material,
    ThicknessTenthMm,
    Result,
    Defects,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
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
                    .table(GuidanceEntries::Table)
                    .if_not_exists()
                    .col(big_pk_auto(GuidanceEntries::Id))
                    .col(big_integer(GuidanceEntries::CohortId))
                    .col(big_integer(GuidanceEntries::ParticipantId))
                    .col(big_integer_null(GuidanceEntries::SessionId))
                    .col(text(GuidanceEntries::Note))
                    .col(string_null(GuidanceEntries::Process))
                    .col(string_null(GuidanceEntries::Position))
                    .col(string_null(GuidanceEntries::Material))
                    .col(integer_null(GuidanceEntries::ThicknessTenthMm))
                    .col(string_null(GuidanceEntries::Result))
                    .col(text(GuidanceEntries::Defects))
                    .col(big_integer(GuidanceEntries::RecordedBy))
                    .col(timestamp_with_time_zone(GuidanceEntries::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(GuidanceEntries::Table, GuidanceEntries::CohortId)
                            .to(Cohorts::Table, Cohorts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(GuidanceEntries::Table, GuidanceEntries::ParticipantId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_guidance_entries_participant")
                    .table(GuidanceEntries::Table)
                    .col(GuidanceEntries::ParticipantId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_guidance_entries_cohort")
                    .table(GuidanceEntries::Table)
                    .col(GuidanceEntries::CohortId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(GuidanceEntries::Table).to_owned())
            .await
    }
}
