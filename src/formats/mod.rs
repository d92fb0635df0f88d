//! Formats: how documents and figures leave and enter the program. The JSON
//! document file (versioned, validated on the way in) and the words and
//! numbers people read (quantities, the bottleneck headline).

pub mod headline;
pub mod json;
pub mod mermaid;
pub mod quantity;
pub mod results_table;
