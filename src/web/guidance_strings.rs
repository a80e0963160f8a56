//! Strings of the guidance log (带教记录) and the participant's file
//! (一人一档): key, Chinese, English. Merged into the page strings by
//! `crate::web::i18n`; defect and result labels are looked up by code
//! (`g_defect_<code>`, `g_result_<code>`).
pub const STRINGS: &[(&str, &str, &str)] = &[];
