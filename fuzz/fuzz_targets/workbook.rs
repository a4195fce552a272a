//! The workbook path (issue: hostile workbooks): any bytes, as a workbook, give a
//! sheet's text or one clear error, and never a panic or an unbounded allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prospect_kpi::import::workbook::{check_workbook, sheet_text};
use prospect_kpi::import::{import_sheet_text, ImportOptions};

fuzz_target!(|data: &[u8]| {
    // An .xls past our checks goes to calamine's .xls reader, which builds dense
    // sheets (a known limit, contained by the worker and the CLI's child process):
    // here, only our checks of compound files are fuzzed.
    if data.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        let _ = check_workbook(data);
        return;
    }
    if let Ok(s) = sheet_text(data, None) {
        let _ = import_sheet_text(&s.text, &s.sheet, s.first_col, &ImportOptions::default());
    }
});
