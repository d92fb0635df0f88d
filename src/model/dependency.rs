//! A dependency: an edge saying how many requests one component causes at
//! another, of which kind, whether the caller waits, and whether the number
//! is calls per request or a share of the caller's traffic.

use serde::{Deserialize, Serialize};

use super::{ComponentId, ComponentKind, DependencyId};

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
    /// What `calls` means to the person who drew it: calls per request
    /// (a service calling a database twice), or the share of the caller's
    /// traffic this arrow takes (a load balancer sending half to each of
    /// two services). The engine reads `calls` either way.
    #[serde(default, skip_serializing_if = "Routing::is_calls")]
    pub routing: Routing,
    /// Share of these calls that repeat a request made recently (0..=1):
    /// what a cache in front of the callee could answer. Declared by the
    /// person who knows the traffic; the cost audit reads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_share: Option<f64>,
}

/// How a dependency's number reads. A share is between 0 and 1, and the
/// shares leaving one component are meant to sum to 1
/// (`model::suspicion` says so when they do not).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// Requests at the callee per request at the caller: 0.3, 1, 3.
    #[default]
    Calls,
    /// The share of the caller's traffic sent this way: 0.5 is half.
    Share,
}

impl Routing {
    fn is_calls(&self) -> bool {
        *self == Routing::Calls
    }

    /// How a new dependency from a component of this kind reads: load
    /// balancers and gateways split their traffic, everything else calls.
    pub fn for_caller(kind: ComponentKind) -> Routing {
        if kind.splits_traffic() {
            Routing::Share
        } else {
            Routing::Calls
        }
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Dependency {
    /// A dependency that is not deferrable, in calls per request, with an
    /// id of its own.
    pub fn new(
        id: impl Into<DependencyId>,
        from: impl Into<ComponentId>,
        to: impl Into<ComponentId>,
        calls: f64,
        kind: CallKind,
        mode: CallMode,
    ) -> Dependency {
        Dependency {
            id: id.into(),
            from: from.into(),
            to: to.into(),
            calls,
            kind,
            mode,
            deferrable: false,
            routing: Routing::Calls,
            repeat_share: None,
        }
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

