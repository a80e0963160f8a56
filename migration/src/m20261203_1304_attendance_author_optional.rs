use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DatabaseBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A participant's own check-in has no staff author: `attendance.recorded_by`
/// and `attendance_changes.changed_by` become optional (`source` says who).
const COLUMNS: [(&str, &str); 2] = [
    ("attendance", "recorded_by"),
    ("attendance_changes", "changed_by"),
];

/// SQLite cannot drop a NOT NULL: the table is rebuilt from its own stored
/// definition with that one constraint removed, then its indexes restored.
async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    table: &str,
    column: &str,
) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let one = |sql: String| Statement::from_string(DatabaseBackend::Sqlite, sql);
    let definition: String = db
        .query_one_raw(one(format!(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
        )))
        .await?
        .ok_or_else(|| DbErr::Migration(format!("table {table} not found")))?
        .try_get("", "sql")?;
    // The column's own clause, up to the next comma: its NOT NULL goes.
    let unexpected =
        || DbErr::Migration(format!("{table}.{column} is not as expected: {definition}"));
    let open = definition.find('(').ok_or_else(unexpected)?;
    let at = definition
        .find(&format!("\"{column}\""))
        .ok_or_else(unexpected)?;
    let end = definition[at..]
        .find(',')
        .map(|i| at + i)
        .ok_or_else(unexpected)?;
    let clause = &definition[at..end];
    if !clause.contains("NOT NULL") {
        return Err(unexpected());
    }
    let rebuilt = format!(
        "CREATE TABLE \"{table}_rebuild\" {}{}{}",
        &definition[open..at],
        clause.replacen(" NOT NULL", "", 1),
        &definition[end..]
    );
    let indexes: Vec<String> = db
        .query_all_raw(one(format!(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = '{table}' AND sql IS NOT NULL"
        )))
        .await?
        .iter()
        .map(|r| r.try_get::<String>("", "sql"))
        .collect::<Result<_, _>>()?;
    // One batch on one connection, inside a savepoint: the pool's other
    // connections never see the table half rebuilt, and a failure leaves the
    // old table as it was.
    let mut batch = vec![
        format!("SAVEPOINT \"rebuild_{table}\""),
        rebuilt,
        format!("INSERT INTO \"{table}_rebuild\" SELECT * FROM \"{table}\""),
        format!("DROP TABLE \"{table}\""),
        format!("ALTER TABLE \"{table}_rebuild\" RENAME TO \"{table}\""),
    ];
    // Restored unless SQLite already carried them over to the renamed table.
    for index in &indexes {
        batch.push(
            index
                .replacen(
                    "CREATE UNIQUE INDEX ",
                    "CREATE UNIQUE INDEX IF NOT EXISTS ",
                    1,
                )
                .replacen("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1),
        );
    }
    batch.push(format!("RELEASE \"rebuild_{table}\""));
    db.execute_unprepared(&batch.join(";\n")).await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in COLUMNS {
            match manager.get_database_backend() {
                DatabaseBackend::Sqlite => rebuild_sqlite(manager, table, column).await?,
                _ => {
                    manager
                        .get_connection()
                        .execute_unprepared(&format!(
                            "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" DROP NOT NULL"
                        ))
                        .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Self check-ins cannot be given a staff author after the fact.
        Err(DbErr::Migration(
            "attendance without a staff author cannot be made required again".into(),
        ))
    }
}
