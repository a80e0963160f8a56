use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Single-use nomination codes an organizer issues to an employer's union.
/// `employer_key` is the employer after NFKC and trimming, the form compared
/// with the applicant's; `used_by` is the application that spent the code.
#[derive(DeriveIden)]
enum Nominations {
    Table,
    Id,
    CohortId,
    Employer,
    EmployerKey,
    Code,
    UsedBy,
    UsedAt,
    CreatedBy,
    CreatedAt,
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
                    .table(Nominations::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Nominations::Id))
                    .col(big_integer(Nominations::CohortId))
                    .col(string_len(Nominations::Employer, 160))
                    .col(string_len(Nominations::EmployerKey, 160))
                    .col(string_len_uniq(Nominations::Code, 16))
                    .col(big_integer_null(Nominations::UsedBy))
                    .col(timestamp_with_time_zone_null(Nominations::UsedAt))
                    .col(big_integer(Nominations::CreatedBy))
                    .col(timestamp_with_time_zone(Nominations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Nominations::Table, Nominations::CohortId)
                            .to(Cohorts::Table, Cohorts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_nominations_cohort")
                    .table(Nominations::Table)
                    .col(Nominations::CohortId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Nominations::Table).to_owned())
            .await
    }
}
