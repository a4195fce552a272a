use crate::import::{normalise, normalise_into};
use crate::lang::Lang;
use crate::stats::compare_conversion;
use crate::texts::{compare_help, compare_needs, compare_title, Ui};
use crate::web::state::Data;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub lang: Lang,
    pub data: Rc<Data>,
}

/// The most rows each list offers: the first matching the search.
const MAX_LISTED: usize = 200;

/// "Is campaign B really better than A?": a two-proportion test on conversion rates.
/// The lists offer the rows matching a search field, never every row of a file with
/// a campaign per lead.
#[component]
pub fn Compare(props: &CompareProps) -> Html {
    let lang = props.lang;
    let a = use_state(|| 0usize);
    let b = use_state(|| 1usize);
    let query = use_state(String::new);
    let data = &props.data;
    if data.len() < 2 {
        return html! {};
    }
    let wanted = normalise(&query);
    let name = |i: usize| data.name(i).unwrap_or("—").to_string();
    // Each name normalised into one buffer: a million names, no copy of each.
    let mut buf = String::new();
    let mut listed: Vec<usize> = (0..data.len())
        .filter(|&i| {
            wanted.is_empty() || {
                normalise_into(data.name(i).unwrap_or(""), &mut buf);
                buf.contains(&wanted)
            }
        })
        .take(MAX_LISTED + 1)
        .collect();
    // One more than listed tells that the search leaves some out.
    let left_out = listed.len() > MAX_LISTED;
    listed.truncate(MAX_LISTED);
    let search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            query.set(el.value());
        })
    };
    let select = |which: UseStateHandle<usize>, label: &'static str| {
        let onchange = {
            let which = which.clone();
            Callback::from(move |e: Event| {
                let el: HtmlSelectElement = e.target_unchecked_into();
                if let Ok(i) = el.value().parse() {
                    which.set(i);
                }
            })
        };
        // The row chosen stays in its list whatever the search.
        let mut options = listed.clone();
        if !options.contains(&*which) && *which < data.len() {
            options.insert(0, *which);
        }
        html! {
            <label>{ label }{ " " }
                <select data-compare={label} {onchange}>
                    { for options.iter().map(|&i| html! {
                        <option value={i.to_string()} selected={*which == i}>{ name(i) }</option>
                    }) }
                </select>
            </label>
        }
    };
    let verdict = if *a < data.len() && *b < data.len() {
        let (x, y) = (data.campaign(*a), data.campaign(*b));
        match compare_conversion(&x, &y) {
            Some(c) => html! {
                <p class={classes!("verdict", c.significant().then_some("significant"))}
                   data-p-value={c.p_value.to_string()}>{ c.describe(&x.name, &y.name, lang) }</p>
            },
            None => html! { <p class="verdict">{ compare_needs(data.grouping.by, lang) }</p> },
        }
    } else {
        html! {}
    };
    html! {
        <section class="compare" data-testid="compare" aria-labelledby="compare-title">
            <h2 id="compare-title">{ compare_title(data.grouping.by, lang) }</h2>
            <p class="help">{ compare_help(data.grouping.by, lang) }</p>
            <div class="chart-controls">
                <label>{ Ui::SearchRows.text(lang) }{ " " }
                    <input type="search" data-testid="compare-search" value={(*query).clone()} oninput={search} />
                </label>
                { select(a, "A") }
                { select(b, "B") }
            </div>
            if left_out {
                <p class="help" data-testid="compare-first-listed">
                    { Ui::FirstListed.text(lang).replace("%n", &MAX_LISTED.to_string()) }
                </p>
            }
            <div aria-live="polite">{ verdict }</div>
        </section>
    }
}
