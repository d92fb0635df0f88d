//! The page's table of contents: one link per section, kept in view with
//! the growth dial, so the table, the charts or the plan are one click (or
//! Tab and Enter) away from wherever the page is scrolled. A link scrolls
//! its section just under the sticky top and moves the keyboard there; it
//! leaves the address alone, whose fragment carries shared documents.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::state::ReportContext;

/// A section: its link text and the id of the heading it jumps to.
struct Section {
    label: &'static str,
    target: &'static str,
}

const SECTIONS: [Section; 14] = [
    Section { label: "Diagram", target: "diagram-heading" },
    Section { label: "Limits", target: "limits-heading" },
    Section { label: "Table", target: "results-caption" },
    Section { label: "Failures", target: "resilience-heading" },
    Section { label: "Simulation", target: "simulation-heading" },
    Section { label: "Growth", target: "growth-chart-title" },
    Section { label: "Queues", target: "day-charts-heading" },
    Section { label: "Cost", target: "cost-heading" },
    Section { label: "Modules", target: "modules-heading" },
    Section { label: "Migration", target: "migration-heading" },
    Section { label: "Scenario", target: "scenario-heading" },
    Section { label: "Options", target: "options-heading" },
    Section { label: "Plan", target: "plan-heading" },
    Section { label: "Decisions", target: "decisions-heading" },
];

/// Scrolls the section headed by `target` into view and gives it the
/// keyboard. The page's `scroll-padding-top` (style/layout.css) keeps it
/// clear of the sticky top.
fn jump_to(target: &str) {
    let Some(heading) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(target)) else {
        return;
    };
    // The diagram's heading is hidden; its section is what shows.
    let shown = if target == "diagram-heading" { heading.parent_element().unwrap_or(heading) } else { heading };
    shown.scroll_into_view();
    if let Ok(element) = shown.dyn_into::<HtmlElement>() {
        if !element.has_attribute("tabindex") {
            let _ = element.set_attribute("tabindex", "-1");
        }
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// The links to the page's sections.
#[component]
pub fn SectionNav() -> impl IntoView {
    let report = expect_context::<ReportContext>().0;
    // The queues' days are drawn only when a queue has a day to draw.
    let has_days = Memo::new(move |_| report.with(|r| r.components.iter().any(|c| c.day.is_some())));
    let link = move |section: &'static Section| {
        let target = section.target;
        view! {
            <li>
                <a
                    href=format!("#{target}")
                    on:click=move |ev| {
                        ev.prevent_default();
                        jump_to(target);
                    }
                >
                    {section.label}
                </a>
            </li>
        }
    };
    view! {
        <nav class="section-nav" aria-label="Page sections" data-testid="section-nav">
            <ul>
                {SECTIONS
                    .iter()
                    .map(|section| {
                        let shown = move || section.target != "day-charts-heading" || has_days.get();
                        view! { <Show when=shown>{link(section)}</Show> }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
