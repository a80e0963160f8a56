//! CSV text for download: RFC 4180 quoting, cells a spreadsheet would run as
//! formulas defused, and a byte-order mark so Excel reads Chinese.

/// One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading apostrophe.
pub fn cell(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// Rows as CSV text with a UTF-8 byte-order mark (so Excel reads Chinese) and
/// CRLF line ends.
pub fn document(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_table() {
        let cases = [
            ("张焊工", "张焊工"),
            ("", ""),
            ("a,b", "\"a,b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("1-1", "1-1"),
            ("two\nlines", "\"two\nlines\""),
            ("=a,b", "\"'=a,b\""),
        ];
        for (input, expected) in cases {
            assert_eq!(cell(input), expected, "{input:?}");
        }
    }

    #[test]
    fn document_starts_with_a_byte_order_mark_and_ends_rows_with_crlf() {
        let cases: [(Vec<Vec<String>>, &str); 3] = [
            (vec![], "\u{feff}"),
            (
                vec![vec!["姓名".into(), "a,b".into()]],
                "\u{feff}姓名,\"a,b\"\r\n",
            ),
            (
                vec![vec!["a".into()], vec!["=1".into(), String::new()]],
                "\u{feff}a\r\n'=1,\r\n",
            ),
        ];
        for (rows, expected) in cases {
            assert_eq!(document(&rows), expected, "{rows:?}");
        }
    }
}
