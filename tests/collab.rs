//! Live collaboration's merge: copies of one document edited in different
//! browsers (here, `SharedDocument`s exchanging their updates) converge to
//! one document, whatever order the updates arrive in, and what two valid
//! edits make invalid together is repaired the same way in every copy.

use headroom::collab::{Repair, SharedDocument};
use headroom::model::decision::DecisionRecord;
use headroom::model::{mvp_that_creaks, ComponentId, ComponentKind, Dependency, DependencyId, Document};
use proptest::prelude::*;

/// Two browsers on the sample: A put it in the room, B joined.
fn room() -> (SharedDocument, SharedDocument, Document) {
    let sample = mvp_that_creaks();
    let mut a = SharedDocument::new(1);
    let seed = a.record(&sample);
    let mut b = SharedDocument::new(2);
    b.apply(&seed).unwrap();
    (a, b, sample)
}

fn read(copy: &mut SharedDocument, previous: &Document) -> (Document, Vec<Repair>) {
    let merged = copy.document(previous).unwrap();
    (merged.document, merged.repairs)
}

/// Each sends the other what it lacks, as a reconnecting peer does.
fn exchange(a: &mut SharedDocument, b: &mut SharedDocument) {
    let for_b = a.missing_for(&b.state_vector()).unwrap();
    let for_a = b.missing_for(&a.state_vector()).unwrap();
    b.apply(&for_b).unwrap();
    a.apply(&for_a).unwrap();
}

fn component<'d>(doc: &'d mut Document, id: &str) -> &'d mut headroom::model::Component {
    doc.components.iter_mut().find(|c| c.id.as_str() == id).unwrap()
}

fn without(doc: &Document, id: &str) -> Document {
    let mut doc = doc.clone();
    doc.components.retain(|c| c.id.as_str() != id);
    doc.dependencies.retain(|d| d.from.as_str() != id && d.to.as_str() != id);
    doc.scenario.entries.retain(|e| e.component.as_str() != id);
    doc
}

fn arrow(_doc: &Document, id: &str, from: &str, to: &str) -> Dependency {
    let mut dependency = mvp_that_creaks().dependencies[1].clone();
    dependency.id = DependencyId::from(id);
    dependency.from = ComponentId::from(from);
    dependency.to = ComponentId::from(to);
    dependency.routing = Default::default();
    dependency
}

#[test]
fn a_joining_browser_reads_the_document_it_was_sent() {
    let (_, mut b, sample) = room();
    let (doc, repairs) = read(&mut b, &Document::empty("x"));
    assert_eq!(doc, sample);
    assert!(repairs.is_empty(), "{repairs:?}");
}

#[test]
fn recording_an_unchanged_document_sends_nothing() {
    let (mut a, _, sample) = room();
    assert!(a.record(&sample).is_empty());
}

#[test]
fn edits_of_different_fields_of_one_component_both_stay() {
    let (mut a, mut b, sample) = room();
    let mut mine = sample.clone();
    component(&mut mine, "postgres").instances = 3;
    let mut theirs = sample.clone();
    component(&mut theirs, "postgres").name = "Primary database".to_owned();
    let from_a = a.record(&mine);
    let from_b = b.record(&theirs);
    a.apply(&from_b).unwrap();
    b.apply(&from_a).unwrap();
    let (doc_a, _) = read(&mut a, &mine);
    let (doc_b, _) = read(&mut b, &theirs);
    assert_eq!(doc_a, doc_b, "the copies converge");
    let postgres = doc_a.component(&ComponentId::from("postgres")).unwrap();
    assert_eq!((postgres.instances, postgres.name.as_str()), (3, "Primary database"));
}

