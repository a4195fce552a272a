//! Typical ranges for some KPIs, with their source: indicative only, kept here as data
//! so that adding or correcting one is a one-line change.

use crate::kpi::Kpi;
use crate::lang::Lang;

/// A typical range for a KPI, in its own unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reference {
    pub kpi: Kpi,
    /// The usual range.
    pub low: f64,
    pub high: f64,
    /// Where the best campaigns stand, if the source says.
    pub best: Option<f64>,
    /// What the range describes, in English and French.
    pub scope: (&'static str, &'static str),
    pub source: &'static str,
    pub year: u16,
}

impl Reference {
    pub fn scope(&self, lang: Lang) -> &'static str {
        lang.pick(self.scope.0, self.scope.1)
    }
}

/// The ranges we know a source for.
pub const REFERENCES: &[Reference] = &[Reference {
    kpi: Kpi::ResponseRate,
    low: 3.0,
    high: 4.0,
    best: Some(10.0),
    scope: (
        "reply rate of cold e-mail campaigns",
        "taux de réponse des campagnes d'e-mails à froid",
    ),
    source: "Instantly, Cold Email Benchmark Report",
    year: 2025,
}];

/// The reference range of a KPI, if there is one.
pub fn reference(kpi: Kpi) -> Option<&'static Reference> {
    REFERENCES.iter().find(|r| r.kpi == kpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_sane() {
        for r in REFERENCES {
            assert!(r.low <= r.high, "{:?}", r.kpi);
            assert!(r.best.is_none_or(|b| b >= r.high));
            assert!(!r.source.is_empty() && r.year > 2000);
            assert!(!r.scope(Lang::En).is_empty() && !r.scope(Lang::Fr).is_empty());
        }
        assert!(reference(Kpi::ResponseRate).is_some());
        assert!(reference(Kpi::Roi).is_none());
    }
}
