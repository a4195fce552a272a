//! Aggregate files: one row per campaign (contract §2a).

use super::columns::{AggField, Mapping};
use super::records::Record;
use super::values::{cell_str, cell_text, is_total_label, parse_input, trim};
use super::{Notice, Problem, Report, RowError};
use crate::group::{Dim, PerDim};
use crate::hash::{hash_text, Fx, TextDims};
use crate::kpi::{Campaign, Input, Inputs, LeadDetail};
use crate::period::Period;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::sync::Arc;

/// Count pairs whose first should never exceed the second.
const PARTS: [(Input, Input); 8] = [
    (Input::Contacted, Input::Leads),
    (Input::Meetings, Input::Leads),
    (Input::Qualified, Input::Leads),
    (Input::Converted, Input::Leads),
    (Input::Converted, Input::Qualified),
    (Input::Abandoned, Input::Leads),
    (Input::Responses, Input::MessagesSent),
    (Input::Satisfied, Input::Surveyed),
];

/// A row's campaign, channel, owner and period: rows sharing it are duplicates.
fn combo_key(c: &Campaign) -> (&str, Option<&str>, Option<&str>, Option<Period>) {
    (&c.name, c.channel.as_deref(), c.owner.as_deref(), c.period)
}

pub struct AggregateTable {
    /// Each field's columns, left to right: several are combined (contract §2).
    columns: Vec<(AggField, Vec<usize>)>,
    campaign_columns: Vec<usize>,
    headers: Vec<String>,
    comma_delimited: bool,
    pub campaigns: Vec<Campaign>,
    first_lines: FirstLines,
    /// Names, channels and owners, shared by the rows that have them: they also
    /// count each one's different values.
    texts: TextDims,
}

/// The combinations seen: each first row's index (4 bytes a slot, the combinations
/// compared in the rows themselves) and every row's line. No text is copied for it.
#[derive(Default)]
struct FirstLines {
    rows: hashbrown::HashTable<u32>,
    lines: Vec<u64>,
}

impl FirstLines {
    /// Notes row `index` (the next) at `line`; the first line of an earlier row
    /// with the same combination, if any. `same` tells whether an earlier row has
    /// the combination, `hash_of` an earlier row's hash (when the table grows).
    fn note(
        &mut self,
        hash: u64,
        index: u32,
        line: u64,
        same: impl Fn(u32) -> bool,
        hash_of: impl Fn(u32) -> u64,
    ) -> Option<u64> {
        self.lines.push(line);
        match self.rows.entry(hash, |&i| same(i), |&i| hash_of(i)) {
            hashbrown::hash_table::Entry::Occupied(first) => {
                self.lines.get(*first.get() as usize).copied()
            }
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert(index);
                None
            }
        }
    }

    /// Room for `more` rows, if the memory has it.
    fn try_reserve(&mut self, more: usize, hash_of: impl Fn(u32) -> u64) -> bool {
        self.lines.try_reserve(more).is_ok() && self.rows.try_reserve(more, |&i| hash_of(i)).is_ok()
    }
}

/// The hash of a row's combination.
fn combo_hash(c: &Campaign) -> u64 {
    combo_hash_named(hash_text(&c.name), c)
}

/// [`combo_hash`] given its name's hash (which counting the names gave): channels
/// and owners are shared (one copy per text), so their addresses stand for them.
fn combo_hash_named(name: u64, c: &Campaign) -> u64 {
    let address = |t: &Option<Arc<str>>| {
        t.as_ref()
            .map_or(0, |t| Arc::as_ptr(t).cast::<u8>() as usize)
    };
    BuildHasherDefault::<Fx>::default().hash_one((
        name,
        address(&c.channel),
        address(&c.owner),
        c.period,
    ))
}

impl AggregateTable {
    pub fn new(mapping: Mapping<AggField>, headers: Vec<String>, delimiter: u8) -> Self {
        let columns = AggField::ALL
            .into_iter()
            .map(|f| (f, mapping.columns(f)))
            .filter(|(_, c)| !c.is_empty())
            .collect();
        AggregateTable {
            columns,
            campaign_columns: mapping.columns(AggField::Campaign),
            headers,
            comma_delimited: delimiter == b',',
            campaigns: Vec::new(),
            first_lines: FirstLines::default(),
            texts: TextDims::default(),
        }
    }

    /// Room for `more` rows, exactly, if the memory has it (else the table grows as
    /// it fills, as without).
    pub fn reserve(&mut self, more: usize) {
        let campaigns = &self.campaigns;
        let hash_of = |i: u32| campaigns.get(i as usize).map_or(0, combo_hash);
        if self.first_lines.try_reserve(more, hash_of) {
            let _ = self.campaigns.try_reserve_exact(more);
        }
    }

    /// How many different names, channels and owners the rows gave.
    pub fn distinct(&mut self) -> [usize; 3] {
        self.texts.distinct()
    }

    /// Which dimensions the file has columns for: campaign, channel, owner, period.
    pub fn dims(&self) -> PerDim<bool> {
        PerDim::from_fn(|dim| {
            let field = match dim {
                Dim::Campaign => AggField::Campaign,
                Dim::Channel => AggField::Channel,
                Dim::Owner => AggField::Owner,
                Dim::Period => AggField::Period,
            };
            self.columns.iter().any(|(g, _)| *g == field)
        })
    }

