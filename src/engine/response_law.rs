//! The distribution of one component's response time, not just its mean:
//! R = d + W + S, with W the queueing wait (no wait with probability
//! 1 − C, else exponential) and S one request's service time. A component
//! whose requests land on different tiers (a database's primary and
//! replicas) or sometimes pay a cold start is a mixture of such branches.
//!
//! Each branch has a closed-form distribution function, so a component's
//! percentiles are exact for M/M/c (the reference cases' formula); and a
//! closed-form Laplace transform, which `engine::percentiles` composes
//! along the calls of a request and inverts numerically.

use super::complex::Complex;

/// Service time: a fixed part plus a mixture of exponentials. Two moments
/// pin it down: squared coefficient of variation 1 is exponential, below
/// 1 a shifted exponential (0: constant), above 1 a balanced-means
/// two-phase hyperexponential — the usual two-moment fits.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceLaw {
    pub fixed: f64,
    /// (probability, rate) of each exponential phase; empty for a constant.
    pub phases: Vec<(f64, f64)>,
}

impl ServiceLaw {
    /// The fit for mean `mean` seconds and squared coefficient of
    /// variation `scv`.
    pub fn fit(mean: f64, scv: f64) -> ServiceLaw {
        if !mean.is_finite() || mean <= 0.0 {
            return ServiceLaw { fixed: 0.0, phases: Vec::new() };
        }
        if (scv - 1.0).abs() < 1e-12 {
            ServiceLaw { fixed: 0.0, phases: vec![(1.0, 1.0 / mean)] }
        } else if scv < 1.0 {
            let exponential_mean = mean * scv.max(0.0).sqrt();
            let phases = if exponential_mean > 0.0 { vec![(1.0, 1.0 / exponential_mean)] } else { Vec::new() };
            ServiceLaw { fixed: mean - exponential_mean, phases }
        } else {
            let p = 0.5 * (1.0 + ((scv - 1.0) / (scv + 1.0)).sqrt());
            ServiceLaw { fixed: 0.0, phases: vec![(p, 2.0 * p / mean), (1.0 - p, 2.0 * (1.0 - p) / mean)] }
        }
    }

    /// No service at all (an external API's latency is all fixed).
    pub fn none() -> ServiceLaw {
        ServiceLaw { fixed: 0.0, phases: Vec::new() }
    }

    fn mean(&self) -> f64 {
        self.fixed + self.phases.iter().map(|(p, r)| p / r).sum::<f64>()
    }
}

/// One way through the component: taken with `weight`.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    pub weight: f64,
    /// Latency that occupies no server (base latency, a cold start).
    pub delay: f64,
    /// Probability of waiting for a server.
    pub prob_wait: f64,
    /// Rate of the exponential wait, given that there is one (cμ − λ for
    /// M/M/c).
    pub wait_rate: f64,
    pub service: ServiceLaw,
}

/// A component's response-time distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseLaw {
    pub branches: Vec<Branch>,
}

/// P(Exp(a) + Exp(b) ≤ u): the wait then one service phase.
fn two_exponentials_cdf(a: f64, b: f64, u: f64) -> f64 {
    if u <= 0.0 {
        return 0.0;
    }
    if !b.is_finite() {
        return 1.0 - (-a * u).exp();
    }
    if ((a - b) / b).abs() < 1e-9 {
        let m = 0.5 * (a + b);
        return 1.0 - (1.0 + m * u) * (-m * u).exp();
    }
    1.0 - (b * (-a * u).exp() - a * (-b * u).exp()) / (b - a)
}

fn exponential_cdf(rate: f64, u: f64) -> f64 {
    if u < 0.0 {
        0.0
    } else if !rate.is_finite() {
        1.0
    } else {
        1.0 - (-rate * u).exp()
    }
}

impl Branch {
    fn phases(&self) -> Vec<(f64, f64)> {
        if self.service.phases.is_empty() {
            vec![(1.0, f64::INFINITY)]
        } else {
            self.service.phases.clone()
        }
    }

    fn cdf(&self, t: f64) -> f64 {
        let u = t - self.delay - self.service.fixed;
        if u < 0.0 {
            return 0.0;
        }
        self.phases()
            .iter()
            .map(|&(q, rate)| {
                let waited = if self.prob_wait > 0.0 { two_exponentials_cdf(self.wait_rate, rate, u) } else { 0.0 };
                q * ((1.0 - self.prob_wait) * exponential_cdf(rate, u) + self.prob_wait * waited)
            })
            .sum()
    }

    fn transform(&self, s: Complex, ahead: f64) -> Complex {
        let shift = (s * -(self.delay + self.service.fixed - ahead)).exp();
        let wait = Complex::real(1.0 - self.prob_wait)
            + if self.prob_wait > 0.0 {
                Complex::real(self.prob_wait * self.wait_rate) / (s + self.wait_rate)
            } else {
                Complex::real(0.0)
            };
        let service = if self.service.phases.is_empty() {
            Complex::real(1.0)
        } else {
            self.service
                .phases
                .iter()
                .fold(Complex::real(0.0), |sum, &(q, rate)| sum + Complex::real(q * rate) / (s + rate))
        };
        shift * wait * service
    }

