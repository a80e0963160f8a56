//! Moved to `crate::links` (below `service`); kept as a name here.
pub use crate::links::*;
