//! The migration panel's edits, as the page turns its fields into them:
//! the split typed as percentages, the old side's instances per step, a
//! new plan (with the replacement drawn for it when the team has none
//! yet), a step taken on the model, a plan dropped. Pure: the panel only
//! dispatches what these return.

use crate::engine::migration::{phase_command, replacement_for, Phase};
use crate::model::{Command, ComponentId, Document, Migration, MigrationStep};

/// "1, 10, 50, 100" (a % sign allowed) as shares, each above 0, at most
/// 100% and larger than the one before.
pub fn parse_shares(text: &str) -> Result<Vec<f64>, String> {
    let mut shares = Vec::new();
    for (i, item) in text.split([',', ';']).map(str::trim).filter(|t| !t.is_empty()).enumerate() {
        let number = item.trim_end_matches('%').trim();
        let percent: f64 = number.parse().map_err(|_| format!("step {} (\"{item}\") is not a number", i + 1))?;
        if !(percent > 0.0 && percent <= 100.0) {
            return Err(format!("step {} must be above 0% and at most 100%, got {item}", i + 1));
        }
        let share = percent / 100.0;
        if shares.last().is_some_and(|&last| share <= last) {
            return Err(format!("step {} ({item}) must move more than the step before", i + 1));
        }
        shares.push(share);
    }
    if shares.is_empty() {
        return Err("give at least one step, such as 10, 50, 100".to_owned());
    }
    Ok(shares)
}

/// The split as the field shows it: "1, 10, 50, 100".
pub fn shares_text(migration: &Migration) -> String {
    migration.steps.iter().map(|s| crate::words::quantity::typed_field_text(s.share * 100.0)).collect::<Vec<_>>().join(", ")
}

/// The old side's instances from a step on: empty for "as declared".
pub fn parse_instances(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) | Err(_) => Err(format!("instances must be a whole number of at least 1, got \"{text}\"")),
        Ok(n) => Ok(Some(n)),
    }
}

/// A new plan from `old` to `new`, or to a replacement drawn for it (the
/// service a module would be extracted into, a copy of anything else).
pub fn new_plan(doc: &Document, old: &ComponentId, new: Option<&ComponentId>) -> Result<Command, String> {
    let mut migrations = doc.migrations.clone();
    match new {
        Some(new) => {
            migrations.push(Migration::new(old.clone(), new.clone()));
            Ok(Command::SetMigrations(migrations))
        }
        None => {
            let (component, calls) = replacement_for(doc, old)?;
            migrations.push(Migration::new(old.clone(), component.id.clone()));
            Ok(Command::Batch(vec![
                Command::Insert {
                    components: vec![(usize::MAX, component)],
                    dependencies: calls.into_iter().map(|d| (usize::MAX, d)).collect(),
                    entries: Vec::new(),
                },
                Command::SetMigrations(migrations),
            ]))
        }
    }
}

fn edited(doc: &Document, index: usize, edit: impl FnOnce(&mut Migration)) -> Result<Command, String> {
    let mut migrations = doc.migrations.clone();
    let plan = migrations.get_mut(index).ok_or_else(|| format!("there is no migration {}", index + 1))?;
    edit(plan);
    Ok(Command::SetMigrations(migrations))
}

/// The split typed in the field; each step keeps the instances it had
/// where its share is still there.
pub fn with_shares(doc: &Document, index: usize, text: &str) -> Result<Command, String> {
    let shares = parse_shares(text)?;
    edited(doc, index, |plan| {
        let before = std::mem::take(&mut plan.steps);
        plan.steps = shares
            .iter()
            .map(|&share| MigrationStep {
                share,
                old_instances: before.iter().find(|s| (s.share - share).abs() < 1e-12).and_then(|s| s.old_instances),
            })
            .collect();
    })
}

pub fn with_shadow(doc: &Document, index: usize, shadow: bool) -> Result<Command, String> {
    edited(doc, index, |plan| plan.shadow = shadow)
}

