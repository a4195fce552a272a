//! `prospect-kpi`: the KPIs of a campaign or lead file, on the command line
//! (contract §3).

use prospect_kpi::group::{available, default_dim, Dim, Filter};
use prospect_kpi::import::workbook::{is_workbook, sheet_text, SheetText};
use prospect_kpi::import::{
    apply_costs, import_sheet_text, parse_number, FatalError, ImportOptions, Importer,
};
use prospect_kpi::lang::Lang;
use prospect_kpi::report::{PlainFormat, Report};
use prospect_kpi::texts::{driver_value, solve_error};
use prospect_kpi::whatif::{solve, Driver, Drivers};
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: prospect-kpi report FILE [--costs COSTS.csv] [--by DIM] [--where DIM=VALUE]…
                           [--sheet NAME] [--format table|json|csv] [--lang en|fr]
       prospect-kpi solve  (three of --cpl X --conversion-rate X --deal-value X --roi X)
                           [--format table|json] [--lang en|fr]

report: the KPIs of every campaign (or rep, channel, month) and their pooled total.
  FILE            a CSV or TSV of campaigns (one row each) or a CRM export of leads, or an
                  .xlsx, .xlsm, .xls or .ods workbook; - for stdin
  --costs FILE    campaign costs for a lead file: a CSV with campaign and cost columns
  --by DIM        group by campaign, channel, owner or period (default: the first the file has)
  --where DIM=V   keep only rows whose DIM is V (repeatable: or on one DIM, and across DIMs)
  --sheet NAME    the workbook's sheet (default: the first with a recognisable header)
  --format F      table (default), json or csv
  --lang L        en (default) or fr

solve: the fourth of cost per lead, conversion rate (%), average deal value and ROI (%),
from ROI = conversion × deal value ÷ CPL − 1.";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

struct Args {
    file: String,
    costs: Option<String>,
    by: Option<Dim>,
    filters: Vec<Filter>,
    sheet: Option<String>,
    format: Format,
    lang: Lang,
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some(READER) {
        return read_workbook_child(raw.get(1).map(String::as_str));
    }
    let result = match parse(lexopt::Parser::from_env()) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Report(a)) => run(&a),
        Ok(Command::Solve(a)) => run_solve(&a),
        Err(message) => Err(message),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prospect-kpi: {message}");
            ExitCode::from(2)
        }
    }
}

enum Command {
    Help,
    Report(Args),
    Solve(SolveArgs),
}

/// lexopt's errors, in our words (one line, pointing at `--help`).
fn say(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::MissingValue { option: Some(o) } => {
            format!("{o} needs a value (try --help)")
        }
        lexopt::Error::UnexpectedOption(o) => format!("unknown option “{o}” (try --help)"),
        lexopt::Error::UnexpectedArgument(a) => {
            format!("unexpected argument “{}” (try --help)", a.to_string_lossy())
        }
        other => format!("{other} (try --help)"),
    }
}

/// An option's value as text.
fn text(parser: &mut lexopt::Parser) -> Result<String, String> {
    parser
        .value()
        .map_err(say)?
        .into_string()
        .map_err(|v| format!("“{}” is not valid text", v.to_string_lossy()))
}

/// The command line, by lexopt (a few KB of code, no dependency): `--by owner`,
/// `--by=owner`, `-h`, and values that start with a dash (`--roi -50`).
fn parse(mut parser: lexopt::Parser) -> Result<Command, String> {
    use lexopt::Arg::{Long, Short, Value};
    let command = match parser.next().map_err(say)? {
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Value(v)) => v.to_string_lossy().into_owned(),
        Some(other) => return Err(say(other.unexpected())),
        None => return Err("missing command: report or solve (try --help)".into()),
    };
    match command.as_str() {
        "report" => parse_report(parser),
        "solve" => parse_solve(parser),
        other => Err(format!("unknown command “{other}” (try --help)")),
    }
}

fn parse_format(v: &str, csv: bool) -> Result<Format, String> {
    match v {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "csv" if csv => Ok(Format::Csv),
        other if csv => Err(format!("unknown format “{other}”: table, json or csv")),
        other => Err(format!("unknown format “{other}”: table or json")),
    }
}

