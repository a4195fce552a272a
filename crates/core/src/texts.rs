//! What the page says, in English and French: its own words ([`Ui`]) and the
//! sentences it builds from numbers. The KPIs' texts (after the seed article
//! `shared/seed/kpi-prospection.fr.txt`: a name, the formula in words, what the KPI
//! tells, its improvement goal) and the inputs' labels are in their rows of
//! [`crate::vocabulary`]; [`kpi_text`] and [`input_label`] read them.

use crate::kpi::{Formula, Input, Kpi, Numerator, Undefined};
use crate::lang::Lang;
use crate::vocabulary::Dim;

/// The four texts of a KPI in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KpiText {
    /// Its name: "Cost per lead (CPL)".
    pub name: &'static str,
    /// Its formula in words.
    pub formula: &'static str,
    /// What it means for the campaign.
    pub meaning: &'static str,
    /// How to improve it.
    pub goal: &'static str,
}

/// The texts of a KPI in a language (its row of the KPI table).
pub fn kpi_text(kpi: Kpi, lang: Lang) -> KpiText {
    kpi.row().texts[lang.index()]
}

/// The label of an input: "Leads", "Coût", …
pub fn input_label(input: Input, lang: Lang) -> &'static str {
    input.label(lang)
}

/// Under a pooled total: which rows a money KPI covers when some rows lack what
/// it needs. "Cost per lead (CPL) and Return on investment (ROI): pooled over the 3
/// rows of 5 that have a cost." `kpis` share the same count.
pub fn coverage_note(
    kpis: &[Kpi],
    count: usize,
    rows: usize,
    f: &dyn NumberFormat,
    lang: Lang,
) -> String {
    let names: Vec<&str> = kpis.iter().map(|&k| kpi_text(k, lang).name).collect();
    let list = match names.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("and", "et")),
        None => String::new(),
    };
    let (n, of) = (f.count(count as f64), f.count(rows as f64));
    match lang {
        Lang::En => format!(
            "{list}: pooled over the {n} {} of {of} that have the numbers {} (a cost, a revenue).",
            lang.plural(count as u64, "row", "rows"),
            lang.plural(kpis.len() as u64, "it needs", "they need"),
        ),
        Lang::Fr => format!(
            "{list} : {} sur {} {n} {} sur {of} qui {} les chiffres nécessaires (un coût, un chiffre d'affaires).",
            lang.plural(kpis.len() as u64, "calculé", "calculés"),
            lang.plural(count as u64, "la", "les"),
            lang.plural(count as u64, "ligne", "lignes"),
            lang.plural(count as u64, "a", "ont"),
        ),
    }
}

/// A file's import under way: "12.5 of 99.1 MB · 120,000 rows · 1.2 s".
pub fn progress_text(
    bytes: f64,
    total: f64,
    rows: u64,
    elapsed_ms: f64,
    f: &dyn NumberFormat,
    lang: Lang,
) -> String {
    let mb = |b: f64| f.count((b / 1e5).round() / 10.0);
    let (bytes, total) = (mb(bytes), mb(total));
    let seconds = f.count((elapsed_ms / 100.0).round() / 10.0);
    let rows = f.count(rows as f64);
    match lang {
        Lang::En => format!("{bytes} of {total} MB · {rows} rows · {seconds} s"),
        Lang::Fr => format!("{bytes} sur {total} Mo · {rows} lignes · {seconds} s"),
    }
}

/// The cycle chart's description: "12 conversions; mean 10.3 days, median 10 days."
pub fn cycle_description(
    count: u64,
    mean: &str,
    median: &str,
    f: &dyn NumberFormat,
    lang: Lang,
) -> String {
    let n = f.count(count as f64);
    match lang {
        Lang::En => format!("{n} conversions; mean {mean}, median {median}."),
        Lang::Fr => format!("{n} conversions ; moyenne {mean}, médiane {median}."),
    }
}

/// A stage of the outreach funnel, in lower case: "replies".
pub fn stage_name(stage: crate::whatif::Stage, lang: Lang) -> &'static str {
    use crate::whatif::Stage;
    let (en, fr) = match stage {
        Stage::Messages => ("messages sent", "messages envoyés"),
        Stage::Replies => ("replies", "réponses"),
        Stage::Leads => ("leads", "leads"),
        Stage::Meetings => ("meetings", "rendez-vous"),
        Stage::Qualified => ("qualified leads", "leads qualifiés"),
        Stage::Customers => ("customers", "clients"),
    };
    lang.pick(en, fr)
}

/// A what-if lever's label; a step's rate names both its stages ("Replies, % of
/// messages sent"), as the funnel has them.
pub fn lever_label(
    lever: crate::whatif::Lever,
    from: crate::whatif::Stage,
    to: crate::whatif::Stage,
    lang: Lang,
) -> String {
    use crate::whatif::Lever;
    match lever {
        Lever::Cost => input_label(Input::Cost, lang).to_string(),
        Lever::Volume => crate::lang::capitalise(stage_name(from, lang)),
        Lever::DealValue => Ui::DealValue.text(lang).to_string(),
        _ => lang.pick(
            format!(
                "{}, % of {}",
                crate::lang::capitalise(stage_name(to, lang)),
                stage_name(from, lang)
            ),
            format!(
                "{}, en % des {}",
                crate::lang::capitalise(stage_name(to, lang)),
                stage_name(from, lang)
            ),
        ),
    }
}

/// The input named in lower case inside a sentence: "the number of leads".
fn input_phrase(input: Input, lang: Lang) -> &'static str {
    input.row().phrase[lang.index()]
}

