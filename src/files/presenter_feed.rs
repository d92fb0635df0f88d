//! What the facilitator's window tells the presenter window on the
//! projector, and back: the messages both windows of one browser pass over
//! a BroadcastChannel, written and read here so the page only moves
//! strings. A message is JSON; the document inside it goes through the
//! same reader as a file (`json::parse_document`), so the presenter never
//! shows a model the editor would refuse.
//!
//! The document travels whole only when it changed apart from the growth;
//! a dial step or a new selection is a message of a few bytes, so the
//! projector follows the dial as it moves.

use serde::{Deserialize, Serialize};

use super::json::{parse_document, to_json, DocumentError};
use crate::model::{bounds, ComponentId, DependencyId, Document};

/// Tells a Headroom feed from anything else on the channel.
const FEED: &str = "headroom-presenter";
/// The layout of the messages; a presenter ignores other versions.
const VERSION: u32 = 1;
/// The longest room id a link may carry: the ids this page makes are 16
/// characters.
const MAX_ROOM_ID: usize = 64;

/// What is shown on the projector besides the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pointed {
    pub components: Vec<ComponentId>,
    pub dependencies: Vec<DependencyId>,
}

/// One message on the presenter's channel.
#[derive(Clone, Debug, PartialEq)]
pub enum FeedMessage {
    /// The presenter window opened or reloaded: the facilitator answers
    /// with [`FeedMessage::Whole`].
    Hello,
    /// Everything the presenter shows.
    Whole { document: Box<Document>, growth: f64, pointed: Pointed },
    /// The dial moved.
    Growth(f64),
    /// The facilitator selected something else.
    Selection(Pointed),
    /// The facilitator's window is closing or reloading: the presenter
    /// keeps showing the last state and says so.
    Leaving,
}

/// Why a message was not taken.
#[derive(Debug, PartialEq)]
pub enum FeedError {
    /// Not a Headroom presenter message (another page's, or garbage).
    NotOurs,
    /// A later Headroom's layout.
    OtherVersion(u32),
    /// The growth is outside the dial's range, or not a number.
    Growth(f64),
    /// The document inside does not read.
    Document(DocumentError),
}

impl std::fmt::Display for FeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedError::NotOurs => write!(f, "not a message from a Headroom window"),
            FeedError::OtherVersion(v) => write!(f, "a message of layout {v}; this Headroom reads layout {VERSION}"),
            FeedError::Growth(g) => write!(f, "a growth of {g}, outside the dial's range"),
            FeedError::Document(error) => write!(f, "the facilitator's document does not read: {error}"),
        }
    }
}

/// The wire form: one flat object, fields present by kind.
#[derive(Serialize, Deserialize)]
struct Wire {
    feed: String,
    version: u32,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    growth: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    components: Option<Vec<ComponentId>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dependencies: Option<Vec<DependencyId>>,
}

impl FeedMessage {
    /// The message as the text posted on the channel.
    pub fn encode(&self) -> String {
        let mut wire = Wire {
            feed: FEED.to_owned(),
            version: VERSION,
            kind: String::new(),
            document: None,
            growth: None,
            components: None,
            dependencies: None,
        };
        let pointed = |wire: &mut Wire, pointed: &Pointed| {
            wire.components = Some(pointed.components.clone());
            wire.dependencies = Some(pointed.dependencies.clone());
        };
        match self {
            FeedMessage::Hello => wire.kind = "hello".to_owned(),
            FeedMessage::Leaving => wire.kind = "leaving".to_owned(),
            FeedMessage::Growth(growth) => {
                wire.kind = "growth".to_owned();
                wire.growth = Some(*growth);
            }
            FeedMessage::Selection(p) => {
                wire.kind = "selection".to_owned();
                pointed(&mut wire, p);
            }
            FeedMessage::Whole { document, growth, pointed: p } => {
                wire.kind = "whole".to_owned();
                wire.document = Some(to_json(document));
                wire.growth = Some(*growth);
                pointed(&mut wire, p);
            }
        }
        // Plain strings and finite numbers always serialise.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// Reads a message posted on the channel.
    pub fn decode(text: &str) -> Result<FeedMessage, FeedError> {
        let wire: Wire = serde_json::from_str(text).map_err(|_| FeedError::NotOurs)?;
        if wire.feed != FEED {
            return Err(FeedError::NotOurs);
        }
        if wire.version != VERSION {
            return Err(FeedError::OtherVersion(wire.version));
        }
        let growth = || match wire.growth {
            Some(g) if bounds::GROWTH.refusal(g).is_none() => Ok(g),
            Some(g) => Err(FeedError::Growth(g)),
            None => Err(FeedError::NotOurs),
        };
        let pointed = || Pointed {
            components: wire.components.clone().unwrap_or_default(),
            dependencies: wire.dependencies.clone().unwrap_or_default(),
        };
        match wire.kind.as_str() {
            "hello" => Ok(FeedMessage::Hello),
            "leaving" => Ok(FeedMessage::Leaving),
            "growth" => Ok(FeedMessage::Growth(growth()?)),
            "selection" => Ok(FeedMessage::Selection(pointed())),
            "whole" => {
                let text = wire.document.as_deref().ok_or(FeedError::NotOurs)?;
                let document = parse_document(text).map_err(FeedError::Document)?;
                Ok(FeedMessage::Whole { document: Box::new(document), growth: growth()?, pointed: pointed() })
            }
            _ => Err(FeedError::NotOurs),
        }
    }
}

/// The channel both windows of one presenting session talk on.
pub fn channel_name(room: &str) -> String {
    format!("{FEED}:{room}")
}

/// A room id read from an address, if it is one this page could have
/// made: letters, digits, `-` and `_`, not too long.
pub fn room_id(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && text.len() <= MAX_ROOM_ID
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(text)
}

/// The presenter room named by a page address's query (`?presenter=ID`),
/// if any.
pub fn room_of_query(query: &str) -> Option<&str> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("presenter="))
        .and_then(room_id)
}

