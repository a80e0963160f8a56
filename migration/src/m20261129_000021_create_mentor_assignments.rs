use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Which mentor guides a participant (an admitted application). One row per
/// participant: the unique index makes a double assignment impossible, even
/// from two instances at once. The reason says why, in both languages.
#[derive(DeriveIden)]
enum MentorAssignments {
    Table,
    Id,
    CohortId,
    ParticipantId,
    MentorUserId,
    Method,
    Reason,
    ReasonEn,
    AssignedBy,
    CreatedAt,
    UpdatedAt,
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
                    .table(MentorAssignments::Table)
                    .if_not_exists()
                    .col(big_pk_auto(MentorAssignments::Id))
                    .col(big_integer(MentorAssignments::CohortId))
                    .col(big_integer_uniq(MentorAssignments::ParticipantId))
                    .col(big_integer(MentorAssignments::MentorUserId))
                    .col(string_len(MentorAssignments::Method, 16))
                    .col(text(MentorAssignments::Reason))
                    .col(text(MentorAssignments::ReasonEn))
                    .col(big_integer_null(MentorAssignments::AssignedBy))
                    .col(timestamp_with_time_zone(MentorAssignments::CreatedAt))
                    .col(timestamp_with_time_zone(MentorAssignments::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MentorAssignments::Table, MentorAssignments::CohortId)
                            .to(Cohorts::Table, Cohorts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MentorAssignments::Table, MentorAssignments::ParticipantId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MentorAssignments::Table, MentorAssignments::MentorUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mentor_assignments_cohort_mentor")
                    .table(MentorAssignments::Table)
                    .col(MentorAssignments::CohortId)
                    .col(MentorAssignments::MentorUserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MentorAssignments::Table).to_owned())
            .await
    }
}
