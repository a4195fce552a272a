//! The full page (`web::App`: the import, the results and their views), a wasm
//! of its own that the light page loads when it is needed and then calls
//! `mount_app` (`web::light`, `static/full-page.js`).

#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_app() {
    prospect_kpi::web::mount();
}

fn main() {}
