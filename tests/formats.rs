//! Decision records and documents leaving and entering the program: MADR
//! and Nygard Markdown (golden files in tests/data/decisions, import errors
//! by line, round trips on generated records, no panic on any text), the
//! safe Markdown preview, the zip of all records, the share URL and the
//! workspace over a store that may fill up at any moment.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files after a deliberate
//! change to the Markdown layout; review the diff before committing it.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::PathBuf;

use headroom::adr::{
    Comparison, ConsideredOption, DecisionRecord, Evidence, EvidenceRow, Figures, Guardrail,
    GuardrailMetric, MigrationTable, Snapshot, Status, CacheEvidence,
};
use headroom::engine::Analysis;
use headroom::files::decisions_zip::{zip_records, AdrStyle};
use headroom::files::json::{parse_document, to_json};
use headroom::files::markdown_preview::to_safe_html;
use headroom::files::markdown_text::{escape_block, escape_inline, unescape};
use headroom::storage::workspace::{
    DocumentId, KeyValueStore, MemoryStore, Stamp, Workspace, WorkspaceError,
};
use headroom::files::record_format::{detect_record_format, RecordFormat};
use headroom::files::{log4brains, madr, nygard, share_url};
use headroom::engine::synthetic::layered_dag;
use headroom::model::{mvp_that_creaks, templates, ComponentId, DesignOption, Document};
use proptest::prelude::*;

// ---------------------------------------------------------------- records

/// A record with every field filled, on the sample document, with user
/// text that tries to break out of Markdown.
fn full_record() -> DecisionRecord {
    let doc = mvp_that_creaks();
    let analysis = Analysis::new(&doc);
    let (at_1x, at_10x) = (analysis.report_at(1.0), analysis.report_at(10.0));
    let mut record = DecisionRecord::new(2, "Add read replicas to Postgres <img src=x onerror=alert(1)>", "2024-05-01");
    record.status = Status::Accepted;
    record.decision_makers = vec!["Ana Souza".into(), "Ben <ben@example.com>".into()];
    record.consulted = vec!["DBA team".into()];
    record.informed = vec!["Support, on-call".into()];
    record.context_and_problem = "Postgres saturates at 4.17× and launch traffic may triple.\n\n\
        Reads are 80% of its load; writes are *not* the problem.\n# this is not a heading"
        .into();
    record.decision_drivers = vec!["Headroom to 10× by Q3".into(), "Cost under $1,000/mo".into()];
    record.considered_options = vec![
        ConsideredOption {
            description: "Two streaming replicas behind the pooler.".into(),
            pros: vec!["reads scale out".into()],
            neutral: vec!["replication lag of ~100 ms".into()],
            cons: vec!["writes still hit one primary".into()],
            ..ConsideredOption::new("Read replicas")
        },
        ConsideredOption {
            pros: vec!["no code change".into()],
            cons: vec!["4× the price".into(), "a single box still".into()],
            ..ConsideredOption::new("A bigger box")
        },
        ConsideredOption::new("Cache more in Redis"),
    ];
    record.chosen_option = "Read replicas".into();
    record.justification = "it is the only option that reaches 10× within budget.".into();
    record.good_consequences = vec!["reads no longer limit growth".into()];
    record.bad_consequences = vec!["queries must tolerate lag".into()];
    record.confirmation = "Load test at 3× before launch; the guardrails below hold.".into();
    record.more_information = "See the capacity plan.\n- not a list item".into();
    record.components = vec!["postgres".into(), "redis".into()];
    record.evidence = Some(Evidence::capture(&doc, &at_10x, Some(&at_1x), &record.components));
    record.guardrails = vec![
        Guardrail {
            component: "postgres".into(),
            metric: GuardrailMetric::Utilisation,
            comparison: Comparison::AtMost,
            threshold: 0.7,
            at_growth: 3.0,
        },
        Guardrail {
            component: "web".into(),
            metric: GuardrailMetric::ResponseTime,
            comparison: Comparison::AtMost,
            threshold: 0.25,
            at_growth: 2.0,
        },
    ];
    record.supersedes = vec![1];
    record
}

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/decisions").join(path)
}

/// Compares `text` with a golden file (or rewrites it with UPDATE_GOLDEN).
fn golden(path: &str, text: &str) {
    let file = data(path);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&file, text).expect("golden file written");
    }
    let expected = std::fs::read_to_string(&file).expect("golden file readable");
    assert_eq!(text, expected, "{} differs; run with UPDATE_GOLDEN=1 if the change is meant", file.display());
}

#[test]
fn the_full_record_matches_its_golden_files_both_ways() {
    let record = full_record();
    let previous = DecisionRecord::new(1, "Use Postgres", "2024-01-10");
    let all = vec![previous, record.clone()];

    let text = madr::to_markdown(&record);
    golden("0002-add-read-replicas-to-postgres-img-src-x-onerror.md", &text);
    assert_eq!(madr::parse(&text, None, None), Ok(record.clone()));
    assert!(!text.contains("<img"), "raw HTML in the export");

    let text = nygard::to_markdown(&record, &all);
    golden("nygard/0002-add-read-replicas-to-postgres-img-src-x-onerror.md", &text);
    assert_eq!(nygard::parse(&text, None), Ok(nygard_projection(&record)));
}

