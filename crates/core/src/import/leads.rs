//! Lead files: one row per lead, aggregated per combination of the dimensions'
//! values (campaign, channel, owner, month) as the rows go by, without keeping them
//! (contract §2b, §5). This is the hot path of a 100 MB CRM export: the per-row work
//! allocates nothing once a combination and a stage value have been seen.

use super::columns::{LeadField, Mapping};
use super::records::Record;
use super::values::{
    cell_str, cell_text, is_total_label, parse_input, parse_number, trim, Date, DateMemo, Event,
    Stage,
};
use super::wire::{Reader, Writer};
use super::{Notice, Problem, Report, RowError};
use crate::group::{Dim, PerDim};
use crate::hash::{Distinct, FxMap, Interner, KeyIndex, TextDims};
use crate::kpi::{Campaign, DayHistogram, Input, InputKind, LeadDetail, PerInput};
use crate::period::Period;
use std::sync::Arc;

/// The most distinct stage values remembered; beyond, they are normalised each time.
const STAGE_CACHE: usize = 1024;

/// What slash dates of a column have shown about their order.
#[derive(Clone, Copy, Default)]
struct Evidence {
    seen: bool,
    day_first: bool,
    month_first: bool,
}

impl Evidence {
    fn note(&mut self, date: Date) {
        if let Date::Slash {
            day_first,
            month_first,
        } = date
        {
            self.seen = true;
            self.day_first |= month_first.is_none();
            self.month_first |= day_first.is_none();
        }
    }

    /// Day first, unless a value can only be month first (and none only day first).
    fn month_first(self) -> bool {
        self.month_first && !self.day_first
    }
}

/// Cycles of leads whose dates read two ways, kept for each of the eight readings
/// of (created, first contact, conversion) until the columns' orders are known.
#[derive(Default)]
struct Ambiguous {
    spans: [DayHistogram; 8],
}

/// Negative cycles of such leads, per reading: the first lines and the count.
#[derive(Default)]
struct AmbiguousNegatives {
    lines: [Vec<(u64, i64)>; 8],
    count: [u64; 8],
}

/// The most combinations of campaign, channel, owner and month kept apart. Each costs
/// its counters (~200 bytes) and its key; rows of further combinations are pooled in
/// one `(other)` combination with a warning, so no file can exhaust memory here.
pub const MAX_COMBOS: usize = 2_000_000;
/// The most distinct lost reasons kept apart; others are counted as `(other)`.
const MAX_REASONS: usize = 10_000;
/// Money is summed in ten-thousandths, as whole numbers: exactly (to 2^53 units,
/// 900 billion), so that sums do not depend on the order leads are added in, and a
/// file read in parts gives the sums one reading gives, to the last digit.
const MONEY_UNITS: f64 = 1e4;

fn in_money_units(amount: f64) -> f64 {
    (amount * MONEY_UNITS).round()
}

/// The key of the lost reasons pooled past [`MAX_REASONS`] (no cell reads so: a
/// 0xFF byte is never UTF-8).
const OTHER_REASON: &[u8] = b"\xff(other)";
/// The most distinct currencies remembered for the mixed-currency warning.
const MAX_CURRENCIES: usize = 16;

/// The counts of one combination of the dimensions' values: the combination's
/// campaign as it will be, so that the end turns the accumulators into campaigns in
/// place (a million of them never exist twice, nor move): its inputs hold each
/// input's sum over the leads (counts are whole: exact to 2^53), marked known at the
/// end; its cycle is the day histogram; its texts are filled in at the end.
type Acc = Campaign;

/// A new combination's counts.
fn new_acc() -> Acc {
    Campaign {
        leads: LeadDetail::no_cycles(),
        ..Campaign::default()
    }
}

/// Adds another part's counts of the same combination.
fn absorb(mine: &mut Acc, mut other: Acc) {
    let sums = mine.inputs.sums_mut();
    for (input, &v) in other.inputs.sums_mut().iter() {
        sums[input] += v;
    }
    if let Some(theirs) = other.cycle().filter(|h| h.count() > 0) {
        mine.leads.cycle_mut().merge(theirs);
    }
}

/// A combination's cycles of ambiguous dates and lost reasons: what many
/// combinations never have, in a table beside them (a contact list's million
/// combinations hold nothing for it).
#[derive(Default)]
struct Extra {
    ambiguous: Option<Box<Ambiguous>>,
    /// Lost reasons (ids into the table's names) and their counts.
    reasons: Vec<(u32, u64)>,
}

impl Extra {
    /// Adds another part's of the same combination (its lost reasons' ids already
    /// this table's).
    fn absorb(&mut self, theirs: Extra) {
        let Extra { ambiguous, reasons } = theirs;
        match (&mut self.ambiguous, ambiguous) {
            (Some(mine), Some(theirs)) => {
                for (m, t) in mine.spans.iter_mut().zip(theirs.spans.iter()) {
                    m.merge(t);
                }
            }
            (mine @ None, theirs) => *mine = theirs,
            (Some(_), None) => {}
        }
        for (id, n) in reasons {
            match self.reasons.iter_mut().find(|(r, _)| *r == id) {
                Some((_, m)) => *m += n,
                None => self.reasons.push((id, n)),
            }
        }
    }
}

/// The columns of each field, looked up once; several are combined (contract §2).
struct Cols {
    campaign: Box<[usize]>,
    channel: Box<[usize]>,
    owner: Box<[usize]>,
    created: Box<[usize]>,
    first_contact: Box<[usize]>,
    contacted: Box<[usize]>,
    meeting: Box<[usize]>,
    qualified: Box<[usize]>,
    converted: Box<[usize]>,
    lost: Box<[usize]>,
    closed: Box<[usize]>,
    lost_reason: Box<[usize]>,
    stage: Box<[usize]>,
    revenue: Box<[usize]>,
    currency: Box<[usize]>,
    cost: Box<[usize]>,
    messages_sent: Box<[usize]>,
    responded: Box<[usize]>,
    satisfaction: Box<[usize]>,
}

