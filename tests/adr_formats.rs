//! Decision records in every format Headroom reads and writes, against
//! files written by hand in each format's documented syntax (MADR 2's and
//! 3's templates, log4brains' template, what `adr new` leaves) under
//! tests/data/adr/: the format is told from the text, the fields land where
//! they belong, and export → import gives the same records for awkward
//! titles and names in every layout, through the zip and the renumbering
//! an import into a document that already has records does.

use std::path::PathBuf;

use headroom::adr::{file_name, number_imported, validate_decisions, ConsideredOption, DecisionRecord, Status};
use headroom::files::decisions_zip::{record_files, zip_records, AdrStyle};
use headroom::files::nygard;
use headroom::files::record_format::{detect_record_format, parse_record, parse_record_files, RecordFormat};
use headroom::model::mvp_that_creaks;

fn fixture(name: &str) -> (String, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/adr").join(name);
    (name.to_owned(), std::fs::read_to_string(path).expect("fixture readable"))
}

fn read(name: &str, expected: RecordFormat) -> DecisionRecord {
    let (name, text) = fixture(name);
    assert_eq!(detect_record_format(&text), expected, "{name}");
    let (record, format) =
        parse_record(&text, Some(&name), Some("2024-06-01")).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(format, expected);
    record
}

#[test]
fn a_madr_2_file_reads_with_its_bullet_metadata() {
    let record = read("madr2-postgres.md", RecordFormat::Madr2);
    assert_eq!(record.title, "Use PostgreSQL for orders");
    assert_eq!(record.status, Status::SupersededBy(vec![5]));
    assert_eq!(record.decision_makers, vec!["Ana Souza", "Ben Okafor"]);
    assert_eq!(record.date, "2021-03-04");
    assert_eq!(record.supersedes, vec![1]);
    assert_eq!(record.chosen_option, "PostgreSQL");
    assert_eq!(record.good_consequences, vec!["one engine to operate"]);
    assert_eq!(record.considered_options[1].cons, vec!["transactions arrived late"]);
    assert_eq!(record.more_information, "Technical Story: ORD-112");
}

#[test]
fn a_madr_3_file_reads_with_deciders_and_validation() {
    let record = read("madr3-cache.md", RecordFormat::Madr3);
    assert_eq!(record.decision_makers, vec!["Ana Souza", "Chen Li"], "MADR 3's comma-separated deciders");
    assert_eq!(
        (record.consulted.clone(), record.informed.clone()),
        (vec!["DBA team".to_owned()], vec!["Support".to_owned()])
    );
    assert_eq!(record.confirmation, "A load test at 3× shows the database under 50%.");
    assert_eq!(record.bad_consequences, vec!["one more service to run"]);
}

#[test]
fn a_log4brains_file_reads_with_its_status_link_and_tags() {
    let record = read("log4brains-queue.md", RecordFormat::Log4brains);
    assert_eq!(record.status, Status::SupersededBy(vec![9]));
    assert_eq!(record.decision_makers, vec!["Ana Souza", "Support, on-call"]);
    assert_eq!(record.date, "2023-02-14");
    assert_eq!(record.supersedes, vec![4]);
    assert_eq!(record.chosen_option, "RabbitMQ");
}

#[test]
fn an_adr_tools_file_reads_even_with_madr_chosen() {
    // The user's layout choice no longer matters: the text says Nygard.
    let record = read("0007-adr-tools-kafka.md", RecordFormat::Nygard);
    assert_eq!((record.number, record.title.as_str()), (7, "Use Kafka | not RabbitMQ & <friends>"));
    assert_eq!(record.status, Status::Accepted);
    assert_eq!(record.supersedes, vec![3]);
}

