//! The evidence section of a decision record, both ways: `### Evidence`
//! with a summary list (scenario, growth, headroom, bottleneck, their
//! "before" versions, end-to-end lines, failures, what was measured,
//! readiness), the component table (before → after when the record
//! compares) and the cache table. Written and read here only, so the two
//! halves cannot drift: every value written escaped comes back unescaped.

use crate::files::front_matter::{error, ImportError};
use crate::files::markdown_text::{escape_cell, escape_inline, unescape};
use crate::files::markdown_tree::{Block, Row, Section};
use crate::model::decision::{CacheEvidence, Evidence, EvidenceRow, Figures, Snapshot};
use crate::model::ComponentId;

/// The evidence as a Markdown section (`### Evidence`) that reads well
/// on GitHub: a summary list, the component table, the cache table.
/// Every value is escaped; [`read`] reads it back exactly.
pub fn to_markdown(evidence: &Evidence) -> String {
    let mut out = String::from("### Evidence\n\n");
    let line = |out: &mut String, label: &str, value: &str| {
        out.push_str(&format!("* {label}: {}\n", escape_inline(value)));
    };
    line(&mut out, "Scenario", &evidence.scenario);
    line(&mut out, "Growth", &evidence.after.growth);
    line(&mut out, "Headroom", &evidence.after.headroom);
    if let Some(bottleneck) = &evidence.after.bottleneck {
        line(&mut out, "Bottleneck", bottleneck);
    }
    if let Some(before) = &evidence.before {
        line(&mut out, "Growth before", &before.growth);
        line(&mut out, "Headroom before", &before.headroom);
        if let Some(bottleneck) = &before.bottleneck {
            line(&mut out, "Bottleneck before", bottleneck);
        }
    }
    for latency in &evidence.latency {
        line(&mut out, "End to end", latency);
    }
    if let Some(failures) = &evidence.failures {
        line(&mut out, "Failures", failures);
    }
    for measured in &evidence.measured {
        line(&mut out, "Measured", measured);
    }
    for readiness in &evidence.readiness {
        line(&mut out, "Readiness", readiness);
    }
    if !evidence.rows.is_empty() {
        out.push('\n');
        let compare = evidence.before.is_some() || evidence.rows.iter().any(|r| r.before.is_some());
        let with_p99 = evidence.rows.iter().any(|r| {
            [&r.after, &r.before]
                .into_iter()
                .flatten()
                .any(|f| f.p99.is_some())
        });
        let mut headings = vec!["Load", "Utilisation", "Response"];
        if with_p99 {
            headings.push("p99");
        }
        headings.push("Headroom");
        out.push_str("| Component |");
        for heading in &headings {
            out.push_str(&if compare {
                format!(" {heading} (before → after) |")
            } else {
                format!(" {heading} |")
            });
        }
        out.push('\n');
        out.push_str(&"| --- ".repeat(headings.len() + 1));
        out.push_str("|\n");
        for row in &evidence.rows {
            let cell = |pick: &dyn Fn(&Figures) -> Option<&String>| -> String {
                let side = |figures: &Option<Figures>| match figures.as_ref().and_then(pick) {
                    Some(text) => escape_cell(text),
                    None => "—".to_owned(),
                };
                if compare {
                    format!("{} → {}", side(&row.before), side(&row.after))
                } else {
                    side(&row.after)
                }
            };
            let mut cells = vec![
                cell(&|f| Some(&f.load)),
                cell(&|f| Some(&f.utilisation)),
                cell(&|f| Some(&f.response)),
            ];
            if with_p99 {
                cells.push(cell(&|f| f.p99.as_ref()));
            }
            cells.push(cell(&|f| Some(&f.headroom)));
            out.push_str(&format!(
                "| {} (`{}`) | {} |\n",
                escape_cell(&row.name),
                row.component,
                cells.join(" | ")
            ));
        }
    }
    if !evidence.caches.is_empty() {
        out.push('\n');
        out.push_str("| Cache | Hit ratio | TTL | Invalidation |\n");
        out.push_str("| --- | --- | --- | --- |\n");
        for cache in &evidence.caches {
            let optional = |value: &Option<String>| match value {
                Some(text) => escape_cell(text),
                None => "—".to_owned(),
            };
            out.push_str(&format!(
                "| {} (`{}`) | {} | {} | {} |\n",
                escape_cell(&cache.name),
                cache.component,
                escape_cell(&cache.hit_ratio),
                optional(&cache.ttl),
                optional(&cache.invalidation),
            ));
        }
    }
    out
}

