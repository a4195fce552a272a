//! Golden tests over the fixture files: one fixture per rule of contract §2, the
//! report's JSON compared with `tests/golden/`, and the figures that matter checked
//! by hand. `UPDATE_GOLDEN=1 cargo test --test import` rewrites the golden files
//! (read the diff before committing it).

use prospect_kpi::import::{
    apply_costs, import, FatalError, FileKind, Import, ImportOptions, Importer, Notice, Problem,
    TextEncoding,
};
use prospect_kpi::kpi::{Input, Kpi, Undefined};
use prospect_kpi::lang::Lang;
use prospect_kpi::report::Report;
use std::path::PathBuf;

mod common;
use common::golden;

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> Import {
    import(&fixture(name), &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn kpi(import: &Import, campaign: &str, kpi: Kpi) -> Result<f64, Undefined> {
    let c = import
        .campaigns()
        .into_iter()
        .find(|c| *c.name == *campaign)
        .unwrap_or_else(|| panic!("no campaign {campaign}"));
    kpi.of(&c)
}

fn close(a: Result<f64, Undefined>, b: f64) {
    let a = a.unwrap_or_else(|e| panic!("undefined: {e:?}, expected {b}"));
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

const FIXTURES: [&str; 7] = [
    "aggregate_en.csv",
    "aggregate_fr_cp1252.csv",
    "aggregate_utf16.tsv",
    "aggregate_bom_cr.csv",
    "leads_hubspot.csv",
    "leads_fr.csv",
    "leads_us_dates.csv",
];

#[test]
fn reports_match_their_golden_files() {
    for name in FIXTURES {
        let import = read(name);
        for lang in Lang::ALL {
            let json = Report::new(&import).to_json(lang);
            golden(&format!("{name}.{}.json", lang.code()), &(json + "\n"));
        }
    }
}

#[test]
fn chunks_of_any_size_give_the_same_import() {
    for name in FIXTURES {
        let bytes = fixture(name);
        let whole = read(name);
        for size in [1, 2, 3, 7, 64] {
            // Sniffing after the first line end, so the rest streams chunk by chunk.
            let mut importer = Importer::new(ImportOptions::default()).with_sniff_bytes(1);
            for chunk in bytes.chunks(size) {
                importer.push(chunk);
            }
            assert_eq!(
                importer.finish().unwrap(),
                whole,
                "{name} in chunks of {size}"
            );
        }
    }
}

#[test]
fn english_aggregate_file() {
    let i = read("aggregate_en.csv");
    assert_eq!(i.kind, FileKind::Aggregate);
    assert_eq!(i.delimiter, b',');
    let campaigns = i.campaigns();
    let names: Vec<&str> = campaigns.iter().map(|c| &*c.name).collect();
    assert_eq!(
        names,
        [
            "Spring emailing",
            "LinkedIn\r\noutreach",
            "Cold calls",
            "Trade show"
        ]
    );
    close(kpi(&i, "Spring emailing", Kpi::CostPerLead), 25.0);
    close(kpi(&i, "Spring emailing", Kpi::Roi), 300.0);
    close(kpi(&i, "Spring emailing", Kpi::ResponseRate), 4.5);
    close(kpi(&i, "Spring emailing", Kpi::SatisfactionRate), 75.0);
    close(kpi(&i, "LinkedIn\r\noutreach", Kpi::CostPerLead), 25.005);
    assert_eq!(
        kpi(&i, "Trade show", Kpi::CostPerLead),
        Err(Undefined::Missing(prospect_kpi::kpi::Input::Cost))
    );
    // The quoted name spans lines 3 and 4, so the bad row is on line 5.
    assert_eq!(i.errors.len(), 1);
    let e = &i.errors[0];
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (5, "Contacted", "oops")
    );
    assert_eq!(e.problem, Problem::NotANumber);
    assert_eq!(i.rows, 6);
    assert_eq!(i.rows_skipped, 2);
    let notices: Vec<&Notice> = i.warnings.iter().map(|w| &w.notice).collect();
    // `Owner` is a dimension now (contract §5), no longer an unknown column.
    assert!(!notices
        .iter()
        .any(|n| matches!(n, Notice::UnknownColumn { .. })));
    assert_eq!(i.campaigns()[0].owner.as_deref(), Some("Ann"));
    assert!(matches!(
        notices[0],
        Notice::Inconsistent {
            part: "converted",
            whole: "qualified",
            ..
        }
    ));
    assert!(matches!(notices[1], Notice::TotalRowSkipped { label } if label == "TOTAL"));
    assert_eq!(i.warnings[1].line, Some(8));
    // Totals are pooled: Σ converted / Σ leads, and the cycle weighted by conversions.
    let total = |k: Kpi| k.pooled(&i.campaigns());
    close(total(Kpi::ConversionRate), 30.0 / 400.0 * 100.0);
    close(
        total(Kpi::SalesCycleDays),
        (30.0 * 10.0 + 45.0 * 5.0 + 20.0 * 12.0) / 27.0,
    );
    close(total(Kpi::CostPerLead), 8300.5 / 340.0);
}

#[test]
fn french_excel_file_in_windows_1252() {
    let i = read("aggregate_fr_cp1252.csv");
    assert_eq!(i.encoding, TextEncoding::Windows1252);
    assert_eq!(i.delimiter, b';');
    assert_eq!(&*i.campaigns()[0].name, "Été prospection");
    assert_eq!(i.campaigns()[1].channel.as_deref(), Some("événement"));
    close(kpi(&i, "Été prospection", Kpi::CostPerLead), 25.0);
    close(kpi(&i, "Été prospection", Kpi::SalesCycleDays), 30.5);
    close(kpi(&i, "Salon", Kpi::CostPerLead), 1234.5 / 50.0);
    close(kpi(&i, "Salon", Kpi::AverageDealValue), 1500.0);
    let e = &i.errors[0];
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (4, "Leads générés", "abc")
    );
    assert!(matches!(&i.warnings[0].notice, Notice::TotalRowSkipped { label } if label == "Somme"));
    assert!(i.errors[0]
        .message(Lang::Fr)
        .starts_with("Ligne 4, colonne « Leads générés »"));
}

#[test]
fn utf16_tab_separated() {
    let i = read("aggregate_utf16.tsv");
    assert_eq!(i.encoding, TextEncoding::Utf16Le);
    assert_eq!(i.delimiter, b'\t');
    close(kpi(&i, "Hiver", Kpi::ConversionRate), 10.0);
    close(
        Kpi::Roi.pooled(&i.campaigns()),
        (10500.0 - 4000.0) / 4000.0 * 100.0,
    );
}

#[test]
fn bom_old_mac_line_ends_and_swiss_numbers() {
    let i = read("aggregate_bom_cr.csv");
    assert_eq!(i.encoding, TextEncoding::Utf8);
    close(kpi(&i, "Alpes", Kpi::CostPerLead), 12.345);
    close(kpi(&i, "Alpes", Kpi::RevenuePerLead), 90.0);
    assert_eq!(
        kpi(&i, "Jura", Kpi::CostPerLead),
        Err(Undefined::Zero(prospect_kpi::kpi::Input::Leads))
    );
    close(kpi(&i, "Jura", Kpi::Roi), -100.0);
}

#[test]
fn hubspot_lead_export() {
    let i = read("leads_hubspot.csv");
    assert_eq!(i.kind, FileKind::Leads);
    let spring = &i.campaigns()[0];
    assert_eq!(&*spring.name, "spring");
    assert_eq!(spring.channel.as_deref(), Some("Paid Social"));
    let n = &spring.inputs;
    assert_eq!(
        (
            n.count(Input::Leads),
            n.count(Input::Contacted),
            n.count(Input::Qualified),
            n.count(Input::Converted),
            n.count(Input::Meetings),
            n.count(Input::Abandoned)
        ),
        // `appointmentscheduled` (autumn) makes the stage columns a source of meetings.
        (Some(4), Some(3), Some(3), Some(2), Some(0), Some(0))
    );
    // Revenue counts converted leads only; the opportunity's 500 does not.
    assert_eq!(n.get(Input::Revenue), Some(3000.0));
    assert_eq!(
        (n.count(Input::MessagesSent), n.count(Input::Responses)),
        (Some(10), Some(2))
    );
    close(kpi(&i, "spring", Kpi::SalesCycleDays), 15.0);
    close(kpi(&i, "spring", Kpi::SalesCycleMedianDays), 15.0);
    close(kpi(&i, "autumn", Kpi::AbandonmentRate), 25.0);
    assert_eq!(&*i.campaigns()[2].name, "(none)");
    assert_eq!(i.errors[0].line, 10);
    assert!(
        matches!(&i.warnings[0].notice, Notice::CombinedColumns { field: "stage", headers } if headers[1] == "Lead Status")
    );
    // No cost column: cost KPIs are undefined until costs are given.
    assert_eq!(
        kpi(&i, "spring", Kpi::CostPerLead),
        Err(Undefined::Missing(prospect_kpi::kpi::Input::Cost))
    );
}

#[test]
fn costs_file_for_leads() {
    let mut i = read("leads_hubspot.csv");
    apply_costs(&mut i, &fixture("costs.csv")).unwrap();
    close(kpi(&i, "spring", Kpi::CostPerLead), 250.0);
    close(kpi(&i, "spring", Kpi::Roi), 200.0);
    close(kpi(&i, "autumn", Kpi::Roi), -50.0);
    let notices: Vec<&Notice> = i.warnings.iter().map(|w| &w.notice).collect();
    assert!(notices
        .iter()
        .any(|n| matches!(n, Notice::UnknownCostCampaign { name } if name == "winter")));
    assert!(notices
        .iter()
        .any(|n| matches!(n, Notice::CostsFileError(e) if e.line == 5 && e.value == "abc")));
    assert!(matches!(
        apply_costs(&mut i, b"foo,bar\n1,2\n"),
        Err(FatalError::NoHeader { .. })
    ));
}

#[test]
fn french_lead_file() {
    let i = read("leads_fr.csv");
    let salon = &i.campaigns()[0].inputs;
    assert_eq!(
        (
            salon.count(Input::Leads),
            salon.count(Input::Contacted),
            salon.count(Input::Meetings),
            salon.count(Input::Qualified),
            salon.count(Input::Converted),
            salon.count(Input::Abandoned)
        ),
        (Some(4), Some(2), Some(1), Some(2), Some(2), Some(1))
    );
    assert_eq!(
        (salon.get(Input::Cost), salon.get(Input::Revenue)),
        (Some(80.0), Some(4000.0))
    );
    assert_eq!(
        (salon.count(Input::Surveyed), salon.count(Input::Satisfied)),
        (Some(2), Some(1))
    );
    close(kpi(&i, "Salon Lyon", Kpi::SalesCycleDays), 15.0);
    close(kpi(&i, "Salon Lyon", Kpi::SatisfactionRate), 50.0);
    // Converted and lost counts as converted; the negative cycle is left out.
    let emailing = &i.campaigns()[1].inputs;
    assert_eq!(
        (
            emailing.count(Input::Converted),
            emailing.count(Input::Abandoned)
        ),
        (Some(2), Some(0))
    );
    close(kpi(&i, "Emailing", Kpi::SalesCycleDays), 10.0);
    let errors: Vec<(u64, &str, &str)> = i
        .errors
        .iter()
        .map(|e| (e.line, e.column.as_str(), e.value.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (7, "Date de création", "31/02/2025"),
            (9, "Contacté", "peut-être")
        ]
    );
    let lines = |f: fn(&Notice) -> bool| -> Vec<Option<u64>> {
        i.warnings
            .iter()
            .filter(|w| f(&w.notice))
            .map(|w| w.line)
            .collect()
    };
    assert_eq!(lines(|n| matches!(n, Notice::ConvertedAndLost)), [Some(6)]);
    assert_eq!(
        lines(|n| matches!(n, Notice::NegativeCycle { days: -5 })),
        [Some(8)]
    );
    assert_eq!(
        lines(|n| matches!(n, Notice::TotalRowSkipped { .. })),
        [Some(10)]
    );
    assert_eq!(
        lines(|n| matches!(
            n,
            Notice::DateOrder {
                month_first: false,
                ..
            }
        ))
        .len(),
        3
    );
}

#[test]
fn month_first_dates_are_detected_per_column() {
    let i = read("leads_us_dates.csv");
    // Mar 1 → Mar 25, Mar 2 → Apr 2, Jan 5 → Feb 5.
    close(
        kpi(&i, "Q1", Kpi::SalesCycleDays),
        (24.0 + 31.0 + 31.0) / 3.0,
    );
    close(kpi(&i, "Q1", Kpi::SalesCycleMedianDays), 31.0);
    assert!(i.warnings.iter().all(|w| matches!(
        w.notice,
        Notice::DateOrder {
            month_first: true,
            ..
        }
    )));
}

#[test]
fn files_that_cannot_be_read() {
    let fatal = |name: &str| import(&fixture(name), &ImportOptions::default()).unwrap_err();
    assert!(
        matches!(fatal("no_header.csv"), FatalError::NoHeader { headers } if headers == ["foo", "bar"])
    );
    assert_eq!(fatal("header_only.csv"), FatalError::HeaderOnly);
    assert_eq!(fatal("empty.csv"), FatalError::Empty);
    assert_eq!(fatal("binary.bin"), FatalError::Undecodable);
    assert_eq!(
        import(b"", &ImportOptions::default()).unwrap_err(),
        FatalError::Empty
    );
    for lang in Lang::ALL {
        assert!(fatal("no_header.csv").message(lang).contains("“foo”"));
    }
}

#[test]
fn one_bad_row_never_fails_the_import() {
    let mut csv = String::from("campaign,leads,converted\n");
    for n in 0..3000 {
        csv.push_str(&format!("c{n},{},1\n", if n % 2 == 0 { "x" } else { "10" }));
    }
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(i.campaigns().len(), 1500);
    assert_eq!(i.errors_total, 1500);
    assert_eq!(i.errors.len(), prospect_kpi::import::MAX_LISTED);
    assert!(matches!(
        i.warnings.last().map(|w| &w.notice),
        Some(Notice::MoreErrors { count: 500 })
    ));
}

#[test]
fn a_character_split_across_chunks_comes_out_whole() {
    let csv = "campaign,leads\n\"x\u{e9}, \"\"quoted\"\"\",10\n".as_bytes();
    let split = csv.iter().position(|&b| b == 0xC3).unwrap() + 1;
    let mut importer = Importer::new(ImportOptions::default()).with_sniff_bytes(1);
    importer.push(&csv[..split]);
    importer.push(&csv[split..]);
    let i = importer.finish().unwrap();
    assert_eq!(&*i.campaigns()[0].name, "xé, \"quoted\"");
}

#[test]
fn hostile_numbers_are_row_errors_with_their_value() {
    let csv = "campaign,leads,cost,revenue\nA,10,1e308,1\nB,-0,5,1\nC,NaN,5,1\nD,\u{221e},5,1\nE,1234567890123456789012345678901234567890,5,1\nF,10,5,-7\n";
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    let errors: Vec<(u64, &str, Problem)> = i
        .errors
        .iter()
        .map(|e| (e.line, e.value.as_str(), e.problem))
        .collect();
    assert_eq!(
        errors,
        [
            (2, "1e308", Problem::TooLarge),
            (4, "NaN", Problem::NotANumber),
            (5, "\u{221e}", Problem::NotANumber),
            (
                6,
                "1234567890123456789012345678901234567890",
                Problem::TooLarge
            ),
        ]
    );
    // -0 is zero leads; a negative revenue is allowed.
    assert_eq!(i.campaigns()[0].inputs.count(Input::Leads), Some(0));
    assert_eq!(i.campaigns()[1].inputs.get(Input::Revenue), Some(-7.0));
}

#[test]
fn a_header_of_100000_columns_imports_with_capped_warnings() {
    let mut header: Vec<String> = (0..100_000).map(|n| format!("col{n}")).collect();
    header[0] = "campaign".into();
    header[1] = "leads".into();
    let csv = format!("{}\nA,10\n", header.join(","));
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!(i.campaigns()[0].inputs.count(Input::Leads), Some(10));
    assert_eq!(i.warnings.len(), prospect_kpi::import::MAX_LISTED + 1);
    assert!(matches!(
        i.warnings.last().map(|w| &w.notice),
        Some(Notice::MoreWarnings { .. })
    ));
}

#[test]
fn a_10_mb_single_line_and_a_file_of_quotes_get_one_clear_error() {
    let line = "x".repeat(10 << 20);
    let e = import(line.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, FatalError::NoHeader { .. }));
    assert!(e.message(Lang::En).len() < 1000, "the message stays short");
    let quotes = "\"".repeat(100_000);
    let e = import(quotes.as_bytes(), &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, FatalError::NoHeader { .. }));
    let e = import(b"\"\"\"\n\"\"\n\"", &ImportOptions::default()).unwrap_err();
    assert!(matches!(e, FatalError::NoHeader { .. } | FatalError::Empty));
}

