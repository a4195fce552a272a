//! Periods of contract §5: a month or a quarter, read from the many ways a
//! spreadsheet writes them (`2025-03`, `03/2025`, `2025-Q1`, `T1 2025`, `March 2025`,
//! `févr. 2025`, or a date, whose month it is).

use crate::import::{normalise, parse_date};

/// A calendar month or quarter. Months and quarters are never mixed in one grouping:
/// a file's periods are quarters only when all of them are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    /// `year × 12 + month − 1`.
    Month(i32),
    /// `year × 4 + quarter − 1`.
    Quarter(i32),
}

/// Month names in English and French, full and short, normalised (no accents, lower
/// case), each with its month number.
const MONTH_NAMES: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("janvier", 1),
    ("janv", 1),
    ("february", 2),
    ("feb", 2),
    ("fevrier", 2),
    ("fevr", 2),
    ("fev", 2),
    ("march", 3),
    ("mar", 3),
    ("mars", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("avr", 4),
    ("may", 5),
    ("mai", 5),
    ("june", 6),
    ("jun", 6),
    ("juin", 6),
    ("july", 7),
    ("jul", 7),
    ("juillet", 7),
    ("juil", 7),
    ("august", 8),
    ("aug", 8),
    ("aout", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("septembre", 9),
    ("october", 10),
    ("oct", 10),
    ("octobre", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("december", 12),
    ("dec", 12),
    ("decembre", 12),
];

/// A month's number from its name (normalised: `mars`, `fevr`, `september`).
pub(crate) fn month_named(word: &str) -> Option<u32> {
    MONTH_NAMES.iter().find(|(n, _)| *n == word).map(|m| m.1)
}

impl Period {
    /// A month (1–12).
    pub fn month(year: i32, month: u32) -> Period {
        Period::Month(year * 12 + month as i32 - 1)
    }

    /// A quarter (1–4).
    pub fn quarter(year: i32, quarter: u32) -> Period {
        Period::Quarter(year * 4 + quarter as i32 - 1)
    }

    /// The month of a Julian day number.
    pub fn of_julian_day(day: i32) -> Option<Period> {
        let d = time::Date::from_julian_day(day).ok()?;
        Some(Period::month(d.year(), d.month() as u32))
    }

    /// Whether it is a quarter.
    pub fn is_quarter(self) -> bool {
        matches!(self, Period::Quarter(_))
    }

    /// The quarter a month is in (a quarter is its own).
    pub fn to_quarter(self) -> Period {
        match self {
            Period::Month(m) => Period::Quarter(m.div_euclid(12) * 4 + m.rem_euclid(12) / 3),
            q => q,
        }
    }

    /// The first month of a quarter (a month is its own).
    pub fn to_month(self) -> Period {
        match self {
            Period::Quarter(q) => Period::Month(q.div_euclid(4) * 12 + q.rem_euclid(4) * 3),
            m => m,
        }
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        match self {
            Period::Month(m) => Period::Month(m + 1),
            Period::Quarter(q) => Period::Quarter(q + 1),
        }
    }

    /// How many periods from `self` to `later` (0 when the same).
    pub fn distance(self, later: Period) -> i64 {
        match (self.to_kind(later), later) {
            (Period::Month(a), Period::Month(b)) | (Period::Quarter(a), Period::Quarter(b)) => {
                b as i64 - a as i64
            }
            _ => 0,
        }
    }

    fn to_kind(self, like: Period) -> Period {
        if like.is_quarter() {
            self.to_quarter()
        } else {
            self.to_month()
        }
    }

    /// `2025-03`, or `2025-Q1` for a quarter.
    pub fn label(self) -> String {
        match self {
            Period::Month(m) => format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1),
            Period::Quarter(q) => format!("{:04}-Q{}", q.div_euclid(4), q.rem_euclid(4) + 1),
        }
    }

    /// Reads a period in any form of contract §2 ("Periods"); `None` when it is none.
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if let Some(date) = parse_date(t.as_bytes()) {
            return Period::of_julian_day(date.read(false));
        }
        let n = normalise(t);
        let words: Vec<&str> = n.split(' ').collect();
        let year = |w: &str| {
            (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.parse::<i32>().ok())
                .flatten()
                .filter(|y| (1000..=9999).contains(y))
        };
        let small = |w: &str, max: u32| {
            (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
                .then(|| w.parse::<u32>().ok())
                .flatten()
                .filter(|v| (1..=max).contains(v))
        };
        // A quarter written `q1`, `t1` (French trimestre), or `2025q1` run together.
        let quarter = |w: &str| match w.as_bytes() {
            [b'q' | b't', d @ b'1'..=b'4'] => Some((d - b'0') as u32),
            _ => None,
        };
        match words.as_slice() {
            [a, b] => {
                if let (Some(y), Some(m)) = (year(a), small(b, 12)) {
                    return Some(Period::month(y, m));
                }
                if let (Some(m), Some(y)) = (small(a, 12), year(b)) {
                    return Some(Period::month(y, m));
                }
                if let (Some(y), Some(q)) = (year(a), quarter(b)) {
                    return Some(Period::quarter(y, q));
                }
                if let (Some(q), Some(y)) = (quarter(a), year(b)) {
                    return Some(Period::quarter(y, q));
                }
                let name = month_named;
                if let (Some(m), Some(y)) = (name(a), year(b)) {
                    return Some(Period::month(y, m));
                }
                if let (Some(y), Some(m)) = (year(a), name(b)) {
                    return Some(Period::month(y, m));
                }
                None
            }
            [one] if one.len() == 6 => {
                let (y, q) = one.split_at(4);
                Some(Period::quarter(year(y)?, quarter(q)?))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_the_contract() {
        let march = Some(Period::month(2025, 3));
        for text in [
            "2025-03",
            "03/2025",
            "3/2025",
            "2025-03-14",
            "14/03/2025",
            "March 2025",
            "Mar 2025",
            "mars 2025",
            "MARS 2025",
            "2025-03-14T10:22:00Z",
        ] {
            assert_eq!(Period::parse(text), march, "{text}");
        }
        assert_eq!(Period::parse("févr. 2025"), Some(Period::month(2025, 2)));
        assert_eq!(Period::parse("Déc 2024"), Some(Period::month(2024, 12)));
        let q1 = Some(Period::quarter(2025, 1));
        for text in ["2025-Q1", "Q1 2025", "T1 2025", "2025 T1", "2025Q1"] {
            assert_eq!(Period::parse(text), q1, "{text}");
        }
        for bad in ["", "2025", "13/2025", "Q5 2025", "spring", "2025-13"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_and_steps() {
        assert_eq!(Period::month(2025, 3).label(), "2025-03");
        assert_eq!(Period::quarter(2025, 4).label(), "2025-Q4");
        assert_eq!(Period::month(2025, 12).next().label(), "2026-01");
        assert_eq!(Period::month(2025, 5).to_quarter().label(), "2025-Q2");
        assert_eq!(Period::quarter(2025, 2).to_month().label(), "2025-04");
        assert_eq!(Period::month(2024, 11).distance(Period::month(2025, 2)), 3);
    }
}
