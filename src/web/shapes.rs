//! The shape of every JSON request body, in one place for both sides.
//!
//! The server side: each request type derives `validator::Validate`; the body
//! guard (`web::body`) runs it after parsing and answers 422 through
//! `body::field_errors`, one entry per field, named by its JSON path
//! (`records[0].note`), worded by `locales/*/validation.ftl`. The domain rules
//! (names, IDs, dates, state) stay in the service, which reports every bad
//! field at once with its own code.
//!
//! The document side: [`RULES`] states each field's limits (the consts of the
//! domain, the service and the validator attributes) in `/api/openapi.json`,
//! whichever layer enforces them, and [`apply`] adds the patterns the body
//! guard enforces on every string (no control characters, `web::input`), so a
//! client generated from the document sends what the server accepts.
use serde_json::{Map, Value, json};
use validator::ValidationErrors;

/// At most this many characters in a search text of a filter.
pub const SEARCH_MAX: usize = 100;
use crate::domain::identity::EMAIL_MAX;
use crate::service::mentoring::attendance::MAX_RECORDS;
/// At most this many ticked applications in one bulk decision.
pub const BULK_IDS_MAX: usize = 1000;

/// A field's limits as the document states them.
pub enum Shape {
    /// Characters after trimming (the service trims); `multiline` keeps tab
    /// and line breaks.
    Text {
        min: usize,
        max: usize,
        multiline: bool,
    },
    /// A string matching a pattern (full match).
    Pattern(&'static str),
    /// An email address of at most [`EMAIL_MAX`] characters.
    Email,
    /// One of these words.
    OneOf(fn() -> Vec<&'static str>),
    Int {
        min: i64,
        max: i64,
    },
    /// A number above 0 up to `max`, in steps of `step`.
    Positive {
        max: f64,
        step: f64,
    },
    /// A list of `min..=max` items, each of the given shape.
    Items {
        min: usize,
        max: usize,
        each: Option<&'static Shape>,
    },
    /// A whole schema, for a domain type the document otherwise calls `Object`.
    Schema(fn() -> Value),
}

use Shape::*;

const fn text(min: usize, max: usize) -> Shape {
    Text {
        min,
        max,
        multiline: false,
    }
}

const fn lines(min: usize, max: usize) -> Shape {
    Text {
        min,
        max,
        multiline: true,
    }
}

fn processes() -> Vec<&'static str> {
    crate::domain::qualification::WeldingProcess::ALL
        .iter()
        .map(|p| p.code())
        .collect()
}

fn session_kinds() -> Vec<&'static str> {
    crate::domain::session::SessionKind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect()
}

fn attendance_statuses() -> Vec<&'static str> {
    crate::domain::attendance::AttendanceStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn cohort_statuses() -> Vec<&'static str> {
    crate::domain::cohort::CohortStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn application_statuses() -> Vec<&'static str> {
    crate::domain::cohort::ApplicationStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .collect()
}

fn decisions() -> Vec<&'static str> {
    vec!["admit", "waitlist", "reject"]
}

fn roles() -> Vec<&'static str> {
    vec!["organizer", "mentor"]
}

fn selection_modes() -> Vec<&'static str> {
    vec!["review", "draw"]
}

fn locales() -> Vec<&'static str> {
    crate::i18n::Locale::ALL.iter().map(|l| l.code()).collect()
}

fn positions() -> Vec<&'static str> {
    crate::domain::guidance::Position::ALL
        .iter()
        .map(|p| p.iso())
        .collect()
}

fn coupon_results() -> Vec<&'static str> {
    crate::domain::guidance::CouponResult::ALL
        .iter()
        .map(|r| r.as_str())
        .collect()
}

fn defects() -> Vec<&'static str> {
    crate::domain::guidance::Defect::ALL
        .iter()
        .map(|d| d.code())
        .collect()
}

fn tiers() -> Vec<&'static str> {
    vec!["1", "2"]
}

fn yes_no() -> Vec<&'static str> {
    vec!["yes", "no"]
}

static PROCESS: Shape = OneOf(processes);
static DEFECT: Shape = OneOf(defects);
static ID: Shape = Int {
    min: 1,
    max: i64::MAX,
};

