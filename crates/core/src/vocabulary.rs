//! The product's vocabularies as data: one row per input and one per KPI, each with
//! everything said and derived about it. A new KPI over existing inputs is one row of
//! [`Kpi`]'s table; a new input is one row of [`Input`]'s, then what the compiler
//! asks for (maps over the inputs are `[T; Input::COUNT]` and resize themselves).
//!
//! Texts sit in the rows with a column per language (indexed by [`Lang::index`]), so
//! that a third language is a third column.

use crate::lang::{Lang, Words};
use crate::texts::KpiText;
use Input as I;
use Numerator as Num;

/// A vocabulary in one table: each row a variant, its contract key and its data row.
/// Gives the enum, `ALL` (in the table's order), `COUNT`, `key`, `from_key`, `row`,
/// and a map type with a value per variant (`$map<T>`, indexed by the enum).
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident: $row:ty, $(#[$mapmeta:meta])* $map:ident {
        $($(#[$vmeta:meta])* $variant:ident => $key:literal, $data:expr;)*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* #[doc = concat!("`", $key, "`")] $variant,)* }

        impl $name {
            /// Every one, in the contract's order.
            pub const ALL: [$name; [$($name::$variant),*].len()] = [$($name::$variant),*];
            /// How many there are.
            pub const COUNT: usize = $name::ALL.len();

            /// The contract's key.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key,)* }
            }

            /// The one with this key.
            pub fn from_key(key: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.key() == key)
            }

            /// Its place in `ALL` (the index of maps over the vocabulary).
            pub fn index(self) -> usize {
                self as usize
            }

            /// Its row of the table: everything the product knows about it.
            pub fn row(self) -> &'static $row {
                const ROWS: [$row; $name::COUNT] = [$($data),*];
                &ROWS[self as usize]
            }
        }

        $(#[$mapmeta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub struct $map<T>(pub [T; $name::COUNT]);

        impl<T> $map<T> {
            /// A map whose value for each key is `f(key)`.
            pub fn from_fn(mut f: impl FnMut($name) -> T) -> Self {
                $map(std::array::from_fn(|i| f($name::ALL[i])))
            }

            /// Each key with its value, in the table's order.
            pub fn iter(&self) -> impl Iterator<Item = ($name, &T)> + '_ {
                $name::ALL.into_iter().zip(self.0.iter())
            }

            /// The map of `f` over the values.
            pub fn map<U>(&self, mut f: impl FnMut($name, &T) -> U) -> $map<U> {
                $map::from_fn(|k| f(k, &self[k]))
            }
        }

        impl<T: Default> Default for $map<T> {
            fn default() -> Self {
                $map::from_fn(|_| T::default())
            }
        }

        impl<T> std::ops::Index<$name> for $map<T> {
            type Output = T;
            fn index(&self, key: $name) -> &T {
                &self.0[key as usize]
            }
        }

        impl<T> std::ops::IndexMut<$name> for $map<T> {
            fn index_mut(&mut self, key: $name) -> &mut T {
                &mut self.0[key as usize]
            }
        }
    };
}

/// What the product knows about an input.
#[derive(Clone, Copy, Debug)]
pub struct InputRow {
    /// What kind of number it holds, which decides what values are valid.
    pub kind: InputKind,
    /// The calculator's group of fields it belongs to.
    pub group: Group,
    /// Its label ("Leads", "Coût"), per language.
    pub label: Words,
    /// Its name inside a sentence ("the number of leads"), per language.
    pub phrase: Words,
    /// The noun after a count in a worked formula ("200 leads"); empty for amounts.
    pub noun: Words,
    /// Normalised header names that mean it in a campaign file (contract §2a).
    pub synonyms: &'static [&'static str],
}

/// The kinds of input numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    /// A whole number ≥ 0.
    Count,
    /// An amount ≥ 0.
    Money,
    /// An amount, possibly negative (a refund-heavy revenue).
    SignedMoney,
    /// A number of days ≥ 0, possibly fractional (a mean).
    Days,
}

