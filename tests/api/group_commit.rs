//! Group commit on SQLite: the writes waiting for the lane share one COMMIT,
//! each in its own savepoint. On PostgreSQL the same requests run as
//! transactions of their own, and the same answers are expected.
use std::sync::Arc;
use std::time::Duration;

use gongjiang::db::testing;

use crate::fixtures::*;
use crate::helpers::{TestApp, Who, on_postgres};

/// Waits until `n` writers queue for the held lane (SQLite), so they run as
/// one batch once it is let go.
async fn wait_for_writers(app: &TestApp, n: usize) {
    if on_postgres() {
        return;
    }
    for _ in 0..1000 {
        if testing::waiting(app.db()) >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("only {} of {n} writers queued", testing::waiting(app.db()));
}

/// The service without the per-address limit, so each application is one
/// write (the limit's own write would otherwise come first).
async fn spawn() -> Arc<TestApp> {
    Arc::new(TestApp::spawn_with(|f| f.merge(("application_limit", 0))).await)
}

/// Sends one application per number at once, all queued behind the held lane.
async fn apply_together(app: &Arc<TestApp>, cohort_id: i64, people: &[u32]) -> Vec<u16> {
    let path = format!("/api/v1/cohorts/{cohort_id}/applications");
    let hold = testing::hold_lane(app.db()).await;
    let mut tasks = tokio::task::JoinSet::new();
    for &n in people {
        let app = app.clone();
        let path = path.clone();
        tasks.spawn(async move {
            app.post_json(&path, &Who::anonymous(), &certified_applicant(n))
                .await
                .status
                .code
        });
    }
    wait_for_writers(app, people.len()).await;
    drop(hold);
    let mut codes = Vec::new();
    while let Some(code) = tasks.join_next().await {
        codes.push(code.expect("task"));
    }
    codes.sort_unstable();
    codes
}

#[rocket::async_test]
async fn a_duplicate_inside_a_group_commit_fails_alone() {
    let app = spawn().await;
    let class = open_class(&app, 30).await;
    let before = testing::batches(app.db());
    // Person 3 twice: the second meets the first's row in the same batch.
    let codes = apply_together(&app, class.cohort_id, &[1, 2, 3, 3, 4, 5, 6, 7]).await;
    assert_eq!(codes, vec![201, 201, 201, 201, 201, 201, 201, 409]);
    assert_eq!(app.count("applications").await, 7);
    assert_eq!(app.count("notices").await, 7);
    if !on_postgres() {
        let after = testing::batches(app.db());
        let (batches, writes) = (after.0 - before.0, after.1 - before.1);
        assert_eq!(writes, 7, "every 201 committed once");
        assert!(batches < writes, "{writes} writes in {batches} commits");
    }
    // Each stored application is readable by its own reference afterwards.
    let r = app
        .get(
            &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
            &class.org,
        )
        .await;
    assert_eq!(r.status.code, 200, "{}", r.body);
}

#[rocket::async_test]
async fn a_commit_that_fails_answers_no_one_success() {
    let app = spawn().await;
    let class = open_class(&app, 30).await;
    testing::fail_commits(app.db(), true);
    let codes = apply_together(&app, class.cohort_id, &[1, 2, 3, 4, 5, 6]).await;
    testing::fail_commits(app.db(), false);
    assert!(
        codes.iter().all(|&c| c >= 500),
        "every request of the failed commit gets an error: {codes:?}"
    );
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("notices").await, 0);
    // The lane is not left stuck: the next application is stored.
    let (id, reference, _) = apply(&app, class.cohort_id, &certified_applicant(9)).await;
    assert!(id > 0 && reference.starts_with("GJ-"), "{reference}");
    assert_eq!(app.count("applications").await, 1);
}
