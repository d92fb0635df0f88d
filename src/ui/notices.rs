//! The message area under the header: what storage did that the user must
//! know (unreadable data kept aside, a save that failed, a document
//! opened from a link, a document moved to the bin), each with its one
//! action (download the kept text, undo) and a way to dismiss it. Read out
//! politely; problems are marked as such in words, not only in colour.

use leptos::prelude::*;

use super::storage_session::{Notice, NoticeAction, SaveState, StorageSession, Tone};

/// Every current message, newest last.
#[component]
pub fn Notices() -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let save_problem = move || match session.save_state.get() {
        SaveState::NotSaved(why) => Some(why),
        _ => None,
    };
    view! {
        <section class="notices" aria-label="Messages about your documents">
            <div role="status" aria-live="polite" class="notices-live">
                {move || save_problem().map(|why| view! {
                    <p class="notice notice-problem" data-testid="save-problem">
                        <strong class="notice-tone">"Not saved. "</strong>
                        <span class="notice-text">{why}</span>
                    </p>
                })}
                <For each=move || session.notices.get() key=|notice| notice.id let:notice>
                    <NoticeView notice=notice/>
                </For>
            </div>
        </section>
    }
}

#[component]
fn NoticeView(notice: Notice) -> impl IntoView {
    let session = expect_context::<StorageSession>();
    let id = notice.id;
    let tone_word = match notice.tone {
        Tone::Info => "",
        Tone::Problem => "Problem: ",
    };
    let action = notice.action.clone().map(|action| {
        let label = match &action {
            NoticeAction::DownloadBackup(_) => "Download the unreadable data",
            NoticeAction::Restore(_) => "Undo",
        };
        let run = move |_| match &action {
            NoticeAction::DownloadBackup(key) => session.download_backup(key),
            NoticeAction::Restore(document) => {
                session.restore(document);
                session.dismiss(id);
            }
        };
        view! { <button type="button" class="button" data-testid="notice-action" on:click=run>{label}</button> }
    });
    view! {
        <div
            class="notice"
            class:notice-problem=notice.tone == Tone::Problem
            data-testid="notice"
        >
            <p class="notice-text">
                <strong class="notice-tone">{tone_word}</strong>
                {notice.text.clone()}
            </p>
            <div class="notice-actions">
                {action}
                <button
                    type="button"
                    class="button button-quiet"
                    aria-label="Dismiss this message"
                    on:click=move |_| session.dismiss(id)
                >
                    "Dismiss"
                </button>
            </div>
        </div>
    }
}
