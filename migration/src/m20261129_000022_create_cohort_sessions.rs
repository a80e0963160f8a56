use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A session (课次) of a cohort: theory, practical or assessment. A cancelled
/// session keeps its row (`cancelled_at`), so attendance and notices that
/// refer to it stay readable. `reminders_queued_at` marks that the 24-hour
/// reminders went out, so the background loop skips it cheaply.
#[derive(DeriveIden)]
enum CohortSessions {
    Table,
    Id,
    CohortId,
    Title,
    Kind,
    StartsAt,
    EndsAt,
    Venue,
    MentorUserId,
    CancelledAt,
    RemindersQueuedAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CohortSessions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(CohortSessions::Id))
                    .col(big_integer(CohortSessions::CohortId))
                    .col(string_len(CohortSessions::Title, 200))
                    .col(string_len(CohortSessions::Kind, 16))
                    .col(timestamp_with_time_zone(CohortSessions::StartsAt))
                    .col(timestamp_with_time_zone(CohortSessions::EndsAt))
                    .col(string_len(CohortSessions::Venue, 300))
                    .col(big_integer_null(CohortSessions::MentorUserId))
                    .col(timestamp_with_time_zone_null(CohortSessions::CancelledAt))
                    .col(timestamp_with_time_zone_null(
                        CohortSessions::RemindersQueuedAt,
                    ))
                    .col(big_integer_null(CohortSessions::CreatedBy))
                    .col(timestamp_with_time_zone(CohortSessions::CreatedAt))
                    .col(timestamp_with_time_zone(CohortSessions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CohortSessions::Table, CohortSessions::CohortId)
                            .to(Cohorts::Table, Cohorts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cohort_sessions_cohort_start")
                    .table(CohortSessions::Table)
                    .col(CohortSessions::CohortId)
                    .col(CohortSessions::StartsAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cohort_sessions_start")
                    .table(CohortSessions::Table)
                    .col(CohortSessions::StartsAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CohortSessions::Table).to_owned())
            .await
    }
}
