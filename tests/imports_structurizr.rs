//! Structurizr workspaces in and out: the importer on a realistic workspace
//! (tests/data/import/structurizr-bigbank.json) — detection, the
//! components, arrows and entry points it becomes, every guess, every line
//! it lists as not understood with its JSON path, the document it makes —
//! then every template written as Structurizr JSON and read back, every
//! template written as a DSL workspace, and two thousand mutated files
//! that must never panic.

use std::collections::BTreeMap;

use headroom::files::import::{detect, read, ImportDraft, ImportFormat, ImportOptions, Place};
use headroom::files::structurizr_dsl::{workspace, workspace_json};
use headroom::model::templates::TEMPLATES;
use headroom::model::{CallKind, CallMode, ComponentKind, Document};
use serde_json::Value;

const FIXTURE: &str = include_str!("data/import/structurizr-bigbank.json");

fn bigbank() -> ImportDraft {
    read(FIXTURE, &ImportOptions::default()).expect("the fixture reads")
}

fn path(place: &Place) -> String {
    match place {
        Place::Path(path) => path.clone(),
        Place::Line(line) => format!("line {line}"),
    }
}

#[test]
fn the_workspace_is_detected_and_read_as_structurizr() {
    assert_eq!(detect(FIXTURE), Ok(ImportFormat::Structurizr));
    let draft = bigbank();
    assert_eq!(draft.format, ImportFormat::Structurizr);
    assert_eq!(draft.name, "Big Bank plc - Internet Banking");
    let named = read(FIXTURE, &ImportOptions { format: Some(ImportFormat::Structurizr), ..ImportOptions::default() });
    assert_eq!(named.as_ref().map(|d| d.components.len()), Ok(8));
}

#[test]
fn containers_and_systems_without_containers_become_components() {
    let draft = bigbank();
    let found: Vec<(&str, &str, ComponentKind, bool)> =
        draft.components.iter().map(|c| (c.id.as_str(), c.name.as_str(), c.kind, c.guess.is_some())).collect();
    assert_eq!(
        found,
        [
            ("single-page-application", "Single-Page Application", ComponentKind::Service, true),
            ("mobile-app", "Mobile App", ComponentKind::Service, true),
            ("api-application", "API Application", ComponentKind::Service, true),
            // headroom.kind said so: no guess.
            ("database", "Database", ComponentKind::Database, false),
            ("session-cache", "Session Cache", ComponentKind::Cache, true),
            ("payment-events", "Payment Events", ComponentKind::Queue, true),
            ("mainframe-banking-system", "Mainframe Banking System", ComponentKind::Service, true),
            ("e-mail-provider", "E-mail Provider", ComponentKind::ExternalApi, true),
        ]
    );
    let guess =
        |id: &str| draft.components.iter().find(|c| c.id == id).and_then(|c| c.guess.clone()).unwrap_or_default();
    assert_eq!(guess("session-cache"), "\"redis\" in \"Redis\"");
    assert_eq!(guess("payment-events"), "\"kafka\" in \"Apache Kafka\"");
    assert!(guess("e-mail-provider").starts_with("location External"));
    assert!(guess("mainframe-banking-system").contains("nothing names its kind"));
    // The software system with containers, and the C4 components of the API, are not components.
    assert!(draft.components.iter().all(|c| c.name != "Internet Banking System" && c.name != "Sign In Controller"));
}

#[test]
fn properties_declare_capacities() {
    let draft = bigbank();
    let declared =
        |id: &str| draft.components.iter().find(|c| c.id == id).map(|c| c.declared.clone()).unwrap_or_default();
    let api = declared("api-application");
    assert_eq!(api.instances, Some(4));
    assert_eq!(api.max_instances, Some(10));
    assert_eq!(api.throughput_per_instance, Some(250.0));
    assert_eq!(api.base_latency_ms, Some(12.0));
    assert_eq!(api.monthly_cost_per_instance, Some(95.0));
    assert_eq!(api.hit_ratio, None);
    let database = declared("database");
    // "two" is not a number: listed, and the kind's default stands.
    assert_eq!((database.instances, database.throughput_per_instance), (None, Some(1200.0)));
    assert_eq!(declared("session-cache").hit_ratio, Some(0.85));
    assert_eq!(declared("mobile-app"), Default::default());
}

