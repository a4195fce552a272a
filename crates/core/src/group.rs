//! Dimensions, filters and periods (contract §5): an import's rows, kept per
//! combination of campaign, channel, owner and period, rolled up by any one of them.
//!
//! The importer never keeps a lead: it keeps one [`Campaign`] per combination of the
//! dimensions' values (an aggregate file's rows are combinations already). Grouping
//! and filtering are roll-ups of those, pooled exactly as contract §1 says, so the
//! page regroups and refilters without reading the file again.
//!
//! ```
//! use prospect_kpi_core::group::{group, Dim, Filter};
//! use prospect_kpi_core::import::import;
//! use prospect_kpi_core::kpi::Kpi;
//!
//! let csv = "campaign,channel,leads,converted\nA,email,100,5\nB,email,100,15\nC,ads,50,1\n";
//! let i = import(csv.as_bytes(), &Default::default())?;
//! let by_channel = group(&i.combos, i.dims, Dim::Channel, &[]);
//! assert_eq!(by_channel.groups.len(), 2);
//! assert_eq!(by_channel.summary(0, &i.combos).get(Kpi::ConversionRate), Ok(10.0));
//! let email = Filter { dim: Dim::Channel, value: "EMAIL".into() };
//! assert_eq!(group(&i.combos, i.dims, Dim::Campaign, &[email]).groups.len(), 2);
//! # Ok::<(), prospect_kpi_core::import::FatalError>(())
//! ```

use crate::hash::{hash_text, sorted, top_k, FxMap};
use crate::import::{normalise, normalise_into};
use crate::kpi::{
    pooled_inputs_with, Campaign, DayHistogram, Input, Kpi, LeadDetail, PerKpi, Summary, Unit,
};
use crate::lang::Lang;
use crate::period::Period;
use std::sync::Arc;

pub use crate::vocabulary::{Dim, PerDim};

/// A period grouping fills the gaps between its first and last period, up to this
/// many periods (a century of months); a wider span lists only the periods with data.
const MAX_FILLED_PERIODS: i64 = 1200;

impl Dim {
    /// The dimension's name for a reader.
    pub fn name(self, lang: Lang) -> &'static str {
        self.row().name[lang.index()]
    }

    /// What `n` of its values are called in a sentence ("1 channel", "2 canaux").
    pub fn noun(self, n: u64, lang: Lang) -> &'static str {
        let [one, many] = self.row().noun;
        lang.plural(n, one, many)[lang.index()]
    }
}

/// The name of the group of rows without a value for the dimension.
pub fn none_label(lang: Lang) -> &'static str {
    lang.pick("(none)", "(aucun)")
}

/// The dimensions a file has, in the contract's order.
pub fn available(dims: PerDim<bool>) -> Vec<Dim> {
    Dim::ALL.into_iter().filter(|&d| dims[d]).collect()
}

/// The default grouping (contract §5): campaign, else channel, else owner, else
/// period, else campaign (one group, `(none)`).
pub fn default_dim(dims: PerDim<bool>) -> Dim {
    available(dims).first().copied().unwrap_or(Dim::Campaign)
}

/// Keep only rows whose value for `dim` is `value` (matched after normalisation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter {
    /// The dimension the filter looks at.
    pub dim: Dim,
    /// The value rows must have (compared after normalisation).
    pub value: String,
}

impl Filter {
    /// Reads `DIM=VALUE` (the CLI) or `DIM:VALUE` (the page's URL).
    pub fn parse(text: &str) -> Option<Filter> {
        let (dim, value) = text.split_once(['=', ':'])?;
        Some(Filter {
            dim: Dim::from_key(dim.trim())?,
            value: value.trim().to_string(),
        })
    }

    fn wants_none(&self) -> bool {
        let n = normalise(&self.value);
        n.is_empty() || n == "none" || n == "aucun"
    }
}

/// What a user chose to look at: a grouping (none: the default of contract §5) and
/// filters. The page keeps it in its URL (`by=owner&where=channel:LinkedIn`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct View {
    /// The grouping asked for (`None`: the default of contract §5).
    pub by: Option<Dim>,
    /// The filters asked for.
    pub filters: Vec<Filter>,
}

impl View {
    /// The grouping and the filters a file can have: a dimension it lacks is dropped.
    pub fn for_dims(&self, dims: PerDim<bool>) -> (Dim, Vec<Filter>) {
        let has = |d: Dim| dims[d];
        let by = self
            .by
            .filter(|&d| has(d))
            .unwrap_or_else(|| default_dim(dims));
        let filters = self
            .filters
            .iter()
            .filter(|f| has(f.dim))
            .cloned()
            .collect();
        (by, filters)
    }

    /// The filter values of one dimension.
    pub fn values(&self, dim: Dim) -> impl Iterator<Item = &str> {
        self.filters
            .iter()
            .filter(move |f| f.dim == dim)
            .map(|f| f.value.as_str())
    }

    /// The view with one dimension's filter replaced (`None`: no filter on it).
    pub fn with_filter(&self, dim: Dim, value: Option<String>) -> View {
        let mut v = self.clone();
        v.filters.retain(|f| f.dim != dim);
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            v.filters.push(Filter { dim, value });
        }
        v
    }
}

/// A dimension's distinct values among the rows, most leads first, at most `max`
/// (periods in time order): what a filter offers.
pub fn values_of(combos: &[Campaign], dim: Dim, max: usize) -> Vec<String> {
    values_of_dims(combos, &[dim], max)
        .pop()
        .unwrap_or_default()
}

/// [`values_of`] of several dimensions, in one pass over the rows.
pub fn values_of_dims<'a>(combos: &'a [Campaign], dims: &[Dim], max: usize) -> Vec<Vec<String>> {
    let quarters = all_quarters(combos);
    // Counted on borrowed texts (and periods): a text is copied only if it is shown.
    // An import's channels and owners are shared (`Interner`): counted by where
    // they are (a word to hash, not a text), then by text.
    #[derive(Default)]
    struct Counts<'a> {
        texts: FxMap<&'a str, u64>,
        shared: FxMap<(usize, usize), (&'a str, u64)>,
        periods: FxMap<Period, u64>,
    }
    let add = |texts: &mut FxMap<&'a str, u64>, text: &'a str, leads: u64| {
        let text = text.trim();
        if !text.is_empty() {
            *texts.entry(text).or_default() += leads;
        }
    };
    let mut counts: Vec<Counts> = dims.iter().map(|_| Counts::default()).collect();
    for c in combos {
        let leads = c.inputs.count(Input::Leads).unwrap_or(1);
        for (&dim, n) in dims.iter().zip(&mut counts) {
            match dim {
                Dim::Period => {
                    if let Some(p) = period_of(c, quarters) {
                        *n.periods.entry(p).or_default() += leads;
                    }
                }
                Dim::Campaign => add(&mut n.texts, &c.name, leads),
                d => {
                    let text = text_of(c, d);
                    let at = (text.as_ptr() as usize, text.len());
                    n.shared.entry(at).or_insert((text, 0)).1 += leads;
                }
            }
        }
    }
    dims.iter()
        .zip(counts)
        .map(|(&dim, mut n)| {
            for (text, leads) in n.shared.into_values() {
                add(&mut n.texts, text, leads);
            }
            if dim == Dim::Period {
                let labels: Vec<String> = n.periods.into_keys().map(Period::label).collect();
                return sorted(labels, &|a, b| a.cmp(b))
                    .into_iter()
                    .take(max)
                    .collect();
            }
            top_values(n.texts.into_iter(), max)
        })
        .collect()
}

