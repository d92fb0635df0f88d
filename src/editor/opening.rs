//! Opening a template replaces the whole document (one undo step). It
//! must never overwrite someone's work without asking: the page asks
//! first unless the document is untouched — empty, or exactly a template
//! as it comes (the growth dial aside, which is exploration, not work).

use crate::model::templates::{template, TEMPLATES};
use crate::model::{Command, Document};

/// Whether replacing `doc` would lose work, so the page must ask first.
pub fn needs_confirmation(doc: &Document) -> bool {
    if doc.components.is_empty() && doc.decisions.is_empty() {
        return false;
    }
    let mut as_opened = doc.clone();
    !TEMPLATES.iter().any(|t| {
        let pristine = (t.build)();
        as_opened.scenario.growth = pristine.scenario.growth;
        as_opened == pristine
    })
}

/// The edit that opens template `id`, or `None` for an unknown id.
pub fn open_template(id: &str) -> Option<Command> {
    template(id).map(|t| Command::Replace(Box::new((t.build)())))
}

/// The question the confirmation dialog asks.
pub fn confirmation_text(doc: &Document, template_name: &str) -> String {
    let name = if doc.name.trim().is_empty() { "the current architecture" } else { doc.name.trim() };
    format!(
        "Opening \u{201c}{template_name}\u{201d} replaces \u{201c}{name}\u{201d} on the canvas. You can take it back with Undo (Ctrl+Z)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{apply, mvp_that_creaks, History, Point};

    #[test]
    fn untouched_documents_open_templates_without_asking() {
        let mut doc = mvp_that_creaks();
        assert!(!needs_confirmation(&doc));
        doc.scenario.growth = 40.0;
        assert!(!needs_confirmation(&doc), "turning the dial is not work");
        for t in TEMPLATES {
            assert!(!needs_confirmation(&(t.build)()), "{}", t.id);
        }
        let mut empty = mvp_that_creaks();
        empty.components.clear();
        empty.dependencies.clear();
        empty.scenario.entries.clear();
        assert!(!needs_confirmation(&empty));
    }

    #[test]
    fn any_edit_makes_it_ask_and_opening_is_undoable() {
        let mut doc = mvp_that_creaks();
        apply(&mut doc, Command::Move(vec![("web".into(), Some(Point { x: 1.0, y: 1.0 }))])).unwrap();
        assert!(needs_confirmation(&doc));
        let edited = doc.clone();
        let mut history = History::new();
        history.apply(&mut doc, open_template("scaled-web-app").unwrap()).unwrap();
        assert_eq!(doc.name, "Scaled web app");
        assert_eq!(history.undo_label(), Some("open Scaled web app"));
        history.undo(&mut doc);
        assert_eq!(doc, edited);
        assert!(open_template("nope").is_none());
        assert!(confirmation_text(&doc, "Scaled web app").contains("replaces \u{201c}MVP that creaks\u{201d}"));
    }
}
