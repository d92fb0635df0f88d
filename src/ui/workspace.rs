//! The editor as a whole: toolbar, palette, canvas and inspector, the
//! help and template dialogs, and the page-wide keyboard, clipboard and
//! presentation-mode wiring. It owns the editing session (`Session`) and
//! provides it to every part.
//!
//! Keys go through `editor::canvas::keymap::action_for`; copy, cut and paste use
//! the browser's clipboard events (no permission needed) and
//! `editor::canvas::clipboard`'s format. Nothing here is a rule of its own.

use leptos::ev;
use leptos::prelude::*;

use super::canvas::{is_editable, is_for_editor, Canvas};
use super::decisions_state::DecisionsContext;
use super::help_overlay::HelpOverlay;
use super::live_room::LiveRoom;
use super::inspector::{delete_selection, duplicate_selection, Inspector};
use super::palette::Palette;
use super::presenter_feed::PresenterFeed;
use super::session::{focus_inspector, focus_node, Session};
use super::storage_session::StorageSession;
use super::template_dialog::TemplateDialog;
use super::toolbar::{auto_layout, redo, undo, Toolbar};
use crate::editor::canvas::clipboard::{copy, paste, Placement};
use crate::editor::canvas::gesture::{Input, Tool};
use crate::editor::canvas::hit::nearest_in_direction;
use crate::editor::canvas::keymap::{action_for, Action, KeyPress};
use crate::editor::canvas::placement::{bounds_of_nodes, move_command, NUDGE, NUDGE_LARGE};
use crate::editor::canvas::selection::Selection;
use crate::editor::canvas::viewport::{PAN_STEP, PAN_STEP_LARGE, ZOOM_STEP};
use crate::engine::synthetic::layered_dag;
use crate::model::ComponentId;

/// The largest generated model the `#bench=N` fragment loads: issue 16's
/// 5,000-component page.
const BENCH_LIMIT: usize = 5_000;

/// Toolbar, palette, canvas, inspector and dialogs.
#[component]
pub fn Workspace() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(PresenterFeed::start(session));
    // "Record a decision" links the components selected here.
    if let Some(decisions) = use_context::<DecisionsContext>() {
        Effect::new(move |_| {
            decisions.selection.set(session.selection.with(|s| s.components().cloned().collect()));
        });
    }

    // The live room shows the others what is selected here.
    if let Some(live) = use_context::<LiveRoom>() {
        Effect::new(move |_| {
            let selected: Vec<ComponentId> = session.selection.with(|s| s.components().cloned().collect());
            if live.selected.with_untracked(|now| *now != selected) {
                live.selected.set(selected);
            }
        });
    }

    // A generated model for the in-browser benchmark: `#bench=200`. It
    // opens as a new document, so nobody's work is replaced.
    if let Some(n) = bench_size() {
        let mut generated = layered_dag(n, 3 * n, 7);
        generated.name = format!("Benchmark: {n} components");
        match use_context::<StorageSession>() {
            Some(storage) => {
                storage.create(generated);
            }
            None => session.editor().load(generated),
        }
    }

    // Another document arrived (a template, a saved one, the benchmark):
    // show all of it.
    let design = session.design();
    let ids = Memo::new(move |_| design.with(|d| d.components.iter().map(|c| c.id.clone()).collect::<Vec<_>>()));
    let previous = StoredValue::new(Vec::<ComponentId>::new());
    Effect::new(move |_| {
        ids.with(|now| {
            let replaced = previous.with_value(|before| !before.is_empty() && !now.iter().any(|id| before.contains(id)));
            previous.set_value(now.clone());
            if replaced {
                request_animation_frame(move || session.fit());
            }
        })
    });

    // Presentation mode styles the whole page (panels hidden, large type)
    // and, when it changes, the canvas is measured and fitted again (the
    // page's first measure fits it already).
    Effect::new(move |before: Option<bool>| {
        let on = session.presenting.get();
        if let Some(root) = document_element() {
            let _ = root.class_list().toggle_with_force("presenting", on);
        }
        if before.is_some_and(|was| was != on) {
            session.remeasure.update(|n| *n += 1);
            request_animation_frame(move || session.fit());
        }
        on
    });

    let keydown = window_event_listener(ev::keydown, move |ev| on_keydown(session, &ev));
    let keyup = window_event_listener(ev::keyup, move |ev: web_sys::KeyboardEvent| {
        if ev.key() == " " {
            session.feed(Input::Space(false));
        }
    });
    let on_blur = window_event_listener(ev::blur, move |_| session.feed(Input::Space(false)));
    let copy_listener = window_event_listener(ev::copy, move |ev| on_copy(session, &ev, false));
    let cut_listener = window_event_listener(ev::cut, move |ev| on_copy(session, &ev, true));
    let paste_listener = window_event_listener(ev::paste, move |ev| on_paste(session, &ev));
    on_cleanup(move || {
        keydown.remove();
        keyup.remove();
        on_blur.remove();
        copy_listener.remove();
        cut_listener.remove();
        paste_listener.remove();
    });

    view! {
        <div class="workspace">
            <Toolbar/>
            <div class="workspace-body">
                <Palette/>
                <Canvas/>
                <Inspector/>
            </div>
            <button
                type="button"
                class="leave-presentation"
                on:click=move |_| session.presenting.set(false)
            >
                "Leave presentation (Esc)"
            </button>
            <HelpOverlay/>
            <TemplateDialog/>
        </div>
    }
}

