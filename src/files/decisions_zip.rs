//! All decision records as one zip, laid out for a repository:
//! `docs/decisions/0007-add-read-replicas.md` for each record (MADR or
//! adr-tools' Nygard layout) and `docs/decisions/README.md` listing them.
//! The Nygard zip also has adr-tools' `.adr-dir` at its root: adr-tools
//! looks for the records in `doc/adr` unless that file names the folder,
//! so without it `adr list` fails and `adr new` starts a second series.
//! It has `.adr.json` too, which the JavaScript port on npm (`adr-tools`
//! 2.x) reads instead, for the same reason (its default is `docs/adr/`).
//! The archive is built in memory; the platform code offers it as a
//! download. A zip of records (this one, or a repository's) is read back
//! by [`record_files`], whose texts the importer reads in whatever format
//! each is (`files::record_format`).

use std::collections::HashSet;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::files::markdown_text::escape_cell;
use super::{log4brains, madr, nygard};
use crate::adr::{file_name, is_iso_date, number_label, DecisionRecord};

/// The folder MADR proposes for decision records.
pub const FOLDER: &str = "docs/decisions";

/// adr-tools' pointer to the records' folder, at the repository's root.
pub const ADR_DIR_FILE: &str = ".adr-dir";

/// The npm port's settings file, at the repository's root.
pub const ADR_JSON_FILE: &str = ".adr.json";

/// Which Markdown layout the files use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdrStyle {
    /// MADR 4: every field, evidence and guardrails included.
    Madr,
    /// adr-tools' layout; see `files::nygard` for where it keeps what
    /// Nygard's template has no place for.
    Nygard,
    /// MADR with the metadata as the bullet list log4brains 1.1.0 reads;
    /// see `files::log4brains`.
    Log4brains,
}

/// One record's file name and text in the chosen layout. `all` gives the
/// titles of linked records (Nygard's link lines name them).
pub fn render(record: &DecisionRecord, all: &[DecisionRecord], style: AdrStyle) -> (String, String) {
    let text = match style {
        AdrStyle::Madr => madr::to_markdown(record),
        AdrStyle::Nygard => nygard::to_markdown(record, all),
        AdrStyle::Log4brains => log4brains::to_markdown(record, all),
    };
    (file_name(record.number, &record.title), text)
}

/// The README listing every record, newest number last.
pub fn index_markdown(records: &[DecisionRecord]) -> String {
    let mut sorted: Vec<&DecisionRecord> = records.iter().collect();
    sorted.sort_by_key(|r| r.number);
    let mut out = String::from("# Architecture Decision Records\n\n");
    if sorted.is_empty() {
        out.push_str("No decisions recorded yet.\n");
        return out;
    }
    out.push_str("| ADR | Title | Status | Date |\n| --- | --- | --- | --- |\n");
    for record in sorted {
        out.push_str(&format!(
            "| [{}]({}) | {} | {} | {} |\n",
            number_label(record.number),
            file_name(record.number, &record.title),
            escape_cell(&record.title),
            escape_cell(&record.status.label()),
            escape_cell(&record.date),
        ));
    }
    out
}

/// The zip's time stamp for a record: its date at noon (zip stores local
/// time without a zone), or 1980-01-01 when the date is outside what zip
/// can store. No clock is read, so the same records give the same bytes.
fn stamp(date: &str) -> DateTime {
    if !is_iso_date(date) {
        return DateTime::default();
    }
    let part = |range: std::ops::Range<usize>| date.get(range).and_then(|p| p.parse::<u16>().ok()).unwrap_or(0);
    let (year, month, day) = (part(0..4), part(5..7), part(8..10));
    DateTime::from_date_and_time(year, month as u8, day as u8, 12, 0, 0).unwrap_or_default()
}

