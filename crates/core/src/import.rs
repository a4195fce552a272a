//! The import of campaign spreadsheets and CRM lead exports (contract §2).
//!
//! An [`Importer`] takes the input as chunks of bytes pushed as they arrive and
//! aggregates as it goes, so a 100 MB export streams through in bounded memory.
//! Importing never fails because of a row: the result is the campaigns *and* the
//! row errors and warnings. Only a file that cannot be read at all (empty,
//! undecodable, no recognisable header, no data) gives a [`FatalError`].
//!
//! ```
//! use prospect_kpi_core::import::import;
//! use prospect_kpi_core::kpi::Kpi;
//!
//! let csv = "campaign;cost;leads;converted\nSpring;5 000 €;200;10\nAutumn;oops;100;5\n";
//! let result = import(csv.as_bytes(), &Default::default())?;
//! assert_eq!(result.campaigns().len(), 1);
//! assert_eq!(Kpi::CostPerLead.of(&result.campaigns()[0]), Ok(25.0));
//! assert_eq!(result.errors[0].line, 3);
//! # Ok::<(), prospect_kpi_core::import::FatalError>(())
//! ```

mod aggregate;
mod columns;
pub mod html;
mod leads;
mod notices;
mod parts;
mod records;
pub mod sample;
mod source;
mod values;
mod wire;
#[cfg(feature = "workbook")]
pub mod workbook;

pub use columns::{AggField, Column, ColumnOverride, FileKind, LeadField};
pub use notices::{ErrorGroup, FatalError, Notice, Problem, RowError, Warning};
pub use parts::{
    cut_points, head_of, header_end, import_in_parts, part_bounds, read_in_parts, Cuts, Part,
    CUT_WINDOW, MAX_PART_COMBINATIONS, MIN_PART_BYTES,
};
pub use parts::{import_on_threads, read_on_threads};
pub use records::{detect_encoding, TextEncoding};
pub use source::ExportSource;
pub use values::{check_kind, normalise, normalise_into, parse_date, parse_number, Date};

use crate::kpi::Campaign;
use aggregate::AggregateTable;
use columns::Header;
use leads::LeadTable;
use records::{Record, Records, TextDecoder};

/// How many row errors and warnings are listed; the rest are counted.
pub const MAX_LISTED: usize = 1000;

/// Choices that change how a file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Columns mapped by hand (the UI's mapping panel).
    pub overrides: Vec<ColumnOverride>,
    /// The delimiter, when it is known rather than detected (a workbook's sheet).
    pub delimiter: Option<u8>,
}

/// An imported file.
#[derive(Clone, Debug, PartialEq)]
pub struct Import {
    /// Whether the file has a row per campaign or per lead.
    pub kind: FileKind,
    /// The rows kept per combination of campaign, channel, owner and period, in order
    /// of first appearance: an aggregate file's rows, a lead file's leads counted per
    /// combination. Every grouping and filter is a roll-up of these ([`crate::group`]).
    pub combos: Vec<Campaign>,
    /// Which dimensions the file has columns for: campaign, channel, owner, period.
    pub dims: crate::group::PerDim<bool>,
    /// The CRM export the header was recognised as, if any.
    pub source: Option<ExportSource>,
    /// A workbook's sheet the rows come from (warnings name it).
    pub sheet: Option<String>,
    /// The first [`MAX_LISTED`] rows left out; `errors_total` counts them all.
    pub errors: Vec<RowError>,
    /// Every row left out, counted by column and problem (in order of first row).
    pub error_groups: Vec<ErrorGroup>,
    /// What the user should know, in the order met.
    pub warnings: Vec<Warning>,
    /// The header, and the key each column became.
    pub columns: Vec<Column>,
    /// Data rows read (blank lines aside), kept or not.
    pub rows: u64,
    /// Rows left out: errors and spreadsheet total rows.
    pub rows_skipped: u64,
    /// How many rows were left out, listed or not.
    pub errors_total: u64,
    /// The text encoding the file was read in.
    pub encoding: TextEncoding,
    /// The field delimiter found.
    pub delimiter: u8,
    /// Whether every combination has a campaign name of its own (a contact list
    /// read as leads): grouping by campaign then looks none up
    /// ([`crate::group::group_names_known`]).
    pub names_distinct: bool,
}

impl Import {
    /// The rows grouped by campaign, in order of first appearance (contract §3): a
    /// campaign per group, rolled up (a copy of every campaign: the page and the
    /// command line group through [`crate::group`] instead).
    pub fn campaigns(&self) -> Vec<Campaign> {
        crate::group::group_names_known(
            &self.combos,
            self.dims,
            crate::group::Dim::Campaign,
            &[],
            self.names_distinct,
        )
        .campaigns(&self.combos)
    }
}

/// Imports a whole file at once.
pub fn import(bytes: &[u8], options: &ImportOptions) -> Result<Import, FatalError> {
    let mut importer = Importer::new(options.clone());
    importer.expect_bytes(bytes.len() as u64);
    // In chunks: the first is held until the encoding is known (a whole file at
    // once would be copied twice).
    for chunk in bytes.chunks(MIN_PART_BYTES) {
        importer.push(chunk);
    }
    importer.finish()
}