/// Regressions found by the property tests: the encoding and the delimiter are told
/// from the first non-blank line, past a byte-order mark and blank lines, whatever
/// the chunks.
#[test]
fn sniffing_skips_a_bom_and_blank_lines_whatever_the_chunks() {
    let csv = "\u{feff}\r\n\r\ncampaign\tleads;x,y\tconverted\nA\t10;1,2\t5\n".as_bytes();
    let whole = import(csv, &ImportOptions::default()).unwrap();
    assert_eq!(whole.delimiter, b'\t');
    for size in 1..8 {
        let mut importer = Importer::new(ImportOptions::default()).with_sniff_bytes(size);
        for chunk in csv.chunks(size) {
            importer.push(chunk);
        }
        assert_eq!(importer.finish().unwrap(), whole, "chunks of {size}");
    }
}

/// How many leads an import counts in all.
fn total_leads(i: &Import) -> f64 {
    i.combos
        .iter()
        .filter_map(|c| c.inputs.get(Input::Leads))
        .sum()
}

/// The notices of an import that say a line is not data: (line, text).
fn left_out(i: &Import) -> Vec<(Option<u64>, String)> {
    i.warnings
        .iter()
        .filter_map(|w| match &w.notice {
            Notice::TextLine { text } => Some((w.line, text.clone())),
            Notice::TotalRowSkipped { label } => Some((w.line, format!("total: {label}"))),
            _ => None,
        })
        .collect()
}

