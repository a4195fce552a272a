//! Which column is which: the fields of both file kinds, their synonyms (contract
//! §2a and §2b), and the mapping of a header onto them.

use super::values::normalise;
use super::{Notice, Warning};
use crate::kpi::Input;

/// The kind of file, told by its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// One row per campaign, with a `leads` column.
    Aggregate,
    /// One row per lead: a CRM export.
    Leads,
}

impl FileKind {
    /// The contract's key: `aggregate` or `leads`.
    pub fn key(self) -> &'static str {
        match self {
            FileKind::Aggregate => "aggregate",
            FileKind::Leads => "leads",
        }
    }
}

/// A field of an aggregate file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggField {
    /// The campaign's name.
    Campaign,
    /// The channel.
    Channel,
    /// The owner or sales rep.
    Owner,
    /// The month or quarter.
    Period,
    /// A number of contract §2a.
    Input(Input),
}

/// A field of a lead file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadField {
    /// The lead's identifier.
    LeadId,
    /// The campaign that brought the lead.
    Campaign,
    /// The channel that brought the lead.
    Channel,
    /// The owner or sales rep.
    Owner,
    /// The creation date.
    Created,
    /// The date of first contact.
    FirstContact,
    /// Whether (or when) the lead was contacted.
    Contacted,
    /// Whether (or when) a meeting was booked.
    Meeting,
    /// Whether (or when) the lead was qualified.
    Qualified,
    /// Whether (or when) the lead became a customer.
    Converted,
    /// Whether (or when) the lead was lost.
    Lost,
    /// The close date: conversion if won, loss if lost.
    Closed,
    /// Why the lead was lost.
    LostReason,
    /// The stage or status, read through the stage vocabulary.
    Stage,
    /// The deal's revenue.
    Revenue,
    /// The currency of the amounts.
    Currency,
    /// The cost spent on the lead.
    Cost,
    /// Messages sent to the lead.
    MessagesSent,
    /// Whether the lead replied.
    Responded,
    /// A satisfaction score from 1 to 5.
    Satisfaction,
}

const CAMPAIGN: &[&str] = &[
    "campaign",
    "campaign name",
    "name",
    "campagne",
    "nom",
    "nom de la campagne",
];
const CHANNEL: &[&str] = &["channel", "canal", "source"];
const AGG_OWNER: &[&str] = &[
    "owner",
    "sales rep",
    "rep",
    "sdr",
    "commercial",
    "responsable",
];
const PERIOD: &[&str] = &["period", "month", "quarter", "periode", "mois", "trimestre"];

/// The entities a CRM names in `Entity - Field` headers (Pipedrive's `Deal - Value`)
/// that are the row's own: such a header is matched by its field part.
const OWN_ENTITIES: &[&str] = &[
    "deal",
    "affaire",
    "lead",
    "piste",
    "opportunity",
    "opportunite",
    "transaction",
];

impl AggField {
    /// Every field, in the contract's order.
    pub const ALL: [AggField; 17] = [
        AggField::Campaign,
        AggField::Channel,
        AggField::Owner,
        AggField::Period,
        AggField::Input(Input::Cost),
        AggField::Input(Input::Leads),
        AggField::Input(Input::Contacted),
        AggField::Input(Input::Meetings),
        AggField::Input(Input::Qualified),
        AggField::Input(Input::Converted),
        AggField::Input(Input::Abandoned),
        AggField::Input(Input::MessagesSent),
        AggField::Input(Input::Responses),
        AggField::Input(Input::Revenue),
        AggField::Input(Input::CycleDays),
        AggField::Input(Input::Surveyed),
        AggField::Input(Input::Satisfied),
    ];

