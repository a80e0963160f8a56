//! Answers for requests that no handler answered, in JSON under `/api` and as a
//! page elsewhere. A guard's typed error is used when there is one.
use rocket::http::Status;
use rocket::{Request, catch, catchers};

use crate::domain::Message;
use crate::error::AppError;
use crate::web::remembered_error;

fn for_status(status: Status) -> AppError {
    match status.code {
        400 => AppError::BadRequest(Message::of("bad_request")),
        401 => AppError::unauthorized(),
        403 => AppError::forbidden(),
        404 => AppError::NotFound,
        413 => AppError::PayloadTooLarge,
        422 => AppError::Unprocessable(Message::of("unprocessable")),
        429 => AppError::TooManyRequests { retry_after: 60 },
        415 => AppError::BadRequest(Message::of("unsupported_media_type")),
        405 => AppError::NotFound,
        _ => AppError::Internal(format!("unhandled status {status}")),
    }
}

#[catch(default)]
pub fn default_catcher(status: Status, req: &Request<'_>) -> AppError {
    if let Some(err) = crate::web::input::refused_address(req) {
        return err;
    }
    match remembered_error(req) {
        Some(err) if err.status() == status => err,
        _ => for_status(status),
    }
}

pub fn catchers() -> Vec<rocket::Catcher> {
    catchers![default_catcher]
}
