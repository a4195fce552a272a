//! The manager's view (contract §5): the group-by control and the filters over the
//! results, the trend of a KPI per period, why leads are lost, and a ranking of the
//! groups with their Wilson intervals. Every chart keeps a text alternative and its
//! data table, and none draws every group.

use crate::group::{none_label, trend, Dim};
use crate::hash::top_k;
use crate::kpi::{Kpi, Unit};
use crate::lang::Lang;
use crate::stats::{wilson, SMALL_SAMPLE};
use crate::texts::{and_more, change_text, format_value, kpi_text, NumberFormat, Ui};
use crate::web::intl::Intl;
use crate::web::state::{Action, Data, State};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};

/// Up to this many values, a dimension's filter is a list; beyond, a field with
/// suggestions.
const MAX_LISTED_VALUES: usize = 50;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewControlsProps {
    pub lang: Lang,
    pub data: Rc<Data>,
    pub dispatch: UseReducerDispatcher<State>,
}

/// "Group by" and a filter per dimension the file has.
#[component]
pub fn ViewControls(props: &ViewControlsProps) -> Html {
    let lang = props.lang;
    let data = &props.data;
    if data.values.is_empty() {
        return html! {};
    }
    let by = data.grouping.by;
    let group_by = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(d) = Dim::from_key(&el.value()) {
                dispatch.dispatch(Action::GroupBy(d));
            }
        })
    };
    let filters = data.values.iter().map(|(dim, values)| {
        let dim = *dim;
        let chosen: Vec<String> = data.view.values(dim).map(String::from).collect();
        let set = {
            let dispatch = props.dispatch.clone();
            move |v: String| dispatch.dispatch(Action::Filter(dim, (!v.trim().is_empty()).then_some(v)))
        };
        // Few values: a list. Many (a campaign per row): a field with suggestions,
        // never a list of every value.
        if values.len() > MAX_LISTED_VALUES {
            let list = format!("filter-{}", dim.key());
            let onchange = Callback::from(move |e: Event| {
                let el: HtmlInputElement = e.target_unchecked_into();
                set(el.value());
            });
            return html! {
                <label>{ format!("{} ", dim.name(lang)) }
                    <input type="search" data-testid="filter" data-dim={dim.key()} list={list.clone()}
                           placeholder={Ui::FilterAll.text(lang)} value={chosen.first().cloned().unwrap_or_default()}
                           {onchange} />
                    <datalist id={list}>
                        { for values.iter().take(MAX_LISTED_VALUES).map(|v| html! { <option value={v.clone()} /> }) }
                    </datalist>
                </label>
            };
        }
        let onchange = Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            set(el.value());
        });
        let is = |v: &str| chosen.iter().any(|c| c == v);
        // A value chosen by the URL but not among those offered stays selectable.
        let extra: Vec<&String> = chosen.iter().filter(|c| !values.contains(c)).collect();
        html! {
            <label>{ format!("{} ", dim.name(lang)) }
                <select data-testid="filter" data-dim={dim.key()} {onchange}>
                    <option value="" selected={chosen.is_empty()}>{ Ui::FilterAll.text(lang) }</option>
                    { for values.iter().chain(extra).map(|v| html! {
                        <option value={v.clone()} selected={is(v)}>{ v.clone() }</option>
                    }) }
                </select>
            </label>
        }
    });
    html! {
        <div class="view-controls">
            <label>{ format!("{} ", Ui::GroupBy.text(lang)) }
                <select data-testid="group-by" onchange={group_by}>
                    { for data.values.iter().map(|(d, _)| html! {
                        <option value={d.key()} selected={*d == by}>{ d.name(lang) }</option>
                    }) }
                </select>
            </label>
            { for filters }
        </div>
    }
}

/// An SVG coordinate to a tenth, written by the shortest float display (already in
/// the page; a `{:.1}` format would pull the exact float formatting in).
fn px(v: f64) -> String {
    ((v * 10.0).round() / 10.0).to_string()
}

/// An SVG of rows of a chart, and "and N more" under it when rows were left out.
fn rows_svg(width: f64, height: f64, rows: Vec<Html>, more: usize, f: &Intl, lang: Lang) -> Html {
    html! {
        <>
            <svg viewBox={format!("0 0 {width} {height}")} width="100%" preserveAspectRatio="xMinYMin meet"
                 aria-hidden="true" focusable="false">{ for rows }</svg>
            if more > 0 { <p class="more">{ and_more(more, f, lang) }</p> }
        </>
    }
}

/// A figure of the charts' module, its id after its kind.
fn figure(kind: &'static str, title: String, description: String, svg: Html, table: Html) -> Html {
    super::charts::figure(
        kind,
        &format!("chart-{kind}"),
        title,
        description,
        svg,
        table,
    )
}

