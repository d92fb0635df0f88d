//! A seeded discrete-event simulation of the model and scenario the
//! analytic engine solves, as the cross-check of its latency figures
//! (issue 13): requests arrive at each entry point, queue first come first
//! served at every component their synchronous calls reach, and their end
//! to end latency is measured, not derived. Where the analysis assumes
//! (independent sojourns, Allen–Cunneen for non-exponential service, one
//! exponential service time for a host's mix of modules, calls one after
//! another), the simulation does not, so a gap between the two is the
//! size of an assumption.
//!
//! What it models, at one growth:
//! - Each entry point's arrivals: Poisson at the rate the report gives it,
//!   or renewal gaps with the entry's arrival variability (the same
//!   two-moment fits as service times).
//! - Each component as one FCFS station of `c` servers per node, `c` the
//!   servers the analysis runs it with at this load (an autoscaler's count
//!   at the comfort line, a function's concurrency, a database node's
//!   workers). A database request picks a tier with the tier's share of
//!   the component's waiting (`wait_share`) and a node uniformly within
//!   it: what the analytic mean assumes, and good enough while nodes are
//!   alike. A hosted module queues at its host's station for its CPU time.
//!   An external API has no queue: it answers in its declared latency.
//! - Every station also carries the load the analysis sees on it that the
//!   simulated requests do not bring (replicas applying every write, work
//!   arriving through queues, fan-out queries on other shards): the
//!   analytic arrival rate of each node minus what the entry points' walks
//!   bring there, as independent Poisson "background" jobs with the
//!   station's own service law, so each station runs at the analysis's
//!   utilisation. Asynchronous calls are covered by it; they are not
//!   walked.
//! - One request at component u: queue and service at u, then its fixed
//!   latency (base latency, a function's cold start by its share), then
//!   each synchronous call of the entry's call tree in order: floor of the
//!   attempts always and one more by the fraction, each through with the
//!   call's pass chance, one sub-request after another; a component with
//!   `parallel_calls` starts all of them at once and waits for the
//!   slowest. Walks deeper than [`MAX_DEPTH`] (a synchronous loop) stop
//!   there and are counted.
//!
//! A FCFS multi-server station needs no departure events: jobs start in
//! arrival order on the server that frees first (Kiefer and Wolfowitz's
//! recursion), so an arrival at time t starts at max(t, earliest free
//! time) and its completion is known at once. Background jobs are
//! therefore served lazily, when a simulated request next arrives at
//! their station; the event queue holds only entry arrivals and requests
//! finishing their work at a component. Latencies go into log-spaced
//! histograms (0.2% wide) rather than being kept, so memory does not grow
//! with the run.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use serde::Serialize;

use super::analysis::Analysis;
use super::call_tree::Call;
use crate::model::{ComponentId, ComponentKind, Document};

/// Deepest a request's synchronous calls are followed: only a loop of
/// synchronous calls gets there, and what it would add is counted in
/// [`SimulationReport::truncated`].
pub const MAX_DEPTH: u16 = 64;

/// Batches for the batch-means confidence intervals.
const BATCHES: usize = 20;
/// Student's t at 97.5% for 1..=19 degrees of freedom.
const STUDENT_T: [f64; 19] = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
    2.120, 2.110, 2.101, 2.093,
];
/// Batch marker of a request that is not measured (warm-up or tail).
const UNMEASURED: u8 = u8::MAX;
const NO_PARENT: u32 = u32::MAX;
/// Event payload bit that marks an entry point's next arrival.
const ARRIVAL: u32 = 1 << 31;

/// How far a run has got, in entry requests finished (warm-up included).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

impl Progress {
    pub fn is_finished(&self) -> bool {
        self.done >= self.total
    }
}

/// One entry point's simulated end-to-end latency, seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulatedLatency {
    pub component: ComponentId,
    /// Index of the entry in the report's entries (scenario order).
    pub entry: usize,
    /// Measured requests that entered here.
    pub requests: u64,
    pub mean: f64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    /// 95% confidence half-widths by batch means over 20 batches
    /// (infinite when too few batches hold a request).
    pub mean_half_width: f64,
    pub p99_half_width: f64,
}

/// One component as the simulated requests saw it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulatedComponent {
    pub component: ComponentId,
    /// Visits of measured requests.
    pub visits: u64,
    /// Response time of one visit (queue, service and fixed latency, not
    /// the calls it makes), seconds; `None` without a measured visit.
    pub mean: Option<f64>,
    pub p99: Option<f64>,
    /// Busy share of its servers over the measured window, background
    /// included (the busiest tier, its nodes averaged; a module's is its
    /// host's); `None` for an external API, which has no queue.
    pub utilisation: Option<f64>,
}

/// What a run found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SimulationReport {
    pub growth: f64,
    pub seed: u64,
    /// Measured entry requests finished.
    pub requests: u64,
    /// Entry points with traffic, in scenario order.
    pub per_entry: Vec<SimulatedLatency>,
    /// Components the simulated requests visit, in document order.
    pub per_component: Vec<SimulatedComponent>,
    /// Requests entering first, not measured: the stations start empty.
    pub warmup_discarded: u64,
    /// Sub-requests not made because the walk was [`MAX_DEPTH`] deep.
    pub truncated: u64,
    /// Simulated seconds between the first and the last measured arrival.
    pub simulated_seconds: f64,
}

