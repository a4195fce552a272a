//! The page's parallel import, a Web Worker started only when a user opens a large
//! lead file: each worker reads a part of the file (cut just after a line feed) with
//! the same importer as the page, and sends back what its rows gave as bytes
//! (`Part::to_bytes`); the page merges the parts in file order (`web::parallel`).
//!
//! Once loaded it says `{ready: true}`; then it takes `{file, start, end, first,
//! last, head}` (the file, its part's byte range, whether the part is the file's
//! first or last, the file's first bytes) and answers `{part}` (bytes) or `{error}`;
//! or `{warm: true}`, and imports a made-up lead file, answering `{warmed: true}`.
//!
//! The warm-up: a browser compiles a wasm function the first time it runs, and its
//! optimised code later, in the background; the workers of every import share their
//! module's code (`web::parallel`). So the page has one worker import a small file
//! while the user has not chosen one yet, and the real import runs optimised code
//! from its first row (in a 2-core Chromium, the workers' import of a 100 MB lead
//! file took a third less time the second time than the first).

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Object, Reflect, Uint8Array};
    use prospect_kpi::import::{ImportOptions, Importer, MAX_PART_COMBINATIONS, MIN_PART_BYTES};
    use prospect_kpi::web::stream::Reader;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::Blob;

    /// Each read of the file: large enough that the reads cost little, small enough
    /// that a worker's memory stays a few megabytes.
    const SLICE: usize = 4 << 20;

    fn now() -> f64 {
        Reflect::get(&js_sys::global(), &"performance".into())
            .ok()
            .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
            .map_or(0.0, |p| p.now())
    }

    async fn read(data: JsValue, push_ms: &mut f64) -> Result<Vec<u8>, &'static str> {
        let get = |k: &str| Reflect::get(&data, &JsValue::from_str(k)).ok();
        let number = |k: &str| get(k).and_then(|v| v.as_f64()).ok_or("job");
        let file: Blob = get("file").and_then(|f| f.dyn_into().ok()).ok_or("job")?;
        let (start, end) = (number("start")?, number("end")?);
        let first = get("first").is_some_and(|v| v.is_truthy());
        let last = get("last").is_some_and(|v| v.is_truthy());
        let head = get("head")
            .and_then(|h| h.dyn_into::<Uint8Array>().ok())
            .map(|h| h.to_vec())
            .ok_or("job")?;
        let mut importer = if first {
            Importer::new(ImportOptions::default())
        } else {
            Importer::for_part(ImportOptions::default(), &head).ok_or("header")?
        };
        let part = file
            .slice_with_f64_and_f64(start, end)
            .map_err(|_| "unreadable")?;
        // The part's byte stream, each read asked for before the one before is
        // imported (else in `Blob` slices).
        let mut reader = Reader::new(&part, SLICE);
        let mut buf = Vec::new();
        let mut judged = false;
        let mut read = 0.0;
        loop {
            let bytes = reader
                .read(0, SLICE, &mut buf)
                .await
                .map_err(|_| "unreadable")?;
            if bytes.is_empty() {
                break;
            }
            read += bytes.len() as f64;
            let t = now();
            importer.push(bytes);
            *push_ms += now() - t;
            // A file of a campaign per row (judged on its first megabyte, then on
            // the combinations held) merges slower than the page reads it; an
            // aggregate file is small.
            let judge = !judged && read >= MIN_PART_BYTES as f64;
            judged |= judge;
            if (judge && !importer.worth_parts()) || importer.combinations() > MAX_PART_COMBINATIONS
            {
                reader.cancel();
                return Err("many");
            }
            if reader.done() {
                break;
            }
        }
        // Its whole part, or none: a part read short would end the file early.
        if read != end - start {
            return Err("short");
        }
        let part = importer.end_part(last).map_err(|_| "fatal")?;
        part.to_bytes().ok_or("bound")
    }

    /// Imports the made-up file a few times, as a worker's part is read.
    fn warm_up() {
        let bytes = prospect_kpi::import::sample::lead_file(20_000);
        for _ in 0..3 {
            let mut importer = Importer::new(ImportOptions::default());
            for chunk in bytes.chunks(64 << 10) {
                importer.push(chunk);
            }
            let _ = importer.end_part(true).ok().and_then(|p| p.to_bytes());
        }
    }

    prospect_kpi::web::worker::serve_async(|data| async move {
        let reply = Object::new();
        if Reflect::get(&data, &"warm".into()).is_ok_and(|w| w.is_truthy()) {
            let t0 = now();
            warm_up();
            let _ = Reflect::set(&reply, &"ms".into(), &(now() - t0).into());
            let _ = Reflect::set(&reply, &"warmed".into(), &JsValue::TRUE);
            return reply;
        }
        let (t0, mut push_ms) = (now(), 0.0);
        let read = read(data, &mut push_ms).await;
        // For the benchmark: the worker's time, and its time in the importer.
        let _ = Reflect::set(&reply, &"ms".into(), &(now() - t0).into());
        let _ = Reflect::set(&reply, &"pushMs".into(), &push_ms.into());
        let (key, value): (&str, JsValue) = match read {
            Ok(bytes) => ("part", Uint8Array::from(&bytes[..]).into()),
            Err(why) => ("error", JsValue::from_str(why)),
        };
        let _ = Reflect::set(&reply, &JsValue::from_str(key), &value);
        reply
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the import worker runs in the browser; the command line uses threads");
}