/// A workbook's sheet as tab-separated text, one line per sheet row: what the
/// importer reads (made by `workbook::sheet_text`, in the CLI or the page's worker).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetText {
    /// The sheet read.
    pub sheet: String,
    /// Every sheet of the workbook, in order (for the page's sheet picker).
    pub sheets: Vec<String>,
    /// The 0-based column of the sheet's first cell (for column letters).
    pub first_col: u32,
    /// The whole text of a CSV or TSV file.
    pub text: String,
}

/// Imports a workbook's sheet given as tab-separated text (one line per sheet row,
/// as `workbook::sheet_text` makes it), naming each row error's cell
/// (`Campagnes!D7`) and each warning's sheet.
pub fn import_sheet_text(
    text: &str,
    sheet: &str,
    first_col: u32,
    options: &ImportOptions,
) -> Result<Import, FatalError> {
    let mut options = options.clone();
    options.delimiter = Some(b'\t');
    let mut import = import(text.as_bytes(), &options)?;
    let firsts = import.error_groups.iter_mut().map(|g| &mut g.first);
    for e in import.errors.iter_mut().chain(firsts) {
        let col = import
            .columns
            .iter()
            .position(|c| c.header == e.column)
            .unwrap_or(0) as u32;
        let letters = column_letters(first_col.saturating_add(col));
        // A sheet without a name (an HTML table): its cells alone.
        e.cell = Some(match sheet {
            "" => format!("{letters}{}", e.line),
            _ => format!("{sheet}!{letters}{}", e.line),
        });
    }
    import.sheet = (!sheet.is_empty()).then(|| sheet.to_string());
    Ok(import)
}

