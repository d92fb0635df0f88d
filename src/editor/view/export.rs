//! The picture as a file: a standalone SVG of the canvas as shown — every
//! box in its band's colour at the current growth, the arrows with their
//! rates, the bottleneck's frame and tab — with a title, the headline and
//! the legend, so the picture explains itself on a slide or in a wiki.
//!
//! Colours and styles are presentation attributes rather than a style
//! sheet, so any SVG viewer draws the same picture; every text is
//! XML-escaped. The page turns this same SVG into a PNG.
//!
//! The title and headline are sized by an estimate of their glyphs' width
//! (no fonts are measured here): the headline wraps onto a second line,
//! and a line still too wide for the picture is drawn squeezed to its
//! width (`textLength`), so long names never run out of the picture.

use std::fmt::Write;

use crate::editor::view::layout::{NODE_HEIGHT, NODE_WIDTH};
use crate::editor::view::legend::{bands, line_styles};
use crate::editor::view::scene::{tab_is_long, CanvasScene, EdgeScene, NodeScene, LONG_TAB_EXTRA};
use crate::editor::view::shapes::{icon, status_glyph, GlyphPart, ICON_SIZE};
use crate::engine::{Report, Status};
use crate::words::headline::headline;
use crate::words::quantity::multiplier;
use crate::model::{CallMode, Document};

const FONT: &str = "'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif";
const INK: &str = "#0f172a";
const INK_MUTED: &str = "#334155";
const EDGE: &str = "#334155";
const SURFACE: &str = "#ffffff";
const CORNER: f64 = 14.0;
const STRIP_HEIGHT: f64 = 36.0;
const FRAME_OFFSET: f64 = 7.0;
const TAB_HEIGHT: f64 = 30.0;
const INSET: f64 = 16.0;
/// Room above the drawing for the title and headline, and below for the
/// legend.
const HEADER: f64 = 96.0;
const FOOTER: f64 = 72.0;

/// A band's colours: strong (borders, strip), tint (box body), glyph.
struct Band {
    strong: &'static str,
    tint: &'static str,
    glyph: &'static str,
}

/// The page's design tokens (style/tokens.css), as literal colours.
fn band(status: Status) -> Band {
    match status {
        Status::Ok => Band { strong: "#00795a", tint: "#def3ea", glyph: "#00795a" },
        Status::Warm => Band { strong: "#9a5b00", tint: "#fff0cc", glyph: "#e69f00" },
        Status::Hot => Band { strong: "#c24a00", tint: "#ffdfc9", glyph: "#c24a00" },
        Status::Saturated => Band { strong: "#8e1450", tint: "#f8d9e7", glyph: "#8e1450" },
        Status::Idle => Band { strong: "#5b6676", tint: "#eceff3", glyph: "#5b6676" },
    }
}

/// The border of a band: width and dashes, so the band reads without
/// colour too.
fn border(status: Status) -> (f64, Option<&'static str>) {
    match status {
        Status::Ok => (3.0, None),
        Status::Warm => (4.0, Some("14 6")),
        Status::Hot => (6.0, None),
        Status::Saturated => (7.0, None),
        Status::Idle => (3.0, Some("2 7")),
    }
}

/// Text made safe for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A file name for the picture: the document's name as a slug and the
/// growth ("mvp-that-creaks-at-10x.svg").
pub fn file_name(doc: &Document, growth: f64, extension: &str) -> String {
    let mut slug = String::new();
    for c in doc.name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_end_matches('-').chars().take(60).collect();
    let slug = if slug.is_empty() { "headroom".to_owned() } else { slug };
    let growth = multiplier(growth).replace('×', "x").replace('.', "_");
    format!("{slug}-at-{growth}.{extension}")
}

/// The picture's size in canvas units (also the PNG's size at scale 1):
/// the drawing or the legend's row, whichever is wider.
pub fn picture_size(doc: &Document, scene: &CanvasScene) -> (f64, f64) {
    let width = scene.bounds.width.max(legend_width(doc) + 32.0);
    (width.ceil(), (scene.bounds.height + HEADER + FOOTER).ceil())
}

