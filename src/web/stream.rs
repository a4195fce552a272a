//! A chosen or dropped file read through its byte stream and pushed into the
//! incremental importer: the file is never held whole, each slice is a short task
//! (the page yields to the browser between them), progress is reported, and a
//! cancel flag stops it.

use super::state::Progress;
use crate::import::{detect_encoding, FatalError, Import, ImportOptions, Importer, TextEncoding};
use js_sys::{ArrayBuffer, Promise, Reflect, Uint8Array};
use std::borrow::Cow;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStreamByobReader};

/// The most read and imported in one task: fewer, larger slices cost less in yields.
pub const CHUNK: usize = 4 << 20;

/// The first slice, small: the browser runs new wasm code unoptimised at first (a
/// first 4 MiB slice took 150 ms). The next ones are sized by the speed measured so
/// far to take about `SLICE_MS`, up to `CHUNK`.
const FIRST_CHUNK: usize = 256 * 1024;

/// A slice's target duration, well below the 50 ms of a long task.
const SLICE_MS: f64 = 20.0;

/// The first read is at least this long: the encoding is told from it.
pub const SNIFF: usize = 64 * 1024;

/// Decoded text up to this size is kept, for storage and remapping without the file.
pub const KEEP_TEXT: usize = 2 << 20;

/// Why a streamed import did not finish.
#[derive(Clone, Debug, PartialEq)]
pub enum StreamError {
    Cancelled,
    /// The browser could not read the file.
    Unreadable,
    Fatal(FatalError),
}

/// A finished import, with the text if it was small enough to keep.
pub struct Streamed {
    pub import: Import,
    pub text: Option<String>,
}

thread_local! {
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

fn now() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or(0.0, |p| p.now()))
}

fn mark(name: &str) {
    PERFORMANCE.with(|p| p.as_ref().map(|p| p.mark(name)));
}

/// A file's bytes in `Blob` slices, each read with `arrayBuffer()` (a new buffer each
/// time): for a browser without byte streams (a "BYOB" reader), which [`ReadAhead`]
/// reads otherwise.
pub struct SliceReader {
    blob: Blob,
    at: f64,
}

impl SliceReader {
    pub fn new(blob: &Blob) -> SliceReader {
        SliceReader {
            blob: blob.clone(),
            at: 0.0,
        }
    }

    /// The next `want` bytes (fewer at the end of the file, none after it), copied
    /// into `out`, which only grows (it is not zeroed for every slice). A slice
    /// read short (the file changed on disk after it was chosen) is an unreadable
    /// file, never a shorter one.
    pub async fn read<'a>(
        &mut self,
        want: usize,
        out: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], StreamError> {
        let end = (self.at + want as f64).min(self.blob.size());
        let slice = self
            .blob
            .slice_with_f64_and_f64(self.at, end)
            .map_err(|_| StreamError::Unreadable)?;
        let buffer: ArrayBuffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| StreamError::Unreadable)?
            .unchecked_into();
        let filled = buffer.byte_length() as usize;
        if filled as f64 != end - self.at {
            return Err(StreamError::Unreadable);
        }
        self.at = end;
        if out.len() < filled {
            out.resize(filled, 0);
        }
        let out = &mut out[..filled];
        Uint8Array::new(&buffer).copy_to(out);
        Ok(out)
    }

    /// Whether the end of the file has been read.
    pub fn done(&self) -> bool {
        self.at >= self.blob.size()
    }
}

/// A file's bytes through its stream, each read asked for before the bytes of the
/// one before are used: the browser fills the stream while the caller works on them
/// (an import worker's 50 MB part: 57-78 ms of its time outside the importer, then
/// 28-49). Each read gives what the stream has, at most the size asked for when
/// it was asked; two buffers take turns.
pub struct ReadAhead {
    reader: ReadableStreamByobReader,
    next: Option<Promise>,
    spare: Option<ArrayBuffer>,
    blob_size: f64,
    read: f64,
    done: bool,
}

impl ReadAhead {
    /// `None` where the browser has no byte streams. The first read is asked for
    /// now: at most `size` bytes.
    pub fn new(blob: &Blob, size: usize) -> Option<ReadAhead> {
        let reader = ReadableStreamByobReader::new(&blob.stream()).ok()?;
        let mut r = ReadAhead {
            reader,
            next: None,
            spare: None,
            blob_size: blob.size(),
            read: 0.0,
            done: false,
        };
        r.next = Some(r.ask(size)?);
        Some(r)
    }

    /// Asks for at most `size` bytes, into the spare buffer if it has room.
    fn ask(&mut self, size: usize) -> Option<Promise> {
        let size = u32::try_from(size).ok()?.max(1);
        let buffer = match self.spare.take() {
            Some(b) if b.byte_length() >= size => b,
            _ => ArrayBuffer::new(size),
        };
        let view = Uint8Array::new_with_byte_offset_and_length(&buffer, 0, size);
        Some(self.reader.read_with_array_buffer_view(&view))
    }

