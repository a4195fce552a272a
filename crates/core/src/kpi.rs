//! The KPIs of contract §1 computed: a campaign's inputs, KPI values, pooled totals.
//!
//! Every KPI is a ratio `numerator / denominator × scale` of campaign inputs (its row
//! in [`crate::vocabulary`]). That one shape gives both a campaign's value and the
//! pooled total (Σ numerator / Σ denominator over the campaigns where both are known),
//! and it makes "undefined" a value with a reason instead of a NaN.

use std::sync::Arc;

pub use crate::vocabulary::{
    Better, Formula, Input, InputKind, Kpi, Numerator, PerInput, PerKpi, Unit,
};

/// The known numbers of one campaign. An unknown input is `None`, never zero.
///
/// Packed as one `f64` per input and a bit per known one (112 bytes instead of 13
/// `Option`s' 208), since a file may hold a million campaigns. Counts are whole
/// numbers: exact up to 2^53.
#[derive(Clone, Default, PartialEq)]
pub struct Inputs {
    values: PerInput<f64>,
    known: u32,
}

const _: () = assert!(Input::COUNT <= u32::BITS as usize);

impl Inputs {
    /// The input as a number, whatever its kind.
    pub fn get(&self, input: Input) -> Option<f64> {
        (self.known & (1 << input.index()) != 0).then(|| self.values[input])
    }

    /// A count input as a whole number (`None` when unknown).
    pub fn count(&self, input: Input) -> Option<u64> {
        self.get(input).map(|v| v as u64)
    }

    /// Sets an input; counts are rounded down to whole numbers and clamped at zero.
    pub fn set(&mut self, input: Input, value: Option<f64>) {
        let bit = 1 << input.index();
        match value {
            Some(v) => {
                self.values[input] = match input.kind() {
                    InputKind::Count if v > 0.0 => (v as u64) as f64,
                    InputKind::Count => 0.0,
                    _ => v,
                };
                self.known |= bit;
            }
            None => {
                self.values[input] = 0.0;
                self.known &= !bit;
            }
        }
    }

    /// The values, known or not (the lead importer's sums).
    pub(crate) fn sums(&self) -> &PerInput<f64> {
        &self.values
    }

    /// The values to add to in place (the lead importer's sums), known or not.
    pub(crate) fn sums_mut(&mut self) -> &mut PerInput<f64> {
        &mut self.values
    }

    /// Keeps the inputs `known` says are known (their values as they are, counts
    /// rounded down) and forgets the others.
    pub(crate) fn keep_known(&mut self, known: &PerInput<bool>) {
        // What `set` does for each, in one pass (a million campaigns at an import's end).
        self.known = 0;
        for input in Input::ALL {
            let v = &mut self.values[input];
            if !known[input] {
                *v = 0.0;
                continue;
            }
            self.known |= 1 << input.index();
            if input.kind() == InputKind::Count {
                *v = if *v > 0.0 { (*v as u64) as f64 } else { 0.0 };
            }
        }
    }

    /// These inputs with one more known: `Inputs::default().with(Input::Leads, 200.0)`.
    pub fn with(mut self, input: Input, value: f64) -> Inputs {
        self.set(input, Some(value));
        self
    }

    /// The known inputs, in the contract's order.
    pub fn known(&self) -> impl Iterator<Item = (Input, f64)> + '_ {
        Input::ALL
            .into_iter()
            .filter_map(|i| self.get(i).map(|v| (i, v)))
    }
}

impl FromIterator<(Input, f64)> for Inputs {
    fn from_iter<T: IntoIterator<Item = (Input, f64)>>(pairs: T) -> Inputs {
        pairs
            .into_iter()
            .fold(Inputs::default(), |inputs, (i, v)| inputs.with(i, v))
    }
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map()
            .entries(self.known().map(|(i, v)| (i.key(), v)))
            .finish()
    }
}

/// A histogram of whole days, which gives the exact mean and median of millions of
/// sales cycles in memory bounded by the number of distinct spans. The spans are a
/// sorted vector: few distinct (hundreds), found by binary search, and less code in
/// the page than a `BTreeMap`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DayHistogram {
    counts: Vec<(u32, u64)>,
}

impl DayHistogram {
    /// Adds one span.
    pub fn add(&mut self, days: u32) {
        self.add_n(days, 1);
    }

    /// Adds `n` spans of `days`.
    pub fn add_n(&mut self, days: u32, n: u64) {
        if n == 0 {
            return;
        }
        match self.counts.binary_search_by_key(&days, |&(d, _)| d) {
            Ok(i) => self.counts[i].1 += n,
            Err(i) => self.counts.insert(i, (days, n)),
        }
    }

    /// Each distinct span and how many there are, shortest first.
    pub(crate) fn spans(&self) -> &[(u32, u64)] {
        &self.counts
    }

    /// Adds every span of another histogram.
    pub fn merge(&mut self, other: &DayHistogram) {
        for &(d, n) in &other.counts {
            self.add_n(d, n);
        }
    }

    /// How many spans were added.
    pub fn count(&self) -> u64 {
        self.counts.iter().map(|&(_, n)| n).sum()
    }

    /// The sum of all spans, in days.
    pub fn sum(&self) -> f64 {
        self.counts.iter().map(|&(d, n)| d as f64 * n as f64).sum()
    }

    /// The mean span, `None` when empty.
    pub fn mean(&self) -> Option<f64> {
        let n = self.count();
        (n > 0).then(|| self.sum() / n as f64)
    }

    /// The median; for an even count, the mean of the two middle spans.
    pub fn median(&self) -> Option<f64> {
        let n = self.count();
        if n == 0 {
            return None;
        }
        let lower = self.nth((n - 1) / 2)?;
        let upper = self.nth(n / 2)?;
        Some((lower as f64 + upper as f64) / 2.0)
    }

    /// The span at 0-based rank `k` in sorted order.
    fn nth(&self, k: u64) -> Option<u32> {
        let mut seen = 0;
        for &(d, n) in &self.counts {
            seen += n;
            if seen > k {
                return Some(d);
            }
        }
        None
    }

