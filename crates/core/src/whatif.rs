//! What-if numbers: a scenario's outcomes, goal seek on the ROI identity, break-even
//! values and the sensitivity grid.
//!
//! The identity: ROI = conversion × deal value ÷ CPL − 1, with the conversion rate
//! and the ROI as fractions. Users type them in percent; every function here takes
//! and returns percent.

use crate::kpi::{Input, Inputs, Kpi};

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
    /// Cost per lead.
    Cpl,
    /// Conversion rate, in percent.
    ConversionRate,
    /// Average deal value.
    DealValue,
    /// Return on investment, in percent.
    Roi,
}

impl Driver {
    /// Every driver, in the form's order.
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
    /// Cost per lead.
    pub cpl: f64,
    /// Conversion rate, in percent.
    pub conversion_rate: f64,
    /// Average deal value.
    pub deal_value: f64,
    /// Return on investment, in percent.
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

/// A stage of the outreach funnel, each counted by one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Messages sent.
    Messages,
    /// Replies.
    Replies,
    /// Leads.
    Leads,
    /// Meetings.
    Meetings,
    /// Qualified leads.
    Qualified,
    /// Customers won.
    Customers,
}

impl Stage {
    /// Every stage, top of the funnel first.
    pub const ALL: [Stage; 6] = [
        Stage::Messages,
        Stage::Replies,
        Stage::Leads,
        Stage::Meetings,
        Stage::Qualified,
        Stage::Customers,
    ];

