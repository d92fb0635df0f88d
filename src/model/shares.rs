//! The shares a load balancer or gateway sends on: the edits that keep
//! them summing to the whole when an arrow is added, removed or given
//! another share. Every function returns the edits to make (one undo step
//! with the change that caused them); none touches the document.

use super::{Command, ComponentId, Dependency, DependencyId, Document, Routing};

/// Shares closer to the whole than this are the whole (0.5%: what a person
/// typing percentages with one decimal can hit).
pub const WHOLE_TOLERANCE: f64 = 0.005;

/// The dependencies that send on a share of `from`'s traffic, in document
/// order.
pub fn shares_of<'a>(doc: &'a Document, from: &ComponentId) -> impl Iterator<Item = &'a Dependency> + 'a {
    let from = from.clone();
    doc.dependencies.iter().filter(move |d| d.from == from && d.routing == Routing::Share)
}

/// The total of `from`'s shares (1 is the whole of its traffic).
pub fn total_share(doc: &Document, from: &ComponentId) -> f64 {
    shares_of(doc, from).map(|d| d.calls).sum()
}

/// The edits that give `dependencies` shares in proportion to `weights`,
/// summing to the whole; an arrow whose share does not change gets no edit.
fn proportional(dependencies: &[&Dependency], weights: &[f64]) -> Vec<Command> {
    let total: f64 = weights.iter().sum();
    let even = 1.0 / dependencies.len().max(1) as f64;
    dependencies
        .iter()
        .zip(weights)
        .filter_map(|(dependency, weight)| {
            let share = if total > 0.0 && total.is_finite() { weight / total } else { even };
            (share != dependency.calls).then(|| {
                Command::UpdateDependency(Dependency { calls: share, ..(*dependency).clone() })
            })
        })
        .collect()
}

/// The share a new arrow from `from` starts with, and the edits that make
/// room for it: the new arrow gets an even part (1/(n+1) beside n others)
/// and the others keep their proportions in the rest, so an even split
/// stays even.
pub fn making_room(doc: &Document, from: &ComponentId) -> (f64, Vec<Command>) {
    let others: Vec<&Dependency> = shares_of(doc, from).collect();
    if others.is_empty() {
        return (1.0, Vec::new());
    }
    let n = others.len() as f64;
    let new_share = 1.0 / (n + 1.0);
    let weights: Vec<f64> = others.iter().map(|d| d.calls).collect();
    let total: f64 = weights.iter().sum();
    let rest = 1.0 - new_share;
    let edits = others
        .iter()
        .zip(&weights)
        .filter_map(|(dependency, weight)| {
            let share = if total > 0.0 { weight / total * rest } else { rest / n };
            (share != dependency.calls).then(|| Command::UpdateDependency(Dependency { calls: share, ..(*dependency).clone() }))
        })
        .collect();
    (new_share, edits)
}

/// The edits that, once `removed` arrows are gone, spread what they carried
/// over the remaining shares of each component they left (in proportion),
/// where those shares summed to the whole before. A split the person left
/// uneven on purpose is left alone.
pub fn after_removal(doc: &Document, removed: &[DependencyId], removed_components: &[ComponentId]) -> Vec<Command> {
    let mut callers: Vec<&ComponentId> = Vec::new();
    for dependency in &doc.dependencies {
        let goes = removed.contains(&dependency.id) || removed_components.contains(&dependency.to);
        if goes && dependency.routing == Routing::Share && !callers.contains(&&dependency.from) {
            callers.push(&dependency.from);
        }
    }
    let mut edits = Vec::new();
    for from in callers {
        if removed_components.contains(from) || (total_share(doc, from) - 1.0).abs() > WHOLE_TOLERANCE {
            continue;
        }
        let kept: Vec<&Dependency> = shares_of(doc, from)
            .filter(|d| !removed.contains(&d.id) && !removed_components.contains(&d.to))
            .collect();
        if !kept.is_empty() {
            let weights: Vec<f64> = kept.iter().map(|d| d.calls).collect();
            edits.extend(proportional(&kept, &weights));
        }
    }
    edits
}

/// The edits that give arrow `id` the share `share` (0..=1) and scale the
/// caller's other shares so that together they stay the whole. `None` when
/// `id` is no share.
pub fn with_share(doc: &Document, id: &DependencyId, share: f64) -> Option<Vec<Command>> {
    let changed = doc.dependency(id).filter(|d| d.routing == Routing::Share)?;
    let share = share.clamp(0.0, 1.0);
    let others: Vec<&Dependency> = shares_of(doc, &changed.from).filter(|d| d.id != *id).collect();
    let mut edits = vec![Command::UpdateDependency(Dependency { calls: share, ..changed.clone() })];
    let rest = 1.0 - share;
    let total: f64 = others.iter().map(|d| d.calls).sum();
    for other in &others {
        let scaled = if total > 0.0 { other.calls / total * rest } else { rest / others.len() as f64 };
        if scaled != other.calls {
            edits.push(Command::UpdateDependency(Dependency { calls: scaled, ..(*other).clone() }));
        }
    }
    Some(edits)
}

