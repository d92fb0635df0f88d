//! When to extract a module (docs/design.md, 4.17 "Extraction"). At a given
//! growth, compare (a) keeping the module in its host, which then scales
//! for everything it hosts, with (b) the module extracted into its own
//! service: instances, monthly cost (plus the declared overhead of one
//! more service), database connections, memory per instance and the
//! latency added by every call that now crosses the network.
//!
//! CPU work is the same either way; what extraction saves is that every
//! instance added for a hot module no longer carries every other module:
//! instances are sized to memory, so the extracted service runs on smaller
//! ones, and the host stops multiplying its connection pool for load that
//! is not its own.
//!
//! Extraction is justified when the module's load grows differently from
//! its host's and (b) costs less than (a) even with the overhead, or when
//! (b) removes a constraint violation (connections, memory) that (a)
//! cannot. Otherwise the verdict is "not yet" with the growth from which it
//! would pay, or "not justified".

use serde::Serialize;

use super::analysis::Analysis;
use super::queueing::instances_needed;
use crate::model::{ComponentId, ComponentKind};

/// One way of deploying the host and its module at a growth.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deployment {
    /// Instances of the host (the monolith) that run: kept, exactly its
    /// row in the results table (at most its maximum).
    pub host_instances: u32,
    /// Instances the host would need to sit at the comfort line, its
    /// maximum ignored (equal to `host_instances` unless it is capped).
    pub host_instances_needed: u32,
    /// Instances of the extracted service (0 when kept in the host).
    pub module_instances: u32,
    /// Dollars per month of what runs, overhead included: kept, the
    /// host's row in the results table.
    pub running_monthly_cost: f64,
    /// Dollars per month of what keeps up (the host at its need), overhead
    /// included: what the verdict compares.
    pub monthly_cost: f64,
    /// Per database the host or module uses: (database, connections
    /// demanded, allowed).
    pub connections: Vec<(ComponentId, u32, u32)>,
    /// Memory one host instance needs, MB (`None` when nothing declares
    /// memory).
    pub host_memory_mb: Option<f64>,
    /// Constraint violations of this deployment (`words::extraction`
    /// says them).
    pub violations: Vec<DeploymentViolation>,
}

/// A limit a deployment breaks, with the numbers that break it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "breaks", rename_all = "snake_case")]
pub enum DeploymentViolation {
    /// The host needs more instances than its maximum.
    Instances { host: ComponentId, needed: u32, ceiling: u32 },
    /// A database's clients open more connections than it allows (`demand`
    /// saturates at `u32::MAX`).
    Connections { database: ComponentId, demand: u32, limit: u32 },
    /// One host instance needs more memory than it has.
    Memory { host: ComponentId, needed_mb: f64, available_mb: f64 },
}

/// Why a verdict is what it is.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "because", rename_all = "snake_case")]
pub enum VerdictReason {
    /// The split removes a limit the monolith breaks.
    RemovesLimit { limit: DeploymentViolation },
    /// Its load grows differently and the split costs less.
    GrowsDifferentlyAndCheaper,
    /// It grows with its host; smaller instances save `saves` $/month.
    GrowsWithHostSavingOnly { saves: f64 },
    /// It grows with its host and the split costs more.
    GrowsWithHost,
    /// It grows differently, but keeping it costs less up to 1000×.
    KeepingCostsLess,
}

/// The outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Extract now.
    Justified { reason: VerdictReason },
    /// Not at this growth, but from `pays_from` on.
    NotYet { pays_from: f64 },
    /// Not below 1000×.
    NotJustified { reason: VerdictReason },
}

/// Everything the verdict rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExtractionVerdict {
    pub module: ComponentId,
    pub host: ComponentId,
    pub growth: f64,
    /// (a) the module stays in its host.
    pub keep: Deployment,
    /// (b) the module runs as its own service.
    pub extract: Deployment,
    /// Dollars per month one more service costs (included in `extract`).
    pub overhead_monthly: f64,
    /// Milliseconds added per entering request by the calls that now
    /// cross a network boundary.
    pub added_latency_ms: f64,
    /// The module's growth relative to its host's (1 = grows with it).
    pub relative_growth: f64,
    pub verdict: Verdict,
}