    /// `(days, leads)` pairs in increasing days, for a distribution chart.
    pub fn bins(&self) -> impl Iterator<Item = (u32, u64)> + '_ {
        self.counts.iter().copied()
    }
}

/// A campaign as imported or typed: its name, channel and numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Campaign {
    /// Its name (a group's value, or `(none)`).
    pub name: Arc<str>,
    /// Its channel, when the file has the column.
    pub channel: Option<Arc<str>>,
    /// The sales rep or owner (contract §5), when the file has the column.
    pub owner: Option<Arc<str>>,
    /// The month or quarter (contract §5): an aggregate file's `period` column, a
    /// lead's month of creation (else of first contact).
    pub period: Option<crate::period::Period>,
    /// Its numbers.
    pub inputs: Inputs,
    /// Lead files only: the sales cycles and lost reasons.
    pub leads: LeadDetail,
}

// A million of them in the page (a contact list): keep them small.
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<Campaign>() <= 152);

impl Campaign {
    /// Lead files only: the day histogram of the sales cycles of converted leads.
    pub fn cycle(&self) -> Option<&DayHistogram> {
        self.leads.cycle()
    }

    /// Lead files: how many abandoned leads gave each reason, most frequent first.
    pub fn lost_reasons(&self) -> &[(String, u64)] {
        self.leads.lost_reasons()
    }
}

/// What only a lead file tells of a campaign: the day histogram of its converted
/// leads' sales cycles and its lost reasons. Out of line, in two words when there
/// are none: a contact list taken as a lead file makes a million campaigns that have
/// neither (16 bytes less each in the page).
#[derive(Clone, Debug, Default)]
pub struct LeadDetail {
    /// The cycles (`None`: not a lead file's) and the reasons, when either is there.
    detail: Option<Box<CyclesAndReasons>>,
    /// Without `detail`: whether the campaign is a lead file's (its cycles known,
    /// none).
    no_cycles: bool,
}

/// The cycles (`None`: not a lead file's) and the lost reasons with their counts.
type CyclesAndReasons = (Option<DayHistogram>, Vec<(String, u64)>);

/// The histogram of a lead file's campaign without a dated conversion.
static NO_CYCLES: DayHistogram = DayHistogram { counts: Vec::new() };

impl LeadDetail {
    /// The cycles (`None`: not a lead file's) and lost reasons.
    pub fn new(cycle: Option<DayHistogram>, lost_reasons: Vec<(String, u64)>) -> Self {
        match (cycle, lost_reasons.is_empty()) {
            (None, true) => LeadDetail::default(),
            (Some(h), true) if h.counts.is_empty() => LeadDetail::no_cycles(),
            (cycle, _) => LeadDetail {
                detail: Some(Box::new((cycle, lost_reasons))),
                no_cycles: false,
            },
        }
    }

    /// A lead file's campaign with no cycles yet.
    pub fn no_cycles() -> Self {
        LeadDetail {
            detail: None,
            no_cycles: true,
        }
    }

    /// The day histogram of the sales cycles, `None` when not a lead file's.
    pub fn cycle(&self) -> Option<&DayHistogram> {
        match &self.detail {
            Some(d) => d.0.as_ref(),
            None => self.no_cycles.then_some(&NO_CYCLES),
        }
    }

    /// The day histogram, made known (empty) if it was not.
    pub fn cycle_mut(&mut self) -> &mut DayHistogram {
        self.detail
            .get_or_insert_with(Box::default)
            .0
            .get_or_insert_with(DayHistogram::default)
    }

    /// How many abandoned leads gave each reason.
    pub fn lost_reasons(&self) -> &[(String, u64)] {
        self.detail.as_ref().map_or(&[], |d| &d.1)
    }

    /// Sets the lost reasons.
    pub fn set_lost_reasons(&mut self, reasons: Vec<(String, u64)>) {
        match &mut self.detail {
            Some(d) => d.1 = reasons,
            None if reasons.is_empty() => {}
            None => {
                let cycle = self.no_cycles.then(DayHistogram::default);
                self.detail = Some(Box::new((cycle, reasons)));
            }
        }
    }
}

impl PartialEq for LeadDetail {
    fn eq(&self, other: &Self) -> bool {
        self.cycle() == other.cycle() && self.lost_reasons() == other.lost_reasons()
    }
}

/// Why a KPI has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undefined {
    /// An input it needs is unknown.
    Missing(Input),
    /// Its denominator is zero: nothing to divide by.
    Zero(Input),
    /// The median needs each lead's cycle: only a lead file has them.
    LeadFilesOnly,
    /// The numbers are too large to give a finite result.
    OutOfRange,
}

/// A KPI's value: a finite number, or undefined with its reason.
pub type KpiValue = Result<f64, Undefined>;

impl Kpi {
    /// How its value reads.
    pub fn unit(self) -> Unit {
        self.row().unit
    }

    /// Whether a higher value is better (conversion) or worse (cost per lead).
    pub fn higher_is_better(self) -> bool {
        self.row().better == Better::Higher
    }

    /// The order of two of its values, the better first.
    pub fn better_first(self, a: f64, b: f64) -> std::cmp::Ordering {
        let higher_first = b.total_cmp(&a);
        if self.higher_is_better() {
            higher_first
        } else {
            higher_first.reverse()
        }
    }

    /// True for the rates, shares of counts (the ROI is a percentage, not a rate).
    pub fn is_rate(self) -> bool {
        self.row().proportion
    }

    /// The inputs the KPI reads, numerator first then denominator.
    pub fn inputs(self) -> impl Iterator<Item = Input> {
        let (numerator, denominator) = match self.row().formula {
            Formula::Ratio {
                numerator,
                denominator,
                ..
            } => (numerator.inputs(), Some(denominator)),
            Formula::Median => (Numerator::CycleDays.inputs(), None),
        };
        let extra = denominator.filter(|d| !numerator.contains(d));
        numerator.iter().copied().chain(extra)
    }