#[test]
fn a_report_title_above_the_header_is_left_out() {
    // A title and an export date above a French sheet's header: the delimiter is the
    // header's, lines keep their numbers, and the cells are named as before.
    let csv = "Rapport des campagnes T1 2025\r\n\r\nExporté le 14/03/2025\r\n\
               campagne;prospects;clients;coût\r\nA;10;2;1 000,50\r\nB;20;4;500\r\nC;abc;1;2\r\n";
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert_eq!((i.kind, i.delimiter), (FileKind::Aggregate, b';'));
    assert_eq!(i.campaigns().len(), 2);
    close(kpi(&i, "A", Kpi::CostPerLead), 100.05);
    assert_eq!(
        left_out(&i),
        [
            (Some(1), "Rapport des campagnes T1 2025".to_string()),
            (Some(3), "Exporté le 14/03/2025".to_string())
        ]
    );
    let e = &i.errors[0];
    assert_eq!(
        (e.line, e.column.as_str(), e.value.as_str()),
        (7, "prospects", "abc")
    );
    // Nothing but lines of text: the first is what the file has for a header.
    let err = import(b"Notes\nto read\n", &ImportOptions::default()).unwrap_err();
    assert_eq!(
        err,
        FatalError::NoHeader {
            headers: vec!["Notes".into()]
        }
    );
}

