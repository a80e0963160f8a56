//! SeaORM entities, one per table. JSON-shaped columns are text; the service
//! layer parses them into domain types.
pub mod application;
pub mod audit_log;
pub mod auth_session;
pub mod cohort;
pub mod login_failure;
pub mod notice;
pub mod user;
pub mod workshop;
