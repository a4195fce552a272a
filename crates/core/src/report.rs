//! An import rendered for the command line: JSON (contract §3), CSV, or an aligned
//! table in the reader's language.

use crate::group::{default_dim, group_names_known, none_label, Dim, Filter, Grouping};
use crate::import::{FileKind, Import, RowError};
use crate::kpi::{Campaign, Input, InputKind, Kpi, KpiValue, PerKpi, Summary, Unit};
use crate::lang::Lang;
use crate::texts::{format_value, kpi_text, undefined_reason, NumberFormat};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The most groups the terminal table shows (the rest are said, not shown).
const MAX_TABLE_GROUPS: usize = 50;

/// The name of the totals row in CSV and tables.
pub fn total_label(lang: Lang) -> &'static str {
    lang.pick("Total", "Total")
}

/// A report: the rows of an import grouped by one dimension (contract §5, by
/// campaign unless told), filtered, and their pooled total.
pub struct Report<'a> {
    /// The import reported on.
    pub import: &'a Import,
    /// Its groups.
    pub grouping: Grouping,
    /// The pooled total of the groups.
    pub total: Summary,
}

impl<'a> Report<'a> {
    /// The default grouping of contract §5, no filter.
    pub fn new(import: &'a Import) -> Report<'a> {
        Report::grouped(import, default_dim(import.dims), &[])
    }

    /// The report of an import grouped by `by` after `filters`.
    pub fn grouped(import: &'a Import, by: Dim, filters: &[Filter]) -> Report<'a> {
        let grouping = group_names_known(
            &import.combos,
            import.dims,
            by,
            filters,
            import.names_distinct,
        );
        let total = grouping.total_summary(&import.combos);
        Report {
            import,
            grouping,
            total,
        }
    }

    /// Group `i`'s name in `lang`.
    fn name(&self, i: usize, lang: Lang) -> String {
        self.grouping.groups[i]
            .value
            .as_deref()
            .unwrap_or(none_label(lang))
            .to_string()
    }

    /// The contract's JSON, messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write_json(lang, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The contract's JSON written as it goes: a row is computed, written and
    /// dropped, so a file of a million groups never holds its JSON in memory.
    pub fn write_json(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let g = &self.grouping;
        let combos = &self.import.combos;
        let leads = self.import.kind == FileKind::Leads;
        let rows = RowsJson { report: self, lang };
        let (campaigns, groups) = if g.by == Dim::Campaign {
            (Some(rows), None)
        } else {
            (None, Some(rows))
        };
        let json = Json {
            kind: self.import.kind.key(),
            by: g.by.key(),
            filters: g
                .filters
                .iter()
                .map(|f| JsonFilter {
                    dim: f.dim.key(),
                    value: &f.value,
                })
                .collect(),
            campaigns,
            groups,
            total: JsonTotal {
                inputs: InputsJson(self.total.inputs.clone()),
                kpis: KpisJson(self.total.clone()),
                intervals: IntervalsJson(g.kept.iter().map(|&m| &combos[m as usize]).collect()),
                lost_reasons: leads.then(|| ReasonsJson(g.total.lost_reasons())),
            },
            errors: self
                .import
                .errors
                .iter()
                .map(|e| JsonError::new(e, lang))
                .collect(),
            warnings: self
                .import
                .warnings
                .iter()
                .map(|w| JsonWarning {
                    line: w.line,
                    message: w.message_in(self.import.sheet.as_deref(), lang),
                })
                .collect(),
        };
        serde_json::to_writer_pretty(out, &json).map_err(std::io::Error::other)
    }

    /// One row per group plus the total: keys as headers, raw numbers as values.
    pub fn to_csv(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        let _ = self.write_csv(lang, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// The CSV written row by row.
    pub fn write_csv(&self, lang: Lang, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let g = &self.grouping;
        let combos = &self.import.combos;
        let by_campaign = g.by == Dim::Campaign;
        let mut header = vec![g.by.key().to_string()];
        if by_campaign {
            header.push("channel".into());
        }
        header.extend(Input::ALL.iter().map(|i| i.key().to_string()));
        header.extend(Kpi::ALL.iter().map(|k| k.key().to_string()));
        out.write_all(write_csv(&[header]).as_bytes())?;
        for i in 0..g.groups.len() {
            let summary = g.summary(i, combos);
            let channel = by_campaign.then(|| g.campaign(i, combos).channel);
            let row = csv_cells(
                &self.name(i, lang),
                channel.as_ref().map(|c| c.as_deref()),
                &summary,
            );
            out.write_all(write_csv(&[row]).as_bytes())?;
        }
        let total = csv_cells(total_label(lang), by_campaign.then_some(None), &self.total);
        out.write_all(write_csv(&[total]).as_bytes())
    }

    /// A table for a terminal: a row per KPI, a column per campaign and the total,
    /// split into blocks that fit `width` characters; then errors and warnings.
    pub fn to_table(&self, lang: Lang, width: usize) -> String {
        let import = self.import;
        let g = &self.grouping;
        let mut out = summary_line_by(import, g.by, g.groups.len(), false, lang);
        out.push('\n');
        out.push_str(&format!(
            "{}{} {}",
            lang.pick("Grouped by", "Regroupé par"),
            lang.colon_tight(),
            g.by.name(lang).to_lowercase()
        ));
        for f in &g.filters {
            out.push_str(&format!(
                "; {} = {}",
                f.dim.name(lang).to_lowercase(),
                f.value
            ));
        }
        out.push_str("\n\n");
        // A terminal shows the first groups; the JSON and CSV formats give them all.
        let shown = g.groups.len().min(MAX_TABLE_GROUPS);
        let mut columns: Vec<(String, Summary)> = (0..shown)
            .map(|i| (self.name(i, lang), g.summary(i, &import.combos)))
            .collect();
        columns.push((total_label(lang).to_string(), self.total.clone()));
        let label_width = Kpi::ALL
            .iter()
            .map(|&k| kpi_text(k, lang).name.chars().count())
            .max()
            .unwrap_or(0);
        const CELL: usize = 16;
        let per_block = ((width.saturating_sub(label_width)) / (CELL + 2)).max(1);
        for block in columns.chunks(per_block) {
            out.push_str(&pad("", label_width));
            for (name, _) in block {
                out.push_str("  ");
                out.push_str(&pad_left(&cut(name, CELL), CELL));
            }
            out.push('\n');
            for kpi in Kpi::ALL {
                out.push_str(&pad(kpi_text(kpi, lang).name, label_width));
                for (_, summary) in block {
                    out.push_str("  ");
                    let cell = format_kpi(summary.get(kpi), kpi.unit(), lang);
                    out.push_str(&pad_left(&cell, CELL));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        if g.groups.len() > shown {
            out.push_str(&match lang {
                Lang::En => format!(
                    "… and {} more; --format json or csv lists them all.\n\n",
                    format_number((g.groups.len() - shown) as f64, 0, lang)
                ),
                Lang::Fr => format!(
                    "… et {} de plus ; --format json ou csv les donne toutes.\n\n",
                    format_number((g.groups.len() - shown) as f64, 0, lang)
                ),
            });
        }
        if !g.total.lost_reasons().is_empty() {
            out.push_str(lang.pick("Lost reasons:\n", "Raisons de perte :\n"));
            let all: u64 = g.total.lost_reasons().iter().map(|(_, n)| n).sum();
            for (reason, n) in g.total.lost_reasons().iter().take(10) {
                let share = *n as f64 / all.max(1) as f64 * 100.0;
                out.push_str(&format!(
                    "  {}  {}  ({} %)\n",
                    pad(&cut(reason, 40), 40),
                    pad_left(&format_number(*n as f64, 0, lang), 10),
                    format_number(share, 1, lang)
                ));
            }
            out.push('\n');
        }
        let undefined: Vec<String> = Kpi::ALL
            .iter()
            .filter_map(|&k| match self.total.get(k) {
                Err(why) => Some(format!(
                    "  {}{} {}",
                    kpi_text(k, lang).name,
                    lang.colon_tight(),
                    undefined_reason(why, lang)
                )),
                Ok(_) => None,
            })
            .collect();
        if !undefined.is_empty() {
            out.push_str(lang.pick("Not computed (—):\n", "Non calculés (—) :\n"));
            out.push_str(&undefined.join("\n"));
            out.push_str("\n\n");
        }
        if !import.errors.is_empty() {
            out.push_str(lang.pick("Rows left out:\n", "Lignes écartées :\n"));
            for e in &import.errors {
                out.push_str(&format!("  {}\n", e.message(lang)));
            }
            out.push('\n');
        }
        if !import.warnings.is_empty() {
            out.push_str(lang.pick("Warnings:\n", "Avertissements :\n"));
            for w in &import.warnings {
                out.push_str(&format!(
                    "  {}\n",
                    w.message_in(import.sheet.as_deref(), lang)
                ));
            }
        }
        out
    }
}

/// Campaigns and their total as CSV: keys as headers, raw numbers as values, text
/// cells neutralised against formula injection.
pub fn campaigns_csv(campaigns: &[Campaign], total: &Summary, lang: Lang) -> String {
    let mut header = vec!["campaign", "channel"];
    header.extend(Input::ALL.iter().map(|i| i.key()));
    header.extend(Kpi::ALL.iter().map(|k| k.key()));
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for c in campaigns {
        rows.push(csv_cells(
            &c.name,
            Some(c.channel.as_deref()),
            &Summary::of(c),
        ));
    }
    rows.push(csv_cells(total_label(lang), Some(None), total));
    write_csv(&rows)
}

/// The page's export in the user's spreadsheet's form. English: the form above.
/// French, for French Excel: `;` between cells, a decimal comma, a UTF-8 byte-order
/// mark, French headers, and numbers rounded for reading (whole counts, two decimals
/// for money and rates, one for days); text cells still neutralised.
pub fn export_csv(campaigns: &[Campaign], total: &Summary, first: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return campaigns_csv(campaigns, total, lang);
    }
    // The typed table, each cell written for reading.
    let table = export_table(campaigns, total, first, lang);
    let number = |v: f64, decimals: usize| {
        format_number(v, decimals, lang).replace(['\u{a0}', '\u{202f}', ' '], "")
    };
    let cell = |c: &Cell| match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => csv_text(t),
        Cell::Number(v, Style::Count) => number(*v, 0),
        Cell::Number(v, Style::Days) => number(*v, 1),
        Cell::Number(v, Style::Money | Style::Percent) => number(*v, 2),
    };
    let mut rows = vec![table.header];
    rows.extend(table.rows.iter().map(|r| r.iter().map(cell).collect()));
    format!("\u{feff}{}", write_csv_with(&rows, b';'))
}

/// How a number of an exported table is shown in a spreadsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Style {
    /// A whole count.
    Count,
    /// An amount.
    Money,
    /// A rate, on the contract's 0–100 scale.
    Percent,
    /// A number of days.
    Days,
}

/// A cell of an exported table: typed, so that a spreadsheet gets numbers.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    /// Nothing (an undefined KPI).
    Empty,
    /// Text.
    Text(String),
    /// A number and its style.
    Number(f64, Style),
}

/// The results as a typed table (the `.xlsx` export's): people's headers in the
/// language, a row per campaign (or group), the total last.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Table {
    /// The sheet's name.
    pub sheet: String,
    /// The header row.
    pub header: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// The results table for a workbook: a row per campaign, then the total.
pub fn export_table(campaigns: &[Campaign], total: &Summary, first: &str, lang: Lang) -> Table {
    let mut header = vec![
        first.to_string(),
        crate::texts::field_label("channel", lang).into(),
    ];
    header.extend(
        Input::ALL
            .iter()
            .map(|&i| crate::texts::input_label(i, lang).to_string()),
    );
    header.extend(Kpi::ALL.iter().map(|&k| kpi_text(k, lang).name.to_string()));
    let text = |t: &str| {
        if t.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(t.to_string())
        }
    };
    let cells = |name: &str, channel: Option<&str>, s: &Summary| {
        let mut row = vec![text(name), text(channel.unwrap_or(""))];
        row.extend(Input::ALL.iter().map(|&i| {
            s.inputs.get(i).map_or(Cell::Empty, |v| {
                let style = match i.kind() {
                    InputKind::Count => Style::Count,
                    InputKind::Days => Style::Days,
                    InputKind::Money | InputKind::SignedMoney => Style::Money,
                };
                Cell::Number(v, style)
            })
        }));
        row.extend(s.kpis.iter().map(|(k, &v)| match (v, k.unit()) {
            (Ok(v), Unit::Days) => Cell::Number(v, Style::Days),
            (Ok(v), Unit::Percent) => Cell::Number(v, Style::Percent),
            (Ok(v), _) => Cell::Number(v, Style::Money),
            (Err(_), _) => Cell::Empty,
        }));
        row
    };
    let mut rows = Vec::with_capacity(campaigns.len() + 1);
    for c in campaigns {
        rows.push(cells(&c.name, c.channel.as_deref(), &Summary::of(c)));
    }
    rows.push(cells(total_label(lang), None, total));
    Table {
        sheet: lang.pick("Results", "Résultats").to_string(),
        header,
        rows,
    }
}

/// RFC 4180 CSV by `csv-core` (quoting where needed, CRLF-free `\n` line ends).
pub fn write_csv(rows: &[Vec<String>]) -> String {
    write_csv_with(rows, b',')
}

/// The same with another delimiter (`;` for French spreadsheets).
pub fn write_csv_with(rows: &[Vec<String>], delimiter: u8) -> String {
    let mut w = csv_core::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv_core::Terminator::Any(b'\n'))
        .build();
    let mut out = Vec::new();
    let mut buf = [0u8; 1024];
    // Runs a writer step until it has consumed its input, flushing `buf` into `out`.
    fn drain(
        out: &mut Vec<u8>,
        buf: &mut [u8],
        mut step: impl FnMut(&mut [u8]) -> (csv_core::WriteResult, usize),
    ) {
        loop {
            let (result, n) = step(buf);
            out.extend_from_slice(&buf[..n]);
            if result == csv_core::WriteResult::InputEmpty {
                return;
            }
        }
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                drain(&mut out, &mut buf, |b| w.delimiter(b));
            }
            let mut input = cell.as_bytes();
            drain(&mut out, &mut buf, |b| {
                let (result, nin, nout) = w.field(input, b);
                input = &input[nin..];
                (result, nout)
            });
        }
        drain(&mut out, &mut buf, |b| w.terminator(b));
    }
    drain(&mut out, &mut buf, |b| w.finish(b));
    String::from_utf8(out).unwrap_or_default()
}