/// A table cell "Name (`id`)": the name and the component id.
fn named_cell(cell: &str, line: usize) -> Result<(String, ComponentId), ImportError> {
    let expected = || {
        error(
            line,
            "expected a first cell such as ``Postgres (`postgres`)``",
        )
    };
    let inner = cell.strip_suffix("`)").ok_or_else(expected)?;
    // An empty name leaves only "(`id`)" once the cell is trimmed.
    if let Some(id) = inner.strip_prefix("(`") {
        return Ok((String::new(), ComponentId::new(id)));
    }
    let open = inner.rfind(" (`").ok_or_else(expected)?;
    Ok((
        unescape(&inner[..open]),
        ComponentId::new(&inner[open + 3..]),
    ))
}

/// One side of a row: load, utilisation, response, headroom, with the p99
/// between response and headroom when the table has that column (— when
/// the evidence had none for this side).
fn figure_side(
    cells: &[&str],
    with_p99: bool,
    line: usize,
) -> Result<Option<Figures>, ImportError> {
    let (main, p99): (Vec<&str>, Option<&str>) = match (cells, with_p99) {
        ([load, utilisation, response, p99, headroom], true) => {
            (vec![load, utilisation, response, headroom], Some(p99))
        }
        ([load, utilisation, response, headroom], false) => {
            (vec![load, utilisation, response, headroom], None)
        }
        _ => {
            return Err(error(
                line,
                "expected a figure in every column of the evidence table",
            ))
        }
    };
    if main.iter().all(|cell| *cell == "—") && p99.is_none_or(|cell| cell == "—") {
        return Ok(None);
    }
    if main.contains(&"—") {
        return Err(error(
            line,
            "expected every figure, or — in all of them for a component that is absent",
        ));
    }
    Ok(Some(Figures {
        load: unescape(main[0]),
        utilisation: unescape(main[1]),
        response: unescape(main[2]),
        headroom: unescape(main[3]),
        p99: p99.filter(|cell| *cell != "—").map(unescape),
    }))
}

/// The `### Evidence` section: its summary list and tables; every problem
/// goes to `errors` with its line.
pub(crate) fn read(section: &Section, errors: &mut Vec<ImportError>) -> Option<Evidence> {
    let mut scenario = None;
    let mut after = Snapshot {
        growth: String::new(),
        headroom: String::new(),
        bottleneck: None,
    };
    let mut before = Snapshot {
        growth: String::new(),
        headroom: String::new(),
        bottleneck: None,
    };
    let mut has_before = false;
    let mut growth_seen = false;
    let mut rows = Vec::new();
    let mut caches = Vec::new();
    let mut latency = Vec::new();
    let mut failures = None;
    let mut measured = Vec::new();
    let mut readiness = Vec::new();
    for (block, source) in section.blocks_as_written() {
        let items = match block {
            Block::List { items, .. } => items,
            Block::Table { rows: table, .. } => {
                read_table(table, &mut rows, &mut caches, errors);
                continue;
            }
            _ => {
                for (line, _) in source.lines().filter(|(_, l)| !l.trim().is_empty()) {
                    errors.push(error(line, "expected `* Label: value` or a table"));
                }
                continue;
            }
        };
        for item in items {
            let line = item.line;
            let text = item.text.replace('\n', " ");
            let Some((label, value)) = text.split_once(':') else {
                errors.push(error(line, "expected `* Label: value`"));
                continue;
            };
            let details = item.details.text();
            let value = value.strip_prefix(' ').unwrap_or(value);
            let value = if details.is_empty() {
                unescape(value)
            } else {
                unescape(&format!("{value}\n{details}"))
            };
            match label {
                "Scenario" => scenario = Some(value),
                "Growth" => {
                    growth_seen = true;
                    after.growth = value;
                }
                "Headroom" => after.headroom = value,
                "Bottleneck" => after.bottleneck = Some(value),
                "Growth before" => {
                    has_before = true;
                    before.growth = value;
                }
                "Headroom before" => {
                    has_before = true;
                    before.headroom = value;
                }
                "Bottleneck before" => {
                    has_before = true;
                    before.bottleneck = Some(value);
                }
                "End to end" => latency.push(value),
                "Failures" => failures = Some(value),
                "Measured" => measured.push(value),
                "Readiness" => readiness.push(value),
                _ => errors.push(error(line, format!(
                    "unknown evidence line `{label}`; expected Scenario, Growth, Headroom, Bottleneck, their `before` versions, \
                     End to end, Failures, Measured or Readiness"
                ))),
            }
        }
    }
    let Some(scenario) = scenario else {
        errors.push(error(
            section.line,
            "expected `* Scenario: …` in the evidence",
        ));
        return None;
    };
    if !growth_seen {
        errors.push(error(
            section.line,
            "expected `* Growth: …` in the evidence",
        ));
    }
    Some(Evidence {
        scenario,
        after,
        before: has_before.then_some(before),
        rows,
        caches,
        latency,
        failures,
        measured,
        readiness,
    })
}