    /// The KPI of one campaign.
    pub fn of(self, campaign: &Campaign) -> KpiValue {
        self.pooled(std::slice::from_ref(campaign))
    }

    /// The KPI of plain inputs (a typed campaign, without a histogram).
    pub fn of_inputs(self, inputs: &Inputs) -> KpiValue {
        self.of_values(|i| inputs.get(i))
    }

    /// The KPI of any numbers, fractional counts included (a what-if's funnel):
    /// `get` gives each input, `None` when unknown.
    pub fn of_values(self, get: impl Fn(Input) -> Option<f64>) -> KpiValue {
        let Formula::Ratio {
            numerator,
            denominator,
            scale,
        } = self.row().formula
        else {
            return Err(Undefined::LeadFilesOnly);
        };
        let (n, d) = value_parts(&get, numerator, denominator)?;
        divide(n, d, scale, denominator)
    }

    /// The pooled KPI of several campaigns: Σ numerator / Σ denominator over the
    /// campaigns where both are known. For one campaign, its own KPI.
    pub fn pooled<'a, I>(self, campaigns: I) -> KpiValue
    where
        I: IntoIterator<Item = &'a Campaign>,
    {
        self.pooled_with_counts(campaigns).0
    }

    /// [`Kpi::pooled`], with a rate's counts from the same pass (successes and
    /// trials, as in [`Summary::counts`]; `None` for other KPIs).
    pub fn pooled_with_counts<'a, I>(self, campaigns: I) -> (KpiValue, Option<(u64, u64)>)
    where
        I: IntoIterator<Item = &'a Campaign>,
    {
        let mut campaigns = campaigns.into_iter();
        let mut pool = Pool::default();
        let Some(first) = campaigns.next() else {
            return (pool.value(self), None);
        };
        let Some(second) = campaigns.next() else {
            return self.alone(first);
        };
        for c in [first, second].into_iter().chain(campaigns) {
            pool.add(self, c);
        }
        let counts = pool.counts;
        (pool.value(self), counts)
    }

    /// [`Kpi::pooled`] of groups of campaigns at once, in one pass: `rows` gives
    /// each campaign with its group's number, groups numbered from 0. Each group's
    /// value is [`Kpi::pooled`] of its campaigns in the order they came (a group
    /// never given has none): a trend's periods of a million rows are pooled in one
    /// sequential pass, not a pass over every twelfth row per month.
    pub fn pooled_groups<'a>(
        self,
        rows: impl IntoIterator<Item = (usize, &'a Campaign)>,
    ) -> Vec<KpiValue> {
        // Each group's pool, how many campaigns it had and its first.
        let mut pools: Vec<(Pool, usize, Option<&Campaign>)> = Vec::new();
        let formulas = Formulas::default();
        for (g, c) in rows {
            if g >= pools.len() {
                pools.resize(g + 1, (Pool::default(), 0, None));
            }
            let (pool, n, first) = &mut pools[g];
            pool_one(pool, &formulas, self, c);
            *n += 1;
            first.get_or_insert(c);
        }
        pools
            .into_iter()
            .map(|(pool, n, first)| match (n, first) {
                // As `pooled_with_counts`: a campaign alone is its own value.
                (1, Some(c)) => self.alone(c).0,
                _ => pool.value(self),
            })
            .collect()
    }

    /// [`Kpi::pooled`] of one campaign where it is defined, the same number; nothing
    /// of why not. The best and worst of a million groups of one (a contact list)
    /// are fifteen million of these: no reason built, no function called per input.
    #[inline]
    pub fn alone_value(self, c: &Campaign) -> Option<f64> {
        match self.row().formula {
            Formula::Ratio {
                numerator,
                denominator,
                scale,
            } => {
                let get = |i: Input| c.inputs.get(i);
                let (n, d) = match (numerator, c.cycle()) {
                    // As `parts`: a lead file's dated conversions.
                    (Numerator::CycleDays, Some(h)) => {
                        if h.count() == 0 {
                            return None;
                        }
                        (h.sum(), h.count() as f64)
                    }
                    (Numerator::Input(i), _) => (get(i)?, get(denominator)?),
                    (Numerator::Profit, _) => {
                        (get(Input::Revenue)? - get(Input::Cost)?, get(denominator)?)
                    }
                    (Numerator::CycleDays, None) => (
                        get(Input::CycleDays)? * get(Input::Converted)?,
                        get(denominator)?,
                    ),
                };
                // The pool's sums, from zero.
                divide(0.0 + n, 0.0 + d, scale, denominator).ok()
            }
            Formula::Median => c.cycle().and_then(|h| h.median()),
        }
    }

    /// [`Kpi::pooled_with_counts`] of one campaign, the same numbers without a pool:
    /// a million groups of one (a contact list) are a million of these per KPI.
    fn alone(self, c: &Campaign) -> (KpiValue, Option<(u64, u64)>) {
        match self.row().formula {
            Formula::Ratio {
                numerator,
                denominator,
                scale,
            } => match parts(c, numerator, denominator) {
                Ok((n, d)) => {
                    // The pool's sums, from zero.
                    let (n, d) = (0.0 + n, 0.0 + d);
                    let counts = (self.is_rate() && matches!(numerator, Numerator::Input(_)))
                        .then_some((n as u64, d as u64));
                    (divide(n, d, scale, denominator), counts)
                }
                Err(missing) => (Err(missing), None),
            },
            Formula::Median => (
                match c.cycle() {
                    None => Err(Undefined::LeadFilesOnly),
                    Some(h) => h.median().ok_or(Undefined::Missing(Input::CycleDays)),
                },
                None,
            ),
        }
    }
}

