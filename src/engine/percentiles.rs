//! Latency percentiles: p50/p95/p99 of every component's response time and
//! of every entry point's end-to-end latency, and the growth at which an
//! entry point's latency objective breaks.
//!
//! End to end follows the reference cases' semantics: a request at u calls
//! each synchronous child one after another, a fractional number of calls
//! is a chance of one more, a cache passes each attempt with its miss
//! ratio, and sojourns are independent. The sum of a random number of
//! independent sojourns has a product form in the Laplace domain,
//! X̂_u(s) = R̂_u(s) · Π_v G_uv(X̂_v(s)) with G the attempts' generating
//! function, and every component's R̂ is closed form
//! (`engine::response_law`). So the distribution function is inverted
//! numerically from the exact transform (Abate and Whitt's Euler
//! algorithm) instead of being built on a grid: its error is about
//! e^(−A) ≈ 1e-8 of the distribution, independent of the shape, where a
//! grid with FFT convolution would be limited by its step (0.1% of the
//! mean at 4096 points), and it needs no grid to be sized.
//!
//! A component whose calls are marked parallel waits for the slowest of
//! its branches instead: the maximum has no product form, so
//! `engine::parallel` builds its distribution on a grid from the callees'
//! inverted distributions and gives it a transform this walk multiplies
//! in; the report's mean subtracts what it saves over the sum. Inside a
//! synchronous loop parallel calls are still walked one after another (an
//! upper bound).

use super::analysis::Analysis;
use super::call_tree::CallTree;
use super::complex::Complex;
use super::report::{ComponentLoad, Report};
use super::parallel::{waits_for_several, Branches, Callee, SlowestBranch};
use super::response_law::{Branch, ResponseLaw, ServiceLaw};
use crate::model::{ComponentId, ComponentKind, LatencyObjective};

/// Three percentiles of one latency, seconds.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Percentiles {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
}

/// Every percentile of one report. `None` where something on the way is
/// saturated: the latency has no steady state.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct LatencyPercentiles {
    pub components: Vec<Option<Percentiles>>,
    /// In the report's entry order.
    pub entries: Vec<Option<Percentiles>>,
}

/// Where an entry point's objective stands.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ObjectiveHeadroom {
    pub entry: ComponentId,
    pub objective: LatencyObjective,
    /// The largest growth at which the objective still holds; 0 when it
    /// does not hold even with no load; `None` when no growth breaks it
    /// before the system saturates (it then breaks at saturation).
    pub breaks_at: f64,
}

// Abate and Whitt's parameters: A sets the discretisation error (e^−A),
// the series is summed to N terms and Euler-averaged over M more.
const EULER_A: f64 = 18.4;
const EULER_N: usize = 15;
const EULER_M: usize = 11;

/// F(t) from F̂(s) = X̂(s)/s, by the Euler algorithm.
fn invert_cdf(transform: &dyn Fn(Complex) -> Option<Complex>, t: f64) -> Option<f64> {
    if t <= 0.0 {
        return Some(0.0);
    }
    let scale = (EULER_A / 2.0).exp() / t;
    let term = |k: usize| -> Option<f64> {
        let s = Complex::new(EULER_A / (2.0 * t), k as f64 * std::f64::consts::PI / t);
        let value = transform(s)? / s;
        let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
        Some(sign * value.re * if k == 0 { 0.5 } else { 1.0 })
    };
    let mut partial = 0.0;
    let mut sums = Vec::with_capacity(EULER_M + 1);
    for k in 0..=EULER_N + EULER_M {
        partial += term(k)?;
        if k >= EULER_N {
            sums.push(partial);
        }
    }
    let mut binomial = 1.0;
    let mut averaged = 0.0;
    for (j, sum) in sums.iter().enumerate() {
        averaged += binomial * sum;
        binomial = binomial * (EULER_M - j) as f64 / (j + 1) as f64;
    }
    Some((scale * averaged / 2f64.powi(EULER_M as i32)).clamp(0.0, 1.0))
}

