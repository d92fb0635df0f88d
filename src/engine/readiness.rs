//! How ready each component is to carry more load, by the checklist its
//! kind asks for (`model::readiness`): done over needed, items marked not
//! needed left out; the system's score over every component; and the
//! components whose open items matter now, because they are warm or hot
//! at the growth on the dial (for the banner: "Postgres is at 82% and has
//! no alert").

use super::report::{Report, Status};
use crate::model::readiness::{state_of, ItemState, ReadinessItem};
use crate::model::{Component, ComponentId, Document};

/// One component's checklist, counted.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ComponentReadiness {
    pub component: ComponentId,
    pub done: usize,
    /// Items asked for and not marked not needed.
    pub needed: usize,
    /// What is still open, most important first.
    pub open: Vec<ReadinessItem>,
}

impl ComponentReadiness {
    /// done / needed; `None` when nothing is needed.
    pub fn score(&self) -> Option<f64> {
        (self.needed > 0).then(|| self.done as f64 / self.needed as f64)
    }
}

/// The checklist of every component and of the system.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Readiness {
    /// In document order.
    pub components: Vec<ComponentReadiness>,
    pub done: usize,
    pub needed: usize,
}

impl Readiness {
    /// Every component's done items over every needed one (not the mean of
    /// the components' scores: a component asked for more counts more).
    pub fn score(&self) -> Option<f64> {
        (self.needed > 0).then(|| self.done as f64 / self.needed as f64)
    }
}

/// One component counted.
pub fn component_readiness(component: &Component) -> ComponentReadiness {
    let mut counted = ComponentReadiness { component: component.id.clone(), done: 0, needed: 0, open: Vec::new() };
    for item in ReadinessItem::asked_of(component.kind) {
        match state_of(&component.readiness, item) {
            ItemState::Done => {
                counted.done += 1;
                counted.needed += 1;
            }
            ItemState::Open => {
                counted.needed += 1;
                counted.open.push(item);
            }
            ItemState::NotNeeded => {}
        }
    }
    counted
}

/// Every component counted, and the system.
pub fn readiness(doc: &Document) -> Readiness {
    let components: Vec<ComponentReadiness> = doc.components.iter().map(component_readiness).collect();
    let done = components.iter().map(|c| c.done).sum();
    let needed = components.iter().map(|c| c.needed).sum();
    Readiness { components, done, needed }
}

/// A component under load with items still open.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ReadinessWarning {
    pub component: ComponentId,
    pub utilisation: f64,
    pub status: Status,
    /// Its open items, most important first (never empty).
    pub open: Vec<ReadinessItem>,
}

/// The components warm, hot or saturated in `report` with open items,
/// the busiest first.
pub fn readiness_warnings(doc: &Document, report: &Report) -> Vec<ReadinessWarning> {
    let mut found: Vec<ReadinessWarning> = doc
        .components
        .iter()
        .zip(&report.components)
        .filter(|(_, load)| load.status >= Status::Warm)
        .filter_map(|(component, load)| {
            let open = component_readiness(component).open;
            (!open.is_empty()).then(|| ReadinessWarning {
                component: component.id.clone(),
                utilisation: load.utilisation,
                status: load.status,
                open,
            })
        })
        .collect();
    found.sort_by(|a, b| b.utilisation.total_cmp(&a.utilisation));
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;
    use crate::model::readiness::marked;

    /// The sample's six components ask for 39 items (load balancer 5, web
    /// app 8, Postgres 8, Redis 5, queue 5, worker 8): none is done.
    #[test]
    fn the_sample_starts_with_nothing_done() {
        let doc = mvp_that_creaks();
        let counted = readiness(&doc);
        let asked: usize = doc.components.iter().map(|c| ReadinessItem::asked_of(c.kind).len()).sum();
        assert_eq!(counted.needed, asked);
        assert_eq!(asked, 39);
        assert_eq!(counted.done, 0);
        assert_eq!(counted.score(), Some(0.0));
    }

    /// Postgres asks for 8: two done and one not needed leave 2 of 7.
    #[test]
    fn not_needed_leaves_the_count() {
        let mut doc = mvp_that_creaks();
        let postgres = doc.components.iter_mut().find(|c| c.id.as_str() == "postgres").unwrap();
        let marks = marked(&postgres.readiness, ReadinessItem::Alerts, ItemState::Done);
        let marks = marked(&marks, ReadinessItem::Metrics, ItemState::Done);
        postgres.readiness = marked(&marks, ReadinessItem::StructuredLogs, ItemState::NotNeeded);
        let counted = component_readiness(postgres);
        assert_eq!((counted.done, counted.needed), (2, 7));
        assert_eq!(counted.open.first(), Some(&ReadinessItem::Backups));
        assert!((counted.score().unwrap() - 2.0 / 7.0).abs() < 1e-12);
    }

    /// At 3x the sample's Postgres is at 72% (warm) and the web app at
    /// 80%: both are raised, the web app first; at 1x nothing is warm.
    #[test]
    fn warm_components_with_open_items_are_raised_busiest_first() {
        let doc = mvp_that_creaks();
        let analysis = crate::engine::Analysis::new(&doc);
        assert!(readiness_warnings(&doc, &analysis.report_at(1.0)).is_empty());
        let report = analysis.report_at(3.0);
        let warnings = readiness_warnings(&doc, &report);
        let names: Vec<&str> = warnings.iter().map(|w| w.component.as_str()).collect();
        assert!(names.contains(&"postgres"), "{names:?}");
        assert!(warnings.windows(2).all(|w| w[0].utilisation >= w[1].utilisation));
        assert!(warnings.iter().all(|w| w.open.first() == Some(&ReadinessItem::Alerts)));
    }
}
