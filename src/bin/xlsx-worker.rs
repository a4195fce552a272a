//! The page's `.xlsx` writer, a Web Worker loaded on a user's first `.xlsx` export:
//! rust_xlsxwriter never weighs on the first load (nor on reading workbooks).
//!
//! Once loaded it says `{ready: true}`; then it takes `{export}` (a `report::Table`
//! as JSON) and answers `{xlsx}` (the file's bytes) or `{error}` (see
//! `web::workbook::export_xlsx`, the page's side).

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::prelude::*;

    prospect_kpi::web::worker::serve(|data| {
        let json = Reflect::get(&data, &JsValue::from_str("export"))
            .ok()
            .and_then(|j| j.as_string())
            .unwrap_or_default();
        let written = serde_json::from_str::<prospect_kpi::report::Table>(&json)
            .map_err(|e| e.to_string())
            .and_then(|t| prospect_kpi::xlsx::write(&t).map_err(|e| e.to_string()));
        let (key, value): (&str, JsValue) = match written {
            Ok(bytes) => ("xlsx", Uint8Array::from(bytes.as_slice()).into()),
            Err(why) => ("error", JsValue::from_str(&why)),
        };
        let reply = Object::new();
        let _ = Reflect::set(&reply, &JsValue::from_str(key), &value);
        reply
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the .xlsx worker runs in the browser");
}