const TRADE: &str = "^[a-z][a-z_]{1,31}$";
const EMAIL: &str =
    "^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(\\.[A-Za-z0-9-]{1,63})*\\.[A-Za-z]{2,24}$";
const NATIONAL_ID: &str = "^[0-9]{17}[0-9X]$";
const PHONE: &str = "^1[3-9][0-9]{9}$";

fn closed(required: &[&str], properties: Value) -> Value {
    json!({"type": "object", "additionalProperties": false,
           "required": required, "properties": properties})
}

/// `EntryRules` (`domain::eligibility`): any of 1–10 alternatives, each all of 1–10 conditions.
fn entry_rules() -> Value {
    use crate::domain::eligibility::{MAX_ALTERNATIVES, MAX_CONDITIONS, MAX_YEARS};
    let trade = json!({"type": "string", "pattern": TRADE});
    let certificate = closed(
        &["certificate"],
        json!({"certificate": closed(&["trade", "min_level"], json!({
            "trade": trade, "min_level": {"type": "integer", "minimum": 1, "maximum": 5}}))}),
    );
    let experience = closed(
        &["experience"],
        json!({"experience": closed(&["trade", "min_years"], json!({
            "trade": trade, "min_years": {"type": "integer", "minimum": 0, "maximum": MAX_YEARS}}))}),
    );
    let alternative = closed(
        &["all_of"],
        json!({"all_of": {"type": "array", "minItems": 1, "maxItems": MAX_CONDITIONS,
                          "items": {"oneOf": [certificate, experience]}}}),
    );
    closed(
        &["any_of"],
        json!({"any_of": {"type": "array", "minItems": 1, "maxItems": MAX_ALTERNATIVES,
                          "items": alternative}}),
    )
}

/// `Rubric` (`domain::assessment`): 1–20 criteria with unique keys; the pass
/// mark is at most the sum of their maxima.
fn rubric() -> Value {
    use crate::domain::assessment::{MAX_CRITERIA, MAX_POINTS};
    let criterion = closed(
        &["key", "name", "max_points"],
        json!({
            "key": {"type": "string", "pattern": "^[a-z0-9_]{1,32}$"},
            "name": {"type": "string", "minLength": 1, "maxLength": 40, "pattern": LINE_TRIMMED},
            "max_points": {"type": "integer", "minimum": 1, "maximum": MAX_POINTS},
        }),
    );
    closed(
        &["criteria", "pass_mark"],
        json!({
            "criteria": {"type": "array", "minItems": 1, "maxItems": MAX_CRITERIA,
                         "uniqueItems": true, "items": criterion},
            "pass_mark": {"type": "integer", "minimum": 1,
                          "maximum": MAX_POINTS as usize * MAX_CRITERIA},
        }),
    )
}

/// `CompletionRule`: the attendance rate needed, 0–1 (default 0.8).
fn completion() -> Value {
    json!({"type": ["object", "null"], "additionalProperties": false, "properties": {
        "min_attendance_rate": {"type": "number", "minimum": 0, "maximum": 1}}})
}

/// A certificate level: 1–5 as printed, or a word.
fn level() -> Value {
    json!({"oneOf": [{"type": "integer", "minimum": 1, "maximum": 5},
                     {"type": "string", "enum": ["principal", "chief"]}]})
}

/// Points per criterion key of the cohort's rubric: whole points from 0 to
/// the criterion's maximum.
fn scores() -> Value {
    use crate::domain::assessment::{MAX_CRITERIA, MAX_POINTS};
    json!({"type": "object", "maxProperties": MAX_CRITERIA,
           "propertyNames": {"pattern": "^[a-z0-9_]{1,32}$"},
           "additionalProperties": {"type": "integer", "minimum": 0, "maximum": MAX_POINTS}})
}

/// An optional calendar day, `YYYY-MM-DD`.
fn day() -> Value {
    json!({"type": ["string", "null"], "format": "date"})
}

