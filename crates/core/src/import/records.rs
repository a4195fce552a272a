//! From bytes pushed in chunks to CSV records with their line numbers.
//!
//! `Sniffer` holds the first bytes until it can tell the encoding, the delimiter
//! and the line ends; `Records` then parses with `csv-core`, which keeps its state
//! between chunks, so a quoted field or a multi-byte character split across two
//! chunks comes out whole.

use super::FatalError;

/// How many bytes the sniffer wants before it decides (it also waits for a line end).
pub const SNIFF_BYTES: usize = 64 * 1024;

/// The text encoding of the input, as detected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian.
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (Excel's CSV on Western Windows).
    Windows1252,
}

/// Detects the encoding from the first bytes. Returns it and the length of its
/// byte-order mark.
pub fn detect_encoding(head: &[u8]) -> Result<(TextEncoding, usize), FatalError> {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => return Ok((TextEncoding::Utf8, 3)),
        [0xFF, 0xFE, ..] => return Ok((TextEncoding::Utf16Le, 2)),
        [0xFE, 0xFF, ..] => return Ok((TextEncoding::Utf16Be, 2)),
        _ => {}
    }
    if head.contains(&0) {
        return Err(FatalError::Undecodable);
    }
    // Valid UTF-8, but for a character cut at the end of what we have, is UTF-8.
    match std::str::from_utf8(head) {
        Ok(_) => Ok((TextEncoding::Utf8, 0)),
        Err(e) if e.error_len().is_none() => Ok((TextEncoding::Utf8, 0)),
        Err(_) => Ok((TextEncoding::Windows1252, 0)),
    }
}

/// Picks the delimiter: Excel's `sep=` line if the text starts with one, else the
/// most frequent of tab, `;` and `,` outside quotes (ties in that order) on the first
/// line that has any (a report's title above its header may have none). A line ends
/// at the first line break even inside quotes. When that line has only one (a
/// two-column header, or a title such as `Rapport, T1 2025`), the first lines vote:
/// the delimiter that splits most of them into the same number of cells, two or
/// more, wins. `text` is the sniffed head only, so that the choice never depends on
/// how much of the file has arrived.
pub fn detect_delimiter(text: &[u8]) -> u8 {
    if let Some(delimiter) = sep_line(text) {
        return delimiter;
    }
    const DELIMITERS: [u8; 3] = [b'\t', b';', b','];
    let lines = first_lines(text);
    let Some(first) = lines.iter().position(|c| c.iter().any(|&n| n > 0)) else {
        return b',';
    };
    let counts = lines[first];
    let best = (0..3).fold(0, |best, i| if counts[i] > counts[best] { i } else { best });
    if counts[best] > 1 {
        return DELIMITERS[best];
    }
    // The vote: per delimiter, the most frequent number of cells (two or more) and
    // how many lines have it.
    let vote = |d: usize| {
        let mut best = (0usize, 0usize);
        for line in &lines[first..] {
            let cells = line[d] + 1;
            let same = lines[first..].iter().filter(|l| l[d] + 1 == cells).count();
            if cells >= 2 && (same, cells) > best {
                best = (same, cells);
            }
        }
        best
    };
    let votes = [vote(0), vote(1), vote(2)];
    let winner = (0..3).fold(best, |w, i| if votes[i] > votes[w] { i } else { w });
    DELIMITERS[winner]
}

/// The counts of tab, `;` and `,` outside quotes on each of the first non-blank
/// lines (at most [`MAX_LINES_WITHOUT_DELIMITER`] + 1); a last line without its line
/// end is left out unless it is the only one.
fn first_lines(text: &[u8]) -> Vec<[usize; 3]> {
    let mut lines = Vec::new();
    let mut rest = text;
    while lines.len() <= MAX_LINES_WITHOUT_DELIMITER {
        let start = rest
            .iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let mut counts = [0usize; 3];
        let mut quoted = false;
        let mut end = None;
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'"' => quoted = !quoted,
                b'\n' | b'\r' => {
                    end = Some(i);
                    break;
                }
                b'\t' if !quoted => counts[0] += 1,
                b';' if !quoted => counts[1] += 1,
                b',' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        match end {
            Some(end) => {
                lines.push(counts);
                rest = &rest[end..];
            }
            None => {
                if lines.is_empty() {
                    lines.push(counts);
                }
                break;
            }
        }
    }
    lines
}

