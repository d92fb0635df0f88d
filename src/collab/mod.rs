//! Live collaboration's pure part: the document kept in a CRDT (yrs, the
//! Rust port of Yjs, wire-compatible with it) so that people editing one
//! document in different browsers converge, and the merged result turned
//! back into a document that validates (`repair`).
//!
//! The CRDT holds the document's JSON, field by field: every component,
//! dependency, decision record and option is an item under a key made
//! when it was created (never its id, so two people adding "api" at once
//! make two items, not one with both halves), each of its top-level
//! fields one entry `KEY␟FIELD` of a flat map whose value is that field's
//! JSON. Two people changing different fields of one component keep both
//! changes; the same field, the later write wins (Yjs's rule, the same in
//! every browser). The scenario's fields, the name and the migrations sit
//! in one more map. Flat maps, not a map per item, because two nested
//! maps made at once under one key would lose one of them.
//!
//! A local edit is recorded by comparing the edited document with what
//! the CRDT holds ([`SharedDocument::record`]); what another browser sent
//! is merged ([`SharedDocument::apply`]); [`SharedDocument::document`]
//! reads the merged state and repairs what two valid edits made invalid
//! together. `sealed` holds a room's link and seals what goes to the
//! relay, so the relay never reads the model.

pub mod presence;
pub mod relay;
pub mod repair;
pub mod room;
pub mod sealed;

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map as JsonMap, Value};
use yrs::updates::decoder::Decode;
use yrs::{Any, Doc, Map, MapRef, Out, ReadTxn, StateVector, Transact, TransactionMut, Update, WriteTxn};

use crate::model::{Document, Scenario, SCHEMA_VERSION};
pub use repair::Repair;

/// Between an item's key and its field's name in a map entry's key.
const SEPARATOR: char = '\u{1f}';
/// An item's place in its list, as a number (fractional between two).
const ORDER: &str = "~order";

/// A list of the document kept item by item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Collection {
    Components,
    Dependencies,
    Decisions,
    Options,
}

impl Collection {
    const ALL: [Collection; 4] = [Collection::Components, Collection::Dependencies, Collection::Decisions, Collection::Options];

    /// The document's field, and the CRDT map's name.
    fn name(self) -> &'static str {
        match self {
            Collection::Components => "components",
            Collection::Dependencies => "dependencies",
            Collection::Decisions => "decisions",
            Collection::Options => "options",
        }
    }

    /// What the list is called in a sentence.
    fn people_name(self) -> &'static str {
        match self {
            Collection::Dependencies => "arrows",
            _ => self.name(),
        }
    }

    /// The field that names an item to people.
    fn identity(self) -> &'static str {
        match self {
            Collection::Decisions => "number",
            _ => "id",
        }
    }
}

/// The document-wide map: name, schema and every scenario field.
const DOCUMENT_MAP: &str = "document";
/// What merges repaired, in words, written by the copy that repaired it:
/// everyone involved is told, also those whose own copy never saw the
/// clash because another copy's repair reached them first.
const REPAIRS_MAP: &str = "repairs";
const SCENARIO_PREFIX: &str = "scenario.";
/// The growth dial is each person's own, as a view is: everyone in the
/// room tries their own "what if 40x?" on the shared design, so the
/// scenario's growth is never written and is read from the copy's own.
const PERSONAL_GROWTH: &str = "growth";

/// Why an update from another browser was not taken.
#[derive(Debug, PartialEq)]
pub enum MergeError {
    /// The bytes are not a Yjs update.
    Unreadable(String),
    /// Merged, the document cannot be read back even after repairs; the
    /// caller keeps showing the last good one.
    Unmergeable(String),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Unreadable(why) => write!(f, "an update from the room does not read: {why}"),
            MergeError::Unmergeable(why) => write!(f, "the merged document does not hold together: {why}"),
        }
    }
}

/// What the CRDT holds of one item: its key and its fields' JSON.
#[derive(Debug, Default)]
struct Item {
    fields: BTreeMap<String, String>,
}

impl Item {
    fn order(&self) -> f64 {
        order_in(&self.fields)
    }
}

/// An item's place in its list, from its fields.
fn order_in(fields: &BTreeMap<String, String>) -> f64 {
    fields.get(ORDER).and_then(|o| o.parse().ok()).unwrap_or(0.0)
}

/// The merged document and what was repaired to make it valid.
#[derive(Debug)]
pub struct Merged {
    pub document: Document,
    pub repairs: Vec<Repair>,
}

