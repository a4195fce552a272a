use crate::kpi::Inputs;
use crate::lang::Lang;
use crate::report::field_number;
use crate::texts::{lever_label, stage_name, NumberFormat, Ui};
use crate::web::intl::Intl;
use crate::whatif::{Funnel, Lever, Levers, Outcomes, Stage};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub inputs: Rc<Inputs>,
    /// The scenario's changes to the campaign (kept in the URL by the page).
    pub changes: Rc<Vec<(Lever, f64)>>,
    pub on_change: Callback<Vec<(Lever, f64)>>,
}

/// How many decimals a lever's field shows.
fn decimals(lever: Lever) -> usize {
    if lever == Lever::Volume {
        0
    } else {
        2
    }
}

/// The slider's top: three times the campaign's value (100 % for a rate), and at
/// least the scenario's value.
fn slider_max(lever: Lever, base: f64, current: f64) -> f64 {
    let top = if lever.is_rate() {
        (base * 3.0).clamp(1.0, 100.0)
    } else {
        (base * 3.0).max(10.0)
    };
    top.max(current)
}

/// A step that snaps to round values: a tenth of a point for rates, about a
/// thousandth of the range (a power of ten) for money and volumes.
fn slider_step(lever: Lever, max: f64) -> f64 {
    if lever.is_rate() {
        return 0.1;
    }
    let step = 10f64.powf((max / 1000.0).log10().floor());
    if lever == Lever::Volume {
        step.max(1.0)
    } else {
        step.max(0.01)
    }
}

fn texts_of(levers: &Levers, lang: Lang) -> [String; 8] {
    Lever::ALL.map(|l| {
        levers
            .get(l)
            .map(|v| field_number(v, decimals(l), lang))
            .unwrap_or_default()
    })
}

