//! Operations. Each takes a connection (or a transaction) and returns the one
//! error type, so the web layer, the command line and tests share them.
pub mod accounts;
pub mod applications;
pub mod audit;
pub mod backup;
pub mod calendar;
pub mod cohorts;
pub mod credentials;
pub mod demo;
pub mod jobs;
pub mod mentoring;
pub mod nominations;
pub mod notices;
pub mod notify;
pub mod notify_mentoring;
pub mod notify_welcome;
pub mod privacy;
pub mod refusals;
pub mod selection;
pub mod throttle;
pub mod unsubscribe;
pub mod workshops;
