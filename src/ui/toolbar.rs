//! The editor's toolbar: undo and redo (named after the step they take),
//! the select and hand tools, zoom, fit and auto-layout, templates,
//! export, presentation mode and the keyboard help. Every button has a
//! name for screen readers and its shortcut in its title; the status line
//! beside it says what the last action did, or why it was refused.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::presenter_feed::PresenterFeed;
use super::session::Session;
use super::state::LiveReport;
use crate::editor::view::export::{file_name, picture_size, svg};
use crate::editor::canvas::gesture::Tool;
use crate::editor::canvas::viewport::ZOOM_STEP;
use crate::engine::Report;
use crate::files::mermaid::markdown;
use crate::model::Command;
use crate::platform::{copy_text::copy_text, files, picture};

/// The row of buttons above the canvas.
#[component]
pub fn Toolbar() -> impl IntoView {
    let session = expect_context::<Session>();
    let report = expect_context::<LiveReport>().0;
    let editor = session.editor();
    let presenter = use_context::<PresenterFeed>();
    let export_open = RwSignal::new(false);
    let undo_title = move || match editor.undo_label.get() {
        Some(label) => format!("Undo {label} (Ctrl+Z)"),
        None => "Nothing to undo".to_owned(),
    };
    let redo_title = move || match editor.redo_label.get() {
        Some(label) => format!("Redo {label} (Ctrl+Shift+Z)"),
        None => "Nothing to redo".to_owned(),
    };
    let zoom_text = move || session.viewport.with(|v| v.zoom_text());

    view! {
        <div class="toolbar" role="toolbar" aria-label="Editor">
            <div class="toolbar-group">
                <button
                    type="button"
                    class="tool"
                    aria-label=move || editor.undo_label.get().map_or("Undo".to_owned(), |l| format!("Undo {l}"))
                    title=undo_title
                    disabled=move || editor.undo_label.with(Option::is_none)
                    on:click=move |_| undo(session)
                >
                    "↶ Undo"
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-label=move || editor.redo_label.get().map_or("Redo".to_owned(), |l| format!("Redo {l}"))
                    title=redo_title
                    disabled=move || editor.redo_label.with(Option::is_none)
                    on:click=move |_| redo(session)
                >
                    "↷ Redo"
                </button>
            </div>
            <div class="toolbar-group" role="group" aria-label="Pointer tool">
                <button
                    type="button"
                    class="tool"
                    aria-pressed=move || (session.tool.get() == Tool::Select).to_string()
                    title="Select tool: drag on the background to select boxes (V)"
                    on:click=move |_| session.tool.set(Tool::Select)
                >
                    "Select"
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-pressed=move || (session.tool.get() == Tool::Hand).to_string()
                    title="Hand tool: drag anywhere to pan (H)"
                    on:click=move |_| session.tool.set(Tool::Hand)
                >
                    "Pan"
                </button>
            </div>
            <div class="toolbar-group" role="group" aria-label="Zoom">
                <button
                    type="button"
                    class="tool"
                    aria-label="Zoom out"
                    title="Zoom out (−)"
                    on:click=move |_| session.viewport.update(|v| *v = v.zoomed(1.0 / ZOOM_STEP))
                >
                    "−"
                </button>
                <button
                    type="button"
                    class="tool zoom-level"
                    aria-label=move || format!("Zoom {}: reset to 100%", zoom_text())
                    title="Zoom to 100% (Shift+0)"
                    on:click=move |_| session.viewport.update(|v| *v = v.actual_size())
                >
                    {zoom_text}
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-label="Zoom in"
                    title="Zoom in (+)"
                    on:click=move |_| session.viewport.update(|v| *v = v.zoomed(ZOOM_STEP))
                >
                    "+"
                </button>
                <button type="button" class="tool" title="Fit the drawing to the screen (Shift+1)" on:click=move |_| session.fit()>
                    "Fit"
                </button>
            </div>
            <div class="toolbar-group">
                <button
                    type="button"
                    class="tool"
                    title="Arrange every box by dependency order, with few crossings (Shift+L)"
                    on:click=move |_| auto_layout(session)
                >
                    "Auto-layout"
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-haspopup="dialog"
                    title="Start from a template"
                    on:click=move |_| session.templates_open.set(true)
                >
                    "Templates…"
                </button>
                <div class="menu">
                    <button
                        type="button"
                        class="tool"
                        aria-expanded=move || export_open.get().to_string()
                        aria-controls="export-menu"
                        on:click=move |_| export_open.update(|o| *o = !*o)
                    >
                        "Export ▾"
                    </button>
                    <div
                        id="export-menu"
                        class="menu-items"
                        role="group"
                        aria-label="Export"
                        hidden=move || !export_open.get()
                        on:keydown=move |ev: web_sys::KeyboardEvent| {
                            if ev.key() == "Escape" {
                                ev.stop_propagation();
                                export_open.set(false);
                            }
                        }
                    >
                        <button type="button" class="menu-item" on:click=move |_| { export_open.set(false); export_svg(session, report) }>
                            "Picture (SVG)"
                        </button>
                        <button type="button" class="menu-item" on:click=move |_| { export_open.set(false); export_png(session, report) }>
                            "Picture (PNG)"
                        </button>
                        <button type="button" class="menu-item" on:click=move |_| { export_open.set(false); copy_mermaid(session, report) }>
                            "Copy Mermaid flowchart"
                        </button>
                        <button type="button" class="menu-item" on:click=move |_| { export_open.set(false); download_mermaid(session, report) }>
                            "Mermaid flowchart (.md)"
                        </button>
                        <button type="button" class="menu-item" data-testid="export-results-csv" on:click=move |_| { export_open.set(false); download_csv(session, Table::Results) }>
                            "Results table (.csv)"
                        </button>
                        <button type="button" class="menu-item" data-testid="export-cost-csv" on:click=move |_| { export_open.set(false); download_csv(session, Table::Cost) }>
                            "Cost breakdown (.csv)"
                        </button>
                        <button type="button" class="menu-item" data-testid="export-structurizr" on:click=move |_| { export_open.set(false); download_structurizr(session, report) }>
                            "Structurizr workspace (.dsl)"
                        </button>
                    </div>
                </div>
            </div>
            <div class="toolbar-group toolbar-end">
                <button
                    type="button"
                    class="tool"
                    title="Presentation mode: large type, panels hidden (P; Esc leaves)"
                    on:click=move |_| session.presenting.set(true)
                >
                    "Present"
                </button>
                <button
                    type="button"
                    class="tool"
                    data-testid="open-presenter"
                    aria-label="Projector window: a second window that follows this one"
                    title="Presenter view: a second window for the projector that follows this one (same drawing, dial and selection, large type, nothing editable)"
                    on:click=move |_| {
                        if let Some(feed) = presenter {
                            feed.open();
                        }
                    }
                >
                    "Projector"
                </button>
                <button
                    type="button"
                    class="tool"
                    aria-label="Keyboard shortcuts"
                    aria-haspopup="dialog"
                    title="Keyboard shortcuts (?)"
                    on:click=move |_| session.help_open.set(true)
                >
                    "?"
                </button>
            </div>
            <p class="editor-notice" data-testid="editor-notice" role="status" aria-live="polite">
                {move || session.notice.with(|n| n.as_ref().filter(|n| !n.error).map(|n| n.text.clone()).unwrap_or_default())}
            </p>
            <p class="editor-notice editor-notice-error" data-testid="editor-notice-error" role="alert">
                {move || session.notice.with(|n| n.as_ref().filter(|n| n.error).map(|n| n.text.clone()).unwrap_or_default())}
            </p>
        </div>
    }
}

