//! What an import reports: row errors, warnings and the one fatal error, each a
//! value that knows how to say itself in either language.

use crate::lang::{capitalise, Lang};

/// Why a cell was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a number.
    NotANumber,
    /// A count that is not a whole number.
    NotWholeNumber,
    /// A negative count or amount.
    Negative,
    /// A number too large to be a real count or amount.
    TooLarge,
    /// Not a date in any form of contract §2.
    NotADate,
    /// Neither yes/no nor a date.
    NotYesNoOrDate,
    /// A satisfaction score outside 1–5.
    ScoreOutOfRange,
    /// Not a month, quarter or date.
    NotAPeriod,
}

impl Problem {
    fn message(self, lang: Lang) -> &'static str {
        match self {
            Problem::NotANumber => lang.pick("is not a number", "n'est pas un nombre"),
            Problem::NotWholeNumber => lang.pick(
                "is not a whole number (a count cannot have decimals)",
                "n'est pas un nombre entier (un effectif n'a pas de décimales)",
            ),
            Problem::Negative => lang.pick(
                "is negative (only revenue may be)",
                "est négatif (seul le chiffre d'affaires peut l'être)",
            ),
            Problem::TooLarge => lang.pick("is too large", "est trop grand"),
            Problem::NotADate => lang.pick(
                "is not a date (2025-03-14, 14/03/2025 or 14.03.2025)",
                "n'est pas une date (2025-03-14, 14/03/2025 ou 14.03.2025)",
            ),
            Problem::NotYesNoOrDate => lang.pick(
                "is neither yes/no nor a date",
                "n'est ni oui/non ni une date",
            ),
            Problem::ScoreOutOfRange => {
                lang.pick("is not a score from 1 to 5", "n'est pas une note de 1 à 5")
            }
            Problem::NotAPeriod => lang.pick(
                "is not a period (2025-03, 03/2025, 2025-Q1, March 2025 or a date)",
                "n'est pas une période (2025-03, 03/2025, T1 2025, mars 2025 ou une date)",
            ),
        }
    }
}

/// A row left out of the import: its line, column and raw value, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The 1-based physical line where the record starts (the header is line 1).
    pub line: u64,
    /// The column's header, as written in the file.
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong with it.
    pub problem: Problem,
    /// A workbook's cell (`Campagnes!D7`), named instead of the line.
    pub cell: Option<String>,
}

impl RowError {
    /// "Line 7, column “cost”: “abc” is not a number; the row was left out."
    pub fn message(&self, lang: Lang) -> String {
        let value = shorten(&self.value);
        let place = match (&self.cell, lang) {
            (Some(cell), _) => cell.clone(),
            (None, Lang::En) => format!("Line {}", self.line),
            (None, Lang::Fr) => format!("Ligne {}", self.line),
        };
        match lang {
            Lang::En => format!(
                "{place}, column “{}”: “{}” {}; the row was left out.",
                shorten(&self.column),
                value,
                self.problem.message(lang)
            ),
            Lang::Fr => format!(
                "{place}, colonne « {} » : « {} » {} ; la ligne a été écartée.",
                shorten(&self.column),
                value,
                self.problem.message(lang)
            ),
        }
    }
}

/// The rows left out for one problem in one column: what a wrong mapping gives on
/// every row, said once ("1,000 rows: column “Last Name” is not a number").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorGroup {
    /// The column's header.
    pub column: String,
    /// The problem its cells have.
    pub problem: Problem,
    /// How many rows it left out.
    pub rows: u64,
    /// The first row of the group, as listed.
    pub first: RowError,
}

