//! The line under a planning panel's toolbar that says what the last
//! action did ("Applied step 1 …", "Nothing was saved: …"), with an Undo
//! button while that action is still the last edit. A panel may also hand
//! it a note worked out from the document, which follows Undo and Redo.

use leptos::prelude::*;

use super::state::Editor;

/// What the last action did.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub problem: bool,
    pub text: String,
    /// The undo label of the edit the action made; an Undo button shows
    /// while that edit is the last one.
    pub undo: Option<String>,
}

impl Note {
    pub fn done(text: impl Into<String>, undo: Option<String>) -> Note {
        Note { problem: false, text: text.into(), undo }
    }

    pub fn problem(text: impl Into<String>) -> Note {
        Note { problem: true, text: text.into(), undo: None }
    }
}

/// The note, or nothing.
#[component]
pub fn PlanningMessage(
    /// The note to show.
    note: RwSignal<Option<Note>>,
    /// A note worked out from the document (the plan's step applied last,
    /// which follows Undo and Redo), shown while `note` is empty.
    #[prop(optional, into)]
    derived: Option<Signal<Option<Note>>>,
    /// `data-testid` of the text, for tests.
    test_id: &'static str,
) -> impl IntoView {
    let editor = expect_context::<Editor>();
    // The area stays in the page so that screen readers announce what
    // appears in it; a problem is an alert of its own.
    let shown = move || {
        note.get().or_else(|| derived.and_then(|d| d.get())).map(|n| {
            let undo = n.undo.clone().filter(|label| editor.undo_label.with(|l| l.as_deref() == Some(label)));
            view! {
                <div class="panel-message" class:panel-message-problem=n.problem>
                    <p data-testid=test_id role=n.problem.then_some("alert")>{n.text}</p>
                    {undo.map(|_| view! {
                        <button
                            type="button"
                            class="button"
                            data-testid=format!("{test_id}-undo")
                            on:click=move |_| {
                                editor.undo();
                                note.set(None);
                            }
                        >
                            "Undo"
                        </button>
                    })}
                </div>
            }
        })
    };
    view! { <div class="planning-message" aria-live="polite">{shown}</div> }
}