#[test]
fn a_report_footer_and_total_are_not_leads() {
    // A Salesforce report's end: its "Total" under the owner column, the sums beside
    // it, then lines of text. Each is said, none is a lead.
    let csv = "Opportunity Owner,Stage,Amount,Lead Source\n\
               Alice,Closed Won,\"12,000.00\",Web\n\
               Total,Prospecting,100,Web\n\
               Bob,Closed Lost,,\n\
               Contact 5,,,\n\
               \n\
               Total,,\"12,100.00\",\n\
               \"Grand Totals (4 records)\"\n\
               \"Confidential Information - Do Not Distribute\"\n";
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    // Alice, the account called "Total" (a stage beside it), Bob, and a row of one
    // value written as wide as the header.
    assert_eq!(total_leads(&i), 4.0);
    assert_eq!((i.rows, i.rows_skipped), (7, 3));
    assert_eq!(
        left_out(&i),
        [
            (Some(7), "total: Total".to_string()),
            (Some(8), "total: Grand Totals (4 records)".to_string()),
            (
                Some(9),
                "Confidential Information - Do Not Distribute".to_string()
            )
        ]
    );
    assert!(i.warnings.iter().any(|w| w
        .message(Lang::En)
        .contains("is a line of text (a title, a report's footer)")));
}

