//! The OpenAPI 3 document of the JSON API, at `/api/openapi.json`.
use rocket::serde::json::Json;
use rocket::{get, routes};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(title = "gongjiang (工匠) API", version = "1",
         description = "Vocational training cohorts from application to completion certificate."),
    paths(
        crate::web::health::health,
        crate::web::health::ready,
        crate::web::auth::api_login,
        crate::web::auth::api_logout,
        crate::web::auth::api_me,
        crate::web::users::list,
        crate::web::users::create,
        crate::web::notices::api_announce,
        crate::web::notices::api_list,
        crate::web::notices::api_resend,
        crate::web::workshops::create,
        crate::web::workshops::update,
        crate::web::workshops::list,
        crate::web::workshops::get,
        crate::web::cohorts::create,
        crate::web::cohorts::update,
        crate::web::cohorts::transition,
        crate::web::cohorts::list,
        crate::web::cohorts::get,
        crate::web::applications::apply,
        crate::web::applications::status,
        crate::web::applications::withdraw,
        crate::web::applications::list,
        crate::web::applications::decide,
        crate::web::applications::decide_many,
        crate::web::applications::reveal_id,
        crate::web::applications::recover,
        crate::web::applications::detail,
        crate::web::applications::reveal_phone,
        crate::web::mentoring::add_mentor,
        crate::web::mentoring::list_mentors,
        crate::web::mentoring::update_mentor,
        crate::web::mentoring::remove_mentor,
        crate::web::mentoring::auto_assign,
        crate::web::mentoring::list_assignments,
        crate::web::mentoring::set_mentor,
        crate::web::mentoring::create_session,
        crate::web::mentoring::list_sessions,
        crate::web::mentoring::update_session,
        crate::web::mentoring::cancel_session,
        crate::web::mentoring_records::record_attendance,
        crate::web::mentoring_records::attendance_sheet,
        crate::web::mentoring_records::participants,
        crate::web::mentoring_records::record_assessment,
        crate::web::mentoring_records::assessment_history,
        crate::web::mentoring_records::issue_certificates,
        crate::web::mentoring_records::list_certificates,
        crate::web::mentoring_records::verify_certificate,
        crate::web::mentoring_records::download,
    ),
    components(schemas(crate::web::auth::LoginRequest, crate::web::auth::UserView, crate::web::users::NewUser,
        crate::web::notices::AnnouncementRequest, crate::web::notices::AnnouncementQueued, crate::web::notices::NoticeView,
        crate::service::workshops::WorkshopInput, crate::service::cohorts::CohortInput,
        crate::service::applications::ApplicationRequest, crate::service::applications::CertificateRequest,
        crate::web::cohorts::TransitionRequest, crate::web::applications::TokenBody, crate::web::applications::RecoverRequest,
        crate::web::applications::DecisionRequest, crate::web::applications::BulkDecisionRequest,
        crate::service::mentoring::mentors::MentorInput,
        crate::service::mentoring::mentors::MentorUpdate,
        crate::service::mentoring::mentors::MentorView,
        crate::service::mentoring::mentors::AnnouncedMentor,
        crate::service::mentoring::pairing::MentorChoice,
        crate::service::mentoring::pairing::AssignmentView,
        crate::service::mentoring::sessions::SessionInput,
        crate::service::mentoring::sessions::SessionView,
        crate::service::mentoring::attendance::AttendanceInput,
        crate::service::mentoring::attendance::AttendanceRecordInput,
        crate::service::mentoring::attendance::Sheet,
        crate::service::mentoring::attendance::SheetLine,
        crate::service::mentoring::attendance::ChangeView,
        crate::service::mentoring::assessments::AssessmentInput,
        crate::service::mentoring::assessments::AssessmentView,
        crate::service::mentoring::assessments::CriterionLine,
        crate::service::mentoring::progress::ParticipantProgress,
        crate::service::mentoring::progress::AttendanceSummary,
        crate::service::mentoring::progress::LatestAssessment,
        crate::service::mentoring::certificates::CertificateView,
        crate::service::mentoring::certificates::PublicCertificate,
        crate::service::mentoring::certificates::IssueOutcome)),
    tags((name = "auth", description = "Staff sign-in"), (name = "operations", description = "Health"),
          (name = "notices", description = "Email notices: announcements and the outbox"),
          (name = "mentoring", description = "Mentors, pairing, sessions, attendance, assessments, certificates and exports"))
)]
pub struct ApiDoc;

#[get("/api/openapi.json")]
pub fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

pub fn routes() -> Vec<rocket::Route> {
    routes![openapi_json]
}
