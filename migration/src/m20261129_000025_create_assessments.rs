use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Assessments of participants against their workshop's rubric. Rows are
/// never updated: an amendment is a new row that names the one it amends, so
/// the history is the rows themselves; the latest row counts. The rubric's
/// maximum and pass mark are copied, so an old result reads the same after
/// the rubric changes.
#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    CohortId,
    ParticipantId,
    Scores,
    Total,
    MaxTotal,
    PassMark,
    Passed,
    Comment,
    AmendsId,
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
                    .table(Assessments::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Assessments::Id))
                    .col(big_integer(Assessments::CohortId))
                    .col(big_integer(Assessments::ParticipantId))
                    .col(text(Assessments::Scores))
                    .col(integer(Assessments::Total))
                    .col(integer(Assessments::MaxTotal))
                    .col(integer(Assessments::PassMark))
                    .col(boolean(Assessments::Passed))
                    .col(text(Assessments::Comment))
                    .col(big_integer_null(Assessments::AmendsId))
                    .col(big_integer(Assessments::RecordedBy))
                    .col(timestamp_with_time_zone(Assessments::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Assessments::Table, Assessments::CohortId)
                            .to(Cohorts::Table, Cohorts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Assessments::Table, Assessments::ParticipantId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assessments_participant")
                    .table(Assessments::Table)
                    .col(Assessments::ParticipantId)
                    .col(Assessments::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_assessments_cohort")
                    .table(Assessments::Table)
                    .col(Assessments::CohortId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Assessments::Table).to_owned())
            .await
    }
}
