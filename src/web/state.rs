//! The page's state: a plain `State`, the `Action`s that change it, and the reducer.
//! Nothing here touches the browser, so the page's logic reads as data.

use crate::group::{
    available, distribute_cost, group, group_names_known, values_of_dims, values_of_groups, Dim,
    Grouping, PerDim, View,
};
use crate::import::{
    import, import_sheet_text, ColumnOverride, FatalError, FileKind, Import, ImportOptions,
};
use crate::import::{parse_number, Problem};
use crate::kpi::{Campaign, Formulas, Input, Inputs, Kpi, PerKpi, Summary, Undefined};
use crate::lang::Lang;
use crate::texts::Ui;
use crate::whatif::Lever;
use std::cell::Cell;
use std::rc::Rc;
use yew::Reducible;

pub use crate::url_state::{Currency, Embed, Theme};

/// A calculator field: what the user typed, kept as typed.
pub type Fields = crate::kpi::PerInput<String>;

/// Reads a calculator field: `Ok(None)` when empty, the number, or why not. A comma
/// followed by exactly three digits groups thousands ("1,234"); otherwise it is the
/// decimal mark ("1 234,5"): no input of ours has three decimals.
pub fn read_field(input: Input, text: &str) -> Result<Option<f64>, Ui> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let v = parse_number(text.as_bytes(), true).map_err(problem_text)?;
    crate::import::check_kind(v, input.kind())
        .map(Some)
        .map_err(problem_text)
}

fn problem_text(p: Problem) -> Ui {
    match p {
        Problem::NotWholeNumber => Ui::NotWhole,
        Problem::Negative => Ui::NotNegative,
        Problem::TooLarge => Ui::TooLarge,
        _ => Ui::InvalidNumber,
    }
}

/// The calculator's inputs: the valid fields; an invalid one counts as unknown.
pub fn inputs_of(fields: &Fields) -> Inputs {
    let mut inputs = Inputs::default();
    for (input, text) in fields.iter() {
        inputs.set(input, read_field(input, text).ok().flatten());
    }
    inputs
}

/// Costs typed per campaign for lead files, as typed: a few entries, in a vector
/// (less code in the page than a map).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Costs(Vec<(String, String)>);

impl Costs {
    pub fn get(&self, campaign: &str) -> Option<&String> {
        self.0.iter().find(|(c, _)| c == campaign).map(|(_, t)| t)
    }

    pub fn insert(&mut self, campaign: String, text: String) {
        match self.0.iter_mut().find(|(c, _)| *c == campaign) {
            Some(entry) => entry.1 = text,
            None => self.0.push((campaign, text)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(c, t)| (c, t))
    }
}

/// A file the browser holds (its `Blob`), opaque here: the state only hands it back
/// to the page's browser side (to stream it again, to read another sheet), so that
/// the state stays plain data, built and tested natively.
#[derive(Clone)]
pub struct FileHandle(Rc<dyn std::any::Any>);

impl FileHandle {
    pub fn new<T: 'static>(file: T) -> FileHandle {
        FileHandle(Rc::new(file))
    }

    /// The file, if it is a `T`.
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.0.downcast_ref()
    }
}

impl PartialEq for FileHandle {
    fn eq(&self, other: &FileHandle) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for FileHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileHandle")
    }
}

/// The workbook sheet data came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    /// The sheet read; empty when none could be.
    pub name: String,
    /// Every sheet of the workbook, for the sheet picker.
    pub sheets: Vec<String>,
    /// The sheet's first column (0-based), for the cells' letters.
    pub first_col: u32,
    /// The workbook, to read another sheet (not kept across visits).
    pub workbook: Option<FileHandle>,
}

/// Where imported data come from and what became of them.
///
/// Two `Data` are equal when they are the same import: every change makes a new
/// one with a new `id`, so comparing them (Yew does, on every render) costs nothing
/// even with thousands of campaigns.
#[derive(Clone, Debug)]
pub struct Data {
    pub id: u64,
    /// A file's name, or empty for pasted text.
    pub name: String,
    /// The text, kept to import again after a remapping and to restore on reload.
    pub text: Rc<str>,
    pub overrides: Vec<ColumnOverride>,
    /// Costs typed per campaign for lead files, as typed.
    pub costs: Costs,
    /// Shared by the `Data` a typed cost derives from it: one import, not a copy per
    /// keystroke (and its address tells one import from another).
    pub result: Rc<Result<Import, FatalError>>,
    /// A file too large to keep as text: kept as the browser's handle, to read again
    /// when a column is remapped.
    pub file: Option<FileHandle>,
    /// A workbook's sheet: the text is then the sheet's, tab-separated.
    pub sheet: Option<Sheet>,
    /// The view these rows were derived for, and the grouping it gave (`by`,
    /// filters, each row's members): the results' rows are its groups.
    pub view: View,
    pub grouping: Rc<Grouping>,
    /// The file's rows with the typed costs applied, when costs are typed (else the
    /// import's own rows are used: no copy).
    pub costed: Option<Rc<Vec<Campaign>>>,
    /// What each dimension's filter offers.
    pub values: Rc<Vec<(Dim, Vec<String>)>>,
    /// The best and worst row per KPI, and the pooled total: computed once per
    /// change. A row's own KPIs and rolled-up campaign are computed when it is shown,
    /// so a million rows cost their members, not a copy each.
    pub best_worst: Rc<PerKpi<Option<(usize, usize)>>>,
    /// Per KPI, how many rows have it defined: the pooled
    /// total covers those.
    pub defined: Rc<PerKpi<usize>>,
    /// The pooled total, with its rates' counts: computed once per change, not
    /// at each render (a pass over every row).
    pub total: Option<Summary>,
}

