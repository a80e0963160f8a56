//! Mentoring API, second half: attendance, participants' standing,
//! assessments, certificates and exports.
use chrono::Utc;
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use rocket::serde::json::Json;
use rocket::{State, get, post, put, routes};

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::service::cohorts;
use crate::service::mentoring::assessments::{self, AssessmentInput, AssessmentView};
use crate::service::mentoring::attendance::{self, AttendanceInput, Sheet};
use crate::service::mentoring::certificates::{
    self, CertificateView, IssueOutcome, PublicCertificate,
};
use crate::service::mentoring::progress::{self, ParticipantProgress};
use crate::service::mentoring::{exports, require_staff_of};
use crate::web::api::mentoring::pairing::actor;
use crate::web::auth::{Organizer, SessionUser};
use crate::web::body::Body;
use crate::web::i18n::Locale;

/// Record attendance for a session: all records or none.
#[utoipa::path(put, path = "/api/v1/sessions/{id}/attendance", tag = "mentoring", request_body = AttendanceInput,
    params(("id" = i64, Path)),
    responses((status = 200, body = Sheet), (status = 401), (status = 403, description = "not an organizer or a mentor of the cohort"),
              (status = 404), (status = 409, description = "cohort_not_approved or session_cancelled"),
              (status = 422, description = "unknown status, participant not in the cohort, excused without a note; nothing saved")))]
#[put("/api/v1/sessions/<id>/attendance", data = "<body>")]
pub async fn record_attendance(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
    body: Result<Body<AttendanceInput>, AppError>,
) -> AppResult<Json<Sheet>> {
    // Who may record is settled before the body is judged.
    crate::service::mentoring::authorize_attendance(&state.db, actor(&user), id).await?;
    let body = body?;
    Ok(Json(
        attendance::record(&state.db, &state.mail, actor(&user), id, &body.0).await?,
    ))
}

/// A session's attendance sheet, with the history of changes.
#[utoipa::path(get, path = "/api/v1/sessions/{id}/attendance", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = Sheet), (status = 401), (status = 403), (status = 404)))]
#[get("/api/v1/sessions/<id>/attendance")]
pub async fn attendance_sheet(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Sheet>> {
    Ok(Json(attendance::sheet(&state.db, actor(&user), id).await?))
}

/// Each participant with mentor, attendance rate, flag, latest assessment and completion.
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/participants", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [ParticipantProgress]), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/participants")]
pub async fn participants(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Vec<ParticipantProgress>>> {
    cohorts::get(&state.db, id).await?;
    require_staff_of(&state.db, id, actor(&user)).await?;
    Ok(Json(
        progress::report(&state.db, id, Utc::now()).await?.progress,
    ))
}

/// Record (or amend) a participant's assessment: the cohort's mentors only.
#[utoipa::path(post, path = "/api/v1/participants/{id}/assessments", tag = "mentoring", request_body = AssessmentInput,
    params(("id" = i64, Path)),
    responses((status = 201, body = AssessmentView), (status = 403, description = "not a mentor of the cohort (organizers included)"),
              (status = 404), (status = 409, description = "cohort_not_approved"),
              (status = 422, description = "unknown key, missing criterion or points out of range")))]
#[post("/api/v1/participants/<id>/assessments", data = "<body>")]
pub async fn record_assessment(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
    body: Result<Body<AssessmentInput>, AppError>,
) -> AppResult<(Status, Json<AssessmentView>)> {
    // Who may assess is settled before the body is judged.
    crate::service::mentoring::authorize_assessment(&state.db, actor(&user), id).await?;
    let body = body?;
    let a = assessments::record(state, actor(&user), id, &body.0).await?;
    Ok((Status::Created, Json(a)))
}

/// A participant's assessments, newest first (amendments keep the old rows).
#[utoipa::path(get, path = "/api/v1/participants/{id}/assessments", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [AssessmentView]), (status = 403), (status = 404)))]
#[get("/api/v1/participants/<id>/assessments")]
pub async fn assessment_history(
    state: &State<AppState>,
    user: SessionUser,
    id: i64,
) -> AppResult<Json<Vec<AssessmentView>>> {
    Ok(Json(
        assessments::history(&state.db, actor(&user), id).await?,
    ))
}

