//! The editor owns the pure editing session: everything the page needs to
//! know about drawing and editing the document that is not the document
//! itself and touches no browser API. It has three rooms: the canvas
//! session (`canvas`: selection, viewport, gestures, hit tests, placement,
//! clipboard, keys), the view model (`view`: layout, scene, shapes, legend,
//! charts, picture export) and the forms (`forms`: inspector, scenario,
//! growth, planning, migration).
//!
//! Session state is never saved: positions a user chooses go into the
//! document (`Component::position`); the layout only fills in the rest.
//! Selection, viewport and gestures in progress are never undo steps.

pub mod canvas;
pub mod forms;
pub mod view;
