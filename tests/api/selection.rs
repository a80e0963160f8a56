//! Selection: the verifiable draw, nominations, offers that expire and the
//! waitlist as applicants see it.
use std::collections::HashMap;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use rocket::http::Status;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::fixtures::*;
use crate::helpers::{TestApp, Who};
use crate::smtp::SmtpSink;

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A welding cohort selecting by draw, created as a draft (not yet open).
pub async fn draft_draw_class(app: &TestApp, org: &Who, capacity: i64, quota: Option<i64>) -> i64 {
    let r = app
        .post_json("/api/v1/workshops", org, &welding_workshop())
        .await;
    assert_eq!(r.status.code, 201, "{}", r.body);
    let workshop_id = r.json()["id"].as_i64().expect("workshop id");
    let now = Utc::now();
    let close = now + Duration::days(10);
    let starts = (close + Duration::days(5)).date_naive();
    let r = app
        .post_json(
            &format!("/api/v1/workshops/{workshop_id}/cohorts"),
            org,
            &json!({
                "name": "抽签班",
                "capacity": capacity,
                "applications_open_at": (now - Duration::hours(1)).to_rfc3339(),
                "applications_close_at": close.to_rfc3339(),
                "starts_on": starts.to_string(),
                "ends_on": (starts + Duration::days(20)).to_string(),
                "venue": "绍兴市焊接实训基地",
                "selection": {"mode": "draw", "employer_quota": quota, "offer_hours": 48}
            }),
        )
        .await;
    assert_eq!(r.status.code, 201, "{}", r.body);
    r.json()["id"].as_i64().expect("cohort id")
}

pub async fn move_to(app: &TestApp, org: &Who, cohort_id: i64, to: &str) -> crate::helpers::Resp {
    app.post_json(
        &format!("/api/v1/cohorts/{cohort_id}/transition"),
        org,
        &json!({"to": to}),
    )
    .await
}

async fn open_draw_class(app: &TestApp, org: &Who, capacity: i64, quota: Option<i64>) -> i64 {
    let id = draft_draw_class(app, org, capacity, quota).await;
    assert_eq!(move_to(app, org, id, "open").await.status, Status::Ok);
    id
}

fn applicant(n: u32, employer: &str) -> Value {
    let mut a = certified_applicant(n);
    a["employer"] = json!(employer);
    a
}

