//! A "workbook" that is an HTML table: Salesforce's report export "Excel Format
//! .xls" (and many a web tool's "export to Excel") writes an HTML page named
//! `.xls`, which Excel opens with a warning. Its first table with a recognisable
//! header is read as a sheet: the same tab-separated text a workbook's sheet gives
//! (`workbook::sheet_text`), so that a report's title, total and footer rows are
//! told as they are in a CSV.

use super::{FatalError, SheetText};

/// How far into a file its first tag is looked for.
const HEAD: usize = 1024;
/// The largest file read (as a workbook).
const MAX_FILE: usize = 200 << 20;
/// The most cells read (as a workbook's sheet).
const MAX_CELLS: usize = 20_000_000;
/// The widest a cell may span.
const MAX_SPAN: usize = 1000;

/// Whether a file's first bytes are an HTML page or table (after a BOM and blanks).
pub fn is_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace());
    let Some(rest) = start.map(|s| &head[s..]) else {
        return false;
    };
    let lower = rest.to_ascii_lowercase();
    rest.first() == Some(&b'<')
        && (lower.starts_with(b"<!doctype html")
            || lower.starts_with(b"<html")
            || lower.windows(6).any(|w| w == b"<table"))
}

/// The first table whose first non-blank row is a recognisable header (else the
/// first table with rows, whose error then says why), as tab-separated text, one
/// line per table row.
pub fn sheet_text(bytes: &[u8]) -> Result<SheetText, FatalError> {
    if bytes.len() > MAX_FILE {
        return Err(FatalError::WorkbookTooLarge);
    }
    let text = decode(bytes);
    let tables = tables(&text)?;
    let chosen = tables
        .iter()
        .find(|rows| {
            super::header_row(rows.iter().cloned()).is_some_and(|h| super::header_is_recognised(&h))
        })
        .or_else(|| tables.iter().find(|rows| !rows.is_empty()))
        // No table: said as a workbook without a sheet with a header (an error the
        // page's workbook worker can send back in the user's language).
        .ok_or(FatalError::NoSheetWithHeader { sheets: Vec::new() })?;
    let mut out = String::new();
    for row in chosen {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            push_cell(&mut out, cell);
        }
        out.push('\n');
    }
    Ok(SheetText {
        sheet: String::new(),
        sheets: Vec::new(),
        first_col: 0,
        text: out,
    })
}

/// The page as text: UTF-8 (after its BOM) when it is, else Windows-1252, the
/// encoding Salesforce writes by default in Western locales (decoded here, not by
/// `encoding_rs`: the page's worker leaves that crate out).
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => WINDOWS_1252[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
    }
}

