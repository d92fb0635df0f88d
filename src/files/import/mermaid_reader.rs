//! Mermaid diagrams read into a draft: flowcharts (`flowchart` / `graph`:
//! node shapes, labels, every arrow form, chains and `&`, subgraphs) and
//! `architecture-beta` (services, groups, junctions, edges with sides).
//! A Markdown file is searched for its first ```` ```mermaid ```` block, so
//! a README can be imported as it is.
//!
//! Mermaid's grammar is Jison, not a library Rust can call, so this is a
//! reader of the documented syntax (mermaid.js.org/syntax/flowchart.html,
//! /syntax/architecture.html); what it does not model — styles, classes,
//! clicks, groups, layout directions — is listed, never dropped silently.
//! Headroom's own export (`files::mermaid`) reads back exactly: its labels
//! carry the kind on their second line and its arrows the calls.

use super::draft::{DraftDependency, ImportDraft};
use super::{ImportFormat, Place, ReadError};
use crate::model::{CallKind, CallMode, ComponentKind, Routing};

/// A diagram's source and the line of the file its first line is on.
pub struct Diagram {
    pub text: String,
    pub first_line: usize,
    /// Whether it came from a ```` ```mermaid ```` fence (so it is Mermaid
    /// whatever its type).
    pub fenced: bool,
}

/// The diagram in `text`: the first fenced ```` ```mermaid ```` (or `~~~`)
/// block of a Markdown file, else the whole text.
pub fn diagram_text(text: &str) -> Option<Diagram> {
    let lines: Vec<&str> = text.lines().collect();
    for (k, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let fence = if trimmed.starts_with("```") {
            "```"
        } else if trimmed.starts_with("~~~") {
            "~~~"
        } else {
            continue;
        };
        let info = trimmed.trim_start_matches(fence.chars().next().unwrap_or('`')).trim();
        if info.split_whitespace().next() != Some("mermaid") {
            continue;
        }
        let body: Vec<&str> =
            lines[k + 1..].iter().take_while(|l| !l.trim_start().starts_with(fence)).copied().collect();
        return Some(Diagram { text: body.join("\n"), first_line: k + 2, fenced: true });
    }
    Some(Diagram { text: text.trim_start_matches('\u{feff}').to_owned(), first_line: 1, fenced: false })
}

/// The diagram's type: the first word after any front matter, `%%`
/// comments and `%%{init}%%` directives.
pub fn diagram_keyword(text: &str) -> Option<&str> {
    statements_start(text).and_then(|(_, line)| line.split_whitespace().next())
}

