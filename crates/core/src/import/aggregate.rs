//! Aggregate files: one row per campaign (contract §2a).

use super::columns::{AggField, Mapping};
use super::records::Record;
use super::values::{cell_text, is_total_label, parse_input};
use super::{Notice, Report, RowError};
use crate::kpi::{Campaign, Input};
use std::collections::HashMap;

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

pub struct AggregateTable {
    mapping: Mapping<AggField>,
    headers: Vec<String>,
    comma_delimited: bool,
    pub campaigns: Vec<Campaign>,
    first_line: HashMap<String, u64>,
}

impl AggregateTable {
    pub fn new(mapping: Mapping<AggField>, headers: Vec<String>, delimiter: u8) -> Self {
        AggregateTable {
            mapping,
            headers,
            comma_delimited: delimiter == b',',
            campaigns: Vec::new(),
            first_line: HashMap::new(),
        }
    }

    /// Reads one data row; a bad cell leaves the row out with an error.
    pub fn row(&mut self, line: u64, record: Record<'_>, report: &mut Report) {
        let mut campaign = Campaign::default();
        for (i, field) in self.mapping.fields.iter().enumerate() {
            let Some(field) = *field else { continue };
            let raw = record.get(i);
            match field {
                AggField::Campaign => campaign.name = cell_text(raw),
                AggField::Channel => {
                    let text = cell_text(raw);
                    campaign.channel = (!text.is_empty()).then_some(text);
                }
                AggField::Input(input) => {
                    if raw.trim_ascii().is_empty() {
                        continue;
                    }
                    match parse_input(raw, input.kind(), self.comma_delimited) {
                        Ok(v) => campaign.inputs.set(input, Some(v)),
                        Err(problem) => {
                            report.error(RowError {
                                line,
                                column: self.headers[i].clone(),
                                value: cell_text(raw),
                                problem,
                            });
                            return;
                        }
                    }
                }
            }
        }
        if let Some(i) = self.mapping.column(AggField::Campaign) {
            if is_total_label(record.get(i)) {
                report.warn(
                    Some(line),
                    Notice::TotalRowSkipped {
                        label: campaign.name,
                    },
                );
                report.skipped += 1;
                return;
            }
        }
        for (part, whole) in PARTS {
            if let (Some(p), Some(w)) = (campaign.inputs.get(part), campaign.inputs.get(whole)) {
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
        if campaign.name.is_empty() {
            campaign.name = "(none)".into();
        }
        match self.first_line.get(&campaign.name) {
            Some(&first_line) => report.warn(
                Some(line),
                Notice::DuplicateCampaign {
                    name: campaign.name.clone(),
                    first_line,
                },
            ),
            None => {
                self.first_line.insert(campaign.name.clone(), line);
            }
        }
        self.campaigns.push(campaign);
    }
}
