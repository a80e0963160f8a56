//! A JSON body guard whose failures say what was wrong: 400 for malformed JSON,
//! 422 naming the field for a wrong type, a missing field or a value outside
//! the declared shape (the `validator` rules on the request type), 413 over the
//! limit.
use rocket::data::{Data, FromData, Limits, Outcome, ToByteUnit};
use rocket::request::Request;
use serde::de::DeserializeOwned;
use serde_json::Value;
use validator::{Validate, ValidationErrors, ValidationErrorsKind};

use crate::domain::Message;
use crate::error::{AppError, FieldError};
use crate::web::remember_error;

pub struct Body<T>(pub T);

/// Parses a JSON text into `T`, naming the field that failed, then checks the
/// declared shape of `T` (lengths, ranges, allowed values).
pub fn parse_json<T: DeserializeOwned + Validate>(text: &str) -> Result<T, AppError> {
    let mut tree: Value = match serde_json::from_str(text) {
        Ok(tree) => tree,
        Err(inner) => {
            return Err(AppError::BadRequest(
                Message::of("malformed_json").arg("inner", &inner),
            ));
        }
    };
    if let Some(field) = crate::web::input::json_field_with_control(&tree) {
        return Err(crate::web::input::refused(&field));
    }
    // JSON has one kind of number: `3.0` is the integer 3 to a client (and to
    // JSON Schema), so an integral float is read as an integer.
    integral_floats_as_integers(&mut tree);
    let value = match serde_path_to_error::deserialize::<_, T>(tree) {
        Ok(v) => v,
        Err(e) => {
            let path = e.path().to_string();
            let field = if path == "." || path.is_empty() {
                "body".to_string()
            } else {
                path
            };
            // serde's text ("invalid type: string, expected u32") is in English;
            // the Chinese sentence says the same in general words.
            let detail = e.into_inner().to_string();
            return Err(AppError::Validation(vec![FieldError::new(
                field,
                Message::of("invalid_value").arg("detail", &detail),
            )]));
        }
    };
    value
        .validate()
        .map_err(|errors| AppError::Validation(field_errors(&errors)))?;
    Ok(value)
}

/// Turns every float without a fractional part that an `i64` holds into that
/// integer, in place.
fn integral_floats_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f >= i64::MIN as f64
                && f < i64::MAX as f64
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats_as_integers),
        Value::Object(map) => map.values_mut().for_each(integral_floats_as_integers),
        _ => {}
    }
}

/// The 422 entries of the failures `validator` found, by JSON path.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = vec![];
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (name, kind) in &errors.0 {
        let path = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                if let Some(first) = list.first() {
                    out.push(FieldError::new(path, message(first)));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{path}[{i}]"), out);
                }
            }
        }
    }
}

/// The catalog message of one failure, with its limit as an argument.
fn message(e: &validator::ValidationError) -> Message {
    // Limits are whole numbers; a float bound would show rounded.
    let num = |k: &str| e.params.get(k).and_then(Value::as_f64);
    let limit = |k: &str| num(k).unwrap_or(0.0) as i64;
    let value = e.params.get("value");
    let size = match value {
        Some(Value::String(s)) => Some(s.chars().count() as f64),
        Some(Value::Array(a)) => Some(a.len() as f64),
        Some(Value::Object(o)) => Some(o.len() as f64),
        _ => None,
    };
    let is_text = matches!(value, Some(Value::String(_)));
    match e.code.as_ref() {
        "length" => {
            let short = matches!((size, num("min")), (Some(s), Some(m)) if s < m);
            match (short, is_text) {
                (true, true) => Message::of("text_too_short").arg_num("min", limit("min")),
                (true, false) => Message::of("items_too_few").arg_num("min", limit("min")),
                (false, true) => Message::of("text_too_long").arg_num("max", limit("max")),
                (false, false) => Message::of("items_too_many").arg_num("max", limit("max")),
            }
        }
        "range" => match (value.and_then(Value::as_f64), num("min")) {
            (Some(v), Some(m)) if v < m => {
                Message::of("number_too_small").arg_num("min", limit("min"))
            }
            _ => Message::of("number_too_large").arg_num("max", limit("max")),
        },
        "regex" => Message::of("pattern_mismatch"),
        other => Message::of("invalid_value").arg("detail", other),
    }
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned + Validate + Send> FromData<'r> for Body<T> {
    type Error = AppError;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> Outcome<'r, Self> {
        let limit = req.limits().get("json").unwrap_or(Limits::JSON);
        let text = match data.open(limit.min(64.mebibytes())).into_string().await {
            Ok(s) if s.is_complete() => s.into_inner(),
            Ok(_) => return fail(req, AppError::PayloadTooLarge),
            Err(e) => {
                let m = Message::of("malformed_body").arg("error", &e);
                return fail(req, AppError::BadRequest(m));
            }
        };
        match parse_json::<T>(&text) {
            Ok(v) => Outcome::Success(Body(v)),
            Err(e) => fail(req, e),
        }
    }
}