/// A KPI's pooled sums, fed a campaign at a time: one pass over a million rows gives
/// every KPI (`Summary::pooled`), not one pass per KPI.
#[derive(Clone, Default)]
struct Pool {
    /// Σ numerator and Σ denominator over the campaigns where both are known.
    sums: Option<(f64, f64)>,
    /// A rate's counts, the same sums as whole numbers (its Wilson interval's).
    counts: Option<(u64, u64)>,
    /// The first unknown input met, for the reason when no campaign has both.
    first_missing: Option<Undefined>,
    /// The median: every lead cycle's day, merged.
    days: Option<DayHistogram>,
}

impl Pool {
    fn add(&mut self, kpi: Kpi, c: &Campaign) {
        match kpi.row().formula {
            Formula::Ratio {
                numerator,
                denominator,
                ..
            } => match parts(c, numerator, denominator) {
                Ok((n, d)) => self.add_parts(
                    n,
                    d,
                    kpi.is_rate() && matches!(numerator, Numerator::Input(_)),
                ),
                Err(missing) => {
                    self.first_missing.get_or_insert(missing);
                }
            },
            Formula::Median => {
                if let Some(h) = c.cycle() {
                    self.days.get_or_insert_with(DayHistogram::default).merge(h);
                }
            }
        }
    }

    /// Adds a campaign's numerator and denominator (`counts`: a rate's, as whole
    /// numbers too).
    #[inline]
    fn add_parts(&mut self, n: f64, d: f64, counts: bool) {
        let (sn, sd) = self.sums.get_or_insert((0.0, 0.0));
        *sn += n;
        *sd += d;
        if counts {
            // Saturated, in any order the same (a count past 2^64 is no count).
            let (k, t) = self.counts.get_or_insert((0, 0));
            *k = k.saturating_add(n as u64);
            *t = t.saturating_add(d as u64);
        }
    }

    fn value(self, kpi: Kpi) -> KpiValue {
        match kpi.row().formula {
            Formula::Ratio {
                denominator, scale, ..
            } => {
                let Some((n, d)) = self.sums else {
                    return Err(self
                        .first_missing
                        .unwrap_or(Undefined::Missing(denominator)));
                };
                divide(n, d, scale, denominator)
            }
            Formula::Median => match self.days {
                None => Err(Undefined::LeadFilesOnly),
                Some(h) => h.median().ok_or(Undefined::Missing(Input::CycleDays)),
            },
        }
    }
}

/// `n / d × scale`, or why it has no value.
fn divide(n: f64, d: f64, scale: f64, denominator: Input) -> KpiValue {
    if d == 0.0 {
        return Err(Undefined::Zero(denominator));
    }
    // Scaled first, one rounding: 7 converted of 100 leads is 7 %, not the
    // 7.000000000000001 % of 7 / 100 × 100; the other order only where the
    // product would overflow.
    let scaled = n * scale;
    let value = if scaled.is_finite() {
        scaled / d
    } else {
        n / d * scale
    };
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Undefined::OutOfRange)
    }
}

/// A campaign's numerator and denominator for a KPI, or the first unknown input.
fn parts(c: &Campaign, numerator: Numerator, denominator: Input) -> Result<(f64, f64), Undefined> {
    if let (Numerator::CycleDays, Some(h)) = (numerator, c.cycle()) {
        // A lead file's cycle: every dated conversion counts, not every conversion.
        return if h.count() == 0 {
            Err(Undefined::Missing(Input::CycleDays))
        } else {
            Ok((h.sum(), h.count() as f64))
        };
    }
    value_parts(&|i| c.inputs.get(i), numerator, denominator)
}

/// The numerator and denominator of known numbers, or the first unknown input.
fn value_parts(
    get: &dyn Fn(Input) -> Option<f64>,
    numerator: Numerator,
    denominator: Input,
) -> Result<(f64, f64), Undefined> {
    let known = |i: Input| get(i).ok_or(Undefined::Missing(i));
    let n = match numerator {
        Numerator::Input(i) => known(i)?,
        Numerator::Profit => {
            let revenue = known(Input::Revenue)?;
            revenue - known(Input::Cost)?
        }
        Numerator::CycleDays => {
            let days = known(Input::CycleDays)?;
            days * known(Input::Converted)?
        }
    };
    Ok((n, known(denominator)?))
}

/// Every KPI's formula read once, for a pass over many campaigns: a million rows'
/// total, a million groups' best and worst (fourteen million KPIs each).
pub struct Formulas(PerKpi<Option<Plan>>);

impl Default for Formulas {
    fn default() -> Self {
        Formulas(PerKpi::from_fn(Plan::of))
    }
}

impl Formulas {
    /// A ratio KPI's numerator and denominator read straight from the packed
    /// inputs or a lead file's cycle (what `parts` gives then), or that an input is
    /// missing; `General` for the median.
    #[inline]
    fn parts(&self, kpi: Kpi, c: &Campaign) -> Parts<'_> {
        let Some(p) = self.0[kpi].as_ref() else {
            return Parts::General;
        };
        if let (true, Some(h)) = (p.cycle, c.cycle()) {
            // A lead file's cycle: every dated conversion counts.
            return match h.count() {
                0 => Parts::Missing,
                n => Parts::Known(h.sum(), n as f64, p),
            };
        }
        let (known, v) = (c.inputs.known, &c.inputs.values);
        if known & p.need != p.need {
            return Parts::Missing;
        }
        let n = match p.numerator {
            Numerator::Input(i) => v[i],
            Numerator::Profit => v[Input::Revenue] - v[Input::Cost],
            Numerator::CycleDays => v[Input::CycleDays] * v[Input::Converted],
        };
        Parts::Known(n, v[p.denominator], p)
    }

    /// [`Kpi::alone_value`], the same number.
    #[inline]
    pub fn alone_value(&self, kpi: Kpi, c: &Campaign) -> Option<f64> {
        match self.parts(kpi, c) {
            // The pool's sums, from zero.
            Parts::Known(n, d, p) => divide(0.0 + n, 0.0 + d, p.scale, p.denominator).ok(),
            Parts::Missing => None,
            Parts::General => kpi.alone_value(c),
        }
    }
}

/// What [`Formulas::parts`] finds.
enum Parts<'a> {
    Known(f64, f64, &'a Plan),
    Missing,
    General,
}

