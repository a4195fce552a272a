//! The calculator in a blog article: the compact layout (`?embed=1`) and the "embed
//! this calculator" dialog of the full page.

use super::calculator::Calculator;
use super::toolbar::LangSwitch;
use super::whatif::WhatIf;
use crate::kpi::{Inputs, Kpi};
use crate::lang::Lang;
use crate::texts::{kpi_text, Ui};
use crate::web::browser::{absolute_url, copy_to_clipboard, full_page_url};
use crate::web::intl::Intl;
use crate::web::state::{Action, Currency, Embed, Fields, State, Theme};
use crate::whatif::Lever;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EmbedLayoutProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub fields: Fields,
    pub inputs: Rc<Inputs>,
    pub embed: Embed,
    pub scenario: Rc<Vec<(Lever, f64)>>,
    pub dispatch: UseReducerDispatcher<State>,
}

/// The compact layout: the calculator alone (the chosen KPIs and the fields they
/// need), the what-if panel if asked, and a small attribution link.
#[component]
pub fn EmbedLayout(props: &EmbedLayoutProps) -> Html {
    let lang = props.lang;
    // The URL is written once the typing pauses: the link takes the latest numbers
    // when it is followed (a click, a middle click, Enter).
    let latest = Callback::from(|e: MouseEvent| {
        crate::web::browser::flush_url();
        // Yew delegates events: the link is the target's closest anchor.
        let link = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("a").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let (Some(link), Some(url)) = (link, full_page_url()) {
            link.set_href(&url);
        }
    });
    let scenario_changed = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |c| dispatch.dispatch(Action::SetScenario(c)))
    };
    html! {
        <main class="embedded">
            <h1 class="visually-hidden">{ Ui::Title.text(lang) }</h1>
            <Calculator {lang} intl={props.intl.clone()} fields={props.fields.clone()}
                        dispatch={props.dispatch.clone()} kpis={props.embed.kpis.clone()}
                        shown_inputs={props.embed.inputs()} explain={props.embed.explain} funnel={false} />
            if props.embed.whatif {
                <WhatIf {lang} intl={props.intl.clone()} inputs={props.inputs.clone()}
                        changes={props.scenario.clone()} on_change={scenario_changed} />
            }
            <footer class="attribution">
                <a href={full_page_url().unwrap_or_else(|| "index.html".into())} target="_blank" rel="noopener"
                   onclick={latest.clone()} onauxclick={latest}>
                    { Ui::Attribution.text(lang) }{ " ↗" }
                    <span class="visually-hidden">{ format!(" {}", Ui::NewTab.text(lang)) }</span>
                </a>
                <LangSwitch {lang} dispatch={props.dispatch.clone()} class="secondary" />
            </footer>
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmbedDoorProps {
    pub lang: Lang,
    /// The user opens it.
    pub on_open: Callback<()>,
}

/// The light page's "embed this calculator" (`web::light`): the dialog's closed
/// control alone; opening it brings the full page, whose dialog opens in its place.
#[component]
pub fn EmbedDoor(props: &EmbedDoorProps) -> Html {
    let lang = props.lang;
    let onclick = props.on_open.reform(|_: MouseEvent| ());
    html! {
        <aside class="embed-aside" aria-label={Ui::EmbedThis.text(lang)}>
        <details class="embed-dialog" data-testid="embed-dialog">
            <summary id="embed-summary" {onclick}>{ Ui::EmbedThis.text(lang) }</summary>
        </details>
        </aside>
    }
}

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    pub lang: Lang,
    pub currency: Currency,
    pub fields: Fields,
}

/// What the blogger chose.
#[derive(Clone, PartialEq)]
struct Choice {
    kpis: Vec<Kpi>,
    lang: Lang,
    currency: Currency,
    theme: Theme,
    explain: bool,
    whatif: bool,
    values: bool,
    /// Whether the blogger chose the currency (else it follows the language).
    currency_chosen: bool,
}

