//! The charts of a cohort's reports page, drawn on the server as SVG with
//! `plotters` (its SVG backend only): attendance by session, scores by rubric
//! criterion, participants at risk, applicants by employer and by outcome.
//! Each is a list of horizontal bars, a label above each bar and the value
//! beside it, in a `viewBox` that scales to the width of a 360 px phone; the
//! page puts the same numbers in a table for screen readers. Text stays text
//! (`<text>` elements, rendered by the browser with its own CJK fonts), and
//! every label is escaped in the SVG (by plotters, which escapes what it
//! draws; the one attribute we add is escaped here).
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use plotters::prelude::*;
use serde::Serialize;

use crate::domain::attendance::AttendanceStatus;
use crate::domain::cohort::ApplicationStatus;
use crate::entity::application;
use crate::service::mentoring::exports::session_heading;
use crate::service::mentoring::progress::CohortReport;
use crate::web::i18n::Locale;
use crate::web::pages::enrollment::options::status_label;

/// One bar: its label, its length as a share of the longest possible (0–1),
/// the value in words, and whether it is a warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bar {
    pub label: String,
    pub share: f64,
    pub shown: String,
    pub warn: bool,
}

/// A chart as the page shows it: an id, a title, the bars (also the table)
/// and the SVG.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub id: &'static str,
    pub title_key: &'static str,
    pub bars: Vec<Bar>,
    pub svg: String,
}

/// The width of the drawing in SVG units: a phone's width, scaled by the browser.
const WIDTH: u32 = 360;
const ROW: u32 = 46;
const PAD: u32 = 8;
/// The longest label drawn (the table beside the chart has all of it).
const LABEL_CHARS: usize = 22;

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

fn percent(r: f64) -> String {
    format!("{:.0}%", r * 100.0)
}

/// Text for an XML attribute we write ourselves: `&`, `<`, `>`, quotes
/// escaped, control characters dropped. (plotters escapes the text it draws.)
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A label as drawn: no control characters (never valid in XML), and cut
/// short with an ellipsis (the table has all of it).
fn shortened(label: &str) -> String {
    let label: String = label.chars().filter(|c| !c.is_control()).collect();
    if label.chars().count() > LABEL_CHARS {
        let mut s: String = label.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    } else {
        label
    }
}

/// Draws the bars; an empty chart is an empty string.
pub fn svg(bars: &[Bar], title: &str) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let rows = u32::try_from(bars.len()).unwrap_or(u32::MAX / ROW);
    let height = rows.saturating_mul(ROW) + PAD * 2;
    let mut out = String::new();
    let drawn = draw(&mut out, bars, height);
    if drawn.is_err() {
        tracing::warn!("a report chart could not be drawn");
        return String::new();
    }
    // Scale with the page: width 100 %, the height from the viewBox; named for
    // assistive technology (the numbers are in the table beside it).
    let fixed = format!("width=\"{WIDTH}\" height=\"{height}\"");
    let title = escape_xml(title);
    out.replacen(
        &fixed,
        &format!("width=\"100%\" role=\"img\" aria-label=\"{title}\" preserveAspectRatio=\"xMinYMin meet\""),
        1,
    )
}

