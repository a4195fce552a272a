//! Component tests of the page, in headless Chromium (`make test-browser`): the app
//! rendered into a node, driven through the contract's hooks.
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use prospect_kpi::import::{import, ImportOptions};
use prospect_kpi::kpi::Input;
use prospect_kpi::web::stream::{import_blob, StreamError, Streamed, SNIFF};
use prospect_kpi::web::App;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the app into a fresh node, with no data kept from another test.
async fn render(lang: &str) -> Element {
    render_page::<App>(lang).await
}

/// Renders a page (the full `App` or the `Light` one) into a fresh node, with no data
/// kept from another test.
async fn render_page<P: yew::BaseComponent<Properties = ()>>(lang: &str) -> Element {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let history = window.history().unwrap();
    let url = format!("{}?lang={lang}", window.location().pathname().unwrap());
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
        .unwrap();
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<P>::with_root(root.clone()).render();
    settle().await;
    root
}

/// Yields to Yew's scheduler until the DOM reflects the last change (a few turns: a
/// render can schedule another, an effect's dispatch for one, the page a task later).
/// Each turn waits for Yew's scheduler to be done: a long render (a slow or busy
/// machine) yields to the browser half way, and a turn would end before it.
async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(Duration::ZERO).await;
        yew::scheduler::flush().await;
    }
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

async fn input_event(el: &Element) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
}

async fn type_into(root: &Element, key: &str, text: &str) {
    let el = find(root, &format!("[data-input={key}]"));
    el.clone()
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .set_value(text);
    input_event(&el).await;
}

async fn paste(root: &Element, text: &str) {
    let el = find(root, "[data-testid=csv-input]");
    el.clone()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .set_value(text);
    input_event(&el).await;
}

fn value(root: &Element, selector: &str) -> String {
    find(root, selector).get_attribute("data-value").unwrap()
}

fn card(kpi: &str) -> String {
    format!("[data-testid=kpi-card][data-kpi={kpi}]")
}

#[wasm_bindgen_test]
async fn typing_numbers_gives_the_kpis() {
    let root = render("en").await;
    assert_eq!(value(&root, &card("cost_per_lead")), "");
    type_into(&root, "cost", "5 000").await;
    type_into(&root, "leads", "200").await;
    type_into(&root, "converted", "10").await;
    type_into(&root, "revenue", "20000").await;
    assert_eq!(value(&root, &card("cost_per_lead")), "25");
    assert_eq!(value(&root, &card("conversion_rate")), "5");
    assert_eq!(value(&root, &card("roi")), "300");
    let roi = find(&root, &card("roi")).text_content().unwrap();
    assert!(roi.contains("300%"), "{roi}");
    let cpl = find(&root, &card("cost_per_lead")).text_content().unwrap();
    assert!(cpl.contains("€5,000.00 ÷ 200 leads = €25.00"), "{cpl}");
}

/// The light page of the first load looks like the full page it hands over to: the
/// same header, calculator, what-if, goal seek and import panel, node for node, in
/// both languages and with numbers typed; only the embed dialog is its closed control.
#[wasm_bindgen_test]
async fn the_light_page_draws_what_the_full_page_draws() {
    for lang in ["fr", "en"] {
        let full = render(lang).await;
        let light = render_page::<prospect_kpi::web::light::Light>(lang).await;
        for root in [&full, &light] {
            type_into(root, "cost", "5000").await;
            type_into(root, "leads", "200").await;
        }
        for part in ["header", "main > section:not(.results)", "footer"] {
            let html = |root: &Element| {
                let parts = root.query_selector_all(part).unwrap();
                (0..parts.length())
                    .map(|i| {
                        parts
                            .item(i)
                            .unwrap()
                            .dyn_into::<Element>()
                            .unwrap()
                            .outer_html()
                    })
                    .collect::<Vec<_>>()
            };
            let (f, l) = (html(&full), html(&light));
            assert!(!f.is_empty(), "{part}");
            assert_eq!(f, l, "{part} in {lang}");
        }
        assert_eq!(value(&light, "[data-kpi=cost_per_lead]"), "25");
        for summary in [&full, &light].map(|r| find(r, "[data-testid=embed-dialog] > summary")) {
            assert_eq!(summary.id(), "embed-summary");
        }
        full.remove();
        light.remove();
    }
}

