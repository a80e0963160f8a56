use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The history of attendance: every write that changed a record, before →
/// after, by whom and when. The first record of a participant at a session
/// has no "before".
#[derive(DeriveIden)]
enum AttendanceChanges {
    Table,
    Id,
    SessionId,
    ParticipantId,
    BeforeStatus,
    BeforeNote,
    AfterStatus,
    AfterNote,
    ChangedBy,
    ChangedAt,
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
                    .table(AttendanceChanges::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AttendanceChanges::Id))
                    .col(big_integer(AttendanceChanges::SessionId))
                    .col(big_integer(AttendanceChanges::ParticipantId))
                    .col(string_len_null(AttendanceChanges::BeforeStatus, 16))
                    .col(text_null(AttendanceChanges::BeforeNote))
                    .col(string_len(AttendanceChanges::AfterStatus, 16))
                    .col(text_null(AttendanceChanges::AfterNote))
                    .col(big_integer(AttendanceChanges::ChangedBy))
                    .col(timestamp_with_time_zone(AttendanceChanges::ChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AttendanceChanges::Table, AttendanceChanges::SessionId)
                            .to(CohortSessions::Table, CohortSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AttendanceChanges::Table, AttendanceChanges::ParticipantId)
                            .to(Applications::Table, Applications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_attendance_changes_session")
                    .table(AttendanceChanges::Table)
                    .col(AttendanceChanges::SessionId)
                    .col(AttendanceChanges::ParticipantId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AttendanceChanges::Table).to_owned())
            .await
    }
}
