//! The daily profile: the load of each hour relative to the busiest, as a
//! bar preview and 24 small fields, with a reset to the typical working
//! day and a flat option. Work behind a queue is judged over this day.

use leptos::prelude::*;

use super::scenario_form::{FormField, ScenarioForm};
use super::state::DesignContext;
use crate::words::quantity::typed_field_text;
use crate::editor::forms::scenario_form::{profile_bars, Field, ScenarioEdit};

/// The preview's size in its own units.
const PREVIEW_WIDTH: f64 = 480.0;
const PREVIEW_HEIGHT: f64 = 80.0;

/// The 24 hourly values.
#[component]
pub fn ProfileEditor(
    /// The scenario form the fields edit.
    form: ScenarioForm,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let preview = Memo::new(move |_| document.with(|d| profile_bars(&d.scenario, PREVIEW_WIDTH, PREVIEW_HEIGHT)));
    let hours = Memo::new(move |_| document.with(|d| d.scenario.daily_profile.len()));
    let whole_message = Memo::new(move |_| form.message(&Field::Profile));

    view! {
        <fieldset class="scenario-list profile" data-testid="profile">
            <legend class="panel-subheading">"Daily profile: each hour's load relative to the busiest"</legend>
            <figure class="profile-preview">
                <svg
                    class="profile-bars"
                    viewBox=format!("0 0 {PREVIEW_WIDTH} {PREVIEW_HEIGHT}")
                    preserveAspectRatio="none"
                    aria-hidden="true"
                    focusable="false"
                >
                    <For each=move || preview.with(|p| p.0.clone()) key=|bar| (bar.hour, bar.height.to_bits()) let:bar>
                        <rect
                            class="profile-bar"
                            x=format!("{:.2}", bar.x)
                            y=format!("{:.2}", bar.y)
                            width=format!("{:.2}", bar.width)
                            height=format!("{:.2}", bar.height)
                        >
                            <title>{bar.label.clone()}</title>
                        </rect>
                    </For>
                </svg>
                <figcaption class="panel-hint" data-testid="profile-description">
                    {move || preview.with(|p| p.1.clone())}
                </figcaption>
            </figure>
            <div class="profile-actions">
                <button
                    type="button"
                    class="button"
                    data-action="diurnal-profile"
                    on:click=move |_| form.apply(ScenarioEdit::DiurnalProfile)
                >
                    "Typical working day"
                </button>
                <button
                    type="button"
                    class="button"
                    data-action="flat-profile"
                    on:click=move |_| form.apply(ScenarioEdit::FlatProfile)
                >
                    "Flat: the peak all day"
                </button>
            </div>
            <div class="profile-hours">
                <For each=move || 0..hours.get() key=|h| *h let:hour>
                    <FormField
                        form=form
                        field=Field::ProfileHour(hour)
                        id=format!("profile-hour-{hour}")
                        label=format!("{hour:02}:00")
                        class="form-field-hour"
                        value=Signal::derive(move || {
                            document.with(|d| d.scenario.daily_profile.get(hour).map(|v| typed_field_text(*v)).unwrap_or_default())
                        })
                        apply=Callback::new(move |text| form.apply(ScenarioEdit::ProfileHour(hour, text)))
                    />
                </For>
            </div>
            <p class="field-message" role="alert" hidden=move || whole_message.with(Option::is_none)>
                {move || whole_message.get().unwrap_or_default()}
            </p>
        </fieldset>
    }
}
