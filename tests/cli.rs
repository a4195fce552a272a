//! The `prospect-kpi` binary, run as a user would (contract §3).
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_prospect-kpi"))
        .args(args)
        .output()
        .unwrap()
}

/// Every KPI key of contract §1, sorted (as serde_json's maps are).
fn every_kpi_key() -> Vec<&'static str> {
    let mut keys = prospect_kpi::kpi::Kpi::ALL.map(|k| k.key()).to_vec();
    keys.sort_unstable();
    keys
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn json_is_the_contracts_shape() {
    let o = run(&["report", &fixture("aggregate_en.csv"), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["kind"], "aggregate");
    let spring = &v["campaigns"][0];
    assert_eq!(spring["campaign"], "Spring emailing");
    assert_eq!(spring["channel"], "email");
    assert_eq!(spring["inputs"]["cost"], 5000.0);
    assert_eq!(spring["inputs"]["leads"], 200);
    assert_eq!(spring["kpis"]["cost_per_lead"], 25.0);
    assert_eq!(spring["kpis"]["roi"], 300.0);
    assert!(spring["kpis"]["sales_cycle_median_days"].is_null());
    let kpis: Vec<&String> = spring["kpis"].as_object().unwrap().keys().collect();
    assert_eq!(kpis, every_kpi_key());
    let trade = &v["campaigns"][3];
    assert!(
        trade["inputs"].get("cost").is_none(),
        "unknown inputs are left out"
    );
    assert!(v["total"]["kpis"]["conversion_rate"].is_number());
    assert_eq!(v["errors"][0]["line"], 5);
    assert_eq!(v["errors"][0]["column"], "Contacted");
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("oops"));
    assert!(v["warnings"][0]["line"].is_number());
    assert!(v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|w| w["message"].is_string()));
}

