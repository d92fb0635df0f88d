//! Plain text inside Markdown, both ways. Everything a user typed is
//! escaped on export so that GitHub shows it as the very characters typed —
//! `<img src=x onerror=alert(1)>` stays text, `* not a bullet` stays text,
//! a line `## Decision` in a context cannot open a section — and the
//! importers unescape it back, so export → import is the identity.
//!
//! HTML-significant characters become entities (`&lt;`; a quote stays a
//! quote, which GitHub shows as typed and people read more easily), Markdown
//! punctuation gets a backslash (`\*`), and what Markdown would swallow
//! (leading and trailing whitespace, line breaks inside a one-line value,
//! control characters) becomes a numeric entity (`&#32;`, `&#10;`).

/// Characters that get a backslash wherever they appear: they open
/// emphasis, code, links, tables, strikethrough, GitHub math or headings.
const PUNCTUATION: &[char] = &['\\', '`', '*', '[', ']', '|', '~', '$', '#'];

fn entity(out: &mut String, ch: char) {
    out.push_str(&format!("&#{};", u32::from(ch)));
}

/// Whether `-`, `+` or `=` at the start of a line, followed by `rest`,
/// would open a block: a bullet (`- x`, `+ x`), a thematic break (`---`)
/// or a setext underline (`===`, `---`). `-5%` and `=sum` would not.
fn opens_block(ch: char, rest: &[char]) -> bool {
    let bullet = ch != '=' && rest.first().is_none_or(|c| c.is_whitespace());
    let rule = ch != '+' && rest.iter().all(|c| *c == ch || c.is_whitespace());
    bullet || rule
}

/// Escapes one line of text. `line_start` says the text begins a Markdown
/// line or follows a list marker, where `-`, `+`, `=` and `1.` would start
/// a block.
fn escape_line(text: &str, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    let leading = chars.iter().take_while(|c| c.is_whitespace()).count();
    let trailing = chars[leading..].iter().rev().take_while(|c| c.is_whitespace()).count();
    // "12. " or "3) " at the start would become an ordered list.
    let digits = chars[leading..].iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, &ch) in chars.iter().enumerate() {
        let edge = i < leading || i >= chars.len() - trailing;
        match ch {
            _ if edge => entity(out, ch),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' => {
                // Intraword underscores never emphasise (CommonMark), so
                // `db_primary` stays readable in the file.
                let before = i.checked_sub(1).and_then(|j| chars.get(j));
                let after = chars.get(i + 1);
                if before.is_some_and(|c| c.is_alphanumeric()) && after.is_some_and(|c| c.is_alphanumeric()) {
                    out.push('_');
                } else {
                    out.push_str("\\_");
                }
            }
            '-' | '+' | '=' if i == leading && opens_block(ch, &chars[i + 1..]) => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if digits > 0 && i == leading + digits && chars.get(i + 1).is_none_or(|c| c.is_whitespace()) => {
                out.push('\\');
                out.push(ch);
            }
            _ if PUNCTUATION.contains(&ch) => {
                out.push('\\');
                out.push(ch);
            }
            _ if ch.is_control() => entity(out, ch),
            _ => out.push(ch),
        }
    }
}

/// Text that must stay on one line (a title, a list item, a name): line
/// breaks are kept as `&#10;`.
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_line(text, &mut out);
    out
}

/// A table cell: like [`escape_inline`], and the arrow and dash the
/// evidence tables use as separators and "nothing" are kept apart from a
/// value that contains them.
pub fn escape_cell(text: &str) -> String {
    if text == "—" {
        return "&#8212;".to_owned();
    }
    escape_inline(text).replace('→', "&#8594;")
}

