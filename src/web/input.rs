//! Control characters never enter the service: NUL and the other C0 controls
//! (and DEL) are refused in every JSON string, query value and path segment,
//! here, once, instead of field by field. PostgreSQL cannot store NUL at all,
//! and a stray control character in a name or a log line deceives its reader.
//! Multi-line fields keep tab and line breaks.
use rocket::Data;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::uri::Origin;
use rocket::request::Request;
use serde_json::Value;

use crate::domain::Message;
use crate::error::{AppError, FieldError};

/// Fields (the last part of their name) whose text may span lines.
pub const MULTILINE: &[&str] = &["body", "note", "notes", "comment", "description", "text"];

/// Whether `s` holds a character no field accepts (`multiline`: tab, CR and
/// LF are allowed).
pub fn has_control(s: &str, multiline: bool) -> bool {
    s.chars().any(|c| {
        (c.is_ascii_control() || ('\u{80}'..='\u{9f}').contains(&c))
            && !(multiline && matches!(c, '\t' | '\n' | '\r'))
    })
}

fn is_multiline(field: &str) -> bool {
    let last = field.rsplit(['.', '[']).next().unwrap_or(field);
    MULTILINE.contains(&last.trim_end_matches(']'))
}

/// The 422 that names the field.
pub fn refused(field: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(
        field,
        Message::of("control_character"),
    )])
}

/// The first field of a JSON document holding a control character, named as
/// the body guard names fields (`records[0].note`).
pub fn json_field_with_control(v: &Value) -> Option<String> {
    fn walk(v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => has_control(s, is_multiline(path)).then(|| path.to_string()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            Value::Object(map) => map.iter().find_map(|(k, x)| {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if has_control(k, false) {
                    return Some(path.to_string());
                }
                walk(x, &p)
            }),
            _ => None,
        }
    }
    walk(v, "").map(|p| if p.is_empty() { "body".into() } else { p })
}

/// What the request fairing found wrong with the address, for the catcher.
pub struct RefusedAddress(pub Option<AppError>);

/// Where a refused request is sent: no route answers it (under `/api/` for
/// the API, so the answer stays JSON).
const NOWHERE: &str = "/.refused";
const NOWHERE_API: &str = "/api/.refused";

/// Checks the decoded path and query of every request; a control character in
/// a path segment answers 404, in a query value 422 naming the parameter.
pub struct InputFilter;

#[rocket::async_trait]
impl Fairing for InputFilter {
    fn info(&self) -> Info {
        Info {
            name: "control characters in addresses",
            kind: Kind::Request,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        let uri = req.uri();
        let in_path = uri.path().segments().any(|s| has_control(s, false))
            || uri.path().as_str().contains('\0');
        let in_query = uri.query().and_then(|q| {
            q.segments()
                .find(|(k, v)| has_control(k, false) || has_control(v, is_multiline(k)))
                .map(|(k, _)| k.to_string())
        });
        let err = match (in_path, in_query) {
            (true, _) => AppError::NotFound,
            (false, Some(field)) => refused(&field),
            (false, None) => return,
        };
        let api = crate::web::respond::is_api(req);
        req.local_cache(|| RefusedAddress(Some(err)));
        if let Ok(nowhere) = Origin::parse(if api { NOWHERE_API } else { NOWHERE }) {
            req.set_uri(nowhere);
        }
    }
}

/// The error the fairing recorded for this request, if any.
pub fn refused_address(req: &Request<'_>) -> Option<AppError> {
    req.local_cache(|| RefusedAddress(None)).0.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn control_characters_table() {
        let cases = [
            ("plain 文字", false, false),
            ("a\0b", false, true),
            ("a\0b", true, true),
            ("line\nline", false, true),
            ("line\r\nline\tx", true, false),
            ("bell\u{7}", true, true),
            ("del\u{7f}", false, true),
            ("c1\u{85}", true, true),
            ("王\u{202E}", false, false),
        ];
        for (s, multiline, want) in cases {
            assert_eq!(has_control(s, multiline), want, "{s:?} {multiline}");
        }
    }

    #[test]
    fn the_field_is_named_as_the_body_guard_names_it() {
        let cases = [
            (json!({"name": "ok", "venue": "a\u{0}"}), Some("venue")),
            (json!({"note": "two\nlines"}), None),
            (
                json!({"records": [{"note": "x"}, {"note": "y\u{0}"}]}),
                Some("records[1].note"),
            ),
            (json!({"scores": {"vis\u{0}": 1}}), Some("scores")),
            (json!({"title": "one\nline"}), Some("title")),
            (json!("a\u{1}"), Some("body")),
            (json!({"n": 1, "t": true}), None),
        ];
        for (v, want) in cases {
            assert_eq!(json_field_with_control(&v).as_deref(), want, "{v}");
        }
    }
}