/// The edits that scale `from`'s shares to the whole, keeping their
/// proportions (an even split when they are all 0).
pub fn made_whole(doc: &Document, from: &ComponentId) -> Vec<Command> {
    let shares: Vec<&Dependency> = shares_of(doc, from).collect();
    let weights: Vec<f64> = shares.iter().map(|d| d.calls).collect();
    proportional(&shares, &weights)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks, CallKind, CallMode};

    fn share(doc: &Document, id: &str) -> f64 {
        doc.dependency(&id.into()).map_or(f64::NAN, |d| d.calls)
    }

    /// The sample with a second web tier behind the balancer, added the
    /// way the editor adds an arrow.
    fn two_backends() -> Document {
        let mut doc = mvp_that_creaks();
        let mut web_b = doc.components[1].clone();
        web_b.id = "web-b".into();
        apply(&mut doc, Command::Insert { components: vec![(9, web_b)], dependencies: vec![], entries: vec![] }).unwrap();
        let (new_share, mut edits) = making_room(&doc, &"lb".into());
        let arrow = Dependency {
            routing: Routing::Share,
            ..Dependency::new("lb-web-b", "lb", "web-b", new_share, CallKind::Call, CallMode::Sync)
        };
        edits.insert(0, Command::Insert { components: vec![], dependencies: vec![(99, arrow)], entries: vec![] });
        apply(&mut doc, Command::Batch(edits)).unwrap();
        doc
    }

    #[test]
    fn a_new_arrow_takes_an_even_part_and_the_others_keep_their_proportions() {
        let doc = two_backends();
        assert_eq!((share(&doc, "lb-web"), share(&doc, "lb-web-b")), (0.5, 0.5));
        let mut uneven = doc.clone();
        apply(&mut uneven, Command::Batch(with_share(&doc, &"lb-web".into(), 0.8).unwrap())).unwrap();
        assert!((share(&uneven, "lb-web") - 0.8).abs() < 1e-12 && (share(&uneven, "lb-web-b") - 0.2).abs() < 1e-12);
        // A third: 1/3, and 0.8 : 0.2 kept in the other 2/3.
        let (third, edits) = making_room(&uneven, &"lb".into());
        assert!((third - 1.0 / 3.0).abs() < 1e-12);
        let mut after = uneven.clone();
        apply(&mut after, Command::Batch(edits)).unwrap();
        assert!((share(&after, "lb-web") - 0.8 * 2.0 / 3.0).abs() < 1e-12);
        assert!((share(&after, "lb-web-b") - 0.2 * 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn removing_an_arrow_gives_its_part_to_the_rest_unless_the_split_was_not_whole() {
        let doc = two_backends();
        let mut after = doc.clone();
        let mut edits = after_removal(&doc, &["lb-web-b".into()], &[]);
        edits.insert(0, Command::Remove { components: vec![], dependencies: vec!["lb-web-b".into()] });
        apply(&mut after, Command::Batch(edits)).unwrap();
        assert_eq!(share(&after, "lb-web"), 1.0);
        // Removing the box does the same.
        assert_eq!(after_removal(&doc, &[], &["web-b".into()]).len(), 1);
        // A split already off the whole is the person's: left alone.
        let mut off = doc.clone();
        let lowered = Dependency { calls: 0.2, ..off.dependency(&"lb-web".into()).unwrap().clone() };
        apply(&mut off, Command::UpdateDependency(lowered)).unwrap();
        assert!(after_removal(&off, &["lb-web-b".into()], &[]).is_empty());
        // Made whole on request, in proportion: 0.2 : 0.5.
        let mut whole = off.clone();
        apply(&mut whole, Command::Batch(made_whole(&off, &"lb".into()))).unwrap();
        assert!((total_share(&whole, &"lb".into()) - 1.0).abs() < 1e-12);
        assert!((share(&whole, "lb-web") - 0.2 / 0.7).abs() < 1e-12);
    }

    #[test]
    fn only_shares_get_a_share() {
        let doc = two_backends();
        assert!(with_share(&doc, &"web-redis".into(), 0.5).is_none());
        assert!(with_share(&doc, &"ghost".into(), 0.5).is_none());
    }
}
