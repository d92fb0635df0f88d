//! The headline banner: one sentence saying what breaks first and when.
//! The sentence is `words::headline`, the same words the command line
//! prints, so the marked element holds exactly that text and nothing else;
//! its label sits beside it. Under it, one line per accepted decision the
//! model has drifted away from, each with a button that opens it: drift is
//! news about the whole system, not only a mark on one box; and the
//! components under load whose reliability checklist has items open.

use leptos::prelude::*;

use super::decisions_state::DecisionsContext;
use super::state::{DocumentContext, LiveReport, ObjectivesContext};
use crate::adr::DriftNotice;
use crate::engine::Status;
use crate::engine::readiness::readiness_warnings;
use crate::words::headline::headline;
use crate::words::readiness::banner_line;

/// The bottleneck sentence, styled by how loaded the bottleneck is now,
/// and the drifted decisions.
#[component]
pub fn Banner() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let report = expect_context::<LiveReport>().0;
    let objectives = expect_context::<ObjectivesContext>().0;
    let text = Memo::new(move |_| report.with(|r| document.with(|d| objectives.with(|o| headline(d, r, o)))));
    // The banner takes the colour of the bottleneck's band: calm while it
    // has headroom, alarming once it is past the limit.
    let status = Memo::new(move |_| {
        report.with(|r| {
            r.bottleneck()
                .and_then(|b| r.component(&b.component))
                .map_or(Status::Idle, |c| c.status)
        })
    });

    // Components under load with reliability items open: news for the
    // whole room, like drift.
    let not_ready = Memo::new(move |_| report.with(|r| document.with(|d| banner_line(d, &readiness_warnings(d, r)))));

    view! {
        <section class="banner" data-status=move || status.get().label() aria-labelledby="banner-label">
            <h2 id="banner-label" class="banner-label">"What breaks first"</h2>
            <p class="banner-text" data-testid="banner" role="status" aria-live="polite">
                {move || text.get()}
            </p>
            <p class="banner-readiness" data-testid="readiness-banner" aria-live="polite" hidden=move || not_ready.with(Option::is_none)>
                {move || not_ready.get().unwrap_or_default()}
            </p>
            <DriftNotices/>
        </section>
    }
}

/// The drifted decisions, one line each. The list element is always there
/// (empty without drift) so a screen reader announces a line that appears.
#[component]
fn DriftNotices() -> impl IntoView {
    let Some(decisions) = use_context::<DecisionsContext>() else {
        return ().into_any();
    };
    let notices = decisions.notices;
    view! {
        <ul class="banner-drift" data-testid="drift-banner" aria-label="Drifted decisions" aria-live="polite">
            <For each=move || notices.get() key=|notice| notice.clone() let:notice>
                <DriftLine notice=notice decisions=decisions/>
            </For>
        </ul>
    }
    .into_any()
}

#[component]
fn DriftLine(notice: DriftNotice, decisions: DecisionsContext) -> impl IntoView {
    let number = notice.number;
    view! {
        <li class="banner-drift-item" data-testid="drift-notice" data-number=number.to_string()>
            <span class="banner-drift-text">"⚠ " {notice.text}</span>
            <button
                type="button"
                class="button banner-drift-open"
                data-testid="open-drifted"
                on:click=move |_| decisions.open(number)
            >
                {format!("Open decision {number:04}")}
            </button>
        </li>
    }
}
