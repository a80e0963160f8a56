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
pub const MULTILINE: &[&str] = &[
    "body",
    "note",
    "notes",
    "internal_note",
    "comment",
    "description",
    "reason",
    "text",
];

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

/// The fields of an HTML form (`application/x-www-form-urlencoded`), decoded,
/// kept for the whole request so that a form type may borrow from them.
pub struct FormFields(pub Vec<(String, String)>);

/// Decodes a form body into its fields (pure); the first field holding a
/// control character is refused by name, as in JSON.
pub fn decode_form(body: &str) -> Result<Vec<(String, String)>, AppError> {
    let mut fields = vec![];
    for (name, value) in rocket::form::Form::<()>::values(body).map(|f| {
        (
            rocket::http::RawStr::new(f.name.source().as_str()).url_decode_lossy(),
            rocket::http::RawStr::new(f.value).url_decode_lossy(),
        )
    }) {
        if has_control(&name, false) {
            return Err(refused("body"));
        }
        if has_control(&value, is_multiline(&name)) {
            return Err(refused(&name));
        }
        fields.push((name.into_owned(), value.into_owned()));
    }
    Ok(fields)
}

/// Reads and decodes the form body of `req` (at most the `form` limit).
pub async fn read_form<'r>(
    req: &'r Request<'_>,
    data: Data<'r>,
) -> Result<&'r FormFields, AppError> {
    use rocket::data::{Limits, ToByteUnit};
    let limit = req.limits().get("form").unwrap_or(Limits::FORM);
    let body = match data.open(limit.min(8.mebibytes())).into_string().await {
        Ok(s) if s.is_complete() => s.into_inner(),
        Ok(_) => return Err(AppError::PayloadTooLarge),
        Err(_) => {
            return Err(AppError::BadRequest(Message::keyed(
                "malformed_body",
                "msg-malformed_body-2",
            )));
        }
    };
    let fields = decode_form(&body)?;
    Ok(req.local_cache(|| FormFields(fields)))
}

/// Why a checked form was not handed to its handler: refused (control
/// characters, a stale token: answered with the error's page) or not a valid
/// form of its type (422, as Rocket's own form guard answers).
#[derive(Debug)]
pub enum FormRefusal<'r> {
    Refused(AppError),
    Invalid(rocket::form::Errors<'r>),
}

/// Parses `T` from fields already decoded.
pub fn parse_fields<'r, T: rocket::form::FromForm<'r>>(
    fields: &'r FormFields,
) -> Result<T, rocket::form::Errors<'r>> {
    rocket::form::Form::<T>::parse_iter(
        fields
            .0
            .iter()
            .map(|(k, v)| rocket::form::ValueField::from((k.as_str(), v.as_str()))),
    )
}

/// An HTML form whose every field was checked for control characters
/// (refused with 422 naming the field, as in JSON). Forms that also need
/// their CSRF token use `web::csrf::CsrfForm`.
pub struct CheckedForm<T>(pub T);

impl<T> std::ops::Deref for CheckedForm<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> CheckedForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Whether the request carries a form body; anything else is passed on as
/// Rocket's form guard passes it (415).
pub fn is_form(req: &Request<'_>) -> bool {
    req.content_type().is_none_or(|ct| ct.is_form())
}

#[rocket::async_trait]
impl<'r, T: rocket::form::FromForm<'r> + Send> rocket::data::FromData<'r> for CheckedForm<T> {
    type Error = FormRefusal<'r>;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> rocket::data::Outcome<'r, Self> {
        use rocket::outcome::Outcome;
        if !is_form(req) {
            return Outcome::Forward((data, rocket::http::Status::UnsupportedMediaType));
        }
        let fields = match read_form(req, data).await {
            Ok(f) => f,
            Err(e) => return refuse(req, e),
        };
        match parse_fields::<T>(fields) {
            Ok(v) => Outcome::Success(CheckedForm(v)),
            Err(e) => Outcome::Error((e.status(), FormRefusal::Invalid(e))),
        }
    }
}

/// The outcome of a refused form: the error is remembered for the catcher,
/// which answers with its page.
pub fn refuse<'r, S>(
    req: &'r Request<'_>,
    err: AppError,
) -> rocket::data::Outcome<'r, S, FormRefusal<'r>> {
    let status = err.status();
    crate::web::remember_error(req, err.clone());
    rocket::outcome::Outcome::Error((status, FormRefusal::Refused(err)))
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
    fn form_fields_are_decoded_and_refused_by_name() {
        let ok =
            decode_form("name=%E5%BC%A0+%E4%B8%89&note=a%0D%0Ab%09c&&csrf=t").unwrap_or_default();
        assert_eq!(
            ok,
            vec![
                ("name".to_string(), "张 三".to_string()),
                ("note".into(), "a\r\nb\tc".into()),
                ("csrf".into(), "t".into()),
            ]
        );
        let cases = [
            ("name=a%00b", "name"),
            ("title=one%0Atwo", "title"),
            ("records%5B0%5D.note=x%07", "records[0].note"),
            ("records.1.status=pre%1Bsent", "records.1.status"),
            ("internal_note=%7F", "internal_note"),
            ("a%00=1", "body"),
        ];
        for (body, field) in cases {
            match decode_form(body) {
                Err(AppError::Validation(f)) => assert_eq!(f[0].field, field, "{body}"),
                other => panic!("{body}: {other:?}"),
            }
        }
        assert!(decode_form("description=line%0Aline&comment=%09x").is_ok());
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
