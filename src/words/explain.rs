//! Explainable numbers: every figure in the results can be opened to show
//! the formula it comes from with the inputs filled in
//! (ρ = λ / (c·μ) = 480 / (4 × 150) = 0.8), so a number on the projector
//! can be checked by anyone in the room.

use serde::Serialize;

use crate::engine::{
    instances_needed, ComponentLoad, ConnectionBudget, DayLoad, Judgement, Queueing, Report,
    RightSizing, TierLoad, TierRole, HOT_LINE, OVERSIZED_BELOW,
};
use crate::model::{Component, ComponentKind, DatabaseSettings, Document, Scenario};
use crate::words::latency_working::LatencyInputs;
use crate::words::quantity::{
    duration, instance_count, long_duration, monthly_cost, multiplier, percent, rate, round_percent,
};
use crate::words::results_table::headroom_text;
use crate::words::violations::whole;

/// One figure and how it was computed.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Explanation {
    /// What the figure is ("Utilisation").
    pub figure: String,
    /// The rule in symbols ("ρ = λ / (c·μ)").
    pub formula: String,
    /// The rule with this component's numbers ("480 / (4 × 150)").
    pub substituted: String,
    /// The result as the table shows it ("80.0%").
    pub result: String,
    /// Whether the rule is exact under the model's assumptions, or an
    /// approximation and how far off it was measured to be.
    pub accuracy: Accuracy,
}

/// How far a figure can be trusted beyond the model's own assumptions.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Accuracy {
    /// The rule is the closed form (M/M/c, the traffic equations).
    Exact,
    /// An approximation, with what it was measured against ("Allen–Cunneen:
    /// within 1–9% of the simulation for steady service").
    Approximation(String),
}

impl Accuracy {
    /// "exact", or "approximation: …" as the working table shows it.
    pub fn label(&self) -> String {
        match self {
            Accuracy::Exact => "exact".to_owned(),
            Accuracy::Approximation(note) => format!("approximation: {note}"),
        }
    }
}

/// A number with about four significant digits and no trailing zeros.
pub fn number(value: f64) -> String {
    crate::words::quantity::significant_figures(value, 4)
}

/// Every figure of one component, explained.
pub fn explain(doc: &Document, report: &Report, load: &ComponentLoad) -> Vec<Explanation> {
    let inputs = ExplainInputs::of(&crate::engine::Analysis::new(doc), report);
    explain_with(doc, report, &inputs, load)
}

/// What explaining the components of one report needs of it, worked out
/// once however many are explained: the percentiles' inputs, and the
/// dependencies into each component (a scan of every dependency for each
/// component made explaining 20,000 of them quadratic).
pub struct ExplainInputs {
    pub latency: LatencyInputs,
    /// Per component, in document order: the positions in the document's
    /// dependencies of those that end at it, in document order.
    into: Vec<Vec<usize>>,
}

impl ExplainInputs {
    pub fn of(analysis: &crate::engine::Analysis, report: &Report) -> ExplainInputs {
        let doc = analysis.document();
        let mut into = vec![Vec::new(); doc.components.len()];
        for (k, dependency) in doc.dependencies.iter().enumerate() {
            if let Some(i) = doc.positions.position(&doc.components, &dependency.to, |c| &c.id) {
                into[i].push(k);
            }
        }
        ExplainInputs { latency: LatencyInputs::of(analysis, report), into }
    }
}

