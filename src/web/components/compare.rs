use crate::kpi::Campaign;
use crate::lang::Lang;
use crate::stats::compare_conversion;
use crate::texts::Ui;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub lang: Lang,
    pub campaigns: Rc<Vec<Campaign>>,
}

/// "Is campaign B really better than A?": a two-proportion test on conversion rates.
#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let lang = props.lang;
    let a = use_state(|| 0usize);
    let b = use_state(|| 1usize);
    let campaigns = &props.campaigns;
    if campaigns.len() < 2 {
        return html! {};
    }
    let select = |which: UseStateHandle<usize>, label: &'static str| {
        let onchange = {
            let which = which.clone();
            Callback::from(move |e: Event| {
                let el: HtmlSelectElement = e.target_unchecked_into();
                if let Ok(i) = el.value().parse() {
                    which.set(i);
                }
            })
        };
        html! {
            <label>{ label }{ " " }
                <select data-compare={label} {onchange}>
                    { for campaigns.iter().enumerate().map(|(i, c)| html! {
                        <option value={i.to_string()} selected={*which == i}>{ c.name.clone() }</option>
                    }) }
                </select>
            </label>
        }
    };
    let (ca, cb) = (campaigns.get(*a), campaigns.get(*b));
    let verdict = match (ca, cb) {
        (Some(x), Some(y)) => match compare_conversion(x, y) {
            Some(c) => html! {
                <p class={classes!("verdict", c.significant().then_some("significant"))}
                   data-p-value={c.p_value.to_string()}>{ c.describe(&x.name, &y.name, lang) }</p>
            },
            None => html! { <p class="verdict">{ Ui::CompareNeeds.text(lang) }</p> },
        },
        _ => html! {},
    };
    html! {
        <section class="compare" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ Ui::Compare.text(lang) }</h2>
            <p class="help">{ Ui::CompareHelp.text(lang) }</p>
            <div class="chart-controls">
                { select(a, "A") }
                { select(b, "B") }
            </div>
            <div aria-live="polite">{ verdict }</div>
        </section>
    }
}
