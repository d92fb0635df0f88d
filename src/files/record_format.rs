//! Which format an imported decision record is written in, told from its
//! text, and the one place records are read whatever their format: MADR 4
//! (front matter with `decision-makers`), MADR 3 (front matter with
//! `deciders`, or `## Validation`), MADR 2 (`* Status: …` bullets under the
//! title), log4brains (the same bullets, with `- ` markers or a `Tags:`
//! line, as its template writes them) and Nygard / adr-tools (`# 7. Title`,
//! a `Date:` line, `## Status`). The user's choice of layout is only for
//! export: import needs none.

use crate::adr::DecisionRecord;
use crate::files::front_matter::ImportErrors;
use crate::files::{madr, nygard};

/// A decision record format that can be imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordFormat {
    Madr2,
    Madr3,
    Madr4,
    Nygard,
    Log4brains,
}

impl RecordFormat {
    pub fn label(self) -> &'static str {
        match self {
            RecordFormat::Madr2 => "MADR 2",
            RecordFormat::Madr3 => "MADR 3",
            RecordFormat::Madr4 => "MADR 4",
            RecordFormat::Nygard => "Nygard (adr-tools)",
            RecordFormat::Log4brains => "log4brains",
        }
    }
}

/// A line's text after a bullet marker, with the marker.
fn bullet(line: &str) -> Option<(char, &str)> {
    let line = line.trim_start();
    let marker = line.chars().next().filter(|c| matches!(c, '*' | '-' | '+'))?;
    line.get(1..).filter(|rest| rest.starts_with(' ')).map(|rest| (marker, rest.trim_start()))
}

fn key_is(text: &str, keys: &[&str]) -> bool {
    text.split_once(':').is_some_and(|(key, _)| keys.iter().any(|k| key.trim().eq_ignore_ascii_case(k)))
}

/// Tells the format from the text. Anything not recognised is MADR 4,
/// whose reader then says what it expected, line by line.
pub fn detect_record_format(text: &str) -> RecordFormat {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let heading = |level: &str, name: &str| {
        lines
            .iter()
            .any(|l| l.trim_end().strip_prefix(level).is_some_and(|rest| rest.trim().eq_ignore_ascii_case(name)))
    };
    let Some(first) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return RecordFormat::Madr4;
    };
    if lines[first].trim_end() == "---" {
        let front = lines[first + 1..].iter().take_while(|l| l.trim_end() != "---");
        let keys: Vec<String> = front
            .filter(|l| !l.starts_with([' ', '\t', '-']))
            .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_lowercase()))
            .collect();
        if keys.iter().any(|k| k == "decision-makers") {
            return RecordFormat::Madr4;
        }
        if keys.iter().any(|k| k == "deciders") || heading("## ", "Validation") {
            return RecordFormat::Madr3;
        }
        return RecordFormat::Madr4;
    }
    // The title, then what follows it up to the first section.
    let Some(title) = lines.iter().position(|l| l.starts_with("# ")) else {
        return if heading("## ", "Status") { RecordFormat::Nygard } else { RecordFormat::Madr4 };
    };
    let numbered = lines[title][2..]
        .trim_start()
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let header: Vec<&str> = lines[title + 1..].iter().take_while(|l| !l.starts_with("## ")).copied().collect();
    let dated = header.iter().any(|l| l.trim_start().starts_with("Date:"));
    if (numbered || dated) && heading("## ", "Status") {
        return RecordFormat::Nygard;
    }
    let bullets: Vec<(char, &str)> = header.iter().filter_map(|l| bullet(l)).collect();
    if bullets.iter().any(|(_, text)| key_is(text, &["status", "deciders", "date"])) {
        let log4brains = bullets.iter().any(|(marker, text)| *marker == '-' || key_is(text, &["tags"]));
        return if log4brains { RecordFormat::Log4brains } else { RecordFormat::Madr2 };
    }
    if numbered || heading("## ", "Status") {
        RecordFormat::Nygard
    } else {
        RecordFormat::Madr4
    }
}

