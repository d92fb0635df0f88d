//! The clock: the only place the page reads the time. The core takes
//! times as arguments (`Stamp`s, `yyyy-mm-dd` dates).

use crate::storage::workspace::Stamp;

/// Now, in milliseconds since the Unix epoch.
pub fn now() -> Stamp {
    let millis = js_sys::Date::now();
    Stamp(if millis.is_finite() && millis > 0.0 { millis as u64 } else { 0 })
}

/// Today in the user's time zone, `yyyy-mm-dd`: the date a record is
/// written on.
pub fn today() -> String {
    let date = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}

/// A time stamp as the user's browser writes a date and time ("5/1/2024,
/// 10:04:11 AM" or the local equivalent), for lists of documents.
pub fn local_time(stamp: Stamp) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(stamp.0 as f64));
    String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED))
}

/// Milliseconds since the page started loading, for measuring.
pub fn since_page_start() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