    /// The next bytes the stream has, at least `min` unless the file ends first
    /// (none at its end), copied into `out`; each read after is asked for at once,
    /// of at most `then` bytes.
    pub async fn read<'a>(
        &mut self,
        min: usize,
        then: usize,
        out: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], StreamError> {
        let mut len = 0;
        loop {
            let n = self.read_into(then, out, len).await?;
            len += n;
            if len >= min || n == 0 || self.done {
                return Ok(&out[..len]);
            }
        }
    }

    /// One read's bytes, copied into `out` from `at`: how many.
    async fn read_into(
        &mut self,
        then: usize,
        out: &mut Vec<u8>,
        at: usize,
    ) -> Result<usize, StreamError> {
        let Some(next) = self.next.take() else {
            return Ok(0);
        };
        let result = JsFuture::from(next)
            .await
            .map_err(|_| StreamError::Unreadable)?;
        let done = Reflect::get(&result, &"done".into()).map_or(true, |d| d.is_truthy());
        let Ok(Ok(view)) =
            Reflect::get(&result, &"value".into()).map(|v| v.dyn_into::<Uint8Array>())
        else {
            return Err(StreamError::Unreadable);
        };
        let filled = view.byte_length() as usize;
        self.read += filled as f64;
        if done {
            self.done = true;
            if self.read < self.blob_size {
                return Err(StreamError::Unreadable);
            }
        } else {
            // The next read, into the other buffer, while these bytes are used.
            self.next = Some(self.ask(then).ok_or(StreamError::Unreadable)?);
        }
        let end = at.checked_add(filled).ok_or(StreamError::Unreadable)?;
        if out.len() < end {
            out.resize(end, 0);
        }
        view.copy_to(&mut out[at..end]);
        self.spare = Some(view.buffer());
        Ok(filled)
    }

    /// Whether the end of the file has been read.
    pub fn done(&self) -> bool {
        self.done
    }

    pub fn cancel(&self) {
        let _ = self.reader.cancel();
    }
}

/// A file's reader: reading ahead where the browser has byte streams, else in
/// slices.
pub enum Reader {
    Ahead(ReadAhead),
    Slices(SliceReader),
}

impl Reader {
    /// `first`: the first read's size.
    pub fn new(blob: &Blob, first: usize) -> Reader {
        match ReadAhead::new(blob, first) {
            Some(r) => Reader::Ahead(r),
            None => Reader::Slices(SliceReader::new(blob)),
        }
    }

    /// The next bytes, at least `min` unless the file ends first, copied into
    /// `out`; `size`: how many to read at most from now on (by slices, this read,
    /// and at least `min`; reading ahead, the ones it asks for).
    pub async fn read<'a>(
        &mut self,
        min: usize,
        size: usize,
        out: &'a mut Vec<u8>,
    ) -> Result<&'a [u8], StreamError> {
        match self {
            Reader::Ahead(r) => r.read(min, size, out).await,
            Reader::Slices(r) => r.read(size.max(min), out).await,
        }
    }

    /// Whether the end of the file has been read.
    pub fn done(&self) -> bool {
        match self {
            Reader::Ahead(r) => r.done(),
            Reader::Slices(r) => r.done(),
        }
    }

    pub fn cancel(&self) {
        if let Reader::Ahead(r) = self {
            r.cancel();
        }
    }
}

/// Turns the file's bytes into UTF-8 for the importer: UTF-8 passes through; UTF-16
/// and Windows-1252 go through the browser's streaming `TextDecoder`.
enum Decoder {
    Utf8,
    Browser(web_sys::TextDecoder),
}

impl Decoder {
    fn new(first: &[u8]) -> Result<Decoder, StreamError> {
        let (encoding, _) = detect_encoding(first).map_err(StreamError::Fatal)?;
        let label = match encoding {
            TextEncoding::Utf8 => return Ok(Decoder::Utf8),
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
            TextEncoding::Windows1252 => "windows-1252",
        };
        web_sys::TextDecoder::new_with_label(label)
            .map(Decoder::Browser)
            .map_err(|_| StreamError::Fatal(FatalError::Undecodable))
    }

    /// The chunk as UTF-8 (`last`: flush what a split character left behind).
    fn decode<'a>(&self, chunk: &'a [u8], last: bool) -> Result<Cow<'a, [u8]>, StreamError> {
        match self {
            Decoder::Utf8 => Ok(Cow::Borrowed(chunk)),
            Decoder::Browser(d) => {
                let options = web_sys::TextDecodeOptions::new();
                options.set_stream(!last);
                d.decode_with_u8_array_and_options(chunk, &options)
                    .map(|s| Cow::Owned(s.into_bytes()))
                    .map_err(|_| StreamError::Fatal(FatalError::Undecodable))
            }
        }
    }
}

