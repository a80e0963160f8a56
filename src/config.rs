//! Typed settings. `Rocket.toml` holds them per profile; the environment
//! overrides: `DATABASE_URL`, `ROCKET_*`, and `GONGJIANG_*` (e.g.
//! `GONGJIANG_DATA_DIR` → `data_dir`). Secrets are never printed.
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use rand::RngCore;
use rocket::figment::Figment;
use rocket::figment::Profile;
use rocket::figment::providers::{Env, Format, Serialized, Toml};
use serde::Deserialize;

#[derive(Clone, Deserialize)]
pub struct Settings {
    #[serde(default = "default_data_dir")]
    pub data_dir: PathBuf,
    /// A folder whose templates replace the embedded ones of the same path
    /// (`GONGJIANG_TEMPLATE_DIR`); unset means the embedded templates alone.
    #[serde(default)]
    pub template_dir: Option<PathBuf>,
    /// `sqlite://…` or `postgres://…`; unset means `<data_dir>/gongjiang.db`.
    #[serde(default)]
    pub database_url: Option<String>,
    /// `smtp://host:port` or `smtps://user:pass@host`; unset means the mail folder.
    #[serde(default)]
    pub smtp_url: Option<String>,
    #[serde(default = "default_mail_from")]
    pub mail_from: String,
    #[serde(default = "default_public_url")]
    pub public_url: String,
    /// Base64 of 32 bytes; unset means `<data_dir>/data.key`, generated once.
    #[serde(default)]
    pub data_key: Option<String>,
    #[serde(default = "default_session_hours")]
    pub session_hours: u32,
    #[serde(default = "default_pool_size")]
    pub db_pool_size: u32,
    #[serde(default = "default_purge_days")]
    pub purge_after_days: u32,
    /// Whether this instance runs the background mail sender.
    #[serde(default = "default_true")]
    pub mail_sender: bool,
    /// Seconds one SMTP send may take before it is abandoned and retried.
    #[serde(default = "default_send_timeout")]
    pub smtp_timeout_secs: u64,
    /// Seconds a sender holds the notices it claimed (`GONGJIANG_MAIL_LEASE_SECS`),
    /// renewed every third of it while it is alive: after a crash, another
    /// sender (or this one, restarted) takes them up within this time.
    #[serde(default = "default_mail_lease")]
    pub mail_lease_secs: u64,
    /// The certificate signing key: base64url of a 32-byte Ed25519 seed, the
    /// same on every instance; unset means `<data_dir>/signing.key`, generated once.
    #[serde(default)]
    pub signing_key: Option<String>,
    /// The academy named as the issuer of every certificate credential.
    #[serde(default = "default_issuer_name")]
    pub issuer_name: String,
    /// Proxies whose `X-Forwarded-For` / `X-Real-IP` are believed (CIDRs);
    /// empty: the client address is the socket's.
    #[serde(default)]
    pub trusted_proxies: TrustedProxies,
    /// Anonymous applications per client address per minute; 0: no limit.
    #[serde(default = "default_application_limit")]
    pub application_limit: u32,
    /// Bearer token `/metrics` requires; unset: `/metrics` answers 404.
    #[serde(default)]
    pub metrics_token: Option<String>,
}

/// CIDRs (`10.0.0.0/8`, `::1/128`; a bare address is one host), from a list
/// or from one string separated by commas or spaces.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<ipnet::IpNet>);

impl TrustedProxies {
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    pub fn parse(items: &[&str]) -> Result<Self, String> {
        let mut nets = vec![];
        for item in items.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            let net = match item.parse::<ipnet::IpNet>() {
                Ok(n) => n,
                Err(_) => item
                    .parse::<std::net::IpAddr>()
                    .map(ipnet::IpNet::from)
                    .map_err(|_| format!("trusted_proxies: {item:?} is not a CIDR"))?,
            };
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }
}

impl<'de> Deserialize<'de> for TrustedProxies {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            One(String),
            Many(Vec<String>),
        }
        let items: Vec<String> = match Raw::deserialize(d)? {
            Raw::One(s) => s.split([',', ' ']).map(str::to_string).collect(),
            Raw::Many(v) => v,
        };
        let refs: Vec<&str> = items.iter().map(String::as_str).collect();
        TrustedProxies::parse(&refs).map_err(serde::de::Error::custom)
    }
}

fn default_data_dir() -> PathBuf {
    PathBuf::from("data")
}
fn default_mail_from() -> String {
    "工匠 gongjiang <noreply@gongjiang.localhost>".into()
}
fn default_public_url() -> String {
    "http://127.0.0.1:8000".into()
}
fn default_session_hours() -> u32 {
    12
}
fn default_pool_size() -> u32 {
    8
}
fn default_purge_days() -> u32 {
    365
}
fn default_true() -> bool {
    true
}
fn default_send_timeout() -> u64 {
    20
}
fn default_mail_lease() -> u64 {
    30
}
fn default_issuer_name() -> String {
    "工匠 · 职工技能研修服务 (Gongjiang skills training for workers)".into()
}
fn default_application_limit() -> u32 {
    60
}

