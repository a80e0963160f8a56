use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One attendance record per participant and session (a unique index), with
/// who recorded it last and when.
#[derive(DeriveIden)]
enum Attendance {
    Table,
    Id,
    SessionId,
    ParticipantId,
    Status,
    Note,
    RecordedBy,
    RecordedAt,
}

#[derive(DeriveIden)]
enum CohortSessions {
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
                    .table(Attendance::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Attendance::Id))
                    .col(big_integer(Attendance::SessionId))
                    .col(big_integer(Attendance::ParticipantId))
                    .col(string_len(Attendance::Status, 16))
                    .col(text_null(Attendance::Note))
                    .col(big_integer(Attendance::RecordedBy))
                    .col(timestamp_with_time_zone(Attendance::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attendance::Table, Attendance::SessionId)
                            .to(CohortSessions::Table, CohortSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Attendance::Table, Attendance::ParticipantId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_attendance_session_participant")
                    .table(Attendance::Table)
                    .col(Attendance::SessionId)
                    .col(Attendance::ParticipantId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendance_participant")
                    .table(Attendance::Table)
                    .col(Attendance::ParticipantId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Attendance::Table).to_owned())
            .await
    }
}
