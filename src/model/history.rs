//! Undo history: a stack of inverse commands. Undoing applies the top
//! inverse and keeps *its* inverse for redo, so undo and redo are the same
//! operation pointed in opposite directions.

use super::command::{apply, Command, EditError};
use super::Document;

/// How many undo steps are kept; older ones are forgotten.
pub const HISTORY_LIMIT: usize = 200;

#[derive(Clone, Debug)]
struct Step {
    label: String,
    inverse: Command,
}

/// Undo and redo stacks for one document.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

impl History {
    pub fn new() -> History {
        History::default()
    }

    /// Applies an edit, recording it for undo when it is an edit worth a
    /// step. A new edit clears the redo stack, as everywhere else. On
    /// refusal `doc` is left exactly as it was.
    pub fn apply(&mut self, doc: &mut Document, command: Command) -> Result<(), EditError> {
        let records = command.enters_history(doc);
        let label = command.label();
        let inverse = apply(doc, command)?;
        if records {
            self.undo.push(Step { label, inverse });
            if self.undo.len() > HISTORY_LIMIT {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
        Ok(())
    }

    pub fn undo(&mut self, doc: &mut Document) -> Option<String> {
        Self::replay(doc, &mut self.undo, &mut self.redo)
    }

    pub fn redo(&mut self, doc: &mut Document) -> Option<String> {
        Self::replay(doc, &mut self.redo, &mut self.undo)
    }

    /// Label of the step `undo` would revert ("move 2 components").
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Forgets everything, e.g. when another document is opened from the
    /// document list (not a template, which is itself undoable).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }

    fn replay(doc: &mut Document, from: &mut Vec<Step>, to: &mut Vec<Step>) -> Option<String> {
        let step = from.pop()?;
        match apply(doc, step.inverse.clone()) {
            Ok(inverse) => {
                let label = step.label.clone();
                to.push(Step { label: step.label, inverse });
                Some(label)
            }
            // An inverse of an applied edit always applies; if it ever did
            // not, dropping the step is safer than corrupting the document.
            Err(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{mvp_that_creaks, Point};

    #[test]
    fn undo_then_redo_walks_back_and_forth() {
        let mut doc = mvp_that_creaks();
        let mut history = History::new();
        let original = doc.clone();
        history
            .apply(&mut doc, Command::Move(vec![("web".into(), Some(Point { x: 1.0, y: 2.0 }))]))
            .unwrap();
        let moved = doc.clone();
        history.apply(&mut doc, Command::Rename("Two".into())).unwrap();
        let renamed = doc.clone();

        assert_eq!(history.undo(&mut doc).as_deref(), Some("rename document"));
        assert_eq!(doc, moved);
        assert_eq!(history.undo(&mut doc).as_deref(), Some("move 1 component"));
        assert_eq!(doc, original);
        assert_eq!(history.undo(&mut doc), None);
        assert_eq!(history.redo(&mut doc).as_deref(), Some("move 1 component"));
        assert_eq!(history.redo(&mut doc).as_deref(), Some("rename document"));
        assert_eq!(doc, renamed);
    }

    #[test]
    fn a_new_edit_clears_redo_and_growth_is_not_recorded() {
        let mut doc = mvp_that_creaks();
        let mut history = History::new();
        history.apply(&mut doc, Command::Rename("A".into())).unwrap();
        history.undo(&mut doc);
        assert!(history.can_redo());
        let mut scenario = doc.scenario.clone();
        scenario.growth = 20.0;
        history.apply(&mut doc, Command::SetScenario(scenario)).unwrap();
        assert_eq!(doc.scenario.growth, 20.0);
        assert!(history.can_redo(), "moving the dial must not clear redo");
        assert!(!history.can_undo());
        history.apply(&mut doc, Command::Rename("B".into())).unwrap();
        assert!(!history.can_redo());
    }

    #[test]
    fn a_refused_edit_leaves_history_alone() {
        let mut doc = mvp_that_creaks();
        let mut history = History::new();
        let result = history.apply(&mut doc, Command::Remove { components: vec!["ghost".into()], dependencies: vec![] });
        assert!(result.is_err());
        assert!(!history.can_undo());
    }
}
