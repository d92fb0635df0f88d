//! The YAML front matter of a MADR file (`---` … `---` at the top), read
//! by a small line reader because it is not Markdown: raw `key: value`
//! entries with their `- item` lines, YAML scalars and lists as exporters
//! and people write them, record numbers ("ADR-0008") in a status or link,
//! and the error every ADR reader reports with: a problem at a line of the
//! whole file. What follows the front matter is Markdown, read by
//! `markdown_tree`.
//!
//! Every function here takes arbitrary text and never panics: slicing is
//! done only at positions found by searching the same string.

use std::fmt;

/// One problem with an imported file, at a line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Every problem found in an imported file, in line order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportErrors(pub Vec<ImportError>);

impl fmt::Display for ImportErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportErrors {}

pub(crate) fn error(line: usize, message: impl Into<String>) -> ImportError {
    ImportError {
        line,
        message: message.into(),
    }
}

/// The file's lines, numbered from 1, each without its line ending. HTML
/// comments (MADR's template is full of them) are removed; an exported
/// file never contains one, because user text has `<` escaped.
fn lines(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut in_comment = false;
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let mut kept = String::new();
        let mut rest = raw;
        loop {
            if in_comment {
                match rest.find("-->") {
                    Some(end) => {
                        rest = &rest[end + 3..];
                        in_comment = false;
                    }
                    None => break,
                }
            } else {
                match rest.find("<!--") {
                    Some(start) => {
                        kept.push_str(&rest[..start]);
                        rest = &rest[start + 4..];
                        in_comment = true;
                    }
                    None => {
                        kept.push_str(rest);
                        break;
                    }
                }
            }
        }
        out.push((i + 1, kept));
    }
    out
}

/// One `key: value` of the front matter, with the `- item` lines under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FrontEntry {
    pub line: usize,
    pub key: String,
    /// What follows the colon, trimmed (may be empty).
    pub value: String,
    /// `- item` lines under the key: (line, item text trimmed).
    pub items: Vec<(usize, String)>,
}

/// Splits off a YAML front matter block (`---` … `---` on the first line
/// that is not blank; HTML comments count as blank, as MADR's template puts
/// them anywhere) into entries. Returns the entries and the byte offset in
/// `text` where the Markdown after the block begins (0 without a block,
/// the end of the text when the block is never closed).
pub(crate) fn read(text: &str, errors: &mut Vec<ImportError>) -> (Vec<FrontEntry>, usize) {
    let lines = lines(text);
    let blank = |l: &(usize, String)| l.1.trim().is_empty();
    let Some(first) = lines.iter().position(|l| !blank(l)) else {
        return (Vec::new(), 0);
    };
    if lines[first].1.trim_end() != "---" {
        return (Vec::new(), 0);
    }
    let Some(close) = lines[first + 1..]
        .iter()
        .position(|l| l.1.trim_end() == "---")
    else {
        errors.push(error(
            lines[first].0,
            "the front matter opened here is never closed by a `---` line",
        ));
        return (Vec::new(), text.len());
    };
    let close = first + 1 + close;
    let mut entries: Vec<FrontEntry> = Vec::new();
    for (number, text) in &lines[first + 1..close] {
        let (number, text) = (*number, text.as_str());
        let trimmed = text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) =
            trimmed
                .strip_prefix("- ")
                .or(if trimmed == "-" { Some("") } else { None })
        {
            match entries.last_mut() {
                Some(entry) if text.starts_with([' ', '\t', '-']) => {
                    entry.items.push((number, item.trim().to_owned()))
                }
                _ => errors.push(error(number, "expected `key: value` before this list item")),
            }
            continue;
        }
        match text.find(':') {
            Some(colon) if !text.starts_with([' ', '\t']) => entries.push(FrontEntry {
                line: number,
                key: text[..colon].trim().to_owned(),
                value: text[colon + 1..].trim().to_owned(),
                items: Vec::new(),
            }),
            _ => errors.push(error(number, "expected `key: value` in the front matter")),
        }
    }
    // The Markdown starts on the line after the closing `---`: its offset
    // is that of the line's start in the text as given.
    let after = text
        .match_indices('\n')
        .nth(close)
        .map_or(text.len(), |(i, _)| i + 1);
    (entries, after)
}

