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
    /// Workers started and loaded ahead of an import ([`warm_up`]), each used for
    /// one part: a worker's start (its script, its wasm's instance) is 20-25 ms
    /// before it reads a byte.
    static READY: RefCell<Vec<Job>> = const { RefCell::new(Vec::new()) };
    /// Workers being started for [`READY`] (a second heading for the picker then
    /// starts no others).
    static READYING: Cell<bool> = const { Cell::new(false) };
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

/// The most workers kept ready, idle, between the warm-up and an import (each a
/// few megabytes); an import on more cores starts the others.
const MAX_READY: usize = 4;

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

/// The bytes from `start` to `end`, being read.
fn array_buffer(blob: &Blob, start: f64, end: f64) -> Option<Promise> {
    Some(blob.slice_with_f64_and_f64(start, end).ok()?.array_buffer())
}

async fn bytes_of(blob: &Blob, start: f64, end: f64) -> Option<Vec<u8>> {
    let buffer: ArrayBuffer = JsFuture::from(array_buffer(blob, start, end)?)
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
    // The workers ready since the warm-up, taken once the file is known to be
    // read in parts (else they stay ready), and others started now (their wasm
    // compiling, then sent to them, while this thread reads the file's head and
    // finds the cuts).
    let ready = READY.with(|r| r.borrow().len()).min(workers);
    let fresh = (ready..workers)
        .map(|_| Job::start())
        .collect::<Option<Vec<_>>>()?;
    let mut compiling = (!fresh.is_empty()).then(compile).flatten();
    // Compiled already (the usual case): sent before the plan, else after it.
    if MODULE.with(|m| m.borrow().is_some()) {
        load(&fresh, compiling.take()).await?;
    }
    let (bounds, head, first) = plan(blob, workers).await?;
    if compiling.is_some() {
        load(&fresh, compiling).await?;
    }
    let mut started_workers = ready_workers(std::mem::take);
    started_workers.truncate(ready);
    started_workers.extend(fresh);
    let parts = bounds.len() - 1;
    started_workers.truncate(parts);
    // A worker for every part (another import may have taken those ready meanwhile).
    if started_workers.len() != parts {
        return None;
    }
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
        replies.push(&worker.ask(job));
    }
    // A file of a combination per row (a contact list read as leads) is read whole
    // at once: its parts would give up on their first megabyte. Judged on the head
    // (a few thousand rows: a few milliseconds) while the workers start on theirs;
    // dropping them stops them.
    if many_combinations(&first) {
        return None;
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

/// Does `f` to the workers ready. For the tests, `window.__prospectKpiWorkersReady`
/// says how many there are.
fn ready_workers<T>(f: impl FnOnce(&mut Vec<Job>) -> T) -> T {
    let (out, n) = READY.with(|r| {
        let mut r = r.borrow_mut();
        (f(&mut r), r.len())
    });
    if let Some(w) = web_sys::window() {
        let _ = Reflect::set(&w, &"__prospectKpiWorkersReady".into(), &n.into());
    }
    out
}

/// Sends the workers' wasm, being compiled, to `jobs`.
async fn load(jobs: &[Job], compiling: Option<Promise>) -> Option<()> {
    let module = module(compiling).await;
    jobs.iter()
        .all(|job| job.load(module.as_ref()))
        .then_some(())
}

/// Readies the workers when the user heads for the file picker (the pointer, the
/// keyboard's focus or a dragged file on it): starts them and sends them the
/// compiled wasm, so that an import's parts start at once. The first time, one of
/// them also imports a made-up lead file (`src/bin/import-worker.rs` says why); the
/// module, its code compiled and optimised, is kept for the imports to come.
/// Choosing a file takes the user longer than this takes. Nothing when workers are
/// off, or while workers are ready. For the tests and the benchmark,
/// `window.__prospectKpiWarm` is true once the first warm-up is done.
pub fn warm_up() {
    let wanted = workers_wanted();
    let busy = READYING.with(Cell::get) || READY.with(|r| !r.borrow().is_empty());
    if wanted == 0 || busy {
        return;
    }
    let warm = !WARM_STARTED.with(|s| s.replace(true));
    let Some(first) = Job::start() else {
        return;
    };
    let mut ready = vec![first];
    ready.extend((1..wanted.min(MAX_READY)).filter_map(|_| Job::start()));
    READYING.with(|r| r.set(true));
    wasm_bindgen_futures::spawn_local(async move {
        let module = module(compile()).await;
        ready.retain(|job| job.load(module.as_ref()));
        READYING.with(|r| r.set(false));
        if !warm || ready.is_empty() {
            ready_workers(|r| r.extend(ready));
            return;
        }
        let job = ready.remove(0);
        ready_workers(|r| r.extend(ready));
        let warm = Object::new();
        let _ = Reflect::set(&warm, &"warm".into(), &JsValue::TRUE);
        let reply = job.ask(warm);
        // Held here from now on: an import that starts lets it go.
        WARMING.with(|w| *w.borrow_mut() = Some(job));
        let warmed = JsFuture::from(reply).await.is_ok();
        // Done: ready for an import, unless one already let it go.
        if let Some(job) = WARMING.with(|w| w.borrow_mut().take()) {
            if warmed {
                ready_workers(|r| r.push(job));
            }
        }
        if let Some(w) = web_sys::window() {
            let _ = Reflect::set(&w, &"__prospectKpiWarm".into(), &warmed.into());
        }
    });
}

/// Where to cut the file for `workers` parts, its head, and its first bytes read:
/// `None` unless it is a UTF-8 lead file (the workers judge the rest). The head and
/// the bytes at each cut are read at once (each read waits for the browser's file
/// thread).
async fn plan(blob: &Blob, workers: usize) -> Option<(Vec<f64>, Vec<u8>, Vec<u8>)> {
    let size = blob.size();
    let total = size as usize;
    // Where the cuts are looked for unless the header is longer than a part.
    let guess = |k: usize| total / workers * k;
    let reads = Array::new();
    reads.push(&array_buffer(blob, 0.0, size.min(HEAD_BYTES))?.into());
    for k in 1..workers {
        let end = (guess(k) + CUT_WINDOW).min(total);
        reads.push(&array_buffer(blob, guess(k) as f64, end as f64)?.into());
    }
    let read: Array = JsFuture::from(Promise::all(&reads))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let bytes = |i: usize| {
        read.get(i as u32)
            .dyn_into::<ArrayBuffer>()
            .ok()
            .map(|b| Uint8Array::new(&b).to_vec())
    };
    let first = bytes(0)?;
    if !matches!(detect_encoding(&first), Ok((TextEncoding::Utf8, _))) {
        return None;
    }
    let head = head_of(&first).to_vec();
    // A lead file's header (reading the header alone costs nothing).
    crate::import::Importer::for_part(ImportOptions::default(), &head)?;
    // Each cut just after the first line feed past k/workers of the file.
    let mut cuts = Cuts::new(total, workers, header_end(&head)?);
    for k in 1..workers {
        let nominal = cuts.nominal(k);
        let window = if nominal == guess(k) {
            bytes(k)?
        } else {
            let end = (nominal + CUT_WINDOW).min(total);
            bytes_of(blob, nominal as f64, end as f64).await?
        };
        cuts.cut(nominal, &window);
    }
    let bounds = cuts.bounds().into_iter().map(|b| b as f64).collect();
    Some((bounds, head, first))
}

/// Whether the file's first rows each make a combination of their own.
fn many_combinations(first: &[u8]) -> bool {
    let mut probe = crate::import::Importer::new(ImportOptions::default());
    probe.push(first);
    let rows = probe.rows_read() as usize;
    rows >= 1000 && probe.combinations() * 10 > rows * 9
}

/// An import worker: started at once (its wasm loads meanwhile), then asked one
/// thing at a time, each sent when both it is ready and the request is known;
/// terminated when dropped.
struct Job {
    worker: Worker,
    ready: Rc<Cell<bool>>,
    /// Failed (it cannot start, or threw): every request is refused from then on.
    failed: Rc<Cell<bool>>,
    waiting: Rc<RefCell<Option<Object>>>,
    /// The request's answer: resolved with `{part}` or `{warmed}`, rejected with
    /// `{error}` or the worker's failure.
    answer: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Job {
    fn start() -> Option<Job> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let ready = Rc::new(Cell::new(false));
        let failed = Rc::new(Cell::new(false));
        let waiting: Rc<RefCell<Option<Object>>> = Rc::default();
        let answer: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>> = Rc::default();
        let on_message = {
            let (w, ready, failed, waiting, answer) = (
                worker.clone(),
                ready.clone(),
                failed.clone(),
                waiting.clone(),
                answer.clone(),
            );
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                // Its first message says it is ready: a message before would be lost.
                if !ready.replace(true) {
                    if let Some(job) = waiting.borrow_mut().take() {
                        if w.post_message(&job).is_err() {
                            failed.set(true);
                            if let Some((_, reject)) = answer.borrow_mut().take() {
                                let _ = reject.call0(&JsValue::NULL);
                            }
                        }
                    }
                    return;
                }
                let data = e.data();
                let answered = Reflect::get(&data, &"part".into()).is_ok_and(|p| p.is_object())
                    || Reflect::get(&data, &"warmed".into()).is_ok_and(|w| w.is_truthy());
                if let Some((resolve, reject)) = answer.borrow_mut().take() {
                    let _ = if answered {
                        resolve.call1(&JsValue::NULL, &data)
                    } else {
                        reject.call1(&JsValue::NULL, &data)
                    };
                }
            })
        };
        let on_error = {
            let (failed, answer) = (failed.clone(), answer.clone());
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                failed.set(true);
                if let Some((_, reject)) = answer.borrow_mut().take() {
                    let _ = reject.call1(&JsValue::NULL, &e);
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(Job {
            worker,
            ready,
            failed,
            waiting,
            answer,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends it the workers' compiled wasm (`None`: it loads its own file).
    fn load(&self, module: Option<&js_sys::WebAssembly::Module>) -> bool {
        let load = Object::new();
        if let Some(m) = module {
            let _ = Reflect::set(&load, &"module".into(), m);
        }
        self.worker.post_message(&load).is_ok()
    }

    /// Its answer to `request`, sent now if it is ready, else once it is.
    fn ask(&self, request: Object) -> Promise {
        let mut handlers = None;
        let answer = Promise::new(&mut |resolve, reject| handlers = Some((resolve, reject)));
        if let Some((resolve, reject)) = handlers {
            if self.failed.get() {
                let _ = reject.call0(&JsValue::NULL);
                return answer;
            }
            *self.answer.borrow_mut() = Some((resolve, reject.clone()));
            if !self.ready.get() {
                *self.waiting.borrow_mut() = Some(request);
            } else if self.worker.post_message(&request).is_err() {
                self.failed.set(true);
                self.answer.borrow_mut().take();
                let _ = reject.call0(&JsValue::NULL);
            }
        }
        answer
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
