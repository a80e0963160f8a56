//! Page strings of self check-in and of the attendance sheet's record state
//! (key, Chinese, English), joined to the shared table by `i18n::strings`.
//! Keys start with `ck_`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
