//! `prospect-kpi`: the KPIs of a campaign or lead file, on the command line
//! (contract §3).

use prospect_kpi::cli_texts::{solve_label, usage, CliError};
use prospect_kpi::group::{available, default_dim, Dim, Filter};
use prospect_kpi::import::sheet_magic;
use prospect_kpi::import::workbook::{sheet_text, SheetText};
use prospect_kpi::import::{
    apply_costs, head_of, import_sheet_text, parse_number, read_on_threads, Cuts, FatalError,
    Import, ImportOptions, Importer, Part, CUT_WINDOW, MAX_PART_COMBINATIONS, MIN_PART_BYTES,
};
use prospect_kpi::lang::Lang;
use prospect_kpi::report::{PlainFormat, Report};
use prospect_kpi::texts::{driver_value, solve_error};
use prospect_kpi::whatif::{solve, Driver, Drivers};
use std::io::{Read, Write};
use std::process::ExitCode;

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
    // Errors in the arguments are said in the language asked for, if any.
    let lang = lang_asked(&raw);
    let result = match parse(lexopt::Parser::from_env()) {
        Ok(Command::Help) => {
            println!("{}", usage(lang));
            return ExitCode::SUCCESS;
        }
        Ok(Command::Report(a)) => run(&a),
        Ok(Command::Solve(a)) => run_solve(&a),
        Err(e) => Err(e.message(lang)),
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

/// The language `--lang` asks for (`--lang fr`, `--lang=fr`), else English.
fn lang_asked(args: &[String]) -> Lang {
    let mut asked = None;
    for (i, a) in args.iter().enumerate() {
        if let Some(v) = a.strip_prefix("--lang=") {
            asked = Some(v);
        } else if a == "--lang" {
            asked = args.get(i + 1).map(String::as_str);
        }
    }
    asked.and_then(|v| parse_lang(v).ok()).unwrap_or(Lang::En)
}

/// lexopt's errors, in our words (one line, pointing at `--help`).
fn say(e: lexopt::Error) -> CliError {
    match e {
        lexopt::Error::MissingValue { option: Some(o) } => CliError::NeedsValue(o),
        lexopt::Error::UnexpectedOption(o) => CliError::UnknownOption(o),
        lexopt::Error::UnexpectedArgument(a) => {
            CliError::UnexpectedArgument(a.to_string_lossy().into_owned())
        }
        other => CliError::Parser(other.to_string()),
    }
}

/// An option's value as text.
fn text(parser: &mut lexopt::Parser) -> Result<String, CliError> {
    parser
        .value()
        .map_err(say)?
        .into_string()
        .map_err(|v| CliError::NotText(v.to_string_lossy().into_owned()))
}

/// The command line, by lexopt (a few KB of code, no dependency): `--by owner`,
/// `--by=owner`, `-h`, and values that start with a dash (`--roi -50`).
fn parse(mut parser: lexopt::Parser) -> Result<Command, CliError> {
    use lexopt::Arg::{Long, Short, Value};
    let command = match parser.next().map_err(say)? {
        Some(Short('h') | Long("help")) => return Ok(Command::Help),
        Some(Value(v)) => v.to_string_lossy().into_owned(),
        Some(other) => return Err(say(other.unexpected())),
        None => return Err(CliError::MissingCommand),
    };
    match command.as_str() {
        "report" => parse_report(parser),
        "solve" => parse_solve(parser),
        other => Err(CliError::UnknownCommand(other.to_string())),
    }
}

fn parse_format(v: &str, csv: bool) -> Result<Format, CliError> {
    match v {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "csv" if csv => Ok(Format::Csv),
        other => Err(CliError::UnknownFormat {
            value: other.to_string(),
            csv,
        }),
    }
}

fn parse_report(mut parser: lexopt::Parser) -> Result<Command, CliError> {
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
                by = Some(Dim::from_key(&v).ok_or(CliError::UnknownDimension(v))?);
            }
            Long("where") => {
                let v = text(&mut parser)?;
                filters.push(Filter::parse(&v).ok_or(CliError::BadWhere(v))?);
            }
            Long("format") => format = parse_format(&text(&mut parser)?, true)?,
            Long("lang") => lang = parse_lang(&text(&mut parser)?)?,
            Value(path) if file.is_none() => file = Some(path.to_string_lossy().into_owned()),
            other => return Err(say(other.unexpected())),
        }
    }
    let file = file.ok_or(CliError::MissingFile)?;
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

