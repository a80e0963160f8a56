//! Trades as lower-case words such as `welder`.

use crate::domain::Message;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A trade: a lower-case word `[a-z][a-z_]{1,31}` such as `welder` or
/// `lathe_operator`. Known trades have Chinese and English labels; others
/// show the word itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Trade(String);

/// A trade the domain names in words; its names are the catalog entries
/// `trade-<word>` (`locales/*/labels.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownTrade {
    pub word: &'static str,
}

impl KnownTrade {
    /// The catalog key of the trade's name.
    pub fn label_key(&self) -> String {
        format!("trade-{}", self.word.replace('_', "-"))
    }

    /// The trade's name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, &self.label_key(), &[])
    }
}

const KNOWN: [KnownTrade; 6] = [
    KnownTrade { word: "welder" },
    KnownTrade {
        word: "electrician",
    },
    KnownTrade { word: "fitter" },
    KnownTrade {
        word: "lathe_operator",
    },
    KnownTrade { word: "plumber" },
    KnownTrade { word: "mason" },
];

impl Trade {
    /// The trades with Chinese and English names, in the order forms offer them.
    pub fn known() -> &'static [KnownTrade] {
        &KNOWN
    }

    /// Parses a trade word; surrounding spaces are ignored, case is not
    /// folded (the word is an identifier). Error: `trade_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        let s = input.trim();
        let b = s.as_bytes();
        let ok = (2..=32).contains(&b.len())
            && b[0].is_ascii_lowercase()
            && b.iter().all(|c| c.is_ascii_lowercase() || *c == b'_');
        if !ok {
            return Err(Message::of("trade_invalid"));
        }
        Ok(Trade(s.to_string()))
    }

    /// The trade word, e.g. `welder`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name of a known trade in the reader's language (`焊工`,
    /// `lathe operator`), otherwise the word itself.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        self.names()
            .map_or_else(|| self.0.clone(), |k| k.label(locale))
    }

    /// The catalog key of the trade's name (`trade-welder`); the catalog
    /// has it for known trades only.
    pub fn label_key(&self) -> String {
        format!("trade-{}", self.0.replace('_', "-"))
    }

    /// The trade's name as a message argument: the catalog's name, or the
    /// word itself for a trade the catalog does not name.
    pub fn label_arg(&self) -> crate::i18n::Arg {
        crate::i18n::Arg::Key {
            key: self.label_key().into(),
            fallback: Some(self.0.clone()),
        }
    }

    fn names(&self) -> Option<&'static KnownTrade> {
        KNOWN.iter().find(|k| k.word == self.0)
    }
}

impl std::fmt::Display for Trade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Trade {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Trade {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Trade::parse(&s).map_err(|m| serde::de::Error::custom(m.text(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_parse_table() {
        let max = format!("w{}", "_".repeat(31));
        let over = format!("w{}", "e".repeat(32));
        let cases: Vec<(&str, Option<&str>)> = vec![
            ("welder", Some("welder")),
            (" lathe_operator ", Some("lathe_operator")),
            ("ab", Some("ab")),
            (&max, Some(&max)),
            (&over, None),
            ("a", None),
            ("", None),
            ("Welder", None),
            ("_welder", None),
            ("weld er", None),
            ("welder2", None),
            ("焊工", None),
            ("wélder", None),
        ];
        for (input, expected) in cases {
            let got = Trade::parse(input);
            assert_eq!(got.as_ref().ok().map(Trade::as_str), expected, "{input:?}");
            if let Err(m) = got {
                assert_eq!(m.code, "trade_invalid");
            }
        }
    }

    #[test]
    fn labels_for_known_and_unknown_trades() {
        let cases = [
            ("welder", "焊工", "welder"),
            ("electrician", "电工", "electrician"),
            ("fitter", "钳工", "fitter"),
            ("lathe_operator", "车工", "lathe operator"),
            ("plumber", "管道工", "plumber"),
            ("mason", "砌筑工", "mason"),
            ("boilermaker", "boilermaker", "boilermaker"),
        ];
        for (word, zh, en) in cases {
            let t = Trade::parse(word).unwrap();
            assert_eq!(
                (
                    t.label(crate::i18n::Locale::Zh),
                    t.label(crate::i18n::Locale::En)
                ),
                (zh.to_string(), en.to_string()),
                "{word}"
            );
        }
    }

    #[test]
    fn every_known_trade_parses_and_names_itself() {
        assert_eq!(Trade::known().len(), 6);
        for k in Trade::known() {
            let t = Trade::parse(k.word).unwrap();
            assert_eq!(
                (
                    t.label(crate::i18n::Locale::Zh),
                    t.label(crate::i18n::Locale::En)
                ),
                (
                    k.label(crate::i18n::Locale::Zh),
                    k.label(crate::i18n::Locale::En)
                ),
                "{}",
                k.word
            );
            assert_ne!(
                k.label(crate::i18n::Locale::Zh),
                k.label_key(),
                "{}",
                k.word
            );
        }
    }

    #[test]
    fn serde_uses_the_word_and_validates_on_the_way_in() {
        let t: Trade = serde_json::from_str("\"welder\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"welder\"");
        assert!(serde_json::from_str::<Trade>("\"Welder\"").is_err());
        assert!(serde_json::from_str::<Trade>("4").is_err());
    }
}
