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
    CallKind, CallMode, Component, ComponentKind, Dependency, Document, EntryPoint, LatencyObjective,
    Observation, Scenario, SCHEMA_VERSION,
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
                // The cases give seconds; the model keeps milliseconds.
                base_latency_ms: node["base_latency"].as_f64().unwrap_or(0.0) * 1000.0,
                service_scv: node["service_scv"].as_f64(),
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
            repeat_share: None,
        })
        .collect();
    let entry = &case["entry"];
    let mut scenario = Scenario::new(
        "reference",
        vec![EntryPoint {
            arrival_scv: entry["arrival_scv"].as_f64(),
            objective: case["objective"].as_object().map(|objective| LatencyObjective {
                percentile: objective["percentile"].as_f64().expect("objective percentile"),
                target_ms: objective["latency"].as_f64().expect("objective latency") * 1000.0,
            }),
            ..EntryPoint::new(entry["node"].as_str().expect("entry node"), entry["rate"].as_f64().expect("entry rate"))
        }],
    );
    // The cases are steady state at one rate: a flat day, so work behind
    // a queue is judged at the same rate as everything else.
    scenario.daily_profile = vec![1.0; 24];
    let doc = Document {
        schema_version: SCHEMA_VERSION,
        decisions: Vec::new(),
        options: Vec::new(),
        migrations: Vec::new(),
        positions: Default::default(),
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
    /// A checker with the case's name and tolerances.
    fn for_case(case: &Value) -> Checker {
        let tolerance = &case["tolerance"];
        Checker {
            case: case["name"].as_str().unwrap_or("?").to_owned(),
            relative: tolerance["relative"].as_f64().unwrap_or(1e-6),
            absolute: tolerance["absolute"].as_f64().unwrap_or(1e-9),
            failures: Vec::new(),
            checked: 0,
        }
    }

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

/// The kinds of case `beyond-mean/` holds (README, "Beyond the mean"), by
/// the prefix of their names.
const BEYOND_MEAN_KINDS: [&str; 5] = ["pct_", "objective_", "gg_", "calibrate_", "one_instance_lost"];

/// The expected fields the beyond-the-mean harness knows how to compute.
const BEYOND_MEAN_FIELDS: [&str; 7] = [
    "per_node_percentiles",
    "end_to_end_percentiles",
    "objective_headroom",
    "per_node",
    "service_rate",
    "headroom_one_instance_lost",
    "headroom_cache_cold",
];

fn check_beyond_mean(case: &Value, checker: &mut Checker) {
    let name = case["name"].as_str().unwrap_or("?");
    if !BEYOND_MEAN_KINDS.iter().any(|kind| name.starts_with(kind)) {
        checker.failures.push(format!("{name}: a kind of case this harness does not know (known: {BEYOND_MEAN_KINDS:?})"));
        return;
    }
    let expected = &case["expected"];
    for field in expected.as_object().map(|o| o.keys().collect::<Vec<_>>()).unwrap_or_default() {
        if !BEYOND_MEAN_FIELDS.contains(&field.as_str()) {
            checker.failures.push(format!("{name}: expected field \"{field}\" is not one this harness computes"));
        }
    }
    if name.starts_with("calibrate_") {
        check_calibration(case, checker);
        return;
    }
    let doc = document_of(case);
    let analysis = engine::Analysis::new(&doc);
    let report = analysis.report_at(doc.scenario.growth);
    let percentiles = analysis.percentiles(&report);
    let index = |id: &str| doc.components.iter().position(|c| c.id.as_str() == id);
    if let Some(nodes) = expected["per_node_percentiles"].as_object() {
        for (id, figures) in nodes {
            let found = index(id).and_then(|i| percentiles.components[i]);
            for (label, got) in [("p50", found.map(|p| p.p50)), ("p95", found.map(|p| p.p95)), ("p99", found.map(|p| p.p99))] {
                checker.number(&format!("per_node_percentiles.{id}.{label}"), got, &figures[label]);
            }
        }
    }
    if let Some(figures) = expected.get("end_to_end_percentiles") {
        let found = percentiles.entries.first().copied().flatten();
        for (label, got) in [("p50", found.map(|p| p.p50)), ("p95", found.map(|p| p.p95)), ("p99", found.map(|p| p.p99))] {
            checker.number(&format!("end_to_end_percentiles.{label}"), got, &figures[label]);
        }
        // Where percentiles exist the mean does too (tests/percentiles.rs
        // checks that the distribution's mean is the formula's).
        checker.truth("end-to-end mean exists", report.entries[0].latency.is_some(), true);
    }
    if let Some(headroom) = expected.get("objective_headroom") {
        let found = analysis.objective_headroom();
        checker.number("objective_headroom", found.first().map(|o| o.breaks_at), headroom);
    }
    if let Some(nodes) = expected["per_node"].as_object() {
        for (id, figures) in nodes {
            let i = index(id);
            for (field, value) in figures.as_object().into_iter().flatten() {
                let load = i.map(|i| &report.components[i]);
                let got = match field.as_str() {
                    "wait_time" => load.and_then(|l| l.queueing).map(|q| q.wait_time),
                    "response_time" => load.and_then(|l| l.queueing).map(|q| q.response_time),
                    "mean_in_queue" => load.and_then(|l| l.queueing).map(|q| q.mean_in_queue),
                    "headroom_one_instance_lost" => i.map(|i| engine::headroom_one_instance_lost(&doc, i)),
                    other => {
                        checker.failures.push(format!("{name}: per_node field \"{other}\" is not one this harness computes"));
                        continue;
                    }
                };
                checker.number(&format!("per_node.{id}.{field}"), got, value);
            }
        }
    }
    if let Some(value) = expected.get("headroom_one_instance_lost") {
        let lowest = (0..doc.components.len()).map(|i| engine::headroom_one_instance_lost(&doc, i)).fold(f64::INFINITY, f64::min);
        checker.number("headroom_one_instance_lost", Some(lowest), value);
    }
    if let Some(value) = expected.get("headroom_cache_cold") {
        checker.number("headroom_cache_cold", Some(engine::headroom_cache_cold(&doc)), value);
    }
}

/// A calibration case has no architecture: one component observed at a
/// known rate.
fn check_calibration(case: &Value, checker: &mut Checker) {
    let observed = &case["observed"];
    let servers = observed["servers"].as_u64().expect("observed servers") as u32;
    let component = Component {
        instances: servers,
        base_latency_ms: 0.0,
        observed: Some(Observation {
            rate: observed["arrival_rate"].as_f64().expect("observed arrival_rate"),
            utilisation: observed["utilisation"].as_f64(),
            mean_latency_ms: observed["mean_response"].as_f64().map(|s| s * 1000.0),
            ..Observation::default()
        }),
        ..Component::with_defaults("observed", "observed", ComponentKind::Service)
    };
    let got = engine::calibrated_throughput(&component).ok().map(|c| c.throughput_per_instance);
    checker.number("service_rate", got, &case["expected"]["service_rate"]);
}

fn read_cases(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|ext| ext == "json"));
    files.sort();
    files
}