/// Why a KPI is undefined, as a short sentence: "Enter the number of leads."
pub fn undefined_reason(why: Undefined, lang: Lang) -> String {
    match why {
        Undefined::Missing(Input::CycleDays) => lang
            .pick(
                "Enter the sales-cycle length, or import leads with first-contact and conversion dates.",
                "Saisissez la durée du cycle de vente, ou importez des leads avec dates de premier contact et de conversion.",
            )
            .to_string(),
        Undefined::Missing(input) => match lang {
            Lang::En => format!("Enter {}.", input_phrase(input, lang)),
            Lang::Fr => format!("Saisissez {}.", input_phrase(input, lang)),
        },
        Undefined::Zero(input) => match lang {
            Lang::En => format!(
                "{}: zero, nothing to divide by.",
                input_label(input, lang)
            ),
            Lang::Fr => format!(
                "{} : zéro, rien à diviser.",
                input_label(input, lang)
            ),
        },
        Undefined::LeadFilesOnly => lang
            .pick(
                "The median needs each lead's dates: import a lead file.",
                "La médiane demande les dates de chaque lead : importez un fichier de leads.",
            )
            .to_string(),
        Undefined::OutOfRange => lang
            .pick(
                "The numbers are too large to compute.",
                "Les nombres sont trop grands pour le calcul.",
            )
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every KPI has all four texts in every language, and they are not copies.
    #[test]
    fn every_kpi_has_every_text_in_every_language() {
        for kpi in Kpi::ALL {
            for lang in Lang::ALL {
                let t = kpi_text(kpi, lang);
                for (what, text) in [
                    ("name", t.name),
                    ("formula", t.formula),
                    ("meaning", t.meaning),
                    ("goal", t.goal),
                ] {
                    assert!(
                        text.trim().len() > 3,
                        "{} has no {what} in {}",
                        kpi.key(),
                        lang.code()
                    );
                }
            }
            assert_ne!(kpi_text(kpi, Lang::En), kpi_text(kpi, Lang::Fr));
        }
        for input in Input::ALL {
            for lang in Lang::ALL {
                assert!(!input_label(input, lang).is_empty());
                assert!(!input_phrase(input, lang).is_empty());
            }
        }
    }

    #[test]
    fn names_are_distinct() {
        for lang in Lang::ALL {
            let mut names: Vec<_> = Kpi::ALL.iter().map(|&k| kpi_text(k, lang).name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), Kpi::ALL.len());
        }
    }

    #[test]
    fn reasons_read_as_sentences() {
        assert_eq!(
            undefined_reason(Undefined::Missing(Input::Leads), Lang::En),
            "Enter the number of leads."
        );
        assert_eq!(
            undefined_reason(Undefined::Zero(Input::Leads), Lang::Fr),
            "Leads : zéro, rien à diviser."
        );
    }
}

/// A goal-seek driver's name: "cost per lead", "taux de conversion", …
pub fn driver_name(d: crate::whatif::Driver, lang: Lang) -> &'static str {
    use crate::whatif::Driver;
    let (en, fr) = match d {
        Driver::Cpl => ("cost per lead", "coût par lead"),
        Driver::ConversionRate => ("conversion rate", "taux de conversion"),
        Driver::DealValue => ("average deal value", "panier moyen"),
        Driver::Roi => ("ROI", "ROI"),
    };
    lang.pick(en, fr)
}

/// Why goal seek has no answer, as a sentence.
pub fn solve_error(e: crate::whatif::SolveError, lang: Lang, f: &dyn NumberFormat) -> String {
    use crate::whatif::{Driver, SolveError};
    let name = |d| driver_name(d, lang);
    match (e, lang) {
        (SolveError::NotThree, _) => lang
            .pick(
                "Give exactly three of cost per lead, conversion rate, average deal value and ROI.",
                "Donnez exactement trois valeurs parmi coût par lead, taux de conversion, panier moyen et ROI.",
            )
            .into(),
        (SolveError::Invalid(d), Lang::En) => format!("The {} must be a positive number.", name(d)),
        (SolveError::Invalid(d), Lang::Fr) => format!("Le {} doit être un nombre positif.", name(d)),
        (SolveError::ZeroDivisor(Driver::Roi), _) => lang
            .pick(
                "An ROI of −100 % means no revenue at all: every cost per lead gives it, so there is no single answer.",
                "Un ROI de −100 % signifie aucun revenu : tout coût par lead y mène, il n'y a pas de réponse unique.",
            )
            .into(),
        (SolveError::ZeroDivisor(d), Lang::En) => {
            format!("No solution: the {} is zero, and the formula divides by it.", name(d))
        }
        (SolveError::ZeroDivisor(d), Lang::Fr) => {
            format!("Pas de solution : le {} est nul, et la formule divise par lui.", name(d))
        }
        (SolveError::Impossible(d, v), Lang::En) => format!(
            "Impossible target: it would take a {} of {}.",
            name(d),
            driver_value(d, v, f)
        ),
        (SolveError::Impossible(d, v), Lang::Fr) => format!(
            "Objectif impossible : il faudrait un {} de {}.",
            name(d),
            driver_value(d, v, f)
        ),
    }
}

