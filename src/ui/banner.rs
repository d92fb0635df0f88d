//! The headline banner: one sentence saying what breaks first and when.
//! The sentence is `formats::headline`, the same words the command line
//! prints, so the marked element holds exactly that text and nothing else;
//! its label sits beside it.

use leptos::prelude::*;

use super::state::{DocumentContext, LiveReport};
use crate::engine::Status;
use crate::formats::headline::headline;

/// The bottleneck sentence, styled by how loaded the bottleneck is now.
#[component]
pub fn Banner() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let report = expect_context::<LiveReport>().0;
    let text = Memo::new(move |_| report.with(|r| document.with(|d| headline(d, r))));
    // The banner takes the colour of the bottleneck's band: calm while it
    // has headroom, alarming once it is past the limit.
    let status = Memo::new(move |_| {
        report.with(|r| {
            r.bottleneck()
                .and_then(|b| r.component(&b.component))
                .map_or(Status::Idle, |c| c.status)
        })
    });

    view! {
        <section class="banner" data-status=move || status.get().label() aria-labelledby="banner-label">
            <h2 id="banner-label" class="banner-label">"What breaks first"</h2>
            <p class="banner-text" data-testid="banner" role="status" aria-live="polite">
                {move || text.get()}
            </p>
        </section>
    }
}
