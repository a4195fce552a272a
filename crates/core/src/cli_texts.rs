//! The command line's words: its usage and its errors, in each language (the page's
//! are in [`crate::texts`]). The CLI only picks a [`CliError`] and prints its message.

use crate::lang::{Lang, Words};
use crate::whatif::Driver;

/// `prospect-kpi --help`, per language.
const USAGE: Words = [
    "\
Usage: prospect-kpi report FILE [--costs COSTS.csv] [--by DIM] [--where DIM=VALUE]…
                           [--sheet NAME] [--format table|json|csv] [--lang en|fr]
       prospect-kpi solve  (three of --cpl X --conversion-rate X --deal-value X --roi X)
                           [--format table|json] [--lang en|fr]

report: the KPIs of every campaign (or rep, channel, month) and their pooled total.
  FILE            a CSV or TSV of campaigns (one row each) or a CRM export of leads, or an
                  .xlsx, .xlsm, .xls or .ods workbook; - for stdin
  --costs FILE    campaign costs for a lead file: a CSV with campaign and cost columns
  --by DIM        group by campaign, channel, owner or period (default: the first the file has)
  --where DIM=V   keep only rows whose DIM is V (repeatable: or on one DIM, and across DIMs)
  --sheet NAME    the workbook's sheet (default: the first with a recognisable header)
  --format F      table (default), json or csv
  --lang L        en (default) or fr

solve: the fourth of cost per lead, conversion rate (%), average deal value and ROI (%),
from ROI = conversion × deal value ÷ CPL − 1.",
    "\
Usage : prospect-kpi report FICHIER [--costs COUTS.csv] [--by DIM] [--where DIM=VALEUR]…
                           [--sheet NOM] [--format table|json|csv] [--lang en|fr]
        prospect-kpi solve  (trois de --cpl X --conversion-rate X --deal-value X --roi X)
                           [--format table|json] [--lang en|fr]

report : les KPI de chaque campagne (ou commercial, canal, mois) et leur total agrégé.
  FICHIER         un CSV ou TSV de campagnes (une ligne chacune) ou un export CRM de leads,
                  ou un classeur .xlsx, .xlsm, .xls ou .ods ; - pour l'entrée standard
  --costs FICHIER les coûts des campagnes d'un fichier de leads : un CSV avec des colonnes
                  campagne et coût
  --by DIM        regrouper par campaign, channel, owner ou period (par défaut : la première
                  que le fichier a)
  --where DIM=V   ne garder que les lignes dont DIM vaut V (répétable : « ou » sur une même
                  DIM, « et » entre DIM)
  --sheet NOM     la feuille du classeur (par défaut : la première dont l'en-tête est reconnu)
  --format F      table (par défaut), json ou csv
  --lang L        en (par défaut) ou fr

solve : le quatrième du coût par lead, du taux de conversion (%), du panier moyen et du
ROI (%), d'après ROI = conversion × panier moyen ÷ CPL − 1.",
];

/// The command line's usage text.
pub fn usage(lang: Lang) -> &'static str {
    USAGE[lang.index()]
}

/// A goal-seek number's label in `solve`'s table.
pub fn solve_label(driver: Driver, lang: Lang) -> &'static str {
    let words: Words = match driver {
        Driver::Cpl => ["Cost per lead (CPL)", "Coût par lead (CPL)"],
        Driver::ConversionRate => ["Conversion rate", "Taux de conversion"],
        Driver::DealValue => ["Average deal value", "Panier moyen"],
        Driver::Roi => ["ROI", "ROI"],
    };
    words[lang.index()]
}

/// What went wrong on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CliError {
    /// No `report` or `solve`.
    MissingCommand,
    /// A command that is neither.
    UnknownCommand(String),
    /// An option without its value.
    NeedsValue(String),
    /// An option the command does not have.
    UnknownOption(String),
    /// An argument too many.
    UnexpectedArgument(String),
    /// Any other misuse the argument parser reports (its own words).
    Parser(String),
    /// A value that is not valid Unicode.
    NotText(String),
    /// `report` without its file.
    MissingFile,
    /// `--format` with another value; `csv` tells whether CSV is offered.
    UnknownFormat {
        /// What was given.
        value: String,
        /// Whether `csv` is one of the choices.
        csv: bool,
    },
    /// `--lang` with another value.
    UnknownLanguage(String),
    /// `--by` with an unknown dimension.
    UnknownDimension(String),
    /// `--where` not of the form `DIM=VALUE`.
    BadWhere(String),
    /// A goal-seek number given twice.
    GivenTwice(String),
    /// A goal-seek number that is not a number.
    NotANumber {
        /// The option (`--cpl`).
        option: String,
        /// What was given.
        value: String,
    },
    /// A file that cannot be read, with the system's reason.
    CannotRead {
        /// The file.
        path: String,
        /// The system's reason (in the system's words).
        why: String,
    },
    /// `--sheet` for a file that is not a workbook.
    SheetNotWorkbook(String),
    /// `--by` or `--where` on a dimension the file has no column for.
    NoColumn {
        /// The file.
        path: String,
        /// The dimension's key.
        dim: &'static str,
        /// The dimensions the file has.
        offered: Vec<&'static str>,
    },
}