pub struct LeadTable {
    cols: Cols,
    headers: Vec<String>,
    comma_delimited: bool,
    accs: Vec<Acc>,
    /// The combinations' ambiguous cycles and lost reasons, by row in `accs`.
    extras: FxMap<u32, Extra>,
    /// The combinations' keys, numbered as their rows in `accs`. A key is the only
    /// copy of its names.
    index: KeyIndex,
    key: Vec<u8>,
    last_key: Vec<u8>,
    last: usize,
    overflow: Option<usize>,
    stages: FxMap<Box<[u8]>, Stage>,
    /// The stage values seen in the file, as a set of `Stage::bit`s.
    stages_seen: u8,
    evidence: Vec<Evidence>,
    /// Each distinct date text read once.
    dates: DateMemo,
    negatives: AmbiguousNegatives,
    reasons: FxMap<Box<[u8]>, u32>,
    reason_names: Vec<String>,
    currencies: Vec<String>,
}

/// A row's cells, read and checked before anything is counted.
struct Lead {
    created: Option<Date>,
    first_contact: Option<Date>,
    closed: Option<Date>,
    contacted: Event,
    meeting: Event,
    qualified: Event,
    converted: Event,
    lost: Event,
    responded: Event,
    stages: u8,
    revenue: f64,
    cost: f64,
    messages_sent: f64,
    satisfaction: Option<f64>,
}

const NO: Event = Event {
    happened: false,
    date: None,
};

/// Where a lead's period comes from.
const FROM_CREATED: u8 = 1;
const FROM_FIRST_CONTACT: u8 = 2;

/// What `read` reads in the leftmost non-empty cell among columns (`None` when none),
/// or that cell's column and problem.
fn leftmost<T>(
    record: &Record<'_>,
    cols: &[usize],
    mut read: impl FnMut(usize, &[u8]) -> Result<T, Problem>,
) -> Result<Option<T>, (usize, Problem)> {
    let Some(&i) = cols.iter().find(|&&i| !trim(record.get(i)).is_empty()) else {
        return Ok(None);
    };
    read(i, record.get(i))
        .map(Some)
        .map_err(|problem| (i, problem))
}

/// The leftmost non-empty cell among columns, trimmed (empty when none).
fn first_text<'r>(record: &Record<'r>, cols: &[usize]) -> &'r [u8] {
    cols.iter()
        .map(|&i| trim(record.get(i)))
        .find(|c| !c.is_empty())
        .unwrap_or(b"")
}

/// A length below this is one byte in a combination key; above, this byte then four.
const LONG_PART: u8 = u8::MAX;

/// Appends a length-prefixed part to a combination key. A key is held for every
/// combination (a million, for a contact list): short lengths take one byte.
fn push_part(key: &mut Vec<u8>, part: &[u8]) {
    match u8::try_from(part.len()) {
        Ok(len) if len < LONG_PART => key.push(len),
        _ => {
            key.push(LONG_PART);
            key.extend_from_slice(&(part.len() as u32).to_le_bytes());
        }
    }
    key.extend_from_slice(part);
}

/// Appends the period part: its source and its month in both readings of a slash
/// date, the second as one byte when it is the first (as for any other date).
fn push_period(key: &mut Vec<u8>, source: u8, day_first: i32, month_first: i32) {
    key.push(source);
    key.extend_from_slice(&day_first.to_le_bytes());
    if month_first == day_first {
        key.push(0);
    } else {
        key.push(1);
        key.extend_from_slice(&month_first.to_le_bytes());
    }
}

/// Counts a file's different campaign names as its combinations are made: a
/// contact list's million names are each their own, which their keys tell; other
/// files' names are counted by their hashes ([`Distinct`], as an aggregate file's).
struct NameCount {
    /// The first key's bytes after its name, while every key's are the same.
    rest: Option<Vec<u8>>,
    /// Whether every key so far has the first one's rest and a UTF-8 name.
    own: bool,
    keys: usize,
    names: Distinct,
}

impl NameCount {
    fn new(keys: usize) -> Self {
        let mut names = Distinct::default();
        names.reserve(keys);
        NameCount {
            rest: None,
            own: true,
            keys: 0,
            names,
        }
    }

    /// Counts the name of `key`: its bytes `raw`, its text `text`.
    fn add(&mut self, key: &[u8], raw: &[u8], text: &str) {
        if self.own {
            let head = if raw.len() < LONG_PART as usize { 1 } else { 5 };
            let rest = key.get(head + raw.len()..).unwrap_or_default();
            let first = self.rest.get_or_insert_with(|| rest.to_vec());
            self.own = text.as_bytes() == raw && first.as_slice() == rest;
        }
        self.keys += 1;
        // Noted whatever `own` says: whether it holds is known at the end.
        self.names.add(text);
    }

    /// How many different names there were.
    fn count(mut self) -> usize {
        match self.own {
            // Keys are unique; equal rests, so their names differ (as texts too).
            true => self.keys,
            false => self.names.count(),
        }
    }
}

/// A key's period part: its source, its month read day first, read month first.
type PeriodPart = (u8, i32, i32);

/// Splits a combination key back into its three texts and its period part: its
/// source and its month in both readings (`None` for a key cut short).
fn split_key(key: &[u8]) -> ([&[u8]; 3], Option<PeriodPart>) {
    let mut parts: [&[u8]; 3] = [b""; 3];
    let mut rest = key;
    for p in &mut parts {
        let Some((&len, tail)) = rest.split_first() else {
            break;
        };
        let (len, tail) = match (len, tail.split_first_chunk::<4>()) {
            (LONG_PART, Some((long, tail))) => (u32::from_le_bytes(*long) as usize, tail),
            _ => (len as usize, tail),
        };
        let len = len.min(tail.len());
        *p = &tail[..len];
        rest = &tail[len..];
    }
    let period = match rest {
        [source, df @ .., 0] if df.len() == 4 => {
            let df = i32::from_le_bytes([df[0], df[1], df[2], df[3]]);
            Some((*source, df, df))
        }
        [source, d @ ..] if d.len() == 9 && d[4] == 1 => {
            let df = i32::from_le_bytes([d[0], d[1], d[2], d[3]]);
            let mf = i32::from_le_bytes([d[5], d[6], d[7], d[8]]);
            Some((*source, df, mf))
        }
        _ => None,
    };
    (parts, period)
}

