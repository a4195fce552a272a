//! The page: a thin Yew shell over the KPI core (feature `web`).
//!
//! For now a single-campaign calculator; every number is computed by `kpi`, every
//! word comes from `texts` in the page's language.

use crate::import::parse_number;
use crate::kpi::{Input, Inputs, Kpi};
use crate::lang::Lang;
use crate::report::format_kpi;
use crate::texts::{input_label, kpi_text, undefined_reason};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The inputs the calculator asks for, in the order a user thinks of them.
pub const CALCULATOR_INPUTS: [Input; 4] =
    [Input::Cost, Input::Leads, Input::Converted, Input::Revenue];

/// Mounts the app on the page's body.
pub fn mount() {
    yew::Renderer::<App>::new().render();
}

/// The language from `?lang=`, else the browser's, else English.
pub fn page_lang() -> Lang {
    let window = web_sys::window();
    let from_query = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .and_then(|q| {
            q.trim_start_matches('?')
                .split('&')
                .find_map(|kv| kv.strip_prefix("lang="))
                .and_then(Lang::from_tag)
        });
    let from_browser = || {
        window
            .as_ref()
            .and_then(|w| w.navigator().language())
            .and_then(|l| Lang::from_tag(&l))
    };
    from_query.or_else(from_browser).unwrap_or_default()
}

#[component]
pub fn App() -> Html {
    let lang = use_memo((), |_| page_lang());
    html! { <Calculator lang={*lang} /> }
}

#[derive(Properties, PartialEq)]
pub struct CalculatorProps {
    pub lang: Lang,
}

/// The single-campaign calculator: number fields and a card per KPI.
#[component]
pub fn Calculator(props: &CalculatorProps) -> Html {
    let lang = props.lang;
    let inputs = use_state(Inputs::default);
    let fields = CALCULATOR_INPUTS.iter().map(|&input| {
        let oninput = {
            let inputs = inputs.clone();
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                let value = parse_number(el.value().as_bytes(), false).ok();
                let mut next = (*inputs).clone();
                next.set(input, value);
                inputs.set(next);
            })
        };
        html! {
            <label class="field">
                <span>{ input_label(input, lang) }</span>
                <input type="text" inputmode="decimal" data-input={input.key()} {oninput} />
            </label>
        }
    });
    let cards = Kpi::ALL.iter().map(|&kpi| {
        let value = kpi.of_inputs(&inputs);
        let text = kpi_text(kpi, lang);
        let raw = value.map(|v| v.to_string()).unwrap_or_default();
        html! {
            <article class="kpi-card" data-testid="kpi-card" data-kpi={kpi.key()} data-value={raw}>
                <h3>{ text.name }</h3>
                <p class="value">{ format_kpi(value, kpi.unit(), lang) }</p>
                if let Err(why) = value {
                    <p class="why">{ undefined_reason(why, lang) }</p>
                }
                <p class="formula">{ text.formula }</p>
            </article>
        }
    });
    html! {
        <main>
            <h1>{ lang.pick("Prospecting KPI calculator", "Calculateur de KPI de prospection") }</h1>
            <form class="inputs" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for fields }
            </form>
            <section class="cards">{ for cards }</section>
        </main>
    }
}