/// A record exported before evidence carried percentiles, failures and
/// observations still reads: the same record, with none of them.
#[test]
fn evidence_written_before_percentiles_still_reads() {
    let text = std::fs::read_to_string(data("before-percentiles/0002-add-read-replicas-to-postgres.md")).expect("fixture");
    let record = madr::parse(&text, None, None).expect("an older record reads");
    let evidence = record.evidence.as_ref().expect("evidence");
    assert!(evidence.latency.is_empty() && evidence.failures.is_none() && evidence.measured.is_empty());
    let postgres = evidence.rows.iter().find(|r| r.component.as_str() == "postgres").expect("postgres row");
    assert_eq!(postgres.after.as_ref().map(|f| (f.utilisation.as_str(), f.p99.is_none())), Some(("240.0%", true)));
    // Written again, it is the same text: nothing is invented for it.
    assert_eq!(madr::to_markdown(&record), text);
}

/// The single place that imports for the error table: the errors of a
/// text, one per line.
fn check_import(style: AdrStyle, text: &str, expected: &[&str]) {
    let result = match style {
        AdrStyle::Madr | AdrStyle::Log4brains => madr::parse(text, None, None),
        AdrStyle::Nygard => nygard::parse(text, None),
    };
    let found: Vec<String> = match result {
        Ok(record) => panic!("accepted {text:?} as {record:?}"),
        Err(errors) => errors.0.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(found, expected, "importing {text:?}");
}

#[test]
fn imports_refuse_with_the_line_and_what_was_expected() {
    use AdrStyle::{Madr, Nygard};
    let front = "---\nstatus: accepted\ndate: 2024-05-01\n---\n";
    check_import(Madr, "", &[
        "line 1: expected a title line `# Title`",
        "line 1: expected `date: yyyy-mm-dd` in the front matter (or `* Date: yyyy-mm-dd` under the title)",
    ]);
    check_import(Madr, "---\nstatus: accepted\n", &[
        "line 1: the front matter opened here is never closed by a `---` line",
        "line 1: expected a title line `# Title`",
        "line 1: expected `date: yyyy-mm-dd` in the front matter (or `* Date: yyyy-mm-dd` under the title)",
    ]);
    check_import(Madr, "---\nstatus: maybe\ndate: 2024-02-30\n---\n# T\n", &[
        "line 2: expected a status of proposed, accepted, rejected, deprecated or \"superseded by ADR-0008\", got \"maybe\"",
        "line 3: expected a date written yyyy-mm-dd, got \"2024-02-30\"",
    ]);
    check_import(Madr, &format!("{front}\nsome text\n# T\n"), &["line 6: expected the title (`# Title`) before any text"]);
    check_import(Madr, &format!("{front}#   \n"), &["line 5: title: must not be empty"]);
    check_import(Madr, "---\nnumber: 4\nstatus: superseded by ADR-0004\ndate: 2024-05-01\n---\n# T\n", &[
        "line 3: status: cannot be superseded by itself",
    ]);
    check_import(Madr, &format!("{front}# T\n\n## More Information\n\n### Guardrails\n\n* `db` utilisation below 70%\n"), &[
        "line 11: expected ≤ or ≥ after the metric",
    ]);
    check_import(Madr, &format!("{front}# T\n\n## More Information\n\n### Evidence\n\n* Growth: 10×\n"), &[
        "line 9: expected `* Scenario: …` in the evidence",
    ]);
    check_import(Madr, &format!("{front}# T\n\n## More Information\n\n### Evidence\n\n* Scenario: x\n* Growth: 1×\n\n| Component | Load | Utilisation | Response | Headroom |\n| --- | --- | --- | --- | --- |\n| Postgres | 1 | 2 | 3 | 4 |\n"), &[
        "line 16: expected a first cell such as ``Postgres (`postgres`)``",
    ]);
    check_import(Madr, &format!("{front}# T\n\n## Decision Drivers\n\nfast\n"), &["line 9: expected a list item (`* driver`)"]);
    check_import(Nygard, "# 7. T\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\nSuperseded by nothing\n", &[
        "line 9: expected a link such as `[8. Use Kafka](0008-use-kafka.md)`",
    ]);
    check_import(Nygard, "# 7. T\n\nDate: May 1st\n\n## Status\n\nAccepted\n", &[
        "line 3: date: must be a calendar date written yyyy-mm-dd, got \"May 1st\"",
    ]);
    check_import(Nygard, "# 7. T\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Rationale\n\nx\n", &[
        "line 9: unknown section `Rationale`; expected `## Status`, `## Context`, `## Decision`, `## Consequences`, `## Migration`, \
         `## Decision makers`, `## Consulted`, `## Informed`, `## Decision drivers`, `## Considered options`, \
         `## Confirmation`, `## Components` or `## More information`",
    ]);
}

#[test]
fn a_malformed_consequence_keeps_its_text() {
    // "Bad because slow" is not MADR's form: the consequences are kept as
    // text under More Information rather than refused or dropped.
    let text = "---\ndate: 2024-05-01\n---\n# T\n\n## Decision Outcome\n\n### Consequences\n\n* Good, because fast\n* Bad because slow\n";
    let record = madr::parse(text, None, None).unwrap();
    assert!(record.good_consequences.is_empty());
    assert_eq!(record.more_information, "Consequences:\n\n* Good, because fast\n* Bad because slow");
}

#[test]
fn hand_written_madr_is_read_as_far_as_it_makes_sense() {
    // MADR's own record 0000 (no date, Jekyll keys, a justification that
    // is a list) and a MADR 3 record with its split consequences.
    let text = "---\nparent: Decisions\nnav_order: 100\n---\n\n# Use Markdown Architectural Decision Records\n\n\
        ## Context and Problem Statement\n\nWe want to record decisions.\nWhich format?\n\n\
        ## Considered Options\n\n* MADR 4.0.0\n* Formless – No conventions\n\n\
        ## Decision Outcome\n\nChosen option: \"MADR 4.0.0\", because\n\n* Implicit assumptions should be made explicit.\n* MADR is lean.\n\n\
        ### Positive Consequences\n\n* Explicit\n\n### Negative Consequences\n\n* Learning curve\n\n## Links\n\n* [Example](https://example.com)\n";
    let record = madr::parse(text, Some("docs/decisions/0000-use-markdown.md"), Some("2024-06-01")).unwrap();
    assert_eq!(record.number, 0, "0000 means not numbered yet");
    assert_eq!(record.date, "2024-06-01");
    assert_eq!(record.considered_options.len(), 2);
    assert_eq!(record.chosen_option, "MADR 4.0.0");
    assert_eq!(record.justification, "* Implicit assumptions should be made explicit.\n* MADR is lean.");
    assert_eq!((record.good_consequences.as_slice(), record.bad_consequences.as_slice()), (&["Explicit".to_owned()][..], &["Learning curve".to_owned()][..]));
    assert_eq!(record.more_information, "Links:\n\n* [Example](https://example.com)");
}

// ------------------------------------------------- generated round trips

/// What survives a Nygard round trip.
/// What a Nygard file gives back: every field (what the template has no
/// place for is in sections after Consequences), the title on one line as
/// adr-tools shows it.
fn nygard_projection(record: &DecisionRecord) -> DecisionRecord {
    DecisionRecord { title: nygard::title_as_carried(&record.title), ..record.clone() }
}

/// What a log4brains file gives back: every field but empty names, which
/// a comma-separated line cannot hold.
fn log4brains_projection(record: &DecisionRecord) -> DecisionRecord {
    let kept = |names: &[String]| names.iter().filter(|n| !n.is_empty()).cloned().collect::<Vec<_>>();
    DecisionRecord {
        decision_makers: kept(&record.decision_makers),
        consulted: kept(&record.consulted),
        informed: kept(&record.informed),
        components: record.components.iter().filter(|c| !c.as_str().is_empty()).cloned().collect(),
        ..record.clone()
    }
}

/// Text that is hard on Markdown: every character that means something
/// to it, HTML, entities, line breaks, edge spaces, then anything at all.
fn text() -> impl Strategy<Value = String> {
    let fragment = prop_oneof![
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#10;".to_owned()),
        Just("\\".to_owned()),
        Just("\n".to_owned()),
        Just("\n\n".to_owned()),
        Just("  ".to_owned()),
        Just("\t".to_owned()),
        Just("## Decision".to_owned()),
        Just("* Good, because ".to_owned()),
        Just("- ".to_owned()),
        Just("1. ".to_owned()),
        Just("---".to_owned()),
        Just("```".to_owned()),
        Just("| a | b |".to_owned()),
        Just("\"".to_owned()),
        Just("`x`".to_owned()),
        Just(" (`id`)".to_owned()),
        Just("—".to_owned()),
        Just(" → ".to_owned()),
        Just("<!-- c -->".to_owned()),
        Just("_a_b_".to_owned()),
        Just("\r".to_owned()),
        Just(": ".to_owned()),
        "[a-z ]{0,8}",
        // Any characters at all, control characters included; kept short
        // because generating long ones is what makes this test slow.
        prop::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter),
    ];
    prop::collection::vec(fragment, 0..5).prop_map(|parts| parts.concat())
}

