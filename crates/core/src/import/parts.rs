//! A lead file read in parts at once (threads, Web Workers), then merged in file
//! order: the same import as reading it whole (contract §2b).
//!
//! A part starts just after a line feed. Whether a cut fell inside a quoted field
//! is known when the part before it ends: its reader is then not between records.
//! Such a cut, or any part that cannot be merged exactly (not a lead file, not
//! UTF-8, a bound on combinations or lost reasons reached), makes [`Part::merge`]
//! say no, and the caller reads the file whole: slower, never different.

use super::records::{self, Records, TextDecoder};
use super::{
    first_line_end, import, Column, FatalError, Import, ImportOptions, Importer, Report, Stream,
    Table, TextEncoding, MAX_LISTED,
};

/// The fewest bytes worth a part of their own: below, one reader is as fast.
pub const MIN_PART_BYTES: usize = 1 << 20;

/// The most combinations a part may have for parts to pay: a file of many more
/// (a campaign per row) merges slower than one reading reads it, and holds two
/// indexes of them at once. A part past it gives up ([`Importer::combinations`]).
pub const MAX_PART_COMBINATIONS: usize = 1 << 17;

/// One part of a file, read but not finished: [`Part::merge`] the parts that follow
/// it, in file order, then [`Part::finish`].
pub struct Part {
    pub(super) table: Table,
    pub(super) report: Report,
    pub(super) columns: Vec<Column>,
    pub(super) encoding: TextEncoding,
    pub(super) delimiter: u8,
    /// The line this part's own rows start on, in its own numbering (the file's,
    /// for the first part).
    pub(super) start_line: u64,
    /// The line its reader ended on, in the same numbering.
    pub(super) end_line: u64,
    /// Whether it ends between records: a cut after it is a true one.
    pub(super) at_boundary: bool,
    /// Whether it met a line that may start a report's footer before a row or blank
    /// line of its own: only the part before could tell, so it does not merge.
    pub(super) footer_unsure: bool,
    /// The reader's buffers, kept until the part is finished: freed before, they
    /// leave a hole that the finishing's allocations fragment (a million
    /// combinations peaked 22 MB higher, measured with `/usr/bin/time -v`).
    pub(super) _stream: Option<Stream>,
}

impl Importer {
    /// An importer for a later part of a lead file whose first bytes are `head` (its
    /// first [`records::SNIFF_BYTES`], or more up to the end of its first line): it
    /// reads the file's header from `head` as the whole file's importer does, then
    /// takes the part's own bytes by [`Importer::push`] and ends with
    /// [`Importer::end_part`]. `None` when the file cannot be read in parts.
    pub fn for_part(options: ImportOptions, head: &[u8]) -> Option<Importer> {
        let mut importer = Importer::new(options);
        let first_line = first_line_end(head)?;
        let sniffed = &head[..importer.sniff_bytes.max(first_line).min(head.len())];
        let (encoding, bom) = records::detect_encoding(sniffed).ok()?;
        // A line feed is a line feed byte only in UTF-8 (UTF-16 is two bytes a unit).
        if encoding != TextEncoding::Utf8 {
            return None;
        }
        let mut text = Vec::new();
        TextDecoder::new(encoding)?.decode(&head[bom..], false, &mut |t| text.extend_from_slice(t));
        if records::detect_cr_lines(&text) {
            return None;
        }
        importer.encoding = encoding;
        importer.delimiter = importer
            .options
            .delimiter
            .unwrap_or_else(|| records::detect_delimiter(&text));
        // The header: through the line feed after the first line that is not blank.
        let start = text.iter().position(|&b| b != b'\n' && b != b'\r')?;
        let end = start + memchr::memchr(b'\n', &text[start..])? + 1;
        importer.stream = Some(Stream {
            decoder: TextDecoder::new(encoding)?,
            records: Records::new(importer.delimiter, false),
        });
        importer.feed_text(&text[..end], false);
        let records = &importer.stream.as_ref()?.records;
        let header_only = importer.fatal.is_none()
            && matches!(importer.table, Table::Leads(_))
            && importer.report.rows == 0
            && records.at_boundary();
        if !header_only {
            return None;
        }
        importer.part_start = Some(records.line());
        // Whether its first lines follow a blank line is the part before's to know.
        importer.footer.unknown = true;
        Some(importer)
    }

