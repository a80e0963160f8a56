//! A purge leaves nothing personal: after a cohort's whole life (applications
//! with notes, attendance with notes, assessments with comments, an
//! announcement about a participant, certificates, mail over SMTP and into the
//! mail folder), `gongjiang purge` run as an operator runs it, and then no
//! file of the data folder (the SQLite file and its WAL included) and no text
//! column of any table holds a purged name, ID, phone, address or token.
use std::path::{Path, PathBuf};

use chrono::Utc;
use rocket::http::Status;
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait, Set, Statement};
use serde_json::{Value, json};

use crate::credentials::issue;
use crate::fixtures::*;
use crate::helpers::TestApp;
use crate::mentoring_setup::*;
use crate::smtp::SmtpSink;

const PEOPLE: u32 = 3;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Every status or feed token in a text: `token=…` up to the end of the value.
fn tokens_in(text: &str) -> Vec<String> {
    text.match_indices("token=")
        .map(|(i, _)| {
            text[i + 6..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-_.~%".contains(*c))
                .collect::<String>()
        })
        .filter(|t| t.len() >= 16)
        .collect()
}

/// Where each needle is found: files of `dir` and text columns of every table.
async fn places_holding(app: &TestApp, needles: &[String]) -> Vec<String> {
    let mut found = vec![];
    for file in files_under(app.dir.path()) {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for n in needles {
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                found.push(format!("{} holds {n}", file.display()));
            }
        }
    }
    let db = app.db();
    let backend = db.get_database_backend();
    let columns_sql = if backend == DatabaseBackend::Postgres {
        "SELECT table_name AS t, column_name AS c FROM information_schema.columns \
         WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'character')"
    } else {
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table'"
    };
    let columns = db
        .query_all_raw(Statement::from_string(backend, columns_sql))
        .await
        .expect("columns");
    assert!(
        columns.len() > 50,
        "every table's columns: {}",
        columns.len()
    );
    for row in columns {
        let t: String = row.try_get("", "t").expect("table");
        let c: String = row.try_get("", "c").expect("column");
        for n in needles {
            let sql = if backend == DatabaseBackend::Postgres {
                format!(
                    "SELECT COUNT(*) AS n FROM \"{t}\" WHERE strpos(CAST(\"{c}\" AS TEXT), $1) > 0"
                )
            } else {
                format!(
                    "SELECT COUNT(*) AS n FROM \"{t}\" WHERE instr(CAST(\"{c}\" AS TEXT), ?) > 0"
                )
            };
            let hit = db
                .query_one_raw(Statement::from_sql_and_values(
                    backend,
                    &sql,
                    [n.clone().into()],
                ))
                .await
                .expect("search")
                .and_then(|r| r.try_get::<i64>("", "n").ok())
                .unwrap_or(0);
            if hit > 0 {
                found.push(format!("{t}.{c} holds {n} ({hit} rows)"));
            }
        }
    }
    found
}

