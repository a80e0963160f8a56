//! The national vocational skill levels, the new eight grades.

use crate::domain::Message;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// The eight grades, ordered from lowest to highest, so `a > b` means `a` is
/// the higher grade. Certificates print levels 5 (beginner) to 1 (senior
/// technician); principal and chief technicians rank above level 1, and
/// apprentice (no certificate) below level 5.
///
/// In JSON a level is the printed number `1`–`5`, or `"principal"` /
/// `"chief"` (`"apprentice"` is written and read back for completeness, but
/// [`SkillLevel::parse_json`] refuses it as a certificate level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkillLevel {
    Apprentice,
    Beginner,
    Intermediate,
    Advanced,
    Technician,
    SeniorTechnician,
    Principal,
    Chief,
}

impl SkillLevel {
    /// The level printed on a certificate as 1–5; `None` for anything else.
    pub fn from_printed(n: i64) -> Option<Self> {
        match n {
            5 => Some(SkillLevel::Beginner),
            4 => Some(SkillLevel::Intermediate),
            3 => Some(SkillLevel::Advanced),
            2 => Some(SkillLevel::Technician),
            1 => Some(SkillLevel::SeniorTechnician),
            _ => None,
        }
    }

    /// A certificate's level as the API takes it: a number 1–5, a string
    /// `"1"`–`"5"`, or `"principal"` / `"chief"` (any case). Apprentice is not
    /// a certificate level and is refused. Error: `level_invalid`.
    pub fn parse_json(v: &Value) -> Result<Self, Message> {
        let level = match v {
            Value::Number(n) => n.as_i64().and_then(Self::from_printed),
            Value::String(s) => Self::from_word(s.trim()).filter(|l| *l != SkillLevel::Apprentice),
            _ => None,
        };
        level.ok_or_else(|| Message::of("level_invalid"))
    }

    /// The number printed on the certificate (5 = beginner … 1 = senior
    /// technician); `None` for apprentice, principal and chief.
    pub fn printed(&self) -> Option<u8> {
        match self {
            SkillLevel::Beginner => Some(5),
            SkillLevel::Intermediate => Some(4),
            SkillLevel::Advanced => Some(3),
            SkillLevel::Technician => Some(2),
            SkillLevel::SeniorTechnician => Some(1),
            SkillLevel::Apprentice | SkillLevel::Principal | SkillLevel::Chief => None,
        }
    }

    /// The JSON form: the printed number, or `"principal"`, `"chief"`, `"apprentice"`.
    pub fn api_value(&self) -> Value {
        match (self.printed(), self) {
            (Some(n), _) => Value::from(n),
            (None, SkillLevel::Principal) => Value::from("principal"),
            (None, SkillLevel::Chief) => Value::from("chief"),
            (None, _) => Value::from("apprentice"),
        }
    }

    /// The catalog key of this value's name (`locales/*/labels.ftl`).
    pub fn label_key(&self) -> &'static str {
        match self {
            SkillLevel::Apprentice => "level-apprentice",
            SkillLevel::Beginner => "level-beginner",
            SkillLevel::Intermediate => "level-intermediate",
            SkillLevel::Advanced => "level-advanced",
            SkillLevel::Technician => "level-technician",
            SkillLevel::SeniorTechnician => "level-senior-technician",
            SkillLevel::Principal => "level-principal",
            SkillLevel::Chief => "level-chief",
        }
    }

    /// The name in the reader's language.
    pub fn label(&self, locale: crate::i18n::Locale) -> String {
        crate::i18n::text(locale, self.label_key(), &[])
    }

    /// The highest grade; nothing ranks above it.
    pub const HIGHEST: SkillLevel = SkillLevel::Chief;

    fn from_word(s: &str) -> Option<Self> {
        if let Ok(n) = s.parse::<i64>() {
            return Self::from_printed(n);
        }
        match s.to_ascii_lowercase().as_str() {
            "principal" => Some(SkillLevel::Principal),
            "chief" => Some(SkillLevel::Chief),
            "apprentice" => Some(SkillLevel::Apprentice),
            _ => None,
        }
    }
}