impl ErrorGroup {
    /// "1,000 rows left out: column “Last Name” is not a number (first: line 2, “Dupont”)."
    pub fn message(&self, lang: Lang) -> String {
        let rows = crate::report::format_number(self.rows as f64, 0, lang);
        let value = shorten(&self.first.value);
        let column = shorten(&self.column);
        let problem = self.problem.message(lang);
        match (lang, &self.first.cell) {
            (Lang::En, Some(cell)) => format!(
                "{rows} rows left out: column “{column}” {problem} (first: {cell}, “{value}”)."
            ),
            (Lang::En, None) => format!(
                "{rows} rows left out: column “{column}” {problem} (first: line {}, “{value}”).",
                self.first.line
            ),
            (Lang::Fr, Some(cell)) => format!(
                "{rows} lignes écartées : colonne « {column} » {problem} (première : {cell}, « {value} »)."
            ),
            (Lang::Fr, None) => format!(
                "{rows} lignes écartées : colonne « {column} » {problem} (première : ligne {}, « {value} »).",
                self.first.line
            ),
        }
    }
}

/// Something the user should know, with the line it concerns if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// The line it concerns, if any.
    pub line: Option<u64>,
    /// What happened.
    pub notice: Notice,
}

/// The warnings an import can give.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A column no field matches; it is ignored.
    UnknownColumn {
        /// The column's header.
        header: String,
    },
    /// Several columns for one field, combined (contract §2).
    CombinedColumns {
        /// The field's key.
        field: &'static str,
        /// The headers combined, left to right.
        headers: Vec<String>,
    },
    /// A lead file whose amounts are in several currencies (not converted).
    MixedCurrencies {
        /// The currencies met.
        currencies: Vec<String>,
    },
    /// More combinations of campaign, channel, owner and period than are kept apart;
    /// the rows of further ones are pooled in one group.
    TooManyCombinations {
        /// How many are kept apart.
        limit: usize,
    },
    /// The memory could not hold another combination (or row): further ones are
    /// pooled in `(other)` (lead files) or left out (campaign files).
    MemoryFull {
        /// How many were held when memory ran out.
        combinations: usize,
    },
    /// More distinct lost reasons than are kept apart; the others are pooled.
    TooManyLostReasons {
        /// How many are kept apart.
        limit: usize,
    },
    /// A grouping column with nearly as many values as rows.
    ManyValues {
        /// The column's header.
        column: String,
        /// How many distinct values it has.
        values: u64,
    },
    /// A line of text, not a row: a report's title above the header, or its footer
    /// ("Confidential Information - Do Not Distribute"), left out.
    TextLine {
        /// The line's text.
        text: String,
    },
    /// A spreadsheet's own total row, skipped.
    TotalRowSkipped {
        /// The row's label ("Total").
        label: String,
    },
    /// A count larger than the count it is part of: `converted` > `leads`, …
    Inconsistent {
        /// The part's key.
        part: &'static str,
        /// The part's count.
        part_value: f64,
        /// The whole's key.
        whole: &'static str,
        /// The whole's count.
        whole_value: f64,
    },
    /// The same campaign (with the same channel, owner and period) on several
    /// aggregate rows; they are pooled.
    DuplicateCampaign {
        /// The campaign's name.
        name: String,
        /// The line where it first appeared.
        first_line: u64,
    },
    /// A lead both converted and lost: counted as converted.
    ConvertedAndLost,
    /// A row that is the header again (two files pasted into one), left out.
    HeaderRepeated,
    /// A conversion dated before the lead's start; left out of the cycle.
    NegativeCycle {
        /// The cycle, in days (negative).
        days: i64,
    },
    /// Leads with ambiguous dates whose conversion comes before their start.
    NegativeCycles {
        /// How many leads.
        count: u64,
    },
    /// How slash dates of a column were read.
    DateOrder {
        /// The column's header.
        column: String,
        /// Whether its dates were read month first.
        month_first: bool,
    },
    /// A column with dates that can only be day first and others only month first.
    MixedDateOrder {
        /// The column's header.
        column: String,
    },
    /// Rows with more cells than the header has columns; the extra ones are ignored.
    ExtraCells {
        /// How many rows.
        rows: u64,
    },
    /// A cost from the costs file for a campaign the file does not have.
    UnknownCostCampaign {
        /// The campaign's name in the costs file.
        name: String,
    },
    /// A bad row of the costs file given with a lead file.
    CostsFileError(RowError),
    /// Errors beyond those listed.
    MoreErrors {
        /// How many.
        count: u64,
    },
    /// Warnings beyond those listed.
    MoreWarnings {
        /// How many.
        count: u64,
    },
}

