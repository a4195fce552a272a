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

/// Whether the page is laid out for a phone (≤ 480 px): charts then draw on a
/// narrower canvas, so that their labels stay readable (at least 11 px).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Narrow(pub bool);

impl Narrow {
    /// A chart's width in its own units and its label column's: the SVG is scaled
    /// to the screen, so a phone gets a canvas near its own width.
    pub fn chart(self, label: f64) -> (f64, f64) {
        if self.0 {
            (360.0, (label * 0.72).round())
        } else {
            (640.0, label)
        }
    }
}

/// The layout from the page's context (wide when there is none).
#[yew::hook]
pub fn use_narrow() -> Narrow {
    yew::use_context::<Narrow>().unwrap_or_default()
}
