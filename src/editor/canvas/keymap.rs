//! The keyboard map, after Excalidraw's and draw.io's conventions: one
//! table that both decides what a key press does and is what the help
//! overlay (`?`) lists, so the two cannot disagree.
//!
//! Keys are matched on the browser's `key` value (the character typed,
//! so `?` and `+` work on every layout) and, for Shift+digit, on `code`
//! (Shift+1 types `!` on a US keyboard and `§`-something elsewhere).

use crate::editor::canvas::hit::Direction;

/// A key press as the browser reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key`: "z", "Z", "Delete", "ArrowLeft", "?".
    pub key: &'a str,
    /// `KeyboardEvent.code`: "KeyZ", "Digit1".
    pub code: &'a str,
    /// Ctrl, or Cmd on a Mac.
    pub command: bool,
    pub shift: bool,
    pub alt: bool,
}

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Undo,
    Redo,
    Delete,
    Duplicate,
    Copy,
    Cut,
    Paste,
    SelectAll,
    /// Cancel the gesture, close what is open, clear the selection, leave
    /// presentation mode — the first that applies.
    Escape,
    Help,
    ZoomIn,
    ZoomOut,
    ActualSize,
    Fit,
    Rename,
    Presentation,
    AutoLayout,
    /// Move the selection by one grid step (or a larger one), or pan
    /// when nothing is selected.
    Arrow { direction: Direction, large: bool },
    /// Select the nearest box in that direction.
    SelectNext(Direction),
    SelectTool,
    HandTool,
    FocusInspector,
}

/// Groups in the help overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Edit,
    Select,
    View,
    Other,
}

impl Group {
    pub fn title(self) -> &'static str {
        match self {
            Group::Edit => "Edit",
            Group::Select => "Select and move",
            Group::View => "View",
            Group::Other => "Other",
        }
    }

    pub const ALL: [Group; 4] = [Group::Edit, Group::Select, Group::View, Group::Other];
}

/// One line of the help overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The keys as a person reads them; alternatives are separate
    /// entries ("Ctrl/Cmd+Shift+Z", "Ctrl+Y").
    pub keys: &'static [&'static str],
    pub what: &'static str,
    pub group: Group,
}

/// Everything the keyboard does on the canvas, as the help overlay lists
/// it. Pointer gestures are listed too, for completeness.
pub const KEYMAP: &[Binding] = &[
    Binding { keys: &["Ctrl/Cmd+Z"], what: "Undo", group: Group::Edit },
    Binding { keys: &["Ctrl/Cmd+Shift+Z", "Ctrl+Y"], what: "Redo", group: Group::Edit },
    Binding { keys: &["Delete", "Backspace"], what: "Delete the selection", group: Group::Edit },
    Binding { keys: &["Ctrl/Cmd+D"], what: "Duplicate the selection", group: Group::Edit },
    Binding { keys: &["Ctrl/Cmd+C"], what: "Copy the selected components", group: Group::Edit },
    Binding { keys: &["Ctrl/Cmd+X"], what: "Cut the selected components", group: Group::Edit },
    Binding { keys: &["Ctrl/Cmd+V"], what: "Paste components (also from another document)", group: Group::Edit },
    Binding { keys: &["Enter", "F2"], what: "Rename the selected component (or double-click it)", group: Group::Edit },
    Binding { keys: &["Shift+L"], what: "Auto-layout: arrange by dependency order", group: Group::Edit },
    Binding { keys: &["V"], what: "Select tool: drag on the background to select boxes", group: Group::Select },
    Binding { keys: &["H"], what: "Hand tool: drag anywhere to pan", group: Group::Select },
    Binding { keys: &["Ctrl/Cmd+A"], what: "Select everything", group: Group::Select },
    Binding { keys: &["Tab", "Shift+Tab"], what: "Go to the next or previous box; it becomes the selection", group: Group::Select },
    Binding { keys: &["Alt+Arrow"], what: "Select the nearest box in that direction", group: Group::Select },
    Binding { keys: &["Arrow"], what: "Move the selection one grid step (pan when nothing is selected)", group: Group::Select },
    Binding { keys: &["Shift+Arrow"], what: "Move the selection five grid steps", group: Group::Select },
    Binding { keys: &["Shift+click"], what: "Add a box or arrow to the selection, or take it out", group: Group::Select },
    Binding { keys: &["Drag from ●"], what: "Connect: drag from a box's handle onto another box", group: Group::Select },
    Binding { keys: &["Alt+drag"], what: "Move without snapping to the grid", group: Group::Select },
    Binding { keys: &["Esc"], what: "Cancel, close, or clear the selection", group: Group::Select },
    Binding { keys: &["+", "="], what: "Zoom in", group: Group::View },
    Binding { keys: &["-"], what: "Zoom out", group: Group::View },
    Binding { keys: &["Shift+1"], what: "Fit the drawing to the screen", group: Group::View },
    Binding { keys: &["Shift+0"], what: "Zoom to 100%", group: Group::View },
    Binding { keys: &["Wheel", "Pinch"], what: "Zoom at the pointer (Shift+wheel scrolls)", group: Group::View },
    Binding { keys: &["Space+drag", "Middle-drag"], what: "Pan", group: Group::View },
    Binding { keys: &["P"], what: "Presentation mode (Esc leaves it)", group: Group::View },
    Binding { keys: &["I"], what: "Go to the inspector of the selection", group: Group::Other },
    Binding { keys: &["?"], what: "Show or hide this list", group: Group::Other },
];

