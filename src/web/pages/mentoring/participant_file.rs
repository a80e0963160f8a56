//! The participant's file (one file per person): one printable page per participant with
//! the application's facts (ID and phone masked), the mentor, attendance by
//! session, every assessment, the guidance log with its photos and the
//! certificate; and the cohort's archive, one ZIP of those pages (photos as
//! files beside them) with the exports, for the union's records.
use std::collections::HashMap;
use std::io::Write;

use chrono::Utc;
use rocket::http::ContentType;
use rocket::{State, get, routes};
use rocket_dyn_templates::Metadata;
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::attendance::AttendanceStatus;
use crate::domain::certificate::display_code;
use crate::domain::qualification::SkillLevel;
use crate::entity::application;
use crate::error::{AppError, AppResult};
use crate::i18n::fmt;
use crate::service::audit;
use crate::service::mentoring::guidance::{self, GuidanceView, PhotoAddress};
use crate::service::mentoring::progress::{self, CohortReport};
use crate::service::mentoring::{Actor, assessments, mentors};
use crate::service::notify_mentoring::session_when;
use crate::web::api::mentoring::pairing::actor;
use crate::web::api::mentoring::records::{Download, Export, export};
use crate::web::auth::Organizer;
use crate::web::i18n::Locale;
use crate::web::page::base_context;
use crate::web::pages::mentoring::floor::process_labels;
use crate::web::pages::mentoring::guidance_view::{self, label};
use crate::web::pages::{Answer, PageBase};

fn attendance_label(status: &str, locale: Locale) -> String {
    AttendanceStatus::label_of_stored(status, locale)
}

fn level_label(v: &Value, locale: Locale) -> Option<String> {
    SkillLevel::parse_json(v).ok().map(|l| l.label(locale))
}

/// Everything one participant's file shows, in the reader's words.
async fn facts(
    state: &AppState,
    org: Actor,
    report: &CohortReport,
    p: &application::Model,
    log: &[GuidanceView],
    locale: Locale,
) -> AppResult<Value> {
    let now = Utc::now();
    let index = report
        .participants
        .iter()
        .position(|x| x.id == p.id)
        .ok_or(AppError::NotFound)?;
    let standing = &report.progress[index];
    let a = crate::web::page::as_json(crate::service::applications::staff_view(p));
    let certificate = a.get("certificate").filter(|c| !c.is_null()).map(|c| {
        json!({"trade": c.get("trade"), "number": c.get("number"), "issued_on": c.get("issued_on"),
               "level": c.get("level").and_then(|l| level_label(l, locale)).unwrap_or_default()})
    });
    let mentor_user = standing.mentor.get("user_id").and_then(Value::as_i64);
    let mentor = match mentor_user {
        Some(uid) => mentors::list(&state.db, report.cohort.id)
            .await?
            .into_iter()
            .find(|m| m.user_id == uid)
            .map(|m| json!({"name": m.name, "title": m.title})),
        None => None,
    };
    let sessions: Vec<Value> = report
        .sessions
        .iter()
        .map(|s| {
            let record = report.records.get(&(s.id, p.id));
            let status = if s.cancelled_at.is_some() {
                label(locale, "f_cancelled")
            } else if let Some(r) = record {
                attendance_label(&r.status, locale)
            } else if s.starts_at > now {
                label(locale, "f_not_held")
            } else {
                label(locale, "f_not_recorded")
            };
            json!({"title": s.title, "when": session_when(locale, s), "status": status,
                   "code": record.map(|r| r.status.clone()).unwrap_or_else(|| "none".into()), "note": record.and_then(|r| r.note.clone())})
        })
        .collect();
    let history: Vec<Value> = assessments::history(&state.db, org, p.id)
        .await?
        .iter()
        .map(|h| {
            json!({"when": fmt::datetime(locale, h.recorded_at), "total": h.total, "max": h.max, "passed": h.passed,
                   "comment": h.comment, "by": h.recorded_by.get("name"),
                   "criteria": h.criteria.iter().map(|c| json!({"name": c.name, "points": c.points.map(|p| p.to_string()).unwrap_or_else(|| "—".into()), "max": c.max_points})).collect::<Vec<_>>()})
        })
        .collect();
    let cert = crate::service::credentials::of_participant(&state.db, p.id)
        .await?
        .map(|c| {
            json!({"code": display_code(&c.code), "revoked": c.revoked_at.is_some(),
                   "revoked_reason": c.revoked_reason, "issued": fmt::datetime(locale, c.issued_at)})
        });
    Ok(json!({
        "id": p.id,
        "reference": p.reference,
        "name": p.full_name,
        "national_id": a.get("national_id"),
        "phone": a.get("phone"),
        "email": p.email,
        "employer": p.employer,
        "trade": p.trade,
        "started": p.started_trade_on.map(|d| fmt::date(locale, d)),
        "certificate": certificate,
        "processes": process_labels(&p.processes, locale),
        "nominated": p.nomination_id.is_some(),
        "submitted": fmt::datetime(locale, p.created_at),
        "mentor": mentor,
        "rate": standing.attendance.rate.map(|r| format!("{:.0}%", r * 100.0)),
        "sessions": sessions,
        "assessments": history,
        "guidance": guidance_view::entries(log, locale),
        "completed": standing.completed,
        "cert": cert,
    }))
}

