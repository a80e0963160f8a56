//! Calendars of sessions: the attachment of the welcome and of each change
//! notice, and the feeds that calendar apps subscribe to (one per participant,
//! one per mentor). A feed's address carries a token of its own — a keyed tag
//! of the participant or mentor, never the status token — so it can sit in a
//! phone's calendar without opening the application.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::AppState;
use crate::crypto::DataKeys;
use crate::domain::cohort::{ApplicationStatus, CohortStatus};
use crate::entity::{application, cohort, cohort_session, user};
use crate::error::{AppError, AppResult};
use crate::mail::ics;
use crate::service::mentoring::{mentors, sessions};

/// Whose feed a token opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// An application (its participant's cohort).
    Participant(i64),
    /// A mentor's account (every cohort they mentor).
    Mentor(i64),
}

const PURPOSE: &str = "calendar-feed";

impl Feed {
    /// The address's token (see [`DataKeys::capability`]).
    pub fn token(self, keys: &DataKeys) -> String {
        match self {
            Feed::Participant(id) => keys.capability(PURPOSE, 'p', id),
            Feed::Mentor(id) => keys.capability(PURPOSE, 'm', id),
        }
    }

    /// The feed a token opens, or `None` for anything not made by [`Feed::token`].
    pub fn parse(keys: &DataKeys, token: &str) -> Option<Feed> {
        match keys.open_capability(PURPOSE, token)? {
            ('p', id) => Some(Feed::Participant(id)),
            ('m', id) => Some(Feed::Mentor(id)),
            _ => None,
        }
    }
}

/// The feed's addresses: `https://…/calendar/<token>.ics` and the same as
/// `webcal://…`, which phones open in their calendar app to subscribe.
pub struct FeedUrls {
    pub https: String,
    pub webcal: String,
}

pub fn feed_urls(state: &AppState, feed: Feed) -> FeedUrls {
    let base = state.settings.public_url.trim_end_matches('/');
    let https = format!("{base}/calendar/{}.ics", feed.token(&state.keys));
    let webcal = match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.clone(),
    };
    FeedUrls { https, webcal }
}

/// A calendar's words: a feed has no reader's language, so its texts are
/// bilingual entries read in the Chinese catalog.
fn feed_text(key: &str, name: &str) -> String {
    crate::i18n::text(crate::i18n::Locale::Zh, key, &[("name", name.to_string())])
}

/// The calendar entry of a session; its UID stays the same for the
/// session's life, so a change replaces the entry instead of adding one.
pub fn event(
    state: &AppState,
    c: &cohort::Model,
    s: &cohort_session::Model,
    mentor_name: Option<&str>,
) -> ics::Event {
    ics::Event {
        uid: format!("session-{}@{}", s.id, state.mail.domain()),
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        summary: crate::i18n::fmt::with_detail(crate::i18n::Locale::Zh, &s.title, &c.name),
        location: s.venue.clone(),
        description: mentor_name
            .filter(|n| !n.trim().is_empty())
            .map(|n| feed_text("calendar_mentor", n)),
        sequence: s.sequence,
        cancelled: s.cancelled_at.is_some(),
    }
}

/// Names of the sessions' leading mentors, by user id.
async fn mentor_names<C: ConnectionTrait>(
    db: &C,
    rows: &[cohort_session::Model],
) -> AppResult<std::collections::HashMap<i64, user::Model>> {
    crate::service::mentoring::users_by_id(db, rows.iter().filter_map(|s| s.mentor_user_id)).await
}