/// Windows-1252's characters for the bytes 0x80 to 0x9F (the others are Latin-1's).
const WINDOWS_1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// A cell on one line, quoted where it holds a tab or a quote.
fn push_cell(out: &mut String, cell: &str) {
    if cell.contains(['\t', '"']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// A table being read: its rows, and the cell being read.
#[derive(Default)]
struct Open {
    rows: Vec<Vec<String>>,
    cell: Option<(String, usize)>,
}

impl Open {
    /// Ends the cell being read, if any: its text with blanks collapsed, then an
    /// empty cell for each further column it spans.
    fn end_cell(&mut self) {
        let Some((text, span)) = self.cell.take() else {
            return;
        };
        if self.rows.is_empty() {
            self.rows.push(Vec::new());
        }
        if let Some(row) = self.rows.last_mut() {
            row.push(text.split_whitespace().collect::<Vec<_>>().join(" "));
            row.extend(std::iter::repeat_n(String::new(), span - 1));
        }
    }
}

/// Every table's rows of cells, in the order the tables open (a table inside a
/// cell is a table of its own).
fn tables(html: &str) -> Result<Vec<Vec<Vec<String>>>, FatalError> {
    let mut open: Vec<(usize, Open)> = Vec::new();
    let mut done: Vec<(usize, Vec<Vec<String>>)> = Vec::new();
    let mut opened = 0;
    let mut cells = 0usize;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c != '<' {
            let end = rest.find('<').unwrap_or(rest.len());
            if let Some(text) = cell_text(&mut open) {
                decode_entities(&rest[..end], text);
            }
            rest = &rest[end..];
            continue;
        }
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let (tag, after) = match tag_end(rest) {
            Some(end) => (&rest[1..end - 1], &rest[end..]),
            None => (&rest[1..], ""),
        };
        rest = after;
        let (closing, tag) = match tag.strip_prefix('/') {
            Some(t) => (true, t),
            None => (false, tag),
        };
        let name_len = tag
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = tag[..name_len].to_ascii_lowercase();
        match (closing, name.as_str()) {
            (false, "script" | "style") => {
                let close = format!("</{name}");
                rest = find_ci(rest, &close).map_or("", |i| &rest[i..]);
            }
            (false, "table") => {
                if let Some((_, t)) = open.last_mut() {
                    t.end_cell();
                }
                open.push((opened, Open::default()));
                opened += 1;
            }
            (true, "table") => {
                if let Some((i, mut t)) = open.pop() {
                    t.end_cell();
                    done.push((i, t.rows));
                }
            }
            (false, "tr") => {
                if let Some((_, t)) = open.last_mut() {
                    t.end_cell();
                    t.rows.push(Vec::new());
                }
            }
            (true, "tr" | "td" | "th") => {
                if let Some((_, t)) = open.last_mut() {
                    t.end_cell();
                }
            }
            (false, "td" | "th") => {
                if let Some((_, t)) = open.last_mut() {
                    t.end_cell();
                    let span = colspan(&tag[name_len..]);
                    cells += span;
                    if cells > MAX_CELLS {
                        return Err(FatalError::WorkbookTooLarge);
                    }
                    t.cell = Some((String::new(), span));
                }
            }
            // A line break or a block inside a cell separates its words.
            (_, "br" | "p" | "div" | "li") => {
                if let Some(text) = cell_text(&mut open) {
                    text.push(' ');
                }
            }
            _ => {}
        }
    }
    // Tables left open at the end (a page cut short) are read as they are.
    while let Some((i, mut t)) = open.pop() {
        t.end_cell();
        done.push((i, t.rows));
    }
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().map(|(_, rows)| rows).collect())
}

/// The text of the cell being read in the innermost open table, if any.
fn cell_text(open: &mut [(usize, Open)]) -> Option<&mut String> {
    open.last_mut()?.1.cell.as_mut().map(|(text, _)| text)
}

