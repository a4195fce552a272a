use crate::import::{ColumnOverride, FatalError};
use crate::lang::Lang;
use crate::texts::Ui;
use crate::web::intl::Intl;
use crate::web::state::{Action, Costs, Data, Sheet, State};
use crate::web::state::{FileHandle, FileImport};
use crate::web::stream::{import_blob, StreamError, CHUNK};
use crate::web::workbook;
use gloo::timers::callback::Timeout;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{Blob, DragEvent, File, FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    /// The pasted text on screen (empty when the data came from a file).
    pub pasted: Rc<str>,
    /// The file's import: idle, reading or done.
    pub file: FileImport,
    /// Text pasted or typed, to import now.
    pub on_text: Callback<String>,
    /// A file chosen or dropped.
    pub on_file: Callback<File>,
    /// The user heads for the file picker (pointer, keyboard focus, a dragged file).
    pub on_heading: Callback<()>,
    /// The user comes near the panel (pointer, focus): the light page's cue to
    /// bring the full page (`web::light`).
    #[prop_or_default]
    pub on_near: Option<Callback<()>>,
}

/// Says an import of a file starts (its progress shows, an earlier one is cancelled)
/// and gives its cancel flag.
fn start_import(blob: &Blob, dispatch: &UseReducerDispatcher<State>) -> Rc<Cell<bool>> {
    let cancel = Rc::new(Cell::new(false));
    dispatch.dispatch(Action::StartImport {
        total: blob.size(),
        cancel: cancel.clone(),
    });
    cancel
}

/// Streams a file into the importer, with progress and a cancel flag; the previous
/// results stay until it has finished.
pub fn stream_file(
    blob: Blob,
    name: String,
    overrides: Vec<ColumnOverride>,
    costs: Costs,
    dispatch: UseReducerDispatcher<State>,
) {
    let cancel = start_import(&blob, &dispatch);
    wasm_bindgen_futures::spawn_local(async move {
        let options = crate::import::ImportOptions {
            overrides: overrides.clone(),
            ..Default::default()
        };
        let on_progress = {
            let (dispatch, flag) = (dispatch.clone(), cancel.clone());
            move |p| dispatch.dispatch(Action::Progress(p, flag.clone()))
        };
        let result = import_blob(&blob, options, CHUNK, &cancel, on_progress).await;
        // The end of the import, the views derived from it and their first drawing
        // are a task each: together they passed 50 ms with a 99 MB file.
        crate::web::browser::yield_to_browser().await;
        let data = match result {
            Err(StreamError::Cancelled) => return dispatch.dispatch(Action::Cancelled(cancel)),
            Ok(streamed) => {
                let file = streamed
                    .text
                    .is_none()
                    .then(|| FileHandle::new(blob.clone()));
                let text = Rc::from(streamed.text.unwrap_or_default());
                Data::from_import(name, text, file, overrides, costs, Ok(streamed.import))
            }
            Err(StreamError::Fatal(e)) => {
                // Kept with the file, so that its columns can still be mapped.
                Data::from_import(
                    name,
                    Rc::from(""),
                    Some(FileHandle::new(blob)),
                    overrides,
                    costs,
                    Err(e),
                )
            }
            Err(StreamError::Unreadable) => {
                Data::failed(name, crate::import::FatalError::Undecodable)
            }
        };
        crate::web::browser::yield_to_browser().await;
        dispatch.dispatch(Action::Imported(Rc::new(data), cancel));
    });
}

/// Reads a workbook's sheet (the first with a recognisable header unless one is
/// named) through the on-demand workbook worker.
pub fn read_workbook(
    blob: Blob,
    name: String,
    sheet: Option<String>,
    costs: Costs,
    dispatch: UseReducerDispatcher<State>,
) {
    let cancel = start_import(&blob, &dispatch);
    wasm_bindgen_futures::spawn_local(async move {
        let result = workbook::sheet_text(&blob, sheet).await;
        if cancel.get() {
            return dispatch.dispatch(Action::Cancelled(cancel));
        }
        let data = match result {
            Ok(s) => {
                let sheet = Sheet {
                    name: s.sheet,
                    sheets: s.sheets,
                    first_col: s.first_col,
                    workbook: Some(FileHandle::new(blob)),
                };
                Data::read(name, Rc::from(s.text), Vec::new(), costs, Some(sheet))
            }
            Err(e) => {
                let sheets = match &e {
                    FatalError::NoSheetWithHeader { sheets }
                    | FatalError::NoSheet { sheets, .. } => sheets.clone(),
                    _ => Vec::new(),
                };
                let mut data = Data::failed(name, e);
                // The sheet picker stays, to choose a sheet by hand.
                data.sheet = (!sheets.is_empty()).then(|| Sheet {
                    name: String::new(),
                    sheets,
                    first_col: 0,
                    workbook: Some(FileHandle::new(blob)),
                });
                data
            }
        };
        dispatch.dispatch(Action::Imported(Rc::new(data), cancel));
    });
}

/// Imports a file chosen or dropped: a workbook through the workbook worker, any
/// other file streamed.
pub fn read_file(file: File, dispatch: UseReducerDispatcher<State>) {
    let name = file.name();
    if !workbook::is_workbook(&name, &file.type_()) {
        return stream_file(file.into(), name, Vec::new(), Costs::default(), dispatch);
    }
    // Named a workbook: its first bytes say whether it is one (or a CSV so named).
    wasm_bindgen_futures::spawn_local(async move {
        let blob: Blob = file.into();
        if workbook::has_workbook_bytes(&blob).await {
            read_workbook(blob, name, None, Costs::default(), dispatch);
        } else {
            stream_file(blob, name, Vec::new(), Costs::default(), dispatch);
        }
    });
}