/// A two-moment fit of a time with mean `mean` and squared coefficient of
/// variation `scv`: the same fits as `response_law::ServiceLaw`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Law {
    Constant(f64),
    Exponential(f64),
    /// A constant plus an exponential of the given mean (scv below 1).
    Shifted { fixed: f64, mean: f64 },
    /// Balanced-means two-phase hyperexponential (scv above 1).
    Hyper { p: f64, first: f64, second: f64 },
}

impl Law {
    fn fit(mean: f64, scv: f64) -> Law {
        if !(mean.is_finite() && mean > 0.0) {
            return Law::Constant(0.0);
        }
        let scv = if scv.is_finite() { scv.max(0.0) } else { 1.0 };
        if (scv - 1.0).abs() < 1e-12 {
            Law::Exponential(mean)
        } else if scv < 1.0 {
            let exponential = mean * scv.sqrt();
            if exponential > 0.0 {
                Law::Shifted { fixed: mean - exponential, mean: exponential }
            } else {
                Law::Constant(mean)
            }
        } else {
            let p = 0.5 * (1.0 + ((scv - 1.0) / (scv + 1.0)).sqrt());
            Law::Hyper { p, first: mean / (2.0 * p), second: mean / (2.0 * (1.0 - p)) }
        }
    }

    fn sample(self, rng: &mut fastrand::Rng) -> f64 {
        match self {
            Law::Constant(value) => value,
            Law::Exponential(mean) => exponential(rng, mean),
            Law::Shifted { fixed, mean } => fixed + exponential(rng, mean),
            Law::Hyper { p, first, second } => {
                let mean = if rng.f64() < p { first } else { second };
                exponential(rng, mean)
            }
        }
    }
}

fn exponential(rng: &mut fastrand::Rng, mean: f64) -> f64 {
    // 1 − U is in (0, 1]: never ln 0.
    -mean * (1.0 - rng.f64()).ln()
}

const LOWEST: f64 = 1e-7;
const BIN_WIDTH: f64 = 0.002;
/// 1e-7 s to about 3e4 s at 0.2% per bin; beyond either end a latency
/// counts in the end bin.
const BINS: usize = 13_000;

/// Counts of latencies in log-spaced bins: a quantile read off it is
/// within a bin's width (0.2%) of the sample's.
#[derive(Clone, Debug)]
struct Histogram {
    counts: Vec<u32>,
}

impl Histogram {
    fn new() -> Histogram {
        Histogram { counts: vec![0; BINS] }
    }

    fn add(&mut self, x: f64) {
        let bin = if x > LOWEST { (((x / LOWEST).ln() / BIN_WIDTH) as usize).min(BINS - 1) } else { 0 };
        self.counts[bin] = self.counts[bin].saturating_add(1);
    }

    /// The `q` quantile of the counts, interpolated within its bin.
    fn quantile(counts: &[u64], q: f64) -> Option<f64> {
        let total: u64 = counts.iter().sum();
        if total == 0 {
            return None;
        }
        let rank = q * total as f64;
        let mut below = 0u64;
        for (bin, &count) in counts.iter().enumerate() {
            if count > 0 && (below + count) as f64 >= rank {
                let within = ((rank - below as f64) / count as f64).clamp(0.0, 1.0);
                return Some(LOWEST * ((bin as f64 + within) * BIN_WIDTH).exp());
            }
            below += count;
        }
        Some(LOWEST * (BINS as f64 * BIN_WIDTH).exp())
    }

    fn widened(&self) -> Vec<u64> {
        self.counts.iter().map(|&c| u64::from(c)).collect()
    }
}

/// One node of a component: `c` servers and the background work on them.
#[derive(Clone, Debug)]
struct Station {
    /// When each server is next free, as a binary min-heap.
    free: Vec<f64>,
    background_rate: f64,
    next_background: f64,
    /// Background classes: cumulative probability and service law.
    classes: Vec<(f64, Law)>,
    /// Service seconds begun within the measured window.
    busy: f64,
}

/// The measured window: from the first measured arrival to the last
/// (infinite while not reached).
#[derive(Clone, Copy, Debug)]
struct Window {
    start: f64,
    end: f64,
}

impl Window {
    fn contains(self, t: f64) -> bool {
        t >= self.start && t <= self.end
    }
}

impl Station {
    /// Serves every background job that arrives by `until`.
    fn catch_up(&mut self, until: f64, rng: &mut fastrand::Rng, window: Window) {
        while self.next_background <= until {
            let at = self.next_background;
            let law = match self.classes.as_slice() {
                [(_, only)] => *only,
                classes => {
                    let u = rng.f64();
                    let class = classes.iter().find(|(cumulative, _)| u < *cumulative).or(classes.last());
                    class.map_or(Law::Constant(0.0), |c| c.1)
                }
            };
            let service = law.sample(rng);
            self.serve(at, service, window);
            self.next_background = at + exponential(rng, 1.0 / self.background_rate);
        }
    }

    /// FCFS: the job arriving at `at` starts on the server free first.
    fn serve(&mut self, at: f64, service: f64, window: Window) -> f64 {
        let start = self.free[0].max(at);
        replace_least(&mut self.free, start + service);
        if window.contains(at) {
            self.busy += service;
        }
        start
    }
}