/// One browser's copy of the shared document.
pub struct SharedDocument {
    doc: Doc,
    /// For keys this browser makes.
    client: u64,
    made: u64,
    /// What the CRDT holds, as last read or written here; `None` once an
    /// update from elsewhere changed it.
    held: Option<Held>,
    /// The document last recorded, while `held` is current.
    last: Option<Document>,
    /// The repair notes already handed out (`new_notes`).
    noted: std::collections::HashSet<String>,
}

/// What the CRDT's maps hold, item by item.
#[derive(Default)]
struct Held {
    lists: HashMap<Collection, ListIndex>,
    document: BTreeMap<String, String>,
}

/// One list's items: fields by key, and which key holds which identity.
#[derive(Default)]
struct ListIndex {
    items: HashMap<String, BTreeMap<String, String>>,
    key_of: HashMap<String, String>,
}

impl Held {
    fn read<T: ReadTxn>(txn: &T) -> Held {
        let mut held = Held::default();
        for collection in Collection::ALL {
            let mut index = ListIndex::default();
            if let Some(map) = txn.get_map(collection.name()) {
                for (key, item) in read_flat(txn, &map) {
                    if let Some(identity) = item.fields.get(collection.identity()) {
                        index.key_of.entry(identity.clone()).or_insert_with(|| key.clone());
                    }
                    index.items.insert(key, item.fields);
                }
            }
            held.lists.insert(collection, index);
        }
        held.document = txn.get_map(DOCUMENT_MAP).and_then(|m| read_flat(txn, &m).remove("")).map(|i| i.fields).unwrap_or_default();
        held
    }
}

/// An identity as people read it: a string without its quotes.
fn identity_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A value's JSON (plain data always serialises).
fn json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// One item of a list as `record` sees it: its identity's JSON and its
/// fields' JSON, or `None` when it equals the item last recorded.
struct Entry {
    identity: String,
    fields: Option<BTreeMap<String, String>>,
}

fn entries<T: serde::Serialize + PartialEq>(now: &[T], last: Option<&[T]>, identity: impl Fn(&T) -> String) -> Vec<Entry> {
    let last: HashMap<String, &T> = last.into_iter().flatten().map(|item| (identity(item), item)).collect();
    now.iter()
        .map(|item| {
            let identity = identity(item);
            let fields = if last.get(&identity).is_some_and(|was| *was == item) {
                None
            } else {
                match serde_json::to_value(item) {
                    Ok(Value::Object(object)) => Some(object.into_iter().map(|(f, v)| (f, v.to_string())).collect()),
                    _ => Some(BTreeMap::new()),
                }
            };
            Entry { identity, fields }
        })
        .collect()
}

impl SharedDocument {
    /// An empty copy for the browser `client` (a random 53-bit number:
    /// Yjs tells writers apart by it, so two browsers must never share
    /// one).
    pub fn new(client: u64) -> SharedDocument {
        // Yjs client ids are 53-bit in JavaScript.
        let client = client & ((1 << 53) - 1);
        SharedDocument { doc: Doc::with_client_id(client), client, made: 0, held: None, last: None, noted: Default::default() }
    }

    /// This copy's client id.
    pub fn client(&self) -> u64 {
        self.client
    }

    /// Brings the CRDT to `document`, writing only the fields that differ
    /// from what it holds, and returns the update to send the room (empty
    /// when nothing changed). Items equal to the ones last recorded are
    /// not even written out, so an edit costs about what it changed.
    pub fn record(&mut self, document: &Document) -> Vec<u8> {
        let mut made = self.made;
        let client = self.client;
        let mut held = match self.held.take() {
            Some(held) => held,
            None => Held::read(&self.doc.transact()),
        };
        let last = self.last.take();
        let update = {
            let mut txn = self.doc.transact_mut();
            let last = last.as_ref();
            let lists = [
                entries(&document.components, last.map(|l| l.components.as_slice()), |c| json(&c.id)),
                entries(&document.dependencies, last.map(|l| l.dependencies.as_slice()), |d| json(&d.id)),
                entries(&document.decisions, last.map(|l| l.decisions.as_slice()), |d| d.number.to_string()),
                entries(&document.options, last.map(|l| l.options.as_slice()), |o| json(&o.id)),
            ];
            for (collection, list) in Collection::ALL.into_iter().zip(lists) {
                let map = txn.get_or_insert_map(collection.name());
                let index = held.lists.entry(collection).or_default();
                record_collection(&mut txn, &map, index, list, &mut || {
                    made += 1;
                    format!("{client:x}.{made:x}")
                });
            }
            let map = txn.get_or_insert_map(DOCUMENT_MAP);
            let mut fields: BTreeMap<String, String> = BTreeMap::new();
            fields.insert("name".to_owned(), json(&document.name));
            fields.insert("schema_version".to_owned(), document.schema_version.to_string());
            fields.insert("migrations".to_owned(), json(&document.migrations));
            if let Ok(Value::Object(scenario)) = serde_json::to_value(&document.scenario) {
                for (field, v) in scenario.into_iter().filter(|(field, _)| field != PERSONAL_GROWTH) {
                    fields.insert(format!("{SCENARIO_PREFIX}{field}"), v.to_string());
                }
            }
            write_fields(&mut txn, &map, "", &fields, &held.document);
            held.document = fields;
            txn.encode_update_v1()
        };
        self.made = made;
        self.held = Some(held);
        self.last = Some(document.clone());
        if update.len() <= 2 {
            // An update with no change encodes as two zero bytes.
            Vec::new()
        } else {
            update
        }
    }

