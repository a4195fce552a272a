//! Native import throughput: `cargo bench --bench import` (or `make bench`).
//!
//! Generates (once, under `target/bench-data/`) a ~100 MB, 1,000,000-row CRM lead
//! export and aggregate files of 1,000 rows and ~10 MB, then times the streaming
//! importer over them from memory in 1 MiB chunks, as the page and the CLI feed it.
//! For scale it also times a bare csv-crate `ByteRecord` loop doing the same
//! per-campaign counting. Prints MB/s, rows/s and the ratio; best of a few runs.

use prospect_kpi::group::{group, group_names_known, Dim};
use prospect_kpi::import::{import_on_threads, ImportOptions, Importer, MAX_PART_COMBINATIONS};
use prospect_kpi::kpi::Input;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CHUNK: usize = 1 << 20;

/// The system allocator, counting the bytes held and their peak: bytes per group.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Whether the peak is followed: only while memory is measured, since its
/// compare-and-swap on every allocation would slow the timed imports.
static PEAKS: AtomicBool = AtomicBool::new(false);

fn note_peak(now: usize) {
    if PEAKS.load(Ordering::Relaxed) {
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note_peak(HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Moved: the old block and the new one were both held for the copy.
            if p != ptr {
                note_peak(HELD.load(Ordering::Relaxed) + new_size);
            }
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
            note_peak(HELD.fetch_add(new_size, Ordering::Relaxed) + new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A contact list whose `Name` was taken as the campaign: a campaign per row.
fn distinct_file(rows: usize) -> String {
    const STAGES: [&str; 5] = [
        "lead",
        "customer",
        "opportunity",
        "subscriber",
        "closedlost",
    ];
    let mut s = String::with_capacity(rows * 64);
    s.push_str("Name,Email,Lifecycle Stage,Create Date,Original Source\n");
    for i in 0..rows {
        s.push_str(&format!(
            "Contact {i},c{i}@example.com,{},2025-{:02}-{:02},src{}\n",
            STAGES[i % 5],
            1 + i % 12,
            1 + i % 28,
            i % 7
        ));
    }
    s
}

/// A small deterministic generator, so every run measures the same bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn date(day: u64) -> String {
    // 2024-01-01 plus `day` days, within 2024-2025 (month lengths of a common year).
    const DAYS: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut year, mut d) = (2024 + day / 365, day % 365);
    let mut month = 0;
    while d >= DAYS[month] {
        d -= DAYS[month];
        month += 1;
    }
    if year > 2025 {
        year = 2025;
    }
    format!("{year}-{:02}-{:02}", month + 1, d + 1)
}

fn lead_file(rows: usize) -> String {
    const STAGES: [&str; 8] = [
        "subscriber",
        "lead",
        "contacted",
        "appointmentscheduled",
        "qualified",
        "opportunity",
        "customer",
        "closedlost",
    ];
    const CHANNELS: [&str; 5] = [
        "Paid Social",
        "Organic Search",
        "Email",
        "Referral",
        "Events",
    ];
    let mut r = Lcg(42);
    let mut s = String::with_capacity(rows * 104);
    s.push_str("Record ID,Email,UTM Campaign,Original Source,Lifecycle Stage,Create Date,First Contact Date,Became a Customer Date,Amount,Emails Sent,Replied\n");
    for id in 0..rows {
        let campaign = r.below(200);
        let stage = STAGES[r.below(8) as usize];
        let created = r.below(600);
        let contact = created + r.below(10);
        let won = if stage == "customer" {
            date(contact + r.below(90))
        } else {
            String::new()
        };
        let amount = if stage == "customer" || stage == "opportunity" {
            format!("{}.{:02}", 100 + r.below(9900), r.below(100))
        } else {
            String::new()
        };
        s.push_str(&format!(
            "{id},lead{id}@example.com,campaign-{campaign:03},{},{stage},{}T09:30:00Z,{},{won},{amount},{},{}\n",
            CHANNELS[(campaign % 5) as usize],
            date(created),
            date(contact),
            r.below(6),
            if r.below(4) == 0 { "yes" } else { "no" },
        ));
    }
    s
}

fn aggregate_file(rows: usize) -> String {
    let mut r = Lcg(7);
    let mut s = String::from("Campaign;Channel;Total cost;Leads;Contacted;Meetings;Qualified;Customers;Lost;Emails sent;Replies;Revenue;Sales cycle days;Surveyed;Satisfied\n");
    for i in 0..rows {
        let leads = 50 + r.below(5000);
        let conv = r.below(leads / 10 + 1);
        s.push_str(&format!(
            "Campaign {i};email;{} {:03},{:02} €;{leads};{};{};{};{conv};{};{};{};{} {:03};{},5;{};{}\n",
            1 + r.below(90), r.below(1000), r.below(100),
            leads - r.below(leads / 2 + 1),
            r.below(leads / 3 + 1),
            r.below(leads / 4 + 1),
            r.below(leads / 5 + 1),
            leads * 4,
            r.below(leads + 1),
            1 + r.below(500), r.below(1000),
            r.below(120),
            conv,
            r.below(conv + 1),
        ));
    }
    s
}

fn cached(name: &str, make: impl FnOnce() -> String) -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    let path = dir.join(name);
    if let Ok(bytes) = std::fs::read(&path) {
        return bytes;
    }
    let text = make();
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(&path, &text);
    text.into_bytes()
}

/// Best wall time of `runs` runs of `f`, and its last result.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let r = f();
        best = best.min(start.elapsed());
        out = Some(r);
    }
    (best, out.expect("at least one run"))
}

