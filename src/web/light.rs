//! The light page: the first load. A visit usually starts with the calculator: the
//! light page draws it (with the what-if and goal-seek panels and the `?embed=1`
//! layout; the import panel and the "embed this calculator" control only look the
//! part) from a small wasm (`prospect-kpi-web`). The importer, the results, the embed
//! dialog and their views are the full page's ([`super::App`], the `prospect-kpi-app`
//! wasm), brought by [`hand_over`] when the user comes near the import panel
//! (pointer, focus, a dragged file), pastes, chooses a file or opens the embed
//! dialog, and at once when there are data to show (kept by an earlier visit, or in
//! a shared link). An embed stays light.
//!
//! The hand-over: the light page writes its state into the URL at once and leaves a
//! `leave` function in `window.__prospectKpiHandover`; the full page mounts apart
//! from the document, reads the URL as on any visit, and once drawn calls `leave`
//! ([`Handover::take`]), which gives what was pasted or chosen and where the
//! keyboard's focus was, and unmounts the light page; the full page enters the
//! document in the same task, so that nothing typed is lost and nothing (a user, a
//! test's selector) ever meets the two pages at once.
//! `static/full-page.js` loads the full page's script (a no-modules build, whose
//! global `wasm_bindgen` a classic script can name).

use super::browser;
use super::components::embed::EmbedDoor;
use super::components::import_panel::ImportPanel;
use super::intl::Intl;
use super::state::{Action, FileImport, State};
use super::{Page, PageProps};
use crate::texts::Ui;
use js_sys::{Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, File, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// Where the light page leaves what the full page takes.
const HANDOVER: &str = "__prospectKpiHandover";

thread_local! {
    static MOUNTED: RefCell<Option<(yew::AppHandle<Light>, Element)>> = const { RefCell::new(None) };
    static HANDING: Cell<bool> = const { Cell::new(false) };
    /// A file chosen or dropped while the full page loads.
    static FILE: RefCell<Option<File>> = const { RefCell::new(None) };
    /// The user headed for the file picker: the full page warms its import up.
    static HEADING: Cell<bool> = const { Cell::new(false) };
    /// A note for the light page's first drawing.
    static NOTE: Cell<Option<Ui>> = const { Cell::new(None) };
}

/// Starts the page: the light page, or the full page at once when there are data
/// to show.
pub fn mount() {
    super::set_panic_hook();
    let embedded = browser::read_url().embed.is_some();
    if !embedded && browser::has_data_to_show() {
        return hand_over(None);
    }
    mount_light();
}

fn mount_light() {
    if let Some(root) = super::page_root("light", true) {
        let handle = yew::Renderer::<Light>::with_root(root.clone()).render();
        MOUNTED.with(|m| *m.borrow_mut() = Some((handle, root)));
    }
}

/// The light page: the calculator, and an import panel that brings the full page.
#[component]
pub fn Light() -> Html {
    let state = use_reducer(|| {
        let mut state = super::light_state();
        state.note = NOTE.with(Cell::take).or(state.note);
        state
    });
    let lang = state.lang;
    let intl = use_memo((lang, state.currency), |&(l, c)| Intl::new(l, c));
    let bring = {
        let dispatch = state.dispatcher();
        use_callback((), move |(), ()| hand_over(Some(dispatch.clone())))
    };
    let on_text = use_callback(bring.clone(), |_text: String, bring| bring.emit(()));
    let on_file = use_callback(bring.clone(), |file: File, bring| {
        FILE.with(|f| *f.borrow_mut() = Some(file));
        bring.emit(())
    });
    let on_heading = use_callback(bring.clone(), |(), bring| {
        HEADING.with(|h| h.set(true));
        bring.emit(())
    });
    let import = html! {
        <ImportPanel {lang} intl={intl.clone()} pasted={Rc::<str>::from("")} file={FileImport::Idle}
                     {on_text} {on_file} {on_heading} on_near={Some(bring.clone())} />
    };
    let embed_dialog = html! { <EmbedDoor {lang} on_open={bring} /> };
    let props = yew::props!(PageProps {
        state,
        intl,
        import,
        embed_dialog
    });
    html! { <Page ..props /> }
}

/// Brings the full page and hands over to it (once; again after a failure). A
/// failure leaves the light page as it was, with a note (through `dispatch`); when
/// the visit started for its data (no light page yet), the light page comes, with
/// the note.
pub fn hand_over(dispatch: Option<UseReducerDispatcher<State>>) {
    if HANDING.with(|h| h.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Ok(mount_app) = load_full_page().await {
            // The full page starts from the URL, written now.
            browser::flush_url();
            let leave = wasm_bindgen::closure::Closure::once_into_js(leave);
            let handover = js_sys::Object::new();
            let set = Reflect::set(&handover, &"leave".into(), &leave);
            if let (Ok(_), Some(window)) = (set, web_sys::window()) {
                let _ = Reflect::set(&window, &HANDOVER.into(), &handover);
                if mount_app.call0(&JsValue::NULL).is_ok() {
                    return;
                }
                let _ = Reflect::delete_property(&window, &HANDOVER.into());
            }
        }
        HANDING.with(|h| h.set(false));
        match dispatch {
            Some(dispatch) => dispatch.dispatch(Action::Note(Some(Ui::ImportNotLoaded))),
            // Kept or shared data could not be shown: the calculator at least, saying so.
            None => {
                NOTE.with(|n| n.set(Some(Ui::ImportNotLoaded)));
                mount_light();
            }
        }
    });
}

