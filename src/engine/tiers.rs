//! Tiers: the groups of identical nodes a component's load lands on. Most
//! components are one tier (their instances); a relational database is a
//! primary per shard plus read replicas, each with its own load, because
//! the primary takes every write while replicas share the reads and apply
//! every write again.

use serde::Serialize;

use super::traffic::ClassRates;
use crate::model::{Component, ComponentKind, DatabaseSettings};

/// What a tier's nodes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TierRole {
    /// The component's instances (every kind but a database).
    Instances,
    /// A database primary (one per shard).
    Primary,
    /// A read replica (`read_replicas` per shard).
    Replica,
}

impl TierRole {
    pub fn label(self) -> &'static str {
        match self {
            TierRole::Instances => "instances",
            TierRole::Primary => "primary",
            TierRole::Replica => "replica",
        }
    }
}

/// One tier's share of the component's load at 1x.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TierShape {
    pub role: TierRole,
    /// Identical nodes in the tier (shards × replicas for replicas).
    pub nodes: u32,
    /// Requests per second arriving at one node, per request per second
    /// arriving at the component (so it scales with growth).
    pub share_per_node: f64,
    /// Share of the component's requests that wait on this tier (for the
    /// component's mean response time): writes and the reads it serves.
    pub wait_share: f64,
}

/// A component's tiers: its instances, or a database's primaries and
/// (when it has them) replicas — never more than two, so they are kept
/// inline rather than in a vector per component.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct TierShapes {
    shapes: [TierShape; 2],
    len: usize,
}

impl TierShapes {
    fn one(shape: TierShape) -> TierShapes {
        TierShapes { shapes: [shape; 2], len: 1 }
    }

    fn push(&mut self, shape: TierShape) {
        self.shapes[1] = shape;
        self.len = 2;
    }
}

impl std::ops::Deref for TierShapes {
    type Target = [TierShape];

    fn deref(&self) -> &[TierShape] {
        &self.shapes[..self.len]
    }
}

impl<'a> IntoIterator for &'a TierShapes {
    type Item = &'a TierShape;
    type IntoIter = std::slice::Iter<'a, TierShape>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// How the component's load divides over its tiers, given its read and
/// write rates (any scale: only the mix matters).
pub(crate) fn tier_shapes(component: &Component, rates: ClassRates) -> TierShapes {
    let settings = match (&component.database, component.kind) {
        (Some(settings), ComponentKind::Database) => settings,
        _ => {
            return TierShapes::one(TierShape {
                role: TierRole::Instances,
                nodes: 1,
                share_per_node: 1.0,
                wait_share: 1.0,
            })
        }
    };
    database_shapes(settings, rates)
}

/// The share of a database's queries one shard of `shards` receives: a
/// fan-out query lands on every shard, the rest on one.
pub(super) fn per_shard_share(fan_out_share: f64, shards: u32) -> f64 {
    (1.0 - fan_out_share) / f64::from(shards.max(1)) + fan_out_share
}

/// The share of a shard's reads its primary serves with `replicas`
/// replicas: all without replicas, an equal part when reads may go to
/// the primary, none otherwise.
pub(super) fn primary_read_share(reads_on_primary: bool, replicas: u32) -> f64 {
    if replicas == 0 {
        1.0
    } else if reads_on_primary {
        1.0 / f64::from(replicas + 1)
    } else {
        0.0
    }
}

fn database_shapes(settings: &DatabaseSettings, rates: ClassRates) -> TierShapes {
    let total = rates.total();
    let (read_mix, write_mix) = if total > 0.0 && total.is_finite() {
        (rates.reads / total, rates.writes / total)
    } else if rates.writes.is_infinite() && !rates.reads.is_infinite() {
        (0.0, 1.0)
    } else {
        // No traffic, or unbounded reads (an amplifying loop): the mix is
        // undefined; count it as reads so that shares stay finite.
        (1.0, 0.0)
    };
    let per_shard = per_shard_share(settings.fan_out_share, settings.shards);
    let replicas = settings.read_replicas;
    let primary_read_share = primary_read_share(settings.reads_on_primary, replicas);
    let mut shapes = TierShapes::one(TierShape {
        role: TierRole::Primary,
        nodes: settings.shards.max(1),
        share_per_node: per_shard * (write_mix + read_mix * primary_read_share),
        wait_share: write_mix + read_mix * primary_read_share,
    });
    if replicas > 0 {
        let replica_reads = read_mix * (1.0 - primary_read_share) / f64::from(replicas);
        shapes.push(TierShape {
            role: TierRole::Replica,
            nodes: settings.shards.max(1) * replicas,
            // Replication: every replica applies every write of its shard.
            share_per_node: per_shard * (replica_reads + write_mix),
            wait_share: read_mix * (1.0 - primary_read_share),
        });
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(replicas: u32, on_primary: bool, shards: u32, fan_out: f64) -> DatabaseSettings {
        DatabaseSettings {
            read_replicas: replicas,
            reads_on_primary: on_primary,
            max_connections: 100,
            shards,
            fan_out_share: fan_out,
        }
    }

    fn close(got: f64, expected: f64) {
        assert!((got - expected).abs() < 1e-12, "got {got}, expected {expected}");
    }

    #[test]
    fn replicas_share_reads_and_apply_every_write() {
        // 900 reads + 100 writes, 3 replicas, reads off the primary:
        // primary 100 writes = 0.1 of the load; each replica 300 reads +
        // 100 replicated writes = 0.4.
        let shapes = database_shapes(&db(3, false, 1, 0.0), ClassRates { reads: 900.0, writes: 100.0 });
        close(shapes[0].share_per_node, 0.1);
        assert_eq!(shapes[1].nodes, 3);
        close(shapes[1].share_per_node, 0.4);
        // Reads on the primary too: 900 / 4 = 225 each.
        let shapes = database_shapes(&db(3, true, 1, 0.0), ClassRates { reads: 900.0, writes: 100.0 });
        close(shapes[0].share_per_node, 0.325);
        close(shapes[1].share_per_node, 0.325);
    }

    #[test]
    fn shards_split_the_load_except_fan_out_queries() {
        // 4 shards, 20% of queries go to every shard:
        // per shard 0.8 / 4 + 0.2 = 0.4 of the component's load.
        let shapes = database_shapes(&db(0, false, 4, 0.2), ClassRates { reads: 50.0, writes: 50.0 });
        assert_eq!(shapes.len(), 1);
        assert_eq!(shapes[0].nodes, 4);
        close(shapes[0].share_per_node, 0.4);
    }
}