/// The answers goal seek gives in words, from the numbers at hand: the highest CPL,
/// the conversion and the deal value that reach the target ROI, the break-even
/// values, and the leads a budget buys.
pub fn goal_answers(
    d: crate::whatif::Drivers,
    budget: Option<f64>,
    lang: Lang,
    f: &dyn NumberFormat,
) -> Vec<String> {
    use crate::whatif::{break_even, leads_for_budget, solve, Drivers};
    let mut out = Vec::new();
    let roi = d.roi;
    let target = roi.map(|r| f.percent(r)).unwrap_or_default();
    let ask = |q: Drivers| solve(q);
    if let (Some(_), Some(_), Some(_)) = (d.conversion_rate, d.deal_value, roi) {
        out.push(match ask(Drivers { cpl: None, ..d }) {
            Ok(s) => lang.pick(
                format!(
                    "To keep an ROI of {target}, a lead may cost at most {}.",
                    f.money(s.cpl)
                ),
                format!(
                    "Pour garder un ROI de {target}, un lead peut coûter au plus {}.",
                    f.money(s.cpl)
                ),
            ),
            Err(e) => solve_error(e, lang, f),
        });
    }
    if let (Some(_), Some(_), Some(_)) = (d.cpl, d.deal_value, roi) {
        out.push(
            match ask(Drivers {
                conversion_rate: None,
                ..d
            }) {
                Ok(s) => lang.pick(
                    format!(
                        "An ROI of {target} needs a conversion rate of {}.",
                        f.percent(s.conversion_rate)
                    ),
                    format!(
                        "Un ROI de {target} demande un taux de conversion de {}.",
                        f.percent(s.conversion_rate)
                    ),
                ),
                Err(e) => solve_error(e, lang, f),
            },
        );
    }
    if let (Some(_), Some(_), Some(_)) = (d.cpl, d.conversion_rate, roi) {
        out.push(
            match ask(Drivers {
                deal_value: None,
                ..d
            }) {
                Ok(s) => lang.pick(
                    format!(
                        "An ROI of {target} needs an average deal of {}.",
                        f.money(s.deal_value)
                    ),
                    format!(
                        "Un ROI de {target} demande un panier moyen de {}.",
                        f.money(s.deal_value)
                    ),
                ),
                Err(e) => solve_error(e, lang, f),
            },
        );
    }
    let even = |driver| break_even(d, driver).ok();
    if let (Some(c), Some(r), Some(v)) = (
        even(crate::whatif::Driver::Cpl),
        even(crate::whatif::Driver::ConversionRate),
        even(crate::whatif::Driver::DealValue),
    ) {
        out.push(lang.pick(
            format!(
                "Break-even (ROI 0 %): a cost per lead of {}, a conversion rate of {}, or an average deal of {}, the other two as they are.",
                f.money(c.cpl), f.percent(r.conversion_rate), f.money(v.deal_value)
            ),
            format!(
                "Point mort (ROI 0 %) : un coût par lead de {}, un taux de conversion de {}, ou un panier moyen de {}, les deux autres inchangés.",
                f.money(c.cpl), f.percent(r.conversion_rate), f.money(v.deal_value)
            ),
        ));
    }
    if let (Some(b), Some(cpl)) = (budget, d.cpl) {
        if let Some(n) = leads_for_budget(b, cpl) {
            out.push(lang.pick(
                format!(
                    "A budget of {} buys {} leads at {} each.",
                    f.money(b),
                    f.count(n),
                    f.money(cpl)
                ),
                format!(
                    "Un budget de {} achète {} leads à {} l'unité.",
                    f.money(b),
                    f.count(n),
                    f.money(cpl)
                ),
            ));
        }
    }
    out
}

/// The goal-seek formula for the driver computed.
pub fn solve_formula(d: crate::whatif::Driver, lang: Lang) -> &'static str {
    use crate::whatif::Driver;
    match d {
        Driver::Cpl => lang.pick(
            "CPL = conversion × deal value ÷ (1 + ROI)",
            "CPL = conversion × panier moyen ÷ (1 + ROI)",
        ),
        Driver::ConversionRate => lang.pick(
            "conversion = (1 + ROI) × CPL ÷ deal value",
            "conversion = (1 + ROI) × CPL ÷ panier moyen",
        ),
        Driver::DealValue => lang.pick(
            "deal value = (1 + ROI) × CPL ÷ conversion",
            "panier moyen = (1 + ROI) × CPL ÷ conversion",
        ),
        Driver::Roi => lang.pick(
            "ROI = conversion × deal value ÷ CPL − 1",
            "ROI = conversion × panier moyen ÷ CPL − 1",
        ),
    }
}

/// A driver's value for people.
pub fn driver_value(d: crate::whatif::Driver, v: f64, f: &dyn NumberFormat) -> String {
    use crate::whatif::Driver;
    match d {
        Driver::ConversionRate | Driver::Roi => f.percent(v),
        Driver::Cpl | Driver::DealValue => f.money(v),
    }
}

/// How numbers are written for people: the page implements it with the browser's
/// `Intl.NumberFormat`, the command line with [`crate::report::PlainFormat`].
pub trait NumberFormat {
    /// An amount in the user's currency.
    fn money(&self, v: f64) -> String;
    /// A count.
    fn count(&self, v: f64) -> String;
    /// A percentage.
    fn percent(&self, v: f64) -> String;
    /// A number of days.
    fn days(&self, v: f64) -> String;
}

/// A change against the previous period: `+2.5 pts` for percentages, `−12 %` for
/// money and days, "—" when it cannot be told (contract §5).
pub fn change_text(kpi: Kpi, change: Option<f64>, f: &dyn NumberFormat, lang: Lang) -> String {
    let Some(v) = change else {
        return "—".into();
    };
    let sign = if v > 0.0 {
        "+"
    } else if v < 0.0 {
        "−"
    } else {
        "±"
    };
    match kpi.unit() {
        crate::kpi::Unit::Percent => {
            format!("{sign}{} {}", f.count(v.abs()), lang.pick("pts", "pts"))
        }
        _ => format!("{sign}{}", f.percent(v.abs())),
    }
}

