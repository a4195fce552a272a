//! Honest statistics for rates from small samples: the Wilson score interval, the
//! two-proportion test, and what they mean in words.

use crate::kpi::{Campaign, Input, Kpi};
use crate::lang::Lang;

/// The z value of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Below this many observations, a rate is marked as a small sample.
pub const SMALL_SAMPLE: u64 = 30;

/// The 95 % Wilson score interval of `k` successes in `n` trials, in percent.
/// `None` when `n` is 0. A `k` above `n` (inconsistent counts) is taken as `n`.
pub fn wilson(k: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let n_f = n as f64;
    let p = k.min(n) as f64 / n_f;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = Z95 / denom * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt();
    Some((
        ((centre - half) * 100.0).max(0.0),
        ((centre + half) * 100.0).min(100.0),
    ))
}

/// The counts behind a rate KPI: successes and trials, summed over the campaigns
/// where both are known (`None` for other KPIs, or where none has both).
pub fn rate_counts<'a>(
    kpi: Kpi,
    campaigns: impl IntoIterator<Item = &'a Campaign>,
) -> Option<(u64, u64)> {
    kpi.pooled_with_counts(campaigns).1
}

fn count(c: &Campaign, input: Input) -> Option<u64> {
    c.inputs.get(input).map(|v| v as u64)
}

/// The 95 % interval of a rate KPI over campaigns (pooled), `None` when undefined.
pub fn interval<'a>(
    kpi: Kpi,
    campaigns: impl IntoIterator<Item = &'a Campaign>,
) -> Option<(f64, f64)> {
    let (k, n) = rate_counts(kpi, campaigns)?;
    wilson(k, n)
}

/// The interval of a rate KPI for plain inputs, with its number of observations.
pub fn interval_of_inputs(kpi: Kpi, inputs: &crate::kpi::Inputs) -> Option<((f64, f64), u64)> {
    kpi.of_inputs(inputs).ok()?;
    let c = Campaign {
        inputs: inputs.clone(),
        ..Campaign::default()
    };
    let (k, n) = rate_counts(kpi, std::slice::from_ref(&c))?;
    Some((wilson(k, n)?, n))
}

/// The standard normal cumulative distribution.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The outcome of comparing two rates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Comparison {
    /// Rates in percent.
    pub rate_a: f64,
    /// The second rate, in percent.
    pub rate_b: f64,
    /// The test statistic.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
}

impl Comparison {
    /// Significant at the 5 % level.
    pub fn significant(&self) -> bool {
        self.p_value < 0.05
    }

    /// The comparison in a sentence.
    pub fn describe(&self, a: &str, b: &str, lang: Lang) -> String {
        let p = self.p_value;
        let (better, worse) = if self.rate_a >= self.rate_b {
            (a, b)
        } else {
            (b, a)
        };
        let strength = match (p < 0.001, p < 0.01, p < 0.05, lang) {
            (true, _, _, Lang::En) => "very strong evidence",
            (true, _, _, Lang::Fr) => "une preuve très forte",
            (_, true, _, Lang::En) => "strong evidence",
            (_, true, _, Lang::Fr) => "une preuve forte",
            (_, _, true, Lang::En) => "some evidence",
            (_, _, true, Lang::Fr) => "un indice",
            (_, _, false, _) => "",
        };
        let p_text = if p < 0.001 {
            "p < 0.001".to_string()
        } else {
            format!("p = {p:.3}")
        };
        match (self.significant(), lang) {
            (true, Lang::En) => format!(
                "“{better}” converts better than “{worse}”: {strength} of a real difference ({p_text}); a gap this large would arise by chance less than {} times in 100.",
                chance(p)
            ),
            (true, Lang::Fr) => format!(
                "« {better} » convertit mieux que « {worse} » : {strength} d'une vraie différence ({}) ; un tel écart n'arriverait par hasard que moins de {} fois sur 100.",
                p_text.replace('.', ","),
                chance(p)
            ),
            (false, Lang::En) => format!(
                "No significant difference between “{a}” and “{b}” ({p_text}): a gap this large would arise by chance {} times in 100. Gather more leads before concluding.",
                (p * 100.0).round()
            ),
            (false, Lang::Fr) => format!(
                "Pas de différence significative entre « {a} » et « {b} » ({}) : un tel écart arriverait par hasard {} fois sur 100. Attendez plus de leads avant de conclure.",
                p_text.replace('.', ","),
                (p * 100.0).round()
            ),
        }
    }
}

fn chance(p: f64) -> u32 {
    if p < 0.001 {
        1
    } else {
        ((p * 100.0).ceil() as u32).max(1)
    }
}

/// The two-proportion z-test of `k1/n1` against `k2/n2` (pooled variance).
/// `None` when a sample is empty or the pooled rate is 0 or 1 (nothing varies).
pub fn two_proportions(k1: u64, n1: u64, k2: u64, n2: u64) -> Option<Comparison> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (k1, k2) = (k1.min(n1) as f64, k2.min(n2) as f64);
    let (n1, n2) = (n1 as f64, n2 as f64);
    let (p1, p2) = (k1 / n1, k2 / n2);
    let pooled = (k1 + k2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if se == 0.0 || !se.is_finite() {
        return None;
    }
    let z = (p1 - p2) / se;
    let p_value = (2.0 * (1.0 - normal_cdf(z.abs()))).clamp(0.0, 1.0);
    Some(Comparison {
        rate_a: p1 * 100.0,
        rate_b: p2 * 100.0,
        z,
        p_value,
    })
}

