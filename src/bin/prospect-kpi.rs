//! `prospect-kpi`: the KPIs of a campaign or lead file, on the command line
//! (contract §3).

use prospect_kpi::import::{apply_costs, FatalError, ImportOptions, Importer};
use prospect_kpi::lang::Lang;
use prospect_kpi::report::Report;
use std::io::{Read, Write};
use std::process::ExitCode;

const USAGE: &str = "\
Usage: prospect-kpi report FILE [--costs COSTS.csv] [--format table|json|csv] [--lang en|fr]

  FILE            a CSV or TSV of campaigns (one row each) or a CRM export of leads; - for stdin
  --costs FILE    campaign costs for a lead file: a CSV with campaign and cost columns
  --format F      table (default), json or csv
  --lang L        en (default) or fr";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Table,
    Json,
    Csv,
}

struct Args {
    file: String,
    costs: Option<String>,
    format: Format,
    lang: Lang,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match parse_args(&args).and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prospect-kpi: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("report") => {}
        Some(other) => return Err(format!("unknown command “{other}” (try --help)")),
        None => return Err("missing command: report (try --help)".into()),
    }
    let mut file = None;
    let mut costs = None;
    let mut format = Format::Table;
    let mut lang = Lang::En;
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value (try --help)"))
        };
        match arg.as_str() {
            "--costs" => costs = Some(value("--costs")?),
            "--format" => {
                format = match value("--format")?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => return Err(format!("unknown format “{other}”: table, json or csv")),
                }
            }
            "--lang" => {
                let v = value("--lang")?;
                lang = match v.as_str() {
                    "en" => Lang::En,
                    "fr" => Lang::Fr,
                    _ => return Err(format!("unknown language “{v}”: en or fr")),
                }
            }
            "-" => file = Some("-".to_string()),
            option if option.starts_with('-') => {
                return Err(format!("unknown option “{option}” (try --help)"))
            }
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument “{extra}” (try --help)")),
        }
    }
    let file = file.ok_or("missing FILE (try --help)")?;
    Ok(Args {
        file,
        costs,
        format,
        lang,
    })
}

/// Streams the file through the importer in 1 MiB chunks.
fn run(args: &Args) -> Result<(), String> {
    let mut input: Box<dyn Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .map_err(|e| format!("cannot read {}: {e}", args.file))?,
        )
    };
    let mut importer = Importer::new(ImportOptions::default());
    let mut buf = vec![0u8; 1 << 20];
    loop {
        match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => importer.push(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read {}: {e}", args.file)),
        }
    }
    let fatal = |e: FatalError| format!("{}: {}", args.file, e.message(args.lang));
    let mut import = importer.finish().map_err(fatal)?;
    if let Some(path) = &args.costs {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        apply_costs(&mut import, &bytes)
            .map_err(|e| format!("{path}: {}", e.message(args.lang)))?;
    }
    let report = Report::new(&import);
    let text = match args.format {
        Format::Json => report.to_json(args.lang) + "\n",
        Format::Csv => report.to_csv(args.lang),
        Format::Table => report.to_table(args.lang, terminal_width()),
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
    Ok(())
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(120)
}