#[wasm_bindgen_test]
async fn invalid_entries_are_flagged_and_kept() {
    let root = render("fr").await;
    type_into(&root, "leads", "douze").await;
    let field = find(&root, "[data-input=leads]")
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(field.value(), "douze");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error = find(&root, ".field-error").text_content().unwrap();
    assert!(error.contains("Saisissez un nombre"), "{error}");
    type_into(&root, "cost", "1 000").await;
    type_into(&root, "leads", "0").await;
    let text = find(&root, &card("cost_per_lead")).text_content().unwrap();
    assert!(
        text.contains("—") && text.contains("rien à diviser"),
        "{text}"
    );
}

/// Typing in the text box imports once the typing pauses, not at every keystroke.
#[wasm_bindgen_test]
async fn typing_in_the_box_imports_once_it_pauses() {
    let root = render("en").await;
    let el = find(&root, "[data-testid=csv-input]");
    el.clone()
        .dyn_into::<HtmlTextAreaElement>()
        .unwrap()
        .set_value("campaign;leads;converted\nSpring;200;10\n");
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    init.set_input_type("insertText");
    el.dispatch_event(&web_sys::InputEvent::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
    let rows = || {
        root.query_selector_all("[data-testid=campaign-row]")
            .unwrap()
            .length()
    };
    assert_eq!(rows(), 0, "imported at the keystroke");
    yew::platform::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(rows(), 1, "not imported once the typing paused");
    assert_eq!(
        value(&root, "[data-campaign=Spring] [data-kpi=conversion_rate]"),
        "5"
    );
}

#[wasm_bindgen_test]
async fn pasting_a_csv_gives_rows_totals_and_errors() {
    let root = render("en").await;
    paste(
        &root,
        "campaign;cost;leads;converted\nSpring;5000;200;10\nAutumn;oops;100;5\nSummer;1000;50;5\n",
    )
    .await;
    let rows = root
        .query_selector_all("[data-testid=campaign-row]")
        .unwrap();
    assert_eq!(rows.length(), 2);
    assert_eq!(
        value(&root, "[data-campaign=Spring] [data-kpi=cost_per_lead]"),
        "25"
    );
    assert_eq!(
        value(&root, "[data-testid=total-row] [data-kpi=cost_per_lead]"),
        "24"
    );
    let error = find(&root, "[data-testid=import-error]");
    assert_eq!(error.get_attribute("data-line").as_deref(), Some("3"));
    assert!(error.text_content().unwrap().contains("oops"));
    // Sorting by cost per lead, then opening a campaign in the calculator.
    find(&root, "thead th:nth-child(3) button")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let first = find(&root, "[data-testid=campaign-row]");
    assert_eq!(
        first.get_attribute("data-campaign").as_deref(),
        Some("Summer")
    );
    find(&root, "[data-campaign=Spring] button.open")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert_eq!(value(&root, &card("cost_per_lead")), "25");
}

#[wasm_bindgen_test]
async fn the_language_switch_translates_the_page() {
    let root = render("en").await;
    assert!(root
        .text_content()
        .unwrap()
        .contains("Lead conversion rate"));
    find(&root, "[data-testid=lang-switch]")
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Taux de conversion des leads"), "{text}");
    // `<html lang>` and the URL are global: the end-to-end tests check them, one
    // page per test, where other tests' apps cannot interfere.
    assert_eq!(
        find(&root, "[data-testid=lang-switch]")
            .text_content()
            .as_deref(),
        Some("English")
    );
}

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap()
}

/// A blob streamed through the page's import in slices of `chunk` bytes.
async fn stream(bytes: &[u8], chunk: usize) -> Result<Streamed, StreamError> {
    let never = Cell::new(false);
    import_blob(
        &blob(bytes),
        ImportOptions::default(),
        chunk,
        &never,
        |_| {},
    )
    .await
}

