//! The inspector as a person sees it, pinned: for every component kind,
//! the sample's own components, a hosted module and every dependency shape,
//! the sections with each field's label, unit, help, input, field path and
//! shown value are written out and compared with `tests/data/inspector/`.
//! Any change to what the inspector shows fails here first.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the files after a deliberate change,
//! then read the diff.

use std::fmt::Write as _;
use std::path::PathBuf;

use headroom::editor::forms::inspector::{dependency_fields, dependency_value, sections_in, value, Section};
use headroom::model::{
    mvp_that_creaks, templates, CallKind, CallMode, Component, ComponentKind, Dependency, Document, Observation,
    Routing,
};

/// Compares `text` with its golden file (or rewrites it with UPDATE_GOLDEN).
fn check_golden(name: &str, text: &str) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/inspector").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, text).unwrap();
    }
    let expected = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1 to write it", file.display()));
    assert_eq!(text, expected, "{} differs; run with UPDATE_GOLDEN=1 if the change is meant", file.display());
}

/// One component's inspector: its sections in order, a line per field.
fn shown(doc: &Document, component: &Component) -> String {
    let mut out = format!("# {} ({:?})\n", component.id, component.kind);
    for Section { title, fields } in sections_in(doc, component) {
        writeln!(out, "## {title}").unwrap();
        for spec in fields {
            writeln!(
                out,
                "{:?} label={:?} unit={:?} path={:?} value={:?}\n    input={:?}\n    help={:?}",
                spec.field,
                spec.label,
                spec.unit,
                spec.path,
                value(doc, component, spec.field),
                spec.input,
                spec.help,
            )
            .unwrap();
        }
    }
    out
}

/// The sample with a fresh component of `kind` that calls Postgres
/// synchronously (so the parallel-calls toggle shows) and has an
/// observation (so the measured fields show values).
fn with_fresh(kind: ComponentKind) -> Document {
    let mut doc = mvp_that_creaks();
    let mut fresh = Component::with_defaults("fresh", kind.label(), kind);
    fresh.observed = Some(Observation {
        rate: 240.0,
        utilisation: Some(0.645),
        mean_latency_ms: Some(12.5),
        p95_latency_ms: Some(40.0),
        connections_in_use: Some(18),
        date: "2026-11-30".to_owned(),
    });
    doc.components.push(fresh);
    doc.dependencies.push(Dependency::new("fresh-postgres", "fresh", "postgres", 2.5, CallKind::Read, CallMode::Sync));
    doc
}

#[test]
fn every_kind_shows_its_sections_fields_and_values() {
    for kind in ComponentKind::ALL {
        let doc = with_fresh(kind);
        let fresh = doc.component(&"fresh".into()).unwrap();
        check_golden(&format!("{}.txt", kind.slug()), &shown(&doc, fresh));
    }
}

#[test]
fn the_samples_components_show_their_tuned_values() {
    for (name, doc) in [("sample.txt", mvp_that_creaks()), ("modular_monolith.txt", templates::modular_monolith())] {
        let text: String = doc.components.iter().map(|c| shown(&doc, c)).collect::<Vec<_>>().join("\n");
        check_golden(name, &text);
    }
}

#[test]
fn every_dependency_shape_shows_its_fields() {
    let mut out = String::new();
    for routing in [Routing::Share, Routing::Calls] {
        for kind in [CallKind::Call, CallKind::Read, CallKind::Write] {
            writeln!(out, "# {routing:?} {kind:?}").unwrap();
            for spec in dependency_fields(routing, kind) {
                writeln!(
                    out,
                    "{:?} label={:?} unit={:?}\n    input={:?}\n    help={:?}",
                    spec.field, spec.label, spec.unit, spec.input, spec.help
                )
                .unwrap();
            }
        }
    }
    let doc = mvp_that_creaks();
    for dependency in &doc.dependencies {
        writeln!(out, "# {}", dependency.id).unwrap();
        for spec in dependency_fields(dependency.routing, dependency.kind) {
            writeln!(out, "{:?} value={:?}", spec.field, dependency_value(dependency, spec.field)).unwrap();
        }
    }
    check_golden("dependencies.txt", &out);
}
