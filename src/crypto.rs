//! Personal-data sealing and tokens. The national ID is sealed with
//! AES-256-GCM and looked up by an HMAC-SHA256 keyed from the same data key, so
//! the database never holds it in clear.
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct DataKeys {
    cipher: Aes256Gcm,
    hmac_key: [u8; 32],
    link_key: [u8; 32],
}

impl DataKeys {
    pub fn new(key: [u8; 32]) -> Self {
        let cipher = Aes256Gcm::new(&key.into());
        // A separate HMAC key derived from the data key, so the two uses never share a key.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable!());
        mac.update(b"gongjiang/national-id-lookup/v1");
        let hmac_key: [u8; 32] = mac.finalize().into_bytes().into();
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable!());
        mac.update(b"gongjiang/status-link/v1");
        let link_key: [u8; 32] = mac.finalize().into_bytes().into();
        Self {
            cipher,
            hmac_key,
            link_key,
        }
    }

    fn status_link_mac(&self, reference: &str, expires: i64) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.link_key).unwrap_or_else(|_| unreachable!());
        mac.update(reference.as_bytes());
        mac.update(b"\n");
        mac.update(expires.to_string().as_bytes());
        B64URL.encode(mac.finalize().into_bytes())
    }

    /// A status token for `reference` that is good until `expires` (Unix
    /// seconds): `{expires}.{HMAC}`. Mails carry these instead of the token
    /// shown once at submission, which is never stored in clear.
    pub fn sign_status_link(&self, reference: &str, expires: i64) -> String {
        format!("{expires}.{}", self.status_link_mac(reference, expires))
    }

    /// Whether `token` is a signed status token of `reference` that has not
    /// expired at `now` (Unix seconds).
    pub fn status_link_valid(&self, reference: &str, token: &str, now: i64) -> bool {
        let Some((expires, mac)) = token.split_once('.') else {
            return false;
        };
        let Ok(expires) = expires.parse::<i64>() else {
            return false;
        };
        expires > now && constant_time_eq(mac, &self.status_link_mac(reference, expires))
    }

    /// `base64(nonce ‖ ciphertext)`.
    pub fn seal(&self, plaintext: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plaintext.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        B64.encode(out)
    }

    /// The plaintext, or `None` when the value was not sealed with this key.
    pub fn open(&self, sealed: &str) -> Option<String> {
        let bytes = B64.decode(sealed.as_bytes()).ok()?;
        if bytes.len() < 12 + 16 {
            return None;
        }
        let (nonce, ct) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), ct).ok()?;
        String::from_utf8(plain).ok()
    }

    /// Keyed hash (hex) for equality look-ups of a sensitive value.
    pub fn lookup_hash(&self, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.hmac_key).unwrap_or_else(|_| unreachable!());
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A keyed tag (hex) of `value` for one `purpose`: unguessable without
    /// the data key, and never equal to a tag of another purpose.
    pub fn purpose_tag(&self, purpose: &str, value: &str) -> String {
        let mut mac =
            <HmacSha256 as Mac>::new_from_slice(&self.hmac_key).unwrap_or_else(|_| unreachable!());
        mac.update(b"gongjiang/purpose/v1\0");
        mac.update(purpose.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// A capability token for a link in mail (a calendar feed, an
    /// unsubscribe link): `p12-<128-bit tag>`, where the letter and the id
    /// say what it opens and the tag proves the service made it.
    pub fn capability(&self, purpose: &str, letter: char, id: i64) -> String {
        format!("{letter}{id}-{}", self.capability_tag(purpose, letter, id))
    }

    /// The letter and id of a token made by [`Self::capability`] for
    /// `purpose`; `None` for anything else.
    pub fn open_capability(&self, purpose: &str, token: &str) -> Option<(char, i64)> {
        let (head, given) = token.split_once('-')?;
        let mut chars = head.chars();
        let letter = chars.next()?;
        let id: i64 = chars.as_str().parse().ok()?;
        let expected = self.capability_tag(purpose, letter, id);
        (id > 0 && constant_time_eq(given, &expected)).then_some((letter, id))
    }

    fn capability_tag(&self, purpose: &str, letter: char, id: i64) -> String {
        let mut t = self.purpose_tag(purpose, &format!("{letter}{id}"));
        t.truncate(32);
        t
    }
}

/// A random URL-safe token of 256 bits.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    B64URL.encode(bytes)
}

/// SHA-256 (hex) of a token, the form in which tokens are stored.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn constant_time_eq(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_id_opens_with_the_same_key_and_not_with_another() {
        let keys = DataKeys::new([7u8; 32]);
        let sealed = keys.seal("330602199001011234");
        assert!(!sealed.contains("330602"));
        assert_eq!(keys.open(&sealed).as_deref(), Some("330602199001011234"));
        assert_eq!(DataKeys::new([8u8; 32]).open(&sealed), None);
        assert_eq!(keys.open("not base64 at all"), None);
        assert_eq!(keys.open(""), None);
    }

    #[test]
    fn lookup_hash_is_stable_per_key_and_differs_between_keys() {
        let a = DataKeys::new([1u8; 32]);
        let b = DataKeys::new([2u8; 32]);
        assert_eq!(a.lookup_hash("x"), a.lookup_hash("x"));
        assert_ne!(a.lookup_hash("x"), b.lookup_hash("x"));
        assert_eq!(a.lookup_hash("x").len(), 64);
    }

    #[test]
    fn a_signed_status_link_opens_its_own_reference_until_it_expires() {
        let keys = DataKeys::new([3u8; 32]);
        let token = keys.sign_status_link("GJ-2026-000001", 1_000);
        let cases = [
            ("GJ-2026-000001", token.as_str(), 999, true),
            ("GJ-2026-000001", token.as_str(), 0, true),
            ("GJ-2026-000001", token.as_str(), 1_000, false),
            ("GJ-2026-000002", token.as_str(), 10, false),
            ("GJ-2026-000001", "1000.", 10, false),
            ("GJ-2026-000001", "", 10, false),
            ("GJ-2026-000001", "abc", 10, false),
        ];
        for (reference, t, now, ok) in cases {
            assert_eq!(
                keys.status_link_valid(reference, t, now),
                ok,
                "{reference} {t} {now}"
            );
        }
        // A later expiry with the old signature, or another key, does not open it.
        let forged = token.replacen("1000", "9000", 1);
        assert!(!keys.status_link_valid("GJ-2026-000001", &forged, 10));
        assert!(!DataKeys::new([4u8; 32]).status_link_valid("GJ-2026-000001", &token, 10));
    }

    #[test]
    fn tokens_are_random_and_hash_to_hex() {
        assert_ne!(random_token(), random_token());
        assert_eq!(token_hash("abc").len(), 64);
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "abcd"));
    }
}
