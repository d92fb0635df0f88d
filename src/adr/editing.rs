//! The edits the decisions panel makes that are more than "replace this
//! record": drafting a record from what the page shows now, changing a
//! status with its superseded-by links kept in both directions, and
//! numbering imported records so none collides. Each returns the records
//! to put back (the page wraps them in one `Command::Batch`, so the edit is
//! one undo step and is validated as a whole); none reads a clock.

use crate::model::decision::Evidence;
use super::guardrail::draft_utilisation;
use crate::model::decision::{Comparison, Guardrail, GuardrailMetric};
use super::lifecycle::{next_number, LifecycleError};
use crate::model::decision::{number_label, DecisionRecord, Status};
use crate::engine::Analysis;
use crate::words::headline::{headline, limit_phrase};
use crate::words::quantity::{multiplier, percent};
use crate::model::{ComponentId, Document};

/// A proposed record about the document as it stands: its title names the
/// bottleneck and when it gives way, its context is the headline at the
/// current growth, its evidence is a snapshot of the figures now against
/// 1× (unless the dial is at 1×), it links the bottleneck and `selected`,
/// and it proposes one guardrail: the bottleneck's utilisation at most the
/// comfort line at the current growth, when that holds now; otherwise its
/// confirmation says why there is none yet.
pub fn draft_from_scenario(doc: &Document, number: u32, date: &str, selected: &[ComponentId]) -> DecisionRecord {
    let growth = doc.scenario.growth;
    let analysis = Analysis::new(doc);
    let now = analysis.report_at(growth);
    let bottleneck = now.bottleneck().cloned();

    let mut linked: Vec<ComponentId> = Vec::new();
    for id in bottleneck.iter().map(|b| &b.component).chain(selected) {
        if doc.component(id).is_some() && !linked.contains(id) {
            linked.push(id.clone());
        }
    }
    let title = match &bottleneck {
        Some(b) => format!("Relieve {} before it {}", doc.name_of(&b.component), limit_phrase(b)),
        None => format!("Architecture for \"{}\" at {}", doc.scenario.name, multiplier(growth)),
    };
    let mut record = DecisionRecord::new(number, title, date);
    record.context_and_problem = format!(
        "Scenario \"{}\" at {} growth. {}",
        doc.scenario.name,
        multiplier(growth),
        headline(doc, &now, &analysis.objective_headroom())
    );
    if let Some(b) = &bottleneck {
        record.decision_drivers.push(format!(
            "Keep {} at or under the comfort line ({}) at {}",
            doc.name_of(&b.component),
            percent(doc.scenario.comfort_line),
            multiplier(growth)
        ));
        // Nothing is applied yet: a guardrail the model breaks today would
        // flag the record as drifted the moment it is accepted, so the draft
        // says why it has none instead.
        let model = "the model as it is now";
        match draft_utilisation(doc, std::slice::from_ref(&b.component), growth, doc.scenario.comfort_line, None) {
            Ok(draft) => {
                record.confirmation = draft.confirmation(doc, model);
                record.guardrails = draft.guardrails.into_iter().map(|(guardrail, _)| guardrail).collect();
            }
            Err(unheld) => record.confirmation = unheld.explanation(doc, model),
        }
    }
    // An entry point's latency objective is a guardrail too, when it is a
    // p95 or p99 the guardrails can measure and it holds now (one broken
    // from the start would flag the record as drifted on acceptance).
    let laws = analysis.response_laws(&now);
    for entry in &doc.scenario.entries {
        let Some(objective) = entry.objective else { continue };
        let Some(metric) = [(0.95, GuardrailMetric::P95Latency), (0.99, GuardrailMetric::P99Latency)]
            .into_iter()
            .find_map(|(q, metric)| (q == objective.percentile).then_some(metric))
        else {
            continue;
        };
        let threshold = objective.target_ms / 1000.0;
        let Some(k) = now.entries.iter().position(|e| e.component == entry.component) else { continue };
        if !analysis.entry_quantile(&now, &laws, k, objective.percentile).is_some_and(|t| t <= threshold) {
            continue;
        }
        record.decision_drivers.push(format!(
            "Keep {} of {} at or under {} at {}",
            objective.percentile_label(),
            doc.name_of(&entry.component),
            crate::words::quantity::duration(Some(threshold)),
            multiplier(growth)
        ));
        record.guardrails.push(Guardrail {
            component: entry.component.clone(),
            metric,
            comparison: Comparison::AtMost,
            threshold,
            at_growth: growth,
        });
    }
    let evidence = capture(doc, &analysis, &now, &linked);
    if evidence.rows.len() < doc.components.len() {
        record.more_information = format!(
            "The evidence table lists the components this record links and the {NEXT_IN_LINE} that reach their limit first, \
             of {} components.",
            doc.components.len()
        );
    }
    record.evidence = Some(evidence);
    record.components = linked;
    record
}