#[test]
fn edits_of_one_field_converge_on_one_of_them() {
    let (mut a, mut b, sample) = room();
    let mut mine = sample.clone();
    component(&mut mine, "web").instances = 4;
    let mut theirs = sample.clone();
    component(&mut theirs, "web").instances = 7;
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc_a, _) = read(&mut a, &mine);
    let (doc_b, _) = read(&mut b, &theirs);
    assert_eq!(doc_a, doc_b);
    let web = doc_a.component(&ComponentId::from("web")).unwrap();
    assert!([4, 7].contains(&web.instances));
    // Each raised web's instances; its autoscaling ceiling (6) stands
    // unless 7 won, when it is raised to 7 and said.
    assert!(web.max_instances.is_none_or(|max| max >= web.instances));
}

#[test]
fn edits_made_offline_merge_on_reconnect() {
    let (mut a, mut b, sample) = room();
    // B is offline: three edits, none sent.
    let mut theirs = sample.clone();
    component(&mut theirs, "worker").instances = 9;
    b.record(&theirs);
    theirs.name = "Shop, after the workshop".to_owned();
    b.record(&theirs);
    theirs.scenario.comfort_line = 0.6;
    b.record(&theirs);
    // A edits meanwhile.
    let mut mine = sample.clone();
    component(&mut mine, "redis").hit_ratio = Some(0.95);
    a.record(&mine);
    exchange(&mut a, &mut b);
    let (doc_a, _) = read(&mut a, &mine);
    let (doc_b, _) = read(&mut b, &theirs);
    assert_eq!(doc_a, doc_b);
    assert_eq!(doc_a.name, "Shop, after the workshop");
    assert_eq!(doc_a.scenario.comfort_line, 0.6);
    assert_eq!(doc_a.component(&ComponentId::from("worker")).unwrap().instances, 9);
    assert_eq!(doc_a.component(&ComponentId::from("redis")).unwrap().hit_ratio, Some(0.95));
}

#[test]
fn an_arrow_to_a_component_deleted_at_the_same_time_is_removed_and_said() {
    let (mut a, mut b, sample) = room();
    let mine = without(&sample, "redis");
    let mut theirs = sample.clone();
    theirs.dependencies.push(arrow(&sample, "worker-redis", "worker", "redis"));
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc_a, repairs_a) = read(&mut a, &mine);
    let (doc_b, repairs_b) = read(&mut b, &theirs);
    assert_eq!(doc_a, doc_b);
    assert_eq!(repairs_a, repairs_b, "every copy repairs alike");
    assert!(doc_a.component(&ComponentId::from("redis")).is_none());
    assert!(doc_a.dependency(&DependencyId::from("worker-redis")).is_none());
    assert_eq!(
        repairs_a,
        vec![Repair::Dangling { what: "the arrow \"worker-redis\"".to_owned(), missing: ComponentId::from("redis") }]
    );
    assert!(repairs_a[0].to_string().contains("which someone deleted at the same time"), "{}", repairs_a[0]);
}

#[test]
fn an_edit_of_a_component_deleted_at_the_same_time_leaves_it_deleted() {
    let (mut a, mut b, sample) = room();
    let mine = without(&sample, "queue");
    let mut theirs = sample.clone();
    component(&mut theirs, "queue").instances = 2;
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc_a, repairs) = read(&mut a, &mine);
    assert_eq!(doc_a, read(&mut b, &theirs).0);
    assert!(doc_a.component(&ComponentId::from("queue")).is_none());
    assert!(matches!(&repairs[..], [Repair::EditOfDeleted { list: "components", fields }] if fields == &["instances"]), "{repairs:?}");
}