/// The component table or the cache table, told apart by the heading row.
fn read_table(
    table: &[Row],
    rows: &mut Vec<EvidenceRow>,
    caches: &mut Vec<CacheEvidence>,
    errors: &mut Vec<ImportError>,
) {
    let Some((head, body)) = table.split_first() else {
        return;
    };
    let cells = &head.cells;
    let header = cells.first().map_or("", String::as_str);
    let compare = cells.get(1).is_some_and(|c| c.contains("before → after"));
    let with_p99 = cells.get(4).is_some_and(|c| c.starts_with("p99"));
    let is_cache = match header {
        "Component" if cells.len() == 5 + usize::from(with_p99) => false,
        "Cache" if cells.len() == 4 => true,
        _ => {
            errors.push(error(head.line, "expected a table headed `| Component | Load | …` or `| Cache | Hit ratio | TTL | Invalidation |`"));
            return;
        }
    };
    for row in body {
        let cells: Vec<&str> = row.cells.iter().map(String::as_str).collect();
        let read = if is_cache {
            read_cache(&cells, row.written, row.line).map(|cache| caches.push(cache))
        } else {
            read_row(&cells, row.written, compare, with_p99, row.line).map(|found| rows.push(found))
        };
        if let Err(e) = read {
            errors.push(e);
        }
    }
}

/// A component row; `written` is how many cells its line holds.
fn read_row(
    cells: &[&str],
    written: usize,
    compare: bool,
    with_p99: bool,
    line: usize,
) -> Result<EvidenceRow, ImportError> {
    let (name, component) = named_cell(cells.first().copied().unwrap_or(""), line)?;
    let figures = cells.get(1..).unwrap_or_default();
    if written != 5 + usize::from(with_p99) || figures.len() != 4 + usize::from(with_p99) {
        return Err(error(
            line,
            if with_p99 {
                "expected six cells: component, load, utilisation, response, p99, headroom"
            } else {
                "expected five cells: component, load, utilisation, response, headroom"
            },
        ));
    }
    if !compare {
        return Ok(EvidenceRow {
            component,
            name,
            after: figure_side(figures, with_p99, line)?,
            before: None,
        });
    }
    let mut befores = Vec::new();
    let mut afters = Vec::new();
    for cell in figures {
        // Values have their own arrows escaped, so the first is the
        // separator; the spaces around it are layout (a value's edge
        // spaces are escaped too).
        let (b, a) = cell
            .split_once('→')
            .ok_or_else(|| error(line, "expected `before → after` in every figure"))?;
        befores.push(b.trim());
        afters.push(a.trim());
    }
    Ok(EvidenceRow {
        component,
        name,
        after: figure_side(&afters, with_p99, line)?,
        before: figure_side(&befores, with_p99, line)?,
    })
}

fn read_cache(cells: &[&str], written: usize, line: usize) -> Result<CacheEvidence, ImportError> {
    let ([first, hit_ratio, ttl, invalidation], 4) = (cells, written) else {
        return Err(error(
            line,
            "expected four cells: cache, hit ratio, TTL, invalidation",
        ));
    };
    let (name, component) = named_cell(first, line)?;
    let optional = |cell: &str| {
        if cell == "—" {
            None
        } else {
            Some(unescape(cell))
        }
    };
    Ok(CacheEvidence {
        component,
        name,
        hit_ratio: unescape(hit_ratio),
        ttl: optional(ttl),
        invalidation: optional(invalidation),
    })
}
