//! An application on PostgreSQL in one round trip: the row (its id and
//! readable reference together), the receipt throttle's count and the receipt
//! itself in one data-modifying `WITH` statement. One statement is one
//! implicit transaction, so the three exist together or not at all, exactly
//! as in the transaction of [`super::submit`], without `BEGIN`, the
//! reference's second write, the throttle's read and `COMMIT` as separate
//! round trips. sqlx keeps the statement prepared per connection (its text is
//! the same for every application).
//!
//! Used when the application has no mentor preferences and no nomination code
//! (the common case in a rush); those take the transaction path.
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    FromQueryResult, Iterable, Statement, TransactionTrait, Value,
};

use crate::entity::{application, notice};
use crate::error::{AppError, AppResult};
use crate::mail::outbox::Prepared;

/// Positional parameters as they are added (`$1`, `$2`, …).
#[derive(Default)]
struct Params(Vec<Value>);

impl Params {
    fn add(&mut self, v: impl Into<Value>) -> String {
        self.0.push(v.into());
        format!("${}", self.0.len())
    }
}

/// The receipt throttle's window for one key (see `throttle::hit`).
pub(super) struct Throttle<'a> {
    pub key: &'a str,
    pub window_secs: i64,
    pub limit: i32,
}

/// What the statement stored.
pub(super) struct Stored {
    pub app: application::Model,
    /// The receipt was written (false: over the throttle, or its key exists).
    pub queued: bool,
    /// The throttle's count for the window including this application.
    pub hits: i32,
}

/// The columns of `row` that are set, quoted, with their parameters.
fn set_columns<A, F>(row: &A, params: &mut Params, mut expr: F) -> (Vec<String>, Vec<String>)
where
    A: ActiveModelTrait,
    F: FnMut(&<A::Entity as sea_orm::EntityTrait>::Column, String) -> Option<String>,
{
    use sea_orm::IdenStatic;
    let mut cols = vec![];
    let mut exprs = vec![];
    for c in <<A::Entity as sea_orm::EntityTrait>::Column as Iterable>::iter() {
        if let ActiveValue::Set(v) = row.get(c) {
            let p = params.add(v);
            if let Some(e) = expr(&c, p) {
                cols.push(format!("\"{}\"", c.as_str()));
                exprs.push(e);
            }
        }
    }
    (cols, exprs)
}

/// Stores the application `row` (without id and reference), its reference
/// `prefix` followed by the row id (at least six digits, as the transaction
/// path writes it), the throttle hit and — when under the throttle — the
/// `receipt`, whose `placeholder` becomes the reference.
pub(super) async fn store(
    db: &DatabaseConnection,
    row: application::ActiveModel,
    prefix: &str,
    throttle: Throttle<'_>,
    now: DateTime<Utc>,
    receipt: &Prepared,
    placeholder: &str,
) -> AppResult<Stored> {
    let row = application::with_review_keys(row);
    let mut p = Params::default();
    let prefix = p.add(prefix);
    let (mut app_cols, mut app_exprs) = set_columns(&row, &mut p, |c, e| {
        (!matches!(c, application::Column::Id | application::Column::Reference)).then_some(e)
    });
    app_cols.splice(0..0, ["\"id\"".to_string(), "\"reference\"".to_string()]);
    app_exprs.splice(
        0..0,
        [
            "n.id".to_string(),
            format!(
                "{prefix} || CASE WHEN n.id < 1000000 THEN lpad(n.id::text, 6, '0') ELSE n.id::text END"
            ),
        ],
    );
    let key = p.add(throttle.key);
    let window = p.add(throttle.window_secs as f64);
    let at = p.add(now);
    let limit = p.add(throttle.limit);
    let placeholder = p.add(placeholder);
    let (notice_cols, notice_exprs) = set_columns(receipt.model(), &mut p, |c, e| match c {
        notice::Column::Id => None,
        notice::Column::Subject
        | notice::Column::BodyText
        | notice::Column::BodyHtml
        | notice::Column::DedupeKey => Some(format!("replace({e}, {placeholder}, a.reference)")),
        _ => Some(e),
    });
    // The throttle row's window is the one `throttle::window_after_hit`
    // keeps: a hit inside [start, start + window) counts on, any other
    // starts a new window at now.
    let inside = format!(
        "(l.updated_at <= {at} AND {at} < l.updated_at + {window}::float8 * interval '1 second')"
    );
    let sql = format!(
        "WITH n AS (SELECT nextval(pg_get_serial_sequence('applications', 'id')) AS id), \
         a AS (INSERT INTO applications ({app_cols}) SELECT {app_exprs} FROM n RETURNING *), \
         t AS (INSERT INTO login_failures AS l (key, failures, locked_until, updated_at) \
               VALUES ({key}, 1, {at} + {window}::float8 * interval '1 second', {at}) \
               ON CONFLICT (key) DO UPDATE SET \
                 failures = CASE WHEN {inside} THEN LEAST(l.failures, 2147483646) + 1 ELSE 1 END, \
                 locked_until = CASE WHEN {inside} THEN l.updated_at ELSE {at} END \
                                + {window}::float8 * interval '1 second', \
                 updated_at = CASE WHEN {inside} THEN l.updated_at ELSE {at} END \
               RETURNING failures), \
         m AS (INSERT INTO notices ({notice_cols}) SELECT {notice_exprs} FROM a, t \
               WHERE t.failures <= {limit} \
               ON CONFLICT (dedupe_key) DO NOTHING RETURNING 1) \
         SELECT a.*, (SELECT count(*) FROM m) AS gj_queued, (SELECT failures FROM t) AS gj_hits FROM a",
        app_cols = app_cols.join(", "),
        app_exprs = app_exprs.join(", "),
        notice_cols = notice_cols.join(", "),
        notice_exprs = notice_exprs.join(", "),
    );
    let stmt = Statement::from_sql_and_values(DbBackend::Postgres, sql, p.0);
    if crate::db::commits_fail(db) {
        // A test's crash before commit: the statement runs and is undone.
        let txn = db.begin().await?;
        let _ = txn.query_one_raw(stmt).await;
        txn.rollback().await?;
        return Err(DbErr::Custom("the commit failed (test fault)".into()).into());
    }
    let result = db.query_one_raw(stmt).await;
    let row = match result {
        Ok(Some(r)) => r,
        Ok(None) => {
            return Err(AppError::Internal(
                "the application statement returned no row".into(),
            ));
        }
        Err(e) if crate::db::is_unique_violation(&e) => return Err(super::duplicate()),
        Err(e) => return Err(e.into()),
    };
    let app = application::Model::from_query_result(&row, "")?;
    let queued: i64 = row.try_get("", "gj_queued")?;
    let hits: i32 = row.try_get("", "gj_hits")?;
    Ok(Stored {
        app,
        queued: queued > 0,
        hits,
    })
}