/// The calculator's groups of fields, as a user thinks of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// What was spent.
    Spend,
    /// Leads and what became of them.
    Funnel,
    /// Messages and replies.
    Outreach,
    /// Revenue, cycle and satisfaction.
    Outcome,
}

impl Group {
    /// Every group, in the calculator's order.
    pub const ALL: [Group; 4] = [Group::Spend, Group::Funnel, Group::Outreach, Group::Outcome];

    /// Its inputs, in the contract's order.
    pub fn inputs(self) -> impl Iterator<Item = Input> {
        Input::ALL
            .into_iter()
            .filter(move |i| i.row().group == self)
    }
}

vocabulary! {
    /// A number a campaign is described by: the keys of contract §2a, less the texts.
    Input: InputRow,
    /// A value per input.
    PerInput {
        Cost => "cost", InputRow {
            kind: InputKind::Money,
            group: Group::Spend,
            label: ["Cost", "Coût"],
            phrase: ["the campaign's cost", "le coût de la campagne"],
            noun: ["", ""],
            synonyms: &["cost", "total cost", "spend", "cout", "cout total", "depenses", "budget depense"],
        };
        Leads => "leads", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Leads", "Leads"],
            phrase: ["the number of leads", "le nombre de leads"],
            noun: ["leads", "leads"],
            synonyms: &["leads", "leads generated", "total leads", "prospects", "leads generes", "prospects generes"],
        };
        Contacted => "contacted", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Contacted", "Contactés"],
            phrase: ["the number of prospects contacted", "le nombre de prospects contactés"],
            noun: ["contacted", "contactés"],
            synonyms: &["contacted", "prospects contacted", "contactes", "prospects contactes"],
        };
        Meetings => "meetings", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Meetings", "Rendez-vous"],
            phrase: ["the number of meetings", "le nombre de rendez-vous"],
            noun: ["meetings", "rendez-vous"],
            synonyms: &["meetings", "meetings booked", "appointments", "rendez vous", "rdv"],
        };
        Qualified => "qualified", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Qualified (SQL)", "Qualifiés (SQL)"],
            phrase: ["the number of qualified leads", "le nombre de leads qualifiés"],
            noun: ["qualified", "qualifiés"],
            synonyms: &["qualified", "qualified leads", "sql", "leads qualifies", "qualifies"],
        };
        Converted => "converted", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Customers won", "Clients gagnés"],
            phrase: ["the number of customers won", "le nombre de clients gagnés"],
            noun: ["customers", "clients"],
            synonyms: &["converted", "customers", "clients", "won", "deals won", "convertis", "clients convertis"],
        };
        Abandoned => "abandoned", InputRow {
            kind: InputKind::Count,
            group: Group::Funnel,
            label: ["Lost", "Perdus"],
            phrase: ["the number of lost prospects", "le nombre de prospects perdus"],
            noun: ["lost", "perdus"],
            synonyms: &["abandoned", "lost", "dropped", "abandonnes", "perdus", "prospects abandonnes"],
        };
        MessagesSent => "messages_sent", InputRow {
            kind: InputKind::Count,
            group: Group::Outreach,
            label: ["Messages sent", "Messages envoyés"],
            phrase: ["the number of messages sent", "le nombre de messages envoyés"],
            noun: ["messages", "messages"],
            synonyms: &["messages sent", "emails sent", "messages envoyes", "envois"],
        };
        Responses => "responses", InputRow {
            kind: InputKind::Count,
            group: Group::Outreach,
            label: ["Responses", "Réponses"],
            phrase: ["the number of responses", "le nombre de réponses"],
            noun: ["responses", "réponses"],
            synonyms: &["responses", "replies", "reponses"],
        };
        Revenue => "revenue", InputRow {
            kind: InputKind::SignedMoney,
            group: Group::Outcome,
            label: ["Revenue", "Chiffre d'affaires"],
            phrase: ["the revenue", "le chiffre d'affaires"],
            noun: ["", ""],
            synonyms: &["revenue", "sales", "chiffre d affaires", "ca", "revenus"],
        };
        CycleDays => "cycle_days", InputRow {
            kind: InputKind::Days,
            group: Group::Outcome,
            label: ["Sales cycle (days)", "Cycle de vente (jours)"],
            phrase: ["the sales-cycle length in days", "la durée du cycle de vente en jours"],
            noun: ["", ""],
            synonyms: &["sales cycle days", "cycle days", "duree du cycle", "duree moyenne du cycle jours", "cycle de vente jours"],
        };
        Surveyed => "surveyed", InputRow {
            kind: InputKind::Count,
            group: Group::Outcome,
            label: ["Customers surveyed", "Clients interrogés"],
            phrase: ["the number of customers surveyed", "le nombre de clients interrogés"],
            noun: ["surveyed", "interrogés"],
            synonyms: &["surveyed", "survey responses", "repondants", "reponses a l enquete"],
        };
        Satisfied => "satisfied", InputRow {
            kind: InputKind::Count,
            group: Group::Outcome,
            label: ["Satisfied customers", "Clients satisfaits"],
            phrase: ["the number of satisfied customers", "le nombre de clients satisfaits"],
            noun: ["satisfied", "satisfaits"],
            synonyms: &["satisfied", "satisfied customers", "satisfaits", "clients satisfaits"],
        };
    }
}