/// The delimiter an Excel hint line names (`sep=;`, the file's first line), if the
/// text starts with one.
pub fn sep_line(text: &[u8]) -> Option<u8> {
    let start = text.iter().position(|&b| b != b'\r' && b != b'\n')?;
    match &text[start..] {
        [s, e, p, b'=', d, rest @ ..]
            if s.eq_ignore_ascii_case(&b's')
                && e.eq_ignore_ascii_case(&b'e')
                && p.eq_ignore_ascii_case(&b'p')
                && matches!(rest.first(), None | Some(b'\r' | b'\n')) =>
        {
            Some(*d)
        }
        _ => None,
    }
}

/// How many lines without a delimiter (a report's title, its date) the delimiter is
/// looked for past.
const MAX_LINES_WITHOUT_DELIMITER: usize = 10;

/// Whether the text's lines end with a lone CR (old Mac files): then CRs are counted.
pub fn detect_cr_lines(text: &[u8]) -> bool {
    match text.iter().position(|&b| b == b'\r' || b == b'\n') {
        Some(i) if text[i] == b'\r' => text.get(i + 1).is_some_and(|&b| b != b'\n'),
        _ => false,
    }
}

/// Turns the input's bytes into UTF-8 text, chunk by chunk.
pub enum TextDecoder {
    /// UTF-8 passes through untouched (invalid bytes are dealt with per cell).
    Utf8,
    /// UTF-16 and Windows-1252, by `encoding_rs` (feature `legacy-encodings`; the
    /// page leaves it out and decodes such files with the browser's `TextDecoder`).
    #[cfg(feature = "legacy-encodings")]
    Transcode(Box<encoding_rs::Decoder>, Vec<u8>),
}

impl TextDecoder {
    /// The decoder for an encoding, or `None` when this build cannot decode it.
    pub fn new(encoding: TextEncoding) -> Option<TextDecoder> {
        #[cfg(feature = "legacy-encodings")]
        {
            use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
            let enc = match encoding {
                TextEncoding::Utf8 => return Some(TextDecoder::Utf8),
                TextEncoding::Utf16Le => UTF_16LE,
                TextEncoding::Utf16Be => UTF_16BE,
                TextEncoding::Windows1252 => WINDOWS_1252,
            };
            Some(TextDecoder::Transcode(
                Box::new(enc.new_decoder_without_bom_handling()),
                Vec::new(),
            ))
        }
        #[cfg(not(feature = "legacy-encodings"))]
        {
            (encoding == TextEncoding::Utf8).then_some(TextDecoder::Utf8)
        }
    }

    /// Decodes `input` and hands the UTF-8 text to `out`, in one or more pieces.
    pub fn decode(&mut self, input: &[u8], last: bool, out: &mut impl FnMut(&[u8])) {
        // Only a transcoder has a state to flush at the end.
        let _ = last;
        match self {
            TextDecoder::Utf8 => out(input),
            #[cfg(feature = "legacy-encodings")]
            TextDecoder::Transcode(decoder, buf) => {
                let mut input = input;
                loop {
                    let want = decoder
                        .max_utf8_buffer_length(input.len())
                        .unwrap_or(usize::MAX)
                        .clamp(16, 256 * 1024);
                    buf.resize(want, 0);
                    let (result, read, written, _) = decoder.decode_to_utf8(input, buf, last);
                    out(&buf[..written]);
                    input = &input[read..];
                    if result == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
            }
        }
    }
}

/// One CSV record: its fields, unquoted.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// The fields one after the other, each ending at its `ends` offset.
    data: &'a [u8],
    ends: &'a [usize],
    /// What lies between two fields in `data`: nothing when the parser copied the
    /// fields out, the delimiter (1) when the record is the input line itself.
    gap: usize,
}

impl<'a> Record<'a> {
    /// A record of one cell, empty fields before it (`ends` is `[0, …, 0,
    /// cell.len()]`): a line held back and read later.
    pub fn one(field: &'a [u8], ends: &'a [usize]) -> Record<'a> {
        Record {
            data: field,
            ends,
            gap: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// How many line feeds its quoted fields hold: the lines it spans past its first.
    /// 0 for a record that is its input line (the fast path's), without a look.
    #[inline]
    pub fn line_feeds(&self) -> u64 {
        if self.gap == 1 {
            return 0;
        }
        self.data.iter().filter(|&&b| b == b'\n').count() as u64
    }

    /// The field at `i`, or empty when the record is shorter.
    pub fn get(&self, i: usize) -> &'a [u8] {
        match self.ends.get(i) {
            Some(&end) => {
                let start = if i == 0 {
                    0
                } else {
                    self.ends[i - 1] + self.gap
                };
                &self.data[start..end]
            }
            None => &[],
        }
    }

