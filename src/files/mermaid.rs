//! The model as a Mermaid flowchart, which GitHub renders inside Markdown.
//! Each kind gets a Mermaid shape, edges carry calls per request, async
//! dependencies are dotted, and — given a report — components are coloured
//! by their status at that growth, with the status in words as well.

use std::collections::HashMap;
use std::fmt::Write;

use crate::engine::{Report, Status};
use crate::model::{CallKind, CallMode, ComponentKind, Document};

use crate::words::quantity::percent;

/// A Mermaid node id: Mermaid ids cannot contain '.', and words such as
/// `end` are keywords, so every id is prefixed and sanitised (and made
/// unique should sanitising make two ids equal).
fn mermaid_ids(doc: &Document) -> HashMap<String, String> {
    let mut taken = std::collections::HashSet::new();
    doc.components
        .iter()
        .map(|c| {
            let base: String = format!("c_{}", c.id)
                .chars()
                .map(|ch| if ch.is_ascii_alphanumeric() || ch == '_' { ch } else { '_' })
                .collect();
            let mut id = base.clone();
            let mut n = 2;
            while !taken.insert(id.clone()) {
                id = format!("{base}_{n}");
                n += 1;
            }
            (c.id.to_string(), id)
        })
        .collect()
}

/// Text inside a quoted Mermaid label. Mermaid reads `#quot;`-style
/// entities; everything that could close the label or open markup is
/// replaced by one, so a name cannot inject syntax.
fn label_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

fn shape(kind: ComponentKind, label: &str) -> String {
    match kind {
        ComponentKind::Database => format!("[(\"{label}\")]"),
        ComponentKind::Cache => format!("[/\"{label}\"/]"),
        ComponentKind::Cdn => format!("{{{{\"{label}\"}}}}"),
        ComponentKind::Queue => format!(">\"{label}\"]"),
        ComponentKind::LoadBalancer | ComponentKind::ApiGateway => format!("{{\"{label}\"}}"),
        ComponentKind::ExternalApi => format!("[[\"{label}\"]]"),
        ComponentKind::Function => format!("([\"{label}\"])"),
        ComponentKind::ConnectionPooler => format!("[\\\"{label}\"/]"),
        ComponentKind::WorkerPool | ComponentKind::Service | ComponentKind::Module => {
            format!("(\"{label}\")")
        }
    }
}

fn calls_text(calls: f64) -> String {
    crate::words::quantity::field_text((calls * 1000.0).round() / 1000.0)
}

/// The flowchart source, without a Markdown fence.
pub fn flowchart(doc: &Document, report: Option<&Report>) -> String {
    let ids = mermaid_ids(doc);
    let mut out = String::from("flowchart LR\n");
    for component in &doc.components {
        let id = &ids[component.id.as_str()];
        let mut label = format!("{}<br/>{}", label_text(&component.name), component.kind.label());
        if let Some(load) = report.and_then(|r| r.component(&component.id)) {
            if load.status != Status::Idle {
                let _ = write!(label, "<br/>{} {}", percent(load.utilisation), load.status.label());
            }
        }
        let _ = writeln!(out, "    {id}{}", shape(component.kind, &label));
    }
    for dependency in &doc.dependencies {
        let (Some(from), Some(to)) = (ids.get(dependency.from.as_str()), ids.get(dependency.to.as_str())) else {
            continue;
        };
        let mut text = format!("×{}", calls_text(dependency.calls));
        if dependency.kind != CallKind::Call {
            text = format!("{} {text}", dependency.kind.label());
        }
        let arrow = match dependency.mode {
            CallMode::Sync => "-->",
            CallMode::Async => "-.->",
        };
        if dependency.mode == CallMode::Async {
            text.push_str(" async");
        }
        let _ = writeln!(out, "    {from} {arrow}|\"{}\"| {to}", label_text(&text));
    }
    if let Some(report) = report {
        let _ = writeln!(out, "    classDef ok fill:#dff3e4,stroke:#1b7a3a,color:#0b2e16");
        let _ = writeln!(out, "    classDef warm fill:#fff1c2,stroke:#9a6b00,color:#3d2a00");
        let _ = writeln!(out, "    classDef hot fill:#ffd9b8,stroke:#b34700,color:#3d1800");
        let _ = writeln!(out, "    classDef saturated fill:#ffd6d6,stroke:#b00020,color:#3d0010,stroke-width:3px,stroke-dasharray:6 3");
        for status in [Status::Ok, Status::Warm, Status::Hot, Status::Saturated] {
            let members: Vec<&str> = report
                .components
                .iter()
                .filter(|c| c.status == status)
                .filter_map(|c| ids.get(c.id.as_str()).map(String::as_str))
                .collect();
            if !members.is_empty() {
                let _ = writeln!(out, "    class {} {}", members.join(","), status.label());
            }
        }
    }
    out
}

/// The flowchart in a Markdown fence, ready to paste into a README or ADR.
pub fn markdown(doc: &Document, report: Option<&Report>) -> String {
    format!("```mermaid\n{}```\n", flowchart(doc, report))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    #[test]
    fn the_sample_becomes_a_flowchart() {
        let doc = mvp_that_creaks();
        let text = flowchart(&doc, Some(&solve(&doc)));
        assert!(text.starts_with("flowchart LR\n"));
        assert!(text.contains("    c_postgres[(\"Postgres<br/>Relational database<br/>24.0% ok\")]\n"), "{text}");
        assert!(text.contains("    c_web -->|\"read ×2\"| c_redis\n"), "{text}");
        assert!(text.contains("    c_web -.->|\"write ×0.1 async\"| c_queue\n"), "{text}");
        assert!(text.contains("class c_lb,c_web,c_postgres,c_redis,c_queue,c_worker ok"), "{text}");
    }

    #[test]
    fn names_cannot_inject_mermaid_or_html() {
        let mut doc = mvp_that_creaks();
        doc.components[0].name = "x\"]) --> evil<img src=x onerror=alert(1)>|#".into();
        let text = flowchart(&doc, None);
        let line = text.lines().find(|l| l.contains("c_lb")).unwrap();
        assert_eq!(
            line,
            "    c_lb{\"x#quot;]) --#gt; evil#lt;img src=x onerror=alert(1)#gt;#124;#35;<br/>Load balancer\"}"
        );
    }

    #[test]
    fn ids_that_are_mermaid_keywords_or_collide_stay_distinct() {
        let mut doc = mvp_that_creaks();
        doc.components[0].id = "end".into();
        doc.components[1].id = "a.b".into();
        doc.components[2].id = "a_b".into();
        doc.dependencies.clear();
        doc.scenario.entries.clear();
        let ids = mermaid_ids(&doc);
        assert_eq!(ids["end"], "c_end");
        assert_eq!(ids["a.b"], "c_a_b");
        assert_eq!(ids["a_b"], "c_a_b_2");
    }
}
