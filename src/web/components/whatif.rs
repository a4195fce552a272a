use crate::kpi::{Input, Inputs};
use crate::lang::Lang;
use crate::texts::{input_label, NumberFormat, Ui};
use crate::web::intl::Intl;
use crate::whatif::{Outcomes, Scenario};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct WhatIfProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub inputs: Rc<Inputs>,
}

/// The scenario's drivers, as typed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Knob {
    Cost,
    Leads,
    Conversion,
    Deal,
}

const KNOBS: [Knob; 4] = [Knob::Cost, Knob::Leads, Knob::Conversion, Knob::Deal];

impl Knob {
    fn key(self) -> &'static str {
        match self {
            Knob::Cost => "cost",
            Knob::Leads => "leads",
            Knob::Conversion => "conversion_rate",
            Knob::Deal => "deal_value",
        }
    }
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Knob::Cost => input_label(Input::Cost, lang),
            Knob::Leads => input_label(Input::Leads, lang),
            Knob::Conversion => Ui::ConversionRatePct.text(lang),
            Knob::Deal => Ui::DealValue.text(lang),
        }
    }
    fn get(self, s: &Scenario) -> f64 {
        match self {
            Knob::Cost => s.cost,
            Knob::Leads => s.leads,
            Knob::Conversion => s.conversion_rate,
            Knob::Deal => s.deal_value,
        }
    }
    fn set(self, s: &mut Scenario, v: f64) {
        match self {
            Knob::Cost => s.cost = v,
            Knob::Leads => s.leads = v.round(),
            Knob::Conversion => s.conversion_rate = v.min(100.0),
            Knob::Deal => s.deal_value = v,
        }
    }
    /// The slider's top: three times the campaign's value (100 % for a rate).
    fn max(self, base: &Scenario) -> f64 {
        let v = self.get(base);
        match self {
            Knob::Conversion => (v * 3.0).clamp(1.0, 100.0),
            _ => (v * 3.0).max(10.0),
        }
    }
}

fn short(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    r.to_string()
}

/// What-if: sliders paired with fields for cost, leads, conversion rate and deal
/// value; the scenario's outcomes beside the campaign's, with the differences.
#[component]
pub fn WhatIf(props: &WhatIfProps) -> Html {
    let lang = props.lang;
    let base = Scenario::from_inputs(&props.inputs);
    let scenario = use_state(|| base);
    // The texts as typed, so "1 2" stays on screen while it is not yet a number.
    let texts = use_state(|| base.map(|b| KNOBS.map(|k| short(k.get(&b)))));
    {
        let (scenario, texts) = (scenario.clone(), texts.clone());
        use_effect_with(
            base.map(|b| KNOBS.map(|k| k.get(&b).to_bits())),
            move |_| {
                scenario.set(base);
                texts.set(base.map(|b| KNOBS.map(|k| short(k.get(&b)))));
            },
        );
    }
    let (Some(base), Some(current), Some(typed)) = (base, *scenario, (*texts).clone()) else {
        return html! {
            <section class="whatif" data-testid="whatif" aria-labelledby="whatif-title">
                <h2 id="whatif-title">{ Ui::WhatIf.text(lang) }</h2>
                <p class="help">{ Ui::WhatIfNeeds.text(lang) }</p>
            </section>
        };
    };
    let knob = |k: Knob| {
        let i = KNOBS.iter().position(|&x| x == k).unwrap_or(0);
        let change = {
            let (scenario, texts) = (scenario.clone(), texts.clone());
            let typed = typed.clone();
            move |text: String| {
                let mut next = current;
                if let Ok(v) = crate::import::parse_number(text.as_bytes(), true) {
                    if v >= 0.0 {
                        k.set(&mut next, v);
                        scenario.set(Some(next));
                    }
                }
                let mut t = typed.clone();
                t[i] = text;
                texts.set(Some(t));
            }
        };
        let on_slide = {
            let change = change.clone();
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                change(el.value());
            })
        };
        let on_type = Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            change(el.value());
        });
        let id = format!("whatif-{}", k.key());
        let max = k.max(&base).max(k.get(&current));
        html! {
            <div class="knob">
                <label for={id.clone()}>{ k.label(lang) }</label>
                <input type="range" min="0" max={max.to_string()} step="any" data-driver={k.key()}
                       aria-label={k.label(lang)}
                       value={k.get(&current).to_string()} oninput={on_slide} />
                <input id={id} type="text" inputmode="decimal" data-driver-field={k.key()}
                       value={typed[i].clone()} oninput={on_type} />
            </div>
        }
    };
    let reset = {
        let (scenario, texts) = (scenario.clone(), texts.clone());
        Callback::from(move |_| {
            scenario.set(Some(base));
            texts.set(Some(KNOBS.map(|k| short(k.get(&base)))));
        })
    };
    let (b, s) = (base.outcomes(), current.outcomes());
    let f = &*props.intl;
    let row = |key: &str,
               label: &str,
               get: fn(&Outcomes) -> Option<f64>,
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
    let money = |v: f64| f.money(v);
    let signed_money = |v: f64| with_sign(v, f.money(v));
    let pct = |v: f64| f.percent(v);
    let points = |v: f64| with_sign(v, format!("{} pt", f.count(v)));
    let count = |v: f64| f.count(v);
    let signed_count = |v: f64| with_sign(v, f.count(v));
    html! {
        <section class="whatif" data-testid="whatif" aria-labelledby="whatif-title">
            <h2 id="whatif-title">{ Ui::WhatIf.text(lang) }</h2>
            <p class="help">{ Ui::WhatIfHelp.text(lang) }</p>
            <div class="knobs">{ for KNOBS.iter().map(|&k| knob(k)) }</div>
            <button type="button" class="secondary" onclick={reset}>{ Ui::BackToCampaign.text(lang) }</button>
            <div class="table-wrap" tabindex="0"><table class="outcomes">
                <thead><tr>
                    <th scope="col">{ Ui::Measure.text(lang) }</th>
                    <th scope="col">{ Ui::Campaign.text(lang) }</th>
                    <th scope="col">{ Ui::Scenario.text(lang) }</th>
                    <th scope="col">{ Ui::Difference.text(lang) }</th>
                </tr></thead>
                <tbody aria-live="polite">
                    { row("cpl", Ui::CostPerLead.text(lang), |o| o.cpl, &money, &signed_money) }
                    { row("roi", "ROI", |o| o.roi, &pct, &points) }
                    { row("cost_per_customer", lang.pick("Cost per customer", "Coût d'acquisition client"), |o| o.cost_per_customer, &money, &signed_money) }
                    { row("revenue", Ui::Revenue.text(lang), |o| Some(o.revenue), &money, &signed_money) }
                    { row("customers", Ui::Customers.text(lang), |o| Some(o.customers), &count, &signed_count) }
                </tbody>
            </table></div>
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
