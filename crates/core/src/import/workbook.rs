//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`), read with calamine (contract §3).
//!
//! Typed cells reach the importer as values, whatever the workbook's locale: a
//! number cell is written as a plain `1234.5`, a date cell as `2025-03-14`, a yes/no
//! cell as `true`/`false`; only text cells are read as the user wrote them. Each
//! sheet row is one line, so a reported line is the sheet's row, and a row error
//! names its cell (`Campagnes!D7`).

use super::{import_sheet_text, FatalError, Import, ImportOptions};
use calamine::{open_workbook_auto_from_rs, Data, DataRef, Dimensions, Range, Reader, Xlsx};
use std::io::Cursor;

/// The largest workbook file read.
pub const MAX_FILE: usize = 200 << 20;
/// The largest part of a workbook (a sheet's XML, its shared strings), as declared.
const MAX_PART: u64 = 512 << 20;
/// All parts together.
const MAX_PARTS: u64 = 1 << 30;
/// A part that inflates more than this many times its size is a zip bomb.
const MAX_RATIO: u64 = 250;
/// The most cells of a sheet read: far beyond a real export, well within memory.
pub const MAX_CELLS: usize = 20_000_000;

pub use super::workbook_magic as is_workbook;

/// A workbook's sheets, in order.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, FatalError> {
    let book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| FatalError::Workbook(e.to_string()))?;
    Ok(book.sheet_names())
}

pub use super::SheetText;

