//! The guidance log: what a mentor saw on a participant's test
//! piece. Welding positions (ISO 6947, with the ASME names welders also use),
//! the result, the defects (ISO 6520-1 groups), the plate thickness, and the
//! bounds of a photo. Pure rules; the service stores what they accept.
use unicode_normalization::UnicodeNormalization;

use crate::domain::Message;
use crate::domain::qualification::WeldingProcess;

/// Most characters in a guidance note.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Most characters in a material's name (Q345R, 20#, 06Cr19Ni10…).
pub const MAX_MATERIAL_CHARS: usize = 60;
/// The thickest plate or pipe wall recorded, in mm.
pub const MAX_THICKNESS_MM: f64 = 300.0;
/// Photos of one entry.
pub const MAX_PHOTOS_PER_ENTRY: usize = 12;
/// The largest photo accepted, before re-encoding (10 MB).
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;
/// The longest side of a stored photo, in pixels.
pub const MAX_PHOTO_SIDE: u32 = 2048;

/// A welding position of ISO 6947.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Position {
    Pa,
    Pb,
    Pc,
    Pd,
    Pe,
    Pf,
    Pg,
    Ph,
    Pj,
    HL045,
    JL045,
}

impl Position {
    /// Every position, in the order the form offers them.
    pub const ALL: [Position; 11] = [
        Position::Pa,
        Position::Pb,
        Position::Pc,
        Position::Pd,
        Position::Pe,
        Position::Pf,
        Position::Pg,
        Position::Ph,
        Position::Pj,
        Position::HL045,
        Position::JL045,
    ];

    /// The ISO 6947 name, as stored.
    pub fn iso(self) -> &'static str {
        match self {
            Position::Pa => "PA",
            Position::Pb => "PB",
            Position::Pc => "PC",
            Position::Pd => "PD",
            Position::Pe => "PE",
            Position::Pf => "PF",
            Position::Pg => "PG",
            Position::Ph => "PH",
            Position::Pj => "PJ",
            Position::HL045 => "H-L045",
            Position::JL045 => "J-L045",
        }
    }

    /// The ASME names of the position (grooves G, fillets F); empty where
    /// ASME has no name of its own.
    pub fn asme(self) -> &'static [&'static str] {
        match self {
            Position::Pa => &["1G", "1F"],
            Position::Pb => &["2F"],
            Position::Pc => &["2G"],
            Position::Pd => &["4F"],
            Position::Pe => &["4G"],
            Position::Pf => &["3G", "3F"],
            Position::Ph => &["5G"],
            Position::HL045 => &["6G"],
            Position::Pg | Position::Pj | Position::JL045 => &[],
        }
    }

    /// The ASME names joined (`3G/3F`), or `None`.
    pub fn asme_text(self) -> Option<String> {
        let names = self.asme();
        (!names.is_empty()).then(|| names.join("/"))
    }

    /// Both names for a reader: `PF (3G/3F)`, or the ISO name alone.
    pub fn shown(self) -> String {
        match self.asme_text() {
            Some(a) => format!("{} ({a})", self.iso()),
            None => self.iso().to_string(),
        }
    }

    /// Reads an ISO or an ASME name in any case, with full-width characters
    /// and stray spaces as phones type them (`pf`, `３Ｇ`, `h-l045`).
    /// Error: `position_invalid`.
    pub fn parse(input: &str) -> Result<Position, Message> {
        let s: String = input
            .nfkc()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let iso = Position::ALL.into_iter().find(|p| {
            p.iso() == s || p.iso().replace('-', "") == s || p.asme().contains(&s.as_str())
        });
        iso.ok_or_else(|| Message::of("position_invalid"))
    }
}

/// What became of a test piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CouponResult {
    Pass,
    Fail,
    /// A practice piece, not judged.
    Practice,
}

impl CouponResult {
    pub const ALL: [CouponResult; 3] = [
        CouponResult::Pass,
        CouponResult::Fail,
        CouponResult::Practice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CouponResult::Pass => "pass",
            CouponResult::Fail => "fail",
            CouponResult::Practice => "practice",
        }
    }

    /// Error: `result_invalid`.
    pub fn parse(input: &str) -> Result<CouponResult, Message> {
        let s = input.trim().to_ascii_lowercase();
        CouponResult::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Message::of("result_invalid"))
    }
}

/// A weld imperfection, by its ISO 6520-1 group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Defect {
    Crack,
    Porosity,
    SlagInclusion,
    LackOfFusion,
    IncompletePenetration,
    Undercut,
    Overlap,
    Spatter,
    Misalignment,
    BurnThrough,
}