/// "Lead file: 3 campaigns from 1,000 rows; 2 rows left out."
pub fn summary_line(import: &Import, lang: Lang) -> String {
    let campaigns = group_names_known(
        &import.combos,
        import.dims,
        Dim::Campaign,
        &[],
        import.names_distinct,
    )
    .groups
    .len();
    summary_line_by(import, Dim::Campaign, campaigns, false, lang)
}

/// "Lead file (Pipedrive deals export): 3 owners from 1,000 rows; 2 rows left out.",
/// or "Pasted campaigns: …" for a table pasted in the page.
pub fn summary_line_by(
    import: &Import,
    by: Dim,
    groups: usize,
    pasted: bool,
    lang: Lang,
) -> String {
    let kind = match (import.kind, pasted, lang) {
        (FileKind::Aggregate, false, Lang::En) => "Campaign file",
        (FileKind::Aggregate, false, Lang::Fr) => "Fichier de campagnes",
        (FileKind::Leads, false, Lang::En) => "Lead file",
        (FileKind::Leads, false, Lang::Fr) => "Fichier de leads",
        (FileKind::Aggregate, true, Lang::En) => "Pasted campaigns",
        (FileKind::Aggregate, true, Lang::Fr) => "Campagnes collées",
        (FileKind::Leads, true, Lang::En) => "Pasted leads",
        (FileKind::Leads, true, Lang::Fr) => "Leads collés",
    };
    let n = |v: u64| format_number(v as f64, 0, lang);
    let kind = match import.source {
        Some(source) => format!("{kind} ({})", source.name(lang)),
        None => kind.to_string(),
    };
    let g = groups as u64;
    let what = by.noun(g, lang);
    let (rows, skipped) = (import.rows, import.rows_skipped);
    match lang {
        Lang::En => format!(
            "{kind}: {} {what} from {} {}; {} {} left out.",
            n(g),
            n(rows),
            lang.plural(rows, "row", "rows"),
            n(skipped),
            lang.plural(skipped, "row", "rows")
        ),
        Lang::Fr => format!(
            "{kind} : {} {what} sur {} {} ; {} {}.",
            n(g),
            n(rows),
            lang.plural(rows, "ligne", "lignes"),
            n(skipped),
            lang.plural(skipped, "ligne écartée", "lignes écartées")
        ),
    }
}