/// A ratio KPI's formula, read once for a pass over many campaigns.
#[derive(Clone, Copy)]
struct Plan {
    numerator: Numerator,
    denominator: Input,
    scale: f64,
    /// The known bits of every input it reads.
    need: u32,
    /// Whether a lead file's cycle (a histogram) replaces the inputs.
    cycle: bool,
    /// Whether it is a rate with counts.
    counts: bool,
}

impl Plan {
    /// `None` for the median.
    fn of(kpi: Kpi) -> Option<Plan> {
        let Formula::Ratio {
            numerator,
            denominator,
            scale,
        } = kpi.row().formula
        else {
            return None;
        };
        let bit = |i: Input| 1u32 << i.index();
        let need = bit(denominator)
            | match numerator {
                Numerator::Input(i) => bit(i),
                Numerator::Profit => bit(Input::Revenue) | bit(Input::Cost),
                Numerator::CycleDays => bit(Input::CycleDays) | bit(Input::Converted),
            };
        Some(Plan {
            numerator,
            denominator,
            scale,
            need,
            cycle: numerator == Numerator::CycleDays,
            counts: kpi.is_rate() && matches!(numerator, Numerator::Input(_)),
        })
    }
}

/// All KPIs of a set of campaigns pooled, with the pooled inputs.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The pooled inputs.
    pub inputs: Inputs,
    /// Every KPI, pooled.
    pub kpis: PerKpi<KpiValue>,
    /// Each rate's counts, successes and trials (`None` for the other KPIs, and
    /// where no campaign has both): [`crate::stats::rate_counts`] in the same pass.
    pub counts: PerKpi<Option<(u64, u64)>>,
}

impl Summary {
    /// The KPIs of one campaign.
    pub fn of(campaign: &Campaign) -> Summary {
        Summary::pooled(std::slice::from_ref(campaign))
    }

    /// The pooled totals of several campaigns (contract §1, "Totals").
    pub fn pooled<'a, I>(campaigns: I) -> Summary
    where
        I: IntoIterator<Item = &'a Campaign>,
        I::IntoIter: Clone,
    {
        Summary::pooled_with(campaigns, &mut |_| {})
    }

    /// [`Summary::pooled`], calling `also` with each campaign in the same pass (a
    /// million rows are read once for the total's KPIs and its other sums).
    ///
    /// A ratio whose inputs every campaign knows is pooled from the inputs' sums:
    /// its sums are theirs, the same additions in the same order (no KPI asked of
    /// a million rows one by one). One whose inputs no campaign knows all of is
    /// missing what the first one misses. Only a ratio known in some campaigns and
    /// not others, the median and a lead file's cycle are pooled a campaign at a
    /// time, as [`Pool::add`] does.
    pub(crate) fn pooled_with<'a, I>(campaigns: I, also: &mut dyn FnMut(&'a Campaign)) -> Summary
    where
        I: IntoIterator<Item = &'a Campaign>,
        I::IntoIter: Clone,
    {
        let campaigns = campaigns.into_iter();
        let mut pools: PerKpi<Pool> = PerKpi::default();
        let mut sums: PerInput<Option<f64>> = PerInput::default();
        let formulas = Formulas::default();
        let plans = &formulas.0;
        // Pooled a campaign at a time in the one pass: the median, a lead file's cycle.
        let each: Vec<Kpi> = Kpi::ALL
            .into_iter()
            .filter(|&k| plans[k].is_none_or(|p| p.cycle))
            .collect();
        // The inputs a rate counts, summed as whole numbers too (its counts).
        let bit = |i: Input| 1u32 << i.index();
        let counted = Kpi::ALL.into_iter().fold(0, |m, k| match plans[k] {
            Some(p @ Plan { counts: true, .. }) => match p.numerator {
                Numerator::Input(i) => m | p.need | bit(i),
                _ => m | p.need,
            },
            _ => m,
        });
        let mut whole: PerInput<u64> = PerInput::default();
        let profit_need = bit(Input::Revenue) | bit(Input::Cost);
        let mut profit = 0.0;
        // Which inputs every campaign knows, and which some campaign knows.
        let (mut all, mut any) = (u32::MAX, 0);
        for c in campaigns.clone() {
            let (known, v) = (c.inputs.known, &c.inputs.values);
            all &= known;
            any |= known;
            add_inputs(&mut sums, c);
            for i in Input::ALL {
                if known & counted & bit(i) != 0 {
                    whole[i] = whole[i].saturating_add(v[i] as u64);
                }
            }
            if known & profit_need == profit_need {
                profit += v[Input::Revenue] - v[Input::Cost];
            }
            for &kpi in &each {
                pool_one(&mut pools[kpi], &formulas, kpi, c);
            }
            also(c);
        }
        let mut later: Vec<Kpi> = Vec::new();
        if let Some(first) = campaigns.clone().next() {
            for kpi in Kpi::ALL {
                let Some(p) = plans[kpi].filter(|p| !p.cycle) else {
                    continue;
                };
                let sum = |i: Input| sums[i].unwrap_or(0.0);
                let pool = &mut pools[kpi];
                // The cycle's input is not summed (its pooled value is a mean).
                let of_cycle = p.need & bit(Input::CycleDays) != 0;
                if all & p.need == p.need && !of_cycle {
                    let n = match p.numerator {
                        Numerator::Input(i) => sum(i),
                        Numerator::Profit => profit,
                        // Reads the cycle's input: never here.
                        Numerator::CycleDays => {
                            later.push(kpi);
                            continue;
                        }
                    };
                    pool.sums = Some((n, sum(p.denominator)));
                    if let (true, Numerator::Input(i)) = (p.counts, p.numerator) {
                        pool.counts = Some((whole[i], whole[p.denominator]));
                    }
                } else if any & p.need != p.need && !of_cycle {
                    pool.add(kpi, first);
                } else {
                    later.push(kpi);
                }
            }
        }
        if !later.is_empty() {
            for c in campaigns {
                for &kpi in &later {
                    pool_one(&mut pools[kpi], &formulas, kpi, c);
                }
            }
        }
        Summary::of_pools(pools, &sums)
    }

    /// The KPIs of full pools, with the inputs' sums.
    fn of_pools(mut pools: PerKpi<Pool>, sums: &PerInput<Option<f64>>) -> Summary {
        let counts = PerKpi::from_fn(|kpi| pools[kpi].counts);
        let kpis = PerKpi::from_fn(|kpi| std::mem::take(&mut pools[kpi]).value(kpi));
        Summary {
            inputs: summed(sums, kpis[Kpi::SalesCycleDays]),
            kpis,
            counts,
        }
    }

    /// One KPI.
    pub fn get(&self, kpi: Kpi) -> KpiValue {
        self.kpis[kpi]
    }
}