/// Undoes the last edit and says which.
pub fn undo(session: Session) {
    match session.editor().undo() {
        Some(label) => session.say(format!("Undid: {label}.")),
        None => session.say("Nothing to undo."),
    }
}

/// Redoes the last undone edit and says which.
pub fn redo(session: Session) {
    match session.editor().redo() {
        Some(label) => session.say(format!("Redid: {label}.")),
        None => session.say("Nothing to redo."),
    }
}

/// Hands every box back to the automatic layout (one undo step) and
/// fits the result.
pub fn auto_layout(session: Session) {
    let moves: Vec<_> = session
        .document()
        .with_untracked(|d| d.components.iter().filter(|c| c.position.is_some()).map(|c| (c.id.clone(), None)).collect());
    if moves.is_empty() {
        session.say("Already laid out by dependency order.");
        session.fit();
        return;
    }
    if session.run(Command::Move(moves), Some("Laid out by dependency order. Undo with Ctrl+Z.".to_owned())) {
        session.fit();
    }
}

/// The exported picture of the drawing as it stands.
fn picture_svg(session: Session, report: Memo<Report>) -> (String, (f64, f64), f64) {
    session.document().with_untracked(|doc| {
        report.with_untracked(|r| {
            let scene = session.scene();
            (svg(doc, r, &scene), picture_size(doc, &scene), r.growth)
        })
    })
}

