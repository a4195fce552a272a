//! Made-up files in the shapes users import, for warming the page's code before
//! the user's own file comes (`web::warm`, `src/bin/import-worker.rs`): a browser
//! compiles a wasm function the first time it runs and its optimised code only
//! once it has run a while, so a first import runs slower than the next ones.

/// A lead file of `rows` rows in the shape of a CRM export: campaigns, channels,
/// owners, stages, dates in three forms, amounts, counts, yes/no, lost reasons.
pub fn lead_file(rows: usize) -> Vec<u8> {
    const STAGES: [&str; 6] = [
        "lead",
        "contacted",
        "meeting",
        "qualified",
        "customer",
        "lost",
    ];
    let mut s = String::from("Record ID,Email,Campaign,Channel,Owner,Lifecycle Stage,Create Date,First Contact Date,Close Date,Amount,Emails Sent,Replied,Lost Reason\n");
    for i in 0..rows {
        let day = 1 + i % 28;
        let month = 1 + i % 12;
        let stage = STAGES[i * 7 % STAGES.len()];
        let close = match stage {
            "customer" | "lost" => format!("{day:02}/{month:02}/2025"),
            _ => String::new(),
        };
        s.push_str(&format!(
            "{i},lead{i}@example.com,campaign-{},{},rep {},{stage},2025-{month:02}-{day:02}T09:30:00Z,2025-{month:02}-{day:02},{close},{}.{:02},{},{},{}\n",
            i % 40,
            ["Email", "Events", "Paid Social"][i % 3],
            i % 5,
            100 + i * 37 % 9000,
            i % 100,
            i % 9,
            if i % 3 == 0 { "yes" } else { "no" },
            if stage == "lost" { "Price" } else { "" },
        ));
    }
    s.into_bytes()
}

/// An aggregate file (a campaign per row) of `rows` rows, as a spreadsheet saves
/// it in French: `;` between cells, decimal commas, spaced thousands, a currency.
pub fn aggregate_file(rows: usize) -> Vec<u8> {
    let mut s = String::from("Campagne;Canal;Responsable;Mois;Coût total;Leads;Contactés;Rendez-vous;Qualifiés;Clients;Perdus;Emails envoyés;Réponses;Chiffre d'affaires;Cycle de vente (jours);Sondés;Satisfaits\n");
    for i in 0..rows {
        let leads = 50 + i * 37 % 5000;
        let conv = leads / 10 - i % 4;
        s.push_str(&format!(
            "Campagne {i};{};{};2025-{:02};{} {:03},{:02} €;{leads};{};{};{};{conv};{};{};{};{} {:03};{},5;{};{}\n",
            ["email", "salon", "LinkedIn"][i % 3],
            ["Alice", "Bruno", "Chloé", "David"][i % 4],
            1 + i % 12,
            1 + i % 90,
            i * 7 % 1000,
            i % 100,
            leads - leads / 3,
            leads / 4,
            leads / 5,
            leads / 8,
            leads * 4,
            i % (leads + 1),
            1 + i % 500,
            i * 13 % 1000,
            10 + i % 110,
            conv,
            conv / 2,
        ));
    }
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, FileKind, ImportOptions};

    #[test]
    fn the_samples_import_cleanly_as_their_kind() {
        let leads = import(&lead_file(500), &ImportOptions::default()).unwrap();
        assert_eq!((leads.kind, leads.rows), (FileKind::Leads, 500));
        assert!(leads.errors.is_empty(), "{:?}", leads.errors);
        let sheet = import(&aggregate_file(500), &ImportOptions::default()).unwrap();
        assert_eq!((sheet.kind, sheet.rows), (FileKind::Aggregate, 500));
        assert!(sheet.errors.is_empty(), "{:?}", sheet.errors);
        assert_eq!(sheet.combos.len(), 500);
    }
}