/// Whether bytes start as a workbook: a zip (.xlsx, .xlsm, .ods) or an Office
/// compound file (.xls, a password-protected .xlsx).
pub fn workbook_magic(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Whether bytes are read as a sheet, not streamed as CSV: a workbook
/// ([`workbook_magic`]) or an HTML table ([`html::is_html`], Salesforce's "Excel
/// Format .xls"). The page and the command line ask it of a file's first bytes.
pub fn sheet_magic(bytes: &[u8]) -> bool {
    workbook_magic(bytes) || html::is_html(bytes)
}

/// `A`, `B`, … `Z`, `AA`: the letters of a 0-based column.
pub fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let r = ((n - 1) % 26) as u8;
        letters.push(b'A' + r);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Whether a row of cells is a header the importer recognises.
pub fn header_is_recognised(headers: &[String]) -> bool {
    columns::map_header(headers, &[], &mut Vec::new()).is_some()
}

/// The row the importer takes for a header among a sheet's rows (their non-empty
/// cells): the first that is not blank, past lines of text above it (a report's
/// title, at most one cell each, as [`Importer`] skips them).
pub fn header_row(rows: impl IntoIterator<Item = Vec<String>>) -> Option<Vec<String>> {
    let mut titles = 0;
    for row in rows {
        let cells: Vec<String> = row.into_iter().filter(|c| !c.trim().is_empty()).collect();
        match cells.len() {
            0 => continue,
            _ if titles < MAX_TITLE_LINES && is_title(&cells, &[]) => titles += 1,
            _ => return Some(cells),
        }
    }
    None
}

/// Whether a line's non-empty cells above the header are a report's title, date or
/// filter: one cell that is no header by itself.
fn is_title(cells: &[String], overrides: &[ColumnOverride]) -> bool {
    cells.len() == 1 && columns::map_header(cells, overrides, &mut Vec::new()).is_none()
}

/// The file as text, decoded as the importer would (BOM, else UTF-8, else
/// Windows-1252), so that it can be kept and imported again.
pub fn decode_to_string(bytes: &[u8]) -> Result<String, FatalError> {
    let (encoding, bom) = records::detect_encoding(bytes)?;
    let mut decoder = TextDecoder::new(encoding).ok_or(FatalError::Undecodable)?;
    let mut text = Vec::with_capacity(bytes.len());
    decoder.decode(&bytes[bom..], true, &mut |t| text.extend_from_slice(t));
    Ok(match String::from_utf8(text) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Reads a costs file (`campaign` and `cost` columns, any of their synonyms) and
/// sets the cost of each campaign it names: lead files carry no cost of their own.
/// Bad rows and unknown campaigns are warnings.
pub fn apply_costs(import: &mut Import, bytes: &[u8]) -> Result<(), FatalError> {
    let text = decode_to_string(bytes)?.into_bytes();
    let delimiter = records::detect_delimiter(&text);
    let mut records = Records::new(delimiter, records::detect_cr_lines(&text));
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut collect = |line, r: Record<'_>| {
        if !r.is_blank() {
            rows.push((line, r.iter().map(values::cell_text).collect()));
        }
    };
    records.feed(&text, &mut collect);
    records.finish(&mut collect);
    let Some((_, headers)) = rows.first() else {
        return Err(FatalError::Empty);
    };
    let find = |field: AggField| {
        headers
            .iter()
            .position(|h| field.synonyms().contains(&normalise(h).as_str()))
    };
    let (Some(name_col), Some(cost_col)) = (
        find(AggField::Campaign),
        find(AggField::Input(crate::kpi::Input::Cost)),
    ) else {
        return Err(FatalError::NoHeader {
            headers: headers.clone(),
        });
    };
    let cost_header = headers[cost_col].clone();
    let mut warnings = Vec::new();
    for (line, row) in rows.iter().skip(1) {
        let name = row.get(name_col).map_or("", |s| s.as_str());
        let raw = row.get(cost_col).map_or("", |s| s.as_str());
        let cost = match values::parse_input(
            raw.as_bytes(),
            crate::kpi::InputKind::Money,
            delimiter == b',',
        ) {
            Ok(cost) => cost,
            Err(problem) => {
                warnings.push(Notice::CostsFileError(RowError {
                    line: *line,
                    column: cost_header.clone(),
                    value: raw.to_string(),
                    problem,
                    cell: None,
                }));
                continue;
            }
        };
        let shared = crate::group::distribute_cost(&mut import.combos, name, cost);
        if !shared {
            warnings.push(Notice::UnknownCostCampaign {
                name: name.to_string(),
            });
        }
    }
    import.warnings.extend(
        warnings
            .into_iter()
            .map(|notice| Warning { line: None, notice }),
    );
    Ok(())
}

/// Errors and warnings as they are collected, capped.
#[derive(Default)]
pub(crate) struct Report {
    errors: Vec<RowError>,
    error_groups: Vec<ErrorGroup>,
    warnings: Vec<Warning>,
    errors_total: u64,
    warnings_total: u64,
    rows: u64,
    skipped: u64,
    /// Rows with cells beyond the header's columns.
    extra_cells: u64,
    /// How many of the warnings the header gave (the first ones).
    header_warnings: u64,
}

impl Report {
    fn error(&mut self, e: RowError) {
        self.errors_total += 1;
        self.skipped += 1;
        // A file has a few columns and problems: a scan, not a map.
        match self
            .error_groups
            .iter_mut()
            .find(|g| g.problem == e.problem && g.column == e.column)
        {
            Some(g) => g.rows += 1,
            None => self.error_groups.push(ErrorGroup {
                column: e.column.clone(),
                problem: e.problem,
                rows: 1,
                first: e.clone(),
            }),
        }
        if self.errors.len() < MAX_LISTED {
            self.errors.push(e);
        }
    }

    fn warn(&mut self, line: Option<u64>, notice: Notice) {
        self.warnings_total += 1;
        if self.warnings.len() < MAX_LISTED {
            self.warnings.push(Warning { line, notice });
        }
    }
}

/// What the rows go into once the header is known.
enum Table {
    AwaitingHeader,
    Aggregate(Box<AggregateTable>),
    Leads(Box<LeadTable>),
}

/// The parts that exist once the encoding and the delimiter are known.
struct Stream {
    decoder: TextDecoder,
    records: Records,
}

/// A streaming import: `push` chunks, then `finish`.
pub struct Importer {
    options: ImportOptions,
    /// Bytes held until the encoding and the delimiter can be told.
    head: Vec<u8>,
    stream: Option<Stream>,
    encoding: TextEncoding,
    delimiter: u8,
    table: Table,
    columns: Vec<Column>,
    report: Report,
    fatal: Option<FatalError>,
    sniff_bytes: usize,
    /// A later part of a file ([`Importer::for_part`]): the line its own rows start
    /// on.
    part_start: Option<u64>,
    /// The file's size, when known ([`Importer::expect_bytes`]), until the room for
    /// its rows is planned.
    expected_bytes: Option<u64>,
    /// Bytes pushed so far.
    bytes_in: u64,
    /// Lines of text above the header (a report's title).
    titles: Titles,
    /// Lines that may be a report's footer, below the rows.
    footer: Footer,
    /// The header's first cell, trimmed: a row that starts with it may be the header
    /// again.
    header_first: Vec<u8>,
}

/// Lines of one cell, shorter than the header, after a blank line below the rows:
/// a report's footer ("Confidential Information - Do Not Distribute") if nothing
/// but more of them, totals and blank lines follow, else rows. Held until told.
#[derive(Default)]
struct Footer {
    /// The last line of the record before (0: none yet); a jump past it is a blank
    /// line.
    previous: u64,
    /// Whether a blank line came after the last row.
    after_blank: bool,
    /// A later part's start, until its first row or blank line: whether a blank
    /// line came before is the part before's to know.
    unknown: bool,
    /// The lines held: each one's line, its cell's column and the cell.
    held: Vec<(u64, usize, Vec<u8>)>,
    /// A later part met such a line while `unknown`: whether it is a footer depends
    /// on the part before, so the parts do not merge.
    unsure: bool,
}

/// The most lines held as a possible footer: a longer run is rows.
const MAX_FOOTER_LINES: usize = 32;

/// The lines of text read above the header: how many, and the first one's cells
/// (what the error says when no header follows).
#[derive(Default)]
struct Titles {
    count: usize,
    first: Option<Vec<String>>,
}

/// The most lines of text looked past for the header: a report's title, its date and
/// its filters.
const MAX_TITLE_LINES: usize = 10;

/// The bytes read before the room for a file's combinations is planned: the page's
/// first slice.
const ROOM_SAMPLE_BYTES: u64 = 256 * 1024;
/// The fewest combinations in that sample for which room is planned (below, the
/// tables' own growth costs little).
const ROOM_MIN_COMBINATIONS: usize = 1024;

impl Importer {
    /// An importer waiting for its first chunk.
    pub fn new(options: ImportOptions) -> Importer {
        Importer {
            options,
            head: Vec::new(),
            stream: None,
            encoding: TextEncoding::Utf8,
            delimiter: b',',
            table: Table::AwaitingHeader,
            columns: Vec::new(),
            report: Report::default(),
            fatal: None,
            sniff_bytes: records::SNIFF_BYTES,
            part_start: None,
            expected_bytes: None,
            bytes_in: 0,
            titles: Titles::default(),
            footer: Footer::default(),
            header_first: Vec::new(),
        }
    }

    /// Tells the importer the file's size in bytes. When its first rows make a
    /// combination (or an aggregate row) every row or every other row, a contact
    /// list read as leads, say, the tables are then sized once for the whole file,
    /// as its size predicts, instead of doubling as they fill: no copy of a
    /// million combinations, and no moment where the old and the new table are
    /// both held (the page's peak memory). Files of few combinations are not
    /// affected; the results never are.
    pub fn expect_bytes(&mut self, total: u64) {
        self.expected_bytes = Some(total);
    }

    /// Sizes the tables for the whole file (see [`Importer::expect_bytes`]), once
    /// a sample of it has been read.
    fn plan_room(&mut self) {
        let Some(total) = self.expected_bytes else {
            return;
        };
        if self.bytes_in < ROOM_SAMPLE_BYTES.min(total) || self.stream.is_none() {
            return;
        }
        self.expected_bytes = None;
        let rows = self.report.rows as usize;
        let combinations = self.combinations();
        if combinations < ROOM_MIN_COMBINATIONS || combinations * 2 < rows {
            return;
        }
        // The rows so far, scaled to the file's size, and 5 % more: a file's later
        // rows are often a little longer (larger numbers in their names).
        let scale = total as f64 / self.bytes_in as f64;
        let expected = (combinations as f64 * scale * 1.05).min(leads::MAX_COMBOS as f64);
        let more = (expected as usize).saturating_sub(combinations);
        match &mut self.table {
            Table::AwaitingHeader => {}
            Table::Aggregate(t) => t.reserve(more),
            Table::Leads(t) => t.reserve(more),
        }
    }

    /// Decides the encoding and delimiter after `n` bytes (and a line end) instead of
    /// 64 KiB: lets tests drive the streaming path with small inputs.
    #[doc(hidden)]
    pub fn with_sniff_bytes(mut self, n: usize) -> Importer {
        self.sniff_bytes = n;
        self
    }

    /// How many combinations (or aggregate rows) the tables have room for.
    #[cfg(test)]
    fn room(&self) -> usize {
        match &self.table {
            Table::AwaitingHeader => 0,
            Table::Aggregate(t) => t.campaigns.capacity(),
            Table::Leads(t) => t.room(),
        }
    }

    /// Data rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.report.rows
    }

    /// Takes the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.fatal.is_some() {
            return;
        }
        self.bytes_in += chunk.len() as u64;
        self.push_bytes(chunk);
        self.plan_room();
    }

    fn push_bytes(&mut self, chunk: &[u8]) {
        if self.stream.is_none() {
            self.head.extend_from_slice(chunk);
            let has_first_line = first_line_end(&self.head).is_some();
            if self.head.len() >= self.sniff_bytes && has_first_line {
                let head = std::mem::take(&mut self.head);
                self.start(&head, false);
            }
            return;
        }
        self.feed(chunk, false);
    }

    /// Ends the input and returns the result.
    pub fn finish(self) -> Result<Import, FatalError> {
        self.end(true)?.finish()
    }

    /// Ends this importer's input: the whole file's (`last`), or a part of it that
    /// later parts follow ([`Part`]).
    fn end(mut self, last: bool) -> Result<Part, FatalError> {
        if self.stream.is_none() && self.fatal.is_none() {
            let head = std::mem::take(&mut self.head);
            self.start(&head, last);
        } else {
            self.feed(&[], last);
        }
        if let Some(e) = self.fatal {
            return Err(e);
        }
        // Only lines of text: the first is what the file has for a header.
        if let (Table::AwaitingHeader, Some(headers)) = (&self.table, self.titles.first.take()) {
            return Err(FatalError::NoHeader { headers });
        }
        // The lines held at the file's end are its footer; at a part's end, the next
        // part would tell, so such parts do not merge (the file is read whole).
        let footer = std::mem::take(&mut self.footer);
        let settled = footer.held.is_empty();
        if last {
            for (line, _, text) in footer.held {
                self.report.rows += 1;
                self.report.skipped += 1;
                let text = values::cell_text(values::trim(&text));
                let notice = match values::is_total_label(text.as_bytes()) {
                    true => Notice::TotalRowSkipped { label: text },
                    false => Notice::TextLine { text },
                };
                self.report.warn(Some(line), notice);
            }
        }
        let (at_boundary, end_line) = self.stream.as_ref().map_or((true, 1), |s| {
            (
                s.records.at_boundary() && (last || settled),
                s.records.line(),
            )
        });
        Ok(Part {
            table: self.table,
            report: self.report,
            columns: self.columns,
            encoding: self.encoding,
            delimiter: self.delimiter,
            start_line: self.part_start.unwrap_or(1),
            end_line,
            at_boundary,
            footer_unsure: footer.unsure,
            _stream: self.stream,
        })
    }

    /// Decides the encoding, delimiter and line ends from the first bytes, then reads them.
    ///
    /// The encoding is told from the first `sniff_bytes` bytes (or the first line,
    /// if longer) whatever the chunks were, so chunking never changes an import.
    fn start(&mut self, head: &[u8], last: bool) {
        let first_line = first_line_end(head).unwrap_or(head.len());
        let sniffed = &head[..self.sniff_bytes.max(first_line).min(head.len())];
        let (encoding, bom) = match records::detect_encoding(sniffed) {
            Ok(e) => e,
            Err(e) => {
                self.fatal = Some(e);
                return;
            }
        };
        self.encoding = encoding;
        let Some(mut decoder) = TextDecoder::new(encoding) else {
            self.fatal = Some(FatalError::Undecodable);
            return;
        };
        let mut text = Vec::new();
        decoder.decode(&head[bom..], last, &mut |t| text.extend_from_slice(t));
        // Told from the sniffed bytes only (the head's length depends on the chunks).
        self.delimiter = self.options.delimiter.unwrap_or_else(|| {
            let mut sniffed_text = Vec::new();
            if let Some(mut d) = TextDecoder::new(encoding) {
                let from = bom.min(sniffed.len());
                d.decode(&sniffed[from..], false, &mut |t| {
                    sniffed_text.extend_from_slice(t)
                });
            }
            records::detect_delimiter(&sniffed_text)
        });
        let records = Records::new(self.delimiter, records::detect_cr_lines(&text));
        self.stream = Some(Stream { decoder, records });
        self.feed_text(&text, last);
    }

    fn feed(&mut self, chunk: &[u8], last: bool) {
        let Some((stream, mut sink)) = self.split() else {
            return;
        };
        let Stream { decoder, records } = stream;
        decoder.decode(chunk, last, &mut |text| {
            records.feed(text, &mut |line, r| sink.record(line, r))
        });
        if last {
            records.finish(&mut |line, r| sink.record(line, r));
        }
    }

    /// Feeds text that is already UTF-8 (the decoded head).
    fn feed_text(&mut self, text: &[u8], last: bool) {
        let Some((stream, mut sink)) = self.split() else {
            return;
        };
        stream
            .records
            .feed(text, &mut |line, r| sink.record(line, r));
        if last {
            stream.records.finish(&mut |line, r| sink.record(line, r));
        }
    }

    fn split(&mut self) -> Option<(&mut Stream, Sink<'_>)> {
        let stream = self.stream.as_mut()?;
        let sink = Sink {
            table: &mut self.table,
            columns: &mut self.columns,
            report: &mut self.report,
            fatal: &mut self.fatal,
            options: &self.options,
            delimiter: self.delimiter,
            titles: &mut self.titles,
            footer: &mut self.footer,
            header_first: &mut self.header_first,
        };
        Some((stream, sink))
    }
}

