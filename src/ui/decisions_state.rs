//! What the decisions panel, the banner and the canvas share about
//! decision records: which records drifted and the page-level notice of
//! each (derived from the document), which record is open in the editor,
//! the list's filters and the Markdown layout chosen for preview and
//! export. Provided as context by `App`.

use leptos::prelude::*;

use super::state::{DesignContext, DocumentContext};
use crate::adr::{drift_notices, drifted, filter, DriftNotice, GuardrailCheck, Status, StatusKind};
use crate::files::decisions_zip::AdrStyle;
use crate::model::ComponentId;
use crate::platform::{focus, timer};

/// How a component is marked on the canvas: how many records link it, and
/// whether one of them drifted.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionMark {
    pub component: ComponentId,
    pub count: usize,
    pub drifted: bool,
}

#[derive(Clone, Copy)]
pub struct DecisionsContext {
    /// Accepted records whose guardrails an edit broke, with the checks
    /// that broke (`adr::drifted`).
    pub drift: Memo<Vec<(u32, Vec<GuardrailCheck>)>>,
    /// One sentence per drifted record, for the banner.
    pub notices: Memo<Vec<DriftNotice>>,
    /// One mark per component that records link.
    pub marks: ReadSignal<Vec<DecisionMark>>,
    /// The record open in the editor.
    pub selected: RwSignal<Option<u32>>,
    /// List filter by status (`None`: every status).
    pub status_filter: RwSignal<Option<StatusKind>>,
    /// List filter by component (`None`: every component); also the
    /// components a new record links.
    pub component_filter: RwSignal<Option<ComponentId>>,
    /// The Markdown layout of preview and export (import tells the format
    /// of each file from its text).
    pub style: RwSignal<AdrStyle>,
    /// The components selected on the canvas (the editor mirrors its
    /// selection here): "Record a decision" links them.
    pub selection: RwSignal<Vec<ComponentId>>,
}

impl DecisionsContext {
    /// Derives drift and marks from the document in context.
    pub fn new() -> DecisionsContext {
        let document = expect_context::<DocumentContext>().0;
        // Each guardrail is judged at its own growth, so the dial does not
        // change what drifted: the document is compared without it, and
        // moving the dial does not solve the system a second time. Nothing
        // is copied while no accepted record has a guardrail.
        let judged = Memo::new(move |_| {
            document.with(|d| {
                let checkable = d.decisions.iter().any(|r| r.status == Status::Accepted && !r.guardrails.is_empty());
                checkable.then(|| {
                    let mut copy = d.clone();
                    copy.scenario.growth = 1.0;
                    copy
                })
            })
        });
        let drift = Memo::new(move |_| judged.with(|d| d.as_ref().map(drifted).unwrap_or_default()));
        let notices = Memo::new(move |_| {
            drift.with(|drift| if drift.is_empty() { Vec::new() } else { document.with(|d| drift_notices(d, drift)) })
        });
        // The design, not the document: the marks do not depend on the
        // dial, and the design does not change as it turns.
        let design = expect_context::<DesignContext>().0;
        let marks_now = move || {
            let drifted_numbers: Vec<u32> = drift.with(|d| d.iter().map(|(n, _)| *n).collect());
            design.with(|doc| {
                doc.components
                    .iter()
                    .filter_map(|component| {
                        let linked = filter(&doc.decisions, None, Some(&component.id));
                        (!linked.is_empty()).then(|| DecisionMark {
                            component: component.id.clone(),
                            count: linked.len(),
                            drifted: linked.iter().any(|r| drifted_numbers.contains(&r.number)),
                        })
                    })
                    .collect::<Vec<_>>()
            })
        };
        // A signal set only when the marks changed, not a memo: every box
        // reads it, and a memo over the document would wake all of them
        // (two hundred on a large drawing) at every step of the dial.
        let marks = RwSignal::new(untrack(marks_now));
        Effect::new(move |_| {
            let now = marks_now();
            if marks.with_untracked(|m| m != &now) {
                marks.set(now);
            }
        });
        DecisionsContext {
            drift,
            notices,
            marks: marks.read_only(),
            selected: RwSignal::new(None),
            status_filter: RwSignal::new(None),
            component_filter: RwSignal::new(None),
            style: RwSignal::new(AdrStyle::Madr),
            selection: RwSignal::new(Vec::new()),
        }
    }

    /// Opens record `number` in the decisions panel, whatever the list's
    /// filters, and takes the focus there.
    pub fn open(&self, number: u32) {
        self.status_filter.set(None);
        self.component_filter.set(None);
        self.selected.set(Some(number));
        // The editor renders on the next turn.
        timer::soon(move || focus::reveal(&format!("adr-{number}-title")));
    }

    /// The broken guardrail sentences of record `number` (empty when it
    /// has not drifted).
    pub fn drift_of(&self, number: u32) -> Vec<String> {
        self.drift.with(|d| {
            d.iter()
                .find(|(n, _)| *n == number)
                .map(|(_, checks)| checks.iter().map(|c| c.text.clone()).collect())
                .unwrap_or_default()
        })
    }
}
