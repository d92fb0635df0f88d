//! Hostile documents: the sample, the templates and a generated model with
//! their numbers pushed to the extremes a file can hold (zero, the
//! smallest and largest floats, the bounds and just past them, a
//! saturated integer). Every document the validation accepts must come
//! out of the engine with every figure finite or said to be unbounded, and
//! every text people read free of "inf", "NaN", saturated integers and
//! runs of digits no one can read; the ones it refuses must be refused in
//! words that name the field. Nothing may panic either way.

use headroom::cli::report_json;
use headroom::engine::synthetic::layered_dag;
use headroom::model::templates::TEMPLATES;
use headroom::model::{mvp_that_creaks, Document, GrowthOverride};
use proptest::prelude::*;
use serde_json::Value;

/// The values a hostile file tries.
const FLOATS: [f64; 20] = [
    0.0, 5e-324, 1e-300, 1e-9, 1e-6, 1e-3, 0.3, 1.0, 1.5, 7.0, 1e3, 1e4, 1e6, 1e6 + 1.0, 1e9, 1e9 + 1.0, 1e12, 1e200,
    1e308, -1.0,
];
const WHOLE: [u32; 7] = [0, 1, 2, 100, 100_000, 100_001, u32::MAX];

fn base(choice: usize) -> Document {
    match choice % (TEMPLATES.len() + 2) {
        0 => mvp_that_creaks(),
        1 => layered_dag(14, 30, choice as u64),
        n => (TEMPLATES[n - 2].build)(),
    }
}

/// One field of one part set to one hostile value.
#[derive(Clone, Debug)]
struct Mutation {
    field: u8,
    part: usize,
    value: usize,
}

fn mutate(doc: &mut Document, m: &Mutation) {
    let x = FLOATS[m.value % FLOATS.len()];
    let n = WHOLE[m.value % WHOLE.len()];
    let c = m.part % doc.components.len().max(1);
    let d = m.part % doc.dependencies.len().max(1);
    let component = doc.components.get_mut(c);
    match (m.field % 20, component) {
        (0, Some(comp)) => comp.throughput_per_instance = x,
        (1, Some(comp)) => comp.instances = n,
        (2, Some(comp)) => comp.max_instances = Some(n),
        (3, Some(comp)) => comp.base_latency_ms = x,
        (4, Some(comp)) => comp.monthly_cost_per_instance = x,
        (5, Some(comp)) => comp.hit_ratio = Some(x),
        (6, Some(comp)) => comp.connection_pool = Some(n),
        (7, Some(comp)) => {
            if let Some(db) = comp.database.as_mut() {
                db.read_replicas = n;
                db.max_connections = n;
            }
        }
        (8, Some(comp)) => {
            if let Some(f) = comp.function.as_mut() {
                f.price_per_million = x;
                f.cold_start_ms = x;
            }
        }
        (9, Some(comp)) => {
            if let Some(module) = comp.module.as_mut() {
                module.cpu_ms_per_request = x;
            }
        }
        (10, _) => {
            if let Some(dep) = doc.dependencies.get_mut(d) {
                dep.calls = x;
            }
        }
        (11, _) => {
            if let Some(entry) = doc.scenario.entries.first_mut() {
                entry.rate = x;
            }
        }
        (12, _) => doc.scenario.growth = x,
        (13, _) => doc.scenario.peak_factor = x,
        (14, Some(comp)) => {
            let id = comp.id.clone();
            doc.scenario.growth_overrides.push(GrowthOverride { component: id, factor: x });
        }
        (15, _) => {
            let hour = m.part % doc.scenario.daily_profile.len().max(1);
            if let Some(v) = doc.scenario.daily_profile.get_mut(hour) {
                *v = x;
            }
        }
        (16, _) => doc.scenario.overhead.monthly_per_service = x,
        (17, Some(comp)) => comp.memory_mb = Some(x),
        (18, _) => doc.scenario.comfort_line = x.min(2.0),
        (19, Some(comp)) => {
            if let Some(db) = comp.database.as_mut() {
                db.shards = n;
            }
        }
        _ => {}
    }
}

/// Every string in the JSON, with its path.
fn strings<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => out.push((path, text)),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                strings(item, format!("{path}.{key}"), out);
            }
        }
        _ => {}
    }
}

/// What no figure a person reads may contain.
fn unreadable(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    if words.contains(&"inf") || words.contains(&"nan") || lower.contains("infinity") {
        return Some("a non-finite number");
    }
    for saturated in ["4294967295", "18446744073709551615", "9223372036854775807"] {
        if text.replace(',', "").contains(saturated) {
            return Some("a saturated integer");
        }
    }
    let mut run = 0;
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            run += 1;
            if run >= 16 {
                return Some("a run of 16 digits or more");
            }
        } else if ch != ',' {
            run = 0;
        }
    }
    None
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_accepted_document_reads_well_and_every_refused_one_says_why(
        choice in 0usize..8,
        mutations in prop::collection::vec((0u8..20, 0usize..40, 0usize..40).prop_map(|(field, part, value)| Mutation { field, part, value }), 1..5),
    ) {
        let mut doc = base(choice);
        for m in &mutations {
            mutate(&mut doc, m);
        }
        match doc.validate() {
            Err(errors) => {
                for error in &errors.0 {
                    prop_assert!(!error.field.is_empty() && !error.subject.is_empty(), "{error}");
                    // It quotes what was given (even 4294967295), briefly.
                    prop_assert!(error.to_string().len() < 400, "{error}");
                }
            }
            Ok(()) => {
                let json = report_json(&doc).map_err(TestCaseError::fail)?;
                let value: Value = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
                let mut texts = Vec::new();
                strings(&value, String::new(), &mut texts);
                for (path, text) in texts {
                    if let Some(problem) = unreadable(text) {
                        return Err(TestCaseError::fail(format!("{path} has {problem}: {text:?} (mutations {mutations:?})")));
                    }
                }
            }
        }
    }
}
