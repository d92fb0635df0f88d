//! What a model says that its author most likely did not mean: a load
//! balancer whose shares do not add up to its traffic (it would invent or
//! lose requests), reads that go straight to a database past the cache
//! the same caller reads through. The engine takes a model at its word;
//! these are said on the box and in the limits list, each with the one edit
//! that puts it right.

use rustc_hash::FxHashMap;

use super::shares::{made_whole, WHOLE_TOLERANCE};
use super::{CallKind, Command, ComponentId, ComponentKind, Dependency, DependencyId, Document, Routing};

/// One thing the model probably gets wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum Suspicion {
    /// The shares `component` sends on add up to `total`, not the whole:
    /// above 1 it sends out more requests than it receives, below 1 some
    /// are dropped.
    SharesNotWhole { component: ComponentId, total: f64 },
    /// `caller` reads `store` directly (arrow `dependency`) although it
    /// reads through `cache`, which sits in front of `store`: those reads
    /// never get a chance to hit.
    ReadsBypassCache { caller: ComponentId, cache: ComponentId, store: ComponentId, dependency: DependencyId },
}

impl Suspicion {
    /// The box the suspicion is shown on.
    pub fn component(&self) -> &ComponentId {
        match self {
            Suspicion::SharesNotWhole { component, .. } => component,
            Suspicion::ReadsBypassCache { caller, .. } => caller,
        }
    }

    /// The edit that puts it right, as one undo step: the shares scaled to
    /// the whole in their proportions; the direct reads sent through the
    /// cache (added to the caller's reads of it). `None` when the document
    /// no longer has what the suspicion is about.
    pub fn fix(&self, doc: &Document) -> Option<Command> {
        match self {
            Suspicion::SharesNotWhole { component, .. } => {
                let edits = made_whole(doc, component);
                (!edits.is_empty()).then_some(Command::Batch(edits))
            }
            Suspicion::ReadsBypassCache { caller, cache, dependency, .. } => {
                let direct = doc.dependency(dependency)?;
                let through = reads_of(doc, caller, cache)?;
                Some(Command::Batch(vec![
                    Command::UpdateDependency(Dependency { calls: through.calls + direct.calls, ..through.clone() }),
                    Command::Remove { components: Vec::new(), dependencies: vec![dependency.clone()] },
                ]))
            }
        }
    }
}

/// A dependency that carries reads (a cache or database takes a plain call
/// as one).
fn carries_reads(dependency: &Dependency) -> bool {
    dependency.kind != CallKind::Write
}

/// `caller`'s reading dependency on `callee`, if it has one.
fn reads_of<'a>(doc: &'a Document, caller: &ComponentId, callee: &ComponentId) -> Option<&'a Dependency> {
    doc.dependencies.iter().find(|d| d.from == *caller && d.to == *callee && carries_reads(d))
}

