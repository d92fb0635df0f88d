//! Michael Nygard's ADR format as adr-tools writes it: `# 7. Title`,
//! `Date: yyyy-mm-dd`, `## Status` (with adr-tools' link lines such as
//! `Superseded by [8. Use Kafka](0008-use-kafka.md)`), `## Context`,
//! `## Decision`, `## Consequences` — all four always written, as
//! adr-tools' template has them, with a placeholder line when empty that
//! the reader takes as empty — and a migration plan's `## Migration`
//! table as MADR writes it.
//!
//! The title line is written as typed, not Markdown-escaped: adr-tools
//! shows it raw (`adr list`, `adr generate toc`), and only a line break,
//! which would end the line, is replaced by a space; it is read back as
//! written. Everything else is escaped as in MADR.
//!
//! What Nygard's template has no place for goes in sections after
//! Consequences, which adr-tools leaves alone (it edits only Status):
//! `## Decision makers`, `## Consulted`, `## Informed`, `## Decision
//! drivers`, `## Considered options` (a `### Title` per option with its
//! description and "Good, because …" points), `## Confirmation`,
//! `## Components` and `## More information` (with `### Evidence` and
//! `### Guardrails` as in MADR). So a round trip keeps every field;
//! [`not_carried`] names what a record would lose (a line break in its
//! title).
//!
//! Reading accepts what adr-tools writes by hand too: the "Superceded"
//! spelling, free text under Decision (it becomes the justification) and
//! under Consequences (kept under More Information), and other link lines
//! in Status ("Amends […](…)", also kept under More Information).

use crate::adr::{file_name, validate_fields, DecisionRecord, Status};
use crate::files::front_matter::{error, ImportError, ImportErrors};
use crate::adr::ConsideredOption;
use crate::files::evidence;
use crate::files::madr::{
    all_arguments, arguments, list_items, more_information, migration_markdown, outcome_line,
    parse_guardrail, parse_status, read_migration, read_option,
};
use crate::files::markdown_text::{escape_block, escape_inline, unescape};
use crate::files::markdown_tree::{self, Section, Source};
use crate::model::ComponentId;

/// What an empty `## Context` holds.
pub const NO_CONTEXT: &str = "No context was recorded.";
/// What an empty `## Decision` holds.
pub const NO_DECISION: &str = "No decision was recorded yet.";
/// What an empty `## Consequences` holds.
pub const NO_CONSEQUENCES: &str = "No consequences were recorded.";

/// The title as adr-tools shows it: as typed, on one line.
fn title_line(title: &str) -> String {
    title.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// An ATX heading's closing `#`s (`# 7. Use Kafka ##`), which CommonMark
/// and every renderer drop, are dropped from the title read.
fn without_closing_hashes(line: &str) -> &str {
    let trimmed = line.trim_end_matches([' ', '\t']);
    let before = trimmed.trim_end_matches('#');
    if before.len() < trimmed.len() && (before.is_empty() || before.ends_with([' ', '\t'])) {
        before.trim_end_matches([' ', '\t'])
    } else {
        line
    }
}

/// The title a Nygard file gives back: on one line, without what reads as
/// a heading's closing `#`s.
pub fn title_as_carried(title: &str) -> String {
    let line = title_line(title);
    without_closing_hashes(&line).to_owned()
}

/// What of `record` a Nygard file cannot give back, for the export's
/// message: empty for almost every record.
pub fn not_carried(record: &DecisionRecord) -> Vec<&'static str> {
    let mut lost = Vec::new();
    if title_line(&record.title) != record.title {
        lost.push("line breaks in the title");
    }
    let line = title_line(&record.title);
    if without_closing_hashes(&line) != line {
        lost.push("the `#`s that end the title");
    }
    lost
}

/// adr-tools' link line: `Superseded by [8. Use Kafka](0008-use-kafka.md)`.
fn link(label: &str, number: u32, all: &[DecisionRecord]) -> String {
    let title = all
        .iter()
        .find(|r| r.number == number)
        .map_or_else(|| format!("ADR-{number:04}"), |r| r.title.clone());
    format!(
        "{label} [{number}. {}]({})",
        escape_inline(&title),
        file_name(number, &title)
    )
}

