//! Every touch of the browser beyond the DOM Yew draws: the URL, localStorage, the
//! clipboard, `<html lang>`. Failures are values; nothing here panics.

use super::state::Storage;
use crate::group::View;
use crate::lang::Lang;
use crate::url_state::UrlState;
use crate::url_state::{Currency, Theme, UrlFields as Fields};
use crate::whatif::{format_changes, Lever};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::UrlSearchParams;

const STORAGE_KEY: &str = "prospect-kpi:data";

fn search_params() -> Option<UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// Reads the page's URL; unknown, malformed or oversized parameters are ignored
/// and listed in `ignored`.
pub fn read_url() -> UrlState {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    UrlState::parse(&search)
}

/// The browser's language, if French or English.
pub fn browser_lang() -> Option<Lang> {
    let language = web_sys::window()?.navigator().language()?;
    Lang::from_tag(&language)
}

/// How long after the last change the URL is written: a `history.replaceState` costs
/// a few milliseconds of a keystroke's 16, and Chrome throttles a page that calls it
/// hundreds of times in a few seconds.
const URL_DELAY_MS: u32 = 250;

thread_local! {
    static URL_TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static URL_PENDING: RefCell<Option<UrlParts>> = const { RefCell::new(None) };
}

/// What the page writes into its URL.
#[derive(Clone, PartialEq)]
pub struct UrlParts {
    pub lang: Lang,
    pub currency: Currency,
    pub fields: Fields,
    pub view: View,
    pub scenario: Rc<Vec<(Lever, f64)>>,
}

/// Writes the state into the URL a moment later, once the typing has paused.
pub fn write_url_soon(parts: UrlParts) {
    URL_PENDING.with(|p| *p.borrow_mut() = Some(parts));
    // Replacing the timer drops (cancels) the previous one, which has not fired.
    let timer = Timeout::new(URL_DELAY_MS, write_pending_url);
    URL_TIMER.with(|t| *t.borrow_mut() = Some(timer));
}

fn write_pending_url() {
    if let Some(parts) = URL_PENDING.with(|p| p.borrow_mut().take()) {
        write_url(&parts);
    }
}

/// Writes a pending URL now (before the address is copied).
pub fn flush_url() {
    URL_TIMER.with(|t| t.borrow_mut().take());
    write_pending_url();
}

/// Writes the state into the URL (replacing the history entry), keeping the
/// parameters that are not ours (`embed`, …).
fn write_url(parts: &UrlParts) {
    let UrlParts {
        lang,
        currency,
        fields,
        view,
        scenario,
    } = parts;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(params) = search_params() else {
        return;
    };
    params.set("lang", lang.code());
    params.set("cur", currency.code());
    for (input, text) in fields.iter() {
        if text.trim().is_empty() {
            params.delete(input.key());
        } else {
            params.set(input.key(), text.trim());
        }
    }
    match view.by {
        Some(by) => params.set("by", by.key()),
        None => params.delete("by"),
    }
    if scenario.is_empty() {
        params.delete("scenario");
    } else {
        params.set("scenario", &format_changes(scenario));
    }
    params.delete("where");
    for f in &view.filters {
        params.append("where", &format!("{}:{}", f.dim.key(), f.value));
    }
    // `where=channel:LinkedIn` as the contract writes it: a colon needs no escape in
    // a query.
    let query: String = String::from(params.to_string())
        .replace("%3A", ":")
        .replace("%2C", ",");
    let Ok(path) = window.location().pathname() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let url = format!("{path}?{query}");
    let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
}

/// An address relative to the page, made absolute (for snippets pasted elsewhere).
pub fn absolute_url(relative: &str) -> Option<String> {
    let here = web_sys::window()?.location().href().ok()?;
    Some(web_sys::Url::new_with_base(relative, &here).ok()?.href())
}

/// The full page's address for the attribution link: this URL without the embed
/// options.
pub fn full_page_url() -> Option<String> {
    let window = web_sys::window()?;
    let params = search_params()?;
    for k in ["embed", "kpis", "theme", "explain", "whatif"] {
        params.delete(k);
    }
    let path = window.location().pathname().ok()?;
    let query: String = params.to_string().into();
    absolute_url(&format!("{path}?{query}"))
}

/// The message the embedded page sends its parent whenever its height changes:
/// `{ type: "prospect-kpi:height", height: <CSS pixels> }`.
pub const HEIGHT_MESSAGE: &str = "prospect-kpi:height";