#[test]
fn every_beyond_the_mean_case_is_reproduced() {
    let dir = cases_dir().join("beyond-mean");
    let files = read_cases(&dir);
    assert!(!files.is_empty(), "no beyond-the-mean cases (*.json) in {}", dir.display());
    let mut failures = Vec::new();
    let mut passed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case");
        let case: Value = serde_json::from_str(&text).expect("valid JSON case");
        let mut checker = Checker::for_case(&case);
        check_beyond_mean(&case, &mut checker);
        if checker.checked == 0 && checker.failures.is_empty() {
            checker.failures.push(format!("{}: no expected field was checked", checker.case));
        }
        if checker.failures.is_empty() {
            passed += 1;
        }
        failures.extend(checker.failures);
    }
    println!("{passed} of {} beyond-the-mean cases pass", files.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_reference_case_is_reproduced() {
    let dir = cases_dir();
    if let Err(error) = std::fs::read_dir(&dir) {
        panic!(
            "the reference cases are missing: cannot read {} ({error}). \
             They live in tests/reference-cases/; HEADROOM_REFERENCE_CASES, if set, must name a folder laid out like it.",
            dir.display()
        )
    }
    let files = read_cases(&dir);
    assert!(!files.is_empty(), "no reference cases (*.json) in {}", dir.display());

    let mut failures = Vec::new();
    let mut passed = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable case");
        let case: Value = serde_json::from_str(&text).expect("valid JSON case");
        let mut checker = Checker::for_case(&case);
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
