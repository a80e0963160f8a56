//! SeaORM entities, one per table. JSON-shaped columns are text; the service
//! layer parses them into domain types.
pub mod announcement_opt_out;
pub mod application;
pub mod assessment;
pub mod attendance;
pub mod attendance_change;
pub mod audit_log;
pub mod auth_session;
pub mod certificate;
pub mod checkin_secret;
pub mod cohort;
pub mod cohort_mentor;
pub mod cohort_session;
pub mod guidance_entry;
pub mod guidance_photo;
pub mod login_failure;
pub mod mentor_assignment;
pub mod mentor_preference;
pub mod nomination;
pub mod notice;
pub mod password_reset;
pub mod refused_attempt;
pub mod remembered_device;
pub mod signing_key;
pub mod user;
pub mod workshop;