/// Replaces the least element of a binary min-heap by `value`, which is
/// at least as large.
fn replace_least(heap: &mut [f64], value: f64) {
    let n = heap.len();
    let mut i = 0;
    loop {
        let left = 2 * i + 1;
        if left >= n {
            break;
        }
        let right = left + 1;
        let child = if right < n && heap[right] < heap[left] { right } else { left };
        if heap[child] >= value {
            break;
        }
        heap[i] = heap[child];
        i = child;
    }
    heap[i] = value;
}

/// A group of stations a request picks from by its share.
#[derive(Clone, Copy, Debug)]
struct Tier {
    /// Cumulative share of the component's requests up to this tier.
    cumulative: f64,
    first: usize,
    nodes: usize,
}

/// How a request is served at one component.
#[derive(Clone, Debug)]
struct Place {
    /// Empty: no queue (an external API answers in its latency). A
    /// module's are its host's.
    tiers: Vec<Tier>,
    service: Law,
    delay: f64,
    /// A function's cold start: its chance and its extra seconds.
    cold: Option<(f64, f64)>,
    parallel: bool,
}

#[derive(Clone, Copy, Debug)]
struct Task {
    parent: u32,
    component: u32,
    entry: u32,
    /// The call under way (u32::MAX before the first), for calls made one
    /// after another; its attempts not yet made.
    call: u32,
    attempts_left: u32,
    /// Sub-requests still out, for parallel calls.
    pending: u32,
    depth: u16,
    batch: u8,
    /// One of the first warm-up + requests arrivals (progress counts it).
    counted: bool,
    arrived: f64,
}

#[derive(Clone, Copy, Debug)]
struct Event {
    time: f64,
    seq: u64,
    what: u32,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    // BinaryHeap is a max-heap: the earliest event (then the first
    // scheduled) compares greatest.
    fn cmp(&self, other: &Self) -> Ordering {
        other.time.total_cmp(&self.time).then(other.seq.cmp(&self.seq))
    }
}

#[derive(Clone, Debug)]
struct Stream {
    component: usize,
    rate: f64,
    gaps: Law,
}

#[derive(Clone, Debug)]
struct EntryStats {
    batches: Vec<Histogram>,
    sums: [f64; BATCHES],
    counts: [u64; BATCHES],
}

#[derive(Clone, Debug)]
struct ComponentStats {
    histogram: Histogram,
    sum: f64,
    count: u64,
}

/// A simulation run that can be advanced in slices (the page runs it a
/// few thousand events a frame) and reported at any point.
#[derive(Clone, Debug)]
pub struct Simulation {
    ids: Vec<ComponentId>,
    growth: f64,
    seed: u64,
    rng: fastrand::Rng,
    places: Vec<Option<Place>>,
    stations: Vec<Station>,
    streams: Vec<Stream>,
    /// Per entry, per component: its synchronous calls.
    calls: Vec<Vec<Vec<Call>>>,
    heap: BinaryHeap<Event>,
    seq: u64,
    tasks: Vec<Task>,
    free_tasks: Vec<u32>,
    arrivals: u64,
    warmup: u64,
    requests: u64,
    finished: u64,
    measured: u64,
    window: Window,
    now: f64,
    truncated: u64,
    flushed: bool,
    entry_stats: Vec<EntryStats>,
    component_stats: Vec<Option<ComponentStats>>,
}