/// [`values_of`] for the dimension `grouping` is by, read off its groups when it has
/// no filter (the same values in the same order, without a map of every value: with
/// a campaign per row, that map was a million entries); `None` otherwise.
pub fn values_of_groups(
    grouping: &Grouping,
    combos: &[Campaign],
    max: usize,
) -> Option<Vec<String>> {
    if grouping.by == Dim::Period || !grouping.filters.is_empty() {
        return None;
    }
    let values = grouping.groups.iter().enumerate().filter_map(|(i, g)| {
        let text = g.value.as_deref()?.trim();
        let leads = grouping.members(i).iter().map(|&m| {
            let c = combos.get(m as usize)?;
            Some(c.inputs.count(Input::Leads).unwrap_or(1))
        });
        (!text.is_empty()).then(|| (text, leads.flatten().sum()))
    });
    Some(top_values(values, max))
}

/// The `max` values with the most leads (ties by text), kept as they are read: a
/// million distinct values are never copied into a list and sorted whole.
fn top_values<'a>(values: impl Iterator<Item = (&'a str, u64)>, max: usize) -> Vec<String> {
    let first = |a: &(&str, u64), b: &(&str, u64)| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0));
    top_k(values, max, &first)
        .into_iter()
        .map(|(v, _)| v.to_string())
        .collect()
}

/// One line of a trend chart: a KPI per period.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The group's value; `None` for the total.
    pub name: Option<String>,
    /// The KPI per period, `None` where undefined.
    pub values: Vec<Option<f64>>,
}

/// A KPI over the periods (every one from the first to the last): the total of the
/// kept rows, then up to `top` groups of `by` (those with the most leads).
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    /// The periods, first to last, gaps included.
    pub periods: Vec<String>,
    /// The total first, then the groups with most leads.
    pub series: Vec<Series>,
}

/// A KPI per period for the total and the `top` groups with most leads of
/// `grouping` (the caller's own: a million groups are not grouped again).
pub fn trend(
    combos: &[Campaign],
    dims: PerDim<bool>,
    grouping: &Grouping,
    kpi: Kpi,
    top: usize,
) -> Option<Trend> {
    let (by, filters) = (grouping.by, &grouping.filters[..]);
    if !dims[Dim::Period] {
        return None;
    }
    let dated = |g: &Grouping| -> Vec<usize> {
        (0..g.groups.len())
            .filter(|&i| g.groups[i].value.is_some())
            .collect()
    };
    // The total's line: each kept row pooled in its period, in one pass (the
    // rows of a period are every twelfth of a million, say: pooled a period at a
    // time, each pass missed the cache at every row).
    let quarters = all_quarters(combos);
    let mut slots: FxMap<Period, usize> = FxMap::default();
    let mut seen: Vec<Period> = Vec::new();
    let mut last: Option<(Period, usize)> = None;
    let pooled = kpi.pooled_groups(kept_rows(combos, filters, quarters).filter_map(|i| {
        let c = &combos[i as usize];
        let p = period_of(c, quarters)?;
        let slot = match last {
            Some((q, s)) if q == p => s,
            _ => *slots.entry(p).or_insert_with(|| {
                seen.push(p);
                seen.len() - 1
            }),
        };
        last = Some((p, slot));
        Some((slot, c))
    }));
    let labels: Vec<Group> = seen
        .iter()
        .map(|p| Group {
            value: Some(p.label().into()),
            start: 0,
            len: 0,
            change: None,
        })
        .collect();
    let periods: Vec<String> = in_time_order(labels, quarters)
        .into_iter()
        .filter_map(|g| g.value.as_deref().map(str::to_string))
        .collect();
    if periods.is_empty() {
        return None;
    }
    let of_label: FxMap<String, usize> = seen.iter().map(|p| p.label()).zip(0..).collect();
    let line = |g: &Grouping| -> Vec<Option<f64>> {
        let by_label: FxMap<&str, usize> = dated(g)
            .into_iter()
            .filter_map(|i| g.groups[i].value.as_deref().map(|v| (v, i)))
            .collect();
        periods
            .iter()
            .map(|p| {
                let i = *by_label.get(p.as_str())?;
                // The one KPI, not the whole summary (a period may pool a million rows).
                kpi.pooled(g.members(i).iter().map(|&m| &combos[m as usize]))
                    .ok()
            })
            .collect()
    };
    let mut series = vec![Series {
        name: None,
        // A period between two with rows has none: no value.
        values: periods
            .iter()
            .map(|p| pooled.get(*of_label.get(p)?)?.ok())
            .collect(),
    }];
    if by != Dim::Period {
        let groups = &grouping.groups;
        let dated = (0..groups.len()).filter(|&i| groups[i].value.is_some());
        for i in grouping.most_leads(dated, top, combos) {
            let Some(value) = groups[i].value.as_deref() else {
                continue;
            };
            let mut only = filters.to_vec();
            only.retain(|f| f.dim != by);
            only.push(Filter {
                dim: by,
                value: value.to_string(),
            });
            // The group's own rows by period: no pass over every row per group.
            let members = grouping.members(i).iter().copied();
            let by_period = group_rows(combos, quarters, Dim::Period, &only, members, false, false);
            series.push(Series {
                name: Some(value.to_string()),
                values: line(&by_period),
            });
        }
    }
    Some(Trend { periods, series })
}

