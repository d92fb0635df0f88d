//! The legend: what the colours, patterns, glyphs and line styles on the
//! canvas mean. Swatches reuse the canvas's own classes and hatching, so
//! they cannot drift from the drawing.

use leptos::prelude::*;

use super::canvas::{ARROWHEAD_ID, HATCH_ID};
use super::state::DesignContext;
use super::status_icon::StatusIcon;
use crate::editor::legend::{bands, line_styles};

/// The bands (with their utilisation ranges) and the line styles.
#[component]
pub fn Legend() -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let bands = Memo::new(move |_| document.with(|d| bands(&d.scenario)));
    let marker = format!("url(#{ARROWHEAD_ID})");

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
            </ul>
        </section>
    }
}
