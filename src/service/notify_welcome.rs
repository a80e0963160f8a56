//! The welcome: sent to every participant when the roster is
//! approved, and to anyone who becomes a participant after that. It carries
//! what the participant needs on the first day — their own mentor, the
//! sessions planned so far, the venue, what to bring, their status link and
//! calendar feed — and the sessions as an iCalendar attachment.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::entity::{application, cohort, cohort_mentor, cohort_session, mentor_assignment, user};
use crate::error::AppResult;
use crate::i18n::Locale;
use crate::i18n::fmt;
use crate::mail::outbox::enqueue;
use crate::service::calendar::{self, Feed};
use crate::service::mentoring::sessions;
use crate::service::notify::{locale_of, participant_notice, status_url};
use crate::service::notify_mentoring::session_when;
use crate::service::workshops::Workshop;

/// The participant's mentor: name and honorific (empty when none).
async fn mentor_of<C: ConnectionTrait>(
    conn: &C,
    app: &application::Model,
) -> AppResult<Option<(String, String)>> {
    let Some(a) = mentor_assignment::Entity::find()
        .filter(mentor_assignment::Column::ParticipantId.eq(app.id))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    let Some(u) = user::Entity::find_by_id(a.mentor_user_id).one(conn).await? else {
        return Ok(None);
    };
    let title = cohort_mentor::Entity::find()
        .filter(cohort_mentor::Column::CohortId.eq(a.cohort_id))
        .filter(cohort_mentor::Column::UserId.eq(u.id))
        .one(conn)
        .await?
        .map(|m| m.title)
        .unwrap_or_default();
    Ok(Some((u.name, title)))
}

fn session_lines(locale: Locale, rows: &[cohort_session::Model]) -> Vec<Value> {
    rows.iter()
        .map(|s| json!({"title": s.title, "when": session_when(locale, s), "venue": s.venue}))
        .collect()
}

/// What the cohort's welcomes share: its planned sessions and their calendar.
struct Schedule {
    rows: Vec<cohort_session::Model>,
    calendar: Option<String>,
}

async fn schedule<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
) -> AppResult<Schedule> {
    let rows = sessions::rows(conn, c.id)
        .await?
        .into_iter()
        .filter(|s| s.cancelled_at.is_none())
        .collect();
    let calendar = calendar::cohort_calendar(conn, state, c, &w.model.title, false).await?;
    Ok(Schedule { rows, calendar })
}

async fn welcome_one<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
    plan: &Schedule,
) -> AppResult<()> {
    let locale = locale_of(app);
    let mentor = mentor_of(conn, app).await?;
    let (mentor_name, mentor_title) = mentor.unwrap_or_default();
    let feed = calendar::feed_urls(state, Feed::Participant(app.id));
    let context = json!({
        "name": app.full_name,
        "workshop_title": w.model.title,
        "cohort_name": c.name,
        "starts_on": fmt::date(locale, c.starts_on),
        "ends_on": fmt::date(locale, c.ends_on),
        "venue": c.venue,
        "mentor_name": mentor_name,
        "mentor_title": mentor_title,
        "sessions": session_lines(locale, &plan.rows),
        "has_calendar": plan.calendar.is_some(),
        "calendar_url": feed.https,
        "webcal_url": feed.webcal,
        "status_url": status_url(state, &app.reference, None),
    });
    let key = format!("approved:{}:{}", c.id, app.id);
    let mut notice = participant_notice(app, c, "cohort_approved", key, context);
    notice.calendar = plan.calendar.clone();
    enqueue(conn, &state.mail, notice).await
}

/// The welcome to every admitted participant when the roster is approved.
pub async fn cohort_approved<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
) -> AppResult<()> {
    let plan = schedule(conn, state, w, c).await?;
    for app in crate::service::mentoring::participants(conn, c.id).await? {
        welcome_one(conn, state, w, c, &app, &plan).await?;
    }
    Ok(())
}

/// The welcome to someone who became a participant after the roster was
/// approved (promoted from the waitlist); nothing before approval, when
/// the approval's own welcome will reach them.
pub async fn joined_after_approval<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    w: &Workshop,
    c: &cohort::Model,
    app: &application::Model,
) -> AppResult<()> {
    let approved = matches!(
        CohortStatus::parse(&c.status),
        Some(CohortStatus::Approved | CohortStatus::Running)
    );
    if !approved || app.status != ApplicationStatus::Admitted.as_str() {
        return Ok(());
    }
    let plan = schedule(conn, state, w, c).await?;
    welcome_one(conn, state, w, c, app, &plan).await
}