/// A calendar of `c`'s sessions (cancelled ones kept, marked, when
/// `with_cancelled`). `None` when there is no session to show.
pub async fn cohort_calendar<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    c: &cohort::Model,
    workshop_title: &str,
    with_cancelled: bool,
) -> AppResult<Option<String>> {
    let rows: Vec<_> = sessions::rows(db, c.id)
        .await?
        .into_iter()
        .filter(|s| with_cancelled || s.cancelled_at.is_none())
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let users = mentor_names(db, &rows).await?;
    let events: Vec<_> = rows
        .iter()
        .map(|s| {
            let name = s
                .mentor_user_id
                .and_then(|id| users.get(&id))
                .map(|u| u.name.as_str());
            event(state, c, s, name)
        })
        .collect();
    Ok(Some(ics::calendar(
        &format!("{workshop_title} {}", c.name),
        &events,
    )))
}

/// A calendar holding one session, attached to the notice of its change.
pub async fn session_calendar<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    c: &cohort::Model,
    s: &cohort_session::Model,
) -> AppResult<String> {
    let users = mentor_names(db, std::slice::from_ref(s)).await?;
    let name = s
        .mentor_user_id
        .and_then(|id| users.get(&id))
        .map(|u| u.name.as_str());
    Ok(ics::calendar(&c.name, &[event(state, c, s, name)]))
}

/// Whether a cohort's sessions are shown in feeds: from approval until it
/// is over, and after (a finished class stays in the calendar).
fn shown(c: &cohort::Model) -> bool {
    !matches!(
        CohortStatus::parse(&c.status),
        Some(CohortStatus::Cancelled) | None
    )
}

/// The feed behind a token: every session of the participant's cohort, or
/// of every cohort the mentor mentors, cancelled ones marked. 404 for a
/// token the service did not make, an application that is no longer
/// admitted, or a mentor account that was switched off.
pub async fn feed(state: &AppState, token: &str) -> AppResult<String> {
    let db = &state.db;
    let feed = Feed::parse(&state.keys, token).ok_or(AppError::NotFound)?;
    let (name, cohort_ids) = match feed {
        Feed::Participant(id) => {
            let app = application::Entity::find_by_id(id)
                .filter(application::Column::Status.eq(ApplicationStatus::Admitted.as_str()))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            (
                feed_text("calendar_name", &app.full_name),
                vec![app.cohort_id],
            )
        }
        Feed::Mentor(id) => {
            let u = user::Entity::find_by_id(id)
                .filter(user::Column::Active.eq(true))
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let ids = mentors::cohorts_of(db, id)
                .await?
                .into_iter()
                .map(|m| m.cohort_id)
                .collect();
            (feed_text("calendar_name", &u.name), ids)
        }
    };
    let cohorts = cohort::Entity::find()
        .filter(cohort::Column::Id.is_in(cohort_ids))
        .order_by_asc(cohort::Column::Id)
        .all(db)
        .await?;
    let mut events = vec![];
    for c in cohorts.iter().filter(|c| shown(c)) {
        let rows = sessions::rows(db, c.id).await?;
        let users = mentor_names(db, &rows).await?;
        for s in &rows {
            let mentor = s
                .mentor_user_id
                .and_then(|id| users.get(&id))
                .map(|u| u.name.as_str());
            events.push(event(state, c, s, mentor));
        }
    }
    Ok(ics::calendar(&name, &events))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_token_opens_only_its_own_feed() {
        let keys = DataKeys::new([7; 32]);
        let other = DataKeys::new([8; 32]);
        for feed in [Feed::Participant(12), Feed::Mentor(3)] {
            let t = feed.token(&keys);
            assert_eq!(Feed::parse(&keys, &t), Some(feed));
            assert_eq!(Feed::parse(&other, &t), None, "another key");
        }
        let p = Feed::Participant(12).token(&keys);
        let (_, tag) = p.split_once('-').unwrap_or_default();
        let cases = [
            format!("p13-{tag}"),
            format!("m12-{tag}"),
            format!("x12-{tag}"),
            format!("p-12-{tag}"),
            format!("p0-{tag}"),
            "p12".to_string(),
            format!("p12-{}", &tag[..31]),
            String::new(),
        ];
        for bad in cases {
            assert_eq!(Feed::parse(&keys, &bad), None, "{bad}");
        }
    }
}
