//! The Mermaid reader against a README as teams write them, Headroom's own
//! export read back for every template, and mangled input that must never
//! panic.

use headroom::engine::solve;
use headroom::files::import::{detect, read, ImportFormat, ImportOptions};
use headroom::files::mermaid;
use headroom::model::templates::TEMPLATES;
use headroom::model::{CallKind, CallMode, ComponentKind};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/import/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[test]
fn a_readme_diagram_becomes_a_model() {
    let text = fixture("mermaid-readme.md");
    assert_eq!(detect(&text).unwrap(), ImportFormat::MermaidFlowchart);
    let draft = read(&text, &ImportOptions::default()).unwrap();
    assert_eq!(draft.name, "Checkout");
    let kinds: Vec<(&str, ComponentKind)> = draft.components.iter().map(|c| (c.id.as_str(), c.kind)).collect();
    assert_eq!(
        kinds,
        vec![
            ("cdn", ComponentKind::Cdn),
            ("gw", ComponentKind::ApiGateway),
            ("checkout", ComponentKind::Service),
            ("search", ComponentKind::Service),
            ("orders", ComponentKind::Database),
            ("sessions", ComponentKind::Cache),
            ("events", ComponentKind::Queue),
            ("mailer", ComponentKind::WorkerPool),
            ("sendgrid", ComponentKind::ExternalApi),
        ]
    );
    assert_eq!(draft.components[2].name, "Checkout [v2]");
    assert_eq!(draft.components[3].name, "Search API", "the newer @{{ }} syntax names it");
    let arrow = |from: &str, to: &str| draft.dependencies.iter().find(|d| d.from == from && d.to == to).unwrap();
    assert_eq!(arrow("gw", "checkout").calls, 2.0, "a gateway's counted arrows stay as counted");
    assert_eq!(arrow("checkout", "sessions").kind, CallKind::Read);
    let writes = arrow("checkout", "orders");
    assert_eq!((writes.kind, writes.calls), (CallKind::Write, 1.5));
    assert_eq!(arrow("search", "orders").calls, 3.0);
    assert_eq!(arrow("checkout", "events").mode, CallMode::Async);
    assert_eq!(arrow("events", "mailer").mode, CallMode::Async);
    assert_eq!(arrow("mailer", "sendgrid").mode, CallMode::Sync);
    assert_eq!(draft.dependencies.len(), 9);
    assert_eq!(draft.entries.len(), 1);
    assert_eq!(draft.entries[0].component, "cdn");
    let not_read: Vec<&str> = draft.not_understood.iter().map(|u| u.text.as_str()).collect();
    for expected in ["subgraph data", "direction LR", "style checkout", "classDef store", "class orders", "click checkout", "linkStyle 0"] {
        assert!(not_read.iter().any(|t| t.starts_with(expected)), "{expected} is listed: {not_read:?}");
    }
    let doc = draft.to_document().unwrap();
    assert_eq!((doc.components.len(), doc.dependencies.len()), (9, 9));
    assert!(solve(&doc).components.iter().any(|c| c.arrival_rate > 0.0));
}

#[test]
fn every_template_reads_back_from_its_export() {
    for template in TEMPLATES {
        let doc = (template.build)();
        let text = mermaid::markdown(&doc, Some(&solve(&doc)));
        let draft = read(&text, &ImportOptions::default()).unwrap();
        let back = draft.to_document().unwrap();
        let components = |d: &headroom::model::Document| -> Vec<(String, String, ComponentKind)> {
            d.components.iter().map(|c| (c.id.to_string(), c.name.clone(), c.kind)).collect()
        };
        // Ids come back as the export writes them: '.' is no Mermaid id character.
        let expected: Vec<_> =
            components(&doc).into_iter().map(|(id, name, kind)| (id.replace('.', "_"), name, kind)).collect();
        assert_eq!(components(&back), expected, "{}", template.id);
        assert_eq!(back.dependencies.len(), doc.dependencies.len(), "{}", template.id);
        for (read, original) in back.dependencies.iter().zip(&doc.dependencies) {
            assert_eq!((read.kind, read.mode), (original.kind, original.mode), "{}: {}", template.id, original.id);
            assert!((read.calls - original.calls).abs() <= 5e-4, "{}: {} calls", template.id, original.id);
        }
        // And the export of what was read is the export read.
        let again = mermaid::markdown(&back, None);
        assert_eq!(again, mermaid::markdown(&doc, None).replace("c_c_", "c_"), "{}", template.id);
    }
}

#[test]
fn mangled_diagrams_never_panic() {
    let text = fixture("mermaid-readme.md");
    let chars: Vec<char> = text.chars().collect();
    let mut rng = fastrand::Rng::with_seed(17);
    let pieces = ["-->", "[(", ")]", "|", "\"", "@{", "}", "&", ":::", "subgraph", "end", "<-->", "-.-", "~~~", "#quot;", "🙂"];
    for _ in 0..2_000 {
        let mut mangled = chars.clone();
        for _ in 0..rng.usize(1..6) {
            let at = rng.usize(..=mangled.len());
            match rng.u8(..4) {
                0 if at < mangled.len() => {
                    mangled.remove(at);
                }
                1 => mangled.splice(at..at, pieces[rng.usize(..pieces.len())].chars()).for_each(drop),
                2 => mangled.truncate(at),
                _ => mangled.insert(at, char::from(rng.u8(32..127))),
            }
        }
        let text: String = mangled.into_iter().collect();
        if let Ok(draft) = read(&text, &ImportOptions { format: Some(ImportFormat::MermaidFlowchart), ..ImportOptions::default() }) {
            let _ = draft.to_document();
        }
        let _ = read(&text, &ImportOptions::default());
    }
}