#[test]
fn relationships_become_one_arrow_per_pair_of_containers() {
    let draft = bigbank();
    let arrows: Vec<(&str, &str, f64, CallKind, CallMode, bool)> = draft
        .dependencies
        .iter()
        .map(|d| (d.from.as_str(), d.to.as_str(), d.calls, d.kind, d.mode, d.guess.is_some()))
        .collect();
    use CallKind::{Call, Read, Write};
    use CallMode::{Async, Sync};
    assert_eq!(
        arrows,
        [
            ("api-application", "payment-events", 0.2, Write, Async, true),
            ("api-application", "e-mail-provider", 0.05, Call, Sync, false),
            ("payment-events", "mainframe-banking-system", 1.0, Call, Async, true),
            // Component-level relationships, read as their container's.
            ("single-page-application", "api-application", 1.0, Call, Sync, true),
            ("mobile-app", "api-application", 1.0, Call, Sync, true),
            ("api-application", "database", 1.0, Read, Sync, true),
            ("api-application", "session-cache", 1.0, Read, Sync, true),
            ("api-application", "mainframe-banking-system", 1.0, Call, Sync, true),
        ]
    );
    let first = &draft.dependencies[0];
    assert_eq!(first.label.as_deref(), Some("Publishes payment events to"));
    assert_eq!(first.guess.as_deref(), Some("\"publishes\" in the description: a write"));
    assert_eq!(first.place, Place::Path("model.softwareSystems[0].containers[2].relationships[0]".to_owned()));
    assert_eq!(
        draft.dependencies[5].guess.as_deref(),
        Some("\"reads\" in the description: a read; no headroom.calls: 1 call per request")
    );
    assert_eq!(
        draft.dependencies[5].place,
        Place::Path("model.softwareSystems[0].containers[2].components[0].relationships[0]".to_owned())
    );
}

#[test]
fn people_make_entry_points_at_their_rates() {
    let draft = bigbank();
    let entries: Vec<(&str, f64, Option<&str>)> =
        draft.entries.iter().map(|e| (e.component.as_str(), e.rate, e.guess.as_deref())).collect();
    assert_eq!(entries.len(), 3);
    // The relationship's own headroom.rate.
    assert_eq!(entries[0], ("single-page-application", 45.0, None));
    // The person's, given to each of the two containers they use.
    assert_eq!((entries[1].0, entries[1].1), ("mobile-app", 60.0));
    assert!(entries[1].2.unwrap_or("").contains("given to each of the 2 elements"));
    // No rate anywhere: a placeholder, said to be one.
    assert_eq!((entries[2].0, entries[2].1), ("mainframe-banking-system", 100.0));
    assert!(entries[2].2.unwrap_or("").contains("placeholder"));
    assert_eq!(draft.guess_count(), 7 + 7 + 2);
}

#[test]
fn what_is_not_read_is_listed_with_its_path() {
    let draft = bigbank();
    let listed: Vec<(String, &str)> = draft.not_understood.iter().map(|u| (path(&u.place), u.text.as_str())).collect();
    let expected = [
        ("model.deploymentNodes", "3 deployment nodes"),
        ("model.softwareSystems[0].containers[2].properties", "property owner"),
        ("model.softwareSystems[0].containers[3].properties.headroom.instances", "headroom.instances = \"two\""),
        ("model.softwareSystems[0]", "Internet Banking System"),
        (
            "model.softwareSystems[0].containers[2].components",
            "components Sign In Controller, Accounts Summary Controller, Mainframe Banking System Facade",
        ),
        ("model.people[0].relationships[3]", "Personal Banking Customer → Customer Service Staff: Asks questions to"),
        ("model.softwareSystems[0].containers[1].relationships[2]", "Mobile App → ?: Sends push notifications using"),
        ("model.softwareSystems[2].relationships[0]", "E-mail Provider → Personal Banking Customer: Sends e-mails to"),
        (
            "model.softwareSystems[0].relationships[0]",
            "Internet Banking System → Mainframe Banking System: Gets account information from, and makes payments using",
        ),
        (
            "model.softwareSystems[0].containers[0].relationships[1]",
            "1 more relationship from Single-Page Application to API Application at component level",
        ),
        (
            "model.softwareSystems[0].containers[1].relationships[1]",
            "1 more relationship from Mobile App to API Application at component level",
        ),
        (
            "model.softwareSystems[0].containers[2].components[1].relationships[0]",
            "1 relationship between components of API Application",
        ),
        ("model.people[0].relationships[2]", "7 implied relationships (linkedRelationshipId)"),
        ("model.people[2]", "Auditor"),
    ];
    let expected: Vec<(String, &str)> = expected.iter().map(|(p, t)| ((*p).to_owned(), *t)).collect();
    assert_eq!(listed, expected);
    let why = |at: &str| {
        draft.not_understood.iter().find(|u| path(&u.place) == at).map(|u| u.why.clone()).unwrap_or_default()
    };
    assert!(why("model.softwareSystems[0].containers[3].properties.headroom.instances").contains("whole number"));
    assert_eq!(why("model.people[0].relationships[2]"), "they repeat the ones imported");
    assert!(why("model.softwareSystems[0].containers[1].relationships[2]").contains("no destinationId"));
    assert!(why("model.softwareSystems[0].relationships[0]").contains("repeats them"));
    assert!(why("model.people[2]").contains("not an entry point"));
}

