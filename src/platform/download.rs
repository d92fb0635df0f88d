//! Downloading a file the page made (an exported picture, a Mermaid
//! flowchart): a Blob behind a temporary object URL, clicked through an
//! anchor with a `download` name, then released.

use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// How long the object URL lives after the click: the browser copies the
/// data when the download starts, well within this.
const REVOKE_AFTER_MS: i32 = 30_000;

/// Offers `text` as a file named `file_name` of type `mime`.
pub fn download_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not hold the file's contents".to_owned())?;
    download_blob(file_name, &blob)
}

/// Offers a Blob as a file named `file_name`.
pub fn download_blob(file_name: &str, blob: &Blob) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(|_| "the browser refused to make a download link".to_owned())?;
    let result = click_link(file_name, &url);
    // Released later, not now: the download may not have started yet.
    if let Some(window) = web_sys::window() {
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = Url::revoke_object_url(&url);
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), REVOKE_AFTER_MS);
    }
    result
}

/// Offers a `data:` URL (a PNG from a canvas) as a file.
pub fn download_url(file_name: &str, url: &str) -> Result<(), String> {
    click_link(file_name, url)
}

fn click_link(file_name: &str, href: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document to download from".to_owned())?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "could not make a download link".to_owned())?
        .dyn_into()
        .map_err(|_| "could not make a download link".to_owned())?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}
