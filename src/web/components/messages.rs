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
    /// The last column chosen by hand, and what puts the choices before it back.
    #[prop_or_default]
    pub undo: Option<(usize, Callback<MouseEvent>)>,
}

impl PartialEq for MessagesProps {
    fn eq(&self, other: &MessagesProps) -> bool {
        // The undo callback holds the typed costs it reads the file again with: a new
        // one (a render of the results) renders the messages again.
        self.lang == other.lang
            && Rc::ptr_eq(&self.import, &other.import)
            && self.undo == other.undo
    }
}

/// A problem on at least this many rows of one column is said once, its rows folded.
const GROUPED_FROM: u64 = 10;

/// The rows left out, with line, column and value, and the warnings. A mapping that
/// fails on every row is said once per column, with the way back.
#[component]
pub fn Messages(props: &MessagesProps) -> Html {
    let lang = props.lang;
    let Ok(import) = &*props.import else {
        return html! {};
    };
    let (errors, warnings) = (&import.errors, &import.warnings);
    let grouped = import.error_groups.iter().any(|g| g.rows >= GROUPED_FROM);
    let list = html! {
        <ul class="errors">
            { for errors.iter().map(|e| html! {
                <li data-testid="import-error" data-line={e.line.to_string()}
                    data-column={e.column.clone()}>{ e.message(lang) }</li>
            }) }
        </ul>
    };
    let undo = props
        .undo
        .as_ref()
        .filter(|_| import.errors_total > 0)
        .map(|(column, onclick)| {
            let header = import
                .columns
                .get(*column)
                .map_or("", |c| c.header.as_str());
            let label = match lang {
                Lang::En => format!("{} (“{header}”)", Ui::UndoMapping.text(lang)),
                Lang::Fr => format!("{} (« {header} »)", Ui::UndoMapping.text(lang)),
            };
            html! {
                <p><button type="button" class="secondary" data-testid="undo-mapping"
                           onclick={onclick.clone()}>{ label }</button></p>
            }
        });
    html! {
        <div class="messages" aria-live="polite">
            if !errors.is_empty() {
                <h3>{ Ui::Errors.text(lang) }{ format!(" ({})", import.errors_total) }</h3>
                if grouped {
                    <ul class="errors">
                        { for import.error_groups.iter().map(|g| html! {
                            <li data-testid="import-error-group" data-column={g.column.clone()}
                                data-rows={g.rows.to_string()}>{ g.message(lang) }</li>
                        }) }
                    </ul>
                    { undo.clone().unwrap_or_default() }
                    <details class="each-error">
                        <summary>{ format!("{} ({})", Ui::EachRowLeftOut.text(lang), errors.len()) }</summary>
                        { list }
                    </details>
                } else {
                    { list }
                    { undo.unwrap_or_default() }
                }
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