/// The first line that is part of the diagram proper, and its index.
fn statements_start(text: &str) -> Option<(usize, &str)> {
    let mut in_front_matter = false;
    for (k, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if k == 0 && trimmed == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter {
            if trimmed == "---" {
                in_front_matter = false;
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with("%%") {
            continue;
        }
        return Some((k, trimmed));
    }
    None
}

/// Reads the flowchart or architecture diagram in `text`.
pub fn read(text: &str) -> Result<ImportDraft, ReadError> {
    let Some(diagram) = diagram_text(text) else {
        return Err(ReadError::at_line(1, "no Mermaid diagram found"));
    };
    let Some((start, header)) = statements_start(&diagram.text) else {
        return Err(ReadError::at_line(diagram.first_line, "the Mermaid diagram is empty"));
    };
    let title = front_matter_title(&diagram.text).unwrap_or_else(|| "Imported from Mermaid".to_owned());
    let keyword = header.split_whitespace().next().unwrap_or("");
    let body: Vec<(usize, &str)> =
        diagram.text.lines().enumerate().skip(start + 1).map(|(k, line)| (k + diagram.first_line, line)).collect();
    match keyword {
        "flowchart" | "graph" => Ok(Flowchart::read(title, &body)),
        "architecture-beta" => Ok(read_architecture(title, &body)),
        other => Err(ReadError::at_line(
            start + diagram.first_line,
            format!(
                "a Mermaid \"{}\" diagram: Headroom reads flowchart, graph and architecture-beta diagrams",
                other.chars().take(40).collect::<String>()
            ),
        )),
    }
}

fn front_matter_title(text: &str) -> Option<String> {
    let mut lines = text.lines();
    if lines.next()?.trim() != "---" {
        return None;
    }
    lines
        .take_while(|l| l.trim() != "---")
        .find_map(|l| l.trim().strip_prefix("title:").map(|t| t.trim().trim_matches('"').to_owned()))
        .filter(|t| !t.is_empty())
}

/// Text of a label as Mermaid shows it: its entity codes decoded
/// (`#quot;`, `#35;`, `&amp;`), `<br>` a line break, Markdown-string
/// backticks and surrounding quotes removed.
fn label_text(raw: &str) -> String {
    let raw = raw.trim();
    let raw = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
    let raw = raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')).unwrap_or(raw);
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(ch) = rest.chars().next() {
        if ch == '<' {
            let lower = rest.get(..6).unwrap_or(rest).to_ascii_lowercase();
            if lower.starts_with("<br>") || lower.starts_with("<br/>") || lower.starts_with("<br />") {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push('\n');
                rest = &rest[end..];
                continue;
            }
        }
        if ch == '#' || ch == '&' {
            if let Some(end) = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 8) {
                if let Some(decoded) = entity(&rest[1..end]) {
                    out.push(decoded);
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        out.push(ch);
        rest = &rest[ch.len_utf8()..];
    }
    out
}

fn entity(code: &str) -> Option<char> {
    match code {
        "quot" => Some('"'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => code.strip_prefix('x').map_or_else(|| code.parse().ok(), |hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32),
    }
}

/// A node's label split into the name and what Headroom's own export adds
/// below it: the kind's label on the second line, a status on the third.
fn name_and_kind(label: &str) -> (String, Option<ComponentKind>) {
    let mut parts = label.split('\n').map(str::trim);
    let name = parts.next().unwrap_or("").to_owned();
    let kind = parts.next().and_then(|second| ComponentKind::ALL.into_iter().find(|k| k.label() == second));
    (name, kind)
}

/// The shape a node was drawn with, as far as it says anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Plain,
    Cylinder,
    /// `>label]`, the asymmetric flag: a message, as Headroom's own export
    /// draws a queue.
    Flag,
}

/// Openers and closers of the flowchart's node shapes, longest first.
const SHAPES: [(&str, &str, Shape); 14] = [
    ("(((", ")))", Shape::Plain),
    ("([", "])", Shape::Plain),
    ("[(", ")]", Shape::Cylinder),
    ("[[", "]]", Shape::Plain),
    ("[/", "/]", Shape::Plain),
    ("[/", "\\]", Shape::Plain),
    ("[\\", "\\]", Shape::Plain),
    ("[\\", "/]", Shape::Plain),
    ("((", "))", Shape::Plain),
    ("{{", "}}", Shape::Plain),
    ("[", "]", Shape::Plain),
    ("(", ")", Shape::Plain),
    ("{", "}", Shape::Plain),
    (">", "]", Shape::Flag),
];

/// Mermaid's newer shape names (`A@{ shape: cyl }`) that mean storage.
const CYLINDER_NAMES: [&str; 6] = ["cyl", "cylinder", "db", "database", "disk", "lin-cyl"];

struct Node {
    key: String,
    label: Option<String>,
    shape: Shape,
}

struct Arrow {
    dotted: bool,
    /// Whether it has a head at its end, at its start.
    forward: bool,
    backward: bool,
    invisible: bool,
    label: Option<String>,
}

struct Flowchart {
    draft: ImportDraft,
    /// Open subgraphs: their titles and the line each opened on.
    groups: Vec<(String, usize)>,
}

impl Flowchart {
    fn read(title: String, body: &[(usize, &str)]) -> ImportDraft {
        let mut chart = Flowchart { draft: ImportDraft::new(ImportFormat::MermaidFlowchart, title), groups: Vec::new() };
        for &(line, text) in body {
            for statement in split_statements(text) {
                chart.statement(line, statement.trim());
            }
        }
        for (title, line) in std::mem::take(&mut chart.groups) {
            chart.draft.skip(Place::Line(line), format!("subgraph {title}"), "never closed with end: its nodes are imported");
        }
        strip_export_prefix(&mut chart.draft);
        chart.draft
    }

    fn statement(&mut self, line: usize, statement: &str) {
        if statement.is_empty() || statement.starts_with("%%") {
            return;
        }
        let first = statement.split_whitespace().next().unwrap_or("");
        match first {
            "subgraph" => {
                let title = statement["subgraph".len()..].trim();
                self.groups.push((label_text(title), line));
                self.draft.skip(
                    Place::Line(line),
                    format!("subgraph {title}"),
                    "a group: its nodes are imported, the grouping is not (Headroom has no groups)",
                );
                return;
            }
            "end" if statement == "end" => {
                self.groups.pop();
                return;
            }
            "style" | "classDef" | "class" | "linkStyle" | "click" | "direction" | "accTitle" | "accDescr"
            | "accTitle:" | "accDescr:" => {
                self.draft.skip(Place::Line(line), statement, "styling or layout: Headroom draws its own");
                return;
            }
            _ => {}
        }
        let mut cursor = Cursor { text: statement, at: 0 };
        let Some(mut left) = self.node_group(&mut cursor, line) else {
            self.draft.skip(Place::Line(line), statement, "not a node or an arrow Headroom can read");
            return;
        };
        loop {
            cursor.skip_spaces();
            if cursor.done() {
                break;
            }
            let Some(arrow) = arrow(&mut cursor) else {
                self.draft.skip(
                    Place::Line(line),
                    cursor.rest(),
                    "the rest of this line is not an arrow Headroom can read",
                );
                break;
            };
            cursor.skip_spaces();
            let Some(right) = self.node_group(&mut cursor, line) else {
                self.draft.skip(Place::Line(line), statement, "an arrow that leads to no node");
                break;
            };
            for from in &left {
                for to in &right {
                    self.connect(from, to, &arrow, line, statement);
                }
            }
            left = right;
        }
    }

    /// `a`, `a[Label]`, `a & b:::class`: the ids of the nodes, each added.
    fn node_group(&mut self, cursor: &mut Cursor, line: usize) -> Option<Vec<String>> {
        let mut ids = Vec::new();
        loop {
            cursor.skip_spaces();
            let node = node(cursor)?;
            if node.key == "end" || node.key == "subgraph" {
                return None;
            }
            let (name, kind) = node.label.as_deref().map(name_and_kind).unzip();
            let kind = kind.flatten();
            let had = self.draft.id_of(&node.key).is_some();
            let id = self.draft.component(&node.key, name.as_deref(), kind, &[], Place::Line(line));
            if !had && kind.is_none() {
                refine_guess(&mut self.draft, &id, node.shape);
            }
            ids.push(id);
            cursor.skip_spaces();
            if cursor.eat(":::") {
                cursor.take_while(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ',');
                cursor.skip_spaces();
            }
            if !cursor.eat("&") {
                return Some(ids);
            }
        }
    }

    fn connect(&mut self, from: &str, to: &str, arrow: &Arrow, line: usize, statement: &str) {
        if arrow.invisible {
            self.draft.skip(Place::Line(line), statement, "an invisible link (~~~) places nodes, it is no dependency");
            return;
        }
        let (from, to) = if arrow.backward && !arrow.forward { (to, from) } else { (from, to) };
        let read = read_arrow_label(arrow.label.as_deref());
        let mut guesses = Vec::new();
        if arrow.dotted && read.mode.is_none() {
            guesses.push("dotted arrow: asynchronous");
        }
        if !arrow.forward && !arrow.backward {
            guesses.push("a line without a head: read as the left calling the right");
        }
        if arrow.forward && arrow.backward {
            guesses.push("drawn both ways: read as the left calling the right");
        }
        if read.calls.is_none() {
            guesses.push("no count on the arrow: one call per request");
        }
        let mode = read.mode.unwrap_or(if arrow.dotted { CallMode::Async } else { CallMode::Sync });
        self.draft.dependency(DraftDependency {
            from: from.to_owned(),
            to: to.to_owned(),
            calls: read.calls.unwrap_or(1.0),
            kind: read.kind,
            mode,
            routing: Routing::Calls,
            guess: (!guesses.is_empty()).then(|| guesses.join("; ")),
            label: arrow.label.clone(),
            place: Place::Line(line),
        });
    }
}

/// A cylinder with a name that says nothing else is a database, a flag a
/// queue; a name that names another kind ("Redis") wins over the shape.
fn refine_guess(draft: &mut ImportDraft, id: &str, shape: Shape) {
    let Some(component) = draft.component_mut(id) else { return };
    if shape == Shape::Cylinder && component.kind == ComponentKind::Service {
        component.kind = ComponentKind::Database;
        component.guess = Some("drawn as a cylinder: a database".to_owned());
    } else if shape == Shape::Flag && component.kind == ComponentKind::Service {
        component.kind = ComponentKind::Queue;
        component.guess = Some("drawn as a flag (>…]): a queue".to_owned());
    }
}

/// Headroom's export prefixes every id with `c_` (Mermaid keywords such as
/// `end` cannot be ids): when every node has it, it comes off again.
fn strip_export_prefix(draft: &mut ImportDraft) {
    if draft.components.is_empty() || !draft.components.iter().all(|c| c.id.starts_with("c_") && c.id.len() > 2) {
        return;
    }
    draft.rename_ids(|id| id.strip_prefix("c_").unwrap_or(id).to_owned());
}

struct ArrowMeaning {
    calls: Option<f64>,
    kind: CallKind,
    mode: Option<CallMode>,
}

/// What an arrow's label says, in the words Headroom's export writes them
/// ("read ×2", "write ×0.1 async") and the usual ones ("3x", "reads",
/// "async", "queue").
fn read_arrow_label(label: Option<&str>) -> ArrowMeaning {
    let mut meaning = ArrowMeaning { calls: None, kind: CallKind::Call, mode: None };
    let Some(label) = label else { return meaning };
    for word in label.split(|c: char| c.is_whitespace() || c == ',' || c == '/').filter(|w| !w.is_empty()) {
        let lower = word.to_lowercase();
        let number = lower.trim_start_matches(['×', 'x', '*']).trim_end_matches(['×', 'x', '*']);
        let marked = number.len() != lower.len();
        if let Ok(value) = number.parse::<f64>() {
            if value.is_finite() && value >= 0.0 && (marked || meaning.calls.is_none()) {
                meaning.calls = Some(value);
            }
            continue;
        }
        match lower.as_str() {
            "read" | "reads" | "query" | "queries" | "get" | "select" | "lookup" => meaning.kind = CallKind::Read,
            "write" | "writes" | "insert" | "inserts" | "update" | "updates" | "put" | "post" | "save" | "saves" => {
                meaning.kind = CallKind::Write
            }
            "async" | "asynchronous" | "publish" | "publishes" | "enqueue" | "enqueues" | "event" | "events" => {
                meaning.mode = Some(CallMode::Async)
            }
            "sync" | "synchronous" => meaning.mode = Some(CallMode::Sync),
            _ => {}
        }
    }
    meaning
}

/// Splits a line at `;` outside quotes and brackets.
fn split_statements(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut quoted = false;
    let mut start = 0;
    for (at, ch) in line.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            '[' | '(' | '{' if !quoted => depth += 1,
            ']' | ')' | '}' if !quoted => depth -= 1,
            ';' if !quoted && depth <= 0 => {
                parts.push(&line[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn done(&self) -> bool {
        self.at >= self.text.len()
    }

    fn skip_spaces(&mut self) {
        self.take_while(char::is_whitespace);
    }

    fn eat(&mut self, prefix: &str) -> bool {
        if self.rest().starts_with(prefix) {
            self.at += prefix.len();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let start = self.at;
        for ch in self.rest().chars() {
            if !keep(ch) {
                break;
            }
            self.at += ch.len_utf8();
        }
        &self.text[start..self.at]
    }
}

/// Whether the text at `rest` starts an arrow: two of `-`, `=`, `.`, `~`,
/// or a head (`<`, `o`, `x`) before them.
fn starts_arrow(rest: &str) -> bool {
    let mut chars = rest.chars();
    let first = chars.next();
    let second = chars.next();
    let third = chars.next();
    let line = |c: Option<char>| matches!(c, Some('-' | '=' | '.' | '~'));
    match first {
        Some('-') => matches!(second, Some('-' | '.')),
        Some('=') => second == Some('='),
        Some('~') => second == Some('~'),
        Some('<') => line(second) && line(third),
        _ => false,
    }
}

/// A node: its id, then the shape and label if drawn here.
fn node(cursor: &mut Cursor) -> Option<Node> {
    let start = cursor.at;
    while let Some(ch) = cursor.rest().chars().next() {
        if ch.is_whitespace() || "[({>&;|".contains(ch) || starts_arrow(cursor.rest()) || cursor.rest().starts_with(":::") {
            break;
        }
        if cursor.rest().starts_with("@{") {
            break;
        }
        cursor.at += ch.len_utf8();
    }
    let key = cursor.text[start..cursor.at].to_owned();
    if key.is_empty() {
        return None;
    }
    if cursor.rest().starts_with("@{") {
        return Some(new_style_shape(cursor, key));
    }
    for (open, close, shape) in SHAPES {
        if !cursor.rest().starts_with(open) {
            continue;
        }
        let inner_start = cursor.at + open.len();
        let inner = &cursor.text[inner_start..];
        let end = if inner.trim_start().starts_with('"') {
            let quote = inner.find('"')?;
            let closing = inner[quote + 1..].find('"')? + quote + 1;
            inner[closing..].find(close).map(|e| e + closing)
        } else {
            inner.find(close)
        };
        let Some(end) = end else { continue };
        cursor.at = inner_start + end + close.len();
        return Some(Node { key, label: Some(label_text(&inner[..end])), shape });
    }
    Some(Node { key, label: None, shape: Shape::Plain })
}

/// `A@{ shape: cyl, label: "Orders" }`: Mermaid 11's way to name a shape.
fn new_style_shape(cursor: &mut Cursor, key: String) -> Node {
    cursor.at += 2;
    let rest = cursor.rest();
    let end = rest.find('}').unwrap_or(rest.len());
    let body = &rest[..end];
    cursor.at += (end + 1).min(rest.len());
    let mut label = None;
    let mut shape = Shape::Plain;
    for field in body.split(',') {
        let Some((name, value)) = field.split_once(':') else { continue };
        let value = value.trim().trim_matches('"');
        match name.trim() {
            "label" => label = Some(label_text(value)),
            "shape" if CYLINDER_NAMES.contains(&value) => shape = Shape::Cylinder,
            _ => {}
        }
    }
    Node { key, label, shape }
}

/// An arrow and its label: `-->`, `---`, `-.->`, `==>`, `--o`, `--x`,
/// `<-->`, `~~~`, longer forms, `-->|label|` and `-- label -->`.
fn arrow(cursor: &mut Cursor) -> Option<Arrow> {
    let start = cursor.at;
    let backward = cursor.eat("<") || (cursor.rest().starts_with(['o', 'x']) && starts_arrow(&cursor.rest()[1..]) && {
        cursor.at += 1;
        true
    });
    if !starts_arrow(cursor.rest()) {
        cursor.at = start;
        return None;
    }
    let body = cursor.take_while(|c| matches!(c, '-' | '=' | '.' | '~'));
    let mut forward = cursor.eat(">") || (ends_with_head(cursor.rest()) && {
        cursor.at += 1;
        true
    });
    let mut dotted = body.contains('.');
    let invisible = body.starts_with('~');
    let mut label = None;
    if !forward && !invisible && matches!(body, "--" | "-." | "==") && cursor.rest().starts_with(char::is_whitespace) {
        // `-- label -->`: the label runs to the arrow's second half.
        let rest = cursor.rest();
        let ends = ["-->", "---", ".->", ".-", "==>", "===", "--o", "--x"];
        if let Some((at, end)) =
            ends.iter().filter_map(|end| rest.find(end).map(|at| (at, *end))).min_by_key(|(at, _)| *at)
        {
            label = Some(label_text(rest[..at].trim()));
            cursor.at += at + end.len();
            forward = end.ends_with(['>', 'o', 'x']);
            dotted |= end.contains('.');
        }
    }
    cursor.skip_spaces();
    if cursor.eat("|") {
        let rest = cursor.rest();
        let end = rest.find('|')?;
        label = Some(label_text(&rest[..end]));
        cursor.at += end + 1;
    }
    Some(Arrow { dotted, forward, backward, invisible, label: label.filter(|l| !l.trim().is_empty()) })
}

/// `o` or `x` closing an arrow (`--o B`), not the start of a node id.
fn ends_with_head(rest: &str) -> bool {
    let mut chars = rest.chars();
    matches!(chars.next(), Some('o' | 'x')) && chars.next().is_none_or(|c| c.is_whitespace() || c == '|')
}

/// `architecture-beta`: `service id(icon)[Title] in group`, `group`,
/// `junction`, and edges `a:R --> L:b` (sides, `{group}` modifiers).
fn read_architecture(title: String, body: &[(usize, &str)]) -> ImportDraft {
    let mut draft = ImportDraft::new(ImportFormat::MermaidArchitecture, title);
    let mut junctions = std::collections::HashSet::new();
    let mut edges: Vec<(usize, String, String, bool, bool)> = Vec::new();
    for &(line, text) in body {
        let statement = text.trim();
        if statement.is_empty() || statement.starts_with("%%") {
            continue;
        }
        let (first, rest) = statement.split_once(char::is_whitespace).unwrap_or((statement, ""));
        match first {
            "service" => {
                let (declaration, group) = rest.split_once(" in ").map_or((rest.trim(), None), |(d, g)| (d.trim(), Some(g.trim())));
                let key_end = declaration.find(['(', '[']).unwrap_or(declaration.len());
                let key = declaration[..key_end].trim();
                if key.is_empty() {
                    draft.skip(Place::Line(line), statement, "a service without an id");
                    continue;
                }
                let icon = between(declaration, '(', ')');
                let label = between(declaration, '[', ']').map(label_text);
                let kind = icon.and_then(icon_kind);
                let hints: Vec<&str> = icon.into_iter().collect();
                let had = draft.id_of(key).is_some();
                let id = draft.component(key, label.as_deref(), kind, &hints, Place::Line(line));
                if let (false, Some(kind), Some(icon)) = (had, kind, icon) {
                    if let Some(component) = draft.component_mut(&id) {
                        component.kind = kind;
                        component.guess = Some(format!("icon \"{icon}\": {}", kind.label().to_lowercase()));
                    }
                }
                if let Some(group) = group {
                    draft.skip(Place::Line(line), format!("{key} in {group}"), "group membership: Headroom has no groups");
                }
            }
            "group" => draft.skip(Place::Line(line), statement, "a group: Headroom has no groups"),
            "junction" => {
                let key = rest.split_whitespace().next().unwrap_or("");
                junctions.insert(key.to_owned());
            }
            _ => match architecture_edge(statement) {
                Some((from, to, forward, backward)) => edges.push((line, from, to, forward, backward)),
                None => draft.skip(Place::Line(line), statement, "not a service, group, junction or edge"),
            },
        }
    }
    // A junction only joins lines: each line into it continues along every
    // line out of it.
    let mut resolved = Vec::new();
    for (line, from, to, forward, backward) in &edges {
        let (a, b) = if *backward && !*forward { (to, from) } else { (from, to) };
        if junctions.contains(a) {
            continue;
        }
        if junctions.contains(b) {
            for (_, f2, t2, fw2, bw2) in &edges {
                let (c, d) = if *bw2 && !*fw2 { (t2, f2) } else { (f2, t2) };
                if c == b && !junctions.contains(d) {
                    resolved.push((*line, a.clone(), d.clone(), *forward || *backward, true));
                }
            }
            continue;
        }
        resolved.push((*line, a.clone(), b.clone(), *forward || *backward, false));
    }
    for (line, from, to, directed, through_junction) in resolved {
        let (Some(from_id), Some(to_id)) = (draft.id_of(&from).map(str::to_owned), draft.id_of(&to).map(str::to_owned)) else {
            draft.skip(Place::Line(line), format!("{from} -- {to}"), "an edge to something that is not a service");
            continue;
        };
        let mut guesses = vec!["one call per request"];
        if !directed {
            guesses.push("a line without an arrow: read as the left calling the right");
        }
        if through_junction {
            guesses.push("joined through a junction");
        }
        draft.dependency(DraftDependency {
            from: from_id,
            to: to_id,
            calls: 1.0,
            kind: CallKind::Call,
            mode: CallMode::Sync,
            routing: Routing::Calls,
            guess: Some(guesses.join("; ")),
            label: None,
            place: Place::Line(line),
        });
    }
    draft
}

fn between(text: &str, open: char, close: char) -> Option<&str> {
    let start = text.find(open)? + open.len_utf8();
    let end = text[start..].find(close)? + start;
    Some(&text[start..end])
}

/// What an architecture icon says: Mermaid's built-ins (`database`,
/// `disk`, `internet`, `server`, `cloud`) and iconify names such as
/// `logos:redis`, whose product the kind guess reads.
fn icon_kind(icon: &str) -> Option<ComponentKind> {
    match icon {
        "database" | "disk" => Some(ComponentKind::Database),
        "internet" => Some(ComponentKind::ExternalApi),
        _ => None,
    }
}

/// `a:R --> L:b`, `a{group}:B -- T:b`, `a:L <-- R:b`: the two ends, and
/// whether a head points forward, backward.
fn architecture_edge(statement: &str) -> Option<(String, String, bool, bool)> {
    let operators = ["<-->", "-->", "<--", "--"];
    let (at, operator) = operators.iter().filter_map(|op| statement.find(op).map(|at| (at, *op))).min_by_key(|(at, op)| (*at, std::cmp::Reverse(op.len())))?;
    let left = statement[..at].trim();
    let right = statement[at + operator.len()..].trim();
    let end_id = |side: &str, left_side: bool| {
        let part = if left_side {
            side.rsplit_once(':').map_or(side, |(id, _)| id)
        } else {
            side.split_once(':').map_or(side, |(_, id)| id)
        };
        part.trim().trim_end_matches("{group}").trim().to_owned()
    };
    let from = end_id(left, true);
    let to = end_id(right, false);
    if from.is_empty() || to.is_empty() {
        return None;
    }
    Some((from, to, operator.ends_with('>'), operator.starts_with('<')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> ImportDraft {
        read(text).unwrap()
    }

    fn kinds(draft: &ImportDraft) -> Vec<(&str, ComponentKind)> {
        draft.components.iter().map(|c| (c.id.as_str(), c.kind)).collect()
    }

    #[test]
    fn shapes_labels_chains_and_ampersands() {
        let d = draft(
            "flowchart LR\n  %% a comment\n  user((User)) --> lb{Load balancer} --> web1[Web] & web2[Web 2]\n  web1 & web2 -->|reads 3x| db[(Orders)]\n  web1 -.-> q>Jobs queue] -.-> w([Worker])\n  classDef x fill:#f00\n",
        );
        assert_eq!(
            kinds(&d),
            vec![
                ("user", ComponentKind::Service),
                ("lb", ComponentKind::LoadBalancer),
                ("web1", ComponentKind::Service),
                ("web2", ComponentKind::Service),
                ("db", ComponentKind::Database),
                ("q", ComponentKind::Queue),
                ("w", ComponentKind::WorkerPool),
            ]
        );
        assert_eq!(d.components[4].name, "Orders");
        let arrows: Vec<(&str, &str, f64, CallKind, CallMode)> =
            d.dependencies.iter().map(|x| (x.from.as_str(), x.to.as_str(), x.calls, x.kind, x.mode)).collect();
        assert_eq!(arrows.len(), 7);
        assert!(arrows.contains(&("web2", "db", 3.0, CallKind::Read, CallMode::Sync)));
        assert!(arrows.contains(&("q", "w", 1.0, CallKind::Call, CallMode::Async)));
        assert!(d.not_understood.iter().any(|u| u.text.starts_with("classDef")));
    }

    #[test]
    fn labelled_arrows_in_both_spellings_and_heads() {
        let d = draft("graph TD\nA -- writes 2 --> B\nC -. async .-> D\nE --- F\nG <-- H\nI --o J\nK ~~~ L\n");
        let find = |f: &str, t: &str| d.dependencies.iter().find(|x| x.from == f && x.to == t);
        let ab = find("a", "b").unwrap();
        assert_eq!((ab.calls, ab.kind), (2.0, CallKind::Write));
        assert_eq!(find("c", "d").unwrap().mode, CallMode::Async);
        assert!(find("e", "f").unwrap().guess.as_deref().unwrap().contains("without a head"));
        assert!(find("h", "g").is_some(), "a backward arrow is read from its head's side");
        assert!(find("i", "j").is_some());
        assert!(find("k", "l").is_none());
        assert!(d.not_understood.iter().any(|u| u.why.contains("invisible")));
    }

    #[test]
    fn quoted_labels_keep_brackets_and_entities() {
        let d = draft("flowchart LR\n  a[\"Orders [v2] (EU) #quot;main#quot;\"] --> b[(\"Postgres #35;1\")]\n");
        assert_eq!(d.components[0].name, "Orders [v2] (EU) \"main\"");
        assert_eq!(d.components[1].name, "Postgres #1");
        assert_eq!(d.components[1].kind, ComponentKind::Database);
    }

    #[test]
    fn subgraphs_are_listed_and_their_nodes_kept() {
        let d = draft("flowchart TB\nsubgraph backend [Back end]\n  direction LR\n  api --> cache[(Redis)]\nend\nweb --> api\n");
        assert_eq!(d.components.len(), 3);
        assert_eq!(d.components[1].kind, ComponentKind::Cache, "a name that names a store wins over the cylinder");
        assert!(d.not_understood.iter().any(|u| u.why.contains("no groups")));
        assert!(d.not_understood.iter().any(|u| u.text.starts_with("direction")));
    }

    #[test]
    fn markdown_fences_and_front_matter() {
        let d = draft("# Shop\n\nSome text.\n\n```mermaid\n---\ntitle: Shop\n---\nflowchart LR\n  a --> b\n```\n");
        assert_eq!(d.name, "Shop");
        assert_eq!(d.components.len(), 2);
        assert_eq!(d.dependencies[0].place, Place::Line(10));
    }

    #[test]
    fn other_diagrams_are_refused_naming_the_line() {
        let error = read("\n\nsequenceDiagram\n  A->>B: hi\n").unwrap_err();
        assert_eq!(error.place, Place::Line(3));
        assert!(error.message.contains("sequenceDiagram"));
    }

    #[test]
    fn architecture_services_icons_junctions() {
        let d = draft(
            "architecture-beta\n  group api(cloud)[API]\n  service db(database)[Database] in api\n  service server(server)[Server] in api\n  service gw(internet)[Gateway]\n  junction j\n  gw:R --> L:server\n  server:B -- T:j\n  j:B --> T:db\n",
        );
        assert_eq!(
            kinds(&d),
            vec![("db", ComponentKind::Database), ("server", ComponentKind::Service), ("gw", ComponentKind::ExternalApi)]
        );
        let arrows: Vec<(&str, &str)> = d.dependencies.iter().map(|x| (x.from.as_str(), x.to.as_str())).collect();
        assert_eq!(arrows, vec![("gw", "server"), ("server", "db")]);
    }

    #[test]
    fn headroom_export_reads_back() {
        let doc = crate::model::mvp_that_creaks();
        let text = crate::files::mermaid::flowchart(&doc, Some(&crate::engine::solve(&doc)));
        let mut d = read(&text).unwrap();
        d.settle_guesses();
        for (read, original) in d.components.iter().zip(&doc.components) {
            assert_eq!((read.id.as_str(), read.name.as_str(), read.kind), (original.id.as_str(), original.name.as_str(), original.kind));
            assert!(read.guess.is_none());
        }
        for (read, original) in d.dependencies.iter().zip(&doc.dependencies) {
            assert_eq!(
                (read.from.as_str(), read.to.as_str(), read.kind, read.mode),
                (original.from.as_str(), original.to.as_str(), original.kind, original.mode)
            );
            assert!((read.calls - original.calls).abs() < 1e-3, "{read:?}");
        }
    }
}
