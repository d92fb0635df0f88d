//! The workspace's store in the browser: `localStorage`, as raw strings.
//!
//! The `storage::workspace::Workspace` decides everything (keys, revisions,
//! backups, what a failed write means); this file only moves strings and
//! turns the browser's refusals into `StoreError` values. A full storage
//! is `QuotaExceeded`, whatever the browser calls it; a page where storage
//! is switched off (some private modes, blocked site data) still works, on
//! a store in memory, and says so.
//!
//! gloo-storage's typed `get`/`set` would JSON-encode every value a second
//! time (the workspace already writes JSON, and an unreadable copy must be
//! kept byte for byte), and its accessor throws where storage is switched
//! off, so the `Storage` object is used directly.

use wasm_bindgen::JsCast;
use web_sys::{DomException, Storage};

use crate::storage::workspace::{KeyValueStore, MemoryStore, StoreError};

/// localStorage when the page may use it, else a map that lives as long as
/// the tab.
pub enum BrowserStore {
    Local(Storage),
    Memory(MemoryStore),
}

impl BrowserStore {
    /// localStorage, or the in-memory fallback with the reason in words.
    pub fn open() -> (BrowserStore, Option<String>) {
        let storage = web_sys::window().map(|w| w.local_storage());
        match storage {
            Some(Ok(Some(storage))) => (BrowserStore::Local(storage), None),
            Some(Err(error)) => (BrowserStore::Memory(MemoryStore::new()), Some(describe(&error))),
            _ => (BrowserStore::Memory(MemoryStore::new()), Some("this browser offers no local storage".to_owned())),
        }
    }

    /// sessionStorage: what this tab alone keeps across a reload (the
    /// presenter's room and last picture), or the in-memory fallback.
    pub fn session() -> BrowserStore {
        match web_sys::window().map(|w| w.session_storage()) {
            Some(Ok(Some(storage))) => BrowserStore::Local(storage),
            _ => BrowserStore::Memory(MemoryStore::new()),
        }
    }

    /// Whether documents outlive the tab.
    pub fn is_persistent(&self) -> bool {
        matches!(self, BrowserStore::Local(_))
    }
}

/// The words of a JavaScript error, for a message.
fn describe(error: &wasm_bindgen::JsValue) -> String {
    match error.dyn_ref::<DomException>() {
        Some(exception) => format!("{}: {}", exception.name(), exception.message()),
        None => error.as_string().unwrap_or_else(|| "storage refused the request".to_owned()),
    }
}

/// What a refused `setItem` means. Browsers name a full storage
/// `QuotaExceededError` (code 22); old Firefox said
/// `NS_ERROR_DOM_QUOTA_REACHED` (code 1014).
fn store_error(error: &wasm_bindgen::JsValue) -> StoreError {
    match error.dyn_ref::<DomException>() {
        Some(exception)
            if exception.name() == "QuotaExceededError"
                || exception.name() == "NS_ERROR_DOM_QUOTA_REACHED"
                || exception.code() == 22
                || exception.code() == 1014 =>
        {
            StoreError::QuotaExceeded
        }
        _ => StoreError::Unavailable(describe(error)),
    }
}

impl KeyValueStore for BrowserStore {
    fn get(&self, key: &str) -> Option<String> {
        match self {
            BrowserStore::Local(storage) => storage.get_item(key).ok().flatten(),
            BrowserStore::Memory(memory) => memory.get(key),
        }
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        match self {
            BrowserStore::Local(storage) => storage.set_item(key, value).map_err(|e| store_error(&e)),
            BrowserStore::Memory(memory) => memory.set(key, value),
        }
    }

    fn remove(&mut self, key: &str) {
        match self {
            // removeItem does not throw on a storage the page could open.
            BrowserStore::Local(storage) => {
                let _ = storage.remove_item(key);
            }
            BrowserStore::Memory(memory) => memory.remove(key),
        }
    }

    fn keys(&self) -> Vec<String> {
        match self {
            BrowserStore::Local(storage) => {
                let length = storage.length().unwrap_or(0);
                (0..length).filter_map(|i| storage.key(i).ok().flatten()).collect()
            }
            BrowserStore::Memory(memory) => memory.keys(),
        }
    }
}