    /// Merges an update from another browser (any order, any number of
    /// times: Yjs updates commute and are idempotent).
    pub fn apply(&mut self, update: &[u8]) -> Result<(), MergeError> {
        let update = Update::decode_v1(update).map_err(|e| MergeError::Unreadable(e.to_string()))?;
        self.held = None;
        self.last = None;
        let mut txn = self.doc.transact_mut();
        txn.apply_update(update).map_err(|e| MergeError::Unreadable(e.to_string()))
    }

    /// What this copy knows, for a peer to answer with what it lacks.
    pub fn state_vector(&self) -> Vec<u8> {
        use yrs::updates::encoder::Encode;
        self.doc.transact().state_vector().encode_v1()
    }

    /// Everything this copy has that a peer with `state_vector` lacks
    /// (all of it for an empty vector).
    pub fn missing_for(&self, state_vector: &[u8]) -> Result<Vec<u8>, MergeError> {
        let vector = if state_vector.is_empty() {
            StateVector::default()
        } else {
            StateVector::decode_v1(state_vector).map_err(|e| MergeError::Unreadable(e.to_string()))?
        };
        Ok(self.doc.transact().encode_state_as_update_v1(&vector))
    }

    /// Writes what a merge repaired into the room's notes; the update to
    /// send (empty when there is nothing to note).
    pub fn note_repairs(&mut self, repairs: &[Repair]) -> Vec<u8> {
        if repairs.is_empty() {
            return Vec::new();
        }
        let mut txn = self.doc.transact_mut();
        let map = txn.get_or_insert_map(REPAIRS_MAP);
        for repair in repairs {
            self.made += 1;
            let key = format!("{:x}-{:x}", self.client, self.made);
            self.noted.insert(key.clone());
            map.insert(&mut txn, key, repair.to_string());
        }
        txn.encode_update_v1()
    }

    /// The room's repair notes this copy has not handed out yet (each
    /// text once, however many copies noted it).
    pub fn new_notes(&mut self) -> Vec<String> {
        let txn = self.doc.transact();
        let Some(map) = txn.get_map(REPAIRS_MAP) else { return Vec::new() };
        let mut fresh: Vec<(String, String)> = Vec::new();
        for (key, value) in map.iter(&txn) {
            if self.noted.insert(key.to_owned()) {
                if let Out::Any(Any::String(text)) = value {
                    fresh.push((key.to_owned(), text.to_string()));
                }
            }
        }
        fresh.sort();
        let mut seen = std::collections::HashSet::new();
        fresh.into_iter().map(|(_, text)| text).filter(|text| seen.insert(text.clone())).collect()
    }

    /// Marks every repair note so far as handed out: a page that joins a
    /// room is not told of clashes from before it came.
    pub fn skip_notes(&mut self) {
        let _ = self.new_notes();
    }

    /// Whether anything was ever recorded or merged.
    pub fn is_empty(&self) -> bool {
        let txn = self.doc.transact();
        txn.get_map(DOCUMENT_MAP).is_none_or(|m| m.len(&txn) == 0)
    }

    /// The merged document, repaired where concurrent edits left it
    /// invalid, with the repairs in words. `previous` is what this browser
    /// showed before: a scenario that cannot be read is kept from it.
    ///
    /// Two items given one id at once are told apart here, where their
    /// keys are known: the later one is renamed, and what this copy
    /// records next writes the new id under that item's own key, as every
    /// other copy does, so the copies stay one.
    pub fn document(&mut self, previous: &Document) -> Result<Merged, MergeError> {
        let mut held = Held::default();
        let merged = self.read_merged(previous, &mut held);
        self.held = Some(held);
        self.last = None;
        merged
    }

