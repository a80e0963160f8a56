//! Command line: `serve` (the default), `migrate`, `user add|list`, `purge`, `backup`, `demo`,
//! `keys rotate`, `verify`.
use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gongjiang::service::accounts::{self, Role};

#[derive(Parser)]
#[command(
    name = "gongjiang",
    version = gongjiang::VERSION,
    about = "工匠 — vocational training cohorts"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Anonymize the personal data of cohorts that ended more than DAYS days
    /// ago (default: `purge_after_days` in Rocket.toml).
    Purge {
        #[arg(long)]
        days: Option<u32>,
    },
    /// Copy the SQLite database to FILE while the service keeps running.
    Backup { file: std::path::PathBuf },
    /// Load the welding class of the seed story as demo data (empty database only).
    Demo,
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Manage the certificate signing key.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// Check a certificate credential (.jwt file, or `-` for standard input)
    /// against a JWK Set: a file, or a service's URL (which also says whether
    /// it was revoked). Exits 1 unless the signature is valid and it is not revoked.
    Verify {
        file: String,
        /// A JWK Set file, or the service's URL (e.g. https://gj.example).
        #[arg(long)]
        keys: String,
    },
}

#[derive(Subcommand)]
enum KeysAction {
    /// Make a new signing key: it signs from now on; the old public keys stay
    /// published so earlier credentials still verify.
    Rotate,
}

#[derive(Subcommand)]
enum UserAction {
    /// Create an account; the password is read from standard input.
    Add {
        #[arg(long)]
        role: String,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// List accounts.
    List,
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,rocket=warn,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
}

#[rocket::main]
async fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match run(cli.command.unwrap_or(Command::Serve)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gongjiang: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open_db() -> Result<(sea_orm::DatabaseConnection, gongjiang::Settings), String> {
    let (_, settings, _) =
        gongjiang::config::prepare(gongjiang::figment()).map_err(|e| e.to_string())?;
    let db = gongjiang::db::connect(&settings.database_url(), 2)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    gongjiang::db::migrate(&db)
        .await
        .map_err(|e| format!("migration failed: {e}"))?;
    Ok((db, settings))
}

fn english() -> bool {
    std::env::var("LANG")
        .map(|l| l.starts_with("en"))
        .unwrap_or(false)
}

async fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Serve => {
            let rocket = gongjiang::build(gongjiang::figment())
                .await
                .map_err(|e| e.to_string())?;
            rocket.launch().await.map_err(|e| e.to_string())?;
            Ok(())
        }
        Command::Migrate => {
            let (_, settings) = open_db().await?;
            println!("migrations applied ({})", settings.database_kind());
            Ok(())
        }
        Command::User {
            action: UserAction::Add { role, email, name },
        } => {
            let role = Role::parse(&role)
                .ok_or_else(|| format!("unknown role {role:?}: use organizer or mentor"))?;
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            let password = password.trim_end_matches(['\n', '\r']);
            let (db, _) = open_db().await?;
            let user = accounts::create_user(&db, role, &email, &name, password)
                .await
                .map_err(|e| describe(&e))?;
            println!(
                "created {} {} <{}> (id {})",
                user.role, user.name, user.email, user.id
            );
            Ok(())
        }
        Command::Purge { days } => {
            let (db, settings) = open_db().await?;
            let days = days.unwrap_or(settings.purge_after_days);
            let r = gongjiang::service::privacy::purge(
                &db,
                chrono::Utc::now(),
                days,
                &settings.mail_dir(),
            )
            .await
            .map_err(|e| describe(&e))?;
            println!(
                "purged {} cohort(s): {} application(s), {} notice(s), {} mail file(s) (ended more than {days} days ago)",
                r.cohorts, r.applications, r.notices, r.mail_files
            );
            Ok(())
        }
        Command::Demo => {
            let state = gongjiang::service::demo::state_from(gongjiang::figment()).await?;
            let r = gongjiang::service::demo::load(&state, chrono::Utc::now())
                .await
                .map_err(|e| describe(&e))?;
            println!(
                "demo loaded: the welding class, cohort {} running ({} participants, {} sessions) and cohort {} open for applications",
                r.running_cohort_id, r.participants, r.sessions, r.open_cohort_id
            );
            println!(
                "over-subscribed: cohort {} selects by draw (60 eligible applicants, 20 places, at most 2 per employer; close it and run the draw), cohort {} is full with a waitlist",
                r.draw_cohort_id, r.review_cohort_id
            );
            println!("accounts (keep these passwords; they are shown only now):");
            for (role, name, email, password) in &r.accounts {
                println!("  {role:<9} {name}  {email}  {password}");
            }
            let base = state.settings.public_url.trim_end_matches('/');
            println!(
                "then sign in at {base}/login: mentors start at {base}/mentor, the organizer at {base}/cohorts/{}/mentoring",
                r.running_cohort_id
            );
            Ok(())
        }
        Command::Backup { file } => {
            let (db, _) = open_db().await?;
            gongjiang::service::backup::sqlite_backup(&db, &file).await?;
            println!("backup written to {}", file.display());
            Ok(())
        }
        Command::Keys {
            action: KeysAction::Rotate,
        } => {
            let (db, settings) = open_db().await?;
            let r =
                gongjiang::service::credentials::keys::rotate(&db, &settings, chrono::Utc::now())
                    .await
                    .map_err(|e| describe(&e))?;
            println!("new signing key {} published in the key set", r.kid);
            match r.seed_for_environment {
                Some(seed) => println!(
                    "GONGJIANG_SIGNING_KEY is set: give every instance this new value and restart them:\n{seed}"
                ),
                None => println!(
                    "written to {} (it signs from now on)",
                    gongjiang::service::credentials::keys::key_file(&settings).display()
                ),
            }
            Ok(())
        }
        Command::Verify { file, keys } => {
            use gongjiang::service::credentials::check;
            let mut text = String::new();
            if file == "-" {
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
            } else {
                text = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?;
            }
            let outcome = check::verify(&text, &check::KeySource::parse(&keys)).await?;
            print!("{}", outcome.text);
            if outcome.good {
                Ok(())
            } else {
                Err("the credential is not valid".into())
            }
        }
        Command::User {
            action: UserAction::List,
        } => {
            let (db, _) = open_db().await?;
            for u in accounts::list_users(&db).await.map_err(|e| describe(&e))? {
                println!("{}\t{}\t{}\t{}", u.id, u.role, u.email, u.name);
            }
            Ok(())
        }
    }
}

/// The user-facing text of an error, with each field's reason.
fn describe(err: &gongjiang::error::AppError) -> String {
    let en = english();
    let mut text = err.message().text(en).to_string();
    if let gongjiang::error::AppError::Validation(fields) = err {
        for f in fields {
            text.push_str(&format!("\n  {}: {}", f.field, f.message.text(en)));
        }
    }
    text
}