/// The record in adr-tools' layout. `all` supplies the titles of the
/// records it links to (a missing one is named by its number).
pub fn to_markdown(record: &DecisionRecord, all: &[DecisionRecord]) -> String {
    let mut out = format!(
        "# {}. {}\n\nDate: {}\n\n## Status\n\n",
        record.number,
        title_line(&record.title),
        escape_inline(&record.date)
    );
    let mut status_lines: Vec<String> = Vec::new();
    match &record.status {
        Status::SupersededBy(by) => {
            status_lines.extend(by.iter().map(|n| link("Superseded by", *n, all)));
        }
        other => {
            let label = other.kind().label();
            let mut word = label.to_owned();
            if let Some(first) = word.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            status_lines.push(word);
        }
    }
    status_lines.extend(
        record
            .supersedes
            .iter()
            .map(|n| link("Supersedes", *n, all)),
    );
    out.push_str(&status_lines.join("\n\n"));
    out.push('\n');
    let context = if record.context_and_problem.is_empty() {
        NO_CONTEXT.to_owned()
    } else {
        escape_block(&record.context_and_problem)
    };
    out.push_str(&format!("\n## Context\n\n{context}\n"));
    let decision = if !record.chosen_option.is_empty() {
        outcome_line(&record.chosen_option, &record.justification)
    } else if !record.justification.is_empty() {
        escape_block(&record.justification)
    } else {
        NO_DECISION.to_owned()
    };
    out.push_str(&format!("\n## Decision\n\n{decision}\n"));
    out.push_str("\n## Consequences\n\n");
    if record.good_consequences.is_empty() && record.bad_consequences.is_empty() {
        out.push_str(NO_CONSEQUENCES);
        out.push('\n');
    } else {
        for (prefix, items) in [
            ("Good", &record.good_consequences),
            ("Bad", &record.bad_consequences),
        ] {
            for item in items {
                out.push_str(&format!("* {prefix}, because {}\n", escape_inline(item)));
            }
        }
    }
    // The numbers a migration was decided on: without them the record of
    // a step-by-step plan says nothing about why each step is safe.
    if let Some(table) = &record.migration {
        out.push_str(&migration_markdown(table));
    }
    out.push_str(&beyond_nygard(record));
    out
}

/// The sections after Consequences that carry what Nygard's template has
/// no place for; each is left out when empty.
fn beyond_nygard(record: &DecisionRecord) -> String {
    let mut out = String::new();
    let list = |out: &mut String, heading: &str, items: &[String]| {
        if !items.is_empty() {
            out.push_str(&format!("\n## {heading}\n\n"));
            for item in items {
                out.push_str(&format!("* {}\n", escape_inline(item)));
            }
        }
    };
    list(&mut out, "Decision makers", &record.decision_makers);
    list(&mut out, "Consulted", &record.consulted);
    list(&mut out, "Informed", &record.informed);
    list(&mut out, "Decision drivers", &record.decision_drivers);
    if !record.considered_options.is_empty() {
        out.push_str("\n## Considered options\n");
        for option in &record.considered_options {
            out.push_str(&format!("\n### {}\n", escape_inline(&option.title)));
            if !option.description.is_empty() {
                out.push_str(&format!("\n{}\n", escape_block(&option.description)));
            }
            if !option.pros.is_empty() || !option.neutral.is_empty() || !option.cons.is_empty() {
                out.push('\n');
                for (prefix, items) in [("Good", &option.pros), ("Neutral", &option.neutral), ("Bad", &option.cons)] {
                    for item in items {
                        out.push_str(&format!("* {prefix}, because {}\n", escape_inline(item)));
                    }
                }
            }
        }
    }
    if !record.confirmation.is_empty() {
        out.push_str(&format!("\n## Confirmation\n\n{}\n", escape_block(&record.confirmation)));
    }
    let components: Vec<String> = record.components.iter().map(ToString::to_string).collect();
    list(&mut out, "Components", &components);
    more_information(&mut out, record, "More information");
    out
}

/// The level-2 section a `###` heading is under.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    Other,
    Options,
    MoreInformation,
}