#[test]
fn table_is_in_the_chosen_language() {
    let o = run(&["report", &fixture("leads_fr.csv"), "--lang", "fr"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("Taux de conversion des leads"), "{out}");
    assert!(out.contains("50,00 %"), "{out}");
    assert!(
        out.contains("Ligne 7, colonne « Date de création »"),
        "{out}"
    );
    assert!(out.contains("—"));
    let en = stdout(&run(&["report", &fixture("leads_fr.csv")]));
    assert!(
        en.contains("Lead conversion rate") && en.contains("50.00%"),
        "{en}"
    );
}

#[test]
fn csv_has_a_row_per_campaign_and_the_total() {
    let o = run(&["report", &fixture("aggregate_utf16.tsv"), "--format", "csv"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].starts_with("campaign,channel,cost,leads"));
    assert!(lines[1].starts_with("Hiver,,1000,40"));
    assert!(lines[3].starts_with("Total,"));
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_prospect-kpi"))
        .args(["report", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"campaign,cost,leads\nA,100,4\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["campaigns"][0]["kpis"]["cost_per_lead"], 25.0);
}

#[test]
fn costs_complete_a_lead_file() {
    let o = run(&[
        "report",
        &fixture("leads_hubspot.csv"),
        "--costs",
        &fixture("costs.csv"),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["kind"], "leads");
    assert_eq!(v["campaigns"][0]["kpis"]["cost_per_lead"], 250.0);
    assert_eq!(v["total"]["inputs"]["cost"], 1600.0);
}

#[test]
fn unreadable_files_and_bad_options_exit_2_with_one_line() {
    for args in [
        vec!["report", "/no/such/file.csv"],
        vec!["report", &fixture("no_header.csv")],
        vec!["report", &fixture("binary.bin")],
        vec!["report", &fixture("header_only.csv")],
        vec!["report", &fixture("aggregate_en.csv"), "--format", "xml"],
        vec!["report", &fixture("aggregate_en.csv"), "--lang", "de"],
        vec!["report", &fixture("aggregate_en.csv"), "--frobnicate"],
        vec!["report"],
        vec!["explode"],
        vec![],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn row_errors_still_exit_0() {
    let o = run(&[
        "report",
        &fixture("aggregate_fr_cp1252.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn solve_finds_the_fourth_driver() {
    let o = run(&[
        "solve",
        "--conversion-rate",
        "5",
        "--deal-value",
        "2000",
        "--roi",
        "200",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!((v["cpl"].as_f64().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    assert_eq!(v["roi"], 200.0);
    assert_eq!(v["conversion_rate"], 5.0);
    assert_eq!(v["deal_value"], 2000.0);
    let o = run(&[
        "solve",
        "--cpl",
        "25",
        "--conversion-rate",
        "5",
        "--deal-value",
        "2000",
    ]);
    assert!(stdout(&o).contains("300.00%"), "{}", stdout(&o));
    let o = run(&[
        "solve",
        "--cpl",
        "25",
        "--conversion-rate",
        "5",
        "--roi",
        "0",
        "--lang",
        "fr",
    ]);
    assert!(stdout(&o).contains("500,00"), "{}", stdout(&o));
}

#[test]
fn solve_without_a_solution_exits_2_with_one_line() {
    for args in [
        vec![
            "solve",
            "--cpl",
            "100",
            "--deal-value",
            "100",
            "--roi",
            "200",
        ],
        vec![
            "solve",
            "--conversion-rate",
            "0",
            "--cpl",
            "10",
            "--roi",
            "50",
        ],
        vec![
            "solve",
            "--cpl",
            "0",
            "--conversion-rate",
            "5",
            "--deal-value",
            "10",
        ],
        vec!["solve", "--cpl", "1", "--roi", "2"],
        vec![
            "solve",
            "--cpl",
            "1",
            "--roi",
            "2",
            "--deal-value",
            "3",
            "--conversion-rate",
            "4",
        ],
        vec!["solve", "--cpl", "abc", "--roi", "2", "--deal-value", "3"],
        vec!["solve", "--cpl"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).trim_end().lines().count(), 1, "{args:?}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn json_has_wilson_intervals_for_rates() {
    let o = run(&["report", &fixture("aggregate_en.csv"), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let spring = &v["campaigns"][0]["intervals"];
    let conv = spring["conversion_rate"].as_array().unwrap();
    let (low, high) = (conv[0].as_f64().unwrap(), conv[1].as_f64().unwrap());
    assert!(low < 5.0 && 5.0 < high, "{low} {high}");
    assert_eq!(spring.as_object().unwrap().len(), 7);
    assert!(spring.get("roi").is_none());
    // Trade show has no response counts: null.
    assert!(v["campaigns"][3]["intervals"]["response_rate"].is_null());
    assert!(v["total"]["intervals"]["conversion_rate"].is_array());
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = run(args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn by_and_where_group_and_filter_in_the_revised_shape() {
    let file = fixture("crm/pipedrive_deals_en.csv");
    let v = json(&["report", &file, "--by", "owner", "--format", "json"]);
    assert_eq!(v["by"], "owner");
    assert_eq!(v["where"], serde_json::json!([]));
    assert!(v.get("campaigns").is_none());
    let groups = v["groups"].as_array().unwrap();
    assert_eq!(groups[0]["group"], "Alice Martin");
    assert_eq!(groups[0]["kpis"]["conversion_rate"], 50.0);
    assert_eq!(
        groups[1]["lost_reasons"],
        serde_json::json!([{"reason": "No budget", "count": 1}, {"reason": "Price", "count": 1}])
    );
    assert_eq!(
        v["total"]["lost_reasons"][0],
        serde_json::json!({"reason": "Price", "count": 2})
    );
    // Two filters on one dimension are an "or", on two an "and"; values normalised.
    let v = json(&[
        "report",
        &file,
        "--where",
        "channel=email marketing",
        "--where",
        "channel=Referral",
        "--where",
        "owner=ALICE MARTIN",
        "--format",
        "json",
    ]);
    assert_eq!(v["by"], "campaign");
    assert_eq!(
        v["where"],
        serde_json::json!([
            {"dim": "channel", "value": "email marketing"},
            {"dim": "channel", "value": "Referral"},
            {"dim": "owner", "value": "ALICE MARTIN"}
        ])
    );
    assert_eq!(v["total"]["inputs"]["leads"], 4);
    // By period: time order, every month, the change against the previous one.
    let v = json(&["report", &file, "--by", "period", "--format", "json"]);
    let months: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2025-01", "2025-02", "2025-03"]);
    assert!(v["groups"][0]["change"]["conversion_rate"].is_null());
    let points = v["groups"][1]["change"]["conversion_rate"]
        .as_f64()
        .unwrap();
    assert!((points - 50.0 / 3.0).abs() < 1e-9, "{points}");
    assert_eq!(v["groups"][1]["change"]["average_deal_value"], 25.0);
    let changed: Vec<&String> = v["groups"][1]["change"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(changed, every_kpi_key());
}

#[test]
fn a_dimension_the_file_lacks_is_a_one_line_error() {
    let file = fixture("aggregate_en.csv");
    for args in [
        vec!["report", &file, "--by", "period"],
        vec!["report", &file, "--by", "colour"],
        vec!["report", &file, "--where", "period=2025-03"],
        vec!["report", &file, "--where", "nonsense"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    }
    // The default follows §5: no campaign column, so channel.
    let v = json(&[
        "report",
        &fixture("crm/salesforce_leads.csv"),
        "--format",
        "json",
    ]);
    assert_eq!(v["by"], "channel");
    assert_eq!(v["groups"][0]["group"], "Web");
}

#[test]
fn grouped_table_and_csv() {
    let file = fixture("crm/pipedrive_deals_en.csv");
    let o = run(&["report", &file, "--by", "owner", "--lang", "fr"]);
    let table = stdout(&o);
    assert!(table.contains("export d'affaires Pipedrive"), "{table}");
    assert!(table.contains("Regroupé par : responsable"), "{table}");
    assert!(table.contains("Raisons de perte"), "{table}");
    let o = run(&["report", &file, "--by", "period", "--format", "csv"]);
    let csv = stdout(&o);
    let first = csv.lines().next().unwrap();
    assert!(first.starts_with("period,cost,leads"), "{first}");
    assert_eq!(csv.lines().count(), 5, "3 months, the total and the header");
}

#[test]
fn workbooks_are_read_as_typed_cells() {
    let xlsx = fixture("workbooks/campaigns.xlsx");
    // The first sheet with a recognisable header: "Campagnes", after "Notes".
    let v = json(&["report", &xlsx, "--format", "json"]);
    assert_eq!(v["kind"], "aggregate");
    let printemps = &v["campaigns"][0];
    assert_eq!(printemps["campaign"], "Printemps");
    // Number cells whatever their display format (9 000,00 €), two months pooled.
    assert_eq!(printemps["inputs"]["cost"], 9000.0);
    assert_eq!(printemps["inputs"]["leads"], 350);
    assert_eq!(v["campaigns"][1]["inputs"]["cost"], 2500.25);
    // The bad cell is named by sheet, column letter and row.
    assert_eq!(v["errors"][0]["line"], 6);
    let message = v["errors"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("Campagnes!D6"), "{message}");
    // The total row is skipped, and its warning names the sheet.
    let warning = v["warnings"][0]["message"].as_str().unwrap();
    assert!(warning.starts_with("Campagnes, line 7"), "{warning}");
    // Date cells are dates: the months of the period column.
    let v = json(&["report", &xlsx, "--by", "period", "--format", "json"]);
    assert_eq!(v["groups"][0]["group"], "2025-03");
    assert_eq!(v["groups"][1]["inputs"]["leads"], 210);
    // A sheet by name; a sheet without a header or missing is a clear error.
    let o = run(&["report", &xlsx, "--sheet", "Notes"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["report", &xlsx, "--sheet", "Nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("Campagnes"), "{}", stderr(&o));
    // LibreOffice: typed dates, date-times, booleans and numbers of a lead file.
    let v = json(&[
        "report",
        &fixture("workbooks/leads.ods"),
        "--format",
        "json",
    ]);
    assert_eq!(v["kind"], "leads");
    assert_eq!(v["campaigns"][0]["inputs"]["converted"], 1);
    assert_eq!(v["campaigns"][0]["inputs"]["abandoned"], 1);
    assert_eq!(v["campaigns"][0]["kpis"]["sales_cycle_days"], 10.0);
    assert_eq!(v["campaigns"][1]["inputs"]["revenue"], 2500.5);
    // The old Excel format, its dates as periods.
    let v = json(&[
        "report",
        &fixture("workbooks/campaigns.xls"),
        "--by",
        "period",
        "--format",
        "json",
    ]);
    assert_eq!(v["groups"][1]["group"], "2025-02");
    assert_eq!(v["total"]["kpis"]["cost_per_lead"], 10.0);
    // Salesforce's "Excel Format .xls": an HTML table in Windows-1252, a title row
    // above its header, a footer table; a bad cell named by its column and row.
    let v = json(&[
        "report",
        &fixture("workbooks/salesforce-report.xls"),
        "--by",
        "owner",
        "--format",
        "json",
    ]);
    assert_eq!(v["kind"], "leads");
    let owners: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["Alice Martin", "Bob Durand", "Chloé Petit"]);
    assert_eq!(v["total"]["inputs"]["leads"], 3);
    assert_eq!(v["total"]["inputs"]["converted"], 2);
    assert_eq!(v["total"]["inputs"]["revenue"], 16500.0);
    assert_eq!(v["errors"][0]["line"], 5);
    assert!(v["errors"][0]["message"]
        .as_str()
        .unwrap()
        .starts_with("E5, column"));
    // A workbook from standard input, told by its bytes.
    let bytes = std::fs::read(&xlsx).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_prospect-kpi"))
        .args(["report", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["campaigns"][0]["inputs"]["cost"], 9000.0);
}

#[test]
fn hostile_workbooks_get_one_clear_message_and_nothing_crashes() {
    let hostile = |name: &str| fixture(&format!("workbooks/hostile/{name}"));
    for (name, says) in [
        ("bomb.xlsx", "too large"),
        ("malformed.xlsx", "cannot be opened"),
        ("protected.xlsx", "password"),
        // Found by `make fuzz`: a compound file whose sector chain loops (calamine
        // followed it until the machine's memory ran out).
        ("cyclic-chain.xls", "damaged"),
        // Found by `make fuzz`: makes calamine's .xls parser panic; read in a child
        // process, it is one message, not a crash of the report.
        ("parser-panic.xls", "damaged"),
    ] {
        let o = run(&["report", &hostile(name)]);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.contains(says), "{name}: {err}");
    }
    // Cells at both corners (A1:XFD1048576): read cell by cell, not as 17 billion.
    let v = json(&["report", &hostile("corners.xlsx"), "--format", "json"]);
    assert_eq!(v["campaigns"][0]["inputs"]["leads"], 10);
    // A CSV under a workbook's name is read as the CSV it is.
    let v = json(&["report", &hostile("really-a-csv.xlsx"), "--format", "json"]);
    assert_eq!(v["total"]["kpis"]["conversion_rate"], 5.0);
}

/// The argument parser (lexopt) takes `--opt=value` as well as `--opt value`, a
/// negative number as a value, and `-h` anywhere.
#[test]
fn options_take_both_forms_and_negative_values() {
    let o = run(&[
        "solve",
        "--roi=-50",
        "--conversion-rate",
        "5",
        "--deal-value=2000",
        "--format=json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["cpl"], 200.0);
    let o = run(&["report", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("Usage: prospect-kpi report"));
    let o = run(&["solve", "--cpl", "1", "--cpl", "2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--cpl is given twice"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn help_and_errors_speak_the_language_asked_for() {
    let help = run(&["report", "--help", "--lang", "fr"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(
        stdout(&help).starts_with("Usage : prospect-kpi"),
        "{}",
        stdout(&help)
    );
    assert!(stdout(&run(&["--help"])).starts_with("Usage: prospect-kpi"));
    let file = fixture("aggregate_en.csv");
    for (args, en, fr) in [
        (
            vec!["report", file.as_str(), "--by", "rep"],
            "unknown dimension “rep”",
            "dimension inconnue « rep »",
        ),
        (
            vec!["report", "no-such-file.csv"],
            "cannot read no-such-file.csv",
            "impossible de lire no-such-file.csv",
        ),
        (
            vec!["solve", "--cpl", "abc"],
            "--cpl: “abc” is not a number",
            "--cpl : « abc » n'est pas un nombre",
        ),
        (
            vec!["report", file.as_str(), "--by", "period"],
            "has no “period” column",
            "n'a pas de colonne « period »",
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(en), "{}", stderr(&o));
        let mut french = args.clone();
        french.extend(["--lang", "fr"]);
        let o = run(&french);
        assert_eq!(o.status.code(), Some(2), "{french:?}");
        assert!(stderr(&o).contains(fr), "{}", stderr(&o));
    }
}

/// A large lead file is read on several threads, in parts cut at line starts and
/// merged: the report is the one of one reading, to the byte, whatever the number
/// of parts, with quoted line breaks, bad rows and lost reasons (and a cut that
/// falls inside a quoted field is found and the file read whole).
#[test]
fn a_large_lead_file_reads_the_same_on_every_core() {
    let dir = std::env::temp_dir().join(format!("pk-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("leads.csv");
    let mut csv =
        String::from("campaign,channel,owner,created,converted,stage,lost reason,amount,notes\n");
    for i in 0..100_000 {
        let note = match i % 97 {
            0 => "\"two\nlines\"",
            1 => "\"a, b\"",
            _ => "",
        };
        csv.push_str(&format!(
            "C{},ch{},rep {},{:02}/{:02}/2025,{},{},{},{},{note}\n",
            i % 23,
            i % 4,
            i % 7,
            1 + i % 28,
            1 + i % 12,
            if i % 5 == 0 { "2025-12-20" } else { "" },
            ["won", "lost", "new", "contacted"][i % 4],
            ["Price", "", "Timing"][i % 3],
            if i % 1001 == 0 {
                "oops".to_string()
            } else {
                format!("{}.15", i % 700)
            },
        ));
    }
    assert!(csv.len() > 4 << 20, "{} bytes: four parts", csv.len());
    std::fs::write(&path, &csv).unwrap();
    let report = |threads: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_prospect-kpi"))
            .args([
                "report",
                path.to_str().unwrap(),
                "--format",
                "json",
                "--by",
                "owner",
            ])
            .env("PROSPECT_KPI_THREADS", threads)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        out.stdout
    };
    let whole = report("1");
    assert!(String::from_utf8_lossy(&whole).contains("\"lost_reasons\""));
    for threads in ["2", "3", "4"] {
        assert!(
            report(threads) == whole,
            "{threads} threads differ from one"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}