impl PartialEq for Data {
    fn eq(&self, other: &Data) -> bool {
        self.id == other.id
    }
}

fn next_id() -> u64 {
    thread_local! {
        static NEXT: Cell<u64> = const { Cell::new(1) };
    }
    NEXT.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    })
}

impl Data {
    pub fn new(name: String, text: Rc<str>, overrides: Vec<ColumnOverride>, costs: Costs) -> Data {
        Data::read(name, text, overrides, costs, None)
    }

    /// Imports text, or a workbook sheet's text (its cells then named `Sheet!D7`).
    pub fn read(
        name: String,
        text: Rc<str>,
        overrides: Vec<ColumnOverride>,
        costs: Costs,
        sheet: Option<Sheet>,
    ) -> Data {
        let options = ImportOptions {
            overrides: overrides.clone(),
            ..Default::default()
        };
        let result = match &sheet {
            Some(s) if !s.name.is_empty() => {
                import_sheet_text(&text, &s.name, s.first_col, &options)
            }
            _ => import(text.as_bytes(), &options),
        };
        let mut data = Data::from_import(name, text, None, overrides, costs, result);
        data.sheet = sheet;
        data
    }

    /// Data from an import already made (a streamed file).
    pub fn from_import(
        name: String,
        text: Rc<str>,
        file: Option<FileHandle>,
        overrides: Vec<ColumnOverride>,
        costs: Costs,
        result: Result<Import, FatalError>,
    ) -> Data {
        let mut data = Data {
            id: 0,
            name,
            text,
            overrides,
            costs,
            result: Rc::new(result),
            file,
            sheet: None,
            view: View::default(),
            grouping: Rc::new(empty_grouping()),
            costed: None,
            values: Rc::default(),
            best_worst: Rc::default(),
            defined: Rc::default(),
            total: None,
        };
        data.apply_costs();
        data
    }

    /// A file that could not even be decoded.
    pub fn failed(name: String, error: FatalError) -> Data {
        Data::from_import(
            name,
            Rc::from(""),
            None,
            Vec::new(),
            Costs::default(),
            Err(error),
        )
    }

    /// The overrides with one column's choice replaced.
    pub fn remapped(&self, column: usize, field: Option<String>) -> Vec<ColumnOverride> {
        let mut overrides = self.overrides.clone();
        overrides.retain(|o| o.column != column);
        overrides.push(ColumnOverride { column, field });
        overrides
    }

    /// Applies the typed costs (valid ones) over the imported rows, groups them by
    /// the view, and derives what the views show.
    fn apply_costs(&mut self) {
        self.id = next_id();
        let Ok(import) = &*self.result else {
            self.best_worst = Rc::default();
            self.defined = Rc::default();
            self.costed = None;
            self.grouping = Rc::new(empty_grouping());
            self.total = None;
            return;
        };
        let mut costed = None;
        if import.kind == FileKind::Leads && self.costs.iter().next().is_some() {
            let mut combos = import.combos.clone();
            for (campaign, text) in self.costs.iter() {
                if let Ok(Some(cost)) = read_field(Input::Cost, text) {
                    distribute_cost(&mut combos, campaign, cost);
                }
            }
            costed = Some(Rc::new(combos));
        }
        let combos: &[Campaign] = costed.as_deref().map_or(&import.combos, |c| c);
        let (by, filters) = self.view.for_dims(import.dims);
        let grouping = group_names_known(combos, import.dims, by, &filters, import.names_distinct);
        let total = grouping.total_summary(combos);
        let (best_worst, defined) = best_and_worst_all(&grouping, combos, &total);
        self.total = Some(total);
        self.best_worst = Rc::new(best_worst);
        self.defined = Rc::new(defined);
        if self.values.is_empty() {
            let dims = available(import.dims);
            // The grouping's own dimension (a million campaigns, maybe) is read off
            // its groups, not counted again; the others in one pass over the rows.
            let mut own = values_of_groups(&grouping, combos, MAX_FILTER_VALUES);
            let counted: Vec<Dim> = dims
                .iter()
                .copied()
                .filter(|&d| d != grouping.by || own.is_none())
                .collect();
            let mut others = values_of_dims(combos, &counted, MAX_FILTER_VALUES).into_iter();
            self.values = Rc::new(
                dims.into_iter()
                    .map(|d| match own.take_if(|_| d == grouping.by) {
                        Some(values) => (d, values),
                        None => (d, others.next().unwrap_or_default()),
                    })
                    .collect(),
            );
        }
        self.grouping = Rc::new(grouping);
        self.costed = costed;
    }

    /// The file's rows (with the typed costs).
    pub fn combos(&self) -> &[Campaign] {
        match (&self.costed, &*self.result) {
            (Some(c), _) => c,
            (None, Ok(import)) => &import.combos,
            (None, Err(_)) => &[],
        }
    }

