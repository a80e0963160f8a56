//! Attendance at sessions: the cohort's mentors and organizers record it for
//! the whole roster at once, all or nothing; each change keeps its history
//! (before → after, who, when).
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use validator::Validate;

use super::absence;
use super::sessions::{self, SessionView};
use super::{Actor, participants, person, require_roster_approved, require_staff_of, users_by_id};
use crate::domain::Message;
use crate::domain::attendance::AttendanceStatus;
use crate::entity::{attendance, attendance_change};
use crate::error::{AppError, AppResult, FieldError};
use crate::mail::Mailer;
use crate::service::{audit, cohorts};

/// Most characters in an attendance note.
pub const MAX_NOTE_CHARS: usize = 500;
/// At most this many records in one request: a cohort's largest size.
pub const MAX_RECORDS: usize = crate::domain::cohort::MAX_CAPACITY as usize;

/// [`MAX_RECORDS`] as `validator` counts.
const MAX_RECORDS_LEN: u64 = MAX_RECORDS as u64;

/// The attendance of some or all of a session's participants.
#[derive(Debug, Clone, Deserialize, ToSchema, Validate)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    // Length only: `validator` cannot hold a list's own failure and its
    // items' together (the records have no shape rules of their own).
    #[validate(length(max = MAX_RECORDS_LEN))]
    pub records: Vec<AttendanceRecordInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema, Validate, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceRecordInput {
    pub participant_id: i64,
    /// present, late, absent or excused
    pub status: String,
    /// Required for excused (the reason for leave).
    #[serde(default)]
    pub note: Option<String>,
}

/// One participant's line on a session's sheet.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetLine {
    pub participant_id: i64,
    pub name: String,
    pub employer: String,
    /// null when nothing is recorded yet.
    pub status: Option<String>,
    pub note: Option<String>,
    #[schema(value_type = Object)]
    pub recorded_by: serde_json::Value,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub recorded_at: Option<DateTime<Utc>>,
    /// `mentor` or `self` (the participant checked in); null when nothing is recorded.
    pub source: Option<String>,
}

/// One change of one record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChangeView {
    pub participant_id: i64,
    pub before_status: Option<String>,
    pub before_note: Option<String>,
    pub after_status: String,
    pub after_note: Option<String>,
    #[schema(value_type = Object)]
    pub changed_by: serde_json::Value,
    #[schema(value_type = String, format = DateTime)]
    pub changed_at: DateTime<Utc>,
    /// `mentor` or `self` (the participant checked in).
    pub source: String,
}

/// A session's attendance: every participant, and the history of changes.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Sheet {
    pub session: SessionView,
    pub records: Vec<SheetLine>,
    pub history: Vec<ChangeView>,
}

/// A checked record, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidRecord {
    pub participant_id: i64,
    pub status: AttendanceStatus,
    pub note: Option<String>,
}

