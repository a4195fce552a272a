use crate::lang::Lang;
use crate::texts::Ui;
use crate::web::browser::{copy_to_clipboard, current_url, url_with_data, ShareError};
use crate::web::kept;
use crate::web::state::{Action, Currency, Data, State};
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    pub currency: Currency,
    /// "Share with data" (`share_data`), where there are data to pack into the link.
    #[prop_or_default]
    pub share_data: Option<Callback<MouseEvent>>,
    pub dispatch: UseReducerDispatcher<State>,
}

#[derive(Properties, PartialEq)]
pub struct LangSwitchProps {
    pub lang: Lang,
    pub dispatch: UseReducerDispatcher<State>,
    #[prop_or_default]
    pub class: Classes,
}

/// The language control: a button that switches to the other language, named in it.
#[component]
pub fn LangSwitch(props: &LangSwitchProps) -> Html {
    let lang = props.lang;
    let other = match lang {
        Lang::En => Lang::Fr,
        Lang::Fr => Lang::En,
    };
    let onclick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::SetLang(other)))
    };
    let name = other.name();
    html! {
        <button type="button" class={props.class.clone()} data-testid="lang-switch" lang={other.code()} {onclick}
                aria-label={format!("{}: {name}", Ui::Language.text(lang))}>
            { name }
        </button>
    }
}

/// Copies a link and says so; where the clipboard refuses, shows the link to copy.
fn copy_link(url: String, copied: Ui, dispatch: UseReducerDispatcher<State>) {
    let shown = url.clone();
    copy_to_clipboard(url, move |ok| {
        if ok {
            dispatch.dispatch(Action::Note(Some(copied)));
        } else {
            dispatch.dispatch(Action::ShareFallback(shown));
        }
    });
}

/// "Share with data": packs the data into a link and copies it.
pub fn share_data(data: Rc<Data>, dispatch: UseReducerDispatcher<State>) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        let dispatch = dispatch.clone();
        // A file too large to keep as text is too large for a link.
        let kept = data.file.is_none().then(|| kept::encode(&data));
        wasm_bindgen_futures::spawn_local(async move {
            let url = match kept {
                Some(kept) => url_with_data(kept).await,
                None => Err(ShareError::TooLarge),
            };
            match url {
                Ok(url) => copy_link(url, Ui::LinkWithDataCopied, dispatch),
                Err(ShareError::TooLarge) => {
                    dispatch.dispatch(Action::Note(Some(Ui::ShareTooLarge)))
                }
                Err(ShareError::Unavailable) => {
                    dispatch.dispatch(Action::Note(Some(Ui::LinkNotShared)))
                }
            }
        });
    })
}

/// Language, currency and the share control.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let lang = props.lang;
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
            if let Some(url) = current_url() {
                copy_link(url, Ui::LinkCopied, dispatch.clone());
            }
        })
    };
    let share_data = props.share_data.clone();
    html! {
        <div class="toolbar">
            <LangSwitch {lang} dispatch={props.dispatch.clone()} />
            <label class="currency">
                <span>{ Ui::Currency.text(lang) }</span>
                <select onchange={currency}>
                    { for Currency::ALL.iter().map(|c| html! {
                        <option value={c.code()} selected={*c == props.currency}>{ c.code() }</option>
                    }) }
                </select>
            </label>
            <button type="button" data-testid="share-link" onclick={share}>{ Ui::Share.text(lang) }</button>
            if let Some(onclick) = share_data {
                <button type="button" data-testid="share-with-data" {onclick}
                        title={Ui::ShareWithDataHelp.text(lang)}>{ Ui::ShareWithData.text(lang) }</button>
            }
        </div>
    }
}