/// [`explain`] with what it needs of `report` already worked out, for
/// explaining many components.
pub fn explain_with(
    doc: &Document,
    report: &Report,
    inputs: &ExplainInputs,
    load: &ComponentLoad,
) -> Vec<Explanation> {
    let Some(i) = report.position(&load.id) else {
        return Vec::new();
    };
    let Some(component) = doc.components.get(i).filter(|c| c.id == load.id).or_else(|| doc.component(&load.id)) else {
        return Vec::new();
    };
    let scenario = &doc.scenario;
    let into = inputs.into.get(i).map_or(&[][..], Vec::as_slice);
    let mut out = vec![explain_arrival_rate(doc, report, into, load)];
    out.extend(explain_capacity(load));
    // How a database's load lands on its nodes: shards split the keys but
    // fan-out queries reach every shard; the primary takes the writes,
    // replicas share the reads and each applies every write.
    if let (ComponentKind::Database, Some(db)) = (component.kind, &component.database) {
        if load.tiers.len() > 1 || load.tiers.iter().any(|t| t.nodes > 1) {
            out.extend(explain_node_loads(db, load));
        }
    }
    out.extend(explain_utilisation(load));
    out.push(explain_status(report, load));
    if component.autoscales() && component.kind != ComponentKind::Function {
        out.push(explain_instances(scenario, component, load));
    }
    if component.kind == ComponentKind::Function {
        out.push(explain_concurrency(load));
    }
    if component.kind == ComponentKind::ExternalApi {
        out.push(explain_rate_limit(component));
    }
    if let Some(q) = &load.queueing {
        // The wait is Erlang C's for one pool of servers; an external API
        // is a black box that only declares its latency.
        if component.kind != ComponentKind::ExternalApi {
            if let [tier] = load.tiers.as_slice() {
                out.push(explain_probability_of_waiting(load, tier, q));
                out.push(explain_waiting_time(load, tier, q));
            }
        }
        out.push(explain_response_time(component, load, q));
    }
    out.extend(inputs.latency.percentile_figure(doc, i, load));
    if load.queueing.is_none() && load.arrival_rate > 0.0 {
        out.push(explain_unbounded_response_time(load));
    }
    if let Some(at) = load.saturates_at {
        out.push(explain_saturates_at(scenario, report, load, at));
        out.push(explain_headroom(report, at));
    }
    if let Some(day) = &load.day {
        out.extend(explain_day(day));
    }
    out.push(explain_monthly_cost(component, load));
    if let Some(sizing) = &load.right_sizing {
        out.push(explain_right_sizing(scenario, component, load, sizing));
    }
    // Only what accepts connections has a budget.
    let accepts = matches!(component.kind, ComponentKind::Database | ComponentKind::ConnectionPooler);
    if let Some(budget) = report.connections.iter().filter(|_| accepts).find(|b| b.component == load.id) {
        out.push(explain_connections(doc, budget));
    }
    out
}

/// λ: entry traffic plus every dependency into it (`into`: their
/// positions in the document's dependencies).
fn explain_arrival_rate(doc: &Document, report: &Report, into: &[usize], load: &ComponentLoad) -> Explanation {
    let scenario = &doc.scenario;
    let mut terms = Vec::new();
    let entry = doc.entry_rate(&load.id);
    let factor = scenario.growth_factor(&load.id);
    if entry > 0.0 {
        terms.push(format!(
            "entry {} × peak {} × growth {}{}",
            number(entry),
            number(scenario.peak_factor),
            number(report.growth),
            if factor != 1.0 {
                format!(" × override {}", number(factor))
            } else {
                String::new()
            }
        ));
    }
    for &k in into {
        let (Some(dependency), Some(flow)) = (doc.dependencies.get(k), report.dependencies.get(k)) else { continue };
        if dependency.to != load.id || flow.rate <= 0.0 {
            continue;
        }
        let caller = report.component(&dependency.from);
        let caller_component = doc.component(&dependency.from);
        let term = match (caller, caller_component) {
            (Some(caller), Some(c)) if c.kind.serves_hits() => format!(
                "{} misses {} × ((1 − {}) × {} reads + {} writes)",
                doc.name_of(&dependency.from),
                number(dependency.calls),
                number(c.effective_hit_ratio()),
                number(caller.read_rate),
                number(caller.write_rate)
            ),
            (Some(caller), _) => format!(
                "{} {} × {}",
                doc.name_of(&dependency.from),
                number(dependency.calls),
                number(caller.arrival_rate)
            ),
            _ => continue,
        };
        terms.push(if factor != 1.0 && entry <= 0.0 {
            format!("({term}) × override {}", number(factor))
        } else {
            term
        });
    }
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Arrival rate".to_owned(),
        formula: "λ = entry + Σ calls × pass × λ(caller)".to_owned(),
        substituted: sum_or(&terms, "no traffic reaches it"),
        result: rate(load.arrival_rate),
    }
}