/// Issue certificates to everyone who completed a completed cohort (idempotent).
#[utoipa::path(post, path = "/api/v1/cohorts/{id}/certificates", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = IssueOutcome), (status = 404), (status = 409, description = "cohort_not_completed")))]
#[post("/api/v1/cohorts/<id>/certificates")]
pub async fn issue_certificates(
    state: &State<AppState>,
    org: Organizer,
    id: i64,
) -> AppResult<Json<IssueOutcome>> {
    Ok(Json(
        certificates::issue(state, actor(&org.0), id, Utc::now()).await?,
    ))
}

/// A cohort's certificates, full names (organizers).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/certificates", tag = "mentoring", params(("id" = i64, Path)),
    responses((status = 200, body = [CertificateView]), (status = 404)))]
#[get("/api/v1/cohorts/<id>/certificates")]
pub async fn list_certificates(
    state: &State<AppState>,
    _org: Organizer,
    id: i64,
) -> AppResult<Json<Vec<CertificateView>>> {
    cohorts::get(&state.db, id).await?;
    let all = certificates::of_cohort(&state.db, id).await?;
    Ok(Json(
        all.iter().map(|c| certificates::view(state, c)).collect(),
    ))
}

/// Verify a certificate by its code (anyone); the holder's name is partly masked.
#[utoipa::path(get, path = "/api/v1/certificates/{code}", tag = "mentoring", params(("code" = String, Path)),
    responses((status = 200, body = PublicCertificate), (status = 404)))]
#[get("/api/v1/certificates/<code>")]
pub async fn verify_certificate(
    state: &State<AppState>,
    code: &str,
) -> AppResult<Json<PublicCertificate>> {
    Ok(Json(certificates::verify(state, code).await?))
}

/// A file to download.
pub struct Download {
    pub bytes: Vec<u8>,
    pub content_type: ContentType,
    pub filename: String,
}

impl<'r> Responder<'r, 'static> for Download {
    fn respond_to(self, _req: &'r Request<'_>) -> response::Result<'static> {
        Response::build()
            .header(self.content_type)
            .header(Header::new(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.filename),
            ))
            .sized_body(self.bytes.len(), std::io::Cursor::new(self.bytes))
            .ok()
    }
}

pub fn xlsx_type() -> ContentType {
    ContentType::new(
        "application",
        "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
}

/// A CSV file sent as it is written, a batch of rows at a time.
pub struct CsvStream {
    pub filename: String,
    pub body: std::pin::Pin<Box<dyn rocket::futures::Stream<Item = Vec<u8>> + Send>>,
}

impl<'r> Responder<'r, 'static> for CsvStream {
    fn respond_to(self, _req: &'r Request<'_>) -> response::Result<'static> {
        use rocket::futures::StreamExt;
        let body =
            rocket::response::stream::ReaderStream::from(self.body.map(std::io::Cursor::new));
        Response::build()
            .streamed_body(body)
            .header(ContentType::new("text", "csv").with_params(("charset", "utf-8")))
            .header(Header::new(
                "Content-Disposition",
                format!("attachment; filename=\"{}\"", self.filename),
            ))
            .ok()
    }
}

/// An export: a file built whole (the cohort's reports, bounded by its
/// places) or the applicants' CSV sent as it is read.
pub enum Export {
    File(Download),
    Csv(CsvStream),
}

impl<'r> Responder<'r, 'static> for Export {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Export::File(d) => d.respond_to(req),
            Export::Csv(s) => s.respond_to(req),
        }
    }
}

