//! A decisions folder read and written in place (the page reaches it
//! through the File System Access API; this module never touches a file).
//! Opening reads every `NNNN-*.md` record with the number and file name it
//! has there, in whatever format each is written. Writing puts back only
//! the records that changed since they were read, to the file each came
//! from and in the folder's own layout, so a record nobody touched keeps
//! every word Headroom does not model. A file whose text changed outside
//! since Headroom last read or wrote it is never overwritten: it is
//! reported, to be read again first.

use std::collections::BTreeMap;

use super::decisions_zip::{render, AdrStyle};
use super::record_format::{parse_record, RecordFormat};
use crate::adr::{number_label, DecisionRecord};

/// One Markdown file of the folder, by name, with its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderFile {
    pub name: String,
    pub text: String,
}

/// What Headroom knows of the folder: each record file's text as last read
/// or written, the record it held, and the layout new files are written in.
#[derive(Clone, Debug, PartialEq)]
pub struct FolderState {
    /// The folder's name as the person picked it, for messages.
    pub label: String,
    pub style: AdrStyle,
    files: BTreeMap<String, String>,
    /// Per record number: its file, the record as that file last held it,
    /// and the layout that file is in (a changed record is written back in
    /// its own file's layout, whatever most of the folder uses).
    records: BTreeMap<u32, (String, DecisionRecord, AdrStyle)>,
}

/// A folder just opened: its records, what Headroom knows of it, and the
/// files it passed over.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub records: Vec<DecisionRecord>,
    pub state: FolderState,
    /// "README.md: not a numbered record".
    pub skipped: Vec<String>,
    /// "3 files read as MADR 4".
    pub formats: Vec<String>,
}

/// Whether a file name is a record's: four or more digits, a dash, `.md`.
fn is_record_file(name: &str) -> bool {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    digits >= 4 && name[digits..].starts_with('-') && name.to_ascii_lowercase().ends_with(".md")
}

/// The layout Headroom writes a file of `format` back in: MADR 2 and 3
/// keep their bullet lines in log4brains' layout, which is theirs.
fn style_of(format: RecordFormat) -> AdrStyle {
    match format {
        RecordFormat::Nygard => AdrStyle::Nygard,
        RecordFormat::Log4brains | RecordFormat::Madr2 | RecordFormat::Madr3 => AdrStyle::Log4brains,
        RecordFormat::Madr4 => AdrStyle::Madr,
    }
}

/// The layout that most of the folder's records are in (ties go to MADR 4,
/// the richest): what new records are written in.
fn folder_style(formats: &[(RecordFormat, usize)]) -> AdrStyle {
    let count = |style: AdrStyle| -> usize {
        formats.iter().filter(|(format, _)| style_of(*format) == style).map(|(_, n)| n).sum()
    };
    [AdrStyle::Madr, AdrStyle::Log4brains, AdrStyle::Nygard]
        .into_iter()
        .max_by_key(|&style| (count(style), style == AdrStyle::Madr))
        .unwrap_or(AdrStyle::Madr)
}

