use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A mentor account attached to one cohort, with how many mentees they take,
/// the welding processes they teach (a JSON list of codes) and their employer
/// (pairing avoids putting a participant with a mentor from their own employer).
#[derive(DeriveIden)]
enum CohortMentors {
    Table,
    Id,
    CohortId,
    UserId,
    Capacity,
    Processes,
    Employer,
    Title,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Cohorts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CohortMentors::Table)
                    .if_not_exists()
                    .col(big_pk_auto(CohortMentors::Id))
                    .col(big_integer(CohortMentors::CohortId))
                    .col(big_integer(CohortMentors::UserId))
                    .col(integer(CohortMentors::Capacity))
                    .col(text(CohortMentors::Processes))
                    .col(string_len(CohortMentors::Employer, 160))
                    .col(string_len(CohortMentors::Title, 80))
                    .col(big_integer_null(CohortMentors::CreatedBy))
                    .col(timestamp_with_time_zone(CohortMentors::CreatedAt))
                    .col(timestamp_with_time_zone(CohortMentors::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CohortMentors::Table, CohortMentors::CohortId)
                            .to(Cohorts::Table, Cohorts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CohortMentors::Table, CohortMentors::UserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_cohort_mentors_cohort_user")
                    .table(CohortMentors::Table)
                    .col(CohortMentors::CohortId)
                    .col(CohortMentors::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_cohort_mentors_user")
                    .table(CohortMentors::Table)
                    .col(CohortMentors::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CohortMentors::Table).to_owned())
            .await
    }
}