impl Input {
    /// What kind of number the input holds.
    pub fn kind(self) -> InputKind {
        self.row().kind
    }

    /// Its label in a language.
    pub fn label(self, lang: Lang) -> &'static str {
        self.row().label[lang.index()]
    }
}

/// How a KPI's value reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A percentage (rates and the ROI).
    Percent,
    /// An amount in the campaign's currency.
    Money,
    /// A number of days.
    Days,
}

/// Which way a KPI improves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    /// Higher is better (conversion).
    Higher,
    /// Lower is better (cost per lead).
    Lower,
}

/// The numerator of a KPI's ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numerator {
    /// An input as it is.
    Input(Input),
    /// revenue − cost, for the ROI.
    Profit,
    /// Σ days of the sales cycles (cycle_days × converted without a histogram).
    CycleDays,
}

impl Numerator {
    /// The inputs it reads.
    pub fn inputs(self) -> &'static [Input] {
        match self {
            Numerator::Input(i) => std::slice::from_ref(&INPUTS[i as usize]),
            Numerator::Profit => &[I::Revenue, I::Cost],
            Numerator::CycleDays => &[I::CycleDays],
        }
    }
}

static INPUTS: [Input; Input::COUNT] = Input::ALL;

/// How a KPI is computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Formula {
    /// `numerator / denominator × scale`, pooled as Σ numerator / Σ denominator.
    Ratio {
        /// What is counted or summed.
        numerator: Numerator,
        /// What it is divided by.
        denominator: Input,
        /// 100 for percentages, else 1.
        scale: f64,
    },
    /// The median of lead cycles' days (lead files only).
    Median,
}

const fn ratio(numerator: Numerator, denominator: Input, scale: f64) -> Formula {
    Formula::Ratio {
        numerator,
        denominator,
        scale,
    }
}

/// What the product knows about a dimension.
#[derive(Clone, Copy, Debug)]
pub struct DimRow {
    /// Its name for a reader, per language.
    pub name: Words,
    /// What one of its values is, in a sentence ("2 channels", "par canal"): one, then
    /// several, per language.
    pub noun: [Words; 2],
    /// Whether the French noun is feminine ("une campagne", "un canal").
    pub feminine: bool,
}