    fn mean(&self) -> f64 {
        let wait = if self.prob_wait > 0.0 { self.prob_wait / self.wait_rate } else { 0.0 };
        self.delay + wait + self.service.mean()
    }
}

impl ResponseLaw {
    pub fn single(branch: Branch) -> ResponseLaw {
        ResponseLaw { branches: vec![branch] }
    }

    /// P(R ≤ t), exact for the branches' laws.
    pub fn cdf(&self, t: f64) -> f64 {
        self.branches.iter().map(|b| b.weight * b.cdf(t)).sum()
    }

    /// E[e^(−sR)].
    pub fn transform(&self, s: Complex) -> Complex {
        self.shifted_transform(s, 0.0)
    }

    /// E[e^(−s(R − ahead))], for `ahead` no more than the least fixed
    /// delay: at a large s, e^(−sR) underflows long before e^(s·ahead)
    /// could make up for it.
    pub fn shifted_transform(&self, s: Complex, ahead: f64) -> Complex {
        self.branches.iter().fold(Complex::real(0.0), |sum, b| sum + b.transform(s, ahead) * b.weight)
    }

    /// The least latency any request pays: the smallest fixed delay.
    pub fn least_delay(&self) -> f64 {
        let least = self.branches.iter().map(|b| b.delay + b.service.fixed).fold(f64::INFINITY, f64::min);
        if least.is_finite() { least } else { 0.0 }
    }

    pub fn mean(&self) -> f64 {
        self.branches.iter().map(|b| b.weight * b.mean()).sum()
    }

    /// Every branch shifted by `delay` more (a module's CPU time on top of
    /// its host's wait, say).
    pub fn delayed(mut self, delay: f64) -> ResponseLaw {
        for branch in &mut self.branches {
            branch.delay += delay;
        }
        self
    }

    /// The smallest t with P(R ≤ t) ≥ q, by bisection on the exact
    /// distribution function (it is continuous and increasing past the
    /// fixed delays, so bisection converges to the exact quantile).
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let mean = self.mean();
        if !(mean.is_finite()) || !(0.0..1.0).contains(&q) {
            return None;
        }
        let mut hi = mean.max(1e-12);
        let mut guard = 0;
        while self.cdf(hi) < q {
            hi *= 2.0;
            guard += 1;
            if guard > 200 {
                return None;
            }
        }
        let mut lo = 0.0;
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if self.cdf(mid) >= q {
                hi = mid;
            } else {
                lo = mid;
            }
            if hi - lo <= 1e-15 * hi {
                break;
            }
        }
        Some(hi)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::mmc;

    fn mmc_law(lambda: f64, mu: f64, c: u32, delay: f64) -> ResponseLaw {
        let q = mmc(lambda, mu, c, delay).unwrap();
        ResponseLaw::single(Branch {
            weight: 1.0,
            delay,
            prob_wait: q.prob_wait,
            wait_rate: f64::from(c) * mu - lambda,
            service: ServiceLaw::fit(1.0 / mu, 1.0),
        })
    }

    /// M/M/1: the response time is exponential with rate μ − λ, so
    /// p99 = ln(100)/(μ − λ).
    #[test]
    fn mm1_response_is_exponential() {
        let law = mmc_law(50.0, 100.0, 1, 0.0);
        let p99 = law.quantile(0.99).unwrap();
        assert!((p99 - 100f64.ln() / 50.0).abs() < 1e-12, "{p99}");
        assert!((law.mean() - 0.02).abs() < 1e-15);
    }

    /// The fits keep the mean and the variability they were asked for.
    #[test]
    fn service_fits_keep_two_moments() {
        for scv in [0.0, 0.25, 1.0, 4.0] {
            let law = ServiceLaw::fit(0.01, scv);
            let mean = law.mean();
            // Second moment: fixed part plus mixture of exponentials.
            let second: f64 = law
                .phases
                .iter()
                .map(|(p, r)| p * (law.fixed * law.fixed + 2.0 * law.fixed / r + 2.0 / (r * r)))
                .sum::<f64>()
                + if law.phases.is_empty() { law.fixed * law.fixed } else { 0.0 };
            let found = second / (mean * mean) - 1.0;
            assert!((mean - 0.01).abs() < 1e-15, "{scv}: mean {mean}");
            assert!((found - scv).abs() < 1e-9, "{scv}: scv {found}");
        }
    }

    /// The transform at a real s matches ∫ e^(−st) dF numerically.
    #[test]
    fn transform_matches_distribution() {
        let law = mmc_law(350.0, 100.0, 4, 0.002);
        let s = 40.0;
        let mut integral = 0.0;
        let h = 1e-5;
        let mut previous = 0.0;
        for k in 1..200_000 {
            let t = k as f64 * h;
            let f = law.cdf(t);
            integral += (-s * (t - 0.5 * h)).exp() * (f - previous);
            previous = f;
        }
        let exact = law.transform(Complex::real(s)).re;
        assert!((integral - exact).abs() < 1e-5, "{integral} vs {exact}");
    }
}