#[test]
fn the_draft_makes_a_valid_document() {
    let draft = bigbank();
    let doc = draft.to_document().expect("a valid document");
    assert_eq!(doc.validate(), Ok(()));
    assert_eq!(doc.name, "Big Bank plc - Internet Banking");
    assert_eq!((doc.components.len(), doc.dependencies.len(), doc.scenario.entries.len()), (8, 8, 3));
    let api = doc.components.iter().find(|c| c.id.as_str() == "api-application").expect("the API");
    assert_eq!((api.instances, api.max_instances, api.throughput_per_instance), (4, Some(10), 250.0));
    let cache = doc.components.iter().find(|c| c.id.as_str() == "session-cache").expect("the cache");
    assert_eq!(cache.hit_ratio, Some(0.85));
    let total: f64 = doc.scenario.entries.iter().map(|e| e.rate).sum();
    assert_eq!(total, 205.0);
    let report = headroom::engine::solve(&doc);
    assert_eq!(report.components.len(), 8);
    assert!(report.bottleneck().is_some());
}

#[test]
fn not_json_and_no_model_are_errors_at_their_place() {
    let error = read("{\n  \"model\": {\n    \"people\": [,]\n  }\n}", &ImportOptions::default()).unwrap_err();
    assert_eq!(error.place, Place::Line(3));
    let only = ImportOptions { format: Some(ImportFormat::Structurizr), ..ImportOptions::default() };
    let error = read("{\"name\": \"no model\"}", &only).unwrap_err();
    assert_eq!(error.place, Place::Path(String::new()));
    let error = read("{\"model\": \"flat\"}", &only).unwrap_err();
    assert_eq!(error.place, Place::Path(String::new()));
}

/// Each pair's calls summed and its first arrow's mode: the draft merges
/// two arrows between the same components (one reading, one writing) into
/// one, so that is what a trip out and back can keep.
fn arrows_by_pair(doc: &Document) -> BTreeMap<(String, String), (f64, &'static str)> {
    let mut pairs: BTreeMap<(String, String), (f64, &'static str)> = BTreeMap::new();
    for d in &doc.dependencies {
        let entry = pairs.entry((d.from.to_string(), d.to.to_string())).or_insert((0.0, d.mode.label()));
        entry.0 += d.calls;
    }
    pairs
}

#[test]
fn every_template_reads_back_from_its_structurizr_json() {
    for template in TEMPLATES {
        let doc = (template.build)();
        let json = workspace_json(&doc);
        assert_eq!(detect(&json), Ok(ImportFormat::Structurizr), "{}", template.id);
        let draft = read(&json, &ImportOptions::default()).unwrap_or_else(|e| panic!("{}: {e}", template.id));
        assert_eq!(draft.guess_count(), 0, "{}: {:?}", template.id, draft);
        let back = draft.to_document().unwrap_or_else(|e| panic!("{}: {e:?}", template.id));
        assert_eq!(back.name, doc.name);
        assert_eq!(back.components.len(), doc.components.len(), "{}", template.id);
        for (a, b) in doc.components.iter().zip(&back.components) {
            let at = format!("{} / {}", template.id, a.id);
            assert_eq!((&a.id, &a.name, a.kind), (&b.id, &b.name, b.kind), "{at}");
            assert_eq!((a.instances, a.max_instances), (b.instances, b.max_instances), "{at}");
            assert_eq!(a.throughput_per_instance, b.throughput_per_instance, "{at}");
            assert_eq!(a.base_latency_ms, b.base_latency_ms, "{at}");
            assert_eq!(a.monthly_cost_per_instance, b.monthly_cost_per_instance, "{at}");
            assert_eq!(a.effective_hit_ratio(), b.effective_hit_ratio(), "{at}");
            // A module's host is written but not yet read back (see the report).
            assert_eq!(b.host(), None, "{at}");
        }
        let (before, after) = (arrows_by_pair(&doc), arrows_by_pair(&back));
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "{}", template.id);
        for (pair, (calls, mode)) in &before {
            let (back_calls, back_mode) = after[pair];
            assert!((calls - back_calls).abs() < 1e-12, "{} {pair:?}: {calls} vs {back_calls}", template.id);
            assert_eq!(*mode, back_mode, "{} {pair:?}", template.id);
        }
        // Arrows that stay one arrow keep their kind and routing too.
        for d in &back.dependencies {
            let same: Vec<_> = doc.dependencies.iter().filter(|o| o.from == d.from && o.to == d.to).collect();
            if let [one] = same.as_slice() {
                assert_eq!((one.kind, one.routing), (d.kind, d.routing), "{} {}", template.id, d.id);
            }
        }
        let entries =
            |d: &Document| d.scenario.entries.iter().map(|e| (e.component.to_string(), e.rate)).collect::<Vec<_>>();
        assert_eq!(entries(&back), entries(&doc), "{}", template.id);
    }
}