    /// True when every field is empty or white space.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// A streaming CSV reader that numbers physical lines.
pub struct Records {
    reader: csv_core::Reader,
    out: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Lines end with a lone CR: csv-core counts only LFs, so we count CRs.
    cr_lines: bool,
    cr_line: u64,
    at_record_start: bool,
    record_line: u64,
    done: bool,
    delimiter: u8,
    /// Plain lines (no quote, no CR inside) are split here, without the parser's
    /// state machine: most lines of a CRM export, and twice as fast. Only once the
    /// parser has read a record: its first read strips a byte-order mark, which a
    /// later line must keep.
    fast: bool,
    /// Whether plain lines may be split here at all: not in a lone-CR file, whose
    /// lines are counted by CRs (nor in the tests that compare with the parser).
    plain_lines: bool,
    fast_ends: Vec<usize>,
}

impl Records {
    pub fn new(delimiter: u8, cr_lines: bool) -> Records {
        Records {
            delimiter,
            fast: false,
            plain_lines: !cr_lines,
            fast_ends: Vec::with_capacity(64),
            reader: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 16 * 1024],
            out_len: 0,
            ends: vec![0; 64],
            ends_len: 0,
            cr_lines,
            cr_line: 1,
            at_record_start: true,
            record_line: 1,
            done: false,
        }
    }

    /// The physical line the reader is on: 1 + the line ends read so far.
    pub fn line(&self) -> u64 {
        if self.cr_lines {
            self.cr_line
        } else {
            self.reader.line()
        }
    }

    /// Whether the input read so far ends between records (not inside a quoted
    /// field): where a file may be cut.
    pub fn at_boundary(&self) -> bool {
        self.at_record_start
    }