/// An imported sheet.
pub struct SheetImport {
    /// The sheet read.
    pub sheet: String,
    /// Its import.
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

/// The checks a workbook passes before calamine reads it: its size, its zip parts
/// (declared sizes and ratios), a password, a compound file's sector chains (calamine
/// follows them without looking for cycles) and the cells an .xls declares (calamine
/// reserves them before reading). calamine's .xls reader still builds each sheet as
/// a dense range over its cells' extreme positions, so a damaged .xls can exhaust
/// memory: the page reads workbooks in a worker and the CLI in a child process, so
/// that it ends that read, not the program.
pub fn check_workbook(bytes: &[u8]) -> Result<(), FatalError> {
    if bytes.len() > MAX_FILE {
        return Err(FatalError::WorkbookTooLarge);
    }
    if !is_workbook(bytes) {
        return Err(FatalError::WorkbookDamaged);
    }
    if bytes.starts_with(b"PK") {
        return check_zip(bytes);
    }
    if is_protected(bytes) {
        return Err(FatalError::WorkbookProtected);
    }
    if !compound_file_is_sound(bytes) {
        return Err(FatalError::WorkbookDamaged);
    }
    if xls_declares_too_many_cells(bytes) {
        return Err(FatalError::WorkbookTooLarge);
    }
    Ok(())
}

/// The chosen sheet, or the first whose first non-blank row is a recognisable
/// header, as text. A hostile workbook (too large, a zip bomb, a sheet of a billion
/// cells, malformed, password-protected) is one clear error, never a crash.
pub fn sheet_text(bytes: &[u8], sheet: Option<&str>) -> Result<SheetText, FatalError> {
    // Salesforce's "Excel Format .xls": an HTML table.
    if super::html::is_html(bytes) {
        return super::html::sheet_text(bytes);
    }
    check_workbook(bytes)?;
    if bytes.starts_with(b"PK") {
        // .xlsx and .xlsm: cells streamed one by one, never a dense sheet.
        if let Ok(book) = Xlsx::new(Cursor::new(bytes)) {
            return xlsx_text(book, bytes, sheet);
        }
    }
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| FatalError::Workbook(e.to_string()))?;
    let names = book.sheet_names();
    let chosen = chosen_sheets(&names, sheet)?;
    let mut first_error = None;
    for name in &chosen {
        let range = match book.worksheet_range(name) {
            Ok(r) => r,
            Err(e) => {
                first_error.get_or_insert(FatalError::Workbook(e.to_string()));
                continue;
            }
        };
        let header = super::header_row(
            range
                .rows()
                .map(|row| row.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
        );
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

/// The sheet asked for (any case), or every sheet in order.
fn chosen_sheets(names: &[String], sheet: Option<&str>) -> Result<Vec<String>, FatalError> {
    match sheet {
        Some(want) => names
            .iter()
            .find(|n| n.as_str() == want || n.eq_ignore_ascii_case(want))
            .map(|n| vec![n.clone()])
            .ok_or_else(|| FatalError::NoSheet {
                sheet: want.to_string(),
                sheets: names.to_vec(),
            }),
        None => Ok(names.to_vec()),
    }
}

/// A zip's parts, as declared, within bounds: no part too large, none inflating like
/// a zip bomb, not too much in all.
fn check_zip(bytes: &[u8]) -> Result<(), FatalError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| FatalError::Workbook(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| FatalError::Workbook(e.to_string()))?;
        let (size, packed) = (part.size(), part.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > MAX_PART || total > MAX_PARTS || size / packed > MAX_RATIO && size > (1 << 20) {
            return Err(FatalError::WorkbookTooLarge);
        }
    }
    Ok(())
}

/// Whether an Office compound file (.xls) has sound sector chains: its DIFAT, FAT,
/// directory and every stream end within the file's sectors, with no cycle and no
/// index out of its tables. calamine (0.35) follows them without those checks, so a
/// damaged file could make it loop forever, growing its memory, or panic.
fn compound_file_is_sound(b: &[u8]) -> bool {
    const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
    const FREESECT: u32 = 0xFFFF_FFFF;
    const RESERVED: u32 = 0xFFFF_FFFA;
    let u16_at = |i: usize| b.get(i..i + 2).map(|x| u16::from_le_bytes([x[0], x[1]]));
    let u32_at = |data: &[u8], i: usize| {
        data.get(i..i + 4)
            .map(|x| u32::from_le_bytes([x[0], x[1], x[2], x[3]]))
    };
    let Some(shift) = u16_at(0x1E) else {
        return false;
    };
    if shift != 9 && shift != 12 {
        return false;
    }
    let size = 1usize << shift;
    let max_id = b.len() / size;
    let sector = |id: u32| -> Option<&[u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(size)?;
        b.get(start..start.checked_add(size)?)
    };
    let ids =
        |s: &[u8]| -> Vec<u32> { (0..s.len() / 4).filter_map(|i| u32_at(s, i * 4)).collect() };
    // DIFAT: the header's 109 entries, then a chain of DIFAT sectors.
    let mut difat: Vec<u32> = (0..109).filter_map(|i| u32_at(b, 0x4C + i * 4)).collect();
    let Some(mut id) = u32_at(b, 0x44) else {
        return false;
    };
    let mut steps = 0;
    while id < RESERVED {
        steps += 1;
        let Some(s) = sector(id).filter(|_| steps <= max_id) else {
            return false;
        };
        let mut more = ids(s);
        id = more.pop().unwrap_or(ENDOFCHAIN);
        difat.extend(more);
    }
    let mut fat = Vec::new();
    for &id in difat.iter().filter(|&&id| id < 0xFFFF_FFFC) {
        match sector(id) {
            Some(s) if fat.len() <= max_id * size => fat.extend(ids(s)),
            _ => return false,
        }
    }
    // A chain ends, within the file, without a cycle.
    let ends = |start: u32, table: &[u32], limit: usize| {
        let (mut id, mut steps) = (start, 0);
        while id != ENDOFCHAIN && id != FREESECT {
            steps += 1;
            match table.get(id as usize) {
                Some(&next) if steps <= limit => id = next,
                _ => return false,
            }
        }
        true
    };
    let (Some(dir_start), Some(mini_fat_start)) = (u32_at(b, 0x30), u32_at(b, 0x3C)) else {
        return false;
    };
    if !ends(dir_start, &fat, max_id) || !ends(mini_fat_start, &fat, max_id) {
        return false;
    }
    // Every directory entry's stream: big ones through the FAT, small ones through
    // the mini FAT (whose own sectors are checked above).
    let mut dirs = Vec::new();
    let mut id = dir_start;
    while id != ENDOFCHAIN && id != FREESECT {
        match (sector(id), fat.get(id as usize)) {
            (Some(s), Some(&next)) if dirs.len() <= max_id * size => {
                dirs.extend_from_slice(s);
                id = next;
            }
            _ => return false,
        }
    }
    let mut mini_fat = Vec::new();
    let mut id = mini_fat_start;
    while id != ENDOFCHAIN && id != FREESECT {
        match (sector(id), fat.get(id as usize)) {
            (Some(s), Some(&next)) if mini_fat.len() <= max_id * size => {
                mini_fat.extend(ids(s));
                id = next;
            }
            _ => return false,
        }
    }
    let mini_limit = max_id * (size / 64);
    dirs.chunks(128).all(|entry| {
        let (Some(start), Some(len)) = (u32_at(entry, 0x74), u32_at(entry, 0x78)) else {
            return true;
        };
        let root = entry.get(0x42) == Some(&5);
        if len == 0 && !root {
            return true;
        }
        if root || len >= 4096 {
            ends(start, &fat, max_id)
        } else {
            ends(start, &mini_fat, mini_limit)
        }
    })
}

/// Whether an .xls declares a sheet (its DIMENSIONS record, read as calamine reads
/// it) of more than [`MAX_CELLS`] cells. Records are looked for in the raw file:
/// a small record sits whole in a sector.
fn xls_declares_too_many_cells(bytes: &[u8]) -> bool {
    let u16_at = |b: &[u8], i: usize| u16::from_le_bytes([b[i], b[i + 1]]) as u32;
    let u32_at = |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (0..bytes.len().saturating_sub(4)).any(|i| {
        let (len, data) = match &bytes[i..] {
            [0x00, 0x02, 0x0E, 0x00, rest @ ..] if rest.len() >= 14 => (14, rest),
            [0x00, 0x02, 0x0A, 0x00, rest @ ..] if rest.len() >= 10 => (10, rest),
            _ => return false,
        };
        let (rf, rl, mut cf, cl) = if len == 10 {
            (
                u16_at(data, 0),
                u16_at(data, 2),
                u16_at(data, 4),
                u16_at(data, 6),
            )
        } else {
            (
                u32_at(data, 0),
                u32_at(data, 4),
                u16_at(data, 8),
                u16_at(data, 10),
            )
        };
        if 0xFF < cf || cl < cf {
            cf = 0;
        }
        if rl == 0 || cl == 0 {
            return false;
        }
        let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1) as u64;
        let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1) as u64;
        rows.saturating_mul(cols) > MAX_CELLS as u64
    })
}