/// Gives a campaign's cost to its rows (per channel, owner and month) in proportion
/// to their leads, so that any grouping pools it fairly; `false` when no row is the
/// campaign's.
pub fn distribute_cost(combos: &mut [Campaign], campaign: &str, cost: f64) -> bool {
    let wanted = normalise(campaign);
    let is_it = |c: &Campaign| {
        *c.name == *campaign
            || normalise(&c.name) == wanted
            || (c.name.is_empty() && (wanted == "none" || wanted == "aucun"))
    };
    let rows: Vec<usize> = (0..combos.len()).filter(|&i| is_it(&combos[i])).collect();
    let leads: u64 = rows
        .iter()
        .map(|&i| combos[i].inputs.count(Input::Leads).unwrap_or(0))
        .sum();
    let mut given = 0.0;
    for (k, &i) in rows.iter().enumerate() {
        let c = &mut combos[i];
        let share = if k + 1 == rows.len() {
            cost - given
        } else if leads == 0 {
            0.0
        } else {
            cost * c.inputs.count(Input::Leads).unwrap_or(0) as f64 / leads as f64
        };
        given += share;
        c.inputs.set(Input::Cost, Some(share.max(0.0)));
    }
    !rows.is_empty()
}

/// One row of a grouping.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The dimension's value (`2025-03` for a period); `None` for `(none)`.
    pub value: Option<Arc<str>>,
    /// Where the group's rows are in [`Grouping::order`]: every group's members
    /// lie in one array. A group holds nothing else per row: its KPIs and its
    /// rolled-up campaign are computed when asked for, so a million groups cost their
    /// members, not a copy of every campaign.
    pub start: u32,
    /// How many combinations it pools.
    pub len: u32,
    /// Period groupings: each KPI's change against the previous period (points for
    /// percentages, percent for money and days), `None` where it cannot be told.
    /// Boxed: only period groups have it.
    pub change: Option<Box<PerKpi<Option<f64>>>>,
}

/// An import's rows grouped by one dimension, filtered.
#[derive(Clone, Debug)]
pub struct Grouping {
    /// The dimension grouped by.
    pub by: Dim,
    /// The filters applied before grouping.
    pub filters: Vec<Filter>,
    /// The groups, in the order the report lists them.
    pub groups: Vec<Group>,
    /// Every kept row rolled up: the total row's inputs and lost reasons.
    pub total: Campaign,
    /// Indices of every kept row.
    pub kept: Vec<u32>,
    /// The kept rows' indices, group after group (see [`Group::start`]); `None`
    /// when each kept row is a group of its own, in order (the order is `kept`'s:
    /// a million distinct names hold no copy of it).
    order: Option<Vec<u32>>,
    /// Whether periods are quarters (every period value of the file is one).
    pub quarters: bool,
    /// The total's pooled KPIs, from the pass that rolled it up (`None` where the
    /// total is not).
    total_kpis: Option<Summary>,
}

/// Equal when the same rows make the same groups, whether or not the order of
/// their members is held apart from `kept`.
impl PartialEq for Grouping {
    fn eq(&self, other: &Grouping) -> bool {
        self.by == other.by
            && self.filters == other.filters
            && self.groups == other.groups
            && self.total == other.total
            && self.kept == other.kept
            && self.order() == other.order()
            && self.quarters == other.quarters
            && self.total_kpis == other.total_kpis
    }
}

impl Grouping {
    /// The kept rows' indices, group after group.
    fn order(&self) -> &[u32] {
        self.order.as_deref().unwrap_or(&self.kept)
    }

    /// The exact pooled KPIs of group `i` (contract §1: Σ numerator / Σ denominator
    /// over its rows where both are known).
    pub fn summary(&self, i: usize, combos: &[Campaign]) -> Summary {
        Summary::pooled(self.members(i).iter().map(|&m| &combos[m as usize]))
    }

    /// The `k` groups among `among` with the most leads, the most first (ties in
    /// the groups' order): a million groups cost `k` of them, each group's leads
    /// summed once.
    pub fn most_leads(
        &self,
        among: impl IntoIterator<Item = usize>,
        k: usize,
        combos: &[Campaign],
    ) -> Vec<usize> {
        let leads = |i: usize| -> u64 {
            self.members(i)
                .iter()
                .map(|&m| combos[m as usize].inputs.count(Input::Leads).unwrap_or(0))
                .sum()
        };
        let counted = among.into_iter().map(|i| (leads(i), i));
        top_k(counted, k, &|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)))
            .into_iter()
            .map(|(_, i)| i)
            .collect()
    }

    /// Indices of group `i`'s rows in the combinations.
    pub fn members(&self, i: usize) -> &[u32] {
        let order = self.order();
        match self.groups.get(i) {
            Some(g) => {
                let start = (g.start as usize).min(order.len());
                let end = start.saturating_add(g.len as usize).min(order.len());
                &order[start..end]
            }
            None => &[],
        }
    }

    /// The pooled KPIs of every kept row: the total, whatever the grouping (`combos`:
    /// the rows grouped; the total's KPIs were pooled as it was rolled up).
    pub fn total_summary(&self, combos: &[Campaign]) -> Summary {
        match &self.total_kpis {
            Some(kpis) => kpis.clone(),
            None => Summary::pooled(self.kept.iter().map(|&m| &combos[m as usize])),
        }
    }

    /// Group `i`'s rows rolled up as one campaign: inputs summed where known, cycles
    /// merged, lost reasons added up (most frequent first); its name is the value,
    /// or `(none)`.
    pub fn campaign(&self, i: usize, combos: &[Campaign]) -> Campaign {
        match self.groups.get(i) {
            Some(g) => roll_up(combos, self.members(i), g.value.as_deref(), self.by),
            None => Campaign::default(),
        }
    }

    /// Every group rolled up (a copy per group: for small files and tests).
    pub fn campaigns(&self, combos: &[Campaign]) -> Vec<Campaign> {
        (0..self.groups.len())
            .map(|i| self.campaign(i, combos))
            .collect()
    }
}

/// The period of a row in a grouping's kind (months, or quarters).
fn period_of(c: &Campaign, quarters: bool) -> Option<Period> {
    c.period.map(|p| {
        if quarters {
            p.to_quarter()
        } else {
            p.to_month()
        }
    })
}

/// The text a row has for a dimension (empty when none).
fn text_of(c: &Campaign, dim: Dim) -> &str {
    match dim {
        Dim::Campaign => &c.name,
        Dim::Channel => c.channel.as_deref().unwrap_or(""),
        Dim::Owner => c.owner.as_deref().unwrap_or(""),
        Dim::Period => "",
    }
}

/// A filter read once: its value normalised (texts) or parsed (periods).
struct Wanted<'a> {
    filter: &'a Filter,
    text: String,
    period: Option<Period>,
}

impl<'a> Wanted<'a> {
    fn new(filter: &'a Filter) -> Self {
        Wanted {
            filter,
            text: normalise(&filter.value),
            period: Period::parse(&filter.value),
        }
    }
}