/// The applicants' list as CSV, read and sent a batch at a time: the header
/// first, then each batch of the keyset walk as it arrives. A database error
/// midway ends the file early (and is logged); the status was already sent.
fn applications_csv(
    db: sea_orm::DatabaseConnection,
    c: crate::entity::cohort::Model,
    locale: Locale,
) -> CsvStream {
    use crate::service::applications::staff;
    enum At {
        Header,
        After(i64),
        Done,
    }
    let filename = format!("cohort-{}-applications.csv", c.id);
    let body = rocket::futures::stream::unfold(At::Header, move |at| {
        let (db, c) = (db.clone(), c.clone());
        async move {
            match at {
                At::Header => {
                    let header: Vec<exports::Cell> = staff::header(locale)
                        .into_iter()
                        .map(exports::Cell::Text)
                        .collect();
                    let first = format!("{}{}", exports::CSV_BOM, exports::csv_line(&header));
                    Some((first.into_bytes(), At::After(0)))
                }
                At::After(after) => match staff::rows_after(&db, &c, after, locale).await {
                    Ok((rows, next)) => {
                        let chunk: String = rows.iter().map(|r| exports::csv_line(r)).collect();
                        Some((chunk.into_bytes(), next.map_or(At::Done, At::After)))
                    }
                    Err(e) => {
                        tracing::error!(cohort = c.id, error = %e, "applications export ended early");
                        None
                    }
                },
                At::Done => None,
            }
        }
    });
    CsvStream {
        filename,
        body: Box::pin(body),
    }
}

/// The applicants' list as Excel, written a batch at a time into a
/// constant-memory sheet.
async fn applications_xlsx(
    state: &AppState,
    c: &crate::entity::cohort::Model,
    locale: Locale,
) -> AppResult<Vec<u8>> {
    use crate::service::applications::staff;
    let mut book = exports::XlsxRows::new(&staff::title(locale), &staff::header(locale))?;
    let mut after = Some(0);
    while let Some(a) = after {
        let (rows, next) = staff::rows_after(&state.db, c, a, locale).await?;
        book.write(&rows)?;
        after = next;
    }
    book.finish()
}

/// Builds one export of a cohort by its file name.
pub async fn export(
    state: &AppState,
    cohort_id: i64,
    file: &str,
    locale: Locale,
) -> AppResult<Export> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    if name == "applications" {
        let c = crate::service::applications::staff::cohort_of(state, cohort_id).await?;
        return match ext {
            "csv" => Ok(Export::Csv(applications_csv(state.db.clone(), c, locale))),
            "xlsx" => Ok(Export::File(Download {
                bytes: applications_xlsx(state, &c, locale).await?,
                content_type: xlsx_type(),
                filename: format!("cohort-{cohort_id}-applications.xlsx"),
            })),
            _ => Err(AppError::NotFound),
        };
    }
    let report = progress::report(&state.db, cohort_id, Utc::now()).await?;
    let table = match name {
        "attendance" => exports::attendance_matrix(&report, locale, Utc::now()),
        "assessments" => exports::assessment_results(&report, locale),
        "roster" => exports::roster(&report, locale),
        _ => return Err(AppError::NotFound),
    };
    let (bytes, content_type) = match ext {
        "csv" => (
            table.to_csv().into_bytes(),
            ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        ),
        "xlsx" => (table.to_xlsx()?, xlsx_type()),
        _ => return Err(AppError::NotFound),
    };
    Ok(Export::File(Download {
        bytes,
        content_type,
        filename: format!("cohort-{cohort_id}-{name}.{ext}"),
    }))
}

/// Exports: applications.csv|xlsx (every application), attendance.csv|xlsx,
/// assessments.csv|xlsx, roster.csv|xlsx (IDs and phones masked).
#[utoipa::path(get, path = "/api/v1/cohorts/{id}/exports/{file}", tag = "mentoring",
    params(("id" = i64, Path), ("file" = String, Path, description = "applications.csv, applications.xlsx, attendance.csv, attendance.xlsx, assessments.csv, assessments.xlsx, roster.csv, roster.xlsx")),
    responses((status = 200, description = "CSV (UTF-8 with BOM) or Excel"), (status = 403), (status = 404)))]
#[get("/api/v1/cohorts/<id>/exports/<file>")]
pub async fn download(
    state: &State<AppState>,
    _org: Organizer,
    locale: Locale,
    id: i64,
    file: &str,
) -> AppResult<Export> {
    export(state, id, file, locale).await
}

pub fn routes() -> Vec<rocket::Route> {
    routes![
        record_attendance,
        attendance_sheet,
        participants,
        record_assessment,
        assessment_history,
        issue_certificates,
        list_certificates,
        verify_certificate,
        download
    ]
}
