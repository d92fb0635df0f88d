//! The first stage of reading an ADR file, shared by the MADR and Nygard
//! readers: numbered lines with HTML comments removed, the YAML front
//! matter as raw entries, and the headings with the lines under each. The
//! second stage (in `madr` and `nygard`) turns these into a record and
//! names the line of anything it does not expect.
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
    ImportError { line, message: message.into() }
}

/// One line of the file, with its 1-based number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Line<'a> {
    pub number: usize,
    pub text: &'a str,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// The file's lines, each without its line ending. HTML comments (MADR's
/// template is full of them) are removed; an exported file never contains
/// one, because user text has `<` escaped.
pub(crate) fn lines(text: &str) -> Vec<(usize, String)> {
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
pub(crate) struct FrontEntry<'a> {
    pub line: usize,
    pub key: &'a str,
    /// What follows the colon, trimmed (may be empty).
    pub value: &'a str,
    /// `- item` lines under the key: (line, item text trimmed).
    pub items: Vec<(usize, &'a str)>,
}

/// Splits off a YAML front matter block (`---` … `---` on the first line)
/// into entries. Returns the entries and the index of the first line after
/// the block.
pub(crate) fn front_matter<'a>(
    lines: &'a [Line<'a>],
    errors: &mut Vec<ImportError>,
) -> (Vec<FrontEntry<'a>>, usize) {
    let Some(first) = lines.iter().position(|l| !l.is_blank()) else {
        return (Vec::new(), 0);
    };
    if lines[first].text.trim_end() != "---" {
        return (Vec::new(), 0);
    }
    let Some(close) = lines[first + 1..].iter().position(|l| l.text.trim_end() == "---") else {
        errors.push(error(lines[first].number, "the front matter opened here is never closed by a `---` line"));
        return (Vec::new(), lines.len());
    };
    let close = first + 1 + close;
    let mut entries: Vec<FrontEntry<'a>> = Vec::new();
    for line in &lines[first + 1..close] {
        let trimmed = line.text.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix("- ").or(if trimmed == "-" { Some("") } else { None }) {
            match entries.last_mut() {
                Some(entry) if line.text.starts_with([' ', '\t', '-']) => entry.items.push((line.number, item.trim())),
                _ => errors.push(error(line.number, "expected `key: value` before this list item")),
            }
            continue;
        }
        match line.text.find(':') {
            Some(colon) if !line.text.starts_with([' ', '\t']) => entries.push(FrontEntry {
                line: line.number,
                key: line.text[..colon].trim(),
                value: line.text[colon + 1..].trim(),
                items: Vec::new(),
            }),
            _ => errors.push(error(line.number, "expected `key: value` in the front matter")),
        }
    }
    (entries, close + 1)
}

/// A YAML scalar as written by the exporters (a JSON-style double-quoted
/// string) or by hand (single-quoted or plain, with an optional trailing
/// `# comment`).
pub(crate) fn scalar(value: &str, line: usize) -> Result<String, ImportError> {
    if value.starts_with('"') {
        serde_json::from_str::<String>(value)
            .map_err(|e| error(line, format!("this quoted value does not read as a string ({e})")))
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
pub(crate) fn scalar_list(entry: &FrontEntry<'_>) -> Result<Vec<(usize, String)>, ImportError> {
    if !entry.items.is_empty() {
        if !entry.value.is_empty() {
            return Err(error(entry.line, format!("`{}` has both a value and list items", entry.key)));
        }
        return entry.items.iter().map(|&(line, item)| Ok((line, scalar(item, line)?))).collect();
    }
    let value = entry.value;
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

/// A heading with the lines under it up to the next heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section<'a> {
    pub line: usize,
    pub level: usize,
    /// The heading text as written (still escaped), closing `#`s removed.
    pub title: &'a str,
    pub body: Vec<Line<'a>>,
}

/// An ATX heading: `## Title`. Returns the level and the text.
fn heading(text: &str) -> Option<(usize, &str)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let text = &text[indent..];
    let level = text.len() - text.trim_start_matches('#').len();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &text[level..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut title = rest.trim();
    // A closing sequence of `#`s, preceded by a space, is not part of the
    // title (CommonMark).
    let without = title.trim_end_matches('#');
    if without.len() < title.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        title = without.trim_end();
    }
    Some((level, title))
}

/// Whether a line opens or closes a fenced code block.
fn fence(text: &str) -> bool {
    let trimmed = text.trim_start_matches(' ');
    text.len() - trimmed.len() <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
}

/// The lines before the first heading, and every heading with its body.
/// Lines inside fenced code blocks are never headings.
pub(crate) fn sections<'a>(lines: &[Line<'a>]) -> (Vec<Line<'a>>, Vec<Section<'a>>) {
    let mut preamble = Vec::new();
    let mut found: Vec<Section<'a>> = Vec::new();
    let mut in_fence = false;
    for line in lines {
        if fence(line.text) {
            in_fence = !in_fence;
        }
        // Only levels 1 to 3 give a record its structure; deeper headings
        // are text inside the section they are in.
        let is_heading = if in_fence { None } else { heading(line.text).filter(|(level, _)| *level <= 3) };
        match (is_heading, found.last_mut()) {
            (Some((level, title)), _) => {
                found.push(Section { line: line.number, level, title, body: Vec::new() })
            }
            (None, Some(section)) => section.body.push(*line),
            (None, None) => preamble.push(*line),
        }
    }
    (preamble, found)
}