/// What-if over the campaign's outreach funnel (messages → replies → leads →
/// meetings → qualified → customers): any step's rate, the volume, the cost and the
/// deal value are levers, and their effect flows to customers, revenue, CPL, CAC and
/// ROI, set beside the campaign's own numbers.
#[component]
pub fn WhatIf(props: &WhatIfProps) -> Html {
    let lang = props.lang;
    let funnel = use_memo(props.inputs.clone(), |i| Funnel::from_inputs(i));
    let current = (*funnel).as_ref().map(|f| f.base.with(&props.changes));
    // The texts as typed, so "1 2" stays on screen while it is not yet a number.
    let texts = use_state(|| current.map(|c| texts_of(&c, lang)));
    let decimals_shown = use_state(|| false);
    {
        // A new campaign (or language) starts from its own numbers, as the fields show them.
        let texts = texts.clone();
        use_effect_with((props.inputs.clone(), lang), move |_| {
            texts.set(current.map(|c| texts_of(&c, lang)));
        });
    }
    let (Some(funnel), Some(current), Some(typed)) = ((*funnel).clone(), current, (*texts).clone())
    else {
        return html! {
            <section class="whatif" data-testid="whatif" aria-labelledby="whatif-title">
                <h2 id="whatif-title">{ Ui::WhatIf.text(lang) }</h2>
                <p class="help">{ Ui::WhatIfNeeds.text(lang) }</p>
            </section>
        };
    };
    let base = funnel.base;
    let changes = props.changes.clone();
    let set = {
        let on_change = props.on_change.clone();
        let changes = changes.clone();
        move |lever: Lever, v: f64| {
            let mut next: Vec<(Lever, f64)> = changes
                .iter()
                .copied()
                .filter(|&(l, _)| l != lever)
                .collect();
            if base.get(lever) != Some(v) {
                next.push((lever, v));
            }
            next.sort_by_key(|a| a.0);
            on_change.emit(next);
        }
    };
    let knob = |lever: Lever, from: Stage, to: Stage| {
        let i = lever as usize;
        let label = lever_label(lever, from, to, lang);
        let value = current.get(lever);
        let on_type = {
            let (texts, typed, set) = (texts.clone(), typed.clone(), set.clone());
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                let text = el.value();
                if let Ok(v) = crate::import::parse_number(text.as_bytes(), lang == Lang::En) {
                    if v >= 0.0 && v.is_finite() {
                        set(lever, if lever.is_rate() { v.min(100.0) } else { v });
                    }
                }
                let mut t = typed.clone();
                t[i] = text;
                texts.set(Some(t));
            })
        };
        let on_slide = {
            let (texts, typed, set) = (texts.clone(), typed.clone(), set.clone());
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                if let Ok(v) = el.value().parse::<f64>() {
                    set(lever, v);
                    let mut t = typed.clone();
                    t[i] = field_number(v, decimals(lever), lang);
                    texts.set(Some(t));
                }
            })
        };
        let id = format!("whatif-{}", lever.key());
        let max = slider_max(lever, base.get(lever).unwrap_or(0.0), value.unwrap_or(0.0));
        let step = slider_step(lever, max);
        html! {
            <div class="knob">
                <label for={id.clone()}>{ label.clone() }</label>
                <input type="range" min="0" max={max.to_string()} step={step.to_string()} data-driver={lever.key()}
                       aria-label={label} value={value.unwrap_or(0.0).to_string()} oninput={on_slide} />
                <input {id} type="text" inputmode="decimal" data-driver-field={lever.key()}
                       value={typed[i].clone()} oninput={on_type} />
            </div>
        }
    };
    let first = funnel.stages.first().copied().unwrap_or(Stage::Leads);
    let knobs: Html = funnel
        .levers()
        .into_iter()
        .map(|lever| {
            // A step's rate names the stage it comes from.
            let to = funnel
                .stages
                .iter()
                .copied()
                .find(|&s| Lever::rate_into(s) == Some(lever))
                .unwrap_or(first);
            let from = funnel
                .stages
                .iter()
                .position(|&s| s == to)
                .and_then(|k| k.checked_sub(1))
                .and_then(|k| funnel.stages.get(k).copied())
                .unwrap_or(first);
            knob(lever, from, to)
        })
        .collect();
    let reset = {
        let (texts, on_change) = (texts.clone(), props.on_change.clone());
        Callback::from(move |_| {
            on_change.emit(Vec::new());
            texts.set(Some(texts_of(&base, lang)));
        })
    };
    let toggle = {
        let shown = decimals_shown.clone();
        Callback::from(move |_| shown.set(!*shown))
    };
    let (b, s) = (funnel.outcomes(&base), funnel.outcomes(&current));
    let f = &*props.intl;
    let whole = !*decimals_shown;
    let row = |key: &str,
               label: String,
               get: &dyn Fn(&Outcomes) -> Option<f64>,
               fmt: &dyn Fn(f64) -> String,
               signed: &dyn Fn(f64) -> String| {
        let (bv, sv) = (get(&b), get(&s));
        let show = |v: Option<f64>| v.map_or("—".to_string(), fmt);
        let diff = match (bv, sv) {
            (Some(x), Some(y)) => signed(y - x),
            _ => "—".into(),
        };
        html! {
            <tr data-outcome={key.to_string()}>
                <th scope="row">{ label }</th>
                <td>{ show(bv) }</td>
                <td class="scenario" data-value={sv.map(|v| v.to_string()).unwrap_or_default()}>{ show(sv) }</td>
                <td class="diff">{ diff }</td>
            </tr>
        }
    };
    let count = |v: f64| f.count(if whole { v.round() } else { v });
    let signed_count = |v: f64| with_sign(v, count(v));
    let money = |v: f64| f.money(v);
    let signed_money = |v: f64| with_sign(v, f.money(v));
    let pct = |v: f64| f.percent(v);
    let points = |v: f64| with_sign(v, format!("{} pt", f.count(v)));
    let stage_rows: Html = funnel
        .stages
        .iter()
        .map(|&stage| {
            let key = match stage {
                Stage::Customers => "customers",
                other => other.input().key(),
            };
            row(
                key,
                crate::lang::capitalise(stage_name(stage, lang)),
                &move |o: &Outcomes| o.count(stage),
                &count,
                &signed_count,
            )
        })
        .collect();
    html! {
        <section class="whatif" data-testid="whatif" aria-labelledby="whatif-title">
            <h2 id="whatif-title">{ Ui::WhatIf.text(lang) }</h2>
            <p class="help">{ Ui::WhatIfHelp.text(lang) }</p>
            <div class="knobs">{ knobs }</div>
            <button type="button" class="secondary" onclick={reset}>{ Ui::BackToCampaign.text(lang) }</button>
            <div class="table-wrap" tabindex="0"><table class="outcomes">
                <thead><tr>
                    <th scope="col">{ Ui::Measure.text(lang) }</th>
                    <th scope="col">{ Ui::Campaign.text(lang) }</th>
                    <th scope="col">{ Ui::Scenario.text(lang) }</th>
                    <th scope="col">{ Ui::Difference.text(lang) }</th>
                </tr></thead>
                <tbody aria-live="polite">
                    { stage_rows }
                    { row("revenue", Ui::Revenue.text(lang).into(), &|o: &Outcomes| o.revenue, &money, &signed_money) }
                    { row("cpl", Ui::CostPerLead.text(lang).into(), &|o: &Outcomes| o.cpl, &money, &signed_money) }
                    { row("cost_per_customer", crate::texts::kpi_text(crate::kpi::Kpi::CostPerCustomer, lang).name.into(), &|o: &Outcomes| o.cost_per_customer, &money, &signed_money) }
                    { row("roi", crate::texts::kpi_text(crate::kpi::Kpi::Roi, lang).name.into(), &|o: &Outcomes| o.roi, &pct, &points) }
                </tbody>
            </table></div>
            <p class="help">
                if whole { { Ui::CountsRounded.text(lang) }{ " " } }
                <label class="inline-check">
                    <input type="checkbox" checked={!whole} onchange={toggle} />{ Ui::ShowDecimals.text(lang) }
                </label>
            </p>
        </section>
    }
}

fn with_sign(v: f64, text: String) -> String {
    if v > 0.0 && !text.starts_with('+') {
        format!("+{text}")
    } else {
        text
    }
}
