use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The mentors an applicant ranked (1 = first choice), at most three per
/// application; one row per rank, so neither a rank nor a mentor repeats.
#[derive(DeriveIden)]
enum MentorPreferences {
    Table,
    Id,
    ApplicationId,
    Rank,
    MentorUserId,
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
                    .table(MentorPreferences::Table)
                    .if_not_exists()
                    .col(big_pk_auto(MentorPreferences::Id))
                    .col(big_integer(MentorPreferences::ApplicationId))
                    .col(small_integer(MentorPreferences::Rank))
                    .col(big_integer(MentorPreferences::MentorUserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MentorPreferences::Table, MentorPreferences::ApplicationId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MentorPreferences::Table, MentorPreferences::MentorUserId)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_mentor_preferences_application_rank")
                    .table(MentorPreferences::Table)
                    .col(MentorPreferences::ApplicationId)
                    .col(MentorPreferences::Rank)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MentorPreferences::Table).to_owned())
            .await
    }
}