fn draw(out: &mut String, bars: &[Bar], height: u32) -> Result<(), String> {
    let root = SVGBackend::with_string(out, (WIDTH, height)).into_drawing_area();
    let err = |e: DrawingAreaErrorKind<_>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let ink = RGBColor(0x1f, 0x29, 0x33);
    let bar_ok = RGBColor(0x1f, 0x6f, 0xb2);
    let bar_warn = RGBColor(0xb4, 0x23, 0x18);
    let track = RGBColor(0xe8, 0xec, 0xf0);
    // plotters writes font-size as the size / 1.24: about 14 and 13 px.
    let label_style = ("sans-serif", 17).into_font().color(&ink);
    let value_style = ("sans-serif", 16).into_font().color(&ink);
    let full = i32::try_from(WIDTH - PAD * 2 - 64).unwrap_or(200);
    let left = i32::try_from(PAD).unwrap_or(8);
    for (i, b) in bars.iter().enumerate() {
        let top = i32::try_from(PAD as usize + i * ROW as usize).unwrap_or(i32::MAX - 64);
        root.draw(&Text::new(
            shortened(&b.label),
            (left, top + 2),
            label_style.clone(),
        ))
        .map_err(err)?;
        let y0 = top + 22;
        let y1 = y0 + 14;
        root.draw(&Rectangle::new(
            [(left, y0), (left + full, y1)],
            track.filled(),
        ))
        .map_err(err)?;
        // A bar of zero still shows a sliver, so "none" reads as a bar.
        let length = ((f64::from(full) * b.share).round() as i32).max(2);
        let color = if b.warn { bar_warn } else { bar_ok };
        root.draw(&Rectangle::new(
            [(left, y0), (left + length, y1)],
            color.filled(),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            shortened(&b.shown),
            (left + full + 6, y0),
            value_style.clone(),
        ))
        .map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(())
}

/// Attended (present or late) of the participants, per session held.
pub fn attendance_by_session(r: &CohortReport, locale: Locale, now: DateTime<Utc>) -> Vec<Bar> {
    let total = r.participants.len();
    r.held_sessions(now)
        .into_iter()
        .map(|s| {
            let attended = r
                .participants
                .iter()
                .filter(|p| {
                    r.records.get(&(s.id, p.id)).is_some_and(|a| {
                        AttendanceStatus::parse(&a.status).is_ok_and(|st| st.attended())
                    })
                })
                .count();
            let part = attended as f64;
            let whole = total as f64;
            Bar {
                label: session_heading(locale, s),
                share: share(part, whole),
                shown: format!("{attended} / {total}"),
                warn: share(part, whole) < r.workshop.completion.min_attendance_rate,
            }
        })
        .collect()
}

/// The average share of the maximum, per rubric criterion, over the latest
/// assessments that scored it.
pub fn scores_by_criterion(r: &CohortReport) -> Vec<Bar> {
    let scored: Vec<BTreeMap<String, u32>> = r
        .assessments
        .values()
        .filter_map(|a| serde_json::from_str(&a.scores).ok())
        .collect();
    r.workshop
        .rubric
        .criteria
        .iter()
        .filter_map(|c| {
            let points: Vec<u32> = scored
                .iter()
                .filter_map(|s| s.get(&c.key).copied())
                .collect();
            if points.is_empty() {
                return None;
            }
            let mean = f64::from(points.iter().sum::<u32>()) / points.len() as f64;
            let rate = share(mean, f64::from(c.max_points));
            Some(Bar {
                label: c.name.clone(),
                share: rate,
                shown: percent(rate),
                warn: false,
            })
        })
        .collect()
}

/// The participants flagged or warned about absences, by their attendance rate.
pub fn at_risk(r: &CohortReport) -> Vec<Bar> {
    let mut bars: Vec<Bar> = r
        .progress
        .iter()
        .filter(|p| p.flagged || !p.absence_warnings.is_empty())
        .map(|p| Bar {
            label: p.name.clone(),
            share: p.attendance.rate.unwrap_or(0.0),
            shown: p.attendance.rate.map(percent).unwrap_or_else(|| "—".into()),
            warn: true,
        })
        .collect();
    bars.sort_by(|a, b| a.share.total_cmp(&b.share).then(a.label.cmp(&b.label)));
    bars
}

/// The most employers a chart names; the rest are summed as one bar.
pub const EMPLOYERS_SHOWN: usize = 10;

/// Applications per employer, most first (ties by name), the rest summed.
pub fn by_employer(apps: &[application::Model], other: &str) -> Vec<Bar> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in apps {
        *counts.entry(a.employer.trim()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let most = ranked.first().map(|(_, n)| *n).unwrap_or(0) as f64;
    let rest: usize = ranked.iter().skip(EMPLOYERS_SHOWN).map(|(_, n)| n).sum();
    let mut bars: Vec<Bar> = ranked
        .iter()
        .take(EMPLOYERS_SHOWN)
        .map(|(name, n)| Bar {
            label: (*name).to_string(),
            share: share(*n as f64, most),
            shown: n.to_string(),
            warn: false,
        })
        .collect();
    if rest > 0 {
        bars.push(Bar {
            label: other.to_string(),
            share: share(rest as f64, most.max(rest as f64)),
            shown: rest.to_string(),
            warn: false,
        });
    }
    bars
}

/// Applications per status, in the life cycle's order.
pub fn by_outcome(apps: &[application::Model], locale: Locale) -> Vec<Bar> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in apps {
        *counts.entry(a.status.as_str()).or_default() += 1;
    }
    let total = apps.len() as f64;
    let mut order: Vec<&str> = ApplicationStatus::ALL.iter().map(|s| s.as_str()).collect();
    for k in counts.keys() {
        if !order.contains(k) {
            order.push(k);
        }
    }
    order
        .into_iter()
        .filter_map(|s| counts.get(s).map(|n| (s, *n)))
        .map(|(s, n)| Bar {
            label: status_label(s, locale),
            share: share(n as f64, total),
            shown: n.to_string(),
            warn: false,
        })
        .collect()
}

/// The five charts of a cohort's reports page.
pub fn all(
    r: &CohortReport,
    apps: &[application::Model],
    locale: Locale,
    now: DateTime<Utc>,
) -> Vec<Chart> {
    let strings = crate::web::i18n::strings(locale);
    let other = crate::i18n::t(locale, "chart_others");
    let sets: [(&'static str, &'static str, Vec<Bar>); 5] = [
        (
            "chart-attendance",
            "desk_chart_attendance",
            attendance_by_session(r, locale, now),
        ),
        ("chart-scores", "desk_chart_scores", scores_by_criterion(r)),
        ("chart-risk", "desk_chart_risk", at_risk(r)),
        (
            "chart-employers",
            "desk_chart_employers",
            by_employer(apps, &other),
        ),
        (
            "chart-outcomes",
            "desk_chart_outcomes",
            by_outcome(apps, locale),
        ),
    ];
    sets.into_iter()
        .map(|(id, title_key, bars)| {
            let title = strings.get(title_key).copied().unwrap_or(title_key);
            Chart {
                id,
                title_key,
                svg: svg(&bars, title),
                bars,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, share: f64) -> Bar {
        Bar {
            label: label.into(),
            share,
            shown: percent(share),
            warn: false,
        }
    }

    #[test]
    fn hostile_labels_are_escaped_once_and_the_drawing_scales() {
        let out = svg(&[bar("<script>alert(1)</script>&\"", 0.5)], "图<表>");
        assert!(!out.contains("<script>"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        assert!(!out.contains("&amp;lt;"), "escaped once: {out}");
        assert!(out.contains("width=\"100%\""), "{out}");
        assert!(out.contains("viewBox=\"0 0 360"), "{out}");
        assert!(out.contains("aria-label=\"图&lt;表&gt;\""), "{out}");
        assert!(out.contains("<text"), "text stays text: {out}");
    }

    #[test]
    fn bar_lengths_follow_the_shares() {
        let out = svg(&[bar("满", 1.0), bar("半", 0.5), bar("零", 0.0)], "t");
        // Track and bar per row: the full bar is as long as its track.
        let full = WIDTH - PAD * 2 - 64;
        assert!(
            out.matches(&format!("width=\"{full}\"")).count() >= 4,
            "{out}"
        );
        assert!(out.contains(&format!("width=\"{}\"", full / 2)), "{out}");
        assert!(out.contains("width=\"2\""), "a zero shows a sliver: {out}");
        assert_eq!(svg(&[], "t"), "");
    }

    #[test]
    fn shares_and_labels_table() {
        let cases = [
            (1.0, 0.0, 0.0),
            (1.0, 2.0, 0.5),
            (3.0, 2.0, 1.0),
            (0.0, 5.0, 0.0),
        ];
        for (part, whole, want) in cases {
            assert_eq!(share(part, whole), want, "{part}/{whole}");
        }
        assert_eq!(shortened("短"), "短");
        let long = "浙江省绍兴市柯桥区某某某某某钢结构工程有限公司第一分公司";
        assert_eq!(shortened(long).chars().count(), LABEL_CHARS);
        assert!(shortened(long).ends_with('…'));
    }
}