impl Defect {
    pub const ALL: [Defect; 10] = [
        Defect::Crack,
        Defect::Porosity,
        Defect::SlagInclusion,
        Defect::LackOfFusion,
        Defect::IncompletePenetration,
        Defect::Undercut,
        Defect::Overlap,
        Defect::Spatter,
        Defect::Misalignment,
        Defect::BurnThrough,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Defect::Crack => "crack",
            Defect::Porosity => "porosity",
            Defect::SlagInclusion => "slag_inclusion",
            Defect::LackOfFusion => "lack_of_fusion",
            Defect::IncompletePenetration => "incomplete_penetration",
            Defect::Undercut => "undercut",
            Defect::Overlap => "overlap",
            Defect::Spatter => "spatter",
            Defect::Misalignment => "misalignment",
            Defect::BurnThrough => "burn_through",
        }
    }

    /// The reference number of ISO 6520-1 (100 cracks, 2011 porosity…).
    pub fn iso_6520(self) -> u16 {
        match self {
            Defect::Crack => 100,
            Defect::Porosity => 2011,
            Defect::SlagInclusion => 301,
            Defect::LackOfFusion => 401,
            Defect::IncompletePenetration => 402,
            Defect::Undercut => 5011,
            Defect::Overlap => 506,
            Defect::Spatter => 602,
            Defect::Misalignment => 507,
            Defect::BurnThrough => 510,
        }
    }

    /// Error: `defect_invalid`.
    pub fn parse(input: &str) -> Result<Defect, Message> {
        let s = input.trim().to_ascii_lowercase();
        Defect::ALL
            .into_iter()
            .find(|d| d.code() == s)
            .ok_or_else(|| Message::of("defect_invalid"))
    }
}

fn thickness_invalid() -> Message {
    Message::of("thickness_invalid")
}

/// A plate or wall thickness in tenths of a millimetre (3.2 mm is 32).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Thickness(u32);

impl Thickness {
    /// More than 0 and at most [`MAX_THICKNESS_MM`], with at most one
    /// decimal. Error: `thickness_invalid`.
    pub fn from_mm(mm: f64) -> Result<Thickness, Message> {
        let tenths = (mm * 10.0).round();
        let whole_tenths = (mm * 10.0 - tenths).abs() < 1e-6;
        if mm.is_finite() && mm > 0.0 && mm <= MAX_THICKNESS_MM && whole_tenths && tenths >= 1.0 {
            // In range, so the cast is exact.
            Ok(Thickness(tenths as u32))
        } else {
            Err(thickness_invalid())
        }
    }

    /// From what a form sends (`"12"`, `"3.2"`, `"3,2"`, full-width digits).
    pub fn parse(input: &str) -> Result<Thickness, Message> {
        let s: String = input.nfkc().collect::<String>().trim().replace(',', ".");
        // Plain decimals only: "1e3" and "inf" are not what a welder types.
        if !s.chars().all(|c| c.is_ascii_digit() || c == '.') {
            return Err(thickness_invalid());
        }
        s.parse::<f64>()
            .map_err(|_| thickness_invalid())
            .and_then(Thickness::from_mm)
    }

    pub fn tenths(self) -> u32 {
        self.0
    }

    pub fn from_tenths(t: u32) -> Thickness {
        Thickness(t)
    }

    pub fn mm(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

/// The test piece as a mentor describes it; every part optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coupon {
    pub process: Option<WeldingProcess>,
    pub position: Option<Position>,
    pub material: Option<String>,
    pub thickness: Option<Thickness>,
    pub result: Option<CouponResult>,
    /// Sorted, each once.
    pub defects: Vec<Defect>,
}

impl Coupon {
    pub fn is_empty(&self) -> bool {
        *self == Coupon::default()
    }
}

/// The raw test piece, as text (a form) or values (the API) bring it.
#[derive(Debug, Clone, Default)]
pub struct RawCoupon<'a> {
    pub process: Option<&'a str>,
    pub position: Option<&'a str>,
    pub material: Option<&'a str>,
    pub thickness_mm: Option<f64>,
    /// Text a form sent for the thickness, read when `thickness_mm` is none.
    pub thickness_text: Option<&'a str>,
    pub result: Option<&'a str>,
    pub defects: &'a [String],
}

/// A checked entry: the note and the test piece.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub note: String,
    pub coupon: Coupon,
}

