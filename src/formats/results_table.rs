//! The results table as text: one row per component with every figure
//! already formatted, so the page, the command line and the tests read the
//! same words.

use serde::Serialize;

use super::quantity::{duration, multiplier, percent, rate};
use crate::engine::{ComponentLoad, Report};
use crate::model::Document;

/// One component's figures, formatted.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// "ok", "warm", "hot", "saturated" or "idle".
    pub status: String,
    pub load_text: String,
    pub capacity_text: String,
    pub utilisation: f64,
    pub utilisation_text: String,
    pub response_text: String,
    pub headroom_text: String,
    /// "saturates at 4.17×", or why it never does.
    pub saturates_text: String,
}

impl ResultRow {
    pub fn of(doc: &Document, load: &ComponentLoad) -> ResultRow {
        let component = doc.component(&load.id);
        let kind = component.map(|c| c.kind.label()).unwrap_or("Component");
        let mut capacity_text = format!(
            "{} ({} × {})",
            rate(load.capacity),
            load.instances,
            rate(load.service_rate).replace(" req/s", "")
        );
        if load.instance_ceiling > load.instances {
            capacity_text = format!(
                "{} ({} × {}, max {})",
                rate(load.capacity),
                load.instances,
                rate(load.service_rate).replace(" req/s", ""),
                load.instance_ceiling
            );
        }
        let headroom_text = match load.headroom {
            None => "—".to_owned(),
            Some(h) if h > 1.0 => multiplier(h),
            Some(_) => "none".to_owned(),
        };
        let saturates_text = match load.saturates_at {
            None => "no traffic".to_owned(),
            Some(at) => format!("saturates at {}", multiplier(at)),
        };
        ResultRow {
            id: load.id.to_string(),
            name: doc.name_of(&load.id),
            kind: kind.to_owned(),
            status: load.status.label().to_owned(),
            load_text: rate(load.arrival_rate),
            capacity_text,
            utilisation: load.utilisation,
            utilisation_text: percent(load.utilisation),
            response_text: duration(load.response_time()),
            headroom_text,
            saturates_text,
        }
    }
}

/// Every component's row, in document order.
pub fn result_rows(doc: &Document, report: &Report) -> Vec<ResultRow> {
    report.components.iter().map(|load| ResultRow::of(doc, load)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    #[test]
    fn postgres_row_at_1x() {
        let doc = mvp_that_creaks();
        let rows = result_rows(&doc, &solve(&doc));
        let postgres = rows.iter().find(|r| r.id == "postgres").unwrap();
        assert_eq!(postgres.load_text, "96 req/s");
        assert_eq!(postgres.capacity_text, "400 req/s (1 × 400)");
        assert_eq!(postgres.utilisation_text, "24.0%");
        assert_eq!(postgres.status, "ok");
        assert_eq!(postgres.headroom_text, "4.17×");
        let web = rows.iter().find(|r| r.id == "web").unwrap();
        assert_eq!(web.capacity_text, "300 req/s (2 × 150, max 6)");
    }
}
