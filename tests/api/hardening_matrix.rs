//! The authorization matrix, generated from the mounted routes: every route ×
//! {anonymous, applicant with token, mentor of another cohort, mentor of this
//! cohort, organizer}. A route without a row in `POLICIES` fails the test, so
//! a new route must say who may use it.
use rocket::http::{ContentType, Method, Status};
use serde_json::json;

use crate::fixtures::*;
use crate::helpers::{Resp, TestApp, Who};

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Policy {
    /// Anyone, signed in or not.
    Public,
    /// Only the applicant holding the status token (others: 404 or a look-up form).
    Token,
    /// Any signed-in staff member.
    Staff,
    /// Organizers only.
    Organizer,
    /// Organizers and the mentors of the cohort concerned.
    CohortStaff,
    /// Only the mentors of the cohort concerned (not organizers).
    CohortMentor,
    /// Mentors only.
    Mentor,
}

use Policy::*;

/// Every mounted route and who may use it. Destructive routes come last in
/// the run (see `order`), so that earlier rows see the scenario intact.
pub const POLICIES: &[(&str, &str, Policy)] = &[
    ("GET", "/", Public),
    ("GET", "/health", Public),
    ("GET", "/ready", Public),
    ("GET", "/metrics", Public),
    ("GET", "/api/openapi.json", Public),
    ("GET", "/static/<file..>", Public),
    ("GET", "/lang/<code>?<next>", Public),
    ("GET", "/login?<next>", Public),
    ("POST", "/login", Public),
    ("POST", "/logout", Public),
    ("POST", "/api/v1/auth/login", Public),
    ("POST", "/api/v1/auth/logout", Public),
    ("GET", "/api/v1/auth/me", Staff),
    ("GET", "/dashboard", Staff),
    ("GET", "/api/v1/users", Organizer),
    ("POST", "/api/v1/users", Organizer),
    ("GET", "/api/v1/workshops", Public),
    ("GET", "/api/v1/workshops/<id>", Public),
    ("POST", "/api/v1/workshops", Organizer),
    ("PUT", "/api/v1/workshops/<id>", Organizer),
    ("POST", "/api/v1/workshops/<id>/cohorts", Organizer),
    ("GET", "/api/v1/cohorts?<status>", Public),
    ("GET", "/api/v1/cohorts/<id>", Public),
    ("PUT", "/api/v1/cohorts/<id>", Organizer),
    ("POST", "/api/v1/cohorts/<id>/transition", Organizer),
    ("POST", "/api/v1/cohorts/<id>/applications", Public),
    ("GET", "/api/v1/applications/<reference>?<token>", Token),
    ("POST", "/api/v1/applications/<reference>/withdraw", Public),
    (
        "GET",
        "/api/v1/cohorts/<id>/applications?<status>&<q>&<tier>&<nominated>&<sort>&<after>&<before>&<limit>",
        Organizer,
    ),
    ("POST", "/api/v1/applications/<id>/decision", Organizer),
    ("POST", "/api/v1/cohorts/<id>/decisions", Organizer),
    ("POST", "/api/v1/applications/<id>/reveal-id", Organizer),
    ("POST", "/api/v1/cohorts/<id>/draw", Organizer),
    ("GET", "/api/v1/cohorts/<id>/draw", Public),
    ("POST", "/api/v1/cohorts/<id>/nominations", Organizer),
    ("GET", "/api/v1/cohorts/<id>/nominations", Organizer),
    ("POST", "/api/v1/applications/<reference>/accept", Public),
    ("POST", "/api/v1/applications/<reference>/decline", Public),
    ("GET", "/cohorts/<id>/draw", Public),
    ("POST", "/cohorts/<id>/draw", Organizer),
    ("GET", "/cohorts/<id>/draw/<file>", Organizer),
    ("GET", "/cohorts/<id>/selection", Organizer),
    ("POST", "/cohorts/<id>/selection/nominations", Organizer),
    ("POST", "/applications/<reference>/accept", Public),
    ("POST", "/applications/<reference>/decline", Public),
    ("POST", "/api/v1/applications/recover", Public),
    ("GET", "/api/v1/applications/<id>", Organizer),
    ("POST", "/api/v1/applications/<id>/reveal-phone", Organizer),
    ("POST", "/api/v1/cohorts/<id>/mentors", Organizer),
    ("GET", "/api/v1/cohorts/<id>/mentors", CohortStaff),
    ("PUT", "/api/v1/cohorts/<id>/mentors/<user_id>", Organizer),
    (
        "DELETE",
        "/api/v1/cohorts/<id>/mentors/<user_id>",
        Organizer,
    ),
    ("POST", "/api/v1/cohorts/<id>/assignments/auto", Organizer),
    ("GET", "/api/v1/cohorts/<id>/assignments", CohortStaff),
    ("PUT", "/api/v1/participants/<id>/mentor", Organizer),
    ("POST", "/api/v1/cohorts/<id>/sessions", Organizer),
    ("GET", "/api/v1/cohorts/<id>/sessions", CohortStaff),
    ("PUT", "/api/v1/sessions/<id>", Organizer),
    ("POST", "/api/v1/sessions/<id>/cancel", Organizer),
    ("PUT", "/api/v1/sessions/<id>/attendance", CohortStaff),
    ("GET", "/api/v1/sessions/<id>/attendance", CohortStaff),
    ("GET", "/api/v1/sessions/<id>/checkin-code", CohortStaff),
    ("POST", "/api/v1/sessions/<id>/checkin", Public),
    ("GET", "/api/v1/cohorts/<id>/participants", CohortStaff),
    (
        "POST",
        "/api/v1/participants/<id>/assessments",
        CohortMentor,
    ),
    ("GET", "/api/v1/participants/<id>/assessments", CohortStaff),
    ("POST", "/api/v1/cohorts/<id>/certificates", Organizer),
    ("GET", "/api/v1/cohorts/<id>/certificates", Organizer),
    ("GET", "/api/v1/certificates/<code>", Public),
    ("POST", "/api/v1/certificates/<code>/revoke", Organizer),
    ("GET", "/.well-known/jwks.json", Public),
    (
        "GET",
        "/applications/<reference>/certificate.jwt?<token>",
        Token,
    ),
    ("POST", "/verify/<code>/revoke", Organizer),
    ("POST", "/api/v1/assessments/<id>/final", Organizer),
    ("GET", "/api/v1/cohorts/<id>/exports/<file>", Organizer),
    ("POST", "/api/v1/cohorts/<id>/notices", Organizer),
    ("GET", "/api/v1/cohorts/<id>/notices", Organizer),
    ("POST", "/api/v1/notices/<id>/resend", Organizer),
    ("GET", "/cohorts/<id>", Public),
    ("GET", "/cohorts/<id>/apply", Public),
    ("POST", "/cohorts/<id>/apply", Public),
    ("GET", "/applications?<reference>&<token>", Public),
    ("GET", "/applications/recover", Public),
    ("POST", "/applications/recover", Public),
    ("GET", "/password/forgot", Public),
    ("POST", "/password/forgot", Public),
    ("GET", "/password/reset/<token>", Public),
    ("POST", "/password/reset/<token>", Public),
    ("GET", "/account/devices", Staff),
    ("POST", "/account/devices/<id>/revoke", Staff),
    ("GET", "/applications/<reference>?<token>&<new>", Token),
    ("GET", "/applications/<reference>/withdraw?<token>", Token),
    ("POST", "/applications/<reference>/withdraw", Public),
    ("GET", "/verify?<code>", Public),
    ("GET", "/verify/<code>", Public),
    // A capability address: the token in the file name is the permission.
    ("GET", "/calendar/<file>", Public),
    ("GET", "/unsubscribe/<token>", Public),
    ("POST", "/unsubscribe/<token>", Public),
    ("GET", "/workshops/new", Organizer),
    ("POST", "/workshops/new", Organizer),
    ("GET", "/workshops/<id>/edit", Organizer),
    ("POST", "/workshops/<id>/edit", Organizer),
    ("GET", "/workshops/<id>/cohorts/new", Organizer),
    ("POST", "/workshops/<id>/cohorts/new", Organizer),
    ("GET", "/cohorts/<id>/edit", Organizer),
    ("POST", "/cohorts/<id>/edit", Organizer),
    (
        "GET",
        "/cohorts/<id>/manage?<status>&<q>&<tier>&<nominated>&<sort>&<after>&<before>",
        Organizer,
    ),
    (
        "GET",
        "/api/v1/cohorts/<id>/applications/counts?<status>&<q>&<tier>&<nominated>",
        Organizer,
    ),
    ("POST", "/cohorts/<id>/manage/decisions", Organizer),
    ("POST", "/cohorts/<id>/manage/reveal/<app_id>", Organizer),
    ("POST", "/cohorts/<id>/manage/transition", Organizer),
    (
        "GET",
        "/cohorts/<id>/outbox?<queued>&<kind>&<status>",
        Organizer,
    ),
    ("GET", "/notices/<id>/preview", Organizer),
    ("POST", "/cohorts/<id>/outbox", Organizer),
    ("POST", "/notices/<id>/resend", Organizer),
    ("GET", "/cohorts/<id>/mentoring", Organizer),
    ("POST", "/cohorts/<id>/mentoring/mentors", Organizer),
    (
        "POST",
        "/cohorts/<id>/mentoring/mentors/<user_id>/remove",
        Organizer,
    ),
    ("POST", "/cohorts/<id>/mentoring/pair", Organizer),
    ("POST", "/cohorts/<id>/mentoring/sessions", Organizer),
    ("POST", "/cohorts/<id>/mentoring/certificates", Organizer),
    ("POST", "/sessions/<id>/cancel", Organizer),
    ("POST", "/participants/<id>/mentor", Organizer),
    ("GET", "/cohorts/<id>/reports", Organizer),
    ("POST", "/cohorts/<id>/reports/<file>", Organizer),
    ("GET", "/cohorts/<id>/applications/<app_id>", Organizer),
    (
        "POST",
        "/cohorts/<id>/applications/<app_id>/decision",
        Organizer,
    ),
    (
        "POST",
        "/cohorts/<id>/applications/<app_id>/reveal-phone",
        Organizer,
    ),
    (
        "POST",
        "/cohorts/<id>/applications/<app_id>/reveal-id",
        Organizer,
    ),
    (
        "GET",
        "/cohorts/<id>/mentoring/mentors/<user_id>/edit",
        Organizer,
    ),
    (
        "POST",
        "/cohorts/<id>/mentoring/mentors/<user_id>/edit",
        Organizer,
    ),
    ("GET", "/sessions/<id>/edit", Organizer),
    ("POST", "/sessions/<id>/edit", Organizer),
    ("GET", "/cohorts/<id>/certificates/print", Organizer),
    ("GET", "/mentor", Mentor),
    ("GET", "/sessions/<id>/attendance", CohortStaff),
    ("POST", "/sessions/<id>/attendance", CohortStaff),
    ("GET", "/sessions/<id>/checkin-qr", CohortStaff),
    ("GET", "/sessions/<id>/checkin?<code>", Public),
    ("POST", "/sessions/<id>/checkin", Public),
    ("GET", "/participants/<id>/assessment", CohortStaff),
    ("POST", "/participants/<id>/assessment", CohortMentor),
    ("POST", "/api/v1/participants/<id>/guidance", CohortMentor),
    ("GET", "/api/v1/participants/<id>/guidance", CohortStaff),
    ("POST", "/api/v1/guidance/<id>/photos", CohortMentor),
    (
        "GET",
        "/api/v1/applications/<reference>/guidance?<token>",
        Token,
    ),
    ("GET", "/guidance/photos/<id>", CohortStaff),
    (
        "GET",
        "/applications/<reference>/guidance/photos/<id>?<token>",
        Token,
    ),
    ("GET", "/participants/<id>/guidance", CohortStaff),
    ("POST", "/participants/<id>/guidance", CohortMentor),
    ("GET", "/cohorts/<id>/mentoring/guidance", Organizer),
    ("GET", "/cohorts/<id>/participants/<app_id>/file", Organizer),
    ("GET", "/cohorts/<id>/archive.zip", Organizer),
];

