//! The certificate as a W3C Verifiable Credential (data model 2.0) shaped as
//! an Open Badges 3.0 `OpenBadgeCredential`. The holder appears only as a
//! salted hash of their e-mail address (an OB3 `IdentityObject`) and their
//! masked name: no full name, no ID number, no phone anywhere in it.
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// What a credential says, gathered by the service.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The academy: its URL (the service's public URL) and name.
    pub issuer_url: String,
    pub issuer_name: String,
    /// The certificate's verification page, also the credential's id.
    pub verify_url: String,
    pub workshop_id: i64,
    pub workshop_title: String,
    pub cohort_id: i64,
    pub cohort_name: String,
    pub completed_on: NaiveDate,
    pub issued_at: DateTime<Utc>,
    /// masked as `mask::mask_name` does
    pub holder_masked: String,
    /// The holder's e-mail address, hashed with `salt` (never stored as is).
    pub holder_email: String,
    pub salt: String,
    /// The completion rule in numbers: attendance threshold (0–1) and the rubric.
    pub min_attendance_rate: f64,
    pub pass_mark: u32,
    pub max_points: u32,
    /// The final assessment's total, when known.
    pub final_score: Option<i32>,
    /// The attendance rate (0–1), when known.
    pub attendance_rate: Option<f64>,
}

/// `sha256$` and the lower-case hex SHA-256 of the identifier followed by
/// the salt, as Open Badges 3.0 hashes an `IdentityObject`.
pub fn identity_hash(identifier: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{identifier}{salt}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// An e-mail address as it is hashed: trimmed, lower case.
pub fn normalized_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The completion rule in words, Chinese then English.
/// A credential's words: one bilingual text, read from the Chinese catalog
/// (a credential is read by anyone, in no one language).
fn words(key: &str, args: &[(&str, String)]) -> String {
    crate::i18n::text(crate::i18n::Locale::Zh, key, args)
}

pub fn criteria(f: &Facts) -> String {
    let pct = (f.min_attendance_rate * 100.0).round();
    words(
        "vc_criteria",
        &[
            ("pct", pct.to_string()),
            ("pass", f.pass_mark.to_string()),
            ("max", f.max_points.to_string()),
        ],
    )
}

/// The credential's JSON (the JWS payload).
pub fn credential(f: &Facts) -> Value {
    let base = f.issuer_url.trim_end_matches('/');
    let achievement_id = format!("{base}/workshops/{}#cohort-{}", f.workshop_id, f.cohort_id);
    let mut results = vec![];
    let mut descriptions = vec![];
    if let Some(score) = f.final_score {
        descriptions.push(json!({
            "id": format!("{achievement_id}-score"),
            "type": ["ResultDescription"],
            "name": words("vc_score_name", &[]),
            "resultType": "RubricScore",
            "valueMin": "0",
            "valueMax": f.max_points.to_string(),
            "requiredValue": f.pass_mark.to_string(),
        }));
        results.push(json!({
            "type": ["Result"],
            "resultDescription": format!("{achievement_id}-score"),
            "value": score.to_string(),
        }));
    }
    if let Some(rate) = f.attendance_rate {
        descriptions.push(json!({
            "id": format!("{achievement_id}-attendance"),
            "type": ["ResultDescription"],
            "name": words("vc_attendance_name", &[]),
            "resultType": "Percent",
            "valueMin": "0",
            "valueMax": "100",
            "requiredValue": format!("{}", (f.min_attendance_rate * 100.0).round()),
        }));
        results.push(json!({
            "type": ["Result"],
            "resultDescription": format!("{achievement_id}-attendance"),
            "value": format!("{:.1}", rate * 100.0),
        }));
    }
    let valid_from = f.issued_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f.verify_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": words("vc_name", &[("title", f.workshop_title.clone())]),
        "issuer": {
            "id": base,
            "type": ["Profile"],
            "name": f.issuer_name,
            "url": base,
        },
        "validFrom": valid_from,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": f.holder_masked,
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": identity_hash(&normalized_email(&f.holder_email), &f.salt),
                "identityType": "emailAddress",
                "hashed": true,
                "salt": f.salt,
            }],
            "activityEndDate": format!("{}T00:00:00+08:00", f.completed_on),
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": f.workshop_title,
                "description": words("vc_description", &[("title", f.workshop_title.clone()), ("cohort", f.cohort_name.clone())]),
                "criteria": {"narrative": criteria(f)},
                "resultDescription": descriptions,
            },
            "result": results,
        },
        // JWT claims for verifiers that read the JWS as a JWT.
        "iss": base,
        "jti": f.verify_url,
        "nbf": f.issued_at.timestamp(),
        "iat": f.issued_at.timestamp(),
    })
}

