//! Connection budgets: every database node and pooler accepts a limited
//! number of connections, and every client instance holds a pool of them.
//! Demand is Σ instances × pool size over the direct clients; a pooler in
//! between replaces its clients' demand with its own fixed server pool.
//! Autoscaled clients open more connections as they grow, so the budget is
//! checked at the current growth, at the clients' ceilings, and the growth
//! at which it runs out is found.

use serde::Serialize;

use crate::model::ComponentId;

/// One client's share of a budget.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnectionClient {
    pub id: ComponentId,
    /// Instances running now (for a pooler: its instances).
    pub instances: u32,
    /// Connections each instance holds.
    pub pool: u32,
    pub connections: u32,
}

/// Connections demanded of one database node or pooler.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConnectionBudget {
    /// The database or pooler that accepts the connections.
    pub component: ComponentId,
    pub limit: u32,
    /// Connections demanded at the current growth.
    pub demand: u32,
    /// Connections demanded when every autoscaled client runs its maximum.
    pub demand_at_ceiling: u32,
    pub clients: Vec<ConnectionClient>,
    /// Growth at which demand first exceeds the limit (0 when even the
    /// minimum instances exceed it); `None` when it never does.
    pub exhausted_at: Option<f64>,
}

impl ConnectionBudget {
    pub fn is_exceeded(&self) -> bool {
        self.demand > self.limit
    }
}

/// A client as the budget sees it: its pool per instance and how many
/// instances it runs at a given growth.
pub(crate) struct ClientDemand<'a> {
    pub id: &'a ComponentId,
    pub pool: u32,
    pub instances_at: Box<dyn Fn(f64) -> u32 + 'a>,
    pub ceiling: u32,
}

/// Builds the budget at `growth` and finds where it runs out.
pub(crate) fn budget(
    component: ComponentId,
    limit: u32,
    clients: &[ClientDemand<'_>],
    growth: f64,
) -> ConnectionBudget {
    let demand_at = |g: f64| -> u64 {
        clients.iter().map(|c| u64::from((c.instances_at)(g)) * u64::from(c.pool)).sum()
    };
    let listed: Vec<ConnectionClient> = clients
        .iter()
        .map(|c| {
            let instances = (c.instances_at)(growth);
            ConnectionClient {
                id: c.id.clone(),
                instances,
                pool: c.pool,
                connections: instances.saturating_mul(c.pool),
            }
        })
        .collect();
    let ceiling: u64 = clients.iter().map(|c| u64::from(c.ceiling) * u64::from(c.pool)).sum();
    let limit64 = u64::from(limit);
    // Demand never falls as growth rises, so the first growth that exceeds
    // the limit can be bracketed and bisected.
    let exhausted_at = if ceiling <= limit64 {
        None
    } else if demand_at(1e-9) > limit64 {
        Some(0.0)
    } else {
        let (mut low, mut high) = (1e-9, 1.0);
        while demand_at(high) <= limit64 && high < 1e12 {
            low = high;
            high *= 2.0;
        }
        for _ in 0..100 {
            let mid = 0.5 * (low + high);
            if demand_at(mid) > limit64 {
                high = mid;
            } else {
                low = mid;
            }
        }
        (demand_at(high) > limit64).then_some(high)
    };
    let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    ConnectionBudget {
        component,
        limit,
        demand: clamp(demand_at(growth)),
        demand_at_ceiling: clamp(ceiling),
        clients: listed,
        exhausted_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autoscaled_clients_exhaust_the_budget_where_they_add_instances() {
        // Web: 2..6 instances, one more per 100 req/s of growth (2 below
        // 2x), pool 20; worker: 4 fixed, pool 10. Limit 100:
        // 2×20+40 = 80, 3×20+40 = 100, 4×20+40 = 120 > 100 from 3x on.
        let (web, worker) = ("web".into(), "worker".into());
        let clients = vec![
            ClientDemand {
                id: &web,
                pool: 20,
                instances_at: Box::new(|g: f64| (g.ceil() as u32).clamp(2, 6)),
                ceiling: 6,
            },
            ClientDemand { id: &worker, pool: 10, instances_at: Box::new(|_| 4), ceiling: 4 },
        ];
        let at_two = budget("db".into(), 100, &clients, 2.0);
        assert_eq!((at_two.demand, at_two.demand_at_ceiling), (80, 160));
        assert!(!at_two.is_exceeded());
        let exhausted = at_two.exhausted_at.unwrap();
        assert!((exhausted - 3.0).abs() < 1e-9, "{exhausted}");
        assert!(budget("db".into(), 100, &clients, 3.5).is_exceeded());
        assert_eq!(budget("db".into(), 200, &clients, 3.5).exhausted_at, None);
        assert_eq!(budget("db".into(), 50, &clients, 1.0).exhausted_at, Some(0.0));
    }
}
