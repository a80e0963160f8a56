//! Pages for mentors on the workshop floor, phone first with big tap targets
//! and no script: their cohorts, mentees and today's sessions (`/mentor`) and
//! the attendance sheet of a session. The assessment form is in
//! `assessment`.
use std::collections::HashMap;

use chrono::Utc;
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::attendance::AttendanceStatus;
use crate::domain::attendance::leave::{self, LeaveReason};
use crate::domain::beijing_date;
use crate::domain::qualification::WeldingProcess;
use crate::error::{AppError, AppResult};
use crate::service::calendar::{self, Feed};
use crate::service::cohorts;
use crate::service::mentoring::assessments;
use crate::service::mentoring::attendance::{self, AttendanceInput, AttendanceRecordInput};
use crate::service::mentoring::guidance::{GuidanceView, PhotoAddress};
use crate::service::mentoring::{self as mentoring, parse_processes, require_roster_approved};
use crate::service::notify_mentoring::session_when;
use crate::service::workshops;
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::{Mentor, SessionUser};
use crate::web::csrf;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::forms::shown;
use crate::web::pages::mentoring::guidance_view;
use crate::web::pages::mentoring::sheet_extras;
use crate::web::pages::{Answer, PageBase, flash_lines, go_with};

pub fn process_labels(json: &str, locale: Locale) -> Vec<String> {
    parse_processes(json)
        .iter()
        .map(|p: &WeldingProcess| {
            if locale.is_english() {
                p.code().to_string()
            } else {
                crate::i18n::fmt::with_detail(locale, &p.label(locale), p.code())
            }
        })
        .collect()
}

pub fn kind_label(kind: &str, locale: Locale) -> String {
    crate::domain::session::SessionKind::parse(kind)
        .map(|k| k.label(locale).to_string())
        .unwrap_or_else(|_| kind.to_string())
}

fn session_json(s: &crate::entity::cohort_session::Model, locale: Locale) -> Value {
    json!({
        "id": s.id, "title": s.title, "kind": kind_label(&s.kind, locale),
        "when": session_when(locale, s), "venue": s.venue, "cancelled": s.cancelled_at.is_some(),
    })
}

/// A mentee's guidance on their card: how many entries and the latest one.
fn guidance_card(log: &[GuidanceView], locale: Locale) -> Value {
    json!({"count": log.len(), "latest": log.first().map(|e| guidance_view::entry(e, locale))})
}

/// A mentor's cohorts: their mentees and the sessions of today and after.
async fn mentor_cohorts(state: &AppState, user_id: i64, locale: Locale) -> AppResult<Vec<Value>> {
    let db = &state.db;
    let now = Utc::now();
    let today = beijing_date(now);
    let mut out = vec![];
    for cm in mentoring::mentors::cohorts_of(db, user_id).await? {
        let c = cohorts::get(db, cm.cohort_id).await?;
        let w = workshops::get(db, c.workshop_id).await?;
        let mentor_of = mentoring::pairing::mentor_of_each(db, c.id).await?;
        let latest = assessments::latest_of_cohort(db, c.id).await?;
        let logs = mentoring::guidance::of_cohort(db, c.id, PhotoAddress::Staff).await?;
        let mentees: Vec<Value> = mentoring::participants(db, c.id)
            .await?
            .iter()
            .filter(|p| mentor_of.get(&p.id) == Some(&user_id))
            .map(|p| {
                json!({"id": p.id, "name": p.full_name, "employer": p.employer,
                       "processes": process_labels(&p.processes, locale),
                       "latest": latest.get(&p.id).map(|a| json!({"total": a.total, "max": a.max_total, "passed": a.passed})),
                       "guidance": guidance_card(logs.get(&p.id).map(Vec::as_slice).unwrap_or_default(), locale)})
            })
            .collect();
        let sessions = mentoring::sessions::rows(db, c.id).await?;
        let live = |s: &&crate::entity::cohort_session::Model| s.cancelled_at.is_none();
        let today_list: Vec<Value> = sessions
            .iter()
            .filter(live)
            .filter(|s| beijing_date(s.starts_at) == today)
            .map(|s| session_json(s, locale))
            .collect();
        let upcoming: Vec<Value> = sessions
            .iter()
            .filter(live)
            .filter(|s| beijing_date(s.starts_at) > today)
            .take(3)
            .map(|s| session_json(s, locale))
            .collect();
        let status = cohorts::status_of(&c)?;
        out.push(json!({
            "id": c.id, "name": c.name, "workshop_title": w.model.title, "status": c.status,
            "status_label": status.label(locale),
            "mentees": mentees, "today": today_list, "upcoming": upcoming,
        }));
    }
    Ok(out)
}

