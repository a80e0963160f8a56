//! `gongjiang verify`: checks a credential file against a JWK Set (a file,
//! or the one a service publishes) and says who, what, when, and whether it
//! is still valid (asked of the service; an offline key set cannot tell).
use serde_json::Value;

use super::jws::{self, JwkSet};
use super::vc;

/// Where the keys come from.
pub enum KeySource {
    /// A JWK Set file: offline, so revocation cannot be checked.
    File(std::path::PathBuf),
    /// The service's address: its `/.well-known/jwks.json` and the
    /// certificate's status from `/api/v1/certificates/{code}`.
    Service(String),
}

impl KeySource {
    pub fn parse(arg: &str) -> KeySource {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            KeySource::Service(arg.trim_end_matches('/').to_string())
        } else {
            KeySource::File(arg.into())
        }
    }
}

/// The outcome: the text to print and whether the credential is good
/// (signature valid and not revoked).
pub struct Outcome {
    pub text: String,
    pub good: bool,
}

/// The certificate code at the end of a credential's id (`…/verify/CODE`).
pub fn code_of(payload: &Value) -> Option<String> {
    let id = payload["id"].as_str()?;
    let last = id.trim_end_matches('/').rsplit('/').next()?;
    crate::domain::certificate::normalize_code(last)
}

async fn get_json(url: &str) -> Result<Value, String> {
    let response = reqwest::get(url)
        .await
        .map_err(|e| format!("cannot fetch {url}: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("{url} answered {status}"));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("cannot read {url}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{url} is not JSON: {e}"))
}

/// Checks `compact` against the keys of `source`.
pub async fn verify(compact: &str, source: &KeySource) -> Result<Outcome, String> {
    let keys: JwkSet = match source {
        KeySource::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a JWK Set: {e}", path.display()))?
        }
        KeySource::Service(base) => {
            serde_json::from_value(get_json(&format!("{base}/.well-known/jwks.json")).await?)
                .map_err(|e| format!("the service's key set is not a JWK Set: {e}"))?
        }
    };
    let verified = match jws::verify(compact, &keys) {
        Ok(v) => v,
        Err(e) => {
            return Ok(Outcome {
                text: format!("signature: INVALID ({e})\n"),
                good: false,
            });
        }
    };
    let s = vc::summarize(&verified.payload);
    let mut text = format!(
        "signature: valid (key {})\nholder:    {}\nwhat:      {}\nissuer:    {}\ncompleted: {}\nissued:    {}\n",
        verified.kid, s.holder, s.achievement, s.issuer, s.completed_on, s.valid_from
    );
    let mut good = true;
    match (source, code_of(&verified.payload)) {
        (KeySource::Service(base), Some(code)) => {
            let status = get_json(&format!("{base}/api/v1/certificates/{code}")).await?;
            match status["status"].as_str() {
                Some("valid") => text.push_str("status:    valid\n"),
                Some("revoked") => {
                    good = false;
                    text.push_str(&format!(
                        "status:    REVOKED on {}: {}\n",
                        status["revoked_at"].as_str().unwrap_or("?"),
                        status["revoked_reason"].as_str().unwrap_or("")
                    ));
                }
                other => {
                    return Err(format!(
                        "the service gave no status for {code}: {}",
                        other.unwrap_or("none")
                    ));
                }
            }
        }
        _ => text.push_str(
            "status:    not checked (a key set file cannot say whether it was revoked; give the service's URL)\n",
        ),
    }
    Ok(Outcome { text, good })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_code_is_read_from_the_credential_id() {
        let cases = [
            (
                json!({"id": "https://gj.example/verify/7K3M9QX2ADFT"}),
                Some("7K3M9QX2ADFT"),
            ),
            (
                json!({"id": "https://gj.example/verify/7K3M9QX2ADFT/"}),
                Some("7K3M9QX2ADFT"),
            ),
            (json!({"id": "https://gj.example/verify/nonsense"}), None),
            (json!({}), None),
        ];
        for (payload, code) in cases {
            assert_eq!(code_of(&payload).as_deref(), code, "{payload}");
        }
    }

    #[test]
    fn service_addresses_and_files_are_told_apart() {
        assert!(
            matches!(KeySource::parse("https://gj.example/"), KeySource::Service(u) if u == "https://gj.example")
        );
        assert!(matches!(KeySource::parse("jwks.json"), KeySource::File(_)));
    }
}