#[test]
fn two_components_given_one_id_at_once_are_both_kept() {
    let (mut a, mut b, sample) = room();
    let mut mine = sample.clone();
    let mut cache = sample.component(&ComponentId::from("redis")).unwrap().clone();
    cache.id = ComponentId::from("cache-2");
    cache.name = "Session cache".to_owned();
    mine.components.push(cache);
    let mut theirs = sample.clone();
    let mut service = sample.component(&ComponentId::from("web")).unwrap().clone();
    service.id = ComponentId::from("cache-2");
    service.name = "Search service".to_owned();
    theirs.components.push(service);
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc_a, repairs) = read(&mut a, &mine);
    assert_eq!(doc_a, read(&mut b, &theirs).0);
    assert_eq!(doc_a.components.len(), sample.components.len() + 2);
    let names: Vec<_> = ["cache-2", "cache-2-2"].iter().map(|id| doc_a.component(&ComponentId::from(*id)).unwrap().name.clone()).collect();
    assert!(names.contains(&"Session cache".to_owned()) && names.contains(&"Search service".to_owned()), "{names:?}");
    assert!(matches!(&repairs[..], [Repair::Renamed { list: "components", from, to }] if from == "cache-2" && to == "cache-2-2"), "{repairs:?}");
    // Both record the repaired document (as the page does) and exchange:
    // the rename is one write under one key, so nothing is renamed again.
    let (repaired_a, repaired_b) = (doc_a.clone(), read(&mut b, &theirs).0);
    let (from_a, from_b) = (a.record(&repaired_a), b.record(&repaired_b));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (again, repairs) = read(&mut a, &repaired_a);
    assert_eq!(again, doc_a, "the repaired document stands");
    assert!(repairs.is_empty(), "{repairs:?}");
    assert_eq!(read(&mut b, &repaired_b).0, doc_a);
}

#[test]
fn two_decisions_given_one_number_at_once_are_numbered_apart() {
    let (mut a, mut b, sample) = room();
    let record = |title: &str| DecisionRecord::new(1, title, "2026-12-07");
    let mut mine = sample.clone();
    mine.decisions.push(record("Add a read replica"));
    let mut theirs = sample.clone();
    theirs.decisions.push(record("Put PgBouncer in front of Postgres"));
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc, repairs) = read(&mut a, &mine);
    assert_eq!(doc, read(&mut b, &theirs).0);
    let mut numbers: Vec<u32> = doc.decisions.iter().map(|d| d.number).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, vec![1, 2]);
    assert!(matches!(&repairs[..], [Repair::Renamed { list: "decisions", .. }]), "{repairs:?}");
}

#[test]
fn a_module_whose_host_was_deleted_stands_alone() {
    let (mut a, mut b, sample) = room();
    let mut with_module = sample.clone();
    let mut module = headroom::model::Component::with_defaults("billing", "Billing", ComponentKind::Module);
    if let Some(settings) = module.module.as_mut() {
        settings.host = ComponentId::from("web");
    }
    with_module.components.push(module);
    with_module.validate().unwrap();
    let seed = a.record(&with_module);
    b.apply(&seed).unwrap();
    let mine = without(&with_module, "web");
    // A's own delete takes the module too; B meanwhile renames the module.
    let mine = without(&mine, "billing");
    let mut theirs = with_module.clone();
    component(&mut theirs, "billing").throughput_per_instance = 321.0;
    let (from_a, from_b) = (a.record(&mine), b.record(&theirs));
    b.apply(&from_a).unwrap();
    a.apply(&from_b).unwrap();
    let (doc, _) = read(&mut a, &mine);
    assert_eq!(doc, read(&mut b, &theirs).0);
    assert!(doc.validate().is_ok());
}

#[test]
fn garbage_from_the_room_is_refused_and_nothing_changes() {
    let (_, mut b, sample) = room();
    assert!(b.apply(&[0xff, 0x00, 0x13, 0x37]).is_err());
    assert_eq!(read(&mut b, &sample).0, sample);
}

/// An edit one browser may make of the sample.
#[derive(Clone, Debug)]
enum Edit {
    Instances(usize, u32),
    Rename(usize, u8),
    Comfort(u8),
    Delete(usize),
    Connect(usize, usize),
}