impl Analysis<'_> {
    /// The verdict for every hosted module at `growth`, in document order.
    pub fn extraction_verdicts(&self, growth: f64) -> Vec<ExtractionVerdict> {
        (0..self.doc.components.len())
            .filter_map(|m| self.extraction_verdict(m, growth))
            .collect()
    }

    /// The verdict for the module at index `m`; `None` when it is not a
    /// hosted module.
    pub fn extraction_verdict(&self, m: usize, growth: f64) -> Option<ExtractionVerdict> {
        let h = self.host_of[m]?;
        let scenario = &self.doc.scenario;
        let keep = self.deployment(m, h, growth, false);
        let extract = self.deployment(m, h, growth, true);
        let relative_growth =
            scenario.growth_factor(&self.doc.components[m].id) / scenario.growth_factor(&self.doc.components[h].id);
        let grows_differently = (relative_growth - 1.0).abs() > 1e-9;
        let cheaper = extract.monthly_cost < keep.monthly_cost;
        let removed: Vec<&DeploymentViolation> =
            keep.violations.iter().filter(|v| !extract.violations.contains(v)).collect();

        let verdict = if let (Some(first), true) = (removed.first(), extract.violations.len() < keep.violations.len()) {
            Verdict::Justified { reason: VerdictReason::RemovesLimit { limit: (*first).clone() } }
        } else if grows_differently && cheaper {
            Verdict::Justified { reason: VerdictReason::GrowsDifferentlyAndCheaper }
        } else if let Some(pays_from) = self.break_even(m, h, growth, grows_differently) {
            Verdict::NotYet { pays_from }
        } else if !grows_differently && cheaper {
            // Smaller, memory-sized instances can make the split a little
            // cheaper, but the module never needs to scale on its own, so
            // the rule (docs/design.md 4.17) does not count it; say so with the sum.
            Verdict::NotJustified {
                reason: VerdictReason::GrowsWithHostSavingOnly { saves: keep.monthly_cost - extract.monthly_cost },
            }
        } else if !grows_differently {
            Verdict::NotJustified { reason: VerdictReason::GrowsWithHost }
        } else {
            Verdict::NotJustified { reason: VerdictReason::KeepingCostsLess }
        };

        Some(ExtractionVerdict {
            module: self.doc.components[m].id.clone(),
            host: self.doc.components[h].id.clone(),
            growth,
            keep,
            extract,
            overhead_monthly: scenario.overhead.monthly_per_service,
            added_latency_ms: self.added_latency_ms(m, h),
            relative_growth,
            verdict,
        })
    }

    /// The growth above `growth` from which the split deployment is
    /// cheaper and stays cheaper up to 1000×, when the module grows
    /// differently at all.
    ///
    /// Costs are step functions of growth (whole instances), so the two
    /// deployments can swap places a few times before the split wins for
    /// good; "pays from" names where it wins for good, not the first
    /// crossing, so the answer does not depend on where the dial is and
    /// the verdict at any growth past it is "justified". The scan runs on
    /// a fixed log grid over 1×–1000× (plus the dial's own growth), then
    /// narrows the last crossing down; it stops early once the split's
    /// saving is too large for rounding to undo.
    fn break_even(&self, m: usize, h: usize, growth: f64, grows_differently: bool) -> Option<f64> {
        if !grows_differently {
            return None;
        }
        let saving = |g: f64| self.deployment(m, h, g, false).monthly_cost - self.deployment(m, h, g, true).monthly_cost;
        let pays = |g: f64| saving(g) > 0.0;
        // Whole instances put each side at most one instance above its
        // exact cost; once the split saves more than twice that, the exact
        // saving is positive and (overhead being fixed) only grows, so
        // the split cannot lose again and the scan can stop.
        let host_price = self.doc.components[h].monthly_cost_per_instance;
        let settled = 2.0 * (host_price + self.extracted_price(m, h));
        const STEPS: u32 = 600;
        let top = 1000f64;
        if growth >= top {
            return None;
        }
        let grid = std::iter::once(growth)
            .chain((0..=STEPS).map(|k| (top.ln() * f64::from(k) / f64::from(STEPS)).exp()).filter(|g| *g > growth));
        // The last grid point where keeping still wins, and the next one.
        let mut last_loss = None;
        let mut after_loss = None;
        for g in grid {
            let saved = saving(g);
            if saved <= 0.0 {
                last_loss = Some(g);
                after_loss = None;
            } else if after_loss.is_none() {
                after_loss = Some(g);
            }
            if saved > settled {
                break;
            }
        }
        let (mut low, mut high) = (last_loss?, after_loss?);
        for _ in 0..60 {
            let mid = 0.5 * (low + high);
            if pays(mid) {
                high = mid;
            } else {
                low = mid;
            }
        }
        Some(high)
    }

    /// CPU-seconds per second a host spends at 1x, without module `skip`.
    fn host_work(&self, h: usize, skip: Option<usize>) -> f64 {
        let own = self.unit[h].total() / self.doc.components[h].throughput_per_instance;
        own + (0..self.doc.components.len())
            .filter(|&j| self.host_of[j] == Some(h) && Some(j) != skip)
            .map(|j| self.unit[j].total() * cpu_seconds(self, j))
            .sum::<f64>()
    }

    fn deployment(&self, m: usize, h: usize, growth: f64, extracted: bool) -> Deployment {
        let doc: &crate::model::Document = &self.doc;
        let comfort = doc.scenario.comfort_line;
        let host = &doc.components[h];
        let price = host.monthly_cost_per_instance;
        // What runs follows the rules of the host's row in the results
        // table (one figure from one place): instances at the comfort line
        // between its minimum and its maximum, an autoscaled host paying
        // for what it runs hour by hour. Kept, these are that row's
        // figures; extracted, the same rules on what is left. The verdict
        // compares what keeping up would take, the maximum ignored (a
        // maximum is a setting one raises); past it the deployment is
        // broken, which the verdict counts. (The panel used to show only
        // the need, at the peak: 159 instances at $19,080 beside a row of
        // 12 at $1,440.)
        let work = self.host_work(h, extracted.then_some(m)) * growth;
        let served = if extracted { work * self.mu[h] } else { self.served[h] * growth };
        let host_instances = self.servers_at(h, served).max(1);
        let running_host_cost = self.monthly_cost(h, served);
        let minimum = host.instances.max(1);
        let host_instances_needed = instances_needed(work, 1.0, comfort).max(minimum);
        let needed_host_cost = if host.autoscales() {
            let hours = self.day_shape.len().max(1) as f64;
            let instance_hours: f64 =
                self.day_shape.iter().map(|s| f64::from(instances_needed(work * s, 1.0, comfort).max(minimum))).sum();
            instance_hours / hours * price
        } else {
            f64::from(host_instances_needed) * price
        };
        let mut violations = Vec::new();
        if work >= f64::from(host_instances) && work > 0.0 {
            violations.push(DeploymentViolation::Instances {
                host: host.id.clone(),
                needed: host_instances_needed,
                ceiling: host.instance_ceiling(),
            });
        }
        // The extracted service is a new deployment with no maximum of
        // its own, sized like its host: at the comfort line, and (when
        // the host autoscales) paid hour by hour.
        let module_work = self.unit[m].total() * cpu_seconds(self, m) * growth;
        let module_instances = if extracted { instances_needed(module_work, 1.0, comfort).max(1) } else { 0 };
        let module_cost = if !extracted {
            0.0
        } else if host.autoscales() {
            let hours = self.day_shape.len().max(1) as f64;
            let instance_hours: f64 =
                self.day_shape.iter().map(|s| f64::from(instances_needed(module_work * s, 1.0, comfort).max(1))).sum();
            instance_hours / hours * self.extracted_price(m, h)
        } else {
            f64::from(module_instances) * self.extracted_price(m, h)
        };
        let overhead = if extracted { doc.scenario.overhead.monthly_per_service } else { 0.0 };
        let running_monthly_cost = running_host_cost + module_cost + overhead;
        let monthly_cost = needed_host_cost + module_cost + overhead;

        // Connections: every database the host (or its modules) talks to.
        let module_uses = |db: usize| self.network.edges.iter().any(|e| e.from == m && e.to == db);
        let pool = host.connection_pool.unwrap_or(0);
        let mut connections = Vec::new();
        for (db, clients) in &self.connection_clients {
            if !clients.contains(&h) || doc.components[*db].kind != ComponentKind::Database {
                continue;
            }
            let Some(limit) = doc.components[*db].database.as_ref().map(|d| d.max_connections) else { continue };
            let others: u32 = clients
                .iter()
                .filter(|&&c| c != h)
                .map(|&c| {
                    let client = &doc.components[c];
                    let pool = if client.kind == ComponentKind::ConnectionPooler {
                        client.pooler.as_ref().map(|p| p.server_pool).unwrap_or(0)
                    } else {
                        client.connection_pool.unwrap_or(0)
                    };
                    self.running_at(c, self.served[c] * growth).saturating_mul(pool)
                })
                .sum();
            // Does anything hosted still reach this database after the
            // split? The host's own calls, or another module's.
            let host_still_uses = self.network.edges.iter().any(|e| {
                e.to == *db && (e.from == h || (self.host_of[e.from] == Some(h) && !(extracted && e.from == m)))
            });
            let mut demand = others;
            if !extracted || host_still_uses {
                demand = demand.saturating_add(host_instances.saturating_mul(pool));
            }
            if extracted && module_uses(*db) {
                demand = demand.saturating_add(module_instances.saturating_mul(pool));
            }
            if demand > limit {
                violations.push(DeploymentViolation::Connections { database: doc.components[*db].id.clone(), demand, limit });
            }
            connections.push((doc.components[*db].id.clone(), demand, limit));
        }

        // Memory per host instance.
        let hosted_memory: f64 = (0..doc.components.len())
            .filter(|&j| self.host_of[j] == Some(h) && !(extracted && j == m))
            .filter_map(|j| doc.components[j].memory_mb)
            .sum();
        let declared = host.memory_mb.is_some()
            || (0..doc.components.len()).any(|j| self.host_of[j] == Some(h) && doc.components[j].memory_mb.is_some());
        let host_memory_mb = declared.then(|| host.memory_mb.unwrap_or(0.0) + hosted_memory);
        if let (Some(needed), Some(available)) = (host_memory_mb, host.instance_memory_mb) {
            if needed > available {
                violations.push(DeploymentViolation::Memory { host: host.id.clone(), needed_mb: needed, available_mb: available });
            }
        }
        Deployment {
            host_instances,
            host_instances_needed,
            module_instances,
            running_monthly_cost,
            monthly_cost,
            connections,
            host_memory_mb,
            violations,
        }
    }

    /// Price of one instance of the extracted service. Instances are sized
    /// to memory: a monolith's instance must hold every module, while the
    /// extracted service needs the runtime (the host's own footprint) and
    /// this module only, so when memory is declared its instance costs the
    /// host's price scaled by that ratio. Without memory figures it costs
    /// the same as a host instance.
    fn extracted_price(&self, m: usize, h: usize) -> f64 {
        let doc: &crate::model::Document = &self.doc;
        let host = &doc.components[h];
        let base = host.memory_mb.unwrap_or(0.0);
        let all: f64 = base
            + (0..doc.components.len())
                .filter(|&j| self.host_of[j] == Some(h))
                .filter_map(|j| doc.components[j].memory_mb)
                .sum::<f64>();
        let own = base + doc.components[m].memory_mb.unwrap_or(0.0);
        if all > 0.0 && own > 0.0 {
            host.monthly_cost_per_instance * (own / all).min(1.0)
        } else {
            host.monthly_cost_per_instance
        }
    }

    /// Milliseconds per entering request added by making every call into
    /// the module (and from it to what stays in the host) a network hop.
    fn added_latency_ms(&self, m: usize, h: usize) -> f64 {
        let hop = self.doc.scenario.overhead.hop_latency_ms;
        let total_rate: f64 = self.visits.iter().map(|(_, rate, _)| rate).sum();
        if total_rate <= 0.0 {
            return 0.0;
        }
        // Calls from the module back into the host or its other modules
        // cross the new boundary too.
        let back_calls: f64 = self
            .network
            .edges
            .iter()
            .filter(|e| e.from == m && e.sync && (e.to == h || (self.host_of[e.to] == Some(h) && e.to != m)))
            .map(|e| e.calls)
            .sum();
        self.visits
            .iter()
            .map(|(_, rate, visits)| rate / total_rate * visits[m] * (1.0 + back_calls) * hop)
            .sum()
    }
}

fn cpu_seconds(analysis: &Analysis<'_>, j: usize) -> f64 {
    analysis.doc.components[j].module.as_ref().map(|s| s.cpu_ms_per_request / 1000.0).unwrap_or(0.0)
}
