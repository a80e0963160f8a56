//! Strings of the workshop-floor pages (announced mentors, preferences):
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
