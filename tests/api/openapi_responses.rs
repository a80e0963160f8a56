//! The document describes what the API answers: every JSON success states a
//! schema, every schema a `$ref` names is in the components, and the bodies
//! real calls return have exactly the documented properties, so the document
//! cannot drift from the code.
use rocket::http::Status;
use serde_json::{Value, json};

use crate::fixtures::{apply, certified_applicant, open_class};
use crate::helpers::{Resp, TestApp, Who};
use crate::selection::{draft_draw_class, move_to};

/// Successes that are not JSON bodies: (method, path) and what they are.
const NOT_JSON: &[(&str, &str, &str)] = &[
    ("get", "/calendar/{file}", "an iCalendar feed"),
    ("get", "/unsubscribe/{token}", "an HTML page"),
    ("post", "/unsubscribe/{token}", "an HTML page"),
    (
        "get",
        "/api/v1/cohorts/{id}/exports/{file}",
        "a spreadsheet",
    ),
    (
        "get",
        "/applications/{reference}/certificate.jwt",
        "a compact JWS",
    ),
];

async fn document(app: &TestApp) -> Value {
    let r = app.get("/api/openapi.json", &Who::anonymous()).await;
    assert_eq!(r.status, Status::Ok);
    r.json()
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Every `$ref` anywhere in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

/// The schema a `$ref` names (followed until it is not a reference).
fn resolve<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r
                .strip_prefix("#/components/schemas/")
                .unwrap_or_else(|| panic!("a reference outside the components: {r}"));
            let target = &doc["components"]["schemas"][name];
            assert!(target.is_object(), "{r} is not in the components");
            resolve(doc, target)
        }
        None => s,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `allOf` (what `#[serde(flatten)]` makes) as one object schema.
fn merged(doc: &Value, s: &Value) -> Value {
    let mut properties = serde_json::Map::new();
    let mut required = vec![];
    let mut add = |p: &Value| {
        if let Some(props) = p["properties"].as_object() {
            properties.extend(props.clone());
        }
        if let Some(req) = p["required"].as_array() {
            required.extend(req.iter().cloned());
        }
    };
    for part in s["allOf"].as_array().into_iter().flatten() {
        let part = resolve(doc, part);
        if part.get("allOf").is_some() {
            add(&merged(doc, part));
        } else {
            add(part);
        }
    }
    add(s);
    json!({"type": "object", "properties": properties, "required": required})
}

/// What in `value` the schema does not describe, or misses, each at its path.
fn check(doc: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let s = resolve(doc, schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = s[key].as_array() {
            let mut why = vec![];
            for a in alternatives {
                let mut e = vec![];
                check(doc, a, value, path, &mut e);
                if e.is_empty() {
                    return;
                }
                why.push(e.join("; "));
            }
            errors.push(format!(
                "{path}: matches none of {key}: {}",
                why.join(" | ")
            ));
            return;
        }
    }
    let merged_schema;
    let s = if s.get("allOf").is_some() {
        merged_schema = merged(doc, s);
        &merged_schema
    } else {
        s
    };
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let k = kind(value);
    let allowed = types.contains(&k) || (k == "integer" && types.contains(&"number"));
    if !types.is_empty() && !allowed {
        errors.push(format!("{path}: a {k} where the document says {types:?}"));
        return;
    }
    match value {
        Value::Object(map) => {
            let props = s["properties"].as_object();
            let extra = &s["additionalProperties"];
            for (key, v) in map {
                let at = format!("{path}.{key}");
                match props.and_then(|p| p.get(key)) {
                    Some(p) => check(doc, p, v, &at, errors),
                    None if extra.is_object() => check(doc, extra, v, &at, errors),
                    // A schema stating no properties (`Object`) takes any.
                    None if props.is_none() || *extra == json!(true) => {}
                    None => errors.push(format!("{at}: not in the document")),
                }
            }
            for r in s["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap_or_default();
                if !map.contains_key(r) {
                    errors.push(format!("{path}.{r}: required but absent"));
                }
            }
        }
        Value::Array(items) => {
            if let Some(each) = s.get("items") {
                for (i, v) in items.iter().enumerate() {
                    check(doc, each, v, &format!("{path}[{i}]"), errors);
                }
            }
        }
        _ => {}
    }
}

/// Asserts the body of `r` is what the document says `method path` answers
/// with its status.
fn conforms(doc: &Value, method: &str, path: &str, r: &Resp) {
    let code = r.status.code.to_string();
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not in the document");
    let schema = &op["responses"][&code]["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} answered {code}, which the document gives no JSON schema: {}",
        r.body
    );
    let mut errors = vec![];
    check(doc, schema, &r.json(), "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{method} {path} ({code}) differs from its schema:\n  {}\nbody: {}",
        errors.join("\n  "),
        r.body
    );
}