/// What a key press does on the canvas, if anything. The page does not
/// ask while the focus is in a text field, where keys type.
pub fn action_for(press: KeyPress<'_>) -> Option<Action> {
    let key = press.key;
    let letter = (key.chars().count() == 1).then(|| key.to_ascii_lowercase());
    if press.command && !press.alt {
        return match (letter.as_deref(), press.shift) {
            (Some("z"), false) => Some(Action::Undo),
            (Some("z"), true) => Some(Action::Redo),
            (Some("y"), false) => Some(Action::Redo),
            (Some("d"), false) => Some(Action::Duplicate),
            (Some("c"), false) => Some(Action::Copy),
            (Some("x"), false) => Some(Action::Cut),
            (Some("v"), false) => Some(Action::Paste),
            (Some("a"), false) => Some(Action::SelectAll),
            // Ctrl with anything else (Ctrl+P prints, Ctrl++ zooms the
            // page) is the browser's.
            _ => None,
        };
    }
    if press.command {
        return None;
    }
    if let Some(direction) = arrow(key) {
        return Some(if press.alt {
            Action::SelectNext(direction)
        } else {
            Action::Arrow { direction, large: press.shift }
        });
    }
    if press.alt {
        return None;
    }
    if press.shift {
        match press.code {
            "Digit1" => return Some(Action::Fit),
            "Digit0" => return Some(Action::ActualSize),
            _ => {}
        }
    }
    match key {
        "Delete" | "Backspace" => return Some(Action::Delete),
        "Escape" => return Some(Action::Escape),
        "Enter" | "F2" => return Some(Action::Rename),
        "?" => return Some(Action::Help),
        "+" | "=" => return Some(Action::ZoomIn),
        "-" | "_" => return Some(Action::ZoomOut),
        _ => {}
    }
    match (letter.as_deref(), press.shift) {
        (Some("p"), false) => Some(Action::Presentation),
        (Some("v"), false) => Some(Action::SelectTool),
        (Some("h"), false) => Some(Action::HandTool),
        (Some("i"), false) => Some(Action::FocusInspector),
        (Some("l"), true) => Some(Action::AutoLayout),
        _ => None,
    }
}

fn arrow(key: &str) -> Option<Direction> {
    match key {
        "ArrowLeft" => Some(Direction::Left),
        "ArrowRight" => Some(Direction::Right),
        "ArrowUp" => Some(Direction::Up),
        "ArrowDown" => Some(Direction::Down),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(key: &str, code: &str, modifiers: &str, expected: Option<Action>) {
        let press = KeyPress {
            key,
            code,
            command: modifiers.contains("ctrl"),
            shift: modifiers.contains("shift"),
            alt: modifiers.contains("alt"),
        };
        assert_eq!(action_for(press), expected, "{modifiers}+{key} ({code})");
    }

    #[test]
    fn the_map_follows_excalidraw_and_drawio() {
        check("z", "KeyZ", "ctrl", Some(Action::Undo));
        check("Z", "KeyZ", "ctrl shift", Some(Action::Redo));
        check("y", "KeyY", "ctrl", Some(Action::Redo));
        check("d", "KeyD", "ctrl", Some(Action::Duplicate));
        check("c", "KeyC", "ctrl", Some(Action::Copy));
        check("x", "KeyX", "ctrl", Some(Action::Cut));
        check("v", "KeyV", "ctrl", Some(Action::Paste));
        check("a", "KeyA", "ctrl", Some(Action::SelectAll));
        check("Delete", "Delete", "", Some(Action::Delete));
        check("Backspace", "Backspace", "", Some(Action::Delete));
        check("Escape", "Escape", "", Some(Action::Escape));
        check("Enter", "Enter", "", Some(Action::Rename));
        check("F2", "F2", "", Some(Action::Rename));
        check("?", "Slash", "shift", Some(Action::Help));
        check("+", "Equal", "shift", Some(Action::ZoomIn));
        check("=", "Equal", "", Some(Action::ZoomIn));
        check("-", "Minus", "", Some(Action::ZoomOut));
        check("!", "Digit1", "shift", Some(Action::Fit));
        check(")", "Digit0", "shift", Some(Action::ActualSize));
        check("p", "KeyP", "", Some(Action::Presentation));
        check("v", "KeyV", "", Some(Action::SelectTool));
        check("h", "KeyH", "", Some(Action::HandTool));
        check("L", "KeyL", "shift", Some(Action::AutoLayout));
        check("i", "KeyI", "", Some(Action::FocusInspector));
        check("ArrowLeft", "ArrowLeft", "", Some(Action::Arrow { direction: Direction::Left, large: false }));
        check("ArrowDown", "ArrowDown", "shift", Some(Action::Arrow { direction: Direction::Down, large: true }));
        check("ArrowUp", "ArrowUp", "alt", Some(Action::SelectNext(Direction::Up)));
    }

    #[test]
    fn the_browser_keeps_its_own_shortcuts() {
        check("p", "KeyP", "ctrl", None);
        check("=", "Equal", "ctrl", None);
        check("-", "Minus", "ctrl", None);
        check("0", "Digit0", "ctrl", None);
        check("t", "KeyT", "ctrl", None);
        check("ArrowLeft", "ArrowLeft", "ctrl", None);
        check("q", "KeyQ", "", None);
        check("1", "Digit1", "", None);
        check("z", "KeyZ", "ctrl alt", None);
    }

    #[test]
    fn every_action_in_the_table_has_a_key_and_a_description() {
        for binding in KEYMAP {
            assert!(!binding.keys.is_empty() && !binding.what.is_empty());
        }
        for group in Group::ALL {
            assert!(KEYMAP.iter().any(|b| b.group == group), "{} is empty", group.title());
        }
    }
}