    /// The input that counts this stage.
    pub fn input(self) -> Input {
        match self {
            Stage::Messages => Input::MessagesSent,
            Stage::Replies => Input::Responses,
            Stage::Leads => Input::Leads,
            Stage::Meetings => Input::Meetings,
            Stage::Qualified => Input::Qualified,
            Stage::Customers => Input::Converted,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What a user can move in the what-if: the cost, the volume at the funnel's top,
/// the rate of each step (into a stage, from the stage before it) and the deal value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lever {
    /// The campaign's cost.
    Cost,
    /// The count of the funnel's first stage (messages sent, else leads…).
    Volume,
    /// Replies ÷ messages.
    ReplyRate,
    /// Leads ÷ replies (or the stage before leads).
    LeadRate,
    /// Meetings ÷ leads.
    MeetingRate,
    /// Qualified ÷ meetings (or the stage before).
    QualifiedRate,
    /// Customers ÷ qualified (or the stage before).
    WinRate,
    /// Revenue per customer.
    DealValue,
}

impl Lever {
    /// Every lever, in the scenario's order.
    pub const ALL: [Lever; 8] = [
        Lever::Cost,
        Lever::Volume,
        Lever::ReplyRate,
        Lever::LeadRate,
        Lever::MeetingRate,
        Lever::QualifiedRate,
        Lever::WinRate,
        Lever::DealValue,
    ];

    /// The key in the URL (`scenario=reply_rate:6`) and the page's hooks.
    pub fn key(self) -> &'static str {
        match self {
            Lever::Cost => "cost",
            Lever::Volume => "volume",
            Lever::ReplyRate => "reply_rate",
            Lever::LeadRate => "lead_rate",
            Lever::MeetingRate => "meeting_rate",
            Lever::QualifiedRate => "qualified_rate",
            Lever::WinRate => "win_rate",
            Lever::DealValue => "deal_value",
        }
    }

    /// The lever of a URL key.
    pub fn from_key(key: &str) -> Option<Lever> {
        Lever::ALL.into_iter().find(|l| l.key() == key)
    }

    /// The rate of the step into this stage.
    pub fn rate_into(stage: Stage) -> Option<Lever> {
        match stage {
            Stage::Messages => None,
            Stage::Replies => Some(Lever::ReplyRate),
            Stage::Leads => Some(Lever::LeadRate),
            Stage::Meetings => Some(Lever::MeetingRate),
            Stage::Qualified => Some(Lever::QualifiedRate),
            Stage::Customers => Some(Lever::WinRate),
        }
    }

    /// Whether the lever is a rate in percent.
    pub fn is_rate(self) -> bool {
        !matches!(self, Lever::Cost | Lever::Volume | Lever::DealValue)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// A value per lever; `None` where the numbers do not tell it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Levers([Option<f64>; 8]);

impl Levers {
    /// A lever's value, `None` when unset.
    pub fn get(&self, lever: Lever) -> Option<f64> {
        self.0[lever.index()]
    }

    /// Sets or clears a lever.
    pub fn set(&mut self, lever: Lever, value: Option<f64>) {
        self.0[lever.index()] = value;
    }

    /// These levers with a scenario's changes applied (changes to levers the funnel
    /// does not have are left out).
    pub fn with(&self, changes: &[(Lever, f64)]) -> Levers {
        let mut out = *self;
        for &(lever, v) in changes {
            if out.get(lever).is_some() || lever == Lever::DealValue || lever == Lever::Cost {
                out.set(lever, Some(clamp(lever, v)));
            }
        }
        out
    }
}

/// What a lever may hold: not negative, a whole volume.
fn clamp(lever: Lever, v: f64) -> f64 {
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    if lever == Lever::Volume {
        v.round()
    } else {
        v
    }
}

/// A campaign's outreach funnel: the stages its numbers tell, in order, and the
/// levers they give. A step whose count exceeds the one before it (leads that did
/// not all come from replies) is not a step: the stage before is left out.
#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    /// First to last; always holds `Leads` and `Customers`.
    pub stages: Vec<Stage>,
    /// The campaign's own values.
    pub base: Levers,
}

/// What a funnel gives with some levers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Outcomes {
    /// Per stage (expected counts, not rounded); `None` for a stage not in the funnel.
    pub counts: [Option<f64>; 6],
    /// Customers × deal value.
    pub revenue: Option<f64>,
    /// Cost per lead.
    pub cpl: Option<f64>,
    /// Cost per customer.
    pub cost_per_customer: Option<f64>,
    /// In percent.
    pub roi: Option<f64>,
}

impl Outcomes {
    /// A stage's count, `None` when the funnel lacks it.
    pub fn count(&self, stage: Stage) -> Option<f64> {
        self.counts[stage.index()]
    }
}

impl Funnel {
    /// The funnel of a campaign's inputs: it needs leads (more than 0) and customers.
    pub fn from_inputs(i: &Inputs) -> Option<Funnel> {
        let count = |s: Stage| i.get(s.input());
        let leads = count(Stage::Leads).filter(|&l| l > 0.0)?;
        let customers = count(Stage::Customers)?;
        let mut stages = vec![Stage::Leads];
        let mut top = leads;
        for s in [Stage::Replies, Stage::Messages] {
            if let Some(n) = count(s).filter(|&n| n >= top) {
                stages.insert(0, s);
                top = n;
            }
        }
        let mut last = leads;
        for s in [Stage::Meetings, Stage::Qualified] {
            if let Some(n) = count(s).filter(|&n| n <= last && n >= customers) {
                stages.push(s);
                last = n;
            }
        }
        stages.push(Stage::Customers);
        let mut base = Levers::default();
        base.set(Lever::Cost, i.get(Input::Cost));
        base.set(Lever::Volume, Some(top));
        for pair in stages.windows(2) {
            if let (Some(from), Some(to), Some(lever)) =
                (count(pair[0]), count(pair[1]), Lever::rate_into(pair[1]))
            {
                let rate = if from > 0.0 { to / from * 100.0 } else { 0.0 };
                base.set(lever, Some(rate));
            }
        }
        let deal = match i.get(Input::Revenue) {
            Some(r) if customers > 0.0 => Some(r / customers),
            _ => None,
        };
        base.set(Lever::DealValue, deal);
        Some(Funnel { stages, base })
    }

    /// The levers this funnel has, in the order they are shown.
    pub fn levers(&self) -> Vec<Lever> {
        let mut out = vec![Lever::Cost, Lever::Volume];
        out.extend(
            self.stages
                .iter()
                .skip(1)
                .filter_map(|&s| Lever::rate_into(s)),
        );
        out.push(Lever::DealValue);
        out
    }