impl Warning {
    /// The one-line message, in a language.
    pub fn message(&self, lang: Lang) -> String {
        self.message_in(None, lang)
    }

    /// The message, naming the workbook's sheet when the file was one
    /// ("Campagnes, line 7: …").
    pub fn message_in(&self, sheet: Option<&str>, lang: Lang) -> String {
        let text = self.notice.message(lang);
        let sheet = sheet.map(|s| format!("{s}, ")).unwrap_or_default();
        capitalise(&match (self.line, lang) {
            (Some(line), Lang::En) => format!("{sheet}line {line}: {text}"),
            (Some(line), Lang::Fr) => format!("{sheet}ligne {line} : {text}"),
            (None, _) => format!("{sheet}{text}"),
        })
    }
}

/// A field as the user's language names it (never its raw key).
fn named(key: &str, lang: Lang) -> String {
    match crate::texts::field_label(key, lang) {
        "" => key.to_string(),
        label => label.to_string(),
    }
}

/// Fields whose columns combine as "any": the stage and the events.
fn is_event(field: &str) -> bool {
    matches!(
        field,
        "stage" | "contacted" | "meeting" | "qualified" | "converted" | "lost" | "responded"
    )
}

/// `“a”, “b” and “c”`.
fn quoted_list(items: &[String], open: &str, close: &str, and: &str) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|i| format!("{open}{}{close}", shorten(i)))
        .collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

