//! MADR 4 Markdown, both ways: the template of adr/madr
//! (`template/adr-template.md`) with YAML front matter (status, date,
//! decision-makers, consulted, informed), `# Title`, `## Context and
//! Problem Statement`, `## Decision Drivers`, `## Considered Options`,
//! `## Decision Outcome` (`Chosen option: "…", because …`, `###
//! Consequences`, `### Confirmation`), `## Pros and Cons of the Options` and
//! `## More Information`.
//!
//! What only Headroom has goes where MADR leaves room for it, so nothing is
//! lost on a round trip: the record number, linked components and the
//! records it supersedes as extra front matter keys (MADR's front matter is
//! open metadata), the evidence as `### Evidence` and the guardrails as
//! `### Guardrails` under More Information, one per line in a fixed form:
//! `` * `postgres` utilisation ≤ 70% at 10× ``.
//!
//! Empty fields leave their section out. Reading validates everything
//! before returning anything, and every error names its line. Files written
//! by hand are read as far as they make sense: other front matter keys
//! (Jekyll's `parent`, `nav_order`) are ignored, MADR 2/3's "Positive
//! Consequences" / "Negative Consequences" are understood, and text a record
//! has no field for (an unknown section, an option written in free form,
//! deeper headings) is kept — under More Information or in the option's
//! description — rather than dropped.

use std::collections::HashMap;

use crate::adr::{
    is_iso_date, number_label, validate_fields, Comparison, ConsideredOption, DecisionRecord,
    Guardrail, GuardrailMetric, MigrationTable, Status,
};
use crate::files::evidence;
use crate::files::front_matter::{
    error, record_numbers, scalar, scalar_list, FrontEntry, ImportError, ImportErrors,
};
use crate::files::markdown_text::{escape_block, escape_cell, escape_inline, unescape};
use crate::files::markdown_tree::{self, Block, Item, Section, Source};
use crate::model::ComponentId;

/// A YAML double-quoted string. JSON's quoting is valid YAML; `<`, `>` and
/// `&` are written as `\u003c` … so even a renderer that showed the front
/// matter as HTML could not be tricked.
fn quoted(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".to_owned())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn yaml_list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push_str(key);
    out.push_str(":\n");
    for item in items {
        out.push_str("  - ");
        out.push_str(&quoted(item));
        out.push('\n');
    }
}

fn bullets(out: &mut String, prefix: &str, items: &[String]) {
    for item in items {
        out.push_str("* ");
        out.push_str(prefix);
        out.push_str(&escape_inline(item));
        out.push('\n');
    }
}

/// `Chosen option: "…", because …` (or the parts that are present).
pub(crate) fn outcome_line(chosen: &str, justification: &str) -> String {
    // The option is quoted, so a quote inside it is the one place one
    // must be an entity: the importer reads up to the closing quote.
    let mut line = format!(
        "Chosen option: \"{}\"",
        escape_inline(chosen).replace('"', "&quot;")
    );
    if !justification.is_empty() {
        line.push_str(", because ");
        line.push_str(&escape_block(justification));
    }
    line
}

/// A guardrail as one Markdown line (without the bullet).
pub(crate) fn guardrail_text(guardrail: &Guardrail) -> String {
    format!(
        "`{}` {}",
        guardrail.component,
        escape_inline(&guardrail.condition_text())
    )
}

/// What an empty `## Considered Options` holds. MADR 4's template does not
/// make the section optional, so it is always written; the reader takes
/// this line (a paragraph, where options are list items) as no options.
pub const NO_OPTIONS: &str = "No options were recorded.";

/// What an empty `## Decision Outcome` holds, for the same reason; an
/// outcome that is written always starts `Chosen option:`, so this line
/// cannot be one.
pub const NO_OUTCOME: &str = "No outcome was recorded yet.";

/// The record as a MADR 4 file.
pub fn to_markdown(record: &DecisionRecord) -> String {
    let mut out = front_matter(record);
    out.push_str(&format!("# {}\n", escape_inline(&record.title)));
    out.push_str(&sections(record));
    out
}

/// The YAML front matter of a MADR 4 file, closing line and blank included.
fn front_matter(record: &DecisionRecord) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("number: {}\n", record.number));
    out.push_str(&format!("status: {}\n", quoted(&record.status.label())));
    if is_iso_date(&record.date) {
        out.push_str(&format!("date: {}\n", record.date));
    } else {
        out.push_str(&format!("date: {}\n", quoted(&record.date)));
    }
    yaml_list(&mut out, "decision-makers", &record.decision_makers);
    yaml_list(&mut out, "consulted", &record.consulted);
    yaml_list(&mut out, "informed", &record.informed);
    let components: Vec<String> = record.components.iter().map(ToString::to_string).collect();
    yaml_list(&mut out, "components", &components);
    let supersedes: Vec<String> = record.supersedes.iter().map(|n| number_label(*n)).collect();
    yaml_list(&mut out, "supersedes", &supersedes);
    out.push_str("---\n\n");
    out
}