    /// The funnel run with these levers.
    pub fn outcomes(&self, levers: &Levers) -> Outcomes {
        let finite = |v: f64| v.is_finite().then_some(v);
        let mut counts = [None; 6];
        let mut n = levers.get(Lever::Volume).unwrap_or(0.0);
        for (k, &stage) in self.stages.iter().enumerate() {
            if k > 0 {
                let rate = Lever::rate_into(stage)
                    .and_then(|l| levers.get(l))
                    .unwrap_or(0.0);
                // Rates are rounded fractions (10 of 30 is 33.33…3 %): snapping the
                // count to 1e-9 gives back the campaign's own whole numbers.
                n = (n * rate / 100.0 * 1e9).round() / 1e9;
            }
            counts[stage.index()] = finite(n);
        }
        let leads = counts[Stage::Leads.index()].unwrap_or(0.0);
        let customers = counts[Stage::Customers.index()].unwrap_or(0.0);
        let cost = levers.get(Lever::Cost);
        let revenue = levers
            .get(Lever::DealValue)
            .and_then(|d| finite(customers * d));
        // The KPIs of the modelled funnel, by the KPI table's own formulas.
        let kpi = |k: Kpi| {
            k.of_values(|i| match i {
                Input::Cost => cost,
                Input::Leads => Some(leads),
                Input::Converted => Some(customers),
                Input::Revenue => revenue,
                _ => None,
            })
            .ok()
        };
        Outcomes {
            counts,
            revenue,
            cpl: kpi(Kpi::CostPerLead),
            cost_per_customer: kpi(Kpi::CostPerCustomer),
            roi: kpi(Kpi::Roi),
        }
    }
}

/// A scenario's changes as the URL keeps them: `cost:2500,reply_rate:6`. Unknown
/// levers, bad numbers and repeats are left out.
pub fn parse_changes(text: &str) -> Vec<(Lever, f64)> {
    let mut out: Vec<(Lever, f64)> = Vec::new();
    for part in text.split(',') {
        let Some((key, value)) = part.split_once(':') else {
            continue;
        };
        let (Some(lever), Ok(v)) = (Lever::from_key(key.trim()), value.trim().parse::<f64>())
        else {
            continue;
        };
        if v.is_finite() && v >= 0.0 && !out.iter().any(|&(l, _)| l == lever) {
            out.push((lever, v));
        }
    }
    out.sort_by_key(|a| a.0);
    out
}

/// The inverse of [`parse_changes`].
pub fn format_changes(changes: &[(Lever, f64)]) -> String {
    changes
        .iter()
        .map(|(l, v)| format!("{}:{}", l.key(), (v * 1e6).round() / 1e6))
        .collect::<Vec<_>>()
        .join(",")
}

impl Drivers {
    /// A campaign's CPL, conversion rate and deal value (the ROI left to compute).
    pub fn from_inputs(i: &Inputs) -> Drivers {
        Drivers {
            cpl: Kpi::CostPerLead.of_inputs(i).ok(),
            conversion_rate: Kpi::ConversionRate.of_inputs(i).ok(),
            deal_value: Kpi::AverageDealValue.of_inputs(i).ok(),
            roi: None,
        }
    }
}

/// ROI over a grid of CPL × conversion rate around the current values.
#[derive(Clone, Debug, PartialEq)]
pub struct Sensitivity {
    /// The costs per lead of the rows.
    pub cpls: Vec<f64>,
    /// The conversion rates of the columns, in percent.
    pub conversion_rates: Vec<f64>,
    /// `roi[i][j]`: at `cpls[i]` and `conversion_rates[j]`, in percent.
    pub roi: Vec<Vec<f64>>,
    /// The index of the current values in both axes.
    pub current: usize,
}

/// The factors the grid applies to the current CPL and conversion rate.
pub const SENSITIVITY_STEPS: [f64; 7] = [0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0];

/// ROI around a campaign: CPL and conversion each from −50 % to +50 %.
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
    fn the_funnel_follows_the_kpis() {
        let inputs = crate::kpi::example_inputs();
        let f = Funnel::from_inputs(&inputs).unwrap();
        let o = f.outcomes(&f.base);
        assert_eq!(
            (o.cpl, o.roi, o.cost_per_customer),
            (Some(25.0), Some(300.0), Some(500.0))
        );
        let cheaper = f.outcomes(&f.base.with(&[(Lever::Cost, 4000.0)]));
        assert_eq!(cheaper.roi, Some(400.0));
        let d = Drivers::from_inputs(&inputs);
        assert_eq!(
            (d.cpl, d.conversion_rate, d.deal_value),
            (Some(25.0), Some(5.0), Some(2000.0))
        );
    }