/// Checks every record against the roster: a known status, a participant of
/// this cohort (once), a note for `excused`. All problems are reported, each
/// under `records[i].field`.
pub fn check(
    input: &AttendanceInput,
    roster: &HashSet<i64>,
) -> Result<Vec<ValidRecord>, Vec<FieldError>> {
    let mut errors = vec![];
    let mut valid = vec![];
    let mut seen = HashSet::new();
    if input.records.is_empty() {
        errors.push(FieldError::new("records", Message::of("records_empty")));
    }
    for (i, r) in input.records.iter().enumerate() {
        let field = |name: &str| format!("records[{i}].{name}");
        if !roster.contains(&r.participant_id) {
            errors.push(FieldError::new(
                field("participant_id"),
                Message::of("participant_not_in_cohort").arg("participant_id", &r.participant_id),
            ));
        } else if !seen.insert(r.participant_id) {
            errors.push(FieldError::new(
                field("participant_id"),
                Message::of("participant_repeated").arg("participant_id", &r.participant_id),
            ));
        }
        let status = AttendanceStatus::parse(r.status.trim())
            .map_err(|m| errors.push(FieldError::new(field("status"), m)));
        let note = r
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            // An ID or a mobile number typed into a note is masked before it is kept.
            .map(crate::domain::mask::mask_free_text);
        if note.as_ref().is_some_and(|n| {
            n.chars().count() > MAX_NOTE_CHARS || n.chars().any(|c| c.is_control() && c != '\n')
        }) {
            errors.push(FieldError::new(
                field("note"),
                Message::of("note_length").arg("max_note_chars", &MAX_NOTE_CHARS),
            ));
        }
        if status == Ok(AttendanceStatus::Excused) && note.is_none() {
            errors.push(FieldError::new(
                field("note"),
                Message::of("excused_needs_note"),
            ));
        }
        if let Ok(status) = status {
            valid.push(ValidRecord {
                participant_id: r.participant_id,
                status,
                note,
            });
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// Field errors of the sheet with the participant's name in front, so the
/// person recording sees whom each one is about.
fn named(
    errors: Vec<FieldError>,
    input: &AttendanceInput,
    people: &[crate::entity::application::Model],
) -> AppError {
    let name_of = |field: &str| {
        let i: usize = field
            .strip_prefix("records[")?
            .split(']')
            .next()?
            .parse()
            .ok()?;
        let id = input.records.get(i)?.participant_id;
        people
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.full_name.clone())
    };
    AppError::Validation(
        errors
            .into_iter()
            .map(|e| match name_of(&e.field) {
                Some(who) => FieldError::new(
                    e.field.clone(),
                    Message::keyed(e.message.code, "msg-about_person")
                        .arg("who", &who)
                        .arg_message("reason", e.message),
                ),
                None => e,
            })
            .collect(),
    )
}

/// Records attendance for a session (200 with the sheet). Only organizers
/// and the cohort's mentors (403); from the roster's approval on (409); not
/// for a cancelled session (409); nothing is saved unless every record is valid (422).
/// Absence warnings now due are queued in the same transaction.
pub async fn record(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: Actor,
    session_id: i64,
    input: &AttendanceInput,
) -> AppResult<Sheet> {
    record_at(db, mailer, actor, session_id, input, Utc::now()).await
}

/// [`record`] as at `clock` (the service's clock, which tests move).
pub async fn record_at(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: Actor,
    session_id: i64,
    input: &AttendanceInput,
    clock: DateTime<Utc>,
) -> AppResult<Sheet> {
    let s = sessions::get(db, session_id).await?;
    let c = cohorts::get(db, s.cohort_id).await?;
    require_staff_of(db, c.id, actor).await?;
    require_roster_approved(&c)?;
    if s.cancelled_at.is_some() {
        return Err(AppError::conflict(Message::of("session_cancelled")));
    }

    let txn = crate::db::begin_write(db).await?;
    // One attendance writer per cohort at a time (a row lock on PostgreSQL;
    // SQLite's write transaction already is one), so each change's "before"
    // is true and the absence warnings see every session's latest records.
    super::lock_cohort(&txn, c.id).await?;
    let people = participants(&txn, c.id).await?;
    let roster: HashSet<i64> = people.iter().map(|p| p.id).collect();
    let valid = check(input, &roster).map_err(|errors| named(errors, input, &people))?;
    // Before the start only leave announced ahead can be recorded.
    if let Some((r, m)) = valid.iter().find_map(|r| {
        crate::domain::attendance::allowed_at(r.status, s.starts_at, clock)
            .err()
            .map(|m| (r, m))
    }) {
        let who = people
            .iter()
            .find(|p| p.id == r.participant_id)
            .map(|p| p.full_name.as_str())
            .unwrap_or_default();
        return Err(AppError::Unprocessable(
            Message::keyed(m.code, "msg-about_person")
                .arg("who", who)
                .arg_message("reason", m),
        ));
    }
    let existing: HashMap<i64, attendance::Model> = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.participant_id, a))
        .collect();
    let now = crate::mail::outbox::now();
    let mut changed = vec![];
    for r in valid {
        let before = existing.get(&r.participant_id);
        if before.is_some_and(|b| b.status == r.status.as_str() && b.note == r.note) {
            continue;
        }
        store(&txn, session_id, before, &r, Author::Staff(actor.id), now).await?;
        changed.push(r.participant_id);
    }
    if !changed.is_empty() {
        audit::record(
            &txn,
            Some(actor.id),
            "attendance.record",
            "session",
            session_id,
            json!({"changed": changed.len()}),
        )
        .await?;
    }
    // Warnings are queued with the write that causes them.
    let warned = absence::warn(&txn, mailer, &c, &changed).await?;
    txn.commit().await?;
    if warned > 0 {
        mailer.wake();
    }
    sheet(db, actor, session_id).await
}

