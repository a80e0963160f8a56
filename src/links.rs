//! Pieces of links the pages build.
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
