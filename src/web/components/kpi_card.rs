use crate::kpi::{Inputs, Kpi};
use crate::lang::Lang;
use crate::references::references;
use crate::stats::{interval_of_inputs, SMALL_SAMPLE};
use crate::texts::{format_value, kpi_text, undefined_reason, worked_formula, NumberFormat, Ui};
use crate::web::intl::Intl;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KpiCardProps {
    pub kpi: Kpi,
    pub inputs: Rc<Inputs>,
    pub lang: Lang,
    pub intl: Rc<Intl>,
    /// Explanations open rather than folded.
    #[prop_or_default]
    pub explain: bool,
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
        explain,
    } = props;
    let (kpi, lang) = (*kpi, *lang);
    let value = kpi.of_inputs(inputs);
    let text = kpi_text(kpi, lang);
    let raw = value.map(|v| v.to_string()).unwrap_or_default();
    let worked = worked_formula(kpi, inputs, lang, &**intl);
    let interval = interval_of_inputs(kpi, inputs);
    let colon = lang.colon();
    let reference = references(kpi).map(|r| {
        let f = &**intl;
        let v = |x: f64| format_value(Ok(x), kpi.unit(), f);
        // "14–30 days", "3.43%–5.5%".
        let range = |low: f64, high: f64| match kpi.unit() {
            crate::kpi::Unit::Days => format!("{}–{}", f.count(low), f.days(high)),
            _ => format!("{}–{}", v(low), v(high)),
        };
        let best = r
            .best
            .map(|(b, _)| format!(" ({} ≥ {})", r.best_label(lang).unwrap_or(""), v(b)))
            .unwrap_or_default();
        let note = r.note(lang).map(|n| format!(" {}{colon}{n}.", Ui::Measured.text(lang)));
        html! {
            <p class="reference" data-reference={kpi.key()}>
                <span class="label">{ Ui::Typical.text(lang) }{ colon }</span>
                { format!("{}{best}, {}.", range(r.low, r.high), r.scope(lang)) }
                { note.unwrap_or_default() }{ " " }
                <span class="source">{ format!("{}{colon}{}, {}. ", Ui::SourceLabel.text(lang), r.source, r.year) }</span>
                <span class="badge">{ Ui::Indicative.text(lang) }</span>
            </p>
        }
    });
    html! {
        <article class={classes!("kpi-card", value.is_err().then_some("undefined"))}
                 data-testid="kpi-card" data-kpi={kpi.key()} data-value={raw}>
            <h3>{ text.name }</h3>
            <p class="value" aria-live="polite">{ format_value(value, kpi.unit(), &**intl) }</p>
            if let Err(why) = value {
                <p class="why">{ undefined_reason(why, lang) }</p>
            }
            if let Some(((low, high), n)) = interval {
                <p class="interval" data-low={low.to_string()} data-high={high.to_string()}>
                    <span class="label">{ Ui::Interval.text(lang) }{ colon }</span>
                    { format!("{} – {}", intl.percent(low), intl.percent(high)) }
                    if n < SMALL_SAMPLE {
                        { " " }<span class="badge small-sample" title={Ui::SmallSampleHelp.text(lang)}>{ Ui::SmallSample.text(lang) }</span>
                    }
                    <span class="interval-meaning">{ Ui::IntervalMeaning.text(lang) }</span>
                </p>
            }
            if let Some(w) = worked {
                <p class="worked"><span class="label">{ Ui::WithYourNumbers.text(lang) }{ lang.colon() }</span>{ w }</p>
            }
            <p class="formula"><span class="label">{ Ui::Formula.text(lang) }{ lang.colon() }</span>{ text.formula }</p>
            { for reference }
            <details class="explain" open={*explain}>
                <summary>{ Ui::Meaning.text(lang) }</summary>
                <p>{ text.meaning }</p>
                <p><strong>{ Ui::Goal.text(lang) }{ lang.colon() }</strong>{ text.goal }</p>
            </details>
        </article>
    }
}
