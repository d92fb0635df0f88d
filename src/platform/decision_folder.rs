//! A folder on disk through the File System Access API
//! (`showDirectoryPicker`, Chromium-based browsers): picked once, its
//! Markdown files listed and read, a file written. Called through
//! `js_sys::Reflect` because web-sys puts these APIs behind an unstable
//! flag. What is read or written is `files::decision_folder`'s to decide;
//! files come and go as (name, text) pairs.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::files::message;

/// A picked folder (a `FileSystemDirectoryHandle`).
#[derive(Clone)]
pub struct Folder {
    handle: JsValue,
    pub name: String,
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, String> {
    Reflect::get(target, &JsValue::from_str(key)).map_err(message)
}

/// Calls `target.method(args…)` and awaits the promise it returns.
async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
    let function: Function = get(target, method)?.dyn_into().map_err(|_| format!("the browser has no {method}"))?;
    let array: js_sys::Array = args.iter().collect();
    let returned = function.apply(target, &array).map_err(message)?;
    let promise: Promise = returned.dyn_into().map_err(|_| format!("{method} did not return a promise"))?;
    JsFuture::from(promise).await.map_err(message)
}

/// Whether this browser can open a folder in place.
pub fn supported() -> bool {
    web_sys::window().is_some_and(|w| get(&w, "showDirectoryPicker").is_ok_and(|f| f.is_function()))
}

/// Asks the person for a folder, to read and write. Where the folder holds
/// `docs/decisions` or `doc/adr` (a repository picked at its root), that
/// folder is the one used.
pub async fn pick() -> Result<Folder, String> {
    let window: JsValue = web_sys::window().ok_or("no window")?.into();
    let options = Object::new();
    let _ = Reflect::set(&options, &"mode".into(), &"readwrite".into());
    let _ = Reflect::set(&options, &"id".into(), &"headroom-decisions".into());
    let handle = call(&window, "showDirectoryPicker", &[options.into()]).await?;
    let name = get(&handle, "name")?.as_string().unwrap_or_default();
    for path in [["docs", "decisions"], ["doc", "adr"]] {
        if let Some(inner) = subfolder(&handle, &path).await {
            return Ok(Folder { handle: inner, name: format!("{name}/{}", path.join("/")) });
        }
    }
    Ok(Folder { handle, name })
}

async fn subfolder(handle: &JsValue, path: &[&str]) -> Option<JsValue> {
    let mut current = handle.clone();
    for part in path {
        current = call(&current, "getDirectoryHandle", &[JsValue::from_str(part)]).await.ok()?;
    }
    Some(current)
}

impl Folder {
    /// Every `.md` file directly in the folder, by name, with its text.
    pub async fn markdown_files(&self) -> Result<Vec<(String, String)>, String> {
        let iterator_method: Function =
            get(&self.handle, "values")?.dyn_into().map_err(|_| "the folder cannot be listed".to_owned())?;
        let iterator = iterator_method.call0(&self.handle).map_err(message)?;
        let mut files = Vec::new();
        loop {
            let step = call(&iterator, "next", &[]).await?;
            if get(&step, "done")?.as_bool().unwrap_or(true) {
                break;
            }
            let entry = get(&step, "value")?;
            let kind = get(&entry, "kind")?.as_string().unwrap_or_default();
            let name = get(&entry, "name")?.as_string().unwrap_or_default();
            if kind != "file" || !name.to_ascii_lowercase().ends_with(".md") {
                continue;
            }
            let file = call(&entry, "getFile", &[]).await?;
            let text = call(&file, "text", &[]).await?.as_string().unwrap_or_default();
            files.push((name, text));
        }
        files.sort();
        Ok(files)
    }

    /// Writes `text` to the file `name` in the folder, creating it.
    pub async fn write(&self, name: &str, text: &str) -> Result<(), String> {
        let options = Object::new();
        let _ = Reflect::set(&options, &"create".into(), &JsValue::TRUE);
        let file = call(&self.handle, "getFileHandle", &[JsValue::from_str(name), options.into()]).await?;
        let stream = call(&file, "createWritable", &[]).await?;
        call(&stream, "write", &[JsValue::from_str(text)]).await?;
        call(&stream, "close", &[]).await?;
        Ok(())
    }
}
