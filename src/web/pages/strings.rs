//! The enrollment pages' strings: key, Chinese, English. Merged into the page
//! strings (`t` in templates) by `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