impl Part {
    /// The import of the file this part (with the parts merged into it) covers.
    pub fn finish(self) -> Result<Import, FatalError> {
        let mut report = self.report;
        let (kind, combos, dims, distinct) = match self.table {
            Table::AwaitingHeader => return Err(FatalError::Empty),
            Table::Aggregate(mut t) => {
                let (dims, distinct) = (t.dims(), t.distinct());
                (FileKind::Aggregate, t.campaigns, dims, distinct)
            }
            Table::Leads(t) => {
                let dims = t.dims();
                let (combos, distinct) = t.finish(&mut report);
                (FileKind::Leads, combos, dims, distinct)
            }
        };
        if report.rows == 0 {
            return Err(FatalError::HeaderOnly);
        }
        warn_many_values(distinct, &self.columns, report.rows, &mut report);
        // Counted by hash (never more than there are: a count of every row or
        // combination is exact); an aggregate file's row without a name is not
        // counted.
        let names_distinct = distinct[0] == combos.len();
        let source = ExportSource::recognise(&self.columns);
        if report.extra_cells > 0 {
            report.warn(
                None,
                Notice::ExtraCells {
                    rows: report.extra_cells,
                },
            );
        }
        let hidden_errors = report.errors_total - report.errors.len() as u64;
        if hidden_errors > 0 {
            report.warn(
                None,
                Notice::MoreErrors {
                    count: hidden_errors,
                },
            );
        }
        let hidden_warnings = report.warnings_total - report.warnings.len() as u64;
        if hidden_warnings > 0 {
            report.warnings.push(Warning {
                line: None,
                notice: Notice::MoreWarnings {
                    count: hidden_warnings,
                },
            });
        }
        Ok(Import {
            kind,
            combos,
            dims,
            source,
            sheet: None,
            errors: report.errors,
            error_groups: report.error_groups,
            warnings: report.warnings,
            columns: self.columns,
            rows: report.rows,
            rows_skipped: report.skipped,
            errors_total: report.errors_total,
            encoding: self.encoding,
            delimiter: self.delimiter,
            names_distinct,
        })
    }
}