fn blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Checks an entry, reporting every bad field at once (`note`,
/// `coupon.position`, `coupon.defects[1]`…). An entry needs a note or
/// something about the test piece (`entry_empty` on `note`).
pub fn check_entry(note: &str, raw: &RawCoupon<'_>) -> Result<Entry, Vec<(String, Message)>> {
    let mut errors: Vec<(String, Message)> = vec![];
    let mut coupon = Coupon::default();
    let mut take = |field: &str, r: Result<(), Message>| {
        if let Err(m) = r {
            errors.push((field.to_string(), m));
        }
    };
    if let Some(p) = blank(raw.process) {
        take(
            "coupon.process",
            WeldingProcess::parse(p).map(|p| coupon.process = Some(p)),
        );
    }
    if let Some(p) = blank(raw.position) {
        take(
            "coupon.position",
            Position::parse(p).map(|p| coupon.position = Some(p)),
        );
    }
    if let Some(m) = blank(raw.material) {
        let r = if m.chars().count() > MAX_MATERIAL_CHARS {
            Err(Message::of("material_length"))
        } else {
            coupon.material = Some(m.to_string());
            Ok(())
        };
        take("coupon.material", r);
    }
    let thickness = match (raw.thickness_mm, blank(raw.thickness_text)) {
        (Some(mm), _) => Some(Thickness::from_mm(mm)),
        (None, Some(t)) => Some(Thickness::parse(t)),
        (None, None) => None,
    };
    if let Some(t) = thickness {
        take("coupon.thickness_mm", t.map(|t| coupon.thickness = Some(t)));
    }
    if let Some(r) = blank(raw.result) {
        take(
            "coupon.result",
            CouponResult::parse(r).map(|r| coupon.result = Some(r)),
        );
    }
    for (i, d) in raw.defects.iter().enumerate() {
        match Defect::parse(d) {
            Ok(d) => coupon.defects.push(d),
            Err(m) => errors.push((format!("coupon.defects[{i}]"), m)),
        }
    }
    coupon.defects.sort();
    coupon.defects.dedup();
    let note = note.trim().to_string();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.push((
            "note".into(),
            Message::keyed("note_length", "msg-note_length-2"),
        ));
    }
    if errors.is_empty() && note.is_empty() && coupon.is_empty() {
        errors.push(("note".into(), Message::of("entry_empty")));
    }
    if errors.is_empty() {
        Ok(Entry { note, coupon })
    } else {
        Err(errors)
    }
}

