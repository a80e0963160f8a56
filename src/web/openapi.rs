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
        crate::web::api::accounts::sessions::api_login,
        crate::web::api::accounts::sessions::api_logout,
        crate::web::api::accounts::sessions::api_me,
        crate::web::api::accounts::users::list,
        crate::web::api::accounts::users::create,
        crate::web::api::notices::api_announce,
        crate::web::api::notices::api_list,
        crate::web::api::notices::api_resend,
        crate::web::pages::notices::calendar::feed,
        crate::web::pages::notices::unsubscribe::confirm,
        crate::web::pages::notices::unsubscribe::opt_out,
        crate::web::api::enrollment::workshops::create,
        crate::web::api::enrollment::workshops::update,
        crate::web::api::enrollment::workshops::list,
        crate::web::api::enrollment::workshops::get,
        crate::web::api::enrollment::cohorts::create,
        crate::web::api::enrollment::cohorts::update,
        crate::web::api::enrollment::cohorts::transition,
        crate::web::api::enrollment::cohorts::list,
        crate::web::api::enrollment::cohorts::get,
        crate::web::api::enrollment::applications::apply,
        crate::web::api::enrollment::applications::status,
        crate::web::api::enrollment::applications::withdraw,
        crate::web::api::enrollment::applications::list,
        crate::web::api::enrollment::applications::counts,
        crate::web::api::enrollment::applications::decide,
        crate::web::api::enrollment::applications::decide_many,
        crate::web::api::enrollment::applications::reveal_id,
        crate::web::api::enrollment::selection::run_draw,
        crate::web::api::enrollment::selection::draw_result,
        crate::web::api::enrollment::selection::issue_nominations,
        crate::web::api::enrollment::selection::list_nominations,
        crate::web::api::enrollment::selection::accept,
        crate::web::api::enrollment::selection::decline,
        crate::web::api::enrollment::applications::recover,
        crate::web::api::enrollment::applications::detail,
        crate::web::api::enrollment::applications::reveal_phone,
        crate::web::api::mentoring::pairing::add_mentor,
        crate::web::api::mentoring::pairing::list_mentors,
        crate::web::api::mentoring::pairing::update_mentor,
        crate::web::api::mentoring::pairing::remove_mentor,
        crate::web::api::mentoring::pairing::auto_assign,
        crate::web::api::mentoring::pairing::list_assignments,
        crate::web::api::mentoring::pairing::set_mentor,
        crate::web::api::mentoring::pairing::create_session,
        crate::web::api::mentoring::pairing::list_sessions,
        crate::web::api::mentoring::pairing::update_session,
        crate::web::api::mentoring::pairing::cancel_session,
        crate::web::api::mentoring::records::record_attendance,
        crate::web::api::mentoring::records::attendance_sheet,
        crate::web::api::mentoring::checkin::checkin_code,
        crate::web::api::mentoring::checkin::checkin_api,
        crate::web::api::mentoring::records::participants,
        crate::web::api::mentoring::records::record_assessment,
        crate::web::api::mentoring::records::assessment_history,
        crate::web::api::mentoring::records::issue_certificates,
        crate::web::api::mentoring::records::list_certificates,
        crate::web::api::mentoring::records::verify_certificate,
        crate::web::api::mentoring::records::download,
        crate::web::api::mentoring::credentials::jwks,
        crate::web::api::mentoring::credentials::revoke,
        crate::web::api::mentoring::credentials::download,
        crate::web::api::mentoring::credentials::mark_final,
        crate::web::api::mentoring::guidance::record,
        crate::web::api::mentoring::guidance::list,
        crate::web::api::mentoring::guidance::add_photo,
        crate::web::api::mentoring::guidance::applicant_log,
    ),
    components(schemas(crate::web::api::accounts::sessions::LoginRequest, crate::web::api::accounts::sessions::UserView, crate::web::api::accounts::users::NewUser,
        crate::web::api::notices::AnnouncementRequest, crate::web::api::notices::AnnouncementQueued, crate::web::api::notices::NoticeView,
        crate::service::workshops::WorkshopInput, crate::service::cohorts::CohortInput,
        crate::service::selection::SelectionInput, crate::service::nominations::NominationInput,
        crate::service::applications::ApplicationRequest, crate::service::applications::CertificateRequest,
        crate::web::api::enrollment::cohorts::TransitionRequest, crate::web::api::enrollment::applications::TokenBody, crate::web::api::enrollment::applications::RecoverRequest,
        crate::web::api::enrollment::applications::DecisionRequest, crate::web::api::enrollment::applications::BulkDecisionRequest, crate::web::api::enrollment::applications::FilterBody,
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
        crate::service::mentoring::checkin::CheckinCode,
        crate::service::mentoring::checkin::CheckinInput,
        crate::service::mentoring::checkin::CheckinOutcome,
        crate::service::mentoring::assessments::AssessmentInput,
        crate::service::mentoring::assessments::AssessmentView,
        crate::service::mentoring::assessments::CriterionLine,
        crate::service::mentoring::progress::ParticipantProgress,
        crate::service::mentoring::progress::AttendanceSummary,
        crate::service::mentoring::progress::LatestAssessment,
        crate::service::mentoring::certificates::CertificateView,
        crate::service::mentoring::certificates::PublicCertificate,
        crate::service::mentoring::certificates::IssueOutcome,
        crate::web::api::mentoring::credentials::RevokeInput,
        crate::web::api::mentoring::credentials::MarkedFinal,
        crate::service::credentials::jws::JwkSet,
        crate::service::credentials::jws::Jwk,
        crate::service::mentoring::guidance::GuidanceInput,
        crate::service::mentoring::guidance::CouponInput,
        crate::service::mentoring::guidance::GuidanceView,
        crate::service::mentoring::guidance::CouponView,
        crate::service::mentoring::guidance::PhotoView,
        crate::web::api::mentoring::guidance::ApplicantGuidance,
        crate::web::health::Health,
        crate::web::health::Readiness,
        crate::web::api::accounts::sessions::SignedOut,
        crate::web::api::mentoring::pairing::MentorRemoved,
        crate::web::api::mentoring::pairing::Assignments)),
    tags((name = "auth", description = "Staff sign-in"), (name = "operations", description = "Health"),
          (name = "selection", description = "Selection of an over-subscribed cohort: the verifiable draw, nominations, offers"),
          (name = "notices", description = "Email notices: announcements and the outbox"),
          (name = "mentoring", description = "Mentors, pairing, sessions, attendance, assessments, certificates and exports"),
          (name = "certificates", description = "Signed certificates: the key set, revocation, the holder's credential"))
)]
pub struct ApiDoc;

/// The document with the request shapes of `web::shapes` written in, made once.
pub fn document() -> &'static serde_json::Value {
    static DOC: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOC.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the document serializes");
        crate::web::shapes::apply(&mut doc);
        doc
    })
}

#[get("/api/openapi.json")]
pub fn openapi_json() -> Json<&'static serde_json::Value> {
    Json(document())
}

pub fn routes() -> Vec<rocket::Route> {
    routes![openapi_json]
}
