//! Compact JWS with EdDSA (Ed25519, RFC 8037) and the JWKs that check it.
//! The signature itself is `ed25519-dalek`'s; this module only frames it:
//! base64url without padding, `header.payload.signature`, the RFC 7638
//! thumbprint as the key id. Pure: no database, no clock, no network.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The media type of a credential secured as a JWS (VC-JOSE-COSE).
pub const TYP: &str = "vc+jwt";

/// A public key as a JWK (`kty: OKP`, `crv: Ed25519`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Jwk {
    pub kty: String,
    pub crv: String,
    /// The 32-byte public key, base64url without padding.
    pub x: String,
    pub kid: String,
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub use_: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
}

/// A JWK Set (`{"keys": […]}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.keys.iter().find(|k| k.kid == kid)
    }
}

/// The RFC 7638 thumbprint of an Ed25519 public key (base64url of the
/// SHA-256 of its required members in lexicographic order): the `kid`.
pub fn thumbprint(public: &VerifyingKey) -> String {
    let x = B64URL.encode(public.as_bytes());
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    B64URL.encode(Sha256::digest(canonical.as_bytes()))
}

/// The JWK of a public key, with its thumbprint as `kid`.
pub fn jwk(public: &VerifyingKey) -> Jwk {
    Jwk {
        kty: "OKP".into(),
        crv: "Ed25519".into(),
        x: B64URL.encode(public.as_bytes()),
        kid: thumbprint(public),
        use_: Some("sig".into()),
        alg: Some("EdDSA".into()),
    }
}

/// Signs `payload` as a compact JWS: `{"alg":"EdDSA","kid":…,"typ":"vc+jwt"}`.
pub fn sign(key: &SigningKey, payload: &Value) -> String {
    let header = json!({"alg": "EdDSA", "kid": thumbprint(&key.verifying_key()), "typ": TYP});
    let signing_input = format!(
        "{}.{}",
        B64URL.encode(header.to_string()),
        B64URL.encode(payload.to_string())
    );
    let signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", B64URL.encode(signature.to_bytes()))
}

/// Why a credential does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    #[error("not a compact JWS (three base64url parts)")]
    Malformed,
    #[error("the header is not EdDSA with a kid")]
    Header,
    #[error("no key {0} in the key set")]
    UnknownKey(String),
    #[error("the key {0} in the key set is not an Ed25519 public key")]
    BadKey(String),
    #[error("the signature does not match")]
    Signature,
}

/// A verified JWS: the key that signed it and the payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    pub kid: String,
    pub payload: Value,
}

fn part(s: &str) -> Result<Vec<u8>, JwsError> {
    B64URL.decode(s.as_bytes()).map_err(|_| JwsError::Malformed)
}

/// Checks a compact JWS against a key set: EdDSA only (no `alg` confusion),
/// the key named by `kid`, a strict Ed25519 verification.
pub fn verify(compact: &str, keys: &JwkSet) -> Result<Verified, JwsError> {
    let compact = compact.trim();
    let mut parts = compact.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwsError::Malformed);
    };
    let header: Value = serde_json::from_slice(&part(h)?).map_err(|_| JwsError::Malformed)?;
    let kid = match (header["alg"].as_str(), header["kid"].as_str()) {
        (Some("EdDSA"), Some(kid)) => kid.to_string(),
        _ => return Err(JwsError::Header),
    };
    let jwk = keys
        .find(&kid)
        .ok_or_else(|| JwsError::UnknownKey(kid.clone()))?;
    let public = public_key(jwk).ok_or_else(|| JwsError::BadKey(kid.clone()))?;
    let signature: [u8; 64] = part(s)?.try_into().map_err(|_| JwsError::Signature)?;
    let signing_input = &compact[..h.len() + 1 + p.len()];
    public
        .verify_strict(signing_input.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| JwsError::Signature)?;
    let payload = serde_json::from_slice(&part(p)?).map_err(|_| JwsError::Malformed)?;
    Ok(Verified { kid, payload })
}

