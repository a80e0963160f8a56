//! The API and page tests: one binary, a module per area. Every test spawns the
//! service on its own fresh database.
mod foundation;
mod helpers;
