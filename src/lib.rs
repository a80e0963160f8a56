//! gongjiang (工匠): vocational training cohorts from application to completion
//! certificate. [`build`] is the one factory of the Rocket instance, used by
//! `main` and by the tests alike.
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod embedded;
pub mod entity;
pub mod error;
pub mod i18n;
pub mod links;
pub mod mail;
pub mod service;
pub mod web;

use rocket::{Build, Rocket};
use sea_orm::DatabaseConnection;

pub use config::{Settings, figment};

/// `0.1.0 (<git commit>)`: the version and the commit it was built from
/// ("unknown" when built outside a git checkout).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("GONGJIANG_GIT_COMMIT"),
    ")"
);

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
    let mail = mail::Mailer::new(&settings).map_err(BootError::Mail)?;
    let template_override = settings.template_override().map(|d| d.to_path_buf());
    // Rocket's template fairing insists on reading a folder that exists: the
    // override folder, or an empty one in the data folder. The templates
    // themselves come from the binary (`web::assets::templates`).
    let rocket_template_dir = match &template_override {
        Some(dir) => dir.clone(),
        None => {
            let empty = settings.data_dir.join("no-template-overrides");
            std::fs::create_dir_all(&empty).map_err(|source| {
                BootError::Config(config::ConfigError::Io {
                    path: empty.clone(),
                    source,
                })
            })?;
            empty
        }
    };
    let figment = figment.merge(("template_dir", rocket_template_dir));
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
        rocket.attach(service::jobs::SenderFairing::default())
    } else {
        rocket
    };
    Ok(rocket
        .manage(state)
        .manage(web::metrics::Metrics::new()?)
        .attach(web::metrics::RequestMetrics)
        .mount("/", web::routes())
        .register("/", web::catchers::catchers())
        .attach(web::assets::templates(template_override))
        .attach(web::security::SecurityHeaders)
        .attach(web::input::InputFilter))
}

#[cfg(test)]
mod layering {
    /// Every line naming `crate::web` in a file, or in the files under a folder.
    fn imports_of_web(path: &std::path::Path, found: &mut Vec<String>) {
        if path.is_dir() {
            for e in std::fs::read_dir(path).into_iter().flatten().flatten() {
                imports_of_web(&e.path(), found);
            }
        } else if path.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                if line.contains("crate::web") {
                    found.push(format!("{}:{}", path.display(), n + 1));
                }
            }
        }
    }

    /// The layers below `web` never reach up into it (CONTRIBUTING.md, "Layers").
    #[test]
    fn nothing_below_web_imports_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        assert!(
            root.join("domain").is_dir(),
            "the source tree is where the test looks"
        );
        let mut found = vec![];
        for below in [
            "domain",
            "service",
            "mail",
            "entity",
            "i18n",
            "error.rs",
            "links.rs",
            "db.rs",
            "config.rs",
            "crypto.rs",
        ] {
            imports_of_web(&root.join(below), &mut found);
        }
        assert!(
            found.is_empty(),
            "imports of crate::web below web: {found:?}"
        );
    }
}
