//! The page's address: the share link lives in its fragment
//! (`#doc=v1.…`), which browsers never send to a server; the presenter
//! window's room in its query (`?presenter=…`); a live room's link in the
//! fragment too (`#room=…`).

/// The fragment of the address, `#` included ("" when there is none).
pub fn fragment() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Removes the fragment from the address without reloading or adding a
/// history entry, so a reload does not open the shared document again.
pub fn clear_fragment() {
    replace_fragment("");
}

/// Puts `fragment` in the address without reloading, adding a history
/// entry or firing `hashchange` (a live room's link, so a reload rejoins).
pub fn replace_fragment(fragment: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}{fragment}")));
    }
}

/// This page's address with `fragment` in place of its own.
pub fn link_with_fragment(fragment: &str) -> String {
    let Some(window) = web_sys::window() else {
        return fragment.to_owned();
    };
    let location = window.location();
    let base = format!(
        "{}{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    format!("{base}{fragment}")
}

/// The address's query (`?a=b`, "" when there is none).
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// This page's address with `query` in place of its own, no fragment.
pub fn address_with_query(query: &str) -> String {
    let Some(window) = web_sys::window() else {
        return query.to_owned();
    };
    let location = window.location();
    format!("{}{}{query}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}