/// Numbers for a terminal: grouped digits, two decimals, no currency sign (the
/// file's own units), in the language's convention.
pub struct PlainFormat(pub Lang);

impl NumberFormat for PlainFormat {
    fn money(&self, v: f64) -> String {
        format_number(v, 2, self.0)
    }
    fn count(&self, v: f64) -> String {
        format_number(v, 0, self.0)
    }
    fn percent(&self, v: f64) -> String {
        let n = format_number(v, 2, self.0);
        self.0.pick(format!("{n}%"), format!("{n} %"))
    }
    fn days(&self, v: f64) -> String {
        let n = format_number(v, 1, self.0);
        self.0.pick(format!("{n} d"), format!("{n} j"))
    }
}

/// A KPI value for people: `25.00`, `5.00%`, `12.5 d` / `25,00`, `5,00 %`, `12,5 j`;
/// "—" when undefined.
pub fn format_kpi(value: KpiValue, unit: Unit, lang: Lang) -> String {
    format_value(value, unit, &PlainFormat(lang))
}

/// A number as a field shows it for editing: no grouping, at most `decimals`
/// decimals, no trailing zeros, the language's decimal sign (`7364.39` / `7364,39`,
/// `3.75` / `3,75`, `200`).
pub fn field_number(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let mut text = format!("{:.*}", decimals, v);
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if text == "-0" {
        text = "0".into();
    }
    lang.pick(text.clone(), text.replace('.', ","))
}

