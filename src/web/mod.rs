//! The web edge, by area: `api/<area>` answers JSON, `pages/<area>` renders
//! pages (enrollment, mentoring, notices, accounts); the modules here are what
//! both share (guards, forms, errors, assets, the OpenAPI document). Every
//! area exposes `routes()`, mounted in one place (`crate::build`).
pub mod api;
pub mod assets;
pub mod auth;
pub mod body;
pub mod catchers;
pub mod client;
pub mod csrf;
pub mod health;
pub mod i18n;
pub mod input;
pub mod metrics;
pub mod openapi;
pub mod page;
pub mod pages;
pub mod paths;
pub mod respond;
pub mod return_path;
pub mod security;
pub mod session;
pub mod shapes;
pub mod upload;

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
    all.extend(openapi::routes());
    all.extend(api::routes());
    all.extend(pages::routes());
    all.extend(assets::routes());
    all
}
