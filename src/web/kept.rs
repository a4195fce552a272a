//! The data kept in localStorage between visits, and carried by a "share with data"
//! link: a line-based text (no JSON library in the page for so little), the pasted or
//! read text last, as it was. Plain data, tested natively.

use super::state::{Costs, Data, Sheet};
use crate::import::ColumnOverride;
use std::rc::Rc;

/// The format's first line; anything else is refused.
pub const KEPT_HEADER: &str = "prospect-kpi 2";

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The data as kept.
pub fn encode(d: &Data) -> String {
    let mut out = format!("{KEPT_HEADER}\nname\t{}\n", escape(&d.name));
    for o in &d.overrides {
        out.push_str(&format!(
            "override\t{}\t{}\n",
            o.column,
            escape(o.field.as_deref().unwrap_or(""))
        ));
    }
    for (campaign, text) in d.costs.iter() {
        out.push_str(&format!("cost\t{}\t{}\n", escape(campaign), escape(text)));
    }
    if let Some(s) = d.sheet.as_ref().filter(|s| !s.name.is_empty()) {
        out.push_str(&format!("sheet\t{}\t{}\n", escape(&s.name), s.first_col));
        let sheets: Vec<String> = s.sheets.iter().map(|n| escape(n)).collect();
        out.push_str(&format!("sheets\t{}\n", sheets.join("\t")));
    }
    out.push_str("text\n");
    out.push_str(&d.text);
    out
}

/// Kept data read back; `None` for anything stale or corrupt.
pub fn decode(kept: &str) -> Option<Data> {
    let rest = kept.strip_prefix(KEPT_HEADER)?.strip_prefix('\n')?;
    let (mut name, mut overrides, mut costs) = (String::new(), Vec::new(), Costs::default());
    let mut sheet: Option<Sheet> = None;
    let mut rest = rest;
    loop {
        if let Some(text) = rest.strip_prefix("text\n") {
            return Some(Data::read(name, Rc::from(text), overrides, costs, sheet));
        }
        let (line, tail) = rest.split_once('\n')?;
        rest = tail;
        if let Some(list) = line.strip_prefix("sheets\t") {
            sheet.as_mut()?.sheets = list.split('\t').map(unescape).collect();
            continue;
        }
        let mut parts = line.split('\t');
        match (parts.next()?, parts.next(), parts.next()) {
            ("name", Some(n), None) => name = unescape(n),
            ("override", Some(column), Some(field)) => overrides.push(ColumnOverride {
                column: column.parse().ok()?,
                field: (!field.is_empty()).then(|| unescape(field)),
            }),
            ("cost", Some(campaign), Some(text)) => {
                costs.insert(unescape(campaign), unescape(text));
            }
            ("sheet", Some(n), Some(col)) => {
                sheet = Some(Sheet {
                    name: unescape(n),
                    sheets: Vec::new(),
                    first_col: col.parse().ok()?,
                    workbook: None,
                })
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::web::state::{Action, Currency, State};
    use yew::Reducible;

    #[test]
    fn kept_data_round_trip_and_corrupt_data_is_refused() {
        let s = Rc::new(State::new(Lang::En, Currency::Eur, Default::default()));
        let s = s.reduce(Action::Import {
            name: String::new(),
            text: Ok(Rc::from("campaign,leads\nA\tb,10\n")),
        });
        let overrides = s
            .data
            .as_ref()
            .map(|d| d.remapped(1, Some("leads".into())))
            .unwrap_or_default();
        let s = s.reduce(Action::SetOverrides(overrides));
        let s = s.reduce(Action::SetCost {
            campaign: "A\tb".into(),
            text: "1 000\n".into(),
        });
        let d = s.data.clone().unwrap();
        let back = decode(&encode(&d)).unwrap();
        assert_eq!(back.text, d.text);
        assert_eq!(back.overrides, d.overrides);
        assert_eq!(back.costs, d.costs);
        assert_eq!(back.campaign(0), d.campaign(0));
        assert_ne!(back, *d, "a new import is a new Data");
        for bad in [
            "",
            "{\"v\":1}",
            "prospect-kpi 2\nname",
            "prospect-kpi 2\nbogus\tx\ntext\n",
            "prospect-kpi 1\ntext\n",
        ] {
            assert!(decode(bad).is_none(), "{bad:?}");
        }
    }
}