#[test]
fn an_excel_sep_line_names_the_delimiter_and_is_not_said() {
    for csv in [
        "sep=;\r\ncampagne;prospects;clients\r\nA;10;2\r\n",
        "\u{feff}SEP=,\ncampaign,leads,customers\nA,10,2\n",
    ] {
        let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
        assert_eq!(i.campaigns().len(), 1, "{csv}");
        close(kpi(&i, "A", Kpi::ConversionRate), 20.0);
        assert!(left_out(&i).is_empty(), "{csv}");
        assert_eq!(i.rows, 1);
    }
}

#[test]
fn a_header_repeated_by_two_exports_put_together_is_no_row() {
    let csv = "Deal Name,Deal Stage,Amount\nAcme,Closed Won,1000\n\
               Deal Name,Deal Stage,Amount\nGlobex,Closed Lost,500\n";
    let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
    assert!(i.errors.is_empty(), "{:?}", i.errors);
    assert_eq!((i.rows, i.rows_skipped), (3, 1));
    let said: Vec<_> = i
        .warnings
        .iter()
        .filter(|w| matches!(w.notice, Notice::HeaderRepeated))
        .collect();
    assert_eq!(said.len(), 1);
    assert_eq!(said[0].line, Some(3));
    assert!(said[0].message(Lang::Fr).contains("l'en-tête de nouveau"));
}

