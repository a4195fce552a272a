use super::charts::CampaignCharts;
use super::compare::Compare;
use super::dimensions::{ManagerCharts, ViewControls};
use super::mapping::Mapping;
use super::messages::Messages;
use crate::group::none_label;
use crate::import::{ColumnOverride, FatalError, FileKind};
use crate::kpi::Input;
use crate::kpi::{Kpi, PerKpi, Summary};
use crate::lang::Lang;
use crate::report::{export_csv, summary_line_by};
use crate::stats::{wilson, SMALL_SAMPLE};
use crate::texts::{
    coverage_note, format_value, kpi_text, show_all as show_all_text, NumberFormat, Ui,
};
use crate::web::browser;
use crate::web::intl::Intl;
use crate::web::state::{read_field, sorted_rows, Action, Data, Sort, SortKey, State, Storage};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ResultsProps {
    pub lang: Lang,
    pub intl: Rc<Intl>,
    pub data: Rc<Data>,
    pub sort: Sort,
    pub storage: Storage,
    pub dispatch: UseReducerDispatcher<State>,
}

fn kpi_cells(
    summary: &Summary,
    intl: &Intl,
    marks: &PerKpi<Option<&'static str>>,
    folded: &[Kpi],
    lang: Lang,
) -> Html {
    html! {
        { for marks.iter().map(|(kpi, mark)| {
            let hidden = folded.contains(&kpi);
            let value = summary.get(kpi);
            let raw = value.map(|v| v.to_string()).unwrap_or_default();
            let label = mark.map(|m| if m == "best" { Ui::Best.text(lang) } else { Ui::Worst.text(lang) });
            // Rates from small samples say so, with their interval.
            let counts = value.ok().and(summary.counts[kpi]);
            let interval = counts.and_then(|(k, n)| wilson(k, n).map(|i| (i, n)));
            let small = interval.filter(|(_, n)| *n < SMALL_SAMPLE);
            let title = interval.map(|((l, h), _)| {
                format!(
                    "{}{}{} – {}. {}",
                    Ui::Interval.text(lang),
                    lang.colon(),
                    intl.percent(l),
                    intl.percent(h),
                    Ui::IntervalMeaning.text(lang)
                )
            });
            html! {
                <td data-kpi={kpi.key()} data-value={raw} class={classes!(*mark, hidden.then_some("folded"))} title={title}>
                    { format_value(value, kpi.unit(), intl) }
                    if small.is_some() {
                        <sup class="small-sample" title={Ui::SmallSampleHelp.text(lang)}>{ "*" }
                            <span class="visually-hidden">{ format!(" ({})", Ui::SmallSample.text(lang)) }</span></sup>
                    }
                    if let Some(label) = label {
                        <span class="mark" title={label}>{ if *mark == Some("best") { " ▲" } else { " ▼" } }<span class="visually-hidden">{ format!(" ({label})") }</span></span>
                    }
                </td>
            }
        }) }
    }
}

/// What an export writes: the rows as shown (rolled up per group), the pooled total,
/// and the first column's name (the grouping's).
fn export_rows(data: &Data, lang: Lang) -> (Vec<crate::kpi::Campaign>, Summary, &'static str) {
    let total = data.total.clone().unwrap_or_else(|| Summary::pooled(&[]));
    let rows = (0..data.len()).map(|i| data.campaign(i)).collect();
    let first = match data.grouping.by {
        crate::group::Dim::Campaign => Ui::CampaignColumn.text(lang),
        by => by.name(lang),
    };
    (rows, total, first)
}

/// The rows a changed table shows in the task of the change (the rest follow; the
/// style's `tbody.settling` rule keeps the rows after them out of the page meanwhile).
const FIRST_ROWS: usize = 5;

/// A table of up to this many campaigns shows every row.
const ALL_ROWS_UP_TO: usize = 100;

/// A longer one shows pages of rows; "show all" is offered up to this many (never
/// every row of a file with a campaign per lead).
const SHOW_ALL_UP_TO: usize = 2_000;

/// A longer one shows its first rows by the current sort, then "show all": a sort
/// then redraws within a frame (1,000 campaigns: ~15 ms with 25 rows, ~30 ms with
/// 50, ~50 ms with 100, `make bench-browser`).
const ROWS_SHOWN: usize = 25;

