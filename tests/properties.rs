//! Property tests: no input makes the core panic, chunking never changes an
//! import, and totals are the pooled recomputation from the campaigns' inputs.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use prospect_kpi::import::{
    import, parse_date, parse_number, FatalError, Import, ImportOptions, Importer,
};
use prospect_kpi::kpi::{
    pooled_inputs, Campaign, DayHistogram, Input, InputKind, Inputs, Kpi, LeadDetail, Summary,
    Undefined,
};

/// Bytes that look like CSV often enough to reach deep into the importer.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::select(vec![
        "campaign,leads,cost,converted,revenue\n",
        "campagne;leads;coût;convertis\n",
        "campaign,stage,created,converted,first contact,amount,satisfaction\n",
        "lead id\tcampaign\tcontacted\tmeeting\tlost\n",
        "",
    ]);
    let cell = prop::sample::select(vec![
        "",
        "1",
        "0",
        "-1",
        "1,5",
        "1.234,5",
        "€ 12",
        "1e308",
        "NaN",
        "∞",
        "yes",
        "x",
        "won",
        "lost",
        "2025-03-14",
        "31/02/2025",
        "03/25/2025",
        "\"",
        "\"a\"\"b\"",
        "\r\n",
        "\n",
        ",",
        ";",
        "\t",
        "Total",
        "é",
        "\u{feff}",
        "\0",
        "\u{ff}",
    ]);
    (header, prop::collection::vec(cell, 0..200)).prop_map(|(h, cells)| {
        let mut v = h.as_bytes().to_vec();
        for c in cells {
            v.extend_from_slice(c.as_bytes());
        }
        v
    })
}

fn import_in_chunks(
    bytes: &[u8],
    sniff: Option<usize>,
    chunk: usize,
) -> Result<Import, FatalError> {
    let mut importer = Importer::new(ImportOptions::default());
    if let Some(n) = sniff {
        importer = importer.with_sniff_bytes(n);
    }
    for piece in bytes.chunks(chunk) {
        importer.push(piece);
    }
    importer.finish()
}

fn check_import(bytes: &[u8], chunk: usize) {
    let whole = import(bytes, &ImportOptions::default());
    assert_eq!(
        whole,
        import_in_chunks(bytes, None, chunk),
        "{bytes:?} in chunks of {chunk}"
    );
    // Sniffing early, so that the rest streams through the decoder chunk by chunk.
    assert_eq!(
        import_in_chunks(bytes, Some(chunk), bytes.len().max(1)),
        import_in_chunks(bytes, Some(chunk), chunk),
        "{bytes:?} sniffed after {chunk}"
    );
    if let Ok(i) = whole {
        for c in &i.campaigns() {
            for k in Kpi::ALL {
                if let Ok(v) = k.of(c) {
                    assert!(v.is_finite());
                }
            }
        }
        let total = Summary::pooled(&i.campaigns());
        for (_, v) in total.kpis.iter() {
            assert!(v.map_or(true, f64::is_finite));
        }
    }
}

