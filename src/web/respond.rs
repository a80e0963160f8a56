//! How an [`AppError`] is answered: JSON (`{"error": code, "message": …}`)
//! under `/api` and for the health probes, a redirect to the sign-in page for
//! a page that needs a signed-in user, and an error page elsewhere.
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use rocket_dyn_templates::Template;

use crate::error::AppError;
use crate::web::i18n::Locale;

/// Whether `req` is answered in JSON.
pub fn is_api(req: &Request<'_>) -> bool {
    let path = req.uri().path();
    path.starts_with("/api/")
        || path == "/api"
        || path == "/health"
        || path == "/ready"
        || path == "/metrics"
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        if let AppError::Internal(cause) = &self {
            // The cause goes to the log only; the user sees a generic message.
            tracing::error!(method = %req.method(), path = %req.uri().path(), %cause, "request failed");
        }
        let locale = Locale::of(req);
        let english = locale.is_english();
        let status = self.status();
        let mut response = if is_api(req) {
            let body = self.to_json(english).to_string();
            Response::build()
                .status(status)
                .header(ContentType::JSON)
                .sized_body(body.len(), std::io::Cursor::new(body))
                .finalize()
        } else if matches!(self, AppError::Unauthorized(_)) {
            let next = req.uri().path().to_string();
            let target = crate::links::login_path(&next);
            Response::build()
                .status(Status::SeeOther)
                .header(Header::new("Location", target))
                .finalize()
        } else {
            let m = self.message();
            let details: Vec<String> = match &self {
                AppError::Validation(f) => f
                    .iter()
                    .map(|f| format!("{}: {}", f.field, f.message.text(english)))
                    .collect(),
                AppError::Ineligible(r) => r.iter().map(|r| r.text(english).to_string()).collect(),
                _ => vec![],
            };
            let ctx = crate::web::page::base_context(locale, None)
                .with("status", status.code)
                .with("error_title", m.text(english))
                .with("details", details);
            let mut r = Template::render("error", ctx.into_json()).respond_to(req)?;
            r.set_status(status);
            r
        };
        if let AppError::TooManyRequests { retry_after } = self {
            response.set_header(Header::new("Retry-After", retry_after.to_string()));
        }
        Ok(response)
    }
}
