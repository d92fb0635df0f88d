//! The page: Leptos components, one per file, thin. They read the document
//! and its derived report from context, draw them, and turn what the user
//! does into document edits; every number and sentence they show comes
//! from `engine`, `words`, `files`, `storage` and `editor`.
//!
//! State flows one way: `App` owns the document (`DocumentContext`) and the
//! report memo (`LiveReport`, with `ReportContext` its copy for the panels
//! under the drawing, which waits for the growth slider to rest); the
//! growth dial applies a `Command::SetScenario`; the report, the canvas
//! scene and the results rows are derived from the document and update by
//! themselves.

mod app;
mod banner;
mod canvas;
mod component_decisions;
mod conflict_dialog;
mod cost_audit_panel;
mod cost_panel;
mod day_charts;
mod decision_editor;
mod decision_folder_bar;
mod decision_marker;
mod decisions_panel;
mod decisions_state;
mod document_bar;
mod documents_dialog;
mod import_dialog;
mod edge_view;
mod entries_editor;
mod explanation;
mod growth_chart;
mod growth_dial;
mod help_overlay;
mod inspector;
mod kind_icon;
mod legend;
mod live_room;
mod limits_panel;
mod modal;
mod migration_panel;
mod modules_panel;
mod node_view;
mod notices;
mod options_panel;
mod overrides_editor;
mod palette;
mod plan_panel;
mod presenter_feed;
mod presenter_view;
mod planning_message;
mod profile_editor;
mod rename_field;
mod result_row;
mod room_dialog;
mod row_signals;
mod readiness_checklist;
mod resilience_panel;
mod results_table;
mod scenario_form;
mod scenario_panel;
mod section_nav;
mod scene_cells;
mod session;
mod share_dialog;
mod simulation_panel;
mod staged;
mod state;
mod status_icon;
mod storage_session;
mod suspicion_marker;
mod template_dialog;
mod toolbar;
mod update_notice;
mod workspace;

/// Starts the page: installs the panic hook and mounts the app on
/// `<body>`, or the presenter view when the address names a presenter
/// room (`?presenter=…`, opened by the toolbar's "Projector").
pub fn mount() {
    crate::platform::install_panic_hook();
    let query = crate::platform::location::query();
    match crate::files::presenter_feed::room_of_query(&query) {
        Some(room) => {
            let room = room.to_owned();
            leptos::mount::mount_to_body(move || leptos::prelude::view! { <presenter_view::PresenterView room=room/> });
        }
        None => leptos::mount::mount_to_body(app::App),
    }
}