    /// How many rows the results have.
    pub fn len(&self) -> usize {
        self.grouping.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Row `i` rolled up as a campaign.
    pub fn campaign(&self, i: usize) -> Campaign {
        self.grouping.campaign(i, self.combos())
    }

    /// Row `i`'s KPIs.
    pub fn summary(&self, i: usize) -> Summary {
        self.grouping.summary(i, self.combos())
    }

    /// Row `i`'s rows of the file.
    pub fn members(&self, i: usize) -> impl Iterator<Item = &Campaign> + Clone {
        let combos = self.combos();
        self.grouping
            .members(i)
            .iter()
            .map(move |&m| &combos[m as usize])
    }

    /// Row `i`'s name; `None` for the row without a value.
    pub fn name(&self, i: usize) -> Option<&str> {
        self.grouping.groups.get(i).and_then(|g| g.value.as_deref())
    }

    /// A KPI of every row (undefined as `None`), for sorting and ranking.
    pub fn kpi_values(&self, kpi: Kpi) -> Vec<Option<f64>> {
        (0..self.len())
            .map(|i| kpi.pooled(self.members(i)).ok())
            .collect()
    }

    /// The rows with the most leads, rolled up (at most `max`, in the file's order):
    /// what the charts and the comparison offer.
    pub fn top_rows(&self, max: usize) -> Vec<usize> {
        let mut order = self.grouping.most_leads(0..self.len(), max, self.combos());
        order.sort_unstable();
        order
    }

    /// The same data seen through another view (grouping and filters).
    pub fn with_view(&self, view: &View) -> Data {
        let mut data = self.clone();
        data.view = view.clone();
        data.apply_costs();
        data
    }

    /// Whether the rows are campaigns (typed costs apply to them).
    pub fn by_campaign(&self) -> bool {
        self.grouping.by == Dim::Campaign
    }
}

/// A filter offers at most this many values (most leads first).
pub const MAX_FILTER_VALUES: usize = 500;

fn empty_grouping() -> Grouping {
    group(&[], PerDim::default(), Dim::Campaign, &[])
}

/// What the results table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The file's order.
    File,
    Name,
    Kpi(Kpi),
}

/// How the results table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            key: SortKey::File,
            descending: false,
        }
    }
}

/// Whether imported data can be kept across reloads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Storage {
    /// Nothing to keep, or kept.
    Fine,
    /// The browser refuses storage (private mode, disabled).
    Unavailable,
    /// The data do not fit.
    Full,
    /// Data kept by an earlier visit were stale or corrupt, and cleared.
    Discarded,
    /// Data opened from a shared link: shown, not kept (the user's own kept data
    /// stay as they were, and come back on reload).
    Shared,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub lang: Lang,
    pub currency: Currency,
    pub fields: Fields,
    pub data: Option<Rc<Data>>,
    pub sort: Sort,
    pub storage: Storage,
    /// A passing message (link copied, …).
    pub note: Option<Ui>,
    /// The link the share control could not copy, shown for the user to copy.
    pub share_fallback: Option<String>,
    /// The import of a file: idle, reading (with its cancel flag) or done.
    pub file: FileImport,
    /// The embed layout and its options, or `None` for the full page.
    pub embed: Option<Embed>,
    /// The results' grouping and filters, kept across imports (and in the URL).
    pub view: View,
    /// The what-if scenario's changes to the calculator's campaign (in the URL);
    /// cleared when the campaign changes.
    pub scenario: Rc<Vec<(Lever, f64)>>,
    /// The data came from a shared link and are not kept over the user's own (until
    /// they change them: then they are the user's).
    pub shared: bool,
    /// What reads and regroups data: the full page's; none in the light page, which
    /// holds no data (so that the importer stays out of its wasm).
    pub data_ops: Option<DataOps>,
}

/// The reducer's work on data that needs the importer or the grouping: a seam, so
/// that the light page (`web::light`), whose state never holds data, does not link
/// that code. There is one implementation, [`DataOps::FULL`].
#[derive(Clone, Copy)]
pub struct DataOps {
    /// An action that reads or changes data (`Import`, `SetOverrides`, `SetCost`);
    /// false when there were no data to change.
    act: fn(&mut State, Action) -> bool,
    /// The data shown through another view.
    view: fn(&Data, &View) -> Data,
}

impl DataOps {
    pub const FULL: DataOps = DataOps {
        act: act_on_data,
        view: Data::with_view,
    };
}

/// One implementation: all are equal.
impl PartialEq for DataOps {
    fn eq(&self, _: &DataOps) -> bool {
        true
    }
}

impl std::fmt::Debug for DataOps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataOps")
    }
}

/// [`DataOps::act`]: the actions that read or change data.
fn act_on_data(s: &mut State, action: Action) -> bool {
    match action {
        Action::Import { name, text } => {
            s.stop_import();
            let data = match text {
                Ok(text) => Data::new(name, text, Vec::new(), Costs::default()),
                Err(e) => Data::failed(name, e),
            };
            s.data = Some(Rc::new(data));
            s.sort = Sort::default();
        }
        Action::SetOverrides(overrides) => {
            let Some(d) = s.data.clone() else {
                return false;
            };
            s.stop_import();
            s.data = Some(Rc::new(Data::read(
                d.name.clone(),
                d.text.clone(),
                overrides,
                d.costs.clone(),
                d.sheet.clone(),
            )));
        }
        Action::SetCost { campaign, text } => {
            let Some(d) = &s.data else { return false };
            let mut data = (**d).clone();
            data.costs.insert(campaign, text);
            data.apply_costs();
            s.data = Some(Rc::new(data));
        }
        _ => return false,
    }
    true
}

impl State {
    /// The full page's state, which reads data.
    pub fn new(lang: Lang, currency: Currency, fields: Fields) -> State {
        State {
            data_ops: Some(DataOps::FULL),
            ..State::light(lang, currency, fields)
        }
    }

    /// The light page's state: the calculator's alone, no data.
    pub fn light(lang: Lang, currency: Currency, fields: Fields) -> State {
        State {
            lang,
            currency,
            fields,
            data: None,
            sort: Sort::default(),
            storage: Storage::Fine,
            note: None,
            share_fallback: None,
            file: FileImport::Idle,
            embed: None,
            view: View::default(),
            scenario: Rc::default(),
            shared: false,
            data_ops: None,
        }
    }

    pub fn inputs(&self) -> Inputs {
        inputs_of(&self.fields)
    }