    /// Parses `input`, calling `sink(line, record)` for every complete record.
    pub fn feed(&mut self, mut input: &[u8], sink: &mut impl FnMut(u64, Record<'_>)) {
        while !input.is_empty() && !self.done {
            if self.at_record_start {
                // Blank lines between records: skipped here so that the record's
                // first line is known.
                let skip = input
                    .iter()
                    .position(|&b| b != b'\n' && b != b'\r')
                    .unwrap_or(input.len());
                let newline = if self.cr_lines { b'\r' } else { b'\n' };
                let breaks = input[..skip].iter().filter(|&&b| b == newline).count() as u64;
                if self.cr_lines {
                    self.cr_line += breaks;
                } else {
                    self.reader.set_line(self.reader.line() + breaks);
                }
                input = &input[skip..];
                if input.is_empty() {
                    return;
                }
                self.record_line = self.line();
                if self.fast {
                    if let Some(used) = self.plain_line(input, sink) {
                        input = &input[used..];
                        continue;
                    }
                }
                self.at_record_start = false;
            }
            let (result, nin) = self.step(input);
            input = &input[nin..];
            if self.handle(result, sink) {
                return;
            }
        }
    }

    /// A whole line at the start of `input` with no quote and no CR but for its
    /// CRLF end is a record whose fields are what lies between the delimiters, as the
    /// parser would read it: handed to `sink` straight from the input. Returns the
    /// bytes used, line end included, or `None` (a quote, a CR, or the line goes on
    /// in the next chunk) for the parser to read it.
    fn plain_line(
        &mut self,
        input: &[u8],
        sink: &mut impl FnMut(u64, Record<'_>),
    ) -> Option<usize> {
        self.fast_ends.clear();
        let stop = split_line(input, self.delimiter, &mut self.fast_ends)?;
        let (data, used) = match input.get(stop) {
            Some(b'\n') => (&input[..stop], stop + 1),
            Some(b'\r') if input.get(stop + 1) == Some(&b'\n') => (&input[..stop], stop + 2),
            // A quote, a lone CR, or a CR at the end of the chunk.
            _ => return None,
        };
        self.fast_ends.push(data.len());
        sink(
            self.record_line,
            Record {
                data,
                ends: &self.fast_ends,
                gap: 1,
            },
        );
        self.reader.set_line(self.reader.line() + 1);
        Some(used)
    }

    /// Ends the input: the last record may have no line end.
    pub fn finish(&mut self, sink: &mut impl FnMut(u64, Record<'_>)) {
        while !self.done {
            let (result, _) = self.step(&[]);
            if self.handle(result, sink) {
                return;
            }
        }
    }

    fn step(&mut self, input: &[u8]) -> (csv_core::ReadRecordResult, usize) {
        let (result, nin, nout, nend) = self.reader.read_record(
            input,
            &mut self.out[self.out_len..],
            &mut self.ends[self.ends_len..],
        );
        if self.cr_lines {
            self.cr_line += input[..nin].iter().filter(|&&b| b == b'\r').count() as u64;
        }
        self.out_len += nout;
        self.ends_len += nend;
        (result, nin)
    }

    /// Acts on a step's result; true when more input is needed.
    fn handle(
        &mut self,
        result: csv_core::ReadRecordResult,
        sink: &mut impl FnMut(u64, Record<'_>),
    ) -> bool {
        use csv_core::ReadRecordResult::*;
        match result {
            InputEmpty => true,
            OutputFull => {
                let n = self.out.len() * 2;
                self.out.resize(n, 0);
                false
            }
            OutputEndsFull => {
                let n = self.ends.len() * 2;
                self.ends.resize(n, 0);
                false
            }
            Record => {
                self.fast = self.plain_lines;
                let record = self::Record {
                    data: &self.out[..self.out_len],
                    ends: &self.ends[..self.ends_len],
                    gap: 0,
                };
                sink(self.record_line, record);
                self.out_len = 0;
                self.ends_len = 0;
                self.at_record_start = true;
                false
            }
            End => {
                self.done = true;
                true
            }
        }
    }
}

/// Bytes whose every byte is 1.
const ONES: u64 = u64::from_le_bytes([1; 8]);
/// Bytes whose every byte is 0x80.
const HIGHS: u64 = ONES << 7;

/// The high bit of each byte of `word` that equals `byte`, and no other bit (exact:
/// no carry crosses a byte).
fn bytes_equal(word: u64, byte: u8) -> u64 {
    let x = word ^ (ONES * byte as u64);
    !(((x & !HIGHS) + !HIGHS) | x) & HIGHS
}

/// Finds the first line feed, quote or carriage return in `input`, pushing to
/// `ends` the position of every `delimiter` before it; `None` when there is none.
/// One pass, eight bytes at a time (a line's fields are short: a search per field
/// costs more than the field).
fn split_line(input: &[u8], delimiter: u8, ends: &mut Vec<usize>) -> Option<usize> {
    let mut words = input.chunks_exact(8);
    let mut at = 0;
    for w in words.by_ref() {
        let word = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        let stops = bytes_equal(word, b'\n') | bytes_equal(word, b'"') | bytes_equal(word, b'\r');
        let mut delimiters = bytes_equal(word, delimiter);
        let stop = (stops != 0).then(|| stops.trailing_zeros() as usize / 8);
        if let Some(stop) = stop {
            // Only the delimiters before the stop.
            delimiters &= (1u64 << (stop * 8)).wrapping_sub(1);
        }
        while delimiters != 0 {
            ends.push(at + delimiters.trailing_zeros() as usize / 8);
            delimiters &= delimiters - 1;
        }
        if let Some(stop) = stop {
            return Some(at + stop);
        }
        at += 8;
    }
    for &b in words.remainder() {
        match b {
            b'\n' | b'"' | b'\r' => return Some(at),
            _ if b == delimiter => ends.push(at),
            _ => {}
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &[u8], chunk: usize) -> Vec<(u64, Vec<String>)> {
        parse_with(text, chunk, true)
    }

    fn parse_with(text: &[u8], chunk: usize, plain_lines: bool) -> Vec<(u64, Vec<String>)> {
        let delimiter = detect_delimiter(text);
        let mut records = Records::new(delimiter, detect_cr_lines(text));
        records.plain_lines &= plain_lines;
        let mut rows = Vec::new();
        let mut sink = |line, r: Record<'_>| {
            rows.push((
                line,
                r.iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
            ))
        };
        for piece in text.chunks(chunk.max(1)) {
            records.feed(piece, &mut sink);
        }
        records.finish(&mut sink);
        rows
    }

    #[test]
    fn lines_are_physical_whatever_the_chunks() {
        let text = b"a,b\n\n1,\"x\ny\"\r\n\r\n2,\"q\"\"\"\n3,z";
        for chunk in [1, 2, 3, 5, 100] {
            let rows = parse(text, chunk);
            let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
            assert_eq!(lines, [1, 3, 6, 7], "chunk {chunk}");
            assert_eq!(rows[1].1, ["1", "x\ny"]);
            assert_eq!(rows[2].1, ["2", "q\""]);
            assert_eq!(rows[3].1, ["3", "z"]);
        }
    }

    /// Plain lines split without the parser give the parser's records and lines,
    /// whatever the bytes and the chunks: random texts over the bytes that matter.
    #[test]
    fn plain_lines_read_as_the_parser_reads_them() {
        const BYTES: &[u8] = b"ab ,;\t\"\r\n\n\xef\xbb\xbf\xc3\xa9";
        let mut next = crate::hash::xorshift(0x9e37_79b9_7f4a_7c15u64);
        for case in 0..5000 {
            let len = (next() % 80) as usize;
            let text: Vec<u8> = (0..len)
                .map(|_| BYTES[(next() % BYTES.len() as u64) as usize])
                .collect();
            let chunk = 1 + (next() % 17) as usize;
            let expected = parse_with(&text, text.len().max(1), false);
            assert_eq!(
                parse_with(&text, chunk, true),
                expected,
                "case {case}: {text:?} in {chunk}"
            );
            assert_eq!(
                parse_with(&text, text.len().max(1), true),
                expected,
                "case {case}: {text:?}"
            );
        }
    }

    #[test]
    fn cr_only_lines_are_counted() {
        let rows = parse(b"a;b\r1;2\r\r3;\"4\r5\"\r6;7", 2);
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 4, 6]);
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a;b;c,d\n"), b';');
        assert_eq!(detect_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(detect_delimiter(b"\n\"x;y\",b,c\n"), b',');
        assert_eq!(detect_delimiter(b"single\n"), b',');
        // Past a report's title and date, the header's.
        assert_eq!(
            detect_delimiter(
                "Rapport T1 2025\r\n\r\nAu 14/03/2025\r\ncampagne;prospects\r\n".as_bytes()
            ),
            b';'
        );
        assert_eq!(detect_delimiter(b"one\ntwo\n"), b',');
        // A title with a comma above a French header; two columns either way.
        assert_eq!(
            detect_delimiter(
                "Rapport, T1 2025\n\ncampagne;prospects;clients\nA;10;2\nB;20;4,5\n".as_bytes()
            ),
            b';'
        );
        assert_eq!(detect_delimiter(b"campaign,leads\nA,10\nB,20\n"), b',');
        assert_eq!(
            detect_delimiter(b"campagne;prospects\nA;1,5\nB;2,5\nC;3,5\n"),
            b';'
        );
        assert_eq!(detect_delimiter(b"campaign,leads"), b',');
        // Excel's hint line names it.
        assert_eq!(detect_delimiter(b"sep=;\r\na,b;c\n"), b';');
        assert_eq!(detect_delimiter(b"SEP=|\na|b\n"), b'|');
        assert_eq!(sep_line(b"sep=;x\n"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFa"),
            Ok((TextEncoding::Utf8, 3))
        );
        assert_eq!(
            detect_encoding(b"\xFF\xFEa\0"),
            Ok((TextEncoding::Utf16Le, 2))
        );
        assert_eq!(
            detect_encoding(b"\xFE\xFF\0a"),
            Ok((TextEncoding::Utf16Be, 2))
        );
        assert_eq!(
            detect_encoding("caf\u{e9}".as_bytes()),
            Ok((TextEncoding::Utf8, 0))
        );
        // A character cut at the end of the sniffed bytes is still UTF-8.
        assert_eq!(detect_encoding(b"caf\xC3"), Ok((TextEncoding::Utf8, 0)));
        assert_eq!(
            detect_encoding(b"caf\xE9 x"),
            Ok((TextEncoding::Windows1252, 0))
        );
        assert_eq!(detect_encoding(b"a\0b\0"), Err(FatalError::Undecodable));
    }
}