/// Above this many components an evidence table keeps only the rows that
/// matter: a table of every box of a large system reads badly on GitHub and
/// would make each record as large as the document.
pub const EVIDENCE_ROWS: usize = 20;

/// How many of the first components to reach their limit a shortened
/// evidence table keeps, besides the linked ones.
pub const NEXT_IN_LINE: usize = 5;

fn capture(doc: &Document, analysis: &Analysis, now: &crate::engine::Report, linked: &[ComponentId]) -> Evidence {
    let growth = doc.scenario.growth;
    let at_1x = (growth != 1.0).then(|| analysis.report_at(1.0));
    let mut evidence = Evidence::capture(doc, now, at_1x.as_ref(), linked);
    if evidence.rows.len() > EVIDENCE_ROWS {
        let first: Vec<&ComponentId> = now.ranking.iter().take(NEXT_IN_LINE).map(|s| &s.component).collect();
        evidence.rows.retain(|row| linked.contains(&row.component) || first.contains(&&row.component));
    }
    evidence
}

/// The evidence of the document on screen: the figures at its growth
/// against 1× (unless the dial is at 1×), with the caches among `linked`.
/// For a large system the table keeps the linked components and the
/// [`NEXT_IN_LINE`] first to reach their limit.
pub fn evidence_now(doc: &Document, linked: &[ComponentId]) -> Evidence {
    let analysis = Analysis::new(doc);
    let now = analysis.report_at(doc.scenario.growth);
    capture(doc, &analysis, &now, linked)
}

/// Gives record `number` a new status and keeps the links both ways: a
/// record newly named as a successor lists `number` in its `supersedes`,
/// one no longer named drops it. Returns every record that changed (the
/// edited one first); on error nothing is returned and nothing changes.
pub fn change_status(records: &[DecisionRecord], number: u32, status: Status) -> Result<Vec<DecisionRecord>, LifecycleError> {
    let at = records.iter().position(|r| r.number == number).ok_or(LifecycleError::UnknownRecord(number))?;
    let successors = |status: &Status| match status {
        Status::SupersededBy(by) => by.clone(),
        _ => Vec::new(),
    };
    let (before, after) = (successors(&records[at].status), successors(&status));
    for &by in &after {
        if by == number {
            return Err(LifecycleError::SelfSupersede(number));
        }
        if !records.iter().any(|r| r.number == by) {
            return Err(LifecycleError::UnknownRecord(by));
        }
    }
    let mut edited = records.to_vec();
    edited[at].status = status;
    for record in edited.iter_mut() {
        if after.contains(&record.number) && !record.supersedes.contains(&number) {
            record.supersedes.push(number);
        } else if before.contains(&record.number) && !after.contains(&record.number) {
            record.supersedes.retain(|&n| n != number);
        }
    }
    let mut changed = vec![edited[at].clone()];
    changed.extend(
        edited
            .into_iter()
            .zip(records)
            .filter(|(new, old)| new.number != number && new != *old)
            .map(|(new, _)| new),
    );
    Ok(changed)
}

