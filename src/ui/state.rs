//! The page's shared state, provided as context by `App`. Context values are
//! newtypes so that two signals of the same type can never be confused.
//!
//! Every edit of the document goes through [`Editor::dispatch`]: it applies
//! a `Command`, records undo history when the command is an edit worth a
//! step, and hands a refusal back as a value. Nothing else writes the
//! document signal.

use std::sync::Arc;

use leptos::prelude::*;

use crate::engine::{Analysis, ObjectiveHeadroom, Report};
use crate::model::{Command, Document, EditError, History};

/// What [`provide_document_contexts`] hands back of what it provided.
#[derive(Clone, Copy)]
pub struct DocumentContexts {
    pub design: DesignContext,
    pub editor: Editor,
    pub settled: SettledReport,
}

/// Provides every context the views read of `document`: the design, the
/// engine's one preparation, the live and settled reports, suspicions,
/// objectives and the editor. The editor's page and the presenter window
/// both stand on these.
pub fn provide_document_contexts(document: RwSignal<Document>) -> DocumentContexts {
    // Everything but the growth: a dial step changes nothing that follows
    // this, so nothing that follows it runs again.
    let design = DesignContext::follow(document);
    // The only place the engine prepares: every view reads this memo.
    let analysis = AnalysisContext::follow(design);
    // A step of the dial is one report on the prepared analysis.
    let growth = Memo::new(move |_| document.with(|d| d.scenario.growth));
    let report = Memo::new(move |_| {
        let growth = growth.get();
        analysis.0.with(|a| a.report_at(growth))
    });
    provide_context(analysis);
    provide_context(DocumentContext(document));
    provide_context(design);
    provide_context(SuspicionsContext::follow(design));
    provide_context(ObjectivesContext::follow(analysis));
    let editor = Editor::new(document);
    provide_context(editor);
    provide_context(LiveReport(report));
    let settled = SettledReport::follow(report, design, document);
    provide_context(settled);
    provide_context(ReportContext(settled.report()));
    provide_context(SettledDocument(settled.document()));
    DocumentContexts { design, editor, settled }
}

/// The document being edited: the saved, undoable input state. Read it
/// freely; change it only through [`Editor`].
#[derive(Clone, Copy)]
pub struct DocumentContext(pub RwSignal<Document>);

/// The document as the views that never show the growth see it: it
/// follows every edit except a move of the growth dial, so turning the
/// dial does not wake the inspector, the layout or the record lists. Its
/// `scenario.growth` is whatever it was at the last other edit: read the
/// growth from the document or the report.
#[derive(Clone, Copy)]
pub struct DesignContext(pub ReadSignal<Document>);

impl DesignContext {
    pub fn follow(document: RwSignal<Document>) -> DesignContext {
        // A signal set when the design changed, not a memo: a memo is
        // marked for a check at every change of its source, and so is all
        // that derives from it, so a dial step would have the reactive
        // graph visit (and clone the subscriber lists of) everything that
        // reads the design, a thousand boxes' worth on a large model.
        let design = RwSignal::new(document.get_untracked());
        Effect::new(move |_| {
            let changed = document.with(|now| design.with_untracked(|shown| !shown.same_apart_from_growth(now)));
            if changed {
                design.set(document.get_untracked());
            }
        });
        DesignContext(design.read_only())
    }
}

/// What the model says that its author most likely did not mean
/// (`model::suspicion`), in words with their fixes: shown on the boxes and
/// in the limits panel. Neither the growth nor where boxes are drawn
/// changes it.
#[derive(Clone, Copy)]
pub struct SuspicionsContext(pub ReadSignal<Vec<crate::words::limits::SuspicionLine>>);

impl SuspicionsContext {
    pub fn follow(design: DesignContext) -> SuspicionsContext {
        // A signal set only when the lines changed, not a memo: every box
        // reads it, and whatever derives from the document is marked for
        // a check at every step of the dial, so a memo here would have
        // the reactive graph visit a thousand boxes' marks per step.
        let lines = RwSignal::new(design.0.with_untracked(crate::words::limits::suspicion_lines));
        Effect::new(move |_| {
            let now = design.0.with(crate::words::limits::suspicion_lines);
            if lines.with_untracked(|shown| shown != &now) {
                lines.set(now);
            }
        });
        SuspicionsContext(lines.read_only())
    }
}

