//! Where each participant stands: mentor, attendance rate (by
//! `domain::attendance::attendance_rate`), flagged when under the workshop's
//! threshold after three held sessions, latest assessment, completion
//! (`domain::assessment::completed`) and certificate. One read of a cohort
//! feeds the organizer's page, the API and the exports.
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::{parse_processes, participants, person, process_codes, users_by_id};
use crate::domain::absence::absence_triggers;
use crate::domain::assessment::{CompletionRule, completed};
use crate::domain::attendance::{AttendanceStatus, attendance_rate, flagged};
use crate::domain::session::held;
use crate::entity::{application, assessment, attendance, certificate, cohort, cohort_session};
use crate::error::AppResult;
use crate::service::workshops::{self, Workshop};
use crate::service::{cohorts, mentoring};

/// Attendance counted over the sessions held so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct AttendanceSummary {
    pub sessions_held: u32,
    pub present: u32,
    pub late: u32,
    pub absent: u32,
    pub excused: u32,
    /// Held sessions with no record (they count as not attended).
    pub unrecorded: u32,
    /// (present + late) / (held − excused); null when nothing is countable.
    pub rate: Option<f64>,
}

/// Sums one participant's statuses at the held sessions (`None`: no record).
pub fn summarize(statuses: &[Option<AttendanceStatus>]) -> AttendanceSummary {
    let mut s = AttendanceSummary {
        sessions_held: u32::try_from(statuses.len()).unwrap_or(u32::MAX),
        ..Default::default()
    };
    let recorded: Vec<AttendanceStatus> = statuses.iter().flatten().copied().collect();
    for st in statuses {
        match st {
            Some(AttendanceStatus::Present) => s.present += 1,
            Some(AttendanceStatus::Late) => s.late += 1,
            Some(AttendanceStatus::Absent) => s.absent += 1,
            Some(AttendanceStatus::Excused) => s.excused += 1,
            None => s.unrecorded += 1,
        }
    }
    s.rate = attendance_rate(&recorded, s.sessions_held);
    s
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LatestAssessment {
    pub id: i64,
    pub total: i32,
    pub max: i32,
    pub passed: bool,
    #[schema(value_type = String, format = DateTime)]
    pub recorded_at: DateTime<Utc>,
    /// Recorded at or after the cohort's last assessment session (or its
    /// last session when it has none), or marked final by an organizer:
    /// only a final assessment completes the course.
    #[serde(rename = "final")]
    pub is_final: bool,
}

/// One participant's standing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantProgress {
    pub id: i64,
    pub name: String,
    pub employer: String,
    pub processes: Vec<&'static str>,
    /// `{user_id, name, email}` or null.
    #[schema(value_type = Object)]
    pub mentor: Value,
    pub attendance: AttendanceSummary,
    /// Under the threshold after three held sessions.
    pub flagged: bool,
    /// The absence warnings that hold (`consecutive_absences`,
    /// `threshold_unreachable`), over every session not cancelled.
    pub absence_warnings: Vec<&'static str>,
    pub latest_assessment: Option<LatestAssessment>,
    /// Attendance threshold met and the final assessment passed.
    pub completed: bool,
    pub certificate_code: Option<String>,
}

/// Everything the reports read about a cohort, at one instant.
pub struct CohortReport {
    pub cohort: cohort::Model,
    pub workshop: Workshop,
    /// All sessions by start, cancelled ones included.
    pub sessions: Vec<cohort_session::Model>,
    pub participants: Vec<application::Model>,
    pub records: HashMap<(i64, i64), attendance::Model>,
    pub assessments: HashMap<i64, assessment::Model>,
    pub progress: Vec<ParticipantProgress>,
}

impl CohortReport {
    /// The sessions that count: started and not cancelled.
    pub fn held_sessions(&self, now: DateTime<Utc>) -> Vec<&cohort_session::Model> {
        self.sessions
            .iter()
            .filter(|s| held(s.starts_at, s.cancelled_at.is_some(), now))
            .collect()
    }
}

