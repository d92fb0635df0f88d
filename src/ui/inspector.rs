//! The inspector: every parameter of the selected component (its kind's
//! own settings included) or dependency, with units, help and the message
//! beside any field whose value was refused. A field applies when it
//! changes (Enter or leaving it); the rules — which fields a kind has, how
//! text is read, what is refused and in which words — are
//! `editor::forms::inspector`, so this file only lays them out.
//!
//! It also offers the keyboard's way to connect ("Calls …" and a
//! target), to reach a box's dependencies, and to delete or duplicate.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::component_decisions::ComponentDecisions;
use super::readiness_checklist::ReadinessChecklist;
use super::kind_icon::KindIcon;
use super::modules_panel::ModuleVerdict;
use super::session::{focus_element, focus_node, Session};
use crate::editor::canvas::clipboard::duplicate;
use crate::editor::canvas::connect;
use crate::editor::forms::inspector::measured::{self, ObservationEdit, Refusal, VARIABILITY_PRESETS};
use crate::editor::forms::inspector::{
    dependency_fields, dependency_value, edit, edit_dependency, host_choices, number_text, sections_in, value,
    DependencyField, Field, FieldSpec, Input,
};
use crate::editor::canvas::selection::Selection;
use crate::model::{Command, ComponentId, DependencyId};

/// Applies what was typed into a field: nothing when it is what the field
/// already shows, the edit otherwise. A refusal stays beside the field
/// until the field takes a value.
fn commit_field<F>(
    session: Session,
    errors: RwSignal<BTreeMap<F, String>>,
    field: F,
    unchanged: bool,
    edit: impl FnOnce() -> Result<Command, String>,
) where
    F: Ord + Copy + Send + Sync + 'static,
{
    let accepted = if unchanged {
        true
    } else {
        match edit() {
            Ok(command) => session.run(command, None),
            Err(message) => {
                errors.update(|e| {
                    e.insert(field, message);
                });
                return;
            }
        }
    };
    if accepted {
        errors.update(|e| {
            e.remove(&field);
        });
    }
}

/// What the inspector shows.
#[derive(Clone, Debug, PartialEq)]
enum Shown {
    Nothing,
    Component(ComponentId),
    Dependency(DependencyId),
    Several(String),
}

/// The panel beside the canvas.
#[component]
pub fn Inspector() -> impl IntoView {
    let session = expect_context::<Session>();
    let shown = Memo::new(move |_| {
        session.selection.with(|s| {
            if let Some(id) = s.single_component() {
                Shown::Component(id.clone())
            } else if let Some(id) = s.single_dependency() {
                Shown::Dependency(id.clone())
            } else if s.is_empty() {
                Shown::Nothing
            } else {
                Shown::Several(s.describe())
            }
        })
    });

    // Docked beside the canvas: opening or closing it changes the canvas's
    // width, so the canvas measures itself again, and the box being edited
    // is kept in view.
    let open = Memo::new(move |_| shown.with(|s| *s != Shown::Nothing));
    Effect::new(move |previous: Option<bool>| {
        let now = open.get();
        if previous.is_some_and(|was| was != now) {
            session.remeasure.update(|n| *n += 1);
            request_animation_frame(move || session.reveal_selection());
        }
        now
    });
    let close = move || {
        session.select(Selection::none());
        // Not the box itself: focusing a box selects it again.
        focus_element("canvas");
    };

    view! {
        <aside
            id="inspector"
            class="inspector"
            class:is-empty=move || !open.get()
            tabindex="-1"
            aria-labelledby="inspector-heading"
            // Esc anywhere in it, a field included, closes it (a field
            // being typed in puts its shown value back first).
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if ev.key() == "Escape" && !ev.default_prevented() {
                    ev.stop_propagation();
                    close();
                }
            }
        >
            // Closing it clears the selection and hands the focus to the canvas.
            <button
                type="button"
                class="inspector-close"
                data-testid="inspector-close"
                aria-label="Close the inspector (clears the selection)"
                title="Close (Esc)"
                on:click=move |_| close()
            >
                "×"
            </button>
            {move || match shown.get() {
                Shown::Nothing => ().into_any(),
                Shown::Component(id) => view! { <ComponentPanel id=id/> }.into_any(),
                Shown::Dependency(id) => view! { <DependencyPanel id=id/> }.into_any(),
                Shown::Several(description) => view! { <SeveralPanel description=description/> }.into_any(),
            }}
        </aside>
    }
}

