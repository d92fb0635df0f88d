//! An element's height as a CSS custom property on the page's root, kept
//! current with a `ResizeObserver`: the stylesheet sizes the canvas to the
//! screen left under the sticky top, whose height depends on how many
//! lines the headline takes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry};

/// Sets `property` (e.g. `--top-height`) on `<html>` to the border-box
/// height of the first element matching `selector`, now and whenever it
/// changes, for the rest of the page's life. Does nothing where the
/// element or the observer is missing: the stylesheet has a fallback.
pub fn follow_height(selector: &str, property: &'static str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(element) = document.query_selector(selector).ok().flatten() else {
        return;
    };
    let Some(root) = document.document_element().and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    let set = move |height: f64| {
        let _ = root.style().set_property(property, &format!("{}px", height.ceil()));
    };
    set(element.get_bounding_client_rect().height());
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.get(0).dyn_ref::<ResizeObserverEntry>() {
            set(entry.target().get_bounding_client_rect().height());
        }
    });
    if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        observer.observe(&element);
        // Observes for the page's whole life: the closure must outlive it.
        on_resize.forget();
    }
}
