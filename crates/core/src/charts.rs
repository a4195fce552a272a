//! The data behind the page's charts: funnel steps, and sales-cycle days in buckets.

use crate::kpi::{DayHistogram, Input, Inputs};

/// The funnel's stages, in order.
pub const FUNNEL: [Input; 5] = [
    Input::Leads,
    Input::Contacted,
    Input::Meetings,
    Input::Qualified,
    Input::Converted,
];

/// One stage of a funnel: its count (`None`: the data cannot tell), its share of the
/// leads, and its rate of the previous known stage where it is a part of it (a lead
/// can be qualified without a meeting: then the step rate would be no rate at all).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    /// The stage (an input that counts people).
    pub stage: Input,
    /// How many reached it; `None` when unknown.
    pub count: Option<f64>,
    /// Its share of the stage before, in percent, when it is a part of it.
    pub of_previous: Option<f64>,
    /// Its share of the leads, in percent.
    pub of_leads: Option<f64>,
}

/// The funnel's stages: every stage, known or not, once the leads are known.
pub fn funnel(inputs: &Inputs) -> Vec<Step> {
    let Some(all) = inputs.get(Input::Leads) else {
        return Vec::new();
    };
    let leads = Some(all).filter(|&l| l > 0.0);
    let mut previous: Option<f64> = None;
    let mut steps = Vec::new();
    for stage in FUNNEL {
        let count = inputs.get(stage);
        steps.push(Step {
            stage,
            count,
            of_previous: match (previous, count) {
                (Some(p), Some(c)) if p > 0.0 && c <= p => Some(c * 100.0 / p),
                _ => None,
            },
            of_leads: count.zip(leads).map(|(c, l)| c * 100.0 / l),
        });
        if count.is_some() {
            previous = count;
        }
    }
    steps
}

#[cfg(test)]
mod funnel_tests {
    use super::*;

    #[test]
    fn an_honest_funnel() {
        let inputs = Inputs::from_iter([
            (Input::Leads, 200.0),
            (Input::Contacted, 150.0),
            (Input::Meetings, 10.0),
            (Input::Qualified, 40.0),
            (Input::Converted, 10.0),
        ]);
        let f = funnel(&inputs);
        assert_eq!(f[2].of_leads, Some(5.0));
        // 40 qualified are not a part of 10 meetings: no step rate.
        assert_eq!((f[3].count, f[3].of_previous), (Some(40.0), None));
        assert_eq!(f[4].of_previous, Some(25.0));
        // Unknown meetings: a step that says so, never a 0.
        let mut without = inputs.clone();
        without.set(Input::Meetings, None);
        let unknown = funnel(&without);
        assert_eq!((unknown[2].count, unknown[2].of_leads), (None, None));
        assert_eq!(unknown[3].of_previous, Some(40.0 / 150.0 * 100.0));
        assert!(funnel(&Inputs::default()).is_empty());
    }
}

/// A bucket of sales-cycle days: `[from, to]` inclusive, and how many conversions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// The first day of the bin.
    pub from: u32,
    /// The last day of the bin.
    pub to: u32,
    /// How many converted leads had a cycle in the bin.
    pub count: u64,
}

/// The day histogram in at most `max_buckets` buckets of a round width (1, 2, 5, 7,
/// 10, 14, 30, 60, 90, 180 or 365 days).
pub fn cycle_buckets(h: &DayHistogram, max_buckets: usize) -> Vec<Bucket> {
    let Some((last, _)) = h.bins().last() else {
        return Vec::new();
    };
    let span = last as u64 + 1;
    let width = [1u32, 2, 5, 7, 10, 14, 30, 60, 90, 180, 365]
        .into_iter()
        .find(|&w| span.div_ceil(w as u64) <= max_buckets.max(1) as u64)
        .unwrap_or(((span / max_buckets.max(1) as u64) + 1) as u32);
    let n = (span.div_ceil(width as u64)) as usize;
    let mut buckets: Vec<Bucket> = (0..n)
        .map(|i| Bucket {
            from: i as u32 * width,
            to: (i as u32 + 1) * width - 1,
            count: 0,
        })
        .collect();
    for (d, count) in h.bins() {
        if let Some(b) = buckets.get_mut((d / width) as usize) {
            b.count += count;
        }
    }
    buckets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnel_rates_step_by_step() {
        let inputs = Inputs::from_iter([
            (Input::Leads, 200.0),
            (Input::Contacted, 150.0),
            (Input::Qualified, 30.0),
            (Input::Converted, 10.0),
        ]);
        let f = funnel(&inputs);
        assert_eq!(f.len(), 5, "unknown meetings are a step that says so");
        assert_eq!(f[2].count, None);
        assert_eq!(f[1].of_previous, Some(75.0));
        assert_eq!(f[3].of_previous, Some(20.0));
        assert_eq!(f[4].of_leads, Some(5.0));
        assert_eq!(f[0].of_previous, None);
    }

    #[test]
    fn buckets_have_round_widths() {
        let mut h = DayHistogram::default();
        for d in [0, 3, 9, 10, 44] {
            h.add(d);
        }
        let b = cycle_buckets(&h, 12);
        assert_eq!(
            b[0],
            Bucket {
                from: 0,
                to: 4,
                count: 2
            }
        );
        assert_eq!(b.len(), 9);
        assert_eq!(b.iter().map(|b| b.count).sum::<u64>(), 5);
        assert!(cycle_buckets(&DayHistogram::default(), 10).is_empty());
    }
}