impl Notice {
    /// The message, in a language.
    pub fn message(&self, lang: Lang) -> String {
        use Lang::*;
        // Counts read as the language writes them: "200,000", "200 000".
        let n = |v: u64| crate::report::format_number(v as f64, 0, lang);
        match (self, lang) {
            (Notice::UnknownColumn { header }, En) => {
                format!("column “{}” is not recognised; it is ignored.", shorten(header))
            }
            (Notice::UnknownColumn { header }, Fr) => format!(
                "la colonne « {} » n'est pas reconnue ; elle est ignorée.",
                shorten(header)
            ),
            (Notice::CombinedColumns { field, headers }, En) => format!(
                "columns {} are all “{}”; they are combined ({}).",
                quoted_list(headers, "“", "”", "and"),
                named(field, lang),
                if is_event(field) {
                    "a lead has a value when any of them gives it"
                } else {
                    "a row takes the first value given"
                }
            ),
            (Notice::CombinedColumns { field, headers }, Fr) => format!(
                "les colonnes {} sont toutes « {} » ; elles sont combinées ({}).",
                quoted_list(headers, "« ", " »", "et"),
                named(field, lang),
                if is_event(field) {
                    "un lead a une valeur dès que l'une d'elles la donne"
                } else {
                    "une ligne prend la première valeur donnée"
                }
            ),
            (Notice::MixedCurrencies { currencies }, En) => format!(
                "amounts are in several currencies ({}); they are added as they are, not converted.",
                currencies.join(", ")
            ),
            (Notice::MixedCurrencies { currencies }, Fr) => format!(
                "les montants sont en plusieurs devises ({}) ; ils sont additionnés tels quels, sans conversion.",
                currencies.join(", ")
            ),
            (Notice::TooManyCombinations { limit }, En) => format!(
                "more than {} combinations of campaign, channel, owner and period; the rows of further ones are pooled in the group “(other)”.",
                n(*limit as u64),
            ),
            (Notice::TooManyCombinations { limit }, Fr) => format!(
                "plus de {} combinaisons de campagne, canal, responsable et période ; les lignes des suivantes sont regroupées dans « (autres) ».",
                n(*limit as u64),
            ),
            (Notice::MemoryFull { combinations }, En) => format!(
                "the browser's memory is full after {} campaigns and combinations; further rows are pooled in “(other)” or left out. Group the file by a column with fewer values.",
                n(*combinations as u64),
            ),
            (Notice::MemoryFull { combinations }, Fr) => format!(
                "la mémoire du navigateur est pleine après {} campagnes et combinaisons ; les lignes suivantes sont regroupées dans « (autres) » ou écartées. Regroupez le fichier par une colonne qui a moins de valeurs.",
                n(*combinations as u64),
            ),
            (Notice::TooManyLostReasons { limit }, En) => format!(
                "more than {} distinct lost reasons; the others are counted as “(other)”.",
                n(*limit as u64),
            ),
            (Notice::TooManyLostReasons { limit }, Fr) => format!(
                "plus de {} raisons de perte différentes ; les autres sont comptées dans « (autres) ».",
                n(*limit as u64),
            ),
            (Notice::ManyValues { column, values }, En) => format!(
                "column “{}” has {} different values, nearly one per row: is it really a campaign, channel or owner? Remap it if not.",
                shorten(column),
                n(*values)
            ),
            (Notice::ManyValues { column, values }, Fr) => format!(
                "la colonne « {} » a {} valeurs différentes, presque une par ligne : est-ce vraiment une campagne, un canal ou un responsable ? Sinon, réaffectez-la.",
                shorten(column),
                n(*values)
            ),
            (Notice::TextLine { text }, En) => format!(
                "“{}” is a line of text (a title, a report's footer), not a row of the table; it is left out.",
                shorten(text)
            ),
            (Notice::TextLine { text }, Fr) => format!(
                "« {} » est une ligne de texte (un titre, le pied d'un rapport), pas une ligne du tableau ; elle est écartée.",
                shorten(text)
            ),
            (Notice::TotalRowSkipped { label }, En) => format!(
                "“{}” is the spreadsheet's own total row; it is skipped (totals are recomputed).",
                shorten(label)
            ),
            (Notice::TotalRowSkipped { label }, Fr) => format!(
                "« {} » est la ligne de total du tableur ; elle est ignorée (les totaux sont recalculés).",
                shorten(label)
            ),
            (
                Notice::Inconsistent {
                    part,
                    part_value,
                    whole,
                    whole_value,
                },
                En,
            ) => format!(
                "{} ({part_value}) is more than {} ({whole_value}); the row is kept, check it.",
                named(part, lang),
                named(whole, lang)
            ),
            (
                Notice::Inconsistent {
                    part,
                    part_value,
                    whole,
                    whole_value,
                },
                Fr,
            ) => format!(
                "{} ({part_value}) dépasse {} ({whole_value}) ; la ligne est gardée, vérifiez-la.",
                named(part, lang),
                named(whole, lang)
            ),
            (Notice::DuplicateCampaign { name, first_line }, En) => format!(
                "campaign “{}” already appears on line {first_line}; both rows are pooled in its totals.",
                shorten(name)
            ),
            (Notice::DuplicateCampaign { name, first_line }, Fr) => format!(
                "la campagne « {} » figure déjà ligne {first_line} ; les deux lignes sont additionnées dans ses totaux.",
                shorten(name)
            ),
            (Notice::HeaderRepeated, En) => {
                "the header again (two files put together?); the line is left out.".into()
            }
            (Notice::HeaderRepeated, Fr) => {
                "l'en-tête de nouveau (deux fichiers mis bout à bout ?) ; la ligne est écartée."
                    .into()
            }
            (Notice::ConvertedAndLost, En) => {
                "the lead is both converted and lost; it counts as converted.".into()
            }
            (Notice::ConvertedAndLost, Fr) => {
                "le lead est à la fois converti et perdu ; il compte comme converti.".into()
            }
            (Notice::NegativeCycle { days }, En) => {
                let days = days.unsigned_abs();
                format!(
                    "the conversion comes {} {} before the first contact; left out of the sales cycle.",
                    n(days),
                    En.plural(days, "day", "days")
                )
            }
            (Notice::NegativeCycle { days }, Fr) => {
                let days = days.unsigned_abs();
                format!(
                    "la conversion précède le premier contact de {} {} ; exclue du cycle de vente.",
                    n(days),
                    Fr.plural(days, "jour", "jours")
                )
            }
            (Notice::NegativeCycles { count }, En) => format!(
                "{} more {} before their first contact; left out of the sales cycle.",
                n(*count),
                En.plural(*count, "lead converts", "leads convert")
            ),
            (Notice::NegativeCycles { count }, Fr) => format!(
                "{} {} avant leur premier contact ; exclus du cycle de vente.",
                n(*count),
                Fr.plural(*count, "autre lead converti", "autres leads convertis")
            ),
            (
                Notice::DateOrder {
                    column,
                    month_first,
                },
                En,
            ) => format!(
                "dates in column “{}” are read as {}.",
                shorten(column),
                if *month_first {
                    "month/day/year"
                } else {
                    "day/month/year"
                }
            ),
            (
                Notice::DateOrder {
                    column,
                    month_first,
                },
                Fr,
            ) => format!(
                "les dates de la colonne « {} » sont lues comme {}.",
                shorten(column),
                if *month_first {
                    "mois/jour/année"
                } else {
                    "jour/mois/année"
                }
            ),
            (Notice::MixedDateOrder { column }, En) => format!(
                "column “{}” mixes day-first and month-first dates; they are read day first.",
                shorten(column)
            ),
            (Notice::MixedDateOrder { column }, Fr) => format!(
                "la colonne « {} » mélange des dates jour/mois et mois/jour ; elles sont lues jour d'abord.",
                shorten(column)
            ),
            (Notice::ExtraCells { rows }, En) => format!(
                "{} {} more cells than the header has columns; the extra cells are ignored.",
                n(*rows),
                En.plural(*rows, "row has", "rows have")
            ),
            (Notice::ExtraCells { rows }, Fr) => format!(
                "{} {} plus de cellules que l'en-tête n'a de colonnes ; les cellules en trop sont ignorées.",
                n(*rows),
                Fr.plural(*rows, "ligne a", "lignes ont")
            ),
            (Notice::UnknownCostCampaign { name }, En) => format!(
                "the costs file names campaign “{}”, which the leads do not have.",
                shorten(name)
            ),
            (Notice::UnknownCostCampaign { name }, Fr) => format!(
                "le fichier de coûts cite la campagne « {} », absente des leads.",
                shorten(name)
            ),
            (Notice::CostsFileError(e), En) => format!("costs file: {}", e.message(lang)),
            (Notice::CostsFileError(e), Fr) => format!("fichier de coûts : {}", e.message(lang)),
            (Notice::MoreErrors { count }, En) => format!(
                "{} more {} not listed.",
                n(*count),
                En.plural(*count, "row error is", "row errors are")
            ),
            (Notice::MoreErrors { count }, Fr) => format!(
                "{} {} en erreur {} pas {}.",
                n(*count),
                Fr.plural(*count, "autre ligne", "autres lignes"),
                Fr.plural(*count, "n'est", "ne sont"),
                Fr.plural(*count, "listée", "listées")
            ),
            (Notice::MoreWarnings { count }, En) => format!(
                "{} more {} not listed.",
                n(*count),
                En.plural(*count, "warning is", "warnings are")
            ),
            (Notice::MoreWarnings { count }, Fr) => format!(
                "{} {} {} pas {}.",
                n(*count),
                Fr.plural(*count, "autre avertissement", "autres avertissements"),
                Fr.plural(*count, "n'est", "ne sont"),
                Fr.plural(*count, "listé", "listés")
            ),
        }
    }
}

