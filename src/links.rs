//! The links the service and mail layers build (the applicant's status link,
//! the password reset link, photo addresses), and query-value encoding. The
//! pages' own links are built with `uri!` in `web::paths`, whose tests check
//! that these agree with the routes that answer them.
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What stays as it is in a query value: RFC 3986's unreserved characters,
/// and `/` so that a path given as `next=` stays readable.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes `s` for a query parameter's value.
pub fn urlencode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// The path of an applicant's status page with its token, escaped.
pub fn status_path(reference: &str, token: &str) -> String {
    format!(
        "/applications/{}?token={}",
        urlencode(reference),
        urlencode(token)
    )
}

/// The sign-in page, returning to `next` afterwards (a `/` stays readable).
/// Here rather than in `web::paths` because the error responder, below every
/// page, sends the signed-out reader there.
pub fn login_path(next: &str) -> String {
    format!("/login?next={}", urlencode(next))
}

/// The path of a password reset link.
pub fn reset_path(token: &str) -> String {
    format!("/password/reset/{}", urlencode(token))
}

/// A guidance photo as staff open it.
pub fn staff_photo_path(id: i64) -> String {
    format!("/guidance/photos/{id}")
}

/// A guidance photo as the applicant opens it, through their status link.
pub fn applicant_photo_path(reference: &str, token: &str, id: i64) -> String {
    format!(
        "/applications/{}/guidance/photos/{id}?token={}",
        urlencode(reference),
        urlencode(token)
    )
}

#[cfg(test)]
mod tests {
    use super::urlencode;

    #[test]
    fn query_values_are_percent_encoded_as_utf8() {
        let cases = [
            ("/cohorts/3/manage", "/cohorts/3/manage"),
            ("a b&c=d?e#f", "a%20b%26c%3Dd%3Fe%23f"),
            ("焊工", "%E7%84%8A%E5%B7%A5"),
            ("GJ-7K3M9Q_x.y~z", "GJ-7K3M9Q_x.y~z"),
            ("100%+", "100%25%2B"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(urlencode(raw), encoded, "{raw}");
        }
    }
}
