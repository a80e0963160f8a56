use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the organizer's review list searches and sorts by, kept beside the
/// application so that an index answers: the name and employer lower-cased
/// (prefix search, byte order: `COLLATE "C"` on PostgreSQL so that a prefix is
/// one range of the index), the last four digits of the mobile number (the
/// full number is never searched or shown), and the start in the trade as
/// `YYYY-MM-DD` text, `9999-12-31` when none was given (so "most years first"
/// is one ascending walk with no NULLs). Existing rows are filled in.
#[derive(DeriveIden)]
enum Applications {
    Table,
    NameKey,
    EmployerKey,
    PhoneLast4,
    StartedKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let pg = manager.get_database_backend() == DbBackend::Postgres;
        let byte_order = |mut c: ColumnDef| {
            if pg {
                c.extra("COLLATE \"C\"");
            }
            c
        };
        let columns = [
            byte_order(string_len(Applications::NameKey, 80).default("").to_owned()),
            byte_order(
                string_len(Applications::EmployerKey, 160)
                    .default("")
                    .to_owned(),
            ),
            byte_order(
                string_len(Applications::PhoneLast4, 4)
                    .default("")
                    .to_owned(),
            ),
            byte_order(
                string_len(Applications::StartedKey, 10)
                    .default("9999-12-31")
                    .to_owned(),
            ),
        ];
        // SQLite adds one column per statement.
        for mut col in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        let started = if pg {
            "COALESCE(TO_CHAR(started_trade_on, 'YYYY-MM-DD'), '9999-12-31')"
        } else {
            "COALESCE(SUBSTR(started_trade_on, 1, 10), '9999-12-31')"
        };
        manager
            .get_connection()
            .execute_unprepared(&format!(
                "UPDATE applications SET name_key = LOWER(full_name), \
                 employer_key = LOWER(employer), \
                 phone_last4 = SUBSTR(phone, LENGTH(phone) - 3), \
                 started_key = {started}"
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Applications::NameKey,
            Applications::EmployerKey,
            Applications::PhoneLast4,
            Applications::StartedKey,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Applications::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