    /// The contract's key.
    pub fn key(self) -> &'static str {
        match self {
            AggField::Campaign => "campaign",
            AggField::Channel => "channel",
            AggField::Owner => "owner",
            AggField::Period => "period",
            AggField::Input(i) => i.key(),
        }
    }

    /// Normalised header names that mean the field.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            AggField::Campaign => CAMPAIGN,
            AggField::Channel => CHANNEL,
            AggField::Owner => AGG_OWNER,
            AggField::Period => PERIOD,
            AggField::Input(i) => i.row().synonyms,
        }
    }
}

impl LeadField {
    /// Every field, in the contract's order.
    pub const ALL: [LeadField; 20] = [
        LeadField::LeadId,
        LeadField::Campaign,
        LeadField::Channel,
        LeadField::Owner,
        LeadField::Created,
        LeadField::FirstContact,
        LeadField::Contacted,
        LeadField::Meeting,
        LeadField::Qualified,
        LeadField::Converted,
        LeadField::Lost,
        LeadField::Closed,
        LeadField::LostReason,
        LeadField::Stage,
        LeadField::Revenue,
        LeadField::Currency,
        LeadField::Cost,
        LeadField::MessagesSent,
        LeadField::Responded,
        LeadField::Satisfaction,
    ];

    /// The contract's key.
    pub fn key(self) -> &'static str {
        match self {
            LeadField::LeadId => "lead_id",
            LeadField::Campaign => "campaign",
            LeadField::Channel => "channel",
            LeadField::Owner => "owner",
            LeadField::Created => "created",
            LeadField::FirstContact => "first_contact",
            LeadField::Contacted => "contacted",
            LeadField::Meeting => "meeting",
            LeadField::Qualified => "qualified",
            LeadField::Converted => "converted",
            LeadField::Lost => "lost",
            LeadField::Closed => "closed",
            LeadField::LostReason => "lost_reason",
            LeadField::Stage => "stage",
            LeadField::Revenue => "revenue",
            LeadField::Currency => "currency",
            LeadField::Cost => "cost",
            LeadField::MessagesSent => "messages_sent",
            LeadField::Responded => "responded",
            LeadField::Satisfaction => "satisfaction",
        }
    }

    /// Synonyms beyond those shared with aggregate files.
    pub fn synonyms(self) -> &'static [&'static str] {
        match self {
            LeadField::LeadId => &[
                "lead id",
                "id",
                "record id",
                "contact id",
                "identifiant",
                "id de fiche d informations",
            ],
            LeadField::Campaign => &["utm campaign", "primary campaign source", "campaign source"],
            LeadField::Channel => &[
                "original source",
                "lead source",
                "source channel",
                "origine de la piste",
                "source de la piste",
                "canal source",
                // HubSpot's API name of the original source.
                "hs analytics source",
            ],
            LeadField::Owner => &[
                "owner",
                "lead owner",
                "deal owner",
                "contact owner",
                "opportunity owner",
                "sales rep",
                "rep",
                "sdr",
                "commercial",
                "proprietaire",
                "proprietaire du contact",
                "proprietaire de la transaction",
                "proprietaire du prospect",
                "proprietaire de la piste",
                "responsable",
                // An API export's (Salesforce's `Owner.Name`).
                "owner name",
            ],
            LeadField::Created => &[
                "created",
                "create date",
                "created at",
                "created date",
                "created time",
                "creation date",
                "deal created",
                "date de creation",
                "affaire creee",
                // API exports: HubSpot's `createdate`, Pipedrive's `add_time`.
                "createdate",
                "add time",
            ],
            LeadField::FirstContact => &[
                "first contact",
                "first contact date",
                "premier contact",
                "date premier contact",
            ],
            LeadField::Contacted => &["contacted", "contacte"],
            LeadField::Meeting => &[
                "meeting",
                "meeting booked",
                "meeting date",
                "rendez vous",
                "date rendez vous",
            ],
            LeadField::Qualified => &[
                "qualified",
                "qualified date",
                "became a sales qualified lead date",
                "qualifie",
                "date qualification",
            ],
            LeadField::Converted => &[
                "converted",
                "won",
                "became a customer date",
                "conversion date",
                "converted date",
                "won time",
                "won date",
                "converti",
                "date de conversion",
                "date de gain",
                // Salesforce's `IsWon` (true / false).
                "is won",
            ],
            LeadField::Lost => &[
                "lost",
                "abandoned",
                "lost date",
                "lost time",
                "perdu",
                "abandonne",
                "date abandon",
                "date de perte",
            ],
            LeadField::Closed => &[
                "close date",
                "closed date",
                "closing date",
                "date de fermeture",
                "date de cloture",
                // Pipedrive's `Deal - Closed on` / `Deal - Deal closed on`.
                "closed on",
                "deal closed on",
                // HubSpot's API name.
                "closedate",
            ],
            LeadField::LostReason => &[
                "lost reason",
                "reason lost",
                "closed lost reason",
                "loss reason",
                "raison de la perte",
                "motif de perte",
                "raison d abandon",
                "motif d abandon",
                // Zoho CRM's deals.
                "reason for loss",
            ],
            LeadField::Stage => &[
                "stage",
                "status",
                "lifecycle stage",
                "lead status",
                "deal status",
                "deal stage",
                "statut",
                "etape",
                "phase de la transaction",
                "statut de la piste",
                "statut du prospect",
                // Pipedrive's `Deal - Stage (pipeline)`, HubSpot's French contacts.
                "stage pipeline",
                "phase du cycle de vie",
                "statut du lead",
                // API exports: Salesforce's `StageName`, HubSpot's property names.
                "stage name",
                "lifecyclestage",
                "dealstage",
                "hs lead status",
            ],
            LeadField::Revenue => &[
                "revenue",
                "amount",
                "deal value",
                "value",
                "total revenue",
                "montant",
                "valeur",
                "chiffre d affaires",
            ],
            LeadField::Currency => &["currency", "currency of value", "devise"],
            LeadField::Cost => &["cost", "cout"],
            LeadField::MessagesSent => &["messages sent", "emails sent", "messages envoyes"],
            LeadField::Responded => &["responded", "replied", "a repondu"],
            LeadField::Satisfaction => &[
                "satisfaction",
                "csat",
                "satisfaction score",
                "note de satisfaction",
            ],
        }
    }

    fn matches(self, normalised: &str) -> bool {
        let shared: &[&str] = match self {
            LeadField::Campaign => CAMPAIGN,
            LeadField::Channel => CHANNEL,
            _ => &[],
        };
        shared.contains(&normalised) || self.synonyms().contains(&normalised)
    }

    /// Whether the field makes a header a lead file's (contract §2b).
    fn marks_lead_file(self) -> bool {
        matches!(
            self,
            LeadField::Stage
                | LeadField::Contacted
                | LeadField::FirstContact
                | LeadField::Qualified
                | LeadField::Converted
                | LeadField::Lost
        )
    }
}

