//! The context every page template receives: language, strings, the signed-in
//! user and the CSRF token.
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::web::i18n::{self, Locale};
use crate::web::session::SessionUser;

pub struct Ctx(Map<String, Value>);

impl Ctx {
    pub fn with(mut self, key: &str, value: impl Serialize) -> Self {
        self.0.insert(
            key.to_string(),
            serde_json::to_value(value).unwrap_or(Value::Null),
        );
        self
    }

    pub fn into_json(self) -> Value {
        Value::Object(self.0)
    }
}

/// A typed view as the JSON a template or a page's code reads.
pub fn as_json(view: impl Serialize) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

pub fn base_context(locale: Locale, user: Option<&SessionUser>) -> Ctx {
    let mut map = Map::new();
    map.insert("lang".into(), json!(locale.code()));
    map.insert("html_lang".into(), json!(locale.html_lang()));
    map.insert("t".into(), json!(i18n::strings(locale)));
    map.insert(
        "user".into(),
        user.map(|u| json!({"name": u.name, "email": u.email, "role": u.role.as_str()}))
            .unwrap_or(Value::Null),
    );
    Ctx(map)
}
