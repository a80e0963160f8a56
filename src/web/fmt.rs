//! Moved to `crate::i18n::fmt` (below `service` and `mail`); kept as a name here.
pub use crate::i18n::fmt::*;