#[derive(Properties, PartialEq)]
struct ResultRowProps {
    index: usize,
    data: Rc<Data>,
    lang: Lang,
    intl: Rc<Intl>,
    leads: bool,
    /// The KPI columns folded away (undefined for every row).
    folded: Rc<Vec<Kpi>>,
    dispatch: UseReducerDispatcher<State>,
}

/// One campaign's row. Rows without a field are not keyed: after a sort each row's
/// DOM stays in place and only its texts change, which the browser lays out faster
/// than rows removed and inserted (1,000 campaigns, 100 rows shown: 48 ms against
/// 80 ms).
#[component]
fn ResultRow(props: &ResultRowProps) -> Html {
    let (i, lang, data) = (props.index, props.lang, &props.data);
    if i >= data.len() {
        return html! {};
    }
    // Computed for the rows on screen only.
    let c = &data.campaign(i);
    let summary = &data.summary(i);
    let marks = data.best_worst.map(|_, bw| match bw {
        Some((best, _)) if *best == i => Some("best"),
        Some((_, worst)) if *worst == i => Some("worst"),
        _ => None,
    });
    let open = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::OpenCampaign(i)))
    };
    let cost_cell = props.leads.then(|| {
        let name = c.name.clone();
        let typed = data.costs.get(&c.name).cloned().unwrap_or_default();
        let invalid = read_field(Input::Cost, &typed).is_err();
        let dispatch = props.dispatch.clone();
        let oninput = Callback::from(move |e: InputEvent| {
            let el: HtmlInputElement = e.target_unchecked_into();
            dispatch.dispatch(Action::SetCost {
                campaign: name.to_string(),
                text: el.value(),
            });
        });
        html! {
            <td class="cost">
                <input type="text" inputmode="decimal" data-testid="campaign-cost" value={typed}
                       aria-label={format!("{} — {}", Ui::CostColumn.text(lang), c.name)}
                       aria-invalid={invalid.to_string()} {oninput} />
            </td>
        }
    });
    // The group without a value is "(none)" in the page's language.
    let shown = match data.grouping.groups.get(i).map(|g| g.value.is_none()) {
        Some(true) => none_label(lang).to_string(),
        _ => c.name.to_string(),
    };
    html! {
        <tr data-testid="campaign-row" data-campaign={c.name.to_string()}>
            <th scope="row">{ shown }
                if let Some(ch) = &c.channel { <span class="channel">{ ch }</span> }
            </th>
            { for cost_cell }
            { kpi_cells(summary, &props.intl, &marks, &props.folded, lang) }
            <td><button type="button" class="secondary open" onclick={open}
                        title={Ui::OpenInCalculator.text(lang)}>{ Ui::Open.text(lang) }</button></td>
        </tr>
    }
}

/// `next` a task after it changes (it is then drawn in a task of its own), and until
/// then the one before; never one of another file than `data`'s.
#[hook]
fn use_a_task_later(data: &Rc<Data>, next: Option<Rc<Data>>) -> Option<Rc<Data>> {
    let later = use_state(|| None::<Rc<Data>>);
    {
        let later = later.clone();
        use_effect_with(next.as_ref().map(|n| n.id), move |_| {
            if let Some(next) = next {
                wasm_bindgen_futures::spawn_local(async move {
                    browser::next_task().await;
                    later.set(Some(next));
                });
            }
        });
    }
    (*later)
        .clone()
        .filter(|l| Rc::ptr_eq(&l.result, &data.result))
}

