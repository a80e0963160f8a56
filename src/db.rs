//! Connecting, migrating, and write transactions that behave the same on
//! SQLite and PostgreSQL.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
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

/// The most writes one SQLite commit gathers.
pub const MAX_BATCH: usize = 64;

/// One write lane per database in this process. On SQLite it is the one
/// writer: writers queue on an async mutex (woken the moment it is free, where
/// SQLite's busy handler would have them sleep and poll), and the writes that
/// wait are gathered into one `BEGIN IMMEDIATE … COMMIT` (group commit), each
/// in its own savepoint. On PostgreSQL only the test fault hook uses it.
pub struct Lane {
    state: Arc<tokio::sync::Mutex<LaneState>>,
    /// Writers waiting for the lane (not yet inside a batch).
    waiting: AtomicUsize,
    next_batch: AtomicU64,
    batches: AtomicU64,
    members: AtomicU64,
    fail_commits: AtomicBool,
}

impl Default for Lane {
    fn default() -> Self {
        Lane {
            state: Arc::new(tokio::sync::Mutex::new(LaneState::default())),
            waiting: AtomicUsize::new(0),
            next_batch: AtomicU64::new(1),
            batches: AtomicU64::new(0),
            members: AtomicU64::new(0),
            fail_commits: AtomicBool::new(false),
        }
    }
}

#[derive(Default)]
pub struct LaneState {
    batch: Option<Batch>,
}

/// The open outer transaction and the writes released into it.
struct Batch {
    id: u64,
    outer: DatabaseTransaction,
    released: usize,
    outcome: Outcome,
}

/// What became of a batch: set once by whoever ends it. Unset means it never
/// committed (dropped, crashed), which every member reads as a failure.
type Outcome = Arc<OnceLock<Result<(), String>>>;

/// Set when a test armed a fault, so the hot path skips the lookup otherwise.
static FAULTS_ARMED: AtomicBool = AtomicBool::new(false);

fn lanes() -> &'static Mutex<HashMap<String, Arc<Lane>>> {
    static LANES: OnceLock<Mutex<HashMap<String, Arc<Lane>>>> = OnceLock::new();
    LANES.get_or_init(Default::default)
}

fn lane_key(db: &DatabaseConnection) -> Option<String> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => Some(format!(
            "sqlite:{}",
            db.get_sqlite_connection_pool()
                .connect_options()
                .get_filename()
                .display()
        )),
        DatabaseBackend::Postgres => {
            let o = db.get_postgres_connection_pool().connect_options();
            Some(format!(
                "postgres:{}:{}/{}",
                o.get_host(),
                o.get_port(),
                o.get_database().unwrap_or_default()
            ))
        }
        _ => None,
    }
}

/// Names the database a connection reaches (its file, or its server and
/// name), for what this process keeps per database.
pub fn database_key(db: &DatabaseConnection) -> String {
    lane_key(db).unwrap_or_default()
}

fn lane(db: &DatabaseConnection) -> Option<Arc<Lane>> {
    let key = lane_key(db)?;
    let mut map = lanes()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    Some(map.entry(key).or_default().clone())
}

