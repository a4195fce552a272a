//! What-if numbers: a scenario's outcomes, goal seek on the ROI identity, break-even
//! values and the sensitivity grid.
//!
//! The identity: ROI = conversion × deal value ÷ CPL − 1, with the conversion rate
//! and the ROI as fractions. Users type them in percent; every function here takes
//! and returns percent.

use crate::kpi::Inputs;

/// The four numbers of the ROI identity; goal seek finds the one that is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Drivers {
    /// Cost per lead, in money.
    pub cpl: Option<f64>,
    /// Lead-to-customer conversion rate, in percent.
    pub conversion_rate: Option<f64>,
    /// Average deal value, in money.
    pub deal_value: Option<f64>,
    /// Return on investment, in percent.
    pub roi: Option<f64>,
}

/// Which driver goal seek computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Driver {
    Cpl,
    ConversionRate,
    DealValue,
    Roi,
}

impl Driver {
    pub const ALL: [Driver; 4] = [
        Driver::Cpl,
        Driver::ConversionRate,
        Driver::DealValue,
        Driver::Roi,
    ];

    /// The key used on the command line and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Driver::Cpl => "cpl",
            Driver::ConversionRate => "conversion_rate",
            Driver::DealValue => "deal_value",
            Driver::Roi => "roi",
        }
    }
}

/// Why goal seek has no answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SolveError {
    /// Exactly three drivers must be given.
    NotThree,
    /// A given driver is negative, or not a finite number (the ROI may be negative).
    Invalid(Driver),
    /// The formula divides by this driver (or by ROI + 100 %), which is zero.
    ZeroDivisor(Driver),
    /// The answer exists but cannot be reached: a conversion above 100 %, a negative
    /// cost per lead or deal value. Carries the value it would take.
    Impossible(Driver, f64),
}

/// All four drivers, consistent with the identity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Solution {
    pub cpl: f64,
    pub conversion_rate: f64,
    pub deal_value: f64,
    pub roi: f64,
    /// The driver that was computed.
    pub solved: Driver,
}

impl Drivers {
    fn get(&self, d: Driver) -> Option<f64> {
        match d {
            Driver::Cpl => self.cpl,
            Driver::ConversionRate => self.conversion_rate,
            Driver::DealValue => self.deal_value,
            Driver::Roi => self.roi,
        }
    }
}

/// Finds the missing driver from the three others.
pub fn solve(d: Drivers) -> Result<Solution, SolveError> {
    let missing: Vec<Driver> = Driver::ALL
        .into_iter()
        .filter(|&k| d.get(k).is_none())
        .collect();
    let [unknown] = missing[..] else {
        return Err(SolveError::NotThree);
    };
    for k in Driver::ALL {
        if let Some(v) = d.get(k) {
            if !v.is_finite() || (v < 0.0 && k != Driver::Roi) {
                return Err(SolveError::Invalid(k));
            }
        }
    }
    let (cpl, conv, deal, roi) = (
        d.cpl.unwrap_or(0.0),
        d.conversion_rate.unwrap_or(0.0) / 100.0,
        d.deal_value.unwrap_or(0.0),
        d.roi.unwrap_or(0.0) / 100.0,
    );
    let nonzero = |v: f64, k: Driver| {
        if v == 0.0 {
            Err(SolveError::ZeroDivisor(k))
        } else {
            Ok(v)
        }
    };
    let value = match unknown {
        Driver::Roi => (conv * deal / nonzero(cpl, Driver::Cpl)? - 1.0) * 100.0,
        Driver::Cpl => conv * deal / nonzero(roi + 1.0, Driver::Roi)?,
        Driver::ConversionRate => (roi + 1.0) * cpl / nonzero(deal, Driver::DealValue)? * 100.0,
        Driver::DealValue => (roi + 1.0) * cpl / nonzero(conv, Driver::ConversionRate)?,
    };
    let impossible = match unknown {
        Driver::Roi => false,
        Driver::ConversionRate => !(0.0..=100.0).contains(&value),
        Driver::Cpl | Driver::DealValue => value < 0.0,
    };
    if !value.is_finite() || impossible {
        return Err(SolveError::Impossible(unknown, value));
    }
    let pick = |k: Driver, given: Option<f64>| {
        if k == unknown {
            value
        } else {
            given.unwrap_or(0.0)
        }
    };
    Ok(Solution {
        cpl: pick(Driver::Cpl, d.cpl),
        conversion_rate: pick(Driver::ConversionRate, d.conversion_rate),
        deal_value: pick(Driver::DealValue, d.deal_value),
        roi: pick(Driver::Roi, d.roi),
        solved: unknown,
    })
}

