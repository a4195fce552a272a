//! Benchmark only: the page's importer behind a tiny wasm-bindgen API, for a Web
//! Worker that reads the file with `FileReaderSync` and pushes its slices
//! (`benches/browser/worker.js`). Built with the workspace's release profile, the
//! page's, so that the two variants differ only in where they run.

use prospect_kpi_core::import::{ImportOptions, Importer};
use prospect_kpi_core::kpi::Input;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct WorkerImport {
    importer: Option<Importer>,
}

impl Default for WorkerImport {
    fn default() -> Self {
        WorkerImport::new()
    }
}

#[wasm_bindgen]
impl WorkerImport {
    #[wasm_bindgen(constructor)]
    pub fn new() -> WorkerImport {
        WorkerImport {
            importer: Some(Importer::new(ImportOptions::default())),
        }
    }

    /// The next bytes of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if let Some(importer) = &mut self.importer {
            importer.push(chunk);
        }
    }

    /// Ends the import: `[campaign, leads, converted, revenue]` per campaign, or the
    /// fatal error's message.
    pub fn finish(&mut self) -> Result<js_sys::Array, JsValue> {
        let importer = self.importer.take().ok_or("finished already")?;
        let import = importer
            .finish()
            .map_err(|e| JsValue::from(format!("{e:?}")))?;
        let out = js_sys::Array::new();
        for c in &import.campaigns() {
            let i = &c.inputs;
            let row = js_sys::Array::of4(
                &(*c.name).into(),
                &(i.count(Input::Leads).unwrap_or(0) as f64).into(),
                &(i.count(Input::Converted).unwrap_or(0) as f64).into(),
                &i.get(Input::Revenue).unwrap_or(0.0).into(),
            );
            out.push(&row);
        }
        Ok(out)
    }
}