/// Capacity: what the servers of one node do, divided by the share of
/// the component's load that lands on its busiest node (1 for every kind
/// but a database with replicas or shards). None without tiers.
fn explain_capacity(load: &ComponentLoad) -> Option<Explanation> {
    let tier = load
        .tiers
        .iter()
        .max_by(|a, b| a.utilisation.total_cmp(&b.utilisation))?;
    let share = if load.arrival_rate > 0.0 && load.arrival_rate.is_finite() {
        tier.arrival_rate / load.arrival_rate
    } else {
        1.0
    };
    // Only a database's nodes take a share of λ. A host's instances
    // serve more than λ (its modules' requests too), at the mix's mean
    // rate μ: its capacity is c·μ in requests of the mix.
    let hosts = tier.role == TierRole::Instances;
    let divided = !hosts && (share - 1.0).abs() > 1e-9 && share > 0.0;
    let mixed = hosts && (share - 1.0).abs() > 1e-9 && share > 0.0;
    Some(Explanation {
        accuracy: Accuracy::Exact,
        figure: "Capacity".to_owned(),
        formula: if divided {
            "capacity = c·μ of one node / the busiest node's share of λ".to_owned()
        } else if mixed {
            "capacity = c·μ, μ the mean rate of the mix it serves (its own requests and its modules')".to_owned()
        } else {
            "capacity = c·μ".to_owned()
        },
        substituted: if divided {
            format!(
                "{} × {} / {} (each {} node takes {} of {})",
                tier.servers,
                number(load.service_rate),
                number(share),
                tier.role.label(),
                number(tier.arrival_rate),
                number(load.arrival_rate)
            )
        } else if mixed {
            format!(
                "{} × {} (it serves {}: {} of its own, the rest its modules')",
                tier.servers,
                number(load.service_rate),
                number(tier.arrival_rate),
                number(load.arrival_rate)
            )
        } else {
            format!("{} × {}", tier.servers, number(load.service_rate))
        },
        result: rate(load.capacity),
    })
}

/// ρ of each tier's nodes.
fn explain_utilisation(load: &ComponentLoad) -> Vec<Explanation> {
    load.tiers
        .iter()
        .map(|tier| Explanation {
            accuracy: Accuracy::Exact,
            figure: match tier.role {
                TierRole::Instances => "Utilisation".to_owned(),
                role => format!("Utilisation of each {} node", role.label()),
            },
            formula: "ρ = λ / (c·μ)".to_owned(),
            substituted: format!(
                "{} / ({} × {})",
                number(tier.arrival_rate),
                tier.servers,
                number(load.service_rate)
            ),
            result: percent(tier.utilisation),
        })
        .collect()
}

/// The comfort-line sizing rule with its numbers, `⌈λ / (comfort × μ)⌉ = c`:
/// how many instances an autoscaler runs, and how many right-sizing keeps.
fn instances_at_comfort(served: f64, comfort_line: f64, service_rate: f64, needed: u32) -> String {
    format!(
        "⌈{} / ({} × {})⌉ = {}",
        number(served),
        number(comfort_line),
        number(service_rate),
        instance_count(needed)
    )
}

/// How many instances an autoscaled component runs, between its minimum
/// and maximum.
fn explain_instances(
    scenario: &Scenario,
    component: &Component,
    load: &ComponentLoad,
) -> Explanation {
    // What the instances serve: a host's includes its modules' work.
    let served = match load.tiers.as_slice() {
        [tier] if tier.role == TierRole::Instances => tier.arrival_rate,
        _ => load.arrival_rate,
    };
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Instances".to_owned(),
        formula: "c = ⌈λ / (comfort × μ)⌉, between the minimum and the maximum".to_owned(),
        substituted: format!(
            "{}, {}",
            instances_at_comfort(
                served,
                scenario.comfort_line,
                load.service_rate,
                load.needed_instances
            ),
            if load.needed_instances > load.instance_ceiling {
                format!("capped at the maximum {}", load.instance_ceiling)
            } else if load.needed_instances < component.instances {
                format!("raised to the minimum {}", component.instances)
            } else {
                format!("within {}..{}", component.instances, load.instance_ceiling)
            }
        ),
        result: format!("{}", load.instances),
    }
}

/// A function's invocations at once, by Little's law.
fn explain_concurrency(load: &ComponentLoad) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Concurrency in use".to_owned(),
        formula: "⌈λ / μ⌉ invocations at once (Little's law), up to the concurrency limit"
            .to_owned(),
        substituted: format!(
            "⌈{} / {}⌉ = {}, limit {}",
            number(load.arrival_rate),
            number(load.service_rate),
            instance_count(instances_needed(load.arrival_rate, load.service_rate, 1.0)),
            load.instance_ceiling
        ),
        result: format!("{}", load.instances),
    }
}

/// An external API's rate limit, which we cannot scale.
fn explain_rate_limit(component: &Component) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Rate limit".to_owned(),
        formula: "limit = keys × requests per second each (we cannot scale it)".to_owned(),
        substituted: format!(
            "{} × {}",
            component.instances,
            number(component.throughput_per_instance)
        ),
        result: rate(f64::from(component.instances) * component.throughput_per_instance),
    }
}