/// Whether a row passes a filter; `buf` is a reused buffer for the row's normalised
/// text (a million rows allocate nothing).
fn matches(c: &Campaign, w: &Wanted, quarters: bool, buf: &mut String) -> bool {
    let f = w.filter;
    if f.dim == Dim::Period {
        return match (period_of(c, quarters), w.period) {
            (None, _) => f.wants_none(),
            (Some(p), Some(want)) => {
                if want.is_quarter() {
                    p.to_quarter() == want
                } else {
                    p.to_month() == want.to_month()
                }
            }
            (Some(_), None) => false,
        };
    }
    let text = text_of(c, f.dim).trim();
    if text.is_empty() {
        return f.wants_none();
    }
    if text == f.value {
        return true;
    }
    normalise_into(text, buf);
    *buf == w.text
}

/// Groups the rows by `by`, keeping those that pass the filters: two filters on one
/// dimension are an "or", on two dimensions an "and" (contract §5).
pub fn group(combos: &[Campaign], dims: PerDim<bool>, by: Dim, filters: &[Filter]) -> Grouping {
    group_with(combos, dims, by, filters, false, true)
}

/// [`group`], told whether the rows' campaign names are all different (an import's
/// [`crate::import::Import::names_distinct`]): grouping a contact list's million
/// campaigns then looks none up.
pub fn group_names_known(
    combos: &[Campaign],
    dims: PerDim<bool>,
    by: Dim,
    filters: &[Filter],
    names_distinct: bool,
) -> Grouping {
    // A name trimmed of white space other than ASCII (which the import already
    // trimmed) could meet another name: `own_groups` checks the names it groups.
    let distinct = by == Dim::Campaign && names_distinct;
    group_with(combos, dims, by, filters, distinct, true)
}

/// [`group`], and when not `whole` without each period's changes and the total
/// (what a trend does not read: a million rows are not pooled for them). `distinct`:
/// the rows' texts of `by` are known to be all different.
fn group_with(
    combos: &[Campaign],
    dims: PerDim<bool>,
    by: Dim,
    filters: &[Filter],
    distinct: bool,
    whole: bool,
) -> Grouping {
    let quarters = dims[Dim::Period] && all_quarters(combos);
    let rows = kept_rows(combos, filters, quarters);
    group_rows(combos, quarters, by, filters, rows, distinct, whole)
}

/// The rows that pass the filters, in order.
fn kept_rows<'a>(
    combos: &'a [Campaign],
    filters: &'a [Filter],
    quarters: bool,
) -> impl Iterator<Item = u32> + 'a {
    let wanted: Vec<Wanted> = filters.iter().map(Wanted::new).collect();
    let mut buf = String::new();
    (0..combos.len() as u32).filter(move |&i| {
        let c = &combos[i as usize];
        Dim::ALL.into_iter().all(|d| {
            let mut on_dim = wanted.iter().filter(|w| w.filter.dim == d).peekable();
            on_dim.peek().is_none() || on_dim.any(|w| matches(c, w, quarters, &mut buf))
        })
    })
}

/// Whether the rows' periods are quarters (there is one, and every one is).
fn all_quarters(combos: &[Campaign]) -> bool {
    combos.iter().any(|c| c.period.is_some())
        && combos
            .iter()
            .filter_map(|c| c.period)
            .all(Period::is_quarter)
}

/// The rows after which grouping judges whether nearly every row is a group of its
/// own (and makes room for them all).
const SIZING_SAMPLE: usize = 4096;

/// Groups the given rows by `by` (`filters` are those the rows passed, kept for the
/// record); when `whole`, with each period's changes and the total rolled up. When
/// the rows' texts are `distinct`, each is a group of its own (but the empty one).
fn group_rows(
    combos: &[Campaign],
    quarters: bool,
    by: Dim,
    filters: &[Filter],
    rows: impl Iterator<Item = u32>,
    distinct: bool,
    whole: bool,
) -> Grouping {
    let mut kept: Vec<u32> = Vec::with_capacity(rows.size_hint().1.unwrap_or(0));
    kept.extend(rows);
    // Room was made for every row: a filter's rows give the rest back.
    kept.shrink_to_fit();
    let own = (distinct && by != Dim::Period)
        .then(|| own_groups(combos, by, &kept))
        .flatten();
    let (mut groups, order) = match own {
        Some(groups) => (groups, None),
        None => {
            let (groups, order) = looked_up(combos, quarters, by, &kept);
            (groups, Some(order))
        }
    };
    if by == Dim::Period {
        groups = in_time_order(groups, quarters);
    }
    if by == Dim::Period && whole {
        add_changes(&mut groups, order.as_deref().unwrap_or(&kept), combos);
    }
    let (total, total_kpis) = if whole {
        roll_up_pooled(combos, &kept, None, by, true)
    } else {
        (Campaign::default(), None)
    };
    Grouping {
        by,
        filters: filters.to_vec(),
        groups,
        total,
        total_kpis,
        kept,
        order,
        quarters,
    }
}

/// The groups of rows whose texts of `by` are all different as they are: each row a
/// group of its own, in the rows' order, without a table or a row's group to note
/// (the order of members is then the rows'). The rows of an empty text (`(none)`)
/// make one group, where the first of them is. `None` when a text has white space
/// at an end (trimmed, it could meet another) or two texts are empty (never for an
/// import's distinct names): they are looked up. Each text is read once, as its
/// group shares it.
fn own_groups(combos: &[Campaign], by: Dim, kept: &[u32]) -> Option<Vec<Group>> {
    let mut groups = Vec::with_capacity(kept.len());
    let mut empty = false;
    for (g, &i) in kept.iter().enumerate() {
        let c = &combos[i as usize];
        let text = text_of(c, by);
        if text.trim().len() != text.len()
            || (text.is_empty() && std::mem::replace(&mut empty, true))
        {
            return None;
        }
        groups.push(Group {
            value: match by {
                _ if text.is_empty() => None,
                Dim::Campaign => Some(c.name.clone()),
                Dim::Channel => c.channel.clone(),
                Dim::Owner => c.owner.clone(),
                Dim::Period => None,
            },
            start: g as u32,
            len: 1,
            change: None,
        });
    }
    Some(groups)
}

