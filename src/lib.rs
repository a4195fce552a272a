//! Prospect KPI: the KPIs of sales-prospecting campaigns.
//!
//! The core lives in the workspace crate `prospect-kpi-core` (`crates/core`), with no
//! web dependency, and is re-exported here; behind the `web` feature, this crate adds
//! the Yew page over it. The command line `prospect-kpi` uses the core alone.
//!
//! ```
//! use prospect_kpi::kpi::{Input, Inputs, Kpi};
//!
//! let inputs = Inputs::from_iter([(Input::Cost, 5000.0), (Input::Leads, 200.0)]);
//! assert_eq!(Kpi::CostPerLead.of_inputs(&inputs), Ok(25.0));
//! ```

#[cfg(feature = "xlsx")]
pub use prospect_kpi_core::xlsx;
pub use prospect_kpi_core::{
    charts, cli_texts, group, hash, import, kpi, lang, period, references, report, stats, texts,
    url_state, vocabulary, whatif,
};

#[cfg(feature = "web")]
pub mod web;