/// Sums of each input over the campaigns where it is known; the cycle is the mean
/// weighted by conversions (or over every dated conversion, for lead files).
pub fn pooled_inputs<'a, I>(campaigns: I) -> Inputs
where
    I: IntoIterator<Item = &'a Campaign>,
{
    pooled_inputs_with(campaigns, &mut |_| {})
}

/// [`pooled_inputs`], calling `also` with each campaign in the same pass.
pub(crate) fn pooled_inputs_with<'a, I>(campaigns: I, also: &mut dyn FnMut(&'a Campaign)) -> Inputs
where
    I: IntoIterator<Item = &'a Campaign>,
{
    let mut sums: PerInput<Option<f64>> = PerInput::default();
    let mut cycle = Pool::default();
    for c in campaigns {
        add_inputs(&mut sums, c);
        cycle.add(Kpi::SalesCycleDays, c);
        also(c);
    }
    summed(&sums, cycle.value(Kpi::SalesCycleDays))
}

/// Adds a campaign to a KPI's pool: what [`Pool::add`] does, without its calls when
/// every input is there.
#[inline]
fn pool_one(pool: &mut Pool, formulas: &Formulas, kpi: Kpi, c: &Campaign) {
    match formulas.parts(kpi, c) {
        Parts::Known(n, d, p) => pool.add_parts(n, d, p.counts),
        // Only the first missing input is told.
        Parts::Missing if pool.first_missing.is_some() => {}
        _ => pool.add(kpi, c),
    }
}

/// Adds a campaign's known inputs (all but the cycle, a mean) to running sums.
fn add_inputs(sums: &mut PerInput<Option<f64>>, c: &Campaign) {
    for (input, v) in c.inputs.known() {
        if input != Input::CycleDays {
            *sums[input].get_or_insert(0.0) += v;
        }
    }
}

/// The pooled inputs of running sums and the pooled cycle.
fn summed(sums: &PerInput<Option<f64>>, cycle: KpiValue) -> Inputs {
    let mut total = Inputs::default();
    for (input, &sum) in sums.iter() {
        total.set(input, sum);
    }
    total.set(Input::CycleDays, cycle.ok());
    total
}