impl Simulation {
    /// Prepares a run of `requests` measured requests (after a warm-up of
    /// a twentieth of them, at least 200) of `doc` at `growth`. Fails,
    /// saying which component, when a station the requests visit is
    /// saturated: its queue has no steady state to measure.
    pub fn new(doc: &Document, growth: f64, seed: u64, requests: u64) -> Result<Simulation, String> {
        if !(growth.is_finite() && growth > 0.0) {
            return Err(format!("growth must be a positive number to simulate, not {growth}"));
        }
        if requests == 0 {
            return Err("nothing to simulate: ask for at least one request".to_owned());
        }
        let analysis = Analysis::new(doc);
        let n = doc.components.len();
        let ids: Vec<ComponentId> = doc.components.iter().map(|c| c.id.clone()).collect();

        // The scenario's entries that name a component, in the order the
        // analysis keeps them.
        let declared: Vec<_> =
            doc.scenario.entries.iter().filter(|e| ids.iter().any(|id| id == &e.component)).collect();
        let mut walked = vec![0.0; n];
        let mut streams = Vec::with_capacity(analysis.visits.len());
        for (k, (entry, rate, visits)) in analysis.visits.iter().enumerate() {
            let lambda = rate * growth * analysis.network.gain[*entry];
            if !lambda.is_finite() || lambda < 0.0 {
                return Err(format!("the entry at {} has no finite arrival rate to simulate", ids[*entry]));
            }
            if lambda > 0.0 {
                if visits.iter().any(|v| !v.is_finite()) {
                    return Err(format!(
                        "a request entering at {} never finishes: a loop of synchronous calls amplifies it",
                        ids[*entry]
                    ));
                }
                for (w, v) in walked.iter_mut().zip(visits) {
                    *w += lambda * v;
                }
            }
            let scv = declared.get(k).map_or(1.0, |e| e.arrival_variability());
            let gaps = if lambda > 0.0 { Law::fit(1.0 / lambda, scv) } else { Law::Constant(f64::INFINITY) };
            streams.push(Stream { component: *entry, rate: lambda, gaps });
        }
        if streams.iter().all(|s| s.rate <= 0.0) {
            return Err("no entry point has traffic to simulate".to_owned());
        }

        let owner: Vec<usize> = (0..n).map(|i| analysis.host_of[i].unwrap_or(i)).collect();
        let mut needs_station = vec![false; n];
        for i in 0..n {
            if walked[i] > 0.0 {
                needs_station[owner[i]] = true;
            }
        }
        let mut stations = Vec::new();
        let mut tiers_of: Vec<Vec<Tier>> = vec![Vec::new(); n];
        for h in (0..n).filter(|&h| needs_station[h]) {
            tiers_of[h] = stations_of(&analysis, h, growth, &walked, &mut stations)?;
        }

        let places = (0..n)
            .map(|i| {
                if walked[i] <= 0.0 {
                    return None;
                }
                let component = &doc.components[i];
                let hosted = analysis.host_of[i].is_some();
                let service = if hosted {
                    let cpu = component.module.as_ref().map_or(0.0, |m| m.cpu_ms_per_request / 1000.0);
                    Law::fit(cpu, component.service_variability())
                } else {
                    own_service(&analysis, i)
                };
                let cold = match (&component.function, component.kind) {
                    (Some(f), ComponentKind::Function) if f.cold_start_share > 0.0 => {
                        Some((f.cold_start_share, f.cold_start_ms / 1000.0))
                    }
                    _ => None,
                };
                Some(Place {
                    tiers: tiers_of[owner[i]].clone(),
                    service,
                    delay: component.base_latency_ms / 1000.0,
                    cold,
                    parallel: component.parallel_calls,
                })
            })
            .collect();

        let warmup = (requests / 20).max(200);
        let mut simulation = Simulation {
            ids,
            growth,
            seed,
            rng: fastrand::Rng::with_seed(seed),
            places,
            stations,
            calls: analysis.trees().iter().map(|t| t.calls.clone()).collect(),
            heap: BinaryHeap::new(),
            seq: 0,
            tasks: Vec::new(),
            free_tasks: Vec::new(),
            arrivals: 0,
            warmup,
            requests,
            finished: 0,
            measured: 0,
            window: Window { start: f64::INFINITY, end: f64::INFINITY },
            now: 0.0,
            truncated: 0,
            flushed: false,
            entry_stats: streams
                .iter()
                .map(|s| EntryStats {
                    batches: if s.rate > 0.0 { vec![Histogram::new(); BATCHES] } else { Vec::new() },
                    sums: [0.0; BATCHES],
                    counts: [0; BATCHES],
                })
                .collect(),
            component_stats: walked
                .iter()
                .map(|&w| (w > 0.0).then(|| ComponentStats { histogram: Histogram::new(), sum: 0.0, count: 0 }))
                .collect(),
            streams,
        };
        for station in &mut simulation.stations {
            if station.background_rate > 0.0 {
                station.next_background = exponential(&mut simulation.rng, 1.0 / station.background_rate);
            }
        }
        for k in 0..simulation.streams.len() {
            if simulation.streams[k].rate > 0.0 {
                let gap = simulation.streams[k].gaps.sample(&mut simulation.rng);
                simulation.push(gap, ARRIVAL | k as u32);
            }
        }
        Ok(simulation)
    }

    pub fn progress(&self) -> Progress {
        Progress { done: self.finished, total: self.warmup + self.requests }
    }

    /// Handles up to `events` more events (none once finished).
    pub fn step(&mut self, events: usize) -> Progress {
        let total = self.warmup + self.requests;
        for _ in 0..events {
            if self.finished >= total {
                break;
            }
            let Some(event) = self.heap.pop() else { break };
            self.now = event.time;
            if event.what & ARRIVAL != 0 {
                self.arrive((event.what & !ARRIVAL) as usize, event.time);
            } else {
                self.own_work_done(event.what, event.time);
            }
        }
        if self.finished >= total && !self.flushed {
            // Background work to the window's end counts in utilisation.
            self.flushed = true;
            let window = self.window;
            let end = if window.end.is_finite() { window.end } else { self.now };
            for station in &mut self.stations {
                station.catch_up(end, &mut self.rng, window);
            }
        }
        self.progress()
    }

    /// Runs to the end.
    pub fn run(&mut self) -> SimulationReport {
        while !self.step(1 << 16).is_finished() {}
        self.report()
    }

    fn push(&mut self, time: f64, what: u32) {
        self.seq += 1;
        self.heap.push(Event { time, seq: self.seq, what });
    }

    fn new_task(&mut self, task: Task) -> u32 {
        match self.free_tasks.pop() {
            Some(id) => {
                self.tasks[id as usize] = task;
                id
            }
            None => {
                self.tasks.push(task);
                (self.tasks.len() - 1) as u32
            }
        }
    }