impl std::fmt::Debug for Settings {
    // Keep secrets (SMTP password, data key) out of every log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("data_dir", &self.data_dir)
            .field("template_dir", &self.template_dir)
            .field("database", &self.database_kind())
            .field("smtp", &self.smtp_url.as_ref().map(|_| "configured"))
            .field("mail_from", &self.mail_from)
            .field("public_url", &self.public_url)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("application_limit", &self.application_limit)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "configured"),
            )
            .field(
                "data_key",
                &self.data_key.as_ref().map(|_| "<from environment>"),
            )
            .field(
                "signing_key",
                &self.signing_key.as_ref().map(|_| "<from environment>"),
            )
            .field("issuer_name", &self.issuer_name)
            .finish()
    }
}

impl Settings {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("gongjiang.db").display()
            ),
        }
    }

    pub fn database_kind(&self) -> &'static str {
        if self.database_url().starts_with("postgres") {
            "postgres"
        } else {
            "sqlite"
        }
    }

    pub fn mail_dir(&self) -> PathBuf {
        self.data_dir.join("mail")
    }

    /// The template override folder, if one is set.
    pub fn template_override(&self) -> Option<&Path> {
        self.template_dir
            .as_deref()
            .filter(|d| !d.as_os_str().is_empty())
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// The defaults built into the binary: the checkout's `Rocket.toml`.
const DEFAULTS: &str = include_str!("../Rocket.toml");

/// The configuration sources in order: Rocket's defaults, the built-in
/// `Rocket.toml`, a `Rocket.toml` in the working folder (or `ROCKET_CONFIG`),
/// `ROCKET_*`, then `GONGJIANG_*`, then `DATABASE_URL`.
pub fn figment() -> Figment {
    Figment::from(rocket::Config::default())
        .merge(Toml::string(DEFAULTS).nested())
        .merge(Toml::file(Env::var_or("ROCKET_CONFIG", "Rocket.toml")).nested())
        .merge(Env::prefixed("ROCKET_").ignore(&["PROFILE"]).global())
        .select(Profile::from_env_or(
            "ROCKET_PROFILE",
            rocket::Config::DEFAULT_PROFILE,
        ))
        .merge(Env::prefixed("GONGJIANG_").global())
        .merge(
            Env::raw()
                .only(&["DATABASE_URL"])
                .map(|_| "database_url".into())
                .global(),
        )
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("invalid settings: {0}")]
    Invalid(String),
    #[error("data folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Reads the settings, creates the data folder, and makes sure a secret key
/// exists (from `ROCKET_SECRET_KEY`, or generated once and kept in the data
/// folder with mode 0600). Returns the figment with the key merged in.
pub fn prepare(figment: Figment) -> Result<(Figment, Settings, [u8; 32]), ConfigError> {
    let settings: Settings = figment
        .extract()
        .map_err(|e| ConfigError::Invalid(e.to_string()))?;
    std::fs::create_dir_all(&settings.data_dir).map_err(|source| ConfigError::Io {
        path: settings.data_dir.clone(),
        source,
    })?;
    // The folder holds the database (phones, sealed IDs), the keys and the mail:
    // only the service's own user may read it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ =
            std::fs::set_permissions(&settings.data_dir, std::fs::Permissions::from_mode(0o700));
    }
    // Rocket's default key is all zeros (and refused by release builds): only a
    // key someone configured counts.
    let configured = figment
        .extract_inner::<rocket::config::SecretKey>("secret_key")
        .map(|k| !k.is_zero())
        .unwrap_or(false);
    let figment = if configured {
        figment
    } else {
        let key = read_or_create_key(&settings.data_dir.join("secret.key"), 64)?;
        figment.merge(Serialized::global("secret_key", key))
    };
    let data_key_b64 = match &settings.data_key {
        Some(k) => k.trim().to_string(),
        None => read_or_create_key(&settings.data_dir.join("data.key"), 32)?,
    };
    let bytes = B64
        .decode(data_key_b64.as_bytes())
        .map_err(|_| ConfigError::Invalid("GONGJIANG_DATA_KEY is not base64".into()))?;
    let data_key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| ConfigError::Invalid("GONGJIANG_DATA_KEY must be 32 bytes".into()))?;
    Ok((figment, settings, data_key))
}

/// A base64 key kept in `path`; created with `len` random bytes and mode 0600
/// on first use.
fn read_or_create_key(path: &Path, len: usize) -> Result<String, ConfigError> {
    let io = |source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(s) if !s.trim().is_empty() => return Ok(s.trim().to_string()),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let mut bytes = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut bytes);
    let encoded = B64.encode(&bytes);
    write_private(path, &encoded).map_err(io)?;
    Ok(encoded)
}

fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}
