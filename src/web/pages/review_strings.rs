//! Strings of the organizer's review list at scale (paging, sorting, filters,
//! select-all and the confirmation of bulk decisions): key, Chinese, English.
//! Merged into the page strings by `crate::web::i18n`; `{count}` and
//! `{total}` are filled in where they are used.
pub const STRINGS: &[(&str, &str, &str)] = &[];
