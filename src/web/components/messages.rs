use crate::import::{FatalError, Import};
use crate::lang::Lang;
use crate::texts::Ui;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct MessagesProps {
    pub lang: Lang,
    /// The import whose errors and warnings are listed: shared, not copied at every
    /// render of the results (up to 1,000 errors and 1,000 warnings).
    pub import: Rc<Result<Import, FatalError>>,
}

impl PartialEq for MessagesProps {
    fn eq(&self, other: &MessagesProps) -> bool {
        self.lang == other.lang && Rc::ptr_eq(&self.import, &other.import)
    }
}

/// The rows left out, with line, column and value, and the warnings.
#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    let lang = props.lang;
    let Ok(import) = &*props.import else {
        return html! {};
    };
    let (errors, warnings) = (&import.errors, &import.warnings);
    html! {
        <div class="messages" aria-live="polite">
            if !errors.is_empty() {
                <h3>{ Ui::Errors.text(lang) }{ format!(" ({})", errors.len()) }</h3>
                <ul class="errors">
                    { for errors.iter().map(|e| html! {
                        <li data-testid="import-error" data-line={e.line.to_string()}
                            data-column={e.column.clone()}>{ e.message(lang) }</li>
                    }) }
                </ul>
            }
            if !warnings.is_empty() {
                <h3>{ Ui::Warnings.text(lang) }{ format!(" ({})", warnings.len()) }</h3>
                <ul class="warnings">
                    { for warnings.iter().map(|w| html! {
                        <li data-testid="import-warning"
                            data-line={w.line.map(|l| l.to_string())}>{ w.message_in(import.sheet.as_deref(), lang) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}