/// The smallest t with F(t) ≥ q, for an increasing F with mean `mean`.
fn quantile_of(cdf: &dyn Fn(f64) -> Option<f64>, mean: f64, q: f64) -> Option<f64> {
    if !mean.is_finite() || mean <= 0.0 {
        return None;
    }
    let mut lo = 0.0;
    let mut f_lo = -q;
    let mut hi = mean;
    let mut f_hi = cdf(hi)? - q;
    let mut guard = 0;
    while f_hi < 0.0 {
        lo = hi;
        f_lo = f_hi;
        hi *= 2.0;
        f_hi = cdf(hi)? - q;
        guard += 1;
        if guard > 100 {
            return None;
        }
    }
    // Illinois (regula falsi that halves the stale end): superlinear, and
    // it never leaves the bracket.
    let mut stale = 0i8;
    for _ in 0..100 {
        let mid = if f_hi - f_lo > 0.0 { hi - f_hi * (hi - lo) / (f_hi - f_lo) } else { 0.5 * (lo + hi) };
        let mid = if mid <= lo || mid >= hi { 0.5 * (lo + hi) } else { mid };
        let f_mid = cdf(mid)? - q;
        if f_mid >= 0.0 {
            hi = mid;
            f_hi = f_mid;
            if stale == -1 {
                f_lo *= 0.5;
            }
            stale = -1;
        } else {
            lo = mid;
            f_lo = f_mid;
            if stale == 1 {
                f_hi *= 0.5;
            }
            stale = 1;
        }
        if hi - lo <= 1e-10 * hi || f_mid.abs() < 1e-12 {
            return Some(mid);
        }
    }
    Some(0.5 * (lo + hi))
}

/// G(z) for `attempts` attempts (floor always, one more with the
/// fractional chance), each through with chance `pass`.
fn attempts_generating(attempts: f64, pass: f64, z: Complex) -> Complex {
    let one = Complex::real(1.0 - pass) + z * pass;
    let whole = attempts.floor();
    let fraction = attempts - whole;
    one.powi(whole as u64) * (Complex::real(1.0 - fraction) + one * fraction)
}

/// One entry point's end-to-end latency as a transform.
pub(super) struct EndToEnd<'a> {
    laws: &'a [Option<ResponseLaw>],
    tree: &'a CallTree,
    /// Reachable components, callees before callers where the calls allow.
    order: Vec<usize>,
    /// Whether a synchronous loop makes the transform a fixed point.
    cyclic: bool,
    pub(super) mean: f64,
    /// How much sooner than one after another the mean is because
    /// components call in parallel (0 when none does).
    pub(super) parallel_saving: f64,
    /// The latency every request pays whatever happens (fixed delays on
    /// calls it always makes). The inversion works on what is above it:
    /// a jump of the distribution function far from the origin is what
    /// Euler's series resolves worst (a CDN answering 85% of requests in
    /// its 10 ms put the mean 2% off); at the origin it costs nothing.
    floor: Vec<f64>,
    /// Each reachable component's own least delay.
    own_floor: Vec<f64>,
    /// Per component that calls in parallel, the law of its slowest
    /// branch; empty when none does.
    slowest: Vec<Option<SlowestBranch>>,
    /// Per callee of a parallel component that calls on, its sojourn's
    /// distribution on a grid, inverted once from its subtree's exact
    /// transform and read by every caller's grid: the callers of one
    /// callee (and the levels above a nested maximum) do not invert it
    /// again at each of their own points. Empty when none calls in
    /// parallel. Only the maxima read it; every transform stays exact.
    distributions: Vec<Option<SlowestBranch>>,
}