/// C(c, a), the probability an arrival waits, by Erlang C.
fn explain_probability_of_waiting(
    load: &ComponentLoad,
    tier: &TierLoad,
    q: &Queueing,
) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Probability of waiting".to_owned(),
        formula: "C(c, a) = B(c, a) / (1 − ρ·(1 − B(c, a))), a = λ/μ, B by the Erlang B recurrence"
            .to_owned(),
        substituted: format!(
            "c = {}, a = {} / {} = {}",
            tier.servers,
            number(tier.arrival_rate),
            number(load.service_rate),
            number(tier.arrival_rate / load.service_rate)
        ),
        result: percent(q.prob_wait),
    }
}

/// W_q, the mean wait in the queue.
fn explain_waiting_time(load: &ComponentLoad, tier: &TierLoad, q: &Queueing) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Waiting time".to_owned(),
        formula: "W_q = C / (c·μ − λ)".to_owned(),
        substituted: format!(
            "{} / ({} × {} − {})",
            number(q.prob_wait),
            tier.servers,
            number(load.service_rate),
            number(tier.arrival_rate)
        ),
        result: duration(Some(q.wait_time)),
    }
}

/// R of a stable component: the wait, the service and its fixed latency
/// (an external API's declared latency only).
fn explain_response_time(component: &Component, load: &ComponentLoad, q: &Queueing) -> Explanation {
    let external = component.kind == ComponentKind::ExternalApi;
    let base = q.response_time
        - q.wait_time
        - if external {
            0.0
        } else {
            1.0 / load.service_rate
        };
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Response time".to_owned(),
        formula: if external {
            "R = declared latency (an external API is a black box)".to_owned()
        } else if component.kind == ComponentKind::Function {
            "R = W_q + 1/μ + base latency + cold-start share × cold start".to_owned()
        } else {
            "R = W_q + 1/μ + fixed latency".to_owned()
        },
        substituted: if external {
            duration(Some(q.response_time))
        } else if let (ComponentKind::Function, Some(f)) = (component.kind, &component.function) {
            format!(
                "{} + 1/{} + {} + {} × {}",
                duration(Some(q.wait_time)),
                number(load.service_rate),
                duration(Some(component.base_latency_ms / 1000.0)),
                percent(f.cold_start_share),
                duration(Some(f.cold_start_ms / 1000.0))
            )
        } else {
            format!(
                "{} + 1/{} + {}",
                duration(Some(q.wait_time)),
                number(load.service_rate),
                duration(Some(base.max(0.0)))
            )
        },
        result: duration(Some(q.response_time)),
    }
}

/// R of a component with traffic and no steady state: unbounded.
fn explain_unbounded_response_time(load: &ComponentLoad) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Response time".to_owned(),
        formula: "R = W_q + 1/μ + fixed latency, where W_q is finite only while ρ < 1".to_owned(),
        substituted: format!(
            "ρ = {} ≥ 100%: the queue grows without bound",
            percent(load.utilisation)
        ),
        result: duration(None),
    }
}

/// The growth it saturates at, judged at the peak or over the day.
fn explain_saturates_at(
    scenario: &Scenario,
    report: &Report,
    load: &ComponentLoad,
    at: f64,
) -> Explanation {
    let unit = load.arrival_rate / report.growth;
    let mean_of_day = scenario.profile_shape().iter().sum::<f64>() / 24.0;
    let (formula, over, day_share) = match load.judged {
        Judgement::Peak => ("growth where ρ = limit: limit × capacity at the maximum / λ at 1×", String::new(), 1.0),
        Judgement::Day => (
            "growth where the day's average reaches capacity: limit × capacity at the maximum / (λ at 1× × mean of the day)",
            format!(" × {}", number(mean_of_day)),
            mean_of_day,
        ),
    };
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Saturates at".to_owned(),
        formula: formula.to_owned(),
        substituted: format!(
            "{} × {} / ({}{over})",
            number(scenario.utilisation_limit),
            number(at * unit / scenario.utilisation_limit * day_share),
            number(unit)
        ),
        result: multiplier(at),
    }
}

/// How many times the current growth it saturates at.
fn explain_headroom(report: &Report, at: f64) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Headroom".to_owned(),
        formula: "saturates at / current growth".to_owned(),
        substituted: format!("{} / {}", multiplier(at), multiplier(report.growth)),
        result: headroom_text(Some(at / report.growth)),
    }
}