#[rocket::async_test]
async fn every_json_success_has_a_schema_and_every_reference_resolves() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let mut missing = vec![];
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            let Some(op) = item.get(*method) else {
                continue;
            };
            let not_json = NOT_JSON.iter().any(|(m, p, _)| m == method && p == path);
            for (code, response) in op["responses"].as_object().expect("responses") {
                if !code.starts_with('2') {
                    continue;
                }
                let content = response["content"].as_object();
                let json_schema = content
                    .and_then(|c| c.get("application/json"))
                    .map(|j| j["schema"].is_object());
                match (json_schema, not_json) {
                    (Some(true), _) => {}
                    (Some(false), _) => {
                        missing.push(format!("{method} {path} {code}: JSON without a schema"))
                    }
                    (None, true) => {}
                    (None, false) => {
                        missing.push(format!("{method} {path} {code}: no JSON body stated"))
                    }
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undescribed successes:\n{}",
        missing.join("\n")
    );
    for (_, p, what) in NOT_JSON {
        assert!(
            doc["paths"][*p].is_object(),
            "{p} ({what}) is in the document"
        );
    }

    let mut all = vec![];
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let dangling: Vec<&String> = all
        .iter()
        .filter(|r| {
            r.strip_prefix("#/components/schemas/")
                .is_none_or(|name| !schemas.contains_key(name))
        })
        .collect();
    assert!(dangling.is_empty(), "references to no schema: {dangling:?}");
}

/// A draw cohort with `n` applicants, closed and ready to draw.
async fn closed_draw_class(app: &TestApp, org: &Who, n: u32) -> i64 {
    let id = draft_draw_class(app, org, 1, Some(1)).await;
    let r = move_to(app, org, id, "open").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    for k in 0..n {
        apply(app, id, &certified_applicant(100 + k)).await;
    }
    let r = move_to(app, org, id, "closed").await;
    assert_eq!(r.status, Status::Ok, "{}", r.body);
    id
}

