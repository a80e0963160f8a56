use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// How many application attempts a cohort refused as ineligible, by reason
/// code (and `total` for the attempts themselves). Counts only: a refused
/// attempt's personal data is never kept.
#[derive(DeriveIden)]
enum RefusedAttempts {
    Table,
    Id,
    CohortId,
    Reason,
    Attempts,
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
                    .table(RefusedAttempts::Table)
                    .if_not_exists()
                    .col(big_pk_auto(RefusedAttempts::Id))
                    .col(big_integer(RefusedAttempts::CohortId))
                    .col(string_len(RefusedAttempts::Reason, 64))
                    .col(big_integer(RefusedAttempts::Attempts))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RefusedAttempts::Table, RefusedAttempts::CohortId)
                            .to(Cohorts::Table, Cohorts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_refused_attempts_cohort_reason")
                    .table(RefusedAttempts::Table)
                    .col(RefusedAttempts::CohortId)
                    .col(RefusedAttempts::Reason)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RefusedAttempts::Table).to_owned())
            .await
    }
}