/// A chart of one value per group: "By channel", "Par canal".
pub fn by_dim(dim: Dim, lang: Lang) -> String {
    let noun = dim.noun(1, lang);
    match lang {
        Lang::En => format!("By {noun}"),
        Lang::Fr => format!("Par {noun}"),
    }
}

/// The comparison's title: "Is one owner really better?".
pub fn compare_title(dim: Dim, lang: Lang) -> String {
    let noun = dim.noun(1, lang);
    match (lang, dim.row().feminine) {
        (Lang::En, _) => format!("Is one {noun} really better?"),
        (Lang::Fr, true) => format!("Une {noun} est-elle vraiment meilleure ?"),
        (Lang::Fr, false) => format!("Un {noun} est-il vraiment meilleur ?"),
    }
}

/// What the comparison does, for the groups of `dim`.
pub fn compare_help(dim: Dim, lang: Lang) -> String {
    let nouns = dim.noun(2, lang);
    match lang {
        Lang::En => {
            format!("Compares the conversion rates of two {nouns} (two-proportion test at 95 %).")
        }
        Lang::Fr => format!(
            "Compare les taux de conversion de deux {nouns} (test de deux proportions à 95 %)."
        ),
    }
}

/// Why the comparison cannot conclude.
pub fn compare_needs(dim: Dim, lang: Lang) -> String {
    let nouns = dim.noun(2, lang);
    match lang {
        Lang::En => format!("Both {nouns} need leads and customers won, with some variation."),
        Lang::Fr => format!(
            "Les deux {nouns} doivent avoir des leads et des clients gagnés, avec de la variation."
        ),
    }
}

/// The button that lists every group: "Show all owners (1,200)".
pub fn show_all(dim: Dim, n: usize, f: &dyn NumberFormat, lang: Lang) -> String {
    let nouns = dim.noun(2, lang);
    let n = f.count(n as f64);
    match (lang, dim.row().feminine) {
        (Lang::En, _) => format!("Show all {nouns} ({n})"),
        (Lang::Fr, true) => format!("Afficher toutes les {nouns} ({n})"),
        (Lang::Fr, false) => format!("Afficher tous les {nouns} ({n})"),
    }
}

/// "and 12 more".
pub fn and_more(n: usize, f: &dyn NumberFormat, lang: Lang) -> String {
    Ui::AndMore.text(lang).replace("%n", &f.count(n as f64))
}

/// A KPI's value for people, "—" when undefined.
pub fn format_value(
    value: crate::kpi::KpiValue,
    unit: crate::kpi::Unit,
    f: &dyn NumberFormat,
) -> String {
    use crate::kpi::Unit;
    match value {
        Err(_) => "—".into(),
        Ok(v) => match unit {
            Unit::Money => f.money(v),
            Unit::Percent => f.percent(v),
            Unit::Days => f.days(v),
        },
    }
}

/// The short noun that follows a count in a worked formula: "200 leads".
pub fn count_noun(input: Input, lang: Lang) -> &'static str {
    input.row().noun[lang.index()]
}

/// The formula with the user's own numbers: "5 000 € ÷ 200 leads = 25 €".
/// `None` when the KPI is undefined for these inputs.
pub fn worked_formula(
    kpi: Kpi,
    inputs: &crate::kpi::Inputs,
    lang: Lang,
    f: &dyn NumberFormat,
) -> Option<String> {
    let value = kpi.of_inputs(inputs).ok()?;
    let show = |i: Input| -> Option<String> {
        let v = inputs.get(i)?;
        Some(match i.kind() {
            crate::kpi::InputKind::Count => format!("{} {}", f.count(v), count_noun(i, lang)),
            crate::kpi::InputKind::Days => f.days(v),
            _ => f.money(v),
        })
    };
    let result = format_value(Ok(value), kpi.unit(), f);
    let Formula::Ratio {
        numerator,
        denominator,
        scale,
    } = kpi.row().formula
    else {
        return None;
    };
    let top = match numerator {
        Numerator::Input(i) => show(i)?,
        Numerator::Profit => format!("({} − {})", show(Input::Revenue)?, show(Input::Cost)?),
        // A mean typed as such: the days are the result.
        Numerator::CycleDays => return Some(format!("{} = {result}", show(Input::CycleDays)?)),
    };
    let times = if scale == 100.0 { " × 100" } else { "" };
    Some(format!("{top} ÷ {}{times} = {result}", show(denominator)?))
}

/// The label of an import field key (either file kind), for the mapping panel.
pub fn field_label(key: &str, lang: Lang) -> &'static str {
    if let Some(input) = Input::from_key(key) {
        return input_label(input, lang);
    }
    let (en, fr) = match key {
        "campaign" => ("Campaign", "Campagne"),
        "channel" => ("Channel", "Canal"),
        "owner" => ("Owner / sales rep", "Responsable / commercial"),
        "period" => ("Period (month or quarter)", "Période (mois ou trimestre)"),
        "closed" => ("Close date", "Date de clôture"),
        "lost_reason" => ("Lost reason", "Raison de la perte"),
        "currency" => ("Currency", "Devise"),
        "lead_id" => ("Lead ID", "Identifiant du lead"),
        "created" => ("Creation date", "Date de création"),
        "first_contact" => ("First contact", "Premier contact"),
        "meeting" => ("Meeting booked", "Rendez-vous pris"),
        "lost" => ("Lost", "Perdu"),
        "stage" => ("Stage / status", "Étape / statut"),
        "responded" => ("Responded", "A répondu"),
        "satisfaction" => ("Satisfaction score (1–5)", "Note de satisfaction (1–5)"),
        _ => ("", ""),
    };
    lang.pick(en, fr)
}

