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

/// One stage of a funnel: its count, and its rate in percent of the previous known
/// stage and of the leads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub stage: Input,
    pub count: f64,
    pub of_previous: Option<f64>,
    pub of_leads: Option<f64>,
}

/// The known stages of a campaign's funnel.
pub fn funnel(inputs: &Inputs) -> Vec<Step> {
    let leads = inputs.get(Input::Leads).filter(|&l| l > 0.0);
    let mut previous: Option<f64> = None;
    let mut steps = Vec::new();
    for stage in FUNNEL {
        let Some(count) = inputs.get(stage) else {
            continue;
        };
        steps.push(Step {
            stage,
            count,
            of_previous: previous.filter(|&p| p > 0.0).map(|p| count * 100.0 / p),
            of_leads: leads.map(|l| count * 100.0 / l),
        });
        previous = Some(count);
    }
    steps
}

/// A bucket of sales-cycle days: `[from, to]` inclusive, and how many conversions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub from: u32,
    pub to: u32,
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
        let inputs = Inputs {
            leads: Some(200),
            contacted: Some(150),
            qualified: Some(30),
            converted: Some(10),
            ..Inputs::default()
        };
        let f = funnel(&inputs);
        assert_eq!(f.len(), 4, "meetings are unknown and skipped");
        assert_eq!(f[1].of_previous, Some(75.0));
        assert_eq!(f[2].of_previous, Some(20.0));
        assert_eq!(f[3].of_leads, Some(5.0));
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
