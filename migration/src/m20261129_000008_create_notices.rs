use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The outbox. A notice is rendered and written in the transaction of the change
/// that causes it; `dedupe_key` is unique so the same notice is never queued twice,
/// and `lease_until` lets a crashed sender's claims come back.
#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    CohortId,
    Recipient,
    RecipientName,
    Kind,
    Locale,
    Subject,
    BodyText,
    BodyHtml,
    Calendar,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    LastError,
    SentAt,
    DedupeKey,
    MessageId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notices::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Notices::Id))
                    .col(big_integer_null(Notices::CohortId))
                    .col(string_len(Notices::Recipient, 254))
                    .col(string_len(Notices::RecipientName, 80))
                    .col(string_len(Notices::Kind, 32))
                    .col(string_len(Notices::Locale, 8))
                    .col(string_len(Notices::Subject, 300))
                    .col(text(Notices::BodyText))
                    .col(text(Notices::BodyHtml))
                    .col(text_null(Notices::Calendar))
                    .col(string_len(Notices::Status, 16))
                    .col(integer(Notices::Attempts).default(0))
                    .col(timestamp_with_time_zone(Notices::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Notices::LeaseUntil))
                    .col(text_null(Notices::LastError))
                    .col(timestamp_with_time_zone_null(Notices::SentAt))
                    .col(string_len_uniq(Notices::DedupeKey, 200))
                    .col(string_len(Notices::MessageId, 200))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .col(timestamp_with_time_zone(Notices::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_due")
                    .table(Notices::Table)
                    .col(Notices::Status)
                    .col(Notices::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_cohort")
                    .table(Notices::Table)
                    .col(Notices::CohortId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Notices::Table).to_owned())
            .await
    }
}
