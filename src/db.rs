//! Connecting, migrating, and write transactions that behave the same on
//! SQLite and PostgreSQL.
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection,
    DatabaseTransaction, DbErr, ExecResult, QueryResult, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::OwnedMutexGuard;

/// Opens the pool. SQLite gets WAL, `synchronous=NORMAL`, a busy timeout and
/// foreign keys, so readers never block the writer and writers queue instead of
/// failing at once.
pub async fn connect(url: &str, pool_size: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(pool_size.max(1))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    if url.starts_with("sqlite") {
        options.map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(15))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    }
    Database::connect(options).await
}

/// Applies the migrations under a lock, so replicas started together on a new
/// database take turns: the first applies them, the others find them applied.
/// PostgreSQL: an advisory lock held by a transaction of its own; SQLite: an
/// exclusive lock on `<database file>.migrate.lock` (between processes too).
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let guard = db.begin().await?;
            guard
                .execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                .await?;
            let applied = Migrator::up(db, None).await;
            guard.commit().await?;
            applied
        }
        DatabaseBackend::Sqlite => {
            let file = db
                .get_sqlite_connection_pool()
                .connect_options()
                .get_filename()
                .to_path_buf();
            let mut name = file.into_os_string();
            name.push(".migrate.lock");
            let lock = tokio::task::spawn_blocking(move || {
                let f = std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&name)?;
                f.lock()?;
                Ok::<_, std::io::Error>(f)
            })
            .await
            .map_err(|e| DbErr::Custom(format!("migration lock: {e}")))?
            .map_err(|e| DbErr::Custom(format!("migration lock: {e}")))?;
            let applied = Migrator::up(db, None).await;
            drop(lock);
            applied
        }
        _ => Migrator::up(db, None).await,
    }
}

/// The advisory lock key of migrations (any constant the service owns).
const MIGRATION_LOCK: i64 = 7_345_116_001;

/// One write lane per SQLite file in this process. SQLite has one writer at a
/// time; letting writers queue on an async mutex wakes the next one the moment
/// the lock is free, where SQLite's own busy handler would have them sleep and
/// poll (that polling was most of the p99 under a rush).
fn sqlite_lane(file: PathBuf) -> Arc<tokio::sync::Mutex<()>> {
    static LANES: OnceLock<Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let lanes = LANES.get_or_init(Default::default);
    let mut map = lanes
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    map.entry(file).or_default().clone()
}

/// A transaction that intends to write. On SQLite it first takes this
/// process's write lane, then the write lock up front (`BEGIN IMMEDIATE`), so
/// a read-then-write never meets SQLITE_BUSY half-way; PostgreSQL ignores both.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _lane: Option<OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }

    /// A savepoint inside this transaction: rolled back on its own (one
    /// decision of a bulk decision that fails leaves the others).
    pub async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr> {
        sea_orm::TransactionTrait::begin(&self.txn).await
    }
}

pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let lane = if db.get_database_backend() == DatabaseBackend::Sqlite {
        let file = db
            .get_sqlite_connection_pool()
            .connect_options()
            .get_filename()
            .to_path_buf();
        let lane = sqlite_lane(file).lock_owned();
        // A writer never waits for ever: past the busy timeout it is an error.
        match tokio::time::timeout(Duration::from_secs(30), lane).await {
            Ok(guard) => Some(guard),
            Err(_) => return Err(DbErr::Custom("timed out waiting for the write lane".into())),
        }
    } else {
        None
    };
    let txn = db
        .begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await?;
    Ok(WriteTxn { txn, _lane: lane })
}

#[sea_orm::prelude::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// Whether an error is a unique-constraint violation (duplicate key).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