/// Every record as `docs/decisions/NNNN-slug.md` plus `README.md`. Refused
/// (nothing built) when two records share a number or one has none, since
/// their files would collide or be misnamed.
pub fn zip_records(records: &[DecisionRecord], style: AdrStyle) -> Result<Vec<u8>, String> {
    let mut numbers = HashSet::new();
    for record in records {
        if record.number == 0 {
            return Err(format!("\"{}\" has no number yet, so it has no file name", record.title));
        }
        if !numbers.insert(record.number) {
            return Err(format!("{} is used by more than one record", number_label(record.number)));
        }
    }
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let latest = records.iter().map(|r| r.date.as_str()).filter(|d| is_iso_date(d)).max().unwrap_or("");
    if style == AdrStyle::Nygard {
        // adr-tools reads it with `cat`, so the line ending is its own.
        writer
            .start_file(ADR_DIR_FILE, options.last_modified_time(stamp(latest)))
            .map_err(|e| format!("could not add {ADR_DIR_FILE} to the zip: {e}"))?;
        writer
            .write_all(format!("{FOLDER}\n").as_bytes())
            .map_err(|e| format!("could not write {ADR_DIR_FILE}: {e}"))?;
        writer
            .start_file(ADR_JSON_FILE, options.last_modified_time(stamp(latest)))
            .map_err(|e| format!("could not add {ADR_JSON_FILE} to the zip: {e}"))?;
        writer
            .write_all(format!("{{\"language\": \"en\", \"path\": \"{FOLDER}/\", \"prefix\": \"\", \"digits\": 4}}\n").as_bytes())
            .map_err(|e| format!("could not write {ADR_JSON_FILE}: {e}"))?;
    }
    let mut add = |name: String, text: &str, date: &str| -> Result<(), String> {
        writer
            .start_file(format!("{FOLDER}/{name}"), options.last_modified_time(stamp(date)))
            .map_err(|e| format!("could not add {name} to the zip: {e}"))?;
        writer.write_all(text.as_bytes()).map_err(|e| format!("could not write {name}: {e}"))
    };
    add("README.md".to_owned(), &index_markdown(records), latest)?;
    for record in records {
        let (name, text) = render(record, records, style);
        add(name, &text, &record.date)?;
    }
    let cursor = writer.finish().map_err(|e| format!("could not finish the zip: {e}"))?;
    Ok(cursor.into_inner())
}

/// Largest record file read from a zip: a record is a few kilobytes, and
/// a zip can claim any size for what it holds.
const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Most record files read from one zip.
const MAX_RECORD_FILES: usize = 2_000;