macro_rules! ui_texts {
    ($($name:ident => $en:expr, $fr:expr;)*) => {
        /// The page's own words, each in English and French.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Ui { $(#[doc = $en] $name),* }

        impl Ui {
            /// Every text.
            pub const ALL: &'static [Ui] = &[$(Ui::$name),*];

            /// The text in a language.
            pub fn text(self, lang: Lang) -> &'static str {
                match self { $(Ui::$name => lang.pick($en, $fr)),* }
            }
        }
    };
}

ui_texts! {
    Title => "Prospecting KPI calculator", "Calculateur de KPI de prospection";
    Tagline => "Measure your sales-prospecting campaigns. Your data stays in your browser.",
        "Mesurez vos campagnes de prospection. Vos données restent dans votre navigateur.";
    Language => "Language", "Langue";
    Currency => "Currency", "Devise";
    Share => "Copy link", "Copier le lien";
    LinkCopied => "Link copied: it reopens this page with your numbers and your what-if scenario (not your imported table: use “Copy link with data”).",
        "Lien copié : il rouvre cette page avec vos chiffres et votre scénario « Et si ? » (pas votre tableau importé : utilisez « Copier le lien avec les données »).";
    ShareWithData => "Copy link with data", "Copier le lien avec les données";
    ShareWithDataHelp => "Your imported table goes inside the link itself, compressed (up to 32 KB): it is never sent to a server, but anyone with the link can read it.",
        "Votre tableau importé est mis dans le lien lui-même, compressé (jusqu'à 32 Ko) : il n'est envoyé à aucun serveur, mais toute personne ayant le lien peut le lire.";
    LinkWithDataCopied => "Link copied, with your data inside: it reopens this page with the same table.",
        "Lien copié, avec vos données dedans : il rouvre cette page avec le même tableau.";
    ShareTooLarge => "These data are too large to share in a link: once compressed they pass the 32 KB a link holds. Send the CSV export instead.",
        "Ces données sont trop volumineuses pour tenir dans un lien : compressées, elles dépassent les 32 Ko qu'un lien peut porter. Envoyez plutôt l'export CSV.";
    LinkNotShared => "This browser cannot make a link with data.", "Ce navigateur ne peut pas faire de lien avec les données.";
    SharedDataOpened => "This link brought its data: the table below is the one that was shared.",
        "Ce lien apportait ses données : le tableau ci-dessous est celui qui a été partagé.";
    SharedNotKept => "Opened from a shared link: not kept in this browser until you change them (your own kept data, if any, come back on reload).",
        "Ouvertes depuis un lien partagé : pas gardées dans ce navigateur tant que vous ne les modifiez pas (vos propres données gardées, s'il y en a, reviennent au rechargement).";
    SharedDataBroken => "This link's data could not be read (cut short or damaged): ask for the link again.",
        "Les données de ce lien sont illisibles (lien tronqué ou abîmé) : redemandez le lien.";
    LinkNotCopied => "Copy this link:", "Copiez ce lien :";
    ImportNotLoaded => "The import could not be loaded (the connection?): your numbers are safe; try again in a moment.",
        "L'import n'a pas pu être chargé (la connexion ?) : vos chiffres sont intacts ; réessayez dans un instant.";
    OneCampaign => "One campaign", "Une campagne";
    GroupSpend => "Spend", "Dépenses";
    GroupFunnel => "Funnel", "Entonnoir";
    GroupOutreach => "Outreach", "Prospection";
    GroupOutcome => "Outcome", "Résultats";
    ResetCalculator => "Clear the fields", "Vider les champs";
    Formula => "Formula", "Formule";
    WithYourNumbers => "With your numbers", "Avec vos chiffres";
    Meaning => "What it means", "Ce qu'il signifie";
    Goal => "Goal", "Objectif";
    ManyCampaigns => "Many campaigns", "Plusieurs campagnes";
    PasteHelp => "Paste a table from Excel or Google Sheets (one row per campaign), or a CRM export (one row per lead).",
        "Collez un tableau d'Excel ou de Google Sheets (une ligne par campagne), ou un export de CRM (une ligne par lead).";
    PasteLabel => "CSV or TSV to paste", "CSV ou TSV à coller";
    Analyse => "Compute", "Calculer";
    ChooseFile => "Choose a CSV file or a workbook (.xlsx, .ods)", "Choisir un fichier CSV ou un classeur (.xlsx, .ods)";
    SheetLabel => "Sheet", "Feuille";
    DropHere => "…or drop it here", "…ou déposez-le ici";
    Reading => "Reading…", "Lecture…";
    Clear => "Clear the data", "Effacer les données";
    Results => "Results", "Résultats";
    CampaignColumn => "Campaign", "Campagne";
    Total => "Total", "Total";
    Open => "Open", "Ouvrir";
    OpenInCalculator => "Open in the calculator", "Ouvrir dans le calculateur";
    Best => "best", "meilleur";
    Worst => "worst", "moins bon";
    CostColumn => "Cost", "Coût";
    CostHelp => "A CRM export carries no cost: enter each campaign's cost to get CPL, ROI and CAC.",
        "Un export de CRM ne contient pas de coût : saisissez le coût de chaque campagne pour obtenir CPL, ROI et CAC.";
    SortBy => "Sort by", "Trier par";
    Mapping => "Columns", "Colonnes";
    MappingHelp => "Which column became which field. Change one to remap it; the results follow.",
        "Quelle colonne est devenue quel champ. Changez-en une pour la réaffecter ; les résultats suivent.";
    Ignored => "(ignored)", "(ignorée)";
    Errors => "Rows left out", "Lignes écartées";
    PasteExample => "campaign;cost;leads;converted;revenue\nSpring;5000;200;10;20000",
        "campagne;coût;leads;convertis;chiffre d'affaires\nPrintemps;5000;200;10;20000";
    EachRowLeftOut => "Each row left out", "Chaque ligne écartée";
    UndoMapping => "Undo my last column choice", "Annuler mon dernier choix de colonne";
    Warnings => "Warnings", "Avertissements";
    LineLabel => "Line", "Ligne";
    ColumnLabel => "Column", "Colonne";
    ValueLabel => "Value", "Valeur";
    StorageUnavailable => "This browser does not let the page remember your data: it will be gone after a reload.",
        "Ce navigateur ne permet pas de mémoriser vos données : elles disparaîtront au rechargement.";
    StorageFull => "These data are too large to be remembered: they will be gone after a reload.",
        "Ces données sont trop volumineuses pour être mémorisées : elles disparaîtront au rechargement.";
    Remembered => "Kept in this browser only, until you clear it.", "Gardées dans ce navigateur seulement, jusqu'à ce que vous les effaciez.";
    InvalidNumber => "Enter a number, such as 1 234,5 or 1234.5.", "Saisissez un nombre, comme 1 234,5 ou 1234.5.";
    NotWhole => "Enter a whole number.", "Saisissez un nombre entier.";
    NotNegative => "Cannot be negative.", "Ne peut pas être négatif.";
    TooLarge => "This number is too large.", "Ce nombre est trop grand.";
    WhatIf => "What if?", "Et si ?";
    WhatIfHelp => "Move any step of your funnel: the change flows down to customers, revenue, CPL, CAC and ROI, beside your campaign's own numbers.",
        "Faites varier n'importe quelle étape de votre entonnoir : l'effet descend jusqu'aux clients, au chiffre d'affaires, au CPL, au CAC et au ROI, à côté des chiffres de votre campagne.";
    WhatIfNeeds => "Enter at least the leads and the customers won above to try scenarios (the cost and the revenue give CPL, CAC and ROI).",
        "Saisissez au moins les leads et les clients gagnés ci-dessus pour essayer des scénarios (le coût et le chiffre d'affaires donnent CPL, CAC et ROI).";
    ShowDecimals => "Show fractions of people", "Afficher les fractions de personnes";
    CountsRounded => "Counts are rounded to whole people; money uses the unrounded expectation.",
        "Les effectifs sont arrondis à la personne ; les montants utilisent l'espérance non arrondie.";
    GoalSeekPrompt => "Give the three other numbers to get the fourth.", "Donnez les trois autres nombres pour obtenir le quatrième.";
    BackToCampaign => "Back to the campaign", "Revenir à la campagne";
    ConversionRatePct => "Conversion rate (%)", "Taux de conversion (%)";
    DealValue => "Average deal value", "Panier moyen";
    CostPerLead => "Cost per lead", "Coût par lead";
    RoiPct => "ROI (%)", "ROI (%)";
    Customers => "Customers", "Clients";
    Revenue => "Revenue", "Chiffre d'affaires";
    Campaign => "Campaign", "Campagne";
    Scenario => "Scenario", "Scénario";
    Difference => "Difference", "Écart";
    Measure => "Measure", "Mesure";
    GoalSeek => "Goal seek", "Valeur cible";
    GoalSeekHelp => "Give three of the four numbers; the fourth follows from ROI = conversion × deal value ÷ CPL − 1.",
        "Donnez trois des quatre nombres ; le quatrième découle de ROI = conversion × panier moyen ÷ CPL − 1.";
    SolveFor => "Compute", "Calculer";
    Answers => "In practice", "En pratique";
    Budget => "Budget", "Budget";
    Sensitivity => "Sensitivity: ROI by cost per lead and conversion rate", "Sensibilité : ROI selon le coût par lead et le taux de conversion";
    SensitivityHelp => "Each cell is the ROI at that cost per lead (rows) and conversion rate (columns), with your deal value; the framed cell is your campaign.",
        "Chaque case donne le ROI pour ce coût par lead (lignes) et ce taux de conversion (colonnes), avec votre panier moyen ; la case encadrée est votre campagne.";
    Current => "your campaign", "votre campagne";
    Charts => "Charts", "Graphiques";
    GroupBy => "Group by", "Regrouper par";
    FilterAll => "All", "Tous";
    FilterOf => "Only", "Seulement";
    TrendTitle => "Trend per period", "Évolution par période";
    TrendHelp => "The chosen KPI per period for the total and the groups with the most leads; the last column is the change against the previous period.",
        "Le KPI choisi par période pour le total et les groupes qui ont le plus de leads ; la dernière colonne est l'évolution par rapport à la période précédente.";
    ChangeColumn => "Change vs previous period", "Évolution vs période précédente";
    LostReasonsTitle => "Why leads are lost", "Pourquoi les leads sont perdus";
    Reason => "Reason", "Raison";
    ShareOf => "Share", "Part";
    RankingTitle => "Ranking with 95 % intervals", "Classement avec intervalles à 95 %";
    RankingHelp => "Groups by the chosen rate, best first; the bar is the 95 % Wilson interval: when two bars overlap, the difference may be chance. * = fewer than 30 observations.",
        "Groupes selon le taux choisi, le meilleur d'abord ; la barre est l'intervalle de Wilson à 95 % : quand deux barres se chevauchent, l'écart peut être dû au hasard. * = moins de 30 observations.";
    AndMore => "and %n more", "et %n de plus";
    FirstListed => "Only the first %n rows are listed: type in the search to find the others.",
        "Seules les %n premières lignes sont listées : tapez dans la recherche pour trouver les autres.";
    Pages => "Pages of results", "Pages de résultats";
    Previous => "Previous", "Précédents";
    Next => "Next", "Suivants";
    RowsOf => "Rows %a–%b of %n", "Lignes %a à %b sur %n";
    SearchRows => "Search", "Rechercher";
    Period => "Period", "Période";
    FunnelTitle => "Funnel", "Entonnoir";
    CycleTitle => "Sales-cycle days", "Jours de cycle de vente";
    ChartData => "Data", "Données";
    Stage => "Stage", "Étape";
    Count => "Count", "Nombre";
    RateOfPrevious => "Of the previous stage", "De l'étape précédente";
    OfLeads => "of leads", "des leads";
    OfLeadsColumn => "Share of leads", "Part des leads";
    Days => "Days", "Jours";
    Conversions => "Conversions", "Conversions";
    ShowKpi => "KPI shown", "KPI affiché";
    ShowCampaign => "Funnel of", "Entonnoir de";
    Interval => "95% interval", "Intervalle à 95 %";
    IntervalMeaning => "The true rate very likely (95 times in 100) lies between these two values; the fewer the leads, the wider it is.",
        "Le vrai taux se situe très probablement (95 fois sur 100) entre ces deux valeurs ; moins il y a de leads, plus l'écart est large.";
    SmallSample => "small sample", "petit échantillon";
    SmallSampleHelp => "Fewer than 30 observations: the rate may be far from the true one.",
        "Moins de 30 observations : le taux peut être loin du vrai.";
    Typical => "Typical", "Habituel";
    Measured => "Measured as", "Mesuré comme";
    BestCampaigns => "best", "meilleurs";
    SourceLabel => "Source", "Source";
    ExportCsv => "Download CSV", "Télécharger le CSV";
    Print => "Print the report", "Imprimer le rapport";
    EmbedThis => "Embed this calculator", "Intégrer ce calculateur";
    EmbedHelp => "Paste this snippet in your article: the calculator fits its width and grows to its height. The plain iframe works without the script, at a fixed height.",
        "Collez ce code dans votre article : le calculateur prend sa largeur et s'ajuste à sa hauteur. L'iframe seule fonctionne sans le script, à hauteur fixe.";
    EmbedKpis => "KPIs shown", "KPI affichés";
    EmbedTheme => "Theme", "Thème";
    ThemeAuto => "Automatic (the reader's system)", "Automatique (système du lecteur)";
    ThemeHelp => "“Automatic” follows each reader's system: a reader in dark mode sees a dark block, even in a light article. “Light” suits most blogs.",
        "« Automatique » suit le système de chaque lecteur : en mode sombre, il voit un bloc sombre, même dans un article clair. « Clair » convient à la plupart des blogs.";
    IframeHeightHelp => "Its height (%h px) is that of the preview, %w px wide: give more if your column is narrower.",
        "Sa hauteur (%h px) est celle de l'aperçu, large de %w px : prévoyez plus si votre colonne est plus étroite.";
    ThemeLight => "Light", "Clair";
    ThemeDark => "Dark", "Sombre";
    EmbedExplain => "Explanations open", "Explications ouvertes";
    EmbedWhatIf => "What-if panel", "Panneau « Et si ? »";
    EmbedStartValues => "Start from the numbers typed above", "Partir des chiffres saisis ci-dessus";
    Preview => "Preview", "Aperçu";
    Snippet => "Snippet (script and placeholder)", "Code (script et emplacement)";
    PlainIframe => "Plain iframe", "Iframe seule";
    Copy => "Copy", "Copier";
    Copied => "Copied.", "Copié.";
    Attribution => "Prospect KPI — open the full calculator", "Prospect KPI — ouvrir le calculateur complet";
    NewTab => "(opens in a new tab)", "(s'ouvre dans un nouvel onglet)";
    Cancel => "Cancel", "Annuler";
    Dismiss => "Dismiss", "Fermer";
    UrlIgnored => "Some settings in this link were not understood and are ignored.",
        "Certains réglages de ce lien n'ont pas été compris et sont ignorés.";
    StorageDiscarded => "Data kept from an earlier visit could not be read; they were cleared.",
        "Les données gardées d'une visite précédente étaient illisibles ; elles ont été effacées.";
    ScrollSideways => "The table is wider than the screen: swipe it sideways to see every column →",
        "Le tableau est plus large que l'écran : faites-le glisser sur le côté pour voir chaque colonne →";
    ExportXlsx => "Download .xlsx (Excel)", "Télécharger le .xlsx (Excel)";
    XlsxFailed => "The .xlsx file could not be written: ", "Le fichier .xlsx n'a pas pu être écrit : ";
    Solved => "← solved", "← calculé";
    ShowAllKpis => "Show all KPIs (%n with no value here)", "Afficher tous les KPI (%n sans valeur ici)";
    FoldEmptyKpis => "Hide the KPIs with no value", "Masquer les KPI sans valeur";
    ImportProgress => "Import progress", "Progression de l'import";
    Privacy => "Everything is computed in your browser: no figure is sent anywhere.",
        "Tout est calculé dans votre navigateur : aucun chiffre n'est envoyé.";
    Indicative => "Indicative", "Indicatif";
}

