//! The engine against the closed-form reference cases in
//! `tests/reference-cases/` (data kept with the project; their README gives
//! every formula): every file is mapped onto Headroom's model,
//! solved, and every expected field compared within the file's tolerance.
//! `null` (infinite or undefined) must come out as saturated / `None`.
//!
//! If the folder is missing the test fails and says so: a reference test
//! that silently passes on nothing would be worse than none.

use std::path::PathBuf;

use headroom::engine::{self, instances_needed, Report};
use headroom::model::{
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, Scenario,
    SCHEMA_VERSION,
};
use serde_json::Value;

fn cases_dir() -> PathBuf {
    match std::env::var_os("HEADROOM_REFERENCE_CASES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reference-cases"),
    }
}

/// Maps a case's neutral format onto a Headroom document.
fn document_of(case: &Value) -> Document {
    let kind_of = |label: &str, has_hit_ratio: bool| {
        if has_hit_ratio {
            return ComponentKind::Cache;
        }
        match label {
            "db" => ComponentKind::Database,
            "cache" => ComponentKind::Cache,
            "gateway" => ComponentKind::ApiGateway,
            "queue" => ComponentKind::Queue,
            "worker" => ComponentKind::WorkerPool,
            _ => ComponentKind::Service,
        }
    };
    let components = case["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|node| {
            let id = node["id"].as_str().expect("node id");
            let hit_ratio = node["hit_ratio"].as_f64();
            let kind = kind_of(node["kind"].as_str().unwrap_or("service"), hit_ratio.is_some());
            Component {
                instances: node["servers"].as_u64().expect("servers") as u32,
                throughput_per_instance: node["service_rate"].as_f64().expect("service_rate"),
                max_instances: None,
                base_latency_ms: 0.0,
                hit_ratio: Some(hit_ratio.unwrap_or(0.0)),
                // The cases model queueing only: no connection budgets.
                database: None,
                connection_pool: None,
                ..Component::with_defaults(id, id, kind)
            }
        })
        .collect();
    let dependencies = case["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .enumerate()
        .map(|(i, edge)| Dependency {
            id: format!("e{i}").into(),
            from: edge["from"].as_str().expect("from").into(),
            to: edge["to"].as_str().expect("to").into(),
            calls: edge["calls_per_request"].as_f64().expect("calls_per_request"),
            kind: CallKind::Call,
            mode: if edge["async"].as_bool().unwrap_or(false) {
                CallMode::Async
            } else {
                CallMode::Sync
            },
            deferrable: false,
            routing: headroom::model::Routing::Calls,
        })
        .collect();
    let entry = &case["entry"];
    let mut scenario = Scenario::new(
        "reference",
        vec![EntryPoint::new(entry["node"].as_str().expect("entry node"), entry["rate"].as_f64().expect("entry rate"))],
    );
    // The cases are steady state at one rate: a flat day, so work behind
    // a queue is judged at the same rate as everything else.
    scenario.daily_profile = vec![1.0; 24];
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        decisions: Vec::new(),
        options: Vec::new(),
        name: case["name"].as_str().unwrap_or("case").to_owned(),
        components,
        dependencies,
        scenario,
    };
    if let Err(errors) = doc.validate() {
        panic!("case {} does not map onto a valid document: {errors}", doc.name);
    }
    doc
}

struct Checker {
    case: String,
    relative: f64,
    absolute: f64,
    failures: Vec<String>,
    checked: usize,
}

impl Checker {
    /// Compares one figure; `expected` null means infinite or undefined.
    fn number(&mut self, what: &str, got: Option<f64>, expected: &Value) {
        self.checked += 1;
        match (expected.as_f64(), got) {
            (None, None) => {}
            (None, Some(g)) if !g.is_finite() => {}
            (Some(e), Some(g)) => {
                let tolerance = self.absolute.max(self.relative * g.abs().max(e.abs()));
                if g.is_nan() || (g - e).abs() > tolerance {
                    self.failures.push(format!("{}: {what} = {g}, expected {e}", self.case));
                }
            }
            (e, g) => self.failures.push(format!("{}: {what} = {g:?}, expected {e:?}", self.case)),
        }
    }

    fn truth(&mut self, what: &str, got: bool, expected: bool) {
        self.checked += 1;
        if got != expected {
            self.failures.push(format!("{}: {what} = {got}, expected {expected}", self.case));
        }
    }
}