/// A number with thousands grouped and a fixed count of decimals, in the language's
/// convention (`1,234.5` / `1 234,5`).
pub fn format_number(v: f64, decimals: usize, lang: Lang) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = lang.pick((',', '.'), (' ', ','));
    let mut out = String::new();
    if v < 0.0 && text.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// A text cell made safe for spreadsheets: one starting with `=`, `+`, `-`, `@`, tab
/// or carriage return would run as a formula, so it gets a leading apostrophe.
pub fn csv_text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A CSV row: the name, the channel when the rows are campaigns, inputs, KPIs.
fn csv_cells(name: &str, channel: Option<Option<&str>>, s: &Summary) -> Vec<String> {
    let mut row = vec![csv_text(name)];
    if let Some(channel) = channel {
        row.push(csv_text(channel.unwrap_or("")));
    }
    row.extend(
        Input::ALL
            .iter()
            .map(|&i| s.inputs.get(i).map(|v| v.to_string()).unwrap_or_default()),
    );
    row.extend(s.kpis.iter().map(|(_, v)| match v {
        Ok(v) => v.to_string(),
        Err(_) => String::new(),
    }));
    row
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

fn pad_left(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{}{s}", " ".repeat(width.saturating_sub(n)))
}

#[derive(serde::Serialize)]
struct Json<'a> {
    kind: &'static str,
    by: &'static str,
    #[serde(rename = "where")]
    filters: Vec<JsonFilter<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    campaigns: Option<RowsJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    groups: Option<RowsJson<'a>>,
    total: JsonTotal<'a>,
    errors: Vec<JsonError>,
    warnings: Vec<JsonWarning>,
}