    fn read_merged(&self, previous: &Document, held: &mut Held) -> Result<Merged, MergeError> {
        let txn = self.doc.transact();
        let mut repairs = Vec::new();
        let mut root = JsonMap::new();
        let document_fields = txn.get_map(DOCUMENT_MAP).map(|m| read_flat(&txn, &m)).unwrap_or_default();
        let whole = document_fields.get("").map(|item| &item.fields);
        held.document = whole.cloned().unwrap_or_default();
        let field = |name: &str| whole.and_then(|f| f.get(name)).and_then(|v| serde_json::from_str::<Value>(v).ok());
        root.insert("schema_version".to_owned(), field("schema_version").unwrap_or(Value::from(SCHEMA_VERSION)));
        root.insert("name".to_owned(), field("name").unwrap_or_else(|| Value::String(previous.name.clone())));
        root.insert("migrations".to_owned(), field("migrations").unwrap_or(Value::Array(Vec::new())));
        let mut scenario = JsonMap::new();
        for (name, v) in whole.into_iter().flatten() {
            if let Some(field) = name.strip_prefix(SCENARIO_PREFIX) {
                if let Ok(v) = serde_json::from_str::<Value>(v) {
                    scenario.insert(field.to_owned(), v);
                }
            }
        }
        scenario.insert(PERSONAL_GROWTH.to_owned(), Value::from(previous.scenario.growth));
        let scenario = match serde_json::from_value::<Scenario>(Value::Object(scenario)) {
            Ok(scenario) => serde_json::to_value(scenario).unwrap_or(Value::Null),
            Err(why) => {
                repairs.push(Repair::ScenarioKept { why: why.to_string() });
                serde_json::to_value(&previous.scenario).unwrap_or(Value::Null)
            }
        };
        root.insert("scenario".to_owned(), scenario);
        for collection in Collection::ALL {
            let items = txn.get_map(collection.name()).map(|m| read_flat(&txn, &m)).unwrap_or_default();
            let mut ordered: Vec<(&String, &Item)> = items.iter().collect();
            ordered.sort_by(|a, b| a.1.order().total_cmp(&b.1.order()).then_with(|| a.0.cmp(b.0)));
            let mut values = Vec::with_capacity(ordered.len());
            let index = held.lists.entry(collection).or_default();
            let mut taken: std::collections::HashSet<String> =
                ordered.iter().filter_map(|(_, item)| item.fields.get(collection.identity())).filter_map(|v| serde_json::from_str::<Value>(v).ok()).map(|v| identity_text(&v)).collect();
            let mut next_number = taken.iter().filter_map(|t| t.parse::<u64>().ok()).max().unwrap_or(0);
            for (key, item) in ordered {
                index.items.insert(key.clone(), item.fields.clone());
                let mut object = JsonMap::new();
                for (name, v) in &item.fields {
                    if name != ORDER {
                        if let Ok(v) = serde_json::from_str::<Value>(v) {
                            object.insert(name.clone(), v);
                        }
                    }
                }
                if !object.contains_key(collection.identity()) {
                    // Someone deleted it while someone else changed one of
                    // its fields: only that field came back.
                    repairs.push(Repair::EditOfDeleted {
                        list: collection.name(),
                        fields: object.keys().cloned().collect(),
                    });
                    continue;
                }
                let identity = object.get(collection.identity()).cloned().unwrap_or(Value::Null);
                let mut identity_json = identity.to_string();
                if index.key_of.contains_key(&identity_json) {
                    let from = identity_text(&identity);
                    let renamed = if collection == Collection::Decisions {
                        next_number += 1;
                        Value::from(next_number)
                    } else {
                        Value::String(repair::free_name(&from, &taken))
                    };
                    let to = identity_text(&renamed);
                    taken.insert(to.clone());
                    let shown = |text: &str| if collection == Collection::Decisions { format!("{:0>4}", text) } else { text.to_owned() };
                    repairs.push(Repair::Renamed { list: collection.people_name(), from: shown(&from), to: shown(&to) });
                    identity_json = renamed.to_string();
                    object.insert(collection.identity().to_owned(), renamed);
                }
                index.key_of.insert(identity_json, key.clone());
                values.push(Value::Object(object));
            }
            root.insert(collection.name().to_owned(), Value::Array(values));
        }
        let mut document = repair::read_items(root, &mut repairs).map_err(MergeError::Unmergeable)?;
        repair::repair(&mut document, &mut repairs);
        document.validate().map_err(|errors| MergeError::Unmergeable(errors.to_string()))?;
        Ok(Merged { document, repairs })
    }
}