    /// Whether the import with this cancel flag is the one under way (and not
    /// stopped): only its progress and its result are heeded.
    fn is_current(&self, flag: &Rc<Cell<bool>>) -> bool {
        self.file.reads_with(flag) && !flag.get()
    }

    /// Stops the import under way, if any: the data the user just gave win.
    fn stop_import(&mut self) {
        if let FileImport::Reading { cancel, .. } = &self.file {
            cancel.set(true);
        }
        self.file = FileImport::Idle;
    }
}

pub enum Action {
    SetLang(Lang),
    SetCurrency(Currency),
    SetField(Input, String),
    ClearFields,
    /// Fills the calculator with a campaign's numbers.
    OpenCampaign(usize),
    /// A file starts streaming in.
    StartImport {
        total: f64,
        cancel: Rc<Cell<bool>>,
    },
    /// How far the import with this cancel flag has come.
    Progress(Progress, Rc<Cell<bool>>),
    /// A streamed file has been imported (or has failed, as data with an error).
    /// Heeded only while its import is the current one: a paste, a Clear or a newer
    /// file since then wins.
    Imported(Rc<Data>, Rc<Cell<bool>>),
    /// The import with this flag stopped (the user's Stop): the previous results stay.
    Cancelled(Rc<Cell<bool>>),
    /// Pasted text.
    Import {
        name: String,
        text: Result<Rc<str>, FatalError>,
    },
    /// The pasted text read again with these column choices (a remap or an undo;
    /// a file is streamed again instead).
    SetOverrides(Vec<ColumnOverride>),
    SetCost {
        campaign: String,
        text: String,
    },
    SortBy(SortKey),
    /// Groups the results by a dimension.
    GroupBy(Dim),
    /// Keeps only one value of a dimension (`None`: every value).
    Filter(Dim, Option<String>),
    ClearData,
    Stored(Storage),
    Note(Option<Ui>),
    ShareFallback(String),
    /// The what-if scenario's changes.
    SetScenario(Vec<(Lever, f64)>),
    /// Data brought by a shared link's fragment.
    OpenShared(Rc<Data>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        let opens_shared = matches!(action, Action::OpenShared(_));
        match action {
            Action::SetLang(lang) => s.lang = lang,
            Action::SetCurrency(c) => s.currency = c,
            Action::SetField(input, text) => {
                s.fields[input] = text;
                s.scenario = Rc::default();
            }
            Action::ClearFields => {
                s.fields = Default::default();
                s.scenario = Rc::default();
            }
            Action::OpenCampaign(index) => {
                if let Some(d) = s.data.as_ref().filter(|d| index < d.len()) {
                    let c = d.campaign(index);
                    let mut inputs = c.inputs;
                    // A lead file's cycle is a histogram: the calculator gets its mean.
                    if inputs.get(Input::CycleDays).is_none() {
                        inputs.set(Input::CycleDays, c.leads.cycle().and_then(|h| h.mean()));
                    }
                    s.fields = fields_of(&inputs);
                    s.scenario = Rc::default();
                }
            }
            Action::SetScenario(changes) => s.scenario = Rc::new(changes),
            Action::OpenShared(data) => {
                s.stop_import();
                s.data = Some(data);
                s.sort = Sort::default();
                s.storage = Storage::Shared;
                s.note = Some(Ui::SharedDataOpened);
            }
            Action::StartImport { total, cancel } => {
                s.stop_import();
                let progress = Progress {
                    bytes: 0.0,
                    total,
                    rows: 0,
                    elapsed_ms: 0.0,
                };
                s.file = FileImport::Reading { progress, cancel };
            }
            Action::Progress(p, flag) => {
                if !s.is_current(&flag) {
                    return self;
                }
                if let FileImport::Reading { progress, .. } = &mut s.file {
                    *progress = p;
                }
            }
            Action::Imported(data, flag) => {
                if !s.is_current(&flag) {
                    return self;
                }
                if let FileImport::Reading { progress, .. } = &s.file {
                    s.file = FileImport::Done(*progress);
                }
                s.data = Some(data);
                s.sort = Sort::default();
            }
            Action::Cancelled(flag) => {
                // Stopped by the user's button (its flag set), or by a newer action
                // (then no longer the current one: nothing to do).
                if !s.file.reads_with(&flag) {
                    return self;
                }
                s.file = FileImport::Idle;
            }
            action @ (Action::Import { .. } | Action::SetOverrides(_) | Action::SetCost { .. }) => {
                let Some(ops) = s.data_ops else { return self };
                if !(ops.act)(&mut s, action) {
                    return self;
                }
            }
            Action::SortBy(key) => {
                s.sort = if s.sort.key == key {
                    Sort {
                        key,
                        descending: !s.sort.descending,
                    }
                } else {
                    // Best first: a KPI where higher is better starts descending.
                    let descending = matches!(key, SortKey::Kpi(k) if k.higher_is_better());
                    Sort { key, descending }
                };
            }
            Action::GroupBy(dim) => {
                s.view.by = Some(dim);
                s.sort = Sort::default();
            }
            Action::Filter(dim, value) => s.view = s.view.with_filter(dim, value),
            Action::ClearData => {
                s.stop_import();
                s.data = None;
                s.storage = Storage::Fine;
            }
            Action::Stored(storage) => {
                if s.storage == storage {
                    return self;
                }
                s.storage = storage;
            }
            Action::Note(note) => {
                s.note = note;
                if note.is_none() {
                    s.share_fallback = None;
                }
            }
            Action::ShareFallback(url) => {
                s.note = Some(Ui::LinkNotCopied);
                s.share_fallback = Some(url);
            }
        }
        // Shared data changed by the user (another import, a typed cost, a remap) are
        // the user's own from then on, and kept.
        let key = |d: &Option<Rc<Data>>| {
            d.as_ref()
                .map(|d| (Rc::as_ptr(&d.result) as usize, d.costs.clone()))
        };
        s.shared = opens_shared || (s.shared && key(&s.data) == key(&self.data));
        if !s.shared && s.storage == Storage::Shared {
            s.storage = Storage::Fine;
        }
        // Whatever brought the data (an import, a shared link, a typed cost), they are
        // shown through the user's view.
        if let (Some(d), Some(ops)) = (&s.data, s.data_ops) {
            if d.view != s.view {
                s.data = Some(Rc::new((ops.view)(d, &s.view)));
            }
        }
        Rc::new(s)
    }
}

