//! The reliability items a component needs before it carries more load —
//! logs, metrics, alerts, tracing, health checks, timeouts and retries, a
//! circuit breaker, a runbook, an owner, backups and a restore test — the
//! list each kind asks for, and what the team has marked. Only the marks
//! are saved: an item never marked is open. How ready that makes a
//! component or the system is `engine::readiness`'s.

use serde::{Deserialize, Serialize};

use super::ComponentKind;

/// One item of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessItem {
    Alerts,
    Metrics,
    Backups,
    RestoreTest,
    TimeoutsAndRetries,
    CircuitBreaker,
    HealthChecks,
    Runbook,
    Owner,
    StructuredLogs,
    Tracing,
}

impl ReadinessItem {
    /// In the order that matters most when load arrives: what tells you
    /// it is breaking, what saves the data, what stops a failure spreading,
    /// then what helps you fix it.
    pub const ALL: [ReadinessItem; 11] = [
        ReadinessItem::Alerts,
        ReadinessItem::Metrics,
        ReadinessItem::Backups,
        ReadinessItem::RestoreTest,
        ReadinessItem::TimeoutsAndRetries,
        ReadinessItem::CircuitBreaker,
        ReadinessItem::HealthChecks,
        ReadinessItem::Runbook,
        ReadinessItem::Owner,
        ReadinessItem::StructuredLogs,
        ReadinessItem::Tracing,
    ];

    /// "Alerts", "Timeouts and retries with limits".
    pub fn label(self) -> &'static str {
        match self {
            ReadinessItem::Alerts => "Alerts",
            ReadinessItem::Metrics => "Metrics",
            ReadinessItem::Backups => "Backups",
            ReadinessItem::RestoreTest => "A tested restore",
            ReadinessItem::TimeoutsAndRetries => "Timeouts and retries with limits",
            ReadinessItem::CircuitBreaker => "A circuit breaker on calls to it",
            ReadinessItem::HealthChecks => "Health checks",
            ReadinessItem::Runbook => "A runbook",
            ReadinessItem::Owner => "An owner",
            ReadinessItem::StructuredLogs => "Structured logs",
            ReadinessItem::Tracing => "Tracing",
        }
    }

    /// What a component lacking it "has no …": "alert", "backups".
    pub fn missing(self) -> &'static str {
        match self {
            ReadinessItem::Alerts => "alert",
            ReadinessItem::Metrics => "metrics",
            ReadinessItem::Backups => "backups",
            ReadinessItem::RestoreTest => "tested restore",
            ReadinessItem::TimeoutsAndRetries => "timeouts and retry limits",
            ReadinessItem::CircuitBreaker => "circuit breaker on calls to it",
            ReadinessItem::HealthChecks => "health checks",
            ReadinessItem::Runbook => "runbook",
            ReadinessItem::Owner => "owner",
            ReadinessItem::StructuredLogs => "structured logs",
            ReadinessItem::Tracing => "tracing",
        }
    }

    /// The items a component of `kind` is asked for, in `ALL`'s order. A
    /// store asks for its backups and a restore test; an external API,
    /// which the team does not run, for the timeouts and the circuit
    /// breaker its callers need and someone who watches it.
    pub fn asked_of(kind: ComponentKind) -> Vec<ReadinessItem> {
        use ReadinessItem::*;
        let list: &[ReadinessItem] = match kind {
            ComponentKind::ExternalApi => &[Alerts, Metrics, TimeoutsAndRetries, CircuitBreaker, Runbook, Owner],
            ComponentKind::Database => &[Alerts, Metrics, Backups, RestoreTest, HealthChecks, Runbook, Owner, StructuredLogs],
            ComponentKind::Cache | ComponentKind::Cdn | ComponentKind::ConnectionPooler | ComponentKind::LoadBalancer => {
                &[Alerts, Metrics, HealthChecks, Runbook, Owner]
            }
            ComponentKind::Queue => &[Alerts, Metrics, HealthChecks, Runbook, Owner],
            ComponentKind::Module => &[Metrics, TimeoutsAndRetries, Owner, StructuredLogs, Tracing],
            ComponentKind::Service | ComponentKind::ApiGateway | ComponentKind::WorkerPool | ComponentKind::Function => {
                &[Alerts, Metrics, TimeoutsAndRetries, HealthChecks, Runbook, Owner, StructuredLogs, Tracing]
            }
        };
        list.to_vec()
    }
}

/// Where an item stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    #[default]
    Open,
    Done,
    NotNeeded,
}

impl ItemState {
    pub const ALL: [ItemState; 3] = [ItemState::Open, ItemState::Done, ItemState::NotNeeded];

    pub fn label(self) -> &'static str {
        match self {
            ItemState::Open => "open",
            ItemState::Done => "done",
            ItemState::NotNeeded => "not needed",
        }
    }
}

/// One item the team has marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadinessMark {
    pub item: ReadinessItem,
    pub state: ItemState,
}

/// The state of `item` among `marks` (open when unmarked).
pub fn state_of(marks: &[ReadinessMark], item: ReadinessItem) -> ItemState {
    marks.iter().find(|m| m.item == item).map_or(ItemState::Open, |m| m.state)
}

/// `marks` with `item` set to `state`; an item set back to open is
/// dropped, so an untouched checklist saves nothing.
pub fn marked(marks: &[ReadinessMark], item: ReadinessItem, state: ItemState) -> Vec<ReadinessMark> {
    let mut out: Vec<ReadinessMark> = marks.iter().copied().filter(|m| m.item != item).collect();
    if state != ItemState::Open {
        out.push(ReadinessMark { item, state });
        out.sort_by_key(|m| m.item);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_asks_for_backups_and_an_external_api_for_a_breaker() {
        let database = ReadinessItem::asked_of(ComponentKind::Database);
        assert!(database.contains(&ReadinessItem::Backups) && database.contains(&ReadinessItem::RestoreTest));
        let api = ReadinessItem::asked_of(ComponentKind::ExternalApi);
        assert!(api.contains(&ReadinessItem::TimeoutsAndRetries) && api.contains(&ReadinessItem::CircuitBreaker));
        assert!(!api.contains(&ReadinessItem::Backups));
        for kind in ComponentKind::ALL {
            let asked = ReadinessItem::asked_of(kind);
            assert!(asked.windows(2).all(|w| w[0] < w[1]), "{kind:?} in ALL's order");
        }
    }

    #[test]
    fn marks_keep_only_what_is_not_open() {
        let marks = marked(&[], ReadinessItem::Metrics, ItemState::Done);
        let marks = marked(&marks, ReadinessItem::Alerts, ItemState::NotNeeded);
        assert_eq!(marks.iter().map(|m| m.item).collect::<Vec<_>>(), vec![ReadinessItem::Alerts, ReadinessItem::Metrics]);
        assert_eq!(state_of(&marks, ReadinessItem::Metrics), ItemState::Done);
        assert_eq!(state_of(&marks, ReadinessItem::Runbook), ItemState::Open);
        assert!(marked(&marks, ReadinessItem::Metrics, ItemState::Open).iter().all(|m| m.item != ReadinessItem::Metrics));
        let text = serde_json::to_string(&marks).unwrap();
        assert_eq!(text, r#"[{"item":"alerts","state":"not_needed"},{"item":"metrics","state":"done"}]"#);
    }
}
