//! gongjiang (工匠): vocational training cohorts from application to completion
//! certificate. [`build`] is the one factory of the Rocket instance, used by
//! `main` and by the tests alike.
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod entity;
pub mod error;
pub mod mail;
pub mod service;
pub mod web;

use rocket::fs::FileServer;
use rocket::{Build, Rocket};
use rocket_dyn_templates::Template;
use sea_orm::DatabaseConnection;

pub use config::{Settings, figment};

/// What every request handler can reach.
pub struct AppState {
    pub db: DatabaseConnection,
    pub settings: Settings,
    pub keys: crypto::DataKeys,
    pub mail: mail::Mailer,
    /// The clock time-driven work reads (tests move it).
    pub clock: clock::Clock,
}

#[derive(Debug, thiserror::Error)]
pub enum BootError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("mail: {0}")]
    Mail(String),
    #[error("metrics: {0}")]
    Metrics(#[from] prometheus::Error),
}

/// Connects to the database, applies migrations and assembles the service.
pub async fn build(figment: rocket::figment::Figment) -> Result<Rocket<Build>, BootError> {
    let (figment, settings, data_key) = config::prepare(figment)?;
    let db = db::connect(&settings.database_url(), settings.db_pool_size).await?;
    db::migrate(&db).await?;
    tracing::info!(settings = ?settings, "starting");
    let static_dir = figment
        .extract_inner::<String>("static_dir")
        .unwrap_or_else(|_| "static".into());
    let template_dir = figment
        .extract_inner::<String>("template_dir")
        .unwrap_or_else(|_| "templates".into());
    let mail = mail::Mailer::new(&settings, template_dir.into()).map_err(BootError::Mail)?;
    let state = AppState {
        db,
        settings,
        keys: crypto::DataKeys::new(data_key),
        mail,
        clock: clock::Clock::default(),
    };
    let mail_sender = state.settings.mail_sender;
    let rocket = rocket::custom(figment);
    // The background mail sender runs from liftoff to shutdown where enabled.
    let rocket = if mail_sender {
        rocket.attach(mail::sender::SenderFairing::default())
    } else {
        rocket
    };
    Ok(rocket
        .manage(state)
        .manage(web::metrics::Metrics::new()?)
        .attach(web::metrics::RequestMetrics)
        .mount("/", web::routes())
        .mount("/static", FileServer::from(static_dir))
        .register("/", web::catchers::catchers())
        .attach(Template::fairing())
        .attach(web::security::SecurityHeaders))
}
