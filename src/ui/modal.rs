//! A modal dialog: the native `<dialog>` opened with `showModal()`, so the
//! rest of the page is inert while it shows and Esc closes it. It is named
//! by its heading (`aria-labelledby`), keeps Tab inside itself, and the
//! browser hands focus back to the control that opened it when it closes.

use leptos::html::Dialog;
use leptos::prelude::*;

use crate::platform::focus::keep_tab_inside;

/// A dialog shown while `open` is true.
#[component]
pub fn Modal(
    /// Whether the dialog shows. Esc or a close button sets it to false.
    open: RwSignal<bool>,
    /// Id of the element (its heading) that names the dialog.
    labelled_by: &'static str,
    /// Extra class for the dialog's own layout.
    #[prop(optional)]
    class: &'static str,
    /// A `data-testid` for tests to find it by.
    #[prop(optional)]
    test_id: &'static str,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let wanted = open.get();
        let Some(element) = dialog.get() else {
            return;
        };
        if wanted && !element.open() {
            let _ = element.show_modal();
        } else if !wanted && element.open() {
            element.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class=format!("modal {class}")
            data-testid=test_id
            aria-labelledby=labelled_by
            on:close=move |_| open.set(false)
            on:keydown=move |event| {
                if let Some(element) = dialog.get_untracked() {
                    keep_tab_inside(&element, &event);
                }
            }
        >
            {children()}
        </dialog>
    }
}
