//! Signed certificates: the credential verifies with the published key in a
//! library other than the one that signed it, says what it must and nothing
//! personal, survives a key rotation, can be revoked, is printed as a QR code
//! and downloaded by its holder.
use base64::Engine;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::*;
use crate::helpers::{TestApp, Who, enc};
use crate::mentoring_setup::*;

/// A completed cohort of `n` participants, all present at three held
/// sessions; those in `passing` scored 80, the others 50; certificates issued.
pub struct Certified {
    pub m: Mentoring,
    /// The certificate codes, in issue order.
    pub codes: Vec<String>,
}

pub async fn assess(app: &TestApp, m: &Mentoring, p: i64, total_visual: i64) {
    let r = app
        .post_json(
            &format!("/api/v1/participants/{p}/assessments"),
            &m.ding,
            &json!({"scores": {"visual": total_visual, "bend": 30, "theory": 20}, "comment": "焊缝成形良好"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
}

pub async fn issue(app: &TestApp, m: &Mentoring) -> Vec<String> {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/certificates", m.class.cohort_id),
            &m.class.org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()["issued"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| c["code"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

pub async fn certified(app: &TestApp, n: u32, passing: &[usize]) -> Certified {
    let m = mentored_class(app, n).await;
    for h in [-30, -20, -10] {
        let s = session_at(app, &m.class, h, "实操").await;
        let records: Vec<Value> = m
            .participants
            .iter()
            .map(|p| json!({"participant_id": p, "status": "present"}))
            .collect();
        let r = mark(app, &m.ding, s, Value::from(records)).await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    for (i, p) in m.participants.iter().enumerate() {
        assess(app, &m, *p, if passing.contains(&i) { 30 } else { 0 }).await;
    }
    transition(app, &m.class, "running").await;
    transition(app, &m.class, "completed").await;
    let codes = issue(app, &m).await;
    assert_eq!(codes.len(), passing.len());
    Certified { m, codes }
}

async fn public(app: &TestApp, code: &str) -> Value {
    let r = app
        .get(&format!("/api/v1/certificates/{code}"), &Who::anonymous())
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()
}

async fn jwks(app: &TestApp) -> Value {
    let r = app.get("/.well-known/jwks.json", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    r.json()
}

/// Verifies a compact JWS with `jsonwebtoken` (not the code that signed it)
/// against the published JWK Set; the payload, or the library's error.
fn verify_elsewhere(jws: &str, set: &Value) -> Result<Value, String> {
    let header = decode_header(jws).map_err(|e| e.to_string())?;
    let kid = header.kid.ok_or("no kid")?;
    let set: jsonwebtoken::jwk::JwkSet =
        serde_json::from_value(set.clone()).map_err(|e| e.to_string())?;
    let jwk = set.find(&kid).ok_or("kid not in the set")?;
    let key = DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?;
    let mut validation = Validation::new(Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_aud = false;
    decode::<Value>(jws, &key, &validation)
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
}

#[rocket::async_test]
async fn the_credential_verifies_with_the_published_jwk_in_another_library_and_a_changed_byte_fails()
 {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let cert = public(&app, &c.codes[0]).await;
    assert_eq!(cert["status"], "valid");
    let jws = cert["credential"].as_str().unwrap_or("").to_string();
    let set = jwks(&app).await;
    assert_eq!(set["keys"].as_array().map(Vec::len), Some(1), "{set}");
    assert_eq!(set["keys"][0]["kty"], "OKP");
    assert_eq!(set["keys"][0]["crv"], "Ed25519");
    let header = decode_header(&jws).expect("a JOSE header");
    assert_eq!(header.alg, Algorithm::EdDSA);
    assert_eq!(header.kid.as_deref(), set["keys"][0]["kid"].as_str());

    let payload = verify_elsewhere(&jws, &set).expect("jsonwebtoken verifies it");
    eprintln!(
        "credential: {} bytes of compact JWS, {} bytes of payload JSON",
        jws.len(),
        payload.to_string().len()
    );

    // Any changed byte of the signed parts, or of the signature, fails.
    let bytes = jws.as_bytes();
    let dots: Vec<usize> = jws.match_indices('.').map(|(i, _)| i).collect();
    for at in [5, dots[0] + 10, dots[1] - 3, dots[1] + 5, jws.len() - 5] {
        let mut changed = bytes.to_vec();
        changed[at] = if changed[at] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(changed).unwrap_or_default();
        assert!(
            verify_elsewhere(&changed, &set).is_err(),
            "a change at byte {at} was accepted"
        );
    }
    // A payload claiming another holder under the same signature fails.
    let mut forged = payload.clone();
    forged["credentialSubject"]["name"] = json!("李*工");
    let parts: Vec<&str> = jws.split('.').collect();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        B64URL.encode(forged.to_string()),
        parts[2]
    );
    assert!(verify_elsewhere(&forged, &set).is_err());
}

#[rocket::async_test]
async fn the_payload_is_an_open_badge_with_the_facts_and_no_full_name_id_or_phone() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let code = &c.codes[0];
    let cert = public(&app, code).await;
    let jws = cert["credential"].as_str().unwrap_or("");
    let v = verify_elsewhere(jws, &jwks(&app).await).expect("verifies");
    assert_eq!(
        v["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ])
    );
    assert_eq!(
        v["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(v["id"], format!("http://127.0.0.1:8000/verify/{code}"));
    assert_eq!(v["issuer"]["url"], "http://127.0.0.1:8000");
    assert!(
        v["issuer"]["name"]
            .as_str()
            .is_some_and(|n| n.contains("工匠"))
    );
    assert!(v["validFrom"].as_str().is_some_and(|t| t.ends_with('Z')));
    let subject = &v["credentialSubject"];
    assert_eq!(subject["name"], "张*工");
    let id = &subject["identifier"][0];
    assert_eq!(id["type"], "IdentityObject");
    assert_eq!(id["hashed"], true);
    assert_eq!(id["identityType"], "emailAddress");
    // The hash is reproducible by someone who knows the holder's address.
    let email = certified_applicant(0)["email"]
        .as_str()
        .unwrap_or("")
        .to_lowercase();
    let salt = id["salt"].as_str().unwrap_or("");
    assert!(salt.len() >= 16, "{salt}");
    assert_eq!(
        id["identityHash"],
        gongjiang::service::credentials::vc::identity_hash(&email, salt)
    );
    let achievement = &subject["achievement"];
    assert_eq!(achievement["name"], "绍兴工匠高级研修班(焊工方向)");
    assert_eq!(
        achievement["description"],
        "绍兴工匠高级研修班(焊工方向)（第一期）"
    );
    let criteria = achievement["criteria"]["narrative"].as_str().unwrap_or("");
    assert!(
        criteria.contains("出勤率不低于80%") && criteria.contains("不低于60分"),
        "{criteria}"
    );
    let results: Vec<&str> = subject["result"]
        .as_array()
        .map(|r| r.iter().filter_map(|x| x["value"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(results, ["80", "100.0"], "score 30+30+20, all present");

    let text = v.to_string();
    let applicant = certified_applicant(0);
    for secret in [
        applicant["full_name"].as_str().unwrap_or("张焊工"),
        applicant["national_id"].as_str().unwrap_or("-"),
        applicant["phone"].as_str().unwrap_or("-"),
        &email,
        "张焊工",
    ] {
        assert!(!text.contains(secret), "{secret} is in the credential");
    }
}

#[rocket::async_test]
async fn after_a_rotation_by_the_command_line_old_and_new_credentials_verify() {
    let app = TestApp::spawn().await;
    // The second participant fails first, so their certificate comes after the rotation.
    let c = certified(&app, 2, &[0]).await;
    let old = public(&app, &c.codes[0]).await;

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongjiang"))
        .args(["keys", "rotate"])
        .env("GONGJIANG_DATA_DIR", app.dir.path())
        .env("DATABASE_URL", &app.database_url)
        .env_remove("GONGJIANG_SIGNING_KEY")
        .output()
        .expect("run gongjiang keys rotate");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("signs from now on"), "{stdout}");

    assess(&app, &c.m, c.m.participants[1], 30).await;
    let codes = issue(&app, &c.m).await;
    assert_eq!(codes.len(), 1);
    let new = public(&app, &codes[0]).await;

    let set = jwks(&app).await;
    assert_eq!(set["keys"].as_array().map(Vec::len), Some(2), "{set}");
    let kid = |c: &Value| {
        decode_header(c["credential"].as_str().unwrap_or(""))
            .ok()
            .and_then(|h| h.kid)
    };
    assert_ne!(kid(&old), kid(&new), "the new key signs after the rotation");
    assert!(
        stdout.contains(kid(&new).as_deref().unwrap_or("?")),
        "{stdout}"
    );
    for c in [&old, &new] {
        let jws = c["credential"].as_str().unwrap_or("");
        assert!(verify_elsewhere(jws, &set).is_ok(), "{c}");
    }
    // The old credential is unchanged by the rotation.
    assert_eq!(
        public(&app, &c.codes[0]).await["credential"],
        old["credential"]
    );
}

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("certificates").await,
        app.count("notices").await,
        app.count("audit_log").await,
    )
}

#[rocket::async_test]
async fn revoking_shows_revoked_on_the_api_and_the_page_and_changes_nothing_else() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 2, &[0, 1]).await;
    let (code, other) = (&c.codes[0], &c.codes[1]);
    let before = public(&app, code).await;
    let path = format!("/api/v1/certificates/{code}/revoke");
    let start = counts(&app).await;

    // Refusals change nothing.
    let refusals = [
        (
            &Who::anonymous(),
            json!({"reason": "x"}),
            Status::Unauthorized,
        ),
        (&c.m.ding, json!({"reason": "x"}), Status::Forbidden),
        (
            &c.m.class.org,
            json!({"reason": "  "}),
            Status::UnprocessableEntity,
        ),
        (
            &c.m.class.org,
            json!({"reason": "长".repeat(501)}),
            Status::UnprocessableEntity,
        ),
        (&c.m.class.org, json!({}), Status::UnprocessableEntity),
    ];
    for (who, body, status) in refusals {
        let r = app.post_json(&path, who, &body).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        assert!(r.json()["error"].is_string(), "{}", r.body);
    }
    let r = app
        .post_json(
            "/api/v1/certificates/ZZZZZZZZZZZZ/revoke",
            &c.m.class.org,
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(counts(&app).await, start);
    assert_eq!(public(&app, code).await, before);

    let reason = "考核成绩录入有误 <b>";
    let r = app
        .post_json(&path, &c.m.class.org, &json!({"reason": reason}))
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let after = public(&app, code).await;
    assert_eq!(after["status"], "revoked");
    assert_eq!(after["valid"], false);
    assert_eq!(after["revoked_reason"], reason);
    assert!(after["revoked_at"].is_string());
    // The credential and every other fact stay as they were.
    for key in [
        "credential",
        "holder",
        "workshop_title",
        "completed_on",
        "issued_on",
        "code",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(public(&app, other).await["status"], "valid");
    let (certs, notices, audits) = counts(&app).await;
    assert_eq!((certs, notices, audits), (start.0, start.1, start.2 + 1));
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'certificate.revoke'"
        )
        .await,
        1
    );

    let again = app
        .post_json(&path, &c.m.class.org, &json!({"reason": "again"}))
        .await;
    assert_eq!(again.status, Status::Conflict);
    assert_eq!(again.json()["error"], "already_revoked");
    assert_eq!(public(&app, code).await["revoked_reason"], reason);

    let page = app.get(&format!("/verify/{code}"), &Who::anonymous()).await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains("data-status=\"revoked\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("此证书已被撤销"), "{}", page.body);
    assert!(
        page.body.contains("考核成绩录入有误 &lt;b&gt;"),
        "the reason is escaped"
    );
    assert!(
        !page.body.contains("撤销这张证书"),
        "no revoke button for the public"
    );
    let en = app
        .get(
            &format!("/verify/{code}"),
            &Who::anonymous().with_header("Accept-Language", "en"),
        )
        .await;
    assert!(en.body.contains("has been withdrawn"), "{}", en.body);
}

#[rocket::async_test]
async fn the_verify_page_button_revokes_for_an_organizer_only() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let code = &c.codes[0];
    let page = format!("/verify/{code}");
    let shown = app.get(&page, &c.m.class.org).await;
    assert!(shown.body.contains("撤销这张证书"), "{}", shown.body);
    let (csrf, org) = app.csrf_for(&page, &c.m.class.org).await;

    // Without a reason: back to the page with the error, nothing revoked.
    let r = app
        .post_form(
            &format!("{page}/revoke"),
            &org,
            &[("csrf", &csrf), ("reason", " ")],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(public(&app, code).await["status"], "valid");

    let (csrf_m, mentor) = app.csrf_for(&page, &c.m.ding).await;
    let r = app
        .post_form(
            &format!("{page}/revoke"),
            &mentor,
            &[("csrf", &csrf_m), ("reason", "发错了")],
        )
        .await;
    assert_eq!(r.status, Status::Forbidden, "{}", r.body);
    assert_eq!(public(&app, code).await["status"], "valid");

    let r = app
        .post_form(
            &format!("{page}/revoke"),
            &org,
            &[("csrf", &csrf), ("reason", "发错了")],
        )
        .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(r.header("Location"), Some(page.as_str()));
    let after = public(&app, code).await;
    assert_eq!(
        (after["status"].clone(), after["revoked_reason"].clone()),
        (json!("revoked"), json!("发错了"))
    );
}

#[rocket::async_test]
async fn the_printed_certificate_carries_a_qr_code_of_its_verify_page() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let code = &c.codes[0];
    let page = app
        .get(
            &format!("/cohorts/{}/certificates/print", c.m.class.cohort_id),
            &c.m.class.org,
        )
        .await;
    assert_eq!(page.status, Status::Ok);
    let url = format!("http://127.0.0.1:8000/verify/{code}");
    let start = page
        .body
        .find("data:image/svg+xml;base64,")
        .expect("a QR image");
    let src = &page.body[start..];
    let src = &src[..src.find('"').unwrap_or(src.len())];
    let expected = gongjiang::service::credentials::qr::data_uri(&url).unwrap_or_default();
    assert_eq!(src, expected, "the QR encodes the verify page's address");
    let svg = B64
        .decode(&src["data:image/svg+xml;base64,".len()..])
        .unwrap_or_default();
    let svg = String::from_utf8(svg).unwrap_or_default();
    assert!(svg.contains("<svg"), "{svg}");
    eprintln!(
        "QR code: {} bytes of SVG ({} as the data: address) for {url}",
        svg.len(),
        src.len()
    );
}

#[rocket::async_test]
async fn the_holder_downloads_the_credential_from_their_status_page() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 1).await;
    let (id, reference, token) = apply(
        &app,
        class.cohort_id,
        &applicant(0, "绍兴钢构有限公司", &["SMAW"]),
    )
    .await;
    assert_eq!(
        decide(&app, &class.org, id, "admit").await.status,
        Status::Ok
    );
    approve(&app, &class).await;
    let ding = app.mentor(DING, "丁卫松").await;
    let r = add_mentor(&app, &class, DING, 10, &["SMAW"], "柯桥排水有限公司").await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let m = Mentoring {
        class,
        participants: vec![id],
        ding: ding.clone(),
        zhu: ding,
    };
    let s = session_at(&app, &m.class, -5, "实操").await;
    mark(
        &app,
        &m.ding,
        s,
        json!([{"participant_id": id, "status": "present"}]),
    )
    .await;
    assess(&app, &m, id, 30).await;
    let status = format!("/applications/{reference}?token={}", enc(&token));
    let file = format!(
        "/applications/{reference}/certificate.jwt?token={}",
        enc(&token)
    );
    assert!(
        !app.get(&status, &Who::anonymous())
            .await
            .body
            .contains("certificate.jwt")
    );
    assert_eq!(
        app.get(&file, &Who::anonymous()).await.status,
        Status::NotFound
    );

    transition(&app, &m.class, "running").await;
    transition(&app, &m.class, "completed").await;
    let codes = issue(&app, &m).await;
    let page = app.get(&status, &Who::anonymous()).await;
    assert!(page.body.contains("下载电子凭证"), "{}", page.body);
    assert!(
        page.body
            .contains(&format!("/applications/{reference}/certificate.jwt?token="))
    );
    let (st, bytes, content_type) = get_bytes(&app, &file, &Who::anonymous()).await;
    assert_eq!(st, Status::Ok);
    assert_eq!(content_type, "application/vc+jwt");
    let jws = String::from_utf8(bytes).unwrap_or_default();
    assert_eq!(
        jws,
        public(&app, &codes[0]).await["credential"]
            .as_str()
            .unwrap_or("-")
    );
    assert!(verify_elsewhere(&jws, &jwks(&app).await).is_ok());
    let wrong = format!("/applications/{reference}/certificate.jwt?token=wrong");
    assert_eq!(
        app.get(&wrong, &Who::anonymous()).await.status,
        Status::NotFound
    );
}

#[rocket::async_test]
async fn a_certificate_issued_before_credentials_is_signed_on_first_read() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let code = &c.codes[0];
    // As a certificate from before this release: no credential.
    {
        use sea_orm::ConnectionTrait;
        app.db()
            .execute_unprepared("UPDATE certificates SET credential = NULL")
            .await
            .expect("clear");
    }
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM certificates WHERE credential IS NULL"
        )
        .await,
        1
    );
    let first = public(&app, code).await;
    let jws = first["credential"].as_str().unwrap_or("");
    let v = verify_elsewhere(jws, &jwks(&app).await).expect("verifies");
    assert_eq!(v["credentialSubject"]["name"], "张*工");
    assert_eq!(
        count_sql(
            &app,
            "SELECT COUNT(*) AS n FROM certificates WHERE credential IS NULL"
        )
        .await,
        0
    );
    // Signed once: the next read gives the same credential.
    assert_eq!(public(&app, code).await["credential"], first["credential"]);
}

#[rocket::async_test]
async fn the_verify_command_checks_a_credential_file_against_a_key_set_file() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let jws = public(&app, &c.codes[0]).await["credential"]
        .as_str()
        .unwrap_or("")
        .to_string();
    let dir = app.dir.path();
    std::fs::write(dir.join("keys.json"), jwks(&app).await.to_string()).expect("write");
    std::fs::write(dir.join("good.jwt"), &jws).expect("write");
    let mut bad = jws.clone().into_bytes();
    let at = bad.len() - 4;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    std::fs::write(dir.join("bad.jwt"), &bad).expect("write");
    let run = |file: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongjiang"))
            .args(["verify", file, "--keys"])
            .arg(dir.join("keys.json"))
            .current_dir(dir)
            .output()
            .expect("run gongjiang verify");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
        )
    };
    let started = std::time::Instant::now();
    let (ok, text) = run("good.jwt");
    eprintln!(
        "verify command (debug build, process start included): {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    assert!(ok, "{text}");
    assert!(text.contains("signature: valid"), "{text}");
    assert!(text.contains("holder:    张*工"), "{text}");
    assert!(
        text.contains("绍兴工匠高级研修班(焊工方向)（第一期）"),
        "{text}"
    );
    assert!(text.contains("status:    not checked"), "{text}");
    let (ok, text) = run("bad.jwt");
    assert!(!ok, "{text}");
    assert!(text.contains("INVALID"), "{text}");
}

#[rocket::async_test]
async fn the_jwks_and_revoke_calls_are_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/openapi.json", &Who::anonymous()).await.json();
    for path in [
        "/.well-known/jwks.json",
        "/api/v1/certificates/{code}/revoke",
        "/applications/{reference}/certificate.jwt",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(
        doc["components"]["schemas"]["PublicCertificate"]["properties"]["credential"].is_object()
    );
}

#[rocket::async_test]
async fn the_certificate_mail_sent_over_smtp_carries_the_verify_link() {
    let app = TestApp::spawn().await;
    let c = certified(&app, 1, &[0]).await;
    let sink = crate::smtp::SmtpSink::start().await;
    let mailer = gongjiang::mail::Mailer::new(&app.state().settings)
        .expect("mailer")
        .with_smtp_url(Some(sink.url()));
    gongjiang::mail::sender::run_once(app.db(), &mailer)
        .await
        .expect("send");
    let display = gongjiang::domain::certificate::display_code(&c.codes[0]);
    let mail = sink
        .received()
        .into_iter()
        .find(|r| r.part("text/plain").is_some_and(|t| t.contains(&display)))
        .expect("the certificate mail");
    let link = format!("http://127.0.0.1:8000/verify/{}", c.codes[0]);
    assert!(
        mail.part("text/plain").is_some_and(|t| t.contains(&link)),
        "{link}"
    );
    assert!(
        mail.html_as_read().is_some_and(|t| t.contains(&link)),
        "{link}"
    );
    assert_eq!(mail.to, vec!["welder0@example.com".to_string()]);
}