/// The contract's example campaign (5,000 spent, 200 leads, 10 customers, 20,000 of
/// revenue), shared by the core's unit tests.
#[cfg(test)]
pub(crate) fn example_inputs() -> Inputs {
    Inputs::from_iter([
        (Input::Cost, 5000.0),
        (Input::Leads, 200.0),
        (Input::Converted, 10.0),
        (Input::Revenue, 20000.0),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_better_value_comes_first() {
        use std::cmp::Ordering::{Equal, Greater, Less};
        assert_eq!(Kpi::ConversionRate.better_first(30.0, 10.0), Less);
        assert_eq!(Kpi::ConversionRate.better_first(10.0, 30.0), Greater);
        assert_eq!(Kpi::CostPerLead.better_first(10.0, 30.0), Less);
        assert_eq!(Kpi::CostPerLead.better_first(30.0, 10.0), Greater);
        assert_eq!(Kpi::CostPerLead.better_first(7.0, 7.0), Equal);
    }

    fn inputs(pairs: &[(Input, f64)]) -> Inputs {
        pairs.iter().copied().collect()
    }

    #[test]
    fn one_campaign_gives_what_a_pool_of_it_gives() {
        let mut cases = Vec::new();
        // Made-up campaigns: every input known, unknown or zero, money of any sign
        // (-0.0 too), values too large to divide, cycles absent, empty or spread.
        let values = [0.0, -0.0, 1.0, 7.0, 100.0, 2500.5, -40.0, 1e308, f64::MAX];
        let mut seed = 12345u64;
        for case in 0..400 {
            let mut c = Campaign::default();
            for input in Input::ALL {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                let pick = (seed >> 33) as usize % (values.len() + 2);
                c.inputs.set(input, values.get(pick).copied());
            }
            c.leads = match case % 3 {
                0 => LeadDetail::default(),
                1 => LeadDetail::no_cycles(),
                _ => {
                    let mut h = DayHistogram::default();
                    for d in [3, 9, 9, (seed >> 40) as u32 % 200] {
                        h.add(d);
                    }
                    LeadDetail::new(Some(h), Vec::new())
                }
            };
            cases.push(c);
        }
        for c in &cases {
            for kpi in Kpi::ALL {
                let mut pool = Pool::default();
                pool.add(kpi, c);
                let counts = pool.counts;
                let pooled = (pool.value(kpi), counts);
                let alone = kpi.pooled_with_counts(std::slice::from_ref(c));
                // Bit for bit (the sign of a zero too), or the same reason.
                let bits = |v: &(KpiValue, Option<(u64, u64)>)| (v.0.map(f64::to_bits), v.1);
                assert_eq!(bits(&alone), bits(&pooled), "{kpi:?} of {c:?}");
            }
        }
    }

    #[test]
    fn a_pool_from_the_inputs_sums_is_the_pool_of_each_campaign() {
        // What pooling every KPI a campaign at a time gives.
        fn each(campaigns: &[Campaign]) -> Summary {
            let mut pools: PerKpi<Pool> = PerKpi::default();
            let mut sums: PerInput<Option<f64>> = PerInput::default();
            let formulas = Formulas::default();
            for c in campaigns {
                for kpi in Kpi::ALL {
                    pool_one(&mut pools[kpi], &formulas, kpi, c);
                }
                add_inputs(&mut sums, c);
            }
            Summary::of_pools(pools, &sums)
        }
        let values = [
            0.0,
            -0.0,
            1.0,
            3.0,
            0.1,
            7.0,
            100.0,
            2500.5,
            -40.0,
            1e308,
            f64::MAX,
        ];
        let mut next = crate::hash::xorshift(0x5eed);
        let mut from_sums = 0;
        for case in 0..3000 {
            // One set of known inputs for every campaign (a file's), or each its own.
            let shared = next() as u32;
            let len = (next() % 12) as usize;
            let campaigns: Vec<Campaign> = (0..len)
                .map(|_| {
                    let known = if case % 3 == 0 { next() as u32 } else { shared };
                    let mut c = Campaign::default();
                    for input in Input::ALL {
                        let v = values[(next() % values.len() as u64) as usize];
                        c.inputs
                            .set(input, (known >> input.index() & 1 == 1).then_some(v));
                    }
                    c.leads = match (case / 3 % 3, next() % 4) {
                        (0, _) => LeadDetail::default(),
                        (1, 0) => LeadDetail::default(),
                        (1, _) => LeadDetail::no_cycles(),
                        _ => {
                            let mut h = DayHistogram::default();
                            h.add(next() as u32 % 90);
                            LeadDetail::new(Some(h), Vec::new())
                        }
                    };
                    c
                })
                .collect();
            let pooled = Summary::pooled(&campaigns);
            // Bit for bit, the sign of a zero too, or the same reason.
            let bits = |s: &Summary| {
                let kpis: Vec<_> = Kpi::ALL.map(|k| s.kpis[k].map(f64::to_bits)).to_vec();
                let inputs: Vec<_> = Input::ALL
                    .map(|i| s.inputs.get(i).map(f64::to_bits))
                    .to_vec();
                (kpis, inputs, s.counts)
            };
            assert_eq!(bits(&pooled), bits(&each(&campaigns)), "{campaigns:?}");
            from_sums +=
                usize::from(case % 3 != 0 && len > 1 && pooled.kpis.iter().any(|(_, v)| v.is_ok()));
        }
        // The sums' way was taken, with values.
        assert!(from_sums > 500, "{from_sums}");
    }

    #[test]
    fn whole_counts_give_exact_rates() {
        // 7 / 100 × 100 is 7.000000000000001; scaled first, it is 7.
        for k in 0..=100u32 {
            let i = inputs(&[(Input::Leads, 100.0), (Input::Converted, k as f64)]);
            assert_eq!(Kpi::ConversionRate.of_inputs(&i), Ok(k as f64));
        }
        // Too large to scale first: still a value.
        let huge = inputs(&[(Input::Revenue, 1e308), (Input::Cost, 1e306)]);
        let roi = Kpi::Roi.of_inputs(&huge).unwrap();
        assert!((roi - 9900.0).abs() < 1e-9, "{roi}");
    }

    #[test]
    fn the_contract_example() {
        let i = inputs(&[
            (Input::Cost, 5000.0),
            (Input::Leads, 200.0),
            (Input::Converted, 10.0),
            (Input::Revenue, 20000.0),
        ]);
        assert_eq!(Kpi::ConversionRate.of_inputs(&i), Ok(5.0));
        assert_eq!(Kpi::CostPerLead.of_inputs(&i), Ok(25.0));
        assert_eq!(Kpi::Roi.of_inputs(&i), Ok(300.0));
        assert_eq!(Kpi::CostPerCustomer.of_inputs(&i), Ok(500.0));
        assert_eq!(Kpi::RevenuePerLead.of_inputs(&i), Ok(100.0));
        assert_eq!(Kpi::AverageDealValue.of_inputs(&i), Ok(2000.0));
        assert_eq!(
            Kpi::ResponseRate.of_inputs(&i),
            Err(Undefined::Missing(Input::Responses))
        );
        assert_eq!(
            Kpi::SalesCycleMedianDays.of_inputs(&i),
            Err(Undefined::LeadFilesOnly)
        );
    }

    #[test]
    fn zero_denominators_are_undefined_not_nan() {
        let i = inputs(&[
            (Input::Leads, 0.0),
            (Input::Converted, 0.0),
            (Input::Cost, 0.0),
        ]);
        assert_eq!(
            Kpi::ConversionRate.of_inputs(&i),
            Err(Undefined::Zero(Input::Leads))
        );
        assert_eq!(
            Kpi::CostPerCustomer.of_inputs(&i),
            Err(Undefined::Zero(Input::Converted))
        );
        assert_eq!(
            Kpi::Roi.of_inputs(&i),
            Err(Undefined::Missing(Input::Revenue))
        );
    }

    #[test]
    fn totals_are_pooled_not_averaged() {
        let a = Campaign {
            inputs: inputs(&[(Input::Leads, 100.0), (Input::Converted, 10.0)]),
            ..Campaign::default()
        };
        let b = Campaign {
            inputs: inputs(&[(Input::Leads, 900.0), (Input::Converted, 0.0)]),
            ..Campaign::default()
        };
        let c = Campaign {
            inputs: inputs(&[(Input::Leads, 50.0)]),
            ..Campaign::default()
        };
        // (10 + 0) / (100 + 900): c has no conversions, so it is left out.
        assert_eq!(Kpi::ConversionRate.pooled(&[a, b, c]), Ok(1.0));
    }

    #[test]
    fn one_pass_gives_each_kpi_as_it_gives_itself() {
        // Random campaigns: any inputs known or not (with zeros), some with a lead
        // file's cycles (none, or some days): the summary's one pass over them gives
        // each KPI's own pooling, value, reason and counts, bit for bit.
        let mut next = crate::hash::xorshift(0x5eed_cafe);
        let formulas = Formulas::default();
        for round in 0..200 {
            let campaigns: Vec<Campaign> = (0..1 + round % 9)
                .map(|_| {
                    let mut c = Campaign::default();
                    for input in Input::ALL {
                        let r = next();
                        if r % 4 != 0 {
                            let v = if r % 7 == 0 {
                                0.0
                            } else {
                                ((r >> 8) % 5000) as f64
                            };
                            c.inputs
                                .set(input, Some(v / if r % 3 == 0 { 8.0 } else { 1.0 }));
                        }
                    }
                    match next() % 3 {
                        0 => c.leads = LeadDetail::no_cycles(),
                        1 => {
                            for _ in 0..next() % 4 {
                                c.leads.cycle_mut().add((next() % 90) as u32);
                            }
                        }
                        _ => {}
                    }
                    c
                })
                .collect();
            let summary = Summary::pooled(&campaigns);
            for kpi in Kpi::ALL {
                let (value, counts) = kpi.pooled_with_counts(&campaigns);
                let same = |a: KpiValue, b: KpiValue| match (a, b) {
                    (Ok(x), Ok(y)) => x.to_bits() == y.to_bits(),
                    (a, b) => a == b,
                };
                assert!(same(summary.kpis[kpi], value), "{kpi:?} in round {round}");
                assert_eq!(summary.counts[kpi], counts, "{kpi:?} in round {round}");
                let alone = |c: &Campaign| kpi.alone_value(c).map(f64::to_bits);
                for c in &campaigns {
                    let fast = formulas.alone_value(kpi, c).map(f64::to_bits);
                    assert_eq!(fast, alone(c), "{kpi:?} in round {round}");
                    assert_eq!(
                        alone(c),
                        kpi.pooled(std::slice::from_ref(c)).ok().map(f64::to_bits)
                    );
                }
            }
        }
    }

    #[test]
    fn the_pooled_cycle_is_weighted_by_conversions() {
        let a = Campaign {
            inputs: inputs(&[(Input::CycleDays, 10.0), (Input::Converted, 1.0)]),
            ..Campaign::default()
        };
        let b = Campaign {
            inputs: inputs(&[(Input::CycleDays, 40.0), (Input::Converted, 3.0)]),
            ..Campaign::default()
        };
        assert_eq!(
            Kpi::SalesCycleDays.pooled(&[a.clone(), b.clone()]),
            Ok(32.5)
        );
        assert_eq!(pooled_inputs(&[a, b]).get(Input::CycleDays), Some(32.5));
    }

    #[test]
    fn histograms_give_exact_mean_and_median() {
        let mut h = DayHistogram::default();
        for d in [3, 1, 4, 1, 5, 9] {
            h.add(d);
        }
        assert_eq!(h.count(), 6);
        assert_eq!(h.mean(), Some(23.0 / 6.0));
        assert_eq!(h.median(), Some(3.5));
        h.add(2);
        assert_eq!(h.median(), Some(3.0));
        assert_eq!(DayHistogram::default().median(), None);
    }

    #[test]
    fn a_lead_detail_tells_no_cycles_from_none() {
        let reasons = || vec![("Price".to_string(), 2)];
        let none = LeadDetail::default();
        assert_eq!((none.cycle(), none.lost_reasons()), (None, &[][..]));
        let empty = LeadDetail::no_cycles();
        assert_eq!(empty.cycle(), Some(&DayHistogram::default()));
        assert_eq!(
            LeadDetail::new(Some(DayHistogram::default()), vec![]),
            empty
        );
        assert_ne!(empty, none);
        // Reasons without cycles keep the cycles' state.
        let mut r = LeadDetail::no_cycles();
        r.set_lost_reasons(reasons());
        assert_eq!(r.cycle(), Some(&DayHistogram::default()));
        assert_eq!(r.lost_reasons(), &reasons()[..]);
        let mut r = LeadDetail::default();
        r.set_lost_reasons(reasons());
        assert_eq!((r.cycle(), r.lost_reasons()), (None, &reasons()[..]));
        // A cycle added to either makes the histogram known.
        for mut d in [LeadDetail::default(), LeadDetail::no_cycles(), r] {
            d.cycle_mut().add(4);
            d.cycle_mut().add(4);
            assert_eq!(d.cycle().map(DayHistogram::count), Some(2));
        }
    }

    #[test]
    fn lead_cycles_pool_over_every_dated_conversion() {
        let mut h1 = DayHistogram::default();
        h1.add(10);
        let mut h2 = DayHistogram::default();
        h2.add(20);
        h2.add(30);
        let c = |h: DayHistogram| Campaign {
            inputs: inputs(&[(Input::Converted, 5.0)]),
            leads: LeadDetail::new(Some(h), Vec::new()),
            ..Campaign::default()
        };
        let campaigns = [c(h1), c(h2)];
        assert_eq!(Kpi::SalesCycleDays.pooled(&campaigns), Ok(20.0));
        assert_eq!(Kpi::SalesCycleMedianDays.pooled(&campaigns), Ok(20.0));
        let empty = [c(DayHistogram::default())];
        assert_eq!(
            Kpi::SalesCycleMedianDays.pooled(&empty),
            Err(Undefined::Missing(Input::CycleDays))
        );
    }

    #[test]
    fn huge_values_are_out_of_range_not_infinite() {
        let i = inputs(&[(Input::Cost, f64::MAX), (Input::Revenue, -f64::MAX)]);
        assert_eq!(Kpi::Roi.of_inputs(&i), Err(Undefined::OutOfRange));
    }

    #[test]
    fn keys_round_trip() {
        for k in Kpi::ALL {
            assert_eq!(Kpi::from_key(k.key()), Some(k));
        }
        for i in Input::ALL {
            assert_eq!(Input::from_key(i.key()), Some(i));
        }
        let rates: Vec<_> = Kpi::ALL.iter().filter(|k| k.is_rate()).collect();
        assert_eq!(rates.len(), 7);
    }
}
