//! The growth dial: a log-scale slider from 1× to 1000× that updates the
//! page live while it moves (its arrow keys stop at round growths), and a number field for an exact multiplier
//! that applies on Enter or when it loses focus. A refused value is
//! explained under the field and the page keeps showing the last valid
//! result. The rules (scale, rounding, what is accepted) are
//! `editor::forms::growth`; this file only wires them to the inputs.

use leptos::prelude::*;
use web_sys::HtmlInputElement;

use super::state::{DocumentContext, Editor, SettledReport};
use crate::editor::forms::growth::{
    dial_position, field_text, next_step, Growth, GrowthError, DIAL_MAX, DIAL_MIN, DIAL_STEP, MAX_GROWTH,
    MIN_GROWTH,
};
use crate::words::quantity::multiplier;
use crate::model::Command;

/// The growth slider, the exact-growth field and the current growth, big.
#[component]
pub fn GrowthDial() -> impl IntoView {
    let document = expect_context::<DocumentContext>().0;
    let editor = expect_context::<Editor>();
    let growth = Memo::new(move |_| document.with(|d| d.scenario.growth));
    let error = RwSignal::new(None::<String>);

    // Growth is part of the scenario, so it changes through a command like
    // every other edit (one that does not enter undo history).
    let set_growth = move |chosen: Growth| {
        let mut scenario = document.with_untracked(|d| d.scenario.clone());
        scenario.growth = chosen.value();
        match editor.dispatch(Command::SetScenario(scenario)) {
            Err(refused) => error.set(Some(refused.to_string())),
            Ok(()) => error.set(None),
        }
    };

    let settled = expect_context::<SettledReport>();
    let on_slider = move |ev: leptos::ev::Event| {
        settled.slider_moved();
        // A range input always reports a number; anything else means 1×.
        let position = event_target_value(&ev).parse::<f64>().unwrap_or(f64::NAN);
        set_growth(Growth::from_dial(position));
    };

    // Arrow keys stop at round growths (1.5×, 2×, 3×, 5×…); Shift keeps the
    // slider's own fine step.
    let on_slider_key = move |ev: leptos::ev::KeyboardEvent| {
        let up = match ev.key().as_str() {
            "ArrowUp" | "ArrowRight" => true,
            "ArrowDown" | "ArrowLeft" => false,
            _ => return,
        };
        if ev.shift_key() || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        ev.prevent_default();
        settled.slider_moved();
        set_growth(next_step(growth.get_untracked(), up));
    };

    let apply_field = move |input: HtmlInputElement| {
        let text = input.value();
        // A number field reports "" both when empty and when what was typed
        // is not a number ("1e"); only its validity tells them apart.
        let parsed = if text.is_empty() && input.validity().bad_input() {
            Err(GrowthError::NotANumber)
        } else {
            Growth::parse(&text)
        };
        match parsed {
            Ok(chosen) => set_growth(chosen),
            Err(refused) => error.set(Some(refused.to_string())),
        }
    };

    let invalid = move || error.with(Option::is_some);

    view! {
        <div class="growth-dial" role="group" aria-labelledby="growth-heading">
            <div class="growth-readout">
                <span id="growth-heading" class="growth-heading">"Growth"</span>
                <span id="growth-value" class="growth-value" aria-hidden="true">
                    {move || multiplier(growth.get())}
                </span>
            </div>
            <div class="growth-slider-wrap">
                <input
                    id="growth-slider"
                    class="growth-slider"
                    type="range"
                    min=DIAL_MIN.to_string()
                    max=DIAL_MAX.to_string()
                    step=DIAL_STEP.to_string()
                    aria-label="Growth (log scale)"
                    aria-keyshortcuts="ArrowUp ArrowDown Shift+ArrowUp Shift+ArrowDown"
                    title="Arrow keys: 1×, 1.5×, 2×, 3×, 5×, 7×, 10×… · Shift+arrow: fine steps"
                    // The slider's own value is a logarithm; say the growth.
                    // Some browsers ignore aria-valuetext on a native range,
                    // so the big readout describes it too.
                    aria-valuetext=move || multiplier(growth.get())
                    aria-describedby="growth-value"
                    prop:value=move || dial_position(growth.get()).to_string()
                    on:input=on_slider
                    on:keydown=on_slider_key
                />
                <div class="growth-ticks" aria-hidden="true">
                    <span>"1×"</span>
                    <span>"10×"</span>
                    <span>"100×"</span>
                    <span>"1000×"</span>
                </div>
            </div>
            <div class="growth-field-wrap">
                <input
                    id="growth-input"
                    class="growth-input"
                    type="number"
                    inputmode="decimal"
                    min=MIN_GROWTH.to_string()
                    max=MAX_GROWTH.to_string()
                    step="any"
                    aria-label="Growth multiplier"
                    aria-describedby="growth-error"
                    aria-invalid=move || invalid().to_string()
                    prop:value=move || field_text(growth.get())
                    on:change:target=move |ev| apply_field(ev.target())
                    on:keydown:target=move |ev| {
                        if ev.key() == "Enter" {
                            apply_field(ev.target());
                        }
                    }
                />
                <span class="growth-unit" aria-hidden="true">"×"</span>
            </div>
            <p id="growth-error" class="growth-error" role="alert" hidden=move || !invalid()>
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}