    fn arrive(&mut self, k: usize, t: f64) {
        let index = self.arrivals;
        self.arrivals += 1;
        let counted_until = self.warmup + self.requests;
        let batch = if index >= self.warmup && index < counted_until {
            ((index - self.warmup) * BATCHES as u64 / self.requests) as u8
        } else {
            UNMEASURED
        };
        if index == self.warmup {
            self.window.start = t;
        }
        if index + 1 == counted_until {
            self.window.end = t;
        }
        let component = self.streams[k].component;
        let root = self.new_task(Task {
            parent: NO_PARENT,
            component: component as u32,
            entry: k as u32,
            call: u32::MAX,
            attempts_left: 0,
            pending: 0,
            depth: 0,
            batch,
            counted: index < counted_until,
            arrived: t,
        });
        self.start(root, t);
        let gap = self.streams[k].gaps.sample(&mut self.rng);
        self.push(t + gap, ARRIVAL | k as u32);
    }

    /// The task arrives at its component at `t`; its own work there ends
    /// at the event pushed.
    fn start(&mut self, task: u32, t: f64) {
        let Task { component, batch, .. } = self.tasks[task as usize];
        let v = component as usize;
        let Some(place) = &self.places[v] else {
            // Not reached by the analysis's visits (a walk that a
            // zero-rate visit ratio did not foresee): nothing to wait for.
            self.push(t, task);
            return;
        };
        let mut delay = place.delay;
        if let Some((share, extra)) = place.cold {
            if self.rng.f64() < share {
                delay += extra;
            }
        }
        let end = if place.tiers.is_empty() {
            t + delay
        } else {
            let station = match place.tiers.as_slice() {
                [only] if only.nodes == 1 => only.first,
                tiers => {
                    let u = self.rng.f64();
                    let tier = tiers.iter().find(|tier| u < tier.cumulative).or(tiers.last());
                    tier.map_or(0, |tier| {
                        tier.first + if tier.nodes > 1 { self.rng.usize(..tier.nodes) } else { 0 }
                    })
                }
            };
            let service = place.service.sample(&mut self.rng);
            let window = self.window;
            let node = &mut self.stations[station];
            node.catch_up(t, &mut self.rng, window);
            node.serve(t, service, window) + service + delay
        };
        if batch != UNMEASURED {
            if let Some(stats) = &mut self.component_stats[v] {
                stats.histogram.add(end - t);
                stats.sum += end - t;
                stats.count += 1;
            }
        }
        self.push(end, task);
    }

    /// The task's own work at its component is done: now its calls.
    fn own_work_done(&mut self, task: u32, t: f64) {
        let current = self.tasks[task as usize];
        let (k, u) = (current.entry as usize, current.component as usize);
        let parallel = self.places[u].as_ref().is_some_and(|p| p.parallel);
        if !parallel {
            if !self.advance(task, t) {
                self.finish(task, t);
            }
            return;
        }
        let mut pending = 0;
        for c in 0..self.calls[k][u].len() {
            let call = self.calls[k][u][c];
            for _ in 0..attempts(&mut self.rng, call.attempts) {
                if !passes(&mut self.rng, call.pass) {
                    continue;
                }
                if current.depth >= MAX_DEPTH {
                    self.truncated += 1;
                    continue;
                }
                self.spawn(task, current, call.to, t);
                pending += 1;
            }
        }
        if pending == 0 {
            self.finish(task, t);
        } else {
            self.tasks[task as usize].pending = pending;
        }
    }

    /// Starts the next sub-request of a task making its calls one after
    /// another; false when it has made them all.
    fn advance(&mut self, task: u32, t: f64) -> bool {
        loop {
            let current = self.tasks[task as usize];
            let calls = &self.calls[current.entry as usize][current.component as usize];
            if current.attempts_left == 0 {
                let next = current.call.wrapping_add(1);
                let Some(call) = calls.get(next as usize) else { return false };
                let made = attempts(&mut self.rng, call.attempts);
                let state = &mut self.tasks[task as usize];
                state.call = next;
                state.attempts_left = made;
                continue;
            }
            let call = calls[current.call as usize];
            self.tasks[task as usize].attempts_left -= 1;
            if !passes(&mut self.rng, call.pass) {
                continue;
            }
            if current.depth >= MAX_DEPTH {
                self.truncated += 1;
                continue;
            }
            self.spawn(task, current, call.to, t);
            return true;
        }
    }

    fn spawn(&mut self, parent: u32, of: Task, to: usize, t: f64) {
        let child = self.new_task(Task {
            parent,
            component: to as u32,
            entry: of.entry,
            call: u32::MAX,
            attempts_left: 0,
            pending: 0,
            depth: of.depth + 1,
            batch: of.batch,
            counted: false,
            arrived: t,
        });
        self.start(child, t);
    }

    /// The task and its calls are done at `t`: its caller carries on.
    fn finish(&mut self, mut task: u32, t: f64) {
        loop {
            let done = self.tasks[task as usize];
            self.free_tasks.push(task);
            if done.parent == NO_PARENT {
                if done.counted {
                    self.finished += 1;
                }
                if done.batch != UNMEASURED {
                    self.measured += 1;
                    let latency = t - done.arrived;
                    let stats = &mut self.entry_stats[done.entry as usize];
                    let b = usize::from(done.batch);
                    stats.batches[b].add(latency);
                    stats.sums[b] += latency;
                    stats.counts[b] += 1;
                }
                return;
            }
            let parent = done.parent;
            let caller = self.tasks[parent as usize];
            if self.places[caller.component as usize].as_ref().is_some_and(|p| p.parallel) {
                let state = &mut self.tasks[parent as usize];
                state.pending = state.pending.saturating_sub(1);
                if state.pending > 0 {
                    return;
                }
            } else if self.advance(parent, t) {
                return;
            }
            task = parent;
        }
    }

