//! The latency of a component that makes its synchronous calls at once
//! (`parallel_calls`) and waits for the slowest: the law of the maximum of
//! its branches, and what it takes off each entry point's mean.
//!
//! As in `engine::simulation`, every attempt is a branch of its own: a
//! call made 2.3 times starts two sub-requests always and a third with
//! chance 0.3, all at once, each reaching the callee with the call's pass
//! chance (a cache's miss ratio) and otherwise answered at once. Branches
//! are independent, the assumption of the sequential walk too, so
//!
//! ```text
//! P(M ≤ t) = Π_c G_c(F_c(t)),   G(z) = a^⌊k⌋ ((1 − f) + f a),  a = (1 − p) + p z
//! ```
//!
//! with F_c the callee's subtree sojourn distribution and G_c the same
//! generating function the sequential walk applies to transforms. A
//! maximum has no product form in the Laplace domain, so the outer
//! inversion cannot compose it: the product is formed on a grid and the
//! maximum gets a law of its own: atoms where a callee's least latency
//! makes it jump, cells between grid points whose density is linear (its
//! slope from the neighbouring cells, so the distribution function is
//! quadratic between points) and an exponential tail past the last point.
//! That law has a closed-form transform, a sum over the cells, which the
//! end-to-end inversion multiplies in like any component's, and a mean
//! the report adds: the report's mean and the distribution's are the
//! same number. A transform rather than a time-domain convolution at
//! the caller keeps one inversion for the whole walk, so a maximum deep in
//! the tree composes with the sequential calls above it (and a maximum
//! inside another). Only components with parallel calls pay for the grid.
//! A callee that calls on is inverted once, onto a grid of the same kind
//! (`of_one`), which each of its parallel callers reads at its own points:
//! a maximum over k callees costs k inversions per callee, not per
//! caller point (2.5× on the benchmark below), with every transform the
//! end-to-end inversion multiplies left exact. Cost, measured (`cargo
//! bench --bench engine -- parallel`): the sample with its web app calling
//! at once 1.4 ms a growth for the report and every percentile; a
//! 30-component layered model where every component calls at once,
//! maxima ten deep, 0.66 s.
//!
//! Exact: the product, at every grid point (a callee's distribution from
//! its closed form when it calls nothing, from the Euler inversion of its
//! subtree, error about 1e-8, otherwise). Approximated: how the mass lies
//! inside a cell. Cells are 1/16 of an octave of the distance from the
//! least latency wide (16 per doubling, from 1/16 of the finest callee's
//! spread to where 1e-9 is left, about 100 cells): on the maximum of two
//! exponentials against its closed form the mean is off by 6e-7 and p99
//! by 1.4e-5 (the unit tests below). Against the simulation the model's
//! assumption shows instead: independent branches are right for
//! different callees (three callees at once, the scaled web app's cache
//! reads: mean and p99 within 0.15%), but sub-requests sent at once to
//! the same station arrive there together, a batch, and wait longer than
//! M/M/c says (tests/percentiles.rs: the sample 0.9% low on the mean and
//! 1.1% on p99, the monoliths whose every call goes to Postgres or to the
//! monolith's own instances 7–9% and 3.5–5%).
//! A maximum inside a synchronous loop is walked one after another (an
//! upper bound): the loop's fixed point would need the grid inside the
//! iteration.

use super::analysis::Analysis;
use super::complex::Complex;
use super::percentiles::EndToEnd;
use super::report::ComponentLoad;

/// Cells per doubling of the distance from the least latency.
const CELLS_PER_OCTAVE: usize = 16;
/// The grid ends where less than this much probability is left.
const TAIL_MASS: f64 = 1e-9;
/// Doublings before giving up (a branch 2^60 times slower than the
/// fastest).
const MAX_OCTAVES: usize = 60;

