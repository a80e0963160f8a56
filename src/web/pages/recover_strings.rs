//! Strings of the way back to a lost status link and of the copy button:
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
