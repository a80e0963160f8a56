//! Page strings of signed certificates (key, Chinese, English), joined to the
//! shared table by `i18n::strings`. Keys start with `c_`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
