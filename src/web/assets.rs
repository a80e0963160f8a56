//! The embedded static files at `/static/…`, and the page templates handed to
//! Rocket's Tera engine from the binary (see [`crate::embedded`]).
//!
//! A file linked by its hashed name (`{{ static_url(name="app.css") | safe }}` →
//! `/static/app.<hash>.css`) is cached for a year; its plain name (or an old
//! hash) is revalidated every time. Both answer `If-None-Match` with 304.
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rocket::fairing::Fairing;
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::{get, routes};
use rocket_dyn_templates::Template;
use rocket_dyn_templates::tera::{self, Value};

use crate::embedded;

/// A year: a hashed name never changes its content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// The plain name may change with the next release: ask every time (the ETag
/// makes that a 304).
const REVALIDATE: &str = "public, no-cache";

/// The `If-None-Match` request header, if any.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let value = req.headers().get_one("If-None-Match").map(str::to_string);
        Outcome::Success(IfNoneMatch(value))
    }
}

impl IfNoneMatch {
    /// Whether the client's copy is the one tagged `etag` (weak tags count,
    /// as RFC 9110 asks for `If-None-Match`).
    fn matches(&self, etag: &str) -> bool {
        let Some(header) = &self.0 else {
            return false;
        };
        header
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
    }
}

/// The answer for one static file: the file, or 304.
pub struct StaticAnswer {
    status: Status,
    content_type: ContentType,
    etag: String,
    cache: &'static str,
    body: Option<Cow<'static, [u8]>>,
}

impl<'r> Responder<'r, 'static> for StaticAnswer {
    fn respond_to(self, _req: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .status(self.status)
            .header(self.content_type)
            .header(Header::new("ETag", self.etag))
            .header(Header::new("Cache-Control", self.cache));
        if let Some(body) = self.body {
            let body = body.into_owned();
            response.sized_body(body.len(), std::io::Cursor::new(body));
        }
        Ok(response.finalize())
    }
}

#[get("/static/<file..>")]
pub fn static_file(file: PathBuf, if_none_match: IfNoneMatch) -> Option<StaticAnswer> {
    let requested = file
        .iter()
        .map(|s| s.to_str())
        .collect::<Option<Vec<_>>>()?
        .join("/");
    // The plain name first (a file may itself look hashed), then the hashed one.
    let (found, cache) = match embedded::static_file(&requested) {
        Some(f) => (f, REVALIDATE),
        None => {
            let (name, hash) = embedded::unhash(&requested)?;
            let f = embedded::static_file(&name)?;
            // An old hash (a page from before a release) gets today's file,
            // but only for now.
            let cache = if f.hash == hash {
                IMMUTABLE
            } else {
                REVALIDATE
            };
            (f, cache)
        }
    };
    let content_type = Path::new(&requested)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ContentType::from_extension)
        .unwrap_or(ContentType::Binary);
    let etag = format!("\"{}\"", found.hash);
    let fresh = if_none_match.matches(&etag);
    Some(StaticAnswer {
        status: if fresh {
            Status::NotModified
        } else {
            Status::Ok
        },
        content_type,
        etag,
        cache,
        body: (!fresh).then_some(found.data),
    })
}

pub fn routes() -> Vec<rocket::Route> {
    routes![static_file]
}

/// The page templates: Rocket's template fairing, fed the embedded templates
/// (the override folder's in their place) with the `static_url` function.
/// Rocket's loader has already read `template_dir` (the override folder, or
/// an empty one) when this runs; registering replaces what it read.
pub fn templates(override_dir: Option<PathBuf>) -> impl Fairing {
    Template::try_custom(move |engines| {
        let sources = embedded::templates(override_dir.as_deref())?;
        embedded::register(&mut engines.tera, &sources)?;
        engines.tera.register_function("static_url", static_url);
        Ok(())
    })
}

/// `{{ static_url(name="app.css") | safe }}` → `/static/app.<hash>.css`.
fn static_url(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let name = args
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg("static_url needs name=\"…\""))?;
    Ok(Value::String(embedded::static_url(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_takes_lists_weak_tags_and_the_star() {
        let m = |h: Option<&str>| IfNoneMatch(h.map(str::to_string));
        let tag = "\"0123456789abcdef\"";
        assert!(m(Some(tag)).matches(tag));
        assert!(m(Some("\"x\", W/\"0123456789abcdef\"")).matches(tag));
        assert!(m(Some("*")).matches(tag));
        assert!(!m(Some("\"other\"")).matches(tag));
        assert!(!m(None).matches(tag));
    }
}
