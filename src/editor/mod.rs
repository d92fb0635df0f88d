//! The editor owns the pure editing session: everything the page needs to
//! know about drawing and editing the document that is not the document
//! itself and touches no browser API — the automatic layout, the growth
//! dial's rules, the canvas scene (what each box and arrow shows), the
//! selection, the viewport (pan, zoom, fit), the pointer gesture state
//! machine, hit tests, snapping and placement, the clipboard format, the
//! keyboard map, the inspector's fields and the picture export.
//!
//! Session state is never saved: positions a user chooses go into the
//! document (`Component::position`); the layout only fills in the rest.
//! Selection, viewport and gestures in progress are never undo steps.

pub mod charts;
pub mod clipboard;
pub mod connect;
pub mod culling;
pub mod export;
pub mod gesture;
pub mod growth;
pub mod hit;
pub mod inspector;
pub mod keymap;
pub mod layout;
pub mod legend;
pub mod migration_form;
pub mod placement;
pub mod planning;
pub mod scenario_form;
pub mod scene;
pub mod selection;
pub mod shapes;
pub mod viewport;
