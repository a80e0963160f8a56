//! A JSON body guard whose failures say what was wrong: 400 for malformed JSON,
//! 422 naming the field for a wrong type or a missing field, 413 over the limit.
use rocket::data::{Data, FromData, Limits, Outcome, ToByteUnit};
use rocket::request::Request;
use serde::de::DeserializeOwned;

use crate::domain::Message;
use crate::error::{AppError, FieldError};
use crate::web::remember_error;

pub struct Body<T>(pub T);

/// Parses a JSON text into `T`, naming the field that failed.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(de) {
        Ok(v) => {
            // The same text as a tree, to find a control character in any string.
            if let Ok(tree) = serde_json::from_str::<serde_json::Value>(text)
                && let Some(field) = crate::web::input::json_field_with_control(&tree)
            {
                return Err(crate::web::input::refused(&field));
            }
            Ok(v)
        }
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            match inner.classify() {
                serde_json::error::Category::Data => {
                    let field = if path == "." || path.is_empty() {
                        "body".to_string()
                    } else {
                        path
                    };
                    // serde's text ("invalid type: string, expected u32") is in English;
                    // the Chinese sentence says the same in general words.
                    let detail = inner.to_string();
                    Err(AppError::Validation(vec![FieldError::new(
                        field,
                        Message::of("invalid_value").arg("detail", &detail),
                    )]))
                }
                _ => Err(AppError::BadRequest(
                    Message::of("malformed_json").arg("inner", &inner),
                )),
            }
        }
    }
}

#[rocket::async_trait]
impl<'r, T: DeserializeOwned + Send> FromData<'r> for Body<T> {
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

fn fail<'r, T: DeserializeOwned + Send>(
    req: &'r Request<'_>,
    err: AppError,
) -> Outcome<'r, Body<T>> {
    let status = err.status();
    remember_error(req, err.clone());
    rocket::outcome::Outcome::Error((status, err))
}
