//! An import rendered for the command line: JSON (contract §3), CSV, or an aligned
//! table in the reader's language.

use crate::import::{FileKind, Import, RowError};
use crate::kpi::{Campaign, Input, InputKind, Kpi, KpiValue, Summary, Unit};
use crate::lang::Lang;
use crate::texts::{format_value, kpi_text, undefined_reason, NumberFormat};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// The name of the totals row in CSV and tables.
pub fn total_label(lang: Lang) -> &'static str {
    lang.pick("Total", "Total")
}

/// A report: the campaigns of an import and their pooled total.
pub struct Report<'a> {
    pub import: &'a Import,
    pub total: Summary,
}

impl<'a> Report<'a> {
    pub fn new(import: &'a Import) -> Report<'a> {
        Report {
            import,
            total: Summary::pooled(&import.campaigns),
        }
    }

    /// The contract's JSON, messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> String {
        let json = Json {
            kind: self.import.kind.key(),
            campaigns: self
                .import
                .campaigns
                .iter()
                .map(|c| JsonCampaign {
                    campaign: &c.name,
                    channel: c.channel.as_deref(),
                    inputs: InputsJson(&c.inputs),
                    kpis: KpisJson(Summary::of(c)),
                    intervals: IntervalsJson(std::slice::from_ref(c)),
                })
                .collect(),
            total: JsonTotal {
                inputs: InputsJson(&self.total.inputs),
                kpis: KpisJson(self.total.clone()),
                intervals: IntervalsJson(&self.import.campaigns),
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
                    message: w.message(lang),
                })
                .collect(),
        };
        // Serialising plain strings and numbers cannot fail.
        serde_json::to_string_pretty(&json).unwrap_or_default()
    }

    /// One row per campaign plus the total: keys as headers, raw numbers as values.
    pub fn to_csv(&self, lang: Lang) -> String {
        campaigns_csv(&self.import.campaigns, &self.total, lang)
    }

    /// A table for a terminal: a row per KPI, a column per campaign and the total,
    /// split into blocks that fit `width` characters; then errors and warnings.
    pub fn to_table(&self, lang: Lang, width: usize) -> String {
        let import = self.import;
        let mut out = summary_line(import, lang);
        out.push_str("\n\n");
        let mut columns: Vec<(String, Summary)> = import
            .campaigns
            .iter()
            .map(|c| (c.name.clone(), Summary::of(c)))
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
        let undefined: Vec<String> = Kpi::ALL
            .iter()
            .filter_map(|&k| match self.total.get(k) {
                Err(why) => Some(format!(
                    "  {}{} {}",
                    kpi_text(k, lang).name,
                    lang.pick(":", " :"),
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
                out.push_str(&format!("  {}\n", w.message(lang)));
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
        rows.push(csv_row(&c.name, c.channel.as_deref(), &Summary::of(c)));
    }
    rows.push(csv_row(total_label(lang), None, total));
    write_csv(&rows)
}

/// RFC 4180 CSV by `csv-core` (quoting where needed, CRLF-free `\n` line ends).
pub fn write_csv(rows: &[Vec<String>]) -> String {
    let mut w = csv_core::WriterBuilder::new()
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
    let kind = match (import.kind, lang) {
        (FileKind::Aggregate, Lang::En) => "Campaign file",
        (FileKind::Aggregate, Lang::Fr) => "Fichier de campagnes",
        (FileKind::Leads, Lang::En) => "Lead file",
        (FileKind::Leads, Lang::Fr) => "Fichier de leads",
    };
    let n = |v: u64| format_number(v as f64, 0, lang);
    match lang {
        Lang::En => format!(
            "{kind}: {} campaign(s) from {} row(s); {} row(s) left out.",
            n(import.campaigns.len() as u64),
            n(import.rows),
            n(import.rows_skipped)
        ),
        Lang::Fr => format!(
            "{kind} : {} campagne(s) sur {} ligne(s) ; {} ligne(s) écartée(s).",
            n(import.campaigns.len() as u64),
            n(import.rows),
            n(import.rows_skipped)
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

fn csv_row(name: &str, channel: Option<&str>, s: &Summary) -> Vec<String> {
    let mut row = vec![csv_text(name), csv_text(channel.unwrap_or(""))];
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
    campaigns: Vec<JsonCampaign<'a>>,
    total: JsonTotal<'a>,
    errors: Vec<JsonError>,
    warnings: Vec<JsonWarning>,
}

#[derive(serde::Serialize)]
struct JsonCampaign<'a> {
    campaign: &'a str,
    channel: Option<&'a str>,
    inputs: InputsJson<'a>,
    kpis: KpisJson,
    intervals: IntervalsJson<'a>,
}

#[derive(serde::Serialize)]
struct JsonTotal<'a> {
    inputs: InputsJson<'a>,
    kpis: KpisJson,
    intervals: IntervalsJson<'a>,
}

/// The 95 % Wilson interval of every rate KPI, `null` where the rate is undefined.
struct IntervalsJson<'a>(&'a [Campaign]);

impl Serialize for IntervalsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rates: Vec<Kpi> = Kpi::ALL.into_iter().filter(|k| k.is_rate()).collect();
        let mut map = s.serialize_map(Some(rates.len()))?;
        for kpi in rates {
            let interval = kpi
                .pooled(self.0)
                .ok()
                .and_then(|_| crate::stats::interval(kpi, self.0))
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
struct InputsJson<'a>(&'a crate::kpi::Inputs);

impl Serialize for InputsJson<'_> {
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
        let mut map = s.serialize_map(Some(self.0.kpis.len()))?;
        for (kpi, v) in &self.0.kpis {
            map.serialize_entry(kpi.key(), &v.ok())?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