/// Several things selected: what can be done to all of them.
#[component]
fn SeveralPanel(
    /// "3 components selected".
    description: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <h2 id="inspector-heading" class="panel-heading">"Selection"</h2>
        <p class="inspector-summary">{description}</p>
        <div class="inspector-actions">
            <button type="button" class="button" on:click=move |_| duplicate_selection(session)>
                "Duplicate"
            </button>
            <button type="button" class="button button-danger" on:click=move |_| delete_selection(session)>
                "Delete"
            </button>
        </div>
    }
}

/// Deletes what is selected, saying what went.
pub fn delete_selection(session: Session) {
    let (command, description) = session.selection.with_untracked(|s| {
        (session.document().with_untracked(|d| s.delete_command(d)), s.describe().replace(" selected", ""))
    });
    if let Some(command) = command {
        if session.run(command, Some(format!("Deleted {description}. Undo with Ctrl+Z."))) {
            session.select(Selection::none());
        }
    }
}

/// Duplicates the selected components beside themselves and selects the
/// copies.
pub fn duplicate_selection(session: Session) {
    let outcome = session.document().with_untracked(|d| {
        session.layout.with_untracked(|l| session.selection.with_untracked(|s| duplicate(d, l, s)))
    });
    match outcome {
        None => session.warn("Select one or more components to duplicate."),
        Some(Err(refused)) => session.warn(refused.to_string()),
        Some(Ok(pasted)) => {
            let n = pasted.ids.len();
            if session.run(pasted.command, Some(format!("Duplicated {n} component{}.", if n == 1 { "" } else { "s" }))) {
                session.select(Selection::components_of(pasted.ids));
            }
        }
    }
}