/// Every suspicion in the document, splitters first, in document order.
/// Each component's arrows out and in are gathered once (in document
/// order, so the findings keep it), so this is linear in the arrows.
pub fn suspicions(doc: &Document) -> Vec<Suspicion> {
    let mut out: FxHashMap<&ComponentId, Vec<&Dependency>> = FxHashMap::default();
    let mut into: FxHashMap<&ComponentId, Vec<&Dependency>> = FxHashMap::default();
    for dependency in &doc.dependencies {
        out.entry(&dependency.from).or_default().push(dependency);
        into.entry(&dependency.to).or_default().push(dependency);
    }
    fn arrows<'m, 'd>(map: &'m FxHashMap<&'d ComponentId, Vec<&'d Dependency>>, id: &ComponentId) -> &'m [&'d Dependency] {
        map.get(id).map_or(&[], Vec::as_slice)
    }
    let mut found = Vec::new();
    for component in &doc.components {
        // Only a component whose every arrow is a share: one that also
        // makes calls was drawn that way on purpose (a copy of the
        // traffic to a shadow, say).
        let sent = arrows(&out, &component.id);
        if !sent.is_empty() && sent.iter().all(|d| d.routing == Routing::Share) {
            let total: f64 = sent.iter().map(|d| d.calls).sum();
            if (total - 1.0).abs() > WHOLE_TOLERANCE {
                found.push(Suspicion::SharesNotWhole { component: component.id.clone(), total });
            }
        }
    }
    for cache in doc.components.iter().filter(|c| c.kind == ComponentKind::Cache) {
        let stores: Vec<&ComponentId> =
            arrows(&out, &cache.id).iter().filter(|d| carries_reads(d)).map(|d| &d.to).collect();
        let readers = arrows(&into, &cache.id).iter().filter(|d| carries_reads(d));
        for through in readers {
            for direct in arrows(&out, &through.from) {
                if stores.contains(&&direct.to) && carries_reads(direct) {
                    found.push(Suspicion::ReadsBypassCache {
                        caller: through.from.clone(),
                        cache: cache.id.clone(),
                        store: direct.to.clone(),
                        dependency: direct.id.clone(),
                    });
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks, CallMode};

    #[test]
    fn the_sample_and_the_templates_are_not_suspicious() {
        assert_eq!(suspicions(&mvp_that_creaks()), Vec::new());
        for template in crate::model::templates::TEMPLATES {
            assert_eq!(suspicions(&(template.build)()), Vec::new(), "{}", template.id);
        }
    }

    #[test]
    fn a_balancer_sending_out_twice_its_traffic_is_caught_and_split_evenly() {
        let mut doc = mvp_that_creaks();
        let mut web_b = doc.components[1].clone();
        web_b.id = "web-b".into();
        let arrow = Dependency {
            routing: Routing::Share,
            ..Dependency::new("lb-web-b", "lb", "web-b", 1.0, CallKind::Call, CallMode::Sync)
        };
        apply(&mut doc, Command::Insert { components: vec![(9, web_b)], dependencies: vec![(99, arrow)], entries: vec![] })
            .unwrap();
        let found = suspicions(&doc);
        assert_eq!(found, vec![Suspicion::SharesNotWhole { component: "lb".into(), total: 2.0 }]);
        let fix = found[0].fix(&doc).unwrap();
        apply(&mut doc, fix).unwrap();
        assert_eq!(doc.dependency(&"lb-web".into()).unwrap().calls, 0.5);
        assert_eq!(doc.dependency(&"lb-web-b".into()).unwrap().calls, 0.5);
        assert_eq!(suspicions(&doc), Vec::new());
    }

    #[test]
    fn reads_past_the_cache_are_caught_and_sent_through_it() {
        let mut doc = mvp_that_creaks();
        let direct = Dependency::new("web-postgres-read", "web", "postgres", 0.5, CallKind::Read, CallMode::Sync);
        apply(&mut doc, Command::Insert { components: vec![], dependencies: vec![(99, direct)], entries: vec![] }).unwrap();
        let found = suspicions(&doc);
        assert_eq!(
            found,
            vec![Suspicion::ReadsBypassCache {
                caller: "web".into(),
                cache: "redis".into(),
                store: "postgres".into(),
                dependency: "web-postgres-read".into(),
            }]
        );
        assert_eq!(found[0].component().as_str(), "web");
        let fix = found[0].fix(&doc).unwrap();
        apply(&mut doc, fix).unwrap();
        // Web reads Redis 2 + 0.5 times a request, and Postgres only through it.
        assert_eq!(doc.dependency(&"web-redis".into()).unwrap().calls, 2.5);
        assert!(doc.dependency(&"web-postgres-read".into()).is_none());
        assert_eq!(suspicions(&doc), Vec::new());
        // The sample's writes to Postgres go past the cache, as writes do.
        assert!(doc.dependency(&"web-postgres".into()).is_some());
    }
}