/// Why a whole file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FatalError {
    /// Nothing but blank lines.
    Empty,
    /// Bytes that are no text this reads: UTF-16 or UTF-32 without a byte-order
    /// mark, or a binary file.
    Undecodable,
    /// The first line names no column of an aggregate or a lead file.
    NoHeader {
        /// The first line's cells.
        headers: Vec<String>,
    },
    /// A header and no data row.
    HeaderOnly,
    /// A workbook that cannot be opened.
    Workbook(String),
    /// A sheet the workbook does not have.
    NoSheet {
        /// The sheet asked for.
        sheet: String,
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    /// No sheet of the workbook has a recognisable header.
    NoSheetWithHeader {
        /// The workbook's sheets.
        sheets: Vec<String>,
    },
    /// A workbook beyond the reader's bounds: too large, a zip bomb, too many cells.
    WorkbookTooLarge,
    /// A workbook locked with a password.
    WorkbookProtected,
    /// A damaged workbook: its structure is broken, or the reader stopped on it.
    WorkbookDamaged,
}

impl FatalError {
    /// The message, in a language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (FatalError::Empty, _) => lang
                .pick("The file is empty.", "Le fichier est vide.")
                .into(),
            (FatalError::Undecodable, _) => lang
                .pick(
                    "The file is not text this tool can read: save it as CSV (UTF-8 or Windows-1252), or as UTF-16 with a byte-order mark.",
                    "Le fichier n'est pas un texte lisible : enregistrez-le en CSV (UTF-8 ou Windows-1252), ou en UTF-16 avec marque d'ordre des octets.",
                )
                .into(),
            (FatalError::NoHeader { headers }, Lang::En) => format!(
                "No recognisable header: the first line must name a “leads” column (one row per campaign) or lead columns such as “stage”, “converted” or “first contact” (one row per lead). Found: {}.",
                list(headers)
            ),
            (FatalError::NoHeader { headers }, Lang::Fr) => format!(
                "En-tête non reconnu : la première ligne doit nommer une colonne « leads » (une ligne par campagne) ou des colonnes de leads comme « statut », « converti » ou « premier contact » (une ligne par lead). Trouvé : {}.",
                list(headers)
            ),
            (FatalError::HeaderOnly, _) => lang
                .pick(
                    "The file has a header but no data row.",
                    "Le fichier a un en-tête mais aucune ligne de données.",
                )
                .into(),
            (FatalError::WorkbookDamaged, _) => lang
                .pick(
                    "The workbook is damaged: the reader stopped on it. Open it in its spreadsheet program and save it again, or save the sheet as CSV.",
                    "Le classeur est endommagé : la lecture s'est arrêtée dessus. Ouvrez-le dans son tableur et enregistrez-le à nouveau, ou enregistrez la feuille en CSV.",
                )
                .into(),
            (FatalError::Workbook(why), Lang::En) => {
                format!("The workbook cannot be opened ({why}).")
            }
            (FatalError::Workbook(why), Lang::Fr) => {
                format!("Le classeur ne peut pas être ouvert ({why}).")
            }
            (FatalError::NoSheet { sheet, sheets }, Lang::En) => format!(
                "The workbook has no sheet “{sheet}”. Its sheets: {}.",
                list(sheets)
            ),
            (FatalError::NoSheet { sheet, sheets }, Lang::Fr) => format!(
                "Le classeur n'a pas de feuille « {sheet} ». Ses feuilles : {}.",
                list(sheets)
            ),
            (FatalError::WorkbookTooLarge, _) => lang
                .pick(
                    "The workbook is too large to read here (over 200 MB, over 20 million cells, or parts that inflate like a zip bomb). Save the sheet as CSV and import that.",
                    "Le classeur est trop gros pour être lu ici (plus de 200 Mo, plus de 20 millions de cellules, ou des parties qui gonflent comme une bombe zip). Enregistrez la feuille en CSV et importez-la.",
                )
                .into(),
            (FatalError::WorkbookProtected, _) => lang
                .pick(
                    "The workbook is protected by a password. Open it in Excel or LibreOffice, remove the password (or save the sheet as CSV), and import it again.",
                    "Le classeur est protégé par un mot de passe. Ouvrez-le dans Excel ou LibreOffice, retirez le mot de passe (ou enregistrez la feuille en CSV), puis importez-le à nouveau.",
                )
                .into(),
            (FatalError::NoSheetWithHeader { sheets }, Lang::En) => format!(
                "No sheet of the workbook has a recognisable header (a “leads” column, or lead columns such as “stage” or “converted”). Its sheets: {}.",
                list(sheets)
            ),
            (FatalError::NoSheetWithHeader { sheets }, Lang::Fr) => format!(
                "Aucune feuille du classeur n'a d'en-tête reconnu (une colonne « leads », ou des colonnes de leads comme « statut » ou « converti »). Ses feuilles : {}.",
                list(sheets)
            ),
        }
    }
}

