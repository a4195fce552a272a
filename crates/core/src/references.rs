//! Typical ranges for some KPIs, with their source: indicative only, kept here as data
//! so that adding or correcting one is a one-line change. Each says what it measures
//! and, where tools differ, which denominator it uses.

use crate::kpi::Kpi;
use crate::lang::Lang;

/// A typical range for a KPI, in its own unit (percent or days).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Reference {
    /// The KPI it is for.
    pub kpi: Kpi,
    /// The usual range: the average (or a segment's low end) to the high end.
    pub low: f64,
    /// The top of the range (or the top performers' figure).
    pub high: f64,
    /// Where the best campaigns stand, if the source says, and who they are.
    pub best: Option<(f64, (&'static str, &'static str))>,
    /// What the range describes, in English and French.
    pub scope: (&'static str, &'static str),
    /// How the source computes it when that differs from ours, or needs saying.
    pub note: Option<(&'static str, &'static str)>,
    /// The source's name.
    pub source: &'static str,
    /// The source's year.
    pub year: u16,
}

impl Reference {
    /// What the figures are about, in a language.
    pub fn scope(&self, lang: Lang) -> &'static str {
        lang.pick(self.scope.0, self.scope.1)
    }

    /// A caveat (another denominator…), in a language.
    pub fn note(&self, lang: Lang) -> Option<&'static str> {
        self.note.map(|(en, fr)| lang.pick(en, fr))
    }

    /// The label of the top figure, in a language.
    pub fn best_label(&self, lang: Lang) -> Option<&'static str> {
        self.best.map(|(_, (en, fr))| lang.pick(en, fr))
    }
}

/// The ranges we know a source for (checked against the sources on 2026-11-29).
pub const REFERENCES: &[Reference] = &[
    Reference {
        kpi: Kpi::ResponseRate,
        low: 3.43,
        high: 5.5,
        best: Some((10.7, ("top 10 % of campaigns", "10 % des meilleures campagnes"))),
        scope: (
            "reply rate of cold e-mail campaigns (average to top quarter)",
            "taux de réponse des campagnes d'e-mails à froid (moyenne au meilleur quart)",
        ),
        note: Some((
            "replies ÷ e-mails sent, as here; tools that report replies ÷ e-mails opened give higher rates",
            "réponses ÷ e-mails envoyés, comme ici ; les outils qui rapportent réponses ÷ e-mails ouverts donnent des taux plus élevés",
        )),
        source: "Instantly, Cold Email Benchmark Report",
        year: 2026,
    },
    Reference {
        kpi: Kpi::ContactRate,
        low: 5.4,
        high: 13.3,
        best: None,
        scope: (
            "cold-call connect rate (average rep to top quarter of reps)",
            "taux de mise en relation des appels à froid (commercial moyen au meilleur quart)",
        ),
        note: Some((
            "calls answered ÷ dials, over 300 million calls; ours is leads contacted ÷ leads, comparable when each lead is dialled once",
            "appels décrochés ÷ appels passés, sur 300 millions d'appels ; le nôtre est leads contactés ÷ leads, comparable quand chaque lead est appelé une fois",
        )),
        source: "Gong Labs × 30 Minutes to President's Club",
        year: 2024,
    },
    Reference {
        kpi: Kpi::SalesCycleDays,
        low: 14.0,
        high: 30.0,
        best: None,
        scope: (
            "B2B sales cycle, small businesses (deals of $5K–25K a year)",
            "cycle de vente B2B, petites entreprises (contrats de 5 à 25 k$ par an)",
        ),
        note: Some((
            "first meaningful contact to closed-won, won deals only",
            "du premier vrai contact à la signature, affaires gagnées seulement",
        )),
        source: "The CRO Report, sales-cycle benchmarks by deal size",
        year: 2026,
    },
    Reference {
        kpi: Kpi::SalesCycleDays,
        low: 30.0,
        high: 90.0,
        best: None,
        scope: (
            "B2B sales cycle, mid-market ($25K–100K a year)",
            "cycle de vente B2B, entreprises moyennes (25 à 100 k$ par an)",
        ),
        note: None,
        source: "The CRO Report, sales-cycle benchmarks by deal size",
        year: 2026,
    },
    Reference {
        kpi: Kpi::SalesCycleDays,
        low: 90.0,
        high: 180.0,
        best: None,
        scope: (
            "B2B sales cycle, enterprise (over $100K a year)",
            "cycle de vente B2B, grands comptes (plus de 100 k$ par an)",
        ),
        note: None,
        source: "The CRO Report, sales-cycle benchmarks by deal size",
        year: 2026,
    },
];

/// The first reference range of a KPI, if there is one.
pub fn reference(kpi: Kpi) -> Option<&'static Reference> {
    references(kpi).next()
}

/// Every reference range of a KPI (the sales cycle has one per deal size).
pub fn references(kpi: Kpi) -> impl Iterator<Item = &'static Reference> {
    REFERENCES.iter().filter(move |r| r.kpi == kpi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_sane() {
        for r in REFERENCES {
            assert!(r.low <= r.high, "{:?}", r.kpi);
            assert!(r.best.is_none_or(|(b, _)| b >= r.high));
            assert!(!r.source.is_empty() && r.year > 2000);
            for lang in Lang::ALL {
                assert!(!r.scope(lang).is_empty());
                assert!(r.note(lang).is_none_or(|n| !n.is_empty()));
            }
        }
        assert!(reference(Kpi::ResponseRate).is_some());
        assert_eq!(references(Kpi::SalesCycleDays).count(), 3);
        assert!(reference(Kpi::Roi).is_none());
        // The figures of the issue, as their sources give them.
        let reply = reference(Kpi::ResponseRate).unwrap();
        assert_eq!(
            (reply.low, reply.best.unwrap().0, reply.year),
            (3.43, 10.7, 2026)
        );
        let connect = reference(Kpi::ContactRate).unwrap();
        assert_eq!((connect.low, connect.high, connect.year), (5.4, 13.3, 2024));
    }
}
