//! The readiness checklist in words: a component's and the system's score,
//! and the line the banner raises for a component under load with items
//! still open ("Postgres is at 72.0% and has no alert, and 6 more items
//! open").

use crate::words::quantity::{percent, round_percent};
use crate::engine::readiness::{ComponentReadiness, Readiness, ReadinessWarning};
use crate::model::Document;

/// "5 of 8 items (63%)", or "nothing asked" for a checklist all marked not
/// needed.
pub fn score_text(done: usize, needed: usize) -> String {
    if needed == 0 {
        return "nothing asked".to_owned();
    }
    format!("{done} of {needed} item{} ({})", if needed == 1 { "" } else { "s" }, round_percent((done as f64 / needed as f64 * 100.0).round() / 100.0))
}

/// One component's score.
pub fn component_score(counted: &ComponentReadiness) -> String {
    score_text(counted.done, counted.needed)
}

/// "Readiness: 12 of 39 items (31%)."
pub fn system_score(readiness: &Readiness) -> String {
    format!("Readiness: {}.", score_text(readiness.done, readiness.needed))
}

/// A decision record's evidence line: "Postgres: 2 of 8 items (25%);
/// open: backups, tested restore".
pub fn evidence_line(doc: &Document, counted: &ComponentReadiness) -> String {
    let open: Vec<&str> = counted.open.iter().map(|i| i.missing()).collect();
    let open = if open.is_empty() { "nothing open".to_owned() } else { format!("open: {}", open.join(", ")) };
    format!("{}: {}; {open}", doc.name_of(&counted.component), component_score(counted))
}

/// "Postgres is at 72.0% and has no alert, and 6 more items open".
pub fn warning_line(doc: &Document, warning: &ReadinessWarning) -> String {
    let Some((first, rest)) = warning.open.split_first() else { return String::new() };
    let more = match rest.len() {
        0 => String::new(),
        1 => ", and 1 more item open".to_owned(),
        n => format!(", and {n} more items open"),
    };
    format!("{} is at {} and has no {}{more}", doc.name_of(&warning.component), percent(warning.utilisation), first.missing())
}

/// The banner's line: the two busiest components with open items, and how
/// many more there are.
pub fn banner_line(doc: &Document, warnings: &[ReadinessWarning]) -> Option<String> {
    let shown: Vec<String> = warnings.iter().take(2).map(|w| warning_line(doc, w)).collect();
    if shown.is_empty() {
        return None;
    }
    let others = warnings.len().saturating_sub(2);
    let tail = match others {
        0 => String::new(),
        1 => " (1 more component under load is not ready)".to_owned(),
        n => format!(" ({n} more components under load are not ready)"),
    };
    Some(format!("Not ready for the load: {}{tail}.", shown.join("; ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::readiness::{readiness, readiness_warnings};
    use crate::model::mvp_that_creaks;

    #[test]
    fn scores_count_items() {
        assert_eq!(score_text(5, 8), "5 of 8 items (63%)");
        assert_eq!(score_text(0, 1), "0 of 1 item (0%)");
        assert_eq!(score_text(0, 0), "nothing asked");
        assert_eq!(system_score(&readiness(&mvp_that_creaks())), "Readiness: 0 of 39 items (0%).");
    }

    #[test]
    fn the_banner_names_the_busiest_and_its_first_open_item() {
        let doc = mvp_that_creaks();
        let report = crate::engine::Analysis::new(&doc).report_at(3.0);
        let warnings = readiness_warnings(&doc, &report);
        let line = banner_line(&doc, &warnings).unwrap();
        assert!(line.starts_with("Not ready for the load: "), "{line}");
        assert!(line.contains("has no alert, and 7 more items open"), "{line}");
        assert!(banner_line(&doc, &[]).is_none());
    }
}