fn month_of(day: Option<i32>) -> i32 {
    day.and_then(Period::of_julian_day)
        .map_or(i32::MIN, |p| match p {
            Period::Month(m) => m,
            Period::Quarter(q) => q,
        })
}

impl LeadTable {
    pub fn new(mapping: Mapping<LeadField>, headers: Vec<String>, delimiter: u8) -> Self {
        let c = |f| mapping.columns(f).into_boxed_slice();
        let cols = Cols {
            campaign: c(LeadField::Campaign),
            channel: c(LeadField::Channel),
            owner: c(LeadField::Owner),
            created: c(LeadField::Created),
            first_contact: c(LeadField::FirstContact),
            contacted: c(LeadField::Contacted),
            meeting: c(LeadField::Meeting),
            qualified: c(LeadField::Qualified),
            converted: c(LeadField::Converted),
            lost: c(LeadField::Lost),
            closed: c(LeadField::Closed),
            lost_reason: c(LeadField::LostReason),
            stage: c(LeadField::Stage),
            revenue: c(LeadField::Revenue),
            currency: c(LeadField::Currency),
            cost: c(LeadField::Cost),
            messages_sent: c(LeadField::MessagesSent),
            responded: c(LeadField::Responded),
            satisfaction: c(LeadField::Satisfaction),
        };
        LeadTable {
            cols,
            evidence: vec![Evidence::default(); headers.len()],
            dates: DateMemo::default(),
            headers,
            comma_delimited: delimiter == b',',
            accs: Vec::new(),
            extras: FxMap::default(),
            index: KeyIndex::default(),
            key: Vec::new(),
            last_key: Vec::new(),
            last: usize::MAX,
            overflow: None,
            stages: FxMap::default(),
            stages_seen: 0,
            negatives: AmbiguousNegatives::default(),
            reasons: FxMap::default(),
            reason_names: Vec::new(),
            currencies: Vec::new(),
        }
    }

    /// What the rows gave, as bytes ([`super::Part::to_bytes`]); `None` past a
    /// bound (those parts do not merge).
    pub(super) fn write_state(&self, w: &mut Writer) -> Option<()> {
        if self.overflow.is_some() || self.reasons.contains_key(OTHER_REASON) {
            return None;
        }
        // A row for every key, a key for every row.
        if self.index.len() != self.accs.len() {
            return None;
        }
        let keys = self.index.keys();
        let spans = |w: &mut Writer, h: &DayHistogram| -> Option<()> {
            w.len(h.spans().len())?;
            for &(d, n) in h.spans() {
                w.u32(d);
                w.u64(n);
            }
            Some(())
        };
        w.len(self.accs.len())?;
        for (i, (acc, key)) in self.accs.iter().zip(keys).enumerate() {
            let extra = self.extras.get(&(i as u32));
            let ambiguous = extra.and_then(|e| e.ambiguous.as_deref());
            let reasons = extra.map_or(&[][..], |e| &e.reasons);
            w.bytes(key)?;
            for (_, &v) in acc.inputs.sums().iter() {
                w.f64(v);
            }
            w.u8(acc.cycle().is_some() as u8);
            if let Some(h) = acc.cycle() {
                spans(w, h)?;
            }
            w.u8(ambiguous.is_some() as u8);
            if let Some(a) = ambiguous {
                for h in &a.spans {
                    spans(w, h)?;
                }
            }
            w.len(reasons.len())?;
            for &(id, n) in reasons {
                w.u32(id);
                w.u64(n);
            }
        }
        w.len(self.evidence.len())?;
        for e in &self.evidence {
            w.u8(e.seen as u8 | (e.day_first as u8) << 1 | (e.month_first as u8) << 2);
        }
        w.u8(self.stages_seen);
        for reading in 0..8 {
            w.len(self.negatives.lines[reading].len())?;
            for &(line, days) in &self.negatives.lines[reading] {
                w.u64(line);
                w.i64(days);
            }
            w.u64(self.negatives.count[reading]);
        }
        w.len(self.reasons.len())?;
        for (raw, &id) in &self.reasons {
            w.bytes(raw)?;
            w.u32(id);
        }
        w.len(self.reason_names.len())?;
        for name in &self.reason_names {
            w.bytes(name.as_bytes())?;
        }
        w.len(self.currencies.len())?;
        for c in &self.currencies {
            w.bytes(c.as_bytes())?;
        }
        Some(())
    }

    /// Reads what [`LeadTable::write_state`] wrote into this table, new from the
    /// same header.
    pub(super) fn read_state(&mut self, r: &mut Reader) -> Option<()> {
        let spans = |r: &mut Reader| -> Option<DayHistogram> {
            let mut h = DayHistogram::default();
            for _ in 0..r.len()? {
                let d = r.u32()?;
                h.add_n(d, r.u64()?);
            }
            Some(h)
        };
        for i in 0..r.len()? {
            let key = r.bytes()?;
            let mut acc = new_acc();
            let sums = acc.inputs.sums_mut();
            for input in Input::ALL {
                sums[input] = r.f64()?;
            }
            acc.leads = match r.u8()? {
                0 => LeadDetail::default(),
                _ => LeadDetail::new(Some(spans(r)?), Vec::new()),
            };
            let mut extra = Extra::default();
            if r.u8()? != 0 {
                let mut a = Ambiguous::default();
                for h in &mut a.spans {
                    *h = spans(r)?;
                }
                extra.ambiguous = Some(Box::new(a));
            }
            for _ in 0..r.len()? {
                let id = r.u32()?;
                extra.reasons.push((id, r.u64()?));
            }
            if extra.ambiguous.is_some() || !extra.reasons.is_empty() {
                self.extras.insert(self.accs.len() as u32, extra);
            }
            self.accs.push(acc);
            if self.index.push(key.into()) != i {
                return None;
            }
        }
        if r.len()? != self.evidence.len() {
            return None;
        }
        for e in &mut self.evidence {
            let bits = r.u8()?;
            e.seen = bits & 1 != 0;
            e.day_first = bits & 2 != 0;
            e.month_first = bits & 4 != 0;
        }
        self.stages_seen = r.u8()?;
        for reading in 0..8 {
            for _ in 0..r.len()? {
                let line = r.u64()?;
                self.negatives.lines[reading].push((line, r.i64()?));
            }
            self.negatives.count[reading] = r.u64()?;
        }
        for _ in 0..r.len()? {
            let raw = r.bytes()?;
            self.reasons.insert(raw.into(), r.u32()?);
        }
        for _ in 0..r.len()? {
            self.reason_names.push(r.string()?);
        }
        for _ in 0..r.len()? {
            self.currencies.push(r.string()?);
        }
        Some(())
    }