/// Reads an adr-tools record. A record without a `Date:` line gets
/// `date_if_missing` (today, from the caller's clock), or is refused when
/// that is `None`.
pub fn parse(text: &str, date_if_missing: Option<&str>) -> Result<DecisionRecord, ImportErrors> {
    let mut errors = Vec::new();
    let mut record = DecisionRecord::new(0, "", "");
    let mut title_line = 1;
    let mut date_line = 1;
    let mut status_line = 1;
    let mut more: Vec<String> = Vec::new();

    let tree = markdown_tree::read(text, 0);
    let found = &tree.sections;
    if let Some(block) = tree.preamble.first() {
        errors.push(error(
            block.line(),
            "expected the title line `# 7. Title` first",
        ));
    }
    let mut status_seen = false;
    let mut date_seen = false;
    let mut seen: Vec<String> = Vec::new();
    let mut within = Within::Other;
    let mut more_information = String::new();
    let names = |section: &Section, errors: &mut Vec<ImportError>, what: &str| -> Vec<String> {
        list_items(section.blocks_as_written(), errors, what).into_iter().map(|(_, item)| unescape(&item)).collect()
    };
    for (i, section) in found.iter().enumerate() {
        let name = unescape(&section.title);
        if section.level <= 2 {
            if seen.contains(&name.to_lowercase()) {
                errors.push(error(
                    section.line,
                    format!("the section `{name}` appears twice"),
                ));
                continue;
            }
            seen.push(name.to_lowercase());
            within = Within::Other;
        }
        let placeholder = |text: &str| section.body.text().trim() == text;
        match (section.level, name.to_lowercase().as_str()) {
            (1, _) if i == 0 => {
                title_line = section.line;
                // The title is written as typed: read from the line itself,
                // not from what Markdown makes of it.
                let raw = text
                    .split('\n')
                    .nth(section.line.saturating_sub(1))
                    .map(|l| l.strip_suffix('\r').unwrap_or(l))
                    .and_then(|l| l.trim_start().strip_prefix('#'))
                    .map(|l| l.strip_prefix(' ').unwrap_or(l))
                    .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()));
                match raw {
                    Some(raw) => read_title(without_closing_hashes(raw.trim_start()), section.line, &mut record, &mut errors),
                    // A setext or hand-indented title: as Markdown read it.
                    None => {
                        read_title(&section.title, section.line, &mut record, &mut errors);
                        record.title = unescape(&record.title);
                    }
                }
                for (number, line) in section.body.lines().filter(|(_, l)| !l.trim().is_empty()) {
                    match line.trim().strip_prefix("Date:") {
                        Some(date) if !date_seen => {
                            date_seen = true;
                            date_line = number;
                            record.date = unescape(date.trim());
                        }
                        _ => errors.push(error(number, "expected `Date: yyyy-mm-dd` and nothing else before `## Status`")),
                    }
                }
            }
            (2, "status") => {
                status_seen = true;
                status_line = section.line;
                read_status(&section.body, section.line, &mut record, &mut more, &mut errors);
            }
            (2, "context") if placeholder(NO_CONTEXT) => {}
            (2, "context") => record.context_and_problem = unescape(&section.body.text()),
            (2, "decision") if placeholder(NO_DECISION) => {}
            (2, "decision") => {
                let (chosen, justification) = crate::files::madr::parse_outcome(&section.body, &mut errors);
                record.chosen_option = chosen;
                record.justification = justification;
            }
            (2, "consequences") if placeholder(NO_CONSEQUENCES) => {}
            (2, "consequences") => read_consequences(section, &mut record, &mut more, &mut errors),
            (2, "migration") => record.migration = read_migration(section, &mut errors),
            (2, "decision makers") => record.decision_makers = names(section, &mut errors, "name"),
            (2, "consulted") => record.consulted = names(section, &mut errors, "name"),
            (2, "informed") => record.informed = names(section, &mut errors, "name"),
            (2, "decision drivers") => record.decision_drivers = names(section, &mut errors, "driver"),
            (2, "components") => {
                record.components = names(section, &mut errors, "component id").into_iter().map(ComponentId::from).collect();
            }
            (2, "confirmation") => record.confirmation = unescape(&section.body.text()),
            (2, "considered options") => {
                within = Within::Options;
                for (line, _) in section.body.lines().filter(|(_, l)| !l.trim().is_empty()) {
                    errors.push(error(line, "expected a `### Option` heading for each considered option"));
                }
            }
            (2, "more information") => {
                within = Within::MoreInformation;
                more_information = unescape(&section.body.text());
            }
            (3, _) if within == Within::Options => {
                let option: ConsideredOption = read_option(name, section, &mut errors);
                record.considered_options.push(option);
            }
            (3, "evidence") if within == Within::MoreInformation => {
                record.evidence = evidence::read(section, &mut errors);
            }
            (3, "guardrails") if within == Within::MoreInformation => {
                for (line, item) in list_items(section.blocks_as_written(), &mut errors, "`component` utilisation ≤ 70% at 10×") {
                    match parse_guardrail(&item, line) {
                        Ok(guardrail) => record.guardrails.push(guardrail),
                        Err(e) => errors.push(e),
                    }
                }
            }
            (1, _) => errors.push(error(section.line, "expected one title line (`# 7. Title`) only, at the top")),
            _ => errors.push(error(
                section.line,
                format!("unknown section `{name}`; expected `## Status`, `## Context`, `## Decision`, `## Consequences`, `## Migration`, \
                         `## Decision makers`, `## Consulted`, `## Informed`, `## Decision drivers`, `## Considered options`, \
                         `## Confirmation`, `## Components` or `## More information`"),
            )),
        }
    }
    if found.first().is_none_or(|s| s.level != 1) {
        errors.push(error(
            found.first().map_or(1, |s| s.line),
            "expected the title line `# 7. Title` first",
        ));
    }
    if !date_seen {
        match date_if_missing {
            Some(date) => record.date = date.to_owned(),
            None => errors.push(error(
                title_line,
                "expected a `Date: yyyy-mm-dd` line under the title",
            )),
        }
    }
    if !status_seen {
        errors.push(error(title_line, "expected a `## Status` section"));
    }
    if !more_information.is_empty() {
        more.insert(0, more_information);
    }
    record.more_information = more.join("\n\n");

    if errors.is_empty() {
        for problem in validate_fields(&record) {
            let line = match problem.field.as_str() {
                "date" => date_line,
                "status" | "supersedes" => status_line,
                _ => title_line,
            };
            errors.push(error(
                line,
                format!("{}: {}", problem.field, problem.message),
            ));
        }
    }
    if errors.is_empty() {
        Ok(record)
    } else {
        errors.sort_by_key(|e| e.line);
        Err(ImportErrors(errors))
    }
}