vocabulary! {
    /// A dimension rows can be grouped and filtered by (contract §5).
    Dim: DimRow,
    /// A value per dimension.
    PerDim {
        Campaign => "campaign", DimRow {
            name: ["Campaign", "Campagne"],
            noun: [["campaign", "campagne"], ["campaigns", "campagnes"]],
            feminine: true,
        };
        Channel => "channel", DimRow {
            name: ["Channel", "Canal"],
            noun: [["channel", "canal"], ["channels", "canaux"]],
            feminine: false,
        };
        Owner => "owner", DimRow {
            name: ["Owner", "Responsable"],
            noun: [["owner", "responsable"], ["owners", "responsables"]],
            feminine: false,
        };
        Period => "period", DimRow {
            name: ["Period", "Période"],
            noun: [["period", "période"], ["periods", "périodes"]],
            feminine: true,
        };
    }
}

/// What the product knows about a KPI.
#[derive(Clone, Copy, Debug)]
pub struct KpiRow {
    /// How its value reads.
    pub unit: Unit,
    /// Which way it improves.
    pub better: Better,
    /// How it is computed.
    pub formula: Formula,
    /// A share of counts (successes ÷ trials), which has a Wilson interval.
    pub proportion: bool,
    /// Its name, formula in words, meaning and goal, per language.
    pub texts: [KpiText; Lang::COUNT],
}