fn parse_lang(v: &str) -> Result<Lang, CliError> {
    Lang::ALL
        .into_iter()
        .find(|l| l.code() == v)
        .ok_or_else(|| CliError::UnknownLanguage(v.to_string()))
}

struct SolveArgs {
    drivers: Drivers,
    json: bool,
    lang: Lang,
}

fn parse_solve(mut parser: lexopt::Parser) -> Result<Command, CliError> {
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
            return Err(CliError::GivenTwice(name));
        }
        let value = text(&mut parser)?;
        *slot = Some(
            parse_number(value.as_bytes(), true).map_err(|_| CliError::NotANumber {
                option: name,
                value: value.clone(),
            })?,
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
                    solve_label(d, args.lang),
                    driver_value(d, value(d), &f)
                )
            })
            .collect()
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    Ok(())
}

fn cannot_read(path: &str, e: std::io::Error, lang: Lang) -> String {
    CliError::CannotRead {
        path: path.to_string(),
        why: e.to_string(),
    }
    .message(lang)
}

/// How many parts a file is worth reading in at once, one thread each: `None` for
/// one (standard input, one core, a small file). `PROSPECT_KPI_THREADS=n` sets the
/// threads instead of the cores (1: one reading).
fn parts_for(path: &str) -> Option<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = std::env::var("PROSPECT_KPI_THREADS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cores);
    if path == "-" || threads < 2 {
        return None;
    }
    let len = usize::try_from(std::fs::metadata(path).ok()?.len()).ok()?;
    Some(threads.min(len / MIN_PART_BYTES)).filter(|&parts| parts >= 2)
}

/// Reads the rest of a lead file on every core: `first` has read its first
/// `consumed` bytes (whose start is `head`) and goes on to the first cut; each later
/// part, cut just after a line feed, is streamed by its own thread; the parts are
/// merged in file order (the same import as one reading). `None` when they cannot
/// be (a cut inside a quoted field, too many combinations...): read it whole.
fn read_in_parallel(
    path: &str,
    parts: usize,
    first: Importer,
    consumed: usize,
    head: &[u8],
) -> Option<Import> {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::open(path).ok()?;
    let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
    // Each cut just after the first line feed past k/parts of the file, past what
    // the first part's importer has read already.
    let mut cuts = Cuts::new(len, parts, consumed);
    let mut window = vec![0u8; CUT_WINDOW];
    for k in 1..parts {
        let nominal = cuts.nominal(k);
        file.seek(SeekFrom::Start(nominal as u64)).ok()?;
        let n = file.read(&mut window).ok()?;
        cuts.cut(nominal, &window[..n]);
    }
    let bounds = cuts.bounds();
    let parts = bounds.len() - 1;
    let first = std::sync::Mutex::new(Some(first));
    let read_part = |k: usize| -> Option<Part> {
        let (mut importer, start) = if k == 0 {
            (first.lock().ok()?.take()?, consumed)
        } else {
            (
                Importer::for_part(ImportOptions::default(), head)?,
                bounds[k],
            )
        };
        let mut file = std::fs::File::open(path).ok()?;
        file.seek(SeekFrom::Start(start as u64)).ok()?;
        let mut left = bounds[k + 1] - start;
        let mut buf = vec![0u8; 1 << 20];
        while left > 0 {
            let want = left.min(buf.len());
            let n = file.read(&mut buf[..want]).ok()?;
            if n == 0 {
                return None;
            }
            importer.push(&buf[..n]);
            left -= n;
            if importer.combinations() > MAX_PART_COMBINATIONS {
                return None;
            }
        }
        importer.end_part(k + 1 == parts).ok()
    };
    read_on_threads(bounds.len() - 1, read_part)?.finish().ok()
}

