//! A large lead file imported on every core: cut into parts just after line feeds,
//! each part read by a Web Worker of its own (`src/bin/import-worker.rs`) with the
//! same importer, the parts merged here in file order (`import::Part`). The page's
//! thread only reads the file's head and the bytes around each cut, waits, and
//! merges the parts a task each: no long task.
//!
//! It is only tried where it pays and cannot differ: a UTF-8 lead file larger than
//! the text the page keeps, without columns mapped by hand, whose rows make few
//! combinations (each worker judges its part's first slice, and gives up on a file
//! of a campaign per row, which merges slower than it reads). Anything else, a
//! worker that cannot start or fails, or a cut that fell inside a quoted field, and
//! the caller streams the file on this thread instead.

use super::state::Progress;
use super::stream::{Streamed, KEEP_TEXT};
use crate::import::{
    detect_encoding, head_of, header_end, Cuts, ImportOptions, Part, TextEncoding, CUT_WINDOW,
    MIN_PART_BYTES,
};
use js_sys::{Array, ArrayBuffer, Object, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

/// The worker's loader (`static/import-worker.js`), and its wasm.
const WORKER_URL: &str = "import-worker.js";
const WORKER_WASM: &str = "prospect-kpi-import_bg.wasm";

thread_local! {
    /// The workers' wasm, compiled once for all of them and every import.
    static MODULE: RefCell<Option<js_sys::WebAssembly::Module>> = const { RefCell::new(None) };
    /// Whether the warm-up was started ([`warm_up`]: once a page).
    static WARM_STARTED: Cell<bool> = const { Cell::new(false) };
    /// The worker warming up, until it is done or an import starts (it would take
    /// a core from the import's workers).
    static WARMING: RefCell<Option<Job>> = const { RefCell::new(None) };
}

/// The workers' wasm module: compiling from now on (the first time), awaited by
/// [`module`].
fn compile() -> Option<Promise> {
    if let Some(m) = MODULE.with(|m| m.borrow().clone()) {
        return Some(Promise::resolve(&JsValue::from(m)));
    }
    let response = web_sys::window()?.fetch_with_str(WORKER_WASM);
    Some(js_sys::WebAssembly::compile_streaming(&response))
}

async fn module(compiling: Option<Promise>) -> Option<js_sys::WebAssembly::Module> {
    let module: js_sys::WebAssembly::Module =
        JsFuture::from(compiling?).await.ok()?.dyn_into().ok()?;
    MODULE.with(|m| *m.borrow_mut() = Some(module.clone()));
    Some(module)
}

/// The file's first bytes read here: what a later part needs of them
/// ([`head_of`]: 64 KiB, or the whole first line).
const HEAD_BYTES: f64 = 256.0 * 1024.0;

/// The most workers: past the cores of most machines, more only costs memory.
const MAX_WORKERS: usize = 8;

/// How many workers to use: the cores the browser says it has, unless the page's
/// `window.__prospectKpiWorkers` says otherwise (the benchmark measures 1, 2 and
/// 4; 0 turns workers off).
fn workers_wanted() -> usize {
    let Some(window) = web_sys::window() else {
        return 0;
    };
    let set = Reflect::get(&window, &"__prospectKpiWorkers".into())
        .ok()
        .and_then(|v| v.as_f64());
    let n = set.unwrap_or_else(|| window.navigator().hardware_concurrency());
    if n.is_finite() && n >= 1.0 {
        (n as usize).min(MAX_WORKERS)
    } else {
        0
    }
}

async fn bytes_of(blob: &Blob, start: f64, end: f64) -> Option<Vec<u8>> {
    let slice = blob.slice_with_f64_and_f64(start, end).ok()?;
    let buffer: ArrayBuffer = JsFuture::from(slice.array_buffer())
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    Some(Uint8Array::new(&buffer).to_vec())
}

/// Imports `blob` in workers, or `None` when the caller should stream it instead
/// (see the module's comment). `Some(Err(()))`: cancelled.
pub async fn import_in_workers(
    blob: &Blob,
    options: &ImportOptions,
    cancel: &Cell<bool>,
    progress: &impl Fn(Progress),
) -> Option<Result<Streamed, ()>> {
    let size = blob.size();
    let total = size as usize;
    let wanted = workers_wanted();
    if *options != ImportOptions::default() || wanted == 0 || total <= KEEP_TEXT {
        return None;
    }
    let workers = wanted.min(total / MIN_PART_BYTES).max(1);
    // A warm-up still running gives its core to the import (its reply never comes).
    WARMING.with(|w| w.borrow_mut().take());
    let started = now();
    // The workers start (their wasm compiling) while this thread reads the file's
    // head and finds the cuts.
    let compiling = compile();
    let mut started_workers = Vec::new();
    for _ in 0..workers {
        match Job::start() {
            Some(w) => started_workers.push(w),
            None => return None,
        }
    }
    let (bounds, head) = plan(blob, workers).await?;
    // Their wasm: compiled here once (else each loads its own).
    let load = Object::new();
    if let Some(m) = module(compiling).await {
        let _ = Reflect::set(&load, &"module".into(), &m);
    }
    for w in &started_workers {
        w.worker.post_message(&load).ok()?;
    }
    let parts = bounds.len() - 1;
    started_workers.truncate(parts);
    let head_view = Uint8Array::from(&head[..]);
    let replies = Array::new();
    for (k, worker) in started_workers.iter().enumerate() {
        let job = Object::new();
        let set = |key: &str, value: &JsValue| {
            let _ = Reflect::set(&job, &JsValue::from_str(key), value);
        };
        set("file", blob);
        set("start", &bounds[k].into());
        set("end", &bounds[k + 1].into());
        set("first", &(k == 0).into());
        set("last", &(k + 1 == parts).into());
        set("head", &head_view);
        worker.send(job);
        replies.push(&worker.reply);
    }
    progress(Progress {
        bytes: 0.0,
        total: size,
        rows: 0,
        elapsed_ms: now() - started,
    });
    // Waits for every part, looking at the cancel flag every 100 ms.
    let all = Promise::all(&replies);
    let replies = loop {
        let tick = Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100));
        });
        let first_done = JsFuture::from(Promise::race(&Array::of2(&all, &tick))).await;
        if cancel.get() {
            return Some(Err(()));
        }
        match first_done {
            Ok(v) if Array::is_array(&v) => break Array::from(&v),
            Ok(_) => {}
            Err(_) => return None,
        }
    };
    drop(started_workers);
    if let Some(w) = web_sys::window() {
        // For the tests and the benchmark: a reply per worker (its part's bytes, its
        // time `ms`, its time in the importer `pushMs`).
        let _ = Reflect::set(&w, &"__prospectKpiImportWorkers".into(), &replies);
    }
    // The parts merged in file order: what one reading gives (a task each: a
    // part's bytes are a megabyte or so for a CRM export).
    let mut whole: Option<Part> = None;
    for reply in replies.iter() {
        super::browser::yield_to_browser().await;
        let bytes = Reflect::get(&reply, &"part".into())
            .ok()?
            .dyn_into::<Uint8Array>()
            .ok()?
            .to_vec();
        let part = Part::from_bytes(&bytes, ImportOptions::default(), &head)?;
        match &mut whole {
            None => whole = Some(part),
            Some(w) => {
                if !w.merge(part) {
                    return None;
                }
            }
        }
    }
    super::browser::yield_to_browser().await;
    let import = whole?.finish().ok()?;
    progress(Progress {
        bytes: size,
        total: size,
        rows: import.rows,
        elapsed_ms: now() - started,
    });
    Some(Ok(Streamed { import, text: None }))
}