impl Serialize for SkillLevel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.printed() {
            Some(n) => serializer.serialize_u8(n),
            None => serializer.serialize_str(match self {
                SkillLevel::Principal => "principal",
                SkillLevel::Chief => "chief",
                _ => "apprentice",
            }),
        }
    }
}

impl<'de> Deserialize<'de> for SkillLevel {
    /// Reads what `Serialize` writes (apprentice included, so stored rules
    /// round-trip; `EntryRules::validate` refuses it as a minimum level).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LevelVisitor)
    }
}

struct LevelVisitor;

const EXPECTED: &str = "a level 1-5, \"principal\" or \"chief\"";

impl Visitor<'_> for LevelVisitor {
    type Value = SkillLevel;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<SkillLevel, E> {
        SkillLevel::from_printed(v)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &EXPECTED))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<SkillLevel, E> {
        i64::try_from(v)
            .ok()
            .and_then(SkillLevel::from_printed)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &EXPECTED))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<SkillLevel, E> {
        SkillLevel::from_word(v.trim())
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &EXPECTED))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn levels_order_from_apprentice_to_chief() {
        use SkillLevel::*;
        let ascending = [
            Apprentice,
            Beginner,
            Intermediate,
            Advanced,
            Technician,
            SeniorTechnician,
            Principal,
            Chief,
        ];
        for pair in ascending.windows(2) {
            assert!(pair[0] < pair[1], "{:?} < {:?}", pair[0], pair[1]);
        }
        assert_eq!(SkillLevel::HIGHEST, Chief);
    }

    #[test]
    fn smaller_printed_number_is_higher_grade() {
        for n in 1..5 {
            assert!(
                SkillLevel::from_printed(n) > SkillLevel::from_printed(n + 1),
                "level {n}"
            );
        }
        assert_eq!(SkillLevel::from_printed(0), None);
        assert_eq!(SkillLevel::from_printed(6), None);
        assert_eq!(SkillLevel::from_printed(-4), None);
    }

    #[test]
    fn parse_json_table() {
        use SkillLevel::*;
        let cases = [
            (json!(1), Some(SeniorTechnician)),
            (json!(4), Some(Intermediate)),
            (json!(5), Some(Beginner)),
            (json!("4"), Some(Intermediate)),
            (json!(" 3 "), Some(Advanced)),
            (json!("principal"), Some(Principal)),
            (json!("Chief"), Some(Chief)),
            (json!(0), None),
            (json!(6), None),
            (json!(-1), None),
            (json!(4.5), None),
            (json!(4.0), None),
            (json!("6"), None),
            (json!("apprentice"), None),
            (json!("四级"), None),
            (json!(null), None),
            (json!([4]), None),
        ];
        for (v, expected) in cases {
            let got = SkillLevel::parse_json(&v);
            assert_eq!(got.as_ref().ok().copied(), expected, "{v}");
            if let Err(m) = got {
                assert_eq!(m.code, "level_invalid");
            }
        }
    }

    #[test]
    fn every_level_round_trips_through_json() {
        use SkillLevel::*;
        for level in [
            Apprentice,
            Beginner,
            Intermediate,
            Advanced,
            Technician,
            SeniorTechnician,
            Principal,
            Chief,
        ] {
            let v = serde_json::to_value(level).unwrap();
            assert_eq!(v, level.api_value());
            let back: SkillLevel = serde_json::from_value(v).unwrap();
            assert_eq!(back, level);
        }
    }

    #[test]
    fn deserialize_refuses_unknown_levels() {
        for bad in [json!(0), json!(9), json!("expert"), json!(true)] {
            assert!(
                serde_json::from_value::<SkillLevel>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn labels_name_the_grade_in_both_languages() {
        assert_eq!(
            SkillLevel::Intermediate.label(crate::i18n::Locale::Zh),
            "中级工（四级）"
        );
        assert_eq!(
            SkillLevel::Intermediate.label(crate::i18n::Locale::En),
            "intermediate (level 4)"
        );
        assert_eq!(
            SkillLevel::Principal.label(crate::i18n::Locale::Zh),
            "特级技师"
        );
        assert_eq!(SkillLevel::Principal.printed(), None);
    }
}