/// Reads one record in whatever format it is written; see
/// [`madr::parse`] and [`nygard::parse`] for `file_name` and
/// `date_if_missing`.
pub fn parse_record(
    text: &str,
    file_name: Option<&str>,
    date_if_missing: Option<&str>,
) -> Result<(DecisionRecord, RecordFormat), ImportErrors> {
    let format = detect_record_format(text);
    let record = match format {
        RecordFormat::Nygard => nygard::parse(text, date_if_missing)?,
        _ => madr::parse(text, file_name, date_if_missing)?,
    };
    Ok((record, format))
}

/// Reads named files as records; every error names its file and line, and
/// nothing is returned unless every file reads. Also returns one sentence
/// per format found ("2 files read as Nygard (adr-tools)").
pub fn parse_record_files(
    files: &[(String, String)],
    today: &str,
) -> Result<(Vec<DecisionRecord>, Vec<String>), String> {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut formats: Vec<(RecordFormat, usize)> = Vec::new();
    for (name, text) in files {
        match parse_record(text, Some(name), Some(today)) {
            Ok((record, format)) => {
                records.push(record);
                match formats.iter_mut().find(|(f, _)| *f == format) {
                    Some((_, count)) => *count += 1,
                    None => formats.push((format, 1)),
                }
            }
            Err(errors) => problems
                .extend(errors.0.iter().map(|e| format!("{name} ({}), {e}", detect_record_format(text).label()))),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    let notes = formats
        .into_iter()
        .map(|(format, count)| format!("{count} file{} read as {}", if count == 1 { "" } else { "s" }, format.label()))
        .collect();
    Ok((records, notes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_told_from_its_text() {
        let cases = [
            ("---\nstatus: accepted\ndate: 2024-01-01\ndecision-makers:\n  - Ana\n---\n# T\n", RecordFormat::Madr4),
            ("---\nstatus: accepted\ndate: 2024-01-01\n---\n\n# T\n", RecordFormat::Madr4),
            ("---\nstatus: accepted\ndeciders: Ana\n---\n# T\n", RecordFormat::Madr3),
            ("---\nstatus: accepted\n---\n# T\n\n## Validation\n\nx\n", RecordFormat::Madr3),
            (
                "# T\n\n* Status: accepted\n* Deciders: Ana\n* Date: 2024-01-01\n\n## Context and Problem Statement\n",
                RecordFormat::Madr2,
            ),
            (
                "# T\n\n- Status: accepted\n- Date: 2024-01-01\n- Tags: doc\n\n## Context and Problem Statement\n",
                RecordFormat::Log4brains,
            ),
            ("# T\n\n* Status: accepted\n* Tags: doc\n", RecordFormat::Log4brains),
            ("# 3. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n", RecordFormat::Nygard),
            ("# 3. Third Record\n\n## Status\n\nAccepted\n", RecordFormat::Nygard),
            ("# Use Postgres\n\n## Context and Problem Statement\n", RecordFormat::Madr4),
            ("", RecordFormat::Madr4),
            ("#", RecordFormat::Madr4),
            ("# \n---\n", RecordFormat::Madr4),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_record_format(text), expected, "{text:?}");
        }
    }

    #[test]
    fn files_read_whatever_their_format_and_errors_name_file_and_line() {
        let files = vec![
            ("0003-third.md".to_owned(), "# 3. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n".to_owned()),
            ("0004-t.md".to_owned(), "# T\n\n* Status: accepted\n* Date: 2024-01-01\n".to_owned()),
        ];
        let (records, notes) = parse_record_files(&files, "2024-06-01").unwrap();
        assert_eq!(records.iter().map(|r| r.number).collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(notes, vec!["1 file read as Nygard (adr-tools)", "1 file read as MADR 2"]);
        let bad = vec![("0001-x.md".to_owned(), "# 1. X\n\nDate: 2024-01-01\n\n## Status\n\nMaybe\n".to_owned())];
        assert_eq!(
            parse_record_files(&bad, "2024-06-01").unwrap_err(),
            "0001-x.md (Nygard (adr-tools)), line 5: expected a status such as Accepted under `## Status`\n\
             0001-x.md (Nygard (adr-tools)), line 7: expected a status of proposed, accepted, rejected, deprecated or \"superseded by ADR-0008\", got \"Maybe\""
        );
    }
}