/// Compares the conversion rates of two campaigns.
pub fn compare_conversion(a: &Campaign, b: &Campaign) -> Option<Comparison> {
    let k = |c: &Campaign| Some((count(c, Input::Converted)?, count(c, Input::Leads)?));
    let (k1, n1) = k(a)?;
    let (k2, n2) = k(b)?;
    two_proportions(k1, n1, k2, n2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) {
        assert!((a - b).abs() < tol, "{a} != {b}");
    }

    #[test]
    fn a_summary_has_each_rates_counts() {
        // Campaigns with some inputs unknown: each KPI pools where both of its are known.
        let campaigns: Vec<Campaign> = (0..40u32)
            .map(|i| {
                let mut c = Campaign::default();
                for (k, input) in Input::ALL.into_iter().enumerate() {
                    if (i as usize + k) % 3 != 0 {
                        c.inputs.set(input, Some(f64::from(i * 7 + k as u32)));
                    }
                }
                c
            })
            .collect();
        let all = crate::kpi::Summary::pooled(&campaigns).counts;
        let mut rates = 0;
        for kpi in Kpi::ALL {
            assert_eq!(all[kpi], rate_counts(kpi, &campaigns), "{kpi:?}");
            // By hand: the rate's inputs summed where both are known.
            let by_hand = match (kpi.row().formula, kpi.is_rate()) {
                (
                    crate::kpi::Formula::Ratio {
                        numerator: crate::kpi::Numerator::Input(num),
                        denominator: den,
                        ..
                    },
                    true,
                ) => campaigns
                    .iter()
                    .filter_map(|c| Some((count(c, num)?, count(c, den)?)))
                    .reduce(|(a, b), (c, d)| (a + c, b + d)),
                _ => None,
            };
            assert_eq!(all[kpi], by_hand, "{kpi:?}");
            rates += all[kpi].is_some() as usize;
        }
        assert!(rates >= 4, "{rates} rate KPIs");
        // The rate and its counts in one pass are the pooled rate and its counts.
        for kpi in Kpi::ALL {
            for members in [&campaigns[..], &campaigns[3..9], &campaigns[..1]] {
                assert_eq!(
                    kpi.pooled_with_counts(members),
                    (
                        kpi.pooled(members),
                        crate::kpi::Summary::pooled(members).counts[kpi]
                    ),
                    "{kpi:?}"
                );
            }
        }
        assert_eq!(crate::kpi::Summary::pooled(&[]).counts, Default::default());
    }

    /// Published values: Newcombe (1998), "Two-sided confidence intervals for the
    /// single proportion", table I (Wilson score method, no continuity correction).
    #[test]
    fn wilson_matches_published_values() {
        for (k, n, low, high) in [
            (81, 263, 25.53, 36.62),
            (15, 148, 6.24, 16.05),
            (0, 20, 0.0, 16.11),
            (1, 29, 0.61, 17.18),
            (29, 29, 88.30, 100.0),
        ] {
            let (l, h) = wilson(k, n).unwrap();
            close(l, low, 0.01);
            close(h, high, 0.01);
        }
        // The example: 2 of 10 is 20 %, interval about 5.7 % to 51 %.
        let (l, h) = wilson(2, 10).unwrap();
        close(l, 5.67, 0.01);
        close(h, 50.98, 0.01);
        assert_eq!(wilson(3, 0), None);
    }

    #[test]
    fn normal_cdf_matches_the_table() {
        close(normal_cdf(0.0), 0.5, 1e-12);
        close(normal_cdf(1.0), 0.841_344_746, 1e-9);
        close(normal_cdf(1.959_964), 0.975, 1e-7);
        close(normal_cdf(-2.575_829), 0.005, 1e-7);
    }

    /// Worked examples of the pooled two-proportion z-test.
    #[test]
    fn two_proportion_test_matches_known_results() {
        // 45/100 vs 30/100: z ≈ 2.191, p ≈ 0.0285.
        let c = two_proportions(45, 100, 30, 100).unwrap();
        close(c.z, 2.1909, 1e-4);
        close(c.p_value, 0.02846, 1e-4);
        assert!(c.significant());
        // 10/200 vs 12/200: z ≈ -0.4386, p ≈ 0.661: no difference.
        let c = two_proportions(10, 200, 12, 200).unwrap();
        close(c.z, -0.4386, 1e-4);
        close(c.p_value, 0.6609, 1e-4);
        assert!(!c.significant());
        // Nothing varies: no test.
        assert_eq!(two_proportions(0, 10, 0, 10), None);
        assert_eq!(two_proportions(1, 0, 1, 10), None);
    }

    #[test]
    fn comparisons_read_as_sentences() {
        let c = two_proportions(45, 100, 30, 100).unwrap();
        let en = c.describe("A", "B", Lang::En);
        assert!(en.starts_with("“A” converts better than “B”"), "{en}");
        assert!(en.contains("p = 0.028"), "{en}");
        let c = two_proportions(10, 200, 12, 200).unwrap();
        let fr = c.describe("A", "B", Lang::Fr);
        assert!(fr.starts_with("Pas de différence significative"), "{fr}");
        assert!(fr.contains("p = 0,661"), "{fr}");
    }
}
