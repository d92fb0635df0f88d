//! The canvas session: what the pointer and the keyboard do on the drawing.
//! Selection, the viewport (pan, zoom, fit), the gesture state machine,
//! hit tests, snapping and placement, drawing a connection, the clipboard,
//! the keyboard map and which boxes are in view.

pub mod clipboard;
pub mod connect;
pub mod culling;
pub mod gesture;
pub mod hit;
pub mod keymap;
pub mod placement;
pub mod selection;
pub mod viewport;
