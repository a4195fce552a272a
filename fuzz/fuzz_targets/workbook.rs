//! The workbook path (issue: hostile workbooks): any bytes, as a workbook, give a
//! sheet's text or one clear error, and never a panic or an unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prospect_kpi::import::workbook::sheet_text;
use prospect_kpi::import::{import_sheet_text, ImportOptions};

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = sheet_text(data, None) {
        let _ = import_sheet_text(&s.text, &s.sheet, s.first_col, &ImportOptions::default());
    }
});
