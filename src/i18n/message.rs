//! A user-facing message as data: a stable code (clients match on it), the
//! catalog key of its text and named arguments. The text is looked up only
//! where it is shown (`text`), in the reader's language.
use std::borrow::Cow;

use super::{Locale, catalog};

/// The value of a named argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a name, a date already formatted).
    Plain(String),
    /// A count, which the text may choose its plural form by.
    Number(i64),
    /// A catalog key, looked up in the reader's language (a status label);
    /// `fallback` when the catalog has no such key (a trade it does not name).
    Key {
        key: Cow<'static, str>,
        fallback: Option<String>,
    },
    /// Another message's text (a reason quoted inside a message).
    Message(Box<Message>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Text {
    /// A catalog key with arguments.
    Catalog {
        key: Cow<'static, str>,
        args: Vec<(&'static str, Arg)>,
    },
    /// Both texts given in code: the form before the catalogs, still accepted
    /// so branches written in it compile; `scripts/strings_to_ftl.py` moves
    /// such calls into the catalog.
    Inline { zh: String, en: String },
}

/// A user-facing message: a stable code and its text in the catalog.
///
/// The code never changes once published (clients match on it); the texts
/// may be reworded in `locales/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: &'static str,
    text: Text,
}

impl Message {
    /// The message `code` whose text is the catalog entry `msg-<code>`.
    pub fn of(code: &'static str) -> Self {
        Self::keyed(code, format!("{}{code}", catalog::MESSAGE_PREFIX))
    }

    /// The message `code` whose text is the catalog entry `key` (when one
    /// code has several wordings).
    pub fn keyed(code: &'static str, key: impl Into<Cow<'static, str>>) -> Self {
        Message {
            code,
            text: Text::Catalog {
                key: key.into(),
                args: vec![],
            },
        }
    }

    /// Both texts in code, the form before the catalogs. Run
    /// `scripts/strings_to_ftl.py` to move them into `locales/`.
    pub fn new(code: &'static str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            code,
            text: Text::Inline {
                zh: zh.into(),
                en: en.into(),
            },
        }
    }

    /// Puts `value` in the place `{ $name }`.
    pub fn with(mut self, name: &'static str, value: Arg) -> Self {
        if let Text::Catalog { args, .. } = &mut self.text {
            args.push((name, value));
        }
        self
    }

    /// Puts `value` in the place `{ $name }`.
    pub fn arg<T: std::fmt::Display + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.with(name, Arg::Plain(value.to_string()))
    }

    /// Puts a count in the place `{ $name }` (plural forms select on it).
    pub fn arg_num(self, name: &'static str, n: impl Into<i64>) -> Self {
        self.with(name, Arg::Number(n.into()))
    }

    /// Puts the text of the catalog entry `key` in the place `{ $name }`.
    pub fn arg_key(self, name: &'static str, key: impl Into<Cow<'static, str>>) -> Self {
        self.with(
            name,
            Arg::Key {
                key: key.into(),
                fallback: None,
            },
        )
    }

    /// Puts the text of another message in the place `{ $name }`.
    pub fn arg_message(self, name: &'static str, m: Message) -> Self {
        self.with(name, Arg::Message(Box::new(m)))
    }

    /// The catalog key of the text (`None` for the inline form).
    pub fn key(&self) -> Option<&str> {
        match &self.text {
            Text::Catalog { key, .. } => Some(key),
            Text::Inline { .. } => None,
        }
    }

    /// The text in `locale`.
    pub fn localized(&self, locale: Locale) -> String {
        match &self.text {
            Text::Inline { zh, en } => match locale {
                Locale::Zh => zh.clone(),
                Locale::En => en.clone(),
            },
            Text::Catalog { key, args } => {
                let values: Vec<(&str, catalog::Value)> = args
                    .iter()
                    .map(|(name, v)| {
                        let v = match v {
                            Arg::Plain(s) => catalog::Value::Text(s.clone()),
                            Arg::Number(n) => catalog::Value::Number(*n),
                            Arg::Key { key, fallback } => catalog::Value::Text(
                                match (catalog::lookup(locale, key, &[]), fallback) {
                                    (Some(t), _) => t,
                                    (None, Some(f)) => f.clone(),
                                    (None, None) => catalog::text(locale, key, &[]),
                                },
                            ),
                            Arg::Message(m) => catalog::Value::Text(m.localized(locale)),
                        };
                        (*name, v)
                    })
                    .collect();
                catalog::lookup(locale, key, &values).unwrap_or_else(|| {
                    tracing::warn!(key = %key, lang = locale.code(), "no such catalog entry");
                    key.to_string()
                })
            }
        }
    }

    /// The text in the reader's language: English when `english`, else Chinese.
    pub fn text(&self, english: bool) -> String {
        self.localized(Locale::from_english(english))
    }
}

impl std::fmt::Display for Message {
    /// `code: english text`, for logs (never shown to users as is).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.text(true))
    }
}

impl serde::Serialize for Message {
    /// `{"code", "zh", "en"}`: both texts, for pages that choose in the template.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Message", 3)?;
        st.serialize_field("code", self.code)?;
        st.serialize_field("zh", &self.text(false))?;
        st.serialize_field("en", &self.text(true))?;
        st.end()
    }
}
