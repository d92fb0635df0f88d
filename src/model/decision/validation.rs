//! Checks on decision records, reported the way the model reports its own:
//! every message names the record (`decision ADR-0007`) and the field
//! (`date`), so the editor can point at it and an importer can map it to a
//! line.
//!
//! `Document::validate` runs [`validate_decisions`] after the model's own
//! checks, so every boundary (an edit, a file, a share link, storage)
//! validates a document once, decisions included.

use std::collections::HashSet;

use super::date::is_iso_date;
use super::record::{number_label, DecisionRecord, Status};
use crate::model::{Document, FieldError, ValidationErrors};

/// A title or a name, in characters.
const TITLE_CHARS: usize = 300;
/// A paragraph field (context, justification…), in characters.
const TEXT_CHARS: usize = 20_000;
/// Points in one list (drivers, consequences, people).
const LIST_ITEMS: usize = 200;
/// One point of a list, in characters.
const ITEM_CHARS: usize = 2_000;

fn error(record: &DecisionRecord, field: &str, message: String) -> FieldError {
    FieldError {
        subject: format!("decision {}", number_label(record.number)),
        field: field.to_owned(),
        message,
    }
}

/// What can be checked on a record alone, without the other records or the
/// document: a number, a title, a real date, a sensible guardrail.
pub fn validate_fields(record: &DecisionRecord) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if record.number == 0 {
        errors.push(error(record, "number", "must be 1 or more, got 0".to_owned()));
    }
    if record.title.trim().is_empty() {
        errors.push(error(record, "title", "must not be empty".to_owned()));
    }
    // Lengths: far beyond a real record, short of a pasted log file.
    let long_texts = [
        ("title", &record.title, TITLE_CHARS),
        ("context_and_problem", &record.context_and_problem, TEXT_CHARS),
        ("chosen_option", &record.chosen_option, TITLE_CHARS),
        ("justification", &record.justification, TEXT_CHARS),
        ("confirmation", &record.confirmation, TEXT_CHARS),
        ("more_information", &record.more_information, TEXT_CHARS),
    ];
    for (field, text, limit) in long_texts {
        if text.chars().count() > limit {
            errors.push(error(record, field, format!("must be at most {limit} characters, got {}", text.chars().count())));
        }
    }
    let lists = [
        ("decision_makers", &record.decision_makers),
        ("consulted", &record.consulted),
        ("informed", &record.informed),
        ("decision_drivers", &record.decision_drivers),
        ("good_consequences", &record.good_consequences),
        ("bad_consequences", &record.bad_consequences),
    ];
    for (field, items) in lists {
        if items.len() > LIST_ITEMS {
            errors.push(error(record, field, format!("must have at most {LIST_ITEMS} items, got {}", items.len())));
        }
        if let Some((i, item)) = items.iter().enumerate().find(|(_, item)| item.chars().count() > ITEM_CHARS) {
            errors.push(error(record, &format!("{field}[{i}]"), format!("must be at most {ITEM_CHARS} characters, got {}", item.chars().count())));
        }
    }
    if record.considered_options.len() > LIST_ITEMS {
        errors.push(error(record, "considered_options", format!("must have at most {LIST_ITEMS} options, got {}", record.considered_options.len())));
    }
    for (i, option) in record.considered_options.iter().enumerate() {
        let too_long = option.title.chars().count() > TITLE_CHARS
            || option.description.chars().count() > TEXT_CHARS
            || [&option.pros, &option.neutral, &option.cons].iter().any(|l| l.len() > LIST_ITEMS || l.iter().any(|t| t.chars().count() > ITEM_CHARS));
        if too_long {
            errors.push(error(
                record,
                &format!("considered_options[{i}]"),
                format!("is too long: a title of at most {TITLE_CHARS} characters, a description of {TEXT_CHARS}, at most {LIST_ITEMS} points of {ITEM_CHARS} each"),
            ));
        }
    }
    if !is_iso_date(&record.date) {
        errors.push(error(
            record,
            "date",
            format!("must be a calendar date written yyyy-mm-dd, got {:?}", record.date),
        ));
    }
    if let Status::SupersededBy(by) = &record.status {
        if by.is_empty() {
            errors.push(error(record, "status", "superseded by no record: name at least one".to_owned()));
        }
        if by.contains(&record.number) {
            errors.push(error(record, "status", "cannot be superseded by itself".to_owned()));
        }
    }
    if record.supersedes.contains(&record.number) {
        errors.push(error(record, "supersedes", "cannot supersede itself".to_owned()));
    }
    for (i, guardrail) in record.guardrails.iter().enumerate() {
        let field = format!("guardrails[{i}]");
        if !guardrail.threshold.is_finite() || guardrail.threshold < 0.0 {
            errors.push(error(
                record,
                &format!("{field}.threshold"),
                format!("must be a finite number of at least 0, got {}", crate::model::bounds::written(guardrail.threshold)),
            ));
        }
        if !guardrail.at_growth.is_finite() || guardrail.at_growth <= 0.0 {
            errors.push(error(
                record,
                &format!("{field}.at_growth"),
                format!("must be a finite number greater than 0, got {}", crate::model::bounds::written(guardrail.at_growth)),
            ));
        }
    }
    errors
}

