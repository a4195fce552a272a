//! The page's entry point, its first load: the light page (`web::light`), which
//! brings the full page when it is needed. Everything else lives in the library.

fn main() {
    prospect_kpi::web::light::mount();
}
