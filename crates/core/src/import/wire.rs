//! A part of a file read elsewhere (a Web Worker) as bytes: what its rows gave,
//! not its header (the receiver reads that again from the file's head). Little-
//! endian numbers, lengths before their bytes; no version: both ends are one build.

use super::{
    ErrorGroup, ImportOptions, Importer, Notice, Part, Problem, Report, RowError, Table, Warning,
};

/// Bytes being written.
#[derive(Default)]
pub(super) struct Writer(pub Vec<u8>);

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f64(&mut self, v: f64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn len(&mut self, n: usize) -> Option<()> {
        self.u32(u32::try_from(n).ok()?);
        Some(())
    }
    pub fn bytes(&mut self, b: &[u8]) -> Option<()> {
        self.len(b.len())?;
        self.0.extend_from_slice(b);
        Some(())
    }
}

/// Bytes being read: `None` past their end.
pub(super) struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take::<1>()?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take()?))
    }
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take()?))
    }
    pub fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take()?))
    }
    pub fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take()?))
    }
    /// A length, no larger than the bytes left (each item takes one at least).
    pub fn len(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        (n <= self.0.len()).then_some(n)
    }
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len()?;
        let (b, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(b)
    }
    pub fn string(&mut self) -> Option<String> {
        String::from_utf8(self.bytes()?.to_vec()).ok()
    }
}

const PROBLEMS: [Problem; 8] = [
    Problem::NotANumber,
    Problem::NotWholeNumber,
    Problem::Negative,
    Problem::TooLarge,
    Problem::NotADate,
    Problem::NotYesNoOrDate,
    Problem::ScoreOutOfRange,
    Problem::NotAPeriod,
];

fn write_error(w: &mut Writer, e: &RowError) -> Option<()> {
    // A workbook's cell reference never comes from a part of a CSV file.
    if e.cell.is_some() {
        return None;
    }
    w.u64(e.line);
    w.bytes(e.column.as_bytes())?;
    w.bytes(e.value.as_bytes())?;
    w.u8(PROBLEMS.iter().position(|&p| p == e.problem)? as u8);
    Some(())
}

fn read_error(r: &mut Reader) -> Option<RowError> {
    Some(RowError {
        line: r.u64()?,
        column: r.string()?,
        value: r.string()?,
        problem: *PROBLEMS.get(r.u8()? as usize)?,
        cell: None,
    })
}

/// A row's warning: those a lead file's rows give (the others are the header's or
/// the end's, or a bound reached, which the parts do not merge past).
fn write_warning(w: &mut Writer, warning: &Warning) -> Option<()> {
    w.u64(warning.line.map_or(0, |l| l + 1));
    match &warning.notice {
        Notice::TotalRowSkipped { label } => {
            w.u8(0);
            w.bytes(label.as_bytes())?;
        }
        Notice::ConvertedAndLost => w.u8(1),
        Notice::HeaderRepeated => w.u8(4),
        Notice::TextLine { text } => {
            w.u8(3);
            w.bytes(text.as_bytes())?;
        }
        Notice::NegativeCycle { days } => {
            w.u8(2);
            w.i64(*days);
        }
        _ => return None,
    }
    Some(())
}

fn read_warning(r: &mut Reader) -> Option<Warning> {
    let line = r.u64()?.checked_sub(1);
    let notice = match r.u8()? {
        0 => Notice::TotalRowSkipped { label: r.string()? },
        1 => Notice::ConvertedAndLost,
        2 => Notice::NegativeCycle { days: r.i64()? },
        3 => Notice::TextLine { text: r.string()? },
        4 => Notice::HeaderRepeated,
        _ => return None,
    };
    Some(Warning { line, notice })
}

impl Report {
    /// What the rows gave (not the header's warnings).
    fn write_rows(&self, w: &mut Writer) -> Option<()> {
        w.len(self.errors.len())?;
        for e in &self.errors {
            write_error(w, e)?;
        }
        w.len(self.error_groups.len())?;
        for g in &self.error_groups {
            w.bytes(g.column.as_bytes())?;
            w.u8(PROBLEMS.iter().position(|&p| p == g.problem)? as u8);
            w.u64(g.rows);
            write_error(w, &g.first)?;
        }
        let header = (self.header_warnings as usize).min(self.warnings.len());
        w.len(self.warnings.len() - header)?;
        for warning in &self.warnings[header..] {
            write_warning(w, warning)?;
        }
        w.u64(self.warnings_total - self.header_warnings);
        w.u64(self.errors_total);
        w.u64(self.rows);
        w.u64(self.skipped);
        w.u64(self.extra_cells);
        Some(())
    }

    /// Adds what [`Report::write_rows`] wrote after this report's (the header's).
    fn read_rows(&mut self, r: &mut Reader) -> Option<()> {
        for _ in 0..r.len()? {
            self.errors.push(read_error(r)?);
        }
        for _ in 0..r.len()? {
            self.error_groups.push(ErrorGroup {
                column: r.string()?,
                problem: *PROBLEMS.get(r.u8()? as usize)?,
                rows: r.u64()?,
                first: read_error(r)?,
            });
        }
        for _ in 0..r.len()? {
            self.warnings.push(read_warning(r)?);
        }
        self.warnings_total += r.u64()?;
        self.errors_total += r.u64()?;
        self.rows += r.u64()?;
        self.skipped += r.u64()?;
        self.extra_cells += r.u64()?;
        Some(())
    }
}

impl Part {
    /// The part as bytes, to cross to another thread or worker: its lines, and what
    /// its rows gave. `None` for what does not cross (not a lead file, a bound
    /// reached, a footer only the part before could tell): read the file whole.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let Table::Leads(table) = &self.table else {
            return None;
        };
        if self.footer_unsure {
            return None;
        }
        let mut w = Writer::default();
        w.u64(self.start_line);
        w.u64(self.end_line);
        w.u8(self.at_boundary as u8);
        self.report.write_rows(&mut w)?;
        table.write_state(&mut w)?;
        Some(w.0)
    }

    /// A part from [`Part::to_bytes`], of a file whose first bytes are `head` (its
    /// header is read again from them, with `options`). `None` if the bytes are not
    /// such a part's.
    pub fn from_bytes(bytes: &[u8], options: ImportOptions, head: &[u8]) -> Option<Part> {
        let mut part = Importer::for_part(options, head)?.end_part(false).ok()?;
        let mut r = Reader(bytes);
        part.start_line = r.u64()?;
        part.end_line = r.u64()?;
        part.at_boundary = r.u8()? != 0;
        part.report.read_rows(&mut r)?;
        let Table::Leads(table) = &mut part.table else {
            return None;
        };
        table.read_state(&mut r)?;
        r.0.is_empty().then_some(part)
    }
}