/// A user's choice for a column, made in the mapping panel: a field key of the
/// file's kind, or `None` to ignore the column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnOverride {
    /// The column's position in the header.
    pub column: usize,
    /// The field key it is read as; `None` to ignore it.
    pub field: Option<String>,
}

/// The header mapped onto one kind's fields: `fields[i]` is column i's field.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping<F> {
    pub fields: Vec<Option<F>>,
}

impl<F: Copy + PartialEq> Mapping<F> {
    /// The first column of a field, if any.
    #[cfg(test)]
    pub fn column(&self, field: F) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    /// Every column of a field, left to right: several are combined (contract §2).
    pub fn columns(&self, field: F) -> Vec<usize> {
        (0..self.fields.len())
            .filter(|&i| self.fields[i] == Some(field))
            .collect()
    }
}

/// A header as the import saw it: each column's text and the key it became.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The column's header as written.
    pub header: String,
    /// The field key it is read as, if any.
    pub field: Option<&'static str>,
}

/// The header mapped for the kind it shows, or `None` when it shows none.
pub enum Header {
    Aggregate(Mapping<AggField>),
    Leads(Mapping<LeadField>),
}

/// Maps a header; user overrides replace a column's text by the chosen key (every
/// key is its own synonym) and win over automatic matches.
pub fn map_header(
    headers: &[String],
    overrides: &[ColumnOverride],
    warnings: &mut Vec<Warning>,
) -> Option<Header> {
    let mut names: Vec<String> = headers.iter().map(|h| header_name(h)).collect();
    let mut forced = vec![false; names.len()];
    let n = names.len();
    for o in overrides.iter().filter(|o| o.column < n) {
        // A field chosen by hand is matched by its key (`\0` + key never is a header).
        names[o.column] = o
            .field
            .as_deref()
            .map(|k| format!("\0{k}"))
            .unwrap_or_default();
        forced[o.column] = true;
    }
    // Beside a first name, `Name` / `Nom` is a person's (a CRM's contacts or leads),
    // not a campaign: such a column is left unknown.
    if names.iter().any(|n| n == "first name" || n == "prenom") {
        for (i, n) in names.iter_mut().enumerate() {
            if !forced[i] && (n == "name" || n == "nom") {
                *n = format!("person {n}");
            }
        }
    }
    let is_leads = |n: &String| {
        by_key(n, "leads")
            || AggField::Input(Input::Leads)
                .synonyms()
                .contains(&n.as_str())
    };
    if names.iter().any(is_leads) {
        let fields = assign(headers, &names, &forced, warnings, |n| {
            AggField::ALL
                .into_iter()
                .find(|f| by_key(n, f.key()) || f.synonyms().contains(&n))
                .map(|f| (f, f.key()))
        });
        return Some(Header::Aggregate(Mapping { fields }));
    }
    let lead = |n: &str| {
        LeadField::ALL
            .into_iter()
            .find(|f| by_key(n, f.key()) || f.matches(n))
            .map(|f| (f, f.key()))
    };
    // A CRM's lead list (Pipedrive's `Lead - Title`, …) is a lead file even before
    // any lead has a stage: its leads are counted per channel, owner and month.
    let lead_entity = headers.iter().any(|h| {
        h.split_once(" - ")
            .is_some_and(|(e, _)| matches!(normalise(e).as_str(), "lead" | "piste"))
    });
    if lead_entity
        || names
            .iter()
            .any(|n| lead(n).is_some_and(|(f, _)| f.marks_lead_file()))
    {
        let fields = assign(headers, &names, &forced, warnings, lead);
        return Some(Header::Leads(Mapping { fields }));
    }
    None
}