/// A grouping column with nearly as many values as rows (over half of them, and over
/// 1,000) is likely not what it seems: a contact's name taken as the campaign.
/// `distinct`: how many different names, channels and owners the rows gave
/// (counted as they were shared, so no second pass over a million names).
fn warn_many_values(distinct: [usize; 3], columns: &[Column], rows: u64, report: &mut Report) {
    for (key, n) in ["campaign", "channel", "owner"].into_iter().zip(distinct) {
        let Some(column) = columns.iter().find(|c| c.field == Some(key)) else {
            continue;
        };
        let n = n as u64;
        if n > 1000 && n * 2 > rows {
            report.warn(
                None,
                Notice::ManyValues {
                    column: column.header.clone(),
                    values: n,
                },
            );
        }
    }
}

/// Where the first non-blank line of the raw bytes ends, once it has: after a byte-
/// order mark and blank lines (UTF-16's NUL bytes count as blank there).
fn first_line_end(head: &[u8]) -> Option<usize> {
    let bom = match head {
        [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => 2,
        _ => 0,
    };
    let is_break = |b: &u8| *b == b'\n' || *b == b'\r';
    let start = bom + head[bom..].iter().position(|b| !is_break(b) && *b != 0)?;
    let end = head[start..].iter().position(is_break)?;
    Some(start + end + 1)
}

/// A line's one cell when it has only one and is shorter than the header (a sheet's
/// row is as wide as its last cell): maybe a report's footer.
#[inline]
fn one_cell_line<'r>(record: &Record<'r>, columns: usize) -> Option<(usize, &'r [u8])> {
    if record.len() >= columns {
        return None;
    }
    let mut cells = record
        .iter()
        .map(values::trim)
        .enumerate()
        .filter(|(_, c)| !c.is_empty());
    match (cells.next(), cells.next()) {
        (Some(cell), None) => Some(cell),
        _ => None,
    }
}