pub fn with_old_instances(doc: &Document, index: usize, step: usize, text: &str) -> Result<Command, String> {
    let instances = parse_instances(text)?;
    let mut found = true;
    let command = edited(doc, index, |plan| match plan.steps.get_mut(step) {
        Some(s) => s.old_instances = instances,
        None => found = false,
    })?;
    if found { Ok(command) } else { Err(format!("the migration has no step {}", step + 1)) }
}

pub fn without_plan(doc: &Document, index: usize) -> Result<Command, String> {
    let mut migrations = doc.migrations.clone();
    if index >= migrations.len() {
        return Err(format!("there is no migration {}", index + 1));
    }
    migrations.remove(index);
    Ok(Command::SetMigrations(migrations))
}

/// A proposed decision record for plan `index`, with its table.
pub fn record_plan(doc: &Document, index: usize, date: &str) -> Result<Command, String> {
    let plan = doc.migrations.get(index).ok_or_else(|| format!("there is no migration {}", index + 1))?;
    let record = crate::adr::record_from_migration(doc, plan, crate::adr::next_number(&doc.decisions), date)?;
    Ok(Command::PutDecision(Box::new(record)))
}

/// Takes step `step` of plan `index` on the model.
pub fn take_step(doc: &Document, index: usize, step: usize) -> Result<Command, String> {
    let plan = doc.migrations.get(index).ok_or_else(|| format!("there is no migration {}", index + 1))?;
    phase_command(doc, plan, Phase::Split(step))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::templates::modular_monolith;

    #[test]
    fn shares_read_as_percentages_in_order() {
        assert_eq!(parse_shares("1, 10, 50, 100").unwrap(), vec![0.01, 0.1, 0.5, 1.0]);
        assert_eq!(parse_shares("5%; 100 %").unwrap(), vec![0.05, 1.0]);
        assert!(parse_shares("10, 5").unwrap_err().contains("step 2"));
        assert!(parse_shares("0, 50").unwrap_err().contains("above 0%"));
        assert!(parse_shares("ten").unwrap_err().contains("not a number"));
        assert!(parse_shares(" ").is_err());
        assert_eq!(parse_instances("").unwrap(), None);
        assert_eq!(parse_instances("2").unwrap(), Some(2));
        assert!(parse_instances("0").is_err() && parse_instances("1.5").is_err());
    }

    /// The monolith's search module, planned with nothing drawn for it:
    /// the extracted service appears with the module's calls, and one
    /// undo takes both away.
    #[test]
    fn a_plan_draws_the_replacement_and_undoes_in_one_step() {
        let original = modular_monolith();
        let mut doc = original.clone();
        let command = new_plan(&doc, &"search".into(), None).unwrap();
        crate::model::apply(&mut doc, command).unwrap();
        let plan = &doc.migrations[0];
        assert_eq!(plan.new.as_str(), "search-new");
        let service = doc.component(&plan.new).unwrap();
        assert_eq!(service.name, "Search service");
        assert!(doc.dependencies.iter().any(|d| d.from == plan.new && d.to.as_str() == "postgres"));
        assert_eq!(shares_text(plan), "1, 10, 50, 100");
        let edit = with_shares(&doc, 0, "10, 50, 100").unwrap();
        crate::model::apply(&mut doc, edit).unwrap();
        assert_eq!(doc.migrations[0].steps.len(), 3);
        let step = take_step(&doc, 0, 1).unwrap();
        crate::model::apply(&mut doc, step).unwrap();
        assert!((crate::engine::migration::current_share(&doc, &doc.migrations[0]) - 0.5).abs() < 1e-12);
        // One undo of the plan takes the drawn service and its calls away.
        let mut planned = original.clone();
        let undo = crate::model::apply(&mut planned, new_plan(&original, &"search".into(), None).unwrap()).unwrap();
        crate::model::apply(&mut planned, undo).unwrap();
        assert_eq!(planned, original);
    }
}
