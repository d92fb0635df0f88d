//! The first stage of reading an ADR file's Markdown, for the MADR, Nygard
//! and evidence readers: the text after the front matter as a small tree
//! (the blocks before the first heading, then each heading of level 1 to 3
//! with the blocks under it: paragraphs, bullet lists with nested items,
//! tables, code) read through pulldown-cmark's event stream. A hand-edited
//! file is read as a renderer shows it: setext headings, `*`/`+`/`-`
//! bullets, indented and lazy continuation lines, fenced code holding `#`,
//! closing `#`s, CRLF and HTML comments are CommonMark's business, not a
//! line parser's.
//!
//! Text is kept as written (still escaped, HTML comments cut out): the
//! readers unescape what becomes a field. What a reader keeps whole (a
//! context, an unknown section, an option written in free form, what is
//! nested under a list item) is the file's own text, taken at the offsets
//! pulldown-cmark reports, as a [`Source`]. Every position is a 1-based
//! line of the whole file, for error messages.
//!
//! Every function here takes arbitrary text and never panics: slicing is
//! done with `get`, at offsets pulldown-cmark reported for the same string.

use std::iter::Peekable;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, OffsetIter, Options, Parser, Tag, TagEnd};

/// A Markdown file's body: what comes before the first heading, then the
/// sections. Only headings of level 1 to 3 give a record its structure;
/// deeper ones are blocks of the section they are in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct MarkdownTree {
    pub preamble: Vec<Block>,
    pub sections: Vec<Section>,
}

/// A heading (level 1 to 3) and the blocks up to the next one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Section {
    pub line: usize,
    pub level: usize,
    /// The heading's text as written (still escaped), without its `#`s or
    /// setext underline.
    pub title: String,
    pub blocks: Vec<Block>,
    /// The lines under the heading up to the next one, as written.
    pub body: Source,
}

impl Section {
    /// Each block with its lines as written: from its first line up to the
    /// next block's (blank lines at the end are left to [`Source::text`]).
    pub fn blocks_as_written(&self) -> impl Iterator<Item = (&Block, Source)> + '_ {
        self.blocks.iter().enumerate().map(|(i, block)| {
            let end = self.blocks.get(i + 1).map_or(usize::MAX, Block::line);
            (block, self.body.between(block.line(), end))
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    /// A paragraph's text, its lines joined by `\n`, each line trimmed.
    Paragraph { line: usize, text: String },
    /// A bullet or numbered list.
    List { line: usize, items: Vec<Item> },
    /// A table; the first row holds the headings.
    Table { line: usize, rows: Vec<Row> },
    /// A fenced or indented code block's content, without the fences.
    Code { line: usize, text: String },
    /// A heading deeper than level 3, which is text in its section.
    Heading {
        line: usize,
        level: usize,
        text: String,
    },
    /// Anything else (a block quote, a rule, HTML that is not a comment):
    /// its source, trimmed.
    Other { line: usize, text: String },
}

impl Block {
    pub fn line(&self) -> usize {
        match self {
            Block::Paragraph { line, .. }
            | Block::List { line, .. }
            | Block::Table { line, .. }
            | Block::Code { line, .. }
            | Block::Heading { line, .. }
            | Block::Other { line, .. } => *line,
        }
    }
}

/// One list item: its own text (a hand-wrapped item's lines joined by
/// `\n`) and what is nested under it, as blocks and as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Item {
    pub line: usize,
    pub text: String,
    pub blocks: Vec<Block>,
    /// The nested blocks' lines, without the indentation that nests them;
    /// empty when nothing is nested.
    pub details: Source,
}

/// One table row: its cells as written (still escaped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: usize,
    /// As many cells as the heading row: pulldown-cmark pads a short row
    /// with empty cells and drops what a long one has beyond.
    pub cells: Vec<String>,
    /// How many cells the row's line holds as written, for the readers
    /// that refuse a row of the wrong width.
    pub written: usize,
}

/// Lines of the file as written, from line `line` on: HTML comments cut
/// out, each line without its `\r`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Source {
    pub line: usize,
    lines: Vec<String>,
}