fn first_file(files: Option<FileList>) -> Option<File> {
    files?.get(0)
}

/// How long typing in the text box pauses before what it holds is imported.
const TYPING_PAUSE_MS: u32 = 300;

/// Paste, choose or drop a CSV of campaigns or a CRM export.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let lang = props.lang;
    let dragging = use_state(|| false);
    // A paste or a drop is imported at once; typing, once it pauses: a keystroke in a
    // pasted table of 1,000 campaigns does not import it again.
    let typing = use_mut_ref(|| None::<Timeout>);
    // The text as typed, held here: a render while it waits to be imported (a file's
    // progress) must show it, not the last imported text.
    let text = use_state(|| props.pasted.to_string());
    // Another text imported (a shared link, Clear, an undo) replaces it; the first render
    // has nothing to replace.
    let shown = use_mut_ref(|| props.pasted.clone());
    let replaced = *shown.borrow() != props.pasted;
    if replaced {
        *shown.borrow_mut() = props.pasted.clone();
        text.set(props.pasted.to_string());
    }
    let on_screen = if replaced {
        props.pasted.to_string()
    } else {
        (*text).clone()
    };
    let oninput = {
        let on_text = props.on_text.clone();
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let value = el.value();
            text.set(value.clone());
            let on_text = on_text.clone();
            let import = move || on_text.emit(value);
            // Read as a property: an event a script made may have no `inputType`.
            let kind = js_sys::Reflect::get(&e, &"inputType".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let whole_edit = kind.is_empty()
                || kind.starts_with("insertFrom")
                || kind.starts_with("history")
                || kind == "deleteByCut"
                || kind == "deleteByDrag";
            let mut typing = typing.borrow_mut();
            if whole_edit {
                typing.take();
                import();
            } else {
                // Replacing the timer cancels the previous one.
                *typing = Some(Timeout::new(TYPING_PAUSE_MS, import));
            }
        })
    };
    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = first_file(el.files()) {
                on_file.emit(file);
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
        let on_file = props.on_file.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let files = e.data_transfer().and_then(|d| d.files());
            if let Some(file) = first_file(files) {
                on_file.emit(file);
            }
        })
    };
    // Done is the state's, not the stream's: the results are on screen.
    let (progress, cancel, done) = match &props.file {
        FileImport::Idle => (None, None, false),
        FileImport::Reading { progress, cancel } => (Some(*progress), Some(cancel.clone()), false),
        FileImport::Done(progress) => (Some(*progress), None, true),
    };
    let progress = progress.map(|p| {
        let f = &*props.intl;
        let text = crate::texts::progress_text(p.bytes, p.total, p.rows, p.elapsed_ms, f, lang);
        let cancel = cancel.clone().map(|flag| Callback::from(move |_| flag.set(true)));
        html! {
            <div class={classes!("progress", done.then_some("done"))} role="status">
                <progress data-testid="import-progress" value={p.bytes.to_string()} max={p.total.max(1.0).to_string()}
                          aria-label={Ui::ImportProgress.text(lang)} data-rows={p.rows.to_string()}
                          data-done={done.to_string()}></progress>
                <span class="progress-text">{ text }</span>
                if let Some(onclick) = cancel {
                    <button type="button" class="secondary" data-testid="import-cancel" {onclick}>{ Ui::Cancel.text(lang) }</button>
                }
            </div>
        }
    });
    // Heading for the file picker (pointer, keyboard) or dragging a file onto it: the
    // full page warms the import up meanwhile (`web::warm`; not for a paste).
    let heading = props.on_heading.clone();
    let onpointerenter = heading.reform(|_: PointerEvent| ());
    let onfocusin = heading.reform(|_: FocusEvent| ());
    let ondragenter = heading.reform(|_: DragEvent| ());
    let near = props.on_near.clone();
    let near_pointer = near.as_ref().map(|n| n.reform(|_: PointerEvent| ()));
    let near_focus = near.as_ref().map(|n| n.reform(|_: FocusEvent| ()));
    html! {
        <section class="import" aria-labelledby="import-title"
                 onpointerenter={near_pointer} onfocusin={near_focus}>
            <h2 id="import-title">{ Ui::ManyCampaigns.text(lang) }</h2>
            <p class="help">{ Ui::PasteHelp.text(lang) }</p>
            <label for="csv-input" class="visually-hidden">{ Ui::PasteLabel.text(lang) }</label>
            <textarea id="csv-input" data-testid="csv-input" rows="6" spellcheck="false"
                      placeholder={Ui::PasteExample.text(lang)}
                      value={on_screen} {oninput} />
            <div class={classes!("drop", dragging.then_some("dragging"))}
                 {ondragover} {ondragleave} {ondrop} {onpointerenter} {onfocusin} {ondragenter}>
                <label class="file">
                    <span>{ Ui::ChooseFile.text(lang) }</span>
                    <input type="file" id="csv-file" data-testid="csv-file"
                           accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.ods,text/csv,text/tab-separated-values,text/plain" {onchange} />
                </label>
                <span>{ Ui::DropHere.text(lang) }</span>
            </div>
            // A slot that is always there: a progress bar coming or going must not
            // shift the children before it (Yew would redraw the textarea and lose
            // what is being pasted).
            <div class="progress-slot">{ for progress }</div>
        </section>
    }
}
