use crate::import::{RowError, Warning};
use crate::lang::Lang;
use crate::texts::Ui;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub lang: Lang,
    pub errors: Vec<RowError>,
    pub warnings: Vec<Warning>,
}

/// The rows left out, with line, column and value, and the warnings.
#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    let lang = props.lang;
    html! {
        <div class="messages" aria-live="polite">
            if !props.errors.is_empty() {
                <h3>{ Ui::Errors.text(lang) }{ format!(" ({})", props.errors.len()) }</h3>
                <ul class="errors">
                    { for props.errors.iter().map(|e| html! {
                        <li data-testid="import-error" data-line={e.line.to_string()}
                            data-column={e.column.clone()}>{ e.message(lang) }</li>
                    }) }
                </ul>
            }
            if !props.warnings.is_empty() {
                <h3>{ Ui::Warnings.text(lang) }{ format!(" ({})", props.warnings.len()) }</h3>
                <ul class="warnings">
                    { for props.warnings.iter().map(|w| html! {
                        <li data-testid="import-warning"
                            data-line={w.line.map(|l| l.to_string())}>{ w.message(lang) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