    /// Whether the rest of the file is worth reading in parts, judged on the rows so
    /// far (a [`MIN_PART_BYTES`] of them or so): a lead file whose rows make few
    /// combinations (at most one per 2 rows). A file of a campaign per row merges
    /// slower than one reading reads it, and holds two indexes of its combinations at
    /// once: it is read whole.
    pub fn worth_parts(&self) -> bool {
        let rows = self.rows_read() as usize;
        matches!(self.table, Table::Leads(_)) && rows > 0 && self.combinations() * 2 <= rows
    }

    /// How many combinations (or aggregate rows) the rows so far made.
    pub fn combinations(&self) -> usize {
        match &self.table {
            Table::AwaitingHeader => 0,
            Table::Aggregate(t) => t.campaigns.len(),
            Table::Leads(t) => t.combinations(),
        }
    }

    /// Ends a part of a file: `last` when the file ends with it.
    pub fn end_part(self, last: bool) -> Result<Part, FatalError> {
        self.end(last)
    }
}

impl Part {
    /// Adds the part that follows this one in the file, as if one importer had read
    /// both. `false`: they cannot be merged exactly (the cut fell inside a quoted
    /// field, not a lead file, a bound reached); this part is then spoilt, and the
    /// file is to be read whole.
    #[must_use]
    pub fn merge(&mut self, next: Part) -> bool {
        if !self.at_boundary
            || next.footer_unsure
            || self.columns != next.columns
            || self.encoding != next.encoding
            || self.delimiter != next.delimiter
        {
            return false;
        }
        // The next part's lines in the file's numbering.
        let Some(offset) = self.end_line.checked_sub(next.start_line) else {
            return false;
        };
        let (Table::Leads(mine), Table::Leads(theirs)) = (&mut self.table, next.table) else {
            return false;
        };
        if !mine.merge(*theirs, offset) {
            return false;
        }
        self.report.merge(next.report, offset);
        self.end_line = next.end_line + offset;
        self.at_boundary = next.at_boundary;
        true
    }
}

impl Report {
    /// Adds a later part's errors and warnings (lines `offset` behind the file's),
    /// but for its copy of the header's.
    fn merge(&mut self, next: Report, offset: u64) {
        let header_warnings = next.header_warnings as usize;
        for mut group in next.error_groups {
            match self
                .error_groups
                .iter_mut()
                .find(|g| g.problem == group.problem && g.column == group.column)
            {
                Some(g) => g.rows += group.rows,
                None => {
                    group.first.line += offset;
                    self.error_groups.push(group);
                }
            }
        }
        let room = MAX_LISTED.saturating_sub(self.errors.len());
        self.errors
            .extend(next.errors.into_iter().take(room).map(|mut e| {
                e.line += offset;
                e
            }));
        self.errors_total += next.errors_total;
        let room = MAX_LISTED.saturating_sub(self.warnings.len());
        let header_warnings = header_warnings.min(next.warnings.len());
        self.warnings.extend(
            next.warnings
                .into_iter()
                .skip(header_warnings)
                .take(room)
                .map(|mut w| {
                    w.line = w.line.map(|l| l + offset);
                    w
                }),
        );
        self.warnings_total += next.warnings_total - header_warnings as u64;
        self.rows += next.rows;
        self.skipped += next.skipped;
        self.extra_cells += next.extra_cells;
    }
}

/// Where to cut a file into parts: just after the first line feed past each k/parts
/// of it, and past byte `from` only (its header, or what was read already). Each
/// caller reads the bytes at [`Cuts::nominal`] its own way (a slice, a file, a
/// browser's blob) and hands them to [`Cuts::cut`]; a cut not found (no line feed
/// in what was read) or not rising is left out: fewer parts.
pub struct Cuts {
    len: usize,
    parts: usize,
    from: usize,
    bounds: Vec<usize>,
}

/// How many bytes a caller reads at each nominal cut: a line of a CRM export is far
/// shorter.
pub const CUT_WINDOW: usize = 64 * 1024;

