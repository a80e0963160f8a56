//! Where to go back to after the language switch or a sign-in: only a path
//! on this site. Non-ASCII (a Chinese search term) is kept, percent-encoded;
//! anything else that is not a plain relative path is refused, so the caller
//! falls back to its own page instead of an open redirect or a 500.
use rocket::http::uri::Origin;

/// The path to redirect to, or `None` when `next` is not a same-site path.
pub fn same_site(next: &str) -> Option<String> {
    let n = next.trim();
    let local = n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\");
    if !local || n.contains('\\') || n.chars().any(char::is_control) {
        return None;
    }
    let mut out = String::with_capacity(n.len());
    for c in n.chars() {
        if c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '`' | '{' | '}' | '|' | '^') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
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