/// What the DSL parser insists on, checked line by line: a `{` ends its
/// line, a `}` stands alone, quotes pair up (an escaped one aside), braces
/// balance, and every relationship joins identifiers declared earlier.
fn check_dsl(text: &str) -> Result<(), String> {
    let mut depth = 0i32;
    let mut declared = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let at = format!("line {}: {line}", n + 1);
        let trimmed = line.trim();
        let mut quotes = 0;
        let mut previous = ' ';
        for ch in trimmed.chars() {
            if ch == '"' && previous != '\\' {
                quotes += 1;
            }
            previous = ch;
        }
        if quotes % 2 != 0 {
            return Err(format!("unpaired quote, {at}"));
        }
        if trimmed.contains('{') && !trimmed.ends_with('{') {
            return Err(format!("a brace that does not end its line, {at}"));
        }
        if trimmed.contains('}') && trimmed != "}" {
            return Err(format!("a closing brace not alone, {at}"));
        }
        if trimmed.ends_with('{') {
            depth += 1;
        }
        if trimmed == "}" {
            depth -= 1;
            if depth < 0 {
                return Err(format!("too many closing braces, {at}"));
            }
        }
        let tokens: Vec<&str> = trimmed.split_whitespace().collect();
        if tokens.len() > 2 && tokens[1] == "=" {
            declared.insert(tokens[0].to_owned());
        }
        if tokens.len() > 2 && tokens[1] == "->" {
            for identifier in [tokens[0], tokens[2]] {
                if !declared.contains(identifier) {
                    return Err(format!("undeclared identifier {identifier}, {at}"));
                }
            }
        }
    }
    if depth != 0 {
        return Err(format!("{depth} braces left open"));
    }
    Ok(())
}

