use crate::import::{AggField, LeadField};
use crate::lang::Lang;
use crate::texts::{field_label, Ui};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MappingProps {
    pub lang: Lang,
    /// Each column's header and the field key it became.
    pub columns: Vec<(String, Option<String>)>,
    /// A column and the field chosen for it (`None`: ignored).
    pub on_remap: Callback<(usize, Option<String>)>,
}

/// Every field key of both file kinds, once.
fn all_keys() -> Vec<&'static str> {
    let mut keys: Vec<&'static str> = AggField::ALL.iter().map(|f| f.key()).collect();
    for f in LeadField::ALL {
        if !keys.contains(&f.key()) {
            keys.push(f.key());
        }
    }
    keys
}

/// Which column became which field; a column can be remapped or assigned.
#[component]
pub fn Mapping(props: &MappingProps) -> Html {
    let lang = props.lang;
    let keys = all_keys();
    let rows = props.columns.iter().enumerate().map(|(column, (header, field))| {
        let onchange = {
            let on_remap = props.on_remap.clone();
            Callback::from(move |e: Event| {
                let el: HtmlSelectElement = e.target_unchecked_into();
                let v = el.value();
                on_remap.emit((column, (!v.is_empty()).then_some(v)));
            })
        };
        let id = format!("map-{column}");
        html! {
            <tr>
                <th scope="row"><label for={id.clone()}>{ header.clone() }</label></th>
                <td>
                    <select id={id} data-testid="column-map" data-column={header.clone()} {onchange}>
                        <option value="" selected={field.is_none()}>{ Ui::Ignored.text(lang) }</option>
                        { for keys.iter().map(|&k| html! {
                            <option value={k} selected={field.as_deref() == Some(k)}>{ field_label(k, lang) }</option>
                        }) }
                    </select>
                </td>
            </tr>
        }
    });
    html! {
        <details class="mapping" open={props.columns.iter().any(|(_, f)| f.is_none())}>
            <summary>{ Ui::Mapping.text(lang) }</summary>
            <p class="help">{ Ui::MappingHelp.text(lang) }</p>
            <table>
                <tbody>{ for rows }</tbody>
            </table>
        </details>
    }
}