/// The life of a file's import, which the import panel matches. The cancel flag is
/// owned here: a paste, Clear, remap or newer file sets it (`State::stop_import`), and
/// the stream's progress and result are heeded only while their flag is this one. A
/// file that fails to import is done too: its error is the data's (`Data::failed`).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum FileImport {
    /// No file under way (nothing shown).
    #[default]
    Idle,
    /// Reading, with how far it has come and the flag that stops it.
    Reading {
        /// How far it has come.
        progress: Progress,
        /// Set to stop the stream.
        cancel: Rc<Cell<bool>>,
    },
    /// Read: its last figures stay on screen until the next data.
    Done(Progress),
}

impl FileImport {
    /// Whether this is the read whose flag is `flag`.
    fn reads_with(&self, flag: &Rc<Cell<bool>>) -> bool {
        matches!(self, FileImport::Reading { cancel, .. } if Rc::ptr_eq(cancel, flag))
    }
}

/// How far a file's import has gone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    pub bytes: f64,
    pub total: f64,
    pub rows: u64,
    pub elapsed_ms: f64,
}

/// A campaign's inputs as calculator fields (plain numbers, `.` decimal).
pub fn fields_of(inputs: &Inputs) -> Fields {
    Fields::from_fn(|input| match inputs.get(input) {
        Some(v) => ((v * 100.0).round() / 100.0).to_string(),
        None => String::new(),
    })
}

/// The results table's rows in display order: indexes into the groups. The file's
/// order is its length only: a million groups' table shows 25 of them.
#[derive(Debug, PartialEq)]
pub enum Order {
    File(usize),
    Sorted(Vec<usize>),
}