pub(super) fn document_element() -> Option<web_sys::Element> {
    document().document_element()
}

/// Whether a modal dialog is showing anywhere on the page.
fn any_dialog_open() -> bool {
    document().query_selector("dialog[open]").ok().flatten().is_some()
}

/// `N` from a `#bench=N` fragment.
fn bench_size() -> Option<usize> {
    let hash = window().location().hash().ok()?;
    let n: usize = hash.strip_prefix("#bench=")?.parse().ok()?;
    (1..=BENCH_LIMIT).contains(&n).then_some(n)
}

fn on_keydown(session: Session, ev: &web_sys::KeyboardEvent) {
    if ev.default_prevented() || is_editable(ev.target()) {
        return;
    }
    // An open dialog (ours or another panel's) handles its own keys: Esc
    // closes it, even when the focus fell out of it onto the page.
    if session.help_open.get_untracked() || session.templates_open.get_untracked() || any_dialog_open() {
        return;
    }
    // Esc leaves presentation mode wherever the focus is.
    if ev.key() == "Escape" && session.presenting.get_untracked() {
        session.presenting.set(false);
        return;
    }
    if !is_for_editor(ev.target()) {
        return;
    }
    let key = ev.key();
    let on_button = ev
        .target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|e| matches!(e.tag_name().to_ascii_lowercase().as_str(), "button" | "a" | "summary"));
    if key == " " {
        // Space activates a focused button; elsewhere it means "pan".
        if !on_button {
            ev.prevent_default();
            if !ev.repeat() {
                session.feed(Input::Space(true));
            }
        }
        return;
    }
    if on_button && key == "Enter" {
        return;
    }
    let press = KeyPress {
        key: &key,
        code: &ev.code(),
        command: ev.ctrl_key() || ev.meta_key(),
        shift: ev.shift_key(),
        alt: ev.alt_key(),
    };
    let Some(action) = action_for(press) else {
        return;
    };
    // Copy, cut and paste are left to the browser, which then fires the
    // clipboard events handled below.
    if matches!(action, Action::Copy | Action::Cut | Action::Paste) {
        return;
    }
    ev.prevent_default();
    run_action(session, action);
}