/// Everything after the title line, from `## Context and Problem
/// Statement` on: shared by MADR 4 and the log4brains flavour, which
/// differ only in where the metadata goes.
pub(crate) fn sections(record: &DecisionRecord) -> String {
    let mut out = String::new();
    let paragraph = |out: &mut String, heading: &str, text: &str| {
        if !text.is_empty() {
            out.push_str(&format!("\n{heading}\n\n{}\n", escape_block(text)));
        }
    };
    paragraph(
        &mut out,
        "## Context and Problem Statement",
        &record.context_and_problem,
    );
    if !record.decision_drivers.is_empty() {
        out.push_str("\n## Decision Drivers\n\n");
        bullets(&mut out, "", &record.decision_drivers);
    }
    out.push_str("\n## Considered Options\n\n");
    if record.considered_options.is_empty() {
        out.push_str(NO_OPTIONS);
        out.push('\n');
    } else {
        let titles: Vec<String> = record
            .considered_options
            .iter()
            .map(|o| o.title.clone())
            .collect();
        bullets(&mut out, "", &titles);
    }
    let has_outcome = !record.chosen_option.is_empty() || !record.justification.is_empty();
    let has_consequences =
        !record.good_consequences.is_empty() || !record.bad_consequences.is_empty();
    {
        out.push_str("\n## Decision Outcome\n");
        if has_outcome {
            out.push_str(&format!(
                "\n{}\n",
                outcome_line(&record.chosen_option, &record.justification)
            ));
        } else {
            out.push_str(&format!("\n{NO_OUTCOME}\n"));
        }
        if has_consequences {
            out.push_str("\n### Consequences\n\n");
            bullets(&mut out, "Good, because ", &record.good_consequences);
            bullets(&mut out, "Bad, because ", &record.bad_consequences);
        }
        paragraph(&mut out, "### Confirmation", &record.confirmation);
    }
    if let Some(table) = &record.migration {
        out.push_str(&migration_markdown(table));
    }
    let detailed = |o: &ConsideredOption| {
        !o.description.is_empty()
            || !o.pros.is_empty()
            || !o.neutral.is_empty()
            || !o.cons.is_empty()
    };
    if record.considered_options.iter().any(detailed) {
        out.push_str("\n## Pros and Cons of the Options\n");
        for option in &record.considered_options {
            out.push_str(&format!("\n### {}\n", escape_inline(&option.title)));
            if !option.description.is_empty() {
                out.push_str(&format!("\n{}\n", escape_block(&option.description)));
            }
            if !option.pros.is_empty() || !option.neutral.is_empty() || !option.cons.is_empty() {
                out.push('\n');
                bullets(&mut out, "Good, because ", &option.pros);
                bullets(&mut out, "Neutral, because ", &option.neutral);
                bullets(&mut out, "Bad, because ", &option.cons);
            }
        }
    }
    more_information(&mut out, record, "More Information");
    out
}

/// The `## {heading}` section (MADR spells it "More Information", the
/// Nygard layout "More information"): free text, then `### Evidence` and
/// `### Guardrails`; left out when there is none of them.
pub(crate) fn more_information(out: &mut String, record: &DecisionRecord, heading: &str) {
    if record.more_information.is_empty() && record.evidence.is_none() && record.guardrails.is_empty() {
        return;
    }
    out.push_str(&format!("\n## {heading}\n"));
    if !record.more_information.is_empty() {
        out.push_str(&format!("\n{}\n", escape_block(&record.more_information)));
    }
    if let Some(evidence) = &record.evidence {
        out.push('\n');
        out.push_str(&evidence::to_markdown(evidence));
    }
    if !record.guardrails.is_empty() {
        out.push_str("\n### Guardrails\n\n");
        for guardrail in &record.guardrails {
            out.push_str(&format!("* {}\n", guardrail_text(guardrail)));
        }
    }
}

/// `## Migration`: the plan's summary, then its table.
pub(crate) fn migration_markdown(table: &MigrationTable) -> String {
    let mut out = String::from("\n## Migration\n");
    if !table.summary.is_empty() {
        out.push_str(&format!("\n{}\n", escape_block(&table.summary)));
    }
    let row = |cells: &[String]| {
        format!(
            "| {} |\n",
            cells
                .iter()
                .map(|c| escape_cell(c))
                .collect::<Vec<_>>()
                .join(" | ")
        )
    };
    if !table.headings.is_empty() {
        out.push('\n');
        out.push_str(&row(&table.headings));
        out.push_str(&"| --- ".repeat(table.headings.len()));
        out.push_str("|\n");
        for cells in &table.rows {
            out.push_str(&row(cells));
        }
    }
    out
}

/// A `## Migration` section back: the text before the table is the
/// summary; every row must have as many cells as the heading row.
pub(crate) fn read_migration(
    section: &Section,
    errors: &mut Vec<ImportError>,
) -> Option<MigrationTable> {
    let mut summary_end = usize::MAX;
    let mut table: Option<(Vec<String>, Vec<Vec<String>>)> = None;
    for (block, source) in section.blocks_as_written() {
        match (block, &table) {
            (Block::Table { line, rows }, None) => {
                summary_end = *line;
                let mut rows = rows.iter();
                let headings: Vec<String> = rows
                    .next()
                    .map(|r| r.cells.iter().map(|c| unescape(c)).collect())
                    .unwrap_or_default();
                let mut kept = Vec::new();
                for row in rows {
                    if row.written != headings.len() {
                        errors.push(error(
                            row.line,
                            format!(
                                "expected {} cells in the migration table, found {}",
                                headings.len(),
                                row.written
                            ),
                        ));
                    } else {
                        kept.push(row.cells.iter().map(|c| unescape(c)).collect());
                    }
                }
                table = Some((headings, kept));
            }
            // Rows under a separator CommonMark does not accept are not a
            // table: say what is missing rather than take them as summary.
            (Block::Paragraph { line, text }, None) if text.starts_with('|') => {
                summary_end = summary_end.min(*line);
                errors.push(error(
                    line + 1,
                    "expected `| --- |` under the migration table's headings",
                ));
            }
            (_, None) => {}
            (_, Some(_)) => {
                for (line, _) in source.lines().filter(|(_, l)| !l.trim().is_empty()) {
                    errors.push(error(
                        line,
                        "expected only the table after the migration's summary",
                    ));
                }
            }
        }
    }
    let summary = unescape(&section.body.between(0, summary_end).text());
    let (headings, rows) = table.unwrap_or_default();
    Some(MigrationTable {
        summary,
        headings,
        rows,
    })
}