fn run(args: &Args) -> Result<(), String> {
    let import = read_file(args, true)?;
    report(args, import)
}

/// Streams the file through the importer in 1 MiB chunks (a workbook is read
/// whole); a lead file of few combinations for its rows, after its first chunk, on
/// every core ([`read_in_parallel`]) when `parallel`.
fn read_file(args: &Args, parallel: bool) -> Result<Import, String> {
    let parts = parallel
        .then(|| parts_for(&args.file))
        .flatten()
        .filter(|_| args.sheet.is_none());
    let mut input: Box<dyn Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.file).map_err(|e| cannot_read(&args.file, e, args.lang))?,
        )
    };
    let fatal = |e: FatalError| format!("{}: {}", args.file, e.message(args.lang));
    let mut importer = Importer::new(ImportOptions::default());
    // A file's size (not standard input's) sizes the tables of a contact list.
    if let Some(meta) = std::fs::metadata(&args.file)
        .ok()
        .filter(|_| args.file != "-")
    {
        importer.expect_bytes(meta.len());
    }
    let mut buf = vec![0u8; 1 << 20];
    let mut first = true;
    let mut workbook: Option<Vec<u8>> = None;
    loop {
        match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                // A workbook is told by its first bytes, whatever its name: a `.xlsx`
                // that is really a CSV is read as the CSV it is.
                let first_chunk = std::mem::replace(&mut first, false);
                // Salesforce's "Excel Format .xls" is an HTML table: read as a sheet.
                if first_chunk && sheet_magic(&buf[..n]) {
                    workbook = Some(Vec::new());
                }
                match &mut workbook {
                    Some(bytes) => bytes.extend_from_slice(&buf[..n]),
                    None => importer.push(&buf[..n]),
                }
                // Judged on the first chunk only: the parts are cut after it.
                let worth = first_chunk && workbook.is_none() && importer.worth_parts();
                if let Some(parts) = parts.filter(|_| worth) {
                    let head = head_of(&buf[..n]).to_vec();
                    return match read_in_parallel(&args.file, parts, importer, n, &head) {
                        Some(import) => Ok(import),
                        None => read_file(args, false),
                    };
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot_read(&args.file, e, args.lang)),
        }
    }
    match workbook {
        Some(bytes) => {
            let sheet = sheet_text_isolated(&bytes, args.sheet.as_deref()).map_err(fatal)?;
            import_sheet_text(
                &sheet.text,
                &sheet.sheet,
                sheet.first_col,
                &ImportOptions::default(),
            )
            .map_err(fatal)
        }
        None if args.sheet.is_some() => {
            Err(CliError::SheetNotWorkbook(args.file.clone()).message(args.lang))
        }
        None => importer.finish().map_err(fatal),
    }
}

/// The report the arguments ask for, printed.
fn report(args: &Args, mut import: Import) -> Result<(), String> {
    if let Some(path) = &args.costs {
        let bytes = std::fs::read(path).map_err(|e| cannot_read(path, e, args.lang))?;
        apply_costs(&mut import, &bytes)
            .map_err(|e| format!("{path}: {}", e.message(args.lang)))?;
    }
    let has = available(import.dims);
    for dim in args.by.iter().chain(args.filters.iter().map(|f| &f.dim)) {
        if !has.contains(dim) {
            return Err(CliError::NoColumn {
                path: args.file.clone(),
                dim: dim.key(),
                offered: has.iter().map(|d| d.key()).collect(),
            }
            .message(args.lang));
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
    let damaged = || FatalError::WorkbookDamaged;
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