/// One component's parameters.
#[component]
fn ComponentPanel(
    /// The component to show.
    id: ComponentId,
) -> impl IntoView {
    let session = expect_context::<Session>();
    // Growth is not among its fields: the dial does not wake the panel.
    let document = session.design();
    let errors = RwSignal::new(BTreeMap::<Field, String>::new());
    let kind = {
        let id = id.clone();
        Memo::new(move |_| document.with(|d| d.component(&id).map(|c| c.kind)))
    };
    let name = {
        let id = id.clone();
        Memo::new(move |_| document.with(|d| d.component(&id).map(|c| c.name.clone()).unwrap_or_default()))
    };
    // The fields of the component's kind; keyed so that changing the kind
    // keeps the fields both kinds have (and the focus in them).
    let specs = {
        let id = id.clone();
        Memo::new(move |_| {
            document.with(|d| {
                d.component(&id)
                    .map(|c| sections_in(d, c).into_iter().map(|s| (s.title, s.fields)).collect::<Vec<_>>())
                    .unwrap_or_default()
            })
        })
    };
    let section_titles = Memo::new(move |_| specs.with(|s| s.iter().map(|(t, _)| *t).collect::<Vec<_>>()));

    let commit = {
        let id = id.clone();
        move |field: Field, text: String| {
            let shown_now = document.with_untracked(|d| d.component(&id).map(|c| value(d, c, field)));
            let unchanged = shown_now.as_deref() == Some(text.as_str());
            commit_field(session, errors, field, unchanged, || document.with_untracked(|d| edit(d, &id, field, &text)));
        }
    };

    // The measured fields make one observation together: what was typed
    // into them waits here until they do (an observation needs its rate),
    // and goes when the stored observation changes (an undo, say).
    let typed = RwSignal::new(BTreeMap::<Field, String>::new());
    let pending = RwSignal::new(None::<String>);
    let stored_observation = {
        let id = id.clone();
        Memo::new(move |_| document.with(|d| d.component(&id).and_then(|c| c.observed.clone())))
    };
    Effect::new(move |_| {
        stored_observation.track();
        typed.set(BTreeMap::new());
        pending.set(None);
        errors.update(|e| e.retain(|f, _| !measured::is_measured(*f)));
    });
    let commit_measured = {
        let id = id.clone();
        move |field: Field, text: String| {
            typed.update(|t| {
                t.insert(field, text);
            });
            let outcome = document.with_untracked(|d| typed.with_untracked(|t| measured::edit_observation(d, &id, t)));
            errors.update(|e| e.retain(|f, _| !measured::is_measured(*f)));
            let settled = match outcome {
                Ok(ObservationEdit::Apply(command)) => session.run(*command, None),
                Ok(ObservationEdit::Unchanged) => true,
                Ok(ObservationEdit::Pending(hint)) => {
                    pending.set(Some(hint));
                    false
                }
                Err(Refusal { field, message }) => {
                    errors.update(|e| {
                        e.insert(field, message);
                    });
                    false
                }
            };
            if settled {
                typed.set(BTreeMap::new());
                pending.set(None);
            }
        }
    };
    let component = {
        let id = id.clone();
        Memo::new(move |_| document.with(|d| d.component(&id).cloned()))
    };

    let field_view = {
        let id = id.clone();
        let commit = commit.clone();
        let commit_measured = commit_measured.clone();
        move |spec: FieldSpec| {
            let id = id.clone();
            let commit = commit.clone();
            let commit_measured = commit_measured.clone();
            let is_measured = measured::is_measured(spec.field);
            let shown = Signal::derive(move || {
                let typed_text = if is_measured { typed.with(|t| t.get(&spec.field).cloned()) } else { None };
                typed_text.unwrap_or_else(|| {
                    document.with(|d| d.component(&id).map(|c| value(d, c, spec.field)).unwrap_or_default())
                })
            });
            let error = Signal::derive(move || errors.with(|e| e.get(&spec.field).cloned()));
            let key = field_key(spec.path);
            let note_id = format!("inspector-{key}-note");
            let after = match spec.field {
                Field::ServiceScv => {
                    let commit = commit.clone();
                    Some(
                        view! {
                            <VariabilityPresets
                                id=note_id
                                of=spec.label
                                shown=shown
                                choose=Callback::new(move |text| commit(spec.field, text))
                            />
                        }
                        .into_any(),
                    )
                }
                Field::Throughput => Some(
                    view! {
                        <p
                            id=note_id
                            class="field-basis"
                            data-testid="throughput-basis"
                            data-basis=move || {
                                if component.with(|c| c.as_ref().is_some_and(measured::is_calibrated)) { "calibrated" } else { "assumed" }
                            }
                        >
                            {move || component.with(|c| c.as_ref().map(measured::throughput_basis).unwrap_or_default())}
                        </p>
                    }
                    .into_any(),
                ),
                _ => None,
            };
            field_row(FieldView {
                key,
                label: spec.label,
                unit: spec.unit,
                help: spec.help,
                input: spec.input,
                shown,
                error,
                after,
                commit: move |text| {
                    if is_measured {
                        commit_measured(spec.field, text)
                    } else {
                        commit(spec.field, text)
                    }
                },
            })
        }
    };

    let connect_error = RwSignal::new(None::<String>);
    let connect_target = RwSignal::new(String::new());
    let others = {
        let id = id.clone();
        Memo::new(move |_| {
            document.with(|d| {
                d.components
                    .iter()
                    .filter(|c| c.id != id)
                    .map(|c| (c.id.to_string(), d.name_of(&c.id)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let connect_now = {
        let id = id.clone();
        move || {
            let target = connect_target.get_untracked();
            if target.is_empty() {
                connect_error.set(Some("Choose the component it calls first".to_owned()));
                return;
            }
            let outcome = document.with_untracked(|d| {
                connect::connect(d, &id, &ComponentId::new(target)).map_err(|refused| connect::refusal(d, &refused))
            });
            match outcome {
                Ok((command, _)) => {
                    if session.run(command, Some("Connected.".to_owned())) {
                        connect_error.set(None);
                    }
                }
                Err(refused) => connect_error.set(Some(super::session::sentence(&refused))),
            }
        }
    };
    let links = {
        let id = id.clone();
        Memo::new(move |_| {
            document.with(|d| {
                d.dependencies
                    .iter()
                    .filter(|dep| dep.from == id || dep.to == id)
                    .map(|dep| {
                        let text = if dep.from == id {
                            format!("Calls {} ({}, {})", d.name_of(&dep.to), dep.kind.label(), dep.mode.label())
                        } else {
                            format!("Called by {} ({}, {})", d.name_of(&dep.from), dep.kind.label(), dep.mode.label())
                        };
                        (dep.id.clone(), text)
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let refocus_id = id.clone();
    let decisions_id = id.clone();
    let readiness_id = id.clone();

    view! {
        <h2 id="inspector-heading" class="panel-heading inspector-title">
            {move || kind.get().map(|k| view! { <KindIcon kind=k/> })}
            <span>{move || name.get()}</span>
        </h2>
        <For each=move || section_titles.get() key=|title| *title let:title>
            <fieldset class="inspector-section">
                <legend>{title}</legend>
                <For
                    each=move || specs.with(|s| s.iter().find(|(t, _)| *t == title).map(|(_, f)| f.clone()).unwrap_or_default())
                    key=|spec| (spec.field, spec.label)
                    children=field_view.clone()
                />
                {(title == "Measured").then(|| view! { <CalibrationOutput component=component pending=pending/> })}
            </fieldset>
        </For>
        <ModuleVerdict id=id.clone() id_prefix="inspector"/>
        <fieldset class="inspector-section">
            <legend>"Dependencies"</legend>
            <div class="field">
                <label for="inspector-connect">"Calls"</label>
                <div class="field-input">
                    <select
                        id="inspector-connect"
                        aria-describedby="inspector-connect-error"
                        prop:value=move || connect_target.get()
                        on:change:target=move |ev| connect_target.set(ev.target().value())
                    >
                        <option value="">"Choose a component…"</option>
                        <For each=move || others.get() key=|(id, name)| (id.clone(), name.clone()) let:other>
                            <option value=other.0>{other.1}</option>
                        </For>
                    </select>
                    <button type="button" class="button" on:click=move |_| connect_now()>"Connect"</button>
                </div>
                <FieldError id="inspector-connect-error".to_owned() error=connect_error/>
            </div>
            <ul class="inspector-links">
                <For each=move || links.get() key=|(id, text)| (id.clone(), text.clone()) let:link>
                    <li>
                        <button
                            type="button"
                            class="link-button"
                            on:click=move |_| session.select(Selection::dependency(link.0.clone()))
                        >
                            {link.1}
                        </button>
                    </li>
                </For>
            </ul>
        </fieldset>
        <ReadinessChecklist id=readiness_id/>
        <ComponentDecisions id=decisions_id/>
        <div class="inspector-actions">
            <button type="button" class="button" on:click=move |_| session.renaming.set(Some(refocus_id.clone()))>
                "Rename on canvas"
            </button>
            <button type="button" class="button" on:click=move |_| duplicate_selection(session)>"Duplicate"</button>
            <button type="button" class="button button-danger" on:click=move |_| delete_selection(session)>
                "Delete"
            </button>
        </div>
    }
}

/// One dependency's parameters.
#[component]
fn DependencyPanel(
    /// The dependency to show.
    id: DependencyId,
) -> impl IntoView {
    let session = expect_context::<Session>();
    // Growth is not among its fields: the dial does not wake the panel.
    let document = session.design();
    let errors = RwSignal::new(BTreeMap::<DependencyField, String>::new());
    let ends = {
        let id = id.clone();
        Memo::new(move |_| {
            document.with(|d| {
                d.dependency(&id)
                    .map(|dep| (dep.from.clone(), d.name_of(&dep.from), dep.to.clone(), d.name_of(&dep.to)))
            })
        })
    };
    let swap_error = RwSignal::new(None::<String>);
    let swap = {
        let id = id.clone();
        move || match document.with_untracked(|d| connect::swap(d, &id)) {
            Ok(command) => {
                if session.run(command, Some("Direction swapped.".to_owned())) {
                    swap_error.set(None);
                }
            }
            Err(refused) => swap_error.set(Some(super::session::sentence(&refused.to_string()))),
        }
    };
    // The number's field reads as calls or as a share: the rows follow.
    let routing = {
        let id = id.clone();
        Memo::new(move |_| {
            document.with(|d| d.dependency(&id).map(|dep| (dep.routing, dep.kind)).unwrap_or_default())
        })
    };
    let field_id = id.clone();
    let fields = move || {
        let (routing, kind) = routing.get();
        dependency_fields(routing, kind).into_iter().map(|spec| {
        let id = field_id.clone();
        let shown = {
            let id = id.clone();
            Signal::derive(move || {
                document.with(|d| d.dependency(&id).map(|dep| dependency_value(dep, spec.field)).unwrap_or_default())
            })
        };
        let error = Signal::derive(move || errors.with(|e| e.get(&spec.field).cloned()));
        let commit = move |text: String| {
            let unchanged = shown.get_untracked() == text;
            commit_field(session, errors, spec.field, unchanged, || {
                document.with_untracked(|d| edit_dependency(d, &id, spec.field, &text))
            });
        };
        field_row(FieldView {
            after: None,
            key: match spec.field {
                DependencyField::Calls => "calls".to_owned(),
                DependencyField::Routing => "routing".to_owned(),
                DependencyField::Kind => "call-kind".to_owned(),
                DependencyField::Mode => "call-mode".to_owned(),
                DependencyField::Deferrable => "deferrable".to_owned(),
                DependencyField::RepeatShare => "repeat-share".to_owned(),
            },
            label: spec.label,
            unit: spec.unit,
            help: spec.help,
            input: spec.input,
            shown,
            error,
            commit,
        })
    }).collect_view()
    };
    let select_end = move |caller: bool| {
        if let Some((from, _, to, _)) = ends.get_untracked() {
            let end = if caller { from } else { to };
            session.select(Selection::component(end.clone()));
            focus_node(&end);
        }
    };

    view! {
        <h2 id="inspector-heading" class="panel-heading">"Dependency"</h2>
        <p class="inspector-ends">
            {move || ends.get().map(|(_, from, _, to)| format!("{from} → {to}")).unwrap_or_default()}
        </p>
        <div class="inspector-actions">
            <button type="button" class="button" on:click=move |_| select_end(true)>"Select caller"</button>
            <button type="button" class="button" on:click=move |_| select_end(false)>"Select callee"</button>
        </div>
        <fieldset class="inspector-section">
            <legend>"Direction"</legend>
            <button
                type="button"
                class="button"
                aria-describedby="inspector-swap-error"
                on:click=move |_| swap()
            >
                "Swap direction"
            </button>
            <FieldError id="inspector-swap-error".to_owned() error=swap_error/>
        </fieldset>
        <fieldset class="inspector-section">
            <legend>"Traffic"</legend>
            {fields}
        </fieldset>
        <div class="inspector-actions">
            <button type="button" class="button button-danger" on:click=move |_| delete_selection(session)>
                "Delete"
            </button>
        </div>
    }
}

/// A field's id stem from its path ("database.shards" → "database-shards").
fn field_key(path: &str) -> String {
    path.replace(['.', '_'], "-")
}

/// What one field row needs.
struct FieldView<F: Fn(String) + Clone + 'static> {
    key: String,
    label: &'static str,
    unit: &'static str,
    help: &'static str,
    input: Input,
    shown: Signal<String>,
    error: Signal<Option<String>>,
    /// Shown under the input, before the help; its element's id is the
    /// field's id with "-note".
    after: Option<AnyView>,
    commit: F,
}

/// A labelled input with its unit, help and message. Text fields apply
/// on change (Enter or leaving the field).
fn field_row<F: Fn(String) + Clone + 'static>(field: FieldView<F>) -> AnyView {
    let FieldView { key, label, unit, help, input, shown, error, after, commit } = field;
    let id = format!("inspector-{key}");
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described =
        if after.is_some() { format!("{id}-note {help_id} {error_id}") } else { format!("{help_id} {error_id}") };
    let invalid = move || error.with(Option::is_some).to_string();
    let control = match input {
        Input::Choice(options) => {
            let commit = commit.clone();
            view! {
                <select
                    id=id.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=move || shown.get()
                    on:change:target=move |ev| commit(ev.target().value())
                >
                    {options
                        .iter()
                        .map(|(value, text)| view! { <option value=*value>{*text}</option> })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        Input::Host => {
            let commit = commit.clone();
            let document = expect_context::<super::state::DesignContext>().0;
            let choices = Memo::new(move |_| document.with(host_choices));
            view! {
                <select
                    id=id.clone()
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=move || shown.get()
                    on:change:target=move |ev| commit(ev.target().value())
                >
                    <For each=move || choices.get() key=|choice| choice.clone() let:choice>
                        <option value=choice.0>{choice.1}</option>
                    </For>
                </select>
            }
            .into_any()
        }
        Input::Toggle => {
            let commit = commit.clone();
            view! {
                <input
                    id=id.clone()
                    type="checkbox"
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:checked=move || shown.get() == "true"
                    on:change:target=move |ev| commit(ev.target().checked().to_string())
                />
            }
            .into_any()
        }
        Input::Date => {
            let commit = commit.clone();
            view! {
                <input
                    id=id.clone()
                    type="date"
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=move || shown.get()
                    on:change:target=move |ev| commit(ev.target().value())
                />
            }
            .into_any()
        }
        Input::Text | Input::Number { .. } | Input::Percent { .. } => {
            let numeric = !matches!(input, Input::Text);
            let on_change = commit.clone();
            let on_enter = commit.clone();
            view! {
                <input
                    id=id.clone()
                    type="text"
                    inputmode=if numeric { "decimal" } else { "text" }
                    autocomplete="off"
                    spellcheck="false"
                    class:numeric=numeric
                    aria-describedby=described.clone()
                    aria-invalid=invalid
                    prop:value=move || shown.get()
                    on:change:target=move |ev| on_change(ev.target().value())
                    on:keydown:target=move |ev| {
                        if ev.key() == "Enter" {
                            on_enter(ev.target().value());
                        } else if ev.key() == "Escape" {
                            // Nothing typed is kept: leaving the field
                            // (the inspector closes) then changes nothing.
                            ev.target().set_value(&shown.get_untracked());
                        }
                    }
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:is-invalid=move || error.with(Option::is_some) data-field=key.clone()>
            <label for=id.clone()>{label}</label>
            <div class="field-input">
                {control}
                {(!unit.is_empty()).then(|| view! { <span class="field-unit">{unit}</span> })}
            </div>
            {after}
            <p id=help_id class="field-help">{help}</p>
            <FieldError id=error_id error=error/>
        </div>
    }
    .into_any()
}

/// The message beside a field, when its value was refused.
#[component]
fn FieldError(
    /// The element id the field's `aria-describedby` names.
    id: String,
    /// The message, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <p id=id class="field-error" role="alert" hidden=move || error.with(Option::is_none)>
            {move || error.get().unwrap_or_default()}
        </p>
    }
}

/// Buttons that set a variability field to a typical value ("steady
/// 0.25", "typical web 1", "heavy tail 4"); the one the field holds is
/// pressed (an empty field holds 1).
#[component]
pub fn VariabilityPresets(
    /// The group's element id (a field's `aria-describedby` may name it).
    id: String,
    /// The field's label, for the buttons' accessible names.
    of: &'static str,
    /// What the field shows.
    #[prop(into)]
    shown: Signal<String>,
    /// Applies a preset's value, as text.
    choose: Callback<String>,
) -> impl IntoView {
    view! {
        <div id=id class="variability-presets" role="group" aria-label=format!("Presets for {}", of.to_lowercase())>
            {VARIABILITY_PRESETS
                .iter()
                .map(|&(scv, name)| {
                    let text = number_text(scv);
                    let pressed = {
                        let text = text.clone();
                        move || shown.with(|s| *s == text || (s.trim().is_empty() && scv == 1.0)).to_string()
                    };
                    let chosen = text.clone();
                    view! {
                        <button
                            type="button"
                            class="button preset-button"
                            data-preset=text.clone()
                            aria-pressed=pressed
                            aria-label=format!("{of}: {name}, {text}")
                            on:click=move |_| choose.run(chosen.clone())
                        >
                            {format!("{name} {text}")}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// What the measured fields give: the derived throughput per instance
/// with its formula and whether it is exact, or what is still missing.
#[component]
fn CalibrationOutput(
    /// The component as stored.
    component: Memo<Option<crate::model::Component>>,
    /// Why the typed fields are not an observation yet, if they are not.
    pending: RwSignal<Option<String>>,
) -> impl IntoView {
    let text = Memo::new(move |_| component.with(|c| c.as_ref().and_then(measured::calibration_text)));
    view! {
        <div class="calibration" data-testid="calibration" role="status" aria-live="polite">
            {move || match (pending.get(), text.get()) {
                (Some(hint), _) => view! { <p class="calibration-pending">{hint}</p> }.into_any(),
                (None, None) => view! {
                    <p class="calibration-prompt">
                        "Enter what monitoring showed at a known rate to derive the throughput instead of assuming it."
                    </p>
                }
                .into_any(),
                (None, Some(Ok(worded))) => view! {
                    <p class="calibration-derived" data-testid="calibration-derived">{worded.derived}</p>
                    <p class="calibration-formula" data-testid="calibration-formula"><code>{worded.formula}</code></p>
                    <p
                        class="calibration-exactness"
                        class:is-exact=worded.exact
                        data-testid="calibration-exactness"
                        data-exact=worded.exact.to_string()
                    >
                        {worded.exactness}
                    </p>
                }
                .into_any(),
                (None, Some(Err(reason))) => view! { <p class="calibration-pending">{reason}</p> }.into_any(),
            }}
        </div>
    }
}