/// One callee of a parallel caller: its subtree sojourn distribution.
pub(crate) struct Callee<'a> {
    /// The least latency its subtree pays, seconds.
    pub floor: f64,
    pub mean: f64,
    /// P(X ≤ t), right-continuous, 0 below `floor`.
    pub cdf: &'a dyn Fn(f64) -> Option<f64>,
}

/// One call of a parallel caller: `attempts` branches (floor always, one
/// more by the fraction), each reaching `callee` with chance `pass`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Branches {
    pub callee: usize,
    pub attempts: f64,
    pub pass: f64,
}

impl Branches {
    /// P(every branch of this call is done by t) when the callee's
    /// distribution is `f` at t.
    fn all_done(&self, f: f64) -> f64 {
        let one = (1.0 - self.pass) + self.pass * f;
        let whole = self.attempts.floor();
        let fraction = self.attempts - whole;
        one.powi(whole as i32) * ((1.0 - fraction) + fraction * one)
    }

    fn always_reaches(&self) -> bool {
        self.pass >= 1.0 && self.attempts >= 1.0
    }
}

/// Whether calls made at once wait differently from calls made one after
/// another: only when a request can make two or more.
pub(crate) fn waits_for_several(attempts: impl Iterator<Item = f64>) -> bool {
    attempts.map(f64::ceil).sum::<f64>() > 1.0
}

/// Cells of equal width, one octave of the grid.
#[derive(Clone, Debug, PartialEq)]
struct Octave {
    /// Where the first cell starts, above the law's floor.
    start: f64,
    width: f64,
    /// Each cell's density, linear across it: p + q·x for x in [0, w],
    /// kept as (p·w, q·w²), so its probability is p·w + q·w²/2.
    cells: Vec<(f64, f64)>,
    /// Probability of the cells before each one, from the first cell of
    /// the grid (atoms left out), so reading the distribution function
    /// is a search, not a sum.
    below: Vec<f64>,
}

impl Octave {
    /// P(M − floor ≤ start + x) − P(M − floor ≤ start) of cell `j`'s
    /// density, x within the cell.
    fn within(&self, j: usize, x: f64) -> f64 {
        let (flat, tilt) = self.cells[j];
        let u = (x / self.width).clamp(0.0, 1.0);
        flat * u + tilt * u * u / 2.0
    }
}

/// Each cell's density made linear, its slope taken from its neighbours'
/// densities: the distribution function is then quadratic between grid
/// points, which takes the error of a uniform spread (a chord above a
/// convex tail: 1e-4 of the mean) down by an order.
fn linear_densities(widths: &[f64], masses: &[f64]) -> Vec<(f64, f64)> {
    let mut centres = Vec::with_capacity(widths.len());
    let mut at = 0.0;
    for w in widths {
        centres.push(at + w / 2.0);
        at += w;
    }
    let density = |j: usize| masses[j] / widths[j];
    (0..masses.len())
        .map(|j| {
            let (before, after) = (j.saturating_sub(1), (j + 1).min(masses.len() - 1));
            let slope = if after > before { (density(after) - density(before)) / (centres[after] - centres[before]) } else { 0.0 };
            let w = widths[j];
            let m = masses[j];
            // The density may not go below 0 at either end of the cell.
            let tilt = (slope * w * w).clamp(-2.0 * m, 2.0 * m);
            (m - tilt / 2.0, tilt)
        })
        .collect()
}

/// The law of the slowest branch: atoms, piecewise uniform cells and an
/// exponential tail, all above `floor`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SlowestBranch {
    /// The least latency of the maximum: that of the slowest branch
    /// always made.
    pub floor: f64,
    /// (offset above the floor, probability).
    atoms: Vec<(f64, f64)>,
    octaves: Vec<Octave>,
    /// Where the tail starts (above the floor), its probability and rate.
    tail: (f64, f64, f64),
    pub mean: f64,
}

