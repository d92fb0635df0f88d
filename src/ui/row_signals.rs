//! The rows of a long table, each handed its own figures. One pass over
//! the table's new contents sets the signal of each row whose figures
//! changed, so a settle of the growth dial costs what changed. A memo per
//! row that reads the whole table costs the table's length for every row,
//! and as much again in Leptos' subscriber lists (which remove a
//! subscriber by shifting the rest): on 5,000 components, seconds a settle.

use std::hash::Hash;

use leptos::prelude::*;
use rustc_hash::FxHashMap;

/// The signal of each row on the page, by the row's key.
pub struct RowSignals<K: Send + Sync + 'static, V: Send + Sync + 'static> {
    signals: StoredValue<FxHashMap<K, RwSignal<V>>>,
}

impl<K: Send + Sync + 'static, V: Send + Sync + 'static> Clone for RowSignals<K, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K: Send + Sync + 'static, V: Send + Sync + 'static> Copy for RowSignals<K, V> {}

impl<K, V> RowSignals<K, V>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
    V: PartialEq + Clone + Send + Sync + 'static,
{
    /// Follows `rows` (every row's key and figures, read reactively) from
    /// now on: when they change, each row on the page whose figures differ
    /// is set, and no other.
    pub fn follow(rows: impl Fn() -> Vec<(K, V)> + Send + Sync + 'static) -> RowSignals<K, V> {
        let signals: StoredValue<FxHashMap<K, RwSignal<V>>> = StoredValue::new(FxHashMap::default());
        Effect::new(move |_| {
            let rows = rows();
            signals.with_value(|signals| {
                for (key, value) in rows {
                    if let Some(signal) = signals.get(&key) {
                        if signal.with_untracked(|shown| shown != &value) {
                            signal.set(value);
                        }
                    }
                }
            });
        });
        RowSignals { signals }
    }

    /// The figures of row `key`, `value` until the table changes; the row
    /// is forgotten when it leaves the page.
    pub fn row(&self, key: K, value: V) -> ReadSignal<V> {
        let signal = RwSignal::new(value);
        let signals = self.signals;
        signals.update_value(|signals| {
            signals.insert(key.clone(), signal);
        });
        on_cleanup(move || {
            // A row leaving as its successor with the same key arrives
            // must not take the successor's signal with it.
            signals.update_value(|signals| {
                if signals.get(&key) == Some(&signal) {
                    signals.remove(&key);
                }
            });
        });
        signal.read_only()
    }
}
