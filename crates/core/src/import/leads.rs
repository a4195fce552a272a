//! Lead files: one row per lead, aggregated per campaign as the rows go by, without
//! keeping them (contract §2b). This is the hot path of a 100 MB CRM export: the
//! per-row work allocates nothing once a campaign and a stage value have been seen.

use super::columns::{LeadField, Mapping};
use super::records::Record;
use super::values::{
    cell_text, is_total_label, parse_date, parse_event, parse_input, parse_number, trim, Date,
    Event, Stage,
};
use super::{Notice, Problem, Report, RowError};
use crate::kpi::{Campaign, DayHistogram, InputKind};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: campaign names and stage values are short, and SipHash's DoS shield
/// buys nothing in a page that reads the user's own file.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

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

#[derive(Default)]
struct Acc {
    key: Box<[u8]>,
    name: String,
    channel: Option<String>,
    leads: u64,
    contacted: u64,
    meetings: u64,
    qualified: u64,
    converted: u64,
    abandoned: u64,
    responses: u64,
    messages_sent: u64,
    revenue: f64,
    cost: f64,
    surveyed: u64,
    satisfied: u64,
    cycle: DayHistogram,
    ambiguous: Option<Box<Ambiguous>>,
}

/// The columns of each field, looked up once.
struct Cols {
    campaign: Option<usize>,
    channel: Option<usize>,
    created: Option<usize>,
    first_contact: Option<usize>,
    contacted: Option<usize>,
    meeting: Option<usize>,
    qualified: Option<usize>,
    converted: Option<usize>,
    lost: Option<usize>,
    stage: Option<usize>,
    revenue: Option<usize>,
    cost: Option<usize>,
    messages_sent: Option<usize>,
    responded: Option<usize>,
    satisfaction: Option<usize>,
}

pub struct LeadTable {
    cols: Cols,
    headers: Vec<String>,
    comma_delimited: bool,
    campaigns: Vec<Acc>,
    index: FnvMap<Box<[u8]>, usize>,
    last: usize,
    stages: FnvMap<Box<[u8]>, Stage>,
    evidence: Vec<Evidence>,
    negatives: AmbiguousNegatives,
}

/// A row's cells, read and checked before anything is counted.
struct Lead {
    created: Option<Date>,
    first_contact: Option<Date>,
    contacted: Event,
    meeting: Event,
    qualified: Event,
    converted: Event,
    lost: Event,
    responded: Event,
    stage: Stage,
    revenue: f64,
    cost: f64,
    messages_sent: f64,
    satisfaction: Option<f64>,
}

const NO: Event = Event {
    happened: false,
    date: None,
};

impl LeadTable {
    pub fn new(mapping: Mapping<LeadField>, headers: Vec<String>, delimiter: u8) -> Self {
        let c = |f| mapping.column(f);
        let cols = Cols {
            campaign: c(LeadField::Campaign),
            channel: c(LeadField::Channel),
            created: c(LeadField::Created),
            first_contact: c(LeadField::FirstContact),
            contacted: c(LeadField::Contacted),
            meeting: c(LeadField::Meeting),
            qualified: c(LeadField::Qualified),
            converted: c(LeadField::Converted),
            lost: c(LeadField::Lost),
            stage: c(LeadField::Stage),
            revenue: c(LeadField::Revenue),
            cost: c(LeadField::Cost),
            messages_sent: c(LeadField::MessagesSent),
            responded: c(LeadField::Responded),
            satisfaction: c(LeadField::Satisfaction),
        };
        LeadTable {
            cols,
            evidence: vec![Evidence::default(); headers.len()],
            headers,
            comma_delimited: delimiter == b',',
            campaigns: Vec::new(),
            index: FnvMap::default(),
            last: usize::MAX,
            stages: FnvMap::default(),
            negatives: AmbiguousNegatives::default(),
        }
    }