    /// Room for `more` combinations, exactly, if the memory has it (else the table
    /// grows as it fills, as without).
    pub fn reserve(&mut self, more: usize) {
        if self.accs.try_reserve_exact(more).is_ok() && !self.index.try_reserve(more) {
            self.accs.shrink_to_fit();
        }
    }

    /// How many combinations there is room for.
    #[cfg(test)]
    pub(super) fn room(&self) -> usize {
        self.accs.capacity()
    }

    /// How many combinations the rows so far made.
    pub fn combinations(&self) -> usize {
        self.accs.len()
    }

    /// Which dimensions the file has columns for: campaign, channel, owner, period.
    pub fn dims(&self) -> PerDim<bool> {
        let c = &self.cols;
        PerDim::from_fn(|dim| match dim {
            Dim::Campaign => !c.campaign.is_empty(),
            Dim::Channel => !c.channel.is_empty(),
            Dim::Owner => !c.owner.is_empty(),
            Dim::Period => !c.created.is_empty() || !c.first_contact.is_empty(),
        })
    }

    /// Reads one lead; a bad cell leaves the row out with an error.
    pub fn row(&mut self, line: u64, record: Record<'_>, report: &mut Report) {
        let name = first_text(&record, &self.cols.campaign);
        let lead = match self.read(&record) {
            Ok(lead) => lead,
            Err((column, problem)) => {
                report.error(RowError {
                    line,
                    column: self.headers[column].clone(),
                    value: cell_text(record.get(column)),
                    problem,
                    cell: None,
                });
                return;
            }
        };
        // The combination key: campaign, channel, owner, then the period's source and
        // its month in both readings of a slash date (resolved at the end).
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        push_part(&mut key, name);
        push_part(&mut key, first_text(&record, &self.cols.channel));
        push_part(&mut key, first_text(&record, &self.cols.owner));
        let (source, date) = match (lead.created, lead.first_contact) {
            (Some(d), _) => (FROM_CREATED, Some(d)),
            (None, Some(d)) => (FROM_FIRST_CONTACT, Some(d)),
            (None, None) => (0, None),
        };
        let (df, mf) = match date {
            Some(Date::Fixed(d)) => (month_of(Some(d)), month_of(Some(d))),
            Some(Date::Slash {
                day_first,
                month_first,
            }) => (month_of(day_first), month_of(month_first)),
            None => (i32::MIN, i32::MIN),
        };
        push_period(&mut key, source, df, mf);
        let known = if self.last < self.accs.len() && key == self.last_key {
            Ok(self.last)
        } else {
            self.index.find(key.as_slice())
        };
        let index = match known {
            Ok(i) => i,
            Err(hash) => {
                // Only a new combination can be a spreadsheet's total row.
                if is_total_label(name) {
                    report.warn(
                        Some(line),
                        Notice::TotalRowSkipped {
                            label: cell_text(name),
                        },
                    );
                    report.skipped += 1;
                    self.key = key;
                    return;
                }
                self.add(&key, hash, report)
            }
        };
        self.last = index;
        std::mem::swap(&mut self.last_key, &mut key);
        self.key = key;
        if let Some(raw) = Some(first_text(&record, &self.cols.currency)).filter(|c| !c.is_empty())
        {
            if self.currencies.len() < MAX_CURRENCIES
                && !self.currencies.iter().any(|c| c.as_bytes() == raw)
            {
                self.currencies.push(cell_text(raw));
            }
        }
        let reason = first_text(&record, &self.cols.lost_reason);
        self.count(index, line, &lead, reason, report);
    }

    /// A new combination (`hash`: its key's, from [`KeyIndex::find`]).
    fn add(&mut self, key: &[u8], hash: u64, report: &mut Report) -> usize {
        // Past the bound, or when the memory cannot hold one more combination (a
        // handled case, never a crash), further rows are pooled in `(other)`.
        // Room for two: this one, or else the `(other)` row, which must not allocate.
        let full = self.accs.len() >= MAX_COMBOS
            || self.accs.try_reserve(2).is_err()
            || !self.index.try_reserve(2);
        if full {
            if let Some(i) = self.overflow {
                return i;
            }
            report.warn(
                None,
                if self.accs.len() >= MAX_COMBOS {
                    Notice::TooManyCombinations { limit: MAX_COMBOS }
                } else {
                    Notice::MemoryFull {
                        combinations: self.accs.len(),
                    }
                },
            );
            let mut other = Vec::new();
            push_part(&mut other, b"(other)");
            push_part(&mut other, b"");
            push_part(&mut other, b"");
            push_period(&mut other, 0, i32::MIN, i32::MIN);
            self.accs.push(new_acc());
            let i = self.index.push(other.into());
            self.overflow = Some(i);
            return i;
        }
        self.accs.push(new_acc());
        self.index.push_hashed(hash, key.into())
    }