fn check_case(case: &Value, checker: &mut Checker) {
    let doc = document_of(case);
    let report: Report = engine::solve(&doc);
    let expected = &case["expected"];

    for (id, fields) in expected["per_node"].as_object().expect("per_node") {
        let load = report
            .components
            .iter()
            .find(|c| c.id.as_str() == id)
            .unwrap_or_else(|| panic!("{}: no report for {id}", checker.case));
        let queueing = load.queueing;
        for (field, value) in fields.as_object().expect("per-node fields") {
            let what = format!("{id}.{field}");
            match field.as_str() {
                "arrival_rate" => checker.number(&what, Some(load.arrival_rate), value),
                "utilization" => checker.number(&what, Some(load.utilisation), value),
                "prob_wait" => checker.number(&what, queueing.map(|q| q.prob_wait), value),
                "wait_time" => checker.number(&what, queueing.map(|q| q.wait_time), value),
                "response_time" => checker.number(&what, queueing.map(|q| q.response_time), value),
                "mean_in_queue" => checker.number(&what, queueing.map(|q| q.mean_in_queue), value),
                "mean_in_system" => {
                    checker.number(&what, queueing.map(|q| q.mean_in_system), value)
                }
                "saturated" => {
                    checker.truth(&what, load.is_saturated(), value.as_bool().expect("bool"))
                }
                "visit_ratio" => {
                    let index = doc.components.iter().position(|c| c.id.as_str() == id);
                    let visit = index.map(|i| report.entries[0].visit_ratios[i]);
                    checker.number(&what, visit, value)
                }
                "effective_arrival_rate" => {
                    checker.number(&what, load.effective_arrival_rate, value)
                }
                "backlog_growth_rate" => checker.number(&what, load.backlog_growth_rate, value),
                other => checker
                    .failures
                    .push(format!("{}: unknown per-node field {other}", checker.case)),
            }
        }
    }

    checker.number("end_to_end_latency", report.entries[0].latency, &expected["end_to_end_latency"]);
    checker.number("headroom", report.headroom(), &expected["headroom"]);
    let entry_rate = doc.scenario.entries[0].rate;
    checker.number(
        "max_sustainable_entry_rate",
        report.headroom().map(|h| h * entry_rate),
        &expected["max_sustainable_entry_rate"],
    );

    let bottleneck = report.bottleneck().map(|b| b.component.to_string()).unwrap_or_default();
    let candidates: Vec<&str> = expected["bottleneck_candidates"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_else(|| vec![expected["bottleneck"].as_str().unwrap_or_default()]);
    checker.truth(
        &format!("bottleneck {bottleneck} in {candidates:?}"),
        candidates.contains(&bottleneck.as_str()),
        true,
    );

    let mut saturated: Vec<String> = report.saturated().map(|c| c.id.to_string()).collect();
    let mut expected_saturated: Vec<String> = expected["saturated"]
        .as_array()
        .expect("saturated")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    saturated.sort();
    expected_saturated.sort();
    checker.truth(
        &format!("saturated {saturated:?} = {expected_saturated:?}"),
        saturated == expected_saturated,
        true,
    );

    if let Some(sizing) = expected.get("sizing") {
        let target = sizing["target_rate"].as_f64().expect("target_rate");
        let cap = sizing["utilization_cap"].as_f64().expect("utilization_cap");
        let scale = target / entry_rate;
        let mut total = 0;
        for (id, needed) in sizing["instances_needed"].as_object().expect("instances_needed") {
            let load = report.components.iter().find(|c| c.id.as_str() == id).expect("node");
            let got = instances_needed(load.arrival_rate * scale, load.service_rate, cap);
            total += got;
            checker.number(&format!("sizing.{id}"), Some(f64::from(got)), needed);
        }
        checker.number("sizing.total_instances", Some(f64::from(total)), &sizing["total_instances"]);
    }
}

#[test]
fn every_reference_case_is_reproduced() {
    let dir = cases_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| {
        panic!(
            "the reference cases are missing: cannot read {} ({error}). \
             They live in tests/reference-cases/; HEADROOM_REFERENCE_CASES, if set, must name a folder laid out like it.",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no reference cases (*.json) in {}", dir.display());

    let mut failures = Vec::new();
    let mut passed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case");
        let case: Value = serde_json::from_str(&text).expect("valid JSON case");
        let tolerance = &case["tolerance"];
        let mut checker = Checker {
            case: case["name"].as_str().unwrap_or("?").to_owned(),
            relative: tolerance["relative"].as_f64().unwrap_or(1e-6),
            absolute: tolerance["absolute"].as_f64().unwrap_or(1e-9),
            failures: Vec::new(),
            checked: 0,
        };
        check_case(&case, &mut checker);
        assert!(checker.checked > 5, "{}: too few fields checked", checker.case);
        if checker.failures.is_empty() {
            passed += 1;
        }
        failures.extend(checker.failures);
    }
    println!("{passed} of {} reference cases pass", files.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