#[cfg(test)]
mod more_tests {
    use super::*;

    struct Plain;
    impl NumberFormat for Plain {
        fn money(&self, v: f64) -> String {
            format!("{v} €")
        }
        fn count(&self, v: f64) -> String {
            format!("{v}")
        }
        fn percent(&self, v: f64) -> String {
            format!("{v} %")
        }
        fn days(&self, v: f64) -> String {
            format!("{v} d")
        }
    }

    #[test]
    fn formulas_with_the_users_numbers() {
        let inputs = crate::kpi::example_inputs();
        let w = |k| worked_formula(k, &inputs, Lang::En, &Plain);
        assert_eq!(
            w(Kpi::CostPerLead).as_deref(),
            Some("5000 € ÷ 200 leads = 25 €")
        );
        assert_eq!(
            w(Kpi::ConversionRate).as_deref(),
            Some("10 customers ÷ 200 leads × 100 = 5 %")
        );
        assert_eq!(
            w(Kpi::Roi).as_deref(),
            Some("(20000 € − 5000 €) ÷ 5000 € × 100 = 300 %")
        );
        assert_eq!(w(Kpi::ResponseRate), None);
        assert_eq!(
            worked_formula(Kpi::CostPerCustomer, &inputs, Lang::Fr, &Plain).as_deref(),
            Some("5000 € ÷ 10 clients = 500 €")
        );
    }

