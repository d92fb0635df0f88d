//! Files in and out: a download made from bytes in memory (a Blob behind
//! an object URL, clicked through a temporary link — nothing is fetched,
//! so the page's policy has nothing to allow), and the text or bytes of a
//! file the user chose in a file input.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, File, HtmlAnchorElement, HtmlInputElement, Url};

/// A browser error in words (its message, or its text).
pub(super) fn message(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the browser refused".to_owned())
}

/// Offers `bytes` as a file called `name` of type `mime`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let body = document.body().ok_or("no page body")?;
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(message)?;
    let url = Url::create_object_url_with_blob(&blob).map_err(message)?;
    let link: HtmlAnchorElement = document.create_element("a").map_err(message)?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    body.append_child(&link).map_err(message)?;
    link.click();
    link.remove();
    // The download has its own reference to the blob by now; revoking
    // later rather than at once is what every browser is happy with.
    let revoke = url.clone();
    leptos::prelude::set_timeout(move || {
        let _ = Url::revoke_object_url(&revoke);
    }, std::time::Duration::from_secs(30));
    Ok(())
}

/// Offers text as a UTF-8 file.
pub fn download_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    download(name, &format!("{mime};charset=utf-8"), text.as_bytes())
}

/// The files chosen in a file input, in order.
pub fn chosen_files(input: &HtmlInputElement) -> Vec<File> {
    let Some(list) = input.files() else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file's name and its text, read as UTF-8.
pub async fn read_text(file: File) -> Result<(String, String), String> {
    let name = file.name();
    let text = JsFuture::from(file.text()).await.map_err(|e| format!("{name} could not be read: {}", message(e)))?;
    let text = text.as_string().ok_or_else(|| format!("{name} is not text"))?;
    Ok((name, text))
}

/// The bytes of a file the user chose (a zip of records), with its name.
pub async fn read_bytes(file: File) -> Result<(String, Vec<u8>), String> {
    let name = file.name();
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{name} could not be read: {}", message(e)))?;
    Ok((name, Uint8Array::new(&buffer).to_vec()))
}

/// Lets the same file be chosen again (a file input only reports changes).
pub fn clear_choice(input: &HtmlInputElement) {
    input.set_value("");
}
