//! The page: a thin Yew shell over the KPI core (feature `web`).
//!
//! `state` holds the page's data and the actions on it (plain data, no browser call),
//! `kept` the format of kept and shared data, `browser` every call to the browser
//! beyond the DOM, `stream` a file's streamed import, `intl` number formatting,
//! `components` the views.

pub mod browser;
pub mod components;
pub mod intl;
pub mod kept;
pub mod parallel;
pub mod state;
pub mod stream;
pub mod warm;
pub mod workbook;
pub mod worker;

use crate::texts::Ui;
use components::calculator::Calculator;
use components::embed::{EmbedDialog, EmbedLayout};
use components::goal_seek::GoalSeek;
use components::import_panel::ImportPanel;
use components::results::Results;
use components::toolbar::Toolbar;
use components::whatif::WhatIf;
use intl::Intl;
use state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;

/// Mounts the app on the page's body.
pub fn mount() {
    // With `panic = "abort"` a panic ends in a trap; its message is left for the
    // page's guard (`static/guard.js`), which shows the recovery message.
    yew::set_custom_panic_hook(Box::new(|info| {
        if let Some(w) = web_sys::window() {
            let _ =
                js_sys::Reflect::set(&w, &"__prospectKpiPanic".into(), &info.to_string().into());
        }
    }));
    yew::Renderer::<App>::new().render();
}

/// A test-only switch (the end-to-end tests call it through Trunk's
/// `window.wasmBindings`): stops the wasm as a bug (`panic`) or an exhausted memory
/// (`memory`) would, to check that the page says so and recovers.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn test_trap(kind: &str) {
    if kind == "memory" {
        // The path of an allocation the memory cannot hold: the wasm traps.
        std::alloc::handle_alloc_error(std::alloc::Layout::new::<[u8; 1024]>());
    }
    panic!("test trap ({kind})");
}

/// The state a visit starts from: the URL, else the browser's language, and the
/// data kept by an earlier visit.
pub fn initial_state() -> State {
    let url = browser::read_url();
    let lang = url.lang.or_else(browser::browser_lang).unwrap_or_default();
    let mut state = State::new(lang, url.currency.unwrap_or_default(), url.fields);
    state.embed = url.embed;
    state.view = url.view;
    state.scenario = Rc::new(url.scenario);
    if !url.ignored.is_empty() {
        state.note = Some(Ui::UrlIgnored);
    }
    // An embedded calculator is a fresh one: it neither reads nor writes stored data.
    if state.embed.is_none() {
        let (data, storage) = browser::restore(kept::decode);
        state.data = data.map(Rc::new);
        state.storage = storage;
        if storage == state::Storage::Discarded {
            state.note = Some(Ui::StorageDiscarded);
        }
        // Kept data are shown through the URL's grouping and filters.
        if let Some(d) = &state.data {
            if d.view != state.view {
                state.data = Some(Rc::new(d.with_view(&state.view)));
            }
        }
    }
    state
}

