//! The page's components, each a function of its props.

pub mod calculator;
pub mod charts;
pub mod compare;
pub mod dimensions;
pub mod embed;
pub mod goal_seek;
pub mod import_panel;
pub mod kpi_card;
pub mod mapping;
pub mod messages;
pub mod results;
pub mod sensitivity;
pub mod toolbar;
pub mod whatif;
