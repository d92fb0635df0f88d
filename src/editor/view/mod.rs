//! The view model: what the drawing shows. The automatic layout, the scene
//! (each box's and arrow's text, colour and marks), shapes and icons, the
//! legend, the charts and the picture export (SVG).

pub mod charts;
pub mod export;
pub mod layout;
pub mod legend;
pub mod scene;
pub mod scene_texts;
pub mod shapes;
