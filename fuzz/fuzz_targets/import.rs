//! The importer over arbitrary bytes: no panic, chunking changes nothing, and every
//! KPI of every campaign and of the total is finite or undefined.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prospect_kpi::import::{import, ImportOptions, Importer};
use prospect_kpi::kpi::{Kpi, Summary};

fuzz_target!(|data: &[u8]| {
    let (chunk, bytes) = match data.split_first() {
        Some((&c, rest)) => (c as usize % 64 + 1, rest),
        None => (1, data),
    };
    let whole = import(bytes, &ImportOptions::default());
    let mut importer = Importer::new(ImportOptions::default());
    for piece in bytes.chunks(chunk) {
        importer.push(piece);
    }
    assert_eq!(whole, importer.finish());
    if let Ok(i) = whole {
        for c in &i.campaigns() {
            for k in Kpi::ALL {
                assert!(k.of(c).map_or(true, f64::is_finite));
            }
        }
        for (_, v) in Summary::pooled(&i.campaigns()).kpis.iter() {
            assert!(v.map_or(true, |v| v.is_finite()));
        }
        for e in &i.errors {
            let _ = e.message(prospect_kpi::lang::Lang::Fr);
        }
        for w in &i.warnings {
            let _ = w.message(prospect_kpi::lang::Lang::En);
        }
    }
});