impl Source {
    /// The lines of `text`, the first being line `line`; every later line
    /// loses up to `indent` leading spaces or tabs (the indentation that
    /// nests a block under a list item).
    fn new(text: &str, line: usize, indent: usize) -> Self {
        let mut lines = Vec::new();
        let mut in_comment = false;
        for (i, raw) in text.split('\n').enumerate() {
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let raw = if i == 0 {
                raw
            } else {
                let spaces = raw.len() - raw.trim_start_matches([' ', '\t']).len();
                raw.get(spaces.min(indent)..).unwrap_or(raw)
            };
            let mut kept = String::new();
            let mut rest = raw;
            loop {
                let (marker, skip) = if in_comment { ("-->", 3) } else { ("<!--", 4) };
                let Some(at) = rest.find(marker) else {
                    if !in_comment {
                        kept.push_str(rest);
                    }
                    break;
                };
                if !in_comment {
                    kept.push_str(rest.get(..at).unwrap_or(""));
                }
                rest = rest.get(at + skip..).unwrap_or("");
                in_comment = !in_comment;
            }
            lines.push(kept);
        }
        Source { line, lines }
    }

    /// Each line with its number.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.lines
            .iter()
            .enumerate()
            .map(|(i, text)| (self.line + i, text.as_str()))
    }

    /// The lines numbered `from` up to (not including) `to`.
    pub fn between(&self, from: usize, to: usize) -> Source {
        let start = from.saturating_sub(self.line).min(self.lines.len());
        let end = to.saturating_sub(self.line).clamp(start, self.lines.len());
        Source {
            line: self.line + start,
            lines: self.lines.get(start..end).unwrap_or_default().to_vec(),
        }
    }

    /// The text, its lines joined by `\n`, without blank lines at either end.
    pub fn text(&self) -> String {
        let blank = |l: &String| l.trim().is_empty();
        let start = self
            .lines
            .iter()
            .position(|l| !blank(l))
            .unwrap_or(self.lines.len());
        let end = self
            .lines
            .iter()
            .rposition(|l| !blank(l))
            .map_or(start, |e| e + 1);
        self.lines
            .get(start..end.max(start))
            .unwrap_or_default()
            .join("\n")
    }

    /// Whether every line is blank.
    pub fn is_blank(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }
}

/// Byte offsets to 1-based line numbers.
struct LineStarts(Vec<usize>);

impl LineStarts {
    fn of(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts(starts)
    }

    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset).max(1)
    }

    /// The offset where a 1-based line starts (`end` past the last line).
    fn start(&self, line: usize, end: usize) -> usize {
        line.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .copied()
            .unwrap_or(end)
            .min(end)
    }
}

/// Reads the Markdown of `text` from byte `from` (the first byte after the
/// front matter; 0 when there is none). Lines are counted from the start
/// of `text`.
pub(crate) fn read(text: &str, from: usize) -> MarkdownTree {
    let body = text.get(from..).unwrap_or("");
    let (body, from) = match body.strip_prefix('\u{feff}') {
        Some(rest) => (rest, from + '\u{feff}'.len_utf8()),
        None => (body, from),
    };
    let reader = Reader {
        source: body,
        from,
        lines: LineStarts::of(text),
    };
    let mut events = Parser::new_ext(body, Options::ENABLE_TABLES)
        .into_offset_iter()
        .peekable();
    let mut tree = MarkdownTree::default();
    // Where each section's body starts: the line after its heading (a
    // setext heading's underline included).
    let mut body_starts = Vec::new();
    while let Some((event, range)) = events.next() {
        if let Event::Start(Tag::Heading { level, .. }) = &event {
            let level = heading_level(*level);
            if level <= 3 {
                let title = reader.inline(&mut events);
                skip_to_end(&mut events);
                let last = reader.line(&(range.end.saturating_sub(1).max(range.start)..range.end));
                body_starts.push(last + 1);
                let line = reader.line(&range);
                tree.sections.push(Section {
                    line,
                    level,
                    title,
                    blocks: Vec::new(),
                    body: Source::default(),
                });
                continue;
            }
        }
        if let Some(block) = reader.block(event, range, &mut events) {
            match tree.sections.last_mut() {
                Some(section) => section.blocks.push(block),
                None => tree.preamble.push(block),
            }
        }
    }
    let ends: Vec<usize> = tree.sections.iter().skip(1).map(|s| s.line).collect();
    for (i, (section, start)) in tree.sections.iter_mut().zip(body_starts).enumerate() {
        let from = reader.lines.start(start, text.len());
        let to = ends
            .get(i)
            .map_or(text.len(), |&end| reader.lines.start(end, text.len()));
        section.body = Source::new(text.get(from..to.max(from)).unwrap_or(""), start, 0);
    }
    tree
}

