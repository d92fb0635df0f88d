//! Formats: how documents and figures leave and enter the program. The JSON
//! document file (versioned, validated on the way in) and the words and
//! numbers people read (quantities, the bottleneck headline).

pub mod adr_lines;
pub mod audit;
pub mod calibration;
pub mod cost;
pub mod decisions_zip;
pub mod explain;
pub mod extraction;
pub mod headline;
pub mod json;
pub mod latency_working;
pub mod limits;
pub mod madr;
pub mod markdown_preview;
pub mod markdown_text;
pub mod mermaid;
pub mod migration;
pub mod nygard;
pub mod options;
pub mod plan;
pub mod quantity;
pub mod readiness;
pub mod resilience;
pub mod results_table;
pub mod share_url;
pub mod violations;
pub mod workspace;
