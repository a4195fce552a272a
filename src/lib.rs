//! Prospect KPI: the KPIs of sales-prospecting campaigns.
//!
//! The crate is a core with no web dependency ([`kpi`], [`import`], [`texts`],
//! [`report`], [`whatif`], [`stats`], [`charts`], [`references`]) and, behind the `web` feature, the Yew page over it. The command
//! line `prospect-kpi` uses the core alone.
//!
//! ```
//! use prospect_kpi::kpi::{Inputs, Kpi};
//!
//! let inputs = Inputs { cost: Some(5000.0), leads: Some(200), ..Inputs::default() };
//! assert_eq!(Kpi::CostPerLead.of_inputs(&inputs), Ok(25.0));
//! ```

pub mod charts;
pub mod import;
pub mod kpi;
pub mod lang;
pub mod references;
pub mod report;
pub mod stats;
pub mod texts;
pub mod url_state;
pub mod whatif;

#[cfg(feature = "web")]
pub mod web;
