//! A dependency: an edge saying how many requests one component causes at
//! another, of which kind, and whether the caller waits.

use serde::{Deserialize, Serialize};

use super::{ComponentId, DependencyId};

/// Each request arriving at `from` causes `calls` requests at `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    pub id: DependencyId,
    pub from: ComponentId,
    pub to: ComponentId,
    /// Requests caused at `to` per request at `from`: 0.3 for "30% of
    /// requests", 3 for a fan-out of three calls.
    pub calls: f64,
    #[serde(default)]
    pub kind: CallKind,
    #[serde(default)]
    pub mode: CallMode,
    /// The caller could do this later: a plan may move it onto a queue.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deferrable: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Dependency {
    /// A dependency that is not deferrable, with an id of its own.
    pub fn new(
        id: impl Into<DependencyId>,
        from: impl Into<ComponentId>,
        to: impl Into<ComponentId>,
        calls: f64,
        kind: CallKind,
        mode: CallMode,
    ) -> Dependency {
        Dependency { id: id.into(), from: from.into(), to: to.into(), calls, kind, mode, deferrable: false }
    }
}

/// What the caused requests do at the callee. It matters for caches (only
/// reads can hit) and, later, for read replicas.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// A plain request; a cache or CDN treats it as cacheable, like a read.
    #[default]
    Call,
    Read,
    Write,
}

/// Whether the caller waits for the callee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallMode {
    /// The caller waits: the callee's response time adds to the caller's.
    #[default]
    Sync,
    /// Through a queue: the callee is loaded but the caller does not wait.
    Async,
}

impl CallKind {
    pub fn label(self) -> &'static str {
        match self {
            CallKind::Call => "call",
            CallKind::Read => "read",
            CallKind::Write => "write",
        }
    }
}

impl CallMode {
    pub fn label(self) -> &'static str {
        match self {
            CallMode::Sync => "sync",
            CallMode::Async => "async",
        }
    }
}

