use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `admitted_count` is the capacity counter: admissions increment it with a
/// conditional UPDATE (`… WHERE admitted_count < capacity`), which is atomic on
/// every backend and across instances.
#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
    WorkshopId,
    Name,
    Capacity,
    AdmittedCount,
    WaitlistSeq,
    ApplicationsOpenAt,
    ApplicationsCloseAt,
    StartsOn,
    EndsOn,
    Venue,
    Status,
    PurgedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Cohorts::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Cohorts::Id))
                    .col(big_integer(Cohorts::WorkshopId))
                    .col(string_len(Cohorts::Name, 200))
                    .col(integer(Cohorts::Capacity))
                    .col(integer(Cohorts::AdmittedCount).default(0))
                    .col(integer(Cohorts::WaitlistSeq).default(0))
                    .col(timestamp_with_time_zone(Cohorts::ApplicationsOpenAt))
                    .col(timestamp_with_time_zone(Cohorts::ApplicationsCloseAt))
                    .col(date(Cohorts::StartsOn))
                    .col(date(Cohorts::EndsOn))
                    .col(string_len(Cohorts::Venue, 300))
                    .col(string_len(Cohorts::Status, 16))
                    .col(timestamp_with_time_zone_null(Cohorts::PurgedAt))
                    .col(timestamp_with_time_zone(Cohorts::CreatedAt))
                    .col(timestamp_with_time_zone(Cohorts::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Cohorts::Table, Cohorts::WorkshopId)
                            .to(Workshops::Table, Workshops::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cohorts_status")
                    .table(Cohorts::Table)
                    .col(Cohorts::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Cohorts::Table).to_owned())
            .await
    }
}