/// Text of several lines (a context, a description): each line escaped,
/// line breaks kept as line breaks, so a blank line stays a paragraph
/// break. Line breaks at the very start or end, which a reader of the
/// section could not see, are kept as `&#10;`.
pub fn escape_block(text: &str) -> String {
    let body = text.trim_matches('\n');
    let leading = text.len() - text.trim_start_matches('\n').len();
    let trailing = if body.is_empty() { 0 } else { text.len() - text.trim_end_matches('\n').len() };
    let mut out = "&#10;".repeat(leading);
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        escape_line(line, &mut out);
    }
    out.push_str(&"&#10;".repeat(trailing));
    out
}

/// The named entities the importer understands besides numeric ones.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => return None,
    })
}

/// Reads an entity at the start of `rest` (just after `&`): the character
/// and how many bytes it took, `;` included.
fn entity_at(rest: &str) -> Option<(char, usize)> {
    let end = rest.find(';').filter(|&end| end <= 10)?;
    let body = &rest[..end];
    let ch = if let Some(number) = body.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        char::from_u32(code)?
    } else {
        named_entity(body)?
    };
    Some((ch, end + 1))
}

/// Undoes the escaping: backslash escapes of ASCII punctuation and
/// entities become the characters again; anything else (a bare `&`, a
/// backslash before a letter, as people write by hand) is kept as it is.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        let after = &rest[ch.len_utf8()..];
        match ch {
            '\\' => match after.chars().next() {
                Some(next) if next.is_ascii_punctuation() => {
                    out.push(next);
                    rest = &after[1..];
                }
                _ => {
                    out.push('\\');
                    rest = after;
                }
            },
            '&' => match entity_at(after) {
                Some((decoded, used)) => {
                    out.push(decoded);
                    rest = &after[used..];
                }
                None => {
                    out.push('&');
                    rest = after;
                }
            },
            _ => {
                out.push(ch);
                rest = after;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, inline: &str) {
        assert_eq!(escape_inline(text), inline, "escaping {text:?}");
        assert_eq!(unescape(inline), text, "unescaping {inline:?}");
    }

    #[test]
    fn user_text_stays_text() {
        check("Add read replicas", "Add read replicas");
        check("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
        check("Tom & \"Jerry\"", "Tom &amp; \"Jerry\"");
        check("*bold* [link](x) `code` a|b ~s~ $x$ C#", "\\*bold\\* \\[link\\](x) \\`code\\` a\\|b \\~s\\~ \\$x\\$ C\\#");
        check("db_primary _x_", "db_primary \\_x\\_");
        check("- not a list", "\\- not a list");
        check("12. not a list", "12\\. not a list");
        check("-5% and 4.17× need nothing", "-5% and 4.17× need nothing");
        check("===", "\\===");
        check("+", "\\+");
        check("v1.2 is fine", "v1.2 is fine");
        check("  padded\t", "&#32;&#32;padded&#9;");
        check("two\nlines", "two&#10;lines");
        check("back\\slash", "back\\\\slash");
        check("&amp; typed", "&amp;amp; typed");
        check("", "");
    }

    #[test]
    fn blocks_keep_their_lines() {
        let text = "\nFirst line\n\n## Not a heading\n    not code\n---\n";
        let escaped = escape_block(text);
        assert_eq!(escaped, "&#10;First line\n\n\\#\\# Not a heading\n&#32;&#32;&#32;&#32;not code\n\\---&#10;");
        assert_eq!(unescape(&escaped), text);
        assert_eq!(escape_block("\n"), "&#10;");
        assert_eq!(unescape("&#10;"), "\n");
    }

    #[test]
    fn hand_written_markdown_reads_as_people_meant() {
        assert_eq!(unescape("R&D \\n AT&T &bogus; &#xZZ;"), "R&D \\n AT&T &bogus; &#xZZ;");
        assert_eq!(unescape("&#x1F600; &#128512;"), "😀 😀");
        assert_eq!(unescape("ends with \\"), "ends with \\");
        assert_eq!(escape_cell("—"), "&#8212;");
        assert_eq!(escape_cell("a → b"), "a &#8594; b");
    }
}