/// Each request field's limits: (schema, property, shape).
pub static RULES: &[(&str, &str, Shape)] = &[
    ("LoginRequest", "email", text(1, EMAIL_MAX)),
    ("LoginRequest", "password", text(1, 200)),
    ("NewUser", "role", OneOf(roles)),
    ("NewUser", "email", Email),
    ("NewUser", "name", text(2, 40)),
    (
        "NewUser",
        "password",
        Text {
            min: crate::service::accounts::MIN_PASSWORD_CHARS,
            max: 200,
            multiline: false,
        },
    ),
    (
        "AnnouncementRequest",
        "subject",
        text(1, crate::web::api::notices::SUBJECT_MAX),
    ),
    (
        "AnnouncementRequest",
        "body",
        lines(1, crate::web::api::notices::BODY_MAX),
    ),
    ("WorkshopInput", "title", text(2, 100)),
    ("WorkshopInput", "trade", Pattern(TRADE)),
    ("WorkshopInput", "description", lines(0, 5000)),
    ("WorkshopInput", "entry_rules", Schema(entry_rules)),
    ("WorkshopInput", "rubric", Schema(rubric)),
    ("WorkshopInput", "completion", Schema(completion)),
    ("CohortInput", "name", text(1, 100)),
    (
        "CohortInput",
        "capacity",
        Int {
            min: 1,
            max: crate::domain::cohort::MAX_CAPACITY as i64,
        },
    ),
    ("CohortInput", "venue", text(2, 200)),
    ("SelectionInput", "mode", OneOf(selection_modes)),
    (
        "SelectionInput",
        "employer_quota",
        Int {
            min: 1,
            max: crate::domain::selection::MAX_QUOTA,
        },
    ),
    (
        "SelectionInput",
        "offer_hours",
        Int {
            min: 1,
            max: crate::domain::selection::MAX_OFFER_HOURS,
        },
    ),
    ("TransitionRequest", "to", OneOf(cohort_statuses)),
    ("NominationInput", "employer", text(2, 80)),
    (
        "NominationInput",
        "seats",
        Int {
            min: 1,
            max: crate::service::nominations::MAX_SEATS,
        },
    ),
    ("ApplicationRequest", "full_name", text(2, 40)),
    ("ApplicationRequest", "national_id", Pattern(NATIONAL_ID)),
    ("ApplicationRequest", "phone", Pattern(PHONE)),
    ("ApplicationRequest", "email", Email),
    ("ApplicationRequest", "employer", text(2, 80)),
    ("ApplicationRequest", "trade", Pattern(TRADE)),
    (
        "ApplicationRequest",
        "processes",
        Items {
            min: 0,
            max: 5,
            each: Some(&PROCESS),
        },
    ),
    ("ApplicationRequest", "locale", OneOf(locales)),
    (
        "ApplicationRequest",
        "mentor_preferences",
        Items {
            min: 0,
            max: 3,
            each: Some(&ID),
        },
    ),
    ("ApplicationRequest", "nomination_code", text(1, 40)),
    ("CertificateRequest", "trade", Pattern(TRADE)),
    ("CertificateRequest", "number", text(0, 40)),
    ("CertificateRequest", "level", Schema(level)),
    ("CertificateRequest", "issued_on", Schema(day)),
    ("ApplicationRequest", "started_trade_on", Schema(day)),
    ("RecoverRequest", "national_id", Pattern(NATIONAL_ID)),
    ("RecoverRequest", "phone", Pattern(PHONE)),
    ("DecisionRequest", "decision", OneOf(decisions)),
    ("DecisionRequest", "note", lines(0, 1000)),
    ("DecisionRequest", "internal_note", lines(0, 1000)),
    (
        "BulkDecisionRequest",
        "application_ids",
        Items {
            min: 1,
            max: BULK_IDS_MAX,
            each: Some(&ID),
        },
    ),
    ("BulkDecisionRequest", "decision", OneOf(decisions)),
    ("BulkDecisionRequest", "note", lines(0, 1000)),
    ("BulkDecisionRequest", "internal_note", lines(0, 1000)),
    (
        "BulkDecisionRequest",
        "up_to_id",
        Int {
            min: 1,
            max: i64::MAX,
        },
    ),
    ("FilterBody", "status", OneOf(application_statuses)),
    ("FilterBody", "q", text(0, SEARCH_MAX)),
    ("FilterBody", "tier", OneOf(tiers)),
    ("FilterBody", "nominated", OneOf(yes_no)),
    ("MentorInput", "email", Email),
    (
        "MentorInput",
        "capacity",
        Int {
            min: 1,
            max: crate::service::mentoring::mentors::MAX_MENTOR_CAPACITY,
        },
    ),
    (
        "MentorInput",
        "processes",
        Items {
            min: 1,
            max: 5,
            each: Some(&PROCESS),
        },
    ),
    ("MentorInput", "employer", text(0, 160)),
    ("MentorInput", "title", text(0, 40)),
    (
        "MentorUpdate",
        "capacity",
        Int {
            min: 1,
            max: crate::service::mentoring::mentors::MAX_MENTOR_CAPACITY,
        },
    ),
    (
        "MentorUpdate",
        "processes",
        Items {
            min: 1,
            max: 5,
            each: Some(&PROCESS),
        },
    ),
    ("MentorUpdate", "employer", text(0, 160)),
    ("MentorUpdate", "title", text(0, 40)),
    ("MentorChoice", "mentor_email", Email),
    ("SessionInput", "title", text(1, 100)),
    ("SessionInput", "kind", OneOf(session_kinds)),
    ("SessionInput", "venue", text(2, 200)),
    ("SessionInput", "mentor_email", Email),
    (
        "AttendanceInput",
        "records",
        Items {
            min: 1,
            max: MAX_RECORDS,
            each: None,
        },
    ),
    (
        "AttendanceRecordInput",
        "participant_id",
        Int {
            min: 1,
            max: i64::MAX,
        },
    ),
    (
        "AttendanceRecordInput",
        "status",
        OneOf(attendance_statuses),
    ),
    (
        "AttendanceRecordInput",
        "note",
        lines(0, crate::service::mentoring::attendance::MAX_NOTE_CHARS),
    ),
    ("AssessmentInput", "scores", Schema(scores)),
    (
        "AssessmentInput",
        "comment",
        lines(0, crate::service::mentoring::assessments::MAX_COMMENT_CHARS),
    ),
    (
        "RevokeInput",
        "reason",
        lines(1, crate::service::credentials::REASON_MAX_CHARS),
    ),
    (
        "GuidanceInput",
        "session_id",
        Int {
            min: 1,
            max: i64::MAX,
        },
    ),
    (
        "GuidanceInput",
        "note",
        lines(0, crate::domain::guidance::MAX_NOTE_CHARS),
    ),
    ("CouponInput", "process", OneOf(processes)),
    ("CouponInput", "position", OneOf(positions)),
    (
        "CouponInput",
        "material",
        text(1, crate::domain::guidance::MAX_MATERIAL_CHARS),
    ),
    (
        "CouponInput",
        "thickness_mm",
        Positive {
            max: crate::domain::guidance::MAX_THICKNESS_MM,
            step: 0.1,
        },
    ),
    ("CouponInput", "result", OneOf(coupon_results)),
    (
        "CouponInput",
        "defects",
        Items {
            min: 0,
            max: 10,
            each: Some(&DEFECT),
        },
    ),
    ("CheckinInput", "reference", text(1, 64)),
    ("CheckinInput", "code", Pattern("^[0-9]{6}$")),
];