/// Counts a writer waiting for the lane, until it has it or gives up.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(n: &'a AtomicUsize) -> Self {
        n.fetch_add(1, Ordering::SeqCst);
        Waiting(n)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Ends a batch: commits it (or, with the test fault armed, rolls it back as
/// a crash before COMMIT would) and records the outcome for its members.
async fn end_batch(lane: &Lane, batch: Batch) {
    let result = if lane.fail_commits.load(Ordering::SeqCst) {
        let _ = batch.outer.rollback().await;
        Err("the commit failed (test fault)".to_string())
    } else {
        batch.outer.commit().await.map_err(|e| e.to_string())
    };
    lane.batches.fetch_add(1, Ordering::Relaxed);
    if result.is_ok() {
        lane.members
            .fetch_add(batch.released as u64, Ordering::Relaxed);
    }
    let _ = batch.outcome.set(result);
}

/// Rolls the whole batch back: what its members released is lost, and each
/// of them is told so (none answers success).
async fn fail_batch(lane: &Lane, state: &mut LaneState, why: &DbErr) {
    if let Some(batch) = state.batch.take() {
        let _ = batch.outer.rollback().await;
        lane.batches.fetch_add(1, Ordering::Relaxed);
        let _ = batch
            .outcome
            .set(Err(format!("the batch was rolled back: {why}")));
    }
}

/// Commits the batch `id` if it is still open (its member is the last to
/// come round the queue).
async fn end_if_open(lane: &Lane, state: &mut LaneState, id: u64) {
    if state.batch.as_ref().is_some_and(|b| b.id == id)
        && let Some(batch) = state.batch.take()
    {
        end_batch(lane, batch).await;
    }
}

fn read_outcome(outcome: &Outcome) -> Result<(), DbErr> {
    match outcome.get() {
        Some(Ok(())) => Ok(()),
        Some(Err(e)) => Err(DbErr::Custom(e.clone())),
        None => Err(DbErr::Custom("the write batch was not committed".into())),
    }
}

/// A member's rolled-back (or unknown) savepoint: an empty batch is closed at
/// once; one with released writes stays for its members, who are queued
/// behind and commit it. A savepoint that cannot be rolled back fails the
/// batch.
async fn abandon(
    lane: &Lane,
    mut guard: OwnedMutexGuard<LaneState>,
    sp: Option<DatabaseTransaction>,
    id: u64,
) -> Result<(), DbErr> {
    let rolled_back = match sp {
        Some(sp) => sp.rollback().await,
        None => Err(DbErr::Custom("savepoint in an unknown state".into())),
    };
    if guard.batch.as_ref().is_none_or(|b| b.id != id) {
        return rolled_back;
    }
    match &rolled_back {
        Err(e) => fail_batch(lane, &mut guard, e).await,
        Ok(()) => {
            if guard.batch.as_ref().is_some_and(|b| b.released == 0)
                && let Some(batch) = guard.batch.take()
            {
                let _ = batch.outer.rollback().await;
            }
        }
    }
    rolled_back
}

/// A transaction that intends to write. On SQLite it is a savepoint inside
/// the lane's shared outer transaction (`BEGIN IMMEDIATE`, so a read-then-write
/// never meets SQLITE_BUSY half-way); `commit` returns only once the outer
/// transaction holding it has committed. On PostgreSQL it is a transaction of
/// its own.
pub struct WriteTxn {
    backend: DatabaseBackend,
    returning: bool,
    inner: Inner,
}

enum Inner {
    Own {
        txn: DatabaseTransaction,
        lane: Option<Arc<Lane>>,
    },
    Grouped(Grouped),
}

struct Grouped {
    lane: Arc<Lane>,
    guard: Option<OwnedMutexGuard<LaneState>>,
    sp: Option<DatabaseTransaction>,
    batch: u64,
    outcome: Outcome,
    released: bool,
    done: bool,
}

impl Grouped {
    async fn commit(&mut self) -> Result<(), DbErr> {
        let lane = self.lane.clone();
        let (Some(sp), Some(mut guard)) = (self.sp.take(), self.guard.take()) else {
            return Err(DbErr::Custom("write transaction already ended".into()));
        };
        if let Err(e) = sp.commit().await {
            fail_batch(&lane, &mut guard, &e).await;
            self.done = true;
            return Err(e);
        }
        let released = match guard.batch.as_mut() {
            Some(b) if b.id == self.batch => {
                b.released += 1;
                b.released
            }
            _ => {
                self.done = true;
                return read_outcome(&self.outcome);
            }
        };
        self.released = true;
        if lane.waiting.load(Ordering::SeqCst) > 0 && released < MAX_BATCH {
            // Let the waiting writers in; this one queues behind them and
            // commits the batch if none of them has when its turn comes.
            drop(guard);
            guard = lane.state.clone().lock_owned().await;
        }
        end_if_open(&lane, &mut guard, self.batch).await;
        drop(guard);
        self.done = true;
        read_outcome(&self.outcome)
    }

    async fn rollback(&mut self) -> Result<(), DbErr> {
        let Some(guard) = self.guard.take() else {
            return Err(DbErr::Custom("write transaction already ended".into()));
        };
        let sp = self.sp.take();
        self.done = true;
        abandon(&self.lane, guard, sp, self.batch).await
    }
}

impl Drop for Grouped {
    /// A write dropped half-way (an early `return`, a panic, a cancelled
    /// future): its savepoint is rolled back, or, if it was already released,
    /// its batch still gets committed, by a task holding the lane.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let lane = self.lane.clone();
        let guard = self.guard.take();
        let sp = self.sp.take();
        let (id, released) = (self.batch, self.released);
        let work = async move {
            let mut guard = match guard {
                Some(g) => g,
                None => lane.state.clone().lock_owned().await,
            };
            if released {
                end_if_open(&lane, &mut guard, id).await;
            } else {
                let _ = abandon(&lane, guard, sp, id).await;
            }
        };
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(work);
        }
        // Without a runtime everything is dropped: SeaORM queues the rollback
        // of the savepoint (or of the batch) on the connection.
    }
}

