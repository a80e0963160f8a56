//! Skill levels, trades and welding processes.

mod level;
mod process;
mod trade;

pub use level::SkillLevel;
pub use process::WeldingProcess;
pub use trade::{KnownTrade, Trade};
