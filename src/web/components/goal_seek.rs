use crate::kpi::{Input, Inputs};
use crate::lang::{capitalise, Lang};
use crate::report::field_number;
use crate::texts::{driver_name, driver_value, goal_answers, solve_error, solve_formula, Ui};
use crate::web::intl::Intl;
use crate::whatif::{sensitivity, solve, Driver, Drivers, SolveError};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GoalSeekProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub inputs: Rc<Inputs>,
}

/// The campaign's drivers as starting texts (in the language's form), with a 200 %
/// ROI target.
fn starting_texts(inputs: &Inputs, lang: Lang) -> [String; 5] {
    let d = Drivers::from_inputs(inputs);
    let show = |v: Option<f64>| v.map(|v| field_number(v, 2, lang)).unwrap_or_default();
    [
        show(d.cpl),
        show(d.conversion_rate),
        show(d.deal_value),
        "200".into(),
        show(inputs.get(Input::Cost)),
    ]
}

/// Goal seek in every direction: any one of CPL, conversion rate, deal value and ROI
/// from the other three, the formula, answers in words, and the sensitivity table.
#[component]
pub fn GoalSeek(props: &GoalSeekProps) -> Html {
    let lang = props.lang;
    let f = &*props.intl;
    let texts = use_state(|| starting_texts(&props.inputs, lang));
    let unknown = use_state(|| Driver::Cpl);
    {
        let texts = texts.clone();
        use_effect_with((props.inputs.clone(), lang), move |(inputs, lang)| {
            texts.set(starting_texts(inputs, *lang))
        });
    }
    let field = |i: usize, driver: Option<Driver>, label: &str| {
        let oninput = {
            let texts = texts.clone();
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                let mut t = (*texts).clone();
                t[i] = el.value();
                texts.set(t);
            })
        };
        let computed = driver.is_some_and(|d| d == *unknown);
        let id = format!("goal-{i}");
        let key = driver.map_or("budget", Driver::key);
        html! {
            <div class={classes!("field", computed.then_some("computed"))}>
                <label for={id.clone()}>{ label.to_string() }</label>
                <input {id} type="text" inputmode="decimal" data-goal={key}
                       value={if computed { String::new() } else { texts[i].clone() }}
                       disabled={computed} placeholder={if computed { "?" } else { "" }} {oninput} />
            </div>
        }
    };
    let parse = |text: &str| crate::import::parse_number(text.as_bytes(), lang == Lang::En).ok();
    let value = |i: usize| parse(&texts[i]);
    let mut drivers = Drivers {
        cpl: value(0),
        conversion_rate: value(1),
        deal_value: value(2),
        roi: value(3),
    };
    let full = drivers;
    match *unknown {
        Driver::Cpl => drivers.cpl = None,
        Driver::ConversionRate => drivers.conversion_rate = None,
        Driver::DealValue => drivers.deal_value = None,
        Driver::Roi => drivers.roi = None,
    }
    let result = match solve(drivers) {
        Ok(s) => {
            let v = match s.solved {
                Driver::Cpl => s.cpl,
                Driver::ConversionRate => s.conversion_rate,
                Driver::DealValue => s.deal_value,
                Driver::Roi => s.roi,
            };
            html! {
                <p class="result" data-solved={s.solved.key()} data-value={v.to_string()}>
                    <strong>{ format!("{} = {}", capitalise(driver_name(s.solved, lang)), driver_value(s.solved, v, f)) }</strong>
                </p>
            }
        }
        // Nothing to say before the three numbers are there: a prompt, not an error.
        Err(SolveError::NotThree) => {
            html! { <p class="result pending">{ Ui::GoalSeekPrompt.text(lang) }</p> }
        }
        Err(e) => {
            html! { <p class="result impossible" role="alert">{ solve_error(e, lang, f) }</p> }
        }
    };
    let choose = {
        let unknown = unknown.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(d) = Driver::ALL.into_iter().find(|d| d.key() == el.value()) {
                unknown.set(d);
            }
        })
    };
    // Answers in words use the numbers typed, whichever is being computed.
    let answers = goal_answers(full, value(4), lang, f);
    let grid = match (full.cpl, full.conversion_rate, full.deal_value) {
        (Some(c), Some(r), Some(d)) => sensitivity(c, r, d),
        _ => None,
    };
    html! {
        <section class="goal-seek" data-testid="goal-seek" aria-labelledby="goal-title">
            <h2 id="goal-title">{ Ui::GoalSeek.text(lang) }</h2>
            <p class="help">{ Ui::GoalSeekHelp.text(lang) }</p>
            <div class="goal-fields">
                <div class="field">
                    <label for="goal-unknown">{ Ui::SolveFor.text(lang) }</label>
                    <select id="goal-unknown" data-goal="unknown" onchange={choose}>
                        { for Driver::ALL.iter().map(|d| html! {
                            <option value={d.key()} selected={*d == *unknown}>{ capitalise(driver_name(*d, lang)) }</option>
                        }) }
                    </select>
                </div>
                { field(0, Some(Driver::Cpl), Ui::CostPerLead.text(lang)) }
                { field(1, Some(Driver::ConversionRate), Ui::ConversionRatePct.text(lang)) }
                { field(2, Some(Driver::DealValue), Ui::DealValue.text(lang)) }
                { field(3, Some(Driver::Roi), Ui::RoiPct.text(lang)) }
            </div>
            <p class="formula">{ solve_formula(*unknown, lang) }</p>
            { result }
            <h3>{ Ui::Answers.text(lang) }</h3>
            <div class="goal-fields">{ field(4, None, Ui::Budget.text(lang)) }</div>
            <ul class="answers" aria-live="polite">
                { for answers.into_iter().map(|a| html! { <li>{ a }</li> }) }
            </ul>
            if let Some(grid) = grid {
                <super::sensitivity::SensitivityTable {lang} intl={props.intl.clone()} {grid} />
            }
        </section>
    }
}