/// Rows enough to fill the first read (the encoding is told from it), so that the
/// rows after them are read in slices of the test's size.
fn padding(e_acute: &[u8], delimiter: u8) -> Vec<u8> {
    padding_until(e_acute, delimiter, |pad, _| pad.len() > SNIFF)
}

/// Padding rows (`café N`) until `enough(bytes, rows)`.
fn padding_until(e_acute: &[u8], delimiter: u8, enough: impl Fn(&[u8], usize) -> bool) -> Vec<u8> {
    let mut pad = Vec::new();
    let mut i = 0;
    while !enough(&pad, i) {
        pad.extend_from_slice(b"caf");
        pad.extend_from_slice(e_acute);
        pad.extend_from_slice(format!(" {i}").as_bytes());
        pad.push(delimiter);
        pad.extend_from_slice(b"1\n");
        i += 1;
    }
    pad
}

/// Chunk boundaries fall anywhere: a multi-byte character or a quoted field split
/// across two slices comes out intact, in UTF-8 and through the browser's decoder.
#[wasm_bindgen_test]
async fn streaming_a_blob_keeps_split_characters_and_quotes_whole() {
    let utf8 = utf8_text();
    let cp1252 = [
        &b"campagne;leads\n"[..],
        &padding(b"\xe9", b';'),
        b"\"x\xe9; \"\"cit\xe9\"\"\";10\n\x80uro;5\n",
    ]
    .concat();
    // UTF-16: a character's two bytes split across slices, through the browser's
    // streaming decoder.
    // Its padding just fills the first read once in UTF-16 (two bytes a character,
    // é included), so that the rows after it are read in the test's slices.
    let utf16_padding = padding_until("\u{e9}".as_bytes(), b',', |pad, rows| {
        2 * (pad.len() - rows) > SNIFF
    });
    let utf16_text = text_after(&utf16_padding);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            String::from_utf8(utf16_text)
                .unwrap()
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    let expected_utf8 = import(&utf8, &ImportOptions::default()).unwrap();
    for (bytes, names) in [
        (utf8, ["x\u{e9}, \"quoted\"\n2", "\u{e9}t\u{e9}"]),
        (utf16, ["x\u{e9}, \"quoted\"\n2", "\u{e9}t\u{e9}"]),
        (cp1252, ["x\u{e9}; \"cit\u{e9}\"", "\u{20ac}uro"]),
    ] {
        for chunk in [1, 2, 3, 5, 7, 64] {
            let s = stream(&bytes, chunk)
                .await
                .unwrap_or_else(|e| panic!("chunk {chunk}: {e:?}"));
            let campaigns = &s.import.campaigns();
            assert!(campaigns.len() > 1000, "chunk {chunk}");
            assert_eq!(&*campaigns[0].name, "caf\u{e9} 0", "chunk {chunk}");
            let last: Vec<&str> = campaigns[campaigns.len() - 2..]
                .iter()
                .map(|c| &*c.name)
                .collect();
            assert_eq!(last, names, "chunk {chunk}");
            assert_eq!(
                campaigns[campaigns.len() - 2].inputs.count(Input::Leads),
                Some(10)
            );
        }
    }
    let whole = String::from_utf8(utf8_text()).unwrap();
    let s = stream(whole.as_bytes(), 4).await.unwrap();
    assert_eq!(s.import.campaigns(), expected_utf8.campaigns());
    assert_eq!(s.text.as_deref(), Some(whole.as_str()));
}

/// Padding, then a quoted field with a line break, doubled quotes and accents.
fn utf8_text() -> Vec<u8> {
    text_after(&padding("\u{e9}".as_bytes(), b','))
}

/// The header, `padding`, then the rows the tests look at.
fn text_after(padding: &[u8]) -> Vec<u8> {
    [
        &b"campaign,leads\n"[..],
        padding,
        "\"x\u{e9}, \"\"quoted\"\"\n2\",10\n\u{e9}t\u{e9},5\n".as_bytes(),
    ]
    .concat()
}

