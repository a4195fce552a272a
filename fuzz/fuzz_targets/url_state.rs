//! The URL-state decoder over arbitrary text: no panic, values bounded.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prospect_kpi::url_state::{UrlState, MAX_VALUE};

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let state = UrlState::parse(&query);
    for (_, f) in state.fields.iter() {
        assert!(f.chars().count() <= MAX_VALUE);
    }
    if let Some(e) = &state.embed {
        assert!(!e.kpis.is_empty());
        let _ = e.inputs();
    }
});