/// Whether a name is a field chosen by hand as `key`.
fn by_key(name: &str, key: &str) -> bool {
    name.strip_prefix('\0') == Some(key)
}

/// A header normalised for matching: `Deal - Value` is matched as `value` when its
/// entity is the row's own (contract §2); other headers are normalised whole.
pub fn header_name(header: &str) -> String {
    // An API name in one word (`CreatedDate`, `campaignName`, Salesforce's
    // `LeadSource`) is its words.
    let split;
    let header = if !header.contains(char::is_whitespace) && has_camel_case(header) {
        split = camel_words(header);
        split.as_str()
    } else {
        header
    };
    if let Some((entity, field)) = header.split_once(" - ") {
        if OWN_ENTITIES.contains(&normalise(entity).as_str()) {
            let field = normalise(field);
            if !field.is_empty() {
                return field;
            }
        }
    }
    normalise(header)
}

/// Whether a word has a lower-case letter or digit followed by a capital.
fn has_camel_case(word: &str) -> bool {
    word.as_bytes()
        .windows(2)
        .any(|w| (w[0].is_ascii_lowercase() || w[0].is_ascii_digit()) && w[1].is_ascii_uppercase())
}

/// A camel-case word with a space before each word in it: `IsWon` → `Is Won`,
/// `UTMCampaign` → `UTM Campaign`.
fn camel_words(word: &str) -> String {
    let b = word.as_bytes();
    let mut out = String::with_capacity(word.len() + 4);
    for (i, c) in word.char_indices() {
        let prev = i.checked_sub(1).map(|p| b[p]);
        let next = b.get(i + 1).copied();
        let starts = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if starts {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Gives each column its field; several columns of one field are combined (contract
/// §2, revised), with a warning naming them. A column no field matches is a warning.
fn assign<F: Copy + PartialEq>(
    headers: &[String],
    names: &[String],
    forced: &[bool],
    warnings: &mut Vec<Warning>,
    find: impl Fn(&str) -> Option<(F, &'static str)>,
) -> Vec<Option<F>> {
    let mut fields: Vec<Option<F>> = vec![None; names.len()];
    let mut keys: Vec<&'static str> = Vec::new();
    for i in 0..names.len() {
        match find(&names[i]) {
            Some((f, key)) => {
                fields[i] = Some(f);
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            None if !forced[i] && !names[i].is_empty() => warnings.push(Warning {
                line: Some(1),
                notice: Notice::UnknownColumn {
                    header: headers[i].clone(),
                },
            }),
            None => {}
        }
    }
    // A field the user chose for a column by hand is that column's alone.
    for i in (0..names.len()).filter(|&i| forced[i]) {
        if let Some(f) = fields[i] {
            for j in 0..names.len() {
                if !forced[j] && fields[j] == Some(f) {
                    fields[j] = None;
                }
            }
        }
    }
    for key in keys {
        let combined: Vec<String> = (0..names.len())
            .filter(|&i| fields[i].is_some() && find(&names[i]).is_some_and(|(_, k)| k == key))
            .map(|i| headers[i].clone())
            .collect();
        if combined.len() > 1 {
            warnings.push(Warning {
                line: Some(1),
                notice: Notice::CombinedColumns {
                    field: key,
                    headers: combined,
                },
            });
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(s: &str) -> Vec<String> {
        s.split(',').map(String::from).collect()
    }

    #[test]
    fn every_key_is_its_own_synonym() {
        for f in AggField::ALL {
            assert!(
                f.synonyms().contains(&normalise(f.key()).as_str()),
                "{}",
                f.key()
            );
        }
        for f in LeadField::ALL {
            let named = f.matches(&normalise(f.key()));
            assert!(named || f == LeadField::Closed, "{}", f.key());
        }
    }

    #[test]
    fn api_names_in_one_word_are_their_words() {
        assert_eq!(camel_words("IsWon"), "Is Won");
        assert_eq!(camel_words("UTMCampaign"), "UTM Campaign");
        assert_eq!(camel_words("campaignName"), "campaign Name");
        assert_eq!(header_name("CreatedDate"), "created date");
        assert_eq!(header_name("hs_lead_status"), "hs lead status");
        assert_eq!(header_name("Owner.Name"), "owner name");
        // Words as written are left as they are.
        assert_eq!(header_name("SQL"), "sql");
        assert_eq!(header_name("Deal Stage"), "deal stage");
        assert_eq!(header_name("LinkedIn campaign"), "linkedin campaign");
        // A Salesforce export through its API names (Data Loader).
        let mut w = Vec::new();
        let h = headers("Id,StageName,Amount,CloseDate,CreatedDate,LeadSource,Owner.Name,IsWon");
        let Some(Header::Leads(m)) = map_header(&h, &[], &mut w) else {
            panic!("not a lead file")
        };
        assert_eq!(
            m.fields,
            [
                Some(LeadField::LeadId),
                Some(LeadField::Stage),
                Some(LeadField::Revenue),
                Some(LeadField::Closed),
                Some(LeadField::Created),
                Some(LeadField::Channel),
                Some(LeadField::Owner),
                Some(LeadField::Converted),
            ]
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn aggregate_headers_in_french() {
        let mut w = Vec::new();
        let h = headers("Nom de la campagne,Canal,Coût total,Leads générés,RDV,Clients convertis,CA,Durée du cycle,Notes");
        let Some(Header::Aggregate(m)) = map_header(&h, &[], &mut w) else {
            panic!("not aggregate")
        };
        assert_eq!(m.column(AggField::Campaign), Some(0));
        assert_eq!(m.column(AggField::Input(Input::Cost)), Some(2));
        assert_eq!(m.column(AggField::Input(Input::Meetings)), Some(4));
        assert_eq!(m.column(AggField::Input(Input::Revenue)), Some(6));
        assert_eq!(m.column(AggField::Input(Input::CycleDays)), Some(7));
        assert_eq!(w.len(), 1);
        assert!(matches!(&w[0].notice, Notice::UnknownColumn { header } if header == "Notes"));
    }

    #[test]
    fn hubspot_stage_and_status_are_combined() {
        let mut w = Vec::new();
        let h = headers("Record ID,Lifecycle Stage,Lead Status,Create Date,Became a Customer Date,Original Source");
        let Some(Header::Leads(m)) = map_header(&h, &[], &mut w) else {
            panic!("not leads")
        };
        assert_eq!(m.columns(LeadField::Stage), [1, 2]);
        assert_eq!(m.column(LeadField::Converted), Some(4));
        assert_eq!(m.column(LeadField::Channel), Some(5));
        assert!(
            matches!(&w[0].notice, Notice::CombinedColumns { field: "stage", headers }
                if headers == &["Lifecycle Stage", "Lead Status"])
        );
    }

    #[test]
    fn entity_prefixes_of_the_row_itself() {
        let mut w = Vec::new();
        let h = headers("Deal - Title,Deal - Value,Deal - Stage,Deal - Status,Deal - Deal created,Person - Name,Affaire - Statut");
        let Some(Header::Leads(m)) = map_header(&h, &[], &mut w) else {
            panic!("not leads")
        };
        assert_eq!(m.column(LeadField::Revenue), Some(1));
        assert_eq!(m.columns(LeadField::Stage), [2, 3, 6]);
        assert_eq!(m.column(LeadField::Created), Some(4));
        assert_eq!(m.fields[5], None);
        assert_eq!(header_name("Organisation - Nom"), "organisation nom");
        assert_eq!(header_name("Piste - Titre"), "titre");
    }

    #[test]
    fn overrides_assign_and_ignore_columns() {
        let mut w = Vec::new();
        let h = headers("Deal - Title,Deal - Won time,Deal - Status,Deal - Value");
        let overrides = [
            ColumnOverride {
                column: 1,
                field: Some("converted".into()),
            },
            ColumnOverride {
                column: 2,
                field: None,
            },
            ColumnOverride {
                column: 3,
                field: Some("revenue".into()),
            },
        ];
        let Some(Header::Leads(m)) = map_header(&h, &overrides, &mut w) else {
            panic!("not leads")
        };
        assert_eq!(m.column(LeadField::Converted), Some(1));
        assert_eq!(m.column(LeadField::Stage), None);
        assert_eq!(m.column(LeadField::Revenue), Some(3));
        // Pipedrive's "Deal - Status" is a stage on its own, "Deal - Won time" a conversion.
        assert!(map_header(&h, &[], &mut w).is_some());
        assert!(map_header(&headers("Deal - Title,Deal - Won time"), &[], &mut w).is_some());
        assert!(map_header(&headers("Deal - Title,Deal - Owner"), &[], &mut w).is_none());
    }

    #[test]
    fn no_recognisable_header() {
        let mut w = Vec::new();
        assert!(map_header(&headers("a,b,c"), &[], &mut w).is_none());
    }
}
