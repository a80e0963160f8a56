//! Staff accounts (organizers, mentors) and their sign-in sessions.
pub mod devices;
pub mod reset;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, SaltString};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::crypto;
use crate::domain::Message;
use crate::domain::identity::{Email, PersonName};
use crate::entity::{auth_session, user};
use crate::error::{AppError, AppResult, FieldError};

pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Organizer,
    Mentor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Organizer => "organizer",
            Role::Mentor => "mentor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "organizer" => Some(Role::Organizer),
            "mentor" => Some(Role::Mentor),
            _ => None,
        }
    }
}

/// Argon2id with the crate defaults (19 MiB, 2 iterations, 1 lane: OWASP's minimum).
fn hasher() -> Argon2<'static> {
    Argon2::default()
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    // The 19 MiB of argon2's memory is kept per thread and used again: a
    // fresh allocation each time is not given back to the system by malloc
    // (64 concurrent sign-ins peaked at 245 MB that way, 75 MB this way).
    thread_local! {
        static BLOCKS: std::cell::RefCell<Vec<argon2::Block>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        argon2::Params::try_from(&parsed),
        argon2::Algorithm::try_from(parsed.algorithm),
    ) else {
        return false;
    };
    let version = match parsed.version.map(argon2::Version::try_from) {
        None => argon2::Version::default(),
        Some(Ok(v)) => v,
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        blocks.resize(params.block_count(), argon2::Block::default());
        Argon2::new(algorithm, version, params.clone())
            .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut blocks[..])
            .is_ok()
    });
    computed && bool::from(subtle::ConstantTimeEq::ct_eq(&out[..], expected.as_bytes()))
}

/// Each argon2 computation holds 19 MiB: at most one per core runs at once,
/// on threads of its own (a fresh thread would keep its 19 MiB in a malloc
/// arena of its own), so a crowd of sign-ins cannot take the machine's memory.
static HASHING: std::sync::LazyLock<HashingPool> = std::sync::LazyLock::new(HashingPool::start);

/// How long a sign-in waits for a free core before it is asked to come back.
const HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

type Job = Box<dyn FnOnce() + Send>;

struct HashingPool {
    slots: tokio::sync::Semaphore,
    jobs: std::sync::Mutex<std::sync::mpsc::Sender<Job>>,
}

impl HashingPool {
    fn start() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = std::sync::Arc::new(std::sync::Mutex::new(rx));
        for i in 0..cores {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("password-hash-{i}"))
                .spawn(move || {
                    loop {
                        let job = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return,
                        }
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a password hashing thread");
            }
        }
        HashingPool {
            slots: tokio::sync::Semaphore::new(cores),
            jobs: std::sync::Mutex::new(tx),
        }
    }
}

/// Runs a password hash computation when a core is free: waits up to
/// [`HASHING_WAIT`], then answers 429 with `Retry-After`.
pub async fn hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
    let pool = &*HASHING;
    let _permit = tokio::time::timeout(HASHING_WAIT, pool.slots.acquire())
        .await
        .map_err(|_| AppError::TooManyRequests { retry_after: 2 })?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let (tx, rx) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = tx.send(work());
    });
    pool.jobs
        .lock()
        .map_err(|_| AppError::Internal("password hashing pool poisoned".into()))?
        .send(job)
        .map_err(|_| AppError::Internal("password hashing pool stopped".into()))?;
    rx.await
        .map_err(|_| AppError::Internal("password hashing failed".into()))
}

/// A hash of nothing anybody knows, verified when the email is unknown so the
/// answer takes as long as for a wrong password.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("gongjiang-timing-equaliser").unwrap_or_default());

pub fn check_password_strength(password: &str) -> Result<(), Message> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(
            Message::of("password_too_short").arg("min_password_chars", &MIN_PASSWORD_CHARS)
        );
    }
    if password.chars().count() > 200 {
        return Err(Message::of("password_too_long"));
    }
    Ok(())
}

/// Creates a staff account. The password is hashed off the async threads.
pub async fn create_user<C: ConnectionTrait>(
    db: &C,
    role: Role,
    email: &str,
    name: &str,
    password: &str,
) -> AppResult<user::Model> {
    let mut errors = vec![];
    let email = Email::parse(email).map_err(|m| errors.push(FieldError::new("email", m)));
    let name = PersonName::parse(name).map_err(|m| errors.push(FieldError::new("name", m)));
    if let Err(m) = check_password_strength(password) {
        errors.push(FieldError::new("password", m));
    }
    let (Ok(email), Ok(name), true) = (email, name, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    if find_by_email(db, email.as_str()).await?.is_some() {
        return Err(AppError::conflict(Message::of("email_taken")));
    }
    let password = password.to_string();
    let hash = hashing(move || hash_password(&password)).await??;
    let now = Utc::now();
    let model = user::ActiveModel {
        email: Set(email.as_str().to_lowercase()),
        name: Set(name.as_str().to_string()),
        role: Set(role.as_str().to_string()),
        password_hash: Set(hash),
        locale: Set("zh".into()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match model {
        Ok(m) => Ok(m),
        Err(e) if crate::db::is_unique_violation(&e) => {
            Err(AppError::conflict(Message::of("email_taken")))
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> AppResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email.trim().to_lowercase()))
        .one(db)
        .await?)
}

pub async fn list_users<C: ConnectionTrait>(db: &C) -> AppResult<Vec<user::Model>> {
    Ok(user::Entity::find()
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?)
}

pub fn invalid_credentials() -> AppError {
    AppError::Unauthorized(Message::of("invalid_credentials"))
}

/// Checks an email and password. Unknown email and wrong password give the
/// same answer after the same work.
pub async fn authenticate(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
) -> AppResult<user::Model> {
    let found = match Email::parse(email) {
        Ok(e) => find_by_email(db, e.as_str()).await?,
        Err(_) => None,
    };
    let stored = found
        .as_ref()
        .filter(|u| u.active)
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.clone());
    let password = password.to_string();
    let ok = hashing(move || verify_password(&password, &stored)).await?;
    match found {
        Some(u) if ok && u.active => Ok(u),
        _ => Err(invalid_credentials()),
    }
}

/// Starts a session; returns the token for the cookie (only its hash is stored).
pub async fn start_session<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    hours: u32,
) -> AppResult<String> {
    start_session_on(db, user_id, hours, None).await
}

/// Starts a session from a remembered device (`None`: from no device).
pub async fn start_session_on<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    hours: u32,
    device_id: Option<i64>,
) -> AppResult<String> {
    let token = crypto::random_token();
    let now = Utc::now();
    auth_session::ActiveModel {
        token_hash: Set(crypto::token_hash(&token)),
        user_id: Set(user_id),
        csrf_token: Set(crypto::random_token()),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(i64::from(hours.max(1)))),
        device_id: Set(device_id),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The user behind a live session token.
pub async fn session_user<C: ConnectionTrait>(
    db: &C,
    token: &str,
) -> AppResult<Option<user::Model>> {
    let Some(session) = auth_session::Entity::find()
        .filter(auth_session::Column::TokenHash.eq(crypto::token_hash(token)))
        .filter(auth_session::Column::ExpiresAt.gt(Utc::now()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(user::Entity::find_by_id(session.user_id)
        .one(db)
        .await?
        .filter(|u| u.active))
}

/// Ends a session on the server, so a copied cookie is useless afterwards.
pub async fn end_session<C: ConnectionTrait>(db: &C, token: &str) -> AppResult<()> {
    auth_session::Entity::delete_many()
        .filter(auth_session::Column::TokenHash.eq(crypto::token_hash(token)))
        .exec(db)
        .await?;
    Ok(())
}