/// How many leads a budget buys at a cost per lead (whole leads).
pub fn leads_for_budget(budget: f64, cpl: f64) -> Option<f64> {
    (cpl > 0.0 && budget >= 0.0 && budget.is_finite()).then(|| (budget / cpl).floor())
}

/// The value of one driver at which the ROI is exactly 0, the others fixed.
pub fn break_even(d: Drivers, driver: Driver) -> Result<Solution, SolveError> {
    let mut d = d;
    d.roi = Some(0.0);
    match driver {
        Driver::Cpl => d.cpl = None,
        Driver::ConversionRate => d.conversion_rate = None,
        Driver::DealValue => d.deal_value = None,
        Driver::Roi => return Err(SolveError::NotThree),
    }
    solve(d)
}

/// A what-if scenario over the drivers of CPL and ROI.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scenario {
    pub cost: f64,
    pub leads: f64,
    /// In percent.
    pub conversion_rate: f64,
    pub deal_value: f64,
}

/// What a scenario gives.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcomes {
    pub cpl: Option<f64>,
    pub customers: f64,
    pub revenue: f64,
    /// In percent.
    pub roi: Option<f64>,
    pub cost_per_customer: Option<f64>,
}

impl Scenario {
    /// The scenario of a campaign's inputs, when it has them all.
    pub fn from_inputs(i: &Inputs) -> Option<Scenario> {
        let leads = i.leads.filter(|&l| l > 0)? as f64;
        let converted = i.converted? as f64;
        Some(Scenario {
            cost: i.cost?,
            leads,
            conversion_rate: converted / leads * 100.0,
            deal_value: if converted > 0.0 {
                i.revenue? / converted
            } else {
                0.0
            },
        })
    }

    pub fn outcomes(&self) -> Outcomes {
        let finite = |v: f64| v.is_finite().then_some(v);
        let customers = self.leads * self.conversion_rate / 100.0;
        let revenue = customers * self.deal_value;
        Outcomes {
            cpl: (self.leads > 0.0)
                .then(|| self.cost / self.leads)
                .and_then(finite),
            customers,
            revenue,
            roi: (self.cost > 0.0)
                .then(|| (revenue - self.cost) / self.cost * 100.0)
                .and_then(finite),
            cost_per_customer: (customers > 0.0)
                .then(|| self.cost / customers)
                .and_then(finite),
        }
    }
}

/// ROI over a grid of CPL × conversion rate around the current values.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    pub cpls: Vec<f64>,
    pub conversion_rates: Vec<f64>,
    /// `roi[i][j]`: at `cpls[i]` and `conversion_rates[j]`, in percent.
    pub roi: Vec<Vec<f64>>,
    /// The index of the current values in both axes.
    pub current: usize,
}

/// The factors the grid applies to the current CPL and conversion rate.
pub const SENSITIVITY_STEPS: [f64; 7] = [0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0];

pub fn sensitivity(cpl: f64, conversion_rate: f64, deal_value: f64) -> Option<Sensitivity> {
    if !(cpl > 0.0 && conversion_rate > 0.0 && deal_value >= 0.0) {
        return None;
    }
    let cpls: Vec<f64> = SENSITIVITY_STEPS.iter().map(|f| cpl * f).collect();
    let conversion_rates: Vec<f64> = SENSITIVITY_STEPS
        .iter()
        .map(|f| (conversion_rate * f).min(100.0))
        .collect();
    let roi = cpls
        .iter()
        .map(|&c| {
            conversion_rates
                .iter()
                .map(|&r| (r / 100.0 * deal_value / c - 1.0) * 100.0)
                .collect()
        })
        .collect();
    Some(Sensitivity {
        cpls,
        conversion_rates,
        roi,
        current: SENSITIVITY_STEPS
            .iter()
            .position(|&f| f == 1.0)
            .unwrap_or(0),
    })
}

/// In English with plain numbers; the page and the CLI say it in the user's
/// language through [`crate::texts::solve_error`].
impl std::fmt::Display for SolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = crate::report::PlainFormat(crate::lang::Lang::En);
        f.write_str(&crate::texts::solve_error(
            *self,
            crate::lang::Lang::En,
            &plain,
        ))
    }
}

