//! Which CRM wrote a file, told by its header, so that the summary can say "Pipedrive
//! deals export". Only words: the reading itself never depends on it (the synonyms
//! and stage values of contract §2 do that for every tool alike).

use super::values::normalise;
use super::Column;
use crate::lang::Lang;

/// A CRM export the header was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportSource {
    /// Pipedrive's deals export.
    PipedriveDeals,
    /// Pipedrive's leads export.
    PipedriveLeads,
    /// HubSpot's contacts export.
    HubSpotContacts,
    /// HubSpot's deals export.
    HubSpotDeals,
    /// A Salesforce leads report.
    SalesforceLeads,
    /// A Salesforce opportunities report.
    SalesforceOpportunities,
    /// Zoho CRM's leads export.
    ZohoLeads,
    /// Zoho CRM's deals export.
    ZohoDeals,
}

impl ExportSource {
    /// Recognises a header by the columns each tool writes (the fixtures in
    /// `tests/fixtures/crm/` say where each list comes from).
    pub fn recognise(columns: &[Column]) -> Option<ExportSource> {
        let names: Vec<String> = columns.iter().map(|c| normalise(&c.header)).collect();
        let has = |n: &str| names.iter().any(|h| h == n);
        let any = |ns: &[&str]| ns.iter().any(|n| has(n));
        // Pipedrive prefixes every field with its entity: `Deal - Title`, `Lead - Title`.
        let entity = |e: &[&str]| {
            columns.iter().any(|c| {
                c.header
                    .split_once(" - ")
                    .is_some_and(|(ent, _)| e.contains(&normalise(ent).as_str()))
            })
        };
        use ExportSource::*;
        if entity(&["deal", "affaire", "transaction"]) {
            return Some(PipedriveDeals);
        }
        if entity(&["lead", "piste", "prospect"]) {
            return Some(PipedriveLeads);
        }
        if any(&["deal stage", "phase de la transaction"])
            && any(&[
                "pipeline",
                "deal name",
                "nom de la transaction",
                "record id",
                "id de fiche d informations",
            ])
        {
            return Some(HubSpotDeals);
        }
        if has("deal owner") && any(&["closing date", "deal name"]) {
            return Some(ZohoDeals);
        }
        if any(&["lead owner", "proprietaire du prospect"])
            && any(&[
                "created time",
                "modified time",
                "record id",
                "heure de creation",
            ])
        {
            return Some(ZohoLeads);
        }
        if any(&["lifecycle stage", "phase du cycle de vie"])
            || (any(&["lead status", "statut du lead"])
                && any(&[
                    "contact owner",
                    "proprietaire du contact",
                    "record id",
                    "contact id",
                ]))
        {
            return Some(HubSpotContacts);
        }
        if any(&[
            "opportunity name",
            "opportunity owner",
            "nom de l opportunite",
        ]) {
            return Some(SalesforceOpportunities);
        }
        if any(&["lead owner", "proprietaire de la piste"])
            && any(&[
                "lead status",
                "statut de la piste",
                "converted",
                "company account",
            ])
        {
            return Some(SalesforceLeads);
        }
        None
    }

    /// "Pipedrive deals export".
    pub fn name(self, lang: Lang) -> &'static str {
        use ExportSource::*;
        match (self, lang) {
            (PipedriveDeals, Lang::En) => "Pipedrive deals export",
            (PipedriveDeals, Lang::Fr) => "export d'affaires Pipedrive",
            (PipedriveLeads, Lang::En) => "Pipedrive leads export",
            (PipedriveLeads, Lang::Fr) => "export de prospects Pipedrive",
            (HubSpotContacts, Lang::En) => "HubSpot contacts export",
            (HubSpotContacts, Lang::Fr) => "export de contacts HubSpot",
            (HubSpotDeals, Lang::En) => "HubSpot deals export",
            (HubSpotDeals, Lang::Fr) => "export de transactions HubSpot",
            (SalesforceLeads, Lang::En) => "Salesforce leads report",
            (SalesforceLeads, Lang::Fr) => "rapport de pistes Salesforce",
            (SalesforceOpportunities, Lang::En) => "Salesforce opportunities report",
            (SalesforceOpportunities, Lang::Fr) => "rapport d'opportunités Salesforce",
            (ZohoLeads, Lang::En) => "Zoho CRM leads export",
            (ZohoLeads, Lang::Fr) => "export de prospects Zoho CRM",
            (ZohoDeals, Lang::En) => "Zoho CRM deals export",
            (ZohoDeals, Lang::Fr) => "export d'affaires Zoho CRM",
        }
    }
}
