//! Skill levels, trades and welding processes.

mod level;
mod process;
mod trade;

pub use level::SkillLevel;
pub use process::WeldingProcess;
pub use trade::{KnownTrade, Trade};

/// "a" or "an" before an English word (enough for our own labels).
pub(crate) fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => "an",
        _ => "a",
    }
}