#[test]
fn every_template_writes_a_well_formed_dsl_workspace() {
    for template in TEMPLATES {
        let doc = (template.build)();
        let report = headroom::engine::solve(&doc);
        for text in [workspace(&doc, None), workspace(&doc, Some(&report))] {
            check_dsl(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", template.id));
            let containers = text.lines().filter(|l| l.contains(" = container ")).count();
            assert_eq!(containers, doc.components.len(), "{}", template.id);
            let relationships = text.lines().filter(|l| l.contains(" -> ")).count();
            assert_eq!(relationships, doc.dependencies.len() + doc.scenario.entries.len(), "{}", template.id);
        }
    }
    let mut doc = (TEMPLATES[0].build)();
    doc.name = "Quotes \" and \\ backslashes\nand lines".to_owned();
    doc.components[0].name = "ends in a backslash \\".to_owned();
    check_dsl(&workspace(&doc, None)).unwrap();
}

/// A few characters that matter to JSON, and a few that matter to no one.
const NOISE: [char; 18] =
    ['{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', 'e', '.', ' ', '\n', 'é', '🙂', '\u{0}'];

fn mutate_text(rng: &mut fastrand::Rng, original: &[char]) -> String {
    let mut chars = original.to_vec();
    for _ in 0..rng.usize(1..=3) {
        if chars.is_empty() {
            break;
        }
        let at = rng.usize(..chars.len());
        match rng.u8(..4) {
            0 => {
                let end = (at + rng.usize(1..=24)).min(chars.len());
                chars.drain(at..end);
            }
            1 => chars.insert(at, NOISE[rng.usize(..NOISE.len())]),
            2 => {
                let end = (at + rng.usize(1..=64)).min(chars.len());
                let slice: Vec<char> = chars[at..end].to_vec();
                let to = rng.usize(..=chars.len());
                chars.splice(to..to, slice);
            }
            _ => {
                let other = rng.usize(..chars.len());
                chars.swap(at, other);
            }
        }
    }
    chars.into_iter().collect()
}

const KEYS: [&str; 14] = [
    "id",
    "name",
    "destinationId",
    "linkedRelationshipId",
    "interactionStyle",
    "properties",
    "relationships",
    "containers",
    "components",
    "tags",
    "location",
    "headroom.instances",
    "headroom.kind",
    "headroom.rate",
];

const STRINGS: [&str; 14] = [
    "",
    "2",
    "13",
    "20",
    "1",
    "Asynchronous",
    "External",
    "database",
    "two",
    "-1",
    "1e308",
    "0.5",
    "NaN",
    "Database,Queue",
];

fn random_value(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(..8) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => serde_json::json!(rng.i64(-5..200)),
        3 => serde_json::json!([1e300, -0.5, 1.5][rng.usize(..3)]),
        4 => Value::Array(Vec::new()),
        5 => serde_json::json!({ KEYS[rng.usize(..KEYS.len())]: STRINGS[rng.usize(..STRINGS.len())] }),
        _ => Value::String(STRINGS[rng.usize(..STRINGS.len())].to_owned()),
    }
}

/// Walks down to a random node and changes it: replaced, a key removed or
/// added, an item removed or repeated.
fn mutate_node(rng: &mut fastrand::Rng, value: &mut Value, depth: usize) {
    let descend = depth < 14 && rng.usize(..10) < 8;
    match value {
        Value::Object(fields) if descend && !fields.is_empty() => {
            let key = fields.keys().nth(rng.usize(..fields.len())).cloned().unwrap_or_default();
            if let Some(child) = fields.get_mut(&key) {
                mutate_node(rng, child, depth + 1);
            }
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let at = rng.usize(..items.len());
            mutate_node(rng, &mut items[at], depth + 1);
        }
        Value::Object(fields) => match rng.u8(..3) {
            0 if !fields.is_empty() => {
                let key = fields.keys().nth(rng.usize(..fields.len())).cloned().unwrap_or_default();
                fields.remove(&key);
            }
            1 => {
                fields.insert(KEYS[rng.usize(..KEYS.len())].to_owned(), random_value(rng));
            }
            _ => *value = random_value(rng),
        },
        Value::Array(items) => match rng.u8(..3) {
            0 if !items.is_empty() => {
                items.remove(rng.usize(..items.len()));
            }
            1 if !items.is_empty() => {
                let copy = items[rng.usize(..items.len())].clone();
                items.push(copy);
            }
            _ => items.push(random_value(rng)),
        },
        _ => *value = random_value(rng),
    }
}

#[test]
fn two_thousand_mutations_never_panic() {
    let mut rng = fastrand::Rng::with_seed(0x57c2_2024);
    let chars: Vec<char> = FIXTURE.chars().collect();
    let original: Value = serde_json::from_str(FIXTURE).expect("the fixture is JSON");
    let options = ImportOptions { format: Some(ImportFormat::Structurizr), ..ImportOptions::default() };
    let (mut read_ok, mut documents) = (0, 0);
    for round in 0..2_000 {
        let text = if round % 2 == 0 {
            mutate_text(&mut rng, &chars)
        } else {
            let mut value = original.clone();
            for _ in 0..rng.usize(1..=4) {
                mutate_node(&mut rng, &mut value, 0);
            }
            value.to_string()
        };
        let _ = detect(&text);
        match read(&text, &options) {
            Ok(draft) => {
                read_ok += 1;
                let _ = draft.guess_count();
                if draft.to_document().is_ok() {
                    documents += 1;
                }
            }
            Err(error) => assert!(!error.message.is_empty()),
        }
    }
    // The structural half stays workspaces and so reaches every part of
    // the reader, not only its JSON error; and whatever the reader accepts
    // makes a valid document (it refuses out-of-range figures itself).
    assert!(read_ok >= 900, "only {read_ok} of 2000 mutations were still workspaces");
    assert_eq!(documents, read_ok, "drafts that did not make a document");
}
