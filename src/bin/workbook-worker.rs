//! The page's workbook reader, a Web Worker loaded only when a user opens a workbook
//! (`.xlsx`, `.xlsm`, `.xls`, `.ods`): calamine never weighs on the first load.
//!
//! Once loaded it says `{ready: true}`; then it takes `{bytes, sheet}` and answers `{sheet, sheets, firstCol, text}`, the sheet
//! as tab-separated text (typed cells written as plain values), or `{error, …}`
//! (see `web::workbook`, the page's side).

#[cfg(target_arch = "wasm32")]
fn main() {
    use js_sys::{Array, Object, Reflect, Uint8Array};
    use prospect_kpi::import::workbook::sheet_text;
    use wasm_bindgen::prelude::*;

    prospect_kpi::web::worker::serve(|data| {
        let get = |k: &str| Reflect::get(&data, &JsValue::from_str(k)).ok();
        let bytes = get("bytes")
            .filter(|b| b.is_instance_of::<js_sys::ArrayBuffer>())
            .map(|b| Uint8Array::new(&b).to_vec())
            .unwrap_or_default();
        let sheet = get("sheet").and_then(|s| s.as_string());
        let reply = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&reply, &JsValue::from_str(k), &v);
        };
        let list = |items: &[String]| -> JsValue {
            items
                .iter()
                .map(|s| JsValue::from_str(s))
                .collect::<Array>()
                .into()
        };
        match sheet_text(&bytes, sheet.as_deref()) {
            Ok(s) => {
                set("sheet", JsValue::from_str(&s.sheet));
                set("sheets", list(&s.sheets));
                set("firstCol", JsValue::from_f64(s.first_col as f64));
                set("text", JsValue::from_str(&s.text));
            }
            Err(e) => {
                let (code, why, sheets) = e.to_code();
                set("error", JsValue::from_str(code));
                set("why", JsValue::from_str(&why));
                set("sheets", list(&sheets));
            }
        }
        reply
    });
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the workbook worker runs in the browser; the command line reads workbooks itself");
}