/// Reads a status as MADR writes it: "accepted", "superseded by ADR-0008".
pub(crate) fn parse_status(text: &str, line: usize) -> Result<Status, ImportError> {
    let lower = text.trim().to_lowercase();
    Ok(match lower.as_str() {
        "proposed" => Status::Proposed,
        "accepted" => Status::Accepted,
        "rejected" => Status::Rejected,
        "deprecated" => Status::Deprecated,
        _ => {
            let rest = ["superseded by", "superceded by"]
                .iter()
                .find_map(|prefix| lower.strip_prefix(prefix))
                .ok_or_else(|| {
                    error(line, format!(
                        "expected a status of proposed, accepted, rejected, deprecated or \"superseded by ADR-0008\", got {:?}",
                        text.trim()
                    ))
                })?;
            Status::SupersededBy(record_numbers(&rest.to_uppercase(), line)?)
        }
    })
}

/// Reads `Chosen option: "…", because …` from a Decision Outcome body.
/// Text without that line is all justification (as in a hand-written
/// record).
pub(crate) fn parse_outcome(body: &Source, errors: &mut Vec<ImportError>) -> (String, String) {
    let mut lines = body.lines().skip_while(|(_, l)| l.trim().is_empty());
    let Some((number, first)) = lines.next() else {
        return (String::new(), String::new());
    };
    let Some(rest) = first.trim_start().strip_prefix("Chosen option: \"") else {
        return (String::new(), unescape(&body.text()));
    };
    let Some(close) = rest.find('"') else {
        errors.push(error(number, "expected the chosen option's closing `\"`"));
        return (String::new(), String::new());
    };
    let chosen = unescape(&rest[..close]);
    let after = &rest[close + 1..];
    let mut justification_lines: Vec<&str> = Vec::new();
    if let Some(because) = after.strip_prefix(", because") {
        justification_lines.push(because.strip_prefix(' ').unwrap_or(because));
    } else if !after.trim().is_empty() {
        errors.push(error(
            number,
            "expected `, because …` after the chosen option",
        ));
    }
    // Lines after the first continue the justification (hand-written
    // records wrap it; exported ones have it span lines when it does).
    justification_lines.extend(lines.map(|(_, l)| l));
    // By hand, "because" often ends its line and a list follows; exported
    // text never starts with a line break (it is written `&#10;`).
    let justification = justification_lines.join("\n");
    (
        chosen,
        unescape(justification.trim_start_matches('\n').trim_end()),
    )
}

/// Every item of the bullet lists among `blocks` (a section's, as
/// written), each as one text: its own lines joined by spaces (a
/// hand-wrapped bullet), then what is nested under it on lines of their
/// own. Any other block is refused line by line.
pub(crate) fn list_items<'a>(
    blocks: impl Iterator<Item = (&'a Block, Source)>,
    errors: &mut Vec<ImportError>,
    what: &str,
) -> Vec<(usize, String)> {
    let mut items = Vec::new();
    for (block, source) in blocks {
        match block {
            Block::List { items: found, .. } => {
                items.extend(found.iter().map(|item| (item.line, item_text(item))))
            }
            _ => {
                for (line, _) in source.lines().filter(|(_, l)| !l.trim().is_empty()) {
                    errors.push(error(line, format!("expected a list item (`* {what}`)")));
                }
            }
        }
    }
    items
}

/// An item's text as one field: see [`list_items`].
fn item_text(item: &Item) -> String {
    let own = item.text.replace('\n', " ");
    let details = item.details.text();
    if details.is_empty() {
        own
    } else {
        format!("{own}\n{details}")
    }
}

/// Splits "Good, because …" items into goods and bads (and neutrals where
/// they are allowed).
pub(crate) fn arguments(
    items: Vec<(usize, String)>,
    allow_neutral: bool,
    errors: &mut Vec<ImportError>,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let (mut good, mut neutral, mut bad) = (Vec::new(), Vec::new(), Vec::new());
    for (line, item) in items {
        let take = |prefix: &str| -> Option<String> {
            let head = item.get(..prefix.len())?;
            if head.eq_ignore_ascii_case(prefix) {
                let rest = &item[prefix.len()..];
                if rest.is_empty() || rest.starts_with(' ') {
                    return Some(unescape(rest.trim_start()));
                }
            }
            None
        };
        if let Some(text) = take("Good, because") {
            good.push(text);
        } else if let Some(text) = take("Bad, because") {
            bad.push(text);
        } else if let (true, Some(text)) = (allow_neutral, take("Neutral, because")) {
            neutral.push(text);
        } else {
            let expected = if allow_neutral {
                "`* Good, because …`, `* Neutral, because …` or `* Bad, because …`"
            } else {
                "`* Good, because …` or `* Bad, because …`"
            };
            errors.push(error(line, format!("expected {expected}")));
        }
    }
    (good, neutral, bad)
}

