use crate::kpi::{Inputs, Kpi};
use crate::lang::Lang;
use crate::texts::{format_value, kpi_text, undefined_reason, worked_formula, Ui};
use crate::web::intl::Intl;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KpiCardProps {
    pub kpi: Kpi,
    pub inputs: Rc<Inputs>,
    pub lang: Lang,
    pub intl: Rc<Intl>,
}

/// One KPI: its value, why it is missing, its formula with the user's numbers, what it
/// tells and how to improve it.
#[component]
pub fn KpiCard(props: &KpiCardProps) -> Html {
    let KpiCardProps {
        kpi,
        inputs,
        lang,
        intl,
    } = props;
    let (kpi, lang) = (*kpi, *lang);
    let value = kpi.of_inputs(inputs);
    let text = kpi_text(kpi, lang);
    let raw = value.map(|v| v.to_string()).unwrap_or_default();
    let worked = worked_formula(kpi, inputs, lang, &**intl);
    html! {
        <article class={classes!("kpi-card", value.is_err().then_some("undefined"))}
                 data-testid="kpi-card" data-kpi={kpi.key()} data-value={raw}>
            <h3>{ text.name }</h3>
            <p class="value" aria-live="polite">{ format_value(value, kpi.unit(), &**intl) }</p>
            if let Err(why) = value {
                <p class="why">{ undefined_reason(why, lang) }</p>
            }
            if let Some(w) = worked {
                <p class="worked"><span class="label">{ Ui::WithYourNumbers.text(lang) }{ lang.pick(": ", " : ") }</span>{ w }</p>
            }
            <p class="formula"><span class="label">{ Ui::Formula.text(lang) }{ lang.pick(": ", " : ") }</span>{ text.formula }</p>
            <details class="explain">
                <summary>{ Ui::Meaning.text(lang) }</summary>
                <p>{ text.meaning }</p>
                <p><strong>{ Ui::Goal.text(lang) }{ lang.pick(": ", " : ") }</strong>{ text.goal }</p>
            </details>
        </article>
    }
}