impl Cuts {
    /// The cuts of a file of `len` bytes into `parts` parts, after byte `from`.
    pub fn new(len: usize, parts: usize, from: usize) -> Cuts {
        Cuts {
            len,
            parts: parts.max(1),
            from,
            bounds: vec![0],
        }
    }

    /// Where to look for cut `k` (1 to parts − 1): k/parts of the file, past `from`.
    pub fn nominal(&self, k: usize) -> usize {
        (self.len / self.parts * k).max(self.from).min(self.len)
    }

    /// The cut in `window`, the file's bytes from `nominal` on: just after its first
    /// line feed.
    pub fn cut(&mut self, nominal: usize, window: &[u8]) {
        let Some(feed) = memchr::memchr(b'\n', window) else {
            return;
        };
        let cut = nominal + feed + 1;
        if cut > self.from && cut < self.len && self.bounds.last().is_some_and(|&b| b < cut) {
            self.bounds.push(cut);
        }
    }

    /// The parts' bounds: 0, the cuts, the end.
    pub fn bounds(mut self) -> Vec<usize> {
        self.bounds.push(self.len);
        self.bounds
    }
}

/// Where to cut a file of `bytes` into at most `parts` parts of at least
/// [`MIN_PART_BYTES`] ([`Cuts`]), none in its first line (the header). Empty when
/// one part is best.
pub fn cut_points(bytes: &[u8], parts: usize) -> Vec<usize> {
    let parts = parts.min(bytes.len() / MIN_PART_BYTES).max(1);
    let mut cuts = Cuts::new(bytes.len(), parts, header_end(bytes).unwrap_or(bytes.len()));
    for k in 1..parts {
        let nominal = cuts.nominal(k);
        cuts.cut(nominal, &bytes[nominal..]);
    }
    let bounds = cuts.bounds();
    bounds[1..bounds.len() - 1].to_vec()
}

/// Where the file's header line ends (after a byte-order mark and blank lines), if
/// `head` has all of it.
pub fn header_end(head: &[u8]) -> Option<usize> {
    first_line_end(head)
}

/// The bytes a later part's importer needs of the file's start
/// ([`Importer::for_part`]).
pub fn head_of(bytes: &[u8]) -> &[u8] {
    let first_line = first_line_end(bytes).unwrap_or(bytes.len());
    &bytes[..records::SNIFF_BYTES.max(first_line).min(bytes.len())]
}

/// Imports `bytes` (a whole file) cut after the line feeds at `cuts`: each part
/// read on its own, as threads or workers do, then merged; the file read whole when
/// the parts cannot be merged. The same result as [`import`].
pub fn import_in_parts(
    bytes: &[u8],
    options: &ImportOptions,
    cuts: &[usize],
) -> Result<Import, FatalError> {
    match read_in_parts(bytes, options, cuts) {
        Some(whole) => whole.finish(),
        None => import(bytes, options),
    }
}

/// The parts of `bytes` cut at `cuts`, read one after the other and merged; `None`
/// when they cannot be (read the file whole).
pub fn read_in_parts(bytes: &[u8], options: &ImportOptions, cuts: &[usize]) -> Option<Part> {
    let bounds = part_bounds(bytes.len(), cuts);
    let mut whole: Option<Part> = None;
    for k in 0..bounds.len() - 1 {
        let part = read_part(bytes, options, &bounds, k)?;
        match &mut whole {
            None => whole = Some(part),
            Some(w) => {
                if !w.merge(part) {
                    return None;
                }
            }
        }
    }
    whole
}

/// Imports `bytes` (a whole file) on up to `threads` threads, a part each
/// ([`cut_points`]), merged: the same result as [`import`].
pub fn import_on_threads(
    bytes: &[u8],
    options: &ImportOptions,
    threads: usize,
) -> Result<Import, FatalError> {
    // A probe of the first bytes (the command line goes on with its probe instead).
    let mut probe = Importer::new(options.clone());
    probe.push(&bytes[..bytes.len().min(MIN_PART_BYTES)]);
    let cuts = if probe.worth_parts() {
        cut_points(bytes, threads)
    } else {
        Vec::new()
    };
    let bounds = part_bounds(bytes.len(), &cuts);
    let parts = bounds.len() - 1;
    let read = read_on_threads(parts, |k| read_part(bytes, options, &bounds, k));
    match read {
        Some(whole) => whole.finish(),
        None => import(bytes, options),
    }
}

