//! Charts as inline SVG, each with a title, a description in words and its data as a
//! table for screen readers.

use crate::charts::{cycle_buckets, funnel};
use crate::hash::top_k;
use crate::kpi::{DayHistogram, Inputs, Kpi};
use crate::lang::Lang;
use crate::texts::{
    and_more, by_dim, count_noun, format_value, input_label, kpi_text, NumberFormat, Ui,
};
use crate::web::intl::Intl;
use crate::web::state::Data;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// A figure: title and description for everyone, the data table for screen readers.
pub(crate) fn figure(
    kind: &'static str,
    id: &str,
    title: String,
    description: String,
    svg: Html,
    table: Html,
) -> Html {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        <figure class="chart" data-testid="chart" data-chart={kind}>
            <figcaption>
                <strong id={title_id.clone()}>{ title }</strong>
                <span class="desc" id={desc_id.clone()}>{ description }</span>
            </figcaption>
            <div class="svg" role="img" aria-labelledby={format!("{title_id} {desc_id}")}>{ svg }</div>
            { table }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct FunnelProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub inputs: Rc<Inputs>,
    /// Whose funnel: "the calculator", a campaign's name.
    pub of: AttrValue,
    pub id: AttrValue,
}

/// The funnel: leads → contacted → meetings → qualified → converted, with the rate at
/// each step.
#[component]
pub fn Funnel(props: &FunnelProps) -> Html {
    let lang = props.lang;
    let f = &*props.intl;
    let narrow = super::use_narrow();
    let steps = funnel(&props.inputs);
    if steps.is_empty() {
        return html! {};
    }
    let top = steps
        .iter()
        .filter_map(|s| s.count)
        .fold(0.0f64, f64::max)
        .max(1.0);
    let (w, lw) = narrow.chart(170.0);
    const ROW: f64 = 38.0;
    let height = ROW * steps.len() as f64;
    // One rate throughout: the share of the leads, said as such.
    let of_leads = |s: &crate::charts::Step| {
        s.of_leads
            .filter(|_| s.stage != crate::kpi::Input::Leads)
            .map(|r| format!(" ({} {})", f.percent(r), Ui::OfLeads.text(lang)))
            .unwrap_or_default()
    };
    let count = |s: &crate::charts::Step| s.count.map_or_else(|| "—".to_string(), |c| f.count(c));
    let describe = |s: &crate::charts::Step| {
        format!("{} {}{}", count(s), count_noun(s.stage, lang), of_leads(s))
    };
    let description = steps.iter().map(describe).collect::<Vec<_>>().join(" → ");
    let bars = steps.iter().enumerate().map(|(i, s)| {
        let y = i as f64 * ROW;
        let width = s.count.map_or(0.0, |c| ((w - lw - 10.0) * c / top).max(1.0));
        let rate = of_leads(s);
        html! {
            <g>
                <text x="0" y={(y + ROW * 0.62).to_string()} class="label">{ input_label(s.stage, lang) }</text>
                <rect x={lw.to_string()} y={(y + 4.0).to_string()} width={width.to_string()}
                      height={(ROW - 8.0).to_string()} rx="4" class={classes!("bar", format!("stage-{i}"))} />
                <text x={(lw + 6.0).to_string()} y={(y + ROW * 0.62).to_string()} class="value">
                    { format!("{}{rate}", count(s)) }
                </text>
            </g>
        }
    });
    let svg = html! {
        <svg viewBox={format!("0 0 {w} {height}")} width="100%" preserveAspectRatio="xMinYMin meet"
             aria-hidden="true" focusable="false">{ for bars }</svg>
    };
    let table = html! {
        <div class="visually-hidden"><table>
            <caption>{ format!("{} — {}", Ui::FunnelTitle.text(lang), props.of) }</caption>
            <thead><tr>
                <th scope="col">{ Ui::Stage.text(lang) }</th>
                <th scope="col">{ Ui::Count.text(lang) }</th>
                <th scope="col">{ Ui::OfLeadsColumn.text(lang) }</th>
                <th scope="col">{ Ui::RateOfPrevious.text(lang) }</th>
            </tr></thead>
            <tbody>{ for steps.iter().map(|s| html! {
                <tr>
                    <th scope="row">{ input_label(s.stage, lang) }</th>
                    <td>{ count(s) }</td>
                    <td>{ s.of_leads.map(|r| f.percent(r)).unwrap_or_else(|| "—".into()) }</td>
                    <td>{ s.of_previous.map(|r| f.percent(r)).unwrap_or_else(|| "—".into()) }</td>
                </tr>
            }) }</tbody>
        </table></div>
    };
    figure(
        "funnel",
        &props.id,
        format!("{} — {}", Ui::FunnelTitle.text(lang), props.of),
        description,
        svg,
        table,
    )
}

#[derive(Properties, PartialEq)]
pub struct CampaignChartsProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub data: Rc<Data>,
    pub total_inputs: Rc<Inputs>,
}