#[derive(serde::Serialize)]
struct JsonFilter<'a> {
    dim: &'static str,
    value: &'a str,
}

/// The rows, each computed as it is written.
struct RowsJson<'a> {
    report: &'a Report<'a>,
    lang: Lang,
}

impl Serialize for RowsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let r = self.report;
        let g = &r.grouping;
        let combos = &r.import.combos;
        let leads = r.import.kind == FileKind::Leads;
        let by_campaign = g.by == Dim::Campaign;
        let mut seq = s.serialize_seq(Some(g.groups.len()))?;
        for (i, group) in g.groups.iter().enumerate() {
            let name = r.name(i, self.lang);
            let rolled = g.campaign(i, combos);
            let row = JsonRow {
                campaign: by_campaign.then(|| name.clone()),
                group: (!by_campaign).then_some(name),
                channel: by_campaign.then_some(rolled.channel.as_deref()),
                inputs: InputsJson(rolled.inputs.clone()),
                kpis: KpisJson(g.summary(i, combos)),
                intervals: IntervalsJson(
                    g.members(i).iter().map(|&m| &combos[m as usize]).collect(),
                ),
                lost_reasons: leads.then_some(ReasonsJson(rolled.lost_reasons())),
                change: (g.by == Dim::Period).then_some(ChangeJson(group.change.as_deref())),
            };
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

#[derive(serde::Serialize)]
struct JsonRow<'a, 'b> {
    #[serde(skip_serializing_if = "Option::is_none")]
    campaign: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    channel: Option<Option<&'b str>>,
    inputs: InputsJson,
    kpis: KpisJson,
    intervals: IntervalsJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lost_reasons: Option<ReasonsJson<'b>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<ChangeJson<'a>>,
}

#[derive(serde::Serialize)]
struct JsonTotal<'a> {
    inputs: InputsJson,
    kpis: KpisJson,
    intervals: IntervalsJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lost_reasons: Option<ReasonsJson<'a>>,
}