/// Who wrote a record: a staff member, or the participant checking in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Staff(i64),
    /// The participant's own check-in (`source: "self"`).
    SelfCheckin,
}

impl Author {
    fn user_id(self) -> Option<i64> {
        match self {
            Author::Staff(id) => Some(id),
            Author::SelfCheckin => None,
        }
    }

    /// `mentor` or `self`, as stored and shown.
    pub fn source(self) -> &'static str {
        match self {
            Author::Staff(_) => "mentor",
            Author::SelfCheckin => "self",
        }
    }
}

/// Writes one record and its history row (before → after) in `txn`.
pub(super) async fn store<C: ConnectionTrait>(
    txn: &C,
    session_id: i64,
    before: Option<&attendance::Model>,
    r: &ValidRecord,
    author: Author,
    now: DateTime<Utc>,
) -> AppResult<()> {
    attendance_change::ActiveModel {
        session_id: Set(session_id),
        participant_id: Set(r.participant_id),
        before_status: Set(before.map(|b| b.status.clone())),
        before_note: Set(before.and_then(|b| b.note.clone())),
        after_status: Set(r.status.as_str().into()),
        after_note: Set(r.note.clone()),
        changed_by: Set(author.user_id()),
        changed_at: Set(now),
        source: Set(author.source().into()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    match before {
        Some(b) => {
            let mut m: attendance::ActiveModel = b.clone().into();
            m.status = Set(r.status.as_str().into());
            m.note = Set(r.note.clone());
            m.recorded_by = Set(author.user_id());
            m.recorded_at = Set(now);
            m.source = Set(author.source().into());
            m.update(txn).await?;
        }
        None => {
            attendance::ActiveModel {
                session_id: Set(session_id),
                participant_id: Set(r.participant_id),
                status: Set(r.status.as_str().into()),
                note: Set(r.note.clone()),
                recorded_by: Set(author.user_id()),
                recorded_at: Set(now),
                source: Set(author.source().into()),
                ..Default::default()
            }
            .insert(txn)
            .await
            .map_err(|e| {
                if crate::db::is_unique_violation(&e) {
                    AppError::conflict(Message::keyed(
                        "changed_concurrently",
                        "msg-changed_concurrently-4",
                    ))
                } else {
                    e.into()
                }
            })?;
        }
    }
    Ok(())
}

/// A session's sheet, for organizers and the cohort's mentors.
pub async fn sheet<C: ConnectionTrait>(db: &C, actor: Actor, session_id: i64) -> AppResult<Sheet> {
    let s = sessions::get(db, session_id).await?;
    require_staff_of(db, s.cohort_id, actor).await?;
    let people = participants(db, s.cohort_id).await?;
    let records: HashMap<i64, attendance::Model> = attendance::Entity::find()
        .filter(attendance::Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.participant_id, a))
        .collect();
    let changes = attendance_change::Entity::find()
        .filter(attendance_change::Column::SessionId.eq(session_id))
        .order_by_asc(attendance_change::Column::Id)
        .all(db)
        .await?;
    let staff = records
        .values()
        .filter_map(|r| r.recorded_by)
        .chain(changes.iter().filter_map(|c| c.changed_by))
        .chain(s.mentor_user_id);
    let users = users_by_id(db, staff).await?;
    let lines = people
        .iter()
        .map(|p| {
            let r = records.get(&p.id);
            SheetLine {
                participant_id: p.id,
                name: p.full_name.clone(),
                employer: p.employer.clone(),
                status: r.map(|r| r.status.clone()),
                note: r.and_then(|r| r.note.clone()),
                recorded_by: person(&users, r.and_then(|r| r.recorded_by)),
                recorded_at: r.map(|r| r.recorded_at),
                source: r.map(|r| r.source.clone()),
            }
        })
        .collect();
    let history = changes
        .into_iter()
        .map(|c| ChangeView {
            participant_id: c.participant_id,
            before_status: c.before_status,
            before_note: c.before_note,
            after_status: c.after_status,
            after_note: c.after_note,
            changed_by: person(&users, c.changed_by),
            changed_at: c.changed_at,
            source: c.source,
        })
        .collect();
    Ok(Sheet {
        session: sessions::view(&s, person(&users, s.mentor_user_id), Utc::now()),
        records: lines,
        history,
    })
}

/// Every attendance record of a cohort's sessions, by (session, participant).
pub async fn of_cohort<C: ConnectionTrait>(
    db: &C,
    session_ids: &[i64],
) -> AppResult<HashMap<(i64, i64), attendance::Model>> {
    if session_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(session_ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| ((a.session_id, a.participant_id), a))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: i64, status: &str, note: Option<&str>) -> AttendanceRecordInput {
        AttendanceRecordInput {
            participant_id: id,
            status: status.into(),
            note: note.map(str::to_string),
        }
    }

    fn codes(input: Vec<AttendanceRecordInput>) -> Vec<(String, &'static str)> {
        let roster: HashSet<i64> = [1, 2, 3].into();
        check(&AttendanceInput { records: input }, &roster)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| (f.field, f.message.code))
            .collect()
    }

    #[test]
    fn check_table() {
        let none: Vec<(String, &str)> = vec![];
        assert_eq!(
            codes(vec![
                rec(1, "present", None),
                rec(2, "late", None),
                rec(3, "absent", None)
            ]),
            none
        );
        assert_eq!(codes(vec![rec(1, "excused", Some("病假"))]), none);
        assert_eq!(
            codes(vec![rec(1, "excused", Some("  "))]),
            vec![("records[0].note".into(), "excused_needs_note")]
        );
        assert_eq!(
            codes(vec![rec(1, "here", None)]),
            vec![("records[0].status".into(), "attendance_status_invalid")]
        );
        assert_eq!(
            codes(vec![rec(1, "present", None), rec(9, "present", None)]),
            vec![(
                "records[1].participant_id".into(),
                "participant_not_in_cohort"
            )]
        );
        assert_eq!(
            codes(vec![rec(1, "present", None), rec(1, "late", None)]),
            vec![("records[1].participant_id".into(), "participant_repeated")]
        );
        assert_eq!(codes(vec![]), vec![("records".into(), "records_empty")]);
        let long = "字".repeat(MAX_NOTE_CHARS + 1);
        assert_eq!(
            codes(vec![rec(1, "absent", Some(&long))]),
            vec![("records[0].note".into(), "note_length")]
        );
    }

    #[test]
    fn notes_are_trimmed_and_empty_notes_dropped() {
        let roster: HashSet<i64> = [1].into();
        let ok = check(
            &AttendanceInput {
                records: vec![rec(1, "present", Some("  "))],
            },
            &roster,
        );
        assert_eq!(ok.ok().map(|v| v[0].note.clone()), Some(None));
    }
}