/// The month's bill, by how the kind is priced.
fn explain_monthly_cost(component: &Component, load: &ComponentLoad) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Monthly cost".to_owned(),
        formula: match component.kind {
            ComponentKind::Function => "invocations a month × price per million".to_owned(),
            ComponentKind::Database => "shards × (1 + replicas) × instances × price".to_owned(),
            _ if component.autoscales() => "average instances over the day × price".to_owned(),
            _ => "instances × price".to_owned(),
        },
        substituted: match (component.kind, &component.database, &component.function) {
            (ComponentKind::Database, Some(db), _) => format!(
                "{} × (1 + {}) × {} × {}",
                db.shards,
                db.read_replicas,
                component.instances,
                monthly_cost(component.monthly_cost_per_instance)
            ),
            (ComponentKind::Function, _, Some(f)) => format!(
                "{} million × ${}",
                number(load.monthly_cost / f.price_per_million.max(f64::MIN_POSITIVE)),
                number(f.price_per_million)
            ),
            _ if component.autoscales() => format!(
                "{} × {}",
                number(
                    load.monthly_cost / component.monthly_cost_per_instance.max(f64::MIN_POSITIVE)
                ),
                monthly_cost(component.monthly_cost_per_instance)
            ),
            _ => format!(
                "{} × {}",
                component.instances,
                monthly_cost(component.monthly_cost_per_instance)
            ),
        },
        result: monthly_cost(load.monthly_cost),
    }
}

/// What keeping only the instances the comfort line needs would save.
fn explain_right_sizing(
    scenario: &Scenario,
    component: &Component,
    load: &ComponentLoad,
    sizing: &RightSizing,
) -> Explanation {
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Right-sizing saves".to_owned(),
        formula: format!(
            "under {} at the peak: keep ⌈λ / (comfort × μ)⌉ instances (at least 1); saving = (c − kept) × price",
            round_percent(OVERSIZED_BELOW)
        ),
        substituted: format!(
            "{} kept; ({} − {}) × {}",
            instances_at_comfort(load.arrival_rate, scenario.comfort_line, load.service_rate, sizing.instances_needed),
            component.instances,
            instance_count(sizing.instances_needed),
            monthly_cost(component.monthly_cost_per_instance)
        ),
        result: monthly_cost(sizing.monthly_saving),
    }
}

/// A database's connections: what its clients' pools hold against its limit.
fn explain_connections(doc: &Document, budget: &ConnectionBudget) -> Explanation {
    let terms: Vec<String> = budget
        .clients
        .iter()
        .map(|c| format!("{} {} × {}", doc.name_of(&c.id), c.instances, c.pool))
        .collect();
    Explanation {
        accuracy: Accuracy::Exact,
        figure: "Connections".to_owned(),
        formula: "Σ client instances × pool size ≤ max connections".to_owned(),
        substituted: sum_or(&terms, "no clients hold connections"),
        result: format!(
            "{} of {}",
            crate::words::quantity::connection_count(budget.demand),
            budget.limit
        ),
    }
}

/// The status band, from the utilisation at the peak, or from the day for
/// work behind a queue.
fn explain_status(report: &Report, load: &ComponentLoad) -> Explanation {
    let comfort = round_percent(report.comfort_line);
    let hot = round_percent(HOT_LINE.max(report.comfort_line));
    let (formula, substituted) = match (&load.day, load.arrival_rate > 0.0) {
        (_, false) => ("idle when nothing arrives".to_owned(), "λ = 0".to_owned()),
        (Some(day), true) => (
            format!(
                "over the day: saturated when the day's average exceeds what it can do; hot when the peak does; \
                 else ok under {comfort}, warm from it, hot from {hot}"
            ),
            if day.unbounded {
                format!("average {} > {}", rate(day.average_inflow), rate(day.average_capacity))
            } else {
                format!("average {} ≤ {}; ρ at the peak = {}", rate(day.average_inflow), rate(day.average_capacity), percent(load.utilisation))
            },
        ),
        (None, true) => (
            format!("ok under the comfort line ({comfort}), warm from it, hot from {hot}, saturated from 100%"),
            format!("ρ = {}", percent(load.utilisation)),
        ),
    };
    Explanation {
        figure: "Status".to_owned(),
        formula,
        substituted,
        result: load.status.label().to_owned(),
        accuracy: Accuracy::Exact,
    }
}

