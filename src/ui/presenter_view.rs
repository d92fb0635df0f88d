//! The presenter window: what the projector shows while the facilitator
//! works on the laptop. It is opened as `?presenter=ROOM` by
//! `presenter_feed` and follows that window over the room's channel: the
//! same document and growth, the facilitator's selection highlighted, in
//! the presentation mode's large type and high contrast. Nothing in it is
//! editable: the drawing is `inert` and there is no toolbar, inspector or
//! panel; the engine runs here on the copy it was sent, as on the laptop.
//!
//! The last picture is kept in this tab's sessionStorage, so a reload of
//! the projector's window shows it at once and asks the facilitator for
//! the current one.

use leptos::prelude::*;

use super::banner::Banner;
use super::canvas::Canvas;
use super::legend::{BoxLatencyChoice, Legend};
use super::session::Session;
use super::state::{provide_document_contexts, DocumentContexts};
use crate::editor::canvas::selection::Selection;
use crate::editor::view::scene_texts::node_description;
use crate::files::presenter_feed::{channel_name, FeedMessage, Pointed};
use crate::model::Document;
use crate::platform::storage::BrowserStore;
use crate::platform::windows::Channel;
use crate::storage::workspace::KeyValueStore;
use crate::words::quantity::multiplier;

/// Where the projector's tab keeps the last state it was sent.
const LAST_KEY: &str = "headroom.presenter-last";

/// Whether the projector shows the facilitator's window live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// Nothing received yet.
    Waiting,
    Following,
    /// The facilitator's window closed or is reloading: the last picture
    /// stays.
    Left,
}

/// The presenter window's whole page.
#[component]
pub fn PresenterView(room: String) -> impl IntoView {
    let last = BrowserStore::session().get(LAST_KEY).and_then(|text| FeedMessage::decode(&text).ok());
    let (first, first_pointed, link) = match last {
        Some(FeedMessage::Whole { document, pointed, .. }) => (*document, pointed, Link::Left),
        _ => (Document::empty("Waiting for the facilitator"), Pointed::default(), Link::Waiting),
    };
    let document = RwSignal::new(first);
    let link = RwSignal::new(link);
    let DocumentContexts { design, editor, settled } = provide_document_contexts(document);
    let growth = Memo::new(move |_| document.with(|d| d.scenario.growth));
    provide_context(BoxLatencyChoice::restore());
    let session = Session::new();
    provide_context(session);
    session.presenting.set(true);
    show(session, &first_pointed);

    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.class_list().add_2("presenting", "presenter-window");
    }
    // The projector shows the whole drawing, framed again when another
    // document arrives or the window changes size (moved onto the
    // projector, made full screen), with the selection kept in view.
    let frame = move || {
        request_animation_frame(move || {
            session.fit();
            session.reveal_selection();
        })
    };
    let resize = window_event_listener(leptos::ev::resize, move |_| frame());
    on_cleanup(move || resize.remove());
    let shown_ids = StoredValue::new(ids_of(&document.get_untracked()));

    let channel = Channel::open(&channel_name(&room), move |text| match FeedMessage::decode(&text) {
        Ok(FeedMessage::Whole { document: sent, growth, pointed }) => {
            let mut sent = *sent;
            sent.scenario.growth = growth;
            let ids = ids_of(&sent);
            let another = shown_ids.with_value(|shown| shown != &ids);
            editor.load(sent);
            show(session, &pointed);
            if another {
                shown_ids.set_value(ids);
                frame();
            }
            link.set(Link::Following);
            // Kept for a reload of this window; a document too large for
            // sessionStorage is simply asked for again.
            let _ = BrowserStore::session().set(LAST_KEY, &text);
        }
        Ok(FeedMessage::Growth(growth)) => {
            // Followed as the facilitator's slider: the boxes at once,
            // what waits for a resting slider when it rests.
            settled.slider_moved();
            editor.follow_growth(growth);
            link.set(Link::Following);
        }
        Ok(FeedMessage::Selection(pointed)) => show(session, &pointed),
        Ok(FeedMessage::Leaving) => link.set(Link::Left),
        Ok(FeedMessage::Hello) | Err(_) => {}
    });
    let open = channel.is_some();
    if let Some(channel) = &channel {
        channel.post(&FeedMessage::Hello.encode());
    }
    let channel = StoredValue::new_local(channel);
    on_cleanup(move || channel.set_value(None));

    let name = Memo::new(move |_| design.0.with(|d| d.name.clone()));
    let growth_text = move || multiplier(growth.get());
    let status = move || match (open, link.get()) {
        (false, _) => "This browser cannot talk between windows, so this view cannot follow the facilitator.",
        (true, Link::Waiting) => "Waiting for the facilitator's window… Open this view with the “Projector” button in its toolbar.",
        (true, Link::Following) => "",
        (true, Link::Left) => "The facilitator's window is closed or reloading: this is the last picture it sent.",
    };

    view! {
        <div class="app-top">
            <header class="app-header presenter-header">
                <h1 class="presenter-name" data-testid="presenter-name">{move || name.get()}</h1>
                <p class="presenter-growth">
                    "Growth " <strong data-testid="presenter-growth">{growth_text}</strong>
                </p>
            </header>
            <div class="app-headline">
                <Banner/>
            </div>
        </div>
        <p class="presenter-link" data-testid="presenter-link" role="status" aria-live="polite" hidden=move || status().is_empty()>
            {status}
        </p>
        <main class="app-main">
            <section class="diagram" aria-labelledby="presenter-diagram-heading">
                <h2 id="presenter-diagram-heading" class="visually-hidden">"Architecture diagram, as the facilitator shows it"</h2>
                // The projector shows; the laptop edits.
                <div class="workspace" inert>
                    <div class="workspace-body">
                        <Canvas/>
                    </div>
                </div>
                <Legend/>
            </section>
        </main>
        <PointedLine/>
    }
}

fn ids_of(document: &Document) -> Vec<crate::model::ComponentId> {
    document.components.iter().map(|c| c.id.clone()).collect()
}

/// Selects what the facilitator selected, and brings it into view.
fn show(session: Session, pointed: &Pointed) {
    let selection = match (pointed.components.as_slice(), pointed.dependencies.as_slice()) {
        ([], [one]) => Selection::dependency(one.clone()),
        (components, _) => Selection::components_of(components.iter().cloned()),
    };
    let selection = session.document().with_untracked(|d| selection.retain_existing(d));
    session.select(selection);
    session.reveal_selection();
}

/// The selected component in words the back row reads: its name, kind,
/// utilisation and status, as its box describes itself.
#[component]
fn PointedLine() -> impl IntoView {
    let session = expect_context::<Session>();
    let line = Memo::new(move |_| {
        let id = session.selection.with(|s| s.single_component().cloned())?;
        session.faces.with(|faces| {
            session.figures.with(|figures| {
                let face = faces.node(&id)?;
                let figure = faces.node_figure(figures, &id)?;
                Some(node_description(face, figure))
            })
        })
    });
    view! {
        <p class="presenter-pointed" data-testid="presenter-pointed" aria-live="polite" hidden=move || line.with(Option::is_none)>
            {move || line.get().unwrap_or_default()}
        </p>
    }
}