/// Every item of a flat map, by key (the document map's fields are the
/// item "").
fn read_flat<T: ReadTxn>(txn: &T, map: &MapRef) -> HashMap<String, Item> {
    let mut items: HashMap<String, Item> = HashMap::new();
    for (entry, value) in map.iter(txn) {
        let Out::Any(Any::String(text)) = value else { continue };
        let (key, field) = entry.split_once(SEPARATOR).unwrap_or(("", entry));
        items.entry(key.to_owned()).or_default().fields.insert(field.to_owned(), text.to_string());
    }
    items
}

/// Writes the fields of item `key` that differ from `held` (what the
/// map holds of it), and removes the ones it holds that `fields` lacks.
fn write_fields(txn: &mut TransactionMut, map: &MapRef, key: &str, fields: &BTreeMap<String, String>, held: &BTreeMap<String, String>) {
    let entry = |field: &str| if key.is_empty() { field.to_owned() } else { format!("{key}{SEPARATOR}{field}") };
    for (field, json) in fields {
        if held.get(field) != Some(json) {
            map.insert(txn, entry(field), Any::from(json.as_str()));
        }
    }
    for field in held.keys() {
        if field != ORDER && !fields.contains_key(field) {
            map.remove(txn, &entry(field));
        }
    }
}

/// Brings one list of the CRDT to `list`: new items under new keys,
/// changed fields written, removed items' fields deleted, and the order
/// rewritten only when it changed. `index` is what the map holds, kept
/// current.
fn record_collection(
    txn: &mut TransactionMut,
    map: &MapRef,
    index: &mut ListIndex,
    list: Vec<Entry>,
    new_key: &mut dyn FnMut() -> String,
) {
    let mut held_order: Vec<(f64, String)> = index
        .key_of
        .values()
        .filter_map(|key| index.items.get(key).map(|fields| (order_in(fields), key.clone())))
        .collect();
    held_order.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut kept = std::collections::HashSet::new();
    let mut keys = Vec::with_capacity(list.len());
    for entry in list {
        let key = match index.key_of.get(&entry.identity) {
            Some(key) => key.clone(),
            None => {
                let key = new_key();
                index.key_of.insert(entry.identity.clone(), key.clone());
                key
            }
        };
        if let Some(fields) = entry.fields {
            let held = index.items.entry(key.clone()).or_default();
            write_fields(txn, map, &key, &fields, held);
            let order = held.remove(ORDER);
            *held = fields;
            if let Some(order) = order {
                held.insert(ORDER.to_owned(), order);
            }
        }
        kept.insert(key.clone());
        keys.push(key);
    }
    // Removed items: every field goes, and so does every key no identity
    // names (what was left of an item deleted during an edit).
    let gone: Vec<String> = index.items.keys().filter(|k| !kept.contains(*k)).cloned().collect();
    for key in gone {
        if let Some(fields) = index.items.remove(&key) {
            for field in fields.keys() {
                map.remove(txn, &format!("{key}{SEPARATOR}{field}"));
            }
        }
    }
    index.key_of.retain(|_, key| kept.contains(key));
    // The order: unchanged items keep theirs; a new item goes between its
    // neighbours; a reordered list is numbered again.
    let surviving: Vec<&String> = held_order.iter().map(|(_, k)| k).filter(|k| kept.contains(*k)).collect();
    let held_keys: std::collections::HashSet<&String> = held_order.iter().map(|(_, k)| k).collect();
    let existing_in_new: Vec<&String> = keys.iter().filter(|k| held_keys.contains(k)).collect();
    let mut orders: HashMap<String, f64> = held_order.iter().map(|(o, k)| (k.clone(), *o)).collect();
    let mut set_order = |txn: &mut TransactionMut, key: &String, order: f64| {
        let text = order.to_string();
        if let Some(fields) = index.items.get_mut(key) {
            if fields.get(ORDER) == Some(&text) {
                return;
            }
            fields.insert(ORDER.to_owned(), text.clone());
        }
        map.insert(txn, format!("{key}{SEPARATOR}{ORDER}"), Any::from(text));
    };
    if surviving != existing_in_new {
        for (i, key) in keys.iter().enumerate() {
            set_order(txn, key, i as f64);
        }
        return;
    }
    for (i, key) in keys.iter().enumerate() {
        if orders.contains_key(key) {
            continue;
        }
        let before = keys[..i].iter().rev().find_map(|k| orders.get(k).copied());
        let after = keys[i + 1..].iter().find_map(|k| orders.get(k).copied());
        let order = match (before, after) {
            (Some(b), Some(a)) => (a + b) / 2.0,
            (Some(b), None) => b + 1.0,
            (None, Some(a)) => a - 1.0,
            (None, None) => 0.0,
        };
        orders.insert(key.clone(), order);
        set_order(txn, key, order);
    }
}
