//! The warm-up, when the user heads for the file picker (the pointer, the keyboard's
//! focus or a dragged file on it): a browser compiles a wasm function the first
//! time it runs and its optimised code only once it has run a while, so a page's
//! first import ran up to a third slower than its next ones. Two parts:
//! - the import workers' ([`super::parallel::warm_up`]): one worker imports a
//!   made-up lead file with the workers' shared module;
//! - this thread's, here: the files read on this thread (aggregate files, sheets,
//!   lead files of many combinations, or any file where workers are off) and what
//!   follows every import (grouping, totals, best and worst, a sort by a KPI) run a few small
//!   made-up imports first, each a short task, stopped as soon as a real import
//!   starts.
//!
//! Nothing on load, in an embed or for a paste. `window.__prospectKpiWarmHere` is
//! true once this thread's part is done (for the tests and the benchmark).

use super::state::{sorted_rows, Costs, Data, Sort, SortKey};
use crate::import::{import, sample, ImportOptions};
use crate::vocabulary::Kpi;
use std::cell::Cell;

/// Rounds of made-up imports on this thread, each a task of a few milliseconds.
const ROUNDS: usize = 20;
/// Rows of each made-up file: enough for each round to be worth a task, few
/// enough that none is long (about 5 ms each in a 2-core Chromium).
const ROWS: usize = 800;

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    /// Set when a real import starts: the warm-up stops at its next round.
    static STOP: Cell<bool> = const { Cell::new(false) };
}

/// Warms the import's code, once a page (see the module's text).
pub fn warm_up() {
    super::parallel::warm_up();
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let files = [sample::aggregate_file(ROWS), sample::lead_file(ROWS)];
        let mut done = true;
        for round in 0..ROUNDS {
            // After the tasks already waiting (the page's own first).
            super::browser::yield_to_browser().await;
            if STOP.with(Cell::get) {
                done = false;
                break;
            }
            let bytes = &files[round % files.len()];
            let result = import(bytes, &ImportOptions::default());
            let data = Data::from_import(
                String::new(),
                "".into(),
                None,
                Vec::new(),
                Costs::default(),
                result,
            );
            // And a sort of the results by a KPI, as a user's first click on a
            // column's head: it compares every group.
            let kpi = Kpi::ALL[round % Kpi::COUNT];
            let key = if round % 5 == 4 {
                SortKey::Name
            } else {
                SortKey::Kpi(kpi)
            };
            drop(sorted_rows(
                &data,
                Sort {
                    key,
                    descending: round % 2 == 1,
                },
            ));
        }
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &"__prospectKpiWarmHere".into(), &done.into());
        }
    });
}

/// A real import starts: the warm-up gives way.
pub fn stop() {
    STOP.with(|s| s.set(true));
}