impl<'a> EndToEnd<'a> {
    /// `parallel` says which components make their calls at once.
    pub(super) fn new(
        laws: &'a [Option<ResponseLaw>],
        tree: &'a CallTree,
        visits: &[f64],
        parallel: &dyn Fn(usize) -> bool,
    ) -> Option<EndToEnd<'a>> {
        let n = laws.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on the path, 2 done
        let mut order = Vec::new();
        let mut cyclic = false;
        // Depth-first, iteratively: a deep chain must not overflow the stack.
        let mut stack = vec![(tree.entry, 0usize)];
        state[tree.entry] = 1;
        while let Some((u, next)) = stack.pop() {
            if let Some(call) = tree.calls[u].get(next) {
                stack.push((u, next + 1));
                match state[call.to] {
                    0 => {
                        state[call.to] = 1;
                        stack.push((call.to, 0));
                    }
                    1 => cyclic = true,
                    _ => {}
                }
            } else {
                state[u] = 2;
                order.push(u);
            }
        }
        let mut mean = 0.0;
        for &u in &order {
            mean += visits[u] * laws[u].as_ref()?.mean();
        }
        // A maximum inside a synchronous loop is walked one after another.
        let waits_for_slowest = |u: usize| {
            !cyclic && parallel(u) && waits_for_several(tree.calls[u].iter().map(|c| c.attempts))
        };
        let mut walk = EndToEnd {
            laws,
            tree,
            order,
            cyclic,
            mean,
            parallel_saving: 0.0,
            floor: vec![0.0; n],
            own_floor: vec![0.0; n],
            slowest: Vec::new(),
            distributions: Vec::new(),
        };
        if !cyclic {
            let any_parallel = walk.order.iter().any(|&u| waits_for_slowest(u));
            if any_parallel {
                walk.slowest = vec![None; n];
                walk.distributions = vec![None; n];
            }
            // Each subtree's mean sojourn, for what a maximum saves.
            let mut subtree_mean = if any_parallel { vec![0.0; n] } else { Vec::new() };
            for k in 0..walk.order.len() {
                let u = walk.order[k];
                let law = laws[u].as_ref()?;
                walk.own_floor[u] = law.least_delay();
                let mut total = walk.own_floor[u];
                if waits_for_slowest(u) {
                    for call in &tree.calls[u] {
                        let v = call.to;
                        if !tree.calls[v].is_empty() && walk.distributions[v].is_none() {
                            walk.distributions[v] = Some(walk.distribution_of(v, &subtree_mean)?);
                        }
                    }
                    let slowest = walk.slowest_branch(u, &subtree_mean)?;
                    let one_after_another: f64 =
                        tree.calls[u].iter().map(|c| c.mean_calls() * subtree_mean[c.to]).sum();
                    walk.parallel_saving += visits[u] * (one_after_another - slowest.mean);
                    subtree_mean[u] = law.mean() + slowest.mean;
                    total += slowest.floor;
                    walk.slowest[u] = Some(slowest);
                } else {
                    for call in &tree.calls[u] {
                        if call.pass >= 1.0 {
                            total += call.attempts.floor() * walk.floor[call.to];
                        }
                    }
                    if any_parallel {
                        subtree_mean[u] =
                            law.mean() + tree.calls[u].iter().map(|c| c.mean_calls() * subtree_mean[c.to]).sum::<f64>();
                    }
                }
                walk.floor[u] = total;
            }
            walk.mean -= walk.parallel_saving;
        }
        Some(walk)
    }

    /// The law of the slowest of u's calls made at once, from its
    /// callees' distributions: closed form for one that calls nothing,
    /// read from its grid (`distributions`) otherwise.
    fn slowest_branch(&self, u: usize, subtree_mean: &[f64]) -> Option<SlowestBranch> {
        let mut callees: Vec<usize> = self.tree.calls[u].iter().map(|c| c.to).collect();
        callees.sort_unstable();
        callees.dedup();
        let cdfs: Vec<Box<dyn Fn(f64) -> Option<f64> + '_>> = callees
            .iter()
            .map(|&v| -> Option<Box<dyn Fn(f64) -> Option<f64> + '_>> {
                if let Some(Some(grid)) = self.distributions.get(v) {
                    return Some(Box::new(move |t| Some(grid.cdf(t))));
                }
                let law = self.laws[v].as_ref()?;
                Some(Box::new(move |t| Some(law.cdf(t))))
            })
            .collect::<Option<_>>()?;
        let described: Vec<Callee> = callees
            .iter()
            .zip(&cdfs)
            .map(|(&v, cdf)| Callee { floor: self.floor[v], mean: subtree_mean[v], cdf: cdf.as_ref() })
            .collect();
        let calls: Vec<Branches> = self.tree.calls[u]
            .iter()
            .filter_map(|c| {
                let callee = callees.binary_search(&c.to).ok()?;
                Some(Branches { callee, attempts: c.attempts, pass: c.pass })
            })
            .collect();
        SlowestBranch::new(&described, &calls)
    }

    /// v's sojourn on a grid, its distribution function inverted from its
    /// subtree's exact transform at each of the grid's points.
    fn distribution_of(&self, v: usize, subtree_mean: &[f64]) -> Option<SlowestBranch> {
        let subtree = self.reachable_from(v);
        let n = self.laws.len();
        let scratch = std::cell::RefCell::new((vec![Complex::real(1.0); n], vec![Complex::real(1.0); n]));
        let (floor, spread) = (self.floor[v], subtree_mean[v] - self.floor[v]);
        let cdf = |t: f64| {
            if t < floor {
                return Some(0.0);
            }
            // At its floor, the right limit: a jump there counts.
            let above = (t - floor).max(1e-9 * spread);
            let transform = |s: Complex| {
                let (plain, shifted) = &mut *scratch.borrow_mut();
                self.subtree_pass(s, &subtree, plain, shifted)?;
                Some(shifted[v])
            };
            invert_cdf(&transform, above)
        };
        SlowestBranch::of_one(&Callee { floor, mean: subtree_mean[v], cdf: &cdf })
    }

    /// The components a request at v reaches, callees first (the walk's
    /// order, restricted).
    fn reachable_from(&self, v: usize) -> Vec<usize> {
        let mut reached = vec![false; self.laws.len()];
        let mut stack = vec![v];
        reached[v] = true;
        while let Some(u) = stack.pop() {
            for call in &self.tree.calls[u] {
                if !reached[call.to] {
                    reached[call.to] = true;
                    stack.push(call.to);
                }
            }
        }
        self.order.iter().copied().filter(|&u| reached[u]).collect()
    }

    /// One pass of the acyclic walk over `order` (callees first), into
    /// `plain` and `shifted`.
    fn subtree_pass(&self, s: Complex, order: &[usize], plain: &mut [Complex], shifted: &mut [Complex]) -> Option<()> {
        for &u in order {
            let y = self.own_and_calls(s, u, plain, shifted)?;
            shifted[u] = y;
            plain[u] = y * (s * -self.floor[u]).exp();
        }
        Some(())
    }

    /// E[e^(−s(X_u − floor_u))] from the callees' transforms.
    fn own_and_calls(&self, s: Complex, u: usize, plain: &[Complex], shifted: &[Complex]) -> Option<Complex> {
        let mut y = self.laws[u].as_ref()?.shifted_transform(s, self.own_floor[u]);
        if let Some(Some(slowest)) = self.slowest.get(u) {
            return Some(y * slowest.shifted_transform(s));
        }
        for call in &self.tree.calls[u] {
            y = y * if call.pass >= 1.0 && !self.cyclic {
                let whole = call.attempts.floor();
                let fraction = call.attempts - whole;
                shifted[call.to].powi(whole as u64) * (Complex::real(1.0 - fraction) + plain[call.to] * fraction)
            } else {
                attempts_generating(call.attempts, call.pass, plain[call.to])
            };
        }
        Some(y)
    }

    /// E[e^(−s(X − floor))] of the entry. Each component keeps both its
    /// transform and the one shifted by its floor: the shifted one is what
    /// a call it always makes multiplies in, the plain one (which may
    /// underflow to 0, harmlessly) what a call that may not happen does.
    fn transform(&self, s: Complex) -> Option<Complex> {
        let n = self.laws.len();
        let mut plain = vec![Complex::real(1.0); n];
        let mut shifted = vec![Complex::real(1.0); n];
        let passes = if self.cyclic { 500 } else { 1 };
        for _ in 0..passes {
            let mut change: f64 = 0.0;
            for &u in &self.order {
                let y = self.own_and_calls(s, u, &plain, &shifted)?;
                change = change.max((y - shifted[u]).norm());
                shifted[u] = y;
                plain[u] = y * (s * -self.floor[u]).exp();
            }
            if change < 1e-15 {
                break;
            }
        }
        Some(shifted[self.tree.entry])
    }

    pub(super) fn quantile(&self, q: f64) -> Option<f64> {
        let floor = self.floor[self.tree.entry];
        let above = |s: Complex| self.transform(s);
        Some(floor + quantile_of(&|t| invert_cdf(&above, t), self.mean - floor, q)?)
    }
}