/// The load on one node of each tier of a database:
/// `((1 − f)/N + f) × (writes + reads × their share on this node)`.
fn explain_node_loads(db: &DatabaseSettings, load: &ComponentLoad) -> Vec<Explanation> {
    let shards = db.shards.max(1);
    let spread = format!(
        "((1 − {}) / {} + {})",
        number(db.fan_out_share),
        shards,
        number(db.fan_out_share)
    );
    // With reads on the primary, it and every replica take the same share
    // of the reads: one text for both roles.
    let every_node = db.read_replicas + 1;
    let each_node = format!("reads / {every_node}");
    let each_node_rate = format!("{} / {every_node}", number(load.read_rate));
    let (primary_reads, on_primary) = if db.read_replicas == 0 {
        ("reads".to_owned(), number(load.read_rate))
    } else if db.reads_on_primary {
        (each_node.clone(), each_node_rate.clone())
    } else {
        ("no reads".to_owned(), "0".to_owned())
    };
    let (replica_reads, on_replica) = if db.reads_on_primary {
        (each_node, each_node_rate)
    } else {
        (
            "reads / replicas".to_owned(),
            format!("{} / {}", number(load.read_rate), db.read_replicas),
        )
    };
    load.tiers
        .iter()
        .map(|tier| {
            let (formula, substituted) = match tier.role {
                TierRole::Replica => (
                    format!("λ_node = ((1 − fan-out) / shards + fan-out) × (every write + {replica_reads})"),
                    format!("{spread} × ({} + {on_replica})", number(load.write_rate)),
                ),
                _ => (
                    format!("λ_node = ((1 − fan-out) / shards + fan-out) × (writes + {primary_reads})"),
                    format!("{spread} × ({} + {on_primary})", number(load.write_rate)),
                ),
            };
            Explanation {
                accuracy: Accuracy::Exact,
                figure: format!("Load on each {} node", tier.role.label()),
                formula,
                substituted,
                result: rate(tier.arrival_rate),
            }
        })
        .collect()
}

/// Terms added up as written ("a + b"), or what to say when there are none.
fn sum_or(terms: &[String], none: &str) -> String {
    if terms.is_empty() {
        none.to_owned()
    } else {
        terms.join(" + ")
    }
}

/// Seconds in one step of the day.
const HOUR: f64 = 3600.0;

/// Each run of equal neighbouring terms as (length, term).
fn runs(terms: &[String]) -> Vec<(usize, &String)> {
    let mut parts: Vec<(usize, &String)> = Vec::new();
    for term in terms {
        match parts.last_mut() {
            Some((count, last)) if *last == term => *count += 1,
            _ => parts.push((1, term)),
        }
    }
    parts
}

