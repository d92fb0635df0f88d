//! The Markdown preview: an ADR (or any Markdown) as HTML the page can
//! insert as it is. It must be safe whatever the text says, because the
//! text comes from users and from imported files:
//!
//! - raw HTML, block or inline, is shown as text (`<img …>` becomes
//!   `&lt;img …&gt;`), never passed through;
//! - links keep only `http:`, `https:`, `mailto:` and relative targets;
//!   `javascript:`, `data:`, `vbscript:` and every other scheme become `#`;
//! - images become links to their source, so a preview never fetches
//!   anything by itself;
//! - YAML front matter is shown as a code block.
//!
//! Everything else is GitHub-flavoured CommonMark rendered by
//! pulldown-cmark, which escapes text and attributes itself.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

/// What a dangerous link target is replaced with.
const NEUTRAL_URL: &str = "#";

/// Whether a link target is harmless: relative, or one of the schemes a
/// document may point at. Whitespace and control characters are dropped
/// first, as browsers do (`java\tscript:` is `javascript:`).
fn is_safe_url(url: &str) -> bool {
    let cleaned: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = cleaned.to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a path, query or fragment starts no scheme.
            scheme.contains(['/', '?', '#']) || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

fn safe(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe_url(&url) {
        url
    } else {
        CowStr::Borrowed(NEUTRAL_URL)
    }
}

fn neutralise(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: safe(dest_url), title, id })
        }
        Event::Start(Tag::Image { dest_url, title, id, .. }) => {
            Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url: safe(dest_url), title, id })
        }
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        Event::Start(Tag::MetadataBlock(_)) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed("yaml"))))
        }
        Event::End(TagEnd::MetadataBlock(_)) => Event::End(TagEnd::CodeBlock),
        other => other,
    }
}

/// Markdown to HTML that is safe to insert into the page.
pub fn to_safe_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let parser = Parser::new_ext(markdown, options).map(neutralise);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let html = to_safe_html("# <img src=x onerror=alert(1)>\n\n<script>alert(1)</script>\n\nhi <b onclick=x>there</b>\n");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;b onclick=x&gt;"), "{html}");
        assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("<b "), "{html}");
    }

    #[test]
    fn dangerous_links_go_nowhere() {
        for link in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "<javascript:alert(1)>",
            "[x][r]\n\n[r]: vbscript:msgbox",
        ] {
            let html = to_safe_html(link);
            assert!(html.contains("href=\"#\""), "{link}: {html}");
            let lower = html.to_lowercase();
            assert!(!lower.contains("href=\"java") && !lower.contains("href=\"data") && !lower.contains("href=\"vb"), "{link}: {html}");
        }
        for link in ["[x](https://example.com/a:b)", "[x](0007-add-replicas.md)", "[x](#context)", "[x](mailto:a@b.c)"] {
            assert!(!to_safe_html(link).contains("href=\"#\""), "{link}");
        }
    }

    #[test]
    fn images_become_links_and_front_matter_code() {
        let html = to_safe_html("![chart](https://example.com/c.png)");
        assert_eq!(html, "<p><a href=\"https://example.com/c.png\">chart</a></p>\n");
        let html = to_safe_html("---\nstatus: \"accepted\"\n---\n\n# T\n");
        assert!(html.starts_with("<pre><code class=\"language-yaml\">status: \"accepted\"\n</code></pre>"), "{html}");
    }
}