    /// The figures so far (final once [`Simulation::step`] says finished).
    pub fn report(&self) -> SimulationReport {
        let per_entry = self
            .streams
            .iter()
            .zip(&self.entry_stats)
            .enumerate()
            .filter(|(_, (stream, _))| stream.rate > 0.0)
            .map(|(k, (stream, stats))| entry_figures(&self.ids[stream.component], k, stats))
            .collect();
        let window = self.window;
        let end = if window.end.is_finite() { window.end } else { self.now };
        let span = end - window.start;
        let per_component = self
            .component_stats
            .iter()
            .enumerate()
            .filter_map(|(i, stats)| {
                let stats = stats.as_ref()?;
                let place = self.places[i].as_ref()?;
                let utilisation = (!place.tiers.is_empty() && span > 0.0).then(|| {
                    place
                        .tiers
                        .iter()
                        .map(|tier| {
                            let nodes = &self.stations[tier.first..tier.first + tier.nodes];
                            let busy: f64 = nodes.iter().map(|s| s.busy / s.free.len().max(1) as f64).sum();
                            busy / (tier.nodes.max(1) as f64 * span)
                        })
                        .fold(0.0, f64::max)
                });
                Some(SimulatedComponent {
                    component: self.ids[i].clone(),
                    visits: stats.count,
                    mean: (stats.count > 0).then(|| stats.sum / stats.count as f64),
                    p99: Histogram::quantile(&stats.histogram.widened(), 0.99),
                    utilisation,
                })
            })
            .collect();
        SimulationReport {
            growth: self.growth,
            seed: self.seed,
            requests: self.measured,
            per_entry,
            per_component,
            warmup_discarded: self.warmup,
            truncated: self.truncated,
            simulated_seconds: if span.is_finite() { span.max(0.0) } else { 0.0 },
        }
    }
}

/// Runs `requests` measured requests of `doc` at `growth` to the end.
pub fn simulate(doc: &Document, growth: f64, seed: u64, requests: u64) -> Result<SimulationReport, String> {
    Ok(Simulation::new(doc, growth, seed, requests)?.run())
}

/// One entry point's end to end, analytic beside simulated, seconds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntryComparison {
    pub component: ComponentId,
    /// Index of the entry in the report's entries (scenario order).
    pub entry: usize,
    pub analytic_mean: f64,
    pub simulated_mean: f64,
    pub mean_half_width: f64,
    pub analytic_p99: f64,
    pub simulated_p99: f64,
    pub p99_half_width: f64,
}

impl EntryComparison {
    /// Analytic over simulated, less 1: negative when the analysis
    /// promises less latency than the simulation measures.
    pub fn mean_difference(&self) -> f64 {
        self.analytic_mean / self.simulated_mean - 1.0
    }

    pub fn p99_difference(&self) -> f64 {
        self.analytic_p99 / self.simulated_p99 - 1.0
    }
}

/// Analytic against simulated where the bottleneck is busy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BottleneckComparison {
    /// The component judged at the peak that reaches the utilisation limit
    /// first.
    pub bottleneck: ComponentId,
    /// The growth at which its utilisation is the share asked for.
    pub growth: f64,
    /// Its utilisation there, as the analysis reports it.
    pub utilisation: f64,
    pub entries: Vec<EntryComparison>,
    pub simulation: SimulationReport,
}

/// Where the bottleneck is a given share busy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BottleneckGrowth {
    /// The component judged at the peak that reaches the utilisation limit
    /// first.
    pub bottleneck: ComponentId,
    /// The growth (absolute, like the dial) at which its utilisation is
    /// the share asked for.
    pub growth: f64,
    /// Its utilisation there, as the analysis reports it.
    pub utilisation: f64,
}

