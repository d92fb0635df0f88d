//! Imports of what teams already have — a Mermaid diagram, a Structurizr
//! workspace, a docker-compose file, a tracing backend's dependency list —
//! into one [`ImportDraft`]: the preview the page shows and the command
//! line turns into a document. Each format's reader only says what it
//! found (components, dependencies, entry rates, and every line or path it
//! did not understand); guessing kinds, making ids and building the
//! validated document happen here, once, for all of them.
//!
//! Nothing is silently dropped: whatever a reader skips is listed in
//! [`ImportDraft::not_understood`] with where it was and why.

pub mod compose;
pub mod draft;
pub mod kind_guess;
pub mod mermaid_reader;
pub mod structurizr;
pub mod summary;
pub mod tracing;

use std::fmt;

pub use draft::{Declared, DraftComponent, DraftDependency, DraftEntry, ImportDraft, Unread};
pub use summary::ImportSummary;

/// Where in a file something was: a line (1-based) of a text format, or
/// the path to a value in a JSON or YAML one (`services.web.deploy`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    Line(usize),
    Path(String),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Line(line) => write!(f, "line {line}"),
            Place::Path(path) if path.is_empty() => f.write_str("the top level"),
            Place::Path(path) => write!(f, "{path}"),
        }
    }
}

/// Why a file could not be read at all. Anything less than that is an
/// [`Unread`] entry in the draft instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub place: Place,
    pub message: String,
}

impl ReadError {
    pub fn at_line(line: usize, message: impl Into<String>) -> ReadError {
        ReadError { place: Place::Line(line), message: message.into() }
    }

    pub fn at_path(path: impl Into<String>, message: impl Into<String>) -> ReadError {
        ReadError { place: Place::Path(path.into()), message: message.into() }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

impl std::error::Error for ReadError {}

/// The formats Headroom imports. `Markdown` is a README or other Markdown
/// file holding a ```` ```mermaid ```` block: its first Mermaid diagram is
/// read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ImportFormat {
    MermaidFlowchart,
    MermaidArchitecture,
    Structurizr,
    Compose,
    Jaeger,
    Zipkin,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 6] = [
        ImportFormat::MermaidFlowchart,
        ImportFormat::MermaidArchitecture,
        ImportFormat::Structurizr,
        ImportFormat::Compose,
        ImportFormat::Jaeger,
        ImportFormat::Zipkin,
    ];

    /// The identifier the command line's `--format` and the page use.
    pub fn slug(self) -> &'static str {
        match self {
            ImportFormat::MermaidFlowchart => "mermaid",
            ImportFormat::MermaidArchitecture => "mermaid-architecture",
            ImportFormat::Structurizr => "structurizr",
            ImportFormat::Compose => "compose",
            ImportFormat::Jaeger => "jaeger",
            ImportFormat::Zipkin => "zipkin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImportFormat::MermaidFlowchart => "Mermaid flowchart",
            ImportFormat::MermaidArchitecture => "Mermaid architecture diagram",
            ImportFormat::Structurizr => "Structurizr workspace (JSON)",
            ImportFormat::Compose => "docker-compose file",
            ImportFormat::Jaeger => "Jaeger dependencies (JSON)",
            ImportFormat::Zipkin => "Zipkin dependencies (JSON)",
        }
    }

    pub fn from_slug(slug: &str) -> Option<ImportFormat> {
        ImportFormat::ALL.into_iter().find(|format| format.slug() == slug)
    }

    /// Whether the format counts calls over a time window, which the
    /// person importing must state.
    pub fn needs_window(self) -> bool {
        matches!(self, ImportFormat::Jaeger | ImportFormat::Zipkin)
    }
}

/// What the person importing says beside the file.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    /// The format, when not left to [`detect`].
    pub format: Option<ImportFormat>,
    /// Seconds the tracing counts cover (Jaeger's and Zipkin's lookback).
    pub window_seconds: f64,
}

impl Default for ImportOptions {
    fn default() -> Self {
        // Jaeger's UI and Zipkin's API both look back a day by default.
        ImportOptions { format: None, window_seconds: 86_400.0 }
    }
}

/// The format a file is in, from its text: JSON by its shape (a
/// Structurizr workspace has `model`; a dependency list has `parent`,
/// `child` and `callCount`, and Zipkin's also `errorCount`), Mermaid by its
/// first keyword (in a Markdown file, that of its first ```` ```mermaid ````
/// block), docker-compose by its top-level `services:`.
pub fn detect(text: &str) -> Result<ImportFormat, ReadError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return detect_json(trimmed);
    }
    if let Some(diagram) = mermaid_reader::diagram_text(text) {
        match mermaid_reader::diagram_keyword(&diagram.text) {
            Some("architecture-beta") => return Ok(ImportFormat::MermaidArchitecture),
            Some("flowchart" | "graph") => return Ok(ImportFormat::MermaidFlowchart),
            // Another Mermaid diagram: the reader says which and why not.
            _ if diagram.fenced => return Ok(ImportFormat::MermaidFlowchart),
            _ => {}
        }
    }
    if text.lines().any(|line| line.trim_end() == "services:" || line.starts_with("services:")) {
        return Ok(ImportFormat::Compose);
    }
    Err(ReadError::at_line(
        1,
        "not a format Headroom imports: expected a Mermaid flowchart or architecture-beta diagram (or Markdown \
         holding one), a Structurizr workspace JSON, a docker-compose file with services:, or a Jaeger or Zipkin \
         dependency list",
    ))
}

fn detect_json(text: &str) -> Result<ImportFormat, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|error| ReadError::at_line(error.line(), format!("not valid JSON: {error}")))?;
    if value.get("model").is_some_and(serde_json::Value::is_object) {
        return Ok(ImportFormat::Structurizr);
    }
    let links = value.get("data").unwrap_or(&value);
    if let Some(first) = links.as_array().and_then(|links| links.first()) {
        if first.get("parent").is_some() && first.get("child").is_some() {
            return Ok(if links.as_array().is_some_and(|l| l.iter().any(|x| x.get("errorCount").is_some())) {
                ImportFormat::Zipkin
            } else {
                ImportFormat::Jaeger
            });
        }
    }
    if value.get("components").is_some() && value.get("scenario").is_some() {
        return Err(ReadError::at_path(
            "",
            "this is a Headroom document: open it with Documents → Import a JSON document",
        ));
    }
    Err(ReadError::at_path(
        "",
        "JSON that is neither a Structurizr workspace (an object with \"model\") nor a dependency list \
         (objects with \"parent\", \"child\" and \"callCount\")",
    ))
}

/// Reads `text` in the format `options` names, or the one [`detect`] finds.
pub fn read(text: &str, options: &ImportOptions) -> Result<ImportDraft, ReadError> {
    let format = match options.format {
        Some(format) => format,
        None => detect(text)?,
    };
    // Each reader says which format it read (a Mermaid file is a flowchart
    // or an architecture diagram whichever was asked).
    let mut draft = match format {
        ImportFormat::MermaidFlowchart | ImportFormat::MermaidArchitecture => mermaid_reader::read(text)?,
        ImportFormat::Structurizr => structurizr::read(text)?,
        ImportFormat::Compose => compose::read(text)?,
        ImportFormat::Jaeger | ImportFormat::Zipkin => tracing::read(text, format, options.window_seconds)?,
    };
    draft.settle_guesses();
    Ok(draft)
}