/// A row of data at a glance (every row of a large file): as wide as the header, its
/// first cell neither empty, nor the header's first (`header_first`, trimmed), nor
/// starting with a total's letter. Else [`not_data`] looks closer.
#[inline]
fn plainly_data(record: &Record<'_>, columns: usize, header_first: &[u8]) -> bool {
    let first = values::trim(record.get(0));
    record.len() >= columns
        && !first.is_empty()
        && first != header_first
        && !values::may_name_a_total(first)
}

/// Whether a row below the header is not data, said and counted as left out if so:
/// the header again (two exports pasted into one file), or a total row, which may
/// name itself in its first column only (a report's "Total" under its owner column,
/// the sums beside it) or alone on its line.
#[inline(never)]
fn not_data(
    line: u64,
    record: &Record<'_>,
    header: &[Column],
    comma_delimited: bool,
    report: &mut Report,
) -> bool {
    let first = || record.iter().map(values::trim).find(|c| !c.is_empty());
    let columns = header.len();
    let same = |i: usize| values::trim(record.get(i)) == header[i].header.as_bytes().trim_ascii();
    let notice = if columns > 1 && same(0) && (1..columns).all(same) {
        // Two exports pasted one after the other: the second's header.
        Notice::HeaderRepeated
    } else if one_cell_line(record, columns).is_some_and(|(_, c)| values::is_total_label(c)) {
        // Salesforce's "Grand Totals (57 records)", alone on its line.
        let label = values::cell_text(first().unwrap_or_default());
        Notice::TotalRowSkipped { label }
    } else if values::is_total_row(record, comma_delimited) {
        let label = values::cell_text(first().unwrap_or_default());
        Notice::TotalRowSkipped { label }
    } else {
        return false;
    };
    report.warn(Some(line), notice);
    report.skipped += 1;
    true
}

/// Where records go: the header first, then the rows.
struct Sink<'a> {
    table: &'a mut Table,
    columns: &'a mut Vec<Column>,
    report: &'a mut Report,
    fatal: &'a mut Option<FatalError>,
    options: &'a ImportOptions,
    delimiter: u8,
    titles: &'a mut Titles,
    footer: &'a mut Footer,
    header_first: &'a mut Vec<u8>,
}

