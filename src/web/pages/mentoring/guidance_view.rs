//! Guidance entries in the reader's words, for every page that shows a log
//! (the mentor's form, the participant's status, the organizer's pages, the
//! participant's file); the template macros are in
//! `templates/mentoring/guidance_macros.html.tera`.
use serde_json::{Value, json};

use crate::domain::qualification::WeldingProcess;
use crate::i18n::fmt;
use crate::service::mentoring::guidance::GuidanceView;
use crate::web::i18n::{self, Locale};

/// A page string by key (the key itself when the table lacks it).
pub fn label(locale: Locale, key: &str) -> String {
    i18n::strings(locale)
        .get(key)
        .map(|s| s.to_string())
        .unwrap_or_else(|| key.to_string())
}

fn process_label(code: &str, locale: Locale) -> String {
    match WeldingProcess::parse(code) {
        Ok(p) if !locale.is_english() => {
            crate::i18n::fmt::with_detail(locale, &p.label(locale), p.code())
        }
        Ok(p) => p.code().to_string(),
        Err(_) => code.to_string(),
    }
}

/// One entry for a template.
pub fn entry(v: &GuidanceView, locale: Locale) -> Value {
    let coupon = v.coupon.as_ref().map(|c| {
        let position = c.position_iso.as_ref().map(|iso| match &c.position_asme {
            Some(asme) => format!("{iso} ({asme})"),
            None => iso.clone(),
        });
        json!({
            "process": c.process.as_deref().map(|p| process_label(p, locale)),
            "position": position,
            "material": c.material,
            "thickness": c.thickness_mm.map(|t| format!("{t}")),
            "result": c.result,
            "result_label": c.result.as_deref().map(|r| label(locale, &format!("g_result_{r}"))),
            "defects": c.defects.iter().map(|d| label(locale, &format!("g_defect_{d}"))).collect::<Vec<_>>(),
        })
    });
    json!({
        "id": v.id,
        "when": fmt::datetime(locale, v.recorded_at),
        "session": v.session_title,
        "note": v.note,
        "coupon": coupon,
        "photos": v.photos,
        "by": v.recorded_by.get("name"),
    })
}

pub fn entries(list: &[GuidanceView], locale: Locale) -> Vec<Value> {
    list.iter().map(|v| entry(v, locale)).collect()
}