fn importer_again(bytes: &[u8]) -> prospect_kpi::import::Import {
    let mut importer = Importer::new(ImportOptions::default());
    for chunk in bytes.chunks(CHUNK) {
        importer.push(chunk);
    }
    importer.finish().expect("the file imports")
}

fn ours(bytes: &[u8]) -> (u64, usize) {
    let mut importer = Importer::new(ImportOptions::default());
    // As the page and the command line do: the file's size is known.
    importer.expect_bytes(bytes.len() as u64);
    for chunk in bytes.chunks(CHUNK) {
        importer.push(chunk);
    }
    match importer.finish() {
        Ok(i) => (
            i.rows,
            group_names_known(&i.combos, i.dims, Dim::Campaign, &[], i.names_distinct)
                .groups
                .len(),
        ),
        Err(e) => panic!("benchmark file did not import: {e:?}"),
    }
}

/// The floor: a bare csv-crate loop counting leads and customers per campaign.
fn bare_csv(bytes: &[u8]) -> (u64, usize) {
    let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut counts: HashMap<Vec<u8>, (u64, u64)> = HashMap::new();
    let mut rows = 0;
    while rdr.read_byte_record(&mut record).unwrap_or(false) {
        rows += 1;
        let won = !record.get(7).unwrap_or(b"").is_empty();
        let campaign = record.get(2).unwrap_or(b"");
        match counts.get_mut(campaign) {
            Some(c) => {
                c.0 += 1;
                c.1 += won as u64;
            }
            None => {
                counts.insert(campaign.to_vec(), (1, won as u64));
            }
        }
    }
    (rows, counts.len())
}

fn report(label: &str, bytes: &[u8], time: Duration, rows: u64) -> f64 {
    let secs = time.as_secs_f64();
    let mbs = bytes.len() as f64 / 1e6 / secs;
    println!(
        "{label:<44} {:>8.1} MB  {:>9} rows  {:>8.1} ms  {:>7.1} MB/s  {:>11.0} rows/s",
        bytes.len() as f64 / 1e6,
        rows,
        secs * 1e3,
        mbs,
        rows as f64 / secs
    );
    mbs
}

