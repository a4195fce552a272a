//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine (contract §3).
//!
//! Typed cells reach the importer as values, whatever the workbook's locale: a
//! number cell is written as a plain `1234.5`, a date cell as `2025-03-14`, a yes/no
//! cell as `true`/`false`; only text cells are read as the user wrote them. Each
//! sheet row is one line, so a reported line is the sheet's row, and a row error
//! names its cell (`Campagnes!D7`).

use super::{import_sheet_text, FatalError, Import, ImportOptions};
use calamine::{open_workbook_auto_from_rs, Data, Range, Reader};
use std::io::Cursor;

/// Whether the bytes look like a workbook: a zip (xlsx, xlsm, ods) or an OLE
/// compound file (xls).
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// A workbook's sheets, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, FatalError> {
    let book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| FatalError::Workbook(e.to_string()))?;
    Ok(book.sheet_names())
}

/// A sheet as tab-separated text, one line per sheet row: what the importer reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetText {
    /// The sheet read.
    pub sheet: String,
    /// Every sheet of the workbook, in order (for the page's sheet picker).
    pub sheets: Vec<String>,
    /// The 0-based column of the sheet's first cell (for column letters).
    pub first_col: u32,
    pub text: String,
}

/// An imported sheet.
pub struct SheetImport {
    pub sheet: String,
    pub import: Import,
}

/// Imports the chosen sheet, or the first with a recognisable header.
pub fn import_workbook(
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ImportOptions,
) -> Result<SheetImport, FatalError> {
    let s = sheet_text(bytes, sheet)?;
    let import = import_sheet_text(&s.text, &s.sheet, s.first_col, options)?;
    Ok(SheetImport {
        sheet: s.sheet,
        import,
    })
}

/// The chosen sheet, or the first whose first non-blank row is a recognisable
/// header, as text.
pub fn sheet_text(bytes: &[u8], sheet: Option<&str>) -> Result<SheetText, FatalError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| FatalError::Workbook(e.to_string()))?;
    let names = book.sheet_names();
    let chosen: Vec<String> = match sheet {
        Some(want) => {
            let found = names
                .iter()
                .find(|n| n.as_str() == want || n.eq_ignore_ascii_case(want))
                .ok_or_else(|| FatalError::NoSheet {
                    sheet: want.to_string(),
                    sheets: names.clone(),
                })?;
            vec![found.clone()]
        }
        None => names.clone(),
    };
    let mut first_error = None;
    for name in &chosen {
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                first_error.get_or_insert(FatalError::Workbook(e.to_string()));
                continue;
            }
        };
        let header: Option<Vec<String>> = range
            .rows()
            .map(|row| row.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .find(|cells| cells.iter().any(|c| !c.trim().is_empty()));
        let recognised = header.is_some_and(|h| super::header_is_recognised(&h));
        // A sheet chosen by name is read whatever its header: its error says why.
        if recognised || sheet.is_some() {
            return Ok(SheetText {
                sheet: name.clone(),
                sheets: names,
                first_col: range.start().map_or(0, |(_, c)| c),
                text: range_text(&range),
            });
        }
    }
    Err(first_error.unwrap_or(FatalError::NoSheetWithHeader { sheets: names }))
}

/// A sheet as tab-separated text: rows above the range are blank lines, so that a
/// line number is a sheet row.
fn range_text(range: &Range<Data>) -> String {
    let (top, _) = range.start().unwrap_or((0, 0));
    let mut out = vec![b'\n'; top as usize];
    for row in range.rows() {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(b'\t');
            }
            write_cell(&mut out, cell);
        }
        out.push(b'\n');
    }
    String::from_utf8(out).unwrap_or_default()
}

/// One cell as the importer reads it: numbers with a `.` decimal mark, dates in ISO
/// form, texts quoted where they hold a tab or a quote and on one line.
fn write_cell(out: &mut Vec<u8>, cell: &Data) {
    match cell {
        Data::Empty => {}
        Data::Int(v) => out.extend_from_slice(v.to_string().as_bytes()),
        Data::Float(v) => out.extend_from_slice(number(*v).as_bytes()),
        Data::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            let text = if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            };
            out.extend_from_slice(text.as_bytes());
        }
        // A duration is a number of days.
        Data::DateTime(d) => out.extend_from_slice(number(d.as_f64()).as_bytes()),
        Data::DateTimeIso(s) | Data::DurationIso(s) | Data::String(s) => text(out, s),
        Data::Error(e) => text(out, &format!("#{e:?}")),
    }
}

fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    let one_line = s.replace(['\r', '\n'], " ");
    if one_line.contains(['\t', '"']) {
        out.push(b'"');
        out.extend_from_slice(one_line.replace('"', "\"\"").as_bytes());
        out.push(b'"');
    } else {
        out.extend_from_slice(one_line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::import::column_letters;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn cells_as_values() {
        let mut out = Vec::new();
        write_cell(&mut out, &Data::Float(1234.5));
        out.push(b'|');
        write_cell(&mut out, &Data::String("a\tb \"c\"\nd".into()));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "1234.5|\"a\tb \"\"c\"\" d\""
        );
        assert!(!is_workbook(b"campaign,leads\n"));
        assert!(is_workbook(b"PK\x03\x04rest"));
    }
}
