//! The forms: what each field beside the drawing reads and writes. The
//! inspector's field table, the scenario form, the growth dial's rules,
//! the planning form and the migration form. A form turns typed text into
//! an edit command or a message naming the field; it never edits directly.

pub mod growth;
pub mod guardrail_form;
pub mod inspector;
pub mod migration_form;
pub mod planning;
pub mod scenario_form;