/// The record files of a zip, as (path, text): every `.md` file whose name
/// starts with its number (`0007-….md`), wherever it is in the archive, so
/// a README, a template or anything else is left out. Refused, naming the
/// file, when one is too large or not UTF-8 text.
pub fn record_files(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("the file is not a zip that can be read: {e}"))?;
    let mut files = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| format!("entry {} of the zip cannot be read: {e}", i + 1))?;
        let name = entry.name().to_owned();
        let base = name.rsplit('/').next().unwrap_or(&name);
        let is_record = entry.is_file()
            && base.to_lowercase().ends_with(".md")
            && base.starts_with(|c: char| c.is_ascii_digit())
            && !name.split('/').any(|part| part.starts_with('.') || part == "__MACOSX");
        if !is_record {
            continue;
        }
        if files.len() == MAX_RECORD_FILES {
            return Err(format!("the zip holds more than {MAX_RECORD_FILES} records"));
        }
        let mut raw = Vec::new();
        (&mut entry)
            .take(MAX_RECORD_BYTES + 1)
            .read_to_end(&mut raw)
            .map_err(|e| format!("{name} cannot be read from the zip: {e}"))?;
        if raw.len() as u64 > MAX_RECORD_BYTES {
            return Err(format!("{name} is larger than a decision record can be (1 MB)"));
        }
        let text = String::from_utf8(raw).map_err(|_| format!("{name} is not UTF-8 text"))?;
        files.push((name, text));
    }
    if files.is_empty() {
        return Err("the zip holds no record files (`0001-….md`)".to_owned());
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::record_format::parse_record_files;

    #[test]
    fn every_style_of_zip_reads_back_without_naming_its_style() {
        let mut first = DecisionRecord::new(1, "Use MySQL", "2024-01-10");
        first.status = crate::adr::Status::SupersededBy(vec![2]);
        first.decision_makers = vec!["Ana".into()];
        let mut second = DecisionRecord::new(2, "Use Postgres & <pgbouncer>", "2024-05-01");
        second.status = crate::adr::Status::Accepted;
        second.supersedes = vec![1];
        second.decision_drivers = vec!["cost".into()];
        let records = vec![first, second];
        for style in [AdrStyle::Madr, AdrStyle::Nygard, AdrStyle::Log4brains] {
            let files = record_files(&zip_records(&records, style).unwrap()).unwrap();
            assert_eq!(files.len(), 2, "README and .adr-dir are not records");
            let (read, _) = parse_record_files(&files, "2024-06-01").unwrap();
            assert_eq!(read, records, "{style:?}");
        }
        assert!(record_files(b"not a zip").unwrap_err().starts_with("the file is not a zip"));
    }

    #[test]
    fn the_zip_reads_back() {
        let mut first = DecisionRecord::new(1, "Use Postgres", "2024-01-10");
        first.status = crate::adr::Status::Accepted;
        let second = DecisionRecord::new(2, "Add read replicas | <now>", "2024-05-01");
        let records = vec![first, second];
        let bytes = zip_records(&records, AdrStyle::Madr).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut names: Vec<String> = (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().to_owned()).collect();
        names.sort();
        assert_eq!(
            names,
            vec!["docs/decisions/0001-use-postgres.md", "docs/decisions/0002-add-read-replicas-now.md", "docs/decisions/README.md"]
        );
        let mut readme = String::new();
        archive.by_name("docs/decisions/README.md").unwrap().read_to_string(&mut readme).unwrap();
        assert!(readme.contains("| [ADR-0002](0002-add-read-replicas-now.md) | Add read replicas \\| &lt;now&gt; | proposed | 2024-05-01 |"), "{readme}");
        let mut file = archive.by_name("docs/decisions/0002-add-read-replicas-now.md").unwrap();
        assert_eq!(file.last_modified().map(|t| (t.year(), t.month(), t.day())), Some((2024, 5, 1)));
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        assert_eq!(madr::parse(&text, None, None).unwrap(), records[1]);
    }

    #[test]
    fn the_nygard_zip_tells_adr_tools_where_the_records_are() {
        let records = vec![DecisionRecord::new(1, "Use Postgres", "2024-01-10")];
        let names = |style| {
            let bytes = zip_records(&records, style).unwrap();
            let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
            let mut pointer = String::new();
            if let Ok(mut file) = archive.by_name(ADR_DIR_FILE) {
                file.read_to_string(&mut pointer).unwrap();
            }
            pointer
        };
        // As `adr init docs/decisions` writes it; adr-tools' `_adr_dir`
        // reads it with `cat` from the working directory up.
        assert_eq!(names(AdrStyle::Nygard), "docs/decisions\n");
        let bytes = zip_records(&records, AdrStyle::Nygard).unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut settings = String::new();
        archive.by_name(ADR_JSON_FILE).unwrap().read_to_string(&mut settings).unwrap();
        let settings: serde_json::Value = serde_json::from_str(&settings).unwrap();
        assert_eq!(settings["path"], "docs/decisions/");
        assert_eq!(names(AdrStyle::Madr), "", "MADR tools do not read it");
    }

    #[test]
    fn colliding_numbers_are_refused() {
        let records = vec![DecisionRecord::new(1, "A", "2024-01-01"), DecisionRecord::new(1, "B", "2024-01-01")];
        assert_eq!(zip_records(&records, AdrStyle::Nygard), Err("ADR-0001 is used by more than one record".to_owned()));
    }
}