/// The growth at which `doc`'s bottleneck (the first component judged at
/// the peak to reach the utilisation limit) is `share` busy, found as
/// [`comparison_at_bottleneck`] finds it, for the page to simulate there
/// in slices. Fails, saying why, when nothing saturates or when `share`
/// is not in (0, 1).
pub fn growth_at_bottleneck(doc: &Document, share: f64) -> Result<BottleneckGrowth, String> {
    if share.is_nan() || share <= 0.0 || share >= 1.0 {
        return Err(format!("the bottleneck's utilisation to compare at must be between 0 and 1, not {share}"));
    }
    let analysis = Analysis::new(doc);
    let first = analysis.report_at(doc.scenario.growth);
    let saturation = first
        .ranking
        .iter()
        .find(|s| s.limit == super::report::Limit::Throughput)
        .ok_or_else(|| "nothing reaches its utilisation limit: there is no bottleneck to compare at".to_owned())?;
    let b = doc
        .components
        .iter()
        .position(|c| c.id == saturation.component)
        .ok_or_else(|| format!("the bottleneck {} is not in the document", saturation.component))?;
    // Past the growth where it reaches the limit its servers are fixed
    // (an autoscaler at its ceiling), so its utilisation is linear in
    // growth there; below it an autoscaler's is not, and the bisection
    // finds the first growth reaching `share`.
    let utilisation_at = |growth: f64| analysis.report_at(growth).components[b].utilisation;
    let limit = doc.scenario.utilisation_limit;
    let mut growth = saturation.saturates_at * share / limit;
    if (utilisation_at(growth) - share).abs() > 1e-9 {
        let (mut lo, mut hi) = (0.0, saturation.saturates_at.max(growth));
        for _ in 0..100 {
            let mid = 0.5 * (lo + hi);
            if utilisation_at(mid) < share {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        growth = hi;
    }
    Ok(BottleneckGrowth { bottleneck: saturation.component.clone(), growth, utilisation: utilisation_at(growth) })
}

/// The batches of the batch-means confidence intervals and Student's t
/// at 97.5% for them, so a page can show how a half-width is computed.
pub fn confidence_batches() -> (usize, f64) {
    (BATCHES, STUDENT_T[BATCHES - 2])
}

/// Simulates `doc` at the growth where its bottleneck (the first
/// component judged at the peak to reach the utilisation limit) is
/// `share` busy, and sets each entry's simulated mean and p99 beside the
/// analysis's. Fails, saying why, when nothing saturates, when nothing
/// the requests visit would be stable there, or when `share` is not in
/// (0, 1).
pub fn comparison_at_bottleneck(doc: &Document, share: f64, seed: u64, requests: u64) -> Result<BottleneckComparison, String> {
    let BottleneckGrowth { bottleneck, growth, utilisation } = growth_at_bottleneck(doc, share)?;
    let analysis = Analysis::new(doc);
    let report = analysis.report_at(growth);
    let percentiles = analysis.percentiles(&report);
    let simulation = simulate(doc, growth, seed, requests)?;
    let entries = simulation
        .per_entry
        .iter()
        .map(|simulated| {
            let k = simulated.entry;
            let analytic_mean = report.entries.get(k).and_then(|e| e.latency).unwrap_or(f64::NAN);
            let analytic_p99 = percentiles.entries.get(k).copied().flatten().map_or(f64::NAN, |p| p.p99);
            EntryComparison {
                component: simulated.component.clone(),
                entry: k,
                analytic_mean,
                simulated_mean: simulated.mean,
                mean_half_width: simulated.mean_half_width,
                analytic_p99,
                simulated_p99: simulated.p99,
                p99_half_width: simulated.p99_half_width,
            }
        })
        .collect();
    Ok(BottleneckComparison { bottleneck, growth, utilisation, entries, simulation })
}

fn attempts(rng: &mut fastrand::Rng, attempts: f64) -> u32 {
    if attempts.is_nan() || attempts <= 0.0 {
        return 0;
    }
    let whole = attempts.floor();
    let fraction = attempts - whole;
    let extra = u32::from(fraction > 0.0 && rng.f64() < fraction);
    (whole.min(f64::from(u32::MAX - 1)) as u32).saturating_add(extra)
}

fn passes(rng: &mut fastrand::Rng, pass: f64) -> bool {
    pass >= 1.0 || rng.f64() < pass
}

/// Service of a component's own requests. A host's μ is the mean over
/// its own requests and its modules' (one exponential for the mix, in the
/// analysis); here its own requests take its own throughput's time and
/// each module's its CPU time, so the station's work is the same.
fn own_service(analysis: &Analysis<'_>, i: usize) -> Law {
    let component = &analysis.doc.components[i];
    let hosts = analysis.host_of.contains(&Some(i));
    let rate = if hosts { component.throughput_per_instance } else { analysis.mu[i] };
    Law::fit(1.0 / rate, component.service_variability())
}

/// The stations of component `h` (one per node of each tier), with the
/// background that brings each to the analysis's arrival rate.
fn stations_of(
    analysis: &Analysis<'_>,
    h: usize,
    growth: f64,
    walked: &[f64],
    stations: &mut Vec<Station>,
) -> Result<Vec<Tier>, String> {
    let component = &analysis.doc.components[h];
    let served = analysis.served[h] * growth;
    let mu = analysis.mu[h];
    let servers = if component.kind == ComponentKind::Database {
        component.instances
    } else {
        analysis.servers_at(h, served)
    };
    let shapes = &analysis.shapes[h];
    for shape in shapes {
        let node_rate = served * shape.share_per_node;
        if node_rate <= 0.0 {
            continue;
        }
        let utilisation = node_rate / (f64::from(servers) * mu);
        if utilisation.is_nan() || utilisation >= 1.0 {
            let percent = if utilisation.is_finite() {
                format!("{:.0}%", utilisation * 100.0)
            } else {
                "over 100%".to_owned()
            };
            let id = &component.id;
            return Err(if component.kind == ComponentKind::ExternalApi {
                format!("{id} is past its rate limit at {growth:.2}× ({percent} of it): its latency has no steady state to simulate")
            } else if shapes.len() > 1 || component.kind == ComponentKind::Database {
                let role = shape.role.label();
                format!("{id} is saturated at {growth:.2}×: its {role} would be {percent} busy, so its queue has no steady state to simulate")
            } else {
                format!("{id} is saturated at {growth:.2}×: it would be {percent} busy, so its queue has no steady state to simulate")
            });
        }
    }
    if component.kind == ComponentKind::ExternalApi {
        return Ok(Vec::new());
    }

    let total_share: f64 = shapes.iter().map(|s| s.wait_share).sum();
    let modules: Vec<usize> = (0..analysis.host_of.len()).filter(|&m| analysis.host_of[m] == Some(h)).collect();
    let mut tiers = Vec::with_capacity(shapes.len());
    let mut cumulative = 0.0;
    for shape in shapes {
        let wait = if total_share > 0.0 { shape.wait_share / total_share } else { 1.0 / shapes.len() as f64 };
        cumulative += wait;
        let nodes = shape.nodes.max(1) as usize;
        // What the analysis sees arrive at one node, class by class, less
        // what the walks bring (a walk lands on this tier by its share of
        // waiting, on a node uniformly).
        let mut classes = Vec::new();
        let mut own = |class_rate: f64, walk: f64, law: Law| {
            let background = class_rate * growth * shape.share_per_node - walk * wait / nodes as f64;
            // Float noise where the walks bring all of it.
            if background > 1e-9 * class_rate * growth {
                classes.push((background, law));
            }
        };
        own(analysis.unit[h].total(), walked[h], own_service(analysis, h));
        for &m in &modules {
            let module = &analysis.doc.components[m];
            let cpu = module.module.as_ref().map_or(0.0, |s| s.cpu_ms_per_request / 1000.0);
            own(analysis.unit[m].total(), walked[m], Law::fit(cpu, module.service_variability()));
        }
        let background_rate: f64 = classes.iter().map(|c| c.0).sum();
        let mut running = 0.0;
        let classes: Vec<(f64, Law)> = classes
            .into_iter()
            .map(|(rate, law)| {
                running += rate / background_rate;
                (running, law)
            })
            .collect();
        tiers.push(Tier { cumulative, first: stations.len(), nodes });
        for _ in 0..nodes {
            stations.push(Station {
                free: vec![0.0; servers.max(1) as usize],
                background_rate,
                next_background: f64::INFINITY,
                classes: classes.clone(),
                busy: 0.0,
            });
        }
    }
    if let Some(last) = tiers.last_mut() {
        // A request always lands somewhere, whatever the rounding.
        last.cumulative = f64::INFINITY;
    }
    Ok(tiers)
}

fn entry_figures(component: &ComponentId, entry: usize, stats: &EntryStats) -> SimulatedLatency {
    let requests: u64 = stats.counts.iter().sum();
    let mut merged = vec![0u64; BINS];
    for batch in &stats.batches {
        for (m, &c) in merged.iter_mut().zip(&batch.counts) {
            *m += u64::from(c);
        }
    }
    let quantile = |q| Histogram::quantile(&merged, q).unwrap_or(f64::NAN);
    let mean = if requests > 0 { stats.sums.iter().sum::<f64>() / requests as f64 } else { f64::NAN };
    let filled: Vec<usize> = (0..BATCHES).filter(|&b| stats.counts[b] > 0).collect();
    let half_width = |values: &[f64]| -> f64 {
        if values.len() < 2 {
            return f64::INFINITY;
        }
        let k = values.len() as f64;
        let centre = values.iter().sum::<f64>() / k;
        let variance = values.iter().map(|v| (v - centre).powi(2)).sum::<f64>() / (k - 1.0);
        STUDENT_T[(values.len() - 2).min(STUDENT_T.len() - 1)] * (variance / k).sqrt()
    };
    let means: Vec<f64> = filled.iter().map(|&b| stats.sums[b] / stats.counts[b] as f64).collect();
    let p99s: Vec<f64> = filled
        .iter()
        .filter_map(|&b| Histogram::quantile(&stats.batches[b].widened(), 0.99))
        .collect();
    SimulatedLatency {
        component: component.clone(),
        entry,
        requests,
        mean,
        p50: quantile(0.5),
        p95: quantile(0.95),
        p99: quantile(0.99),
        mean_half_width: half_width(&means),
        p99_half_width: half_width(&p99s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fits keep the mean and the variability asked for.
    #[test]
    fn sampled_laws_have_their_two_moments() {
        let mut rng = fastrand::Rng::with_seed(7);
        for scv in [0.0, 0.25, 1.0, 4.0] {
            let law = Law::fit(0.01, scv);
            let n = 400_000;
            let (mut sum, mut squares) = (0.0, 0.0);
            for _ in 0..n {
                let x = law.sample(&mut rng);
                sum += x;
                squares += x * x;
            }
            let mean = sum / f64::from(n);
            let found = squares / f64::from(n) / (mean * mean) - 1.0;
            assert!((mean / 0.01 - 1.0).abs() < 0.01, "{scv}: mean {mean}");
            assert!((found - scv).abs() < 0.03 * scv.max(1.0), "{scv}: scv {found}");
        }
    }

    #[test]
    fn histogram_quantiles_are_within_a_bin() {
        let mut histogram = Histogram::new();
        for k in 1..=10_000 {
            histogram.add(f64::from(k) * 1e-4);
        }
        let p99 = Histogram::quantile(&histogram.widened(), 0.99).unwrap_or(0.0);
        assert!((p99 / 0.99 - 1.0).abs() < 0.003, "{p99}");
    }

    #[test]
    fn the_least_server_is_replaced_in_order() {
        let mut heap = vec![1.0, 2.0, 3.0, 4.0];
        replace_least(&mut heap, 5.0);
        assert_eq!(heap[0], 2.0);
        replace_least(&mut heap, 2.5);
        assert_eq!(heap[0], 2.5);
        replace_least(&mut heap, 6.0);
        assert_eq!(heap[0], 3.0);
    }
}