    /// "What if my reply rate doubles?": the effect flows to leads, customers,
    /// revenue, CPL, CAC and ROI.
    #[test]
    fn a_doubled_reply_rate_flows_to_the_roi() {
        let inputs = Inputs::from_iter([
            (Input::Cost, 2000.0),
            (Input::MessagesSent, 1000.0),
            (Input::Responses, 50.0),
            (Input::Leads, 20.0),
            (Input::Meetings, 10.0),
            (Input::Qualified, 5.0),
            (Input::Converted, 2.0),
            (Input::Revenue, 6000.0),
        ]);
        let f = Funnel::from_inputs(&inputs).unwrap();
        assert_eq!(f.stages, Stage::ALL);
        assert_eq!(f.base.get(Lever::ReplyRate), Some(5.0));
        assert_eq!(f.base.get(Lever::WinRate), Some(40.0));
        let base = f.outcomes(&f.base);
        assert_eq!(base.count(Stage::Customers), Some(2.0));
        assert_eq!(base.roi, Some(200.0));
        let o = f.outcomes(&f.base.with(&[(Lever::ReplyRate, 10.0)]));
        assert_eq!(o.count(Stage::Replies), Some(100.0));
        assert_eq!(o.count(Stage::Leads), Some(40.0));
        assert!((o.count(Stage::Customers).unwrap() - 4.0).abs() < 1e-9);
        assert!((o.revenue.unwrap() - 12000.0).abs() < 1e-6);
        assert!((o.cpl.unwrap() - 50.0).abs() < 1e-9);
        assert!((o.cost_per_customer.unwrap() - 500.0).abs() < 1e-9);
        assert!((o.roi.unwrap() - 500.0).abs() < 1e-6);
    }

    #[test]
    fn steps_the_numbers_cannot_tell_are_left_out() {
        // More leads than replies: replies do not feed the leads; no meetings known.
        let inputs = Inputs::from_iter([
            (Input::MessagesSent, 1000.0),
            (Input::Responses, 10.0),
            (Input::Leads, 200.0),
            (Input::Qualified, 30.0),
            (Input::Converted, 10.0),
        ]);
        let f = Funnel::from_inputs(&inputs).unwrap();
        assert_eq!(
            f.stages,
            [
                Stage::Messages,
                Stage::Leads,
                Stage::Qualified,
                Stage::Customers
            ]
        );
        assert_eq!(
            f.levers(),
            [
                Lever::Cost,
                Lever::Volume,
                Lever::LeadRate,
                Lever::QualifiedRate,
                Lever::WinRate,
                Lever::DealValue
            ]
        );
        let o = f.outcomes(&f.base);
        assert_eq!((o.cpl, o.roi, o.revenue), (None, None, None));
        assert_eq!(o.count(Stage::Meetings), None);
        // A deal value typed gives revenue; a reply rate the funnel lacks is ignored.
        let o = f.outcomes(
            &f.base
                .with(&[(Lever::DealValue, 100.0), (Lever::ReplyRate, 50.0)]),
        );
        assert_eq!(o.revenue, Some(1000.0));
        assert_eq!(
            Funnel::from_inputs(&Inputs::from_iter([
                (Input::Leads, 0.0),
                (Input::Converted, 0.0)
            ])),
            None
        );
    }

    #[test]
    fn changes_round_trip_through_the_url() {
        let c = parse_changes("reply_rate:6,cost:2500,nope:1,cost:9,win_rate:-1,deal_value:x");
        assert_eq!(c, [(Lever::Cost, 2500.0), (Lever::ReplyRate, 6.0)]);
        assert_eq!(format_changes(&c), "cost:2500,reply_rate:6");
        assert_eq!(parse_changes(&format_changes(&c)), c);
        assert_eq!(parse_changes(""), []);
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
