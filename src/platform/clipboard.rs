//! The system clipboard through the asynchronous Clipboard API, for the
//! toolbar's Copy and Paste buttons and "copy Mermaid". Keyboard copy and
//! paste (Ctrl+C / Ctrl+V) use the page's copy and paste events instead,
//! which need no permission.

use wasm_bindgen_futures::JsFuture;

fn clipboard() -> Result<web_sys::Clipboard, String> {
    let window = web_sys::window().ok_or_else(|| "no window".to_owned())?;
    Ok(window.navigator().clipboard())
}

/// Puts text on the clipboard.
pub async fn write_text(text: String) -> Result<(), String> {
    let promise = clipboard()?.write_text(&text);
    JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow copying to the clipboard".to_owned())
}

/// Reads text from the clipboard (the browser may ask the user first).
pub async fn read_text() -> Result<String, String> {
    let promise = clipboard()?.read_text();
    let value = JsFuture::from(promise)
        .await
        .map_err(|_| "the browser did not allow reading the clipboard; press Ctrl+V (Cmd+V) instead".to_owned())?;
    Ok(value.as_string().unwrap_or_default())
}