/// The file's reader, reading ahead, gives every byte once and in order whatever
/// the sizes asked for (the next read's size changing at every read, as the page's
/// import sizes its slices), each read at most the size asked for it (the first at
/// least the least asked for, as the page's, to tell the encoding from), then says
/// it is done.
#[wasm_bindgen_test]
async fn reading_ahead_gives_every_byte_in_order() {
    use prospect_kpi::web::stream::Reader;
    let bytes: Vec<u8> = (0..3_000_017u32).map(|i| (i * 7 + i / 251) as u8).collect();
    let blob = blob(&bytes);
    for sizes in [
        &[1usize, 3, 64 << 10][..],
        &[1 << 20],
        &[5, 4 << 20, 17, 300_000],
    ] {
        let mut reader = Reader::new(&blob, sizes[0]);
        assert!(
            matches!(reader, Reader::Ahead(_)),
            "Chromium has byte streams"
        );
        let (mut got, mut buf, mut asked) = (Vec::new(), Vec::new(), sizes[0]);
        for k in 1.. {
            let next = sizes[k % sizes.len()];
            // The first read at least 100,000 bytes (as the page's first, to tell
            // the encoding from), however small the reads asked for.
            let min = if k == 1 { 100_000 } else { 0 };
            let read = reader.read(min, next, &mut buf).await.unwrap();
            if k == 1 {
                assert!(read.len() >= min, "{} bytes, {min} asked", read.len());
            } else {
                assert!(read.len() <= asked, "{} bytes, {asked} asked", read.len());
            }
            got.extend_from_slice(read);
            asked = next;
            if reader.done() {
                break;
            }
        }
        assert_eq!(got.len(), bytes.len(), "sizes {sizes:?}");
        assert!(got == bytes, "sizes {sizes:?}");
        assert!(reader.read(0, 10, &mut buf).await.unwrap().is_empty());
    }
}

/// A browser without byte streams reads the file in `Blob` slices, to the same result,
/// and one without `scheduler.yield()` yields with a message to itself.
#[wasm_bindgen_test]
async fn without_byte_streams_the_file_is_read_in_slices() {
    let global = js_sys::global();
    let name = wasm_bindgen::JsValue::from_str("ReadableStreamBYOBReader");
    let byob = js_sys::Reflect::get(&global, &name).unwrap();
    js_sys::Reflect::delete_property(global.unchecked_ref::<js_sys::Object>(), &name).unwrap();
    // `scheduler` is hidden by a property of the same name, then put back as it was
    // (the global object holds its own attributes).
    let window: &js_sys::Object = global.unchecked_ref();
    let scheduler = wasm_bindgen::JsValue::from_str("scheduler");
    let had_scheduler = !js_sys::Reflect::get(&global, &scheduler)
        .unwrap()
        .is_undefined();
    let own = js_sys::Object::get_own_property_descriptor(window, &scheduler);
    let hidden = js_sys::Object::new();
    js_sys::Reflect::set(&hidden, &"configurable".into(), &true.into()).unwrap();
    js_sys::Reflect::set(&hidden, &"value".into(), &wasm_bindgen::JsValue::UNDEFINED).unwrap();
    js_sys::Object::define_property(window, &scheduler, &hidden);
    assert!(js_sys::Reflect::get(&global, &scheduler)
        .unwrap()
        .is_undefined());
    let bytes = utf8_text();
    let mut results = Vec::new();
    for chunk in [3, 64, 1 << 20] {
        results.push(stream(&bytes, chunk).await.map(|s| s.import.campaigns()));
    }
    js_sys::Reflect::set(&global, &name, &byob).unwrap();
    if own.is_undefined() {
        js_sys::Reflect::delete_property(window, &scheduler).unwrap();
    } else {
        js_sys::Object::define_property(window, &scheduler, own.unchecked_ref());
    }
    let has_scheduler = !js_sys::Reflect::get(&global, &scheduler)
        .unwrap()
        .is_undefined();
    assert_eq!(has_scheduler, had_scheduler);
    let expected = import(&bytes, &ImportOptions::default())
        .unwrap()
        .campaigns();
    for r in results {
        assert_eq!(r.as_ref().ok(), Some(&expected));
    }
}

