//! Routes per area, each exposing `routes()`, mounted in one place (`crate::build`).
pub mod account;
pub mod account_strings;
pub mod applications;
pub mod assets;
pub mod auth;
pub mod body;
pub mod calendar;
pub mod catchers;
pub mod checkin;
pub mod checkin_strings;
pub mod client;
pub mod cohorts;
pub mod contacts_export;
pub mod credential_strings;
pub mod credentials;
pub mod csrf;
pub mod desk_strings;
pub mod floor_strings;
pub mod fmt;
pub mod guidance;
pub mod guidance_pages;
pub mod guidance_strings;
pub mod guidance_view;
pub mod health;
pub mod home;
pub mod i18n;
pub mod input;
pub mod links;
pub mod mentor_pages;
pub mod mentor_pages_assessment;
pub mod mentor_pages_edit;
pub mod mentor_pages_org;
pub mod mentor_pages_org_actions;
pub mod mentor_pages_reports;
pub mod mentor_pages_strings;
pub mod mentoring;
pub mod mentoring_records;
pub mod metrics;
pub mod notices;
pub mod openapi;
pub mod outbox_view;
pub mod page;
pub mod pages;
pub mod participant_file;
pub mod password_reset;
pub mod report_charts;
pub mod respond;
pub mod return_path;
pub mod security;
pub mod selection;
pub mod session;
pub mod sheet_extras;
pub mod unsubscribe;
pub mod upload;
pub mod users;
pub mod workshops;

use rocket::Request;

use crate::error::AppError;

/// The typed error of a failed guard, kept for the catcher that answers it
/// (Rocket hands catchers only the status).
pub struct RememberedError(pub Option<AppError>);

pub fn remember_error(req: &Request<'_>, err: AppError) {
    req.local_cache(|| RememberedError(Some(err)));
}

pub fn remembered_error(req: &Request<'_>) -> Option<AppError> {
    req.local_cache(|| RememberedError(None)).0.clone()
}

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(health::routes());
    all.extend(metrics::routes());
    all.extend(auth::routes());
    all.extend(account::routes());
    all.extend(password_reset::routes());
    all.extend(home::routes());
    all.extend(openapi::routes());
    all.extend(users::routes());
    all.extend(notices::routes());
    all.extend(calendar::routes());
    all.extend(unsubscribe::routes());
    all.extend(outbox_view::routes());
    all.extend(workshops::routes());
    all.extend(cohorts::routes());
    all.extend(applications::routes());
    all.extend(selection::routes());
    all.extend(mentoring::routes());
    all.extend(mentoring_records::routes());
    all.extend(checkin::routes());
    all.extend(credentials::routes());
    all.extend(mentor_pages::routes());
    all.extend(mentor_pages_assessment::routes());
    all.extend(mentor_pages_org::routes());
    all.extend(mentor_pages_org_actions::routes());
    all.extend(mentor_pages_edit::routes());
    all.extend(mentor_pages_reports::routes());
    all.extend(contacts_export::routes());
    all.extend(guidance::routes());
    all.extend(guidance_pages::routes());
    all.extend(participant_file::routes());
    all.extend(pages::routes());
    all.extend(assets::routes());
    all
}