#[derive(Properties, PartialEq)]
pub struct ManagerChartsProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub data: Rc<Data>,
}

/// The most groups a trend draws besides the total.
const TREND_GROUPS: usize = 5;
/// The most bars of the lost reasons and the ranking.
const MAX_ROWS: usize = 12;

/// The trend, the lost reasons and the ranking of the data's view.
#[component]
pub fn ManagerCharts(props: &ManagerChartsProps) -> Html {
    let lang = props.lang;
    let kpi = use_state(|| Kpi::ConversionRate);
    let narrow = super::use_narrow();
    let trend_chart = trend_chart(&props.data, *kpi, lang, &props.intl, narrow);
    let lost = lost_reasons_chart(&props.data, lang, &props.intl, narrow);
    let ranking = ranking_chart(&props.data, *kpi, lang, &props.intl, narrow);
    if trend_chart.is_none() && lost.is_none() && ranking.is_none() {
        return html! {};
    }
    html! {
        <section class="manager-charts" aria-labelledby="manager-title">
            <h2 id="manager-title">{ format!("{} — {}", Ui::Charts.text(lang), props.data.grouping.by.name(lang)) }</h2>
            <div class="chart-controls">
                { super::charts::kpi_picker(lang, "trend", kpi.clone()) }
            </div>
            <div class="chart-grid">
                { trend_chart.unwrap_or_default() }
                { ranking.unwrap_or_default() }
                { lost.unwrap_or_default() }
            </div>
        </section>
    }
}

fn trend_chart(data: &Data, kpi: Kpi, lang: Lang, f: &Intl, narrow: super::Narrow) -> Option<Html> {
    let import = data.result.as_ref().as_ref().ok()?;
    let g = &data.grouping;
    let t = trend(data.combos(), import.dims, g, kpi, TREND_GROUPS)?;
    let name = kpi_text(kpi, lang).name;
    let label = |s: &crate::group::Series| match &s.name {
        Some(n) => n.clone(),
        None => Ui::Total.text(lang).to_string(),
    };
    let values: Vec<f64> = t
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .collect();
    if values.is_empty() {
        return None;
    }
    let (mut lo, mut hi) = values
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), &v| (a.min(v), b.max(v)));
    if kpi.unit() == Unit::Percent || lo > 0.0 {
        lo = lo.min(0.0);
    }
    if hi - lo < 1e-9 {
        hi = lo + 1.0;
    }
    let (w, _) = narrow.chart(0.0);
    const H: f64 = 220.0;
    const LEFT: f64 = 70.0;
    const BOTTOM: f64 = 24.0;
    let n = t.periods.len();
    let x = |i: usize| {
        if n <= 1 {
            LEFT + (w - LEFT) / 2.0
        } else {
            LEFT + (w - LEFT - 10.0) * i as f64 / (n - 1) as f64
        }
    };
    let y = |v: f64| 8.0 + (H - BOTTOM - 16.0) * (1.0 - (v - lo) / (hi - lo));
    let lines = t.series.iter().enumerate().map(|(k, s)| {
        // A line per run of defined values: an undefined period is a gap, never a 0.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for (i, v) in s.values.iter().enumerate() {
            match v {
                Some(v) => runs.last_mut().map(|r| r.push((x(i), y(*v)))).unwrap_or(()),
                None => runs.push(Vec::new()),
            }
        }
        let class = format!("series series-{k}");
        html! {
            <g class={class}>
                { for runs.iter().filter(|r| r.len() > 1).map(|r| {
                    let points: Vec<String> = r.iter().map(|(a, b)| format!("{},{}", px(*a), px(*b))).collect();
                    html! { <polyline points={points.join(" ")} fill="none" /> }
                }) }
                { for runs.iter().flatten().map(|(a, b)| html! {
                    <circle cx={px(*a)} cy={px(*b)} r="3" />
                }) }
            </g>
        }
    });
    let axis = html! {
        <g class="axis">
            <text x="0" y="14" class="label">{ format_value(Ok(hi), kpi.unit(), f) }</text>
            <text x="0" y={px(H - BOTTOM)} class="label">{ format_value(Ok(lo), kpi.unit(), f) }</text>
            <text x={px(x(0))} y={px(H - 4.0)} class="label">{ t.periods[0].clone() }</text>
            if n > 1 {
                <text x={px(x(n - 1))} y={px(H - 4.0)} class="label end">{ t.periods[n - 1].clone() }</text>
            }
        </g>
    };
    let legend = t.series.iter().enumerate().map(|(k, s)| {
        html! { <span class={format!("legend series-{k}")}>{ label(s) }</span> }
    });
    // The groups not drawn (a million campaigns draw their five with most leads).
    let more = match g.by {
        Dim::Period => 0,
        _ => g
            .groups
            .len()
            .saturating_sub(t.series.len().saturating_sub(1)),
    };
    // The change of each line's last period against the one before, in words.
    let last_change = |s: &crate::group::Series| {
        let v = &s.values;
        let before = v.len().checked_sub(2).and_then(|i| v[i]);
        let now = v.last().copied().flatten();
        crate::group::change(kpi, before, now)
    };
    let total = &t.series[0];
    let description = format!(
        "{name}, {} → {}{} {} {} ({} {}).",
        t.periods[0],
        t.periods[n - 1],
        lang.colon_tight(),
        Ui::Total.text(lang),
        format_value(
            total.values[n - 1].ok_or(crate::kpi::Undefined::OutOfRange),
            kpi.unit(),
            f
        ),
        change_text(kpi, last_change(total), f, lang),
        Ui::ChangeColumn.text(lang).to_lowercase(),
    );
    let table = html! {
        <div class="table-scroll" tabindex="0"><table class="chart-data">
            <caption>{ format!("{} — {name}", Ui::TrendTitle.text(lang)) }</caption>
            <thead><tr>
                <th scope="col">{ Ui::Period.text(lang) }</th>
                { for t.series.iter().map(|s| html! { <th scope="col">{ label(s) }</th> }) }
                <th scope="col">{ Ui::ChangeColumn.text(lang) }</th>
            </tr></thead>
            <tbody>{ for t.periods.iter().enumerate().map(|(i, p)| {
                let change = i.checked_sub(1).and_then(|j| crate::group::change(kpi, total.values[j], total.values[i]));
                html! {
                    <tr>
                        <th scope="row">{ p.clone() }</th>
                        { for t.series.iter().map(|s| html! {
                            <td>{ format_value(s.values[i].ok_or(crate::kpi::Undefined::OutOfRange), kpi.unit(), f) }</td>
                        }) }
                        <td class={classes!("change", change.map(|c| if (c > 0.0) == kpi.higher_is_better() { "up" } else { "down" }))}>
                            { change_text(kpi, change, f, lang) }
                        </td>
                    </tr>
                }
            }) }</tbody>
        </table></div>
    };
    let svg = html! {
        <>
            <svg viewBox={format!("0 0 {w} {H}")} width="100%" preserveAspectRatio="xMinYMin meet"
                 aria-hidden="true" focusable="false">{ axis }{ for lines }</svg>
            <p class="legend-row" aria-hidden="true">
                { for legend }
                if more > 0 { <span class="more">{ and_more(more, f, lang) }</span> }
            </p>
        </>
    };
    Some(figure(
        "trend",
        format!("{} — {name}", Ui::TrendTitle.text(lang)),
        description,
        svg,
        table,
    ))
}