    /// Reads one lead; a bad cell leaves the row out with an error.
    pub fn row(&mut self, line: u64, record: Record<'_>, report: &mut Report) {
        let name = self.cols.campaign.map_or(&b""[..], |i| trim(record.get(i)));
        // Rows of a campaign already seen take the fast path; only a new name can be
        // a spreadsheet's total row.
        let known = if self
            .campaigns
            .get(self.last)
            .is_some_and(|c| *c.key == *name)
        {
            Some(self.last)
        } else {
            self.index.get(name).copied()
        };
        if known.is_none() && is_total_label(name) {
            report.warn(
                Some(line),
                Notice::TotalRowSkipped {
                    label: cell_text(name),
                },
            );
            report.skipped += 1;
            return;
        }
        let lead = match self.read(record) {
            Ok(lead) => lead,
            Err((column, problem)) => {
                report.error(RowError {
                    line,
                    column: self.headers[column].clone(),
                    value: cell_text(record.get(column)),
                    problem,
                });
                return;
            }
        };
        let index = known.unwrap_or_else(|| self.add_campaign(name));
        self.last = index;
        if let Some(i) = self.cols.channel {
            if self.campaigns[index].channel.is_none() {
                let text = cell_text(record.get(i));
                self.campaigns[index].channel = (!text.is_empty()).then_some(text);
            }
        }
        self.count(index, line, &lead, report);
    }

    fn add_campaign(&mut self, name: &[u8]) -> usize {
        let text = cell_text(name);
        self.campaigns.push(Acc {
            key: name.into(),
            name: if text.is_empty() {
                "(none)".into()
            } else {
                text
            },
            ..Acc::default()
        });
        let i = self.campaigns.len() - 1;
        self.index.insert(name.into(), i);
        i
    }