/// The request schemas: every string in them gets the control-character rule.
pub const REQUESTS: &[&str] = &[
    "LoginRequest",
    "NewUser",
    "AnnouncementRequest",
    "WorkshopInput",
    "CohortInput",
    "SelectionInput",
    "TransitionRequest",
    "NominationInput",
    "ApplicationRequest",
    "CertificateRequest",
    "TokenBody",
    "RecoverRequest",
    "DecisionRequest",
    "BulkDecisionRequest",
    "FilterBody",
    "MentorInput",
    "MentorUpdate",
    "MentorChoice",
    "SessionInput",
    "AttendanceInput",
    "AttendanceRecordInput",
    "CheckinInput",
    "AssessmentInput",
    "RevokeInput",
    "GuidanceInput",
    "CouponInput",
];

/// No control character (`web::input::has_control`), one line.
const LINE: &str = "^[^\\x00-\\x1f\\x7f-\\x9f]*$";
/// No control character but tab and line breaks.
const LINES: &str = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*$";
/// One line, not blank, without surrounding blanks (what is left after trimming).
const LINE_TRIMMED: &str =
    "^[^\\s\\x00-\\x1f\\x7f-\\x9f](?:[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f])?$";
/// Several lines, not blank, without surrounding blanks.
const LINES_TRIMMED: &str = "^[^\\s\\x00-\\x1f\\x7f-\\x9f](?:[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f])?$";