fn lost_reasons_chart(data: &Data, lang: Lang, f: &Intl, narrow: super::Narrow) -> Option<Html> {
    let reasons = data.grouping.total.lost_reasons();
    if reasons.is_empty() {
        return None;
    }
    let all: u64 = reasons.iter().map(|(_, n)| n).sum();
    let shown = &reasons[..reasons.len().min(MAX_ROWS)];
    let top = shown.first().map_or(1, |r| r.1).max(1) as f64;
    let share = |n: u64| f.percent(n as f64 / all.max(1) as f64 * 100.0);
    let (w, lw) = narrow.chart(200.0);
    const ROW: f64 = 26.0;
    let bars = shown.iter().enumerate().map(|(i, (r, n))| {
        let y = i as f64 * ROW;
        let width = ((w - lw - 130.0) * *n as f64 / top).max(1.0);
        let label: String = r.chars().take(28).collect();
        html! {
            <g>
                <text x="0" y={px(y + ROW * 0.68)} class="label">{ label }</text>
                <rect x={lw.to_string()} y={px(y + 3.0)} width={px(width)}
                      height={(ROW - 6.0).to_string()} rx="3" class="bar" />
                <text x={px(lw + width + 6.0)} y={px(y + ROW * 0.68)} class="value">
                    { format!("{} · {}", f.count(*n as f64), share(*n)) }
                </text>
            </g>
        }
    });
    let more = reasons.len() - shown.len();
    let mut description = shown
        .iter()
        .take(3)
        .map(|(r, n)| format!("{r} {} ({})", f.count(*n as f64), share(*n)))
        .collect::<Vec<_>>()
        .join(", ");
    if reasons.len() > 3 {
        description.push_str(&format!(", {}", and_more(reasons.len() - 3, f, lang)));
    }
    let svg = rows_svg(w, ROW * shown.len() as f64, bars.collect(), more, f, lang);
    let table = html! {
        <div class="visually-hidden"><table>
            <caption>{ Ui::LostReasonsTitle.text(lang) }</caption>
            <thead><tr>
                <th scope="col">{ Ui::Reason.text(lang) }</th>
                <th scope="col">{ Ui::Count.text(lang) }</th>
                <th scope="col">{ Ui::ShareOf.text(lang) }</th>
            </tr></thead>
            <tbody>{ for shown.iter().map(|(r, n)| html! {
                <tr><th scope="row">{ r.clone() }</th><td>{ f.count(*n as f64) }</td><td>{ share(*n) }</td></tr>
            }) }</tbody>
        </table></div>
    };
    Some(figure(
        "lost-reasons",
        Ui::LostReasonsTitle.text(lang).to_string(),
        description,
        svg,
        table,
    ))
}

