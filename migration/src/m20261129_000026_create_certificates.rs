use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Completion certificates. The public verification code is unique; one
/// certificate per participant. The holder's name and the class's titles are
/// copied at issue, so a certificate still verifies after the cohort's
/// personal data is purged (hence no foreign key to the application).
#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Code,
    CohortId,
    ParticipantId,
    HolderName,
    WorkshopTitle,
    CohortName,
    CompletedOn,
    IssuedBy,
    IssuedAt,
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
                    .table(Certificates::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Certificates::Id))
                    .col(string_len_uniq(Certificates::Code, 16))
                    .col(big_integer(Certificates::CohortId))
                    .col(big_integer_uniq(Certificates::ParticipantId))
                    .col(string_len(Certificates::HolderName, 80))
                    .col(string_len(Certificates::WorkshopTitle, 200))
                    .col(string_len(Certificates::CohortName, 200))
                    .col(date(Certificates::CompletedOn))
                    .col(big_integer_null(Certificates::IssuedBy))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Certificates::Table, Certificates::CohortId)
                            .to(Cohorts::Table, Cohorts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_certificates_cohort")
                    .table(Certificates::Table)
                    .col(Certificates::CohortId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Certificates::Table).to_owned())
            .await
    }
}