/// Where each field was read, to put a line on validation errors.
#[derive(Default)]
struct FieldLines(HashMap<String, usize>);

impl FieldLines {
    fn set(&mut self, field: &str, line: usize) {
        self.0.insert(field.to_owned(), line);
    }
    /// The line of `guardrails[0].threshold`, else of `guardrails[0]`,
    /// else of `guardrails`; line 1 when the field was never read.
    fn of(&self, field: &str) -> usize {
        let item = field.split('.').next().unwrap_or(field);
        let list = item.split('[').next().unwrap_or(item);
        [field, item, list]
            .iter()
            .find_map(|f| self.0.get(*f))
            .copied()
            .unwrap_or(1)
    }
}

/// The number in a file name like `0007-add-read-replicas.md`.
pub fn number_from_file_name(file_name: &str) -> Option<u32> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let digits = &base[..base
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(base.len())];
    digits.parse().ok()
}

/// Reads a MADR file. The number comes from the front matter's `number`,
/// or else from the file name (`0007-….md`); when neither has one it is 0,
/// meaning "not numbered yet": give it `adr::next_number` before adding it.
/// MADR makes the date optional: a file without one gets
/// `date_if_missing` (today, from the caller's clock), or is refused when
/// that is `None`.
pub fn parse(
    text: &str,
    file_name: Option<&str>,
    date_if_missing: Option<&str>,
) -> Result<DecisionRecord, ImportErrors> {
    let mut errors = Vec::new();
    let mut at = FieldLines::default();
    let mut record = DecisionRecord::new(0, "", "");
    let mut number = file_name.and_then(number_from_file_name);
    let mut header = Header::default();

    let (entries, after_front) = crate::files::front_matter::read(text, &mut errors);
    read_front_matter(
        &entries,
        &mut record,
        &mut number,
        &mut header,
        &mut at,
        &mut errors,
    );
    record.number = number.unwrap_or(0);

    let tree = markdown_tree::read(text, after_front);
    if let Some(block) = tree.preamble.first() {
        errors.push(error(
            block.line(),
            "expected the title (`# Title`) before any text",
        ));
    }
    read_sections(&tree.sections, &mut header, &mut record, &mut at, &mut errors);
    if !header.date_seen {
        match date_if_missing {
            Some(date) => record.date = date.to_owned(),
            None => errors.push(error(1, "expected `date: yyyy-mm-dd` in the front matter (or `* Date: yyyy-mm-dd` under the title)")),
        }
    }

    if errors.is_empty() {
        for problem in validate_fields(&record) {
            if problem.field == "number" && record.number == 0 {
                continue;
            }
            errors.push(error(
                at.of(&problem.field),
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

fn read_front_matter(
    entries: &[FrontEntry],
    record: &mut DecisionRecord,
    number: &mut Option<u32>,
    header: &mut Header,
    at: &mut FieldLines,
    errors: &mut Vec<ImportError>,
) {
    let seen = &mut header.seen;
    for entry in entries {
        let key = entry.key.to_lowercase();
        let key = match key.as_str() {
            "deciders" => "decision-makers".to_owned(),
            _ => key,
        };
        if seen.contains(&key) {
            errors.push(error(entry.line, format!("`{}` is given twice", entry.key)));
            continue;
        }
        let names = |errors: &mut Vec<ImportError>| -> Vec<String> {
            match scalar_list(entry) {
                Ok(items) => items.into_iter().map(|(_, item)| item).collect(),
                Err(e) => {
                    errors.push(e);
                    Vec::new()
                }
            }
        };
        let single = |errors: &mut Vec<ImportError>| -> Option<String> {
            if !entry.items.is_empty() {
                errors.push(error(
                    entry.line,
                    format!("`{}` takes one value, not a list", entry.key),
                ));
                return None;
            }
            scalar(&entry.value, entry.line)
                .map_err(|e| errors.push(e))
                .ok()
        };
        match key.as_str() {
            "number" => {
                at.set("number", entry.line);
                if let Some(text) = single(errors) {
                    match text.trim_start_matches("ADR-").parse::<u32>() {
                        Ok(n) => *number = Some(n),
                        Err(_) => errors.push(error(
                            entry.line,
                            format!("expected a record number such as 7, got {text:?}"),
                        )),
                    }
                }
            }
            "status" => {
                at.set("status", entry.line);
                if let Some(text) = single(errors) {
                    match parse_status(&text, entry.line) {
                        Ok(status) => record.status = status,
                        Err(e) => errors.push(e),
                    }
                }
            }
            "date" => {
                at.set("date", entry.line);
                header.date_seen = true;
                if let Some(text) = single(errors) {
                    if is_iso_date(&text) {
                        record.date = text;
                    } else {
                        errors.push(error(
                            entry.line,
                            format!("expected a date written yyyy-mm-dd, got {text:?}"),
                        ));
                    }
                }
            }
            "decision-makers" => record.decision_makers = names(errors),
            "consulted" => record.consulted = names(errors),
            "informed" => record.informed = names(errors),
            "components" => {
                at.set("components", entry.line);
                record.components = names(errors).into_iter().map(ComponentId::from).collect();
            }
            "supersedes" => {
                at.set("supersedes", entry.line);
                for name in names(errors) {
                    match record_numbers(&name, entry.line) {
                        Ok(numbers) => record.supersedes.extend(numbers),
                        Err(e) => errors.push(e),
                    }
                }
            }
            // Other metadata (Jekyll's `parent` and `nav_order`, log4brains'
            // `tags`) means nothing to Headroom and is left out.
            _ => continue,
        }
        seen.push(key);
    }
}

/// Which level-2 section the reader is in, for the level-3 headings.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Within {
    Nothing,
    Outcome,
    ProsAndCons,
    MoreInformation,
    /// A section whose subsections are kept as text.
    Other,
}

/// What the front matter or the header list already gave, so a field is
/// not given twice, and whether a date was among it.
#[derive(Default)]
struct Header {
    seen: Vec<String>,
    date_seen: bool,
}

/// The keys of MADR 2's and log4brains' list under the title (`* Status:
/// accepted`), as front matter names them.
fn header_key(key: &str) -> Option<&'static str> {
    Some(match key.trim().to_lowercase().as_str() {
        "status" => "status",
        "date" => "date",
        "deciders" | "decision-makers" | "decision makers" => "decision-makers",
        "consulted" => "consulted",
        "informed" => "informed",
        "components" => "components",
        // log4brains' tags mean nothing to Headroom.
        "tags" => "tags",
        _ => return None,
    })
}

/// Whether a list right under the title is MADR 2's metadata rather than
/// text: one of its items is a status, deciders or date line.
fn is_header_list(items: &[Item]) -> bool {
    items.iter().any(|item| {
        item.text
            .split_once(':')
            .and_then(|(key, _)| header_key(key))
            .is_some_and(|key| ["status", "date", "decision-makers"].contains(&key))
    })
}

/// Splits a header line's names at the commas that are not escaped
/// (`Support\, on-call` is one name), unescaping each.
pub(crate) fn comma_list(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                current.push(ch);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' => names.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    names.push(current);
    // An empty name says nothing and has no way to be written in a line.
    names.into_iter().map(|n| unescape(n.trim())).filter(|n| !n.is_empty()).collect()
}

/// Names for a header line: escaped, with their own commas escaped so the
/// list splits where it was joined.
pub(crate) fn comma_joined(names: &[String]) -> String {
    names.iter().map(|n| escape_inline(n).replace(',', "\\,")).collect::<Vec<_>>().join(", ")
}

fn read_header_list(
    items: &[Item],
    header: &mut Header,
    record: &mut DecisionRecord,
    at: &mut FieldLines,
    errors: &mut Vec<ImportError>,
) {
    for item in items {
        let text = item.text.replace('\n', " ");
        let Some((key, value)) = text.split_once(':').and_then(|(k, v)| header_key(k).map(|key| (key, v.trim()))) else {
            errors.push(error(item.line, "expected `* Status: …`, `* Deciders: …` or `* Date: yyyy-mm-dd` in the list under the title"));
            continue;
        };
        if header.seen.iter().any(|k| k == key) {
            errors.push(error(item.line, format!("`{key}` is given twice")));
            continue;
        }
        header.seen.push(key.to_owned());
        match key {
            "status" => {
                at.set("status", item.line);
                match parse_status(&unescape(value), item.line) {
                    Ok(status) => record.status = status,
                    Err(e) => errors.push(e),
                }
            }
            "date" => {
                at.set("date", item.line);
                header.date_seen = true;
                let date = unescape(value);
                if is_iso_date(&date) {
                    record.date = date;
                } else {
                    errors.push(error(item.line, format!("expected a date written yyyy-mm-dd, got {date:?}")));
                }
            }
            "decision-makers" => record.decision_makers = comma_list(value),
            "consulted" => record.consulted = comma_list(value),
            "informed" => record.informed = comma_list(value),
            "components" => {
                at.set("components", item.line);
                record.components = comma_list(value).into_iter().map(ComponentId::from).collect();
            }
            _ => {}
        }
    }
}

/// MADR 2's and log4brains' `## Links`: `* Supersedes [0001-use-x](0001-use-x.md)`
/// items become the records superseded; every other item is returned, as
/// written, to be kept as text.
fn read_links(section: &Section, record: &mut DecisionRecord, at: &mut FieldLines, errors: &mut Vec<ImportError>) -> Vec<String> {
    let mut kept = Vec::new();
    for (block, source) in section.blocks_as_written() {
        let Block::List { items, .. } = block else {
            let text = unescape(&source.text());
            if !text.is_empty() {
                kept.push(text);
            }
            continue;
        };
        for item in items {
            let text = item.text.replace('\n', " ");
            let rest = ["supersedes ", "supercedes "]
                .iter()
                .find_map(|p| text.get(..p.len()).filter(|h| h.eq_ignore_ascii_case(p)).and_then(|_| text.get(p.len()..)));
            match rest {
                Some(rest) => {
                    at.set("supersedes", item.line);
                    match link_number(rest) {
                        Some(n) if !record.supersedes.contains(&n) => record.supersedes.push(n),
                        Some(_) => {}
                        None => errors.push(error(item.line, "expected a link such as `Supersedes [0001-use-postgres](0001-use-postgres.md)`")),
                    }
                }
                None => kept.push(format!("* {}", unescape(&text))),
            }
        }
    }
    kept
}

/// The record a Markdown link names: the number of the file it points to
/// (`(0005-use-kafka.md)`), else the one in its text (`[ADR-0005]`,
/// `[5. Use Kafka]`).
pub(crate) fn link_number(link: &str) -> Option<u32> {
    let link = link.trim();
    let target = link.rfind("](").and_then(|at| link.get(at + 2..)).map(|t| t.trim_end_matches(')'));
    target
        .and_then(number_from_file_name)
        .or_else(|| record_numbers(&link.to_uppercase(), 0).ok().and_then(|n| n.first().copied()))
}

/// A heading and its text, for what a record has no field of its own for:
/// kept under More Information rather than dropped.
fn folded(name: &str, body: &Source) -> String {
    let text = unescape(&body.text());
    if text.is_empty() {
        format!("{name}:")
    } else {
        format!("{name}:\n\n{text}")
    }
}

/// Whether every block is a bullet list whose items all read "Good,
/// because …" (or Bad, or Neutral where allowed), the form a structured
/// record has.
pub(crate) fn all_arguments<'a>(
    mut blocks: impl Iterator<Item = &'a Block>,
    allow_neutral: bool,
) -> bool {
    let mut prefixes = vec!["good, because", "bad, because"];
    if allow_neutral {
        prefixes.push("neutral, because");
    }
    blocks.all(|block| match block {
        Block::List { items, .. } => items.iter().all(|item| {
            let lower = item.text.to_lowercase();
            prefixes.iter().any(|p| lower.starts_with(p))
        }),
        _ => false,
    })
}

fn read_sections(
    found: &[Section],
    header: &mut Header,
    record: &mut DecisionRecord,
    at: &mut FieldLines,
    errors: &mut Vec<ImportError>,
) {
    let mut within = Within::Nothing;
    let mut title_seen = false;
    let mut listed_options: Vec<ConsideredOption> = Vec::new();
    let mut detailed_options: Vec<ConsideredOption> = Vec::new();
    let mut seen_sections: Vec<String> = Vec::new();
    let mut more_information = String::new();
    // Text of sections a record has no field for (MADR 2's "## Links",
    // a "#### Examples" under an option, free-form consequences), kept
    // under More Information.
    let mut extra: Vec<String> = Vec::new();
    for section in found {
        let name = unescape(&section.title);
        let key = name.to_lowercase();
        if section.level <= 2 {
            if seen_sections.contains(&format!("{}{key}", section.level)) {
                errors.push(error(
                    section.line,
                    format!("the section `{name}` appears twice"),
                ));
                continue;
            }
            seen_sections.push(format!("{}{key}", section.level));
        }
        match section.level {
            1 => {
                if title_seen {
                    errors.push(error(section.line, "expected one title (`# …`) only"));
                    continue;
                }
                title_seen = true;
                at.set("title", section.line);
                record.title = name;
                let mut blocks = section.blocks_as_written().peekable();
                if let Some((Block::List { items, .. }, _)) = blocks.peek() {
                    if is_header_list(items) {
                        read_header_list(items, header, record, at, errors);
                        blocks.next();
                    }
                }
                // MADR 2's "Technical Story: …" and other text under the
                // title has no field: kept, like an unknown section.
                let rest: Vec<String> = blocks.map(|(_, source)| unescape(&source.text())).filter(|t| !t.is_empty()).collect();
                if !rest.is_empty() {
                    extra.push(rest.join("\n\n"));
                }
            }
            2 => {
                if !title_seen {
                    errors.push(error(
                        section.line,
                        "expected the title (`# Title`) before the first section",
                    ));
                }
                within = Within::Other;
                match key.as_str() {
                    "context and problem statement" => {
                        record.context_and_problem = unescape(&section.body.text())
                    }
                    "decision drivers" => {
                        record.decision_drivers =
                            list_items(section.blocks_as_written(), errors, "driver")
                                .into_iter()
                                .map(|(_, item)| unescape(&item))
                                .collect();
                    }
                    "considered options" if section.body.text().trim() == NO_OPTIONS => {}
                    "considered options" => {
                        listed_options =
                            list_items(section.blocks_as_written(), errors, "option title")
                                .into_iter()
                                .map(|(_, item)| ConsideredOption::new(unescape(&item)))
                                .collect();
                    }
                    "decision outcome" if section.body.text().trim() == NO_OUTCOME => {
                        within = Within::Outcome;
                    }
                    "decision outcome" => {
                        within = Within::Outcome;
                        let (chosen, justification) = parse_outcome(&section.body, errors);
                        record.chosen_option = chosen;
                        record.justification = justification;
                    }
                    "pros and cons of the options" => {
                        within = Within::ProsAndCons;
                        if !section.body.is_blank() {
                            extra.push(folded(&name, &section.body));
                        }
                    }
                    "migration" => record.migration = read_migration(section, errors),
                    // MADR 3 called the confirmation "Validation".
                    "validation" => record.confirmation = unescape(&section.body.text()),
                    "links" => {
                        let kept = read_links(section, record, at, errors);
                        if !kept.is_empty() {
                            extra.push(format!("{name}:\n\n{}", kept.join("\n")));
                        }
                    }
                    "more information" => {
                        within = Within::MoreInformation;
                        more_information = unescape(&section.body.text());
                    }
                    _ => extra.push(folded(&name, &section.body)),
                }
            }
            _ => match (within, key.as_str()) {
                (Within::Outcome, "consequences")
                    if all_arguments(section.blocks.iter(), false) =>
                {
                    let items = list_items(section.blocks_as_written(), errors, "Good, because …");
                    let (good, _, bad) = arguments(items, false, errors);
                    record.good_consequences = good;
                    record.bad_consequences = bad;
                }
                // MADR 2 and 3 split consequences under two headings.
                (Within::Outcome, "positive consequences") => {
                    record.good_consequences =
                        list_items(section.blocks_as_written(), errors, "consequence")
                            .into_iter()
                            .map(|(_, item)| unescape(&item))
                            .collect();
                }
                (Within::Outcome, "negative consequences") => {
                    record.bad_consequences =
                        list_items(section.blocks_as_written(), errors, "consequence")
                            .into_iter()
                            .map(|(_, item)| unescape(&item))
                            .collect();
                }
                (Within::Outcome, "confirmation") => {
                    record.confirmation = unescape(&section.body.text())
                }
                (Within::ProsAndCons, _) => {
                    detailed_options.push(read_option(name, section, errors))
                }
                (Within::MoreInformation, "evidence") => {
                    record.evidence = evidence::read(section, errors);
                }
                (Within::MoreInformation, "guardrails") => {
                    for (line, item) in list_items(
                        section.blocks_as_written(),
                        errors,
                        "`component` utilisation ≤ 70% at 10×",
                    ) {
                        at.set(&format!("guardrails[{}]", record.guardrails.len()), line);
                        match parse_guardrail(&item, line) {
                            Ok(guardrail) => record.guardrails.push(guardrail),
                            Err(e) => errors.push(e),
                        }
                    }
                }
                (Within::Nothing, _) => {
                    errors.push(error(
                        section.line,
                        "expected the title (`# Title`) before any subsection",
                    ));
                }
                _ => extra.push(folded(&name, &section.body)),
            },
        }
    }
    if !title_seen {
        errors.push(error(
            found.first().map_or(1, |s| s.line),
            "expected a title line `# Title`",
        ));
    }
    if !more_information.is_empty() {
        extra.insert(0, more_information);
    }
    record.more_information = extra.join("\n\n");
    // Details under Pros and Cons belong to the listed option of the same
    // title, taken in order; an option detailed but not listed is kept too.
    let mut used = vec![false; listed_options.len()];
    for detailed in detailed_options {
        match listed_options
            .iter()
            .enumerate()
            .position(|(i, o)| !used[i] && o.title == detailed.title)
        {
            Some(i) => {
                used[i] = true;
                listed_options[i] = detailed;
            }
            None => {
                used.push(true);
                listed_options.push(detailed);
            }
        }
    }
    record.considered_options = listed_options;
}

/// An option under Pros and Cons: a description, then "Good, because …"
/// items. An option written another way (its own subheadings, arguments
/// in free form) keeps all its text as the description.
pub(crate) fn read_option(
    title: String,
    section: &Section,
    errors: &mut Vec<ImportError>,
) -> ConsideredOption {
    let first_list = section
        .blocks
        .iter()
        .position(|b| matches!(b, Block::List { .. }))
        .unwrap_or(section.blocks.len());
    if !all_arguments(section.blocks.iter().skip(first_list), true) {
        return ConsideredOption {
            description: unescape(&section.body.text()),
            ..ConsideredOption::new(title)
        };
    }
    let list_line = section
        .blocks
        .get(first_list)
        .map_or(usize::MAX, Block::line);
    let description = unescape(&section.body.between(0, list_line).text());
    let items = list_items(
        section.blocks_as_written().skip(first_list),
        errors,
        "Good, because …",
    );
    let (pros, neutral, cons) = arguments(items, true, errors);
    ConsideredOption {
        title,
        description,
        pros,
        neutral,
        cons,
    }
}

/// Reads a number written by [`Guardrail::threshold_text`] or by hand.
fn number(text: &str, line: usize, what: &str) -> Result<f64, ImportError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| error(line, format!("expected {what}, got {:?}", text.trim())))
}

