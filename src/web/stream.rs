//! A chosen or dropped file read in slices and pushed into the incremental importer:
//! the file is never held whole, each slice is a short task (the page stays
//! responsive between them), progress is reported, and a cancel flag stops it.

use crate::import::{detect_encoding, FatalError, Import, ImportOptions, Importer, TextEncoding};
use std::cell::Cell;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The slice read and imported in one task: 4 MiB takes about 25 ms to import in
/// the page (below the 50 ms of a long task), and fewer, larger reads cost less than
/// many small ones (1 MiB slices: 70 MB/s; 4 MiB: 107 MB/s, `make bench-browser`).
pub const CHUNK: usize = 4 << 20;

/// The first read is at least this long: the encoding is told from it.
pub const SNIFF: usize = 64 * 1024;

/// Decoded text up to this size is kept, for storage and remapping without the file.
pub const KEEP_TEXT: usize = 2 << 20;

/// How far an import has gone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub bytes: f64,
    pub total: f64,
    pub rows: u64,
    pub elapsed_ms: f64,
    pub done: bool,
}

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

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

async fn read(blob: &Blob, start: f64, end: f64) -> Result<Vec<u8>, StreamError> {
    let slice = blob
        .slice_with_f64_and_f64(start, end)
        .map_err(|_| StreamError::Unreadable)?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|_| StreamError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
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
    fn decode(&self, chunk: Vec<u8>, last: bool) -> Result<Vec<u8>, StreamError> {
        match self {
            Decoder::Utf8 => Ok(chunk),
            Decoder::Browser(d) => {
                let options = web_sys::TextDecodeOptions::new();
                options.set_stream(!last);
                d.decode_with_u8_array_and_options(&chunk, &options)
                    .map(String::into_bytes)
                    .map_err(|_| StreamError::Fatal(FatalError::Undecodable))
            }
        }
    }
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
    let started = now();
    let total = blob.size();
    let chunk = chunk.max(1) as f64;
    let mut importer = Importer::new(options);
    let mut kept: Option<Vec<u8>> = Some(Vec::new());
    let mut decoder: Option<Decoder> = None;
    let mut push_ms = 0.0;
    let mut start = 0.0;
    // Progress is drawn at most every 100 ms: each drawing is a render of the page.
    let mut drawn = f64::NEG_INFINITY;
    loop {
        if cancel.get() {
            return Err(StreamError::Cancelled);
        }
        // The first slice is long enough to tell the encoding from.
        let size = if start == 0.0 {
            chunk.max(SNIFF as f64)
        } else {
            chunk
        };
        let end = (start + size).min(total);
        let last = end >= total;
        let bytes = read(blob, start, end).await?;
        let decoder = match &decoder {
            Some(d) => d,
            None => decoder.insert(Decoder::new(&bytes)?),
        };
        let text = decoder.decode(bytes, last)?;
        let t_push = now();
        importer.push(&text);
        push_ms += now() - t_push;
        kept = kept
            .filter(|k| k.len() + text.len() <= KEEP_TEXT)
            .map(|mut k| {
                k.extend_from_slice(&text);
                k
            });
        start = end;
        let t = now();
        if t - drawn >= 100.0 {
            drawn = t;
            progress(Progress {
                bytes: end,
                total,
                rows: importer.rows_read(),
                elapsed_ms: t - started,
                done: false,
            });
        }
        if last {
            break;
        }
    }
    let rows = importer.rows_read();
    let import = importer.finish().map_err(StreamError::Fatal)?;
    mark("prospect-kpi:import-end");
    if let Some(w) = web_sys::window() {
        // For the benchmark: the time spent in the importer itself.
        let _ = js_sys::Reflect::set(&w, &"__prospectKpiImportWorkMs".into(), &push_ms.into());
    }
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark_and_end_mark(
            "prospect-kpi:import",
            "prospect-kpi:import-start",
            "prospect-kpi:import-end",
        );
    }
    progress(Progress {
        bytes: total,
        total,
        rows,
        elapsed_ms: now() - started,
        done: true,
    });
    let text = kept.map(|k| String::from_utf8_lossy(&k).into_owned());
    Ok(Streamed { import, text })
}