async fn nominate(
    app: &TestApp,
    org: &Who,
    cohort_id: i64,
    employer: &str,
    seats: i64,
) -> Vec<String> {
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{cohort_id}/nominations"),
            org,
            &json!({"employer": employer, "seats": seats}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    r.json()["codes"]
        .as_array()
        .expect("codes")
        .iter()
        .map(|c| c.as_str().unwrap_or("").to_string())
        .collect()
}

async fn count_kind(app: &TestApp, kind: &str) -> i64 {
    app.count(&format!("notices WHERE kind = '{kind}'")).await
}

/// Every application of a cohort, following the list's `next` pages.
async fn statuses(app: &TestApp, org: &Who, cohort_id: i64) -> Vec<Value> {
    let mut all = vec![];
    let mut url = Some(format!(
        "/api/v1/cohorts/{cohort_id}/applications?limit=200"
    ));
    while let Some(u) = url {
        let r = app.get(&u, org).await;
        all.extend(r.json().as_array().cloned().unwrap_or_default());
        url = r.header("Link").and_then(|l| {
            l.split(", ")
                .find(|p| p.ends_with("rel=\"next\""))
                .and_then(|p| p.split_once('>'))
                .map(|(u, _)| u.trim_start_matches('<').to_string())
        });
    }
    all
}

/// Places held (admitted + open offers) read from the rows, and the cohort's counter.
async fn held(app: &TestApp, org: &Who, cohort_id: i64) -> (usize, i64) {
    let rows = statuses(app, org, cohort_id).await;
    let n = rows
        .iter()
        .filter(|a| a["status"] == "admitted" || a["status"] == "offered")
        .count();
    let c = app
        .get(&format!("/api/v1/cohorts/{cohort_id}"), &Who::anonymous())
        .await;
    (n, c.json()["admitted"].as_i64().unwrap_or(-1))
}

#[rocket::async_test]
async fn the_draw_reveals_a_seed_matching_its_commitment_and_anyone_can_recompute_the_order() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let id = draft_draw_class(&app, &org, 5, Some(2)).await;
    // A draft has no seed yet; opening fixes it and publishes the commitment.
    let draft = app.get(&format!("/api/v1/cohorts/{id}"), &org).await.json();
    assert_eq!(draft["selection"]["mode"], "draw");
    assert_eq!(draft["selection"]["employer_quota"], 2);
    assert!(draft["draw"]["commitment"].is_null(), "{draft}");
    assert_eq!(move_to(&app, &org, id, "open").await.status, Status::Ok);
    let public = app
        .get(&format!("/api/v1/cohorts/{id}"), &Who::anonymous())
        .await
        .json();
    let commitment = public["draw"]["commitment"]
        .as_str()
        .expect("commitment")
        .to_string();
    assert_eq!(commitment.len(), 64);
    assert!(
        commitment
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(
        public["draw"]["seed"].is_null(),
        "the seed stays secret: {public}"
    );
    let page = app.get(&format!("/cohorts/{id}"), &Who::anonymous()).await;
    assert!(
        page.body.contains(&commitment) && page.body.contains("公开抽签"),
        "{}",
        page.body
    );
    assert!(page.body.contains("每单位最多2人"));

    // 12 applicants from 4 employers; two of 甲厂 nominated.
    let codes = nominate(&app, &org, id, "甲厂", 2).await;
    let employers = ["甲厂", "乙厂", "丙厂", "丁厂"];
    let mut ids = vec![];
    for n in 0..12u32 {
        let mut body = applicant(n, employers[(n % 4) as usize]);
        if n < 2 * 4 && n % 4 == 0 {
            body["nomination_code"] = json!(codes[(n / 4) as usize]);
        }
        ids.push(apply(&app, id, &body).await.0);
    }
    assert_eq!(
        app.get(&format!("/api/v1/cohorts/{id}/draw"), &Who::anonymous())
            .await
            .status,
        Status::NotFound
    );
    // Hand decisions wait for the draw; the draw waits for the close.
    let hand = decide(&app, &org, ids[0], "admit").await;
    assert_eq!(hand.status, Status::Conflict);
    assert_eq!(hand.json()["error"], "selection_by_draw");
    let early = app
        .post_json(&format!("/api/v1/cohorts/{id}/draw"), &org, &json!({}))
        .await;
    assert_eq!(early.status, Status::Conflict);
    assert_eq!(early.json()["error"], "invalid_transition");
    assert_eq!(app.count("applications WHERE status = 'pending'").await, 12);

    assert_eq!(move_to(&app, &org, id, "closed").await.status, Status::Ok);
    let notices_before = count_kind(&app, "draw_outcome").await;
    let r = app
        .post_json(&format!("/api/v1/cohorts/{id}/draw"), &org, &json!({}))
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let d = r.json();
    let seed = d["seed"].as_str().expect("seed").to_string();
    assert_eq!(seed.len(), 64);
    assert_eq!(
        sha256_hex(&seed),
        commitment,
        "commitment matches the revealed seed"
    );
    assert_eq!(d["commitment"], commitment);

    // Recompute everything from the seed and the references alone.
    let rows = statuses(&app, &org, id).await;
    let nominated: HashMap<String, bool> = rows
        .iter()
        .map(|a| {
            (
                a["reference"].as_str().unwrap_or("").to_string(),
                a["nominated"] == true,
            )
        })
        .collect();
    let employer_of: HashMap<String, String> = rows
        .iter()
        .map(|a| {
            (
                a["reference"].as_str().unwrap_or("").to_string(),
                a["employer"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut mine: Vec<(u8, String, String)> = nominated
        .iter()
        .map(|(r, nom)| {
            (
                if *nom { 1 } else { 2 },
                sha256_hex(&format!("{seed}:{r}")),
                r.clone(),
            )
        })
        .collect();
    mine.sort();
    let results = d["results"].as_array().expect("results");
    assert_eq!(results.len(), 12);
    let mut left = 5;
    let mut per: HashMap<String, i64> = HashMap::new();
    for (i, ((tier, ticket, reference), line)) in mine.iter().zip(results).enumerate() {
        assert_eq!(line["reference"], json!(reference));
        assert_eq!(line["ticket"], json!(ticket));
        assert_eq!(line["tier"], json!(tier));
        assert_eq!(line["rank"], json!(i + 1));
        let e = per.entry(employer_of[reference].clone()).or_default();
        let expected = if left > 0 && *e < 2 {
            left -= 1;
            *e += 1;
            "offered"
        } else {
            "waitlisted"
        };
        assert_eq!(line["outcome"], expected, "rank {}", i + 1);
        // No personal data in the result.
        assert!(line.get("full_name").is_none() && line.get("employer").is_none());
    }
    assert_eq!(nominated.values().filter(|n| **n).count(), 2);
    assert_eq!(results[0]["tier"], 1);
    assert_eq!(results[1]["tier"], 1);
    let offered = results.iter().filter(|l| l["outcome"] == "offered").count();
    println!(
        "FIGURES draw: entrants=12 places=5 quota=2 offered={offered} waitlisted={}",
        12 - offered
    );
    assert_eq!(offered, 5);
    assert_eq!(count_kind(&app, "draw_outcome").await, notices_before + 12);
    assert_eq!(held(&app, &org, id).await, (5, 5));

    // Anyone reads the same result; the page shows the seed and the method.
    let public = app
        .get(&format!("/api/v1/cohorts/{id}/draw"), &Who::anonymous())
        .await;
    assert_eq!(public.status, Status::Ok);
    assert_eq!(public.json()["results"], d["results"]);
    assert!(!public.body.contains("张焊工") && !public.body.contains("甲厂"));
    let page = app
        .get(&format!("/cohorts/{id}/draw"), &Who::anonymous())
        .await;
    assert!(
        page.body.contains(&seed) && page.body.contains("hashlib.sha256"),
        "{}",
        page.body
    );
    // Each applicant sees their own line.
    let first = &results[0];
    let row = rows
        .iter()
        .find(|a| a["reference"] == first["reference"])
        .expect("row");
    assert_eq!(row["draw_rank"], 1);

    // Once only; and no reopening after it.
    let again = app
        .post_json(&format!("/api/v1/cohorts/{id}/draw"), &org, &json!({}))
        .await;
    assert_eq!(again.status, Status::Conflict);
    assert_eq!(again.json()["error"], "already_drawn");
    let reopen = move_to(&app, &org, id, "open").await;
    assert_eq!(reopen.json()["error"], "invalid_transition");
    // Approval waits for the offers.
    let approve = move_to(&app, &org, id, "approved").await;
    assert_eq!(approve.status, Status::Conflict);
    assert_eq!(approve.json()["error"], "offers_outstanding");
}

#[rocket::async_test]
async fn a_wrong_used_or_other_employers_nomination_code_is_422_naming_the_field_and_stores_nothing()
 {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let id = open_draw_class(&app, &org, 5, None).await;
    let other = open_draw_class(&app, &org, 5, None).await;
    let codes = nominate(&app, &org, id, "绍兴钢构有限公司", 2).await;
    let elsewhere = nominate(&app, &org, other, "绍兴钢构有限公司", 1).await;
    let listed = app
        .get(&format!("/api/v1/cohorts/{id}/nominations"), &org)
        .await
        .json();
    assert_eq!(listed["employers"][0]["issued"], 2);
    assert_eq!(listed["employers"][0]["used"], 0);

    // Full-width letters and spaces around the employer still match (NFKC + trim).
    let mut good = applicant(1, " 绍兴钢构有限公司 ");
    good["nomination_code"] = json!(codes[0].to_lowercase());
    apply(&app, id, &good).await;
    let before = (app.count("applications").await, app.count("notices").await);
    let cases = [
        ("no such code", "ZZZZ-ZZZZ-ZZZZ", "绍兴钢构有限公司"),
        (
            "another cohort's code",
            elsewhere[0].as_str(),
            "绍兴钢构有限公司",
        ),
        ("a used code", codes[0].as_str(), "绍兴钢构有限公司"),
        ("another employer", codes[1].as_str(), "杭州重工"),
        ("not a code at all", "<script>", "绍兴钢构有限公司"),
    ];
    for (n, (what, code, employer)) in cases.iter().enumerate() {
        let mut body = applicant(10 + n as u32, employer);
        body["nomination_code"] = json!(code);
        let r = app
            .post_json(
                &format!("/api/v1/cohorts/{id}/applications"),
                &Who::anonymous(),
                &body,
            )
            .await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{what}: {}", r.body);
        assert_eq!(r.json()["error"], "validation", "{what}");
        assert!(r.body.contains("nomination_code"), "{what}: {}", r.body);
    }
    assert_eq!(
        (app.count("applications").await, app.count("notices").await),
        before
    );
    let listed = app
        .get(&format!("/api/v1/cohorts/{id}/nominations"), &org)
        .await
        .json();
    assert_eq!(listed["employers"][0]["used"], 1);
    // The organizer's list marks the nominated application.
    let rows = statuses(&app, &org, id).await;
    assert_eq!(rows.iter().filter(|a| a["nominated"] == true).count(), 1);
    let page = app.get(&format!("/cohorts/{id}/selection"), &org).await;
    assert_eq!(page.status, Status::Ok);
    assert!(
        page.body.contains(&codes[1]),
        "printable codes per employer"
    );
}

#[rocket::async_test]
async fn bad_selection_is_422_and_selection_is_fixed_once_open() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let r = app
        .post_json("/api/v1/workshops", &org, &welding_workshop())
        .await;
    let workshop_id = r.json()["id"].as_i64().expect("id");
    let before = app.count("cohorts").await;
    let now = Utc::now();
    let mut body = json!({
        "name": "期", "capacity": 5,
        "applications_open_at": now.to_rfc3339(),
        "applications_close_at": (now + Duration::days(3)).to_rfc3339(),
        "starts_on": (now + Duration::days(10)).date_naive().to_string(),
        "ends_on": (now + Duration::days(20)).date_naive().to_string(),
        "venue": "实训基地",
        "selection": {"mode": "lottery", "employer_quota": 0, "offer_hours": 9999}
    });
    let r = app
        .post_json(
            &format!("/api/v1/workshops/{workshop_id}/cohorts"),
            &org,
            &body,
        )
        .await;
    assert_eq!(r.status, Status::UnprocessableEntity, "{}", r.body);
    for f in [
        "selection.mode",
        "selection.employer_quota",
        "selection.offer_hours",
    ] {
        assert!(r.body.contains(f), "{f}: {}", r.body);
    }
    assert_eq!(app.count("cohorts").await, before);
    let id = open_draw_class(&app, &org, 5, None).await;
    body["selection"] = json!({"mode": "review"});
    let r = app
        .put_json(&format!("/api/v1/cohorts/{id}"), &org, &body)
        .await;
    assert_eq!(r.status, Status::Conflict, "{}", r.body);
    assert_eq!(r.json()["error"], "selection_locked");
}

/// Draws a cohort of `capacity` places among `n` applicants of distinct
/// employers; returns (cohort, [(reference, token, outcome)] in rank order).
async fn drawn(
    app: &TestApp,
    org: &Who,
    capacity: i64,
    n: u32,
) -> (i64, Vec<(String, String, String)>) {
    let id = open_draw_class(app, org, capacity, None).await;
    let mut tokens = HashMap::new();
    for i in 0..n {
        let (_, reference, token) = apply(app, id, &applicant(i, &format!("厂{i}"))).await;
        tokens.insert(reference, token);
    }
    assert_eq!(move_to(app, org, id, "closed").await.status, Status::Ok);
    let r = app
        .post_json(&format!("/api/v1/cohorts/{id}/draw"), org, &json!({}))
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let lines = r.json()["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|l| {
            let reference = l["reference"].as_str().unwrap_or("").to_string();
            let token = tokens.get(&reference).cloned().unwrap_or_default();
            (
                reference,
                token,
                l["outcome"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (id, lines)
}

async fn answer(app: &TestApp, reference: &str, token: &str, what: &str) -> crate::helpers::Resp {
    app.post_json(
        &format!("/api/v1/applications/{reference}/{what}"),
        &Who::anonymous(),
        &json!({"token": token}),
    )
    .await
}

async fn status_of(app: &TestApp, reference: &str, token: &str) -> Value {
    app.get(
        &format!("/api/v1/applications/{reference}?token={token}"),
        &Who::anonymous(),
    )
    .await
    .json()
}

#[rocket::async_test]
async fn accepting_declining_and_the_waitlist_in_rank_order() {
    let app = TestApp::spawn().await;
    let org = app.organizer().await;
    let (id, lines) = drawn(&app, &org, 2, 5).await;
    let (a, b, c, d) = (&lines[0], &lines[1], &lines[2], &lines[3]);
    assert_eq!((a.2.as_str(), c.2.as_str()), ("offered", "waitlisted"));
    // The applicant sees their offer, its deadline, and their draw line.
    let s = status_of(&app, &a.0, &a.1).await;
    assert_eq!(s["status"], "offered");
    assert!(s["offer_expires_at"].is_string(), "{s}");
    assert_eq!(s["draw"]["rank"], 1);
    let page = app
        .get(
            &format!("/applications/{}?token={}", a.0, a.1),
            &Who::anonymous(),
        )
        .await;
    assert!(
        page.body.contains("accept-offer") && page.body.contains("decline-offer"),
        "{}",
        page.body
    );
    // Waitlist positions are current ranks: C is first in line, D second.
    assert_eq!(status_of(&app, &c.0, &c.1).await["waitlist_position"], 1);
    assert_eq!(status_of(&app, &d.0, &d.1).await["waitlist_position"], 2);

    let r = answer(&app, &a.0, &a.1, "accept").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "admitted");
    let again = answer(&app, &a.0, &a.1, "accept").await;
    assert_eq!(again.json()["error"], "no_offer");
    let waitlisted = answer(&app, &c.0, &c.1, "accept").await;
    assert_eq!(waitlisted.status, Status::Conflict);
    assert_eq!(waitlisted.json()["error"], "no_offer");
    let wrong = answer(&app, &b.0, "not-the-token", "decline").await;
    assert_eq!(wrong.status, Status::NotFound);

    // B declines: C, first on the waitlist, is offered the place and told.
    let offers_before = count_kind(&app, "promoted").await;
    let r = answer(&app, &b.0, &b.1, "decline").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(r.json()["status"], "declined");
    assert_eq!(status_of(&app, &c.0, &c.1).await["status"], "offered");
    assert_eq!(
        status_of(&app, &d.0, &d.1).await["waitlist_position"],
        1,
        "D moved up"
    );
    assert_eq!(count_kind(&app, "promoted").await, offers_before + 1);
    assert_eq!(held(&app, &org, id).await, (2, 2));

    // Past the deadline an answer is refused as expired.
    app.state().clock.advance(Duration::hours(49));
    let late = answer(&app, &c.0, &c.1, "accept").await;
    assert_eq!(late.status, Status::Conflict);
    assert_eq!(late.json()["error"], "offer_expired");
    // An organizer's rejection of an admitted participant frees the place too.
    let a_id = statuses(&app, &org, id)
        .await
        .iter()
        .find(|x| x["reference"] == json!(a.0))
        .and_then(|x| x["id"].as_i64())
        .expect("id");
    let r = decide(&app, &org, a_id, "reject").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    assert_eq!(status_of(&app, &d.0, &d.1).await["status"], "offered");
    assert_eq!(held(&app, &org, id).await, (2, 2));
}

#[rocket::async_test]
async fn the_background_loop_lapses_an_overdue_offer_offers_the_next_and_mails_both() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app =
        TestApp::spawn_with(move |f| f.merge(("smtp_url", url)).merge(("mail_sender", true))).await;
    let org = app.organizer().await;
    let (id, lines) = drawn(&app, &org, 1, 3).await;
    let (a, b) = (&lines[0], &lines[1]);
    // 1 receipt + 1 draw outcome per applicant.
    assert!(
        sink.wait_for(6, StdDuration::from_secs(20)).await,
        "receipts and draw outcomes"
    );
    let offered_mail = sink
        .received()
        .into_iter()
        .find(|m| m.subject().contains("抽签结果") && m.subject().contains("获得了名额"))
        .expect("the draw outcome mail to the one offered");
    assert!(
        offered_mail
            .part("text/plain")
            .unwrap_or_default()
            .contains("签号")
    );

    app.state()
        .clock
        .advance(Duration::hours(48) + Duration::minutes(1));
    let started = std::time::Instant::now();
    assert!(
        sink.wait_for(8, StdDuration::from_secs(30)).await,
        "lapse and new offer mailed"
    );
    println!(
        "FIGURES offer-expiry: lapsed_and_reoffered_mailed_within_s={:.1}",
        started.elapsed().as_secs_f64()
    );
    let subjects: Vec<String> = sink.received().iter().map(|m| m.subject()).collect();
    assert!(
        subjects.iter().any(|s| s.contains("名额确认已逾期")),
        "{subjects:?}"
    );
    assert!(
        subjects.iter().any(|s| s.contains("有名额等您确认")),
        "{subjects:?}"
    );
    let s = status_of(&app, &a.0, &a.1).await;
    assert_eq!(
        (s["status"].as_str(), s["decline_reason"].as_str()),
        (Some("declined"), Some("expired"))
    );
    assert_eq!(status_of(&app, &b.0, &b.1).await["status"], "offered");
    assert_eq!(held(&app, &org, id).await, (1, 1));
    assert_eq!(
        app.count("audit_log WHERE action = 'application.offer_expired'")
            .await,
        1
    );
}

#[rocket::async_test]
async fn fifty_concurrent_accepts_declines_and_withdrawals_never_exceed_capacity() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let org = app.organizer().await;
    let (id, lines) = drawn(&app, &org, 20, 60).await;
    let mut tasks = tokio::task::JoinSet::new();
    for (i, (reference, token, outcome)) in lines.iter().take(50).cloned().enumerate() {
        let app = app.clone();
        let what = match (outcome.as_str(), i % 3) {
            ("offered", 0) => "accept",
            ("offered", 1) => "decline",
            (_, 2) | ("waitlisted", _) => "withdraw",
            _ => "accept",
        };
        tasks.spawn(async move { (what, answer(&app, &reference, &token, what).await) });
    }
    let mut by_outcome: HashMap<String, usize> = HashMap::new();
    while let Some(done) = tasks.join_next().await {
        let (what, r) = done.expect("task");
        let key = match r.status.code {
            200 => format!("{what}:ok"),
            409 => format!("{what}:{}", r.json()["error"].as_str().unwrap_or("")),
            other => panic!("{what} answered {other}: {}", r.body),
        };
        *by_outcome.entry(key).or_default() += 1;
    }
    let (holding, counter) = held(&app, &org, id).await;
    println!(
        "FIGURES concurrent-offers: ops=50 outcomes={by_outcome:?} held={holding} counter={counter} capacity=20"
    );
    assert!(holding <= 20, "{holding} places held");
    assert_eq!(holding as i64, counter, "the counter matches the rows");
    let rows = statuses(&app, &org, id).await;
    let waiting = rows.iter().filter(|a| a["status"] == "waitlisted").count();
    // Every freed place was passed on while anyone was waiting.
    assert!(
        holding == 20 || waiting == 0,
        "held {holding}, waiting {waiting}"
    );
}

#[rocket::async_test]
async fn in_review_mode_the_waitlist_shows_current_ranks() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 1).await;
    let (a, a_ref, a_token) = apply(&app, class.cohort_id, &certified_applicant(1)).await;
    let (b, b_ref, b_token) = apply(&app, class.cohort_id, &certified_applicant(2)).await;
    let (c, c_ref, c_token) = apply(&app, class.cohort_id, &certified_applicant(3)).await;
    assert_eq!(
        decide(&app, &class.org, a, "admit").await.status,
        Status::Ok
    );
    decide(&app, &class.org, b, "waitlist").await;
    decide(&app, &class.org, c, "waitlist").await;
    assert_eq!(
        status_of(&app, &c_ref, &c_token).await["waitlist_position"],
        2
    );
    // B leaves the waitlist: C is now first in line, not "2".
    answer(&app, &b_ref, &b_token, "withdraw").await;
    assert_eq!(
        status_of(&app, &c_ref, &c_token).await["waitlist_position"],
        1
    );
    let page = app
        .get(
            &format!("/applications/{c_ref}?token={c_token}"),
            &Who::anonymous(),
        )
        .await;
    assert!(page.body.contains("候补位次：1"), "{}", page.body);
    // A withdraws: C is offered the place.
    answer(&app, &a_ref, &a_token, "withdraw").await;
    assert_eq!(status_of(&app, &c_ref, &c_token).await["status"], "offered");
}

#[rocket::async_test]
async fn the_demo_draw_cohort_is_over_subscribed_and_its_draw_keeps_the_quota() {
    let app = TestApp::spawn().await;
    let report = gongjiang::service::demo::load(app.state(), Utc::now())
        .await
        .expect("demo loads");
    let org = app.organizer().await;
    let id = report.draw_cohort_id;
    let rows = statuses(&app, &org, id).await;
    assert_eq!(rows.len(), 60, "the two ineligible attempts are not stored");
    assert_eq!(rows.iter().filter(|a| a["nominated"] == true).count(), 8);
    let review = statuses(&app, &org, report.review_cohort_id).await;
    assert_eq!(
        review
            .iter()
            .filter(|a| a["status"] == "waitlisted")
            .count(),
        3
    );
    assert_eq!(move_to(&app, &org, id, "closed").await.status, Status::Ok);
    let r = app
        .post_json(&format!("/api/v1/cohorts/{id}/draw"), &org, &json!({}))
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let employer_of: HashMap<String, String> = rows
        .iter()
        .map(|a| {
            (
                a["reference"].as_str().unwrap_or("").into(),
                a["employer"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let mut per: HashMap<&str, usize> = HashMap::new();
    let results = r.json()["results"].as_array().cloned().unwrap_or_default();
    for l in results.iter().filter(|l| l["outcome"] == "offered") {
        *per.entry(employer_of[l["reference"].as_str().unwrap_or("")].as_str())
            .or_default() += 1;
    }
    let offered: usize = per.values().sum();
    println!(
        "FIGURES demo-draw: entrants={} offered={offered} employers_offered={} max_per_employer={}",
        results.len(),
        per.len(),
        per.values().max().copied().unwrap_or(0)
    );
    assert_eq!(offered, 20);
    assert!(per.values().all(|n| *n <= 2));
}

#[rocket::async_test]
async fn refused_attempts_are_counted_by_reason_for_the_organizer_without_keeping_the_person() {
    let app = TestApp::spawn().await;
    let class = open_class(&app, 5).await;
    let before = app.count("applications").await;
    let two_years = (Utc::now() - Duration::days(730)).date_naive();
    for n in 0..3u32 {
        let r = app
            .post_json(
                &format!("/api/v1/cohorts/{}/applications", class.cohort_id),
                &Who::anonymous(),
                &experienced_applicant(n, two_years),
            )
            .await;
        assert_eq!(r.json()["error"], "ineligible", "{}", r.body);
    }
    assert_eq!(app.count("applications").await, before);
    let page = app
        .get(
            &format!("/cohorts/{}/selection", class.cohort_id),
            &class.org,
        )
        .await;
    assert!(page.body.contains("被拒次数：3"), "{}", page.body);
    assert!(page.body.contains("从业年限不够：3"), "{}", page.body);
    assert!(!page.body.contains("张焊工"));
}
