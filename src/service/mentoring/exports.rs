//! Reports as tables, for the screen and for download: the attendance matrix
//! (participants × sessions), the assessment results and the roster. CSV
//! carries a UTF-8 byte-order mark so Excel opens Chinese; Excel files are
//! written with `rust_xlsxwriter`. IDs and phones are masked in every export.
use chrono::{DateTime, Utc};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::progress::CohortReport;
use crate::domain::attendance::AttendanceStatus;
use crate::domain::mask::mask_phone;
use crate::domain::session::SessionKind;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, t};

mod csv;

/// One cell: text, a whole number, or a share shown as a percentage.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Percent(Option<f64>),
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// How the cell reads on screen and in CSV.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Percent(Some(r)) => format!("{:.0}%", r * 100.0),
            Cell::Percent(None) => "—".into(),
        }
    }
}

/// A titled table: a header row and body rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn to_csv(&self) -> String {
        let mut rows = vec![self.header.clone()];
        rows.extend(
            self.rows
                .iter()
                .map(|r| r.iter().map(Cell::display).collect()),
        );
        csv::document(&rows)
    }

    pub fn to_xlsx(&self) -> AppResult<Vec<u8>> {
        xlsx(self).map_err(|e| AppError::Internal(format!("xlsx: {e}")))
    }
}

fn xlsx(t: &Table) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    // Sheet names may not hold []:*?/\ and have at most 31 characters.
    let name: String = t
        .title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    ws.set_name(if name.is_empty() {
        "Sheet1".to_string()
    } else {
        name
    })?;
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0%");
    for (col, h) in t.header.iter().enumerate() {
        ws.write_string_with_format(0, col_index(col), h, &bold)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            let c = col_index(col);
            match cell {
                Cell::Text(s) => ws.write_string(r, c, s)?,
                // Counts and points are small; f64 holds them exactly.
                Cell::Number(n) => ws.write_number(r, c, *n as f64)?,
                Cell::Percent(Some(v)) => ws.write_number_with_format(r, c, *v, &percent)?,
                Cell::Percent(None) => ws.write_string(r, c, "—")?,
            };
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofit();
    wb.save_to_buffer()
}

/// The byte-order mark a CSV file starts with (so Excel reads Chinese).
pub const CSV_BOM: &str = "\u{feff}";

