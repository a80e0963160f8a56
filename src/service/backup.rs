//! Online backup of the SQLite database (`VACUUM INTO` copies a consistent
//! snapshot while the service keeps serving). PostgreSQL is backed up with
//! `pg_dump` (see README).
use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};

pub async fn sqlite_backup(db: &DatabaseConnection, target: &Path) -> Result<(), String> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(
            "gongjiang backup copies the SQLite database; for PostgreSQL use pg_dump (see README)"
                .into(),
        );
    }
    if target.exists() {
        return Err(format!(
            "{} exists already; choose a new file name",
            target.display()
        ));
    }
    let path = target
        .to_str()
        .ok_or("the backup path must be valid UTF-8")?;
    // The copy holds personal data: the file is made empty and private (0600)
    // first, and SQLite writes into it keeping its mode.
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(target)
        .map_err(|e| format!("{}: {e}", target.display()))?;
    // SQLite string literal: single quotes doubled.
    let sql = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
    if let Err(e) = db.execute_unprepared(&sql).await {
        let _ = std::fs::remove_file(target);
        return Err(format!("backup failed: {e}"));
    }
    Ok(())
}