/// Everything about one record, against the other records (numbers it
/// links to must exist). Components it names need not exist any more: a
/// record outlives the box it was about ("we removed the cache"), and the
/// page shows such a link as removed; a guardrail on it reports that it can
/// no longer be checked.
pub fn validate_record(record: &DecisionRecord, all: &[DecisionRecord], doc: &Document) -> Vec<FieldError> {
    let mut errors = validate_fields(record);
    let known: HashSet<u32> = all.iter().map(|r| r.number).collect();
    let mut links: Vec<(&str, u32)> = record.supersedes.iter().map(|n| ("supersedes", *n)).collect();
    if let Status::SupersededBy(by) = &record.status {
        links.extend(by.iter().map(|n| ("status", *n)));
    }
    for (field, number) in links {
        if number != record.number && !known.contains(&number) {
            errors.push(error(record, field, format!("names {}, which does not exist", number_label(number))));
        }
    }
    let _ = doc;
    errors
}

/// Every record of the document, and that no two share a number.
pub fn validate_decisions(doc: &Document) -> Result<(), ValidationErrors> {
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for record in &doc.decisions {
        if !seen.insert(record.number) {
            errors.push(error(record, "number", "is used by more than one decision".to_owned()));
        }
        errors.extend(validate_record(record, &doc.decisions, doc));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ValidationErrors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::decision::{Comparison, Guardrail, GuardrailMetric};
    use crate::model::mvp_that_creaks;

    fn check(edit: impl FnOnce(&mut DecisionRecord), expected: &str) {
        let mut doc = mvp_that_creaks();
        let mut record = DecisionRecord::new(3, "Add read replicas", "2024-05-01");
        edit(&mut record);
        doc.decisions = vec![DecisionRecord::new(1, "Use Postgres", "2024-01-01"), record];
        let found: Vec<String> = match validate_decisions(&doc) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
        };
        if expected.is_empty() {
            assert_eq!(found, Vec::<String>::new());
        } else {
            assert!(found.iter().any(|m| m == expected), "expected {expected:?}, got {found:?}");
        }
    }

    #[test]
    fn every_problem_names_the_record_and_field() {
        check(|_| {}, "");
        check(|r| r.title = "  ".into(), "decision ADR-0003, title: must not be empty");
        check(|r| r.date = "2024-02-30".into(),
              "decision ADR-0003, date: must be a calendar date written yyyy-mm-dd, got \"2024-02-30\"");
        check(|r| r.number = 0, "decision ADR-0000, number: must be 1 or more, got 0");
        check(|r| r.number = 1, "decision ADR-0001, number: is used by more than one decision");
        check(|r| r.status = Status::SupersededBy(vec![7]),
              "decision ADR-0003, status: names ADR-0007, which does not exist");
        check(|r| r.status = Status::SupersededBy(vec![3]),
              "decision ADR-0003, status: cannot be superseded by itself");
        check(|r| r.status = Status::SupersededBy(vec![]),
              "decision ADR-0003, status: superseded by no record: name at least one");
        check(|r| r.supersedes = vec![3], "decision ADR-0003, supersedes: cannot supersede itself");
        check(|r| r.supersedes = vec![2], "decision ADR-0003, supersedes: names ADR-0002, which does not exist");
        // A link to a component that was since removed is kept, not refused.
        check(|r| r.components = vec!["mainframe".into()], "");
        let guardrail = |component: &str, threshold: f64, at_growth: f64| Guardrail {
            component: component.into(),
            metric: GuardrailMetric::Utilisation,
            comparison: Comparison::AtMost,
            threshold,
            at_growth,
        };
        check(|r| r.guardrails = vec![guardrail("nowhere", 0.7, 10.0)], "");
        check(|r| r.guardrails = vec![guardrail("postgres", f64::NAN, 10.0)],
              "decision ADR-0003, guardrails[0].threshold: must be a finite number of at least 0, got NaN");
        check(|r| r.guardrails = vec![guardrail("postgres", 0.7, 0.0)],
              "decision ADR-0003, guardrails[0].at_growth: must be a finite number greater than 0, got 0");
    }
}
