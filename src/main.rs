//! The page's entry point: mounts the Yew app. Everything else lives in the library.

fn main() {
    prospect_kpi::web::mount();
}