/// Records with what breaks Markdown, YAML, comma lists and file names.
fn awkward_records() -> Vec<DecisionRecord> {
    let titles = [
        "Use \"quoted\" names & 'single' ones".to_owned(),
        "Split | pipe <b>not bold</b> & amp; &amp;".to_owned(),
        "Ship it 🚀 — with emoji ✨ and ünïcödé".to_owned(),
        "T".repeat(200),
        format!("{} end", "long words ".repeat(18)),
        "# not a heading *not emphasis* [not](a link) `code`".to_owned(),
    ];
    let mut records: Vec<DecisionRecord> = titles
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let mut record = DecisionRecord::new(i as u32 + 1, title.clone(), "2024-05-01");
            record.status = Status::Accepted;
            record.decision_makers =
                vec!["Ana \"A\" Souza".into(), "Support, on-call".into(), "<ben@example.com>".into()];
            record.consulted = vec!["DBA | team".into()];
            record.context_and_problem = format!("Context of {title}");
            record.decision_drivers = vec!["cost < $1,000".into()];
            record.considered_options =
                vec![ConsideredOption { pros: vec!["fast & cheap".into()], ..ConsideredOption::new(title.clone()) }];
            record.chosen_option = title.clone();
            record.components = vec!["postgres".into()];
            record
        })
        .collect();
    records[0].status = Status::SupersededBy(vec![2]);
    records[1].supersedes = vec![1];
    // A record with nothing but a title: the always-written sections.
    records.push(DecisionRecord::new(7, "Nothing else", "2024-05-02"));
    records
}

#[test]
fn every_layout_round_trips_awkward_records_through_the_zip() {
    let records = awkward_records();
    let doc = |records: Vec<DecisionRecord>| {
        let mut doc = mvp_that_creaks();
        doc.decisions = records;
        doc
    };
    assert_eq!(validate_decisions(&doc(records.clone())), Ok(()));
    for style in [AdrStyle::Madr, AdrStyle::Nygard, AdrStyle::Log4brains] {
        let files = record_files(&zip_records(&records, style).expect("zip")).expect("records in the zip");
        for (record, (name, _)) in records.iter().zip(&files) {
            assert!(name.ends_with(&file_name(record.number, &record.title)), "{name}");
        }
        let (read, _) = parse_record_files(&files, "2024-06-01").unwrap_or_else(|e| panic!("{style:?}: {e}"));
        assert_eq!(read, records, "{style:?}");
        assert!(records.iter().all(|r| nygard::not_carried(r).is_empty()));
    }
    // The whole title is the slug (adr-tools' way), 200 characters of it.
    assert_eq!(file_name(4, &records[3].title), format!("0004-{}.md", "t".repeat(200)));
}

#[test]
fn empty_sections_are_written_with_a_placeholder_and_read_as_empty() {
    let record = DecisionRecord::new(7, "Nothing else", "2024-05-02");
    let madr_text = headroom::files::madr::to_markdown(&record);
    assert!(madr_text.contains("## Considered Options\n\nNo options were recorded.\n"));
    assert!(madr_text.contains("## Decision Outcome\n\nNo outcome was recorded yet.\n"));
    let nygard_text = nygard::to_markdown(&record, &[]);
    for section in ["## Status", "## Context", "## Decision", "## Consequences"] {
        assert!(nygard_text.contains(&format!("\n{section}\n")), "{nygard_text}");
    }
}

#[test]
fn importing_exported_records_keeps_their_links_right() {
    // The defect: ADR-0001..0003 exported, imported where 0001..0003 are
    // taken; they become 0004..0006 and their links must follow.
    let mut exported: Vec<DecisionRecord> =
        (1..=3).map(|n| DecisionRecord::new(n, format!("Imported {n}"), "2024-01-01")).collect();
    exported[0].status = Status::SupersededBy(vec![3]);
    exported[2].status = Status::Accepted;
    exported[2].supersedes = vec![1];
    let existing: Vec<DecisionRecord> =
        (1..=3).map(|n| DecisionRecord::new(n, format!("Here {n}"), "2024-01-01")).collect();
    for style in [AdrStyle::Madr, AdrStyle::Nygard, AdrStyle::Log4brains] {
        let files = record_files(&zip_records(&exported, style).expect("zip")).expect("records");
        let (parsed, _) = parse_record_files(&files, "2024-06-01").expect("records read");
        let (placed, notes) = number_imported(&existing, parsed);
        assert_eq!(placed.iter().map(|r| r.number).collect::<Vec<_>>(), vec![4, 5, 6]);
        assert_eq!(placed[0].status, Status::SupersededBy(vec![6]), "{style:?}");
        assert_eq!(placed[2].supersedes, vec![4], "{style:?}");
        assert_eq!(notes.len(), 3, "one note per renumbered record: {notes:?}");
        let mut doc = mvp_that_creaks();
        doc.decisions = existing.iter().cloned().chain(placed).collect();
        assert_eq!(validate_decisions(&doc), Ok(()));
    }
}
