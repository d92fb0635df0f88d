//! Architecture invariants that a reader of ARCHITECTURE.md relies on,
//! checked by reading the sources: the pure core never names a browser or
//! UI crate, and every source file opens with a `//!` comment saying what it
//! owns, and every import between the layers points the way the table
//! below allows.

use std::collections::{BTreeMap, BTreeSet};
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
    for layer in ["model", "engine", "words", "adr", "files", "storage", "editor"] {
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

/// Every file of the repository a user clones, skipping what builds and
/// installs leave beside it.
fn repository_files(dir: &Path) -> Vec<PathBuf> {
    const LEFT_BY_TOOLS: [&str; 4] = ["target", "node_modules", "dist", ".git"];
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if !LEFT_BY_TOOLS.iter().any(|skip| name == *skip) {
                    found.extend(repository_files(&path));
                }
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn the_repository_stands_on_its_own() {
    // A clone has nothing beside it: no file may send the reader, a test or
    // a script to a sibling checkout. The name is built here so that this
    // file does not match itself.
    let sibling = format!("{}/{}", "..", "shared");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    let mut checked = 0;
    for file in repository_files(&root) {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        checked += 1;
        for (number, line) in text.lines().enumerate() {
            if line.contains(&sibling) {
                let shown = file.strip_prefix(&root).unwrap_or(&file).display().to_string();
                offenders.push(format!("{shown}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(checked >= 100, "only {checked} files read: is the repository where this test expects?");
    assert!(offenders.is_empty(), "these lines name {sibling}, which a clone does not have:\n{}", offenders.join("\n"));
    assert!(
        root.join("tests/reference-cases/README.md").is_file() && root.join("docs/design.md").is_file(),
        "the design document and the reference cases belong to the repository"
    );
}

#[test]
fn every_file_the_page_is_built_from_is_in_the_repository() {
    // Trunk reads each `data-trunk` link's href; a file left uncommitted
    // builds here and breaks a clone.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("index.html")).expect("index.html");
    let mut hrefs = Vec::new();
    for tag in page.split('<').filter(|tag| tag.starts_with("link") && tag.contains("data-trunk")) {
        if let Some(start) = tag.find("href=\"") {
            let rest = &tag[start + 6..];
            hrefs.push(rest[..rest.find('"').expect("closing quote")].to_owned());
        }
    }
    assert!(hrefs.len() >= 10, "only {} data-trunk links found in index.html", hrefs.len());
    for href in &hrefs {
        assert!(root.join(href).is_file(), "index.html names {href}, which is not in the repository");
    }
    assert!(root.join("web/service-worker.js").is_file(), "the offline worker's source");
}

// ------------------------------------------------------------ the layers
//
// Which module may use which: the layers of ARCHITECTURE.md as a table,
// checked against every `crate::…` path in the source (tests inside a
// file, after its `#[cfg(test)]`, may reach further: they check one layer
// against another). An import the table does not allow fails with the
// file that made it. The table is ordered from the bottom up, and a
// module may only use those above it in the list, so the layers form a
// ladder with no loop.

/// What each top-level module may use.
const MAY_USE: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("engine", &["model"]),
    ("words", &["model", "engine"]),
    ("adr", &["model", "engine", "words"]),
    ("files", &["model", "engine", "words", "adr"]),
    ("storage", &["model", "files"]),
    ("collab", &["model", "files"]),
    ("editor", &["model", "engine", "words", "adr", "files"]),
    ("platform", &["storage"]),
    ("ui", &["model", "engine", "words", "adr", "files", "storage", "editor", "platform", "collab"]),
    ("cli", &["model", "engine", "words", "adr", "files", "editor"]),
    ("lib", &[]),
    ("main", &[]),
];

/// The top-level modules each module's non-test code names, with the
/// file that names them.
fn arrows() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in rust_files(&root) {
        let relative = path.strip_prefix(&root).expect("under src").to_path_buf();
        let first = relative.components().next().expect("a file").as_os_str().to_string_lossy().to_string();
        let module = first.trim_end_matches(".rs").to_owned();
        let text = std::fs::read_to_string(&path).expect("a source file");
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let uses = found.entry(module.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if name != module {
                uses.insert(format!("{name} ({})", relative.display()));
            }
        }
    }
    found
}

#[test]
fn the_table_is_a_ladder() {
    // Down means earlier in the table: a module may use only those above
    // it, so no two modules can use each other, directly or around a loop.
    for (at, (module, uses)) in MAY_USE.iter().enumerate() {
        for used in *uses {
            let below = MAY_USE[..at].iter().any(|(earlier, _)| earlier == used);
            assert!(below, "{module} may use {used}, which is not above it in MAY_USE");
        }
    }
}

#[test]
fn every_arrow_points_down() {
    let allowed: BTreeMap<&str, &[&str]> = MAY_USE.iter().copied().collect();
    let mut wrong = Vec::new();
    for (module, uses) in arrows() {
        let Some(may) = allowed.get(module.as_str()) else {
            wrong.push(format!("{module} is not in the table: say what it may use"));
            continue;
        };
        for used in uses {
            let target = used.split(' ').next().unwrap_or("");
            if !may.contains(&target) {
                wrong.push(format!("{module} → {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "imports the layers do not allow:\n{}", wrong.join("\n"));
}