/// Carries out a keyboard action.
fn run_action(session: Session, action: Action) {
    let document = session.document();
    match action {
        Action::Undo => undo(session),
        Action::Redo => redo(session),
        Action::Delete => delete_selection(session),
        Action::Duplicate => duplicate_selection(session),
        Action::SelectAll => {
            session.select(document.with_untracked(Selection::all));
            session.say(session.selection.with_untracked(Selection::describe));
        }
        Action::Escape => {
            if session.busy() {
                session.feed(Input::Cancel);
            } else if session.presenting.get_untracked() {
                session.presenting.set(false);
            } else if !session.selection.with_untracked(Selection::is_empty) {
                session.select(Selection::none());
            } else {
                session.notice.set(None);
            }
        }
        Action::Help => session.help_open.update(|open| *open = !*open),
        Action::ZoomIn => session.viewport.update(|v| *v = v.zoomed(ZOOM_STEP)),
        Action::ZoomOut => session.viewport.update(|v| *v = v.zoomed(1.0 / ZOOM_STEP)),
        Action::ActualSize => session.viewport.update(|v| *v = v.actual_size()),
        Action::Fit => session.fit(),
        Action::Rename => {
            let (component, dependency) = session
                .selection
                .with_untracked(|s| (s.single_component().cloned(), s.single_dependency().is_some()));
            if let Some(id) = component {
                session.renaming.set(Some(id));
            } else if dependency {
                focus_inspector();
            }
        }
        Action::Presentation => session.presenting.update(|on| *on = !*on),
        Action::AutoLayout => auto_layout(session),
        Action::Arrow { direction, large } => {
            let ids: Vec<ComponentId> = session.selection.with_untracked(|s| s.components().cloned().collect());
            let (dx, dy) = direction.step();
            if ids.is_empty() {
                let step = if large { PAN_STEP_LARGE } else { PAN_STEP };
                session.viewport.update(|v| *v = v.panned(-dx * step, -dy * step));
                return;
            }
            let step = if large { NUDGE_LARGE } else { NUDGE };
            let offset = crate::model::Point { x: dx * step, y: dy * step };
            let command = document.with_untracked(|d| session.layout.with_untracked(|l| move_command(d, l, &ids, offset)));
            if let Some(command) = command {
                if session.run(command, None) {
                    if let Some(bounds) = session.layout.with_untracked(|l| bounds_of_nodes(l, &ids)) {
                        session.reveal(bounds);
                    }
                }
            }
        }
        Action::SelectNext(direction) => {
            let from = session.selection.with_untracked(|s| s.components().next().cloned());
            let next = match from {
                Some(from) => document.with_untracked(|d| {
                    session.layout.with_untracked(|l| nearest_in_direction(d, l, &from, direction))
                }),
                None => document.with_untracked(|d| d.components.first().map(|c| c.id.clone())),
            };
            if let Some(next) = next {
                session.select(Selection::component(next.clone()));
                if let Some(bounds) = session.layout.with_untracked(|l| bounds_of_nodes(l, [&next])) {
                    session.reveal(bounds);
                }
                focus_node(&next);
            }
        }
        Action::SelectTool => session.tool.set(Tool::Select),
        Action::HandTool => session.tool.set(Tool::Hand),
        Action::FocusInspector => {
            if session.selection.with_untracked(Selection::is_empty) {
                session.say("Select a box or an arrow first: Tab goes through the boxes.");
            } else {
                focus_inspector();
            }
        }
        Action::Copy | Action::Cut | Action::Paste => {}
    }
}

/// Whether the person selected text on the page (then Ctrl+C copies
/// that text, not components).
fn has_text_selection() -> bool {
    window().get_selection().ok().flatten().is_some_and(|s| !s.is_collapsed())
}

fn on_copy(session: Session, ev: &web_sys::ClipboardEvent, cut: bool) {
    if is_editable(ev.target()) || !is_for_editor(ev.target()) || has_text_selection() || any_dialog_open() {
        return;
    }
    let text = session.document().with_untracked(|d| {
        session.layout.with_untracked(|l| session.selection.with_untracked(|s| copy(d, l, s)))
    });
    let (Some(text), Some(data)) = (text, ev.clipboard_data()) else {
        return;
    };
    if data.set_data("text/plain", &text).is_err() {
        session.warn("The browser did not allow copying to the clipboard.");
        return;
    }
    ev.prevent_default();
    let n = session.selection.with_untracked(Selection::component_count);
    let what = format!("{n} component{}", if n == 1 { "" } else { "s" });
    if cut {
        delete_selection(session);
        session.say(format!("Cut {what}: paste with Ctrl+V, here or in another document."));
    } else {
        session.say(format!("Copied {what}: paste with Ctrl+V, here or in another document."));
    }
}

fn on_paste(session: Session, ev: &web_sys::ClipboardEvent) {
    if is_editable(ev.target()) || !is_for_editor(ev.target()) || any_dialog_open() {
        return;
    }
    let Some(text) = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()) else {
        return;
    };
    ev.prevent_default();
    let at = session.pointer.get_value().filter(|p| {
        session.viewport.with_untracked(|v| {
            let visible = v.visible();
            p.x >= visible.x && p.y >= visible.y && p.x <= visible.x + visible.width && p.y <= visible.y + visible.height
        })
    });
    let target = at.unwrap_or_else(|| session.viewport.with_untracked(|v| v.centre()));
    let outcome = session
        .document()
        .with_untracked(|d| session.layout.with_untracked(|l| paste(d, l, &text, Placement::CentredAt(target))));
    match outcome {
        Ok(pasted) => {
            let n = pasted.ids.len();
            if session.run(pasted.command, Some(format!("Pasted {n} component{}.", if n == 1 { "" } else { "s" }))) {
                session.select(Selection::components_of(pasted.ids));
            }
        }
        Err(refused) => session.warn(refused.to_string()),
    }
}
