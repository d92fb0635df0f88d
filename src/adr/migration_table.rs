//! A decision record's "Migration" section: the strangler-fig plan's
//! steps as the page showed them when the decision was taken (both sides'
//! figures, the bill, safe or not and why), and the record drafted from a
//! plan. Kept as text, like the evidence, so it reads the same in the file
//! years later whatever the engine then says.


use super::editing::draft_from_scenario;
use crate::model::decision::{ConsideredOption, DecisionRecord, MigrationTable};
use crate::engine::migration::migration_report;
use crate::words::migration::{headings, migration_rows, migration_summary};
use crate::model::{Document, Migration};

impl MigrationTable {
    /// The table of `migration` at the document's growth.
    pub fn of(doc: &Document, migration: &Migration) -> Result<MigrationTable, String> {
        let report = migration_report(doc, migration, doc.scenario.growth)?;
        let rows = migration_rows(doc, &report)
            .into_iter()
            .map(|r| {
                vec![
                    r.step,
                    r.old.load,
                    r.old.utilisation,
                    r.old.p99,
                    r.new.load,
                    r.new.utilisation,
                    r.new.p99,
                    r.bill,
                    if r.safe { "yes".to_owned() } else { format!("no: {}", r.verdict) },
                ]
            })
            .collect();
        Ok(MigrationTable { summary: migration_summary(doc, &report), headings: headings(doc, &report), rows })
    }
}

/// A proposed record for taking `migration` step by step, drafted from
/// the scenario like any other (evidence, guardrails) and linking both
/// sides, with the plan's table.
pub fn record_from_migration(doc: &Document, migration: &Migration, number: u32, date: &str) -> Result<DecisionRecord, String> {
    let table = MigrationTable::of(doc, migration)?;
    let (old, new) = (doc.name_of(&migration.old).to_owned(), doc.name_of(&migration.new).to_owned());
    let mut record = draft_from_scenario(doc, number, date, &[migration.old.clone(), migration.new.clone()]);
    let steps: Vec<String> = table.rows.iter().filter_map(|r| r.first().cloned()).collect();
    record.title = format!("Move {old} to {new} step by step");
    let strangler = format!("Strangler fig: {}", steps.join(" → "));
    record.considered_options = vec![
        ConsideredOption::new(strangler.clone()),
        ConsideredOption::new(format!("Big bang: all of {old}'s traffic to {new} at once")),
    ];
    record.chosen_option = strangler;
    record.justification = format!("the old side keeps serving with a way back at every step. {}", table.summary);
    for id in [&migration.old, &migration.new] {
        if !record.components.contains(id) {
            record.components.push(id.clone());
        }
    }
    record.migration = Some(table);
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::forms::migration_form::new_plan;
    use crate::model::templates::modular_monolith;

    #[test]
    fn the_monoliths_search_module_in_four_steps() {
        let mut doc = modular_monolith();
        let plan = new_plan(&doc, &"search".into(), None).unwrap();
        crate::model::apply(&mut doc, plan).unwrap();
        for row in &MigrationTable::of(&doc, &doc.migrations[0]).unwrap().rows {
            println!("{}", row.join(" | "));
        }
        let record = record_from_migration(&doc, &doc.migrations[0], 1, "2026-12-03").unwrap();
        assert_eq!(record.title, "Move Search module to Search service step by step");
        let table = record.migration.as_ref().unwrap();
        assert_eq!(table.headings.len(), 9);
        assert_eq!(table.rows.len(), 4);
        assert!(table.rows.iter().all(|r| r.len() == 9));
        assert_eq!(record.chosen_option, "Strangler fig: 1% → 10% → 50% → 100%");
        assert!(record.components.iter().any(|c| c.as_str() == "search-new"));
    }

    #[test]
    fn the_table_survives_adr_tools_format_too() {
        let mut doc = modular_monolith();
        let plan = new_plan(&doc, &"search".into(), None).unwrap();
        crate::model::apply(&mut doc, plan).unwrap();
        let record = record_from_migration(&doc, &doc.migrations[0], 4, "2026-12-03").unwrap();
        let text = crate::files::nygard::to_markdown(&record, std::slice::from_ref(&record));
        assert!(text.contains("\n## Migration\n"), "{text}");
        let back = crate::files::nygard::parse(&text, None).unwrap();
        assert_eq!(back.migration, record.migration);
    }
}
