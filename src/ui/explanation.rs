//! The working behind one component's figures: each figure of the results
//! table with its formula and the formula with this component's numbers
//! filled in, from `words::explain` (ρ = λ / (c·μ) = 480 / (4 × 150) =
//! 80.0%), so anyone in the room can check a number.

use leptos::prelude::*;

use super::state::{ReportContext, SettledDocument};
use crate::words::explain::{explain, Accuracy, Explanation};
use crate::model::ComponentId;

/// Every figure of one component, explained.
#[component]
pub fn ExplanationView(
    /// The component whose figures are explained.
    id: String,
) -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let component = ComponentId::from(id.as_str());
    let name = {
        let component = component.clone();
        Memo::new(move |_| document.with(|d| d.name_of(&component)))
    };
    let figures = Memo::new(move |_| {
        document.with(|d| {
            report.with(|r| r.component(&component).map(|load| explain(d, r, load)).unwrap_or_default())
        })
    });

    view! {
        <table class="working" data-testid="working" data-component-id=id>
            <caption>"How the figures for " {move || name.get()} " are worked out"</caption>
            <WorkingRows figures=figures/>
        </table>
    }
}

/// The head and rows of a working table: figure, rule, the rule with the
/// numbers, result. The results table's working and the cost panel's
/// share it.
#[component]
pub fn WorkingRows(
    /// The figures, in the order shown.
    figures: Memo<Vec<Explanation>>,
) -> impl IntoView {
    view! {
        <thead>
            <tr>
                <th scope="col">"Figure"</th>
                <th scope="col">"Rule"</th>
                <th scope="col">"With the numbers"</th>
                <th scope="col" class="numeric">"Result"</th>
                <th scope="col">"Exact or approximate"</th>
            </tr>
        </thead>
        <tbody>
            <For each=move || figures.get() key=|e: &Explanation| e.clone() let:explanation>
                <tr data-figure=explanation.figure.clone()>
                    <th scope="row" data-part="figure">{explanation.figure.clone()}</th>
                    <td data-part="formula" class="formula">{explanation.formula.clone()}</td>
                    <td data-part="substituted" class="formula">{explanation.substituted.clone()}</td>
                    <td data-part="result" class="numeric">{explanation.result.clone()}</td>
                    <td
                        data-part="accuracy"
                        class="accuracy"
                        data-exact=matches!(explanation.accuracy, Accuracy::Exact).to_string()
                    >
                        {explanation.accuracy.label()}
                    </td>
                </tr>
            </For>
        </tbody>
    }
}