/// For the browser benchmark: the native lead import's figures and per-campaign
/// counts as one JSON line.
fn native_json(leads: &[u8]) {
    let (t, _) = best(3, || ours(leads));
    let mut importer = Importer::new(ImportOptions::default());
    importer.push(leads);
    let import = importer.finish().expect("the benchmark file imports");
    let counts: Vec<String> = import
        .campaigns()
        .iter()
        .map(|c| {
            format!(
                "\"{}\":[{},{},{}]",
                c.name,
                c.inputs.count(Input::Leads).unwrap_or(0),
                c.inputs.count(Input::Converted).unwrap_or(0),
                c.inputs.get(Input::Revenue).unwrap_or(0.0)
            )
        })
        .collect();
    println!(
        "{{\"ms\":{},\"bytes\":{},\"rows\":{},\"counts\":{{{}}}}}",
        t.as_secs_f64() * 1e3,
        leads.len(),
        import.rows,
        counts.join(",")
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is accepted and ignored.
    let args: Vec<String> = std::env::args().collect();
    let has = |flag: &str| args.iter().any(|a| a == flag);
    if has("--generate-only") || has("--native-json") {
        let leads = cached("leads-1000000.csv", || lead_file(1_000_000));
        // The browser benchmark's many-groups files (issue "never dead").
        cached("distinct-1000000.csv", || distinct_file(1_000_000));
        cached("aggregate-200000.csv", || aggregate_file(200_000));
        contacts_workbook(200_000);
        if has("--native-json") {
            native_json(&leads);
        }
        return;
    }
    let quick = has("--quick");
    if has("--threads-only") {
        let rows = if quick { 100_000 } else { 1_000_000 };
        threads(&cached(&format!("leads-{rows}.csv"), || lead_file(rows)), 3);
        return;
    }
    if has("--aggregate-only") {
        let big = cached("aggregate-10mb.csv", || aggregate_file(115_000));
        let (t, (rows, _)) = best(if quick { 3 } else { 20 }, || ours(&big));
        report("aggregate file, ~10 MB", &big, t, rows);
        // Where its time goes: reading the rows, finishing, grouping.
        let (mut read, mut finish, mut grouping) = (Duration::MAX, Duration::MAX, Duration::MAX);
        for _ in 0..if quick { 3 } else { 20 } {
            let start = Instant::now();
            let mut importer = Importer::new(ImportOptions::default());
            importer.expect_bytes(big.len() as u64);
            for chunk in big.chunks(CHUNK) {
                importer.push(chunk);
            }
            read = read.min(start.elapsed());
            let start = Instant::now();
            let i = importer.finish().expect("the aggregate file imports");
            finish = finish.min(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(group_names_known(
                &i.combos,
                i.dims,
                Dim::Campaign,
                &[],
                i.names_distinct,
            ));
            grouping = grouping.min(start.elapsed());
        }
        println!(
            "  reading {:.1} ms, finishing {:.1} ms, grouping by campaign {:.1} ms (best of each)",
            read.as_secs_f64() * 1e3,
            finish.as_secs_f64() * 1e3,
            grouping.as_secs_f64() * 1e3
        );
        return;
    }
    if has("--groups-only") {
        many_groups(if quick { 100_000 } else { 1_000_000 });
        return;
    }
    if has("--workbook-only") {
        workbook(
            if quick { 20_000 } else { 200_000 },
            if quick { 1 } else { 3 },
        );
        return;
    }
    let lead_rows = if quick { 100_000 } else { 1_000_000 };
    let runs = if quick { 1 } else { 3 };
    let leads = cached(&format!("leads-{lead_rows}.csv"), || lead_file(lead_rows));
    let small = cached("aggregate-1000.csv", || aggregate_file(1000));
    let big = cached("aggregate-10mb.csv", || aggregate_file(115_000));
    println!(
        "prospect-kpi native import, best of {runs} run(s), {} KiB chunks",
        CHUNK / 1024
    );

    let (t, (rows, campaigns)) = best(runs, || ours(&leads));
    assert_eq!(campaigns, 200);
    let ours_mbs = report("lead file (streaming importer)", &leads, t, rows);
    let (t, (bare_rows, bare_campaigns)) = best(runs, || bare_csv(&leads));
    assert_eq!((bare_rows, bare_campaigns), (rows, campaigns));
    let bare_mbs = report("lead file (bare csv ByteRecord loop)", &leads, t, bare_rows);
    let (t, (rows, _)) = best(runs.max(5), || ours(&small));
    report("aggregate file, 1,000 rows", &small, t, rows);
    let (t, (rows, _)) = best(runs, || ours(&big));
    report("aggregate file, ~10 MB", &big, t, rows);
    println!(
        "ratio: importer / bare csv loop = {:.2} (target for the lead file: ≥ 300 MB/s)",
        ours_mbs / bare_mbs
    );
    threads(&leads, runs);
    many_groups(if quick { 100_000 } else { 1_000_000 });
    workbook(if quick { 20_000 } else { 200_000 }, runs);
}

/// A CRM's contacts export as an `.xlsx` (HubSpot's default format): 16 columns,
/// texts, numbers, and dates as text; read and imported as the page's workbook
/// worker and the command line do. Prints its time and the peak memory above what
/// was held before.
fn workbook(rows: usize, runs: usize) {
    use prospect_kpi::import::workbook::import_workbook;
    let bytes = contacts_workbook(rows);
    let base = HELD.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    PEAKS.store(true, Ordering::Relaxed);
    let (t, imported) = best(runs, || {
        import_workbook(&bytes, None, &ImportOptions::default()).expect("the workbook imports")
    });
    PEAKS.store(false, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed) - base;
    report(
        &format!("contacts export, .xlsx, {rows} rows"),
        &bytes,
        t,
        imported.import.rows,
    );
    println!(
        "  peak memory above the file: {:.0} MB ({:.0} bytes per cell)",
        peak as f64 / 1e6,
        peak as f64 / (rows * 16) as f64
    );
}

/// The contacts export of [`workbook`], made once under `target/bench-data/` (the
/// browser benchmark reads it too).
fn contacts_workbook(rows: usize) -> Vec<u8> {
    use prospect_kpi::report::{Cell, Style, Table};
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("target/bench-data/contacts-{rows}.xlsx"));
    std::fs::read(&path).unwrap_or_else(|_| {
        const STAGES: [&str; 6] = [
            "subscriber",
            "lead",
            "marketingqualifiedlead",
            "salesqualifiedlead",
            "opportunity",
            "customer",
        ];
        let header = [
            "Record ID",
            "First Name",
            "Last Name",
            "Email",
            "Phone Number",
            "Company Name",
            "Contact owner",
            "Lifecycle Stage",
            "Lead Status",
            "Create Date",
            "Original Source",
            "Became a Customer Date",
            "City",
            "Job Title",
            "Number of Sales Activities",
            "UTM Campaign",
        ];
        let text = |t: String| Cell::Text(t);
        let table = Table {
            sheet: "contacts".into(),
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: (0..rows)
                .map(|i| {
                    let stage = STAGES[i % STAGES.len()];
                    let day = 1 + i % 28;
                    vec![
                        Cell::Number(i as f64, Style::Count),
                        text(format!("First{i}")),
                        text(format!("Last{i}")),
                        text(format!("contact{i}@example.com")),
                        text("+33 1 23 45 67 89".into()),
                        text(format!("Company {}", i % 5000)),
                        text(format!("Rep {}", i % 20)),
                        text(stage.into()),
                        text(["NEW", "OPEN", "IN_PROGRESS", "CONNECTED"][i % 4].into()),
                        text(format!("2025-{:02}-{day:02} 10:22", 1 + i % 12)),
                        text(["Organic Search", "Paid Social", "Direct Traffic"][i % 3].into()),
                        match stage {
                            "customer" => text(format!("2025-12-{day:02}")),
                            _ => Cell::Empty,
                        },
                        text("Paris".into()),
                        text("Head of Sales".into()),
                        Cell::Number((i % 20) as f64, Style::Count),
                        text(format!("campaign-{}", i % 50)),
                    ]
                })
                .collect(),
        };
        let bytes = prospect_kpi::xlsx::write(&table).expect("the workbook is written");
        let _ = std::fs::create_dir_all(path.parent().expect("a folder"));
        let _ = std::fs::write(&path, &bytes);
        bytes
    })
}

/// Every core: the lead file cut in parts at line starts, a thread each, merged
/// (the command line's way; the same import as one reading).
fn threads(leads: &[u8], runs: usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut one = None;
    for threads in [1, 2, 4] {
        let (t, rows) = best(runs, || {
            import_on_threads(leads, &ImportOptions::default(), threads)
                .expect("the lead file imports")
                .rows
        });
        let label = format!("lead file on {threads} thread(s), {cores} cores");
        report(&label, leads, t, rows);
        let one = *one.get_or_insert(t);
        println!(
            "  speed-up over one thread: {:.2}",
            one.as_secs_f64() / t.as_secs_f64()
        );
    }
}

/// A campaign per row: time, memory per group, and the regrouping, sorting and
/// grouping a page does with them.
fn many_groups(rows: usize) {
    let file = cached(&format!("distinct-{rows}.csv"), || distinct_file(rows));
    let base = HELD.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    PEAKS.store(true, Ordering::Relaxed);
    let start = Instant::now();
    let mut importer = Importer::new(ImportOptions::default());
    // As the page and the command line do: the file's size is known.
    importer.expect_bytes(file.len() as u64);
    for chunk in file.chunks(CHUNK) {
        importer.push(chunk);
    }
    // The peak of each phase, above what was held before the import.
    let phase = || {
        let peak = PEAK.load(Ordering::Relaxed) - base;
        PEAK.store(HELD.load(Ordering::Relaxed), Ordering::Relaxed);
        peak
    };
    let reading = phase();
    let read_ms = start.elapsed().as_secs_f64() * 1e3;
    let import = importer.finish().expect("the distinct file imports");
    let finishing = phase();
    let finish_ms = start.elapsed().as_secs_f64() * 1e3 - read_ms;
    let grouping = group_names_known(
        &import.combos,
        import.dims,
        Dim::Campaign,
        &[],
        import.names_distinct,
    );
    let grouping_peak = phase();
    let group_ms = start.elapsed().as_secs_f64() * 1e3 - read_ms - finish_ms;
    let t = start.elapsed();
    let groups = grouping.groups.len();
    let peak = reading.max(finishing).max(grouping_peak);
    let held = HELD.load(Ordering::Relaxed) - base;
    report(
        "a campaign per row (import and group)",
        &file,
        t,
        import.rows,
    );
    println!(
        "  {groups} groups: {:.0} bytes per group held, {:.0} at the peak (target ≈ 200 + its days)",
        held as f64 / groups as f64,
        peak as f64 / groups as f64
    );
    let per = |bytes: usize| bytes as f64 / groups as f64;
    println!(
        "  a combination's row (Campaign): {} bytes, its inputs {} bytes",
        std::mem::size_of::<prospect_kpi::kpi::Campaign>(),
        std::mem::size_of::<prospect_kpi::kpi::Inputs>()
    );
    println!(
        "  peak per group while reading {:.0}, finishing {:.0}, grouping {:.0}",
        per(reading),
        per(finishing),
        per(grouping_peak)
    );
    println!(
        "  time reading {read_ms:.0} ms, finishing {finish_ms:.0} ms, grouping {group_ms:.0} ms"
    );
    // On two threads: its parts give up past MAX_PART_COMBINATIONS, and the file is
    // read whole (merging a million combinations is slower and holds two indexes).
    drop(grouping);
    drop(import);
    let base = HELD.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let start = Instant::now();
    let on_two = import_on_threads(&file, &ImportOptions::default(), 2).expect("imports");
    println!(
        "  on two threads (parts give up past {MAX_PART_COMBINATIONS} combinations): {:.0} ms, {:.0} bytes per group at the peak",
        start.elapsed().as_secs_f64() * 1e3,
        per(PEAK.load(Ordering::Relaxed) - base)
    );
    drop(on_two);
    let import = importer_again(&file);
    let grouping = group(&import.combos, import.dims, Dim::Campaign, &[]);
    let start = Instant::now();
    let mut values: Vec<Option<f64>> = (0..groups)
        .map(|i| {
            grouping
                .summary(i, &import.combos)
                .get(prospect_kpi::kpi::Kpi::ConversionRate)
                .ok()
        })
        .collect();
    let mut order: Vec<usize> = (0..groups).collect();
    prospect_kpi::hash::sort_indices(&mut order, &|a, b| {
        values[b]
            .unwrap_or(-1.0)
            .total_cmp(&values[a].unwrap_or(-1.0))
    });
    values.clear();
    println!(
        "  sorting the {groups} groups by a KPI: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let start = Instant::now();
    let by_channel = group(&import.combos, import.dims, Dim::Channel, &[]);
    println!(
        "  regrouping by channel ({} groups): {:.1} ms",
        by_channel.groups.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
}
