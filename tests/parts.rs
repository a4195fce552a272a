//! A lead file read in parts (threads, workers) and merged gives what one reading
//! gives: property tests over random files and random cuts, inside quoted fields too.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use prospect_kpi::import::{
    cut_points, head_of, import, import_in_parts, part_bounds, read_in_parts, FatalError, Import,
    ImportOptions, Importer, Part,
};

/// Lead files shaped like CRM exports: several headers, slash dates that read two
/// ways, bad cells, total rows, lost reasons, quoted notes with line breaks,
/// blank lines, CRLF or LF.
fn lead_file() -> impl Strategy<Value = Vec<u8>> {
    let header = prop::sample::select(vec![
        "campaign,channel,owner,created,first contact,converted,stage,lost reason,amount,cost,currency,notes",
        "Campagne;Canal;Propriétaire;Date de création;Premier contact;Converti;Perdu;Montant;Coût;Note de satisfaction;Notes",
        "lead id\tcampaign\tcontacted\tmeeting\tlost\tclosed\tnotes",
    ]);
    let cell = prop::sample::select(vec![
        "",
        "",
        "A",
        "B",
        "Salon Lyon",
        "Total",
        "web",
        "rep 1",
        "rep 2",
        "oui",
        "non",
        "yes",
        "won",
        "lost",
        "qualified",
        "x",
        "01/02/2025",
        "13/02/2025",
        "02/13/2025",
        "03/04/2025",
        "2025-03-14",
        "2025-01-02",
        "1 500,00",
        "20",
        "12.5",
        "-5",
        "0.1",
        "EUR",
        "USD",
        "4",
        "Price",
        "Timing",
        "\"a, b\"",
        "\"two\nlines\"",
        "\"quote \"\" in\"",
        "\"\n\"",
    ]);
    let row = prop::collection::vec(cell, 0..14);
    (
        header,
        prop::collection::vec(row, 0..60),
        any::<bool>(),
        prop::collection::vec(any::<bool>(), 0..80),
    )
        .prop_map(|(header, rows, crlf, blank)| {
            let delimiter = if header.contains('\t') {
                "\t"
            } else if header.contains(';') {
                ";"
            } else {
                ","
            };
            let end = if crlf { "\r\n" } else { "\n" };
            let mut s = String::from(header) + end;
            for (i, row) in rows.iter().enumerate() {
                if blank.get(i).copied().unwrap_or(false) {
                    s.push_str(end);
                }
                s.push_str(&row.join(delimiter));
                s.push_str(end);
            }
            s.into_bytes()
        })
}

/// The same import, to the last digit (money is summed exactly, in any order).
fn assert_same(parts: &Import, whole: &Import) -> Result<(), TestCaseError> {
    prop_assert_eq!(parts, whole);
    Ok(())
}

/// As a worker sends its part to the page: each part as bytes and back, then merged;
/// `None` where the parts do not merge (or do not cross as bytes).
fn through_bytes(bytes: &[u8], cuts: &[usize]) -> Option<Result<Import, FatalError>> {
    let bounds = part_bounds(bytes.len(), cuts);
    let head = head_of(bytes);
    let mut whole: Option<Part> = None;
    for k in 0..bounds.len() - 1 {
        let mut importer = if k == 0 {
            Importer::new(ImportOptions::default())
        } else {
            Importer::for_part(ImportOptions::default(), head)?
        };
        importer.push(&bytes[bounds[k]..bounds[k + 1]]);
        let part = importer.end_part(k + 2 == bounds.len()).ok()?;
        let part = Part::from_bytes(&part.to_bytes()?, ImportOptions::default(), head)?;
        match &mut whole {
            None => whole = Some(part),
            Some(w) => {
                if !w.merge(part) {
                    return None;
                }
            }
        }
    }
    Some(whole?.finish())
}