    #[test]
    fn goal_seek_answers_in_words() {
        let d = crate::whatif::Drivers {
            cpl: Some(25.0),
            conversion_rate: Some(5.0),
            deal_value: Some(2000.0),
            roi: Some(200.0),
        };
        let a = goal_answers(d, Some(1000.0), Lang::En, &Plain);
        assert_eq!(a.len(), 5, "{a:?}");
        assert!(
            a[0].starts_with("To keep an ROI of 200 %, a lead may cost at most 33.33"),
            "{}",
            a[0]
        );
        assert!(a[1].contains("3.75 %"), "{}", a[1]);
        assert!(
            a[3].contains("Break-even") && a[3].contains("100 €"),
            "{}",
            a[3]
        );
        assert_eq!(a[4], "A budget of 1000 € buys 40 leads at 25 € each.");
        let impossible = crate::whatif::Drivers {
            cpl: Some(100.0),
            deal_value: Some(100.0),
            conversion_rate: Some(1.0),
            roi: Some(200.0),
        };
        let a = goal_answers(impossible, None, Lang::Fr, &Plain);
        assert!(a[1].starts_with("Objectif impossible"), "{}", a[1]);
    }

    #[test]
    fn coverage_is_said_with_each_languages_plurals() {
        let f = crate::report::PlainFormat(Lang::En);
        assert_eq!(
            coverage_note(&[Kpi::CostPerLead, Kpi::Roi], 3, 5, &f, Lang::En),
            "Cost per lead (CPL) and Return on investment (ROI): pooled over the 3 rows of 5 that have the numbers they need (a cost, a revenue)."
        );
        let f = crate::report::PlainFormat(Lang::Fr);
        assert_eq!(
            coverage_note(&[Kpi::Roi], 1, 2, &f, Lang::Fr),
            "Retour sur investissement (ROI) : calculé sur la 1 ligne sur 2 qui a les chiffres nécessaires (un coût, un chiffre d'affaires)."
        );
    }