/// In an iframe, tells the parent page our height now and whenever it changes.
pub fn report_height() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let Some(html) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let measured = html.clone();
    let send = move || {
        let rect = measured.get_bounding_client_rect();
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &HEIGHT_MESSAGE.into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &rect.height().ceil().into());
        let _ = js_sys::Reflect::set(&message, &"width".into(), &rect.width().round().into());
        // Only a size is sent: nothing the user typed leaves the page.
        let _ = parent.post_message(&message, "*");
    };
    send();
    let callback = Closure::<dyn FnMut()>::new(send);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        if let Some(body) = window.document().and_then(|d| d.body()) {
            observer.observe(&body);
        }
        observer.observe(&html);
    }
    // The observer lives as long as the page.
    callback.forget();
}

/// Forces a colour theme (`auto` follows the system).
pub fn set_theme(theme: Theme) {
    let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match theme {
        Theme::Auto => html.remove_attribute("data-theme"),
        t => html.set_attribute("data-theme", t.key()),
    };
}

/// Marks the document as embedded, for the compact stylesheet.
pub fn set_embedded(embedded: bool) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.class_list().toggle_with_force("embed", embedded);
    }
}

/// The page's address, as the share control copies it (with the last change in).
pub fn current_url() -> Option<String> {
    flush_url();
    web_sys::window()?.location().href().ok()
}

/// Sets `<html lang>` and the title.
pub fn set_document_lang(lang: Lang, title: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(html) = document.document_element() {
        let _ = html.set_attribute("lang", lang.code());
    }
    document.set_title(title);
}

/// Copies text to the clipboard; the answer comes later, through `done`. Where the
/// browser has no clipboard API (`navigator.clipboard` is undefined on plain http) or
/// it throws, the answer is `false`, never an exception through the wasm.
pub fn copy_to_clipboard(text: String, done: impl FnOnce(bool) + 'static) {
    let promise = (|| {
        let navigator = web_sys::window()?.navigator();
        let clipboard = js_sys::Reflect::get(&navigator, &"clipboard".into()).ok()?;
        let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        write
            .call1(&clipboard, &text.as_str().into())
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()
    })();
    let Some(promise) = promise else {
        done(false);
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        done(ok);
    });
}

/// Offers text as a file download (no server: a Blob and a temporary link).
pub fn download(name: &str, mime: &str, text: &str) -> bool {
    download_part(name, mime, &wasm_bindgen::JsValue::from_str(text))
}

/// Offers bytes as a file download.
pub fn download_bytes(name: &str, mime: &str, bytes: &js_sys::Uint8Array) -> bool {
    download_part(name, mime, bytes)
}

fn download_part(name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &options)
    else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let ok = document
        .create_element("a")
        .ok()
        .and_then(|a| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlAnchorElement>(a).ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(name);
            a.click();
        })
        .is_some();
    let _ = web_sys::Url::revoke_object_url(&url);
    ok
}

/// Opens the browser's print dialog (the print stylesheet makes it a report).
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// What to keep for the next visit.
pub enum Keep {
    Nothing,
    /// The data in the kept format (`web::kept`).
    Text(String),
    /// Data read from a file too large to keep as text.
    TooLarge,
}

/// Keeps the imported data for the next visit; says whether it could.
pub fn store(keep: Keep) -> Storage {
    let Some(storage) = local_storage() else {
        return Storage::Unavailable;
    };
    let text = match keep {
        Keep::Nothing => {
            return match storage.remove_item(STORAGE_KEY) {
                Ok(()) => Storage::Fine,
                Err(_) => Storage::Unavailable,
            };
        }
        Keep::TooLarge => {
            let _ = storage.remove_item(STORAGE_KEY);
            return Storage::Full;
        }
        Keep::Text(text) => text,
    };
    match storage.set_item(STORAGE_KEY, &text) {
        Ok(()) => Storage::Fine,
        Err(_) => {
            // Do not leave an older file behind to come back unexpectedly.
            let _ = storage.remove_item(STORAGE_KEY);
            Storage::Full
        }
    }
}

/// Whether an earlier visit kept data, or the address brings shared data
/// (`#data=…`): then the page opens as the full page, which shows them.
pub fn has_data_to_show() -> bool {
    // Asked by name: the kept text (megabytes, maybe) is not copied to be looked at.
    let kept = local_storage()
        .is_some_and(|s| js_sys::Reflect::has(&s, &STORAGE_KEY.into()).unwrap_or(false));
    let shared = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|h| h.starts_with("#data="));
    kept || shared
}

/// The data kept by an earlier visit, if any and readable by `decode`. A stale or
/// corrupt entry is removed.
pub fn restore<T>(decode: impl FnOnce(&str) -> Option<T>) -> (Option<T>, Storage) {
    let Some(storage) = local_storage() else {
        return (None, Storage::Unavailable);
    };
    let Ok(Some(kept)) = storage.get_item(STORAGE_KEY) else {
        return (None, Storage::Fine);
    };
    match decode(&kept) {
        Some(data) => (Some(data), Storage::Fine),
        None => {
            let _ = storage.remove_item(STORAGE_KEY);
            (None, Storage::Discarded)
        }
    }
}

