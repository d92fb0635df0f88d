//! The editor owns the pure editing session: everything the page needs to
//! know about drawing and editing the document that is not the document
//! itself and touches no browser API. Today that is the automatic layout,
//! the growth dial's scale and input rules, and the canvas scene (what each
//! box and arrow shows). Selection, the viewport and the gesture state
//! machines (dragging, connecting, panning) join it later.
//!
//! Session state is never saved: positions a user chooses go into the
//! document (`Component::position`); the layout only fills in the rest.

pub mod charts;
pub mod growth;
pub mod layout;
pub mod legend;
pub mod scenario_form;
pub mod scene;