/// A YAML scalar as written by the exporters (a JSON-style double-quoted
/// string) or by hand (single-quoted or plain, with an optional trailing
/// `# comment`).
pub(crate) fn scalar(value: &str, line: usize) -> Result<String, ImportError> {
    if value.starts_with('"') {
        serde_json::from_str::<String>(value).map_err(|e| {
            error(
                line,
                format!("this quoted value does not read as a string ({e})"),
            )
        })
    } else if let Some(inner) = value.strip_prefix('\'') {
        match inner.strip_suffix('\'') {
            Some(body) => Ok(body.replace("''", "'")),
            None => Err(error(line, "this quoted value has no closing `'`")),
        }
    } else {
        let plain = match value.find(" #") {
            Some(comment) => &value[..comment],
            None => value,
        };
        Ok(plain.trim().to_owned())
    }
}

/// A YAML list: `- item` lines, a flow list `[a, "b"]`, or a plain
/// comma-separated value as people write in MADR's template.
pub(crate) fn scalar_list(entry: &FrontEntry) -> Result<Vec<(usize, String)>, ImportError> {
    if !entry.items.is_empty() {
        if !entry.value.is_empty() {
            return Err(error(
                entry.line,
                format!("`{}` has both a value and list items", entry.key),
            ));
        }
        return entry
            .items
            .iter()
            .map(|(line, item)| Ok((*line, scalar(item, *line)?)))
            .collect();
    }
    let value = entry.value.as_str();
    let body = match value.strip_prefix('[') {
        Some(inner) => inner
            .strip_suffix(']')
            .ok_or_else(|| error(entry.line, "this list has no closing `]`"))?,
        None if value.starts_with('"') || value.starts_with('\'') => {
            return Ok(vec![(entry.line, scalar(value, entry.line)?)]);
        }
        None => value,
    };
    let mut items = Vec::new();
    for part in split_outside_quotes(body) {
        let part = part.trim();
        if !part.is_empty() {
            items.push((entry.line, scalar(part, entry.line)?));
        }
    }
    Ok(items)
}

/// Splits on commas that are not inside double or single quotes.
fn split_outside_quotes(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, ch) in text.char_indices() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if ch == '\\' => escaped = true,
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '"' || ch == '\'' => quote = Some(ch),
            None if ch == ',' => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            None => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Record numbers in a status or link: "ADR-0008", "0008", "8",
/// "[ADR-0008](0008-x.md)", several separated by commas or "and".
pub(crate) fn record_numbers(text: &str, line: usize) -> Result<Vec<u32>, ImportError> {
    let mut numbers = Vec::new();
    for part in text.split(',').flat_map(|p| p.split(" and ")) {
        let mut part = part.trim();
        if part.is_empty() {
            continue;
        }
        // A Markdown link: the number is in its text.
        if let Some(inner) = part.strip_prefix('[') {
            if let Some(close) = inner.find(']') {
                part = inner[..close].trim();
            }
        }
        let digits = part
            .strip_prefix("ADR-")
            .or_else(|| part.strip_prefix("adr-"))
            .or_else(|| part.strip_prefix("ADR "))
            .unwrap_or(part);
        let digits: &str = &digits[..digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len())];
        match digits.parse::<u32>() {
            Ok(n) if !numbers.contains(&n) => numbers.push(n),
            Ok(_) => {}
            Err(_) => {
                return Err(error(
                    line,
                    format!("expected a record number such as ADR-0008, got {part:?}"),
                ))
            }
        }
    }
    if numbers.is_empty() {
        return Err(error(line, "expected a record number such as ADR-0008"));
    }
    Ok(numbers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_removed_even_across_lines() {
        let found = lines("a <!-- x --> b\nc <!-- open\nstill\nclosed --> d\r\n");
        let texts: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["a  b", "c ", "", " d", ""]);
    }

    #[test]
    fn numbers_are_found_in_every_spelling() {
        assert_eq!(record_numbers("ADR-0008, ADR-0012", 1), Ok(vec![8, 12]));
        assert_eq!(
            record_numbers("[ADR-0008](0008-use-http2.md) and 9", 1),
            Ok(vec![8, 9])
        );
        assert!(record_numbers("nothing", 4)
            .unwrap_err()
            .to_string()
            .starts_with("line 4: expected a record number"));
    }
}