/// Lets the browser handle input and draw before going on: `scheduler.yield()`
/// where there is one, else a message to ourselves (timers are throttled in a
/// background tab: a 100 MB import would wait a second per slice).
pub async fn yield_to_browser() {
    yield_with(true).await
}

/// Goes on in a task of its own, after those already waiting (a message to
/// ourselves): for drawing what can follow what is on screen, which
/// `scheduler.yield()` would run ahead of them.
pub async fn next_task() {
    yield_with(false).await
}

async fn yield_with(prioritised: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let scheduler = js_sys::Reflect::get(&window, &"scheduler".into())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    let yield_fn = js_sys::Reflect::get(&scheduler, &"yield".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .filter(|_| prioritised);
    let promise = match yield_fn.map(|f| f.call0(&scheduler)) {
        Some(Ok(p)) => p.dyn_into::<js_sys::Promise>().ok(),
        _ => None,
    };
    // The channel is held until its message has come, so that it is not collected.
    let (promise, channel) = match promise {
        Some(p) => (p, None),
        None => {
            let channel = web_sys::MessageChannel::new().ok();
            let p = js_sys::Promise::new(&mut |resolve, _| match &channel {
                Some(channel) => {
                    channel.port1().set_onmessage(Some(&resolve));
                    let _ = channel.port2().post_message(&wasm_bindgen::JsValue::NULL);
                }
                None => {
                    let _ = window.set_timeout_with_callback(&resolve);
                }
            });
            (p, channel)
        }
    };
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    drop(channel);
}

/// The longest link fragment "share with data" makes (`static/share.js` says the same).
pub const MAX_SHARED: usize = 32_000;

fn share_fn(name: &str) -> Option<js_sys::Function> {
    let window = web_sys::window()?;
    let share = js_sys::Reflect::get(&window, &"prospectKpiShare".into()).ok()?;
    js_sys::Reflect::get(&share, &name.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

async fn call_share(name: &str, arg: &str) -> Option<String> {
    let f = share_fn(name)?;
    let promise = f
        .call1(&wasm_bindgen::JsValue::NULL, &arg.into())
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// Why data could not be put in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareError {
    TooLarge,
    Unavailable,
}

/// The page's address with the data packed into its fragment (`#data=…`).
pub async fn url_with_data(kept: String) -> Result<String, ShareError> {
    let packed = call_share("pack", &kept)
        .await
        .ok_or(ShareError::Unavailable)?;
    if packed.len() > MAX_SHARED {
        return Err(ShareError::TooLarge);
    }
    let url = current_url().ok_or(ShareError::Unavailable)?;
    let base = url.split('#').next().unwrap_or(&url);
    Ok(format!("{base}#data={packed}"))
}

/// The data a shared link carries in its fragment, if any: `Some(None)` when the
/// fragment is there but unreadable. The fragment is then removed from the address
/// (the data live on in the page and its storage).
pub async fn shared_data() -> Option<Option<String>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let packed = hash.strip_prefix("#data=")?.to_string();
    if let (Ok(path), Ok(search), Ok(history)) = (
        window.location().pathname(),
        window.location().search(),
        window.history(),
    ) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
    if packed.len() > MAX_SHARED + 1 {
        return Some(None);
    }
    Some(call_share("unpack", &packed).await)
}

/// The widest viewport laid out as a phone (the stylesheet's breakpoint).
pub const NARROW_MAX_PX: f64 = 480.0;

/// Whether the viewport is phone-sized.
pub fn is_narrow() -> bool {
    web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_some_and(|w| w <= NARROW_MAX_PX)
}

/// Calls `f` on every resize of the window, until the listener is dropped.
pub fn on_resize(mut f: impl FnMut() + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    Some(EventListener::new(&window, "resize", move |_| f()))
}

/// Calls `f(height, width)` for each height an embedded calculator of this origin
/// reports (the embed dialog's preview).
pub fn on_height_message(mut f: impl FnMut(f64, f64) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let origin = window.location().origin().ok()?;
    Some(EventListener::new(&window, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
            return;
        };
        if e.origin() != origin {
            return;
        }
        let data = e.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
        let kind = get("type").and_then(|t| t.as_string());
        let height = get("height").and_then(|h| h.as_f64());
        let width = get("width").and_then(|w| w.as_f64()).unwrap_or(0.0);
        if let (Some(HEIGHT_MESSAGE), Some(h)) = (kind.as_deref(), height) {
            if h.is_finite() && h > 0.0 && h < 100_000.0 {
                f(h, width);
            }
        }
    }))
}
