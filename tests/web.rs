//! Component tests of the page, in headless Chromium (`make test-browser`).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use prospect_kpi::lang::Lang;
use prospect_kpi::web::{Calculator, CalculatorProps};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Renders the calculator into a fresh node and lets Yew draw it.
async fn render(lang: Lang) -> Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<Calculator>::with_root_and_props(root.clone(), CalculatorProps { lang })
        .render();
    settle().await;
    root
}

/// Yields to Yew's scheduler until the DOM reflects the last change.
async fn settle() {
    yew::platform::time::sleep(Duration::ZERO).await;
}

async fn type_into(root: &Element, key: &str, text: &str) {
    let input: HtmlInputElement = root
        .query_selector(&format!("[data-input={key}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no field {key}"))
        .dyn_into()
        .unwrap();
    input.set_value(text);
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    settle().await;
}

fn card(root: &Element, kpi: &str) -> Element {
    root.query_selector(&format!("[data-testid=kpi-card][data-kpi={kpi}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no card {kpi}"))
}

#[wasm_bindgen_test]
async fn typing_numbers_gives_the_kpis() {
    let root = render(Lang::En).await;
    assert_eq!(
        card(&root, "cost_per_lead")
            .get_attribute("data-value")
            .as_deref(),
        Some("")
    );
    type_into(&root, "cost", "5 000").await;
    type_into(&root, "leads", "200").await;
    type_into(&root, "converted", "10").await;
    type_into(&root, "revenue", "20000").await;
    let value = |k| card(&root, k).get_attribute("data-value").unwrap();
    assert_eq!(value("cost_per_lead"), "25");
    assert_eq!(value("conversion_rate"), "5");
    assert_eq!(value("roi"), "300");
    assert!(card(&root, "roi")
        .text_content()
        .unwrap()
        .contains("300.00%"));
}

#[wasm_bindgen_test]
async fn undefined_kpis_say_why_in_french() {
    let root = render(Lang::Fr).await;
    type_into(&root, "cost", "1000").await;
    type_into(&root, "leads", "0").await;
    let text = card(&root, "cost_per_lead").text_content().unwrap();
    assert!(text.contains("—"), "{text}");
    assert!(text.contains("rien à diviser"), "{text}");
}