fn apply_edit(doc: &Document, edit: &Edit, who: usize) -> Document {
    let mut next = doc.clone();
    let n = next.components.len().max(1);
    match edit {
        Edit::Instances(i, count) => {
            if let Some(c) = next.components.get_mut(i % n) {
                c.instances = 1 + count % 8;
                c.max_instances = None;
            }
        }
        Edit::Rename(i, tag) => {
            if let Some(c) = next.components.get_mut(i % n) {
                c.name = format!("{} {who}.{tag}", c.name.split(' ').next().unwrap_or("x"));
            }
        }
        Edit::Comfort(g) => next.scenario.comfort_line = 0.5 + f64::from(*g) / 100.0,
        Edit::Delete(i) => {
            if next.components.len() > 2 {
                let id = next.components[i % n].id.to_string();
                next = without(&next, &id);
            }
        }
        Edit::Connect(from, to) => {
            let (Some(f), Some(t)) = (next.components.get(from % n), next.components.get(to % n)) else { return next };
            let (f, t) = (f.id.to_string(), t.id.to_string());
            let id = format!("{f}-{t}-{who}");
            if f != t && next.dependency(&DependencyId::from(id.as_str())).is_none() && !next.dependencies.iter().any(|d| d.from.as_str() == f && d.to.as_str() == t) {
                next.dependencies.push(arrow(&next, &id, &f, &t));
            }
        }
    }
    if next.validate().is_ok() {
        next
    } else {
        doc.clone()
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..10usize, 0..8u32).prop_map(|(i, c)| Edit::Instances(i, c)),
        (0..10usize, any::<u8>()).prop_map(|(i, t)| Edit::Rename(i, t)),
        any::<u8>().prop_map(Edit::Comfort),
        (0..10usize).prop_map(Edit::Delete),
        (0..10usize, 0..10usize).prop_map(|(f, t)| Edit::Connect(f, t)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Three browsers edit apart (each a run of edits on what it shows),
    /// their updates reach the others in any order, and every copy ends
    /// on one valid document with the same repairs.
    #[test]
    fn three_browsers_converge(runs in proptest::collection::vec(proptest::collection::vec(edit(), 0..6), 3), order in Just(vec![0usize, 1, 2]).prop_shuffle()) {
        let sample = mvp_that_creaks();
        let mut copies: Vec<SharedDocument> = (0..3).map(|i| SharedDocument::new(10 + i as u64)).collect();
        let seed = copies[0].record(&sample);
        for copy in &mut copies[1..] {
            copy.apply(&seed).unwrap();
        }
        let mut updates: Vec<Vec<Vec<u8>>> = vec![Vec::new(); 3];
        let mut shown = vec![sample.clone(); 3];
        for (who, run) in runs.iter().enumerate() {
            for e in run {
                shown[who] = apply_edit(&shown[who], e, who);
                let update = copies[who].record(&shown[who]);
                if !update.is_empty() {
                    updates[who].push(update);
                }
            }
        }
        for &to in &order {
            for (from, sent) in updates.iter().enumerate() {
                if from != to {
                    for update in sent {
                        copies[to].apply(update).unwrap();
                    }
                }
            }
        }
        let merged: Vec<_> = copies.iter_mut().zip(&shown).map(|(copy, shown)| copy.document(shown).unwrap()).collect();
        for m in &merged[1..] {
            prop_assert_eq!(&m.document, &merged[0].document);
            prop_assert_eq!(&m.repairs, &merged[0].repairs);
        }
        prop_assert!(merged[0].document.validate().is_ok());
        // Every copy records its repaired document, as the page does, and
        // the copies exchange again: they stay one, and nothing more needs
        // repairing.
        let sent: Vec<Vec<u8>> = copies.iter_mut().zip(&merged).map(|(copy, m)| copy.record(&m.document)).collect();
        for (to, copy) in copies.iter_mut().enumerate() {
            for (from, update) in sent.iter().enumerate() {
                if from != to && !update.is_empty() {
                    copy.apply(update).unwrap();
                }
            }
        }
        for copy in &mut copies {
            let again = copy.document(&merged[0].document).unwrap();
            prop_assert_eq!(&again.document, &merged[0].document);
            prop_assert!(again.repairs.is_empty(), "{:?}", again.repairs);
        }
    }
}