type Events<'a> = Peekable<OffsetIter<'a>>;

struct Reader<'a> {
    source: &'a str,
    from: usize,
    lines: LineStarts,
}

impl Reader<'_> {
    fn line(&self, range: &Range<usize>) -> usize {
        self.lines.line(self.from + range.start)
    }

    fn slice(&self, range: Range<usize>) -> &str {
        self.source.get(range).unwrap_or("")
    }

    /// An inline event's range with the backslashes before it: an escaped
    /// character's text starts after its backslash, and in a table cell a
    /// backslash before `\|` has no event at all. Text as written keeps
    /// them (the readers unescape it).
    fn with_escapes(&self, range: Range<usize>) -> Range<usize> {
        let before = self
            .source
            .as_bytes()
            .get(..range.start)
            .unwrap_or_default();
        let backslashes = before.iter().rev().take_while(|&&b| b == b'\\').count();
        range.start - backslashes..range.end
    }

    /// One block, its opening event already taken; `None` for what a
    /// reader never sees (an HTML comment, a stray end).
    fn block(
        &self,
        event: Event<'_>,
        range: Range<usize>,
        events: &mut Events<'_>,
    ) -> Option<Block> {
        let line = self.line(&range);
        match event {
            Event::Start(Tag::Paragraph) => {
                let text = self.inline(events);
                skip_to_end(events);
                (!text.is_empty()).then_some(Block::Paragraph { line, text })
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let text = self.inline(events);
                skip_to_end(events);
                Some(Block::Heading {
                    line,
                    level: heading_level(level),
                    text,
                })
            }
            Event::Start(Tag::List(_)) => Some(Block::List {
                line,
                items: self.items(events),
            }),
            Event::Start(Tag::Table(_)) => Some(Block::Table {
                line,
                rows: self.rows(events),
            }),
            Event::Start(Tag::CodeBlock(_)) => {
                let mut text = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(part) => text.push_str(&part),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                Some(Block::Code {
                    line,
                    text: text.replace('\r', ""),
                })
            }
            Event::Start(_) => {
                skip_to_end(events);
                let text = without_comments(self.slice(range));
                (!text.trim().is_empty()).then(|| Block::Other {
                    line,
                    text: normalised(&text),
                })
            }
            Event::Rule => Some(Block::Other {
                line,
                text: normalised(self.slice(range)),
            }),
            Event::Html(html) | Event::InlineHtml(html) => {
                let text = without_comments(&html);
                (!text.trim().is_empty()).then(|| Block::Other {
                    line,
                    text: normalised(&text),
                })
            }
            Event::Text(text) => Some(Block::Paragraph {
                line,
                text: normalised(&text),
            }),
            _ => None,
        }
    }

    /// The items of a list, up to its end.
    fn items(&self, events: &mut Events<'_>) -> Vec<Item> {
        let mut items = Vec::new();
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::Item) => items.push(self.item(self.line(&range), events)),
                Event::End(_) => break,
                _ => {}
            }
        }
        items
    }

    /// One item: its text (inline, or its first paragraph when the list is
    /// loose), then its nested blocks, up to the item's end.
    fn item(&self, line: usize, events: &mut Events<'_>) -> Item {
        let mut item = Item {
            line,
            text: self.inline(events),
            blocks: Vec::new(),
            details: Source::default(),
        };
        let mut nested: Option<Range<usize>> = None;
        while let Some((event, range)) = events.next() {
            if let Event::End(_) = event {
                break;
            }
            let first = item.text.is_empty() && item.blocks.is_empty();
            match self.block(event, range.clone(), events) {
                Some(Block::Paragraph { text, .. }) if first => item.text = text,
                Some(block) => {
                    item.blocks.push(block);
                    nested = Some(match nested {
                        Some(kept) => kept.start..range.end.max(kept.end),
                        None => range,
                    });
                }
                None => {}
            }
        }
        if let Some(range) = nested {
            // The nested blocks are indented as far as the first of them
            // starts in its line.
            let line = self.line(&range);
            let indent =
                (self.from + range.start).saturating_sub(self.lines.start(line, usize::MAX));
            item.details = Source::new(self.slice(range), line, indent);
        }
        item
    }

    /// The rows of a table (the head row first), up to its end.
    fn rows(&self, events: &mut Events<'_>) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut depth = 0usize;
        while let Some((event, range)) = events.next() {
            match event {
                Event::Start(Tag::TableHead | Tag::TableRow) => {
                    depth += 1;
                    let written = cells_written(self.slice(range.clone()));
                    rows.push(Row {
                        line: self.line(&range),
                        cells: Vec::new(),
                        written,
                    });
                }
                Event::Start(Tag::TableCell) => {
                    let cell = self.inline(events);
                    skip_to_end(events);
                    if let Some(row) = rows.last_mut() {
                        row.cells.push(cell);
                    }
                }
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => depth = depth.saturating_sub(1),
                Event::End(_) if depth == 0 => break,
                _ => {}
            }
        }
        rows
    }

    /// The inline content that follows (up to the first event that is not
    /// inline), as written: from the first inline event to the end of the
    /// last, with HTML comments cut out.
    fn inline(&self, events: &mut Events<'_>) -> String {
        let mut text = String::new();
        let mut span: Option<Range<usize>> = None;
        let mut depth = 0usize;
        let mut in_comment = false;
        while let Some((event, _)) = events.peek() {
            let opens = matches!(event, Event::Start(tag) if is_inline_tag(tag));
            let closes = matches!(event, Event::End(tag) if is_inline_end(tag));
            let leaf = matches!(
                event,
                Event::Text(_)
                    | Event::Code(_)
                    | Event::InlineHtml(_)
                    | Event::SoftBreak
                    | Event::HardBreak
                    | Event::FootnoteReference(_)
                    | Event::InlineMath(_)
                    | Event::DisplayMath(_)
                    | Event::TaskListMarker(_)
            );
            if !(opens || leaf || (closes && depth > 0)) {
                break;
            }
            let Some((event, range)) = events.next() else {
                break;
            };
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
            let comment = match &event {
                Event::InlineHtml(html) if in_comment || html.trim_start().starts_with("<!--") => {
                    in_comment = !html.contains("-->");
                    true
                }
                _ => false,
            };
            if comment {
                if let Some(kept) = span.take() {
                    text.push_str(self.slice(kept));
                }
                continue;
            }
            span = Some(match span {
                Some(kept) => kept.start..range.end.max(kept.end),
                None => self.with_escapes(range),
            });
        }
        if let Some(kept) = span {
            text.push_str(self.slice(kept));
        }
        normalised(&text)
    }
}

