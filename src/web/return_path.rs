//! Where to go back to after the language switch or a sign-in: only a path
//! on this site. Non-ASCII (a Chinese search term) is kept, percent-encoded;
//! anything else that is not a plain relative path is refused, so the caller
//! falls back to its own page instead of an open redirect or a 500.
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use rocket::http::uri::Origin;

/// What is encoded besides every non-ASCII byte: controls (already refused),
/// the blank, and the characters RFC 3986 allows nowhere in a path or query.
/// `%` stays, so a path that is already encoded is kept as it is.
const NOT_IN_A_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'^');

/// The path to redirect to, or `None` when `next` is not a same-site path.
pub fn same_site(next: &str) -> Option<String> {
    let n = next.trim();
    let local = n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\");
    if !local || n.contains('\\') || n.chars().any(char::is_control) {
        return None;
    }
    let out = utf8_percent_encode(n, NOT_IN_A_PATH).to_string();
    let valid = Origin::parse(&out).is_ok();
    valid.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_path_table() {
        let cases = [
            ("/", Some("/")),
            (
                "/cohorts/1/manage?q=张",
                Some("/cohorts/1/manage?q=%E5%BC%A0"),
            ),
            ("/张", Some("/%E5%BC%A0")),
            ("/a b", Some("/a%20b")),
            ("/x?a=1&b=%E5%BC%A0", Some("/x?a=1&b=%E5%BC%A0")),
            ("/x\"><script>", Some("/x%22%3E%3Cscript%3E")),
            ("//evil.example", None),
            ("/\\evil.example", None),
            ("https://evil.example/", None),
            ("evil", None),
            ("", None),
            ("/a\u{0}b", None),
            ("/a\nLocation: x", None),
            ("/a\u{85}b", None),
            ("/a#frag", None),
        ];
        for (input, want) in cases {
            assert_eq!(same_site(input).as_deref(), want, "{input:?}");
        }
    }
}