fn fail<'r, T: DeserializeOwned + Validate + Send>(
    req: &'r Request<'_>,
    err: AppError,
) -> Outcome<'r, Body<T>> {
    let status = err.status();
    remember_error(req, err.clone());
    rocket::outcome::Outcome::Error((status, err))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Validate)]
    struct Line {
        #[validate(length(min = 2, max = 3))]
        note: String,
    }

    // `validator` panics when one field has both its own failure and nested
    // ones: a list is limited in length or nested, never both.
    #[derive(Deserialize, Validate)]
    struct Sheet {
        #[validate(nested)]
        lines: Vec<Line>,
        #[serde(default)]
        #[validate(length(max = 2))]
        tags: Vec<String>,
        #[validate(range(min = 1, max = 9))]
        count: i64,
    }

    fn fields(text: &str) -> Vec<(String, &'static str, String)> {
        match parse_json::<Sheet>(text) {
            Err(AppError::Validation(f)) => f
                .into_iter()
                .map(|f| (f.field, f.message.code, f.message.text(true)))
                .collect(),
            Err(e) => panic!("{e:?}"),
            Ok(_) => vec![],
        }
    }

    #[test]
    fn shape_failures_are_named_by_json_path_in_the_catalog_words() {
        let got = fields(r#"{"lines": [{"note": "ok"}, {"note": "long"}], "count": 10}"#);
        assert_eq!(
            got,
            vec![
                (
                    "count".into(),
                    "number_too_large",
                    "Must be at most 9".into()
                ),
                (
                    "lines[1].note".into(),
                    "text_too_long",
                    "At most 3 characters".into()
                ),
            ]
        );
        let got = fields(r#"{"lines": [{"note": "a"}], "tags": ["x", "y", "z"], "count": 0}"#);
        let codes: Vec<_> = got.iter().map(|(f, c, _)| (f.as_str(), *c)).collect();
        assert_eq!(
            codes,
            vec![
                ("count", "number_too_small"),
                ("lines[0].note", "text_too_short"),
                ("tags", "items_too_many")
            ]
        );
        // An integral float is an integer; at the limits, nothing is wrong.
        assert!(fields(r#"{"lines": [{"note": "abc"}, {"note": "ab"}], "count": 9.0}"#).is_empty());
        assert!(fields(r#"{"lines": [], "count": 1}"#).is_empty());
    }

    #[test]
    fn integral_floats_become_integers_and_others_stay() {
        let mut v = serde_json::json!({"a": 3.0, "b": [2.5, -4.0], "c": 7, "d": 1e300});
        integral_floats_as_integers(&mut v);
        assert!(v["a"].is_i64() && v["a"] == 3);
        assert_eq!(v["b"][0], 2.5);
        assert!(v["b"][1].is_i64() && v["b"][1] == -4);
        assert!(v["c"].is_u64());
        assert!(v["d"].is_f64());
    }
}