    /// Reads and checks every cell of a row; on error, the column and the problem.
    fn read(&mut self, record: Record<'_>) -> Result<Lead, (usize, Problem)> {
        let cols = &self.cols;
        let evidence = &mut self.evidence;
        let mut event = |col: Option<usize>| -> Result<Event, (usize, Problem)> {
            let Some(i) = col else { return Ok(NO) };
            let e = parse_event(record.get(i)).map_err(|p| (i, p))?;
            if let Some(d) = e.date {
                evidence[i].note(d);
            }
            Ok(e)
        };
        let contacted = event(cols.contacted)?;
        let meeting = event(cols.meeting)?;
        let qualified = event(cols.qualified)?;
        let converted = event(cols.converted)?;
        let lost = event(cols.lost)?;
        let responded = event(cols.responded)?;
        let mut date = |col: Option<usize>| -> Result<Option<Date>, (usize, Problem)> {
            let Some(i) = col else { return Ok(None) };
            let raw = record.get(i);
            if trim(raw).is_empty() {
                return Ok(None);
            }
            let d = parse_date(raw).ok_or((i, Problem::NotADate))?;
            evidence[i].note(d);
            Ok(Some(d))
        };
        let created = date(cols.created)?;
        let first_contact = date(cols.first_contact)?;
        let number = |col: Option<usize>, kind| -> Result<f64, (usize, Problem)> {
            let Some(i) = col else { return Ok(0.0) };
            let raw = record.get(i);
            if trim(raw).is_empty() {
                return Ok(0.0);
            }
            parse_input(raw, kind, self.comma_delimited).map_err(|p| (i, p))
        };
        let revenue = number(cols.revenue, InputKind::SignedMoney)?;
        let cost = number(cols.cost, InputKind::Money)?;
        let messages_sent = number(cols.messages_sent, InputKind::Count)?;
        let satisfaction = match cols.satisfaction {
            Some(i) if !trim(record.get(i)).is_empty() => {
                let v = parse_number(record.get(i), self.comma_delimited).map_err(|p| (i, p))?;
                if !(1.0..=5.0).contains(&v) {
                    return Err((i, Problem::ScoreOutOfRange));
                }
                Some(v)
            }
            _ => None,
        };
        let stage = match cols.stage {
            Some(i) => self.stage(record.get(i)),
            None => Stage::New,
        };
        Ok(Lead {
            created,
            first_contact,
            contacted,
            meeting,
            qualified,
            converted,
            lost,
            responded,
            stage,
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

    /// Adds a checked lead to its campaign's counts (contract §2b, "Per lead").
    fn count(&mut self, index: usize, line: u64, lead: &Lead, report: &mut Report) {
        let converted = lead.converted.happened || lead.stage == Stage::Converted;
        let qualified = lead.qualified.happened || lead.stage == Stage::Qualified || converted;
        let meeting = lead.meeting.happened || lead.stage == Stage::Meeting;
        let responded = lead.responded.happened;
        let contacted = lead.contacted.happened
            || lead.first_contact.is_some()
            || lead.stage == Stage::Contacted
            || meeting
            || qualified
            || responded;
        let lost = lead.lost.happened || lead.stage == Stage::Lost;
        if lost && converted {
            report.warn(Some(line), Notice::ConvertedAndLost);
        }
        let c = &mut self.campaigns[index];
        c.leads += 1;
        c.contacted += contacted as u64;
        c.meetings += meeting as u64;
        c.qualified += qualified as u64;
        c.converted += converted as u64;
        c.abandoned += (lost && !converted) as u64;
        c.responses += responded as u64;
        c.messages_sent += lead.messages_sent as u64;
        c.cost += lead.cost;
        if converted {
            c.revenue += lead.revenue;
        }
        if let Some(score) = lead.satisfaction {
            c.surveyed += 1;
            c.satisfied += (score >= 4.0) as u64;
        }
        // The cycle: conversion date minus first contact (else creation) date.
        let (Some(end), true) = (lead.converted.date, converted) else {
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
                Ok(d) => c.cycle.add(d),
                Err(_) => report.warn(Some(line), Notice::NegativeCycle { days }),
            }
            return;
        }
        let amb = c.ambiguous.get_or_insert_with(Box::default);
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

    /// The campaigns, with the counts whose sources the file has (contract §2b).
    pub fn finish(mut self, report: &mut Report) -> Vec<Campaign> {
        let cols = &self.cols;
        let mut month_first = |col: Option<usize>| {
            let Some(i) = col else { return false };
            let e = self.evidence[i];
            if e.day_first && e.month_first {
                report.warn(
                    None,
                    Notice::MixedDateOrder {
                        column: self.headers[i].clone(),
                    },
                );
            }
            e.month_first()
        };
        let reading = month_first(cols.created) as usize
            | (month_first(cols.first_contact) as usize) << 1
            | (month_first(cols.converted) as usize) << 2;
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
        let has = |c: Option<usize>| c.is_some();
        let converted_known = has(cols.converted) || has(cols.stage);
        let qualified_known = has(cols.qualified) || has(cols.stage) || converted_known;
        let meetings_known = has(cols.meeting) || has(cols.stage);
        let contacted_known = has(cols.contacted)
            || has(cols.first_contact)
            || has(cols.stage)
            || meetings_known
            || qualified_known
            || has(cols.responded);
        let abandoned_known = has(cols.lost) || has(cols.stage);
        let surveyed_known = has(cols.satisfaction);
        let campaigns = std::mem::take(&mut self.campaigns);
        let result = campaigns
            .into_iter()
            .map(|mut a| {
                if let Some(amb) = a.ambiguous.take() {
                    a.cycle.merge(&amb.spans[reading]);
                }
                let known = |k: bool, v: u64| k.then_some(v);
                let mut c = Campaign {
                    name: a.name,
                    channel: a.channel,
                    ..Campaign::default()
                };
                let i = &mut c.inputs;
                i.leads = Some(a.leads);
                i.contacted = known(contacted_known, a.contacted);
                i.meetings = known(meetings_known, a.meetings);
                i.qualified = known(qualified_known, a.qualified);
                i.converted = known(converted_known, a.converted);
                i.abandoned = known(abandoned_known, a.abandoned);
                i.responses = known(has(cols.responded), a.responses);
                i.messages_sent = known(has(cols.messages_sent), a.messages_sent);
                i.surveyed = known(surveyed_known, a.surveyed);
                i.satisfied = known(surveyed_known, a.satisfied);
                i.revenue = has(cols.revenue).then_some(a.revenue);
                i.cost = has(cols.cost).then_some(a.cost);
                i.cycle_days = a.cycle.mean();
                c.cycle = Some(a.cycle);
                c
            })
            .collect();
        // Negative cycles of ambiguous dates are known once the reading is.
        let negatives = &self.negatives;
        for &(line, days) in &negatives.lines[reading] {
            report.warn(Some(line), Notice::NegativeCycle { days });
        }
        let unlisted = negatives.count[reading] - negatives.lines[reading].len() as u64;
        if unlisted > 0 {
            report.warn(None, Notice::NegativeCycles { count: unlisted });
        }
        result
    }
}
