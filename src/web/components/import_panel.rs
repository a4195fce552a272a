use crate::lang::Lang;
use crate::texts::Ui;
use crate::web::browser::decode_file;
use crate::web::state::{Action, State};
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub lang: Lang,
    /// The pasted text on screen (empty when the data came from a file).
    pub pasted: Rc<str>,
    pub reading: bool,
    pub dispatch: UseReducerDispatcher<State>,
}

/// Reads a chosen or dropped file and imports it.
fn read_file(file: File, dispatch: UseReducerDispatcher<State>) {
    dispatch.dispatch(Action::StartReading);
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let bytes = match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => Vec::new(),
        };
        let text = decode_file(&bytes).map(Rc::from);
        dispatch.dispatch(Action::Import { name, text });
    });
}

fn first_file(files: Option<FileList>) -> Option<File> {
    files?.get(0)
}

/// Paste, choose or drop a CSV of campaigns or a CRM export.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let lang = props.lang;
    let dragging = use_state(|| false);
    let oninput = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.dispatch(Action::Import {
                name: String::new(),
                text: Ok(Rc::from(el.value())),
            });
        })
    };
    let onchange = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = first_file(el.files()) {
                read_file(file, dispatch.clone());
            }
            // Choosing the same file again must fire again.
            el.set_value("");
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dispatch = props.dispatch.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let files = e.data_transfer().and_then(|d| d.files());
            if let Some(file) = first_file(files) {
                read_file(file, dispatch.clone());
            }
        })
    };
    html! {
        <section class="import" aria-labelledby="import-title">
            <h2 id="import-title">{ Ui::ManyCampaigns.text(lang) }</h2>
            <p class="help">{ Ui::PasteHelp.text(lang) }</p>
            <label for="csv-input" class="visually-hidden">{ Ui::PasteLabel.text(lang) }</label>
            <textarea id="csv-input" data-testid="csv-input" rows="6" spellcheck="false"
                      placeholder={"campaign;cost;leads;converted;revenue\nSpring;5000;200;10;20000"}
                      value={props.pasted.to_string()} {oninput} />
            <div class={classes!("drop", dragging.then_some("dragging"))}
                 {ondragover} {ondragleave} {ondrop}>
                <label class="file">
                    <span>{ Ui::ChooseFile.text(lang) }</span>
                    <input type="file" data-testid="csv-file"
                           accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values,text/plain" {onchange} />
                </label>
                <span>{ Ui::DropHere.text(lang) }</span>
                if props.reading {
                    <span class="reading" role="status">{ Ui::Reading.text(lang) }</span>
                }
            </div>
        </section>
    }
}
