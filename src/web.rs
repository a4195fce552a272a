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
pub mod light;
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
use components::import_panel::{read_file, ImportPanel};
use components::results::Results;
use components::toolbar::Toolbar;
use components::whatif::WhatIf;
use intl::Intl;
use state::{Action, State};
use std::rc::Rc;
use yew::prelude::*;

/// Mounts the full page on its own root; while the light page hands over to it
/// (`light`), apart from the document until it takes over ([`show_full_page`]).
pub fn mount() {
    set_panic_hook();
    let waiting = light::Handover::waiting();
    if let Some(root) = page_root("full", !waiting) {
        if waiting {
            WAITING.with(|w| *w.borrow_mut() = Some(root.clone()));
        }
        yew::Renderer::<App>::with_root(root).render();
    }
}

thread_local! {
    /// The full page's root, drawn apart while the light page hands over.
    static WAITING: std::cell::RefCell<Option<web_sys::Element>> = const { std::cell::RefCell::new(None) };
}

/// A new root for a page (`light` or `full`, in `data-page`), laid out as the body
/// itself (`.page-root`), at the end of the body when `attach`.
fn page_root(page: &str, attach: bool) -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name("page-root");
    root.set_attribute("data-page", page).ok()?;
    if attach {
        document.body()?.append_child(&root).ok()?;
    }
    Some(root)
}

/// Puts the full page, drawn apart while the light page handed over, in the
/// document: in the task where the light page left, so that no test or keystroke
/// ever meets the two pages at once.
fn show_full_page() {
    let root = WAITING.with(|w| w.borrow_mut().take());
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let (Some(root), Some(body)) = (root, body) {
        let _ = body.append_child(&root);
    }
}

/// With `panic = "abort"` a panic ends in a trap; its message is left for the
/// page's guard (`static/guard.js`), which shows the recovery message.
pub fn set_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        if let Some(w) = web_sys::window() {
            let _ =
                js_sys::Reflect::set(&w, &"__prospectKpiPanic".into(), &info.to_string().into());
        }
    }));
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

/// The light page's state: the URL's, else the browser's language; no data.
pub fn light_state() -> State {
    let url = browser::read_url();
    let lang = url.lang.or_else(browser::browser_lang).unwrap_or_default();
    let mut state = State::light(lang, url.currency.unwrap_or_default(), url.fields);
    state.embed = url.embed;
    state.view = url.view;
    state.scenario = Rc::new(url.scenario);
    if !url.ignored.is_empty() {
        state.note = Some(Ui::UrlIgnored);
    }
    state
}

/// The state a visit starts from: the URL, else the browser's language, and the
/// data kept by an earlier visit.
pub fn initial_state() -> State {
    let mut state = State {
        data_ops: Some(state::DataOps::FULL),
        ..light_state()
    };
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

/// The full page: the calculator, the import and the results. Loaded by the light
/// page (`light`) when the user comes to the import or when there are data to show.
#[component]
pub fn App() -> Html {
    let state = use_reducer(initial_state);
    let dispatch = state.dispatcher();
    let lang = state.lang;
    let intl = use_memo((lang, state.currency), |&(l, c)| Intl::new(l, c));
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
    let on_text = use_callback(dispatch.clone(), |text: String, dispatch| {
        dispatch.dispatch(Action::Import {
            name: String::new(),
            text: Ok(Rc::from(text)),
        })
    });
    let on_file = use_callback(dispatch.clone(), |file: web_sys::File, dispatch| {
        read_file(file, dispatch.clone())
    });
    // Heading for the file picker: the import warms up (`web::warm`).
    let on_heading = use_callback((), |(), ()| warm::warm_up());
    {
        // What the light page was given before the full page came: imported now.
        let on_text = on_text.clone();
        let on_file = on_file.clone();
        let (fields, dispatch) = (state.fields.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            let handed = light::Handover::take();
            show_full_page();
            // A field typed in since the URL this page started from was written.
            if handed.left {
                for (input, text) in browser::read_url().fields.iter() {
                    if fields[input] != *text {
                        dispatch.dispatch(Action::SetField(input, text.clone()));
                    }
                }
            }
            handed.restore();
            if handed.heading {
                warm::warm_up();
            }
            if let Some(text) = handed.text {
                on_text.emit(text);
            }
            if let Some(file) = handed.file {
                on_file.emit(file);
            }
        });
    }
    let share_data = {
        let (data, dispatch) = (state.data.clone(), dispatch.clone());
        use_memo(data.as_ref().map(|d| Rc::as_ptr(d) as usize), move |_| {
            data.map(|d| components::toolbar::share_data(d, dispatch))
        })
    };
    let pasted: Rc<str> = match &state.data {
        Some(d) if d.name.is_empty() => d.text.clone(),
        _ => Rc::from(""),
    };
    let import = html! {
        <ImportPanel {lang} intl={intl.clone()} {pasted} file={state.file.clone()}
                     {on_text} {on_file} {on_heading} />
    };
    let results = match &state.data {
        Some(data) => html! {
            <Results {lang} intl={intl.clone()} data={data.clone()} sort={state.sort}
                     storage={state.storage} dispatch={dispatch.clone()} />
        },
        None => Html::default(),
    };
    let embed_dialog = html! {
        <EmbedDialog {lang} currency={state.currency} fields={state.fields.clone()} />
    };
    html! {
        <Page {state} {intl} {import} {embed_dialog} {results} share_data={(*share_data).clone()} />
    }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    pub state: UseReducerHandle<State>,
    pub intl: Rc<Intl>,
    /// The import panel.
    pub import: Html,
    /// The "embed this calculator" dialog.
    pub embed_dialog: Html,
    /// The results of imported data, if any.
    #[prop_or_default]
    pub results: Html,
    /// "Share with data", where there are data.
    #[prop_or_default]
    pub share_data: Option<Callback<MouseEvent>>,
}

/// What the full page and the light page share: the URL and `<html lang>` kept in
/// step with the state, the first-KPI mark, the embed's setup, the phone layout, and
/// the page around the import panel and the results.
#[component]
pub fn Page(props: &PageProps) -> Html {
    let state = &props.state;
    let dispatch = state.dispatcher();
    let lang = state.lang;
    let intl = &props.intl;
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
                <Toolbar {lang} currency={state.currency} share_data={props.share_data.clone()}
                         dispatch={dispatch.clone()} />
            </header>
            { props.embed_dialog.clone() }
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
                { props.import.clone() }
                { props.results.clone() }
            </main>
            <footer class="page-footer"><p>{ Ui::Privacy.text(lang) }</p></footer>
        </ContextProvider<components::Narrow>>
    }
}
