//! Where each component sits in a list kept by component (a document's
//! components, a report's loads), worked out on the first lookup by id and
//! kept beside the list, so that a pass naming every component by id (the
//! words of a 20,000-component report look up each one several times) is
//! linear instead of a scan per name.
//!
//! The list's fields stay public and editable, so a position found here is
//! a hint, never trusted: it is used only when the item there still has
//! the id asked for, and otherwise the list is scanned as before. A stale
//! cache is therefore slow, never wrong. A clone starts with an empty
//! cache (it is usually about to be edited), and the cache takes no part
//! in equality, printing or files.

use std::fmt;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::ComponentId;

/// Below this many items a scan is as quick as hashing and costs no map.
const SCANNED_BELOW: usize = 32;

/// The position of each id in one list, the first when an id repeats (as
/// a scan finds it).
#[derive(Default)]
pub struct PositionCache(OnceLock<FxHashMap<ComponentId, usize>>);

impl PositionCache {
    /// The item of `items` whose `id_of` is `id`: the first, as
    /// `items.iter().find` gives it.
    pub fn find<'a, T>(&self, items: &'a [T], id: &ComponentId, id_of: impl Fn(&T) -> &ComponentId) -> Option<&'a T> {
        self.position(items, id, id_of).map(|i| &items[i])
    }

    /// Where in `items` that item is.
    pub fn position<T>(&self, items: &[T], id: &ComponentId, id_of: impl Fn(&T) -> &ComponentId) -> Option<usize> {
        if items.len() < SCANNED_BELOW {
            return items.iter().position(|item| id_of(item) == id);
        }
        let positions = self.0.get_or_init(|| {
            let mut positions = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
            for (i, item) in items.iter().enumerate() {
                positions.entry(id_of(item).clone()).or_insert(i);
            }
            positions
        });
        match positions.get(id) {
            Some(&i) if items.get(i).is_some_and(|item| id_of(item) == id) => Some(i),
            // Edited since, or not there: what a scan says is the answer.
            _ => items.iter().position(|item| id_of(item) == id),
        }
    }
}

impl Clone for PositionCache {
    fn clone(&self) -> Self {
        PositionCache::default()
    }
}

impl PartialEq for PositionCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for PositionCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PositionCache")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<ComponentId> {
        (0..n).map(|i| ComponentId::new(format!("c{i}"))).collect()
    }

    #[test]
    fn finds_what_a_scan_finds_in_short_and_long_lists() {
        for n in [3, 100] {
            let list = ids(n);
            let cache = PositionCache::default();
            for (i, id) in list.iter().enumerate() {
                assert_eq!(cache.position(&list, id, |c| c), Some(i));
            }
            assert_eq!(cache.position(&list, &ComponentId::new("missing"), |c| c), None);
        }
    }

    /// The list edited after the cache was filled: removals, insertions,
    /// renames and a repeated id all give a scan's answer.
    #[test]
    fn an_edited_list_is_never_answered_from_a_stale_position() {
        let mut list = ids(100);
        let cache = PositionCache::default();
        assert_eq!(cache.position(&list, &list[50].clone(), |c| c), Some(50));
        list.remove(10);
        list.insert(0, ComponentId::new("new"));
        list[70] = ComponentId::new("renamed");
        list.push(ComponentId::new("c5"));
        for probe in ["c50", "new", "renamed", "c70", "c5", "c10", "c99"] {
            let id = ComponentId::new(probe);
            assert_eq!(cache.position(&list, &id, |c| c), list.iter().position(|c| c == &id), "{probe}");
        }
    }

    #[test]
    fn a_repeated_id_finds_its_first() {
        let mut list = ids(40);
        list[30] = ComponentId::new("c3");
        assert_eq!(PositionCache::default().position(&list, &ComponentId::new("c3"), |c| c), Some(3));
    }
}
