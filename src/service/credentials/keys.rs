//! The certificate signing key. One private Ed25519 key signs at a time:
//! `GONGJIANG_SIGNING_KEY` (base64url or base64 of its 32-byte seed, the same
//! on every instance), else `<data_dir>/signing.key`, generated once with mode
//! 0600. Every public key that ever signed is kept in the `signing_keys`
//! table, so every instance serves the same JWK Set and a rotation never
//! orphans a credential issued before it.
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use chrono::{DateTime, Utc};
use ed25519_dalek::SigningKey;
use rand::RngCore;
use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder, Set};

use super::jws::{self, Jwk, JwkSet};
use crate::Settings;
use crate::entity::signing_key;
use crate::error::{AppError, AppResult};

/// The file of the signing key in the data folder.
pub fn key_file(settings: &Settings) -> PathBuf {
    settings.data_dir.join("signing.key")
}

/// Reads a seed as configured: base64url (padded or not) or standard base64 of 32 bytes.
pub fn parse_seed(text: &str) -> Option<SigningKey> {
    let text = text.trim();
    let bytes = B64URL
        .decode(text.trim_end_matches('='))
        .or_else(|_| B64.decode(text))
        .ok()?;
    let seed: [u8; 32] = bytes.try_into().ok()?;
    Some(SigningKey::from_bytes(&seed))
}

/// The seed as written to the key file and printed by `keys rotate`.
pub fn encode_seed(key: &SigningKey) -> String {
    B64URL.encode(key.to_bytes())
}

fn fresh() -> SigningKey {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    SigningKey::from_bytes(&seed)
}

fn io_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::Internal(format!("signing key {}: {e}", path.display()))
}

/// The key that signs now. Read at each signing, so a rotation by
/// `gongjiang keys rotate` takes effect at once on this machine.
pub fn current(settings: &Settings) -> AppResult<SigningKey> {
    if let Some(text) = settings.signing_key.as_deref() {
        return parse_seed(text).ok_or_else(|| {
            AppError::Internal("GONGJIANG_SIGNING_KEY is not base64 of 32 bytes".into())
        });
    }
    let path = key_file(settings);
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => parse_seed(&text)
            .ok_or_else(|| AppError::Internal(format!("{} is not a signing key", path.display()))),
        Ok(_) => write_new(&path, false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => write_new(&path, false),
        Err(e) => Err(io_error(&path, e)),
    }
}

/// Writes a fresh key to `path` (mode 0600): only when none exists, unless
/// `replace` (then through a temporary file renamed over the old one).
fn write_new(path: &Path, replace: bool) -> AppResult<SigningKey> {
    use std::io::Write;
    let key = fresh();
    let target = if replace {
        path.with_extension("key.new")
    } else {
        path.to_path_buf()
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&target).and_then(|mut f| {
        f.write_all(encode_seed(&key).as_bytes())?;
        f.sync_all()
    });
    match written {
        Ok(()) => {}
        // Another process of this data folder made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && !replace => {
            let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
            return parse_seed(&text).ok_or_else(|| {
                AppError::Internal(format!("{} is not a signing key", path.display()))
            });
        }
        Err(e) => return Err(io_error(&target, e)),
    }
    if replace {
        std::fs::rename(&target, path).map_err(|e| io_error(path, e))?;
    }
    Ok(key)
}

/// Records the public half of `key` in the key set (once).
pub async fn register<C: ConnectionTrait>(
    db: &C,
    key: &SigningKey,
    now: DateTime<Utc>,
) -> AppResult<Jwk> {
    let jwk = jws::jwk(&key.verifying_key());
    if signing_key::Entity::find_by_id(jwk.kid.clone())
        .one(db)
        .await?
        .is_none()
    {
        let row = signing_key::ActiveModel {
            kid: Set(jwk.kid.clone()),
            public_key: Set(jwk.x.clone()),
            created_at: Set(now),
        };
        // Two instances starting together may both insert: the second loses harmlessly.
        if let Err(e) = signing_key::Entity::insert(row).exec(db).await
            && signing_key::Entity::find_by_id(jwk.kid.clone())
                .one(db)
                .await?
                .is_none()
        {
            return Err(e.into());
        }
    }
    Ok(jwk)
}

/// The published key set: every key that ever signed, oldest first.
pub async fn jwks<C: ConnectionTrait>(db: &C) -> AppResult<JwkSet> {
    let rows = signing_key::Entity::find()
        .order_by_asc(signing_key::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(JwkSet {
        keys: rows
            .into_iter()
            .map(|r| Jwk {
                kty: "OKP".into(),
                crv: "Ed25519".into(),
                x: r.public_key,
                kid: r.kid,
                use_: Some("sig".into()),
                alg: Some("EdDSA".into()),
            })
            .collect(),
    })
}

/// What a rotation did.
pub struct Rotated {
    pub kid: String,
    /// The new seed when the key comes from `GONGJIANG_SIGNING_KEY` (the
    /// operator hands it to every instance); `None` when it went to the file.
    pub seed_for_environment: Option<String>,
}

/// Makes a new signing key and publishes its public half; the old public keys
/// stay in the set. With the key in the data folder the new one replaces the
/// file (this machine signs with it at once); with `GONGJIANG_SIGNING_KEY` the
/// new seed is returned for the operator to set on every instance.
pub async fn rotate<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    now: DateTime<Utc>,
) -> AppResult<Rotated> {
    // The old key is published before it is replaced, whatever happened before.
    let old = current(settings)?;
    register(db, &old, now).await?;
    let (key, seed_for_environment) = if settings.signing_key.is_some() {
        let key = fresh();
        let seed = encode_seed(&key);
        (key, Some(seed))
    } else {
        (write_new(&key_file(settings), true)?, None)
    };
    let jwk = register(db, &key, now).await?;
    Ok(Rotated {
        kid: jwk.kid,
        seed_for_environment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_read_as_base64url_or_base64_table() {
        let key = SigningKey::from_bytes(&[0xfb; 32]);
        let url = encode_seed(&key);
        let std = B64.encode(key.to_bytes());
        assert_ne!(url, std, "0xfb bytes differ between the two alphabets");
        let cases = [
            (url.clone(), true),
            (format!("  {url}\n"), true),
            (format!("{url}="), true),
            (std, true),
            (B64URL.encode([1u8; 31]), false),
            ("not a key".into(), false),
            (String::new(), false),
        ];
        for (text, ok) in cases {
            let parsed = parse_seed(&text);
            assert_eq!(parsed.is_some(), ok, "{text:?}");
            if let Some(p) = parsed {
                assert_eq!(p.to_bytes(), key.to_bytes());
            }
        }
    }
}