    /// Reads and checks every cell of a row; on error, the column and the problem.
    fn read(&mut self, record: &Record<'_>) -> Result<Lead, (usize, Problem)> {
        let cols = &self.cols;
        let evidence = &mut self.evidence;
        let dates = &mut self.dates;
        // Event columns: yes when any is yes, with the first date found.
        let mut event = |cols: &[usize]| -> Result<Event, (usize, Problem)> {
            let mut out = NO;
            for &i in cols {
                let e = dates.event(record.get(i)).map_err(|p| (i, p))?;
                if let Some(d) = e.date {
                    evidence[i].note(d);
                    out.date = out.date.or(Some(d));
                }
                out.happened |= e.happened;
            }
            Ok(out)
        };
        let contacted = event(&cols.contacted)?;
        let meeting = event(&cols.meeting)?;
        let qualified = event(&cols.qualified)?;
        let converted = event(&cols.converted)?;
        let lost = event(&cols.lost)?;
        let responded = event(&cols.responded)?;
        // Dates, numbers and texts: the leftmost non-empty cell.
        let mut date = |cols: &[usize]| {
            leftmost(record, cols, |i, raw| {
                let d = dates.date(raw).ok_or(Problem::NotADate)?;
                evidence[i].note(d);
                Ok(d)
            })
        };
        let created = date(&cols.created)?;
        let first_contact = date(&cols.first_contact)?;
        let closed = date(&cols.closed)?;
        let comma = self.comma_delimited;
        let number =
            |cols: &[usize], kind| leftmost(record, cols, |_, raw| parse_input(raw, kind, comma));
        let revenue = number(&cols.revenue, InputKind::SignedMoney)?.unwrap_or(0.0);
        let cost = number(&cols.cost, InputKind::Money)?.unwrap_or(0.0);
        let messages_sent = number(&cols.messages_sent, InputKind::Count)?.unwrap_or(0.0);
        let satisfaction = leftmost(record, &cols.satisfaction, |_, raw| {
            let v = parse_number(raw, comma)?;
            match (1.0..=5.0).contains(&v) {
                true => Ok(v),
                false => Err(Problem::ScoreOutOfRange),
            }
        })?;
        let mut stages = 0u8;
        for k in 0..self.cols.stage.len() {
            let i = self.cols.stage[k];
            let s = self.stage(record.get(i));
            stages |= s.bit();
        }
        self.stages_seen |= stages;
        Ok(Lead {
            created,
            first_contact,
            closed,
            contacted,
            meeting,
            qualified,
            converted,
            lost,
            responded,
            stages,
            revenue,
            cost,
            messages_sent,
            satisfaction,
        })
    }

    fn stage(&mut self, raw: &[u8]) -> Stage {
        let raw = trim(raw);
        if let Some(&s) = self.stages.get(raw) {
            return s;
        }
        let s = Stage::parse(raw);
        if self.stages.len() < STAGE_CACHE {
            self.stages.insert(raw.into(), s);
        }
        s
    }

    fn reason_id(&mut self, raw: &[u8], report: &mut Report) -> u32 {
        if let Some(&id) = self.reasons.get(raw) {
            return id;
        }
        if self.reason_names.len() >= MAX_REASONS {
            if let Some(&id) = self.reasons.get(OTHER_REASON) {
                return id;
            }
            report.warn(None, Notice::TooManyLostReasons { limit: MAX_REASONS });
            self.reason_names.push("(other)".into());
            let id = (self.reason_names.len() - 1) as u32;
            self.reasons.insert(OTHER_REASON.into(), id);
            return id;
        }
        self.reason_names.push(cell_text(raw));
        let id = (self.reason_names.len() - 1) as u32;
        self.reasons.insert(raw.into(), id);
        id
    }

    /// Adds a checked lead to its combination's counts (contract §2b, "Per lead").
    fn count(&mut self, index: usize, line: u64, lead: &Lead, reason: &[u8], report: &mut Report) {
        let has = |s: Stage| lead.stages & s.bit() != 0;
        let converted = lead.converted.happened || has(Stage::Converted);
        let qualified = lead.qualified.happened || has(Stage::Qualified) || converted;
        let meeting = lead.meeting.happened || has(Stage::Meeting);
        let responded = lead.responded.happened;
        let contacted = lead.contacted.happened
            || lead.first_contact.is_some()
            || has(Stage::Contacted)
            || meeting
            || qualified
            || responded;
        let lost = lead.lost.happened || has(Stage::Lost);
        if lost && converted {
            report.warn(Some(line), Notice::ConvertedAndLost);
        }
        let abandoned = lost && !converted;
        let reason = if abandoned && !reason.is_empty() {
            Some(self.reason_id(reason, report))
        } else {
            None
        };
        let c = &mut self.accs[index];
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        let sums = c.inputs.sums_mut();
        sums[Input::Leads] += 1.0;
        sums[Input::Contacted] += flag(contacted);
        sums[Input::Meetings] += flag(meeting);
        sums[Input::Qualified] += flag(qualified);
        sums[Input::Converted] += flag(converted);
        sums[Input::Abandoned] += flag(abandoned);
        sums[Input::Responses] += flag(responded);
        sums[Input::MessagesSent] += lead.messages_sent.trunc();
        sums[Input::Cost] += in_money_units(lead.cost);
        if converted {
            sums[Input::Revenue] += in_money_units(lead.revenue);
        }
        if let Some(score) = lead.satisfaction {
            sums[Input::Surveyed] += 1.0;
            sums[Input::Satisfied] += flag(score >= 4.0);
        }
        if let Some(id) = reason {
            let reasons = &mut self.extras.entry(index as u32).or_default().reasons;
            match reasons.iter_mut().find(|(r, _)| *r == id) {
                Some((_, n)) => *n += 1,
                None => reasons.push((id, 1)),
            }
        }
        // The cycle: conversion date (else the close date of a converted lead) minus
        // first contact (else creation) date.
        let (Some(end), true) = (lead.converted.date.or(lead.closed), converted) else {
            return;
        };
        let (start, start_bit) = match (lead.first_contact, lead.created) {
            (Some(d), _) => (d, 2),
            (None, Some(d)) => (d, 1),
            (None, None) => return,
        };
        if !start.is_ambiguous() && !end.is_ambiguous() {
            let days = end.read(false) as i64 - start.read(false) as i64;
            match u32::try_from(days) {
                Ok(d) => c.leads.cycle_mut().add(d),
                Err(_) => report.warn(Some(line), Notice::NegativeCycle { days }),
            }
            return;
        }
        let extra = self.extras.entry(index as u32).or_default();
        let amb = extra.ambiguous.get_or_insert_with(Box::default);
        for reading in 0..8 {
            let days =
                end.read(reading & 4 != 0) as i64 - start.read(reading & start_bit != 0) as i64;
            match u32::try_from(days) {
                Ok(d) => amb.spans[reading].add(d),
                Err(_) => {
                    let n = &mut self.negatives;
                    n.count[reading] += 1;
                    if n.lines[reading].len() < super::MAX_LISTED {
                        n.lines[reading].push((line, days));
                    }
                }
            }
        }
    }

