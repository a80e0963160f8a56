//! Answers for requests that no handler answered, in JSON under `/api` and as a
//! page elsewhere. A guard's typed error is used when there is one.
use rocket::http::Status;
use rocket::{Request, catch, catchers};

use crate::domain::Message;
use crate::error::AppError;
use crate::web::remembered_error;

fn for_status(status: Status) -> AppError {
    match status.code {
        400 => AppError::BadRequest(Message::new(
            "bad_request",
            "请求格式有误",
            "The request is malformed",
        )),
        401 => AppError::unauthorized(),
        403 => AppError::forbidden(),
        404 => AppError::NotFound,
        413 => AppError::PayloadTooLarge,
        422 => AppError::Unprocessable(Message::new(
            "unprocessable",
            "提交的内容无法处理，请检查各项是否填写正确",
            "The submitted data could not be processed; check every field",
        )),
        429 => AppError::TooManyRequests { retry_after: 60 },
        415 => AppError::BadRequest(Message::new(
            "unsupported_media_type",
            "不支持的内容类型",
            "Unsupported content type",
        )),
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