pub fn policy_of(method: &str, uri: &str) -> Option<Policy> {
    POLICIES
        .iter()
        .find(|(m, u, _)| *m == method && *u == uri)
        .map(|(_, _, p)| *p)
}

/// The data the matrix runs against: one approved cohort with two paired
/// participants, a pending applicant, a session, and a mentor in another cohort.
pub struct Scenario {
    pub org: Who,
    pub mentor_this: Who,
    pub mentor_other: Who,
    pub mentor_this_id: i64,
    pub workshop: i64,
    pub cohort: i64,
    pub participant: i64,
    pub pending: i64,
    pub reference: String,
    pub token: String,
    pub session: i64,
    pub notice: i64,
    pub guidance: i64,
    pub photo: i64,
}

pub async fn scenario(app: &TestApp) -> Scenario {
    let class = open_class(app, 10).await;
    let org = class.org.clone();
    let mentor_this = app.mentor("ding@example.com", "丁卫松").await;
    let mentor_other = app.mentor("zhu@example.com", "朱致挺").await;
    let me = app.get("/api/v1/auth/me", &mentor_this).await.json();
    let mentor_this_id = me["id"].as_i64().expect("mentor id");
    let (p1, _, _) = apply(app, class.cohort_id, &certified_applicant(1)).await;
    let (p2, _, _) = apply(app, class.cohort_id, &certified_applicant(2)).await;
    let (pending, reference, token) = apply(app, class.cohort_id, &certified_applicant(3)).await;
    decide(app, &org, p1, "admit").await;
    decide(app, &org, p2, "admit").await;
    let add = |email: &str| json!({"email": email, "capacity": 5, "processes": ["SMAW"], "employer": "绍兴焊接实训基地"});
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/mentors", class.cohort_id),
            &org,
            &add("ding@example.com"),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let other = open_class_as(app, &org, 5).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/mentors", other.cohort_id),
            &org,
            &add("zhu@example.com"),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let t = format!("/api/v1/cohorts/{}/transition", class.cohort_id);
    app.post_json(&t, &org, &json!({"to": "closed"})).await;
    app.post_json(&t, &org, &json!({"to": "approved"})).await;
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/assignments/auto", class.cohort_id),
            &org,
            &json!({}),
        )
        .await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    let starts = chrono::Utc::now() + chrono::Duration::days(20);
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{}/sessions", class.cohort_id),
            &org,
            &json!({"title": "实操:板对接", "kind": "practical", "starts_at": starts.to_rfc3339(),
                    "ends_at": (starts + chrono::Duration::hours(3)).to_rfc3339(), "venue": "实训车间"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let session = r.json()["id"].as_i64().expect("session id");
    let r = app
        .post_json(
            &format!("/api/v1/participants/{p1}/guidance"),
            &mentor_this,
            &json!({"note": "立焊向上"}),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let guidance = r.json()["id"].as_i64().expect("guidance id");
    let body = crate::floor_guidance::multipart(
        &[],
        &[("file", "a.jpg", &crate::floor_guidance::photo_with_gps())],
    );
    let path = format!("/api/v1/guidance/{guidance}/photos");
    let r = crate::floor_guidance::post_multipart(app, &path, &mentor_this, body).await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    let photo = r.json()["id"].as_i64().expect("photo id");
    let notices = app
        .get(
            &format!("/api/v1/cohorts/{}/notices", class.cohort_id),
            &org,
        )
        .await
        .json();
    let notice = notices[0]["id"].as_i64().expect("a notice");
    Scenario {
        org,
        mentor_this,
        mentor_other,
        mentor_this_id,
        workshop: class.workshop_id,
        cohort: class.cohort_id,
        participant: p1,
        pending,
        reference,
        token,
        session,
        notice,
        guidance,
        photo,
    }
}

/// Fills a route pattern with the scenario's ids; `with_token` adds the
/// applicant's token where the route takes one.
pub fn fill(uri: &str, s: &Scenario, with_token: bool) -> String {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let id = if path.starts_with("/api/v1/workshops/") || path.starts_with("/workshops/") {
        s.workshop
    } else if path.starts_with("/api/v1/applications/") {
        s.pending
    } else if path.starts_with("/api/v1/sessions/") || path.starts_with("/sessions/") {
        s.session
    } else if path.starts_with("/api/v1/participants/") || path.starts_with("/participants/") {
        s.participant
    } else if path.starts_with("/api/v1/notices/") || path.starts_with("/notices/") {
        s.notice
    } else if path.starts_with("/api/v1/guidance/") {
        s.guidance
    } else if path.starts_with("/guidance/photos/") || path.contains("/guidance/photos/") {
        s.photo
    } else {
        s.cohort
    };
    let mut out = path
        .replace("<id>", &id.to_string())
        .replace("<user_id>", &s.mentor_this_id.to_string())
        .replace("<app_id>", &s.pending.to_string())
        .replace("<reference>", &s.reference)
        .replace(
            "<code>",
            if path.starts_with("/lang") {
                "en"
            } else {
                "ABCDEFGHJKMN"
            },
        )
        .replace("<file>", "roster.xlsx")
        .replace("<file..>", "app.css");
    if with_token && query.contains("<token>") {
        out.push_str(&format!("?token={}", s.token));
    }
    out
}

/// Destructive rows go last: removing the mentor, signing out.
pub fn order(method: &str, uri: &str) -> u8 {
    match (method, uri) {
        (_, u) if u.contains("logout") => 9,
        ("DELETE", _) => 8,
        (_, u) if u.contains("/remove") => 8,
        ("GET", _) => 0,
        _ => 5,
    }
}

/// The identities with a CSRF token each, so form posts reach their guards.
async fn with_csrf(app: &TestApp, who: &Who) -> (Who, String) {
    let (token, who) = app.csrf_for("/login", who).await;
    (who, token)
}

fn denied(r: &Resp, api: bool) -> bool {
    if api {
        r.status == Status::Unauthorized || r.status == Status::Forbidden
    } else {
        r.status == Status::Forbidden
            || r.status == Status::Unauthorized
            || (r.status == Status::SeeOther
                && r.header("Location")
                    .is_some_and(|l| l.starts_with("/login")))
    }
}

async fn send(app: &TestApp, method: &str, path: &str, who: &Who, csrf: &str) -> Resp {
    let api = path.starts_with("/api/");
    match method {
        "GET" => app.get(path, who).await,
        "DELETE" => app.request(Method::Delete, path, who, None).await,
        m => {
            let method = if m == "PUT" {
                Method::Put
            } else {
                Method::Post
            };
            // An empty JSON object: auth is decided before the body is read,
            // and an authorized caller gets a 422 that changes nothing.
            let body = if api {
                (ContentType::JSON, "{}".to_string())
            } else {
                (ContentType::Form, format!("csrf={csrf}"))
            };
            app.request(method, path, who, Some(body)).await
        }
    }
}

#[rocket::async_test]
async fn every_route_answers_each_role_as_its_policy_says() {
    let app = TestApp::spawn().await;
    let s = scenario(&app).await;
    let mut routes: Vec<(String, String)> = app
        .client
        .rocket()
        .routes()
        .map(|r| (r.method.as_str().to_string(), r.uri.to_string()))
        .collect();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, u)| policy_of(m, u).is_none())
        .map(|(m, u)| format!("(\"{m}\", \"{u}\", ?)"))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a policy row:\n{}",
        missing.join("\n")
    );
    routes.sort_by_key(|(m, u)| order(m, u));

    let (anon, anon_csrf) = with_csrf(&app, &Who::anonymous()).await;
    let (other, other_csrf) = with_csrf(&app, &s.mentor_other).await;
    let (this, this_csrf) = with_csrf(&app, &s.mentor_this).await;
    let (org, org_csrf) = with_csrf(&app, &s.org).await;
    let mut checked = 0;
    let mut failures = vec![];
    for (method, uri) in &routes {
        let policy = policy_of(method, uri).unwrap_or(Public);
        let api = uri.starts_with("/api/");
        let plain = fill(uri, &s, false);
        let tokened = fill(uri, &s, true);
        // (role, identity, csrf, path, expected: true = allowed)
        let cases = [
            (
                "anonymous",
                &anon,
                &anon_csrf,
                &plain,
                matches!(policy, Public),
            ),
            (
                "applicant",
                &anon,
                &anon_csrf,
                &tokened,
                matches!(policy, Public | Token),
            ),
            (
                "mentor of another cohort",
                &other,
                &other_csrf,
                &plain,
                matches!(policy, Public | Staff | Mentor),
            ),
            (
                "mentor of this cohort",
                &this,
                &this_csrf,
                &plain,
                matches!(policy, Public | Staff | Mentor | CohortStaff | CohortMentor),
            ),
            (
                "organizer",
                &org,
                &org_csrf,
                &plain,
                matches!(policy, Public | Staff | Organizer | CohortStaff),
            ),
        ];
        for (role, who, csrf, path, allowed) in cases {
            if policy == Token && role != "applicant" {
                // Without the token the applicant's data must not show.
                let r = send(&app, method, path, who, csrf).await;
                let leaks = r.status == Status::Ok && r.body.contains("张焊工");
                if leaks || r.status.code >= 500 {
                    failures.push(format!(
                        "{method} {path} as {role}: {} (without the token)",
                        r.status
                    ));
                }
                checked += 1;
                continue;
            }
            let r = send(&app, method, path, who, csrf).await;
            checked += 1;
            let is_denied = denied(&r, api);
            if r.status.code >= 500 || is_denied == allowed {
                failures.push(format!(
                    "{method} {path} as {role}: got {} ({policy:?}) {}",
                    r.status,
                    &r.body.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    eprintln!(
        "authorization matrix: {} routes × 5 roles = {checked} requests checked",
        routes.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