/// The groups of `kept` rows by `by`, each text or period looked up, and every
/// group's members in one array (the grouping's `order`).
fn looked_up(combos: &[Campaign], quarters: bool, by: Dim, kept: &[u32]) -> (Vec<Group>, Vec<u32>) {
    // Each row's group, and each group's first row: the groups themselves are made
    // once their number is known, after the table that finds them is gone (a
    // million groups are never held twice while a list of them doubles).
    let room = kept.len();
    let mut group_of: Vec<u32> = Vec::with_capacity(room);
    let mut firsts: Vec<u32> = Vec::new();
    // Values are looked up borrowed (texts) or by value (periods): no text is copied.
    // A text group is its number (4 bytes): the table's growth reads the texts again
    // (with a million names scattered in memory, a cache miss each), so when the
    // first rows make a group of nearly every row, it gets room for all at once.
    let mut by_text: hashbrown::HashTable<u32> = hashbrown::HashTable::new();
    let text_of_group = |firsts: &[u32], g: u32| -> &str {
        firsts
            .get(g as usize)
            .map_or("", |&row| text_of(&combos[row as usize], by).trim())
    };
    let mut by_period: FxMap<Period, usize> = FxMap::default();
    let mut none: Option<usize> = None;
    for (seen, &i) in kept.iter().enumerate() {
        let c = &combos[i as usize];
        let (text, period) = match by {
            Dim::Period => ("", period_of(c, quarters)),
            d => (text_of(c, d).trim(), None),
        };
        let hash = if by == Dim::Period || text.is_empty() {
            0
        } else {
            hash_text(text)
        };
        if by != Dim::Period && seen + 1 == SIZING_SAMPLE && firsts.len() * 2 > SIZING_SAMPLE {
            let f = &firsts;
            let _ = by_text.try_reserve(room.saturating_sub(f.len()), |&g| {
                hash_text(text_of_group(f, g))
            });
        }
        let slot = match (by, period) {
            (Dim::Period, Some(p)) => by_period.get(&p).copied(),
            (Dim::Period, None) => none,
            _ if text.is_empty() => none,
            _ => by_text
                .find(hash, |&g| text_of_group(&firsts, g) == text)
                .map(|&g| g as usize),
        };
        let g = match slot {
            Some(g) => g,
            None => {
                let g = firsts.len();
                firsts.push(i);
                match (by, period) {
                    (Dim::Period, Some(p)) => {
                        by_period.insert(p, g);
                    }
                    _ if by != Dim::Period && !text.is_empty() => {
                        let f = &firsts;
                        by_text.insert_unique(hash, g as u32, |&g| hash_text(text_of_group(f, g)));
                    }
                    _ => none = Some(g),
                }
                g
            }
        };
        group_of.push(g as u32);
    }
    drop(by_text);
    drop(by_period);
    let mut groups: Vec<Group> = firsts
        .iter()
        .map(|&row| {
            let c = &combos[row as usize];
            let value = match by {
                Dim::Period => period_of(c, quarters).map(|p| p.label().into()),
                // The row's own text, shared: no copy per group.
                d if text_of(c, d).trim().is_empty() => None,
                Dim::Campaign => Some(c.name.clone()),
                Dim::Channel => c.channel.clone(),
                Dim::Owner => c.owner.clone(),
            };
            Group {
                value,
                start: 0,
                len: 0,
                change: None,
            }
        })
        .collect();
    drop(firsts);
    for &g in &group_of {
        groups[g as usize].len += 1;
    }
    // Every group's members in one array: each group's range, then its rows.
    let mut next = 0u32;
    for g in &mut groups {
        g.start = next;
        next += g.len;
    }
    let mut fill: Vec<u32> = groups.iter().map(|g| g.start).collect();
    let mut order = vec![0u32; kept.len()];
    for (&row, &g) in kept.iter().zip(&group_of) {
        let slot = &mut fill[g as usize];
        order[*slot as usize] = row;
        *slot += 1;
    }
    drop(group_of);
    drop(fill);
    (groups, order)
}

/// Periods from the first to the last, empty ones included (no hidden gaps), then
/// `(none)`.
fn in_time_order(groups: Vec<Group>, quarters: bool) -> Vec<Group> {
    let read = |g: &Group| {
        let label = g.value.as_deref()?;
        Period::parse(label).map(|p| if quarters { p.to_quarter() } else { p })
    };
    let mut dated: Vec<(Period, Group)> = Vec::new();
    let mut undated = Vec::new();
    for g in groups {
        match read(&g) {
            Some(p) => dated.push((p, g)),
            None => undated.push(g),
        }
    }
    let dated = sorted(dated, &|a, b| a.0.cmp(&b.0));
    let mut out = Vec::with_capacity(dated.len() + undated.len());
    let span = match (dated.first(), dated.last()) {
        (Some((a, _)), Some((b, _))) => a.distance(*b),
        _ => 0,
    };
    let mut next: Option<Period> = None;
    for (p, g) in dated {
        if span <= MAX_FILLED_PERIODS {
            while let Some(gap) = next.filter(|n| *n < p) {
                out.push(Group {
                    value: Some(gap.label().into()),
                    start: 0,
                    len: 0,
                    change: None,
                });
                next = Some(gap.next());
            }
        }
        next = Some(p.next());
        out.push(g);
    }
    out.extend(undated);
    out
}

/// Each period's change against the one before it (contract §5).
fn add_changes(groups: &mut [Group], order: &[u32], combos: &[Campaign]) {
    let mut previous: Option<Summary> = None;
    for g in groups.iter_mut() {
        if g.value.is_none() {
            continue;
        }
        let members = &order[g.start as usize..(g.start + g.len) as usize];
        let now = Summary::pooled(members.iter().map(|&m| &combos[m as usize]));
        g.change = Some(Box::new(PerKpi::from_fn(|k| {
            let before = previous.as_ref().and_then(|p| p.get(k).ok());
            change(k, before, now.get(k).ok())
        })));
        previous = Some(now);
    }
}

/// Points for percentages; relative change in percent for money and days (`None`
/// when the previous value is 0); `None` when either side is undefined.
pub fn change(kpi: Kpi, before: Option<f64>, now: Option<f64>) -> Option<f64> {
    let (b, n) = (before?, now?);
    match kpi.unit() {
        Unit::Percent => Some(n - b),
        Unit::Money | Unit::Days if b == 0.0 => None,
        Unit::Money | Unit::Days => Some((n - b) / b.abs() * 100.0),
    }
}

/// A group's rows as one campaign: inputs pooled (summed where known, the cycle mean
/// weighted), day histograms merged, lost reasons added up.
fn roll_up(combos: &[Campaign], members: &[u32], value: Option<&str>, by: Dim) -> Campaign {
    roll_up_pooled(combos, members, value, by, false).0
}