fn read_title(
    title: &str,
    line: usize,
    record: &mut DecisionRecord,
    errors: &mut Vec<ImportError>,
) {
    let digits = title
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(title.len());
    let number = title[..digits].parse::<u32>().ok();
    match (number, title[digits..].strip_prefix('.')) {
        (Some(number), Some(rest)) => {
            record.number = number;
            record.title = rest.strip_prefix(' ').unwrap_or(rest).to_owned();
        }
        _ => errors.push(error(
            line,
            "expected the title line `# 7. Title`: a number, a dot and the title",
        )),
    }
}

fn read_status(
    body: &Source,
    line: usize,
    record: &mut DecisionRecord,
    more: &mut Vec<String>,
    errors: &mut Vec<ImportError>,
) {
    let mut word: Option<Status> = None;
    let mut superseded_by: Vec<u32> = Vec::new();
    for (number, text) in body.lines().filter(|(_, l)| !l.trim().is_empty()) {
        let text = text.trim();
        let lower = text.to_lowercase();
        let link_number = |rest: &str| -> Result<u32, ImportError> {
            // "[8. Title](0008-title.md)": the number before the dot, or
            // the file name's.
            let inner = rest.trim().strip_prefix('[').unwrap_or(rest);
            let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
            let from_target = rest.rfind("](").map(|at| &rest[at + 2..]).map(|target| {
                target
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            });
            digits
                .parse::<u32>()
                .ok()
                .or_else(|| from_target.and_then(|d| d.parse().ok()))
                .ok_or_else(|| {
                    error(
                        number,
                        "expected a link such as `[8. Use Kafka](0008-use-kafka.md)`",
                    )
                })
        };
        let by = ["superseded by ", "superceded by "]
            .iter()
            .find(|p| lower.starts_with(*p));
        let of = ["supersedes ", "supercedes "]
            .iter()
            .find(|p| lower.starts_with(*p));
        if let Some(prefix) = by {
            match link_number(&text[prefix.len()..]) {
                Ok(n) if !superseded_by.contains(&n) => superseded_by.push(n),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        } else if let Some(prefix) = of {
            match link_number(&text[prefix.len()..]) {
                Ok(n) if !record.supersedes.contains(&n) => record.supersedes.push(n),
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        } else if text.contains("](") {
            // Another adr-tools link ("Amends [5. …](…)"): kept as text.
            more.push(unescape(text));
        } else if word.is_none() {
            match parse_status(text, number) {
                Ok(status) => word = Some(status),
                Err(e) => errors.push(e),
            }
        } else {
            errors.push(error(
                number,
                "expected one status word (Accepted, Proposed, …) and link lines only",
            ));
        }
    }
    record.status = if superseded_by.is_empty() {
        match word {
            Some(status) => status,
            None => {
                errors.push(error(
                    line,
                    "expected a status such as Accepted under `## Status`",
                ));
                Status::Proposed
            }
        }
    } else {
        Status::SupersededBy(superseded_by)
    };
}

fn read_consequences(
    section: &Section,
    record: &mut DecisionRecord,
    more: &mut Vec<String>,
    errors: &mut Vec<ImportError>,
) {
    let structured = all_arguments(section.blocks.iter(), false);
    if structured {
        let items = list_items(section.blocks_as_written(), errors, "Good, because …");
        let (good, _, bad) = arguments(items, false, errors);
        record.good_consequences = good;
        record.bad_consequences = bad;
    } else {
        // adr-tools' consequences are free prose; nothing here holds prose
        // of that kind, so it is kept whole where a reader will find it.
        more.push(format!(
            "Consequences:\n\n{}",
            unescape(&section.body.text())
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adr_tools_output_reads() {
        // As `adr new -s 1 -s 2 Third Record` leaves it (adr-tools' test
        // suite), with its spelling.
        let text = "# 3. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\nSupercedes [1. First Record](0001-first-record.md)\n\nSupercedes [2. Second Record](0002-second-record.md)\n\n## Context\n\nThe issue motivating this decision.\n\n## Decision\n\nThe change that we're proposing.\n\n## Consequences\n\nWhat becomes easier or more difficult.\n";
        let record = parse(text, None).unwrap();
        assert_eq!(record.number, 3);
        assert_eq!(record.title, "Third Record");
        assert_eq!(record.date, "1992-01-12");
        assert_eq!(record.status, Status::Accepted);
        assert_eq!(record.supersedes, vec![1, 2]);
        assert_eq!(record.justification, "The change that we're proposing.");
        assert_eq!(
            record.more_information,
            "Consequences:\n\nWhat becomes easier or more difficult."
        );

        let old = "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\nSuperceded by [3. Third Record](0003-third-record.md)\n";
        assert_eq!(
            parse(old, None).unwrap().status,
            Status::SupersededBy(vec![3])
        );
    }

    #[test]
    fn superseded_records_link_like_adr_tools() {
        let mut old = DecisionRecord::new(1, "First Record", "1992-01-12");
        old.status = Status::SupersededBy(vec![3]);
        let mut new = DecisionRecord::new(3, "Third Record", "1992-01-12");
        new.status = Status::Accepted;
        new.supersedes = vec![1];
        let all = vec![old.clone(), new.clone()];
        assert_eq!(
            to_markdown(&old, &all),
            "# 1. First Record\n\nDate: 1992-01-12\n\n## Status\n\nSuperseded by [3. Third Record](0003-third-record.md)\n\n## Context\n\nNo context was recorded.\n\n## Decision\n\nNo decision was recorded yet.\n\n## Consequences\n\nNo consequences were recorded.\n",
            "adr-tools' four sections are always there"
        );
        assert_eq!(
            to_markdown(&new, &all),
            "# 3. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\nSupersedes [1. First Record](0001-first-record.md)\n\n## Context\n\nNo context was recorded.\n\n## Decision\n\nNo decision was recorded yet.\n\n## Consequences\n\nNo consequences were recorded.\n"
        );
        assert_eq!(parse(&to_markdown(&old, &all), None), Ok(old));
    }

    #[test]
    fn the_title_line_is_written_as_typed() {
        let mut record = DecisionRecord::new(4, "Use A | B & <C> *now*", "2024-05-01");
        record.title.push_str("\nsecond line");
        let text = to_markdown(&record, &[]);
        assert!(text.starts_with("# 4. Use A | B & <C> *now* second line\n"), "{text}");
        assert_eq!(not_carried(&record), vec!["line breaks in the title"]);
        record.title = "Use A | B & <C> *now* second line".into();
        assert!(not_carried(&record).is_empty());
        assert_eq!(parse(&text, None), Ok(record));
    }

    #[test]
    fn errors_name_lines() {
        let errors = parse("# Title without number\n\n## Status\n\nMaybe\n", None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            errors,
            "line 1: expected the title line `# 7. Title`: a number, a dot and the title\n\
             line 1: expected a `Date: yyyy-mm-dd` line under the title\n\
             line 3: expected a status such as Accepted under `## Status`\n\
             line 5: expected a status of proposed, accepted, rejected, deprecated or \"superseded by ADR-0008\", got \"Maybe\""
        );
    }
}