/// `[{"reason": "Price", "count": 3}, …]`, most frequent first.
struct ReasonsJson<'a>(&'a [(String, u64)]);

impl Serialize for ReasonsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Reason<'b> {
            reason: &'b str,
            count: u64,
        }
        s.collect_seq(self.0.iter().map(|(reason, count)| Reason {
            reason,
            count: *count,
        }))
    }
}

/// Each KPI's change against the previous period, `null` where it cannot be told.
struct ChangeJson<'a>(Option<&'a PerKpi<Option<f64>>>);

impl Serialize for ChangeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(Kpi::ALL.len()))?;
        for kpi in Kpi::ALL {
            let v = self.0.and_then(|c| c[kpi]);
            map.serialize_entry(kpi.key(), &v)?;
        }
        map.end()
    }
}

/// The 95 % Wilson interval of every rate KPI, `null` where the rate is undefined.
struct IntervalsJson<'a>(Vec<&'a Campaign>);

impl Serialize for IntervalsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rates: Vec<Kpi> = Kpi::ALL.into_iter().filter(|k| k.is_rate()).collect();
        let mut map = s.serialize_map(Some(rates.len()))?;
        for kpi in rates {
            let rows = self.0.iter().copied();
            let interval = kpi
                .pooled(rows.clone())
                .ok()
                .and_then(|_| crate::stats::interval(kpi, rows))
                .map(|(low, high)| [low, high]);
            map.serialize_entry(kpi.key(), &interval)?;
        }
        map.end()
    }
}

#[derive(serde::Serialize)]
struct JsonError {
    line: u64,
    column: String,
    value: String,
    message: String,
}

impl JsonError {
    fn new(e: &RowError, lang: Lang) -> JsonError {
        JsonError {
            line: e.line,
            column: e.column.clone(),
            value: e.value.clone(),
            message: e.message(lang),
        }
    }
}

#[derive(serde::Serialize)]
struct JsonWarning {
    line: Option<u64>,
    message: String,
}

/// The known inputs in the contract's order: counts as integers, amounts as floats.
struct InputsJson(crate::kpi::Inputs);

impl Serialize for InputsJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let known: Vec<(Input, f64)> = self.0.known().collect();
        let mut map = s.serialize_map(Some(known.len()))?;
        for (input, v) in known {
            if input.kind() == InputKind::Count {
                map.serialize_entry(input.key(), &(v as u64))?;
            } else {
                map.serialize_entry(input.key(), &v)?;
            }
        }
        map.end()
    }
}

/// Every KPI key, `null` when undefined.
struct KpisJson(Summary);