impl Choice {
    /// The options as (key, value) pairs, the embed's own URL parameters.
    fn params(&self, fields: &Fields) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if self.kpis.len() < Kpi::ALL.len() {
            p.push((
                "kpis",
                self.kpis
                    .iter()
                    .map(|k| k.key())
                    .collect::<Vec<_>>()
                    .join(","),
            ));
        }
        p.push(("lang", self.lang.code().to_string()));
        p.push(("currency", self.currency.code().to_string()));
        if self.theme != Theme::Auto {
            p.push(("theme", self.theme.key().to_string()));
        }
        if self.explain {
            p.push(("explain", "1".into()));
        }
        if self.whatif {
            p.push(("whatif", "1".into()));
        }
        if self.values {
            for (input, text) in fields.iter() {
                let v = text.trim();
                if !v.is_empty() {
                    p.push((input.key(), v.to_string()));
                }
            }
        }
        p
    }

    /// The iframe's query string.
    fn query(&self, fields: &Fields) -> String {
        let mut q = vec!["embed=1".to_string()];
        for (k, v) in self.params(fields) {
            let key = if k == "currency" { "cur" } else { k };
            q.push(format!("{key}={}", encode(&v)));
        }
        q.join("&")
    }
}

/// A plain iframe's height before the preview has reported its own: the chosen
/// content's, roughly (fields, cards, what-if).
fn estimated_height(c: &Choice) -> f64 {
    let embed = Embed {
        kpis: c.kpis.clone(),
        theme: c.theme,
        explain: c.explain,
        whatif: c.whatif,
    };
    let fields = embed.inputs().len() as f64;
    let card = if c.explain { 420.0 } else { 150.0 };
    let whatif = if c.whatif { 900.0 } else { 0.0 };
    (160.0 + fields * 75.0 + c.kpis.len() as f64 * card + whatif).ceil()
}

/// Percent-encodes a URL parameter value.
fn encode(v: &str) -> String {
    String::from(js_sys::encode_uri_component(v))
}

