//! The legend: what the colours, patterns, glyphs and line styles on the
//! canvas mean. Swatches reuse the canvas's own classes and hatching, so
//! they cannot drift from the drawing. At its end, the switch that picks
//! which latency the boxes show (mean, p95 or p99), kept in this browser.

use leptos::prelude::*;

use super::canvas::{ARROWHEAD_ID, HATCH_ID};
use super::state::DesignContext;
use super::status_icon::StatusIcon;
use crate::editor::view::legend::{bands, line_styles};
use crate::editor::view::scene::BoxLatency;
use crate::storage::workspace::KeyValueStore;
use crate::platform::storage::BrowserStore;

/// Where the choice is kept: a view setting of this browser, not of the
/// document (a shared document opens with the reader's own choice).
const SAVED_CHOICE: &str = "headroom/v1/view/box-latency";

/// Which latency the boxes show; provided by `App`, read by the canvas's
/// cells and set by the legend's switch.
#[derive(Clone, Copy)]
pub struct BoxLatencyChoice(pub RwSignal<BoxLatency>);

impl BoxLatencyChoice {
    /// The choice saved in this browser, the mean when there is none.
    pub fn restore() -> BoxLatencyChoice {
        let (store, _) = BrowserStore::open();
        let saved = store.get(SAVED_CHOICE).and_then(|label| BoxLatency::from_label(&label)).unwrap_or_default();
        BoxLatencyChoice(RwSignal::new(saved))
    }

    /// Shows `choice` on the boxes and keeps it for the next visit (for
    /// this tab only where storage is off).
    pub fn choose(&self, choice: BoxLatency) {
        if self.0.get_untracked() != choice {
            self.0.set(choice);
            let (mut store, _) = BrowserStore::open();
            let _ = store.set(SAVED_CHOICE, choice.label());
        }
    }
}

/// The bands (with their utilisation ranges) and the line styles.
#[component]
pub fn Legend() -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let bands = Memo::new(move |_| document.with(|d| bands(&d.scenario)));
    let marker = format!("url(#{ARROWHEAD_ID})");
    let choice = expect_context::<BoxLatencyChoice>();

    view! {
        <section class="legend" aria-labelledby="legend-heading">
            <h2 id="legend-heading" class="visually-hidden">"Legend"</h2>
            <ul class="legend-list">
                <For each=move || bands.get() key=|band| (band.status, band.range.clone()) let:band>
                    <li class="legend-item" data-status=band.status.label() data-note=band.note.unwrap_or_default()>
                        <svg class="legend-swatch" viewBox="0 0 48 32" aria-hidden="true" focusable="false">
                            <rect class="swatch-box" x="3" y="3" width="42" height="26" rx="6"></rect>
                            <rect
                                class="swatch-hatch"
                                x="3"
                                y="3"
                                width="42"
                                height="26"
                                rx="6"
                                fill=format!("url(#{HATCH_ID})")
                            ></rect>
                            <g transform="translate(14 6) scale(0.83)">
                                <StatusIcon status=band.status/>
                            </g>
                        </svg>
                        <span class="legend-word">
                            {match band.note {
                                Some(note) => format!("{} · {note}", band.status.label()),
                                None => band.status.label().to_owned(),
                            }}
                        </span>
                        <span class="legend-range">{band.range.clone()}</span>
                    </li>
                </For>
                {line_styles()
                    .into_iter()
                    .map(|style| {
                        view! {
                            <li class="legend-item legend-line" data-mode=style.mode.label()>
                                <svg class="legend-arrow" viewBox="0 0 64 20" aria-hidden="true" focusable="false">
                                    <path class="edge-line" d="M4 10 L56 10" marker-end=marker.clone()></path>
                                </svg>
                                <span class="legend-range">{style.meaning}</span>
                            </li>
                        }
                    })
                    .collect_view()}
                <li class="legend-item legend-bottleneck">
                    <svg class="legend-swatch" viewBox="0 0 48 30" aria-hidden="true" focusable="false">
                        <rect class="swatch-frame" x="2" y="2" width="44" height="26" rx="8"></rect>
                    </svg>
                    <span class="legend-range">"bottleneck"</span>
                </li>
                // In the list, so it takes the room the last line of
                // entries leaves. Native radios: Tab reaches the chosen
                // one, the arrow keys move the choice.
                <li class="legend-item latency-switch" role="radiogroup" aria-labelledby="latency-switch-label" data-testid="latency-switch">
                <span id="latency-switch-label" class="latency-switch-label">"Latency on the boxes"</span>
                {BoxLatency::ALL
                    .into_iter()
                    .map(|option| {
                        let id = format!("box-latency-{}", option.label());
                        view! {
                            <input
                                type="radio"
                                class="latency-option"
                                name="box-latency"
                                id=id.clone()
                                value=option.label()
                                prop:checked=move || choice.0.get() == option
                                on:change=move |_| choice.choose(option)
                            />
                            <label for=id>{option.label()}</label>
                        }
                    })
                    .collect_view()}
                </li>
            </ul>
        </section>
    }
}