/// Loads the full page's wasm (`static/full-page.js`): its `mount_app`.
async fn load_full_page() -> Result<Function, JsValue> {
    let window: JsValue = web_sys::window().ok_or(JsValue::NULL)?.into();
    let load: Function = Reflect::get(&window, &"__prospectKpiLoadFullPage".into())?.dyn_into()?;
    let promise: Promise = load.call0(&JsValue::NULL)?.dyn_into()?;
    let bindings = JsFuture::from(promise).await?;
    Reflect::get(&bindings, &"mount_app".into())?.dyn_into()
}

/// The light page leaves, called by the full page once it is drawn (apart): gives
/// what was pasted or chosen and where the keyboard's focus was, at this very
/// moment, and unmounts. The full page enters the document in the same task, so
/// no keystroke falls between the two.
fn leave() -> JsValue {
    // Fields typed since the hand-over began: the full page takes them from the URL.
    browser::flush_url();
    let handover = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| {
        let _ = Reflect::set(&handover, &key.into(), value);
    };
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let text = document
            .get_element_by_id("csv-input")
            .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default();
        if !text.is_empty() {
            set("text", &text.into());
        }
        if let Some(active) = document.active_element().filter(|a| !a.id().is_empty()) {
            set("focus", &active.id().into());
            let range = match active.dyn_ref::<HtmlInputElement>() {
                Some(i) => (i.selection_start(), i.selection_end()),
                None => match active.dyn_ref::<HtmlTextAreaElement>() {
                    Some(t) => (t.selection_start(), t.selection_end()),
                    None => (Ok(None), Ok(None)),
                },
            };
            if let (Ok(Some(start)), Ok(Some(end))) = range {
                set("start", &start.into());
                set("end", &end.into());
            }
        }
    }
    if let Some(file) = FILE.with(|f| f.borrow_mut().take()) {
        set("file", &file.into());
    }
    if embed_dialog().is_some_and(|d| d.open()) {
        set("embed", &true.into());
    }
    if HEADING.with(Cell::get) {
        set("heading", &true.into());
    }
    if let Some((handle, root)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
        root.remove();
    }
    handover.into()
}

/// What the light page handed over (nothing on a visit that started full).
#[derive(Default)]
pub struct Handover {
    /// Whether the light page was there and left.
    pub left: bool,
    pub text: Option<String>,
    pub file: Option<File>,
    /// The focused element's id and its text selection.
    focus: Option<(String, Option<(u32, u32)>)>,
    /// The "embed this calculator" dialog was opened.
    embed: bool,
    /// The user headed for the file picker.
    pub heading: bool,
}

/// The page's "embed this calculator" dialog.
fn embed_dialog() -> Option<web_sys::HtmlDetailsElement> {
    web_sys::window()?
        .document()?
        .query_selector("details.embed-dialog")
        .ok()??
        .dyn_into()
        .ok()
}

impl Handover {
    /// Whether the light page is waiting to hand over (the full page then draws
    /// itself apart from the document, until [`Handover::take`]).
    pub fn waiting() -> bool {
        web_sys::window()
            .and_then(|w| Reflect::get(&w, &HANDOVER.into()).ok())
            .is_some_and(|h| h.is_object())
    }

    /// Has the light page leave, and takes what it gives.
    pub fn take() -> Handover {
        let Some(window) = web_sys::window() else {
            return Handover::default();
        };
        let leave = Reflect::get(&window, &HANDOVER.into())
            .and_then(|h| Reflect::get(&h, &"leave".into()))
            .and_then(|l| l.dyn_into::<Function>());
        let _ = Reflect::delete_property(&window, &HANDOVER.into());
        let Ok(handover) = leave.and_then(|l| l.call0(&JsValue::NULL)) else {
            return Handover::default();
        };
        let get = |key: &str| Reflect::get(&handover, &key.into()).ok();
        let number = |key: &str| get(key).and_then(|v| v.as_f64()).map(|n| n as u32);
        let selection = number("start").zip(number("end"));
        Handover {
            left: true,
            text: get("text").and_then(|t| t.as_string()),
            file: get("file").and_then(|f| f.dyn_into().ok()),
            focus: get("focus")
                .and_then(|f| f.as_string())
                .map(|id| (id, selection)),
            embed: get("embed").is_some_and(|e| e.is_truthy()),
            heading: get("heading").is_some_and(|e| e.is_truthy()),
        }
    }

    /// Opens the embed dialog again if it was, and gives the keyboard's focus back
    /// where it was, with its selection.
    pub fn restore(&self) {
        if self.embed {
            if let Some(d) = embed_dialog() {
                d.set_open(true);
            }
        }
        let Some((id, selection)) = &self.focus else {
            return;
        };
        let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
        else {
            return;
        };
        if let Some(e) = element.dyn_ref::<web_sys::HtmlElement>() {
            let _ = e.focus();
        }
        if let Some((start, end)) = selection {
            if let Some(i) = element.dyn_ref::<HtmlInputElement>() {
                let _ = i.set_selection_range(*start, *end);
            } else if let Some(t) = element.dyn_ref::<HtmlTextAreaElement>() {
                let _ = t.set_selection_range(*start, *end);
            }
        }
    }
}