/// "`postgres` utilisation ≤ 70% at 10×".
pub(crate) fn parse_guardrail(item: &str, line: usize) -> Result<Guardrail, ImportError> {
    let expected = "expected a guardrail such as `` `postgres` utilisation ≤ 70% at 10× ``";
    let rest = item
        .strip_prefix('`')
        .ok_or_else(|| error(line, expected))?;
    let close = rest.find('`').ok_or_else(|| error(line, expected))?;
    let component = ComponentId::new(&rest[..close]);
    let condition = unescape(rest[close + 1..].trim());
    let (metric, rest) = GuardrailMetric::ALL
        .iter()
        .find_map(|m| condition.strip_prefix(m.label()).map(|rest| (*m, rest)))
        .ok_or_else(|| {
            error(line, "expected utilisation, response time, headroom, p95 latency or p99 latency after the component")
        })?;
    let rest = rest.trim_start();
    let (comparison, rest) = [
        ("≤", Comparison::AtMost),
        ("<=", Comparison::AtMost),
        ("≥", Comparison::AtLeast),
        (">=", Comparison::AtLeast),
    ]
    .iter()
    .find_map(|(symbol, c)| rest.strip_prefix(symbol).map(|rest| (*c, rest)))
    .ok_or_else(|| error(line, "expected ≤ or ≥ after the metric"))?;
    let (threshold, growth) = rest
        .rsplit_once(" at ")
        .ok_or_else(|| error(line, "expected ` at 10×` after the threshold"))?;
    let growth = growth.trim();
    let growth = growth
        .strip_suffix('×')
        .or_else(|| growth.strip_suffix(['x', 'X']))
        .unwrap_or(growth);
    let at_growth = number(growth, line, "a growth such as 10×")?;
    let threshold = threshold.trim();
    let threshold = match metric {
        GuardrailMetric::Utilisation => match threshold.strip_suffix('%') {
            Some(percent) => number(percent, line, "a utilisation such as 70%")? / 100.0,
            None => number(threshold, line, "a utilisation such as 70%")?,
        },
        GuardrailMetric::ResponseTime
        | GuardrailMetric::P95Latency
        | GuardrailMetric::P99Latency => {
            if let Some(ms) = threshold.strip_suffix("ms") {
                number(ms, line, "a response time such as 250 ms")? / 1000.0
            } else if let Some(s) = threshold.strip_suffix('s') {
                number(s, line, "a response time such as 250 ms")?
            } else {
                return Err(error(
                    line,
                    "expected a response time in ms or s, such as 250 ms",
                ));
            }
        }
        GuardrailMetric::Headroom => {
            let value = threshold
                .strip_suffix('×')
                .or_else(|| threshold.strip_suffix(['x', 'X']))
                .unwrap_or(threshold);
            number(value, line, "a headroom such as 2×")?
        }
    };
    Ok(Guardrail {
        component,
        metric,
        comparison,
        threshold,
        at_growth,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_record_reads_back() {
        let record = DecisionRecord::new(3, "Use <b>Postgres</b>", "2024-05-01");
        let text = to_markdown(&record);
        assert_eq!(
            text,
            "---\nnumber: 3\nstatus: \"proposed\"\ndate: 2024-05-01\n---\n\n# Use &lt;b&gt;Postgres&lt;/b&gt;\n\n\
             ## Considered Options\n\nNo options were recorded.\n\n## Decision Outcome\n\nNo outcome was recorded yet.\n",
            "MADR 4's template has no optional Considered Options or Decision Outcome"
        );
        assert_eq!(parse(&text, None, None), Ok(record));
    }

    #[test]
    fn madr_2_metadata_under_the_title_reads() {
        // MADR 2.1.2's template, filled in.
        let text = "# Use Postgres\n\n* Status: superseded by [ADR-0005](0005-use-kafka.md)\n\
                    * Deciders: Ana Souza, Ben\n* Date: 2024-05-01\n\nTechnical Story: #42\n\n\
                    ## Context and Problem Statement\n\nWe need a database.\n\n## Links\n\n\
                    * Supersedes [ADR-0001](0001-use-mysql.md)\n* Refined by [ADR-0007](0007-x.md)\n";
        let record = parse(text, Some("0003-use-postgres.md"), None).unwrap();
        assert_eq!(record.number, 3);
        assert_eq!(record.status, Status::SupersededBy(vec![5]));
        assert_eq!(record.decision_makers, vec!["Ana Souza", "Ben"]);
        assert_eq!(record.date, "2024-05-01");
        assert_eq!(record.supersedes, vec![1]);
        assert_eq!(record.more_information, "Technical Story: #42\n\nLinks:\n\n* Refined by [ADR-0007](0007-x.md)");
        assert_eq!(
            parse("# T\n\n* Status: accepted\n* Date: 2024-13-01\n* Status: proposed\n", None, None)
                .unwrap_err()
                .to_string(),
            "line 4: expected a date written yyyy-mm-dd, got \"2024-13-01\"\nline 5: `status` is given twice"
        );
    }

    #[test]
    fn madr_3_validation_is_the_confirmation() {
        let text = "---\nstatus: accepted\ndate: 2023-01-01\ndeciders: [Ana]\n---\n# T\n\n## Validation\n\nA review.\n";
        let record = parse(text, Some("0002-t.md"), None).unwrap();
        assert_eq!((record.confirmation.as_str(), record.decision_makers.clone()), ("A review.", vec!["Ana".to_owned()]));
    }

    #[test]
    fn names_with_commas_survive_a_header_line() {
        let names = vec!["Support, on-call".to_owned(), "a\\".to_owned(), "Ben".to_owned()];
        assert_eq!(comma_list(&comma_joined(&names)), names);
    }

    #[test]
    fn guardrails_read_in_their_fixed_form() {
        let g = parse_guardrail("`db-primary` utilisation ≤ 70% at 10×", 1).unwrap();
        assert_eq!(g.component.as_str(), "db-primary");
        assert_eq!(
            (g.metric, g.comparison, g.threshold, g.at_growth),
            (GuardrailMetric::Utilisation, Comparison::AtMost, 0.7, 10.0)
        );
        let g = parse_guardrail("`web` response time <= 250 ms at 3x", 1).unwrap();
        assert_eq!(
            (g.metric, g.threshold, g.at_growth),
            (GuardrailMetric::ResponseTime, 0.25, 3.0)
        );
        let g = parse_guardrail("`web` headroom ≥ 2× at 1.5×", 1).unwrap();
        assert_eq!(
            (g.comparison, g.threshold, g.at_growth),
            (Comparison::AtLeast, 2.0, 1.5)
        );
        assert_eq!(
            parse_guardrail("web utilisation", 9)
                .unwrap_err()
                .to_string(),
            "line 9: expected a guardrail such as `` `postgres` utilisation ≤ 70% at 10× ``"
        );
    }

    #[test]
    fn file_names_give_numbers() {
        assert_eq!(
            number_from_file_name("docs/decisions/0007-add-read-replicas.md"),
            Some(7)
        );
        assert_eq!(number_from_file_name("README.md"), None);
    }
}