impl WriteTxn {
    fn txn(&self) -> Result<&DatabaseTransaction, DbErr> {
        match &self.inner {
            Inner::Own { txn, .. } => Ok(txn),
            Inner::Grouped(g) => {
                g.sp.as_ref()
                    .ok_or_else(|| DbErr::Custom("write transaction already ended".into()))
            }
        }
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        match self.inner {
            Inner::Own { txn, lane } => {
                if let Some(lane) = lane
                    && lane.fail_commits.load(Ordering::SeqCst)
                {
                    let _ = txn.rollback().await;
                    return Err(DbErr::Custom("the commit failed (test fault)".into()));
                }
                txn.commit().await
            }
            Inner::Grouped(mut g) => g.commit().await,
        }
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        match self.inner {
            Inner::Own { txn, .. } => txn.rollback().await,
            Inner::Grouped(mut g) => g.rollback().await,
        }
    }

    /// A savepoint inside this transaction: rolled back on its own (one
    /// decision of a bulk decision that fails leaves the others).
    pub async fn savepoint(&self) -> Result<DatabaseTransaction, DbErr> {
        sea_orm::TransactionTrait::begin(self.txn()?).await
    }
}

pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let backend = db.get_database_backend();
    if backend != DatabaseBackend::Sqlite {
        let lane = if FAULTS_ARMED.load(Ordering::Relaxed) {
            lane(db)
        } else {
            None
        };
        let txn = db.begin().await?;
        let returning = txn.support_returning();
        return Ok(WriteTxn {
            backend,
            returning,
            inner: Inner::Own { txn, lane },
        });
    }
    let lane = lane(db).ok_or_else(|| DbErr::Custom("no write lane".into()))?;
    let mut guard = {
        let _waiting = Waiting::new(&lane.waiting);
        // A writer never waits for ever: past the busy timeout it is an error.
        match tokio::time::timeout(Duration::from_secs(30), lane.state.clone().lock_owned()).await {
            Ok(guard) => guard,
            Err(_) => return Err(DbErr::Custom("timed out waiting for the write lane".into())),
        }
    };
    if guard.batch.is_none() {
        let outer = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        guard.batch = Some(Batch {
            id: lane.next_batch.fetch_add(1, Ordering::Relaxed),
            outer,
            released: 0,
            outcome: Arc::new(OnceLock::new()),
        });
    }
    let Some(batch) = guard.batch.as_ref() else {
        return Err(DbErr::Custom("no open write batch".into()));
    };
    let (id, outcome) = (batch.id, batch.outcome.clone());
    let sp = match sea_orm::TransactionTrait::begin(&batch.outer).await {
        Ok(sp) => sp,
        Err(e) => {
            fail_batch(&lane, &mut guard, &e).await;
            return Err(e);
        }
    };
    let returning = sp.support_returning();
    Ok(WriteTxn {
        backend,
        returning,
        inner: Inner::Grouped(Grouped {
            lane,
            guard: Some(guard),
            sp: Some(sp),
            batch: id,
            outcome,
            released: false,
            done: false,
        }),
    })
}

/// Hooks for the tests of group commit (no effect unless called).
#[doc(hidden)]
/// Whether a test made commits fail on this database (see
/// [`testing::fail_commits`]); writes that commit outside a [`WriteTxn`]
/// (PostgreSQL's one-statement application) honour it too.
pub(crate) fn commits_fail(db: &DatabaseConnection) -> bool {
    FAULTS_ARMED.load(Ordering::Relaxed)
        && lane(db).is_some_and(|l| l.fail_commits.load(Ordering::SeqCst))
}

pub mod testing {
    use super::*;

    /// Holds the SQLite write lane until dropped, so writers queue up and
    /// then run as one batch (`None` on PostgreSQL).
    pub async fn hold_lane(db: &DatabaseConnection) -> Option<OwnedMutexGuard<LaneState>> {
        if db.get_database_backend() != DatabaseBackend::Sqlite {
            return None;
        }
        Some(lane(db)?.state.clone().lock_owned().await)
    }

    /// Writers waiting for the lane.
    pub fn waiting(db: &DatabaseConnection) -> usize {
        lane(db).map_or(0, |l| l.waiting.load(Ordering::SeqCst))
    }

    /// (batches ended, writes committed in them) on SQLite.
    pub fn batches(db: &DatabaseConnection) -> (u64, u64) {
        lane(db).map_or((0, 0), |l| {
            (
                l.batches.load(Ordering::Relaxed),
                l.members.load(Ordering::Relaxed),
            )
        })
    }

    /// Makes every COMMIT of this database fail (rolled back instead), as a
    /// crash before the commit would, until called with `false`.
    pub fn fail_commits(db: &DatabaseConnection, fail: bool) {
        if fail {
            FAULTS_ARMED.store(true, Ordering::SeqCst);
        }
        if let Some(l) = lane(db) {
            l.fail_commits.store(fail, Ordering::SeqCst);
        }
    }
}

#[sea_orm::prelude::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.backend
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn()?.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn()?.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn()?.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn()?.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.returning
    }
}

/// Whether an error is a unique-constraint violation (duplicate key).
pub fn is_unique_violation(err: &DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
