//! Trades (工种) as lower-case words such as `welder`.

use crate::domain::Message;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A trade: a lower-case word `[a-z][a-z_]{1,31}` such as `welder` or
/// `lathe_operator`. Known trades have Chinese and English labels; others
/// show the word itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Trade(String);

/// A trade the domain names in words: its word and its Chinese and English names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownTrade {
    pub word: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn known(word: &'static str, zh: &'static str, en: &'static str) -> KnownTrade {
    KnownTrade { word, zh, en }
}

const KNOWN: [KnownTrade; 6] = [
    known("welder", "焊工", "welder"),
    known("electrician", "电工", "electrician"),
    known("fitter", "钳工", "fitter"),
    known("lathe_operator", "车工", "lathe operator"),
    known("plumber", "管道工", "plumber"),
    known("mason", "砌筑工", "mason"),
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
            return Err(Message::new(
                "trade_invalid",
                "工种应为小写英文单词，如 welder（焊工）",
                "The trade must be a lower-case word such as welder",
            ));
        }
        Ok(Trade(s.to_string()))
    }

    /// The trade word, e.g. `welder`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Chinese name for known trades (`焊工`), otherwise the word itself.
    pub fn label_zh(&self) -> &str {
        self.names().map_or(&self.0, |k| k.zh)
    }

    /// English name for known trades (`lathe operator`), otherwise the word itself.
    pub fn label_en(&self) -> &str {
        self.names().map_or(&self.0, |k| k.en)
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
        Trade::parse(&s).map_err(|m| serde::de::Error::custom(m.en))
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
            assert_eq!((t.label_zh(), t.label_en()), (zh, en), "{word}");
        }
    }

    #[test]
    fn every_known_trade_parses_and_names_itself() {
        assert_eq!(Trade::known().len(), 6);
        for k in Trade::known() {
            let t = Trade::parse(k.word).unwrap();
            assert_eq!((t.label_zh(), t.label_en()), (k.zh, k.en), "{}", k.word);
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