fn list(headers: &[String]) -> String {
    let shown: Vec<String> = headers
        .iter()
        .take(8)
        .map(|h| format!("“{}”", shorten(h)))
        .collect();
    let more = headers.len().saturating_sub(8);
    match (shown.is_empty(), more) {
        (true, _) => "—".into(),
        (false, 0) => shown.join(", "),
        (false, n) => format!("{} … (+{n})", shown.join(", ")),
    }
}

/// A cell or header cut to a readable length for a message.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

impl FatalError {
    /// A workbook's error as a short code, a text (the sheet asked for, or why) and
    /// the sheets: how it crosses to the CLI from its child process, and to the page
    /// from its worker. [`FatalError::from_code`] reads it back.
    pub fn to_code(&self) -> (&'static str, String, Vec<String>) {
        match self {
            FatalError::NoSheet { sheet, sheets } => ("no-sheet", sheet.clone(), sheets.clone()),
            FatalError::NoSheetWithHeader { sheets } => {
                ("no-header", String::new(), sheets.clone())
            }
            FatalError::WorkbookTooLarge => ("too-large", String::new(), Vec::new()),
            FatalError::WorkbookProtected => ("protected", String::new(), Vec::new()),
            FatalError::WorkbookDamaged => ("damaged", String::new(), Vec::new()),
            FatalError::Workbook(why) => ("workbook", why.clone(), Vec::new()),
            other => ("workbook", other.message(Lang::En), Vec::new()),
        }
    }