/// Builds a participant's standing from what the report read.
fn standing(
    p: &application::Model,
    held_ids: &[i64],
    records: &HashMap<(i64, i64), attendance::Model>,
    // The latest assessment, and the final one (which completes the course).
    (latest, final_one): (Option<&assessment::Model>, Option<&assessment::Model>),
    rule: &CompletionRule,
    mentor: Value,
    certificate_code: Option<String>,
) -> ParticipantProgress {
    let statuses: Vec<Option<AttendanceStatus>> = held_ids
        .iter()
        .map(|sid| {
            records
                .get(&(*sid, p.id))
                .and_then(|r| AttendanceStatus::parse(&r.status).ok())
        })
        .collect();
    let summary = summarize(&statuses);
    let passed = final_one.is_some_and(|a| a.passed);
    ParticipantProgress {
        id: p.id,
        name: p.full_name.clone(),
        employer: p.employer.clone(),
        processes: process_codes(&parse_processes(&p.processes)),
        mentor,
        flagged: flagged(summary.rate, summary.sessions_held, rule),
        absence_warnings: vec![],
        completed: completed(summary.rate, passed, rule),
        attendance: summary,
        latest_assessment: latest.map(|a| LatestAssessment {
            id: a.id,
            total: a.total,
            max: a.max_total,
            passed: a.passed,
            recorded_at: a.recorded_at,
            is_final: final_one.is_some_and(|f| f.id == a.id),
        }),
        certificate_code,
    }
}

/// Reads a cohort's sessions, roster, attendance, assessments and
/// certificates, and works out each participant's standing at `now`.
pub async fn report<C: ConnectionTrait>(
    db: &C,
    cohort_id: i64,
    now: DateTime<Utc>,
) -> AppResult<CohortReport> {
    let c = cohorts::get(db, cohort_id).await?;
    let w = workshops::get(db, c.workshop_id).await?;
    let sessions = mentoring::sessions::rows(db, cohort_id).await?;
    let people = participants(db, cohort_id).await?;
    let session_ids: Vec<i64> = sessions.iter().map(|s| s.id).collect();
    let records = mentoring::attendance::of_cohort(db, &session_ids).await?;
    let assessments = mentoring::assessments::latest_of_cohort(db, cohort_id).await?;
    let finals =
        crate::service::credentials::completion::final_assessments(db, cohort_id, &sessions)
            .await?;
    let mentor_of = mentoring::pairing::mentor_of_each(db, cohort_id).await?;
    let users = users_by_id(db, mentor_of.values().copied()).await?;
    let certificates: HashMap<i64, String> = certificate::Entity::find()
        .filter(certificate::Column::CohortId.eq(cohort_id))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.participant_id, c.code))
        .collect();
    let held_ids: Vec<i64> = sessions
        .iter()
        .filter(|s| held(s.starts_at, s.cancelled_at.is_some(), now))
        .map(|s| s.id)
        .collect();
    let progress = people
        .iter()
        .map(|p| {
            let statuses = mentoring::absence::statuses_of(&sessions, &records, p.id);
            let warnings = absence_triggers(&statuses, &w.completion);
            let mut s = standing(
                p,
                &held_ids,
                &records,
                (assessments.get(&p.id), finals.get(&p.id)),
                &w.completion,
                person(&users, mentor_of.get(&p.id).copied()),
                certificates.get(&p.id).cloned(),
            );
            s.absence_warnings = warnings.iter().map(|t| t.as_str()).collect();
            s
        })
        .collect();
    Ok(CohortReport {
        cohort: c,
        workshop: w,
        sessions,
        participants: people,
        records,
        assessments,
        progress,
    })
}

#[cfg(test)]
mod tests {
    use super::AttendanceStatus::*;
    use super::*;

    #[test]
    fn summary_counts_each_status_and_missing_records_as_not_attended() {
        let s = summarize(&[Some(Present), Some(Late), Some(Absent), Some(Excused), None]);
        assert_eq!(
            (
                s.sessions_held,
                s.present,
                s.late,
                s.absent,
                s.excused,
                s.unrecorded
            ),
            (5, 1, 1, 1, 1, 1)
        );
        // (1 + 1) / (5 − 1)
        assert_eq!(s.rate, Some(0.5));
        assert_eq!(summarize(&[]).rate, None);
        assert_eq!(summarize(&[Some(Excused)]).rate, None);
    }
}