    /// Reads one data row; a bad cell leaves the row out with an error.
    pub fn row(&mut self, line: u64, record: Record<'_>, report: &mut Report) {
        // A row whose columns of ours are all empty (its cells, if any, beyond them)
        // is blank to us, like a blank line.
        let blank = self
            .columns
            .iter()
            .flat_map(|(_, cols)| cols.iter())
            .all(|&i| trim(record.get(i)).is_empty());
        if blank {
            report.rows -= 1;
            return;
        }
        let (mut inputs, mut period) = (Inputs::default(), None);
        // Its name, channel and owner cells, shared (and counted) once the row is in.
        let mut texts: [Option<&[u8]>; 3] = [None; 3];
        for (field, cols) in &self.columns {
            // The leftmost non-empty cell of the field's columns.
            let Some(&i) = cols.iter().find(|&&i| !trim(record.get(i)).is_empty()) else {
                continue;
            };
            let raw = record.get(i);
            let bad = |problem| RowError {
                line,
                column: self.headers[i].clone(),
                value: cell_text(raw),
                problem,
                cell: None,
            };
            match field {
                AggField::Campaign => texts[0] = Some(raw),
                AggField::Channel => texts[1] = Some(raw),
                AggField::Owner => texts[2] = Some(raw),
                AggField::Period => match Period::parse(&cell_str(raw)) {
                    Some(p) => period = Some(p),
                    None => {
                        report.error(bad(Problem::NotAPeriod));
                        return;
                    }
                },
                AggField::Input(input) => {
                    match parse_input(raw, input.kind(), self.comma_delimited) {
                        Ok(v) => inputs.set(*input, Some(v)),
                        Err(problem) => {
                            report.error(bad(problem));
                            return;
                        }
                    }
                }
            }
        }
        let label = self
            .campaign_columns
            .iter()
            .map(|&i| trim(record.get(i)))
            .find(|c| !c.is_empty());
        if label.is_some_and(is_total_label) {
            report.warn(
                Some(line),
                Notice::TotalRowSkipped {
                    label: texts[0]
                        .map(|raw| cell_str(raw).into_owned())
                        .unwrap_or_default(),
                },
            );
            report.skipped += 1;
            return;
        }
        for (part, whole) in PARTS {
            if let (Some(p), Some(w)) = (inputs.get(part), inputs.get(whole)) {
                if p > w {
                    report.warn(
                        Some(line),
                        Notice::Inconsistent {
                            part: part.key(),
                            part_value: p,
                            whole: whole.key(),
                            whole_value: w,
                        },
                    );
                }
            }
        }
        // A row the memory cannot hold is left out with a warning, never a crash.
        let campaigns = &self.campaigns;
        let hash_of = |i: u32| campaigns.get(i as usize).map_or(0, combo_hash);
        if !self.first_lines.try_reserve(1, hash_of) || self.campaigns.try_reserve(1).is_err() {
            report.warn(
                Some(line),
                Notice::MemoryFull {
                    combinations: self.campaigns.len(),
                },
            );
            report.skipped += 1;
            return;
        }
        let [name, channel, owner] = texts;
        let shared = &mut self.texts;
        // Made once, field by field: a default name (a shared empty text) would be
        // counted in and out, an atomic write each, on every row.
        let name = name.map(cell_str);
        let name_hash = match &name {
            Some(name) => shared.names.add(name),
            None => hash_text(""),
        };
        let campaign = Campaign {
            name: name.as_deref().map_or_else(Arc::default, Arc::from),
            channel: channel.map(|raw| shared.channels.get(&cell_str(raw))),
            owner: owner.map(|raw| shared.owners.get(&cell_str(raw))),
            period,
            inputs,
            leads: LeadDetail::default(),
        };
        let key = combo_key(&campaign);
        let hash = combo_hash_named(name_hash, &campaign);
        let index = self.campaigns.len() as u32;
        let campaigns = &self.campaigns;
        let first = self.first_lines.note(
            hash,
            index,
            line,
            |i| {
                campaigns
                    .get(i as usize)
                    .is_some_and(|c| combo_key(c) == key)
            },
            |i| campaigns.get(i as usize).map_or(0, combo_hash),
        );
        if let Some(first_line) = first {
            report.warn(
                Some(line),
                Notice::DuplicateCampaign {
                    name: if campaign.name.is_empty() {
                        "(none)".into()
                    } else {
                        campaign.name.to_string()
                    },
                    first_line,
                },
            );
        }
        self.campaigns.push(campaign);
    }
}

#[cfg(test)]
mod tests {
    use super::FirstLines;

    #[test]
    fn combinations_sharing_a_hash_are_told_apart() {
        // Rows 0 and 2 are combination A, rows 1 and 3 combination B, all with one hash.
        let combo = ["A", "B", "A", "B", "C"];
        let mut seen = FirstLines::default();
        let mut note = |row: usize| {
            seen.note(
                7,
                row as u32,
                10 + row as u64,
                |i| combo[i as usize] == combo[row],
                |_| 7,
            )
        };
        assert_eq!(note(0), None);
        assert_eq!(note(1), None);
        assert_eq!(note(2), Some(10));
        assert_eq!(note(3), Some(11));
        assert_eq!(note(4), None);
    }
}