#[wasm_bindgen_test]
async fn a_cancelled_stream_stops() {
    let cancel = Cell::new(false);
    let bytes = "campaign,leads\na,1\n".repeat(10_000);
    let result = import_blob(
        &blob(bytes.as_bytes()),
        ImportOptions::default(),
        16,
        &cancel,
        |p| {
            if p.bytes >= 1.0 {
                cancel.set(true);
            }
        },
    )
    .await;
    assert!(matches!(result, Err(StreamError::Cancelled)));
}

/// Renders the results of some data alone, with a reducer of its own.
mod results_alone {
    use prospect_kpi::lang::Lang;
    use prospect_kpi::web::components::results::Results;
    use prospect_kpi::web::intl::Intl;
    use prospect_kpi::web::state::{Currency, Data, Sort, State, Storage};
    use std::rc::Rc;
    use yew::prelude::*;

    #[derive(Properties, PartialEq)]
    pub struct Props {
        pub data: Rc<Data>,
    }

    #[component]
    pub fn Harness(props: &Props) -> Html {
        let state = use_reducer(|| State::new(Lang::En, Currency::Eur, Default::default()));
        let intl = Rc::new(Intl::new(Lang::En, Currency::Eur));
        html! {
            <Results lang={Lang::En} {intl} data={props.data.clone()} sort={Sort::default()}
                     storage={Storage::Fine} dispatch={state.dispatcher()} />
        }
    }
}

#[wasm_bindgen_test]
async fn a_workbook_shows_its_sheets_and_names_its_cells() {
    use prospect_kpi::web::state::{Costs, Data, FileHandle, Sheet};
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    // A sheet as the workbook worker gives it: tab-separated, a line per sheet row.
    let text = "campaign\tleads\tconverted\nA\t100\t5\nB\tmany\t1\n";
    let sheet = Sheet {
        name: "Campagnes".into(),
        sheets: vec!["Notes".into(), "Campagnes".into()],
        first_col: 2,
        workbook: Some(FileHandle::new(web_sys::Blob::new().unwrap())),
    };
    let data = std::rc::Rc::new(Data::read(
        "book.xlsx".into(),
        std::rc::Rc::from(text),
        Vec::new(),
        Costs::default(),
        Some(sheet),
    ));
    yew::Renderer::<results_alone::Harness>::with_root_and_props(
        root.clone(),
        results_alone::Props { data },
    )
    .render();
    settle().await;
    let picker = find(&root, "[data-testid=sheet]");
    let options = picker.query_selector_all("option").unwrap();
    assert_eq!(options.length(), 2);
    assert_eq!(
        picker
            .dyn_into::<web_sys::HtmlSelectElement>()
            .unwrap()
            .value(),
        "Campagnes"
    );
    // The bad cell is named by sheet, column letter (from column C) and row.
    let error = find(&root, "[data-testid=import-error]");
    assert!(
        error.text_content().unwrap().starts_with("Campagnes!D3"),
        "{:?}",
        error.text_content()
    );
    assert_eq!(
        root.query_selector_all("[data-testid=campaign-row]")
            .unwrap()
            .length(),
        1
    );
}

