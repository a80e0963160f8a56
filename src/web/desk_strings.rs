//! Strings of the organizer's desk: the page of one application, the roster
//! with contacts, the report charts and the edit forms of a mentor and of a
//! session. Key, Chinese, English; merged into the page strings by
//! `crate::web::i18n`.
pub const STRINGS: &[(&str, &str, &str)] = &[];