fn line_list() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn id() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9._-]{1,12}"
}

fn date() -> impl Strategy<Value = String> {
    (1u32..=9999, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn figures() -> impl Strategy<Value = Figures> {
    (text(), text(), text(), text(), prop::option::of(text()))
        .prop_map(|(load, utilisation, response, headroom, p99)| Figures { load, utilisation, response, headroom, p99 })
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    (text(), text(), prop::option::of(text())).prop_map(|(growth, headroom, bottleneck)| Snapshot { growth, headroom, bottleneck })
}

fn evidence() -> impl Strategy<Value = Evidence> {
    let row = (id(), text(), prop::option::of(figures()), prop::option::of(figures()))
        .prop_map(|(component, name, after, before)| EvidenceRow { component: component.into(), name, after, before });
    let cache = (id(), text(), text(), prop::option::of(text()), prop::option::of(text())).prop_map(
        |(component, name, hit_ratio, ttl, invalidation)| CacheEvidence { component: component.into(), name, hit_ratio, ttl, invalidation },
    );
    (
        (text(), snapshot(), prop::option::of(snapshot()), prop::collection::vec(row, 0..3), prop::collection::vec(cache, 0..2)),
        (line_list(), prop::option::of(text()), line_list(), line_list()),
    )
        .prop_map(|((scenario, after, before, rows, caches), (latency, failures, measured, readiness))| Evidence {
            scenario,
            after,
            before,
            rows,
            caches,
            latency,
            failures,
            measured,
            readiness,
        })
}

fn guardrail() -> impl Strategy<Value = Guardrail> {
    let metric = prop::sample::select(GuardrailMetric::ALL.to_vec());
    let comparison = prop_oneof![Just(Comparison::AtMost), Just(Comparison::AtLeast)];
    let threshold = prop_oneof![Just(0.7), Just(0.25), 0.0f64..2.0, 0.0f64..1e6];
    (id(), metric, comparison, threshold, prop_oneof![Just(10.0), 1e-3f64..1e4])
        .prop_map(|(component, metric, comparison, threshold, at_growth)| Guardrail { component: component.into(), metric, comparison, threshold, at_growth })
}

fn option() -> impl Strategy<Value = ConsideredOption> {
    (text(), text(), line_list(), line_list(), line_list())
        .prop_map(|(title, description, pros, neutral, cons)| ConsideredOption { title, description, pros, neutral, cons })
}

fn record() -> impl Strategy<Value = DecisionRecord> {
    let numbers = || prop::collection::btree_set(1u32..50, 0..3);
    let head = (1u32..10_000, text().prop_filter("titles are not blank", |t| !t.trim().is_empty()), 0u8..5, date(), numbers(), numbers());
    let people = (line_list(), line_list(), line_list());
    let body = (text(), line_list(), prop::collection::vec(option(), 0..3), text(), text(), line_list(), line_list(), text(), text());
    let headroom_part = (
        prop::collection::vec(id(), 0..3),
        prop::option::of(evidence()),
        prop::collection::vec(guardrail(), 0..3),
        prop::option::of(migration_table()),
    );
    (head, people, body, headroom_part)
        .prop_map(|((number, title, status, date, superseded_by, supersedes), people, body, extra)| {
            // A record links to others, never to itself.
            let superseded_by: Vec<u32> = superseded_by.into_iter().filter(|n| *n != number).collect();
            let supersedes: Vec<u32> = supersedes.into_iter().filter(|n| *n != number).collect();
            let status = match status {
                0 => Status::Proposed,
                1 => Status::Accepted,
                2 => Status::Rejected,
                3 => Status::Deprecated,
                _ if superseded_by.is_empty() => Status::Accepted,
                _ => Status::SupersededBy(superseded_by),
            };
            let (decision_makers, consulted, informed) = people;
            let (context, drivers, options, chosen, justification, good, bad, confirmation, more) = body;
            let (components, evidence, guardrails, migration) = extra;
            DecisionRecord {
                number,
                title,
                status,
                date,
                decision_makers,
                consulted,
                informed,
                context_and_problem: context,
                decision_drivers: drivers,
                considered_options: options,
                chosen_option: chosen,
                justification,
                good_consequences: good,
                bad_consequences: bad,
                confirmation,
                more_information: more,
                components: components.into_iter().map(Into::into).collect(),
                evidence,
                guardrails,
                supersedes,
                migration,
            }
        })
}

/// A migration table: every row as wide as the headings.
fn migration_table() -> impl Strategy<Value = MigrationTable> {
    (text(), prop::collection::vec(text(), 1..4)).prop_flat_map(|(summary, headings)| {
        let width = headings.len();
        prop::collection::vec(prop::collection::vec(text(), width..=width), 0..3)
            .prop_map(move |rows| MigrationTable { summary: summary.clone(), headings: headings.clone(), rows })
    })
}

/// Applies random edits to a text: the Markdown stays mostly valid, so the
/// reader goes deep before it meets the damage.
fn damaged(text: &str, edits: &[(usize, u8, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, kind, ch) in edits {
        if chars.is_empty() {
            chars.push(ch);
            continue;
        }
        let at = at % chars.len();
        match kind % 3 {
            0 => {
                chars.remove(at);
            }
            1 => chars.insert(at, ch),
            _ => chars[at] = ch,
        }
    }
    chars.into_iter().collect()
}

proptest! {
    // Generating whole records is the slow part of this file: 128 cases
    // keep it around a second and a half.
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn text_survives_escaping(text in text()) {
        prop_assert_eq!(unescape(&escape_inline(&text)), text.clone());
        prop_assert_eq!(unescape(&escape_block(&text)), text.clone());
        prop_assert!(!escape_inline(&text).contains('\n'));
        prop_assert!(!escape_block(&text).contains('<'));
    }

    /// One generated record, three promises: MADR and log4brains give it
    /// back whole, Nygard gives back what it carries, and no file holds raw
    /// HTML but Nygard's title line, which adr-tools shows as typed.
    /// (Checked together because generating records is the slow part.)
    #[test]
    fn generated_records_round_trip_and_stay_safe(record in record()) {
        let madr_text = madr::to_markdown(&record);
        prop_assert_eq!(madr::parse(&madr_text, None, None), Ok(record.clone()));
        let nygard_text = nygard::to_markdown(&record, &[]);
        prop_assert_eq!(nygard::parse(&nygard_text, None), Ok(nygard_projection(&record)));
        let log4brains_text = log4brains::to_markdown(&record, &[]);
        let name = headroom::adr::file_name(record.number, &record.title);
        prop_assert_eq!(madr::parse(&log4brains_text, Some(&name), None), Ok(log4brains_projection(&record)));
        for (format, expected) in [(&madr_text, RecordFormat::Madr4), (&nygard_text, RecordFormat::Nygard), (&log4brains_text, RecordFormat::Madr2)] {
            prop_assert_eq!(detect_record_format(format), expected);
        }
        let nygard_body = nygard_text.split_once('\n').map_or("", |(_, body)| body).to_owned();
        for text in [madr_text, nygard_body, log4brains_text] {
            prop_assert!(!text.contains('<'), "{}", text);
            let html = to_safe_html(&text);
            prop_assert!(!html.contains("<img") && !html.contains("<script"), "{}", html);
        }
    }

    #[test]
    fn no_text_makes_an_importer_panic(text in any::<String>(), today in prop::option::of(date())) {
        let _ = madr::parse(&text, Some(&text), today.as_deref());
        let _ = nygard::parse(&text, today.as_deref());
        let _ = detect_record_format(&text);
        let _ = headroom::files::decisions_zip::record_files(text.as_bytes());
        let _ = share_url::decode(&text);
        let _ = to_safe_html(&text);
        let _ = unescape(&text);
        let _ = parse_document(&text);
    }

    /// Whatever local storage holds (another version, another page's keys,
    /// a hand edit, a truncated write), the workspace lists, opens, saves
    /// and imports without a panic, and never loses the stored text.
    #[test]
    fn no_stored_text_makes_the_workspace_panic(index in any::<String>(), stored in any::<String>()) {
        let mut store = MemoryStore::new();
        let _ = store.set("headroom/v1/index", &index);
        let _ = store.set("headroom/v1/doc/a", &stored);
        let mut workspace = Workspace::new(store);
        let listed = workspace.list();
        let id = DocumentId::new("a");
        match workspace.open(&id, Stamp(1)) {
            Ok(_) => {}
            Err(_) => prop_assert!(
                workspace.store().get("headroom/v1/doc/a").as_deref() == Some(stored.as_str())
                    || workspace.backups().iter().any(|b| workspace.backup_text(&b.key).as_deref() == Some(stored.as_str())),
                "the unreadable text is kept"
            ),
        }
        let _ = workspace.save(&id, &mvp_that_creaks(), 0, Stamp(2));
        let _ = workspace.import_json(&stored, Stamp(3));
        for entry in listed {
            let _ = workspace.open(&entry.id, Stamp(4));
        }
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn damaged_exports_are_refused_or_read_without_panic(
        record in record(),
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), prop_oneof![Just('#'), Just('\n'), Just('*'), Just('|'), Just('`'), Just('-'), any::<char>()]), 1..6),
    ) {
        let madr_text = damaged(&madr::to_markdown(&record), &edits);
        let _ = madr::parse(&madr_text, None, None);
        let nygard_text = damaged(&nygard::to_markdown(&record, &[]), &edits);
        let _ = nygard::parse(&nygard_text, None);
        let log4brains_text = damaged(&log4brains::to_markdown(&record, &[]), &edits);
        let _ = madr::parse(&log4brains_text, None, None);
    }
}

// --------------------------------------------------------------- preview

/// The single place that renders for the preview table.
fn check_preview(markdown: &str, contains: &[&str], never: &[&str]) {
    let html = to_safe_html(markdown);
    for wanted in contains {
        assert!(html.contains(wanted), "{markdown:?} → {html:?} lacks {wanted:?}");
    }
    for unwanted in never {
        assert!(!html.to_lowercase().contains(&unwanted.to_lowercase()), "{markdown:?} → {html:?} has {unwanted:?}");
    }
}

#[test]
fn the_preview_is_safe_to_insert() {
    check_preview("# <img src=x onerror=alert(1)>", &["<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"], &["<img"]);
    check_preview(&madr::to_markdown(&full_record()), &["&lt;img src=x onerror=alert(1)&gt;", "<table>"], &["<img", "<script"]);
    check_preview("<script>alert(1)</script>", &["&lt;script&gt;"], &["<script"]);
    check_preview("<a href=\"javascript:alert(1)\">x</a>", &["&lt;a href="], &["<a href=\"javascript"]);
    check_preview("[click](javascript:alert(1))", &["<a href=\"#\">click</a>"], &["href=\"javascript"]);
    check_preview("[click](  JAVASCRIPT:alert(1))", &["href=\"#\""], &["href=\"javascript"]);
    check_preview("![x](data:image/svg+xml;base64,PHN2Zz4=)", &["<a href=\"#\">x</a>"], &["<img", "href=\"data"]);
    check_preview("[ok](https://example.com)", &["<a href=\"https://example.com\">ok</a>"], &[]);
    check_preview("| a | b |\n| - | - |\n| 1 | 2 |", &["<table>", "<td>1</td>"], &[]);
}

// ------------------------------------------------------------------- zip

#[test]
fn the_zip_holds_every_record_and_an_index_in_both_styles() {
    let mut first = DecisionRecord::new(1, "Use Postgres", "2024-01-10");
    first.status = Status::SupersededBy(vec![2]);
    let records = vec![first, full_record()];
    for style in [AdrStyle::Madr, AdrStyle::Nygard, AdrStyle::Log4brains] {
        let bytes = zip_records(&records, style).expect("zip built");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip readable");
        let names: BTreeSet<String> = archive.file_names().map(str::to_owned).collect();
        let mut expected_names = BTreeSet::from([
            "docs/decisions/0001-use-postgres.md".to_owned(),
            "docs/decisions/0002-add-read-replicas-to-postgres-img-src-x-onerror-alert-1.md".to_owned(),
            "docs/decisions/README.md".to_owned(),
        ]);
        if style == AdrStyle::Nygard {
            // adr-tools' pointer, and the npm port's settings.
            expected_names.insert(".adr-dir".to_owned());
            expected_names.insert(".adr.json".to_owned());
        }
        assert_eq!(names, expected_names);
        let mut text = String::new();
        archive
            .by_name("docs/decisions/0002-add-read-replicas-to-postgres-img-src-x-onerror-alert-1.md")
            .expect("record file")
            .read_to_string(&mut text)
            .expect("UTF-8");
        let back = match style {
            AdrStyle::Madr => madr::parse(&text, None, None),
            AdrStyle::Log4brains => madr::parse(&text, Some("0002-x.md"), None),
            AdrStyle::Nygard => nygard::parse(&text, None),
        };
        let expected = match style {
            AdrStyle::Madr | AdrStyle::Log4brains => full_record(),
            AdrStyle::Nygard => nygard_projection(&full_record()),
        };
        assert_eq!(back, Ok(expected));
    }
}

// ------------------------------------------------------------- share URL

#[test]
fn a_shared_document_comes_back_whole_and_its_size_is_known() {
    let mut doc = mvp_that_creaks();
    let plain = share_url::encode(&doc).unwrap();
    assert_eq!(share_url::decode(&plain), Ok(doc.clone()));
    doc.decisions = vec![DecisionRecord::new(1, "Use Postgres", "2024-01-10"), full_record()];
    let with_decisions = share_url::encode(&doc).unwrap();
    assert_eq!(share_url::decode(&with_decisions), Ok(doc.clone()));
    println!(
        "share URL fragment: sample {} characters (JSON {} bytes); with two decision records {} characters (JSON {} bytes)",
        plain.len(),
        serde_json::to_string(&mvp_that_creaks()).map(|s| s.len()).unwrap_or(0),
        with_decisions.len(),
        serde_json::to_string(&doc).map(|s| s.len()).unwrap_or(0),
    );
    // Far under the ~2 MB browsers accept in a URL, and short enough to
    // paste into a chat.
    assert!(plain.len() < 1_500, "sample link grew to {}", plain.len());
}

// ------------------------------------------------- whole documents

/// A generated architecture (a synthetic model or a template, with its
/// modules, caches, replicas and shards) carrying generated records and a
/// design option: what a user's stored, exported and shared document holds.
fn document_with_records() -> impl Strategy<Value = Document> {
    let model = prop_oneof![
        (2usize..40, 0usize..60, any::<u64>()).prop_map(|(n, extra, seed)| layered_dag(n, n + extra, seed)),
        prop::sample::select(templates::TEMPLATES.iter().map(|t| t.build).collect::<Vec<_>>()).prop_map(|build| build()),
    ];
    (model, prop::collection::vec(record(), 0..4), any::<bool>(), text()).prop_map(|(mut doc, records, fork, note)| {
        let ids: Vec<ComponentId> = doc.components.iter().map(|c| c.id.clone()).collect();
        let count = records.len() as u32;
        doc.decisions = records
            .into_iter()
            .enumerate()
            .map(|(i, mut record)| {
                // Numbered ADR-0001 onward; record n supersedes n - 1 when
                // the generator said "superseded", so links hold both ways.
                record.number = i as u32 + 1;
                record.supersedes = Vec::new();
                if matches!(record.status, Status::SupersededBy(_)) {
                    record.status = Status::Deprecated;
                }
                record.components = record.components.iter().enumerate().filter_map(|(k, _)| ids.get(k).cloned()).collect();
                for (k, guardrail) in record.guardrails.iter_mut().enumerate() {
                    if let Some(id) = ids.get(k) {
                        guardrail.component = id.clone();
                    }
                }
                record
            })
            .collect();
        for n in 2..=count {
            if n % 2 == 0 {
                doc.decisions[n as usize - 2].status = Status::SupersededBy(vec![n]);
                doc.decisions[n as usize - 1].supersedes = vec![n - 1];
            }
        }
        if fork {
            let mut option = DesignOption::fork(&doc, "variant", "Add read replicas");
            option.note = note;
            doc.options.push(option);
        }
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Export → import is the identity on generated documents, records and
    /// options included, through both ways a document leaves the page: the
    /// JSON file and the share link.
    #[test]
    fn generated_documents_survive_json_and_share_links(doc in document_with_records()) {
        prop_assert_eq!(headroom::adr::validate_decisions(&doc), Ok(()));
        prop_assert_eq!(parse_document(&to_json(&doc)), Ok(doc.clone()));
        prop_assert_eq!(share_url::decode(&share_url::encode(&doc).unwrap()), Ok(doc));
    }
}

// ------------------------------------------------------------- workspace

/// One step a user (or a second tab, or a full disk) can take.
#[derive(Clone, Debug)]
enum Op {
    Create(u8),
    Save { pick: usize, stale: bool, name: u8 },
    Rename { pick: usize, name: u8 },
    Duplicate(usize),
    Delete(usize),
    Restore(usize),
    Purge(usize),
    Open(usize),
    /// Sets the quota to what is used plus this much, or lifts it.
    Quota(Option<u16>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<u8>().prop_map(Op::Create),
        4 => (any::<usize>(), any::<bool>(), any::<u8>()).prop_map(|(pick, stale, name)| Op::Save { pick, stale, name }),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(pick, name)| Op::Rename { pick, name }),
        1 => any::<usize>().prop_map(Op::Duplicate),
        2 => any::<usize>().prop_map(Op::Delete),
        2 => any::<usize>().prop_map(Op::Restore),
        1 => any::<usize>().prop_map(Op::Purge),
        1 => any::<usize>().prop_map(Op::Open),
        3 => prop::option::of(0u16..3000).prop_map(Op::Quota),
    ]
}

/// What the workspace should hold: every successfully saved document.
#[derive(Clone, Debug)]
struct Kept {
    id: DocumentId,
    document: Document,
    revision: u64,
    trashed: bool,
}

fn document_named(seed: u8) -> Document {
    // One component keeps each stored copy small, so the many reads this
    // test does stay quick; what is stored does not matter here, only
    // that it comes back.
    let mut doc = mvp_that_creaks();
    doc.components.truncate(1);
    doc.dependencies.clear();
    // Names of different lengths, so a save may need more room than the
    // copy it replaces.
    doc.name = format!("Plan {seed} {}", "·".repeat(usize::from(seed % 40)));
    doc
}

/// A quota failure is the only refusal the model allows for a write.
fn refused(error: &WorkspaceError) -> Result<(), TestCaseError> {
    prop_assert!(matches!(error, WorkspaceError::QuotaExceeded { .. }), "unexpected error: {error:?}");
    Ok(())
}

fn run(ops: &[Op]) -> Result<(), TestCaseError> {
    let mut workspace = Workspace::new(MemoryStore::new());
    let mut kept: Vec<Kept> = Vec::new();
    for (step, op) in ops.iter().enumerate() {
        let now = Stamp(1_000 + step as u64);
        let pick = |n: usize| (!kept.is_empty()).then(|| n % kept.len());
        match op {
            Op::Create(seed) => match workspace.create(&document_named(*seed), now) {
                Ok(entry) => kept.push(Kept { id: entry.id, document: document_named(*seed), revision: 1, trashed: false }),
                Err(e) => refused(&e)?,
            },
            Op::Save { pick: n, stale, name } => {
                let Some(i) = pick(*n) else { continue };
                let expected = if *stale && kept[i].revision > 1 { kept[i].revision - 1 } else { kept[i].revision };
                let document = document_named(*name);
                match workspace.save(&kept[i].id, &document, expected, now) {
                    Ok(revision) => {
                        prop_assert_eq!(expected, kept[i].revision, "a stale save went through");
                        prop_assert_eq!(revision, kept[i].revision + 1);
                        kept[i].document = document;
                        kept[i].revision = revision;
                    }
                    Err(WorkspaceError::Conflict(conflict)) => {
                        prop_assert!(expected < kept[i].revision);
                        prop_assert_eq!(&conflict.theirs, &kept[i].document);
                    }
                    Err(e) => refused(&e)?,
                }
            }
            Op::Rename { pick: n, name } => {
                let Some(i) = pick(*n) else { continue };
                let name = format!("Renamed {name}");
                match workspace.rename(&kept[i].id, &name, now) {
                    Ok(revision) => {
                        kept[i].document.name = name;
                        kept[i].revision = revision;
                    }
                    Err(e) => refused(&e)?,
                }
            }
            Op::Duplicate(n) => {
                let Some(i) = pick(*n) else { continue };
                match workspace.duplicate(&kept[i].id, now) {
                    Ok(entry) => {
                        let mut document = kept[i].document.clone();
                        document.name = format!("{} (copy)", document.name);
                        kept.push(Kept { id: entry.id, document, revision: 1, trashed: false });
                    }
                    Err(e) => refused(&e)?,
                }
            }
            Op::Delete(n) => {
                let Some(i) = pick(*n) else { continue };
                match workspace.delete(&kept[i].id, now) {
                    Ok(()) => kept[i].trashed = true,
                    Err(e) => refused(&e)?,
                }
            }
            Op::Restore(n) => {
                let Some(i) = pick(*n) else { continue };
                let result = workspace.restore(&kept[i].id);
                prop_assert_eq!(result.is_ok(), kept[i].trashed);
                kept[i].trashed = false;
            }
            Op::Purge(n) => {
                let Some(i) = pick(*n) else { continue };
                prop_assert!(workspace.purge(&kept[i].id).is_ok());
                kept.remove(i);
            }
            Op::Open(n) => {
                let Some(i) = pick(*n) else { continue };
                let opened = workspace.open(&kept[i].id, now);
                prop_assert!(opened.is_ok(), "{:?}", opened);
            }
            Op::Quota(extra) => {
                let used = workspace.store().used();
                workspace.store_mut().set_quota(extra.map(|e| used + usize::from(e)));
            }
        }
        // Nothing successfully saved is ever lost, changed or misnamed.
        for k in &kept {
            let opened = workspace.open(&k.id, now);
            prop_assert!(opened.is_ok(), "step {} ({:?}): {:?} lost: {:?}", step, op, k.id, opened);
            if let Ok(opened) = opened {
                prop_assert_eq!(&opened.document, &k.document);
                prop_assert_eq!(opened.revision, k.revision);
            }
        }
        let listed: Vec<(DocumentId, String)> = workspace.list().into_iter().map(|e| (e.id, e.name)).collect();
        let mut expected: Vec<(DocumentId, String)> = kept.iter().filter(|k| !k.trashed).map(|k| (k.id.clone(), k.document.name.clone())).collect();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort();
        expected.sort();
        prop_assert_eq!(listed_sorted, expected, "step {} ({:?})", step, op);
        let binned: BTreeSet<DocumentId> = workspace.trash().into_iter().map(|e| e.id).collect();
        let expected_bin: BTreeSet<DocumentId> = kept.iter().filter(|k| k.trashed).map(|k| k.id.clone()).collect();
        prop_assert_eq!(binned, expected_bin);
    }
    prop_assert!(workspace.store().keys().iter().all(|k| k.starts_with("headroom/v1/")));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_successfully_saved_document_is_ever_lost(ops in prop::collection::vec(op(), 1..40)) {
        run(&ops)?;
    }
}

#[test]
fn a_document_json_export_imports_back() {
    let mut workspace = Workspace::new(MemoryStore::new());
    let mut doc = mvp_that_creaks();
    doc.decisions = vec![DecisionRecord::new(1, "Use Postgres", "2024-01-10"), full_record()];
    let entry = workspace.import_json(&to_json(&doc), Stamp(1)).expect("imported");
    let exported = workspace.export_json(&entry.id, Stamp(2)).expect("exported");
    let mut other = Workspace::new(MemoryStore::new());
    let again = other.import_json(&exported, Stamp(3)).expect("imported again");
    assert_eq!(other.open(&again.id, Stamp(4)).map(|o| o.document), Ok(doc));
}

// ------------------------------------------------- hand-edited files

fn hand_edited(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/adr").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn hand_edited_madr_with_comments_mixed_bullets_and_code_reads() {
    // tests/data/adr/hand-edited-madr.md: template comments, a title with
    // closing `#`s, `+` and `*` bullets, inline code, emphasis and a link in
    // an option's name, a code block holding a `#` line. With CRLF line
    // ends it must read the same.
    let text = hand_edited("hand-edited-madr.md");
    for text in [text.clone(), text.replace('\n', "\r\n")] {
        let record = madr::parse(&text, Some("0007-use-read-replicas.md"), None).expect("the hand-edited record reads");
        assert_eq!(record.number, 7);
        assert_eq!(record.title, "Use Postgres read replicas");
        assert_eq!(record.context_and_problem, "Reads dominate the load.");
        let options: Vec<&str> = record.considered_options.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(options, vec!["Read replicas", "Use `pgbouncer` with *care*, see [docs](https://example.com)"]);
        assert_eq!(record.chosen_option, "Read replicas");
        assert_eq!(record.justification, "reads dominate.");
        assert_eq!(record.more_information, "```\n# a shell comment, not a heading\n```");
    }
}

#[test]
fn setext_headings_nested_bullets_and_code_read_as_fields() {
    // tests/data/adr/setext-and-nested.md: setext headings, `*` bullets, a
    // detail nested under a pro (kept with it); with a fenced code block
    // holding a `#` line after it, and with CRLF line ends, it must read
    // the same.
    let text = hand_edited("setext-and-nested.md") + "\nMore Information\n----------------\n\n```sh\n# not a heading\n```\n";
    for text in [text.clone(), text.replace('\n', "\r\n")] {
        let record = madr::parse(&text, Some("0003-use-read-replicas.md"), Some("2024-06-01")).expect("the setext record reads");
        assert_eq!((record.number, record.title.as_str(), record.date.as_str()), (3, "Use Postgres read replicas", "2024-06-01"));
        let options: Vec<&str> = record.considered_options.iter().map(|o| o.title.as_str()).collect();
        assert_eq!(options, vec!["Read replicas", "A cache"]);
        let replicas = &record.considered_options[0];
        assert_eq!(replicas.pros, vec!["reads scale\n* nested detail under a pro".to_owned()]);
        assert_eq!(replicas.cons, vec!["replication lag".to_owned()]);
        assert_eq!(replicas.description, "");
        assert_eq!(record.more_information, "```sh\n# not a heading\n```");
    }
}

#[test]
fn nygard_with_setext_headings_mixed_bullets_and_code_reads() {
    let text = "# 7. Use Kafka ##\n\nDate: 2024-05-01\n\nStatus\n------\n\nAccepted\n\nContext\n-------\n\n```\n# not a heading\n```\n\n\
        Consequences\n------------\n\n+ Good, because replay\n  * nested detail\n* Bad, because operations\n  wrapped by hand\n";
    for text in [text.to_owned(), text.replace('\n', "\r\n")] {
        let record = nygard::parse(&text, None).expect("the setext record reads");
        assert_eq!((record.number, record.title.as_str(), record.status.clone()), (7, "Use Kafka", Status::Accepted));
        assert_eq!(record.context_and_problem, "```\n# not a heading\n```");
        assert_eq!(record.good_consequences, vec!["replay\n* nested detail".to_owned()]);
        assert_eq!(record.bad_consequences, vec!["operations wrapped by hand".to_owned()]);
    }
}

#[test]
fn an_evidence_table_reads_escaped_pipes_in_a_name() {
    let text = "---\ndate: 2024-05-01\n---\n# T\n\n## More Information\n\n### Evidence\n\n* Scenario: x\n* Growth: 1×\n\n\
        | Component | Load | Utilisation | Response | Headroom |\n| --- | --- | --- | --- | --- |\n\
        | Jobs \\| queue (`queue`) | 1 | 2 | 3 | 4 |\n| Short (`short`) | 1 |\n";
    let errors = madr::parse(text, None, None).unwrap_err().to_string();
    assert_eq!(errors, "line 16: expected five cells: component, load, utilisation, response, headroom");
    let whole = text.replace("| Short (`short`) | 1 |\n", "");
    let record = madr::parse(&whole, None, None).expect("the evidence reads");
    let rows = &record.evidence.as_ref().expect("evidence").rows;
    assert_eq!((rows[0].name.as_str(), rows[0].component.as_str()), ("Jobs | queue", "queue"));
    assert_eq!(rows[0].after.as_ref().map(|f| f.headroom.as_str()), Some("4"));
}