/// Reads a folder's files. Every record file must read and no two may
/// share a number (the error names the files and lines); anything else in
/// the folder is passed over and listed.
pub fn open(label: &str, files: &[FolderFile], today: &str) -> Result<Opened, String> {
    let mut records = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Vec::new();
    let mut formats: Vec<(RecordFormat, usize)> = Vec::new();
    let mut state = FolderState {
        label: label.to_owned(),
        style: AdrStyle::Madr,
        files: BTreeMap::new(),
        records: BTreeMap::new(),
    };
    for file in files {
        if !is_record_file(&file.name) {
            skipped.push(format!("{}: not a numbered record (NNNN-title.md)", file.name));
            continue;
        }
        match parse_record(&file.text, Some(&file.name), Some(today)) {
            Ok((record, format)) => {
                if let Some((other, _, _)) = state.records.get(&record.number) {
                    problems.push(format!("{} and {} are both {}", other, file.name, number_label(record.number)));
                    continue;
                }
                match formats.iter_mut().find(|(f, _)| *f == format) {
                    Some((_, n)) => *n += 1,
                    None => formats.push((format, 1)),
                }
                state.files.insert(file.name.clone(), file.text.clone());
                state.records.insert(record.number, (file.name.clone(), record.clone(), style_of(format)));
                records.push(record);
            }
            Err(errors) => problems.extend(errors.0.iter().map(|e| format!("{}: {e}", file.name))),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    records.sort_by_key(|r| r.number);
    state.style = folder_style(&formats);
    let formats = formats
        .iter()
        .map(|(format, n)| format!("{n} {} {}", if *n == 1 { "file read as" } else { "files read as" }, format.label()))
        .collect();
    Ok(Opened { records, state, skipped, formats })
}

/// What writing the document's records to the folder would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Files to write, new or changed, with their whole text.
    pub writes: Vec<FolderFile>,
    /// Record files whose text on disk is no longer what Headroom last read
    /// or wrote (or that appeared since): read again before writing them.
    pub changed_outside: Vec<String>,
    /// Records whose files already say what they say.
    pub unchanged: usize,
}

impl FolderState {
    /// The file a record lives in: the one it was read from, else the name
    /// its number and title give.
    pub fn file_of(&self, record: &DecisionRecord) -> String {
        self.records.get(&record.number).map_or_else(|| crate::adr::file_name(record.number, &record.title), |(f, _, _)| f.clone())
    }

    /// The writes that bring the folder to `records`, given what is on disk
    /// now (`on_disk`, the record files as just read). A record unchanged
    /// since it was read is not written; a file changed outside is not
    /// overwritten.
    pub fn changes(&self, records: &[DecisionRecord], on_disk: &[FolderFile]) -> Changes {
        let mut changes = Changes::default();
        let disk: BTreeMap<&str, &str> = on_disk.iter().map(|f| (f.name.as_str(), f.text.as_str())).collect();
        for (name, text) in &disk {
            if is_record_file(name) && self.files.get(*name).is_none_or(|known| known != text) {
                changes.changed_outside.push((*name).to_owned());
            }
        }
        for name in self.files.keys() {
            if !disk.contains_key(name.as_str()) {
                changes.changed_outside.push(name.clone());
            }
        }
        changes.changed_outside.sort();
        changes.changed_outside.dedup();
        for record in records {
            let name = self.file_of(record);
            if self.records.get(&record.number).is_some_and(|(_, read, _)| read == record) {
                changes.unchanged += 1;
                continue;
            }
            if changes.changed_outside.contains(&name) {
                continue;
            }
            let style = self.records.get(&record.number).map_or(self.style, |(_, _, style)| *style);
            let (_, text) = render(record, records, style);
            changes.writes.push(FolderFile { name, text });
        }
        changes
    }

    /// Notes what was written, so the next comparison knows these files.
    pub fn written(&mut self, writes: &[FolderFile], records: &[DecisionRecord]) {
        for write in writes {
            self.files.insert(write.name.clone(), write.text.clone());
            if let Some(record) = records.iter().find(|r| self.file_of(r) == write.name) {
                let style = self.records.get(&record.number).map_or(self.style, |(_, _, style)| *style);
                self.records.insert(record.number, (write.name.clone(), record.clone(), style));
            }
        }
    }

    /// Takes in files read again (those changed outside): their records,
    /// which replace the document's of the same number, and what Headroom
    /// now knows of them. A file that no longer reads is an error naming it,
    /// and nothing is taken in.
    pub fn reread(&mut self, files: &[FolderFile], today: &str) -> Result<Vec<DecisionRecord>, String> {
        let mut read = Vec::new();
        let mut problems = Vec::new();
        for file in files.iter().filter(|f| is_record_file(&f.name)) {
            match parse_record(&file.text, Some(&file.name), Some(today)) {
                Ok((record, format)) => read.push((file.clone(), record, style_of(format))),
                Err(errors) => problems.extend(errors.0.iter().map(|e| format!("{}: {e}", file.name))),
            }
        }
        if !problems.is_empty() {
            return Err(problems.join("\n"));
        }
        let mut records = Vec::new();
        for (file, record, style) in read {
            self.files.insert(file.name.clone(), file.text.clone());
            self.records.insert(record.number, (file.name.clone(), record.clone(), style));
            records.push(record);
        }
        Ok(records)
    }

    /// How many record files Headroom knows in the folder.
    pub fn record_count(&self) -> usize {
        self.records.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adr::Status;

    fn files(records: &[DecisionRecord], style: AdrStyle) -> Vec<FolderFile> {
        records
            .iter()
            .map(|r| {
                let (name, text) = render(r, records, style);
                FolderFile { name, text }
            })
            .collect()
    }

    fn sample() -> Vec<DecisionRecord> {
        let mut first = DecisionRecord::new(1, "Use Postgres", "2024-01-10");
        first.status = Status::Accepted;
        let second = DecisionRecord::new(2, "Add a cache", "2024-02-01");
        vec![first, second]
    }

    #[test]
    fn a_folder_opens_with_its_numbers_names_and_layout() {
        let mut on_disk = files(&sample(), AdrStyle::Nygard);
        on_disk[1].name = "0002-cache-everything.md".to_owned();
        on_disk.push(FolderFile { name: "README.md".to_owned(), text: "# Decisions".to_owned() });
        let opened = open("decisions", &on_disk, "2024-03-01").unwrap();
        assert_eq!(opened.records.len(), 2);
        assert_eq!(opened.state.style, AdrStyle::Nygard);
        assert_eq!(opened.state.file_of(&opened.records[1]), "0002-cache-everything.md", "the file's own name is kept");
        assert_eq!(opened.skipped, vec!["README.md: not a numbered record (NNNN-title.md)"]);
        assert_eq!(opened.formats, vec!["2 files read as Nygard (adr-tools)"]);
    }

    #[test]
    fn only_changed_and_new_records_are_written_and_outside_changes_are_kept() {
        let on_disk = files(&sample(), AdrStyle::Madr);
        let opened = open("decisions", &on_disk, "2024-03-01").unwrap();
        let mut state = opened.state;
        let mut records = opened.records;
        assert_eq!(state.changes(&records, &on_disk), Changes { unchanged: 2, ..Changes::default() });

        records[1].status = Status::Accepted;
        records.push(DecisionRecord::new(3, "Queue the e-mails", "2024-03-01"));
        let changes = state.changes(&records, &on_disk);
        let names: Vec<&str> = changes.writes.iter().map(|w| w.name.as_str()).collect();
        assert_eq!(names, vec!["0002-add-a-cache.md", "0003-queue-the-e-mails.md"]);
        assert_eq!(changes.unchanged, 1);
        state.written(&changes.writes, &records);
        let mut now = on_disk.clone();
        now[1] = changes.writes[0].clone();
        now.push(changes.writes[1].clone());
        assert_eq!(state.changes(&records, &now).writes, vec![]);

        // Someone edits record 1 outside and Headroom changes it too: the
        // file is not overwritten until it is read again.
        now[0].text.push_str("\nA note added in the editor.\n");
        records[0].title = "Use Postgres 16".to_owned();
        let changes = state.changes(&records, &now);
        assert_eq!(changes.changed_outside, vec!["0001-use-postgres.md"]);
        assert!(changes.writes.is_empty());
        let reread = state.reread(&now[..1], "2024-03-01").unwrap();
        assert_eq!(reread[0].title, "Use Postgres");
        assert_eq!(state.changes(&reread, &now).changed_outside, Vec::<String>::new());
    }

    #[test]
    fn a_changed_record_is_written_in_its_own_files_layout() {
        let records = sample();
        let mut on_disk = files(&records[..1], AdrStyle::Madr);
        on_disk.extend(files(&records[1..], AdrStyle::Nygard));
        let opened = open("d", &on_disk, "2024-03-01").unwrap();
        assert_eq!(opened.state.style, AdrStyle::Madr, "a tie goes to MADR 4");
        let mut changed = opened.records;
        changed[1].status = Status::Accepted;
        let writes = opened.state.changes(&changed, &on_disk).writes;
        assert_eq!(writes.len(), 1);
        assert!(writes[0].text.starts_with("# 2. Add a cache"), "still Nygard: {}", writes[0].text);
    }

    #[test]
    fn two_files_of_one_number_or_an_unreadable_one_are_refused() {
        let mut on_disk = files(&sample(), AdrStyle::Madr);
        let mut twin = on_disk[0].clone();
        twin.name = "0001-again.md".to_owned();
        on_disk.push(twin);
        let error = open("d", &on_disk, "2024-03-01").unwrap_err();
        assert!(error.contains("are both ADR-0001"), "{error}");
        let broken = vec![FolderFile { name: "0001-x.md".to_owned(), text: "---\nstatus: [\n".to_owned() }];
        assert!(open("d", &broken, "2024-03-01").unwrap_err().starts_with("0001-x.md"));
    }
}