fn ranking_chart(
    data: &Data,
    kpi: Kpi,
    lang: Lang,
    f: &Intl,
    narrow: super::Narrow,
) -> Option<Html> {
    if !kpi.is_rate() || data.len() < 2 {
        return None;
    }
    let g = &data.grouping;
    let combos = data.combos();
    // (row, rate, successes, observations) for groups where the rate is defined,
    // each going by once: the rows drawn only are kept, in order, and given their
    // interval (a million groups: the rest is counted, not listed).
    let mut defined = 0;
    let rows = (0..g.groups.len()).filter_map(|i| {
        // The rate and its counts in one pass.
        let members = g.members(i).iter().map(|&m| &combos[m as usize]);
        let (rate, counts) = kpi.pooled_with_counts(members);
        let ((k, n), rate) = (counts?, rate.ok()?);
        defined += 1;
        Some((i, rate, k, n))
    });
    let shown = top_k(rows, MAX_ROWS, &|a, b| {
        kpi.better_first(a.1, b.1).then(a.0.cmp(&b.0))
    });
    if defined < 2 {
        return None;
    }
    let shown: Vec<_> = shown
        .into_iter()
        .filter_map(|(i, rate, k, n)| Some((i, rate, wilson(k, n)?, n)))
        .collect();
    let name_of = |i: usize| {
        g.groups[i]
            .value
            .as_deref()
            .unwrap_or(none_label(lang))
            .to_string()
    };
    let (w, lw) = narrow.chart(180.0);
    const ROW: f64 = 26.0;
    let plot = w - lw - 110.0;
    let x = |v: f64| lw + plot * v.clamp(0.0, 100.0) / 100.0;
    let bars = shown.iter().enumerate().map(|(k, (i, rate, (lo, hi), n))| {
        let y = k as f64 * ROW + ROW / 2.0;
        let small = *n < SMALL_SAMPLE;
        let label: String = name_of(*i).chars().take(24).collect();
        html! {
            <g class={classes!("rank", small.then_some("small"))}>
                <text x="0" y={px(y + 4.0)} class="label">{ label }</text>
                <line x1={px(x(*lo))} x2={px(x(*hi))}
                      y1={px(y)} y2={px(y)} class="interval" />
                <circle cx={px(x(*rate))} cy={px(y)} r="4" class="point" />
                <text x={px(lw + plot + 8.0)} y={px(y + 4.0)} class="value">
                    { format!("{}{}", f.percent(*rate), if small { " *" } else { "" }) }
                </text>
            </g>
        }
    });
    let name = kpi_text(kpi, lang).name;
    let best = shown[0];
    let description = format!(
        "{name}{} {} {} ({} {} – {}){} {}",
        lang.colon_tight(),
        name_of(best.0),
        f.percent(best.1),
        Ui::Interval.text(lang),
        f.percent(best.2 .0),
        f.percent(best.2 .1),
        lang.semicolon(),
        Ui::RankingHelp.text(lang)
    );
    let more = defined - shown.len();
    let svg = rows_svg(w, ROW * shown.len() as f64, bars.collect(), more, f, lang);
    let table = html! {
        <div class="visually-hidden"><table>
            <caption>{ format!("{} — {name}", Ui::RankingTitle.text(lang)) }</caption>
            <thead><tr>
                <th scope="col">{ data.grouping.by.name(lang) }</th>
                <th scope="col">{ name }</th>
                <th scope="col">{ Ui::Interval.text(lang) }</th>
                <th scope="col">{ Ui::Count.text(lang) }</th>
            </tr></thead>
            <tbody>{ for shown.iter().map(|(i, rate, (lo, hi), n)| html! {
                <tr data-group={name_of(*i)}>
                    <th scope="row">{ name_of(*i) }
                        if *n < SMALL_SAMPLE { <span>{ format!(" ({})", Ui::SmallSample.text(lang)) }</span> }
                    </th>
                    <td>{ f.percent(*rate) }</td>
                    <td>{ format!("{} – {}", f.percent(*lo), f.percent(*hi)) }</td>
                    <td>{ f.count(*n as f64) }</td>
                </tr>
            }) }</tbody>
        </table></div>
    };
    Some(figure(
        "ranking",
        format!("{} — {name}", Ui::RankingTitle.text(lang)),
        description,
        svg,
        table,
    ))
}
