//! The API and page tests: one binary, a module per area. Every test spawns the
//! service on its own fresh database.
mod credentials;
mod credentials_completion;
mod enrollment;
mod enrollment_review;
mod fixtures;
mod floor_absence;
mod floor_preferences;
mod foundation;
mod hardening_corpus;
mod hardening_matrix;
mod helpers;
mod mail;
mod mentoring;
mod mentoring_assessment;
mod mentoring_attendance;
mod mentoring_demo;
mod mentoring_exports;
mod mentoring_pages;
mod mentoring_setup;
mod notices_flow;
mod operations;
mod pages_enrollment;
mod scale_out;
mod smtp;
