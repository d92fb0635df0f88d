//! Architecture invariants that a reader of ARCHITECTURE.md relies on,
//! checked by reading the sources: the pure core never names a browser or
//! UI crate, and every source file opens with a `//!` comment saying what it
//! owns.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(rust_files(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_pure_core_knows_nothing_of_the_browser() {
    let forbidden = ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"];
    let mut checked = 0;
    for layer in ["model", "engine", "adr", "formats", "editor"] {
        for file in rust_files(&src().join(layer)) {
            let text = std::fs::read_to_string(&file).expect("readable source");
            checked += 1;
            for name in forbidden {
                assert!(
                    !text.contains(name),
                    "{} names `{name}`: only ui/ and platform/ may touch the browser",
                    file.display()
                );
            }
        }
    }
    assert!(checked >= 10, "only {checked} core files found: is src/ where this test expects?");
}

#[test]
fn every_source_file_says_what_it_owns() {
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).expect("readable source");
        assert!(
            text.trim_start().starts_with("//!"),
            "{} does not start with a //! comment",
            file.display()
        );
    }
}