fn export_svg(session: Session, report: Memo<Report>) {
    let (text, _, growth) = picture_svg(session, report);
    let name = session.document().with_untracked(|d| file_name(d, growth, "svg"));
    match files::download_text(&name, "image/svg+xml", &text) {
        Ok(()) => session.say(format!("Saved the picture as {name}.")),
        Err(why) => session.warn(format!("The picture could not be saved: {why}.")),
    }
}

fn export_png(session: Session, report: Memo<Report>) {
    let (text, (width, height), growth) = picture_svg(session, report);
    let name = session.document().with_untracked(|d| file_name(d, growth, "png"));
    session.say("Making the PNG…");
    spawn_local(async move {
        match picture::svg_to_png(&text, width, height).await {
            Ok(bytes) => match files::download(&name, "image/png", &bytes) {
                Ok(()) => session.say(format!("Saved the picture as {name}.")),
                Err(why) => session.warn(format!("The PNG could not be saved: {why}.")),
            },
            Err(why) => session.warn(format!("{}.", super::session::sentence(&why).trim_end_matches('.'))),
        }
    });
}

fn mermaid_text(session: Session, report: Memo<Report>) -> String {
    session.document().with_untracked(|doc| report.with_untracked(|r| markdown(doc, Some(r))))
}

fn copy_mermaid(session: Session, report: Memo<Report>) {
    let text = mermaid_text(session, report);
    spawn_local(async move {
        match copy_text(&text).await {
            Ok(()) => session.say("Copied the Mermaid flowchart: paste it into Markdown on GitHub."),
            Err(why) => session.warn(format!("{}; use “Mermaid flowchart (.md)” to download it instead.", super::session::sentence(&why).trim_end_matches('.'))),
        }
    });
}

fn download_mermaid(session: Session, report: Memo<Report>) {
    let text = mermaid_text(session, report);
    let name = session.document().with_untracked(|d| {
        let growth = d.scenario.growth;
        file_name(d, growth, "md")
    });
    match files::download_text(&name, "text/markdown", &text) {
        Ok(()) => session.say(format!("Saved the Mermaid flowchart as {name}.")),
        Err(why) => session.warn(format!("The flowchart could not be saved: {why}.")),
    }
}

/// The tables a spreadsheet can take.
#[derive(Clone, Copy)]
enum Table {
    Results,
    Cost,
}

/// The results table or the cost breakdown of the document as it stands,
/// at its growth, as a CSV download.
fn download_csv(session: Session, table: Table) {
    let (name, text) = session.document().with_untracked(|doc| {
        let growth = doc.scenario.growth;
        let analysis = crate::engine::Analysis::new(doc);
        let report = analysis.report_at(growth);
        let (stem, text) = match table {
            Table::Results => ("results", crate::files::csv::results_csv(doc, &report, &analysis.percentiles(&report))),
            Table::Cost => ("cost", crate::files::csv::cost_csv(doc, &report)),
        };
        (file_name(doc, growth, &format!("{stem}.csv")), text)
    });
    match files::download_text(&name, "text/csv", &text) {
        Ok(()) => session.say(format!("Saved the table as {name}.")),
        Err(why) => session.warn(format!("The table could not be saved: {why}.")),
    }
}

/// The model as a Structurizr DSL workspace, with the figures at the
/// dial's growth as properties.
fn download_structurizr(session: Session, report: Memo<Report>) {
    let (name, text) = session.document().with_untracked(|doc| {
        report.with_untracked(|r| (file_name(doc, r.growth, "dsl"), crate::files::structurizr_dsl::workspace(doc, Some(r))))
    });
    match files::download_text(&name, "text/plain", &text) {
        Ok(()) => session.say(format!("Saved the Structurizr workspace as {name}.")),
        Err(why) => session.warn(format!("The workspace could not be saved: {why}.")),
    }
}