fn heading_level(level: HeadingLevel) -> usize {
    level as usize
}

fn is_inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Takes events up to the end of the element whose start was just taken.
fn skip_to_end(events: &mut Events<'_>) {
    let mut depth = 0usize;
    for (event, _) in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
}

/// How many cells a table row's line holds: its `|`s that are not
/// escaped, the ones at either end not counting as separators.
fn cells_written(row: &str) -> usize {
    let row = row.trim();
    let inner = row.strip_prefix('|').unwrap_or(row);
    let mut separators = 0;
    let mut escaped = false;
    let mut last_is_bar = false;
    for ch in inner.chars() {
        last_is_bar = ch == '|' && !escaped;
        if last_is_bar {
            separators += 1;
        }
        escaped = ch == '\\' && !escaped;
    }
    if last_is_bar {
        separators -= 1;
    }
    separators + 1
}

/// Text without `<!-- … -->` comments (an unclosed one runs to the end).
fn without_comments(text: &str) -> String {
    let mut kept = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        kept.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 4..).unwrap_or("");
        rest = match after.find("-->") {
            Some(end) => after.get(end + 3..).unwrap_or(""),
            None => "",
        };
    }
    kept.push_str(rest);
    kept
}

/// Lines without `\r`, each trimmed (continuation lines are indented, a
/// trailing double space is a line break), joined by `\n`, without blank
/// lines at either end.
fn normalised(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(str::trim).collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(tree: &MarkdownTree) -> Vec<(usize, usize, &str)> {
        tree.sections
            .iter()
            .map(|s| (s.line, s.level, s.title.as_str()))
            .collect()
    }

    fn items(block: &Block) -> Vec<&str> {
        match block {
            Block::List { items, .. } => items.iter().map(|i| i.text.as_str()).collect(),
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn atx_and_setext_headings_are_sections_with_their_lines() {
        let tree = read(
            "Title\n=====\n\nContext\n-------\n\ntext\n\n### Use C# ##\n",
            0,
        );
        assert_eq!(
            titles(&tree),
            vec![(1, 1, "Title"), (4, 2, "Context"), (9, 3, "Use C#")]
        );
        assert_eq!(
            tree.sections[1].blocks,
            vec![Block::Paragraph {
                line: 7,
                text: "text".into()
            }]
        );
    }

    #[test]
    fn deeper_headings_are_blocks_of_their_section() {
        let tree = read("## A\n\n#### Detail\n\nbody\n", 0);
        assert_eq!(tree.sections.len(), 1);
        assert_eq!(
            tree.sections[0].blocks[0],
            Block::Heading {
                line: 3,
                level: 4,
                text: "Detail".into()
            }
        );
    }

    #[test]
    fn a_code_block_holding_a_hash_line_is_not_a_heading() {
        let tree = read("## A\n\n```\n# not a heading\n```\n", 0);
        assert_eq!(tree.sections.len(), 1);
        assert_eq!(
            tree.sections[0].blocks,
            vec![Block::Code {
                line: 3,
                text: "# not a heading\n".into()
            }]
        );
    }

    #[test]
    fn every_bullet_marker_makes_a_list_and_nested_items_stay_under_theirs() {
        let tree = read("## A\n\n* one\n  wrapped\n\n+ two\n  - nested *x*\n", 0);
        let blocks = &tree.sections[0].blocks;
        // A change of marker starts a new list (CommonMark).
        assert_eq!(items(&blocks[0]), vec!["one\nwrapped"]);
        assert_eq!(items(&blocks[1]), vec!["two"]);
        let Block::List { items: two, .. } = &blocks[1] else {
            panic!("expected a list")
        };
        assert_eq!(two[0].line, 6);
        assert_eq!(items(&two[0].blocks[0]), vec!["nested *x*"]);
    }

    #[test]
    fn crlf_comments_and_escapes_are_read_as_written() {
        let tree = read("## A \\# b ##\r\n\r\n<!-- template hint -->\r\nsome <!-- aside --> `code` \\* text  \r\nnext\r\n", 0);
        assert_eq!(titles(&tree), vec![(1, 2, "A \\# b")]);
        assert_eq!(
            tree.sections[0].blocks,
            vec![Block::Paragraph {
                line: 4,
                text: "some  `code` \\* text\nnext".into()
            }]
        );
    }

    #[test]
    fn tables_give_their_cells_and_lines() {
        let tree = read("| a | b \\| c |\n| --- | --- |\n| 1 | 2 |\n", 0);
        let Block::Table { line, rows } = &tree.preamble[0] else {
            panic!("expected a table")
        };
        assert_eq!(*line, 1);
        let cells: Vec<(usize, Vec<&str>)> = rows
            .iter()
            .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(cells, vec![(1, vec!["a", "b \\| c"]), (3, vec!["1", "2"])]);
    }

    #[test]
    fn headings_follow_commonmark() {
        let heading = |line: &str| {
            read(line, 0)
                .sections
                .first()
                .map(|s| (s.level, s.title.clone()))
        };
        assert_eq!(
            heading("## Decision Drivers"),
            Some((2, "Decision Drivers".to_owned()))
        );
        assert_eq!(heading("# Use C# ##"), Some((1, "Use C#".to_owned())));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("    # code"), None);
        assert_eq!(heading("####### seven"), None);
        assert_eq!(heading("#"), Some((1, String::new())));
    }

    #[test]
    fn table_cells_honour_escaped_bars() {
        let cells = |text: &str| match read(text, 0).preamble.first() {
            Some(Block::Table { rows, .. }) => rows.first().map(|r| (r.cells.clone(), r.written)),
            _ => None,
        };
        assert_eq!(
            cells("| a \\| b | c |\n| - | - |\n"),
            Some((vec!["a \\| b".to_owned(), "c".to_owned()], 2))
        );
        assert_eq!(cells("no table"), None);
    }

    #[test]
    fn sections_and_nested_blocks_give_their_source() {
        let tree = read("## A\r\n\r\nfirst <!-- cut -->\r\n\r\n* item\r\n  * nested \\*x\\*\r\n    more\r\n## B\n", 0);
        assert_eq!(
            tree.sections[0].body.text(),
            "first \n\n* item\n  * nested \\*x\\*\n    more"
        );
        let Block::List { items, .. } = &tree.sections[0].blocks[1] else {
            panic!("expected a list")
        };
        assert_eq!(
            (items[0].details.line, items[0].details.text()),
            (6, "* nested \\*x\\*\n  more".to_owned())
        );
        let sources: Vec<String> = tree.sections[0]
            .blocks_as_written()
            .map(|(_, s)| s.text())
            .collect();
        assert_eq!(
            sources,
            vec![
                "first ".to_owned(),
                "* item\n  * nested \\*x\\*\n    more".to_owned()
            ]
        );
    }

    #[test]
    fn lines_count_from_the_start_of_the_file() {
        let text = "---\nstatus: accepted\n---\n\n# Title\n";
        let tree = read(text, text.find("\n\n").map_or(0, |i| i + 1));
        assert_eq!(titles(&tree), vec![(5, 1, "Title")]);
        assert_eq!(read(text, 10_000), MarkdownTree::default());
        assert_eq!(read("é", 1), MarkdownTree::default());
    }
}

#[cfg(test)]
mod data_files {
    //! The hand-edited files of tests/data/adr, read as a renderer shows
    //! them (what the line parser got wrong: setext headings, nested
    //! bullets under an option's pros and cons).

    use super::*;

    const HAND_EDITED: &str = include_str!("../../tests/data/adr/hand-edited-madr.md");
    const SETEXT_AND_NESTED: &str = include_str!("../../tests/data/adr/setext-and-nested.md");

    fn section_titles(tree: &MarkdownTree) -> Vec<(usize, usize, String)> {
        tree.sections
            .iter()
            .map(|s| (s.line, s.level, s.title.clone()))
            .collect()
    }

    #[test]
    fn setext_headings_and_nested_bullets_are_read() {
        let tree = read(SETEXT_AND_NESTED, 0);
        assert_eq!(
            section_titles(&tree),
            vec![
                (1, 1, "Use Postgres read replicas".to_owned()),
                (4, 2, "Considered Options".to_owned()),
                (10, 2, "Pros and Cons of the Options".to_owned()),
                (13, 3, "Read replicas".to_owned()),
            ]
        );
        let Some(Block::List { items, .. }) = tree.sections[3].blocks.first() else {
            panic!(
                "expected the pros and cons as a list: {:?}",
                tree.sections[3].blocks
            )
        };
        let texts: Vec<(usize, &str)> = items.iter().map(|i| (i.line, i.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![
                (15, "Good, because reads scale"),
                (17, "Bad, because replication lag")
            ]
        );
        let Some(Block::List { items: nested, .. }) = items[0].blocks.first() else {
            panic!(
                "expected the nested detail under its pro: {:?}",
                items[0].blocks
            )
        };
        assert_eq!(
            (nested[0].line, nested[0].text.as_str()),
            (16, "nested detail under a pro")
        );
    }

    #[test]
    fn the_hand_edited_madr_reads_the_same_with_crlf() {
        let from = HAND_EDITED
            .match_indices("---\n")
            .nth(1)
            .map_or(0, |(i, _)| i + 4);
        let lf = read(HAND_EDITED, from);
        let crlf_text = HAND_EDITED.replace('\n', "\r\n");
        let crlf_from = crlf_text
            .match_indices("---\r\n")
            .nth(1)
            .map_or(0, |(i, _)| i + 5);
        assert_eq!(read(&crlf_text, crlf_from), lf);
        assert!(
            lf.preamble.is_empty(),
            "the template comment is not text: {:?}",
            lf.preamble
        );
        assert_eq!(lf.sections[0].title, "Use Postgres read replicas");
        assert_eq!(lf.sections[0].line, 7);
        let options = &lf.sections[2].blocks;
        let names: Vec<&str> = options
            .iter()
            .flat_map(|b| match b {
                Block::List { items, .. } => items.iter().map(|i| i.text.as_str()).collect(),
                _ => Vec::new(),
            })
            .collect();
        assert_eq!(
            names,
            vec![
                "Read replicas",
                "Use `pgbouncer` with *care*, see [docs](https://example.com)"
            ]
        );
        assert_eq!(
            lf.sections[4].blocks,
            vec![Block::Code {
                line: 25,
                text: "# a shell comment, not a heading\n".to_owned()
            }]
        );
    }
}