impl Serialize for KpisJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(Kpi::COUNT))?;
        for (kpi, v) in self.0.kpis.iter() {
            map.serialize_entry(kpi.key(), &v.ok())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_line_says_plurals_right() {
        let read = crate::import::import(
            b"campaign,leads\nA,10\nB,x\n",
            &crate::import::ImportOptions::default(),
        )
        .unwrap();
        assert_eq!(
            summary_line(&read, Lang::En),
            "Campaign file: 1 campaign from 2 rows; 1 row left out."
        );
        assert_eq!(
            summary_line(&read, Lang::Fr),
            "Fichier de campagnes : 1 campagne sur 2 lignes ; 1 ligne écartée."
        );
        assert_eq!(
            summary_line_by(&read, Dim::Campaign, 1, true, Lang::Fr),
            "Campagnes collées : 1 campagne sur 2 lignes ; 1 ligne écartée."
        );
    }

    #[test]
    fn numbers_for_fields() {
        assert_eq!(field_number(7364.39348219674, 2, Lang::En), "7364.39");
        assert_eq!(field_number(7364.39348219674, 2, Lang::Fr), "7364,39");
        assert_eq!(field_number(3.75, 2, Lang::Fr), "3,75");
        assert_eq!(field_number(200.0, 2, Lang::Fr), "200");
        assert_eq!(field_number(199.6, 0, Lang::En), "200");
        assert_eq!(field_number(-0.001, 2, Lang::En), "0");
        assert_eq!(field_number(f64::NAN, 2, Lang::En), "");
    }

    #[test]
    fn numbers_for_people() {
        assert_eq!(format_number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(format_number(1234567.891, 2, Lang::Fr), "1 234 567,89");
        assert_eq!(format_number(-0.001, 2, Lang::En), "0.00");
        assert_eq!(format_number(-12.5, 1, Lang::En), "-12.5");
        assert_eq!(format_number(999.0, 0, Lang::Fr), "999");
        assert_eq!(format_kpi(Ok(5.0), Unit::Percent, Lang::Fr), "5,00 %");
        assert_eq!(format_kpi(Ok(5.0), Unit::Percent, Lang::En), "5.00%");
        assert_eq!(
            format_kpi(
                Err(crate::kpi::Undefined::LeadFilesOnly),
                Unit::Days,
                Lang::En
            ),
            "—"
        );
    }

    #[test]
    fn the_french_export_is_for_french_excel() {
        let mut c = Campaign {
            name: "=cmd".into(),
            ..Campaign::default()
        };
        c.inputs = crate::kpi::example_inputs();
        let total = Summary::of(&c);
        let csv = export_csv(std::slice::from_ref(&c), &total, "Campagne", Lang::Fr);
        let lines: Vec<&str> = csv.lines().collect();
        assert!(
            lines[0].starts_with("\u{feff}Campagne;Canal;"),
            "{}",
            lines[0]
        );
        assert!(lines[0].contains("Taux de conversion des leads"));
        // Formula guard, whole counts, money with a decimal comma.
        assert!(lines[1].starts_with("'=cmd;;5000,00;200;"), "{}", lines[1]);
        assert!(lines[2].starts_with("Total;;5000,00;200;"), "{}", lines[2]);
        assert!(lines[1].contains(";300,00;"), "ROI: {}", lines[1]);
        // English keeps the keys and raw numbers.
        let en = export_csv(&[c], &total, "campaign", Lang::En);
        assert!(en.starts_with("campaign,channel,cost,leads"));
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let rows = vec![
            vec!["a".to_string(), "b,c".into(), "d\"e".into()],
            vec!["line\nbreak".into(), String::new(), "ok".into()],
        ];
        assert_eq!(
            write_csv(&rows),
            "a,\"b,c\",\"d\"\"e\"\n\"line\nbreak\",,ok\n"
        );
    }

    #[test]
    fn exported_csv_neutralises_hostile_names() {
        let c = Campaign {
            name: "=HYPERLINK(\"http://x\",\"click\")".into(),
            channel: Some("@evil".into()),
            ..Campaign::default()
        };
        let csv = campaigns_csv(
            std::slice::from_ref(&c),
            &Summary::pooled(std::slice::from_ref(&c)),
            Lang::En,
        );
        let row = csv.lines().nth(1).unwrap();
        assert!(
            row.starts_with("\"'=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",'@evil,"),
            "{row}"
        );
        assert!(csv.lines().last().unwrap().starts_with("Total,"));
    }

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(csv_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_text("+1"), "'+1");
        assert_eq!(csv_text("-1"), "'-1");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\tx"), "'\tx");
        assert_eq!(csv_text("Spring"), "Spring");
    }
}