#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    let lang = state.lang;
    let intl = use_memo((lang, state.currency), |&(l, c)| Intl::new(l, c));
    let inputs = use_memo(state.fields.clone(), state::inputs_of);
    {
        let parts = browser::UrlParts {
            lang,
            currency: state.currency,
            fields: state.fields.clone(),
            view: state.view.clone(),
            scenario: state.scenario.clone(),
        };
        use_effect_with(parts, |parts| browser::write_url_soon(parts.clone()));
        // Apart: a change of `<html lang>` restyles the whole document.
        use_effect_with(lang, |lang| {
            browser::set_document_lang(*lang, Ui::Title.text(*lang));
        });
    }
    {
        let dispatch = dispatch.clone();
        // An embed keeps nothing; data opened from a shared link do not replace the
        // user's own kept data.
        let embedded = state.embed.is_some() || state.shared;
        // Kept again when the import or a typed cost changes, not when only the view
        // (grouping, filters) does.
        let data = state.data.clone();
        let key = data
            .as_ref()
            .map(|d| (Rc::as_ptr(&d.result) as usize, d.costs.clone()));
        use_effect_with(key, move |_| {
            if !embedded {
                let keep = match data.as_deref() {
                    None => browser::Keep::Nothing,
                    // Read from a file too large to keep as text.
                    Some(d) if d.file.is_some() => browser::Keep::TooLarge,
                    Some(d) => browser::Keep::Text(kept::encode(d)),
                };
                let kept = browser::store(keep);
                dispatch.dispatch(Action::Stored(kept));
            }
        });
    }
    {
        // A link shared with its data: they replace any kept ones.
        let dispatch = dispatch.clone();
        let embedded = state.embed.is_some();
        use_effect_with((), move |_| {
            if !embedded {
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(shared) = browser::shared_data().await else {
                        return;
                    };
                    match shared.as_deref().and_then(kept::decode) {
                        Some(data) => dispatch.dispatch(Action::OpenShared(Rc::new(data))),
                        None => dispatch.dispatch(Action::Note(Some(Ui::SharedDataBroken))),
                    }
                });
            }
        });
    }
    {
        let embed = state.embed.clone();
        use_effect_with((), move |_| {
            // For the benchmark: when the first KPIs are on screen.
            if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
                let _ = p.mark("prospect-kpi:first-kpi");
            }
            browser::set_embedded(embed.is_some());
            if let Some(e) = embed {
                browser::set_theme(e.theme);
                browser::report_height();
            }
        });
    }
    let narrow = use_state_eq(browser::is_narrow);
    {
        let narrow = narrow.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_resize(move || narrow.set(browser::is_narrow()));
            move || drop(listener)
        });
    }
    let narrow = components::Narrow(*narrow);
    // The same callback from one render to the next: the what-if panel (its
    // sensitivity table) is not drawn again when only the results change.
    let scenario_changed = use_callback(dispatch.clone(), |c, dispatch| {
        dispatch.dispatch(Action::SetScenario(c))
    });
    if let Some(embed) = &state.embed {
        return html! {
            <EmbedLayout {lang} intl={intl.clone()} fields={state.fields.clone()} inputs={inputs.clone()}
                         scenario={state.scenario.clone()}
                         embed={embed.clone()} dispatch={dispatch.clone()} />
        };
    }
    let pasted: Rc<str> = match &state.data {
        Some(d) if d.name.is_empty() => d.text.clone(),
        _ => Rc::from(""),
    };
    let dismiss = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Note(None)))
    };
    html! {
        <ContextProvider<components::Narrow> context={narrow}>
            <header class="page-header">
                <div>
                    <h1>{ Ui::Title.text(lang) }</h1>
                    <p class="tagline">{ Ui::Tagline.text(lang) }</p>
                </div>
                <Toolbar {lang} currency={state.currency} data={state.data.clone()} dispatch={dispatch.clone()} />
            </header>
            <EmbedDialog {lang} currency={state.currency} fields={state.fields.clone()} />
            <main>
                if let Some(note) = state.note {
                    <div class="note" role="status">
                        { note.text(lang) }
                        if let Some(url) = &state.share_fallback {
                            { " " }<input type="text" readonly=true value={url.clone()} class="share-url" />
                        }
                        <button type="button" class="secondary" onclick={dismiss} aria-label={Ui::Dismiss.text(lang)}>{ "×" }</button>
                    </div>
                }
                <Calculator {lang} intl={intl.clone()} fields={state.fields.clone()} dispatch={dispatch.clone()} />
                <WhatIf {lang} intl={intl.clone()} inputs={inputs.clone()} changes={state.scenario.clone()}
                        on_change={scenario_changed} />
                <GoalSeek {lang} intl={intl.clone()} inputs={inputs.clone()} />
                <ImportPanel {lang} intl={intl.clone()} {pasted} file={state.file.clone()}
                             dispatch={dispatch.clone()} />
                if let Some(data) = &state.data {
                    <Results {lang} intl={intl.clone()} data={data.clone()} sort={state.sort}
                             storage={state.storage} dispatch={dispatch.clone()} />
                }
            </main>
            <footer class="page-footer"><p>{ Ui::Privacy.text(lang) }</p></footer>
        </ContextProvider<components::Narrow>>
    }
}