/// The imported campaigns: summary, table, columns and messages.
#[component]
pub fn Results(props: &ResultsProps) -> Html {
    let lang = props.lang;
    let data = &props.data;
    let show_all = use_state(|| false);
    let all_kpis = use_state(|| false);
    let page_state = use_state(|| 0usize);
    // The campaign charts follow the table a task later, for each new import and
    // each regrouping or filter; the mapping panel, the manager's charts and the
    // comparison a task later each: the first results of a large file are five
    // tasks under 50 ms, not fewer over. They stay mounted with the data before
    // (never torn down and rebuilt).
    let charted = use_a_task_later(data, Some(data.clone()));
    // A table that changes (a regrouping, a filter, an import, a sort) shows its
    // first rows in the task of the change and the others in the next: building
    // every row's cells at once would pass a frame. `sorted` is the sort a task
    // later. A typed cost keeps the view (the same rows, grouping and filters): all
    // rows at once, or the row being typed in would leave the page for a task, its
    // field and caret with it.
    let sorted = use_state(|| props.sort);
    {
        let sorted = sorted.clone();
        use_effect_with(props.sort, move |&sort| {
            wasm_bindgen_futures::spawn_local(async move {
                browser::next_task().await;
                sorted.set(sort);
            });
        });
    }
    let complete = *sorted == props.sort
        && charted.as_ref().is_some_and(|c| {
            c.id == data.id
                || (Rc::ptr_eq(&c.result, &data.result)
                    && c.grouping.by == data.grouping.by
                    && c.grouping.filters == data.grouping.filters)
        });
    // Then the mapping panel, the manager's charts and the comparison, a task each:
    // each of these tasks stays well under 50 ms with a 99 MB file's results.
    let mapped = use_a_task_later(data, charted.clone());
    let managed = use_a_task_later(data, mapped.clone());
    let compared = use_a_task_later(data, managed.clone());
    // The rows drawn last, each with the data it was drawn from (see `settling`).
    let drawn = use_mut_ref(|| (false, Vec::<(Rc<Data>, usize)>::new()));
    let clear = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::ClearData))
    };
    let storage_note = match props.storage {
        Storage::Fine => Ui::Remembered,
        Storage::Unavailable => Ui::StorageUnavailable,
        Storage::Full => Ui::StorageFull,
        Storage::Discarded => Ui::StorageDiscarded,
        Storage::Shared => Ui::SharedNotKept,
    };
    let export = {
        let data = data.clone();
        Callback::from(move |_| {
            let (rows, total, first) = export_rows(&data, lang);
            let csv = export_csv(&rows, &total, first, lang);
            browser::download("prospect-kpi.csv", "text/csv;charset=utf-8", &csv);
        })
    };
    // The `.xlsx` export, written in its on-demand worker.
    let xlsx_failed = use_state(|| None::<String>);
    let export_xlsx = {
        let data = data.clone();
        let failed = xlsx_failed.clone();
        Callback::from(move |_| {
            let (rows, total, first) = export_rows(&data, lang);
            let table = crate::report::export_table(&rows, &total, first, lang);
            let failed = failed.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::web::workbook::export_xlsx(&table).await {
                    Ok(bytes) => {
                        failed.set(None);
                        browser::download_bytes(
                            "prospect-kpi.xlsx",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            &bytes,
                        );
                    }
                    Err(why) => failed.set(Some(why)),
                }
            });
        })
    };
    let print = Callback::from(|_| browser::print());
    // A workbook's sheets: another one is read through the workbook worker again.
    let sheet_picker = data.sheet.as_ref().and_then(|sheet| {
        let workbook = sheet.workbook.as_ref()?.get::<web_sys::Blob>()?.clone();
        if sheet.sheets.len() < 2 {
            return None;
        }
        let (name, costs, dispatch) = (
            data.name.clone(),
            data.costs.clone(),
            props.dispatch.clone(),
        );
        let onchange = Callback::from(move |e: Event| {
            let el: web_sys::HtmlSelectElement = e.target_unchecked_into();
            super::import_panel::read_workbook(
                workbook.clone(),
                name.clone(),
                Some(el.value()),
                costs.clone(),
                dispatch.clone(),
            );
        });
        Some(html! {
            <label class="sheet">{ format!("{} ", Ui::SheetLabel.text(lang)) }
                <select data-testid="sheet" {onchange}>
                    if sheet.name.is_empty() { <option value="" selected=true>{ "—" }</option> }
                    { for sheet.sheets.iter().map(|s| html! {
                        <option value={s.clone()} selected={*s == sheet.name}>{ s.clone() }</option>
                    }) }
                </select>
            </label>
        })
    });
    let header = html! {
        <div class="results-head">
            <h2 id="results-title">{ Ui::Results.text(lang) }
                if !data.name.is_empty() { <span class="file-name">{ format!(" — {}", data.name) }</span> }
            </h2>
            { sheet_picker.unwrap_or_default() }
            if data.result.is_ok() {
                <div class="actions">
                    <button type="button" data-testid="export-csv" onclick={export}>{ Ui::ExportCsv.text(lang) }</button>
                    <button type="button" class="secondary" data-testid="export-xlsx" onclick={export_xlsx}>{ Ui::ExportXlsx.text(lang) }</button>
                    <button type="button" class="secondary" data-testid="print" onclick={print}>{ Ui::Print.text(lang) }</button>
                </div>
                if let Some(why) = &*xlsx_failed {
                    <p class="fatal" role="alert">{ format!("{}{}", Ui::XlsxFailed.text(lang), why) }</p>
                }
            }
            <p class={classes!("storage", (props.storage != Storage::Fine).then_some("warn"))} role="status">
                { storage_note.text(lang) }
                { " " }
                <button type="button" class="secondary" onclick={clear}>{ Ui::Clear.text(lang) }</button>
            </p>
        </div>
    };
    // A remapped column: imported again from the kept text, or the file read again.
    let reread = {
        let (data, dispatch) = (data.clone(), props.dispatch.clone());
        Callback::from(move |overrides: Vec<ColumnOverride>| {
            match data.file.as_ref().and_then(|f| f.get::<web_sys::Blob>()) {
                Some(file) => super::import_panel::stream_file(
                    file.clone(),
                    data.name.clone(),
                    overrides,
                    data.costs.clone(),
                    dispatch.clone(),
                ),
                None => dispatch.dispatch(Action::SetOverrides(overrides)),
            }
        })
    };
    // The same callbacks while the file, its costs and its column choices are: the
    // mapping panel (a list of every field for every column) and the messages (up to
    // a thousand errors) are not drawn again at each regrouping or filter.
    let same_file = (
        Rc::as_ptr(&data.result) as usize,
        data.costs.clone(),
        data.overrides.clone(),
    );
    let remap = {
        let (data, reread) = (data.clone(), reread.clone());
        use_callback(
            same_file.clone(),
            move |(column, field): (usize, Option<String>), _| {
                reread.emit(data.remapped(column, field))
            },
        )
    };
    // Rows left out after a column choice: the way back, one click.
    let undo_last = {
        let reread = reread.clone();
        use_callback(same_file, move |_: MouseEvent, (_, _, overrides)| {
            let mut before = overrides.clone();
            before.pop();
            reread.emit(before)
        })
    };
    let undo = data.overrides.last().map(|last| (last.column, undo_last));
    // Sorted once per change of the data or the sort, not at every render (the
    // last hook: before the early return below, as hooks must be).
    let order = use_memo((data.id, props.sort), {
        let data = data.clone();
        move |&(_, sort)| sorted_rows(&data, sort)
    });
    let import = match &*data.result {
        Ok(import) => import,
        Err(e) => {
            let columns = match e {
                FatalError::NoHeader { headers } => {
                    headers.iter().map(|h| (h.clone(), None)).collect()
                }
                _ => Vec::new(),
            };
            return html! {
                <section class="results" aria-labelledby="results-title">
                    { header }
                    <p class="fatal" role="alert">{ e.message(lang) }</p>
                    if !columns.is_empty() {
                        <Mapping {lang} {columns} on_remap={remap.clone()} />
                    }
                </section>
            };
        }
    };
    // Costs are typed per campaign, so only when the rows are campaigns.
    let leads = import.kind == FileKind::Leads && data.by_campaign();
    let by = data.grouping.by;
    // Text pasted in the page has no file name, no file and no workbook sheet.
    let pasted = data.name.is_empty() && data.file.is_none() && data.sheet.is_none();
    // KPI columns that are "—" for every row (their pooled total is undefined) are
    // folded behind "show all KPIs": the ones a user reads fit the screen.
    let total = data.total.clone().unwrap_or_else(|| Summary::pooled(&[]));
    let undefined: Vec<Kpi> = Kpi::ALL
        .into_iter()
        .filter(|&k| total.get(k).is_err())
        .collect();
    // (Rows compare it by value: an equal list re-renders no row.)
    let folded: Rc<Vec<Kpi>> = Rc::new(if *all_kpis {
        Vec::new()
    } else {
        undefined.clone()
    });
    let sort_button = |key: SortKey, label: &'static str| {
        let dispatch = props.dispatch.clone();
        let onclick = Callback::from(move |_| dispatch.dispatch(Action::SortBy(key)));
        let sorted = props.sort.key == key;
        let aria = match (sorted, props.sort.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        };
        let arrow = match (sorted, props.sort.descending) {
            (false, _) => "",
            (true, false) => " ↑",
            (true, true) => " ↓",
        };
        let hidden = matches!(key, SortKey::Kpi(k) if folded.contains(&k));
        html! {
            <th scope="col" aria-sort={aria} class={classes!(hidden.then_some("folded"))}>
                <button type="button" class="sort" {onclick}
                        title={format!("{} {}", Ui::SortBy.text(lang), label)}>{ label }{ arrow }</button>
            </th>
        }
    };
    let n = data.len();
    // Up to 100 rows: all; more: pages of 25 (every row, up to 2,000, on request).
    let paged = n > ALL_ROWS_UP_TO && !(*show_all && n <= SHOW_ALL_UP_TO);
    let pages = n.div_ceil(ROWS_SHOWN).max(1);
    let page = (*page_state).min(pages - 1);
    let shown: Vec<usize> = if paged {
        order.rows(page * ROWS_SHOWN..(page + 1) * ROWS_SHOWN)
    } else {
        order.rows(0..order.len())
    };
    let first_rows = if complete { shown.len() } else { FIRST_ROWS };
    // Until the change's next task, the rows below its first ones stay as they were
    // drawn (their props unchanged: Yew leaves them be), out of the layout by the
    // body's `settling` class: the change's own task neither removes a hundred
    // rows nor adds them, and the next task gives them their new cells. Keyed rows
    // (lead files by campaign) keep those whose key is not among the first ones.
    let mut now: Vec<(Rc<Data>, usize)> = shown
        .iter()
        .take(first_rows)
        .map(|&i| (data.clone(), i))
        .collect();
    {
        let (drawn_leads, before) = &*drawn.borrow();
        if !complete && *drawn_leads == leads && now.len() == FIRST_ROWS {
            // Never a row twice: not a name of the first rows (a lookup by name finds
            // one row, hidden or not), nor a key.
            let first: Vec<usize> = now.iter().map(|&(_, i)| i).collect();
            let names: Vec<Option<&str>> = first.iter().map(|&i| data.name(i)).collect();
            let kept = before
                .iter()
                .skip(FIRST_ROWS)
                .filter(|(d, i)| !names.contains(&d.name(*i)) && (!leads || !first.contains(i)));
            now.extend(kept.cloned());
        }
    }
    let settling = !complete && now.len() > FIRST_ROWS;
    *drawn.borrow_mut() = (leads, now.clone());
    let rows = now.into_iter().map(|(data, i)| {
        let (intl, dispatch) = (props.intl.clone(), props.dispatch.clone());
        let folded = folded.clone();
        if leads {
            // Rows with a cost field keep their DOM with their campaign, so that
            // a re-sort while a cost is typed does not move the field under the caret.
            html! { <ResultRow key={i} index={i} {data} {lang} {intl} {leads} {folded} {dispatch} /> }
        } else {
            html! { <ResultRow index={i} {data} {lang} {intl} {leads} {folded} {dispatch} /> }
        }
    });
    let show_more = {
        let show_all = show_all.clone();
        Callback::from(move |_| show_all.set(true))
    };
    let go = |to: usize| {
        let page_state = page_state.clone();
        Callback::from(move |_| page_state.set(to))
    };
    let pager = paged.then(|| {
        let f = &*props.intl;
        let (first, last) = (page * ROWS_SHOWN + 1, ((page + 1) * ROWS_SHOWN).min(n));
        let info = Ui::RowsOf
            .text(lang)
            .replace("%a", &f.count(first as f64))
            .replace("%b", &f.count(last as f64))
            .replace("%n", &f.count(n as f64));
        html! {
            <nav class="pager" aria-label={Ui::Pages.text(lang)}>
                <button type="button" class="secondary" data-testid="page-previous"
                        disabled={page == 0} onclick={go(page.saturating_sub(1))}>{ Ui::Previous.text(lang) }</button>
                <span data-testid="page-info" data-groups={n.to_string()}>{ info }</span>
                <button type="button" class="secondary" data-testid="page-next"
                        disabled={page + 1 >= pages} onclick={go(page + 1)}>{ Ui::Next.text(lang) }</button>
                if n <= SHOW_ALL_UP_TO {
                    <button type="button" class="secondary show-all" onclick={show_more}>
                        { show_all_text(data.grouping.by, n, f, lang) }
                    </button>
                }
            </nav>
        }
    });
    let fold_toggle = (!undefined.is_empty()).then(|| {
        let on = *all_kpis;
        let all_kpis = all_kpis.clone();
        let onclick = Callback::from(move |_| all_kpis.set(!on));
        let label = if on {
            Ui::FoldEmptyKpis.text(lang).to_string()
        } else {
            Ui::ShowAllKpis
                .text(lang)
                .replace("%n", &props.intl.count(undefined.len() as f64))
        };
        html! {
            <button type="button" class="secondary" data-testid="show-all-kpis"
                    aria-pressed={on.to_string()} {onclick}>{ label }</button>
        }
    });
    // Money KPIs pooled over fewer rows than the table has say which.
    let coverage: Vec<String> = {
        const MONEY: [Kpi; 5] = [
            Kpi::CostPerLead,
            Kpi::Roi,
            Kpi::CostPerCustomer,
            Kpi::RevenuePerLead,
            Kpi::AverageDealValue,
        ];
        let count = |k: Kpi| data.defined[k];
        let mut counts: Vec<usize> = MONEY
            .iter()
            .map(|&k| count(k))
            .filter(|&c| c > 0 && c < n)
            .collect();
        counts.sort_unstable();
        counts.dedup();
        counts
            .into_iter()
            .rev()
            .map(|c| {
                let kpis: Vec<Kpi> = MONEY.into_iter().filter(|&k| count(k) == c).collect();
                coverage_note(&kpis, c, n, &*props.intl, lang)
            })
            .collect()
    };
    let columns: Vec<(String, Option<String>)> = import
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.field.map(String::from)))
        .collect();
    html! {
        <section class="results" aria-labelledby="results-title">
            { header }
            <p class="summary">{ summary_line_by(import, by, n, pasted, lang) }</p>
            <ViewControls {lang} data={data.clone()} dispatch={props.dispatch.clone()} />
            if leads {
                <p class="help">{ Ui::CostHelp.text(lang) }</p>
            }
            { fold_toggle.unwrap_or_default() }
            <div class="table-wrap results-wrap" tabindex="0">
                <table class="results-table">
                    <thead>
                        <tr>
                            { sort_button(SortKey::Name, if by == crate::group::Dim::Campaign { Ui::CampaignColumn.text(lang) } else { by.name(lang) }) }
                            if leads { <th scope="col">{ Ui::CostColumn.text(lang) }</th> }
                            { for Kpi::ALL.iter().map(|&k| sort_button(SortKey::Kpi(k), kpi_text(k, lang).name)) }
                            <th scope="col"><span class="visually-hidden">{ Ui::OpenInCalculator.text(lang) }</span></th>
                        </tr>
                    </thead>
                    <tbody class={classes!(settling.then_some("settling"))}>{ for rows }</tbody>
                    <tfoot>
                        <tr data-testid="total-row">
                            <th scope="row">{ Ui::Total.text(lang) }</th>
                            if leads { <td></td> }
                            { kpi_cells(&total, &props.intl, &PerKpi::default(), &folded, lang) }
                            <td></td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            { pager.unwrap_or_default() }
            // In a box of their own: a note that comes or goes (a cost typed) must not
            // shift the section's children, which Yew matches by place from the end
            // (the table, and the field being typed in, would be drawn anew).
            <div class="coverage-notes">
                { for coverage.into_iter().map(|c| html! { <p class="help coverage" data-testid="total-coverage">{ c }</p> }) }
            </div>
            // The mapping panel (a list of every field for every column) of a new
            // file comes a task after the charts; a regrouping keeps it (the file's
            // columns are the same).
            if mapped.is_some() {
                <Mapping {lang} {columns} on_remap={remap.clone()} />
            }
            <Messages {lang} import={data.result.clone()} {undo} />
            if let Some(charted) = charted {
                <CampaignCharts {lang} intl={props.intl.clone()} data={charted.clone()}
                                total_inputs={Rc::new(charted.total.as_ref().map(|t| t.inputs.clone()).unwrap_or_default())} />
            }
            if let Some(managed) = managed {
                <ManagerCharts {lang} intl={props.intl.clone()} data={managed} />
            }
            if let Some(compared) = compared {
                <Compare {lang} data={compared} />
            }
        </section>
    }
}
