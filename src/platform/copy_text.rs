//! Copying text to the clipboard. Browsers may refuse (no permission, the
//! page not focused); the refusal comes back as words and the page keeps
//! the text on screen to copy by hand.

use wasm_bindgen_futures::JsFuture;

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    JsFuture::from(window.navigator().clipboard().write_text(text))
        .await
        .map(|_| ())
        .map_err(|_| "the browser did not allow copying: select the link and copy it yourself".to_owned())
}
