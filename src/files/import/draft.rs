//! The preview of an import: what a file's reader found, with every guess
//! marked as one and open to change, turned into a validated document only
//! when the person importing accepts it. Readers add to a draft through
//! [`ImportDraft::component`] and [`ImportDraft::dependency`], which make
//! the ids Headroom needs (well formed, unique) from whatever the file
//! used and merge an arrow drawn twice.

use std::collections::HashMap;

use super::kind_guess;
use super::{ImportFormat, Place};
use crate::model::{
    CallKind, CallMode, Component, ComponentId, ComponentKind, Dependency, Document, EntryPoint, Routing,
    ValidationErrors,
};

/// The rate an entry point gets when the file says nothing about traffic:
/// a round number for the person to replace, marked as a guess.
pub const GUESSED_ENTRY_RATE: f64 = 100.0;

/// Capacities a file states outright (Structurizr properties, compose
/// replicas): applied over the kind's defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Declared {
    pub instances: Option<u32>,
    pub max_instances: Option<u32>,
    pub throughput_per_instance: Option<f64>,
    pub base_latency_ms: Option<f64>,
    pub monthly_cost_per_instance: Option<f64>,
    pub hit_ratio: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftComponent {
    /// The id it will have in Headroom.
    pub id: String,
    /// What the file calls it (its key there), for messages and lookups.
    pub source_key: String,
    pub name: String,
    pub kind: ComponentKind,
    /// Why it has that kind when the file did not say ("image postgres:16",
    /// "cylinder shape"); `None` when the file named the kind itself.
    pub guess: Option<String>,
    pub declared: Declared,
    /// Whether it goes into the document (the preview can leave one out).
    pub included: bool,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftDependency {
    /// Ids of the ends, as in [`DraftComponent::id`].
    pub from: String,
    pub to: String,
    /// Calls at `to` per request at `from`.
    pub calls: f64,
    pub kind: CallKind,
    pub mode: CallMode,
    pub routing: Routing,
    /// What was guessed about it, if anything ("dotted arrow: asynchronous").
    pub guess: Option<String>,
    /// The label the file gave the arrow, kept as written.
    pub label: Option<String>,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DraftEntry {
    pub component: String,
    /// Requests per second at 1x.
    pub rate: f64,
    /// How the rate was found or why it is a placeholder.
    pub guess: Option<String>,
}

/// Something in the file the reader did not turn into the model, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub place: Place,
    pub text: String,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ImportDraft {
    pub format: ImportFormat,
    /// The document's name (the workspace's, the file's title).
    pub name: String,
    pub components: Vec<DraftComponent>,
    pub dependencies: Vec<DraftDependency>,
    /// Entry points the file gives rates for; when it gives none,
    /// [`ImportDraft::settle_guesses`] proposes its roots.
    pub entries: Vec<DraftEntry>,
    pub not_understood: Vec<Unread>,
    // Lookups a reader makes once per element or arrow, kept so that a
    // file of thousands of services reads in linear time.
    by_key: HashMap<String, usize>,
    by_id: HashMap<String, usize>,
    arrows: HashMap<(String, String, CallKind), usize>,
}

impl ImportDraft {
    pub fn new(format: ImportFormat, name: impl Into<String>) -> ImportDraft {
        ImportDraft {
            format,
            name: name.into(),
            components: Vec::new(),
            dependencies: Vec::new(),
            entries: Vec::new(),
            not_understood: Vec::new(),
            by_key: HashMap::new(),
            by_id: HashMap::new(),
            arrows: HashMap::new(),
        }
    }

    /// Adds the component the file calls `key`, or returns the one already
    /// added under it (a later mention with a name renames it).
    /// Its kind is `kind` when the file says so, else guessed from its key,
    /// name and `hints` (an image, a technology, tags). Returns its id.
    pub fn component(
        &mut self,
        key: &str,
        name: Option<&str>,
        kind: Option<ComponentKind>,
        hints: &[&str],
        place: Place,
    ) -> String {
        if let Some(&k) = self.by_key.get(key) {
            let existing = &mut self.components[k];
            // A later definition names it again, as in Mermaid.
            if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
                existing.name = clean_name(name);
            }
            if let Some(kind) = kind {
                existing.kind = kind;
                existing.guess = None;
            }
            return existing.id.clone();
        }
        let name = name.filter(|n| !n.trim().is_empty()).map_or_else(|| clean_name(key), clean_name);
        let (kind, guess) = match kind {
            Some(kind) => (kind, None),
            None => {
                let mut words: Vec<&str> = hints.to_vec();
                words.push(key);
                words.push(&name);
                let (kind, why) = kind_guess::guess(&words);
                (kind, Some(why))
            }
        };
        let id = self.unique_id(key);
        self.by_key.insert(key.to_owned(), self.components.len());
        self.by_id.insert(id.clone(), self.components.len());
        self.components.push(DraftComponent {
            id: id.clone(),
            source_key: key.to_owned(),
            name,
            kind,
            guess,
            declared: Declared::default(),
            included: true,
            place,
        });
        id
    }

    /// The id of the component the file calls `key`, if added.
    pub fn id_of(&self, key: &str) -> Option<&str> {
        self.by_key.get(key).map(|&k| self.components[k].id.as_str())
    }

    pub fn component_mut(&mut self, id: &str) -> Option<&mut DraftComponent> {
        self.by_id.get(id).and_then(|&k| self.components.get_mut(k))
    }

    /// Renames every component (and the ends of every arrow) by `renamed`,
    /// unless two would then share an id; returns whether it did.
    pub fn rename_ids(&mut self, renamed: impl Fn(&str) -> String) -> bool {
        let ids: std::collections::HashSet<String> = self.components.iter().map(|c| renamed(&c.id)).collect();
        if ids.len() != self.components.len() {
            return false;
        }
        for component in &mut self.components {
            component.id = renamed(&component.id);
        }
        for dependency in &mut self.dependencies {
            dependency.from = renamed(&dependency.from);
            dependency.to = renamed(&dependency.to);
        }
        for entry in &mut self.entries {
            entry.component = renamed(&entry.component);
        }
        self.by_id = self.components.iter().enumerate().map(|(k, c)| (c.id.clone(), k)).collect();
        self.arrows = self.dependencies.iter().enumerate().map(|(k, d)| ((d.from.clone(), d.to.clone(), d.kind), k)).collect();
        true
    }

    /// Adds an arrow between two added components (by id). An arrow of the
    /// same kind the file draws again between the same two adds its calls
    /// to the first and is listed as merged (a read and a write between
    /// them stay two arrows).
    pub fn dependency(&mut self, dependency: DraftDependency) {
        let key = (dependency.from.clone(), dependency.to.clone(), dependency.kind);
        if let Some(existing) = self.arrows.get(&key).and_then(|&k| self.dependencies.get_mut(k)) {
            existing.calls += dependency.calls;
            self.not_understood.push(Unread {
                place: dependency.place,
                text: format!("{} → {}", dependency.from, dependency.to),
                why: format!("drawn again: merged into the first arrow, now {} calls per request", existing.calls),
            });
            return;
        }
        self.arrows.insert(key, self.dependencies.len());
        self.dependencies.push(dependency);
    }

    pub fn skip(&mut self, place: Place, text: impl Into<String>, why: impl Into<String>) {
        self.not_understood.push(Unread { place, text: text.into(), why: why.into() });
    }

    fn unique_id(&self, key: &str) -> String {
        let base = id_from(key);
        let taken = |id: &str| self.by_id.contains_key(id);
        if !taken(&base) {
            return base;
        }
        (2..)
            .map(|n| {
                let suffix = format!("-{n}");
                let mut stem = base.clone();
                while stem.len() + suffix.len() > 64 {
                    stem.pop();
                }
                format!("{stem}{suffix}")
            })
            .find(|id| !taken(id))
            .unwrap_or(base)
    }

    /// What every reader leaves to the end: a load balancer's or gateway's
    /// arrows that all say one call become equal shares of its traffic (it
    /// sends each request one way), what leaves a queue is asynchronous
    /// unless the file said otherwise, and a file that names no traffic gets
    /// its roots — components that call something and nothing calls — as
    /// entry points at a placeholder rate.
    pub fn settle_guesses(&mut self) {
        let mut leaving: HashMap<&str, Vec<usize>> = HashMap::new();
        for (d, dependency) in self.dependencies.iter().enumerate() {
            leaving.entry(dependency.from.as_str()).or_default().push(d);
        }
        let splitting: Vec<(String, Vec<usize>)> = self
            .components
            .iter()
            .filter(|c| c.kind.splits_traffic())
            .filter_map(|c| leaving.get(c.id.as_str()).map(|out| (c.id.clone(), out.clone())))
            .collect();
        let queues: std::collections::HashSet<String> =
            self.components.iter().filter(|c| c.kind == ComponentKind::Queue).map(|c| c.id.clone()).collect();
        for (id, outgoing) in splitting {
            // Only arrows whose count was a guess: a measured or declared
            // one means what it says.
            let measured = self.format.needs_window();
            let plain = !measured
                && outgoing.iter().all(|&d| {
                    let d = &self.dependencies[d];
                    d.routing == Routing::Calls && d.calls == 1.0 && d.guess.is_some()
                });
            if outgoing.len() > 1 && plain {
                let share = 1.0 / outgoing.len() as f64;
                for &d in &outgoing {
                    let dependency = &mut self.dependencies[d];
                    dependency.calls = share;
                    dependency.routing = Routing::Share;
                    dependency.guess = Some(format!(
                        "{} spreads its traffic: an equal share of {} each",
                        id,
                        crate::words::quantity::percent(share)
                    ));
                }
            }
        }
        // A queue decouples: what takes work off it does not hold up the
        // one who put it there. Only arrows whose mode the file left open.
        for dependency in &mut self.dependencies {
            let from_queue = queues.contains(&dependency.from);
            if from_queue && dependency.mode == CallMode::Sync && dependency.guess.is_some() {
                dependency.mode = CallMode::Async;
                let why = "taken off a queue: asynchronous";
                dependency.guess = Some(match dependency.guess.take() {
                    Some(earlier) => format!("{earlier}; {why}"),
                    None => why.to_owned(),
                });
            }
        }
        if self.entries.is_empty() {
            let called: std::collections::HashSet<&str> = self.dependencies.iter().map(|d| d.to.as_str()).collect();
            let calls: std::collections::HashSet<&str> = self.dependencies.iter().map(|d| d.from.as_str()).collect();
            let roots: Vec<String> = self
                .components
                .iter()
                .filter(|c| !called.contains(c.id.as_str()) && (calls.contains(c.id.as_str()) || self.dependencies.is_empty()))
                .map(|c| c.id.clone())
                .collect();
            // Every component called by another (a loop): the first one the
            // file names stands in, so the document carries some traffic.
            let roots = if roots.is_empty() {
                self.components.first().map(|c| c.id.clone()).into_iter().collect()
            } else {
                roots
            };
            for root in roots {
                self.entries.push(DraftEntry {
                    component: root,
                    rate: GUESSED_ENTRY_RATE,
                    guess: Some("nothing calls it and the file gives no traffic: a placeholder rate to replace".to_owned()),
                });
            }
        }
    }

    /// Changes a component's kind (the preview's choice); the guess is then
    /// the person's.
    pub fn set_kind(&mut self, id: &str, kind: ComponentKind) {
        if let Some(component) = self.component_mut(id) {
            component.kind = kind;
            component.guess = None;
        }
    }

    pub fn set_included(&mut self, id: &str, included: bool) {
        if let Some(component) = self.component_mut(id) {
            component.included = included;
        }
    }

    /// Sets an entry point's rate, adding the entry if `id` was not one;
    /// a rate of 0 removes it.
    pub fn set_entry_rate(&mut self, id: &str, rate: f64) {
        match self.entries.iter().position(|e| e.component == id) {
            Some(k) if rate <= 0.0 => {
                self.entries.remove(k);
            }
            Some(k) => {
                self.entries[k].rate = rate;
                self.entries[k].guess = None;
            }
            None if rate > 0.0 => self.entries.push(DraftEntry { component: id.to_owned(), rate, guess: None }),
            None => {}
        }
    }

    /// Sets the `index`th arrow's calls per request, kind and mode (the
    /// preview's fields); the guess is then the person's. A share above the
    /// whole becomes plain calls.
    pub fn set_arrow(&mut self, index: usize, calls: f64, kind: CallKind, mode: CallMode) {
        let Some(dependency) = self.dependencies.get_mut(index) else { return };
        if !(calls.is_finite() && calls >= 0.0) {
            return;
        }
        dependency.calls = calls;
        dependency.kind = kind;
        dependency.mode = mode;
        if dependency.routing == Routing::Share && calls > 1.0 {
            dependency.routing = Routing::Calls;
        }
        dependency.guess = None;
    }

    /// How many guesses the preview shows (kinds, arrows, rates).
    pub fn guess_count(&self) -> usize {
        self.components.iter().filter(|c| c.included && c.guess.is_some()).count()
            + self.dependencies.iter().filter(|d| d.guess.is_some()).count()
            + self.entries.iter().filter(|e| e.guess.is_some()).count()
    }

    /// The document the draft describes: each included component with its
    /// kind's defaults and what the file declared, the arrows between
    /// included ones, the entry points; validated as every document is.
    pub fn to_document(&self) -> Result<Document, ValidationErrors> {
        let name = clean_name(&self.name);
        let mut doc = Document::empty(if name.is_empty() { "Imported system".to_owned() } else { name });
        doc.scenario.name = "Imported traffic".to_owned();
        let included: std::collections::HashSet<&str> =
            self.components.iter().filter(|c| c.included).map(|c| c.id.as_str()).collect();
        for draft in self.components.iter().filter(|c| c.included) {
            let mut component = Component::with_defaults(draft.id.as_str(), draft.name.as_str(), draft.kind);
            let declared = &draft.declared;
            if let Some(instances) = declared.instances {
                component.instances = instances;
            }
            // A ceiling only where the kind scales (the preview may have
            // changed a service into a database).
            if declared.max_instances.is_some() && draft.kind.can_autoscale() {
                component.max_instances = declared.max_instances;
            }
            if let Some(value) = declared.throughput_per_instance {
                component.throughput_per_instance = value;
            }
            if let Some(value) = declared.base_latency_ms {
                component.base_latency_ms = value;
            }
            if let Some(value) = declared.monthly_cost_per_instance {
                component.monthly_cost_per_instance = value;
            }
            if declared.hit_ratio.is_some() && draft.kind.serves_hits() {
                component.hit_ratio = declared.hit_ratio;
            }
            doc.components.push(component);
        }
        let mut ids = std::collections::HashSet::new();
        for d in self.dependencies.iter().filter(|d| included.contains(d.from.as_str()) && included.contains(d.to.as_str())) {
            let base = id_from(&format!("{}-{}", d.from, d.to));
            let mut id = base.clone();
            let mut n = 2;
            while !ids.insert(id.clone()) {
                id = format!("{}-{n}", &base[..base.len().min(58)]);
                n += 1;
            }
            // Shares merged from arrows drawn twice can pass the whole.
            let calls = if d.routing == Routing::Share { d.calls.min(1.0) } else { d.calls };
            let mut dependency = Dependency::new(id, d.from.as_str(), d.to.as_str(), calls, d.kind, d.mode);
            dependency.routing = d.routing;
            doc.dependencies.push(dependency);
        }
        for entry in self.entries.iter().filter(|e| included.contains(e.component.as_str())) {
            doc.scenario.entries.push(EntryPoint::new(ComponentId::new(entry.component.as_str()), entry.rate));
        }
        doc.validate()?;
        Ok(doc)
    }
}

/// A name as Headroom keeps it: one line, trimmed, at most 120 characters.
fn clean_name(name: &str) -> String {
    let one_line: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(120).collect()
}

/// A well-formed id from whatever a file used as a key: lower case, runs
/// of anything but letters, digits, '-', '_' and '.' made one '-', at most
/// 64 characters; "component" if nothing is left.
pub fn id_from(key: &str) -> String {
    let mut id = String::new();
    for ch in key.chars().flat_map(char::to_lowercase) {
        if ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' {
            id.push(ch);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(|c| c == '-' || c == '.');
    let mut id: String = id.chars().take(64).collect();
    while id.ends_with('-') {
        id.pop();
    }
    if id.is_empty() {
        "component".to_owned()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_well_formed_and_unique() {
        let mut draft = ImportDraft::new(ImportFormat::Compose, "t");
        let a = draft.component("Web App", None, None, &[], Place::Line(1));
        let b = draft.component("web-app", None, None, &[], Place::Line(2));
        let c = draft.component("🙂", None, None, &[], Place::Line(3));
        let d = draft.component(&"x".repeat(100), None, None, &[], Place::Line(4));
        let e = draft.component(&"x".repeat(90), None, None, &[], Place::Line(5));
        assert_eq!((a.as_str(), b.as_str(), c.as_str()), ("web-app", "web-app-2", "component"));
        assert_eq!(d.len(), 64);
        assert_eq!(e.len(), 64);
        assert_ne!(d, e);
        assert_eq!(draft.component("Web App", Some("Later name"), None, &[], Place::Line(9)), "web-app");
        assert_eq!(draft.components[0].name, "Later name");
    }

    #[test]
    fn a_load_balancer_shares_and_roots_become_entries() {
        let mut draft = ImportDraft::new(ImportFormat::MermaidFlowchart, "t");
        let lb = draft.component("lb", Some("nginx"), None, &[], Place::Line(1));
        let a = draft.component("a", None, None, &[], Place::Line(2));
        let b = draft.component("b", None, None, &[], Place::Line(3));
        for to in [&a, &b] {
            draft.dependency(DraftDependency {
                from: lb.clone(),
                to: to.clone(),
                calls: 1.0,
                kind: CallKind::Call,
                mode: CallMode::Sync,
                routing: Routing::Calls,
                guess: Some("no count on the arrow".to_owned()),
                label: None,
                place: Place::Line(4),
            });
        }
        draft.settle_guesses();
        assert_eq!(draft.components[0].kind, ComponentKind::LoadBalancer);
        assert!(draft.dependencies.iter().all(|d| d.calls == 0.5 && d.routing == Routing::Share));
        assert_eq!(draft.entries.len(), 1);
        assert_eq!(draft.entries[0].component, "lb");
        let doc = draft.to_document().unwrap();
        assert_eq!((doc.components.len(), doc.dependencies.len(), doc.scenario.entries.len()), (3, 2, 1));
        draft.set_arrow(0, 2.0, CallKind::Write, CallMode::Async);
        assert_eq!((draft.dependencies[0].calls, draft.dependencies[0].kind, draft.dependencies[0].mode), (2.0, CallKind::Write, CallMode::Async));
        assert_eq!(draft.dependencies[0].routing, Routing::Calls, "two calls are no share");
        assert!(draft.dependencies[0].guess.is_none());
        draft.set_arrow(1, f64::NAN, CallKind::Call, CallMode::Sync);
        assert_eq!(draft.dependencies[1].calls, 0.5, "a number that is none changes nothing");
        draft.set_included("b", false);
        assert_eq!(draft.to_document().unwrap().dependencies.len(), 1);
    }
}