/// The lines of a body without blank lines at either end.
pub(crate) fn trimmed<'b, 'a>(body: &'b [Line<'a>]) -> &'b [Line<'a>] {
    let start = body.iter().position(|l| !l.is_blank()).unwrap_or(body.len());
    let end = body.iter().rposition(|l| !l.is_blank()).map_or(start, |e| e + 1);
    &body[start..end.max(start)]
}

/// A body's text, joined, for a block field (still escaped).
pub(crate) fn block_text(body: &[Line<'_>]) -> String {
    trimmed(body).iter().map(|l| l.text).collect::<Vec<_>>().join("\n")
}

/// The marker of a bullet list item (`* `, `- `, `+ `) stripped, or `None`
/// when the line is not a list item.
pub(crate) fn list_item(text: &str) -> Option<&str> {
    let text = text.trim();
    for marker in ['*', '-', '+'] {
        if let Some(rest) = text.strip_prefix(marker) {
            if rest.is_empty() {
                return Some("");
            }
            if rest.starts_with([' ', '\t']) {
                return Some(rest.trim());
            }
        }
    }
    None
}

/// Every item of a bullet list; an indented line continues the item above
/// it (a hand-wrapped bullet).
pub(crate) fn list_items(body: &[Line<'_>], errors: &mut Vec<ImportError>, what: &str) -> Vec<(usize, String)> {
    let mut items: Vec<(usize, String)> = Vec::new();
    for line in body {
        if line.is_blank() {
            continue;
        }
        if let Some(item) = list_item(line.text) {
            items.push((line.number, item.to_owned()));
        } else if line.text.starts_with([' ', '\t']) && !items.is_empty() {
            if let Some((_, last)) = items.last_mut() {
                last.push(' ');
                last.push_str(line.text.trim());
            }
        } else {
            errors.push(error(line.number, format!("expected a list item (`* {what}`)")));
        }
    }
    items
}

/// Splits a table row into its cells, honouring `\|` escapes.
pub(crate) fn table_cells(text: &str) -> Option<Vec<&str>> {
    let text = text.trim();
    let inner = text.strip_prefix('|')?;
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, ch) in inner.char_indices() {
        if escaped {
            escaped = false;
        } else if ch == '\\' {
            escaped = true;
        } else if ch == '|' {
            cells.push(inner[start..i].trim());
            start = i + 1;
        }
    }
    cells.push(inner[start..].trim());
    Some(cells)
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
        let digits: &str = &digits[..digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len())];
        match digits.parse::<u32>() {
            Ok(n) if !numbers.contains(&n) => numbers.push(n),
            Ok(_) => {}
            Err(_) => return Err(error(line, format!("expected a record number such as ADR-0008, got {part:?}"))),
        }
    }
    if numbers.is_empty() {
        return Err(error(line, "expected a record number such as ADR-0008"));
    }
    Ok(numbers)
}

/// Numbered lines of a text, for the readers.
pub(crate) fn numbered(owned: &[(usize, String)]) -> Vec<Line<'_>> {
    owned.iter().map(|(number, text)| Line { number: *number, text }).collect()
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
    fn headings_follow_commonmark() {
        assert_eq!(heading("## Decision Drivers"), Some((2, "Decision Drivers")));
        assert_eq!(heading("# Use C# ##"), Some((1, "Use C#")));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("    # code"), None);
        assert_eq!(heading("####### seven"), None);
        assert_eq!(heading("#"), Some((1, "")));
    }

    #[test]
    fn numbers_are_found_in_every_spelling() {
        assert_eq!(record_numbers("ADR-0008, ADR-0012", 1), Ok(vec![8, 12]));
        assert_eq!(record_numbers("[ADR-0008](0008-use-http2.md) and 9", 1), Ok(vec![8, 9]));
        assert!(record_numbers("nothing", 4).unwrap_err().to_string().starts_with("line 4: expected a record number"));
    }

    #[test]
    fn table_cells_honour_escaped_bars() {
        assert_eq!(table_cells("| a \\| b | c |"), Some(vec!["a \\| b", "c"]));
        assert_eq!(table_cells("no table"), None);
    }
}
