//! The QR code printed on a certificate: its verification page's address as
//! an SVG (`qrcode`), embedded in the page as a `data:` image.
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// The SVG of a QR code for `text` (medium error correction, so a creased
/// print still scans); `None` when the text is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

/// The SVG as a `data:image/svg+xml;base64,…` address for an `<img>`.
pub fn data_uri(text: &str) -> Option<String> {
    svg(text).map(|s| format!("data:image/svg+xml;base64,{}", B64.encode(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verify_address_becomes_an_svg_and_an_oversized_text_does_not() {
        let url = "https://gj.example/verify/7K3M9QX2ADFT";
        let s = svg(url).unwrap_or_default();
        assert!(s.contains("<svg") && s.contains("</svg>"), "{s}");
        assert!(data_uri(url).is_some_and(|u| u.starts_with("data:image/svg+xml;base64,")));
        assert_eq!(svg(&"x".repeat(5000)), None);
    }
}
