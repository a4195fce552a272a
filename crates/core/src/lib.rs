//! Prospect KPI's core: the KPIs of sales-prospecting campaigns, with no web
//! dependency and no I/O.
//!
//! [`kpi`] computes, [`import`] reads campaign spreadsheets and CRM exports chunk by
//! chunk, [`texts`] says everything in English and French, [`report`] renders for the
//! command line, [`whatif`], [`stats`], [`charts`] and [`references`] help understand
//! the numbers, and [`url_state`] decodes the page's URL.
//!
//! ```
//! use prospect_kpi_core::kpi::{Input, Inputs, Kpi};
//!
//! let inputs = Inputs::default().with(Input::Cost, 5000.0).with(Input::Leads, 200.0);
//! assert_eq!(Kpi::CostPerLead.of_inputs(&inputs), Ok(25.0));
//! ```

#![warn(missing_docs)]

pub mod charts;
pub mod cli_texts;
pub mod group;
pub mod hash;
pub mod import;
pub mod kpi;
pub mod lang;
pub mod period;
pub mod references;
pub mod report;
pub mod stats;
pub mod texts;
pub mod url_state;
pub mod vocabulary;
pub mod whatif;
#[cfg(feature = "xlsx")]
pub mod xlsx;