impl CliError {
    /// The one-line message, in a language.
    pub fn message(&self, lang: Lang) -> String {
        let help = lang.pick("(try --help)", "(voir --help)");
        let dims = lang.pick(
            "campaign, channel, owner or period",
            "campaign, channel, owner ou period",
        );
        match self {
            CliError::MissingCommand => {
                lang.pick(
                    "missing command: report or solve",
                    "commande manquante : report ou solve",
                )
                .to_string()
                    + " "
                    + help
            }
            CliError::UnknownCommand(c) => lang.pick(
                format!("unknown command “{c}” {help}"),
                format!("commande inconnue « {c} » {help}"),
            ),
            CliError::NeedsValue(o) => lang.pick(
                format!("{o} needs a value {help}"),
                format!("{o} attend une valeur {help}"),
            ),
            CliError::UnknownOption(o) => lang.pick(
                format!("unknown option “{o}” {help}"),
                format!("option inconnue « {o} » {help}"),
            ),
            CliError::UnexpectedArgument(a) => lang.pick(
                format!("unexpected argument “{a}” {help}"),
                format!("argument inattendu « {a} » {help}"),
            ),
            CliError::Parser(e) => format!("{e} {help}"),
            CliError::NotText(v) => lang.pick(
                format!("“{v}” is not valid text"),
                format!("« {v} » n'est pas un texte valide"),
            ),
            CliError::MissingFile => lang.pick(
                format!("missing FILE {help}"),
                format!("FICHIER manquant {help}"),
            ),
            CliError::UnknownFormat { value, csv } => {
                let choices = match (csv, lang) {
                    (true, Lang::En) => "table, json or csv",
                    (true, Lang::Fr) => "table, json ou csv",
                    (false, Lang::En) => "table or json",
                    (false, Lang::Fr) => "table ou json",
                };
                lang.pick(
                    format!("unknown format “{value}”: {choices}"),
                    format!("format inconnu « {value} » : {choices}"),
                )
            }
            CliError::UnknownLanguage(v) => lang.pick(
                format!("unknown language “{v}”: en or fr"),
                format!("langue inconnue « {v} » : en ou fr"),
            ),
            CliError::UnknownDimension(v) => lang.pick(
                format!("unknown dimension “{v}”: {dims}"),
                format!("dimension inconnue « {v} » : {dims}"),
            ),
            CliError::BadWhere(v) => lang.pick(
                format!("--where “{v}”: expected DIM=VALUE with DIM {dims}"),
                format!("--where « {v} » : DIM=VALEUR attendu, avec DIM {dims}"),
            ),
            CliError::GivenTwice(o) => lang.pick(
                format!("{o} is given twice"),
                format!("{o} est donné deux fois"),
            ),
            CliError::NotANumber { option, value } => lang.pick(
                format!("{option}: “{value}” is not a number"),
                format!("{option} : « {value} » n'est pas un nombre"),
            ),
            CliError::CannotRead { path, why } => lang.pick(
                format!("cannot read {path}: {why}"),
                format!("impossible de lire {path} : {why}"),
            ),
            CliError::SheetNotWorkbook(path) => lang.pick(
                format!("{path}: --sheet is for workbooks (.xlsx, .xls, .ods)"),
                format!("{path} : --sheet est pour les classeurs (.xlsx, .xls, .ods)"),
            ),
            CliError::NoColumn { path, dim, offered } => {
                let has = if offered.is_empty() {
                    lang.pick("none", "aucune").to_string()
                } else {
                    offered.join(", ")
                };
                lang.pick(
                    format!("{path}: the file has no “{dim}” column (it has: {has})"),
                    format!("{path} : le fichier n'a pas de colonne « {dim} » (il a : {has})"),
                )
            }
        }
    }
}

impl std::fmt::Display for CliError {
    /// The English message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for CliError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_in_every_language_on_one_line() {
        let all = [
            CliError::MissingCommand,
            CliError::UnknownCommand("x".into()),
            CliError::NeedsValue("--by".into()),
            CliError::UnknownOption("--x".into()),
            CliError::UnexpectedArgument("x".into()),
            CliError::Parser("x".into()),
            CliError::NotText("x".into()),
            CliError::MissingFile,
            CliError::UnknownFormat {
                value: "x".into(),
                csv: true,
            },
            CliError::UnknownLanguage("de".into()),
            CliError::UnknownDimension("x".into()),
            CliError::BadWhere("x".into()),
            CliError::GivenTwice("--cpl".into()),
            CliError::NotANumber {
                option: "--cpl".into(),
                value: "x".into(),
            },
            CliError::CannotRead {
                path: "a.csv".into(),
                why: "gone".into(),
            },
            CliError::SheetNotWorkbook("a.csv".into()),
            CliError::NoColumn {
                path: "a.csv".into(),
                dim: "owner",
                offered: vec![],
            },
        ];
        for e in &all {
            let [en, fr] = Lang::ALL.map(|l| e.message(l));
            assert!(!en.is_empty() && !en.contains('\n'), "{e:?}");
            assert!(!fr.contains('\n'), "{e:?}");
            if !matches!(e, CliError::Parser(_)) {
                assert_ne!(en, fr, "{e:?} is not translated");
            }
        }
        assert!(CliError::NoColumn {
            path: "a.csv".into(),
            dim: "owner",
            offered: vec![]
        }
        .message(Lang::Fr)
        .contains("aucune"));
    }

    #[test]
    fn the_usage_names_every_option_in_every_language() {
        for lang in Lang::ALL {
            for option in [
                "--costs", "--by", "--where", "--sheet", "--format", "--lang", "--cpl", "--roi",
            ] {
                assert!(usage(lang).contains(option), "{lang:?} {option}");
            }
        }
    }
}