fn parse_report(mut parser: lexopt::Parser) -> Result<Command, String> {
    use lexopt::Arg::{Long, Short, Value};
    let mut file = None;
    let mut costs = None;
    let mut by = None;
    let mut filters = Vec::new();
    let mut sheet = None;
    let mut format = Format::Table;
    let mut lang = Lang::En;
    while let Some(arg) = parser.next().map_err(say)? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("costs") => costs = Some(text(&mut parser)?),
            Long("sheet") => sheet = Some(text(&mut parser)?),
            Long("by") => {
                let v = text(&mut parser)?;
                by = Some(Dim::from_key(&v).ok_or_else(|| {
                    format!("unknown dimension “{v}”: campaign, channel, owner or period")
                })?);
            }
            Long("where") => {
                let v = text(&mut parser)?;
                let f = Filter::parse(&v).ok_or_else(|| {
                    format!("--where “{v}”: expected DIM=VALUE with DIM campaign, channel, owner or period")
                })?;
                filters.push(f);
            }
            Long("format") => format = parse_format(&text(&mut parser)?, true)?,
            Long("lang") => lang = parse_lang(&text(&mut parser)?)?,
            Value(path) if file.is_none() => file = Some(path.to_string_lossy().into_owned()),
            other => return Err(say(other.unexpected())),
        }
    }
    let file = file.ok_or("missing FILE (try --help)")?;
    Ok(Command::Report(Args {
        file,
        costs,
        by,
        filters,
        sheet,
        format,
        lang,
    }))
}

fn parse_lang(v: &str) -> Result<Lang, String> {
    match v {
        "en" => Ok(Lang::En),
        "fr" => Ok(Lang::Fr),
        _ => Err(format!("unknown language “{v}”: en or fr")),
    }
}

struct SolveArgs {
    drivers: Drivers,
    json: bool,
    lang: Lang,
}

fn parse_solve(mut parser: lexopt::Parser) -> Result<Command, String> {
    use lexopt::Arg::{Long, Short};
    let mut out = SolveArgs {
        drivers: Drivers::default(),
        json: false,
        lang: Lang::En,
    };
    while let Some(arg) = parser.next().map_err(say)? {
        let slot = match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Long("format") => {
                out.json = parse_format(&text(&mut parser)?, false)? == Format::Json;
                continue;
            }
            Long("lang") => {
                out.lang = parse_lang(&text(&mut parser)?)?;
                continue;
            }
            Long("cpl") => &mut out.drivers.cpl,
            Long("conversion-rate") => &mut out.drivers.conversion_rate,
            Long("deal-value") => &mut out.drivers.deal_value,
            Long("roi") => &mut out.drivers.roi,
            other => return Err(say(other.unexpected())),
        };
        let name = match arg {
            Long(name) => format!("--{name}"),
            _ => String::new(),
        };
        if slot.is_some() {
            return Err(format!("{name} is given twice"));
        }
        let value = text(&mut parser)?;
        *slot = Some(
            parse_number(value.as_bytes(), true)
                .map_err(|_| format!("{name}: “{value}” is not a number"))?,
        );
    }
    Ok(Command::Solve(out))
}