/// Warms the workers' wasm when the user heads for the file picker (the pointer,
/// the keyboard's focus or a dragged file on it), once: compiles it, and has one worker
/// import a made-up lead file with it (`src/bin/import-worker.rs` says why), then
/// lets the worker go; the module, its code compiled and optimised, is kept for the
/// imports to come. Choosing a file takes the user longer than this takes. Nothing
/// when workers are off. For the tests and the benchmark, `window.__prospectKpiWarm`
/// is true once done.
pub fn warm_up() {
    if workers_wanted() == 0 || WARM_STARTED.with(|s| s.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let compiling = compile();
        let Some(job) = Job::start() else {
            return;
        };
        let reply = job.reply.clone();
        // Held here from now on: an import that starts lets it go.
        WARMING.with(|w| *w.borrow_mut() = Some(job));
        let module = module(compiling).await;
        let sent = WARMING.with(|w| {
            let w = w.borrow();
            let (Some(job), Some(m)) = (w.as_ref(), module) else {
                return false;
            };
            let load = Object::new();
            let _ = Reflect::set(&load, &"module".into(), &m);
            let warm = Object::new();
            let _ = Reflect::set(&warm, &"warm".into(), &JsValue::TRUE);
            let loaded = job.worker.post_message(&load).is_ok();
            if loaded {
                job.send(warm);
            }
            loaded
        });
        let warmed = sent && JsFuture::from(reply).await.is_ok();
        // Done (or never begun): the worker goes, unless an import already let it go.
        WARMING.with(|w| w.borrow_mut().take());
        if let Some(w) = web_sys::window() {
            let _ = Reflect::set(&w, &"__prospectKpiWarm".into(), &warmed.into());
        }
    });
}