impl SlowestBranch {
    /// The maximum over `calls` of their branches. `None` when a
    /// callee's distribution cannot be evaluated.
    pub(crate) fn new(callees: &[Callee], calls: &[Branches]) -> Option<SlowestBranch> {
        let floor = calls
            .iter()
            .filter(|c| c.always_reaches())
            .map(|c| callees[c.callee].floor)
            .fold(0.0, f64::max);
        // H(t), or its left limit at a callee's floor (every callee is
        // continuous except, possibly, a jump at its floor).
        let mut values = vec![0.0; callees.len()];
        let mut maximum_cdf = |t: f64, left: bool| -> Option<f64> {
            for (value, callee) in values.iter_mut().zip(callees) {
                *value = if left && callee.floor >= t { 0.0 } else { (callee.cdf)(t)?.clamp(0.0, 1.0) };
            }
            Some(calls.iter().map(|c| c.all_done(values[c.callee])).product())
        };
        // Jumps: at the floor (nothing is below it) and at every callee's
        // floor above it.
        let mut breakpoints: Vec<f64> =
            callees.iter().map(|c| c.floor).filter(|&t| t > floor && t.is_finite()).collect();
        breakpoints.sort_by(f64::total_cmp);
        breakpoints.dedup();
        let mut atoms = vec![(0.0, maximum_cdf(floor, false)?)];
        for &t in &breakpoints {
            let jump = maximum_cdf(t, false)? - maximum_cdf(t, true)?;
            if jump > 0.0 {
                atoms.push((t - floor, jump));
            }
        }
        // The finest scale among the callees sets the first cells.
        let spread = callees
            .iter()
            .map(|c| c.mean - c.floor)
            .filter(|&s| s > 0.0 && s.is_finite())
            .fold(f64::INFINITY, f64::min);
        let mut octaves: Vec<(f64, f64, Vec<f64>)> = Vec::new();
        let mut placed: f64 = atoms.iter().map(|a| a.1).sum();
        let last_atom = atoms.last().map_or(0.0, |a| a.0);
        let mut tail = (last_atom, 0.0, 1.0);
        if spread.is_finite() {
            let first = spread / CELLS_PER_OCTAVE as f64;
            let mut start = 0.0;
            let mut below = atoms[0].1;
            let mut before_last_cell = 1.0 - below;
            let mut width = first;
            for octave in 0..MAX_OCTAVES {
                width = first * 2f64.powi(octave as i32);
                let mut masses = Vec::with_capacity(CELLS_PER_OCTAVE);
                let mut a = start;
                for _ in 0..CELLS_PER_OCTAVE {
                    let b = a + width;
                    let at_b = maximum_cdf(floor + b, false)?;
                    let jumps: f64 = atoms.iter().filter(|(x, _)| *x > a && *x <= b).map(|(_, m)| m).sum();
                    let mass = (at_b - below - jumps).max(0.0);
                    masses.push(mass);
                    placed += mass;
                    before_last_cell = 1.0 - below;
                    below = at_b.max(below);
                    a = b;
                }
                octaves.push((start, width, masses));
                start = a;
                if 1.0 - below <= TAIL_MASS && last_atom <= start {
                    break;
                }
            }
            // The last cell's decay carries on past the grid.
            let survival = 1.0 - below;
            let rate = if survival > 0.0 && before_last_cell > survival {
                (before_last_cell / survival).ln() / width
            } else {
                1.0 / width
            };
            tail = (start, 0.0, rate);
        }
        tail.1 = (1.0 - placed).max(0.0);
        let widths: Vec<f64> = octaves.iter().flat_map(|(_, w, m)| std::iter::repeat_n(*w, m.len())).collect();
        let masses: Vec<f64> = octaves.iter().flat_map(|(_, _, m)| m.iter().copied()).collect();
        let mut densities = linear_densities(&widths, &masses).into_iter();
        let octaves: Vec<Octave> = octaves
            .into_iter()
            .map(|(start, width, masses)| Octave {
                start,
                width,
                cells: densities.by_ref().take(masses.len()).collect(),
                below: Vec::new(),
            })
            .collect();
        let mut octaves = octaves;
        let mut cumulative = 0.0;
        for octave in &mut octaves {
            octave.below = octave
                .cells
                .iter()
                .map(|(flat, tilt)| {
                    let before = cumulative;
                    cumulative += flat + tilt / 2.0;
                    before
                })
                .collect();
        }
        let mut mean = floor + tail.1 * (tail.0 + 1.0 / tail.2);
        mean += atoms.iter().map(|(x, m)| x * m).sum::<f64>();
        for octave in &octaves {
            for (j, (flat, tilt)) in octave.cells.iter().enumerate() {
                let a = octave.start + j as f64 * octave.width;
                mean += (flat + tilt / 2.0) * a + octave.width * (flat / 2.0 + tilt / 3.0);
            }
        }
        Some(SlowestBranch { floor, atoms, octaves, tail, mean })
    }