proptest! {
    // PROPTEST_CASES=20000 runs longer; CI keeps 512 per property.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), chunk in 1usize..64) {
        check_import(&bytes, chunk);
    }

    #[test]
    fn csv_like_input_never_panics_and_chunks_do_not_matter(bytes in csvish(), chunk in 1usize..40) {
        check_import(&bytes, chunk);
    }

    #[test]
    fn cells_never_panic(s in "\\PC{0,40}") {
        let _ = parse_number(s.as_bytes(), true);
        let _ = parse_number(s.as_bytes(), false);
        let _ = parse_date(s.as_bytes());
    }

    /// Plain decimals, whole or not, signed or not, with a point or a comma: the
    /// same double as Rust's own parser, to the last bit (the importer's fast path
    /// divides two exact doubles; longer numbers go to `str::parse`).
    #[test]
    fn decimals_read_as_the_standard_parser_reads_them(
        negative in any::<bool>(),
        whole in "[0-9]{1,20}",
        fraction in prop::option::of("[0-9]{1,24}"),
    ) {
        let sign = if negative { "-" } else { "" };
        let point = fraction.as_ref().map_or(String::new(), |f| format!(".{f}"));
        let text = format!("{sign}{whole}{point}");
        let expected: f64 = text.parse().unwrap();
        let expected = if expected == 0.0 { 0.0 } else { expected };
        let read = parse_number(text.as_bytes(), false).unwrap();
        prop_assert_eq!(read.to_bits(), expected.to_bits(), "{}", text);
        // A comma as the decimal mark, in a `;` file; a thousands-looking `1,234` in
        // a `,` file is a thousand, and is not this case.
        let comma = text.replace('.', ",");
        let read = parse_number(comma.as_bytes(), false).unwrap();
        prop_assert_eq!(read.to_bits(), expected.to_bits(), "{}", comma);
        // The one-pass reading of plain cells against the general one (a leading
        // `+` takes that way), in both kinds of file: `1,234` is a thousand in a `,`
        // file.
        for text in [&text, &comma] {
            for comma_delimited in [false, true] {
                let fast = parse_number(text.as_bytes(), comma_delimited).unwrap();
                let general = if let Some(unsigned) = text.strip_prefix('-') {
                    -parse_number(format!("+{unsigned}").as_bytes(), comma_delimited).unwrap()
                } else {
                    parse_number(format!("+{text}").as_bytes(), comma_delimited).unwrap()
                };
                let general = if general == 0.0 { 0.0 } else { general };
                prop_assert_eq!(fast.to_bits(), general.to_bits(), "{} {}", text, comma_delimited);
            }
        }
    }

    #[test]
    fn totals_are_the_pooled_recomputation(campaigns in prop::collection::vec(campaign(), 0..8)) {
        let summary = Summary::pooled(&campaigns);
        // One pass for every KPI gives what one pass per KPI gives.
        prop_assert_eq!(&summary.inputs, &pooled_inputs(&campaigns));
        for input in Input::ALL.into_iter().filter(|&i| i != Input::CycleDays) {
            let known: Vec<f64> = campaigns.iter().filter_map(|c| c.inputs.get(input)).collect();
            let sum = (!known.is_empty()).then(|| known.iter().sum::<f64>());
            prop_assert_eq!(summary.inputs.get(input), sum, "{:?}", input);
        }
        for kpi in Kpi::ALL {
            prop_assert_eq!(summary.get(kpi), kpi.pooled(&campaigns), "{:?}", kpi);
            // A rate's counts too (the one pass reads most rows without a pool's way).
            prop_assert_eq!(summary.counts[kpi], kpi.pooled_with_counts(&campaigns).1, "{:?}", kpi);
            let expected = recompute(kpi, &campaigns);
            match (summary.get(kpi), expected) {
                (Ok(a), Some(b)) => prop_assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{:?}: {} != {}", kpi, a, b),
                (Err(_), None) => {}
                (got, want) => prop_assert!(false, "{:?}: got {:?}, want {:?}", kpi, got, want),
            }
        }
    }
}

fn count() -> impl Strategy<Value = Option<u64>> {
    prop::option::of(0u64..1000)
}

fn money() -> impl Strategy<Value = Option<f64>> {
    prop::option::of((0u32..1_000_000).prop_map(|c| c as f64 / 100.0))
}

fn campaign() -> impl Strategy<Value = Campaign> {
    let counts = prop::collection::vec(count(), 10);
    let cycle = prop::option::of(prop::collection::vec(0u32..400, 0..20));
    (counts, money(), money(), prop::option::of(0u32..200), cycle).prop_map(
        |(c, cost, revenue, cycle_days, spans)| {
            let mut inputs = Inputs::default();
            inputs.set(Input::Cost, cost);
            inputs.set(Input::Revenue, revenue);
            inputs.set(Input::CycleDays, cycle_days.map(f64::from));
            let counts = Input::ALL
                .into_iter()
                .filter(|i| i.kind() == InputKind::Count);
            for (k, v) in counts.zip(c) {
                inputs.set(k, v.map(|v| v as f64));
            }
            let cycle = spans.map(|s| {
                let mut h = DayHistogram::default();
                s.into_iter().for_each(|d| h.add(d));
                h
            });
            Campaign {
                inputs,
                leads: LeadDetail::new(cycle, Vec::new()),
                ..Campaign::default()
            }
        },
    )
}

proptest! {
    /// A KPI's value of one campaign alone is its pooled value, bit for bit, where
    /// defined, and nothing where not.
    #[test]
    fn a_kpi_alone_is_its_pooled_value(c in campaign()) {
        for kpi in Kpi::ALL {
            let alone = kpi.alone_value(&c).map(f64::to_bits);
            prop_assert_eq!(alone, kpi.pooled([&c]).ok().map(f64::to_bits), "{:?}", kpi);
        }
    }
}