/// An Office file encrypted with a password: a compound file holding an
/// `EncryptedPackage` stream (its name is UTF-16 in the directory).
fn is_protected(bytes: &[u8]) -> bool {
    const NAME: &[u8] = b"E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
    bytes.windows(NAME.len()).any(|w| w == NAME)
}

/// A streamed cell: its position and its text, a span of the sheet's one buffer
/// (a million rows' cells are not a million allocations).
#[derive(Clone, Copy)]
struct Cell {
    row: u32,
    col: u32,
    start: u32,
    len: u32,
}

impl Cell {
    fn text(self, texts: &[u8]) -> &[u8] {
        let start = self.start as usize;
        texts
            .get(start..start + self.len as usize)
            .unwrap_or_default()
    }
}

/// An .xlsx sheet read cell by cell (calamine's cell reader): a sheet declaring
/// `A1:XFD1048576`, or with cells at both ends, costs its cells, not rows × columns.
fn xlsx_text(
    mut book: Xlsx<Cursor<&[u8]>>,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<SheetText, FatalError> {
    let names = book.sheet_names();
    let may_merge = sheets_may_merge(bytes);
    let chosen = chosen_sheets(&names, sheet)?;
    let mut first_error = None;
    for name in &chosen {
        // The common case as the cells come: in order, none merged.
        let read = match may_merge {
            false => streamed_text(&mut book, name).transpose(),
            true => None,
        };
        let read = read.unwrap_or_else(|| collected_text(&mut book, name, may_merge));
        let s = match read {
            Ok(s) => s,
            Err(e) => {
                first_error.get_or_insert(e);
                continue;
            }
        };
        let recognised = s.header.is_some_and(|h| super::header_is_recognised(&h));
        if recognised || sheet.is_some() {
            return Ok(SheetText {
                sheet: name.clone(),
                sheets: names,
                first_col: s.first_col,
                text: s.text,
            });
        }
    }
    Err(first_error.unwrap_or(FatalError::NoSheetWithHeader { sheets: names }))
}

/// A sheet's text from all its cells, kept and put in order, with the values merged
/// down over rows written in each (`look_for_merges`: whether to; calamine parses
/// the whole sheet again to find them).
fn collected_text(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    look_for_merges: bool,
) -> Result<Sheet, FatalError> {
    let error = |e: calamine::XlsxError| FatalError::Workbook(e.to_string());
    let mut cells: Vec<Cell> = Vec::new();
    let mut texts: Vec<u8> = Vec::new();
    let mut reader = book.worksheet_cells_reader(name).map_err(error)?;
    while let Some(cell) = reader.next_cell().map_err(error)? {
        let (row, col) = cell.get_position();
        let start = texts.len();
        write_ref(&mut texts, cell.get_value());
        if texts.len() == start {
            continue;
        }
        let (Ok(start), Ok(len)) = (u32::try_from(start), u32::try_from(texts.len() - start))
        else {
            return Err(FatalError::WorkbookTooLarge);
        };
        if cells.len() >= MAX_CELLS || texts.len() > u32::MAX as usize {
            return Err(FatalError::WorkbookTooLarge);
        }
        cells.push(Cell {
            row,
            col,
            start,
            len,
        });
    }
    drop(reader);
    let mut order = if cells.is_sorted_by_key(|c| (c.row, c.col)) {
        cells
    } else {
        crate::hash::sorted(cells, &|a, b| (a.row, a.col).cmp(&(b.row, b.col)))
    };
    if look_for_merges {
        if let Some(Ok(merges)) = book.worksheet_merge_cells(name) {
            order = merged_down(order, &merges);
        }
    }
    let first_col = order.iter().map(|c| c.col).min().unwrap_or(0);
    let rows = order.chunk_by(|a, b| a.row == b.row);
    let cell_string = |c: &Cell| String::from_utf8_lossy(c.text(&texts)).into_owned();
    Ok(Sheet {
        header: super::header_row(rows.map(|r| r.iter().map(cell_string).collect())),
        first_col,
        text: cells_text(&order, &texts, first_col),
    })
}

/// A sheet as the importer's text, and its header row if it has one.
struct Sheet {
    text: String,
    first_col: u32,
    header: Option<Vec<String>>,
}

/// A sheet's text written as its cells come, when they come in order (by row, then
/// column, as spreadsheet programs and CRMs write them): no cell is kept but the
/// first rows', for the header, so a large export costs its text only. The same
/// text as [`cells_text`]. `Ok(None)`: a cell came out of order.
fn streamed_text(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Option<Sheet>, FatalError> {
    // The rows [`super::header_row`] may read: the titles and the header.
    const HEAD_ROWS: usize = 16;
    let error = |e: calamine::XlsxError| FatalError::Workbook(e.to_string());
    let mut reader = book.worksheet_cells_reader(name).map_err(error)?;
    let mut out: Vec<u8> = Vec::new();
    let mut value: Vec<u8> = Vec::new();
    let mut head: Vec<(u32, Vec<String>)> = Vec::new();
    let (mut row, mut col) = (0u32, 0u32);
    let mut last: Option<(u32, u32)> = None;
    let (mut first_col, mut cells) = (u32::MAX, 0usize);
    while let Some(cell) = reader.next_cell().map_err(error)? {
        value.clear();
        write_ref(&mut value, cell.get_value());
        if value.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        if last.is_some_and(|l| l >= (r, c)) {
            return Ok(None);
        }
        last = Some((r, c));
        cells += 1;
        if cells > MAX_CELLS {
            return Err(FatalError::WorkbookTooLarge);
        }
        first_col = first_col.min(c);
        while row < r {
            out.push(b'\n');
            row += 1;
            col = 0;
        }
        while col < c {
            out.push(b'\t');
            col += 1;
        }
        out.extend_from_slice(&value);
        let text = || String::from_utf8_lossy(&value).into_owned();
        let rows = head.len();
        match head.last_mut() {
            Some((at, cells)) if *at == r => cells.push(text()),
            _ if rows < HEAD_ROWS => head.push((r, vec![text()])),
            _ => {}
        }
    }
    out.push(b'\n');
    // Each line's first `first_col` cells are empty: the text starts at that column,
    // as a sheet's table a column in is read.
    let first_col = if first_col == u32::MAX { 0 } else { first_col };
    if first_col > 0 {
        let (mut write, mut at_start, mut skipped) = (0, true, 0);
        for read in 0..out.len() {
            let b = out[read];
            if at_start && b == b'\t' && skipped < first_col {
                skipped += 1;
                continue;
            }
            at_start = b == b'\n';
            if at_start {
                skipped = 0;
            }
            out[write] = b;
            write += 1;
        }
        out.truncate(write);
    }
    let header = super::header_row(head.into_iter().map(|(_, cells)| cells));
    Ok(Some(Sheet {
        // Each cell was written from a `str`.
        text: String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        first_col,
        header,
    }))
}

/// Whether any worksheet of an .xlsx may have merged cells: its XML (or another
/// part's, but the shared strings') names a `mergeCell`; a cell's text written in
/// the sheet cannot hold a `<`, and one naming it only costs the full reading.
/// Inflating the parts to look is several times faster than parsing the sheet
/// again, as calamine does for its merges (a 200,000-row export: 2 s of 8).
fn sheets_may_merge(bytes: &[u8]) -> bool {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let finder = memchr::memmem::Finder::new(b"mergeCell");
    let keep = b"mergeCell".len() - 1;
    let mut buf = vec![0u8; 64 << 10];
    for i in 0..zip.len() {
        let Ok(mut part) = zip.by_index(i) else {
            return true;
        };
        // The worksheets, wherever the workbook's relations put them (not the shared
        // strings, which hold the cells' texts).
        let name = part.name().to_ascii_lowercase();
        if !name.ends_with(".xml") || name.ends_with("sharedstrings.xml") {
            continue;
        }
        // The tail of the last read, so that a name cut between reads is found.
        let mut held = 0;
        loop {
            match std::io::Read::read(&mut part, &mut buf[held..]) {
                Ok(0) => break,
                Ok(n) => {
                    let end = held + n;
                    if finder.find(&buf[..end]).is_some() {
                        return true;
                    }
                    held = keep.min(end);
                    buf.copy_within(end - held..end, 0);
                }
                Err(_) => return true,
            }
        }
    }
    false
}

/// Sorted cells with each value merged down over rows (a channel's cell merged over
/// its campaigns' rows, as people lay out their sheets) written in every row it
/// covers, in its first column: a merge across columns only (a title over the
/// table) stays one cell. Within the rows that have cells, and at most
/// [`MAX_CELLS`] in all.
fn merged_down(cells: Vec<Cell>, merges: &[Dimensions]) -> Vec<Cell> {
    let last_row = cells.last().map_or(0, |c| c.row);
    let at = |cells: &[Cell], row: u32, col: u32| {
        cells.binary_search_by(|c| (c.row, c.col).cmp(&(row, col)))
    };
    let mut more = Vec::new();
    for m in merges {
        let ((top, col), bottom) = (m.start, m.end.0.min(last_row));
        if bottom <= top {
            continue;
        }
        let Ok(first) = at(&cells, top, col) else {
            continue;
        };
        for row in top + 1..=bottom {
            if cells.len() + more.len() >= MAX_CELLS {
                break;
            }
            if at(&cells, row, col).is_err() {
                more.push(Cell {
                    row,
                    col,
                    ..cells[first]
                });
            }
        }
    }
    if more.is_empty() {
        return cells;
    }
    let mut all = cells;
    all.extend(more);
    let mut all = crate::hash::sorted(all, &|a, b| (a.row, a.col).cmp(&(b.row, b.col)));
    // Overlapping merges (a damaged file) fill a cell once.
    all.dedup_by(|a, b| (a.row, a.col) == (b.row, b.col));
    all
}

/// Sorted cells as tab-separated lines, one per sheet row from the first (so that a
/// line number is a sheet row), each row as wide as its own last cell.
fn cells_text(cells: &[Cell], texts: &[u8], first_col: u32) -> String {
    let mut out = Vec::with_capacity(texts.len() + cells.len() + 1);
    let (mut row, mut col) = (0u32, first_col);
    for &cell in cells {
        while row < cell.row {
            out.push(b'\n');
            row += 1;
            col = first_col;
        }
        while col < cell.col {
            out.push(b'\t');
            col += 1;
        }
        out.extend_from_slice(cell.text(texts));
    }
    out.push(b'\n');
    // Each cell was written from a `str`.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// One streamed cell as the importer reads it (see [`write_cell`]).
fn write_ref(out: &mut Vec<u8>, cell: &DataRef<'_>) {
    match cell {
        DataRef::SharedString(s) => text(out, s),
        DataRef::Int(v) => write_cell(out, &Data::Int(*v)),
        DataRef::Float(v) => write_cell(out, &Data::Float(*v)),
        DataRef::Bool(b) => write_cell(out, &Data::Bool(*b)),
        DataRef::DateTime(d) => write_cell(out, &Data::DateTime(*d)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => text(out, s),
        DataRef::Error(e) => text(out, &format!("#{e:?}")),
        DataRef::Empty => {}
    }
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
/// form, texts quoted where they hold a tab or a quote and on one line. Written in
/// place (a sheet has millions of cells).
fn write_cell(out: &mut Vec<u8>, cell: &Data) {
    use std::io::Write;
    // Writing to a `Vec` cannot fail.
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::Int(v) => write!(out, "{v}"),
        Data::Float(v) => number(out, *v),
        Data::Bool(b) => out.write_all(if *b { b"true" } else { b"false" }),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                write!(out, "{y:04}-{m:02}-{day:02}")
            } else {
                write!(out, "{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
            }
        }
        // A duration is a number of days.
        Data::DateTime(d) => number(out, d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) | Data::String(s) => {
            text(out, s);
            Ok(())
        }
        Data::Error(e) => {
            text(out, &format!("#{e:?}"));
            Ok(())
        }
    };
}

/// A finite number as Rust writes it (`1234.5`, `0.1`); nothing for NaN or infinity.
fn number(out: &mut Vec<u8>, v: f64) -> std::io::Result<()> {
    use std::io::Write;
    if v.is_finite() {
        write!(out, "{v}")
    } else {
        Ok(())
    }
}

fn text(out: &mut Vec<u8>, s: &str) {
    // Most cells: nothing to quote or join.
    if !s.bytes().any(|b| matches!(b, b'\r' | b'\n' | b'\t' | b'"')) {
        out.extend_from_slice(s.as_bytes());
        return;
    }
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

/// A report as Salesforce's formatted export lays it out: its title, date and
/// filters above the table, the table a column in, subtotals and a footer below.
#[cfg(all(test, feature = "xlsx"))]
mod report_tests {
    use super::*;
    use crate::import::Notice;
    use rust_xlsxwriter::Workbook;

    #[test]
    fn a_sheet_is_read_past_its_title_and_footer() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Report").unwrap();
        sheet.write_string(0, 0, "Opportunities by Owner").unwrap();
        sheet.write_string(1, 0, "As of 3/14/2025 9:15 AM").unwrap();
        sheet
            .write_string(2, 0, "Filtered By: Close Date: Current FY")
            .unwrap();
        let header = [
            "Opportunity Owner",
            "Stage",
            "Amount",
            "Created Date",
            "Lead Source",
        ];
        for (c, h) in header.iter().enumerate() {
            sheet.write_string(4, 1 + c as u16, *h).unwrap();
        }
        let rows = [
            ("Alice Martin", "Closed Won", 12000.0, "1/6/2025", "Web"),
            ("Alice Martin", "Prospecting", 5500.0, "3/1/2025", "Web"),
            (
                "Bob Stone",
                "Closed Lost",
                3000.0,
                "2/6/2025",
                "Phone Inquiry",
            ),
        ];
        for (r, (owner, stage, amount, created, source)) in rows.into_iter().enumerate() {
            let r = 5 + r as u32;
            sheet.write_string(r, 1, owner).unwrap();
            sheet.write_string(r, 2, stage).unwrap();
            sheet.write_number(r, 3, amount).unwrap();
            sheet.write_string(r, 4, created).unwrap();
            sheet.write_string(r, 5, source).unwrap();
        }
        sheet
            .write_string(8, 1, "Grand Totals (3 records)")
            .unwrap();
        sheet.write_number(8, 3, 20500.0).unwrap();
        sheet
            .write_string(10, 1, "Confidential Information - Do Not Distribute")
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();

        let read = import_workbook(&bytes, None, &ImportOptions::default()).unwrap();
        let import = read.import;
        assert_eq!(read.sheet, "Report");
        assert_eq!(import.kind, crate::import::FileKind::Leads);
        assert_eq!((import.rows, import.rows_skipped), (5, 2));
        let leads: f64 = import
            .combos
            .iter()
            .filter_map(|c| c.inputs.get(crate::vocabulary::Input::Leads))
            .sum();
        assert_eq!(leads, 3.0);
        let owners: Vec<_> = import
            .combos
            .iter()
            .filter_map(|c| c.owner.as_deref())
            .collect();
        assert!(owners
            .iter()
            .all(|o| ["Alice Martin", "Bob Stone"].contains(o)));
        // The title's three lines, the total and the footer, each said with its row.
        let said: Vec<(Option<u64>, &Notice)> = import
            .warnings
            .iter()
            .map(|w| (w.line, &w.notice))
            .filter(|(_, n)| matches!(n, Notice::TextLine { .. } | Notice::TotalRowSkipped { .. }))
            .collect();
        let lines: Vec<_> = said.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [Some(1), Some(2), Some(3), Some(9), Some(11)]);
        assert!(
            matches!(said[3].1, Notice::TotalRowSkipped { label } if label == "Grand Totals (3 records)")
        );
    }

    /// A sheet laid out by hand: each channel's cell merged down over its
    /// campaigns, the title merged across the table.
    #[test]
    fn a_sheet_streamed_is_the_sheet_collected() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Report").unwrap();
        // A title, a blank row, the table a column in with gaps, typed cells and
        // texts to quote, a footer.
        sheet.write_string(0, 1, "Pipeline report").unwrap();
        for (c, h) in ["Campaign", "Stage", "Amount", "Create Date", "Won"]
            .iter()
            .enumerate()
        {
            sheet.write_string(2, 1 + c as u16, *h).unwrap();
        }
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2025, 3, 14).unwrap();
        let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
        for r in 3..40u32 {
            sheet
                .write_string(r, 1, format!("C{}\t\"x\"\nend", r % 4))
                .unwrap();
            if r % 3 != 0 {
                sheet.write_string(r, 2, "won").unwrap();
            }
            sheet.write_number(r, 3, f64::from(r) * 1.5).unwrap();
            sheet
                .write_datetime_with_format(r, 4, &date, &format)
                .unwrap();
            sheet.write_boolean(r, 5, r % 2 == 0).unwrap();
        }
        sheet.write_string(45, 1, "Confidential").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let open = || Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        let streamed = streamed_text(&mut open(), "Report").unwrap().unwrap();
        let collected = collected_text(&mut open(), "Report", true).unwrap();
        assert_eq!(streamed.text, collected.text);
        assert_eq!((streamed.first_col, collected.first_col), (1, 1));
        assert_eq!(streamed.header, collected.header);
        assert_eq!(streamed.header.unwrap()[0], "Campaign");
        assert!(streamed
            .text
            .starts_with("Pipeline report\n\nCampaign\tStage\tAmount\tCreate Date\tWon\n"));
        assert!(streamed
            .text
            .contains("\n\"C1\t\"\"x\"\" end\"\twon\t19.5\t2025-03-14\tfalse\n"));
    }

    #[test]
    fn merges_are_looked_for_only_in_a_book_that_has_some() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Export").unwrap();
        for (c, h) in ["Campaign", "Stage", "Note"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        // A text naming a merge is the shared strings', not the sheet's.
        sheet.write_string(1, 0, "A").unwrap();
        sheet.write_string(1, 1, "won").unwrap();
        sheet
            .write_string(1, 2, "<mergeCell ref=\"A1:A9\"/>")
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        assert!(!sheets_may_merge(&bytes));
        let read = import_workbook(&bytes, None, &ImportOptions::default()).unwrap();
        assert_eq!(read.import.rows, 1);
        // Not a zip: looked for (the reading says what is wrong).
        assert!(sheets_may_merge(b"PK\x03\x04 broken"));
    }

    #[test]
    fn a_value_merged_down_holds_for_every_row_it_covers() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet().set_name("Campagnes").unwrap();
        let plain = rust_xlsxwriter::Format::new();
        sheet
            .merge_range(0, 0, 0, 3, "Campagnes T1 2025", &plain)
            .unwrap();
        for (c, h) in ["Canal", "Campagne", "Leads", "Clients"].iter().enumerate() {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
        sheet.merge_range(2, 0, 4, 0, "email", &plain).unwrap();
        sheet.merge_range(5, 0, 6, 0, "salon", &plain).unwrap();
        let rows = [
            ("A", 10.0, 1.0),
            ("B", 20.0, 2.0),
            ("C", 30.0, 3.0),
            ("D", 40.0, 4.0),
            ("E", 50.0, 5.0),
        ];
        for (r, (name, leads, won)) in rows.into_iter().enumerate() {
            let r = 2 + r as u32;
            sheet.write_string(r, 1, name).unwrap();
            sheet.write_number(r, 2, leads).unwrap();
            sheet.write_number(r, 3, won).unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        assert!(sheets_may_merge(&bytes));
        let read = import_workbook(&bytes, None, &ImportOptions::default()).unwrap();
        let channels: Vec<_> = read
            .import
            .combos
            .iter()
            .map(|c| (&*c.name, c.channel.as_deref()))
            .collect();
        assert_eq!(
            channels,
            [
                ("A", Some("email")),
                ("B", Some("email")),
                ("C", Some("email")),
                ("D", Some("salon")),
                ("E", Some("salon"))
            ]
        );
        // The title, merged across, is one line of text.
        assert!(
            matches!(&read.import.warnings[0].notice, Notice::TextLine { text } if text == "Campagnes T1 2025")
        );
    }
}