    /// E[e^(−s(M − floor))]: a cell from a to a + w with density p + q·x
    /// contributes e^(−s·a) · (p·w·φ₁(s·w) + q·w²·φ₂(s·w)), where
    /// φ₁(z) = (1 − e^−z)/z and φ₂(z) = (1 − e^−z (1 + z))/z², the same for
    /// every cell of an octave.
    pub(crate) fn shifted_transform(&self, s: Complex) -> Complex {
        let mut sum = Complex::real(0.0);
        for &(x, m) in &self.atoms {
            sum = sum + (s * -x).exp() * m;
        }
        for octave in &self.octaves {
            let z = s * octave.width;
            let step = (z * -1.0).exp();
            // Both lose their digits to cancellation near 0: series there.
            let (flat_factor, tilt_factor) = if z.norm() < 1e-2 {
                let z2 = z * z;
                (
                    Complex::real(1.0) - z * 0.5 + z2 * (1.0 / 6.0) - z2 * z * (1.0 / 24.0),
                    Complex::real(0.5) - z * (1.0 / 3.0) + z2 * 0.125 - z2 * z * (1.0 / 30.0),
                )
            } else {
                let one = Complex::real(1.0);
                ((one - step) / z, (one - step * (one + z)) / (z * z))
            };
            let mut at = (s * -octave.start).exp();
            for &(flat, tilt) in &octave.cells {
                sum = sum + at * (flat_factor * flat + tilt_factor * tilt);
                at = at * step;
            }
        }
        let (start, mass, rate) = self.tail;
        if mass > 0.0 {
            sum = sum + (s * -start).exp() * (Complex::real(rate * mass) / (s + rate));
        }
        sum
    }

    #[cfg(test)]
    fn cells(&self) -> usize {
        self.octaves.iter().map(|o| o.cells.len()).sum()
    }

    /// The law of one callee's sojourn on a grid (the maximum of a
    /// single branch), for callers that read its distribution function
    /// at many points instead of inverting its transform at each.
    pub(crate) fn of_one(callee: &Callee) -> Option<SlowestBranch> {
        // The same 16 cells per octave: 8 put the 30-component benchmark's
        // mean 0.15% and its p95 0.45% off.
        SlowestBranch::new(std::slice::from_ref(callee), &[Branches { callee: 0, attempts: 1.0, pass: 1.0 }])
    }

    /// P(M ≤ t) of this law (the grid's, not the exact maximum's).
    pub(crate) fn cdf(&self, t: f64) -> f64 {
        let x = t - self.floor;
        if x < 0.0 {
            return 0.0;
        }
        let mut total: f64 = self.atoms.iter().filter(|(at, _)| *at <= x).map(|(_, m)| m).sum();
        let (start, mass, rate) = self.tail;
        if x >= start {
            let cells = self.octaves.last().and_then(|o| Some(o.below.last()? + o.within(o.cells.len() - 1, o.width)));
            return total + cells.unwrap_or(0.0) + mass * (1.0 - (-(x - start) * rate).exp());
        }
        let k = self.octaves.partition_point(|o| o.start <= x);
        if let Some(octave) = k.checked_sub(1).and_then(|k| self.octaves.get(k)) {
            let j = (((x - octave.start) / octave.width) as usize).min(octave.cells.len().saturating_sub(1));
            if let Some(below) = octave.below.get(j) {
                total += below + octave.within(j, x - octave.start - j as f64 * octave.width);
            }
        }
        total
    }
}