/// The most rows a chart's picker offers (those with the most leads).
const MAX_PICKED: usize = 200;

/// "KPI shown": a list of every KPI that sets `kpi` (`data-chart-control` names
/// the chart it drives).
pub(crate) fn kpi_picker(lang: Lang, control: &'static str, kpi: UseStateHandle<Kpi>) -> Html {
    let chosen = *kpi;
    let onchange = Callback::from(move |e: Event| {
        let el: HtmlSelectElement = e.target_unchecked_into();
        if let Some(k) = Kpi::from_key(&el.value()) {
            kpi.set(k);
        }
    });
    html! {
        <label>{ Ui::ShowKpi.text(lang) }{ " " }
            <select data-chart-control={control} {onchange}>
                { for Kpi::ALL.iter().map(|k| html! {
                    <option value={k.key()} selected={*k == chosen}>{ kpi_text(*k, lang).name }</option>
                }) }
            </select>
        </label>
    }
}

/// The most bars a chart draws; the rest are summed up in its description.
const MAX_BARS: usize = 30;

/// The charts of imported campaigns: a funnel (of the total or a chosen campaign), a
/// KPI across campaigns, and the distribution of sales-cycle days for lead files.
#[component]
pub fn CampaignCharts(props: &CampaignChartsProps) -> Html {
    let lang = props.lang;
    let f = &*props.intl;
    let kpi = use_state(|| Kpi::ConversionRate);
    let chosen = use_state(|| None::<usize>);
    let narrow = super::use_narrow();
    let data = &props.data;
    // The funnel of the total, or of the row chosen (among those with most leads).
    let picked = data.top_rows(MAX_PICKED);
    let (funnel_inputs, funnel_of) = match chosen.filter(|&i| i < data.len()) {
        Some(i) => {
            let c = data.campaign(i);
            (Rc::new(c.inputs), c.name.to_string())
        }
        None => (props.total_inputs.clone(), Ui::Total.text(lang).to_string()),
    };
    let pick_campaign = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            chosen.set(el.value().parse().ok());
        })
    };
    // KPI bars: defined values, best first (the first 30 drawn, all counted). Each
    // row's value goes by once: a million groups are not listed to keep 30 of them.
    let mut counted: usize = 0;
    let defined = (0..data.len()).filter_map(|i| {
        let v = kpi.pooled(data.members(i)).ok()?;
        counted += 1;
        Some((i, v))
    });
    let shown: Vec<(&str, f64)> = top_k(defined, MAX_BARS, &|a, b| {
        kpi.better_first(a.1, b.1).then(a.0.cmp(&b.0))
    })
    .into_iter()
    .map(|(i, v)| (data.name(i).unwrap_or("—"), v))
    .collect();
    let name = kpi_text(*kpi, lang).name;
    let bars_chart = if shown.is_empty() {
        html! {}
    } else {
        let max = shown
            .iter()
            .map(|v| v.1.abs())
            .fold(0.0f64, f64::max)
            .max(1e-9);
        let (w, lw) = narrow.chart(180.0);
        const ROW: f64 = 26.0;
        let bars = shown.iter().enumerate().map(|(i, (n, v))| {
            let y = i as f64 * ROW;
            let width = ((w - lw - 90.0) * v.abs() / max).max(1.0);
            let label: String = n.chars().take(24).collect();
            html! {
                <g>
                    <text x="0" y={(y + ROW * 0.68).to_string()} class="label">{ label }</text>
                    <rect x={lw.to_string()} y={(y + 3.0).to_string()} width={width.to_string()}
                          height={(ROW - 6.0).to_string()} rx="3" class={classes!("bar", (*v < 0.0).then_some("negative"))} />
                    <text x={(lw + width + 6.0).to_string()} y={(y + ROW * 0.68).to_string()} class="value">
                        { format_value(Ok(*v), kpi.unit(), f) }
                    </text>
                </g>
            }
        });
        let height = ROW * shown.len() as f64;
        let best = shown[0];
        let worst = shown[shown.len() - 1];
        let dim = data.grouping.by;
        let groups = format!(
            "{} {}",
            f.count(counted as f64),
            dim.noun(counted as u64, lang)
        );
        let (best_text, worst_text) = (
            format_value(Ok(best.1), kpi.unit(), f),
            format_value(Ok(worst.1), kpi.unit(), f),
        );
        let best_first = match (lang, dim.row().feminine) {
            (Lang::En, _) => "best first",
            (Lang::Fr, true) => "la meilleure d'abord",
            (Lang::Fr, false) => "le meilleur d'abord",
        };
        let (best_name, worst_name) = (best.0, worst.0);
        let description = match lang {
            Lang::En => format!(
                "{name} of {groups}, {best_first}: “{best_name}” {best_text} … “{worst_name}” {worst_text}."
            ),
            Lang::Fr => format!(
                "{name} de {groups}, {best_first} : « {best_name} » {best_text} … « {worst_name} » {worst_text}."
            ),
        };
        // Only the best are drawn: how many are not, under the bars.
        let more = counted.saturating_sub(shown.len());
        let svg = html! { <>
            <svg viewBox={format!("0 0 {w} {height}")} width="100%" preserveAspectRatio="xMinYMin meet"
                 aria-hidden="true" focusable="false">{ for bars }</svg>
            if more > 0 { <p class="more">{ and_more(more, f, lang) }</p> }
        </> };
        let table = html! {
            <div class="visually-hidden"><table>
                <caption>{ name }</caption>
                <thead><tr><th scope="col">{ dim.name(lang) }</th><th scope="col">{ name }</th></tr></thead>
                <tbody>{ for shown.iter().map(|(n, v)| html! {
                    <tr><th scope="row">{ n.to_string() }</th><td>{ format_value(Ok(*v), kpi.unit(), f) }</td></tr>
                }) }</tbody>
            </table></div>
        };
        figure(
            "kpi-bars",
            "chart-kpi",
            format!("{} — {name}", by_dim(dim, lang)),
            description,
            svg,
            table,
        )
    };
    // Sales-cycle days, for lead files: those of every row shown.
    let cycle_chart = match data.grouping.total.cycle() {
        Some(days) if days.count() > 0 => cycle_chart(days, lang, f, narrow),
        _ => html! {},
    };
    html! {
        <section class="charts" aria-labelledby="charts-title">
            <h2 id="charts-title">{ Ui::Charts.text(lang) }</h2>
            <div class="chart-controls">
                <label>{ Ui::ShowCampaign.text(lang) }{ " " }
                    <select data-chart-control="funnel" onchange={pick_campaign}>
                        <option value="" selected={chosen.is_none()}>{ Ui::Total.text(lang) }</option>
                        { for picked.iter().map(|&i| html! {
                            <option value={i.to_string()} selected={*chosen == Some(i)}>{ data.name(i).unwrap_or("—").to_string() }</option>
                        }) }
                        // The rows with most leads are offered; the others are counted.
                        if data.len() > picked.len() {
                            <option value="more" disabled=true>{ and_more(data.len() - picked.len(), f, lang) }</option>
                        }
                    </select>
                </label>
                { kpi_picker(lang, "kpi-bars", kpi.clone()) }
            </div>
            <div class="chart-grid">
                <Funnel {lang} intl={props.intl.clone()} inputs={funnel_inputs} of={AttrValue::from(funnel_of)} id="chart-funnel-campaigns" />
                { bars_chart }
                { cycle_chart }
            </div>
        </section>
    }
}

