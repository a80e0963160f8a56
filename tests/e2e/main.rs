//! Real-browser journeys in headless Chromium (Debian's `chromium` and
//! `chromium-driver`), against the service on a loopback port. Without
//! chromedriver the journeys are skipped with a note, unless
//! `GONGJIANG_E2E=require` (as in CI), where a missing browser fails.
mod accounts;
mod checkin;
mod desk;
#[path = "../api/fixtures.rs"]
mod fixtures;
mod guidance;
mod harness;
#[path = "../api/helpers.rs"]
mod helpers;
mod journeys;
mod selection;
mod usability;