/// The standalone SVG of the scene, titled with the document and the
/// headline and closed by the legend.
pub fn svg(doc: &Document, report: &Report, scene: &CanvasScene) -> String {
    let b = scene.bounds;
    let (width, height) = picture_size(doc, scene);
    let (left, top) = (b.x, b.y - HEADER);
    let mut out = String::with_capacity(4096 + 1200 * scene.nodes.len() + 400 * scene.edges.len());
    let title = format!("{} at {} growth", doc.name, multiplier(report.growth));
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{} {} {width} {height}" width="{width}" height="{height}" font-family="{FONT}" role="img" aria-labelledby="picture-title">"#,
        num(left),
        num(top)
    );
    let _ = write!(out, r#"<title id="picture-title">{}</title>"#, xml_escape(&title));
    out.push_str(concat!(
        r#"<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">"#,
        r##"<path d="M0 0 L10 5 L0 10 Z" fill="#334155"/></marker>"##,
        r#"<pattern id="hatch" width="16" height="16" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">"#,
        r##"<rect width="5" height="16" fill="#8e1450" opacity="0.22"/></pattern></defs>"##
    ));
    let _ = write!(out, r#"<rect x="{}" y="{}" width="{width}" height="{height}" fill="{SURFACE}"/>"#, num(left), num(top));
    let available = width - 2.0 * HEADER_MARGIN;
    header_line(&mut out, (left + HEADER_MARGIN, top + 38.0), 28.0, r#"font-weight="800" fill=""#.to_owned() + INK + "\"", &title, available);
    let words = headline(doc, report, &crate::engine::Analysis::new(doc).objective_headroom());
    let lines = wrap(&words, HEADLINE_SIZE, available, HEADLINE_LINES);
    // One line sits where it always did; two share the room under the title.
    let first_y = if lines.len() > 1 { 62.0 } else { 70.0 };
    for (i, line) in lines.iter().enumerate() {
        let y = top + first_y + i as f64 * (HEADLINE_SIZE + 4.0);
        header_line(&mut out, (left + HEADER_MARGIN, y), HEADLINE_SIZE, r#"font-weight="600" fill=""#.to_owned() + INK_MUTED + "\"", line, available);
    }
    out.push_str("<g>");
    for edge in &scene.edges {
        edge_svg(&mut out, edge);
    }
    out.push_str("</g><g>");
    for node in &scene.nodes {
        node_svg(&mut out, node);
    }
    out.push_str("</g>");
    legend_svg(&mut out, doc, left + 16.0, b.y + b.height + 40.0);
    out.push_str("</svg>");
    out
}

fn edge_svg(out: &mut String, edge: &EdgeScene) {
    let dashes = if edge.mode == CallMode::Async { r#" stroke-dasharray="10 7""# } else { "" };
    let _ = write!(
        out,
        r#"<path d="{}" fill="none" stroke="{EDGE}" stroke-width="3"{dashes} marker-end="url(#arrowhead)"/>"#,
        xml_escape(&edge.path)
    );
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" text-anchor="middle" dominant-baseline="central" font-size="19" font-weight="700" fill="{INK}" stroke="{SURFACE}" stroke-width="10" stroke-linejoin="round" paint-order="stroke">{}</text>"#,
        num(edge.label_at.x),
        num(edge.label_at.y),
        xml_escape(&edge.label)
    );
}

fn node_svg(out: &mut String, node: &NodeScene) {
    let (w, h) = (NODE_WIDTH, NODE_HEIGHT);
    let colours = band(node.status);
    let strip_top = h - STRIP_HEIGHT;
    let _ = write!(out, r#"<g transform="translate({} {})">"#, num(node.origin.x), num(node.origin.y));
    if let Some(tab) = &node.bottleneck {
        let _ = write!(
            out,
            r#"<rect x="{o}" y="{o}" width="{}" height="{}" rx="{}" fill="none" stroke="{INK}" stroke-width="5"/>"#,
            w + 2.0 * FRAME_OFFSET,
            h + 2.0 * FRAME_OFFSET,
            CORNER + FRAME_OFFSET,
            o = -FRAME_OFFSET
        );
        let long = tab_is_long(tab);
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{INK}"/>"#,
            -FRAME_OFFSET,
            -FRAME_OFFSET - TAB_HEIGHT,
            w + 2.0 * FRAME_OFFSET + if long { LONG_TAB_EXTRA } else { 0.0 },
            TAB_HEIGHT + 6.0
        );
        let (size, spacing) = if long { (15, 0.3) } else { (18, 0.7) };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dominant-baseline="central" font-size="{size}" font-weight="800" letter-spacing="{spacing}" fill="{SURFACE}">{}</text>"#,
            INSET - FRAME_OFFSET,
            -FRAME_OFFSET - TAB_HEIGHT / 2.0,
            xml_escape(&tab.to_uppercase())
        );
    }
    let _ = write!(out, r#"<rect width="{w}" height="{h}" rx="{CORNER}" fill="{}"/>"#, colours.tint);
    if node.status == Status::Saturated {
        let _ = write!(out, r#"<rect width="{w}" height="{strip_top}" rx="{CORNER}" fill="url(#hatch)"/>"#);
    }
    let _ = write!(
        out,
        r#"<path d="M0 {strip_top} H{w} V{} A{CORNER} {CORNER} 0 0 1 {} {h} H{CORNER} A{CORNER} {CORNER} 0 0 1 0 {} Z" fill="{}"/>"#,
        h - CORNER,
        w - CORNER,
        h - CORNER,
        colours.strong
    );
    let (stroke_width, dashes) = border(node.status);
    let dashes = dashes.map(|d| format!(r#" stroke-dasharray="{d}" stroke-linecap="round""#)).unwrap_or_default();
    let _ = write!(
        out,
        r#"<rect width="{w}" height="{h}" rx="{CORNER}" fill="none" stroke="{}" stroke-width="{stroke_width}"{dashes}/>"#,
        colours.strong
    );
    let _ = write!(
        out,
        r#"<path d="{}" transform="translate({} {})" fill="none" stroke="{INK_MUTED}" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>"#,
        icon(node.component_kind),
        w - ICON_SIZE - 12.0,
        strip_top - ICON_SIZE - 10.0
    );
    let halo = format!(r#" stroke="{}" stroke-width="6" stroke-linejoin="round" paint-order="stroke""#, colours.tint);
    let name_size = if node.long_name { 19 } else { 25 };
    let _ = write!(
        out,
        r#"<text x="{INSET}" y="36" font-size="{name_size}" font-weight="800" fill="{INK}"{halo}>{}</text>"#,
        xml_escape(&node.name)
    );
    let _ = write!(
        out,
        r#"<text x="{INSET}" y="61" font-size="17" font-weight="500" fill="{INK_MUTED}"{halo}>{}</text>"#,
        xml_escape(&node.kind)
    );
    let _ = write!(
        out,
        r#"<text x="{INSET}" y="{}" font-size="36" font-weight="800" fill="{INK}"{halo}>{}</text>"#,
        strip_top - 14.0,
        xml_escape(&node.utilisation_text)
    );
    glyph_svg(out, node.status, INSET - 4.0, strip_top + 6.0, 1.0, true);
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" dominant-baseline="central" font-size="19" font-weight="800" letter-spacing="1.1" fill="{SURFACE}">{}</text>"#,
        INSET + 28.0,
        strip_top + STRIP_HEIGHT / 2.0,
        node.status.label().to_uppercase()
    );
    out.push_str("</g>");
}

/// A status glyph at (x, y); `inverted` draws it white with band-coloured
/// marks, as in a box's strip.
fn glyph_svg(out: &mut String, status: Status, x: f64, y: f64, scale: f64, inverted: bool) {
    let colours = band(status);
    let (shape, mark) = match (inverted, status) {
        (true, _) => (SURFACE, colours.strong),
        (false, Status::Warm) => (colours.glyph, INK),
        (false, Status::Idle) => (SURFACE, colours.strong),
        (false, _) => (colours.glyph, SURFACE),
    };
    let outline = if !inverted && status == Status::Idle {
        format!(r#" stroke="{}" stroke-width="2.5""#, colours.strong)
    } else {
        String::new()
    };
    let _ = write!(out, r#"<g transform="translate({} {}) scale({scale})">"#, num(x), num(y));
    for part in status_glyph(status) {
        match part {
            GlyphPart::Shape(d) => {
                let _ = write!(out, r#"<path d="{d}" fill="{shape}"{outline}/>"#);
            }
            GlyphPart::Mark(d) => {
                let _ = write!(
                    out,
                    r#"<path d="{d}" fill="none" stroke="{mark}" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/>"#
                );
            }
            GlyphPart::Dot(cx, cy, r) => {
                let _ = write!(out, r#"<circle cx="{cx}" cy="{cy}" r="{r}" fill="{mark}"/>"#);
            }
        }
    }
    out.push_str("</g>");
}

/// Space left and right of the title and headline.
const HEADER_MARGIN: f64 = 16.0;
const HEADLINE_SIZE: f64 = 18.0;
/// Lines the headline may take in the header's room.
const HEADLINE_LINES: usize = 2;

/// A generous estimate of how wide `text` is at `size` in the picture's
/// sans-serif font, so that what is estimated to fit does fit: wide
/// letters count more, and characters of wide scripts and emoji a full em.
fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            'M' | 'W' | 'm' | 'w' | '@' | '%' => 0.9,
            _ if c.is_ascii_uppercase() || c.is_ascii_digit() => 0.7,
            ' ' | 'i' | 'l' | 'j' | 't' | 'f' | '.' | ',' | ':' | ';' | '\'' | '|' => 0.35,
            _ if c.is_ascii() => 0.6,
            _ if u32::from(c) >= 0x1100 => 1.0,
            _ => 0.7,
        })
        .sum();
    ems * size
}

/// Splits `text` at spaces into lines that fit `available`, at most
/// `max_lines`; what does not fit in them stays on the last line (which
/// is then squeezed). A word wider than a line has a line of its own.
fn wrap(text: &str, size: f64, available: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        let full = lines.len() >= max_lines;
        match lines.last_mut() {
            Some(line) if full || text_width(&format!("{line} {word}"), size) <= available => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// One line of the header at `at`, squeezed to `available` when it is
/// estimated wider.
fn header_line(out: &mut String, at: (f64, f64), size: f64, style: String, text: &str, available: f64) {
    let squeeze = if text_width(text, size) > available {
        format!(r#" textLength="{}" lengthAdjust="spacingAndGlyphs""#, num(available))
    } else {
        String::new()
    };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" {style}{squeeze}>{}</text>"#,
        num(at.0),
        num(at.1),
        num(size),
        xml_escape(text)
    );
}

/// Average character widths at the legend's sizes, for spacing.
const WORD_CHAR: f64 = 12.5;
const RANGE_CHAR: f64 = 8.6;
/// Swatch and gaps around a band's word and range.
const BAND_SWATCH: f64 = 50.0;
const WORD_GAP: f64 = 8.0;
const ENTRY_GAP: f64 = 28.0;
const LINE_SWATCH: f64 = 64.0;
const BOTTLENECK_ENTRY: f64 = 54.0 + 10.0 * RANGE_CHAR;

fn word_width(word: &str) -> f64 {
    word.chars().count() as f64 * WORD_CHAR + WORD_GAP
}

fn range_width(range: &str) -> f64 {
    range.chars().count() as f64 * RANGE_CHAR + ENTRY_GAP
}

/// How wide the legend's row is.
fn legend_width(doc: &Document) -> f64 {
    let bands: f64 = bands(&doc.scenario)
        .iter()
        .map(|b| BAND_SWATCH + word_width(b.status.label()) + range_width(&b.range))
        .sum();
    let lines: f64 = line_styles().iter().map(|l| LINE_SWATCH + range_width(l.meaning)).sum();
    bands + lines + BOTTLENECK_ENTRY
}

/// The legend in one row: bands, line styles, the bottleneck frame.
fn legend_svg(out: &mut String, doc: &Document, left: f64, y: f64) {
    let mut x = left;
    out.push_str(r#"<g font-size="16">"#);
    for entry in bands(&doc.scenario) {
        let colours = band(entry.status);
        let (stroke_width, dashes) = border(entry.status);
        let dashes = dashes.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="42" height="26" rx="6" fill="{}" stroke="{}" stroke-width="{}"{dashes}/>"#,
            num(x),
            num(y - 13.0),
            colours.tint,
            colours.strong,
            stroke_width.min(5.0)
        );
        glyph_svg(out, entry.status, x + 11.0, y - 10.0, 0.83, false);
        x += BAND_SWATCH;
        let word = entry.status.label().to_uppercase();
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dominant-baseline="central" font-weight="800" fill="{INK}">{word}</text>"#,
            num(x),
            num(y)
        );
        x += word_width(&word);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dominant-baseline="central" fill="{INK_MUTED}">{}</text>"#,
            num(x),
            num(y),
            xml_escape(&entry.range)
        );
        x += range_width(&entry.range);
    }
    for style in line_styles() {
        let dashes = if style.mode == CallMode::Async { r#" stroke-dasharray="10 7""# } else { "" };
        let _ = write!(
            out,
            r#"<path d="M{} {} h52" stroke="{EDGE}" stroke-width="3"{dashes} marker-end="url(#arrowhead)"/>"#,
            num(x),
            num(y)
        );
        x += LINE_SWATCH;
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dominant-baseline="central" fill="{INK_MUTED}">{}</text>"#,
            num(x),
            num(y),
            style.meaning
        );
        x += range_width(style.meaning);
    }
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="44" height="26" rx="8" fill="none" stroke="{INK}" stroke-width="5"/>"#,
        num(x),
        num(y - 13.0)
    );
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" dominant-baseline="central" fill="{INK_MUTED}">bottleneck</text>"#,
        num(x + 54.0),
        num(y)
    );
    out.push_str("</g>");
}

fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        rounded.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::editor::view::layout::layered_layout;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    fn picture(doc: &Document) -> String {
        let report = solve(doc);
        let scene = CanvasScene::new(doc, &report, &layered_layout(doc));
        svg(doc, &report, &scene)
    }

    #[test]
    fn the_picture_shows_what_the_canvas_shows_with_title_and_legend() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 10.0;
        let svg = picture(&doc);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("<title id=\"picture-title\">MVP that creaks at 10× growth</title>"));
        // The numbers at 10×: Postgres saturated, its band's colour and word.
        assert!(svg.contains(">240.0%</text>"), "utilisation at 10x");
        assert!(svg.contains(">SATURATED</text>"));
        assert!(svg.contains("fill=\"#f8d9e7\""), "saturated tint");
        assert!(svg.contains(">×2 · 2400/s read</text>"), "edge rate at 10x");
        assert!(svg.contains("BOTTLENECK"));
        // The legend.
        for word in ["OK", "WARM", "HOT", "IDLE", "sync: caller waits", "async: via a queue", "bottleneck"] {
            assert!(svg.contains(word), "legend lacks {word}");
        }
        assert!(svg.matches("<g transform=\"translate(").count() >= doc.components.len());
    }

    #[test]
    fn a_very_long_headline_stays_inside_the_picture() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 10.0;
        let long = "Primary transactional Postgres cluster for the order and invoicing services ".repeat(3);
        for component in &mut doc.components {
            component.name = format!("{long}{}", component.id);
        }
        doc.name = "A document whose name is long enough to run past the edge of any picture ".repeat(3);
        let report = solve(&doc);
        let scene = CanvasScene::new(&doc, &report, &layered_layout(&doc));
        let svg = svg(&doc, &report, &scene);
        let (width, _) = picture_size(&doc, &scene);
        let available = width - 2.0 * HEADER_MARGIN;
        // The header's lines: every <text> before the drawing's first group.
        let header = svg.split("<g>").next().unwrap_or("");
        let texts: Vec<&str> = header.split("<text ").skip(1).collect();
        assert!(texts.len() >= 3, "title and a wrapped headline: {header}");
        for text in texts {
            let content = text.split_once('>').map_or("", |(_, rest)| rest).split("</text>").next().unwrap_or("");
            let squeezed_to = text
                .split_once("textLength=\"")
                .and_then(|(_, rest)| rest.split('"').next())
                .and_then(|v| v.parse::<f64>().ok());
            let size: f64 = text.split_once("font-size=\"").and_then(|(_, r)| r.split('"').next()).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            match squeezed_to {
                Some(length) => assert!(length <= available + 0.5, "squeezed to {length} in {width}"),
                None => assert!(text_width(content, size) <= available, "{content:?} overflows {width}"),
            }
            assert!(text.contains("x=\""));
        }
    }

    #[test]
    fn wrapping_keeps_every_word_in_order() {
        let text = "one two three four five six seven";
        let lines = wrap(text, 18.0, 60.0, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("short", 18.0, 500.0, 2), vec!["short"]);
    }

    #[test]
    fn names_cannot_inject_markup() {
        let mut doc = mvp_that_creaks();
        doc.name = "</title><script>alert(1)</script>".to_owned();
        doc.components[1].name = "<img src=x onerror=alert(1)>".to_owned();
        let svg = picture(&doc);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("&lt;img src=x onerror=alert(1)&gt;") || svg.contains("&lt;img src=x onerror…"));
        assert_eq!(xml_escape("a&b\"c'<>\u{1}"), "a&amp;b&quot;c&apos;&lt;&gt; ");
    }

    #[test]
    fn file_names_say_what_and_at_which_growth() {
        let doc = mvp_that_creaks();
        assert_eq!(file_name(&doc, 10.0, "svg"), "mvp-that-creaks-at-10x.svg");
        assert_eq!(file_name(&doc, 3.16, "png"), "mvp-that-creaks-at-3_16x.png");
        let mut unnamed = doc.clone();
        unnamed.name = "***".to_owned();
        assert_eq!(file_name(&unnamed, 1.0, "svg"), "headroom-at-1x.svg");
    }
}