impl Order {
    pub fn len(&self) -> usize {
        match self {
            Order::File(n) => *n,
            Order::Sorted(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows at positions `range` (those there are).
    pub fn rows(&self, range: std::ops::Range<usize>) -> Vec<usize> {
        let end = range.end.min(self.len());
        let start = range.start.min(end);
        match self {
            Order::File(_) => (start..end).collect(),
            Order::Sorted(rows) => rows[start..end].to_vec(),
        }
    }
}

/// The rows of the results table in display order.
pub fn sorted_rows(data: &Data, sort: Sort) -> Order {
    if sort.key == SortKey::File {
        return Order::File(data.len());
    }
    let direct = |o: std::cmp::Ordering| if sort.descending { o.reverse() } else { o };
    let mut rows: Vec<usize> = (0..data.len()).collect();
    match sort.key {
        SortKey::File => {}
        SortKey::Name => {
            let names: Vec<String> = (0..data.len())
                .map(|i| crate::import::normalise(data.name(i).unwrap_or("")))
                .collect();
            sort_indices(&mut rows, &|a, b| direct(names[a].cmp(&names[b])));
        }
        SortKey::Kpi(kpi) => {
            let values = data.kpi_values(kpi);
            // Undefined values go last whatever the direction.
            sort_indices(&mut rows, &|a, b| match (values[a], values[b]) {
                (Some(x), Some(y)) => direct(x.total_cmp(&y)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            });
        }
    }
    Order::Sorted(rows)
}

use prospect_kpi_core::hash::sort_indices;

/// The best and worst row for each KPI (indexes), where at least two rows have a
/// value and they differ: one pass over the rows, nothing kept per row.
pub fn best_and_worst_all(
    grouping: &Grouping,
    combos: &[Campaign],
    total: &Summary,
) -> (PerKpi<Option<(usize, usize)>>, PerKpi<usize>) {
    // Per KPI: the row and value of the lowest and of the highest.
    type Extremes = Option<((usize, f64), (usize, f64))>;
    let mut acc: PerKpi<Extremes> = PerKpi::default();
    let mut defined: PerKpi<usize> = PerKpi::default();
    let formulas = Formulas::default();
    // A KPI the total lacks for want of an input, or of a denominator (sums of
    // counts: zero in every group when zero in all), no group has: not asked of a
    // million groups.
    let kpis: Vec<Kpi> = Kpi::ALL
        .into_iter()
        .filter(|&k| {
            !matches!(
                total.kpis[k],
                Err(Undefined::Missing(_) | Undefined::Zero(_) | Undefined::LeadFilesOnly)
            )
        })
        .collect();
    for i in 0..grouping.groups.len() {
        let members = grouping.members(i);
        let one = match members {
            [m] => combos.get(*m as usize),
            _ => None,
        };
        for &kpi in &kpis {
            // The KPI alone: no pooled inputs, no summary kept.
            let value = match one {
                Some(c) => formulas.alone_value(kpi, c),
                None => kpi
                    .pooled(members.iter().map(|&m| &combos[m as usize]))
                    .ok(),
            };
            let Some(v) = value else {
                continue;
            };
            defined[kpi] += 1;
            let slot = &mut acc[kpi];
            match slot {
                None => *slot = Some(((i, v), (i, v))),
                Some((min, max)) => {
                    if v < min.1 {
                        *min = (i, v);
                    }
                    if v > max.1 {
                        *max = (i, v);
                    }
                }
            }
        }
    }
    let best_worst = acc.map(|kpi, a| {
        let (min, max) = (*a)?;
        if min.1 == max.1 {
            return None;
        }
        Some(if kpi.higher_is_better() {
            (max.0, min.0)
        } else {
            (min.0, max.0)
        })
    });
    (best_worst, defined)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the derived views of a million groups spend their time, natively:
    /// `cargo test --release --features web --lib derive_a_million -- --ignored --nocapture`
    /// (the distinct file of `cargo bench --bench import -- --generate-only`).
    #[test]
    #[ignore]
    fn derive_a_million_groups() {
        let Ok(bytes) = std::fs::read("target/bench-data/distinct-1000000.csv") else {
            return;
        };
        let import = crate::import::import(&bytes, &Default::default()).unwrap();
        let t = std::time::Instant::now();
        let data = Data::from_import(
            String::new(),
            Rc::from(""),
            None,
            Vec::new(),
            Costs::default(),
            Ok(import),
        );
        println!("from_import: {:?} for {} groups", t.elapsed(), data.len());
        let import = data.result.as_ref().as_ref().unwrap();
        let combos = &import.combos;
        let t = std::time::Instant::now();
        let grouping = group_names_known(
            combos,
            import.dims,
            Dim::Campaign,
            &[],
            import.names_distinct,
        );
        println!("group: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let total = grouping.total_summary(combos);
        println!("total_summary: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = best_and_worst_all(&grouping, combos, &total);
        println!("best_and_worst_all: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = values_of_groups(&grouping, combos, MAX_FILTER_VALUES);
        println!("values_of_groups: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let others: Vec<Dim> = available(import.dims)
            .into_iter()
            .filter(|&d| d != Dim::Campaign)
            .collect();
        let _ = values_of_dims(combos, &others, MAX_FILTER_VALUES);
        println!("values_of others: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = crate::group::trend(combos, import.dims, &grouping, Kpi::ConversionRate, 5);
        println!("trend: {:?}", t.elapsed());
        let t = std::time::Instant::now();
        drop(grouping);
        println!("dropping the grouping: {:?}", t.elapsed());
    }

    fn state() -> Rc<State> {
        Rc::new(State::new(Lang::En, Currency::Eur, Default::default()))
    }

    fn paste(s: Rc<State>, text: &str) -> Rc<State> {
        s.reduce(Action::Import {
            name: String::new(),
            text: Ok(Rc::from(text)),
        })
    }

    /// A column chosen by hand, as the results' mapping does for pasted text.
    fn remap(s: Rc<State>, column: usize, field: Option<String>) -> Rc<State> {
        let overrides = s
            .data
            .as_ref()
            .map(|d| d.remapped(column, field))
            .unwrap_or_default();
        s.reduce(Action::SetOverrides(overrides))
    }

    /// The light page's state reads no data (it has no importer): a paste changes
    /// nothing there, while its calculator works as the full page's does.
    #[test]
    fn the_light_state_reads_no_data_and_computes_the_same() {
        let light = Rc::new(State::light(Lang::En, Currency::Eur, Default::default()));
        let csv = "campaign;cost;leads\nA;100;10";
        let pasted = paste(light.clone(), csv);
        assert!(pasted.data.is_none());
        assert!(Rc::ptr_eq(&pasted, &light), "nothing to draw again");
        assert!(paste(state(), csv).data.is_some());
        let typed = |s: Rc<State>| {
            s.reduce(Action::SetField(Input::Cost, "100".into()))
                .reduce(Action::SetField(Input::Leads, "10".into()))
                .reduce(Action::GroupBy(Dim::Channel))
        };
        let (l, f) = (typed(light), typed(state()));
        assert_eq!(l.fields, f.fields);
        assert_eq!(l.view, f.view);
        assert_eq!(l.inputs().get(Input::Cost), Some(100.0));
    }

    /// The what-if scenario is a change to the calculator's campaign: another
    /// campaign (a field typed, cleared, a row opened) starts without it.
    #[test]
    fn a_new_campaign_drops_the_scenario() {
        let changes = vec![(Lever::ReplyRate, 10.0)];
        let s = state().reduce(Action::SetScenario(changes.clone()));
        assert_eq!(*s.scenario, changes);
        let s = s.reduce(Action::SetLang(Lang::Fr));
        assert_eq!(*s.scenario, changes, "a language switch keeps it");
        let typed = s
            .clone()
            .reduce(Action::SetField(Input::Leads, "20".into()));
        assert!(typed.scenario.is_empty());
        let cleared = s.clone().reduce(Action::ClearFields);
        assert!(cleared.scenario.is_empty());
        let s = paste(s, "campaign,leads,converted\nA,10,1\n");
        assert_eq!(*s.scenario, changes, "an import keeps it");
        let opened = s.reduce(Action::OpenCampaign(0));
        assert!(opened.scenario.is_empty());
    }

    fn start(s: Rc<State>) -> (Rc<State>, Rc<Cell<bool>>) {
        let flag = Rc::new(Cell::new(false));
        let s = s.reduce(Action::StartImport {
            total: 100.0,
            cancel: flag.clone(),
        });
        (s, flag)
    }

    fn streamed(text: &str) -> Rc<Data> {
        Rc::new(Data::new(
            "file.csv".into(),
            Rc::from(text),
            Vec::new(),
            Costs::default(),
        ))
    }

    fn names(s: &State) -> Vec<String> {
        let d = s.data.as_ref().expect("data");
        (0..d.len())
            .map(|i| d.campaign(i).name.to_string())
            .collect()
    }

    /// The import's life: whatever the user does while a file streams (a paste, a
    /// Clear, a remap, another file) wins; the old import never lands afterwards,
    /// and its flag tells the stream to stop.
    #[test]
    fn a_streamed_file_never_lands_over_what_came_after() {
        let file = streamed("campaign,leads\nFromFile,10\n");
        // A paste while the file streams.
        let (s, flag) = start(state());
        let s = paste(s, "campaign,leads\nPasted,5\n");
        assert!(flag.get(), "the stream is told to stop");
        assert_eq!(s.file, FileImport::Idle);
        let s = s.reduce(Action::Progress(
            Progress {
                bytes: 50.0,
                total: 100.0,
                rows: 1,
                elapsed_ms: 1.0,
            },
            flag.clone(),
        ));
        assert_eq!(s.file, FileImport::Idle, "no progress of a stopped import");
        let s = s.reduce(Action::Imported(file.clone(), flag.clone()));
        assert_eq!(names(&s), ["Pasted"]);
        // Clear while the file streams.
        let (s, flag) = start(s);
        let s = s.reduce(Action::ClearData);
        assert!(flag.get());
        let s = s.reduce(Action::Imported(file.clone(), flag.clone()));
        assert!(s.data.is_none(), "cleared data stay cleared");
        // A remap of pasted text while a file streams.
        let s = paste(s, "campaign,leads\nA,5\n");
        let (s, flag) = start(s);
        let s = remap(s, 1, Some("leads".into()));
        assert!(flag.get());
        let s = s.reduce(Action::Imported(file.clone(), flag.clone()));
        assert_eq!(names(&s), ["A"]);
        // A newer file: only its result lands.
        let (s, old) = start(s);
        let (s, new) = start(s);
        assert!(old.get() && !new.get());
        let s = s.reduce(Action::Imported(
            streamed("campaign,leads\nOld,1\n"),
            old.clone(),
        ));
        assert_eq!(names(&s), ["A"]);
        let s = s.reduce(Action::Cancelled(old));
        assert!(s.file.reads_with(&new), "the newer import's progress stays");
        let s = s.reduce(Action::Imported(file, new));
        assert_eq!(names(&s), ["FromFile"]);
        assert!(
            matches!(s.file, FileImport::Done(_)),
            "done, its figures shown"
        );
        // Stop: the flag is set by the button, then the stream says it stopped.
        let (s, flag) = start(s);
        flag.set(true);
        let s = s.reduce(Action::Cancelled(flag));
        assert_eq!(s.file, FileImport::Idle);
        assert_eq!(names(&s), ["FromFile"], "the previous results stay");
    }

    /// Data from a shared link are shown without replacing the user's kept data;
    /// once the user changes them (a typed cost, another import) they are theirs.
    #[test]
    fn shared_data_are_not_kept_until_changed() {
        let shared = Data::new(
            String::new(),
            Rc::from("campaign,leads,converted\nA,10,1\n"),
            Vec::new(),
            Costs::default(),
        );
        let s = state().reduce(Action::OpenShared(Rc::new(shared)));
        assert!(s.shared);
        assert_eq!(s.storage, Storage::Shared);
        assert_eq!(s.note, Some(Ui::SharedDataOpened));
        let s = s.reduce(Action::GroupBy(crate::group::Dim::Campaign));
        assert!(s.shared, "another view of the same data");
        let s = s.reduce(Action::SortBy(SortKey::Name));
        assert!(s.shared);
        let pasted = paste(s.clone(), "campaign,leads\nB,5\n");
        assert!(!pasted.shared);
        assert_eq!(pasted.storage, Storage::Fine);
    }

    /// "Open in calculator" keeps every known input, a lead file's cycle days too,
    /// and leaves the unknown ones empty (never 0).
    #[test]
    fn opening_a_row_keeps_what_is_known() {
        let s = paste(
            state(),
            "campaign,created,converted,status\nA,2025-01-01,2025-01-11,won\nA,2025-01-01,2025-01-21,won\nA,2025-01-02,,open\n",
        );
        let s = s.reduce(Action::OpenCampaign(0));
        assert_eq!(s.fields[Input::Leads], "3");
        assert_eq!(s.fields[Input::Converted], "2");
        assert_eq!(s.fields[Input::CycleDays], "15");
        assert_eq!(s.fields[Input::Cost], "");
        assert_eq!(s.fields[Input::Meetings], "");
    }

    #[test]
    fn fields_read_as_typed() {
        assert_eq!(read_field(Input::Cost, "1 234,5"), Ok(Some(1234.5)));
        assert_eq!(read_field(Input::Cost, "1,234"), Ok(Some(1234.0)));
        assert_eq!(read_field(Input::Cost, "  "), Ok(None));
        assert_eq!(read_field(Input::Leads, "-3"), Err(Ui::NotNegative));
        assert_eq!(read_field(Input::Leads, "2,5"), Err(Ui::NotWhole));
        assert_eq!(read_field(Input::Leads, "douze"), Err(Ui::InvalidNumber));
    }

    #[test]
    fn an_order_gives_the_rows_it_has() {
        assert_eq!(Order::File(3).rows(2..10), [2]);
        assert_eq!(Order::File(3).rows(5..10), [] as [usize; 0]);
        assert_eq!(Order::Sorted(vec![2, 0, 1]).rows(1..2), [0]);
        assert_eq!(Order::Sorted(vec![2, 0, 1]).rows(0..usize::MAX), [2, 0, 1]);
        assert!(Order::File(0).is_empty());
    }

    #[test]
    fn sorting_and_best_and_worst() {
        let s = paste(state(), "campaign,cost,leads\nB,100,10\na,300,10\nC,,10\n");
        let data = s.data.clone().unwrap();
        let by = |key, descending| {
            let order = sorted_rows(&data, Sort { key, descending });
            order.rows(0..order.len())
        };
        assert_eq!(by(SortKey::File, false), [0, 1, 2]);
        assert_eq!(by(SortKey::Name, false), [1, 0, 2]);
        assert_eq!(by(SortKey::Kpi(Kpi::CostPerLead), false), [0, 1, 2]);
        assert_eq!(by(SortKey::Kpi(Kpi::CostPerLead), true), [1, 0, 2]);
        // Lower cost per lead is better.
        let bw = |k: Kpi| data.best_worst[k];
        assert_eq!(bw(Kpi::CostPerLead), Some((0, 1)));
        assert_eq!(bw(Kpi::Roi), None);
        let s = s.reduce(Action::SortBy(SortKey::Kpi(Kpi::Roi)));
        assert!(s.sort.descending, "higher is better starts best first");
    }

    /// Leaving out the KPIs the total lacks changes nothing: the same extremes and
    /// counts as asking every KPI of every group (a total with every KPI defined).
    #[test]
    fn kpis_the_total_lacks_are_not_asked_of_the_groups() {
        let csv = "campaign,channel,cost,leads,customers,revenue,contacted\n\
                   A,x,100,10,1,,0\nB,y,,20,0,,0\nB,x,50,5,2,,0\nC,y,,0,0,,0\nD,z,10,,,,\n";
        let s = paste(state(), csv);
        let data = s.data.clone().unwrap();
        for by in [Dim::Campaign, Dim::Channel] {
            let dims = data.result.as_ref().as_ref().unwrap().dims;
            let grouping = group(data.combos(), dims, by, &[]);
            let total = grouping.total_summary(data.combos());
            assert!(Kpi::ALL.iter().any(|&k| total.kpis[k].is_err()));
            let mut every = total.clone();
            every.kpis = PerKpi::from_fn(|_| Ok(1.0));
            assert_eq!(
                best_and_worst_all(&grouping, data.combos(), &total),
                best_and_worst_all(&grouping, data.combos(), &every),
                "{by:?}"
            );
        }
    }

    #[test]
    fn remapping_and_costs_update_the_results() {
        let s = paste(state(), "Deal,Closed on,Camp\nx,2025-01-02,A\ny,,A\n");
        assert!(matches!(
            *s.data.as_ref().unwrap().result,
            Err(FatalError::NoHeader { .. })
        ));
        let s = remap(s, 1, Some("converted".into()));
        let s = remap(s, 2, Some("campaign".into()));
        let d = s.data.clone().unwrap();
        assert_eq!(&*d.campaign(0).name, "A");
        assert_eq!(Kpi::ConversionRate.of(&d.campaign(0)), Ok(50.0));
        let s = s.reduce(Action::SetCost {
            campaign: "A".into(),
            text: "1 000".into(),
        });
        let d = s.data.clone().unwrap();
        assert_eq!(Kpi::CostPerLead.of(&d.campaign(0)), Ok(500.0));
        assert_eq!(d.total.as_ref().unwrap().get(Kpi::CostPerLead), Ok(500.0));
        let s = s.reduce(Action::OpenCampaign(0));
        assert_eq!(s.fields[Input::Leads], "2");
        assert_eq!(s.fields[Input::Cost], "1000");
    }

    #[test]
    fn grouping_and_filters_regroup_the_same_import() {
        let text = "campaign,channel,owner,created,stage\nA,email,Ann,2025-01-02,won\nB,email,Bob,2025-02-03,lost\nC,ads,Ann,2025-02-04,won\n";
        let s = paste(state(), text);
        let import = s.data.clone().unwrap().result.clone();
        assert_eq!(s.data.as_ref().unwrap().len(), 3);
        let s = s.reduce(Action::GroupBy(Dim::Owner));
        let d = s.data.clone().unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.name(0), Some("Ann"));
        assert_eq!(Kpi::ConversionRate.of(&d.campaign(0)), Ok(100.0));
        assert!(Rc::ptr_eq(&import, &d.result), "no second read of the file");
        let s = s.reduce(Action::Filter(Dim::Channel, Some("EMAIL".into())));
        let d = s.data.clone().unwrap();
        assert_eq!(d.total.as_ref().unwrap().get(Kpi::ConversionRate), Ok(50.0));
        // A new import keeps the view; a dimension the file lacks is not applied.
        let s = paste(s, "campaign,leads,converted\nX,10,1\n");
        let d = s.data.clone().unwrap();
        assert_eq!((d.grouping.by, d.len()), (Dim::Campaign, 1));
        assert_eq!(s.view.by, Some(Dim::Owner));
    }

    #[test]
    fn a_campaign_per_row_costs_its_members_and_pages() {
        let mut text = String::from("campaign,leads,converted\n");
        for i in 0..20_000 {
            text.push_str(&format!("c{i},10,{}\n", i % 7));
        }
        let s = paste(state(), &text);
        let d = s.data.clone().unwrap();
        assert_eq!(d.len(), 20_000);
        assert!(
            d.costed.is_none(),
            "the import's rows are shared, not copied"
        );
        let order = sorted_rows(
            &d,
            Sort {
                key: SortKey::Kpi(Kpi::ConversionRate),
                descending: true,
            },
        );
        assert_eq!(
            Kpi::ConversionRate.of(&d.campaign(order.rows(0..1)[0])),
            Ok(60.0)
        );
        let bw = d.best_worst[Kpi::ConversionRate].unwrap();
        assert_eq!(Kpi::ConversionRate.of(&d.campaign(bw.0)), Ok(60.0));
    }
}