/// The engine's preparation of the document (traffic at 1×, visit
/// ratios, call trees), valid at every growth: prepared again only when
/// something other than the growth or a box's position changes. A step of
/// the dial is then one `report_at` on it, and every panel that needs the
/// analysis (percentiles, objectives, modules) reads this one. Its
/// document's `scenario.growth` is stale: pass the growth explicitly.
#[derive(Clone, Copy)]
pub struct AnalysisContext(pub Memo<Arc<Analysis<'static>>>);

impl AnalysisContext {
    /// Follows the design, which a dial step does not change: the step
    /// then costs this memo nothing, not even a comparison.
    pub fn follow(design: DesignContext) -> AnalysisContext {
        let at_any_growth = follow_unless(design.0, Document::same_apart_from_positions_and_growth);
        // Prepared only when the document changed, so always a change.
        AnalysisContext(Memo::new_with_compare(
            move |_| at_any_growth.with(|d| Arc::new(Analysis::owning(d.clone()))),
            |before, after| !matches!((before, after), (Some(a), Some(b)) if Arc::ptr_eq(a, b)),
        ))
    }

    /// `f` on the analysis of `doc`: the kept one when it is of `doc`
    /// (apart from growth and positions), else one prepared for it. The
    /// panels that show the settled document can be an edit behind or
    /// ahead of the live one for a moment, and a report must only ever
    /// meet the analysis of its own document.
    pub fn with_for<R>(&self, doc: &Document, f: impl FnOnce(&Analysis<'_>) -> R) -> R {
        self.0.with(|kept| {
            if kept.document().same_apart_from_positions_and_growth(doc) {
                f(kept)
            } else {
                f(&Analysis::new(doc))
            }
        })
    }
}

/// Where each entry point's latency objective breaks. It does not depend
/// on the dial, so it is searched again only when something other than
/// the growth changes: the banner, the limits, the results table and the
/// growth chart all read this one search.
#[derive(Clone, Copy)]
pub struct ObjectivesContext(pub Memo<Vec<ObjectiveHeadroom>>);

impl ObjectivesContext {
    pub fn follow(analysis: AnalysisContext) -> ObjectivesContext {
        ObjectivesContext(Memo::new(move |_| analysis.0.with(|a| a.objective_headroom())))
    }
}

/// A copy of `document` that keeps its value (and wakes nobody) while
/// `same(shown, now)` holds.
fn follow_unless(
    document: impl With<Value = Document> + Copy + Send + Sync + 'static,
    same: fn(&Document, &Document) -> bool,
) -> Memo<Document> {
    Memo::new_owning(move |shown: Option<Document>| {
        document.with(|now| match shown {
            Some(shown) if same(&shown, now) => (shown, false),
            _ => (now.clone(), true),
        })
    })
}

/// The engine's report on the document, recomputed whenever it changes:
/// what the canvas, the headline, the limits and the toolbar show, live as
/// the growth dial moves. Derived, never stored.
#[derive(Clone, Copy)]
pub struct LiveReport(pub Memo<Report>);

/// The report the panels under the drawing show (results table, charts,
/// cost): the live report, except that while the growth dial's slider
/// moves it follows once the slider rests. A slider step then redraws what
/// is on screen beside the dial, not every table row and chart below it;
/// any other edit reaches the panels at once.
#[derive(Clone, Copy)]
pub struct ReportContext(pub ReadSignal<Report>);

/// The document as the panels under the drawing see it: the one
/// [`ReportContext`]'s report is about, so a panel that reads both does not
/// recompute at every step of the slider with a report that waits. A move
/// of boxes alone does not reach it, so where its boxes are drawn may lag
/// behind: read positions from the live document.
#[derive(Clone, Copy)]
pub struct SettledDocument(pub ReadSignal<Document>);

/// How long the slider must rest before the panels follow it: short
/// enough to feel immediate when it stops, longer than the gap between
/// two input events of a continuous drag.
const SETTLE_AFTER: std::time::Duration = std::time::Duration::from_millis(120);

/// Keeps [`ReportContext`] behind [`LiveReport`] while the slider moves.
#[derive(Clone, Copy)]
pub struct SettledReport {
    report: RwSignal<Report>,
    document: RwSignal<Document>,
    /// False from a slider step until the panels caught up with it.
    resting: RwSignal<bool>,
    slider_moved: StoredValue<bool>,
    pending: StoredValue<Option<TimeoutHandle>>,
}

impl SettledReport {
    /// Follows `live`, the report on `document`, from now on. `design`
    /// is `document` apart from the growth: with the report it changes
    /// whenever anything the panels show does.
    pub fn follow(live: Memo<Report>, design: DesignContext, document: RwSignal<Document>) -> SettledReport {
        let settled = SettledReport {
            report: RwSignal::new(live.get_untracked()),
            document: RwSignal::new(document.get_untracked()),
            resting: RwSignal::new(true),
            slider_moved: StoredValue::new(false),
            pending: StoredValue::new(None),
        };
        Effect::new(move |_| {
            live.track();
            design.0.track();
            if let Some(handle) = settled.pending.get_value() {
                handle.clear();
            }
            let catch_up = move || {
                settled.pending.set_value(None);
                if !settled.resting.get_untracked() {
                    settled.resting.set(true);
                }
                let changed = live.with_untracked(|now| settled.report.with_untracked(|shown| shown != now));
                if changed {
                    settled.report.set(live.get_untracked());
                }
                // No figure depends on where a box is drawn: a drop
                // alone does not wake the panels.
                if document.with_untracked(|now| settled.document.with_untracked(|shown| !shown.same_apart_from_positions(now))) {
                    settled.document.set(document.get_untracked());
                }
            };
            if settled.slider_moved.get_value() {
                settled.slider_moved.set_value(false);
                if settled.resting.get_untracked() {
                    settled.resting.set(false);
                }
                // Without a timer (never in a browser) the panels follow at once.
                match set_timeout_with_handle(catch_up, SETTLE_AFTER) {
                    Ok(handle) => settled.pending.set_value(Some(handle)),
                    Err(_) => catch_up(),
                }
            } else {
                catch_up();
            }
        });
        settled
    }

    /// The report the panels read.
    pub fn report(&self) -> ReadSignal<Report> {
        self.report.read_only()
    }

    /// The document the panels read.
    pub fn document(&self) -> ReadSignal<Document> {
        self.document.read_only()
    }

    /// Whether the panels show the live report (false while the slider
    /// moves): what need not follow every step waits for it.
    pub fn resting(&self) -> ReadSignal<bool> {
        self.resting.read_only()
    }

    /// Called by the slider before it changes the growth: the panels wait
    /// for it to rest.
    pub fn slider_moved(&self) {
        self.slider_moved.set_value(true);
    }
}

/// Edits, undo and redo.
#[derive(Clone, Copy)]
pub struct Editor {
    document: RwSignal<Document>,
    history: StoredValue<History>,
    /// Labels of the steps undo and redo would take ("move 2
    /// components"), `None` when there is none; for buttons and titles.
    pub undo_label: RwSignal<Option<String>>,
    pub redo_label: RwSignal<Option<String>>,
}

impl Editor {
    pub fn new(document: RwSignal<Document>) -> Editor {
        Editor {
            document,
            history: StoredValue::new(History::new()),
            undo_label: RwSignal::new(None),
            redo_label: RwSignal::new(None),
        }
    }

    /// Applies one edit. On refusal the document is unchanged and the
    /// error says which field and why.
    pub fn dispatch(&self, command: Command) -> Result<(), EditError> {
        let mut outcome = Ok(());
        // In place: `History::apply` leaves the document as it was when it
        // refuses, and only then are the views not told of a change.
        self.history.update_value(|history| {
            self.document.maybe_update(|document| {
                outcome = history.apply(document, command);
                outcome.is_ok()
            });
        });
        self.refresh_labels();
        outcome
    }

    /// Reverts the last edit; returns its label.
    pub fn undo(&self) -> Option<String> {
        self.replay(true)
    }

    /// Re-applies the last undone edit; returns its label.
    pub fn redo(&self) -> Option<String> {
        self.replay(false)
    }

    /// Forgets undo history, e.g. when another saved document is opened.
    pub fn forget_history(&self) {
        self.history.update_value(History::clear);
        self.refresh_labels();
    }

    /// Replaces the document without an undo step (opening a saved
    /// document, taking another tab's version) and forgets history.
    pub fn load(&self, document: Document) {
        self.document.set(document);
        self.forget_history();
    }

    /// Takes the live room's merged document without an undo step and
    /// without forgetting history: undo goes on reverting this person's
    /// own edits (by their inverses), on top of what the others did.
    pub fn adopt(&self, document: Document) {
        self.document.set(document);
    }

    /// Sets the growth without an undo step: the presenter window
    /// following the facilitator's dial.
    pub fn follow_growth(&self, growth: f64) {
        self.document.update(|d| d.scenario.growth = growth);
    }

    fn replay(&self, undo: bool) -> Option<String> {
        let mut label = None;
        self.history.update_value(|history| {
            let mut draft = self.document.get_untracked();
            label = if undo { history.undo(&mut draft) } else { history.redo(&mut draft) };
            if label.is_some() {
                self.document.set(draft);
            }
        });
        self.refresh_labels();
        label
    }

    fn refresh_labels(&self) {
        let (undo, redo) = self.history.with_value(|h| {
            (h.undo_label().map(str::to_owned), h.redo_label().map(str::to_owned))
        });
        self.undo_label.set(undo);
        self.redo_label.set(redo);
    }
}
