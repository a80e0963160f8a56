//! The raw database ceiling for what an application costs: the application
//! row and its outbox row in one transaction, straight through sqlx (no
//! framework, no validation), 32 concurrent tasks. `scripts/bench.sh` compares
//! the service's rate with this one.
//!
//! `DATABASE_URL_RAW=sqlite:///tmp/raw.db?mode=rwc cargo bench --bench raw_db`
//! (or a `postgres://…` URL of an empty database). Under `cargo test` it does nothing.
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use sea_orm::sqlx;

const TASKS: usize = 32;
const SECONDS: u64 = 5;

#[tokio::main]
async fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let url = std::env::var("DATABASE_URL_RAW")
        .unwrap_or_else(|_| "sqlite:///tmp/gongjiang-raw.db?mode=rwc".into());
    let db = match gongjiang::db::connect(&url, 8).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("cannot connect to {url}: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = gongjiang::db::migrate(&db).await {
        eprintln!("migration failed: {e}");
        std::process::exit(1);
    }
    let count = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(SECONDS);
    let started = Instant::now();
    let rate = if url.starts_with("postgres") {
        let pool = db.get_postgres_connection_pool().clone();
        sqlx::query("INSERT INTO workshops (title, trade, description, entry_rules, rubric, completion, created_at, updated_at) VALUES ('w','welder','','{}','{}','{}',now(),now())").execute(&pool).await.ok();
        sqlx::query("INSERT INTO cohorts (workshop_id, name, capacity, admitted_count, waitlist_seq, applications_open_at, applications_close_at, starts_on, ends_on, venue, status, created_at, updated_at) VALUES ((SELECT max(id) FROM workshops),'c',10,0,0,now(),now(),current_date,current_date,'v','open',now(),now())").execute(&pool).await.ok();
        let mut tasks = vec![];
        for t in 0..TASKS {
            let (pool, count) = (pool.clone(), count.clone());
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let key = format!("{t}-{n}");
                    let Ok(mut tx) = pool.begin().await else {
                        continue;
                    };
                    let ok = sqlx::query(PG_APP)
                        .bind(&key)
                        .execute(&mut *tx)
                        .await
                        .is_ok()
                        && sqlx::query(PG_NOTICE)
                            .bind(&key)
                            .execute(&mut *tx)
                            .await
                            .is_ok();
                    if ok && tx.commit().await.is_ok() {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let rate = count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        // The same two rows in one data-modifying WITH: one round trip.
        let one = Arc::new(AtomicU64::new(0));
        let deadline = Instant::now() + Duration::from_secs(SECONDS);
        let started = Instant::now();
        let mut tasks = vec![];
        for t in 0..TASKS {
            let (pool, one) = (pool.clone(), one.clone());
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let key = format!("one-{t}-{n}");
                    if sqlx::query(PG_ONE).bind(&key).execute(&pool).await.is_ok() {
                        one.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let one_rate = one.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        println!("the same rows in one WITH statement, 32 tasks: {one_rate:.0} applications/s");
        rate
    } else {
        let pool = db.get_sqlite_connection_pool().clone();
        sqlx::query("INSERT INTO workshops (title, trade, description, entry_rules, rubric, completion, created_at, updated_at) VALUES ('w','welder','','{}','{}','{}',datetime('now'),datetime('now'))").execute(&pool).await.ok();
        sqlx::query("INSERT INTO cohorts (workshop_id, name, capacity, admitted_count, waitlist_seq, applications_open_at, applications_close_at, starts_on, ends_on, venue, status, created_at, updated_at) VALUES ((SELECT max(id) FROM workshops),'c',10,0,0,datetime('now'),datetime('now'),date('now'),date('now'),'v','open',datetime('now'),datetime('now'))").execute(&pool).await.ok();
        let mut tasks = vec![];
        for t in 0..TASKS {
            let (pool, count) = (pool.clone(), count.clone());
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let key = format!("{t}-{n}");
                    let Ok(mut tx) = pool.begin_with("BEGIN IMMEDIATE").await else {
                        continue;
                    };
                    let ok = sqlx::query(SQLITE_APP)
                        .bind(&key)
                        .execute(&mut *tx)
                        .await
                        .is_ok()
                        && sqlx::query(SQLITE_NOTICE)
                            .bind(&key)
                            .execute(&mut *tx)
                            .await
                            .is_ok();
                    if ok && tx.commit().await.is_ok() {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let rate = count.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64();
        if let Err(e) = sqlite_driver_costs(&pool, &url).await {
            eprintln!("driver costs: {e}");
        }
        rate
    };
    println!("{rate:.0} transactions/s");
}

/// What one statement costs through sqlx (a channel and a thread hand-off per
/// statement) and through rusqlite on the calling thread, and what grouping
/// 32 applications in one transaction (a savepoint each, as the service's
/// group commit does) reaches with each driver. Printed before the ceiling.
async fn sqlite_driver_costs(pool: &sqlx::SqlitePool, url: &str) -> Result<(), String> {
    let e = |e: sqlx::Error| e.to_string();
    let mut c = pool.acquire().await.map_err(e)?;
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < Duration::from_secs(2) {
        sqlx::query("SELECT 1").execute(&mut *c).await.map_err(e)?;
        n += 1;
    }
    let sqlx_stmt = n as f64 / started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < Duration::from_secs(SECONDS) {
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut *c)
            .await
            .map_err(e)?;
        for _ in 0..32 {
            n += 1;
            let key = format!("g-{n}");
            sqlx::query("SAVEPOINT w")
                .execute(&mut *c)
                .await
                .map_err(e)?;
            sqlx::query(SQLITE_APP)
                .bind(&key)
                .execute(&mut *c)
                .await
                .map_err(e)?;
            sqlx::query(SQLITE_NOTICE)
                .bind(&key)
                .execute(&mut *c)
                .await
                .map_err(e)?;
            sqlx::query("RELEASE w").execute(&mut *c).await.map_err(e)?;
        }
        sqlx::query("COMMIT").execute(&mut *c).await.map_err(e)?;
    }
    let sqlx_grouped = n as f64 / started.elapsed().as_secs_f64();
    drop(c);
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let (r_stmt, r_one, r_grouped) =
        tokio::task::spawn_blocking(move || rusqlite_rates(&path).map_err(|e| e.to_string()))
            .await
            .map_err(|e| e.to_string())??;
    println!(
        "one statement (SELECT 1): sqlx {:.1} us ({sqlx_stmt:.0}/s), rusqlite {:.1} us ({r_stmt:.0}/s)",
        1e6 / sqlx_stmt,
        1e6 / r_stmt
    );
    println!(
        "32 applications per transaction, savepoint each, one writer: sqlx {sqlx_grouped:.0}/s, rusqlite {r_grouped:.0}/s"
    );
    println!("one transaction per application, one writer: rusqlite {r_one:.0}/s");
    Ok(())
}

fn rusqlite_rates(path: &str) -> rusqlite::Result<(f64, f64, f64)> {
    let conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let started = Instant::now();
    let mut n = 0u64;
    {
        let mut st = conn.prepare_cached("SELECT 1")?;
        while started.elapsed() < Duration::from_secs(2) {
            let _: i64 = st.query_row([], |r| r.get(0))?;
            n += 1;
        }
    }
    let stmt = n as f64 / started.elapsed().as_secs_f64();
    Ok((
        stmt,
        rusqlite_run(&conn, 1, "r1")?,
        rusqlite_run(&conn, 32, "r32")?,
    ))
}

fn rusqlite_run(conn: &rusqlite::Connection, batch: usize, tag: &str) -> rusqlite::Result<f64> {
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed() < Duration::from_secs(SECONDS) {
        conn.execute_batch("BEGIN IMMEDIATE")?;
        for _ in 0..batch {
            n += 1;
            let key = format!("{tag}-{n}");
            if batch > 1 {
                conn.execute_batch("SAVEPOINT w")?;
            }
            conn.prepare_cached(SQLITE_APP)?.execute([&key])?;
            conn.prepare_cached(SQLITE_NOTICE)?.execute([&key])?;
            if batch > 1 {
                conn.execute_batch("RELEASE w")?;
            }
        }
        conn.execute_batch("COMMIT")?;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

const PG_ONE: &str = "WITH a AS (INSERT INTO applications (cohort_id, reference, status, full_name, national_id_enc, national_id_hmac, national_id_masked, phone, email, employer, trade, started_trade_on, certificate, processes, locale, consent_at, eligibility_basis, status_token_hash, created_at, updated_at) \
VALUES ((SELECT max(id) FROM cohorts), $1, 'pending', '张焊工', 'sealed-id-sealed-id-sealed-id', $1, '330602********1234', '13900000000', 'w@example.com', '绍兴钢构', 'welder', '2015-03-01', '{\"trade\":\"welder\",\"level\":4}', '[\"SMAW\"]', 'zh', now(), 'certificate', 'hash', now(), now()) RETURNING id) \
INSERT INTO notices (cohort_id, recipient, recipient_name, kind, locale, subject, body_text, body_html, status, attempts, next_attempt_at, dedupe_key, message_id, created_at, updated_at) \
SELECT 1, 'w@example.com', '张焊工', 'application_received', 'zh', '报名已收到', 'text body', '<p>html body</p>', 'queued', 0, now(), 'raw:' || $1, $1, now(), now() FROM a";
const PG_APP: &str = "INSERT INTO applications (cohort_id, reference, status, full_name, national_id_enc, national_id_hmac, national_id_masked, phone, email, employer, trade, started_trade_on, certificate, processes, locale, consent_at, eligibility_basis, status_token_hash, created_at, updated_at) \
VALUES ((SELECT max(id) FROM cohorts), $1, 'pending', '张焊工', 'sealed-id-sealed-id-sealed-id', $1, '330602********1234', '13900000000', 'w@example.com', '绍兴钢构', 'welder', '2015-03-01', '{\"trade\":\"welder\",\"level\":4}', '[\"SMAW\"]', 'zh', now(), 'certificate', 'hash', now(), now())";
const PG_NOTICE: &str = "INSERT INTO notices (cohort_id, recipient, recipient_name, kind, locale, subject, body_text, body_html, status, attempts, next_attempt_at, dedupe_key, message_id, created_at, updated_at) \
VALUES (1, 'w@example.com', '张焊工', 'application_received', 'zh', '报名已收到', 'text body', '<p>html body</p>', 'queued', 0, now(), 'raw:' || $1, $1, now(), now())";
const SQLITE_APP: &str = "INSERT INTO applications (cohort_id, reference, status, full_name, national_id_enc, national_id_hmac, national_id_masked, phone, email, employer, trade, started_trade_on, certificate, processes, locale, consent_at, eligibility_basis, status_token_hash, created_at, updated_at) \
VALUES ((SELECT max(id) FROM cohorts), ?1, 'pending', '张焊工', 'sealed-id-sealed-id-sealed-id', ?1, '330602********1234', '13900000000', 'w@example.com', '绍兴钢构', 'welder', '2015-03-01', '{\"trade\":\"welder\",\"level\":4}', '[\"SMAW\"]', 'zh', datetime('now'), 'certificate', 'hash', datetime('now'), datetime('now'))";
const SQLITE_NOTICE: &str = "INSERT INTO notices (cohort_id, recipient, recipient_name, kind, locale, subject, body_text, body_html, status, attempts, next_attempt_at, dedupe_key, message_id, created_at, updated_at) \
VALUES (1, 'w@example.com', '张焊工', 'application_received', 'zh', '报名已收到', 'text body', '<p>html body</p>', 'queued', 0, datetime('now'), 'raw:' || ?1, ?1, datetime('now'), datetime('now'))";