/// The payload of a compact JWS, unverified (to show what a file claims).
pub fn peek_payload(compact: &str) -> Option<Value> {
    let p = compact.trim().split('.').nth(1)?;
    serde_json::from_slice(&part(p).ok()?).ok()
}

/// The Ed25519 public key of a JWK, when it is one.
pub fn public_key(jwk: &Jwk) -> Option<VerifyingKey> {
    if jwk.kty != "OKP" || jwk.crv != "Ed25519" {
        return None;
    }
    let bytes: [u8; 32] = B64URL.decode(jwk.x.as_bytes()).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn set(keys: &[&SigningKey]) -> JwkSet {
        JwkSet {
            keys: keys.iter().map(|k| jwk(&k.verifying_key())).collect(),
        }
    }

    #[test]
    fn thumbprint_matches_rfc_8037_appendix_a3() {
        // RFC 8037 A.1's public key and A.3's thumbprint of it.
        let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        let bytes: [u8; 32] = B64URL
            .decode(x)
            .ok()
            .and_then(|b| b.try_into().ok())
            .unwrap_or([0; 32]);
        let public = VerifyingKey::from_bytes(&bytes).ok();
        assert_eq!(
            public.map(|p| thumbprint(&p)).as_deref(),
            Some("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
        );
    }

    #[test]
    fn a_signed_payload_verifies_and_names_its_key() {
        let k = key(7);
        let jws = sign(&k, &json!({"hello": "焊工"}));
        let v = verify(&jws, &set(&[&key(1), &k]));
        assert_eq!(
            v,
            Ok(Verified {
                kid: thumbprint(&k.verifying_key()),
                payload: json!({"hello": "焊工"})
            })
        );
    }

    #[test]
    fn what_does_not_verify_table() {
        let k = key(7);
        let jws = sign(&k, &json!({"n": 1}));
        let parts: Vec<&str> = jws.split('.').collect();
        let other_payload = B64URL.encode(json!({"n": 2}).to_string());
        let none_header = B64URL.encode(r#"{"alg":"none","kid":"x"}"#);
        let flipped = {
            let mut b = jws.clone().into_bytes();
            let last = b.len() - 3;
            b[last] = if b[last] == b'A' { b'B' } else { b'A' };
            String::from_utf8(b).unwrap_or_default()
        };
        let cases: Vec<(String, JwkSet, JwsError)> = vec![
            (
                jws.clone(),
                set(&[&key(1)]),
                JwsError::UnknownKey(thumbprint(&k.verifying_key())),
            ),
            (
                format!("{}.{other_payload}.{}", parts[0], parts[2]),
                set(&[&k]),
                JwsError::Signature,
            ),
            (flipped, set(&[&k]), JwsError::Signature),
            (
                format!("{none_header}.{}.{}", parts[1], parts[2]),
                set(&[&k]),
                JwsError::Header,
            ),
            (
                format!("{}.{}", parts[0], parts[1]),
                set(&[&k]),
                JwsError::Malformed,
            ),
            (format!("{jws}.x"), set(&[&k]), JwsError::Malformed),
            ("not a jws".into(), set(&[&k]), JwsError::Malformed),
            (
                format!("{}.{}.@@", parts[0], parts[1]),
                set(&[&k]),
                JwsError::Malformed,
            ),
            (
                format!("{}.{}.AAAA", parts[0], parts[1]),
                set(&[&k]),
                JwsError::Signature,
            ),
        ];
        for (input, keys, expected) in cases {
            assert_eq!(verify(&input, &keys), Err(expected), "{input}");
        }
    }

    #[test]
    fn a_jwk_of_another_curve_is_not_a_key() {
        let mut j = jwk(&key(3).verifying_key());
        assert!(public_key(&j).is_some());
        j.crv = "X25519".into();
        assert!(public_key(&j).is_none());
        let mut short = jwk(&key(3).verifying_key());
        short.x = "AAAA".into();
        assert!(public_key(&short).is_none());
    }
}
