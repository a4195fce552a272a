// The import worker's loader: its wasm comes compiled from the page (one module
// for every worker: compiled and optimised once, not once per worker), else from
// its file. Then the wasm's own handler takes the messages (src/bin/import-worker.rs).
importScripts('./prospect-kpi-import.js');
self.onmessage = (e) => {
  const module = e.data && e.data.module;
  wasm_bindgen({ module_or_path: module || './prospect-kpi-import_bg.wasm' });
};