impl std::error::Error for SolveError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn drivers(cpl: f64, conv: f64, deal: f64, roi: f64) -> Drivers {
        Drivers {
            cpl: Some(cpl),
            conversion_rate: Some(conv),
            deal_value: Some(deal),
            roi: Some(roi),
        }
    }

    /// Solve each driver from the three others, put it back, recompute the ROI:
    /// the target comes back within 1e-9.
    #[test]
    fn goal_seek_round_trips() {
        for (cpl, conv, deal) in [
            (25.0, 5.0, 2000.0),
            (3.3, 0.7, 450.0),
            (120.0, 12.5, 999.99),
        ] {
            let roi = (conv / 100.0 * deal / cpl - 1.0) * 100.0;
            let full = drivers(cpl, conv, deal, roi);
            for unknown in Driver::ALL {
                let mut d = full;
                match unknown {
                    Driver::Cpl => d.cpl = None,
                    Driver::ConversionRate => d.conversion_rate = None,
                    Driver::DealValue => d.deal_value = None,
                    Driver::Roi => d.roi = None,
                }
                let s = solve(d).unwrap();
                assert_eq!(s.solved, unknown);
                let back = (s.conversion_rate / 100.0 * s.deal_value / s.cpl - 1.0) * 100.0;
                assert!((back - roi).abs() < 1e-9, "{unknown:?}: {back} vs {roi}");
                assert!((s.cpl - cpl).abs() < 1e-9 && (s.deal_value - deal).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn the_users_question() {
        // What CPL keeps my ROI at 200 % with 5 % conversion and 2,000 € deals? 33.33 €.
        let s = solve(Drivers {
            conversion_rate: Some(5.0),
            deal_value: Some(2000.0),
            roi: Some(200.0),
            cpl: None,
        })
        .unwrap();
        assert!((s.cpl - 100.0 / 3.0).abs() < 1e-9);
        let b = break_even(drivers(25.0, 5.0, 2000.0, 0.0), Driver::Cpl).unwrap();
        assert!((b.cpl - 100.0).abs() < 1e-9);
        let b = break_even(drivers(25.0, 5.0, 2000.0, 0.0), Driver::ConversionRate).unwrap();
        assert!((b.conversion_rate - 1.25).abs() < 1e-9);
        assert_eq!(leads_for_budget(1000.0, 25.0), Some(40.0));
        assert_eq!(leads_for_budget(1000.0, 0.0), None);
    }

    #[test]
    fn impossible_targets_say_why() {
        let d = Drivers {
            cpl: Some(100.0),
            deal_value: Some(100.0),
            roi: Some(200.0),
            conversion_rate: None,
        };
        assert_eq!(
            solve(d),
            Err(SolveError::Impossible(Driver::ConversionRate, 300.0))
        );
        let d = Drivers {
            conversion_rate: Some(5.0),
            deal_value: Some(2000.0),
            roi: Some(-100.0),
            cpl: None,
        };
        assert_eq!(solve(d), Err(SolveError::ZeroDivisor(Driver::Roi)));
        let d = Drivers {
            conversion_rate: Some(5.0),
            deal_value: Some(2000.0),
            roi: Some(-150.0),
            cpl: None,
        };
        assert!(matches!(
            solve(d),
            Err(SolveError::Impossible(Driver::Cpl, _))
        ));
        assert_eq!(solve(Drivers::default()), Err(SolveError::NotThree));
        assert_eq!(
            solve(drivers(1.0, 1.0, 1.0, 1.0)),
            Err(SolveError::NotThree)
        );
        let d = Drivers {
            cpl: Some(-1.0),
            conversion_rate: Some(5.0),
            deal_value: Some(10.0),
            roi: None,
        };
        assert_eq!(solve(d), Err(SolveError::Invalid(Driver::Cpl)));
        let d = Drivers {
            cpl: Some(0.0),
            conversion_rate: Some(5.0),
            deal_value: Some(10.0),
            roi: None,
        };
        assert_eq!(solve(d), Err(SolveError::ZeroDivisor(Driver::Cpl)));
    }

    #[test]
    fn scenarios_follow_the_kpis() {
        let inputs = crate::kpi::example_inputs();
        let s = Scenario::from_inputs(&inputs).unwrap();
        assert_eq!((s.conversion_rate, s.deal_value), (5.0, 2000.0));
        let o = s.outcomes();
        assert_eq!(
            (o.cpl, o.roi, o.cost_per_customer),
            (Some(25.0), Some(300.0), Some(500.0))
        );
        let cheaper = Scenario { cost: 4000.0, ..s }.outcomes();
        assert_eq!(cheaper.roi, Some(400.0));
    }

    #[test]
    fn the_sensitivity_grid_is_centred_on_the_current_values() {
        let g = sensitivity(25.0, 5.0, 2000.0).unwrap();
        assert_eq!(g.cpls[g.current], 25.0);
        assert_eq!(g.conversion_rates[g.current], 5.0);
        assert!((g.roi[g.current][g.current] - 300.0).abs() < 1e-9);
        // Cheaper leads and better conversion both raise the ROI.
        assert!(g.roi[0][g.current] > g.roi[g.current][g.current]);
        assert!(g.roi[g.current][6] > g.roi[g.current][g.current]);
        assert_eq!(sensitivity(0.0, 5.0, 10.0), None);
    }
}
