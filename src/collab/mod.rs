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
//! together.

pub mod repair;

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
const SCENARIO_PREFIX: &str = "scenario.";

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
        self.fields.get(ORDER).and_then(|o| o.parse().ok()).unwrap_or(0.0)
    }
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
}

impl SharedDocument {
    /// An empty copy for the browser `client` (a random 53-bit number:
    /// Yjs tells writers apart by it, so two browsers must never share
    /// one).
    pub fn new(client: u64) -> SharedDocument {
        // Yjs client ids are 53-bit in JavaScript.
        let client = client & ((1 << 53) - 1);
        SharedDocument { doc: Doc::with_client_id(client), client, made: 0 }
    }

    /// This copy's client id.
    pub fn client(&self) -> u64 {
        self.client
    }

    /// Brings the CRDT to `document`, writing only the fields that differ
    /// from what it holds, and returns the update to send the room (empty
    /// when nothing changed).
    pub fn record(&mut self, document: &Document) -> Vec<u8> {
        let Ok(Value::Object(value)) = serde_json::to_value(document) else {
            return Vec::new();
        };
        let mut made = self.made;
        let client = self.client;
        let update = {
            let mut txn = self.doc.transact_mut();
            for collection in Collection::ALL {
                let map = txn.get_or_insert_map(collection.name());
                let items = match value.get(collection.name()) {
                    Some(Value::Array(items)) => items.as_slice(),
                    _ => &[],
                };
                record_collection(&mut txn, &map, collection, items, &mut || {
                    made += 1;
                    format!("{client:x}.{made:x}")
                });
            }
            let map = txn.get_or_insert_map(DOCUMENT_MAP);
            let mut fields: BTreeMap<String, String> = BTreeMap::new();
            fields.insert("name".to_owned(), Value::String(document.name.clone()).to_string());
            fields.insert("schema_version".to_owned(), document.schema_version.to_string());
            if let Some(Value::Array(migrations)) = value.get("migrations") {
                fields.insert("migrations".to_owned(), Value::Array(migrations.clone()).to_string());
            } else {
                fields.insert("migrations".to_owned(), "[]".to_owned());
            }
            if let Some(Value::Object(scenario)) = value.get("scenario") {
                for (field, v) in scenario {
                    fields.insert(format!("{SCENARIO_PREFIX}{field}"), v.to_string());
                }
            }
            let held = read_flat(&txn, &map).remove("").map(|i| i.fields).unwrap_or_default();
            write_fields(&mut txn, &map, "", &fields, &held);
            txn.encode_update_v1()
        };
        self.made = made;
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

    /// Whether anything was ever recorded or merged.
    pub fn is_empty(&self) -> bool {
        let txn = self.doc.transact();
        txn.get_map(DOCUMENT_MAP).is_none_or(|m| m.len(&txn) == 0)
    }

    /// The merged document, repaired where concurrent edits left it
    /// invalid, with the repairs in words. `previous` is what this browser
    /// showed before: a scenario that cannot be read is kept from it.
    pub fn document(&self, previous: &Document) -> Result<Merged, MergeError> {
        let txn = self.doc.transact();
        let mut repairs = Vec::new();
        let mut root = JsonMap::new();
        let document_fields = txn.get_map(DOCUMENT_MAP).map(|m| read_flat(&txn, &m)).unwrap_or_default();
        let whole = document_fields.get("").map(|item| &item.fields);
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
            for (_, item) in ordered {
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

/// Brings one list of the CRDT to `items`: new items under new keys,
/// changed fields written, removed items' fields deleted, and the order
/// rewritten only when it changed.
fn record_collection(
    txn: &mut TransactionMut,
    map: &MapRef,
    collection: Collection,
    items: &[Value],
    new_key: &mut dyn FnMut() -> String,
) {
    let mut held = read_flat(txn, map);
    // Which key holds which item, by the item's identity.
    let mut key_of: HashMap<String, String> = HashMap::new();
    let mut held_order: Vec<(f64, String)> = Vec::new();
    for (key, item) in &held {
        if let Some(identity) = item.fields.get(collection.identity()) {
            key_of.entry(identity.clone()).or_insert_with(|| key.clone());
            held_order.push((item.order(), key.clone()));
        }
    }
    held_order.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    let mut kept = std::collections::HashSet::new();
    let mut keys = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(object) = item else { continue };
        let identity = object.get(collection.identity()).map(Value::to_string).unwrap_or_default();
        let key = key_of.get(&identity).cloned().unwrap_or_else(&mut *new_key);
        let fields: BTreeMap<String, String> = object.iter().map(|(f, v)| (f.clone(), v.to_string())).collect();
        let empty = BTreeMap::new();
        write_fields(txn, map, &key, &fields, held.get(&key).map_or(&empty, |h| &h.fields));
        kept.insert(key.clone());
        keys.push(key);
    }
    // Removed items: every field goes.
    for (key, item) in held.drain() {
        if !kept.contains(&key) {
            for field in item.fields.keys() {
                map.remove(txn, &format!("{key}{SEPARATOR}{field}"));
            }
        }
    }
    // The order: unchanged items keep theirs; a new item goes between its
    // neighbours; a reordered list is numbered again.
    let surviving: Vec<&String> = held_order.iter().map(|(_, k)| k).filter(|k| kept.contains(*k)).collect();
    let existing_in_new: Vec<&String> = keys.iter().filter(|k| surviving.contains(k)).collect();
    let mut orders: HashMap<String, f64> = held_order.iter().map(|(o, k)| (k.clone(), *o)).collect();
    if surviving != existing_in_new {
        for (i, key) in keys.iter().enumerate() {
            map.insert(txn, format!("{key}{SEPARATOR}{ORDER}"), Any::from((i as f64).to_string()));
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
        map.insert(txn, format!("{key}{SEPARATOR}{ORDER}"), Any::from(order.to_string()));
    }
}