/// One CSV line (formula guard, RFC 4180 quoting, CRLF), for files written
/// a batch of rows at a time.
pub fn csv_line(cells: &[Cell]) -> String {
    let mut line = cells
        .iter()
        .map(|c| csv::cell(&c.display()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

/// An Excel file written a batch of rows at a time in rust_xlsxwriter's
/// constant-memory mode: each row goes to a temporary file as it is written,
/// so a large list never sits in memory as cells (only the zipped file does,
/// at the end).
pub struct XlsxRows {
    wb: Workbook,
    next_row: u32,
    percent: Format,
}

fn xlsx_err(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

impl XlsxRows {
    pub fn new(title: &str, header: &[String]) -> AppResult<XlsxRows> {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().map_err(xlsx_err)?;
        let name: String = title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        if !name.is_empty() {
            ws.set_name(name).map_err(xlsx_err)?;
        }
        let bold = Format::new().set_bold();
        for (col, h) in header.iter().enumerate() {
            // Constant-memory sheets cannot autofit: a width that fits most cells.
            ws.set_column_width(col_index(col), 16).map_err(xlsx_err)?;
            ws.write_string_with_format(0, col_index(col), h, &bold)
                .map_err(xlsx_err)?;
        }
        ws.set_freeze_panes(1, 1).map_err(xlsx_err)?;
        Ok(XlsxRows {
            wb,
            next_row: 1,
            percent: Format::new().set_num_format("0%"),
        })
    }

    pub fn write(&mut self, rows: &[Vec<Cell>]) -> AppResult<()> {
        let ws = self.wb.worksheet_from_index(0).map_err(xlsx_err)?;
        for row in rows {
            let r = self.next_row;
            for (col, cell) in row.iter().enumerate() {
                let c = col_index(col);
                match cell {
                    Cell::Text(s) => ws.write_string(r, c, s),
                    Cell::Number(n) => ws.write_number(r, c, *n as f64),
                    Cell::Percent(Some(v)) => ws.write_number_with_format(r, c, *v, &self.percent),
                    Cell::Percent(None) => ws.write_string(r, c, "—"),
                }
                .map_err(xlsx_err)?;
            }
            self.next_row = self.next_row.saturating_add(1);
        }
        Ok(())
    }

    pub fn finish(mut self) -> AppResult<Vec<u8>> {
        self.wb.save_to_buffer().map_err(xlsx_err)
    }
}

fn col_index(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn status_label(locale: Locale, status: &str) -> String {
    AttendanceStatus::label_of_stored(status, locale)
}

fn yes_no(locale: Locale, b: bool) -> String {
    t(locale, if b { "export_yes" } else { "export_answer_no" })
}

fn mentor_name(v: &serde_json::Value) -> String {
    v["name"].as_str().unwrap_or("").to_string()
}

/// A session's column heading: Beijing date and time, kind and title.
pub fn session_heading(locale: Locale, s: &crate::entity::cohort_session::Model) -> String {
    let local = s.starts_at.with_timezone(&crate::domain::beijing());
    let kind = SessionKind::parse(&s.kind)
        .map(|k| k.label(locale))
        .unwrap_or_default();
    format!("{} {} {}", local.format("%m-%d %H:%M"), kind, s.title)
}

/// Participants × sessions (cancelled sessions left out), with each rate.
pub fn attendance_matrix(r: &CohortReport, locale: Locale, _now: DateTime<Utc>) -> Table {
    let sessions: Vec<_> = r
        .sessions
        .iter()
        .filter(|s| s.cancelled_at.is_none())
        .collect();
    let mut header = vec![
        t(locale, "m_name"),
        t(locale, "export_national_id"),
        t(locale, "m_employer"),
    ];
    header.extend(sessions.iter().map(|s| session_heading(locale, s)));
    header.push(t(locale, "f_rate"));
    header.push(t(locale, "export_flagged"));
    let rows = r
        .participants
        .iter()
        .zip(&r.progress)
        .map(|(p, standing)| {
            let mut row = vec![
                Cell::text(&p.full_name),
                Cell::text(&p.national_id_masked),
                Cell::text(&p.employer),
            ];
            for s in &sessions {
                let cell = match r.records.get(&(s.id, p.id)) {
                    Some(a) => match a.note.as_deref() {
                        Some(n) => crate::i18n::text(
                            locale,
                            "export_status_with_note",
                            &[
                                ("status", status_label(locale, &a.status)),
                                ("note", n.to_string()),
                            ],
                        ),
                        None => status_label(locale, &a.status),
                    },
                    None => String::new(),
                };
                row.push(Cell::Text(cell));
            }
            row.push(Cell::Percent(standing.attendance.rate));
            row.push(Cell::Text(if standing.flagged {
                yes_no(locale, true)
            } else {
                String::new()
            }));
            row
        })
        .collect();
    Table {
        title: t(locale, "m_attendance"),
        header,
        rows,
    }
}

/// Latest assessment of each participant, per criterion, with completion.
pub fn assessment_results(r: &CohortReport, locale: Locale) -> Table {
    let rubric = &r.workshop.rubric;
    let mut header = vec![
        t(locale, "m_name"),
        t(locale, "export_national_id"),
        t(locale, "m_employer"),
        t(locale, "m_mentor"),
    ];
    header.extend(rubric.criteria.iter().map(|c| {
        crate::i18n::text(
            locale,
            "export_criterion_with_max",
            &[("name", c.name.clone()), ("max", c.max_points.to_string())],
        )
    }));
    header.extend([
        t(locale, "m_total"),
        t(locale, "g_result"),
        t(locale, "m_comment"),
        t(locale, "f_rate"),
        t(locale, "export_completed"),
        t(locale, "export_certificate"),
    ]);
    let rows = r
        .participants
        .iter()
        .zip(&r.progress)
        .map(|(p, standing)| {
            let a = r.assessments.get(&p.id);
            let points: std::collections::BTreeMap<String, u32> = a
                .and_then(|a| serde_json::from_str(&a.scores).ok())
                .unwrap_or_default();
            let mut row = vec![
                Cell::text(&p.full_name),
                Cell::text(&p.national_id_masked),
                Cell::text(&p.employer),
                Cell::Text(mentor_name(&standing.mentor)),
            ];
            for c in &rubric.criteria {
                row.push(match points.get(&c.key) {
                    Some(n) => Cell::Number(i64::from(*n)),
                    None => Cell::text(""),
                });
            }
            match a {
                Some(a) => {
                    row.push(Cell::Number(i64::from(a.total)));
                    row.push(Cell::Text(t(
                        locale,
                        if a.passed {
                            "export_pass"
                        } else {
                            "export_fail"
                        },
                    )));
                    row.push(Cell::text(&a.comment));
                }
                None => row.extend([
                    Cell::text(""),
                    Cell::text(t(locale, "export_not_assessed")),
                    Cell::text(""),
                ]),
            }
            row.push(Cell::Percent(standing.attendance.rate));
            row.push(Cell::Text(yes_no(locale, standing.completed)));
            row.push(Cell::Text(
                standing
                    .certificate_code
                    .as_deref()
                    .map(crate::domain::certificate::display_code)
                    .unwrap_or_default(),
            ));
            row
        })
        .collect();
    Table {
        title: t(locale, "export_assessments"),
        header,
        rows,
    }
}

/// The roster with contact details, IDs and phones masked.
pub fn roster(r: &CohortReport, locale: Locale) -> Table {
    let header = vec![
        t(locale, "export_no"),
        t(locale, "reference"),
        t(locale, "m_name"),
        t(locale, "export_national_id"),
        t(locale, "export_mobile"),
        t(locale, "export_email"),
        t(locale, "m_employer"),
        t(locale, "m_processes"),
        t(locale, "m_mentor"),
    ];
    let rows = r
        .participants
        .iter()
        .zip(&r.progress)
        .enumerate()
        .map(|(i, (p, standing))| {
            vec![
                Cell::Number(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                Cell::text(&p.reference),
                Cell::text(&p.full_name),
                Cell::text(&p.national_id_masked),
                Cell::Text(mask_phone(&p.phone)),
                Cell::text(&p.email),
                Cell::text(&p.employer),
                Cell::Text(standing.processes.join(" ")),
                Cell::Text(mentor_name(&standing.mentor)),
            ]
        })
        .collect();
    Table {
        title: t(locale, "m_roster_export"),
        header,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_display_for_screen_and_csv() {
        assert_eq!(Cell::Percent(Some(0.8)).display(), "80%");
        assert_eq!(Cell::Percent(Some(2.0 / 3.0)).display(), "67%");
        assert_eq!(Cell::Percent(None).display(), "—");
        assert_eq!(Cell::Number(59).display(), "59");
    }

    #[test]
    fn a_table_becomes_csv_with_a_bom_and_a_valid_xlsx() {
        let t = Table {
            title: "考勤: 第一期".into(),
            header: vec!["姓名".into(), "出勤率".into()],
            rows: vec![vec![Cell::text("张焊工"), Cell::Percent(Some(0.75))]],
        };
        assert_eq!(t.to_csv(), "\u{feff}姓名,出勤率\r\n张焊工,75%\r\n");
        let bytes = t.to_xlsx().unwrap_or_default();
        assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip");
    }
}