fn cycle_chart(days: &DayHistogram, lang: Lang, f: &Intl, narrow: super::Narrow) -> Html {
    let buckets = cycle_buckets(days, 24);
    let top = buckets.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let (w, _) = narrow.chart(0.0);
    const H: f64 = 200.0;
    let bw = w / buckets.len().max(1) as f64;
    let range = |b: &crate::charts::Bucket| {
        if b.from == b.to {
            b.from.to_string()
        } else {
            format!("{}–{}", b.from, b.to)
        }
    };
    let bars = buckets.iter().enumerate().map(|(i, b)| {
        let h = (H - 24.0) * b.count as f64 / top;
        html! {
            <g>
                <rect x={(i as f64 * bw + 1.0).to_string()} y={(H - 20.0 - h).to_string()}
                      width={(bw - 2.0).max(1.0).to_string()} height={h.to_string()} class="bar" />
                if i % ((buckets.len() / 8).max(1)) == 0 {
                    <text x={(i as f64 * bw).to_string()} y={(H - 4.0).to_string()} class="axis">{ b.from.to_string() }</text>
                }
            </g>
        }
    });
    let mean = days.mean().map(|m| f.days(m)).unwrap_or_default();
    let median = days.median().map(|m| f.days(m)).unwrap_or_default();
    let description = crate::texts::cycle_description(days.count(), &mean, &median, f, lang);
    let svg = html! {
        <svg viewBox={format!("0 0 {w} {H}")} width="100%" preserveAspectRatio="xMinYMin meet"
             aria-hidden="true" focusable="false">{ for bars }</svg>
    };
    let table = html! {
        <div class="visually-hidden"><table>
            <caption>{ Ui::CycleTitle.text(lang) }</caption>
            <thead><tr><th scope="col">{ Ui::Days.text(lang) }</th><th scope="col">{ Ui::Conversions.text(lang) }</th></tr></thead>
            <tbody>{ for buckets.iter().map(|b| html! {
                <tr><th scope="row">{ range(b) }</th><td>{ b.count.to_string() }</td></tr>
            }) }</tbody>
        </table></div>
    };
    figure(
        "cycle-days",
        "chart-cycle",
        Ui::CycleTitle.text(lang).to_string(),
        description,
        svg,
        table,
    )
}