/// Where to cut the file for `workers` parts, and its head: `None` unless it is a
/// UTF-8 lead file (the workers judge the rest: whether its rows make few
/// combinations).
async fn plan(blob: &Blob, workers: usize) -> Option<(Vec<f64>, Vec<u8>)> {
    let size = blob.size();
    let total = size as usize;
    let first = bytes_of(blob, 0.0, size.min(HEAD_BYTES)).await?;
    if !matches!(detect_encoding(&first), Ok((TextEncoding::Utf8, _))) {
        return None;
    }
    let head = head_of(&first).to_vec();
    // A lead file's header (reading the header alone costs nothing).
    crate::import::Importer::for_part(ImportOptions::default(), &head)?;
    // A file of a combination per row (a contact list read as leads) is read whole
    // at once: its parts would give up on their first megabyte, after the workers
    // had read it (this head is a few thousand rows: a few milliseconds).
    let mut probe = crate::import::Importer::new(ImportOptions::default());
    probe.push(&first);
    let rows = probe.rows_read() as usize;
    if rows >= 1000 && probe.combinations() * 10 > rows * 9 {
        return None;
    }
    // Each cut just after the first line feed past k/workers of the file.
    let mut cuts = Cuts::new(total, workers, header_end(&head)?);
    for k in 1..workers {
        let nominal = cuts.nominal(k);
        let end = (nominal + CUT_WINDOW).min(total);
        let window = bytes_of(blob, nominal as f64, end as f64).await?;
        cuts.cut(nominal, &window);
    }
    let bounds = cuts.bounds().into_iter().map(|b| b as f64).collect();
    Some((bounds, head))
}

/// An import worker: started at once (its wasm loads meanwhile), sent its part
/// when both it is ready and the part is known, terminated when dropped.
struct Job {
    worker: Worker,
    /// Its answer: `{part}`, or a rejection (`{error}`, or the worker failed).
    reply: Promise,
    ready: Rc<Cell<bool>>,
    waiting: Rc<RefCell<Option<Object>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Job {
    fn start() -> Option<Job> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let ready = Rc::new(Cell::new(false));
        let waiting: Rc<RefCell<Option<Object>>> = Rc::default();
        let mut handlers = None;
        let reply = Promise::new(&mut |resolve, reject| {
            let (w, ready, waiting) = (worker.clone(), ready.clone(), waiting.clone());
            let reject_on_error = reject.clone();
            let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                // Its first message says it is ready: a message before would be lost.
                if !ready.replace(true) {
                    if let Some(job) = waiting.borrow_mut().take() {
                        if w.post_message(&job).is_err() {
                            let _ = reject.call0(&JsValue::NULL);
                        }
                    }
                    return;
                }
                let data = e.data();
                let has_part = Reflect::get(&data, &"part".into()).is_ok_and(|p| p.is_object())
                    || Reflect::get(&data, &"warmed".into()).is_ok_and(|w| w.is_truthy());
                let _ = if has_part {
                    resolve.call1(&JsValue::NULL, &data)
                } else {
                    reject.call1(&JsValue::NULL, &data)
                };
            });
            let on_error = Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let _ = reject_on_error.call1(&JsValue::NULL, &e);
            });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            handlers = Some((on_message, on_error));
        });
        let (on_message, on_error) = handlers?;
        Some(Job {
            worker,
            reply,
            ready,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends its part now if it is ready, else once it is.
    fn send(&self, job: Object) {
        if self.ready.get() {
            let _ = self.worker.post_message(&job);
        } else {
            *self.waiting.borrow_mut() = Some(job);
        }
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
