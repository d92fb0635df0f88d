//! Files: how documents and decisions leave the program and come back.
//! The JSON document file (versioned, validated on the way in), the share
//! link, the Mermaid export, decision records as MADR (4, and the
//! log4brains flavour), as Nygard (adr-tools) Markdown with their zip and
//! the detection of which of these an imported record is, and the Markdown helpers they share:
//! escaping what is written, reading blocks back, and the safe preview.
//!
//! The presenter window's feed (`presenter_feed`) is here too: it is the
//! document written and read between two windows.
//!
//! Everything read here is validated before it reaches the model: a bad
//! file is an error naming its line or field, never a half-read document.

pub mod csv;
pub mod decision_folder;
pub mod decisions_zip;
pub mod evidence;
pub mod front_matter;
pub mod import;
pub mod json;
pub mod log4brains;
pub mod madr;
pub mod markdown_preview;
pub mod markdown_text;
pub mod markdown_tree;
pub mod mermaid;
pub mod nygard;
pub mod presenter_feed;
pub mod record_format;
pub mod share_url;
pub mod structurizr_dsl;