#[test]
fn a_line_of_one_cell_is_a_footer_only_at_the_end_after_a_blank_line() {
    let leads = |csv: &str| {
        let i = import(csv.as_bytes(), &ImportOptions::default()).unwrap();
        (total_leads(&i), left_out(&i).len())
    };
    // A lead typed with its campaign only is a lead, wherever it is…
    assert_eq!(leads("campaign,stage\nA,won\nB\nC,lost\n"), (3.0, 0));
    assert_eq!(leads("campaign,stage\nA,won\nC,lost\nB\n"), (3.0, 0));
    // …after a blank line too, when rows follow.
    assert_eq!(leads("campaign,stage\nA,won\n\nB\nD\nC,lost\n"), (4.0, 0));
    // Lines of one cell after a blank line, with nothing after them but blank lines
    // and totals, are the file's footer.
    assert_eq!(
        leads("campaign,stage\nA,won\nC,lost\n\nConfidential\n\nTotal,\nCopyright\n\n"),
        (2.0, 3)
    );
    // A held line goes back in its own column: a sheet's row as wide as its last
    // cell, the campaign in the second column, after a blank row.
    let sheet = "stage\tcampaign\nwon\tA\n\n\tB\nlost\tC\n";
    let i = import(sheet.as_bytes(), &ImportOptions::default()).unwrap();
    let names: Vec<&str> = i.combos.iter().map(|c| &*c.name).collect();
    assert_eq!(names, ["A", "B", "C"]);
    // A quoted line break is no blank line.
    assert_eq!(leads("campaign,stage\nA,\"two\nlines\"\nB\n"), (2.0, 0));
}
