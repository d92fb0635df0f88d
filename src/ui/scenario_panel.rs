//! The scenario panel: the load the system is judged under — its name,
//! the entry points and their rates, the peak factor, the comfort line
//! and utilisation limit, per-component growth overrides, the daily
//! profile and what one more service costs (for extraction verdicts and
//! plans). Every change is a `Command::SetScenario` through the editor
//! (one undo step each); a refused value is explained beside its field and
//! the document keeps its last valid scenario.

use leptos::prelude::*;

use super::entries_editor::EntriesEditor;
use super::overrides_editor::OverridesEditor;
use super::profile_editor::ProfileEditor;
use super::scenario_form::{FormField, ScenarioForm};
use super::state::DesignContext;
use crate::words::quantity::{percent_field_text, typed_field_text};
use crate::editor::forms::scenario_form::{Field, ScenarioEdit};

/// The scenario form.
#[component]
pub fn ScenarioPanel() -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let form = ScenarioForm::new();
    let scenario_value = move |read: fn(&crate::model::Scenario) -> String| {
        Signal::derive(move || document.with(|d| read(&d.scenario)))
    };

    view! {
        <section class="scenario panel" aria-labelledby="scenario-heading" data-testid="scenario">
            <h2 id="scenario-heading" class="panel-heading">"Scenario"</h2>
            <p class="panel-hint">
                "The load the system is judged under. Changes apply on Enter or when a field loses focus."
            </p>
            <div class="scenario-lines">
                <FormField
                    form=form
                    field=Field::Name
                    id="scenario-name".to_owned()
                    label="Name".to_owned()
                    inputmode="text"
                    class="form-field-wide"
                    value=scenario_value(|s| s.name.clone())
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::Rename(text)))
                />
                <FormField
                    form=form
                    field=Field::PeakFactor
                    id="scenario-peak-factor".to_owned()
                    label="Peak factor (×)".to_owned()
                    unit="×"
                    value=scenario_value(|s| typed_field_text(s.peak_factor))
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::PeakFactor(text)))
                />
                <FormField
                    form=form
                    field=Field::ComfortLine
                    id="scenario-comfort-line".to_owned()
                    label="Comfort line (%)".to_owned()
                    unit="%"
                    value=scenario_value(|s| percent_field_text(s.comfort_line))
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::ComfortLine(text)))
                />
                <FormField
                    form=form
                    field=Field::UtilisationLimit
                    id="scenario-utilisation-limit".to_owned()
                    label="Utilisation limit (%)".to_owned()
                    unit="%"
                    value=scenario_value(|s| percent_field_text(s.utilisation_limit))
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::UtilisationLimit(text)))
                />
            </div>
            <p class="panel-hint">
                "Entry rates times the peak factor give the peak that everything someone waits for is judged at; "
                "work behind a queue is judged over the daily profile."
            </p>
            <For each=move || form.other_messages() key=|m| m.clone() let:message>
                <p class="field-message" role="alert">{message}</p>
            </For>
            <div class="scenario-columns">
                <EntriesEditor form=form/>
                <OverridesEditor form=form/>
            </div>
            <ProfileEditor form=form/>
            <OverheadFields form=form/>
        </section>
    }
}

/// What one more service costs: money a month and milliseconds per hop,
/// with the defaults said beside them.
#[component]
fn OverheadFields(
    /// The scenario form the fields belong to.
    form: ScenarioForm,
) -> impl IntoView {
    let document = expect_context::<DesignContext>().0;
    let defaults = crate::model::ServiceOverhead::default();
    let value = move |read: fn(&crate::model::ServiceOverhead) -> f64| {
        Signal::derive(move || document.with(|d| typed_field_text(read(&d.scenario.overhead))))
    };
    view! {
        <div class="scenario-overhead" role="group" aria-labelledby="overhead-heading">
            <h3 id="overhead-heading" class="panel-subheading">"Cost of one more service"</h3>
            <p class="panel-hint">
                "What extracting a module or adding a service costs beyond its instances: CI, dashboards and on-call "
                "a month, and the network hop on every call across the new boundary. Defaults: "
                {crate::words::quantity::monthly_cost(defaults.monthly_per_service)} " and "
                {typed_field_text(defaults.hop_latency_ms)} " ms."
            </p>
            <div class="scenario-lines">
                <FormField
                    form=form
                    field=Field::OverheadMonthly
                    id="scenario-overhead-monthly".to_owned()
                    label="Per extra service ($/month)".to_owned()
                    unit="$/mo"
                    value=value(|o| o.monthly_per_service)
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::OverheadMonthly(text)))
                />
                <FormField
                    form=form
                    field=Field::OverheadHop
                    id="scenario-overhead-hop".to_owned()
                    label="Per network hop (ms)".to_owned()
                    unit="ms"
                    value=value(|o| o.hop_latency_ms)
                    apply=Callback::new(move |text| form.apply(ScenarioEdit::OverheadHop(text)))
                />
            </div>
        </div>
    }
}