/// The contract's pooling, written out again independently of `kpi.rs`.
fn recompute(kpi: Kpi, campaigns: &[Campaign]) -> Option<f64> {
    let g = |c: &Campaign, i: Input| c.inputs.get(i);
    let ratio = |num: &dyn Fn(&Campaign) -> Option<f64>, den: Input, scale: f64| {
        let (mut n, mut d, mut any) = (0.0, 0.0, false);
        for c in campaigns {
            if let (Some(a), Some(b)) = (num(c), g(c, den)) {
                n += a;
                d += b;
                any = true;
            }
        }
        (any && d != 0.0).then(|| n / d * scale)
    };
    let input = |i: Input| move |c: &Campaign| g(c, i);
    match kpi {
        Kpi::ConversionRate => ratio(&input(Input::Converted), Input::Leads, 100.0),
        Kpi::CostPerLead => ratio(&input(Input::Cost), Input::Leads, 1.0),
        Kpi::Roi => ratio(
            &|c| Some(g(c, Input::Revenue)? - g(c, Input::Cost)?),
            Input::Cost,
            100.0,
        ),
        Kpi::QualificationRate => ratio(&input(Input::Qualified), Input::Leads, 100.0),
        Kpi::ContactRate => ratio(&input(Input::Contacted), Input::Leads, 100.0),
        Kpi::MeetingRate => ratio(&input(Input::Meetings), Input::Leads, 100.0),
        Kpi::AbandonmentRate => ratio(&input(Input::Abandoned), Input::Leads, 100.0),
        Kpi::ResponseRate => ratio(&input(Input::Responses), Input::MessagesSent, 100.0),
        Kpi::SatisfactionRate => ratio(&input(Input::Satisfied), Input::Surveyed, 100.0),
        Kpi::CostPerCustomer => ratio(&input(Input::Cost), Input::Converted, 1.0),
        Kpi::RevenuePerLead => ratio(&input(Input::Revenue), Input::Leads, 1.0),
        Kpi::AverageDealValue => ratio(&input(Input::Revenue), Input::Converted, 1.0),
        Kpi::SalesCycleDays => {
            // Every dated conversion of lead campaigns; cycle × converted otherwise.
            let (mut days, mut n) = (0.0, 0.0);
            for c in campaigns {
                match c.cycle() {
                    Some(h) if h.count() > 0 => {
                        days += h.sum();
                        n += h.count() as f64;
                    }
                    Some(_) => {}
                    None => {
                        if let (Some(d), Some(k)) = (g(c, Input::CycleDays), g(c, Input::Converted))
                        {
                            days += d * k;
                            n += k;
                        }
                    }
                }
            }
            (n > 0.0).then(|| days / n)
        }
        Kpi::SalesCycleMedianDays => {
            let mut all: Vec<u32> = Vec::new();
            let mut any = false;
            for h in campaigns.iter().filter_map(|c| c.cycle()) {
                any = true;
                for (d, n) in h.bins() {
                    all.extend(std::iter::repeat_n(d, n as usize));
                }
            }
            if !any || all.is_empty() {
                return None;
            }
            all.sort_unstable();
            let m = all.len();
            Some((all[(m - 1) / 2] as f64 + all[m / 2] as f64) / 2.0)
        }
    }
}

#[test]
fn undefined_is_never_zero() {
    let none = Summary::pooled(&[]);
    for (_, v) in none.kpis.iter() {
        assert!(matches!(
            v,
            Err(Undefined::Missing(_)) | Err(Undefined::LeadFilesOnly)
        ));
    }
}

/// A lead file with dimensions: campaign, channel, owner, created month, a stage and
/// a lost reason per lead, as (campaign, channel, owner, month, stage, reason).
fn lead_rows() -> impl Strategy<Value = Vec<(u8, u8, u8, u8, u8, u8)>> {
    prop::collection::vec((0..4u8, 0..3u8, 0..3u8, 1..7u8, 0..5u8, 0..3u8), 1..60)
}

