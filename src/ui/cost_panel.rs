//! What the system costs at the current growth: the monthly total, the
//! price of a million requests, where the money goes (dearest first, with
//! a bar per component) and the components idling under 20% at the peak
//! with what right-sizing them would save, and behind a button the working
//! of each figure. The words are `words::cost`.

use leptos::prelude::*;

use super::state::{ReportContext, SettledDocument};
use super::explanation::WorkingRows;
use super::row_signals::RowSignals;
use crate::words::cost::{cost_text, cost_working, CostItem, CostText, OversizedLine};
use crate::words::quantity::multiplier;

/// Each component's share of the bill by its id: a dial step updates
/// each row's figures in place instead of rebuilding rows.
fn keyed_items(cost: &CostText) -> Vec<(String, CostItem)> {
    cost.breakdown.iter().map(|i| (i.id.clone(), i.clone())).collect()
}

/// The cost summary.
#[component]
pub fn CostPanel() -> impl IntoView {
    let document = expect_context::<SettledDocument>().0;
    let report = expect_context::<ReportContext>().0;
    let cost = Memo::new(move |_| document.with(|d| report.with(|r| cost_text(d, r))));
    let text = move |read: fn(&CostText) -> String| move || cost.with(read);
    let growth = move || report.with(|r| multiplier(r.growth));
    let open = RwSignal::new(false);
    let working = Memo::new(move |_| document.with(|d| report.with(|r| cost_working(d, r))));
    let items = RowSignals::follow(move || cost.with(keyed_items));

    view! {
        <section class="cost panel" aria-labelledby="cost-heading" data-testid="cost">
            <h2 id="cost-heading" class="panel-heading">"Cost at " {growth}</h2>
            <div class="cost-columns">
            <div>
            <dl class="cost-figures">
                <div class="cost-figure">
                    <dt>"Every month"</dt>
                    <dd data-testid="cost-total">{text(|c| c.total.clone())}</dd>
                </div>
                <div class="cost-figure">
                    <dt>"Per million requests"</dt>
                    <dd data-testid="cost-per-million">{text(|c| c.per_million.clone())}</dd>
                </div>
                <div class="cost-figure">
                    <dt>"Traffic"</dt>
                    <dd data-testid="cost-requests">{text(|c| c.monthly_requests.clone())}</dd>
                </div>
                <div class="cost-figure">
                    <dt>"Right-sizing saves"</dt>
                    <dd data-testid="cost-saving">{text(|c| c.saving.clone().unwrap_or_else(|| "nothing".to_owned()))}</dd>
                </div>
            </dl>
            <Show when=move || cost.with(|c| !c.oversized.is_empty())>
                <h3 class="panel-subheading">"Oversized"</h3>
                <ul class="oversized" data-testid="oversized">
                    <For each=move || cost.with(|c| c.oversized.clone()) key=|line: &OversizedLine| line.clone() let:line>
                        <li data-component-id=line.id.clone()>{line.text.clone()}</li>
                    </For>
                </ul>
            </Show>
            <button
                type="button"
                class="working-toggle"
                data-action="explain-cost"
                aria-expanded=move || open.get().to_string()
                aria-controls="cost-working"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span class="working-arrow" aria-hidden="true">{move || if open.get() { "▾ " } else { "▸ " }}</span>
                "How these are worked out"
            </button>
            </div>
            <table class="cost-breakdown">
                <caption class="panel-subheading">"Where the money goes"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Component"</th>
                        <th scope="col" class="numeric">"Monthly"</th>
                        <th scope="col" class="numeric">"Share"</th>
                        <th scope="col"><span class="visually-hidden">"Share as a bar"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || cost.with(keyed_items) key=|(id, _)| id.clone() let:row>
                        {
                            let (id, shown) = row;
                            let item = items.row(id.clone(), shown);
                            let read = move |f: fn(&CostItem) -> String| move || item.with(f);
                            view! {
                                <tr data-component-id=id.clone()>
                                    <th scope="row">{read(|i| i.name.clone())}</th>
                                    <td class="numeric">{read(|i| i.cost_text.clone())}</td>
                                    <td class="numeric">{read(|i| i.share_text.clone())}</td>
                                    <td class="cost-bar-cell">
                                        <svg class="cost-bar" viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                            <rect class="cost-bar-track" x="0" y="0" width="100" height="12"></rect>
                                            <rect class="cost-bar-fill" x="0" y="0" width=move || item.with(|i| format!("{:.2}", i.share * 100.0)) height="12"></rect>
                                        </svg>
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            <div id="cost-working" class="cost-working" hidden=move || !open.get()>
                <Show when=move || open.get()>
                    <table class="working" data-testid="cost-working">
                        <caption>"How the cost figures are worked out"</caption>
                        <WorkingRows figures=working/>
                    </table>
                </Show>
            </div>
        </section>
    }
}