/// Writes [`RULES`] and the string patterns into the document's schemas.
/// Panics on a rule naming a property the document does not have (the test
/// of the document runs it).
pub fn apply(doc: &mut Value) {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (schema, field, shape) in RULES {
        let prop = schemas
            .get_mut(*schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{field}")))
            .unwrap_or_else(|| panic!("shape rule for a missing property {schema}.{field}"));
        write(prop, shape);
    }
    for name in REQUESTS {
        let schema = schemas
            .get_mut(*name)
            .unwrap_or_else(|| panic!("request schema {name} missing"));
        if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            for (field, prop) in props.iter_mut() {
                let multiline = crate::web::input::MULTILINE.contains(&field.as_str());
                no_controls(prop, multiline);
            }
        }
    }
}

/// The schema object a property's constraints go on: itself, or the
/// non-null branch of an `Option` written as `oneOf [null, …]`.
fn target(prop: &mut Value) -> &mut Map<String, Value> {
    let branch = prop
        .get("oneOf")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().position(|s| s.get("type") != Some(&json!("null"))));
    match branch {
        Some(i) if prop["oneOf"][i].get("$ref").is_none() => {
            prop["oneOf"][i].as_object_mut().expect("a schema object")
        }
        _ => prop.as_object_mut().expect("a schema object"),
    }
}

fn nullable(p: &Map<String, Value>) -> bool {
    matches!(p.get("type"), Some(Value::Array(t)) if t.contains(&json!("null")))
}

fn write(prop: &mut Value, shape: &Shape) {
    let p = target(prop);
    match shape {
        Text {
            min,
            max,
            multiline,
        } => {
            if *min > 0 {
                p.insert("minLength".into(), json!(min));
            }
            p.insert("maxLength".into(), json!(max));
            let pattern = match (*min > 0, *multiline) {
                (true, false) => LINE_TRIMMED,
                (true, true) => LINES_TRIMMED,
                (false, false) => LINE,
                (false, true) => LINES,
            };
            p.insert("pattern".into(), json!(pattern));
        }
        Pattern(re) => {
            p.insert("pattern".into(), json!(re));
        }
        Email => {
            p.insert("maxLength".into(), json!(EMAIL_MAX));
            p.insert("pattern".into(), json!(EMAIL));
        }
        OneOf(words) => {
            let mut values: Vec<Value> = words().into_iter().map(Value::from).collect();
            if nullable(p) {
                values.push(Value::Null);
            }
            p.insert("enum".into(), Value::Array(values));
        }
        Int { min, max } => {
            p.insert("minimum".into(), json!(min));
            p.insert("maximum".into(), json!(max));
        }
        Positive { max, step } => {
            p.insert("exclusiveMinimum".into(), json!(0));
            p.insert("maximum".into(), json!(max));
            p.insert("multipleOf".into(), json!(step));
        }
        Items { min, max, each } => {
            if *min > 0 {
                p.insert("minItems".into(), json!(min));
            }
            p.insert("maxItems".into(), json!(max));
            if let (Some(each), Some(items)) = (each, p.get_mut("items")) {
                write(items, each);
            }
        }
        Schema(make) => {
            let keep = p.get("description").cloned();
            let Value::Object(new) = make() else {
                unreachable!("a schema is an object")
            };
            *p = new;
            if let Some(d) = keep {
                p.insert("description".into(), d);
            }
        }
    }
}

/// A string property (or the strings of a list) without a pattern gets the
/// control-character rule of the body guard.
fn no_controls(prop: &mut Value, multiline: bool) {
    let p = target(prop);
    let is_string = match p.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(t)) => t.contains(&json!("string")),
        _ => false,
    };
    if is_string && !p.contains_key("pattern") && !p.contains_key("format") {
        p.insert(
            "pattern".into(),
            json!(if multiline { LINES } else { LINE }),
        );
    }
    if let Some(items) = p.get_mut("items") {
        no_controls(items, multiline);
    }
}

/// The announcement has no shape rules of its own yet (the service checks its
/// subject and body, with codes clients know); its limits are in [`RULES`].
impl validator::Validate for crate::web::api::notices::AnnouncementRequest {
    fn validate(&self) -> Result<(), ValidationErrors> {
        Ok(())
    }
}