#[rocket::async_test]
async fn real_bodies_have_exactly_the_documented_properties() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let anyone = Who::anonymous();
    let class = open_class(&app, 1).await;
    let org = &class.org;
    let (c, w) = (class.cohort_id, class.workshop_id);

    for (path, r) in [
        ("/health", app.get("/health", &anyone).await),
        ("/ready", app.get("/ready", &anyone).await),
        ("/api/v1/auth/me", app.get("/api/v1/auth/me", org).await),
        ("/api/v1/workshops", app.get("/api/v1/workshops", org).await),
        (
            "/api/v1/workshops/{id}",
            app.get(&format!("/api/v1/workshops/{w}"), org).await,
        ),
        ("/api/v1/cohorts", app.get("/api/v1/cohorts", &anyone).await),
        (
            "/api/v1/cohorts/{id}",
            app.get(&format!("/api/v1/cohorts/{c}"), &anyone).await,
        ),
    ] {
        conforms(&doc, "get", path, &r);
    }

    // Apply, follow, and be decided on, one by one and in bulk.
    let r = app
        .post_json(
            &format!("/api/v1/cohorts/{c}/applications"),
            &anyone,
            &certified_applicant(1),
        )
        .await;
    assert_eq!(r.status, Status::Created, "{}", r.body);
    conforms(&doc, "post", "/api/v1/cohorts/{id}/applications", &r);
    let applied = r.json();
    let (first, reference) = (
        applied["id"].as_i64().expect("id"),
        applied["reference"]
            .as_str()
            .expect("reference")
            .to_string(),
    );
    let token = applied["status_token"].as_str().expect("token").to_string();
    let (second, ..) = apply(&app, c, &certified_applicant(2)).await;
    let (third, ..) = apply(&app, c, &certified_applicant(3)).await;
    let status = app
        .get(
            &format!("/api/v1/applications/{reference}?token={token}"),
            &anyone,
        )
        .await;
    conforms(&doc, "get", "/api/v1/applications/{reference}", &status);
    for (path, r) in [
        (
            "/api/v1/cohorts/{id}/applications",
            app.get(&format!("/api/v1/cohorts/{c}/applications"), org)
                .await,
        ),
        (
            "/api/v1/cohorts/{id}/applications/counts",
            app.get(&format!("/api/v1/cohorts/{c}/applications/counts"), org)
                .await,
        ),
    ] {
        conforms(&doc, "get", path, &r);
    }
    let r = crate::fixtures::decide(&app, org, first, "admit").await;
    conforms(&doc, "post", "/api/v1/applications/{id}/decision", &r);
    let bulk = format!("/api/v1/cohorts/{c}/decisions");
    let preview = app
        .post_json(
            &bulk,
            org,
            &json!({"application_ids": [second, third], "decision": "admit", "preview": true}),
        )
        .await;
    assert_eq!(preview.json()["preview"], true, "{}", preview.body);
    conforms(&doc, "post", "/api/v1/cohorts/{id}/decisions", &preview);
    // One succeeds, one fails (not of this cohort): both line shapes.
    let done = app
        .post_json(
            &bulk,
            org,
            &json!({"application_ids": [second, 999_999], "decision": "waitlist"}),
        )
        .await;
    let lines = done.json()["results"].clone();
    assert_eq!(lines[0]["ok"], true, "{}", done.body);
    assert_eq!(lines[1]["ok"], false, "{}", done.body);
    conforms(&doc, "post", "/api/v1/cohorts/{id}/decisions", &done);
    conforms(
        &doc,
        "get",
        "/api/v1/applications/{id}",
        &app.get(&format!("/api/v1/applications/{first}"), org).await,
    );
    conforms(
        &doc,
        "post",
        "/api/v1/applications/{id}/reveal-id",
        &app.post_json(
            &format!("/api/v1/applications/{first}/reveal-id"),
            org,
            &json!({}),
        )
        .await,
    );

    // The draw: run by the organizer, read by anyone.
    let d = closed_draw_class(&app, org, 3).await;
    let nominations = format!("/api/v1/cohorts/{d}/nominations");
    let ran = app
        .post_json(&format!("/api/v1/cohorts/{d}/draw"), org, &json!({}))
        .await;
    assert_eq!(ran.status, Status::Ok, "{}", ran.body);
    conforms(&doc, "post", "/api/v1/cohorts/{id}/draw", &ran);
    let result = app.get(&format!("/api/v1/cohorts/{d}/draw"), &anyone).await;
    assert_eq!(result.json()["results"].as_array().map(Vec::len), Some(3));
    conforms(&doc, "get", "/api/v1/cohorts/{id}/draw", &result);
    conforms(
        &doc,
        "get",
        "/api/v1/cohorts/{id}",
        &app.get(&format!("/api/v1/cohorts/{d}"), &anyone).await,
    );
    conforms(
        &doc,
        "get",
        "/api/v1/cohorts/{id}/nominations",
        &app.get(&nominations, org).await,
    );
    let issued = app
        .post_json(
            &format!("/api/v1/cohorts/{c}/nominations"),
            org,
            &json!({"employer": "甲厂", "seats": 2}),
        )
        .await;
    conforms(&doc, "post", "/api/v1/cohorts/{id}/nominations", &issued);
    conforms(
        &doc,
        "get",
        "/api/v1/cohorts/{id}/nominations",
        &app.get(&format!("/api/v1/cohorts/{c}/nominations"), org)
            .await,
    );
    // The check itself sees drift: a key the document does not name, a
    // required one missing, a value of another type, deep in the body.
    let cohort = app
        .get(&format!("/api/v1/cohorts/{d}"), &anyone)
        .await
        .json();
    let schema = &doc["paths"]["/api/v1/cohorts/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    let drifted = |change: &dyn Fn(&mut Value)| {
        let mut body = cohort.clone();
        change(&mut body);
        let mut errors = vec![];
        check(&doc, schema, &body, "$", &mut errors);
        errors
    };
    assert!(drifted(&|_| {}).is_empty());
    type Change<'a> = &'a dyn Fn(&mut Value);
    let cases: [(&str, Change); 4] = [
        ("$.surprise", &|b| b["surprise"] = json!(1)),
        ("$.mentors", &|b| {
            b.as_object_mut().map(|m| m.remove("mentors"));
        }),
        ("$.selection.text.zh", &|b| {
            b["selection"]["text"]["zh"] = json!(7)
        }),
        ("$.draw.extra", &|b| b["draw"]["extra"] = json!(true)),
    ];
    for (at, change) in cases {
        let errors = drifted(change);
        assert!(
            errors.iter().any(|e| e.contains(at)),
            "{at} not caught: {errors:?}"
        );
    }

    conforms(
        &doc,
        "post",
        "/api/v1/auth/logout",
        &app.post_json("/api/v1/auth/logout", org, &json!({})).await,
    );
}