    /// Adds the counts of `next`, the rest of the file read on its own with the same
    /// header (its lines `offset` behind the file's), as if this table had read its
    /// rows. `false` when the result could differ from one reading: a bound on
    /// combinations or lost reasons reached (this table is then spoilt).
    pub fn merge(&mut self, mut next: LeadTable, offset: u64) -> bool {
        if self.overflow.is_some()
            || next.overflow.is_some()
            || self.reasons.contains_key(OTHER_REASON)
            || next.reasons.contains_key(OTHER_REASON)
        {
            return false;
        }
        // The next part's lost reasons' ids as this table's.
        let mut ids = vec![0u32; next.reason_names.len()];
        for (raw, id) in std::mem::take(&mut next.reasons) {
            let mine = match self.reasons.get(&raw) {
                Some(&mine) => mine,
                None => {
                    if self.reason_names.len() >= MAX_REASONS {
                        return false;
                    }
                    let name = next.reason_names.get(id as usize).cloned();
                    self.reason_names.push(name.unwrap_or_default());
                    let mine = (self.reason_names.len() - 1) as u32;
                    self.reasons.insert(raw, mine);
                    mine
                }
            };
            if let Some(slot) = ids.get_mut(id as usize) {
                *slot = mine;
            }
        }
        // Its combinations in the order they first appeared there, after ours.
        let mut keys: Vec<Option<Box<[u8]>>> = std::mem::take(&mut next.index)
            .into_keys()
            .into_iter()
            .map(Some)
            .collect();
        keys.resize(next.accs.len(), None);
        // Where each goes: our row of the same combination, else a new row after
        // ours, in the order they first appeared there (their keys kept for below).
        let ours = self.accs.len();
        let mut added = 0;
        let mut target = Vec::new();
        if target.try_reserve_exact(keys.len()).is_err() {
            return false;
        }
        for key in &mut keys {
            let found = key.as_deref().and_then(|k| self.index.get(k));
            target.push(match (found, &key) {
                (Some(i), _) => {
                    *key = None;
                    i
                }
                (None, Some(_)) => {
                    added += 1;
                    ours + added - 1
                }
                (None, None) => usize::MAX,
            });
        }
        if ours + added > MAX_COMBOS || self.accs.try_reserve_exact(added).is_err() {
            return false;
        }
        self.accs.resize_with(ours + added, new_acc);
        // Its rows moved from the back, its memory given back as they go: the two
        // tables never hold all their rows twice.
        for (i, mut extra) in std::mem::take(&mut next.extras) {
            for (id, _) in &mut extra.reasons {
                *id = ids.get(*id as usize).copied().unwrap_or(*id);
            }
            match target.get(i as usize) {
                Some(&t) if t >= ours && t != usize::MAX => {
                    self.extras.insert(t as u32, extra);
                }
                Some(&t) if t < ours => self.extras.entry(t as u32).or_default().absorb(extra),
                _ => {}
            }
        }
        let mut accs = next.accs;
        while let Some(acc) = accs.pop() {
            match self.accs.get_mut(target[accs.len()]) {
                Some(slot) if target[accs.len()] >= ours => *slot = acc,
                Some(slot) => absorb(slot, acc),
                None => {}
            }
            if accs.len() % (1 << 16) == 0 {
                accs.shrink_to_fit();
            }
        }
        drop(accs);
        // The new keys last, once its rows are gone: the index grows into the memory
        // they held.
        if !self.index.try_reserve(added) {
            return false;
        }
        for (key, i) in keys.into_iter().zip(target) {
            // New keys come in the order of their rows: numbered as their rows.
            if let Some(key) = key {
                if self.index.push(key) != i {
                    return false;
                }
            }
        }
        for (mine, theirs) in self.evidence.iter_mut().zip(&next.evidence) {
            mine.seen |= theirs.seen;
            mine.day_first |= theirs.day_first;
            mine.month_first |= theirs.month_first;
        }
        self.stages_seen |= next.stages_seen;
        let negatives = &mut self.negatives;
        for reading in 0..8 {
            let room = super::MAX_LISTED.saturating_sub(negatives.lines[reading].len());
            let lines = next.negatives.lines[reading].iter().take(room);
            negatives.lines[reading].extend(lines.map(|&(line, days)| (line + offset, days)));
            negatives.count[reading] += next.negatives.count[reading];
        }
        for currency in next.currencies {
            if self.currencies.len() < MAX_CURRENCIES && !self.currencies.contains(&currency) {
                self.currencies.push(currency);
            }
        }
        true
    }