    #[test]
    fn the_paste_example_imports_in_each_language() {
        use crate::import::{import, ImportOptions};
        for lang in [Lang::En, Lang::Fr] {
            let example = Ui::PasteExample.text(lang);
            let read = import(example.as_bytes(), &ImportOptions::default()).unwrap();
            let keys: Vec<_> = read.columns.iter().map(|c| c.field).collect();
            assert_eq!(
                keys,
                ["campaign", "cost", "leads", "converted", "revenue"].map(Some),
                "{lang:?}"
            );
            assert_eq!(read.combos.len(), 1);
            assert!(
                read.errors.is_empty() && read.warnings.is_empty(),
                "{lang:?}"
            );
        }
    }

    #[test]
    fn every_ui_text_and_field_label_exists_in_both_languages() {
        for &t in Ui::ALL {
            for lang in Lang::ALL {
                assert!(!t.text(lang).is_empty(), "{t:?}");
            }
        }
        let keys = crate::import::AggField::ALL
            .iter()
            .map(|f| f.key())
            .chain(crate::import::LeadField::ALL.iter().map(|f| f.key()));
        for key in keys {
            for lang in Lang::ALL {
                assert!(!field_label(key, lang).is_empty(), "{key}");
            }
        }
    }
}

#[cfg(test)]
mod group_texts {
    use super::*;

    /// Grouped by owner, a chart or the comparison speaks of owners, not campaigns,
    /// with French agreement.
    #[test]
    fn the_groups_are_named_after_their_dimension() {
        assert_eq!(by_dim(Dim::Owner, Lang::En), "By owner");
        assert_eq!(by_dim(Dim::Channel, Lang::Fr), "Par canal");
        assert_eq!(
            compare_title(Dim::Period, Lang::En),
            "Is one period really better?"
        );
        assert_eq!(
            compare_title(Dim::Campaign, Lang::Fr),
            "Une campagne est-elle vraiment meilleure ?"
        );
        assert_eq!(
            compare_title(Dim::Owner, Lang::Fr),
            "Un responsable est-il vraiment meilleur ?"
        );
        assert!(compare_help(Dim::Channel, Lang::Fr).contains("de deux canaux"));
        assert!(compare_needs(Dim::Owner, Lang::En).starts_with("Both owners"));
        assert_eq!(
            show_all(
                Dim::Channel,
                1200,
                &crate::report::PlainFormat(Lang::En),
                Lang::En
            ),
            "Show all channels (1,200)"
        );
        assert_eq!(
            show_all(
                Dim::Campaign,
                120,
                &crate::report::PlainFormat(Lang::Fr),
                Lang::Fr
            ),
            "Afficher toutes les campagnes (120)"
        );
        for dim in Dim::ALL {
            for lang in Lang::ALL {
                assert_ne!(dim.noun(1, lang), dim.noun(2, lang), "{dim:?} {lang:?}");
            }
        }
    }
}
