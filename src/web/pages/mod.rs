//! Server-rendered pages by area (enrollment, mentoring, notices, accounts)
//! and what every page handler shares: the `Answer` a handler returns, the
//! base of every page's context, and one-time messages after a POST.
//! Handlers map forms onto the service layer's inputs and never repeat its
//! rules.
pub mod accounts;
pub mod enrollment;
pub mod home;
pub mod mentoring;
pub mod notices;

use rocket::Responder;
use rocket::http::Status;
use rocket::http::uri::Origin;
use rocket::request::{FlashMessage, FromRequest, Outcome, Request};
use rocket::response::{Flash, Redirect};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

use crate::error::AppError;
use crate::web::auth::SessionUser;
use crate::web::csrf::CsrfToken;
use crate::web::i18n::Locale;
use crate::web::page::{Ctx, base_context};

/// What a page handler answers: a page with its status, a redirect (after a
/// successful POST), a redirect carrying a one-time message, or an error page.
#[derive(Responder)]
pub enum Answer {
    // Boxed: templates and redirects are large, and `Answer` travels in `Result`s.
    Page(Box<(Status, Template)>),
    Go(Box<Redirect>),
    GoWith(Box<Flash<Redirect>>),
    Fail(AppError),
}

impl From<AppError> for Answer {
    fn from(e: AppError) -> Self {
        Answer::Fail(e)
    }
}

impl Answer {
    /// A 303 to `to` (after a successful POST).
    pub fn go(to: String) -> Self {
        Answer::Go(Box::new(Redirect::to(to)))
    }

    pub fn ok(name: &'static str, ctx: Ctx) -> Self {
        Answer::with_status(Status::Ok, name, ctx)
    }

    pub fn with_status(status: Status, name: &'static str, ctx: Ctx) -> Self {
        Answer::Page(Box::new((status, Template::render(name, ctx.into_json()))))
    }
}

/// What every page needs: the reader's language, the CSRF token and the path
/// (for the language switch), gathered in one guard.
pub struct PageBase {
    pub locale: Locale,
    pub csrf: String,
    pub path: String,
    pub flash: Option<(String, String)>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PageBase {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let locale = Locale::of(req);
        let csrf = match CsrfToken::from_request(req).await {
            Outcome::Success(t) => t.0,
            _ => String::new(),
        };
        let path = req
            .guard::<&Origin<'_>>()
            .await
            .succeeded()
            .map(|o| o.to_string())
            .unwrap_or_else(|| "/".into());
        let flash = req
            .guard::<FlashMessage<'_>>()
            .await
            .succeeded()
            .map(|f| (f.kind().to_string(), f.message().to_string()));
        Outcome::Success(PageBase {
            locale,
            csrf,
            path,
            flash,
        })
    }
}

impl PageBase {
    pub fn english(&self) -> bool {
        self.locale.is_english()
    }

    /// The layout's context: language, strings, user, CSRF token, path and
    /// any one-time message (a JSON list of lines, or plain text).
    pub fn ctx(&self, user: Option<&SessionUser>) -> Ctx {
        let flash = self.flash.as_ref().map(|(kind, message)| {
            let lines = serde_json::from_str::<Vec<Value>>(message)
                .unwrap_or_else(|_| vec![json!({"code": "", "text": message})]);
            json!({"kind": kind, "lines": lines})
        });
        base_context(self.locale, user)
            .with("csrf", &self.csrf)
            .with("current_path", &self.path)
            .with("flash", flash)
    }

    /// The catalog entry `key` in the reader's language.
    pub fn t(&self, key: &str) -> String {
        crate::i18n::t(self.locale, key)
    }
}

/// A one-time message for the next page, in lines (`{code, text}`).
pub fn flash_lines(kind: &str, lines: &[(String, String)]) -> (String, String) {
    let list: Vec<Value> = lines
        .iter()
        .map(|(code, text)| json!({"code": code, "text": text}))
        .collect();
    (kind.to_string(), Value::from(list).to_string())
}

pub fn go_with(to: String, flash: (String, String)) -> Answer {
    Answer::GoWith(Box::new(Flash::new(Redirect::to(to), flash.0, flash.1)))
}

pub fn routes() -> Vec<rocket::Route> {
    let mut all = vec![];
    all.extend(home::routes());
    all.extend(enrollment::routes());
    all.extend(mentoring::routes());
    all.extend(notices::routes());
    all.extend(accounts::routes());
    all
}
