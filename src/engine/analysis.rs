//! One document prepared for solving: the traffic at 1x and the synchronous
//! visit ratios of every entry point are computed once, because every rate
//! scales linearly with growth; a report at any growth is then a cheap pass
//! over the components.

use super::overload::effective_arrival_rates;
use super::queueing::{instances_needed, mmc};
use super::report::{
    ComponentLoad, DependencyFlow, EntryLatency, Report, Saturation, Status, Warning,
};
use super::traffic::{ClassRates, EdgeSet, Network};
use crate::model::{Component, Document};

/// A document ready to be reported at any growth.
pub struct Analysis<'a> {
    doc: &'a Document,
    network: Network,
    /// Offered rates at 1x.
    unit: Vec<ClassRates>,
    /// Per entry: component index and synchronous visit ratio of every
    /// component.
    visits: Vec<(usize, f64, Vec<f64>)>,
    warnings: Vec<Warning>,
}

impl<'a> Analysis<'a> {
    pub fn new(doc: &'a Document) -> Analysis<'a> {
        let network = Network::new(doc);
        let traffic = network.solve(EdgeSet::All, &network.entries);
        let mut warnings: Vec<Warning> = traffic.loops.into_iter().map(Warning::from).collect();
        if network.entries.iter().all(|&(_, rate)| rate <= 0.0) {
            warnings.push(Warning::NoEntryPoints);
        }
        let visits = network
            .entries
            .iter()
            .map(|&(entry, rate)| {
                let solution = network.solve(EdgeSet::SyncOnly, &[(entry, 1.0)]);
                (entry, rate, solution.rates.iter().map(|r| r.total()).collect())
            })
            .collect();
        Analysis { doc, network, unit: traffic.rates, visits, warnings }
    }

    pub fn unit_arrival_rates(&self) -> Vec<f64> {
        self.unit.iter().map(|r| r.total()).collect()
    }

    /// Instances a component runs at arrival rate `lambda`: its minimum, or
    /// what keeps it at the comfort line when it autoscales, up to its
    /// ceiling.
    fn running_instances(&self, component: &Component, lambda: f64) -> u32 {
        if !component.autoscales() {
            return component.instances;
        }
        let comfort = self.doc.scenario.comfort_line;
        let needed = instances_needed(lambda, component.throughput_per_instance, comfort);
        needed.clamp(component.instances, component.instance_ceiling())
    }

    /// Utilisation of every component at `growth`, in document order. The
    /// sweep calls this many times, so it skips the queueing maths.
    pub fn utilisation_at(&self, growth: f64) -> Vec<f64> {
        self.doc
            .components
            .iter()
            .zip(&self.unit)
            .map(|(component, unit)| {
                let lambda = unit.total() * growth;
                if lambda <= 0.0 {
                    return 0.0;
                }
                let c = self.running_instances(component, lambda);
                lambda / (f64::from(c) * component.throughput_per_instance)
            })
            .collect()
    }

    pub fn report_at(&self, growth: f64) -> Report {
        let scenario = &self.doc.scenario;
        let limit = scenario.utilisation_limit;
        let comfort = scenario.comfort_line;

        let mut components: Vec<ComponentLoad> = self
            .doc
            .components
            .iter()
            .zip(&self.unit)
            .map(|(component, unit)| {
                let mu = component.throughput_per_instance;
                let unit_total = unit.total();
                let lambda = unit_total * growth;
                let instances = self.running_instances(component, lambda);
                let capacity = f64::from(instances) * mu;
                let utilisation = if lambda > 0.0 { lambda / capacity } else { 0.0 };
                let status = Status::of(utilisation, lambda, comfort);
                let queueing = if status == Status::Saturated {
                    None
                } else {
                    mmc(lambda, mu, instances, component.base_latency_ms / 1000.0)
                };
                let ceiling_capacity = f64::from(component.instance_ceiling()) * mu;
                let saturates_at =
                    (unit_total > 0.0).then(|| limit * ceiling_capacity / unit_total);
                let comfortable_until =
                    (unit_total > 0.0).then(|| comfort * ceiling_capacity / unit_total);
                ComponentLoad {
                    id: component.id.clone(),
                    arrival_rate: lambda,
                    read_rate: unit.reads * growth,
                    write_rate: unit.writes * growth,
                    instances,
                    needed_instances: instances_needed(lambda, mu, comfort),
                    instance_ceiling: component.instance_ceiling(),
                    service_rate: mu,
                    capacity,
                    utilisation,
                    status,
                    queueing,
                    saturates_at,
                    comfortable_until,
                    headroom: saturates_at.map(|at| at / growth),
                    effective_arrival_rate: None,
                    backlog_growth_rate: None,
                }
            })
            .collect();

        let capacities: Vec<f64> = components.iter().map(|c| c.capacity).collect();
        if let Some(effective) = effective_arrival_rates(&self.network, growth, &capacities) {
            for (load, arriving) in components.iter_mut().zip(effective) {
                load.effective_arrival_rate = Some(arriving);
                load.backlog_growth_rate = Some((arriving - load.capacity).max(0.0));
            }
        }

        let dependencies = self
            .doc
            .dependencies
            .iter()
            .zip(&self.network.edges)
            .map(|(dependency, edge)| DependencyFlow {
                id: dependency.id.clone(),
                rate: edge.carried(&self.network.read_pass, self.unit[edge.from]) * growth,
            })
            .collect();

        let entries = self
            .visits
            .iter()
            .map(|(entry, rate, visits)| {
                let mut latency = Some(0.0);
                for (visit, load) in visits.iter().zip(&components) {
                    if *visit <= 0.0 {
                        continue;
                    }
                    latency = match (latency, load.response_time()) {
                        (Some(sum), Some(response)) if visit.is_finite() => {
                            Some(sum + visit * response)
                        }
                        _ => None,
                    };
                }
                EntryLatency {
                    component: self.network.ids[*entry].clone(),
                    rate: rate * growth,
                    latency,
                    visit_ratios: visits.clone(),
                }
            })
            .collect();

        let mut ranking: Vec<Saturation> = components
            .iter()
            .filter_map(|c| {
                Some(Saturation { component: c.id.clone(), saturates_at: c.saturates_at? })
            })
            .collect();
        // Stable sort: ties keep document order.
        ranking.sort_by(|a, b| a.saturates_at.total_cmp(&b.saturates_at));

        Report {
            growth,
            comfort_line: comfort,
            utilisation_limit: limit,
            components,
            dependencies,
            entries,
            ranking,
            warnings: self.warnings.clone(),
        }
    }
}