/// The size a photo is stored at: the longest side at most `max`, the
/// proportions kept, never enlarged, never below one pixel.
pub fn fitted_size(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max || longest == 0 {
        return (width, height);
    }
    let scale = |side: u32| -> u32 {
        let scaled =
            (u64::from(side) * u64::from(max) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(max).clamp(1, max)
    };
    (scale(width), scale(height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_read_iso_and_asme_names_and_store_iso() {
        let cases = [
            ("PA", Some("PA")),
            ("pa", Some("PA")),
            ("1G", Some("PA")),
            ("1F", Some("PA")),
            ("2G", Some("PC")),
            ("2F", Some("PB")),
            ("3G", Some("PF")),
            ("3F", Some("PF")),
            ("4G", Some("PE")),
            ("4F", Some("PD")),
            ("5G", Some("PH")),
            ("6G", Some("H-L045")),
            ("h-l045", Some("H-L045")),
            ("HL045", Some("H-L045")),
            ("J-L045", Some("J-L045")),
            ("ＰＦ", Some("PF")),
            ("３ｇ", Some("PF")),
            (" pg ", Some("PG")),
            ("PJ", Some("PJ")),
            ("5F", None),
            ("7G", None),
            ("PK", None),
            ("", None),
            ("3G-up", None),
        ];
        for (input, want) in cases {
            assert_eq!(
                Position::parse(input).ok().map(Position::iso),
                want,
                "{input:?}"
            );
        }
    }

    #[test]
    fn positions_are_shown_with_both_names() {
        let cases = [
            (Position::Pa, "PA (1G/1F)"),
            (Position::Pf, "PF (3G/3F)"),
            (Position::HL045, "H-L045 (6G)"),
            (Position::Pg, "PG"),
            (Position::JL045, "J-L045"),
        ];
        for (p, want) in cases {
            assert_eq!(p.shown(), want);
        }
        // Every ASME name reads back as the position it came from.
        for p in Position::ALL {
            for a in p.asme() {
                assert_eq!(Position::parse(a), Ok(p), "{a}");
            }
            assert_eq!(Position::parse(p.iso()), Ok(p));
        }
    }

    #[test]
    fn thickness_boundaries() {
        let cases = [
            (0.1, Some(1)),
            (3.2, Some(32)),
            (12.0, Some(120)),
            (300.0, Some(3000)),
            (300.1, None),
            (0.0, None),
            (-2.0, None),
            (0.04, None),
            (3.25, None),
            (f64::NAN, None),
            (f64::INFINITY, None),
        ];
        for (mm, want) in cases {
            assert_eq!(
                Thickness::from_mm(mm).ok().map(Thickness::tenths),
                want,
                "{mm}"
            );
        }
        let texts = [
            ("3.2", Some(32)),
            ("3,2", Some(32)),
            ("１２", Some(120)),
            (" 8 ", Some(80)),
            ("abc", None),
            ("1e3", None),
        ];
        for (t, want) in texts {
            assert_eq!(Thickness::parse(t).ok().map(Thickness::tenths), want, "{t}");
        }
        assert_eq!(Thickness::from_tenths(32).mm(), 3.2);
    }

    #[test]
    fn results_and_defects_come_from_their_lists() {
        assert_eq!(CouponResult::parse(" Pass "), Ok(CouponResult::Pass));
        assert_eq!(CouponResult::parse("practice"), Ok(CouponResult::Practice));
        assert!(CouponResult::parse("ok").is_err());
        assert_eq!(Defect::parse("burn_through"), Ok(Defect::BurnThrough));
        assert_eq!(Defect::parse("Undercut"), Ok(Defect::Undercut));
        assert!(Defect::parse("rust").is_err());
        assert_eq!(Defect::ALL.len(), 10);
        for d in Defect::ALL {
            assert_eq!(Defect::parse(d.code()), Ok(d));
        }
    }

    #[test]
    fn an_entry_reports_every_bad_field_at_once() {
        let defects = vec!["porosity".to_string(), "rust".to_string()];
        let raw = RawCoupon {
            process: Some("XYZ"),
            position: Some("9G"),
            thickness_text: Some("-1"),
            result: Some("good"),
            defects: &defects,
            ..Default::default()
        };
        let errs = check_entry("看电弧长度", &raw).err().unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "coupon.process",
                "coupon.position",
                "coupon.thickness_mm",
                "coupon.result",
                "coupon.defects[1]"
            ]
        );
    }

    #[test]
    fn an_entry_needs_a_note_or_a_test_piece() {
        let none: Vec<String> = vec![];
        let empty = check_entry(
            "  ",
            &RawCoupon {
                defects: &none,
                ..Default::default()
            },
        );
        assert_eq!(empty.err().map(|e| e[0].1.code), Some("entry_empty"));
        let only_piece = check_entry(
            "",
            &RawCoupon {
                result: Some("practice"),
                defects: &none,
                ..Default::default()
            },
        );
        assert_eq!(
            only_piece.map(|e| e.coupon.result),
            Ok(Some(CouponResult::Practice))
        );
        let long = "焊".repeat(MAX_NOTE_CHARS + 1);
        let r = check_entry(
            &long,
            &RawCoupon {
                defects: &none,
                ..Default::default()
            },
        );
        assert_eq!(r.err().map(|e| e[0].1.code), Some("note_length"));
        let ok = "焊".repeat(MAX_NOTE_CHARS);
        assert!(
            check_entry(
                &ok,
                &RawCoupon {
                    defects: &none,
                    ..Default::default()
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn defects_are_kept_once_in_list_order() {
        let defects: Vec<String> = ["undercut", "crack", "undercut"].map(String::from).to_vec();
        let e = check_entry(
            "",
            &RawCoupon {
                defects: &defects,
                position: Some("3G"),
                process: Some("tig"),
                ..Default::default()
            },
        );
        let e = e.ok();
        assert_eq!(
            e.as_ref().map(|e| e.coupon.defects.clone()),
            Some(vec![Defect::Crack, Defect::Undercut])
        );
        assert_eq!(
            e.as_ref().and_then(|e| e.coupon.position),
            Some(Position::Pf)
        );
        assert_eq!(e.and_then(|e| e.coupon.process), Some(WeldingProcess::Gtaw));
    }

    #[test]
    fn photos_fit_within_the_longest_side() {
        let cases = [
            ((4000, 3000), (2048, 1536)),
            ((3000, 4000), (1536, 2048)),
            ((2048, 100), (2048, 100)),
            ((2049, 2049), (2048, 2048)),
            ((1000, 800), (1000, 800)),
            ((100_000, 1), (2048, 1)),
            ((0, 0), (0, 0)),
        ];
        for ((w, h), want) in cases {
            assert_eq!(fitted_size(w, h, MAX_PHOTO_SIDE), want, "{w}x{h}");
        }
    }
}
