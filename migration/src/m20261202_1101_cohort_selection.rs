use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A cohort's selection: `review` (organizers decide) or `draw` (a verifiable
/// lottery), an optional places-per-employer quota, how long an offer stays
/// open, and the draw's seed (secret until the draw), its published
/// commitment and when the draw ran. SQLite adds one column per statement.
#[derive(DeriveIden)]
enum Cohorts {
    Table,
    SelectionMode,
    EmployerQuota,
    OfferHours,
    DrawSeed,
    DrawCommitment,
    DrawnAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            string_len(Cohorts::SelectionMode, 8)
                .default("review")
                .to_owned(),
            integer_null(Cohorts::EmployerQuota),
            integer(Cohorts::OfferHours).default(48).to_owned(),
            string_len_null(Cohorts::DrawSeed, 64),
            string_len_null(Cohorts::DrawCommitment, 64),
            timestamp_with_time_zone_null(Cohorts::DrawnAt),
        ];
        for mut col in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cohorts::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Cohorts::SelectionMode,
            Cohorts::EmployerQuota,
            Cohorts::OfferHours,
            Cohorts::DrawSeed,
            Cohorts::DrawCommitment,
            Cohorts::DrawnAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cohorts::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