/// Runs of equal terms written once with a count: "4 × (40 − 20)".
fn grouped(terms: &[String]) -> String {
    runs(terms)
        .iter()
        .map(|(count, term)| {
            if *count == 1 {
                (*term).clone()
            } else {
                format!("{count} × {term}")
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Hourly spare rates as stretches: "(20 − 10) req/s for 2 h, then
/// (20 − 15) req/s until empty".
fn spells(terms: &[String]) -> String {
    let parts = runs(terms);
    let last = parts.len().saturating_sub(1);
    parts
        .iter()
        .enumerate()
        .map(|(i, (count, term))| {
            if i == last {
                format!("{term} req/s until empty")
            } else {
                format!("{term} req/s for {count} h")
            }
        })
        .collect::<Vec<_>>()
        .join(", then ")
}

/// A consumer's day: what arrives on average, and then either how far the
/// backlog grows each day or its peak, worst delay and drain time, each
/// from the hour-by-hour rule `b(h+1) = max(0, b(h) + (λ(h) − served(h)) × 3600 s)`.
fn explain_day(day: &DayLoad) -> Vec<Explanation> {
    let hours = day.inflow.len();
    let mut out = vec![Explanation {
        accuracy: Accuracy::Exact,
        figure: "Average inflow over the day".to_owned(),
        formula: "mean of the 24 hourly inflows (peak λ × each hour of the profile)".to_owned(),
        substituted: format!(
            "({}) / {hours}",
            day.inflow
                .iter()
                .map(|v| number(*v))
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        result: rate(day.average_inflow),
    }];
    if day.unbounded {
        out.push(Explanation {
            accuracy: Accuracy::Exact,
            figure: "Backlog growth per day".to_owned(),
            formula: "(average inflow − capacity) × 86,400 s; never drains".to_owned(),
            substituted: format!(
                "({} − {}) × 86,400",
                number(day.average_inflow),
                number(day.average_capacity)
            ),
            result: format!("{} requests a day", whole(day.growth_per_day)),
        });
        return out;
    }
    if day.peak_backlog <= 0.0 || hours == 0 {
        out.push(Explanation {
            accuracy: Accuracy::Exact,
            figure: "Peak backlog".to_owned(),
            formula: "b(h+1) = max(0, b(h) + (λ(h) − capacity(h)) × 3600 s)".to_owned(),
            substituted: "capacity is at or above the inflow every hour".to_owned(),
            result: "0 requests".to_owned(),
        });
        return out;
    }
    // What the consumer actually served each hour follows from the backlog
    // itself (an autoscaled pool runs at its ceiling while work waits).
    let served = |h: usize| day.inflow[h] - (day.backlog[h + 1] - day.backlog[h]) / HOUR;
    let peak =
        day.backlog.iter().enumerate().fold(
            (0, 0.0_f64),
            |best, (h, &b)| if b > best.1 { (h, b) } else { best },
        );
    // The stretch of hours that built the peak: back from it to the last
    // empty moment (around midnight if need be).
    let mut building = Vec::new();
    let mut h = peak.0;
    for _ in 0..hours {
        let before = (h + hours - 1) % hours;
        building.push(before);
        if day.backlog[before] <= 0.0 {
            break;
        }
        h = before;
    }
    building.reverse();
    let terms: Vec<String> = building
        .iter()
        .map(|&h| format!("({} − {})", number(day.inflow[h]), number(served(h))))
        .collect();
    let start = building.first().copied().unwrap_or(0);
    out.push(Explanation {
        accuracy: Accuracy::Exact,
        figure: "Peak backlog".to_owned(),
        formula: "b(h+1) = max(0, b(h) + (λ(h) − capacity(h)) × 3600 s); the largest b".to_owned(),
        substituted: format!(
            "3600 × ({}) from {start:02}:00 to {:02}:00",
            grouped(&terms),
            peak.0 % 24
        ),
        result: format!("{} requests", whole(day.peak_backlog)),
    });
    let serving = if day.worst_delay > 0.0 {
        day.peak_backlog / day.worst_delay
    } else {
        0.0
    };
    out.push(Explanation {
        accuracy: Accuracy::Exact,
        figure: "Worst delay".to_owned(),
        formula: "peak backlog / the rate it is worked off at".to_owned(),
        substituted: format!("{} / {}", whole(day.peak_backlog), number(serving)),
        result: long_duration(Some(day.worst_delay)),
    });
    // While work waits the consumer runs flat out; in the hour the backlog
    // empties, the backlog no longer tells that rate, so take it from the
    // hours it was waiting the whole hour (or the largest capacity).
    let flat_out = (0..hours)
        .filter(|&h| day.backlog[h] > 0.0 && day.backlog[h + 1] > 0.0)
        .map(served)
        .chain(day.capacity.iter().copied())
        .fold(0.0, f64::max);
    // After the peak: each hour works off (served − inflow) until empty.
    let mut draining = Vec::new();
    let mut h = peak.0 % hours;
    for _ in 0..hours {
        let rate = if day.backlog[h + 1] > 0.0 {
            served(h)
        } else {
            flat_out
        };
        if rate > day.inflow[h] {
            draining.push(format!("({} − {})", number(rate), number(day.inflow[h])));
        }
        if day.backlog[h + 1] <= 0.0 {
            break;
        }
        h = (h + 1) % hours;
    }
    out.push(Explanation {
        accuracy: Accuracy::Exact,
        figure: "Drain time".to_owned(),
        formula: "time from the peak until the spare capacity each hour (capacity − inflow) has worked off the backlog".to_owned(),
        substituted: format!("{} requests worked off from {:02}:00 at {}", whole(day.peak_backlog), peak.0 % 24, spells(&draining)),
        result: long_duration(Some(day.drain_time)),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::solve;
    use crate::model::mvp_that_creaks;

    fn figure<'a>(explanations: &'a [Explanation], name: &str) -> &'a Explanation {
        explanations
            .iter()
            .find(|e| e.figure == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    #[test]
    fn postgres_figures_show_their_working() {
        let doc = mvp_that_creaks();
        let report = solve(&doc);
        let postgres = report.component(&"postgres".into()).unwrap();
        let explained = explain(&doc, &report, postgres);
        let arrival = figure(&explained, "Arrival rate");
        assert_eq!(
            arrival.substituted,
            "Redis cache misses 1 × ((1 − 0.8) × 240 reads + 0 writes) + Web app 0.3 × 120 + Background worker 1 × 12"
        );
        assert_eq!(arrival.result, "96 req/s");
        let utilisation = figure(&explained, "Utilisation of each primary node");
        assert_eq!(
            (
                utilisation.substituted.as_str(),
                utilisation.result.as_str()
            ),
            ("96 / (1 × 400)", "24.0%")
        );
        let saturates = figure(&explained, "Saturates at");
        assert_eq!(
            (saturates.substituted.as_str(), saturates.result.as_str()),
            ("1 × 400 / (96)", "4.17×")
        );
        assert_eq!(figure(&explained, "Connections").result, "70 of 100");
        let capacity = figure(&explained, "Capacity");
        assert_eq!(
            (capacity.substituted.as_str(), capacity.result.as_str()),
            ("1 × 400", "400 req/s")
        );
    }

    #[test]
    fn replicas_divide_capacity_by_the_busiest_node_share() {
        // The sample with two read replicas: Postgres receives 48 reads
        // (cache misses) and 48 writes. Each replica takes half the reads
        // and applies every write: 24 + 48 = 72 of the 96 req/s, so the
        // component takes 400 / 0.75 = 533 req/s before a replica saturates.
        let mut doc = mvp_that_creaks();
        if let Some(settings) = doc.components[2].database.as_mut() {
            settings.read_replicas = 2;
        }
        let report = solve(&doc);
        let postgres = report.component(&"postgres".into()).unwrap();
        let capacity = figure(&explain(&doc, &report, postgres), "Capacity").clone();
        assert_eq!(
            capacity.formula,
            "capacity = c·μ of one node / the busiest node's share of λ"
        );
        assert_eq!(
            capacity.substituted,
            "1 × 400 / 0.75 (each replica node takes 72 of 96)"
        );
        assert_eq!(capacity.result, "533 req/s");
    }

    /// Issue 12 (f): a host's capacity read "each instances node takes
    /// 12300 of 3000", and its instance count divided its own requests,
    /// not what its instances serve.
    #[test]
    fn a_host_says_what_its_instances_serve() {
        let mut doc = crate::model::templates::modular_monolith();
        doc.scenario.growth = 10.0;
        let report = solve(&doc);
        let monolith = report.component(&"monolith".into()).unwrap();
        let explained = explain(&doc, &report, monolith);
        let capacity = figure(&explained, "Capacity");
        assert_eq!(
            (capacity.substituted.as_str(), capacity.result.as_str()),
            (
                "12 × 110.5 (it serves 6150: 1500 of its own, the rest its modules')",
                "1326 req/s"
            )
        );
        let instances = figure(&explained, "Instances");
        assert_eq!(
            instances.substituted,
            "⌈6150 / (0.7 × 110.5)⌉ = 80, capped at the maximum 12"
        );
        // No figure of any template, at any growth, says "instances node"
        // or "1 instances", "1 nodes".
        for template in crate::model::templates::TEMPLATES {
            let mut doc = (template.build)();
            for growth in [1.0, 10.0, 100.0] {
                doc.scenario.growth = growth;
                let report = solve(&doc);
                for load in &report.components {
                    for figure in explain(&doc, &report, load) {
                        for text in [
                            &figure.figure,
                            &figure.formula,
                            &figure.substituted,
                            &figure.result,
                        ] {
                            for wrong in [
                                "instances node",
                                "each instances",
                                " 1 instances",
                                " 1 nodes",
                                " 1 replicas",
                                " 1 shards",
                            ] {
                                assert!(
                                    !text.contains(wrong),
                                    "{} of {}: {text}",
                                    load.id,
                                    template.id
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn autoscaled_instances_show_the_comfort_line_rule() {
        let mut doc = mvp_that_creaks();
        doc.scenario.growth = 3.0;
        let report = solve(&doc);
        let web = report.component(&"web".into()).unwrap();
        let explained = explain(&doc, &report, web);
        // 360 req/s at 0.7 × 150 = 105 per instance: ⌈3.43⌉ = 4.
        assert_eq!(
            figure(&explained, "Instances").substituted,
            "⌈360 / (0.7 × 150)⌉ = 4, within 2..6"
        );
        // 1200 req/s at 10× needs ⌈11.4⌉ = 12, but it stops at 6; 60 req/s
        // at 0.5× needs ⌈0.57⌉ = 1, but it never runs fewer than 2.
        for (growth, expected, running) in [
            (
                10.0,
                "⌈1200 / (0.7 × 150)⌉ = 12, capped at the maximum 6",
                "6",
            ),
            (0.5, "⌈60 / (0.7 × 150)⌉ = 1, raised to the minimum 2", "2"),
        ] {
            doc.scenario.growth = growth;
            let report = solve(&doc);
            let instances = figure(
                &explain(&doc, &report, report.component(&"web".into()).unwrap()),
                "Instances",
            )
            .clone();
            assert_eq!(
                (instances.substituted.as_str(), instances.result.as_str()),
                (expected, running)
            );
        }
        assert_eq!(
            figure(&explained, "Utilisation").substituted,
            "360 / (4 × 150)"
        );
    }
}
