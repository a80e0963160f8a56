//! Welding processes that applicants work in and mentors teach.

use crate::domain::Message;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A welding process, named in JSON by its code (`"SMAW"`, `"GMAW"`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WeldingProcess {
    Smaw,
    Gmaw,
    Gtaw,
    Fcaw,
    Saw,
}

impl WeldingProcess {
    /// Every process, in the order forms list them.
    pub const ALL: [WeldingProcess; 5] = [
        WeldingProcess::Smaw,
        WeldingProcess::Gmaw,
        WeldingProcess::Gtaw,
        WeldingProcess::Fcaw,
        WeldingProcess::Saw,
    ];

    /// Parses a code in any case; welders' everyday names `MAG`/`MIG` (GMAW)
    /// and `TIG` (GTAW) are accepted too. Error: `process_invalid`.
    pub fn parse(input: &str) -> Result<Self, Message> {
        match input.trim().to_ascii_uppercase().as_str() {
            "SMAW" => Ok(WeldingProcess::Smaw),
            "GMAW" | "MAG" | "MIG" => Ok(WeldingProcess::Gmaw),
            "GTAW" | "TIG" => Ok(WeldingProcess::Gtaw),
            "FCAW" => Ok(WeldingProcess::Fcaw),
            "SAW" => Ok(WeldingProcess::Saw),
            _ => Err(Message::of("process_invalid")),
        }
    }

    /// The standard code, e.g. `"GTAW"`.
    pub fn code(&self) -> &'static str {
        match self {
            WeldingProcess::Smaw => "SMAW",
            WeldingProcess::Gmaw => "GMAW",
            WeldingProcess::Gtaw => "GTAW",
            WeldingProcess::Fcaw => "FCAW",
            WeldingProcess::Saw => "SAW",
        }
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            WeldingProcess::Smaw => "process-smaw",
            WeldingProcess::Gmaw => "process-gmaw",
            WeldingProcess::Gtaw => "process-gtaw",
            WeldingProcess::Fcaw => "process-fcaw",
            WeldingProcess::Saw => "process-saw",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }

    /// One bit per process, for fast set tests in pairing.
    pub(crate) fn bit(&self) -> u8 {
        1 << (*self as u8)
    }
}

impl std::fmt::Display for WeldingProcess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for WeldingProcess {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for WeldingProcess {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        WeldingProcess::parse(&s).map_err(|m| serde::de::Error::custom(m.text(true)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use WeldingProcess::*;

    #[test]
    fn parse_table_with_everyday_aliases() {
        let cases = [
            ("SMAW", Some(Smaw)),
            ("smaw", Some(Smaw)),
            (" GMAW ", Some(Gmaw)),
            ("MAG", Some(Gmaw)),
            ("mig", Some(Gmaw)),
            ("GTAW", Some(Gtaw)),
            ("Tig", Some(Gtaw)),
            ("FCAW", Some(Fcaw)),
            ("saw", Some(Saw)),
            ("", None),
            ("arc", None),
            ("钨极氩弧焊", None),
        ];
        for (input, expected) in cases {
            let got = WeldingProcess::parse(input);
            assert_eq!(got.as_ref().ok().copied(), expected, "{input:?}");
            if let Err(m) = got {
                assert_eq!(m.code, "process_invalid");
            }
        }
    }

    #[test]
    fn every_code_parses_back_and_bits_are_distinct() {
        let mut seen = 0u8;
        for p in WeldingProcess::ALL {
            assert_eq!(WeldingProcess::parse(p.code()).unwrap(), p);
            assert_eq!(seen & p.bit(), 0);
            seen |= p.bit();
        }
    }

    #[test]
    fn serde_uses_the_code_string() {
        assert_eq!(serde_json::to_string(&Gtaw).unwrap(), "\"GTAW\"");
        let back: Vec<WeldingProcess> = serde_json::from_str(r#"["TIG","SMAW"]"#).unwrap();
        assert_eq!(back, vec![Gtaw, Smaw]);
        assert!(serde_json::from_str::<WeldingProcess>("\"laser\"").is_err());
    }

    #[test]
    fn labels_match_the_design() {
        let zh: Vec<_> = WeldingProcess::ALL
            .iter()
            .map(|p| p.label(crate::i18n::Locale::Zh))
            .collect();
        assert_eq!(
            zh,
            [
                "焊条电弧焊",
                "熔化极气体保护焊",
                "钨极氩弧焊",
                "药芯焊丝电弧焊",
                "埋弧焊"
            ]
        );
    }
}