impl Analysis<'_> {
    /// Each component's response-time law in `report` (`None` when it is
    /// saturated).
    pub fn response_laws(&self, report: &Report) -> Vec<Option<ResponseLaw>> {
        self.response_laws_of(&report.components)
    }

    /// The same from the components' loads alone (the report's mean needs
    /// them before the report exists when components call in parallel).
    pub(super) fn response_laws_of(&self, loads: &[ComponentLoad]) -> Vec<Option<ResponseLaw>> {
        let own: Vec<Option<ResponseLaw>> = self
            .doc
            .components
            .iter()
            .zip(loads)
            .enumerate()
            .map(|(i, (component, load))| self.own_law(i, component, load))
            .collect();
        (0..own.len())
            .map(|m| match self.host_of[m] {
                // A module waits in its host's queue, then takes its own
                // CPU time and base latency.
                Some(h) => {
                    let module = &self.doc.components[m];
                    let cpu = module.module.as_ref().map(|s| s.cpu_ms_per_request / 1000.0).unwrap_or(0.0);
                    let host = own[h].as_ref()?;
                    Some(ResponseLaw {
                        branches: host
                            .branches
                            .iter()
                            .map(|b| Branch {
                                delay: module.base_latency_ms / 1000.0,
                                service: ServiceLaw::fit(cpu, module.service_variability()),
                                ..b.clone()
                            })
                            .collect(),
                    })
                }
                None => own[m].clone(),
            })
            .collect()
    }

    fn own_law(&self, i: usize, component: &crate::model::Component, load: &ComponentLoad) -> Option<ResponseLaw> {
        let base = component.base_latency_ms / 1000.0;
        if component.kind == ComponentKind::ExternalApi {
            load.queueing?;
            return Some(ResponseLaw::single(Branch {
                weight: 1.0,
                delay: load.response_time()?,
                prob_wait: 0.0,
                wait_rate: f64::INFINITY,
                service: ServiceLaw::none(),
            }));
        }
        let service = ServiceLaw::fit(self.own_service[i], component.service_variability());
        let total_share: f64 = self.shapes[i].iter().map(|s| s.wait_share).sum();
        let mut branches = Vec::new();
        for (tier, shape) in load.tiers.iter().zip(&self.shapes[i]) {
            if shape.wait_share <= 0.0 {
                continue;
            }
            let q = tier.queueing?;
            let (prob_wait, wait_rate) = if q.wait_time > 0.0 && q.prob_wait > 0.0 {
                (q.prob_wait, q.prob_wait / q.wait_time)
            } else {
                (0.0, f64::INFINITY)
            };
            let weight = shape.wait_share / if total_share > 0.0 { total_share } else { 1.0 };
            let branch = Branch { weight, delay: base, prob_wait, wait_rate, service: service.clone() };
            match (&component.function, component.kind) {
                (Some(f), ComponentKind::Function) if f.cold_start_share > 0.0 => {
                    branches.push(Branch { weight: weight * (1.0 - f.cold_start_share), ..branch.clone() });
                    branches.push(Branch {
                        weight: weight * f.cold_start_share,
                        delay: base + f.cold_start_ms / 1000.0,
                        ..branch
                    });
                }
                _ => branches.push(branch),
            }
        }
        if branches.is_empty() {
            // Nothing waits on any tier (no traffic): service alone.
            branches.push(Branch { weight: 1.0, delay: base, prob_wait: 0.0, wait_rate: f64::INFINITY, service });
        }
        Some(ResponseLaw { branches })
    }

    /// The `q` quantile of entry `k`'s end-to-end latency in `report`.
    pub fn entry_quantile(&self, report: &Report, laws: &[Option<ResponseLaw>], k: usize, q: f64) -> Option<f64> {
        let tree = self.trees().get(k)?;
        let (_, _, visits) = self.visits.get(k)?;
        report.entries.get(k)?;
        EndToEnd::new(laws, tree, visits, &|u| self.calls_in_parallel(u))?.quantile(q)
    }

    /// p50, p95 and p99 of every component and entry point in `report`.
    pub fn percentiles(&self, report: &Report) -> LatencyPercentiles {
        let laws = self.response_laws(report);
        let of = |quantile: &dyn Fn(f64) -> Option<f64>| -> Option<Percentiles> {
            Some(Percentiles { p50: quantile(0.5)?, p95: quantile(0.95)?, p99: quantile(0.99)? })
        };
        let components = laws.iter().map(|law| law.as_ref().and_then(|law| of(&|q| law.quantile(q)))).collect();
        let entries = (0..self.trees().len())
            .map(|k| {
                let tree = &self.trees()[k];
                let end_to_end = EndToEnd::new(&laws, tree, &self.visits[k].2, &|u| self.calls_in_parallel(u))?;
                of(&|q| end_to_end.quantile(q))
            })
            .collect();
        LatencyPercentiles { components, entries }
    }

    /// The `q` quantile of entry `k` at `growth`.
    pub fn entry_quantile_at(&self, growth: f64, k: usize, q: f64) -> Option<f64> {
        let report = self.report_at(growth);
        let laws = self.response_laws(&report);
        self.entry_quantile(&report, &laws, k, q)
    }

    /// For every entry point with an objective, the largest growth at
    /// which it holds. The percentile rises with growth and has no bound
    /// as the first component on the way saturates, so the growth is
    /// found by bisection between no load and that saturation.
    pub fn objective_headroom(&self) -> Vec<ObjectiveHeadroom> {
        let scenario = &self.doc.scenario;
        let mut found = Vec::new();
        for (k, &(entry, _)) in self.network.entries.iter().enumerate() {
            let Some(objective) = scenario.entries.get(k).and_then(|e| e.objective) else { continue };
            let target = objective.target_ms / 1000.0;
            let holds = |g: f64| self.entry_quantile_at(g, k, objective.percentile).is_some_and(|t| t <= target);
            let floor = 1e-9;
            let breaks_at = if !holds(floor) {
                0.0
            } else {
                // Past the saturation of anything it visits the percentile
                // does not exist; start from there and halve until it holds.
                let mut hi = self
                    .report_at(1.0)
                    .components
                    .iter()
                    .zip(&self.visits[k].2)
                    .filter(|(_, v)| **v > 0.0)
                    .filter_map(|(c, _)| c.saturates_at)
                    .fold(f64::INFINITY, f64::min);
                if !hi.is_finite() {
                    hi = 1e6;
                }
                let mut lo = floor;
                while holds(hi) && hi < 1e12 {
                    lo = hi;
                    hi *= 2.0;
                }
                for _ in 0..200 {
                    let mid = (lo * hi).sqrt();
                    if holds(mid) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                    if hi / lo - 1.0 < 1e-9 {
                        break;
                    }
                }
                lo
            };
            found.push(ObjectiveHeadroom { entry: self.doc.components[entry].id.clone(), objective, breaks_at });
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Euler inversion of an exponential's transform gives its
    /// distribution function to about 1e-8.
    #[test]
    fn inversion_of_an_exponential() {
        let rate = 50.0;
        let transform = |s: Complex| Some(Complex::real(rate) / (s + rate));
        for t in [0.001, 0.01, 0.05, 0.2] {
            let f = invert_cdf(&transform, t).unwrap();
            let exact = 1.0 - (-rate * t).exp();
            assert!((f - exact).abs() < 1e-7, "{t}: {f} vs {exact}");
        }
    }

    /// Two attempts at a 0.2 pass chance: 0.64 none, 0.32 one, 0.04 two.
    #[test]
    fn attempts_generating_function() {
        let g = attempts_generating(2.0, 0.2, Complex::real(0.5));
        assert!((g.re - (0.64 + 0.32 * 0.5 + 0.04 * 0.25)).abs() < 1e-15);
        let g = attempts_generating(0.3, 1.0, Complex::real(0.5));
        assert!((g.re - (0.7 + 0.3 * 0.5)).abs() < 1e-15);
    }
}