/// Where the tag that `s` starts with ends (after its `>`), quotes in it kept whole.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// Where `needle` (lowercase ASCII) first is in `s`, any case.
fn find_ci(s: &str, needle: &str) -> Option<usize> {
    s.as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// A cell's `colspan`, 1 to [`MAX_SPAN`] (1 when absent or unreadable).
fn colspan(attributes: &str) -> usize {
    let Some(at) = find_ci(attributes, "colspan") else {
        return 1;
    };
    let value = attributes[at + 7..]
        .trim_start()
        .strip_prefix('=')
        .unwrap_or("")
        .trim_start()
        .trim_start_matches(['"', '\'']);
    let digits = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    value[..digits]
        .parse::<usize>()
        .map_or(1, |n| n.clamp(1, MAX_SPAN))
}

/// Appends `text` with its character references decoded (`&amp;`, `&nbsp;`, `&#233;`,
/// `&#xE9;`); an unknown one is kept as written.
fn decode_entities(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.bytes().take(12).position(|b| b == b';');
        let decoded = semi.and_then(|s| entity(&rest[1..s]).map(|c| (c, s + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character a reference's name (between `&` and `;`) stands for.
fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix| u32::from_str_radix(digits, radix).ok();
    let code = match name.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => number(hex, 16)?,
            None => number(n, 10)?,
        },
        None => match name {
            "amp" => '&' as u32,
            "lt" => '<' as u32,
            "gt" => '>' as u32,
            "quot" => '"' as u32,
            "apos" => '\'' as u32,
            "nbsp" => ' ' as u32,
            "euro" => '€' as u32,
            "eacute" => 'é' as u32,
            "egrave" => 'è' as u32,
            "agrave" => 'à' as u32,
            "ccedil" => 'ç' as u32,
            _ => return None,
        },
    };
    char::from_u32(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Salesforce's "Excel Format .xls": an HTML page, a title row spanning the
    /// table, the header in `th` cells, a footer.
    const REPORT: &str = "\u{feff}<html><head><meta charset=\"utf-8\"><style>td { color: red }</style></head>\n\
        <body><table border=\"1\">\n\
        <tr><td colspan=\"4\"><b>Opportunities by Owner</b></td></tr>\n\
        <tr><th>Opportunity Owner</th><th>Stage</th><th>Amount</th><th>Close Date</th></tr>\n\
        <tr><td>Alice Martin</td><td>Closed Won</td><td>12,000.00</td><td>2/10/2025</td></tr>\n\
        <tr><td>Bob&nbsp;Durand</td><td>Closed Lost</td><td></td><td>2/12/2025</td></tr>\n\
        <tr><td>Chlo&eacute; &amp; Co</td><td>Prospecting<br>(new)</td><td>1&#160;500</td><td>3/1/2025</td></tr>\n\
        </table>\n<table><tr><td>Confidential Information - Do Not Distribute</td></tr></table>\n\
        </body></html>";

    #[test]
    fn an_html_report_is_told_from_its_first_bytes() {
        assert!(is_html(REPORT.as_bytes()));
        assert!(is_html(b"  \n<TABLE><tr><td>a</td></tr></TABLE>"));
        assert!(is_html(b"<!DOCTYPE html><html>"));
        assert!(!is_html(b"campaign,leads\n<b>,1\n"));
        assert!(!is_html(b"PK\x03\x04"));
        assert!(!is_html(b""));
    }

    #[test]
    fn its_table_is_read_as_a_sheet() {
        let s = sheet_text(REPORT.as_bytes()).unwrap();
        assert_eq!(
            s.text,
            "Opportunities by Owner\t\t\t\n\
             Opportunity Owner\tStage\tAmount\tClose Date\n\
             Alice Martin\tClosed Won\t12,000.00\t2/10/2025\n\
             Bob Durand\tClosed Lost\t\t2/12/2025\n\
             Chloé & Co\tProspecting (new)\t1 500\t3/1/2025\n"
        );
        let import =
            super::super::import_sheet_text(&s.text, &s.sheet, 0, &Default::default()).unwrap();
        assert_eq!(import.rows, 3);
        assert_eq!(import.errors.len(), 0, "{:?}", import.errors);
        let won: f64 = import
            .combos
            .iter()
            .filter_map(|c| c.inputs.get(crate::kpi::Input::Converted))
            .sum();
        assert_eq!(won, 1.0);
        assert_eq!(import.sheet, None);
    }

    #[test]
    fn the_first_table_with_a_header_is_chosen_and_tags_are_kept_whole() {
        let html =
            "<table><tr><td>Menu</td><td><table><tr><td>x</td></tr></table></td></tr></table>\
            <!-- <table><tr><td>campaign</td></tr></table> -->\
            <table><tr><th title='a > b'>Campaign</th><th>Leads</th><th>Converted</th></tr>\
            <tr><td>A</td><td>10<td>2</tr></table>";
        let s = sheet_text(html.as_bytes()).unwrap();
        assert_eq!(s.text, "Campaign\tLeads\tConverted\nA\t10\t2\n");
        // No header anywhere: the first table's row, for the error to name.
        let none = sheet_text(b"<table><tr><td>a</td><td>b</td></tr></table>").unwrap();
        assert_eq!(none.text, "a\tb\n");
        assert!(matches!(
            sheet_text(b"<html><p>hi</p></html>"),
            Err(FatalError::NoSheetWithHeader { .. })
        ));
    }

    #[test]
    fn a_page_in_windows_1252_is_decoded() {
        let bytes = b"<table><tr><th>Campaign</th><th>Leads</th></tr><tr><td>Soci\xe9t\xe9 \x80</td><td>3</td></tr></table>";
        assert_eq!(
            sheet_text(bytes).unwrap().text,
            "Campaign\tLeads\nSociété €\t3\n"
        );
    }

    #[test]
    fn any_bytes_read_without_a_panic() {
        let mut next = crate::hash::xorshift(0x9e37_79b9_7f4a_7c15);
        const BYTES: &[u8] = b"<>/=\"'&#;x tdrhableTDcolspan9\n-!";
        for _ in 0..5000 {
            let n = (next() % 80) as usize;
            let bytes: Vec<u8> = (0..n)
                .map(|_| BYTES[(next() % BYTES.len() as u64) as usize])
                .collect();
            let _ = is_html(&bytes);
            let _ = sheet_text(&bytes);
        }
        let _ = sheet_text("<td>é&#x1F600;&#99999999;&#xD800;&".as_bytes());
    }
}
