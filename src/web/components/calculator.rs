use super::charts::Funnel;
use super::kpi_card::KpiCard;
use crate::kpi::{Input, Kpi};
use crate::lang::Lang;
use crate::texts::{input_label, Ui};
use crate::vocabulary::Group;
use crate::web::intl::Intl;
use crate::web::state::{inputs_of, read_field, Action, Fields, State};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A group's title.
fn title(group: Group) -> Ui {
    match group {
        Group::Spend => Ui::GroupSpend,
        Group::Funnel => Ui::GroupFunnel,
        Group::Outreach => Ui::GroupOutreach,
        Group::Outcome => Ui::GroupOutcome,
    }
}

#[derive(Properties, PartialEq)]
pub struct CalculatorProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub fields: Fields,
    pub dispatch: UseReducerDispatcher<State>,
    /// The KPIs shown (the embed may choose); all by default.
    #[prop_or(Kpi::ALL.to_vec())]
    pub kpis: Vec<Kpi>,
    /// The inputs asked for; all by default.
    #[prop_or(Input::ALL.to_vec())]
    pub shown_inputs: Vec<Input>,
    #[prop_or_default]
    pub explain: bool,
    #[prop_or(true)]
    pub funnel: bool,
}

/// The single-campaign calculator: number fields and a card per KPI, recomputed on
/// every keystroke.
#[component]
pub fn Calculator(props: &CalculatorProps) -> Html {
    let lang = props.lang;
    let inputs = use_memo(props.fields.clone(), inputs_of);
    let field = |input: Input| {
        let text = props.fields[input].clone();
        let error = read_field(input, &text).err();
        let id = format!("field-{}", input.key());
        let error_id = format!("{id}-error");
        let oninput = {
            let dispatch = props.dispatch.clone();
            Callback::from(move |e: InputEvent| {
                let el: HtmlInputElement = e.target_unchecked_into();
                dispatch.dispatch(Action::SetField(input, el.value()));
            })
        };
        html! {
            <div class={classes!("field", error.is_some().then_some("invalid"))}>
                <label for={id.clone()}>{ input_label(input, lang) }</label>
                <input id={id} type="text" inputmode="decimal" autocomplete="off"
                       data-input={input.key()} value={text} {oninput}
                       aria-invalid={error.is_some().to_string()}
                       aria-describedby={error.is_some().then(|| error_id.clone())} />
                if let Some(e) = error {
                    <p class="field-error" id={error_id} role="alert">{ e.text(lang) }</p>
                }
            </div>
        }
    };
    let groups = Group::ALL.into_iter().filter_map(|group| {
        let shown: Vec<Input> = group
            .inputs()
            .filter(|i| props.shown_inputs.contains(i))
            .collect();
        (!shown.is_empty()).then(|| {
            html! {
                <fieldset class="group">
                    <legend>{ title(group).text(lang) }</legend>
                    { for shown.into_iter().map(field) }
                </fieldset>
            }
        })
    });
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ClearFields))
    };
    html! {
        <section class="calculator" aria-labelledby="calculator-title">
            <h2 id="calculator-title">{ Ui::OneCampaign.text(lang) }</h2>
            <form class="inputs" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { for groups }
                <button type="button" class="secondary" onclick={clear}>{ Ui::ResetCalculator.text(lang) }</button>
            </form>
            <div class="cards">
                { for props.kpis.iter().map(|&kpi| html! {
                    <KpiCard key={kpi.key()} {kpi} inputs={inputs.clone()} {lang} intl={props.intl.clone()}
                             explain={props.explain} />
                }) }
            </div>
            if props.funnel {
                <Funnel {lang} intl={props.intl.clone()} inputs={inputs.clone()}
                        of={AttrValue::from(Ui::OneCampaign.text(lang))} id="chart-funnel-calculator" />
            }
        </section>
    }
}
