//! The notices of selection: the draw's outcome to each entrant and an offer
//! that lapsed (a new offer from the waitlist is the `promoted` notice).
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde_json::json;

use crate::AppState;
use crate::domain::selection::{DrawLine, DrawOutcome};
use crate::entity::{application, cohort};
use crate::error::AppResult;
use crate::i18n::fmt;
use crate::mail::outbox::enqueue;
use crate::service::notify::{locale_of, participant_notice, status_url};
use crate::service::workshops::Workshop;

fn draw_url(state: &AppState, c: &cohort::Model) -> String {
    format!(
        "{}/cohorts/{}/draw",
        state.settings.public_url.trim_end_matches('/'),
        c.id
    )
}

pub async fn draw_outcome<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
    line: &DrawLine,
    deadline: DateTime<Utc>,
) -> AppResult<()> {
    let locale = locale_of(app);
    let offered = line.outcome == DrawOutcome::Offered;
    let context = json!({
        "name": app.full_name,
        "reference": app.reference,
        "workshop_title": w.model.title,
        "cohort_name": c.name,
        "offered": offered,
        "tier": line.tier,
        "ticket": line.ticket,
        "rank": line.rank,
        "offer_expires": fmt::datetime(locale, deadline),
        "status_url": status_url(state, &app.reference, None),
        "draw_url": draw_url(state, c),
    });
    let notice = participant_notice(app, c, "draw_outcome", format!("draw:{}", app.id), context);
    enqueue(conn, &state.mail, notice).await
}

pub async fn offer_lapsed<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
) -> AppResult<()> {
    let context = json!({
        "name": app.full_name,
        "reference": app.reference,
        "workshop_title": w.model.title,
        "cohort_name": c.name,
        "status_url": status_url(state, &app.reference, None),
    });
    let key = format!(
        "lapsed:{}:{}",
        app.id,
        app.offer_expires_at.map(|t| t.timestamp()).unwrap_or(0)
    );
    let notice = participant_notice(app, c, "offer_lapsed", key, context);
    enqueue(conn, &state.mail, notice).await
}
