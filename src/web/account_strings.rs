//! Strings of the staff account pages (remembered devices, password reset):
//! key, Chinese, English. Merged into the page strings by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