/// Who, what and when, read back from a credential's payload (for the
/// `verify` command and the status page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub holder: String,
    pub achievement: String,
    pub issuer: String,
    pub valid_from: String,
    pub completed_on: String,
    pub id: String,
}

pub fn summarize(payload: &Value) -> Summary {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let subject = &payload["credentialSubject"];
    Summary {
        holder: s(&subject["name"]),
        achievement: s(&subject["achievement"]["description"]),
        issuer: s(&payload["issuer"]["name"]),
        valid_from: s(&payload["validFrom"]),
        completed_on: s(&subject["activityEndDate"]).chars().take(10).collect(),
        id: s(&payload["id"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn facts() -> Facts {
        Facts {
            issuer_url: "https://gj.example/".into(),
            issuer_name: "绍兴市总工会工匠学院".into(),
            verify_url: "https://gj.example/verify/7K3M9QX2ADFT".into(),
            workshop_id: 3,
            workshop_title: "绍兴工匠高级研修班(焊工方向)".into(),
            cohort_id: 5,
            cohort_name: "第一期".into(),
            completed_on: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default(),
            issued_at: Utc
                .with_ymd_and_hms(2026, 12, 1, 2, 3, 4)
                .single()
                .unwrap_or_default(),
            holder_masked: "张*工".into(),
            holder_email: " Zhang@Example.com ".into(),
            salt: "5a1t".into(),
            min_attendance_rate: 0.8,
            pass_mark: 60,
            max_points: 100,
            final_score: Some(80),
            attendance_rate: Some(0.9),
        }
    }

    #[test]
    fn identity_hash_is_sha256_of_identifier_then_salt() {
        // sha256("abc") is the FIPS 180-2 test vector.
        assert_eq!(
            identity_hash("ab", "c"),
            "sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_credential_has_the_ob3_shape_and_the_facts() {
        let v = credential(&facts());
        assert_eq!(
            v["type"],
            json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        assert_eq!(v["@context"][0], VC_CONTEXT);
        assert_eq!(v["issuer"]["name"], "绍兴市总工会工匠学院");
        assert_eq!(v["issuer"]["id"], "https://gj.example");
        assert_eq!(v["validFrom"], "2026-12-01T02:03:04Z");
        let subject = &v["credentialSubject"];
        assert_eq!(subject["name"], "张*工");
        assert_eq!(
            subject["identifier"][0]["identityHash"],
            identity_hash("zhang@example.com", "5a1t")
        );
        assert_eq!(subject["identifier"][0]["salt"], "5a1t");
        assert_eq!(
            subject["achievement"]["description"],
            "绍兴工匠高级研修班(焊工方向)（第一期）"
        );
        let narrative = subject["achievement"]["criteria"]["narrative"]
            .as_str()
            .unwrap_or("");
        assert!(
            narrative.contains("80%") && narrative.contains("60"),
            "{narrative}"
        );
        assert_eq!(subject["result"][0]["value"], "80");
        assert_eq!(subject["result"][1]["value"], "90.0");
        let text = v.to_string().to_lowercase();
        assert!(!text.contains("zhang@example.com"), "{text}");
    }

    #[test]
    fn unknown_results_are_left_out_not_invented() {
        let mut f = facts();
        f.final_score = None;
        f.attendance_rate = None;
        let v = credential(&f);
        assert_eq!(v["credentialSubject"]["result"], json!([]));
        assert_eq!(
            v["credentialSubject"]["achievement"]["resultDescription"],
            json!([])
        );
    }

    #[test]
    fn summary_reads_who_what_when() {
        let s = summarize(&credential(&facts()));
        assert_eq!(s.holder, "张*工");
        assert_eq!(s.completed_on, "2026-11-30");
        assert_eq!(s.issuer, "绍兴市总工会工匠学院");
    }
}