fn run_solve(args: &SolveArgs) -> Result<(), String> {
    let f = PlainFormat(args.lang);
    let s = solve(args.drivers).map_err(|e| solve_error(e, args.lang, &f))?;
    let text = if args.json {
        #[derive(serde::Serialize)]
        struct Json {
            cpl: f64,
            conversion_rate: f64,
            deal_value: f64,
            roi: f64,
        }
        let json = Json {
            cpl: s.cpl,
            conversion_rate: s.conversion_rate,
            deal_value: s.deal_value,
            roi: s.roi,
        };
        format!("{}\n", serde_json::to_string(&json).unwrap_or_default())
    } else {
        let label = |d: Driver| match (d, args.lang) {
            (Driver::Cpl, Lang::En) => "Cost per lead (CPL)",
            (Driver::Cpl, Lang::Fr) => "Coût par lead (CPL)",
            (Driver::ConversionRate, Lang::En) => "Conversion rate",
            (Driver::ConversionRate, Lang::Fr) => "Taux de conversion",
            (Driver::DealValue, Lang::En) => "Average deal value",
            (Driver::DealValue, Lang::Fr) => "Panier moyen",
            (Driver::Roi, _) => "ROI",
        };
        let value = |d: Driver| match d {
            Driver::Cpl => s.cpl,
            Driver::ConversionRate => s.conversion_rate,
            Driver::DealValue => s.deal_value,
            Driver::Roi => s.roi,
        };
        Driver::ALL
            .iter()
            .map(|&d| {
                let mark = if d == s.solved {
                    format!("  {}", prospect_kpi::texts::Ui::Solved.text(args.lang))
                } else {
                    String::new()
                };
                format!(
                    "{:<22}{:>16}{mark}\n",
                    label(d),
                    driver_value(d, value(d), &f)
                )
            })
            .collect()
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    Ok(())
}

/// Streams the file through the importer in 1 MiB chunks (a workbook is read whole).
fn run(args: &Args) -> Result<(), String> {
    let mut input: Box<dyn Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .map_err(|e| format!("cannot read {}: {e}", args.file))?,
        )
    };
    let fatal = |e: FatalError| format!("{}: {}", args.file, e.message(args.lang));
    let mut importer = Importer::new(ImportOptions::default());
    let mut buf = vec![0u8; 1 << 20];
    let mut first = true;
    let mut workbook: Option<Vec<u8>> = None;
    loop {
        match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                // A workbook is told by its first bytes, whatever its name: a `.xlsx`
                // that is really a CSV is read as the CSV it is.
                if first && is_workbook(&buf[..n]) {
                    workbook = Some(Vec::new());
                }
                first = false;
                match &mut workbook {
                    Some(bytes) => bytes.extend_from_slice(&buf[..n]),
                    None => importer.push(&buf[..n]),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {}: {e}", args.file)),
        }
    }
    let mut import = match workbook {
        Some(bytes) => {
            let sheet = sheet_text_isolated(&bytes, args.sheet.as_deref()).map_err(fatal)?;
            import_sheet_text(
                &sheet.text,
                &sheet.sheet,
                sheet.first_col,
                &ImportOptions::default(),
            )
            .map_err(fatal)?
        }
        None if args.sheet.is_some() => {
            return Err(format!(
                "{}: --sheet is for workbooks (.xlsx, .xls, .ods)",
                args.file
            ))
        }
        None => importer.finish().map_err(fatal)?,
    };
    if let Some(path) = &args.costs {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        apply_costs(&mut import, &bytes)
            .map_err(|e| format!("{path}: {}", e.message(args.lang)))?;
    }
    let has = available(import.dims);
    for dim in args.by.iter().chain(args.filters.iter().map(|f| &f.dim)) {
        if !has.contains(dim) {
            let offered: Vec<&str> = has.iter().map(|d| d.key()).collect();
            return Err(format!(
                "{}: the file has no “{}” column (it has: {})",
                args.file,
                dim.key(),
                if offered.is_empty() {
                    "none".to_string()
                } else {
                    offered.join(", ")
                }
            ));
        }
    }
    let by = args.by.unwrap_or_else(|| default_dim(import.dims));
    let report = Report::grouped(&import, by, &args.filters);
    // Written as it goes: a million groups never sit in memory as text.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match args.format {
        Format::Json => report
            .write_json(args.lang, &mut out)
            .and_then(|_| out.write_all(b"\n")),
        Format::Csv => report.write_csv(args.lang, &mut out),
        Format::Table => out.write_all(report.to_table(args.lang, terminal_width()).as_bytes()),
    };
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = written.and_then(|_| out.flush());
    Ok(())
}

/// The hidden command that reads a workbook in a child process.
const READER: &str = "__read-workbook";

/// Reads a workbook's sheet in a child process of this program: a damaged file
/// that makes the workbook parser (calamine) panic, abort or run out of memory ends
/// that child, not this report, and becomes one clear message.
fn sheet_text_isolated(bytes: &[u8], sheet: Option<&str>) -> Result<SheetText, FatalError> {
    use std::process::{Command, Stdio};
    let damaged =
        || FatalError::Workbook("the reader stopped on this file: it may be damaged".into());
    let exe = std::env::current_exe().map_err(|_| damaged())?;
    let mut child = Command::new(exe)
        .arg(READER)
        .args(sheet)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|_| damaged())?;
    if let Some(mut stdin) = child.stdin.take() {
        // The child reads everything before it answers: no deadlock.
        let _ = stdin.write_all(bytes);
    }
    let out = child.wait_with_output().map_err(|_| damaged())?;
    if !out.status.success() {
        return Err(damaged());
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| damaged())?;
    let text = |k: &str| v[k].as_str().unwrap_or_default().to_string();
    let sheets: Vec<String> = v["sheets"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    match v["error"].as_str() {
        None => Ok(SheetText {
            sheet: text("sheet"),
            sheets,
            first_col: v["first_col"].as_u64().unwrap_or(0) as u32,
            text: text("text"),
        }),
        Some(code) => Err(FatalError::from_code(code, text("why"), sheets)),
    }
}

/// The child's side: the workbook on standard input, its sheet as JSON on standard
/// output.
fn read_workbook_child(sheet: Option<&str>) -> ExitCode {
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(2);
    }
    let json = match sheet_text(&bytes, sheet) {
        Ok(s) => serde_json::json!({
            "sheet": s.sheet, "sheets": s.sheets, "first_col": s.first_col, "text": s.text,
        }),
        Err(e) => {
            let (code, why, sheets) = e.to_code();
            serde_json::json!({"error": code, "why": why, "sheets": sheets})
        }
    };
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &json)
        .map_err(std::io::Error::other)
        .and_then(|_| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(2),
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
}