/// For the benchmark: the import's measure (`prospect-kpi:import`), and the time
/// spent in the importer itself (`work_ms`: reading the rows, and `finish_ms` its
/// end, on this thread; with workers, their time and 0).
fn measure_import(work_ms: f64, finish_ms: f64) {
    mark("prospect-kpi:import-end");
    if let Some(w) = web_sys::window() {
        let _ = js_sys::Reflect::set(&w, &"__prospectKpiImportWorkMs".into(), &work_ms.into());
        let _ = js_sys::Reflect::set(&w, &"__prospectKpiImportEndMs".into(), &finish_ms.into());
    }
    PERFORMANCE.with(|p| {
        p.as_ref().map(|p| {
            p.measure_with_start_mark_and_end_mark(
                "prospect-kpi:import",
                "prospect-kpi:import-start",
                "prospect-kpi:import-end",
            )
        })
    });
}

/// Imports a file slice by slice. `progress` is called after every slice; setting
/// `cancel` stops the import at the next slice.
pub async fn import_blob(
    blob: &Blob,
    options: ImportOptions,
    chunk: usize,
    cancel: &Cell<bool>,
    progress: impl Fn(Progress),
) -> Result<Streamed, StreamError> {
    mark("prospect-kpi:import-start");
    super::warm::stop();
    // A large lead file on every core, when it can be.
    let workers_started = now();
    match super::parallel::import_in_workers(blob, &options, cancel, &progress).await {
        Some(Ok(streamed)) => {
            measure_import(now() - workers_started, 0.0);
            super::browser::yield_to_browser().await;
            return Ok(streamed);
        }
        Some(Err(())) => return Err(StreamError::Cancelled),
        None => {}
    }
    let started = now();
    let total = blob.size();
    let chunk = chunk.max(1);
    // The first slice is long enough to tell the encoding from.
    let mut size = chunk.clamp(SNIFF, FIRST_CHUNK);
    let mut reader = Reader::new(blob, size);
    let mut importer = Importer::new(options);
    importer.expect_bytes(total as u64);
    let mut kept: Option<Vec<u8>> = Some(Vec::new());
    let mut decoder: Option<Decoder> = None;
    let mut push_ms = 0.0;
    let mut buffer = Vec::new();
    let mut end = 0.0;
    // Progress is drawn at most every 100 ms: each drawing is a render of the page.
    let mut drawn = f64::NEG_INFINITY;
    loop {
        if cancel.get() {
            reader.cancel();
            return Err(StreamError::Cancelled);
        }
        // The first bytes are enough to tell the encoding from.
        let min = if decoder.is_none() { SNIFF } else { 0 };
        let bytes = match reader.read(min, size, &mut buffer).await {
            Ok(bytes) => bytes,
            Err(e) => {
                reader.cancel();
                return Err(e);
            }
        };
        end += bytes.len() as f64;
        let last = reader.done() || end >= total;
        let decoder = match &decoder {
            Some(d) => d,
            None => decoder.insert(Decoder::new(bytes)?),
        };
        let text = decoder.decode(bytes, last)?;
        let t_push = now();
        importer.push(&text);
        let took = now() - t_push;
        push_ms += took;
        // The next slice, sized by this one's speed (at most twice as large).
        let fits = (text.len() as f64 * SLICE_MS / took.max(0.1)) as usize;
        size = fits.min(2 * size).max(SNIFF).min(chunk);
        kept = kept
            .filter(|k| k.len() + text.len() <= KEEP_TEXT)
            .map(|mut k| {
                k.extend_from_slice(&text);
                k
            });
        let t = now();
        if t - drawn >= 100.0 {
            drawn = t;
            progress(Progress {
                bytes: end,
                total,
                rows: importer.rows_read(),
                elapsed_ms: t - started,
            });
        }
        if last {
            // The whole file has been read: let the stream go.
            reader.cancel();
        }
        // Between slices, and between the last one, the end of the import and the
        // drawing of the results: each its own short task.
        super::browser::yield_to_browser().await;
        if last {
            break;
        }
    }
    // Every byte of the file, or no result: a file read short is never imported
    // as if it had ended there.
    if end < total {
        return Err(StreamError::Unreadable);
    }
    let rows = importer.rows_read();
    let finishing = now();
    let import = importer.finish().map_err(StreamError::Fatal)?;
    measure_import(push_ms, now() - finishing);
    progress(Progress {
        bytes: total,
        total,
        rows,
        elapsed_ms: now() - started,
    });
    let text = kept.map(|k| String::from_utf8_lossy(&k).into_owned());
    super::browser::yield_to_browser().await;
    Ok(Streamed { import, text })
}
