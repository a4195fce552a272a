use crate::lang::Lang;
use crate::texts::Ui;
use crate::web::browser::{copy_to_clipboard, current_url};
use crate::web::state::{Action, Currency, State};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    pub currency: Currency,
    pub dispatch: UseReducerDispatcher<State>,
}

/// Language, currency and the share control.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
    let other = match lang {
        Lang::En => Lang::Fr,
        Lang::Fr => Lang::En,
    };
    let switch = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetLang(other)))
    };
    let currency = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            if let Some(c) = Currency::from_code(&el.value()) {
                dispatch.dispatch(Action::SetCurrency(c));
            }
        })
    };
    let share = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| {
            let Some(url) = current_url() else { return };
            let dispatch = dispatch.clone();
            let shown = url.clone();
            copy_to_clipboard(url, move |ok| {
                if ok {
                    dispatch.dispatch(Action::Note(Some(Ui::LinkCopied)));
                } else {
                    dispatch.dispatch(Action::ShareFallback(shown));
                }
            });
        })
    };
    html! {
        <div class="toolbar">
            <button type="button" data-testid="lang-switch" lang={other.code()} onclick={switch}
                    aria-label={format!("{}: {}", Ui::Language.text(lang), other.pick("English", "Français"))}>
                { other.pick("English", "Français") }
            </button>
            <label class="currency">
                <span>{ Ui::Currency.text(lang) }</span>
                <select onchange={currency}>
                    { for Currency::ALL.iter().map(|c| html! {
                        <option value={c.code()} selected={*c == props.currency}>{ c.code() }</option>
                    }) }
                </select>
            </label>
            <button type="button" data-testid="share-link" onclick={share}>{ Ui::Share.text(lang) }</button>
        </div>
    }
}
