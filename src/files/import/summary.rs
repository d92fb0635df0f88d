//! An import's preview in words: one headline, each guess and each thing
//! not read as a sentence naming where it was. The page lists these lines
//! under its preview table and the command line prints them.

use serde::Serialize;

use super::ImportDraft;
use crate::words::quantity::{field_text, rate};

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImportSummary {
    /// "Mermaid flowchart: 7 components, 8 dependencies, 1 entry point; 5 guesses, 2 things not read."
    pub headline: String,
    pub components: Vec<SummaryComponent>,
    pub dependencies: Vec<SummaryDependency>,
    pub entries: Vec<SummaryEntry>,
    /// "kind of db: a relational database (drawn as a cylinder: a database)".
    pub guesses: Vec<String>,
    /// "line 7: classDef x fill:#f00 — styling or layout: Headroom draws its own".
    pub not_read: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryComponent {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub guess: Option<String>,
    pub included: bool,
    pub instances: Option<u32>,
    pub place: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryDependency {
    pub from: String,
    pub to: String,
    pub calls: f64,
    pub kind: &'static str,
    pub mode: &'static str,
    pub guess: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryEntry {
    pub component: String,
    pub rate: f64,
    pub guess: Option<String>,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl ImportSummary {
    pub fn of(draft: &ImportDraft) -> ImportSummary {
        let components: Vec<SummaryComponent> = draft
            .components
            .iter()
            .map(|c| SummaryComponent {
                id: c.id.clone(),
                name: c.name.clone(),
                kind: c.kind.slug(),
                guess: c.guess.clone(),
                included: c.included,
                instances: c.declared.instances,
                place: c.place.to_string(),
            })
            .collect();
        let dependencies: Vec<SummaryDependency> = draft
            .dependencies
            .iter()
            .map(|d| SummaryDependency {
                from: d.from.clone(),
                to: d.to.clone(),
                calls: d.calls,
                kind: d.kind.label(),
                mode: match d.mode {
                    crate::model::CallMode::Sync => "sync",
                    crate::model::CallMode::Async => "async",
                },
                guess: d.guess.clone(),
            })
            .collect();
        let entries: Vec<SummaryEntry> = draft
            .entries
            .iter()
            .map(|e| SummaryEntry { component: e.component.clone(), rate: e.rate, guess: e.guess.clone() })
            .collect();
        let mut guesses = Vec::new();
        for c in draft.components.iter().filter(|c| c.included) {
            if let Some(why) = &c.guess {
                guesses.push(format!("{} ({}): {} — {why}", c.id, c.place, c.kind.label().to_lowercase()));
            }
        }
        for d in &draft.dependencies {
            if let Some(why) = &d.guess {
                guesses.push(format!("{} → {} ({}): {} calls per request — {why}", d.from, d.to, d.place, field_text(d.calls)));
            }
        }
        for e in &draft.entries {
            if let Some(why) = &e.guess {
                guesses.push(format!("entry {}: {} — {why}", e.component, rate(e.rate)));
            }
        }
        let not_read: Vec<String> =
            draft.not_understood.iter().map(|u| format!("{}: {} — {}", u.place, u.text, u.why)).collect();
        let included = draft.components.iter().filter(|c| c.included).count();
        let headline = format!(
            "{}: {}, {}, {}; {}, {}.",
            draft.format.label(),
            count(included, "component", "components"),
            count(draft.dependencies.len(), "dependency", "dependencies"),
            count(draft.entries.len(), "entry point", "entry points"),
            count(guesses.len(), "guess", "guesses"),
            count(not_read.len(), "thing not read", "things not read"),
        );
        ImportSummary { headline, components, dependencies, entries, guesses, not_read }
    }
}