/// Escapes an HTML attribute value.
fn attr(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

/// "Embed this calculator": options, a live preview, and the snippets to copy.
#[component]
pub fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let lang = props.lang;
    let choice = use_state(|| Choice {
        kpis: vec![Kpi::CostPerLead, Kpi::Roi, Kpi::ConversionRate],
        lang,
        currency: Currency::usual_for(lang),
        // A blog is light more often than not; "auto" may put a dark block in it.
        theme: Theme::Light,
        explain: false,
        whatif: false,
        values: false,
        currency_chosen: false,
    });
    // The preview's height as it reports it, for the plain iframe's.
    let measured = use_state(|| None::<(f64, f64)>);
    {
        let measured = measured.clone();
        use_effect_with((), move |_| {
            let listener =
                crate::web::browser::on_height_message(move |h, w| measured.set(Some((h, w))));
            move || drop(listener)
        });
    }
    let copied = use_state(|| None::<&'static str>);
    let c = (*choice).clone();
    let update = |f: fn(&mut Choice, String, bool)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*choice).clone();
            f(&mut next, el.value(), el.checked());
            choice.set(next);
        })
    };
    let select = |f: fn(&mut Choice, String)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let el: HtmlSelectElement = e.target_unchecked_into();
            let mut next = (*choice).clone();
            f(&mut next, el.value());
            choice.set(next);
        })
    };
    let query = c.query(&props.fields);
    let iframe_src = absolute_url(&format!("index.html?{query}")).unwrap_or_default();
    let script_src = absolute_url("embed.js").unwrap_or_default();
    let data_attrs: String = c
        .params(&props.fields)
        .iter()
        .map(|(k, v)| format!(" data-{}=\"{}\"", k.replace('_', "-"), attr(v)))
        .collect();
    let snippet = format!(
        "<div data-prospect-kpi{data_attrs}></div>\n<script src=\"{}\" async></script>",
        attr(&script_src)
    );
    // The plain iframe cannot grow: it gets the preview's height, and a margin.
    let (height, width) = match *measured {
        Some((h, w)) => ((h + 24.0).ceil(), w),
        None => (estimated_height(&c), 800.0),
    };
    let plain = format!(
        "<iframe src=\"{}\" title=\"Prospect KPI\" width=\"100%\" height=\"{height}\" style=\"border:0;width:100%\"></iframe>",
        attr(&iframe_src)
    );
    let copy = |which: &'static str, text: String| {
        let copied = copied.clone();
        Callback::from(move |_| {
            let copied = copied.clone();
            copy_to_clipboard(text.clone(), move |ok| copied.set(ok.then_some(which)));
        })
    };
    let kpi_box = |k: Kpi| {
        let choice = choice.clone();
        let onchange = Callback::from(move |e: Event| {
            let el: HtmlInputElement = e.target_unchecked_into();
            let mut next = (*choice).clone();
            // In the contract's order, without a sort (one less sort in the wasm).
            let checked = el.checked();
            next.kpis = Kpi::ALL
                .into_iter()
                .filter(|&x| {
                    if x == k {
                        checked
                    } else {
                        next.kpis.contains(&x)
                    }
                })
                .collect();
            choice.set(next);
        });
        html! {
            <label class="check">
                <input type="checkbox" data-embed-kpi={k.key()} checked={c.kpis.contains(&k)} {onchange} />
                { kpi_text(k, lang).name }
            </label>
        }
    };
    html! {
        <aside class="embed-aside" aria-label={Ui::EmbedThis.text(lang)}>
        <details class="embed-dialog" data-testid="embed-dialog">
            <summary id="embed-summary">{ Ui::EmbedThis.text(lang) }</summary>
            <div class="embed-panel">
                <p class="help">{ Ui::EmbedHelp.text(lang) }</p>
                <fieldset class="embed-kpis">
                    <legend>{ Ui::EmbedKpis.text(lang) }</legend>
                    { for Kpi::ALL.into_iter().map(kpi_box) }
                </fieldset>
                <div class="embed-options">
                    <label>{ Ui::Language.text(lang) }{ " " }
                        <select data-embed="lang" onchange={select(|c, v| {
                            c.lang = Lang::from_tag(&v).unwrap_or(c.lang);
                            if !c.currency_chosen {
                                c.currency = Currency::usual_for(c.lang);
                            }
                        })}>
                            <option value="fr" selected={c.lang == Lang::Fr}>{ "Français" }</option>
                            <option value="en" selected={c.lang == Lang::En}>{ "English" }</option>
                        </select>
                    </label>
                    <label>{ Ui::Currency.text(lang) }{ " " }
                        <select data-embed="currency" onchange={select(|c, v| {
                            c.currency = Currency::from_code(&v).unwrap_or(c.currency);
                            c.currency_chosen = true;
                        })}>
                            { for Currency::ALL.iter().map(|cur| html! {
                                <option value={cur.code()} selected={*cur == c.currency}>{ cur.code() }</option>
                            }) }
                        </select>
                    </label>
                    <label>{ Ui::EmbedTheme.text(lang) }{ " " }
                        <select data-embed="theme" onchange={select(|c, v| c.theme = Theme::from_key(&v).unwrap_or(c.theme))}>
                            <option value="auto" selected={c.theme == Theme::Auto}>{ Ui::ThemeAuto.text(lang) }</option>
                            <option value="light" selected={c.theme == Theme::Light}>{ Ui::ThemeLight.text(lang) }</option>
                            <option value="dark" selected={c.theme == Theme::Dark}>{ Ui::ThemeDark.text(lang) }</option>
                        </select>
                    </label>
                    <p class="help" data-testid="theme-help">{ Ui::ThemeHelp.text(lang) }</p>
                    <label class="check"><input type="checkbox" data-embed="explain" checked={c.explain}
                        onchange={update(|c, _, on| c.explain = on)} />{ Ui::EmbedExplain.text(lang) }</label>
                    <label class="check"><input type="checkbox" data-embed="whatif" checked={c.whatif}
                        onchange={update(|c, _, on| c.whatif = on)} />{ Ui::EmbedWhatIf.text(lang) }</label>
                    <label class="check"><input type="checkbox" data-embed="values" checked={c.values}
                        onchange={update(|c, _, on| c.values = on)} />{ Ui::EmbedStartValues.text(lang) }</label>
                </div>
                <div class="embed-code">
                    <label for="embed-snippet">{ Ui::Snippet.text(lang) }</label>
                    <textarea id="embed-snippet" data-embed="snippet" readonly=true rows="3" value={snippet.clone()} />
                    <button type="button" onclick={copy("snippet", snippet)}>{ Ui::Copy.text(lang) }</button>
                    <label for="embed-iframe">{ Ui::PlainIframe.text(lang) }</label>
                    <textarea id="embed-iframe" data-embed="iframe" readonly=true rows="2" value={plain.clone()} />
                    <p class="help" data-testid="iframe-height-help">{ Ui::IframeHeightHelp.text(lang)
                        .replace("%h", &height.to_string()).replace("%w", &width.round().to_string()) }</p>
                    <button type="button" class="secondary" onclick={copy("iframe", plain)}>{ Ui::Copy.text(lang) }</button>
                    if copied.is_some() { <p class="copied" role="status">{ Ui::Copied.text(lang) }</p> }
                </div>
                <h2 class="preview-title">{ Ui::Preview.text(lang) }</h2>
                <iframe class="embed-preview" data-embed="preview" title={Ui::Preview.text(lang)}
                        src={format!("index.html?{query}")} />
            </div>
        </details>
        </aside>
    }
}