/// [`roll_up`], and when `kpis` the rows' pooled KPIs, from the same pass over the
/// rows (a total's million rows are read once).
fn roll_up_pooled<'a>(
    combos: &'a [Campaign],
    members: &[u32],
    value: Option<&str>,
    by: Dim,
    kpis: bool,
) -> (Campaign, Option<Summary>) {
    let rows = || members.iter().map(|&m| &combos[m as usize]);
    if let ([one], Dim::Campaign) = (members, by) {
        // A campaign of one row is that row (the common case: no copy of texts).
        let c = &combos[*one as usize];
        let summary = kpis.then(|| Summary::of(c));
        let mut c = c.clone();
        if c.name.trim().is_empty() {
            c.name = none_label(Lang::En).into();
        }
        return (c, summary);
    }
    let mut cycle: Option<DayHistogram> = None;
    let mut reasons: Vec<(String, u64)> = Vec::new();
    let mut reason_index: FxMap<&str, usize> = FxMap::default();
    let mut also = |c: &'a Campaign| {
        if let Some(h) = c.cycle() {
            cycle.get_or_insert_with(DayHistogram::default).merge(h);
        }
        for (r, n) in c.lost_reasons() {
            match reason_index.get(r.as_str()) {
                Some(&i) => reasons[i].1 += n,
                None => {
                    reason_index.insert(r, reasons.len());
                    reasons.push((r.clone(), *n));
                }
            }
        }
    };
    let (inputs, summary) = if kpis {
        let summary = Summary::pooled_with(rows(), &mut also);
        (summary.inputs.clone(), Some(summary))
    } else {
        (pooled_inputs_with(rows(), &mut also), None)
    };
    drop(reason_index);
    let reasons = sorted(reasons, &|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let first = |f: fn(&Campaign) -> Option<&Arc<str>>| rows().find_map(f).cloned();
    let name = value.map_or_else(|| none_label(Lang::En).to_string(), str::to_string);
    let campaign = Campaign {
        name: name.into(),
        channel: if by == Dim::Campaign {
            first(|c| c.channel.as_ref())
        } else {
            None
        },
        owner: None,
        period: None,
        inputs,
        leads: LeadDetail::new(cycle, reasons),
    };
    (campaign, summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import;

    #[test]
    fn a_group_per_row_past_the_sample_finds_every_group_again() {
        // 12,000 rows: the first 4,096 nearly all new names (the table is then sized
        // for all), later rows new names and names seen before, some with spaces.
        let combos: Vec<Campaign> = (0..12_000u32)
            .map(|i| {
                let n = if i % 5 == 4 { i / 7 } else { i };
                let mut c = Campaign {
                    name: format!(" name {n} ").into(),
                    ..Campaign::default()
                };
                c.inputs.set(Input::Leads, Some(1.0 + (i % 3) as f64));
                c
            })
            .collect();
        let dims = PerDim::from_fn(|d| d == Dim::Campaign);
        let g = group(&combos, dims, Dim::Campaign, &[]);
        let mut names: Vec<&str> = combos.iter().map(|c| c.name.trim()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(g.groups.len(), names.len());
        for (i, group) in g.groups.iter().enumerate() {
            let value = group.value.as_deref().unwrap_or_default().trim();
            assert!(g
                .members(i)
                .iter()
                .all(|&m| combos[m as usize].name.trim() == value));
        }
        assert_eq!(
            g.groups.iter().map(|x| x.len as usize).sum::<usize>(),
            combos.len()
        );
        // The most leads first, ties in the groups' order.
        let most = g.most_leads(0..g.groups.len(), 3, &combos);
        let leads = |i: usize| g.summary(i, &combos).inputs.get(Input::Leads);
        assert!(leads(most[0]) >= leads(most[1]) && leads(most[1]) >= leads(most[2]));
    }

    #[test]
    fn names_known_distinct_group_as_when_looked_up() {
        // Lead and aggregate files whose names are all different or not: one empty,
        // padded with white space the import keeps (no-break space), repeated.
        let files = [
            ("campaign,stage\nA,won\nB,lost\n,won\nC,won\n", true),
            // A lead file's combinations: one name in two channels.
            ("campaign,stage\nA,won\nB,lost\nA,won\n", true),
            (
                "campaign,channel,stage\nA,x,won\nB,x,lost\nA,y,won\n",
                false,
            ),
            (
                "campaign,stage\nA,won\nA\u{a0},lost\n \u{a0}A,won\nB,won\n",
                true,
            ),
            ("campaign,channel,stage\n,x,won\nB,x,lost\n ,y,won\n", false),
            ("campaign,leads\nA,10\nB,20\nC,5\n", true),
            ("campaign,leads\nA,10\n,20\nC,5\n", false),
            ("campaign,leads\nA,10\nB,20\nA,5\n", false),
        ];
        for (file, distinct) in files {
            let i = import(file.as_bytes(), &Default::default()).unwrap();
            assert_eq!(i.names_distinct, distinct, "{file:?}");
            let filters = [Filter {
                dim: Dim::Campaign,
                value: "B".into(),
            }];
            for (by, filters) in [(Dim::Campaign, &[][..]), (Dim::Campaign, &filters)] {
                let looked_up = group(&i.combos, i.dims, by, filters);
                let known = group_names_known(&i.combos, i.dims, by, filters, i.names_distinct);
                assert_eq!(known, looked_up, "{file:?}");
            }
        }
        // A's padded twins are one group: the names were checked, not trusted.
        let i = import(files[3].0.as_bytes(), &Default::default()).unwrap();
        assert_eq!(i.combos.len(), 4);
        let g = group_names_known(&i.combos, i.dims, Dim::Campaign, &[], true);
        assert_eq!(g.groups.len(), 2);
        // Told wrongly that names are distinct, two empty ones still make one group.
        let i = import(files[6].0.as_bytes(), &Default::default()).unwrap();
        let mut combos = i.combos.clone();
        combos[0].name = "".into();
        let g = group_names_known(&combos, i.dims, Dim::Campaign, &[], true);
        assert_eq!(g, group(&combos, i.dims, Dim::Campaign, &[]));
        assert_eq!(g.groups.len(), 2);
    }

    const LEADS: &str = "\
campaign,channel,owner,created,stage,lost reason
A,email,Ann,2025-01-10,won,
A,email,Bob,2025-01-20,lost,Price
A,ads,Ann,2025-03-02,lost,Timing
B,ads,Bob,2025-03-05,lost,Price
B,,Bob,,qualified,
";

    #[test]
    fn a_filter_offers_the_values_with_most_leads_first() {
        let i = import(LEADS.as_bytes(), &Default::default()).unwrap();
        let values = |d, max| values_of(&i.combos, d, max);
        // Bob has 3 leads, Ann 2; ties in name order; at most `max`.
        assert_eq!(values(Dim::Owner, 10), ["Bob", "Ann"]);
        assert_eq!(values(Dim::Owner, 1), ["Bob"]);
        assert_eq!(values(Dim::Campaign, 10), ["A", "B"]);
        // No empty value; periods in time order, only those with rows.
        assert_eq!(values(Dim::Channel, 10), ["ads", "email"]);
        assert_eq!(values(Dim::Period, 10), ["2025-01", "2025-03"]);
        // Several dimensions in one pass: each as counted alone.
        let dims = [
            Dim::Period,
            Dim::Owner,
            Dim::Campaign,
            Dim::Channel,
            Dim::Owner,
        ];
        for max in [1, 10] {
            let apart: Vec<Vec<String>> = dims.iter().map(|&d| values(d, max)).collect();
            assert_eq!(values_of_dims(&i.combos, &dims, max), apart);
        }
    }

    #[test]
    fn a_filter_counts_a_value_however_it_is_held_and_spaced() {
        // Channels shared (one text for several rows, as an import makes them),
        // copies of one value, one with spaces (not an import's), and an empty one.
        let shared: Arc<str> = "ads".into();
        let row = |channel: Option<Arc<str>>, leads: f64| {
            let mut c = Campaign {
                name: "C".into(),
                channel,
                ..Campaign::default()
            };
            c.inputs.set(Input::Leads, Some(leads));
            c
        };
        let combos = [
            row(Some(shared.clone()), 1.0),
            row(Some("email".into()), 2.0),
            row(Some(shared.clone()), 1.0),
            row(Some("\u{a0}ads ".into()), 1.0),
            row(Some("email".into()), 2.0),
            row(Some(" ".into()), 9.0),
            row(None, 9.0),
        ];
        assert_eq!(values_of(&combos, Dim::Channel, 10), ["email", "ads"]);
        let mut more = combos.to_vec();
        more.push(row(Some(shared), 1.0));
        assert_eq!(values_of(&more, Dim::Channel, 10), ["ads", "email"]);
    }

    #[test]
    fn a_filter_offers_what_the_grouping_by_it_has() {
        // Spaces around a value, rows without leads (one each), an empty value.
        let sheet = "campaign,channel,leads\n A ,x,5\nB,x,\nA,y,1\nC, ,1\n,y,7\nB,y,\n";
        let i = import(sheet.as_bytes(), &Default::default()).unwrap();
        for by in [Dim::Campaign, Dim::Channel] {
            let g = group(&i.combos, i.dims, by, &[]);
            for max in [1, 2, 10] {
                assert_eq!(
                    values_of_groups(&g, &i.combos, max),
                    Some(values_of(&i.combos, by, max))
                );
            }
        }
        let g = group(&i.combos, i.dims, Dim::Campaign, &[]);
        assert_eq!(
            values_of_groups(&g, &i.combos, 10).unwrap(),
            ["A", "B", "C"]
        );
    }

    #[test]
    fn a_lead_file_by_every_dimension() {
        let i = import(LEADS.as_bytes(), &Default::default()).unwrap();
        assert_eq!(i.dims, PerDim([true; Dim::COUNT]));
        let by = |d| group(&i.combos, i.dims, d, &[]);
        let names = |g: &Grouping| -> Vec<String> {
            g.campaigns(&i.combos)
                .into_iter()
                .map(|c| c.name.to_string())
                .collect()
        };
        assert_eq!(names(&by(Dim::Campaign)), ["A", "B"]);
        assert_eq!(names(&by(Dim::Channel)), ["email", "ads", "(none)"]);
        assert_eq!(names(&by(Dim::Owner)), ["Ann", "Bob"]);
        // Every month from the first to the last, February included, then (none).
        let periods = by(Dim::Period);
        assert_eq!(names(&periods), ["2025-01", "2025-02", "2025-03", "(none)"]);
        assert_eq!(
            periods.campaign(1, &i.combos).inputs.count(Input::Leads),
            None
        );
        let conv =
            |g: &Grouping, i: usize, c: &[Campaign]| g.summary(i, c).get(Kpi::ConversionRate).ok();
        assert_eq!(conv(&periods, 0, &i.combos), Some(50.0));
        assert_eq!(conv(&periods, 2, &i.combos), Some(0.0));
        // January → February: undefined; the change needs both sides.
        let change = |g: &Group| g.change.as_ref().unwrap()[Kpi::ConversionRate];
        assert_eq!(change(&periods.groups[0]), None);
        assert_eq!(change(&periods.groups[2]), None);
        // Lost reasons roll up per group and in total, most frequent first.
        let a = &by(Dim::Campaign).campaign(0, &i.combos);
        assert_eq!(
            a.lost_reasons(),
            [("Price".into(), 1), ("Timing".into(), 1)]
        );
        assert_eq!(by(Dim::Owner).total.lost_reasons()[0], ("Price".into(), 2));
        // The total does not depend on the grouping; its KPIs, pooled as it was
        // rolled up, are those of its rows pooled apart, and so are its inputs.
        let apart = Summary::pooled(&i.combos);
        for d in Dim::ALL {
            assert_eq!(by(d).total_summary(&i.combos), apart);
            assert_eq!(by(d).total.inputs, apart.inputs);
        }
        let one = import(b"campaign,stage\nA,won\n", &Default::default()).unwrap();
        let g = group(&one.combos, one.dims, Dim::Campaign, &[]);
        assert_eq!(g.total_summary(&one.combos), Summary::pooled(&one.combos));
        let kept_b = [Filter {
            dim: Dim::Campaign,
            value: "B".into(),
        }];
        let b = group(&i.combos, i.dims, Dim::Owner, &kept_b);
        let b_rows = i.combos.iter().filter(|c| &*c.name == "B");
        assert_eq!(b.total_summary(&i.combos), Summary::pooled(b_rows));
    }

    #[test]
    fn the_trend_follows_each_top_group_month_by_month() {
        let i = import(LEADS.as_bytes(), &Default::default()).unwrap();
        let by_owner = group(&i.combos, i.dims, Dim::Owner, &[]);
        let t = trend(&i.combos, i.dims, &by_owner, Kpi::ConversionRate, 5).unwrap();
        assert_eq!(t.periods, ["2025-01", "2025-02", "2025-03"]);
        let names: Vec<Option<&str>> = t.series.iter().map(|s| s.name.as_deref()).collect();
        // The total, then the owners with most leads (Bob: 3, Ann: 2).
        assert_eq!(names, [None, Some("Bob"), Some("Ann")]);
        assert_eq!(t.series[0].values, [Some(50.0), None, Some(0.0)]);
        assert_eq!(t.series[1].values, [Some(0.0), None, Some(0.0)]);
        assert_eq!(t.series[2].values, [Some(100.0), None, Some(0.0)]);
        // Each group's line is the grouping of its own rows by period, the same as
        // filtering every row on it.
        for (k, owner) in ["Bob", "Ann"].into_iter().enumerate() {
            let filtered = group(
                &i.combos,
                i.dims,
                Dim::Period,
                &[Filter::parse(&format!("owner:{owner}")).unwrap()],
            );
            let values: Vec<Option<f64>> = (0..3)
                .map(|p| filtered.summary(p, &i.combos).get(Kpi::ConversionRate).ok())
                .collect();
            assert_eq!(t.series[k + 1].values, values, "{owner}");
        }
    }

    #[test]
    fn the_trends_total_is_each_period_pooled_apart() {
        // The one-pass line against the grouping by period, pooled a period at a
        // time: made-up lead and aggregate files, a quarters file with a gap (an
        // empty quarter between), unfiltered and filtered, every KPI, bit for bit.
        let quarters = "campaign,period,leads,converted,cost,revenue\n\
            A,2025-Q1,10,2,100,500\nB,2025-Q3,4,0,50,\nA,2025-Q3,6,1,,90\nC,2024-Q4,3,3,30,70\n";
        let files = [
            crate::import::sample::lead_file(3000),
            crate::import::sample::aggregate_file(700),
            quarters.as_bytes().to_vec(),
            LEADS.as_bytes().to_vec(),
        ];
        let filters = [
            vec![],
            vec![Filter::parse("channel:Email").unwrap()],
            vec![
                Filter::parse("owner:rep 2").unwrap(),
                Filter::parse("owner:Bruno").unwrap(),
            ],
            vec![Filter::parse("period:2025-03").unwrap()],
        ];
        let mut defined = 0;
        for file in &files {
            let i = import(file, &Default::default()).unwrap();
            for f in &filters {
                let by_period = group(&i.combos, i.dims, Dim::Period, f);
                let grouping = group(&i.combos, i.dims, Dim::Campaign, f);
                let labels: Vec<&str> = by_period
                    .groups
                    .iter()
                    .filter_map(|g| g.value.as_deref())
                    .collect();
                for kpi in Kpi::ALL {
                    let Some(t) = trend(&i.combos, i.dims, &grouping, kpi, 3) else {
                        assert!(labels.is_empty(), "{f:?}");
                        continue;
                    };
                    assert_eq!(t.periods, labels, "{f:?}");
                    let bits = |v: &[Option<f64>]| -> Vec<Option<u64>> {
                        v.iter().map(|x| x.map(f64::to_bits)).collect()
                    };
                    let apart: Vec<Option<f64>> = (0..labels.len())
                        .map(|p| {
                            let rows = by_period.members(p).iter().map(|&m| &i.combos[m as usize]);
                            kpi.pooled(rows).ok()
                        })
                        .collect();
                    assert_eq!(bits(&t.series[0].values), bits(&apart), "{kpi:?} {f:?}");
                    defined += apart.iter().flatten().count();
                }
            }
        }
        assert!(defined > 400, "{defined}");
    }

    #[test]
    fn a_groups_value_is_its_rows_text_shared() {
        let i = import(LEADS.as_bytes(), &Default::default()).unwrap();
        let g = group(&i.combos, i.dims, Dim::Channel, &[]);
        let first = &i.combos[g.members(0)[0] as usize];
        let (value, channel) = (g.groups[0].value.as_ref(), first.channel.as_ref());
        assert!(Arc::ptr_eq(value.unwrap(), channel.unwrap()));
        // Channels are interned: the rows with "email" hold one string.
        let emails: Vec<&Arc<str>> = i
            .combos
            .iter()
            .filter_map(|c| c.channel.as_ref())
            .filter(|c| &***c == "email")
            .collect();
        assert!(emails.len() > 1 && emails.windows(2).all(|w| Arc::ptr_eq(w[0], w[1])));
    }

    #[test]
    fn filters_or_within_and_across_dimensions() {
        let i = import(LEADS.as_bytes(), &Default::default()).unwrap();
        let f = |d, v: &str| Filter {
            dim: d,
            value: v.into(),
        };
        let leads = |filters: &[Filter]| {
            group(&i.combos, i.dims, Dim::Campaign, filters)
                .total
                .inputs
                .count(Input::Leads)
        };
        assert_eq!(leads(&[f(Dim::Channel, "ADS")]), Some(2));
        assert_eq!(
            leads(&[f(Dim::Channel, "ads"), f(Dim::Channel, "email")]),
            Some(4)
        );
        assert_eq!(
            leads(&[f(Dim::Channel, "ads"), f(Dim::Owner, "bob")]),
            Some(1)
        );
        assert_eq!(leads(&[f(Dim::Channel, "(none)")]), Some(1));
        assert_eq!(leads(&[f(Dim::Period, "March 2025")]), Some(2));
        assert_eq!(leads(&[f(Dim::Period, "2025-Q1")]), Some(4));
        assert_eq!(
            Filter::parse("channel=LinkedIn"),
            Some(f(Dim::Channel, "LinkedIn"))
        );
        assert_eq!(Filter::parse("owner:Ann"), Some(f(Dim::Owner, "Ann")));
        assert_eq!(Filter::parse("colour=red"), None);
    }

    #[test]
    fn aggregate_quarters_and_changes() {
        let csv = "campaign,quarter,cost,leads,converted\nA,2025-Q1,100,10,1\nA,T3 2025,300,10,3\n";
        let i = import(csv.as_bytes(), &Default::default()).unwrap();
        let g = group(&i.combos, i.dims, Dim::Period, &[]);
        assert!(g.quarters);
        let labels: Vec<&str> = g
            .groups
            .iter()
            .map(|g| g.value.as_deref().unwrap())
            .collect();
        assert_eq!(labels, ["2025-Q1", "2025-Q2", "2025-Q3"]);
        // By campaign, the two rows pool into one.
        let c = group(&i.combos, i.dims, Dim::Campaign, &[]);
        assert_eq!(c.groups.len(), 1);
        assert_eq!(c.summary(0, &i.combos).get(Kpi::ConversionRate), Ok(20.0));
        assert_eq!(
            change(Kpi::ConversionRate, Some(10.0), Some(30.0)),
            Some(20.0)
        );
        assert_eq!(
            change(Kpi::CostPerLead, Some(10.0), Some(30.0)),
            Some(200.0)
        );
        assert_eq!(change(Kpi::CostPerLead, Some(0.0), Some(30.0)), None);
    }
}