#[wasm_bindgen_test]
async fn grouping_and_filtering_the_results() {
    let root = render("en").await;
    paste(
        &root,
        "campaign,channel,owner,created,stage\nA,email,Ann,2025-01-02,won\nB,email,Bob,2025-02-03,lost\nC,ads,Ann,2025-03-04,won\n",
    )
    .await;
    let rows = |root: &Element| {
        root.query_selector_all("[data-testid=campaign-row]")
            .unwrap()
            .length()
    };
    assert_eq!(rows(&root), 3);
    let choose = |selector: &str, value: &str| {
        let el = find(&root, selector);
        el.clone()
            .dyn_into::<web_sys::HtmlSelectElement>()
            .unwrap()
            .set_value(value);
        let init = EventInit::new();
        init.set_bubbles(true);
        el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
            .unwrap();
    };
    choose("[data-testid=group-by]", "owner");
    settle().await;
    assert_eq!(rows(&root), 2);
    choose("[data-testid=filter][data-dim=channel]", "email");
    settle().await;
    assert_eq!(
        value(&root, "[data-testid=total-row] [data-kpi=conversion_rate]"),
        "50"
    );
    choose("[data-testid=group-by]", "period");
    settle().await;
    // The channel filter still applies: e-mail leads came in January and February.
    assert_eq!(rows(&root), 2);
    choose("[data-testid=filter][data-dim=channel]", "");
    settle().await;
    // Every month from the first to the last.
    assert_eq!(rows(&root), 3);
}

/// A filter draws its first rows in the task of the change; until the next task the
/// rows after them are the old ones, out of the page (never shown with stale
/// numbers), then the new ones: campaigns of a sheet (rows by place) and of a lead
/// file (rows keyed by campaign, no key twice).
#[wasm_bindgen_test]
async fn a_changed_table_draws_its_first_rows_then_the_rest() {
    // The page's own style hides the rows that wait.
    let document = gloo::utils::document();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../static/style.css")));
    document.head().unwrap().append_child(&style).unwrap();
    let mut sheet = String::from("campaign,channel,leads,converted\n");
    let mut leads = String::from("campaign,channel,created,stage\n");
    for i in 0..30 {
        let channel = if i % 2 == 0 { "a" } else { "b" };
        sheet.push_str(&format!("C{i},{channel},{},{}\n", 100 + i, i));
        leads.push_str(&format!(
            "C{i},{channel},2025-01-02,won\nC{i},{channel},2025-01-03,lost\n"
        ));
    }
    for csv in [sheet, leads] {
        first_rows_then_the_rest(&csv).await;
    }
    // The other tests run without the page's style, as before.
    style.remove();
}

async fn first_rows_then_the_rest(csv: &str) {
    let root = render("en").await;
    paste(&root, csv).await;
    let rows = |root: &Element| -> Vec<(String, bool)> {
        let list = root
            .query_selector_all("[data-testid=campaign-row]")
            .unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
            .map(|tr| {
                let shown = tr.offset_height() > 0;
                (tr.get_attribute("data-campaign").unwrap_or_default(), shown)
            })
            .collect()
    };
    assert_eq!(rows(&root).len(), 30);
    let filter = find(&root, "[data-testid=filter][data-dim=channel]");
    filter
        .clone()
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap()
        .set_value("b");
    let init = EventInit::new();
    init.set_bubbles(true);
    filter
        .dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    // Yew renders in a microtask (flushed here, within the change's task, however
    // long it takes); the rest of the table waits for the next task.
    yew::scheduler::flush().await;
    let first = rows(&root);
    assert!(find(&root, ".results-table tbody")
        .class_list()
        .contains("settling"));
    assert!(first.len() > 15, "the old rows wait, hidden: {first:?}");
    let mut names: Vec<&str> = first.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), first.len(), "no row twice: {first:?}");
    let odd = |name: &str| name[1..].parse::<u32>().is_ok_and(|n| n % 2 == 1);
    for (k, (name, shown)) in first.iter().enumerate() {
        if k < 5 {
            assert!(
                odd(name) && *shown,
                "row {k}: {name} is one of channel b's, shown"
            );
        } else {
            assert!(!shown, "row {k} ({name}) is an old one: not shown");
        }
    }
    settle().await;
    let all = rows(&root);
    assert!(!find(&root, ".results-table tbody")
        .class_list()
        .contains("settling"));
    assert_eq!(all.len(), 15);
    assert!(
        all.iter().all(|(name, shown)| odd(name) && *shown),
        "{all:?}"
    );
    root.remove();
}