/// Whether a line below the header has one cell and fewer fields than the header:
/// maybe a report's footer, which the parts may leave to one reading.
fn has_one_cell_lines(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let Some(header) = lines.next() else {
        return false;
    };
    let delimiter = [',', ';', '\t']
        .into_iter()
        .find(|&d| header.contains(d))
        .unwrap_or(',');
    let width = header.split(delimiter).count();
    lines.any(|l| {
        let cells: Vec<&str> = l.split(delimiter).collect();
        cells.len() < width && cells.iter().filter(|c| !c.trim().is_empty()).count() == 1
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512)
    ))]

    /// Cut after any line feeds, those inside quoted fields included.
    #[test]
    fn parts_merge_into_the_whole_import(bytes in lead_file(), picks in prop::collection::vec(any::<prop::sample::Index>(), 0..6)) {
        let feeds: Vec<usize> = bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect();
        let cuts: Vec<usize> = if feeds.is_empty() { Vec::new() } else { picks.iter().map(|p| feeds[p.index(feeds.len())]).collect() };
        let options = ImportOptions::default();
        match (import_in_parts(&bytes, &options, &cuts), import(&bytes, &options)) {
            (Ok(parts), Ok(whole)) => {
                assert_same(&parts, &whole)?;
                // Without quotes every cut is a true one: the parts were merged, not
                // read again whole (unless a line of one cell may start a report's
                // footer at a part's edge: only the part before can tell).
                if !bytes.contains(&b'"') && !has_one_cell_lines(&bytes) {
                    prop_assert!(read_in_parts(&bytes, &options, &cuts).is_some());
                }
                // And through bytes, as workers send their parts.
                if let Some(sent) = through_bytes(&bytes, &cuts) {
                    assert_same(&sent.expect("a merged part finishes"), &whole)?;
                } else {
                    prop_assert!(bytes.contains(&b'"') || has_one_cell_lines(&bytes), "only a cut inside quotes, or a possible footer, keeps parts apart");
                }
            }
            (parts, whole) => prop_assert_eq!(parts.err(), whole.err()),
        }
    }
}

/// A large file with quoted line breaks: merged where the cuts are true ones, read
/// whole where one falls inside quotes; the same either way.
#[test]
fn large_files_cut_where_lines_start() {
    let mut csv = String::from("campaign,created,converted,stage,lost reason,amount,notes\n");
    for i in 0..120_000 {
        // Not on the rows the quarters fall on (see the cut inside quotes below).
        let note = if i % 1000 == 499 {
            "\"a note\non two lines\""
        } else {
            "ok"
        };
        csv.push_str(&format!(
            "C{},{:02}/{:02}/2025,{},{},{},{}.5,{note}\n",
            i % 37,
            1 + i % 28,
            1 + i % 12,
            if i % 3 == 0 { "2025-12-01" } else { "" },
            ["won", "lost", "new"][i % 3],
            ["Price", "", "Timing"][i % 3],
            i % 900,
        ));
    }
    let bytes = csv.as_bytes();
    let cuts = cut_points(bytes, 4);
    assert_eq!(cuts.len(), 3, "{} bytes", bytes.len());
    for &c in &cuts {
        assert_eq!(bytes[c - 1], b'\n');
    }
    let whole = import(bytes, &ImportOptions::default()).unwrap();
    let parts = import_in_parts(bytes, &ImportOptions::default(), &cuts).unwrap();
    assert_same(&parts, &whole).unwrap();
    assert!(read_in_parts(bytes, &ImportOptions::default(), &cuts).is_some());
    let sent = through_bytes(bytes, &cuts).expect("the parts cross as bytes");
    assert_same(&sent.unwrap(), &whole).unwrap();
    assert_eq!(whole.rows, 120_000);
    // A cut inside the quoted note: detected, and the file read whole.
    let inside = csv.find("a note\n").unwrap() + "a note\n".len();
    assert!(read_in_parts(bytes, &ImportOptions::default(), &[inside]).is_none());
    let parts = import_in_parts(bytes, &ImportOptions::default(), &[inside]).unwrap();
    assert_same(&parts, &whole).unwrap();
}

/// A report's footer at the end of the last part: its lines cross as bytes, and the
/// parts merge into what one reading gives.
#[test]
fn a_footer_in_the_last_part_merges() {
    let mut csv = String::from("Opportunity Owner,Stage,Amount,Lead Source\n");
    for i in 0..2_000 {
        csv.push_str(&format!("Rep {},Closed Won,{i},Web\n", i % 7));
    }
    csv.push_str(
        "\nTotal,,\"1,999,000.00\",\n\n\"Confidential Information - Do Not Distribute\"\n",
    );
    let bytes = csv.as_bytes();
    let cuts = cut_points(bytes, 3);
    let cuts = if cuts.is_empty() {
        vec![csv.find("Rep 3,").unwrap(), csv.find("Rep 5,").unwrap()]
    } else {
        cuts
    };
    let whole = import(bytes, &ImportOptions::default()).unwrap();
    assert_eq!((whole.rows, whole.rows_skipped), (2_002, 2));
    assert!(read_in_parts(bytes, &ImportOptions::default(), &cuts).is_some());
    let sent = through_bytes(bytes, &cuts).expect("the parts cross as bytes");
    assert_same(&sent.unwrap(), &whole).unwrap();
}