    /// Reads back what [`FatalError::to_code`] wrote.
    pub fn from_code(code: &str, text: String, sheets: Vec<String>) -> FatalError {
        match code {
            "no-sheet" => FatalError::NoSheet {
                sheet: text,
                sheets,
            },
            "no-header" => FatalError::NoSheetWithHeader { sheets },
            "too-large" => FatalError::WorkbookTooLarge,
            "protected" => FatalError::WorkbookProtected,
            "damaged" => FatalError::WorkbookDamaged,
            _ => FatalError::Workbook(text),
        }
    }
}

/// In English, as Rust users expect of an error (`{e}`, `?` into `Box<dyn Error>`);
/// the user-facing texts take a language: [`FatalError::message`].
impl std::fmt::Display for FatalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for FatalError {}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RowError {}

#[cfg(test)]
mod counts {
    use super::*;

    /// A count reads as the language writes it: "200,000", not "200000".
    #[test]
    fn counts_in_messages_are_grouped_by_thousands() {
        let many = Notice::ManyValues {
            column: "Name".into(),
            values: 200_000,
        };
        assert!(many
            .message(Lang::En)
            .contains("has 200,000 different values"));
        let fr = many.message(Lang::Fr);
        assert!(fr.contains(" a 200") && fr.contains("000 valeurs"), "{fr}");
        assert!(!fr.contains("200000"), "{fr}");
        let more = Notice::MoreErrors { count: 12_345 };
        assert!(more.message(Lang::En).starts_with("12,345 more"));
        let limit = Notice::TooManyCombinations { limit: 1_000_000 };
        assert!(limit
            .message(Lang::En)
            .contains("more than 1,000,000 combinations"));
    }
}