/// Numbers imported records for a document that already holds `existing`:
/// a record keeps its number when it is free, and otherwise (unnumbered, or
/// taken by an existing or an earlier imported record) gets the next free
/// one. Links between imported records (superseded by, supersedes) follow
/// the renumbering: the files were numbered among themselves, so a link to
/// a number the import holds means that imported record, never the
/// document's record that happens to have the number. A link to a number
/// the import does not hold keeps pointing at the document's record of
/// that number; one that names no record at all cannot stay a link (the
/// document refuses it, and a later record given that number would inherit
/// it), so it is kept as text under More Information and reported. Returns
/// the records and one sentence per renumbered record or dropped link.
pub fn number_imported(existing: &[DecisionRecord], imported: Vec<DecisionRecord>) -> (Vec<DecisionRecord>, Vec<String>) {
    let mut placed: Vec<DecisionRecord> = Vec::new();
    let mut notes = Vec::new();
    // The number each imported record had in its file and has now; the
    // first file of a number is the one links to that number mean.
    let mut renumbered: Vec<(u32, u32)> = Vec::new();
    for mut record in imported {
        let taken = |n: u32| existing.iter().chain(&placed).any(|r| r.number == n);
        let in_file = record.number;
        if record.number == 0 || taken(record.number) {
            let all: Vec<DecisionRecord> = existing.iter().chain(&placed).cloned().collect();
            let number = next_number(&all);
            if record.number != 0 {
                notes.push(format!(
                    "\"{}\" was {} in its file, which is taken here: it is now {}",
                    record.title,
                    number_label(record.number),
                    number_label(number)
                ));
            }
            record.number = number;
        }
        if in_file != 0 && !renumbered.iter().any(|(old, _)| *old == in_file) {
            renumbered.push((in_file, record.number));
        }
        placed.push(record);
    }
    // Only the document's own records: an imported record renumbered to
    // n is not what a file's link to n meant.
    let known = |n: u32| existing.iter().any(|r| r.number == n);
    let target = |n: u32| -> Option<u32> {
        match renumbered.iter().find(|(old, _)| *old == n) {
            Some((_, new)) => Some(*new),
            None => known(n).then_some(n),
        }
    };
    let mut linked = Vec::with_capacity(placed.len());
    for record in &placed {
        let mut record = record.clone();
        let mut missing: Vec<String> = Vec::new();
        let mut follow = |numbers: &[u32], relation: &str| -> Vec<u32> {
            let mut kept = Vec::new();
            for &n in numbers {
                match target(n) {
                    Some(new) if !kept.contains(&new) => kept.push(new),
                    Some(_) => {}
                    None => missing.push(format!("{relation} {}", number_label(n))),
                }
            }
            kept
        };
        if let Status::SupersededBy(by) = &record.status {
            let kept = follow(by, "superseded by");
            // Superseded by nothing that exists: the record is no longer in
            // force, which is what deprecated says without naming a successor.
            record.status = if kept.is_empty() { Status::Deprecated } else { Status::SupersededBy(kept) };
        }
        record.supersedes = follow(&record.supersedes, "supersedes");
        if !missing.is_empty() {
            let text = format!("Links to records that were not imported: {}.", missing.join(", "));
            if record.more_information.is_empty() {
                record.more_information = text;
            } else {
                record.more_information = format!("{}\n\n{text}", record.more_information);
            }
            notes.push(format!(
                "{} \"{}\" links to records neither imported nor in this document ({}): kept as text under More Information",
                record.label(),
                record.title,
                missing.join(", ")
            ));
        }
        linked.push(record);
    }
    (linked, notes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    #[test]
    fn a_draft_guards_the_objective_and_carries_the_latency_evidence() {
        let mut doc = mvp_that_creaks();
        doc.scenario.entries[0].objective = Some(crate::model::LatencyObjective { percentile: 0.99, target_ms: 100.0 });
        doc.scenario.growth = 3.0;
        let record = draft_from_scenario(&doc, 1, "2026-12-03", &[]);
        let guard = record.guardrails.iter().find(|g| g.metric == GuardrailMetric::P99Latency).expect("objective guardrail");
        assert_eq!((guard.component.as_str(), guard.threshold, guard.at_growth), ("lb", 0.1, 3.0));
        assert!(crate::adr::evaluate(&doc, guard).holds);
        assert!(record.decision_drivers.iter().any(|d| d == "Keep p99 of Load balancer at or under 100 ms at 3×"), "{:?}", record.decision_drivers);
        let evidence = record.evidence.as_ref().unwrap();
        assert_eq!(evidence.latency.len(), 1);
        assert!(evidence.latency[0].contains("p99 66.5 ms; objective p99 ≤ 100 ms holds until 3.53×"), "{:?}", evidence.latency);
        assert!(evidence.failures.as_deref().is_some_and(|f| f.contains("Single points of failure")), "{:?}", evidence.failures);
        let markdown = crate::files::evidence::to_markdown(evidence);
        assert!(markdown.contains("| Component | Load (before → after) | Utilisation (before → after) | Response (before → after) | p99 (before → after) | Headroom (before → after) |"), "{markdown}");
        // An objective broken now is not proposed as a guardrail.
        doc.scenario.growth = 3.6;
        let record = draft_from_scenario(&doc, 1, "2026-12-03", &[]);
        assert!(record.guardrails.iter().all(|g| g.metric != GuardrailMetric::P99Latency));
    }

    #[test]
    fn evidence_of_a_large_system_keeps_the_rows_that_matter() {
        let mut doc = crate::engine::synthetic::layered_dag(200, 300, 7);
        doc.scenario.growth = 3.0;
        let linked = vec![doc.components[10].id.clone()];
        let evidence = evidence_now(&doc, &linked);
        assert!(evidence.rows.len() <= 1 + NEXT_IN_LINE, "{}", evidence.rows.len());
        assert!(evidence.rows.iter().any(|r| r.component == linked[0]));
        let record = draft_from_scenario(&doc, 1, "2024-05-01", &linked);
        assert!(record.more_information.contains("of 200 components"), "{}", record.more_information);
        let small = draft_from_scenario(&mvp_that_creaks(), 1, "2024-05-01", &[]);
        assert_eq!(small.evidence.unwrap().rows.len(), 6, "a small system keeps every row");
        assert!(small.more_information.is_empty());
    }

    #[test]
    fn a_draft_names_the_bottleneck_and_carries_evidence_and_a_guardrail() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 10.0;
        let record = draft_from_scenario(&doc, 3, "2024-05-01", &["redis".into(), "nowhere".into()]);
        assert_eq!(record.title, "Relieve Postgres before it runs out of connections at 3.5×");
        assert_eq!(record.label(), "ADR-0003");
        assert_eq!(record.status, Status::Proposed);
        assert!(record.context_and_problem.starts_with("Scenario \"Launch traffic\" at 10× growth. Over capacity at 10×"));
        assert_eq!(record.decision_drivers, vec!["Keep Postgres at or under the comfort line (70.0%) at 10×"]);
        assert_eq!(record.components, vec![ComponentId::new("postgres"), ComponentId::new("redis")]);
        // Postgres is at 240% at 10×: no guardrail could hold, and the draft
        // says so rather than arriving broken (it used to carry "≤ 70% at 10×").
        assert!(record.guardrails.is_empty());
        assert_eq!(
            record.confirmation,
            "No guardrail could hold yet: Postgres is at 240.0% at 10× in the model as it is now, over the 70% line. \
             Add one once the change that relieves it is in the model (Postgres utilisation ≤ 70% at 10×)."
        );
        let evidence = record.evidence.as_ref().unwrap();
        assert_eq!(evidence.before.as_ref().map(|b| b.growth.as_str()), Some("1×"));
        assert_eq!(evidence.caches.len(), 1, "only the linked cache");
        assert!(crate::adr::validate_fields(&record).is_empty());

        doc.scenario.growth = 2.0;
        let at_2x = draft_from_scenario(&doc, 1, "2024-05-01", &[]);
        assert_eq!(at_2x.guardrails[0].condition_text(), "utilisation ≤ 70% at 2×");
        assert_eq!(
            at_2x.confirmation,
            "Guardrails, judged on the model as it is now: Postgres utilisation ≤ 70% at 2×: 48.0% there, a margin of 22.0 points."
        );
        assert!(crate::adr::evaluate(&doc, &at_2x.guardrails[0]).holds);

        doc.scenario.growth = 1.0;
        let at_1x = draft_from_scenario(&doc, 1, "2024-05-01", &[]);
        assert!(at_1x.evidence.unwrap().before.is_none(), "no comparison with itself");
        doc.scenario.entries.clear();
        let idle = draft_from_scenario(&doc, 1, "2024-05-01", &[]);
        assert_eq!(idle.title, "Architecture for \"Launch traffic\" at 1×");
        assert!(idle.guardrails.is_empty() && idle.components.is_empty());
    }

    fn three() -> Vec<DecisionRecord> {
        (1..=3).map(|n| DecisionRecord::new(n, format!("R{n}"), "2024-01-01")).collect()
    }

    #[test]
    fn status_changes_keep_links_both_ways() {
        let records = three();
        let changed = change_status(&records, 1, Status::SupersededBy(vec![2, 3])).unwrap();
        assert_eq!(changed.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(changed[0].status, Status::SupersededBy(vec![2, 3]));
        assert_eq!((changed[1].supersedes.clone(), changed[2].supersedes.clone()), (vec![1], vec![1]));

        let mut records = three();
        for record in changed {
            let at = records.iter().position(|r| r.number == record.number).unwrap();
            records[at] = record;
        }
        // Dropping one successor unlinks it only; leaving "superseded"
        // unlinks them all.
        let changed = change_status(&records, 1, Status::SupersededBy(vec![3])).unwrap();
        assert_eq!(changed.iter().map(|r| r.number).collect::<Vec<_>>(), vec![1, 2]);
        assert!(changed[1].supersedes.is_empty());
        let changed = change_status(&records, 1, Status::Accepted).unwrap();
        assert_eq!(changed.len(), 3);
        assert!(changed[1..].iter().all(|r| r.supersedes.is_empty()));

        assert_eq!(change_status(&records, 1, Status::SupersededBy(vec![1])), Err(LifecycleError::SelfSupersede(1)));
        assert_eq!(change_status(&records, 1, Status::SupersededBy(vec![9])), Err(LifecycleError::UnknownRecord(9)));
        assert_eq!(change_status(&records, 7, Status::Accepted), Err(LifecycleError::UnknownRecord(7)));
    }

    #[test]
    fn imported_links_follow_the_renumbering() {
        // Three files numbered 1..3 among themselves, imported where 1..3
        // are taken: 1 superseded by 3, 3 supersedes 1, 2 links nowhere.
        let existing = three();
        let mut first = DecisionRecord::new(1, "Use MySQL", "2024-01-01");
        first.status = Status::SupersededBy(vec![3]);
        let second = DecisionRecord::new(2, "Cache sessions", "2024-01-01");
        let mut third = DecisionRecord::new(3, "Use Postgres", "2024-01-01");
        third.status = Status::Accepted;
        third.supersedes = vec![1];
        let (placed, _) = number_imported(&existing, vec![first, second, third]);
        assert_eq!(placed.iter().map(|r| r.number).collect::<Vec<_>>(), vec![4, 5, 6]);
        assert_eq!(placed[0].status, Status::SupersededBy(vec![6]));
        assert_eq!(placed[2].supersedes, vec![4]);
        let mut doc = mvp_that_creaks();
        doc.decisions = existing.into_iter().chain(placed).collect();
        assert_eq!(crate::model::decision::validate_decisions(&doc), Ok(()));
    }

    #[test]
    fn imported_links_to_no_record_are_kept_as_text_and_reported() {
        let existing = three();
        let mut lone = DecisionRecord::new(1, "Lone", "2024-01-01");
        lone.status = Status::SupersededBy(vec![9]);
        lone.supersedes = vec![2, 8];
        let (placed, notes) = number_imported(&existing, vec![lone]);
        // ADR-0002 is the document's; 8 and 9 are nowhere.
        assert_eq!(placed[0].number, 4);
        assert_eq!(placed[0].status, Status::Deprecated);
        assert_eq!(placed[0].supersedes, vec![2]);
        assert_eq!(placed[0].more_information, "Links to records that were not imported: superseded by ADR-0009, supersedes ADR-0008.");
        assert_eq!(
            notes.last().map(String::as_str),
            Some("ADR-0004 \"Lone\" links to records neither imported nor in this document (superseded by ADR-0009, supersedes ADR-0008): kept as text under More Information")
        );
    }

    #[test]
    fn imported_numbers_never_collide() {
        let existing = three();
        let imported = vec![
            DecisionRecord::new(7, "Seven", "2024-01-01"),
            DecisionRecord::new(2, "Two again", "2024-01-01"),
            DecisionRecord::new(0, "Unnumbered", "2024-01-01"),
            DecisionRecord::new(7, "Seven again", "2024-01-01"),
        ];
        let (placed, notes) = number_imported(&existing, imported);
        assert_eq!(placed.iter().map(|r| r.number).collect::<Vec<_>>(), vec![7, 8, 9, 10]);
        assert_eq!(
            notes,
            vec![
                "\"Two again\" was ADR-0002 in its file, which is taken here: it is now ADR-0008",
                "\"Seven again\" was ADR-0007 in its file, which is taken here: it is now ADR-0010",
            ]
        );
    }
}
