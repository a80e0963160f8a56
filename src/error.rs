//! The one error type, as data. What the user sees (a stable code and a message
//! in their language) is kept apart from what is logged (the internal cause).
//! How it is answered (JSON under `/api`, a page elsewhere) is decided in
//! `web::respond`.
use std::collections::BTreeMap;

use rocket::http::Status;
use serde_json::{Value, json};

use crate::domain::Message;

/// A field that failed validation, with the reason.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: Message) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum AppError {
    #[error("malformed request: {0:?}")]
    BadRequest(Message),
    #[error("not signed in: {0:?}")]
    Unauthorized(Message),
    #[error("forbidden: {0:?}")]
    Forbidden(Message),
    #[error("not found")]
    NotFound,
    #[error("conflict: {message:?}")]
    Conflict { message: Message, details: Value },
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("ineligible: {0:?}")]
    Ineligible(Vec<Message>),
    #[error("unprocessable: {0:?}")]
    Unprocessable(Message),
    #[error("too many attempts")]
    TooManyRequests { retry_after: u64 },
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        AppError::Internal(format!("database: {err}"))
    }
}

impl From<sea_orm::TransactionError<AppError>> for AppError {
    fn from(err: sea_orm::TransactionError<AppError>) -> Self {
        match err {
            sea_orm::TransactionError::Connection(e) => e.into(),
            sea_orm::TransactionError::Transaction(e) => e,
        }
    }
}

impl AppError {
    pub fn conflict(message: Message) -> Self {
        AppError::Conflict {
            message,
            details: json!({}),
        }
    }

    pub fn field(field: &str, message: Message) -> Self {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn unauthorized() -> Self {
        AppError::Unauthorized(Message::of("unauthorized"))
    }

    pub fn forbidden() -> Self {
        AppError::Forbidden(Message::of("forbidden"))
    }

    pub fn status(&self) -> Status {
        match self {
            AppError::BadRequest(_) => Status::BadRequest,
            AppError::Unauthorized(_) => Status::Unauthorized,
            AppError::Forbidden(_) => Status::Forbidden,
            AppError::NotFound => Status::NotFound,
            AppError::Conflict { .. } => Status::Conflict,
            AppError::Validation(_) | AppError::Ineligible(_) | AppError::Unprocessable(_) => {
                Status::UnprocessableEntity
            }
            AppError::TooManyRequests { .. } => Status::TooManyRequests,
            AppError::PayloadTooLarge => Status::PayloadTooLarge,
            AppError::Internal(_) => Status::InternalServerError,
        }
    }

    /// The user-facing headline message.
    pub fn message(&self) -> Message {
        match self {
            AppError::BadRequest(m)
            | AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::Unprocessable(m)
            | AppError::Conflict { message: m, .. } => m.clone(),
            AppError::NotFound => Message::of("not_found"),
            AppError::Validation(_) => Message::of("validation"),
            AppError::Ineligible(_) => Message::of("ineligible"),
            AppError::TooManyRequests { .. } => Message::of("too_many_attempts"),
            AppError::PayloadTooLarge => Message::of("payload_too_large"),
            AppError::Internal(_) => Message::of("internal"),
        }
    }

    /// The JSON body: `{"error": code, "message": text, …details}`.
    pub fn to_json(&self, english: bool) -> Value {
        let m = self.message();
        let mut body = json!({"error": m.code, "message": m.text(english)});
        match self {
            AppError::Validation(fields) => {
                let map: BTreeMap<&str, Value> = fields
                    .iter()
                    .map(|f| {
                        (
                            f.field.as_str(),
                            json!({"code": f.message.code, "message": f.message.text(english)}),
                        )
                    })
                    .collect();
                body["fields"] = json!(map);
            }
            AppError::Ineligible(reasons) => {
                body["reasons"] = reasons
                    .iter()
                    .map(|r| json!({"code": r.code, "message": r.text(english)}))
                    .collect();
            }
            AppError::Conflict { details, .. } => {
                if let (Some(obj), Value::Object(extra)) = (body.as_object_mut(), details) {
                    for (k, v) in extra {
                        obj.insert(k.clone(), v.clone());
                    }
                }
            }
            AppError::TooManyRequests { retry_after } => {
                body["retry_after"] = json!(retry_after);
            }
            _ => {}
        }
        body
    }
}
