//! Workbooks in the page: read by a Web Worker (`src/bin/workbook-worker.rs`) that
//! the page loads only when a user opens one, so calamine never weighs on the first
//! load. The worker turns the chosen sheet into tab-separated text; the page imports
//! it like any file, naming cells (`Campagnes!D7`).

use crate::import::{FatalError, SheetText};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};

/// Trunk's loader of the worker (`data-loader-shim` in `index.html`).
const WORKER_URL: &str = "prospect-kpi-workbook_loader.js";

/// The `.xlsx` writer's, another worker.
const XLSX_WORKER_URL: &str = "prospect-kpi-xlsx_loader.js";

/// Whether a chosen file is a workbook, by its name or type.
pub fn is_workbook(name: &str, mime: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".htm", ".html"]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || mime.contains("spreadsheetml")
        || mime.contains("opendocument.spreadsheet")
        || mime == "application/vnd.ms-excel"
}

/// Whether a file's first bytes are a workbook's (a zip or an Office compound file,
/// or an HTML table: Salesforce's "Excel Format .xls"): a `.xlsx` that is really a
/// CSV is read as the CSV it is.
pub async fn has_workbook_bytes(blob: &Blob) -> bool {
    let Ok(head) = blob.slice_with_i32_and_i32(0, 1024) else {
        return false;
    };
    match JsFuture::from(head.array_buffer()).await {
        Ok(buffer) => {
            let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
            crate::import::sheet_magic(&bytes)
        }
        Err(_) => false,
    }
}

/// The worker failed: it could not start, or it stopped on this file (a parser's
/// crash inside the worker ends the worker, never the page).
fn unavailable() -> FatalError {
    FatalError::WorkbookDamaged
}

/// Reads the chosen sheet (or the first with a recognisable header) of a workbook.
pub async fn sheet_text(blob: &Blob, sheet: Option<String>) -> Result<SheetText, FatalError> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| FatalError::Undecodable)?;
    let worker = Worker::new(WORKER_URL).map_err(|_| unavailable())?;
    // The worker says when it is ready (a message before would be lost), then answers.
    let ready = JsFuture::from(next_message(&worker)).await;
    let reply = match ready {
        Ok(_) => {
            let reply = next_message(&worker);
            let message = Object::new();
            let _ = Reflect::set(&message, &"bytes".into(), &buffer);
            if let Some(s) = &sheet {
                let _ = Reflect::set(&message, &"sheet".into(), &JsValue::from_str(s));
            }
            match worker.post_message_with_transfer(&message, &Array::of1(&buffer)) {
                Ok(()) => JsFuture::from(reply).await.map_err(|_| unavailable()),
                Err(_) => Err(unavailable()),
            }
        }
        Err(_) => Err(unavailable()),
    };
    worker.terminate();
    decode(&reply?)
}

/// The worker's next message, or its error.
fn next_message(worker: &Worker) -> Promise {
    Promise::new(&mut |resolve, reject| {
        let on_message = Closure::once_into_js(move |e: MessageEvent| {
            let _ = resolve.call1(&JsValue::NULL, &e.data());
        });
        let on_error = Closure::once_into_js(move |e: JsValue| {
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        worker.set_onmessage(Some(on_message.unchecked_ref()));
        worker.set_onerror(Some(on_error.unchecked_ref()));
    })
}

fn decode(reply: &JsValue) -> Result<SheetText, FatalError> {
    let get = |k: &str| Reflect::get(reply, &JsValue::from_str(k)).ok();
    let text = |k: &str| get(k).and_then(|v| v.as_string()).unwrap_or_default();
    let sheets: Vec<String> = get("sheets")
        .filter(|v| v.is_object())
        .map(|v| {
            Array::from(&v)
                .iter()
                .filter_map(|s| s.as_string())
                .collect()
        })
        .unwrap_or_default();
    match get("error").and_then(|e| e.as_string()) {
        None => Ok(SheetText {
            sheet: text("sheet"),
            sheets,
            first_col: get("firstCol").and_then(|v| v.as_f64()).unwrap_or(0.0) as u32,
            text: text("text"),
        }),
        Some(code) => Err(FatalError::from_code(&code, text("why"), sheets)),
    }
}

/// Writes the results as an `.xlsx` file in the `.xlsx` worker (rust_xlsxwriter stays
/// out of the first load, as calamine does). The error is the writer's.
pub async fn export_xlsx(table: &crate::report::Table) -> Result<js_sys::Uint8Array, String> {
    let json = serde_json::to_string(table).map_err(|e| e.to_string())?;
    let worker = Worker::new(XLSX_WORKER_URL).map_err(|_| "no worker".to_string())?;
    let reply = match JsFuture::from(next_message(&worker)).await {
        Ok(_) => {
            let reply = next_message(&worker);
            let message = Object::new();
            let _ = Reflect::set(&message, &"export".into(), &JsValue::from_str(&json));
            match worker.post_message(&message) {
                Ok(()) => JsFuture::from(reply).await.ok(),
                Err(_) => None,
            }
        }
        Err(_) => None,
    };
    worker.terminate();
    let reply = reply.ok_or_else(|| "the worker stopped".to_string())?;
    let get = |k: &str| Reflect::get(&reply, &JsValue::from_str(k)).ok();
    match get("xlsx").filter(|b| b.is_instance_of::<js_sys::Uint8Array>()) {
        Some(bytes) => Ok(bytes.unchecked_into()),
        None => Err(get("error").and_then(|e| e.as_string()).unwrap_or_default()),
    }
}