fn lead_file(rows: &[(u8, u8, u8, u8, u8, u8)]) -> String {
    const STAGES: [&str; 5] = ["new", "contacted", "qualified", "won", "lost"];
    const REASONS: [&str; 3] = ["Price", "Timing", ""];
    let mut s = String::from("campaign,channel,owner,created,stage,lost reason\n");
    for &(c, ch, o, m, st, r) in rows {
        // An empty value is a group of its own: "(none)".
        let text = |prefix: &str, v: u8| {
            if v == 0 {
                String::new()
            } else {
                format!("{prefix}{v}")
            }
        };
        s.push_str(&format!(
            "{},{},{},2025-{m:02}-15,{},{}\n",
            text("C", c),
            text("ch", ch),
            text("o", o),
            STAGES[st as usize],
            REASONS[r as usize]
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any grouping pools to the same total, for any filter; each group's counts
    /// equal a count of its own leads in the file; lost reasons add up.
    #[test]
    fn groupings_and_filters_are_roll_ups(rows in lead_rows(), f_dim in 0..4usize, f_val in 0..4u8) {
        use prospect_kpi::group::{group, values_of, values_of_groups, Dim, Filter};
        let i = import(lead_file(&rows).as_bytes(), &ImportOptions::default()).unwrap();
        let dim = Dim::ALL[f_dim];
        let value = match dim {
            Dim::Campaign => if f_val == 0 { "(none)".to_string() } else { format!("C{f_val}") },
            Dim::Channel => format!("ch{}", f_val % 3),
            Dim::Owner => format!("o{}", f_val % 3),
            Dim::Period => format!("2025-{:02}", f_val + 1),
        };
        let filters = [Filter { dim, value: value.clone() }];
        let keeps = |r: &(u8, u8, u8, u8, u8, u8)| match dim {
            Dim::Campaign => r.0 == f_val,
            Dim::Channel => r.1 == f_val % 3 && r.1 != 0,
            Dim::Owner => r.2 == f_val % 3 && r.2 != 0,
            Dim::Period => r.3 == f_val + 1,
        };
        // "ch0"/"o0" name no lead (0 is the empty value): those filters keep nothing.
        let kept: Vec<_> = rows.iter().filter(|r| keeps(r)).collect();
        // A filter's values read off the grouping by their dimension: those counted.
        for by in [Dim::Campaign, Dim::Channel, Dim::Owner] {
            let g = group(&i.combos, i.dims, by, &[]);
            for max in [1, 2, 10] {
                prop_assert_eq!(values_of_groups(&g, &i.combos, max), Some(values_of(&i.combos, by, max)));
            }
            prop_assert_eq!(values_of_groups(&group(&i.combos, i.dims, by, &filters), &i.combos, 10), None);
        }
        let reference = group(&i.combos, i.dims, Dim::Campaign, &filters).total_summary(&i.combos);
        for by in Dim::ALL {
            let g = group(&i.combos, i.dims, by, &filters);
            prop_assert_eq!(&g.total_summary(&i.combos), &reference);
            let leads: u64 = (0..g.groups.len()).map(|k| g.campaign(k, &i.combos).inputs.count(Input::Leads).unwrap_or(0)).sum();
            prop_assert_eq!(leads, kept.len() as u64);
            // Each group against a count of its own leads.
            for k in 0..g.groups.len() {
                let c = g.campaign(k, &i.combos);
                let value = g.groups[k].value.clone();
                let mine = |r: &&&(u8, u8, u8, u8, u8, u8)| {
                    let v = match by {
                        Dim::Campaign => r.0, Dim::Channel => r.1, Dim::Owner => r.2, Dim::Period => r.3,
                    };
                    let label = match by {
                        Dim::Campaign => format!("C{v}"), Dim::Channel => format!("ch{v}"),
                        Dim::Owner => format!("o{v}"), Dim::Period => format!("2025-{v:02}"),
                    };
                    if by != Dim::Period && v == 0 { value.is_none() } else { value.as_deref() == Some(label.as_str()) }
                };
                let own: Vec<_> = kept.iter().filter(mine).collect();
                prop_assert_eq!(c.inputs.count(Input::Leads).unwrap_or(0), own.len() as u64);
                if own.is_empty() {
                    // A month between the first and the last with no lead: listed,
                    // every KPI undefined.
                    prop_assert!(g.summary(k, &i.combos).kpis.iter().all(|(_, v)| v.is_err()));
                    continue;
                }
                // Conversions are known when some stage of the file says "won".
                let won = own.iter().filter(|r| r.4 == 3).count() as u64;
                let known = rows.iter().any(|r| r.4 == 3);
                prop_assert_eq!(c.inputs.count(Input::Converted), known.then_some(won));
                let lost_with_reason = own.iter().filter(|r| r.4 == 4 && r.5 < 2).count() as u64;
                let reasons: u64 = c.lost_reasons().iter().map(|(_, n)| n).sum();
                prop_assert_eq!(reasons, lost_with_reason);
            }
        }
    }
}
