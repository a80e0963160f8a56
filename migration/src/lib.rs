//! Schema history of gongjiang. Each file is one change, frozen once released:
//! migrations declare their own identifiers and never import the service's entities.
pub use sea_orm_migration::prelude::*;

mod m20261129_000001_create_users;
mod m20261129_000002_create_auth_sessions;
mod m20261129_000003_create_login_failures;
mod m20261129_000004_create_audit_log;
mod m20261129_000005_create_workshops;
mod m20261129_000006_create_cohorts;
mod m20261129_000007_create_applications;
mod m20261129_000008_create_notices;
mod m20261129_000020_create_cohort_mentors;
mod m20261129_000021_create_mentor_assignments;
mod m20261129_000022_create_cohort_sessions;
mod m20261129_000023_create_attendance;
mod m20261129_000024_create_attendance_changes;
mod m20261129_000025_create_assessments;
mod m20261129_000026_create_certificates;
mod m20261202_1101_cohort_selection;
mod m20261202_1102_application_selection;
mod m20261202_1103_create_nominations;
mod m20261202_1104_create_refused_attempts;
mod m20261202_1201_create_mentor_preferences;
mod m20261202_1301_create_signing_keys;
mod m20261202_1302_add_certificate_credential;
mod m20261202_1303_add_certificate_revoked_at;
mod m20261202_1304_add_certificate_revoked_reason;
mod m20261202_1305_add_cohort_completed_at;
mod m20261202_1306_add_assessment_marked_final_at;
mod m20261202_1501_add_session_sequence;
mod m20261202_1502_create_announcement_opt_outs;
mod m20261202_1503_add_notice_list_unsubscribe;
mod m20261202_1801_add_application_internal_note;
mod m20261203_1201_create_guidance_entries;
mod m20261203_1202_create_guidance_photos;
mod m20261203_1301_create_checkin_secrets;
mod m20261203_1302_add_attendance_source;
mod m20261203_1303_add_attendance_changes_source;
mod m20261203_1304_attendance_author_optional;
mod m20261203_1401_add_application_review_keys;
mod m20261203_1402_create_application_review_indexes;
mod m20261203_1901_create_remembered_devices;
mod m20261203_1902_add_auth_session_device;
mod m20261203_1903_create_password_resets;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261129_000001_create_users::Migration),
            Box::new(m20261129_000002_create_auth_sessions::Migration),
            Box::new(m20261129_000003_create_login_failures::Migration),
            Box::new(m20261129_000004_create_audit_log::Migration),
            Box::new(m20261129_000005_create_workshops::Migration),
            Box::new(m20261129_000006_create_cohorts::Migration),
            Box::new(m20261129_000007_create_applications::Migration),
            Box::new(m20261129_000008_create_notices::Migration),
            Box::new(m20261129_000020_create_cohort_mentors::Migration),
            Box::new(m20261129_000021_create_mentor_assignments::Migration),
            Box::new(m20261129_000022_create_cohort_sessions::Migration),
            Box::new(m20261129_000023_create_attendance::Migration),
            Box::new(m20261129_000024_create_attendance_changes::Migration),
            Box::new(m20261129_000025_create_assessments::Migration),
            Box::new(m20261129_000026_create_certificates::Migration),
            Box::new(m20261202_1201_create_mentor_preferences::Migration),
            Box::new(m20261202_1301_create_signing_keys::Migration),
            Box::new(m20261202_1302_add_certificate_credential::Migration),
            Box::new(m20261202_1303_add_certificate_revoked_at::Migration),
            Box::new(m20261202_1304_add_certificate_revoked_reason::Migration),
            Box::new(m20261202_1305_add_cohort_completed_at::Migration),
            Box::new(m20261202_1306_add_assessment_marked_final_at::Migration),
            Box::new(m20261202_1501_add_session_sequence::Migration),
            Box::new(m20261202_1502_create_announcement_opt_outs::Migration),
            Box::new(m20261202_1503_add_notice_list_unsubscribe::Migration),
            Box::new(m20261202_1101_cohort_selection::Migration),
            Box::new(m20261202_1102_application_selection::Migration),
            Box::new(m20261202_1103_create_nominations::Migration),
            Box::new(m20261202_1104_create_refused_attempts::Migration),
            Box::new(m20261202_1801_add_application_internal_note::Migration),
            Box::new(m20261203_1901_create_remembered_devices::Migration),
            Box::new(m20261203_1902_add_auth_session_device::Migration),
            Box::new(m20261203_1903_create_password_resets::Migration),
            Box::new(m20261203_1401_add_application_review_keys::Migration),
            Box::new(m20261203_1402_create_application_review_indexes::Migration),
            Box::new(m20261203_1201_create_guidance_entries::Migration),
            Box::new(m20261203_1202_create_guidance_photos::Migration),
            Box::new(m20261203_1301_create_checkin_secrets::Migration),
            Box::new(m20261203_1302_add_attendance_source::Migration),
            Box::new(m20261203_1303_add_attendance_changes_source::Migration),
            Box::new(m20261203_1304_attendance_author_optional::Migration),
        ]
    }
}
