//! The decisions panel's folder on disk: "Open decisions folder…" where
//! the browser can reach one (File System Access), then "Write to the
//! folder" and "Read changes from the folder". Which files are written and
//! which changed outside is `files::decision_folder`'s; this turns clicks
//! and the window regaining focus into its calls and the records into
//! edits. Elsewhere the zip import and export stay.

use leptos::prelude::*;

use super::decisions_panel::PanelMessage;
use super::state::{DocumentContext, Editor};
use crate::adr::DecisionRecord;
use crate::files::decision_folder::{self, FolderFile, FolderState};
use crate::model::Command;
use crate::platform::clock;
use crate::platform::decision_folder::{self as folder_access, Folder};

fn folder_files(found: Vec<(String, String)>) -> Vec<FolderFile> {
    found.into_iter().map(|(name, text)| FolderFile { name, text }).collect()
}

fn put_all(records: Vec<DecisionRecord>) -> Command {
    Command::Batch(records.into_iter().map(|r| Command::PutDecision(Box::new(r))).collect())
}

fn listed(names: &[String]) -> String {
    names.join(", ")
}

#[component]
pub fn DecisionFolderBar() -> impl IntoView {
    let supported = folder_access::supported();
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let message = expect_context::<RwSignal<Option<PanelMessage>>>();
    let say = move |problem: bool, text: String| message.set(Some(PanelMessage { problem, text, undo: None }));
    let folder = StoredValue::new_local(None::<Folder>);
    let state = RwSignal::new(None::<FolderState>);
    // Files changed outside since Headroom last read or wrote them.
    let outside = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);

    let open = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let picked = folder_access::pick().await?;
                let files = folder_files(picked.markdown_files().await?);
                let opened = decision_folder::open(&picked.name, &files, &clock::today())?;
                Ok::<_, String>((picked, opened))
            }
            .await;
            busy.set(false);
            let (picked, opened) = match outcome {
                Ok(found) => found,
                Err(why) if why.contains("aborted") => return,
                Err(why) => return say(true, format!("The folder was not opened: {why}")),
            };
            let only_here: Vec<String> = document.with_untracked(|doc| {
                doc.decisions
                    .iter()
                    .filter(|r| !opened.records.iter().any(|f| f.number == r.number))
                    .map(DecisionRecord::label)
                    .collect()
            });
            let count = opened.records.len();
            if let Err(why) = editor.dispatch(put_all(opened.records)) {
                return say(true, format!("The folder's records could not be taken in: {why}. Nothing changed."));
            }
            let mut text = format!("Opened {}: {count} records", picked.name);
            if !opened.formats.is_empty() {
                text.push_str(&format!(" ({})", opened.formats.join(", ")));
            }
            text.push('.');
            if !opened.skipped.is_empty() {
                text.push_str(&format!(" Passed over: {}.", opened.skipped.join("; ")));
            }
            if !only_here.is_empty() {
                text.push_str(&format!(" {} will be written there by “Write to the folder”.", only_here.join(", ")));
            }
            folder.set_value(Some(picked));
            state.set(Some(opened.state));
            outside.set(Vec::new());
            say(false, text);
        });
    };

    // What is on disk now against what Headroom last knew of it.
    let look = move || async move {
        let picked = folder.get_value().ok_or("no folder is open")?;
        let files = folder_files(picked.markdown_files().await?);
        Ok::<_, String>((picked, files))
    };

    let write = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let (picked, files) = look().await?;
                let records = document.with_untracked(|d| d.decisions.clone());
                let Some(mut known) = state.get_untracked() else { return Err("no folder is open".to_owned()) };
                let changes = known.changes(&records, &files);
                let mut written = Vec::new();
                for file in &changes.writes {
                    picked.write(&file.name, &file.text).await.map_err(|why| format!("{}: {why}", file.name))?;
                    written.push(file.clone());
                }
                known.written(&written, &records);
                state.set(Some(known));
                Ok::<_, String>(changes)
            }
            .await;
            busy.set(false);
            match outcome {
                Ok(changes) => {
                    let names: Vec<String> = changes.writes.iter().map(|w| w.name.clone()).collect();
                    let mut text = if names.is_empty() {
                        "Nothing to write: the folder already says what these records say.".to_owned()
                    } else {
                        format!("Wrote {}.", listed(&names))
                    };
                    if changes.unchanged > 0 {
                        text.push_str(&format!(" {} unchanged.", changes.unchanged));
                    }
                    let problem = !changes.changed_outside.is_empty();
                    if problem {
                        text.push_str(&format!(
                            " Not overwritten, changed outside Headroom since it read them: {}. Read changes from the folder first.",
                            listed(&changes.changed_outside)
                        ));
                    }
                    outside.set(changes.changed_outside);
                    say(problem, text);
                }
                Err(why) => say(true, format!("The folder was not written: {why}")),
            }
        });
    };

    let read_changes = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let outcome = async {
                let (_, files) = look().await?;
                let Some(mut known) = state.get_untracked() else { return Err("no folder is open".to_owned()) };
                let records = document.with_untracked(|d| d.decisions.clone());
                let changed = known.changes(&records, &files).changed_outside;
                let changed_files: Vec<FolderFile> = files.into_iter().filter(|f| changed.contains(&f.name)).collect();
                let read = known.reread(&changed_files, &clock::today())?;
                Ok::<_, String>((known, read, changed))
            }
            .await;
            busy.set(false);
            match outcome {
                Ok((_, _, changed)) if changed.is_empty() => say(false, "Nothing changed in the folder.".to_owned()),
                Ok((known, read, changed)) => match editor.dispatch(put_all(read)) {
                    Ok(()) => {
                        state.set(Some(known));
                        outside.set(Vec::new());
                        say(false, format!("Read again from the folder: {}.", listed(&changed)));
                    }
                    Err(why) => say(true, format!("The changed files could not be taken in: {why}. Nothing changed.")),
                },
                Err(why) => say(true, format!("Nothing was read: {why}")),
            }
        });
    };

    // Back from the editor where someone changed a file: say so.
    let _ = window_event_listener(leptos::ev::focus, move |_| {
        if state.with_untracked(Option::is_none) || busy.get_untracked() {
            return;
        }
        leptos::task::spawn_local(async move {
            let Ok((_, files)) = look().await else { return };
            let Some(known) = state.get_untracked() else { return };
            let records = document.with_untracked(|d| d.decisions.clone());
            let changed = known.changes(&records, &files).changed_outside;
            if !changed.is_empty() && outside.get_untracked() != changed {
                say(
                    true,
                    format!("Changed outside Headroom: {}. “Read changes from the folder” takes them in.", listed(&changed)),
                );
            }
            outside.set(changed);
        });
    });

    let linked = move || state.with(|s| s.as_ref().map(|s| format!("Folder: {} ({} record files)", s.label, s.record_count())));
    view! {
        <Show when=move || supported>
            <div class="decision-folder" role="group" aria-label="Decisions folder on disk" data-testid="decision-folder">
                <button
                    type="button"
                    class="button"
                    data-testid="open-decision-folder"
                    disabled=move || busy.get()
                    on:click=open
                >
                    "Open decisions folder…"
                </button>
                <Show when=move || state.with(Option::is_some)>
                    <span class="decision-folder-name" data-testid="decision-folder-name">{linked}</span>
                    <button type="button" class="button" data-testid="write-decision-folder" disabled=move || busy.get() on:click=write>
                        "Write to the folder"
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="read-decision-folder"
                        disabled=move || busy.get()
                        on:click=read_changes
                    >
                        {move || {
                            let n = outside.with(Vec::len);
                            if n == 0 { "Read changes from the folder".to_owned() } else { format!("Read changes from the folder ({n})") }
                        }}
                    </button>
                </Show>
            </div>
        </Show>
    }
}
