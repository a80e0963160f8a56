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

/// Serializes a value nested in a view with its object keys in alphabetical
/// order at every depth, as the `json!` bodies this view replaced did (a
/// type of its own, such as a rubric, declares its fields in another order).
/// For `#[serde(serialize_with = "crate::service::keys_sorted")]`.
pub fn keys_sorted<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(
        &serde_json::to_value(value).map_err(serde::ser::Error::custom)?,
        serializer,
    )
}