vocabulary! {
    /// The KPIs of contract §1, in its order.
    Kpi: KpiRow,
    /// A value per KPI.
    PerKpi {
        ConversionRate => "conversion_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Converted), I::Leads, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Lead conversion rate",
                    formula: "Converted leads ÷ leads generated × 100",
                    meaning: "The share of prospects who became paying customers: how well the campaign turns leads into sales.",
                    goal: "Raise it by generating better-qualified leads and adjusting the sales approach.",
                },
                KpiText {
                    name: "Taux de conversion des leads",
                    formula: "Leads convertis ÷ leads générés × 100",
                    meaning: "La part des prospects devenus clients : la capacité de la campagne à transformer les leads en ventes.",
                    goal: "L'augmenter en générant des leads de meilleure qualité et en ajustant l'approche commerciale.",
                },
            ],
        };
        CostPerLead => "cost_per_lead", KpiRow {
            unit: Unit::Money,
            better: Better::Lower,
            formula: ratio(Num::Input(I::Cost), I::Leads, 1.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Cost per lead (CPL)",
                    formula: "Total campaign cost ÷ leads generated",
                    meaning: "What each lead costs you: a low CPL means prospects come cheaply and the campaign pays better.",
                    goal: "Lower it by optimising your prospecting channels and targeting the right market segments.",
                },
                KpiText {
                    name: "Coût par lead (CPL)",
                    formula: "Coût total de la campagne ÷ leads générés",
                    meaning: "Ce que vous coûte chaque lead : un CPL bas signifie des prospects obtenus à moindre coût et une campagne plus rentable.",
                    goal: "Le réduire en optimisant les canaux de prospection et en ciblant les bons segments de marché.",
                },
            ],
        };
        Roi => "roi", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Profit, I::Cost, 100.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Return on investment (ROI)",
                    formula: "(Revenue from converted leads − total cost) ÷ total cost × 100",
                    meaning: "What the campaign earns for each unit of money spent on it: its financial performance.",
                    goal: "Maximise it by improving every step, from lead generation to conversion.",
                },
                KpiText {
                    name: "Retour sur investissement (ROI)",
                    formula: "(Revenus des leads convertis − coût total) ÷ coût total × 100",
                    meaning: "Ce que rapporte chaque euro dépensé dans la campagne : sa performance financière.",
                    goal: "Le maximiser en optimisant chaque étape, de la génération de leads à la conversion.",
                },
            ],
        };
        QualificationRate => "qualification_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Qualified), I::Leads, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Lead qualification rate (SQL)",
                    formula: "Sales-qualified leads ÷ leads generated × 100",
                    meaning: "The share of leads ready for sales: it measures lead quality and shows who is most likely to buy.",
                    goal: "Raise it by sharpening your qualification criteria and your targeting.",
                },
                KpiText {
                    name: "Taux de qualification des leads (SQL)",
                    formula: "Leads qualifiés pour la vente ÷ leads générés × 100",
                    meaning: "La part des leads prêts pour la vente : il mesure la qualité des leads et montre ceux qui ont le plus de chances d'acheter.",
                    goal: "L'améliorer en affinant vos critères de qualification et votre ciblage.",
                },
            ],
        };
        ContactRate => "contact_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Contacted), I::Leads, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Contact rate",
                    formula: "Prospects contacted ÷ leads generated × 100",
                    meaning: "The share of prospects you actually reached: how effective your follow-up is.",
                    goal: "Raise it with the communication channels that work and better prospecting scripts.",
                },
                KpiText {
                    name: "Taux de contact",
                    formula: "Prospects contactés ÷ leads générés × 100",
                    meaning: "La part des prospects réellement joints : l'efficacité de votre stratégie de suivi.",
                    goal: "L'augmenter avec des canaux de communication efficaces et des scripts de prospection optimisés.",
                },
            ],
        };
        MeetingRate => "meeting_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Meetings), I::Leads, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Meeting-booked rate",
                    formula: "Meetings booked ÷ leads generated × 100",
                    meaning: "The share of prospects who agreed to a meeting: how well outreach turns into real conversations.",
                    goal: "Raise it with effective channels, sharper scripts and an easy way to book a slot.",
                },
                KpiText {
                    name: "Taux de prise de rendez-vous",
                    formula: "Rendez-vous obtenus ÷ leads générés × 100",
                    meaning: "La part des prospects qui ont accepté un rendez-vous : la capacité de vos relances à ouvrir une vraie conversation.",
                    goal: "L'augmenter avec des canaux efficaces, des scripts plus percutants et une prise de rendez-vous simple.",
                },
            ],
        };
        SalesCycleDays => "sales_cycle_days", KpiRow {
            unit: Unit::Days,
            better: Better::Lower,
            formula: ratio(Num::CycleDays, I::Converted, 1.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Sales-cycle length (mean)",
                    formula: "Mean number of days from first contact to conversion",
                    meaning: "How long it takes on average to turn a prospect into a customer: shorter means more efficient prospecting.",
                    goal: "Shorten it by improving the sales process and removing the obstacles along the way.",
                },
                KpiText {
                    name: "Durée du cycle de vente (moyenne)",
                    formula: "Nombre moyen de jours entre le premier contact et la conversion",
                    meaning: "Le temps moyen pour transformer un prospect en client : plus il est court, plus la prospection est efficace.",
                    goal: "La réduire en améliorant le processus de vente et en levant les obstacles.",
                },
            ],
        };
        SalesCycleMedianDays => "sales_cycle_median_days", KpiRow {
            unit: Unit::Days,
            better: Better::Lower,
            formula: Formula::Median,
            proportion: false,
            texts: [
                KpiText {
                    name: "Sales-cycle length (median)",
                    formula: "Median number of days from first contact to conversion",
                    meaning: "The typical cycle: half of the customers converted faster, half slower. A few very long deals do not move it.",
                    goal: "Shorten it by improving the sales process and removing the obstacles along the way.",
                },
                KpiText {
                    name: "Durée du cycle de vente (médiane)",
                    formula: "Nombre médian de jours entre le premier contact et la conversion",
                    meaning: "Le cycle typique : la moitié des clients ont converti plus vite, l'autre moitié plus lentement. Quelques affaires très longues ne la faussent pas.",
                    goal: "La réduire en améliorant le processus de vente et en levant les obstacles.",
                },
            ],
        };
        AbandonmentRate => "abandonment_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Lower,
            formula: ratio(Num::Input(I::Abandoned), I::Leads, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Prospect abandonment rate",
                    formula: "Prospects lost ÷ leads generated × 100",
                    meaning: "The share of prospects who dropped out before buying: a high rate points at problems in your approach or follow-up.",
                    goal: "Lower it by finding and treating the reasons prospects leave, such as weak follow-up or ill-fitting offers.",
                },
                KpiText {
                    name: "Taux d'abandon des prospects",
                    formula: "Prospects perdus ÷ leads générés × 100",
                    meaning: "La part des prospects qui ont abandonné avant d'acheter : un taux élevé signale un problème d'approche ou de suivi.",
                    goal: "Le réduire en identifiant et en traitant les raisons de l'abandon, comme un suivi insuffisant ou une offre mal adaptée.",
                },
            ],
        };
        ResponseRate => "response_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Responses), I::MessagesSent, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Campaign response rate",
                    formula: "Responses received ÷ messages sent × 100",
                    meaning: "The share of your emails, calls or social messages that got an answer.",
                    goal: "Raise it by adjusting the content and the timing of your messages to catch your prospects' attention.",
                },
                KpiText {
                    name: "Taux de réponse des campagnes",
                    formula: "Réponses reçues ÷ messages envoyés × 100",
                    meaning: "La part de vos e-mails, appels ou messages sur les réseaux sociaux qui ont obtenu une réponse.",
                    goal: "L'augmenter en ajustant le contenu et le moment de vos messages pour mieux capter l'attention des prospects.",
                },
            ],
        };
        SatisfactionRate => "satisfaction_rate", KpiRow {
            unit: Unit::Percent,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Satisfied), I::Surveyed, 100.0),
            proportion: true,
            texts: [
                KpiText {
                    name: "Customer satisfaction (CSAT)",
                    formula: "Satisfied customers (score 4 or 5 out of 5) ÷ customers surveyed × 100",
                    meaning: "How the campaign's new customers feel about their experience: high satisfaction lifts conversions in the long run.",
                    goal: "Keep it high by giving excellent service and answering customers' needs well.",
                },
                KpiText {
                    name: "Taux de satisfaction client (CSAT)",
                    formula: "Clients satisfaits (note de 4 ou 5 sur 5) ÷ clients interrogés × 100",
                    meaning: "Ce que les nouveaux clients pensent de leur expérience : une satisfaction élevée améliore la conversion à long terme.",
                    goal: "Le maintenir élevé en offrant un excellent service et en répondant efficacement aux besoins des clients.",
                },
            ],
        };
        CostPerCustomer => "cost_per_customer", KpiRow {
            unit: Unit::Money,
            better: Better::Lower,
            formula: ratio(Num::Input(I::Cost), I::Converted, 1.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Cost per customer (CAC)",
                    formula: "Total campaign cost ÷ customers won",
                    meaning: "What each new customer costs you: compare it with what a customer brings in.",
                    goal: "Lower it by raising the conversion rate or the cost per lead, whichever lags.",
                },
                KpiText {
                    name: "Coût d'acquisition client (CAC)",
                    formula: "Coût total de la campagne ÷ clients gagnés",
                    meaning: "Ce que vous coûte chaque nouveau client : à comparer avec ce qu'un client rapporte.",
                    goal: "Le réduire en améliorant le taux de conversion ou le coût par lead, selon celui qui pèche.",
                },
            ],
        };
        RevenuePerLead => "revenue_per_lead", KpiRow {
            unit: Unit::Money,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Revenue), I::Leads, 1.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Revenue per lead",
                    formula: "Revenue from converted leads ÷ leads generated",
                    meaning: "What each lead brings in on average: the most a lead may cost you before the campaign loses money.",
                    goal: "Raise it with better-qualified leads and larger deals.",
                },
                KpiText {
                    name: "Revenu par lead",
                    formula: "Revenus des leads convertis ÷ leads générés",
                    meaning: "Ce que rapporte un lead en moyenne : le coût par lead au-delà duquel la campagne perd de l'argent.",
                    goal: "L'augmenter avec des leads mieux qualifiés et des affaires plus importantes.",
                },
            ],
        };
        AverageDealValue => "average_deal_value", KpiRow {
            unit: Unit::Money,
            better: Better::Higher,
            formula: ratio(Num::Input(I::Revenue), I::Converted, 1.0),
            proportion: false,
            texts: [
                KpiText {
                    name: "Average deal value",
                    formula: "Revenue from converted leads ÷ customers won",
                    meaning: "The average size of a won deal.",
                    goal: "Raise it by targeting larger accounts and offering upgrades or bundles.",
                },
                KpiText {
                    name: "Panier moyen",
                    formula: "Revenus des leads convertis ÷ clients gagnés",
                    meaning: "La valeur moyenne d'une affaire gagnée.",
                    goal: "L'augmenter en ciblant des comptes plus importants et en proposant montées en gamme ou offres groupées.",
                },
            ],
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::normalise;

    #[test]
    fn every_kpi_row_is_complete_and_consistent() {
        for kpi in Kpi::ALL {
            let row = kpi.row();
            assert_eq!(Kpi::from_key(kpi.key()), Some(kpi));
            for lang in Lang::ALL {
                let t = row.texts[lang.index()];
                for text in [t.name, t.formula, t.meaning, t.goal] {
                    assert!(!text.trim().is_empty(), "{kpi:?} {lang:?}");
                }
            }
            // A rate is a share of counts, and says so in its key.
            assert_eq!(row.proportion, kpi.key().ends_with("_rate"), "{kpi:?}");
            match row.formula {
                Formula::Ratio {
                    numerator,
                    denominator,
                    scale,
                } => {
                    assert_eq!(scale == 100.0, row.unit == Unit::Percent, "{kpi:?}");
                    assert!(scale == 1.0 || scale == 100.0, "{kpi:?}");
                    if row.proportion {
                        let Numerator::Input(n) = numerator else {
                            panic!("{kpi:?}: a rate's numerator is a count");
                        };
                        assert_eq!(n.kind(), InputKind::Count, "{kpi:?}");
                        assert_eq!(denominator.kind(), InputKind::Count, "{kpi:?}");
                    }
                }
                Formula::Median => assert!(!row.proportion),
            }
            assert!(kpi.inputs().count() >= 1);
        }
    }

    #[test]
    fn every_input_row_is_complete_and_its_synonyms_are_its_own() {
        let mut seen: Vec<(&str, Input)> = Vec::new();
        for input in Input::ALL {
            let row = input.row();
            assert_eq!(Input::from_key(input.key()), Some(input));
            for lang in Lang::ALL {
                assert!(!input.label(lang).is_empty(), "{input:?} {lang:?}");
                assert!(!row.phrase[lang.index()].is_empty(), "{input:?} {lang:?}");
                // Counts read "200 leads" in a worked formula; amounts have no noun.
                let noun = row.noun[lang.index()];
                assert_eq!(noun.is_empty(), row.kind != InputKind::Count, "{input:?}");
            }
            assert!(Group::ALL.contains(&row.group));
            assert!(row.group.inputs().any(|i| i == input));
            assert!(!row.synonyms.is_empty(), "{input:?}");
            for &s in row.synonyms {
                assert_eq!(normalise(s), s, "{input:?}: synonyms are normalised");
                if let Some((_, other)) = seen.iter().find(|(t, _)| *t == s) {
                    panic!("{s:?} means both {other:?} and {input:?}");
                }
                seen.push((s, input));
            }
        }
    }

    #[test]
    fn maps_are_indexed_by_their_vocabulary() {
        let mut m: PerKpi<u32> = PerKpi::default();
        m[Kpi::Roi] += 2;
        assert_eq!(m.iter().filter(|(_, &v)| v == 2).count(), 1);
        assert_eq!(
            m.map(|k, &v| (k == Kpi::Roi) == (v == 2)).0,
            [true; Kpi::COUNT]
        );
        let labels = PerInput::from_fn(|i| i.label(Lang::Fr));
        assert_eq!(labels[Input::Cost], "Coût");
    }
}
