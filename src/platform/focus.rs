//! Focus: keeping it inside a modal dialog, letting go of it before the
//! page goes away, and moving it to where a button sends the user.
//!
//! Keeping keyboard focus inside a modal dialog. A modal `<dialog>` makes
//! the rest of the page inert, but Tab from its last control would leave
//! for the browser's own toolbar; this wraps it round to the first (and
//! Shift+Tab from the first to the last), as dialogs are expected to.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What can take focus by Tab inside a dialog.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]):not([type=\"hidden\"]):not([hidden]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

fn focusable_in(container: &Element) -> Vec<HtmlElement> {
    let Ok(nodes) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.get(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        // Elements in a hidden part of the dialog have no layout box.
        .filter(|element| element.get_client_rects().length() > 0)
        .collect()
}

/// Handles a keydown inside `container`: a Tab that would leave it wraps.
pub fn keep_tab_inside(container: &Element, event: &KeyboardEvent) {
    if event.key() != "Tab" {
        return;
    }
    let elements = focusable_in(container);
    let (Some(first), Some(last)) = (elements.first(), elements.last()) else {
        return;
    };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let is = |element: &HtmlElement| active.as_ref().is_some_and(|a| a == element.unchecked_ref::<Element>());
    if event.shift_key() && is(first) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && is(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// Takes focus away from the focused field, so a value typed but not yet
/// committed (fields commit when they lose focus) is committed now: the
/// page is about to go away.
pub fn commit_focused_field() {
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    if let Some(element) = active.and_then(|a| a.dyn_into::<HtmlElement>().ok()) {
        let _ = element.blur();
    }
}

/// Scrolls the element with this id into view and gives it focus (for a
/// record opened in the decisions panel from elsewhere on the page). Does
/// nothing when there is no such element.
pub fn reveal(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element {
        element.scroll_into_view_with_bool(true);
        if let Ok(element) = element.dyn_into::<HtmlElement>() {
            let _ = element.focus();
        }
    }
}

/// Gives focus to the element with this id, if there is one (a field
/// that just appeared in place of a label).
pub fn focus_id(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = element.focus();
    }
}