fn cohort_json(report: &CohortReport) -> Value {
    let c = &report.cohort;
    json!({"id": c.id, "name": c.name, "workshop_title": report.workshop.model.title, "venue": c.venue})
}

/// One participant's file, printable.
#[get("/cohorts/<id>/participants/<app_id>/file")]
pub async fn file(
    state: &State<AppState>,
    base: PageBase,
    org: Organizer,
    id: i64,
    app_id: i64,
) -> Answer {
    let build = async {
        let report = progress::report(&state.db, id, Utc::now()).await?;
        let p = report
            .participants
            .iter()
            .find(|p| p.id == app_id)
            .ok_or(AppError::NotFound)?;
        let logs = guidance::of_cohort(&state.db, id, PhotoAddress::Staff).await?;
        let log = logs.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let f = facts(state, actor(&org.0), &report, p, log, base.locale).await?;
        AppResult::Ok(
            base.ctx(Some(&org.0))
                .with("cohort", cohort_json(&report))
                .with("f", f),
        )
    };
    match build.await {
        Ok(ctx) => Answer::ok("mentoring/participant_file", ctx),
        Err(e) => e.into(),
    }
}

fn zip_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("archive: {e}"))
}

/// The cohort's archive: `index.html`, `participants/<reference>.html`
/// (one per participant), `photos/<id>.jpg`, `app.css` and `exports/`
/// (roster, attendance, assessments, applications as CSV and Excel).
#[get("/cohorts/<id>/archive.zip")]
pub async fn archive(
    state: &State<AppState>,
    templates: Metadata<'_>,
    locale: Locale,
    org: Organizer,
    id: i64,
) -> AppResult<Download> {
    let report = progress::report(&state.db, id, Utc::now()).await?;
    let logs = guidance::of_cohort(&state.db, id, PhotoAddress::Archive).await?;
    let render = |name: &str, ctx: Value| {
        templates
            .render(name.to_string(), ctx)
            .map(|(_, html)| html)
            .ok_or_else(|| AppError::Internal(format!("template {name} did not render")))
    };
    let mut files: Vec<(String, Vec<u8>)> = vec![];
    let mut index = vec![];
    for (n, p) in report.participants.iter().enumerate() {
        let log = logs.get(&p.id).map(Vec::as_slice).unwrap_or_default();
        let f = facts(state, actor(&org.0), &report, p, log, locale).await?;
        let path = format!("participants/{:03}-{}.html", n + 1, p.reference);
        let ctx = base_context(locale, None)
            .with("cohort", cohort_json(&report))
            .with("f", f)
            .into_json();
        files.push((
            path.clone(),
            render("mentoring/participant_file_archive", ctx)?.into_bytes(),
        ));
        index.push(json!({"path": path, "name": p.full_name, "reference": p.reference, "employer": p.employer}));
    }
    let mut exports = vec![];
    for name in ["roster", "attendance", "assessments", "applications"] {
        for ext in ["csv", "xlsx"] {
            let d = export(state, id, &format!("{name}.{ext}"), locale).await?;
            let path = format!("exports/{name}.{ext}");
            exports.push(path.clone());
            let bytes = match d {
                Export::File(d) => d.bytes,
                Export::Csv(stream) => {
                    use rocket::futures::StreamExt;
                    stream.body.collect::<Vec<_>>().await.concat()
                }
            };
            files.push((path, bytes));
        }
    }
    let ctx = base_context(locale, None)
        .with("cohort", cohort_json(&report))
        .with("participants", index)
        .with("exports", &exports)
        .with("generated", fmt::datetime(locale, Utc::now()))
        .into_json();
    files.insert(
        0,
        (
            "index.html".into(),
            render("mentoring/archive_index", ctx)?.into_bytes(),
        ),
    );
    if let Some(css) = crate::embedded::static_file("app.css") {
        files.push(("app.css".into(), css.data.into_owned()));
    }
    for (photo, jpeg) in guidance::photos_of_cohort(&state.db, id).await? {
        files.push((format!("photos/{photo}.jpg"), jpeg));
    }
    let bytes = tokio::task::spawn_blocking(move || zip_files(files))
        .await
        .map_err(zip_error)??;
    let detail = json!({"participants": report.participants.len(), "bytes": bytes.len()});
    audit::record(
        &state.db,
        Some(org.0.id),
        "cohort.archive_download",
        "cohort",
        id,
        detail,
    )
    .await?;
    Ok(Download {
        bytes,
        content_type: ContentType::ZIP,
        filename: format!("cohort-{id}-archive.zip"),
    })
}

fn zip_files(files: Vec<(String, Vec<u8>)>) -> AppResult<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    // JPEGs and Excel files are compressed already.
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (name, bytes) in files {
        if seen.insert(name.clone(), ()).is_some() {
            continue;
        }
        let options = if name.ends_with(".jpg") || name.ends_with(".xlsx") {
            stored
        } else {
            deflated
        };
        out.start_file(name, options).map_err(zip_error)?;
        out.write_all(&bytes).map_err(zip_error)?;
    }
    Ok(out.finish().map_err(zip_error)?.into_inner())
}

pub fn routes() -> Vec<rocket::Route> {
    routes![file, archive]
}