/// The mentor's home: their cohorts, mentees and today's sessions.
#[get("/mentor")]
pub async fn home(state: &State<AppState>, base: PageBase, mentor: Mentor) -> Answer {
    let now = state.clock.now();
    let found = match mentor_cohorts(state, mentor.0.id, base.locale).await {
        Ok(list) => sheet_extras::catch_up(&state.db, mentor.0.id, base.locale, now)
            .await
            .map(|catch_up| (list, catch_up)),
        Err(e) => Err(e),
    };
    match found {
        Ok((list, catch_up)) => {
            let feed = calendar::feed_urls(state, Feed::Mentor(mentor.0.id));
            let ctx = base
                .ctx(Some(&mentor.0))
                .with("cohorts", list)
                .with("catch_up", catch_up)
                .with("webcal_url", feed.webcal)
                .with("calendar_url", feed.https);
            Answer::ok("mentoring/mentor_home", ctx)
        }
        Err(e) => e.into(),
    }
}

fn statuses(locale: Locale) -> Vec<Value> {
    AttendanceStatus::ALL
        .iter()
        .map(|s| json!({"value": s.as_str(), "label": s.label(locale)}))
        .collect()
}

/// The sheet page; `submitted` keeps what was typed when saving failed.
async fn sheet_page(
    state: &AppState,
    base: &PageBase,
    user: &SessionUser,
    id: i64,
    submitted: Option<(&AttendanceForm<'_>, &[crate::error::FieldError])>,
) -> AppResult<Answer> {
    let sheet = attendance::sheet(&state.db, actor(user), id).await?;
    let c = cohorts::get(&state.db, sheet.session.cohort_id).await?;
    let s = mentoring::sessions::get(&state.db, id).await?;
    let typed: HashMap<i64, (&str, &str)> = submitted
        .map(|(f, _)| {
            f.records
                .iter()
                .map(|r| {
                    (
                        r.participant_id,
                        (r.status.unwrap_or(""), r.note.unwrap_or("")),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    // Errors arrive as `records[i].field`; each goes to the row of that
    // record's participant (the note box for a missing reason).
    let position: HashMap<i64, usize> = sheet
        .records
        .iter()
        .enumerate()
        .map(|(i, l)| (l.participant_id, i))
        .collect();
    let placed: Vec<crate::error::FieldError> = submitted
        .map(|(f, errs)| {
            errs.iter()
                .map(|e| {
                    let record = e
                        .field
                        .strip_prefix("records[")
                        .and_then(|r| r.split(']').next())
                        .and_then(|i| i.parse::<usize>().ok());
                    let row = record
                        .and_then(|i| f.records.get(i))
                        .and_then(|r| position.get(&r.participant_id));
                    let id = match row {
                        Some(i) if e.field.ends_with(".note") => format!("note-{i}"),
                        Some(i) => format!("row-{i}"),
                        None => "records".to_string(),
                    };
                    crate::error::FieldError::new(id, e.message.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    let (row_errors, error_list) = shown(&placed, base.english(), &[]);
    let lines: Vec<Value> = sheet
        .records
        .iter()
        .enumerate()
        .map(|(i, l)| {
            // Nobody starts as present: an unrecorded row has nothing ticked.
            let (status, note) = typed.get(&l.participant_id).copied().unwrap_or((l.status.as_deref().unwrap_or(""), l.note.as_deref().unwrap_or("")));
            let error = row_errors.get(format!("row-{i}")).or_else(|| row_errors.get(format!("note-{i}")));
            json!({"index": i, "participant_id": l.participant_id, "name": l.name, "employer": l.employer,
                   "status": status, "note": note, "recorded": l.status.is_some(), "error": error,
                   "recorded_status": l.status, "source": l.source,
                   "recorded_at": l.recorded_at.map(|t| crate::i18n::fmt::datetime(base.locale, t))})
        })
        .collect();
    let ctx = base
        .ctx(Some(user))
        .with("session", session_json(&s, base.locale))
        .with("cohort", json!({"id": c.id, "name": c.name}))
        .with("lines", lines)
        .with("statuses", statuses(base.locale))
        .with(
            "sheet_recorded",
            sheet.records.iter().any(|l| l.status.is_some()),
        )
        .with("history", sheet_extras::history(&sheet, base.locale))
        .with("reasons", sheet_extras::reasons(base.locale))
        .with(
            "can_record",
            require_roster_approved(&c).is_ok() && s.cancelled_at.is_none(),
        )
        .with(
            "organizer",
            user.role == crate::service::accounts::Role::Organizer,
        )
        .with("error_list", error_list);
    let status = if submitted.is_some() {
        Status::UnprocessableEntity
    } else {
        Status::Ok
    };
    Ok(Answer::with_status(status, "mentoring/attendance", ctx))
}

#[get("/sessions/<id>/attendance")]
pub async fn attendance_page(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
) -> Answer {
    sheet_page(state, &base, &user, id, None)
        .await
        .unwrap_or_else(Answer::from)
}

#[derive(FromForm)]
pub struct AttendanceForm<'r> {
    pub csrf: &'r str,
    pub records: Vec<RecordForm<'r>>,
}

#[derive(FromForm)]
pub struct RecordForm<'r> {
    pub participant_id: i64,
    /// Nothing ticked: the row is left as it is (unrecorded stays unrecorded).
    pub status: Option<&'r str>,
    pub note: Option<&'r str>,
    /// A preset leave reason tapped (sick, personal, work).
    pub reason: Option<&'r str>,
}

/// Saves the whole sheet at once; a mistake re-shows it with the row marked.
#[post("/sessions/<id>/attendance", data = "<form>")]
pub async fn attendance_submit(
    state: &State<AppState>,
    base: PageBase,
    user: SessionUser,
    id: i64,
    form: csrf::CsrfForm<AttendanceForm<'_>>,
) -> Answer {
    // Rows with nothing ticked are left out; a tapped leave reason alone
    // means excused (`leave::row_status`).
    let input = AttendanceInput {
        records: form
            .records
            .iter()
            .filter_map(|r| {
                let reason = r.reason.and_then(LeaveReason::parse);
                Some(AttendanceRecordInput {
                    participant_id: r.participant_id,
                    status: leave::row_status(r.status, reason)?,
                    note: sheet_extras::note_with_reason(reason, r.note, base.locale),
                })
            })
            .collect(),
    };
    let now = state.clock.now();
    match attendance::record_at(&state.db, &state.mail, actor(&user), id, &input, now).await {
        Ok(_) => go_with(
            crate::web::paths::attendance(id),
            flash_lines(
                "success",
                &[("saved".into(), base.t("page_attendance_saved"))],
            ),
        ),
        Err(AppError::Validation(errs)) => {
            sheet_page(state, &base, &user, id, Some((&form, &errs)))
                .await
                .unwrap_or_else(Answer::from)
        }
        Err(e) => e.into(),
    }
}

pub fn routes() -> Vec<rocket::Route> {
    routes![home, attendance_page, attendance_submit]
}
