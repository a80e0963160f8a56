//! Page strings of the mentoring pages (key, Chinese, English), joined to the
//! shared table by `i18n::strings`. Keys start with `m_`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