/// Reads parts `0..parts` on a thread each (`read(k)` reads part k) and merges
/// them in file order; `None` when one cannot be read or merged. Where no thread
/// can be started (wasm32: the page has workers instead), a part is read on the
/// calling thread.
pub fn read_on_threads(parts: usize, read: impl Fn(usize) -> Option<Part> + Sync) -> Option<Part> {
    std::thread::scope(|scope| {
        let read = &read;
        let later: Vec<_> = (1..parts)
            .map(|k| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || read(k))
                    .map_err(|_| k)
            })
            .collect();
        let mut whole = read(0);
        for thread in later {
            let part = match thread {
                Ok(thread) => thread.join().ok().flatten(),
                Err(k) => read(k),
            };
            whole = match (whole, part) {
                (Some(mut w), Some(p)) => w.merge(p).then_some(w),
                _ => None,
            };
        }
        whole
    })
}

/// The parts' bounds of a file of `len` bytes cut at `cuts` (any, in any order):
/// 0, the cuts inside it in order, the end.
pub fn part_bounds(len: usize, cuts: &[usize]) -> Vec<usize> {
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().copied().filter(|&c| c > 0 && c < len));
    bounds.push(len);
    bounds.sort_unstable();
    bounds.dedup();
    bounds
}

/// Reads part `k` of `bytes` cut at `bounds`.
fn read_part(bytes: &[u8], options: &ImportOptions, bounds: &[usize], k: usize) -> Option<Part> {
    let mut importer = if k == 0 {
        Importer::new(options.clone())
    } else {
        Importer::for_part(options.clone(), head_of(bytes))?
    };
    let part = bytes.get(*bounds.get(k)?..*bounds.get(k + 1)?)?;
    let parts = bounds.len() - 1;
    for chunk in part.chunks(MIN_PART_BYTES) {
        importer.push(chunk);
        // One of several parts gives up on a file of many combinations.
        if parts > 1 && importer.combinations() > MAX_PART_COMBINATIONS {
            return None;
        }
    }
    importer.end_part(k + 2 == bounds.len()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cuts as a caller makes them, reading `window` bytes at each nominal cut.
    fn cut(bytes: &[u8], parts: usize, from: usize, window: usize) -> Vec<usize> {
        let mut cuts = Cuts::new(bytes.len(), parts, from);
        for k in 1..parts {
            let nominal = cuts.nominal(k);
            cuts.cut(
                nominal,
                &bytes[nominal..(nominal + window).min(bytes.len())],
            );
        }
        cuts.bounds()
    }

    #[test]
    fn cuts_fall_after_line_feeds_past_what_was_read() {
        let file = b"h\n0123\n0123\n0123\n0123\n0123\n";
        // 27 bytes in 3: past bytes 9 and 18.
        assert_eq!(cut(file, 3, 2, 100), [0, 12, 22, 27]);
        // Past byte 14 only (the first part read that much already).
        assert_eq!(cut(file, 3, 14, 100), [0, 17, 22, 27]);
        // No line feed in the window: that cut is left out, and so is one that
        // does not rise (both nominal cuts are at byte 21 here).
        assert_eq!(cut(file, 3, 2, 2), [0, 27]);
        assert_eq!(cut(file, 3, 21, 100), [0, 22, 27]);
        assert_eq!(cut(file, 9, 2, 100), [0, 7, 12, 17, 22, 27]);
        // One part: no cut.
        assert_eq!(cut(file, 1, 2, 100), [0, 27]);
        assert_eq!(cut(file, 0, 2, 100), [0, 27]);
        assert_eq!(cut(b"", 4, 0, 100), [0, 0]);
    }

    #[test]
    fn part_bounds_take_any_cuts() {
        assert_eq!(part_bounds(10, &[7, 3, 3, 0, 10, 12]), [0, 3, 7, 10]);
        assert_eq!(part_bounds(10, &[]), [0, 10]);
        assert_eq!(header_end(b"\xEF\xBB\xBF\n\na,b\n1,2\n"), Some(9));
        assert_eq!(header_end(b"a,b"), None);
    }
}