/// A new room id from 64 random bits: two facilitators' windows in one
/// browser never share a projector by accident.
pub fn new_room_id(random: u64) -> String {
    format!("{random:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::mvp_that_creaks;

    fn round_trip(message: FeedMessage) {
        let text = message.encode();
        assert_eq!(FeedMessage::decode(&text), Ok(message), "{text}");
    }

    #[test]
    fn every_message_reads_back() {
        round_trip(FeedMessage::Hello);
        round_trip(FeedMessage::Leaving);
        round_trip(FeedMessage::Growth(3.25));
        round_trip(FeedMessage::Selection(Pointed {
            components: vec![ComponentId::from("db")],
            dependencies: vec![DependencyId::from("api-db")],
        }));
        let mut document = mvp_that_creaks();
        document.scenario.growth = 2.0;
        round_trip(FeedMessage::Whole {
            document: Box::new(document),
            growth: 2.0,
            pointed: Pointed { components: vec![ComponentId::from("api")], dependencies: vec![] },
        });
    }

    #[test]
    fn a_growth_step_is_a_few_bytes() {
        assert!(FeedMessage::Growth(12.5).encode().len() < 80);
    }

    #[test]
    fn strangers_and_bad_documents_are_refused() {
        assert_eq!(FeedMessage::decode("not json"), Err(FeedError::NotOurs));
        assert_eq!(FeedMessage::decode(r#"{"feed":"other","version":1,"kind":"hello"}"#), Err(FeedError::NotOurs));
        assert_eq!(
            FeedMessage::decode(r#"{"feed":"headroom-presenter","version":9,"kind":"hello"}"#),
            Err(FeedError::OtherVersion(9))
        );
        assert_eq!(
            FeedMessage::decode(r#"{"feed":"headroom-presenter","version":1,"kind":"growth","growth":-1}"#),
            Err(FeedError::Growth(-1.0))
        );
        let bad = r#"{"feed":"headroom-presenter","version":1,"kind":"whole","growth":1,"document":"{\"components\":7}"}"#;
        let error = FeedMessage::decode(bad).unwrap_err();
        assert!(matches!(error, FeedError::Document(_)), "{error:?}");
        assert!(error.to_string().starts_with("the facilitator's document does not read"), "{error}");
    }

    #[test]
    fn rooms_come_only_from_well_formed_ids() {
        assert_eq!(room_of_query("?presenter=0a1b2c3d4e5f6789"), Some("0a1b2c3d4e5f6789"));
        assert_eq!(room_of_query("?x=1&presenter=abc_d-e"), Some("abc_d-e"));
        assert_eq!(room_of_query("?presenter=<script>"), None);
        assert_eq!(room_of_query("?presenter="), None);
        assert_eq!(room_of_query(""), None);
        assert_eq!(new_room_id(255), "00000000000000ff");
        assert_eq!(channel_name("ab"), "headroom-presenter:ab");
    }
}
