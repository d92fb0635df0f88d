//! The results table and the cost breakdown as CSV (RFC 4180), for a
//! spreadsheet: plain numbers in stated units rather than the page's
//! formatted text, so a column sums and sorts. A cell a spreadsheet would
//! run as a formula (one starting with `=`, `+`, `-`, `@`) is written with
//! a leading apostrophe, so a component's name cannot execute anything.

use crate::engine::{LatencyPercentiles, Report};
use crate::model::Document;

/// One CSV field: quoted when it holds a comma, quote or line break;
/// defused when a spreadsheet would read it as a formula.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A number as a spreadsheet reads it: empty when there is none (no
/// traffic, no steady state), never "inf" or "NaN".
fn number(value: Option<f64>) -> String {
    match value {
        Some(v) if v.is_finite() => {
            let rounded = (v * 1e9).round() / 1e9;
            format!("{rounded}")
        }
        _ => String::new(),
    }
}

fn line(cells: &[String]) -> String {
    let mut out = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The results table at the report's growth: one row per component.
pub fn results_csv(doc: &Document, report: &Report, percentiles: &LatencyPercentiles) -> String {
    let mut out = line(
        &[
            "id",
            "name",
            "kind",
            "status",
            "growth",
            "arrival rate (req/s)",
            "instances",
            "capacity (req/s)",
            "utilisation (0-1)",
            "mean response (ms)",
            "p99 response (ms)",
            "headroom (x)",
            "saturates at growth (x)",
            "monthly cost (USD)",
        ]
        .map(str::to_owned),
    );
    for (k, load) in report.components.iter().enumerate() {
        let component = doc.component(&load.id);
        let p99 = percentiles.components.get(k).copied().flatten().map(|p| p.p99 * 1e3);
        out.push_str(&line(&[
            load.id.to_string(),
            component.map(|c| c.name.clone()).unwrap_or_default(),
            component.map(|c| c.kind.slug().to_owned()).unwrap_or_default(),
            load.status.label().to_owned(),
            number(Some(report.growth)),
            number(Some(load.arrival_rate)),
            load.instances.to_string(),
            number(Some(load.capacity)),
            number(Some(load.utilisation)),
            number(load.response_time().map(|s| s * 1e3)),
            number(p99),
            number(load.headroom),
            number(load.saturates_at),
            number(Some(load.monthly_cost)),
        ]));
    }
    out
}

/// The cost breakdown at the report's growth: every component, dearest
/// first, with its share of the total, and the total last.
pub fn cost_csv(doc: &Document, report: &Report) -> String {
    let total = report.cost.monthly_total;
    let mut out = line(&["id", "name", "kind", "instances", "monthly cost (USD)", "share of total (0-1)"].map(str::to_owned));
    let mut rows: Vec<_> = report.components.iter().collect();
    rows.sort_by(|a, b| b.monthly_cost.total_cmp(&a.monthly_cost));
    for load in rows {
        let component = doc.component(&load.id);
        out.push_str(&line(&[
            load.id.to_string(),
            component.map(|c| c.name.clone()).unwrap_or_default(),
            component.map(|c| c.kind.slug().to_owned()).unwrap_or_default(),
            load.instances.to_string(),
            number(Some(load.monthly_cost)),
            number((total > 0.0).then(|| load.monthly_cost / total)),
        ]));
    }
    out.push_str(&line(&["total".to_owned(), String::new(), String::new(), String::new(), number(Some(total)), number(Some(1.0))]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Analysis;
    use crate::model::mvp_that_creaks;

    /// A reader of what this module writes, after RFC 4180: quoted
    /// fields, doubled quotes, CRLF rows.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let mut rows = vec![vec![String::new()]];
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(ch) = chars.next() {
            let row = rows.last_mut().unwrap();
            match (ch, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    row.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => row.push(String::new()),
                ('\r', false) => {}
                ('\n', false) => rows.push(vec![String::new()]),
                (c, _) => row.last_mut().unwrap().push(c),
            }
        }
        rows.pop();
        rows
    }

    #[test]
    fn results_are_numbers_in_their_units() {
        let doc = mvp_that_creaks();
        let analysis = Analysis::new(&doc);
        let report = analysis.report_at(1.0);
        let rows = parse(&results_csv(&doc, &report, &analysis.percentiles(&report)));
        assert_eq!(rows.len(), doc.components.len() + 1);
        assert!(rows.iter().all(|r| r.len() == 14));
        let postgres = rows.iter().find(|r| r[0] == "postgres").unwrap();
        let load = report.component(&"postgres".into()).unwrap();
        assert_eq!(postgres[8].parse::<f64>().unwrap(), (load.utilisation * 1e9).round() / 1e9);
        assert!((postgres[5].parse::<f64>().unwrap() - load.arrival_rate).abs() < 1e-8);
    }

    #[test]
    fn names_are_quoted_and_cannot_be_formulas() {
        let mut doc = mvp_that_creaks();
        doc.components[0].name = "=HYPERLINK(\"x\"), \"quoted\"\nline".into();
        let report = crate::engine::solve(&doc);
        let rows = parse(&cost_csv(&doc, &report));
        let row = rows.iter().find(|r| r[0] == doc.components[0].id.as_str()).unwrap();
        assert_eq!(row[1], "'=HYPERLINK(\"x\"), \"quoted\"\nline");
        let total: f64 = rows[1..rows.len() - 1].iter().map(|r| r[4].parse::<f64>().unwrap()).sum();
        assert!((total - rows.last().unwrap()[4].parse::<f64>().unwrap()).abs() < 1e-6);
    }
}
