//! An element's height as a CSS custom property on the page's root, kept
//! current with a `ResizeObserver`: the stylesheet sizes the canvas to the
//! screen left under the sticky top, whose height depends on how many
//! lines the headline takes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ResizeObserver, ResizeObserverEntry, ResizeObserverSize};

/// Sets `property` (e.g. `--top-height`) on `<html>` to the border-box
/// height of the first element matching `selector`, from its first layout
/// on and whenever it changes, for the rest of the page's life. Does
/// nothing where the element or the observer is missing: the stylesheet
/// has a fallback. The height is the observer's own (it reports after
/// layout): asking the element for it would make the browser lay out the
/// whole page again, a quarter of a second on a 1,000-component model.
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
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>().ok() else { return };
        let height = entry
            .border_box_size()
            .get(0)
            .dyn_into::<ResizeObserverSize>()
            .map(|size| size.block_size())
            // A browser without border-box sizes: the element's own box.
            .unwrap_or_else(|_| entry.target().get_bounding_client_rect().height());
        let _ = root.style().set_property(property, &format!("{}px", height.ceil()));
    });
    if let Ok(observer) = ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
        // An observer reports once as it starts observing, after the
        // next layout: that is the first height.
        observer.observe(&element);
        // Observes for the page's whole life: the closure must outlive it.
        on_resize.forget();
    }
}