impl Analysis<'_> {
    /// Whether component `u` makes its synchronous calls at once.
    pub(super) fn calls_in_parallel(&self, u: usize) -> bool {
        self.doc.components.get(u).is_some_and(|c| c.parallel_calls)
    }

    /// Per entry point, in the report's order, how much less its mean
    /// end-to-end latency is than with every call made one after another:
    /// Σ_u visits_u · (Σ calls · E[X_v] − E[max]) over the components that
    /// call in parallel. Empty when none does, so a document without
    /// parallel calls pays nothing; 0 for an entry whose walk has no law
    /// (something on it is saturated, and its mean is none anyway).
    pub(super) fn parallel_savings(&self, loads: &[ComponentLoad]) -> Vec<f64> {
        if !self.doc.components.iter().any(|c| c.parallel_calls) {
            return Vec::new();
        }
        let laws = self.response_laws_of(loads);
        self.trees()
            .iter()
            .zip(&self.visits)
            .map(|(tree, (_, _, visits))| {
                EndToEnd::new(&laws, tree, visits, &|u| self.calls_in_parallel(u)).map_or(0.0, |e| e.parallel_saving)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exponential(rate: f64) -> impl Fn(f64) -> Option<f64> {
        move |t: f64| Some(if t < 0.0 { 0.0 } else { 1.0 - (-rate * t).exp() })
    }

    fn both(a: usize, b: usize) -> Vec<Branches> {
        vec![Branches { callee: a, attempts: 1.0, pass: 1.0 }, Branches { callee: b, attempts: 1.0, pass: 1.0 }]
    }

    /// P(max ≤ t) = (1 − e^−at)(1 − e^−bt), mean 1/a + 1/b − 1/(a + b).
    #[test]
    fn maximum_of_two_exponentials() {
        let (a, b) = (95.0, 45.0);
        let (fa, fb) = (exponential(a), exponential(b));
        let callees = [Callee { floor: 0.0, mean: 1.0 / a, cdf: &fa }, Callee { floor: 0.0, mean: 1.0 / b, cdf: &fb }];
        let law = SlowestBranch::new(&callees, &both(0, 1)).unwrap();
        let mean = 1.0 / a + 1.0 / b - 1.0 / (a + b);
        println!("max of two exponentials: mean {:+.2e}, {} cells", law.mean / mean - 1.0, law.cells());
        assert!((law.mean / mean - 1.0).abs() < 2e-6, "{} vs {mean}", law.mean);
        let exact = |t: f64| (1.0 - (-a * t).exp()) * (1.0 - (-b * t).exp());
        for t in [0.002, 0.01, 0.03, 0.1] {
            let found = law.cdf(t);
            assert!((found - exact(t)).abs() < 1e-5 * (1.0 - exact(t)), "{t}: {found} vs {}", exact(t));
        }
        // p99 of the grid's law against the exact one, by bisection.
        let quantile = |f: &dyn Fn(f64) -> f64| {
            let (mut lo, mut hi) = (0.0, 1.0);
            for _ in 0..100 {
                let mid = 0.5 * (lo + hi);
                if f(mid) >= 0.99 {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            hi
        };
        let (found, expected) = (quantile(&|t| law.cdf(t)), quantile(&exact));
        println!("max of two exponentials: p99 {:+.2e}", found / expected - 1.0);
        assert!((found / expected - 1.0).abs() < 3e-5, "p99 {found} vs {expected}");
    }

    /// The transform is the law's: at a real s it matches ∫ e^(−st) dH,
    /// and its slope at 0 is the mean.
    #[test]
    fn transform_belongs_to_the_law() {
        let (fa, fb) = (exponential(30.0), exponential(80.0));
        let callees = [Callee { floor: 0.0, mean: 1.0 / 30.0, cdf: &fa }, Callee { floor: 0.0, mean: 1.0 / 80.0, cdf: &fb }];
        let law = SlowestBranch::new(&callees, &both(0, 1)).unwrap();
        assert!((law.shifted_transform(Complex::real(0.0)).re - 1.0).abs() < 1e-12);
        let h = 1e-6;
        let slope = (1.0 - law.shifted_transform(Complex::real(h)).re) / h;
        assert!((slope / law.mean - 1.0).abs() < 1e-4, "{slope} vs {}", law.mean);
        let s = 50.0;
        let (mut integral, mut previous) = (0.0, 0.0);
        let step = 1e-5;
        for k in 1..100_000 {
            let t = k as f64 * step;
            let f = law.cdf(t);
            integral += (-s * (t - 0.5 * step)).exp() * (f - previous);
            previous = f;
        }
        let exact = law.shifted_transform(Complex::real(s)).re;
        assert!((integral - exact).abs() < 1e-5, "{integral} vs {exact}");
    }

    /// A fixed-latency branch (an external API) is a jump: below it
    /// nothing is done, at it the other branch's distribution takes over.
    #[test]
    fn a_fixed_branch_is_a_jump() {
        let rate = 50.0;
        let fixed = 0.03;
        let fa = exponential(rate);
        let step = move |t: f64| Some(if t < fixed { 0.0 } else { 1.0 });
        let callees = [Callee { floor: 0.0, mean: 1.0 / rate, cdf: &fa }, Callee { floor: fixed, mean: fixed, cdf: &step }];
        let law = SlowestBranch::new(&callees, &both(0, 1)).unwrap();
        assert_eq!(law.floor, fixed);
        // E[max(X, d)] = d + e^(−rate·d)/rate.
        let mean = fixed + (-rate * fixed).exp() / rate;
        assert!((law.mean / mean - 1.0).abs() < 2e-6, "{} vs {mean}", law.mean);
        assert!((law.cdf(fixed) - (1.0 - (-rate * fixed).exp())).abs() < 1e-9);
    }

    /// A call made 1.5 times with pass 0.4: each of its one or two
    /// branches reaches the callee with chance 0.4, else is done at once.
    #[test]
    fn fractional_attempts_and_passes() {
        let rate = 20.0;
        let f = exponential(rate);
        let callees = [Callee { floor: 0.0, mean: 1.0 / rate, cdf: &f }];
        let calls = [Branches { callee: 0, attempts: 1.5, pass: 0.4 }];
        let law = SlowestBranch::new(&callees, &calls).unwrap();
        let one = |t: f64| 0.6 + 0.4 * (1.0 - (-rate * t).exp());
        for t in [0.0, 0.01, 0.05, 0.2] {
            let exact = one(t) * (0.5 + 0.5 * one(t));
            assert!((law.cdf(t) - exact).abs() < 1e-6, "{t}: {} vs {exact}", law.cdf(t));
        }
        // E[max] = ∫ 1 − H: with q = 0.4 e^(−rt), 1 − H = 1.5q − 0.5q².
        let mean = 1.5 * 0.4 / rate - 0.5 * 0.16 / (2.0 * rate);
        assert!((law.mean / mean - 1.0).abs() < 2e-6, "{} vs {mean}", law.mean);
    }

    #[test]
    fn several_waits_need_two_attempts() {
        assert!(!waits_for_several([1.0].into_iter()));
        assert!(!waits_for_several([0.4].into_iter()));
        assert!(waits_for_several([1.0, 0.2].into_iter()));
        assert!(waits_for_several([1.5].into_iter()));
    }
}
