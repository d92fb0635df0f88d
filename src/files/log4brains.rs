//! The log4brains flavour of a MADR record, written for log4brains 1.1.0:
//! it reads the metadata from the bullet list under the title, the MADR 2
//! way (`* Status: accepted`, `* Deciders: Ana, Ben`, `* Date: 2024-05-01`;
//! `packages/core/src/adr/domain/Adr.ts`), not from MADR 4's front matter,
//! and without that list it shows every record as accepted, dated by git.
//!
//! A superseded record's status is `superseded by [0005-use-kafka](0005-use-kafka.md)`:
//! log4brains takes the successor's slug from the text after "superseded
//! by", so the link's text is the slug (the file name without `.md`), as
//! log4brains' own `supersede` command writes it. The records a record
//! supersedes go under `## Links` as `* Supersedes […](…)`, where
//! log4brains puts them. What log4brains has no key for (consulted,
//! informed, linked components) stays in the same list, which log4brains
//! shows as text; the sections are MADR 4's, evidence and guardrails
//! included. The record number is the file name's, as in log4brains. An
//! empty name in those lists cannot be written in a comma-separated line
//! and is left out ([`not_carried`] says so).
//!
//! Reading is `madr::parse`, which understands the bullet list.

use crate::adr::{file_name, DecisionRecord, Status};
use crate::files::madr::{comma_joined, sections};
use crate::files::markdown_text::escape_inline;

/// `[0005-use-kafka](0005-use-kafka.md)`: a link whose text is log4brains'
/// slug of the record. A record not in `all` is named by its number alone.
fn link(number: u32, all: &[DecisionRecord]) -> String {
    let name = all
        .iter()
        .find(|r| r.number == number)
        .map_or_else(|| format!("{number:04}.md"), |r| file_name(number, &r.title));
    let slug = name.strip_suffix(".md").unwrap_or(&name);
    format!("[{slug}]({name})")
}

/// What of `record` a log4brains file cannot give back, for the export's
/// message: empty unless a list of people or components holds an empty
/// name.
pub fn not_carried(record: &DecisionRecord) -> Vec<&'static str> {
    let empty = |names: &[String]| names.iter().any(String::is_empty);
    let components: Vec<String> = record.components.iter().map(ToString::to_string).collect();
    if [&record.decision_makers, &record.consulted, &record.informed, &components].iter().any(|l| empty(l)) {
        vec!["empty names among the deciders, consulted, informed or components"]
    } else {
        Vec::new()
    }
}

/// The record as log4brains reads it. `all` supplies the titles of the
/// records it links to, for the linked file names.
pub fn to_markdown(record: &DecisionRecord, all: &[DecisionRecord]) -> String {
    let mut out = format!("# {}\n\n", escape_inline(&record.title));
    let status = match &record.status {
        Status::SupersededBy(by) => {
            format!("superseded by {}", by.iter().map(|n| link(*n, all)).collect::<Vec<_>>().join(", "))
        }
        other => other.kind().label().to_owned(),
    };
    out.push_str(&format!("* Status: {status}\n"));
    let names = |out: &mut String, key: &str, names: &[String]| {
        if !names.is_empty() {
            out.push_str(&format!("* {key}: {}\n", comma_joined(names)));
        }
    };
    names(&mut out, "Deciders", &record.decision_makers);
    out.push_str(&format!("* Date: {}\n", escape_inline(&record.date)));
    names(&mut out, "Consulted", &record.consulted);
    names(&mut out, "Informed", &record.informed);
    let components: Vec<String> = record.components.iter().map(ToString::to_string).collect();
    names(&mut out, "Components", &components);
    out.push_str(&sections(record));
    if !record.supersedes.is_empty() {
        out.push_str("\n## Links\n\n");
        for number in &record.supersedes {
            out.push_str(&format!("* Supersedes {}\n", link(*number, all)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::madr;

    #[test]
    fn the_status_is_the_line_log4brains_reads() {
        let mut old = DecisionRecord::new(3, "Use MySQL", "2024-05-01");
        old.status = Status::SupersededBy(vec![5]);
        old.decision_makers = vec!["Ana Souza".into(), "Support, on-call".into()];
        let mut new = DecisionRecord::new(5, "Use Postgres | 16", "2024-06-01");
        new.status = Status::Accepted;
        new.supersedes = vec![3];
        let all = vec![old.clone(), new.clone()];
        let text = to_markdown(&old, &all);
        assert!(
            text.starts_with(
                "# Use MySQL\n\n* Status: superseded by [0005-use-postgres-16](0005-use-postgres-16.md)\n\
                 * Deciders: Ana Souza, Support\\, on-call\n* Date: 2024-05-01\n\n## "
            ),
            "{text}"
        );
        assert_eq!(madr::parse(&text, Some("0003-use-mysql.md"), None), Ok(old));
        let text = to_markdown(&new, &all);
        assert!(text.ends_with("\n## Links\n\n* Supersedes [0003-use-mysql](0003-use-mysql.md)\n"), "{text}");
        assert_eq!(madr::parse(&text, Some("0005-use-postgres-16.md"), None), Ok(new));
    }
}