    /// The combinations, with the counts whose sources the file has (contract §2b),
    /// and how many different names, channels and owners they have.
    pub fn finish(mut self, report: &mut Report) -> (Vec<Campaign>, [usize; 3]) {
        let cols = &self.cols;
        // A field's slash dates are month first when its columns' values say so.
        let mut month_first = |fields: &[&[usize]]| {
            let mut e = Evidence::default();
            for &i in fields.iter().flat_map(|f| f.iter()) {
                let c = self.evidence[i];
                if c.day_first && c.month_first {
                    report.warn(
                        None,
                        Notice::MixedDateOrder {
                            column: self.headers[i].clone(),
                        },
                    );
                }
                e.day_first |= c.day_first;
                e.month_first |= c.month_first;
            }
            e.month_first()
        };
        let created_mf = month_first(&[&cols.created]);
        let first_contact_mf = month_first(&[&cols.first_contact]);
        let end_mf = month_first(&[&cols.converted, &cols.closed]);
        let reading =
            created_mf as usize | (first_contact_mf as usize) << 1 | (end_mf as usize) << 2;
        for i in 0..self.headers.len() {
            let e = self.evidence[i];
            if e.seen {
                report.warn(
                    None,
                    Notice::DateOrder {
                        column: self.headers[i].clone(),
                        month_first: e.month_first(),
                    },
                );
            }
        }
        // A stage column is a source of a flag only when its values can tell it.
        let seen = |stages: &[Stage]| stages.iter().any(|s| self.stages_seen & s.bit() != 0);
        let has = |c: &[usize]| !c.is_empty();
        let converted_known = has(&cols.converted) || seen(&[Stage::Converted]);
        let qualified_known =
            has(&cols.qualified) || seen(&[Stage::Qualified, Stage::Converted]) || converted_known;
        let meetings_known = has(&cols.meeting) || seen(&[Stage::Meeting]);
        let contacted_known = has(&cols.contacted)
            || has(&cols.first_contact)
            || seen(&[Stage::Contacted])
            || meetings_known
            || qualified_known
            || has(&cols.responded);
        let abandoned_known = has(&cols.lost) || seen(&[Stage::Lost]);
        let surveyed_known = has(&cols.satisfaction);
        // Which inputs the file tells: the others stay unknown, never zero.
        let known = PerInput::from_fn(|input| match input {
            Input::Leads => true,
            Input::Contacted => contacted_known,
            Input::Meetings => meetings_known,
            Input::Qualified => qualified_known,
            Input::Converted => converted_known,
            Input::Abandoned => abandoned_known,
            Input::Responses => has(&cols.responded),
            Input::MessagesSent => has(&cols.messages_sent),
            Input::Surveyed | Input::Satisfied => surveyed_known,
            Input::Revenue => has(&cols.revenue),
            Input::Cost => has(&cols.cost),
            // From the day histogram, below.
            Input::CycleDays => false,
        });
        let dims = self.dims();
        if self.currencies.len() > 1 {
            report.warn(
                None,
                Notice::MixedCurrencies {
                    currencies: self.currencies.clone(),
                },
            );
        }
        let mut result: Vec<Acc> = std::mem::take(&mut self.accs);
        let mut extras = std::mem::take(&mut self.extras);
        // Each combination's key, in the order the combinations first appeared (a
        // key for every row: one without would be left out).
        let keys = std::mem::take(&mut self.index).into_keys();
        result.truncate(keys.len());
        // The different names: each name's hash is noted, in order; when every
        // key has the first one's channel, owner and period, and every name is
        // UTF-8 (its text, its bytes), the keys differ by their names and each is
        // its own (a contact list); otherwise the hashes are sorted once.
        let mut names = NameCount::new(result.len());
        let mut texts = TextDims::default();
        let text = |texts: &mut Interner, raw: &[u8], known: bool| -> Option<Arc<str>> {
            if !known {
                return None;
            }
            let t = cell_str(raw);
            (!t.is_empty()).then(|| texts.get(&t))
        };
        let reason_names = &self.reason_names;
        // Each accumulator becomes its campaign in place, where it is: nothing moves.
        for (i, key) in keys.into_iter().enumerate() {
            if i >= result.len() {
                break;
            }
            let ([name, channel, owner], period) = split_key(&key);
            let period = match period {
                Some((source, df, mf)) => {
                    let month_first = match source {
                        FROM_CREATED => created_mf,
                        FROM_FIRST_CONTACT => first_contact_mf,
                        _ => false,
                    };
                    let (pick, other) = if month_first { (mf, df) } else { (df, mf) };
                    [pick, other]
                        .into_iter()
                        .find(|&m| m != i32::MIN)
                        .map(Period::Month)
                }
                _ => None,
            };
            let name_text = cell_str(name);
            names.add(&key, name, &name_text);
            let name: Arc<str> = Arc::from(&*name_text);
            let Some(c) = result.get_mut(i) else {
                break;
            };
            let Extra { ambiguous, reasons } = match extras.is_empty() {
                true => Extra::default(),
                false => extras.remove(&(i as u32)).unwrap_or_default(),
            };
            if let Some(amb) = ambiguous.filter(|a| a.spans[reading].count() > 0) {
                c.leads.cycle_mut().merge(&amb.spans[reading]);
            }
            let mean = c.cycle().and_then(DayHistogram::mean);
            c.name = name;
            c.channel = text(&mut texts.channels, channel, dims[Dim::Channel]);
            c.owner = text(&mut texts.owners, owner, dims[Dim::Owner]);
            c.period = if dims[Dim::Period] { period } else { None };
            let sums = c.inputs.sums_mut();
            for money in [Input::Cost, Input::Revenue] {
                sums[money] /= MONEY_UNITS;
            }
            c.inputs.keep_known(&known);
            c.inputs.set(Input::CycleDays, mean);
            if !reasons.is_empty() {
                c.leads.set_lost_reasons(
                    reasons
                        .iter()
                        .map(|&(id, n)| {
                            let name = reason_names.get(id as usize).cloned().unwrap_or_default();
                            (name, n)
                        })
                        .collect(),
                );
            }
        }
        let names = names.count();
        // The accumulators' tail given back (a large block shrinks where it is).
        result.shrink_to_fit();
        // Negative cycles of ambiguous dates are known once the reading is.
        let negatives = &self.negatives;
        for &(line, days) in &negatives.lines[reading] {
            report.warn(Some(line), Notice::NegativeCycle { days });
        }
        let unlisted = negatives.count[reading] - negatives.lines[reading].len() as u64;
        if unlisted > 0 {
            report.warn(None, Notice::NegativeCycles { count: unlisted });
        }
        let [_, channels, owners] = texts.distinct();
        (result, [names, channels, owners])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gives_back_its_texts_and_period_whatever_their_lengths() {
        let long = vec![b'x'; 300];
        for (texts, period) in [
            (
                [&b"Contact 12"[..], b"src3", b""],
                (FROM_CREATED, 24_300, 24_300),
            ),
            (
                [&long[..], b"", b"rep"],
                (FROM_FIRST_CONTACT, 24_301, 24_306),
            ),
            ([b"", &long[..254], &long[..255]], (0, i32::MIN, i32::MIN)),
            ([b"a", b"b", b"c"], (FROM_CREATED, i32::MIN, 24_000)),
        ] {
            let mut key = Vec::new();
            for t in texts {
                push_part(&mut key, t);
            }
            push_period(&mut key, period.0, period.1, period.2);
            assert_eq!(split_key(&key), (texts, Some(period)));
        }
        // A short name, channel and ISO date: a byte per length, one for the period's
        // second reading.
        let mut key = Vec::new();
        for t in [&b"Contact 12"[..], b"src3", b""] {
            push_part(&mut key, t);
        }
        push_period(&mut key, FROM_CREATED, 24_300, 24_300);
        assert_eq!(key.len(), 3 + 14 + 1 + 4 + 1);
    }

    #[test]
    fn names_are_counted_once_whatever_their_channels_and_months() {
        // 5,000 leads of 1,234 names, each name in two channels and two months: the
        // 4,936 combinations, then the first 64 again. Every name is counted once,
        // and each combination is its campaign with its own counts.
        let mut csv = String::from("campaign,channel,created,stage\n");
        for i in 0..5000u32 {
            let (name, channel, month) = (i % 1234, (i / 1234) % 2, 1 + (i / 2468) % 2);
            let stage = if i % 5 == 0 { "won" } else { "lead" };
            csv += &format!("Campaign {name},channel {channel},2025-0{month}-03,{stage}\n");
        }
        let i = crate::import::import(csv.as_bytes(), &Default::default()).unwrap();
        let mut names: Vec<&str> = i.combos.iter().map(|c| &*c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 1234);
        assert!(!i.names_distinct);
        assert_eq!(i.combos.len(), 4936);
        let count = |input, c: &Campaign| c.inputs.get(input).unwrap_or(0.0);
        let leads: Vec<f64> = i.combos.iter().map(|c| count(Input::Leads, c)).collect();
        assert!(leads[..64].iter().all(|&n| n == 2.0) && leads[64..].iter().all(|&n| n == 1.0));
        let won: f64 = i.combos.iter().map(|c| count(Input::Converted, c)).sum();
        assert_eq!(won, 1000.0);
        let first = &i.combos[0];
        assert_eq!(
            (&*first.name, first.channel.as_deref()),
            ("Campaign 0", Some("channel 0"))
        );
        assert_eq!(first.period, Some(Period::Month(2025 * 12)));
    }

    #[test]
    fn names_that_read_the_same_are_not_told_distinct() {
        // A contact list (names alone in the keys), past the first 64 KiB that tell
        // the encoding: two names that differ only in bytes that are not UTF-8.
        let mut csv = b"campaign,stage\n".to_vec();
        for i in 0..5000u32 {
            csv.extend_from_slice(format!("Contact {i},lead\n").as_bytes());
        }
        assert!(
            crate::import::import(&csv, &Default::default())
                .unwrap()
                .names_distinct
        );
        csv.extend_from_slice(b"Contact \xff,lead\nContact \xfe,lead\n");
        let i = crate::import::import(&csv, &Default::default()).unwrap();
        assert_eq!(i.combos.len(), 5002);
        let [a, b] = [&i.combos[5000].name, &i.combos[5001].name];
        // Decoded as Windows-1252 (two names) or replaced (one name), never merged
        // in the count and kept apart by the grouping.
        assert_eq!(i.names_distinct, a != b, "{a} {b}");
    }

    #[test]
    fn a_name_per_row_is_told_distinct() {
        let mut csv = String::from("campaign,channel,created,stage\n");
        for i in 0..3000u32 {
            csv += &format!("Contact {i},src{},2025-01-0{},lead\n", i % 7, 1 + i % 9);
        }
        let i = crate::import::import(csv.as_bytes(), &Default::default()).unwrap();
        assert!(i.names_distinct);
        assert_eq!(i.combos.len(), 3000);
        assert!(i
            .combos
            .iter()
            .enumerate()
            .all(|(n, c)| *c.name == format!("Contact {n}")));
    }

    #[test]
    fn each_of_many_combinations_keeps_its_own_texts_and_month() {
        // Tens of thousands of combinations, some names longer than a one-byte
        // length: each campaign is its own row's name, channel and month, in order.
        let name = |i: usize| match i % 1000 {
            0 => format!("Contact {i} {}", "x".repeat(300)),
            _ => format!("Contact {i}"),
        };
        let mut csv = String::from("campaign,channel,created,stage\n");
        for i in 0..70_000 {
            csv += &format!("{},src{},2025-{:02}-03,lead\n", name(i), i % 7, 1 + i % 12);
        }
        let i = crate::import::import(csv.as_bytes(), &Default::default()).unwrap();
        assert_eq!(i.combos.len(), 70_000);
        assert!(i.names_distinct);
        for (n, c) in i.combos.iter().enumerate() {
            assert_eq!(*c.name, name(n));
            assert_eq!(c.channel.as_deref(), Some(&*format!("src{}", n % 7)));
            assert_eq!(
                c.period,
                Some(Period::Month(2025 * 12 + (n % 12) as i32)),
                "{n}"
            );
        }
    }
}