impl Sink<'_> {
    fn record(&mut self, line: u64, record: Record<'_>) {
        if self.fatal.is_some() || record.is_blank() {
            return;
        }
        if record.len() > self.columns.len()
            && !matches!(self.table, Table::AwaitingHeader)
            && record
                .iter()
                .skip(self.columns.len())
                .any(|c| !c.trim_ascii().is_empty())
        {
            self.report.extra_cells += 1;
        }
        let (columns, comma) = (&self.columns[..], self.delimiter == b',');
        let footer = &mut *self.footer;
        // A jump past the record before's last line is a blank line.
        if line > footer.previous + 1 && footer.previous > 0 {
            footer.after_blank = true;
            footer.unknown = false;
        }
        footer.previous = line + record.line_feeds();
        if matches!(self.table, Table::AwaitingHeader) {
            if !self.title(line, &record) {
                self.header(record);
            }
            return;
        }
        if let Some((column, text)) = one_cell_line(&record, columns.len()) {
            // Rare: a line shorter than the header.
            if footer.unknown {
                footer.unsure = true;
            } else if footer.after_blank && footer.held.len() < MAX_FOOTER_LINES {
                footer.held.push((line, column, text.to_vec()));
                return;
            }
        }
        self.report.rows += 1;
        if !plainly_data(&record, columns.len(), self.header_first)
            && not_data(line, &record, columns, comma, self.report)
        {
            return;
        }
        // A row: the lines held were rows too.
        if footer.after_blank || footer.unknown {
            footer.after_blank = false;
            footer.unknown = false;
        }
        if !footer.held.is_empty() {
            self.rows_held();
        }
        self.row(line, record);
    }

    /// The lines held as a possible footer, into the table: a row came after them.
    #[cold]
    #[inline(never)]
    fn rows_held(&mut self) {
        for (line, column, cell) in std::mem::take(&mut self.footer.held) {
            // The cell in its column, the ones before it empty.
            let mut ends = vec![0; column];
            ends.push(cell.len());
            self.report.rows += 1;
            self.row(line, Record::one(&cell, &ends));
        }
    }

    /// A row of data into the table.
    #[inline]
    fn row(&mut self, line: u64, record: Record<'_>) {
        match self.table {
            Table::AwaitingHeader => {}
            Table::Aggregate(t) => t.row(line, record, self.report),
            Table::Leads(t) => t.row(line, record, self.report),
        }
    }

    /// Above the header, a line of at most one cell that is no header itself is a
    /// report's title, date or filter: left out, with a warning (the first ten).
    fn title(&mut self, line: u64, record: &Record<'_>) -> bool {
        let mut cells = record.iter().filter(|c| !values::trim(c).is_empty());
        let (Some(cell), None) = (cells.next(), cells.next()) else {
            return false;
        };
        // Excel's hint (`sep=;`, read with the delimiter it names): said by the file
        // for Excel, nothing to tell the user.
        if line == 1 && (cell.eq_ignore_ascii_case(b"sep=") || records::sep_line(cell).is_some()) {
            return true;
        }
        let text = values::cell_text(values::trim(cell));
        if self.titles.count >= MAX_TITLE_LINES
            || !is_title(std::slice::from_ref(&text), &self.options.overrides)
        {
            return false;
        }
        self.titles.count += 1;
        if self.titles.first.is_none() {
            self.titles.first = Some(record.iter().map(values::cell_text).collect());
        }
        self.report.warn(Some(line), Notice::TextLine { text });
        true
    }

    fn header(&mut self, record: Record<'_>) {
        let headers: Vec<String> = record.iter().map(values::cell_text).collect();
        *self.header_first = values::trim(record.get(0)).to_vec();
        let mut warnings = Vec::new();
        let header = columns::map_header(&headers, &self.options.overrides, &mut warnings);
        for w in warnings {
            self.report.warn(w.line, w.notice);
        }
        self.report.header_warnings = self.report.warnings_total;
        let (table, keys): (Table, Vec<Option<&'static str>>) = match header {
            None => {
                *self.fatal = Some(FatalError::NoHeader { headers });
                return;
            }
            Some(Header::Aggregate(m)) => {
                let keys = m.fields.iter().map(|f| f.map(|f| f.key())).collect();
                (
                    Table::Aggregate(Box::new(AggregateTable::new(
                        m,
                        headers.clone(),
                        self.delimiter,
                    ))),
                    keys,
                )
            }
            Some(Header::Leads(m)) => {
                let keys = m.fields.iter().map(|f| f.map(|f| f.key())).collect();
                (
                    Table::Leads(Box::new(LeadTable::new(m, headers.clone(), self.delimiter))),
                    keys,
                )
            }
        };
        *self.columns = headers
            .into_iter()
            .zip(keys)
            .map(|(header, field)| Column { header, field })
            .collect();
        *self.table = table;
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;

    /// The "many values" warnings of a file: (column, values).
    fn many_values(csv: &str) -> Vec<(String, u64)> {
        let read = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
        read.warnings
            .iter()
            .filter_map(|w| match &w.notice {
                Notice::ManyValues { column, values } => Some((column.clone(), *values)),
                _ => None,
            })
            .collect()
    }

    /// A contact list read as leads: `names` different names (and as many sources
    /// when `sources`) over `rows` rows.
    fn contacts(rows: usize, names: usize, sources: bool) -> String {
        let mut csv = String::from("Name,Email,Lifecycle Stage,Create Date,Original Source\n");
        for i in 0..rows {
            let source = if sources { i } else { i % 7 };
            csv.push_str(&format!(
                "Contact {},c{i}@example.com,lead,2025-01-02,src{source}\n",
                i % names
            ));
        }
        csv
    }

    /// The file's size only sizes the tables: the same import with it or without,
    /// for a contact list (room planned), a lead file of few combinations and a
    /// sheet (room planned), and a size that is wrong either way.
    #[test]
    fn the_expected_size_changes_nothing_but_the_room() {
        let mut sheet = String::from("campaign,owner,leads,customers\n");
        for i in 0..40_000 {
            sheet.push_str(&format!("C{i},rep {},{},{}\n", i % 3, 10 + i % 7, i % 5));
        }
        let contacts = contacts(40_000, 40_000, false);
        let few = contacts_few();
        for (csv, planned) in [(&contacts, true), (&sheet, true), (&few, false)] {
            let bytes = csv.as_bytes();
            let read = |expected: Option<u64>| {
                let mut importer = Importer::new(ImportOptions::default());
                if let Some(n) = expected {
                    importer.expect_bytes(n);
                }
                for chunk in bytes.chunks(100_000) {
                    importer.push(chunk);
                }
                let room = importer.room();
                (importer.finish().unwrap(), room)
            };
            // Without the size, the tables double as they fill.
            let (plain, room) = read(None);
            assert!(!planned || room >= 65_536, "{room}");
            let (hinted, room) = read(Some(bytes.len() as u64));
            assert_eq!(hinted, plain);
            if planned {
                // The whole file's rows, from its first 256 KiB: within 10 %.
                let rows = plain.combos.len();
                assert!(room >= rows && room <= rows * 11 / 10, "{room} for {rows}");
            } else {
                assert!(room < 1024, "few combinations: {room}");
            }
            for wrong in [1, bytes.len() as u64 / 3, bytes.len() as u64 * 50] {
                assert_eq!(read(Some(wrong)).0, plain, "size {wrong}");
            }
        }
    }

    /// A lead file of 40,000 rows and a few combinations.
    fn contacts_few() -> String {
        contacts(40_000, 12, false)
    }

    #[test]
    fn a_column_with_nearly_a_value_per_row_is_named() {
        let name = || "Name".to_string();
        assert_eq!(many_values(&contacts(1500, 1500, false)), [(name(), 1500)]);
        // Over half the rows, and over 1,000.
        assert_eq!(many_values(&contacts(3000, 1600, false)), [(name(), 1600)]);
        assert_eq!(many_values(&contacts(3000, 1500, false)), []);
        assert_eq!(many_values(&contacts(1500, 900, false)), []);
        // Each dimension counted apart.
        let both = many_values(&contacts(1200, 1200, true));
        assert_eq!(
            both,
            [(name(), 1200), ("Original Source".to_string(), 1200)]
        );
        // Aggregate rows too; rows left out do not count.
        let mut sheet = String::from("campaign,owner,leads\n");
        for i in 0..1200 {
            sheet.push_str(&format!("C{i},rep {},10\n", i % 3));
        }
        assert_eq!(many_values(&sheet), [("campaign".to_string(), 1200)]);
        let mut bad = String::from("campaign,owner,leads\n");
        for i in 0..1200 {
            bad.push_str(&format!(
                "C{i},rep {i},{}\n",
                if i < 700 { "x" } else { "10" }
            ));
        }
        assert_eq!(many_values(&bad), []);
    }

    #[test]
    fn rows_left_out_are_counted_by_column_and_problem() {
        use crate::lang::Lang;
        let mut csv = String::from("campaign,leads,cost\n");
        for i in 0..1500 {
            csv.push_str(&format!(
                "C{i},Dupont {i},{}\n",
                if i % 500 == 7 { "-5" } else { "10" }
            ));
        }
        let read = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(read.errors_total, 1500);
        assert_eq!(read.errors.len(), MAX_LISTED);
        let groups: Vec<_> = read
            .error_groups
            .iter()
            .map(|g| (g.column.as_str(), g.problem, g.rows, g.first.line))
            .collect();
        // A row is left out at its first bad cell (cost is read before leads).
        assert_eq!(
            groups,
            [
                ("leads", Problem::NotANumber, 1497, 2),
                ("cost", Problem::Negative, 3, 9)
            ]
        );
        assert_eq!(
            read.error_groups[0].message(Lang::En),
            "1,497 rows left out: column “leads” is not a number (first: line 2, “Dupont 0”)."
        );
        assert_eq!(
            read.error_groups[0].message(Lang::Fr),
            "1 497 lignes écartées : colonne « leads » n'est pas un nombre (première : ligne 2, « Dupont 0 »)."
        );
        let two = import(
            b"campaign,leads,cost\nA,x,1\nB,2,y\nC,z,1\n",
            &ImportOptions::default(),
        )
        .unwrap();
        let groups: Vec<_> = two
            .error_groups
            .iter()
            .map(|g| (g.column.as_str(), g.rows))
            .collect();
        assert_eq!(groups, [("leads", 2), ("cost", 1)]);
    }

    #[test]
    fn errors_are_std_errors() {
        fn boxed(e: impl std::error::Error + 'static) -> Box<dyn std::error::Error> {
            Box::new(e)
        }
        let e = import(b"a,b\n1,2\n", &ImportOptions::default()).unwrap_err();
        assert!(boxed(e.clone())
            .to_string()
            .starts_with("No recognisable header"));
        let i = import(b"campaign,leads\nA,x\n", &ImportOptions::default()).unwrap();
        assert!(i.errors[0].to_string().starts_with("Line 2, column"));
        let solve = crate::whatif::solve(Default::default()).unwrap_err();
        assert!(!boxed(solve).to_string().is_empty());
    }
}