#[rocket::async_test]
async fn a_purge_leaves_no_name_id_phone_address_or_token_in_the_data_folder_or_any_table() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = TestApp::spawn_with(move |f| f.merge(("smtp_url", url))).await;
    let class = open_class(&app, i64::from(PEOPLE)).await;
    let mut tokens = vec![];
    let mut ids = vec![];
    for i in 0..PEOPLE {
        let body = applicant(i, "绍兴钢构有限公司", &["SMAW", "GTAW"]);
        let (id, _, token) = apply(&app, class.cohort_id, &body).await;
        tokens.push(token);
        ids.push(id);
    }
    // Notes typed with the applicant's own number and ID in them.
    for (i, id) in ids.iter().enumerate() {
        let n = i as u32;
        let decision = if i == 2 { "reject" } else { "admit" };
        let r = app
            .post_json(
                &format!("/api/v1/applications/{id}/decision"),
                &class.org,
                &json!({"decision": decision,
                    "note": format!("已电话 {} 联系（身份证 {}）", phone(n), national_id(n)),
                    "internal_note": format!("{} 手机 {}", NAMES[i], phone(n))}),
            )
            .await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    let shown = app
        .get(&format!("/api/v1/applications/{}", ids[0]), &class.org)
        .await;
    assert!(
        shown.body.contains("139****0000") && shown.body.contains("330602********"),
        "the note's number and ID are kept masked: {}",
        shown.body
    );
    assert!(!shown.body.contains(&phone(0)) && !shown.body.contains(&national_id(0)));
    // Receipts and decisions go out over SMTP.
    let smtp = app.state().mail.clone();
    gongjiang::mail::sender::run_once(app.db(), &smtp)
        .await
        .expect("send");
    assert!(
        sink.count() >= 6,
        "receipts and decisions: {}",
        sink.count()
    );

    approve(&app, &class).await;
    let ding = app.mentor(DING, "丁卫松").await;
    let zhu = app.mentor(ZHU, "朱致挺").await;
    let r = add_mentor(
        &app,
        &class,
        DING,
        10,
        &["GTAW", "SMAW"],
        "柯桥排水有限公司",
    )
    .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let participants = ids[..2].to_vec();
    for h in [-30, -20, -10] {
        let s = session_at(&app, &class, h, "实操").await;
        let records: Vec<Value> = participants
            .iter()
            .enumerate()
            .map(|(i, p)| {
                if h == -20 && i == 0 {
                    json!({"participant_id": p, "status": "excused",
                        "note": format!("{} 来电 {} 请假", NAMES[0], phone(0))})
                } else {
                    json!({"participant_id": p, "status": "present"})
                }
            })
            .collect();
        let r = mark(&app, &ding, s, Value::from(records)).await;
        assert_eq!(r.status, Status::Ok, "{}", r.body);
    }
    for (i, p) in participants.iter().enumerate() {
        let r = app
            .post_json(
                &format!("/api/v1/participants/{p}/assessments"),
                &ding,
                &json!({"scores": {"visual": 30, "bend": 30, "theory": 20},
                    "comment": format!("{} 焊缝成形良好，联系 {}", NAMES[i], phone(i as u32))}),
            )
            .await;
        assert_eq!(r.status, Status::Created, "{}", r.body);
    }
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/notices", class.cohort_id),
            &class.org,
            &json!({"subject": format!("关于{}", NAMES[1]),
                "body": format!("{} 的证书请到前台领取，电话 {}", NAMES[1], phone(1))}),
        )
        .await;
    assert!(r.status.code < 300, "{}", r.body);
    let m = Mentoring {
        class,
        participants: participants.clone(),
        ding,
        zhu,
    };
    transition(&app, &m.class, "running").await;
    transition(&app, &m.class, "completed").await;
    let codes = issue(&app, &m).await;
    assert_eq!(codes.len(), 2);
    // The rest goes into the mail folder (no SMTP server).
    let folder = smtp.clone().with_smtp_url(None);
    gongjiang::mail::sender::run_once(app.db(), &folder)
        .await
        .expect("write mail files");
    let mail_dir = app.state().settings.mail_dir();
    let eml = files_under(&mail_dir);
    assert!(
        eml.len() >= 4,
        "welcome, assessment, certificate, announcement: {eml:?}"
    );
    for r in sink.received() {
        for part in ["text/plain", "text/html"] {
            tokens.extend(tokens_in(&r.part(part).unwrap_or_default()));
        }
    }
    for f in &eml {
        if let Ok(bytes) = std::fs::read(f)
            && let Ok(parsed) = mailparse::parse_mail(&bytes)
        {
            for p in std::iter::once(&parsed).chain(parsed.subparts.iter()) {
                tokens.extend(tokens_in(&p.get_body().unwrap_or_default()));
            }
        }
    }
    let first_token = tokens[0].clone();
    tokens.sort();
    tokens.dedup();
    let mut needles: Vec<String> = vec![];
    for i in 0..PEOPLE {
        needles.push(NAMES[i as usize].into());
        needles.push(national_id(i));
        needles.push(phone(i));
        needles.push(format!("welder{i}@example.com"));
    }
    needles.extend(tokens.iter().cloned());
    assert!(
        tokens.len() > PEOPLE as usize,
        "tokens from the mails: {tokens:?}"
    );
    let before = places_holding(&app, &needles).await;
    assert!(
        before.iter().any(|p| p.contains("applications.full_name")),
        "the search finds what is there: {before:?}"
    );

    // Long ago, as the operator sees it: the cohort ended 400 days back.
    let ended = Utc::now().date_naive() - chrono::Duration::days(400);
    let mut c: gongjiang::entity::cohort::ActiveModel =
        gongjiang::entity::cohort::Entity::find_by_id(m.class.cohort_id)
            .one(app.db())
            .await
            .expect("cohort")
            .expect("found")
            .into();
    c.ends_on = Set(ended);
    sea_orm::ActiveModelTrait::update(c, app.db())
        .await
        .expect("end long ago");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongjiang"))
        .args(["purge", "--days", "30"])
        .env("GONGJIANG_DATA_DIR", app.dir.path())
        .env("DATABASE_URL", &app.database_url)
        .output()
        .expect("run gongjiang purge");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success() && stdout.contains("purged 1 cohort(s): 3 application(s)"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let left = places_holding(&app, &needles).await;
    assert!(
        left.is_empty(),
        "personal data left after the purge:\n{}",
        left.join("\n")
    );
    assert!(
        files_under(&mail_dir).is_empty(),
        "mail files of the cohort are gone"
    );
    // The certificates still verify, naming the holder masked.
    let r = app
        .get(
            &format!("/api/v1/certificates/{}", codes[0]),
            &crate::helpers::Who::anonymous(),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert!(
        r.body.contains("张*工") || r.body.contains("李*"),
        "{}",
        r.body
    );
    // An old status link opens nothing.
    let reference = app
        .get(&format!("/api/v1/applications/{}", ids[0]), &m.class.org)
        .await
        .json()["reference"]
        .as_str()
        .map(String::from)
        .unwrap_or_default();
    let r = app
        .get(
            &format!("/api/v1/applications/{reference}?token={first_token}"),
            &crate::helpers::Who::anonymous(),
        )
        .await;
    assert!(r.status.code >= 400 && r.status.code < 500, "{}", r.status);
}
