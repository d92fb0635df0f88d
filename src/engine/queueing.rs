//! Queueing maths for one component: an M/M/c queue with `c` instances each
//! serving at rate `μ`, solved in closed form (Erlang C).
//!
//! Erlang C goes through the Erlang B recurrence, never `a^c / c!`, so that
//! c = 10 000 is as exact and stable as c = 1.

/// Steady-state figures of an M/M/c queue that is not saturated.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Queueing {
    /// Probability that an arriving request has to wait (Erlang C).
    pub prob_wait: f64,
    /// Mean time spent waiting for an instance, seconds (W_q).
    pub wait_time: f64,
    /// Mean time from arrival to completion, seconds (W_q + 1/μ, plus any
    /// declared base latency added by the caller).
    pub response_time: f64,
    /// Mean number of requests waiting (L_q = λ·W_q).
    pub mean_in_queue: f64,
    /// Mean number of requests in the component (L = λ·R, Little's law).
    pub mean_in_system: f64,
}

/// Erlang B: the blocking probability of `servers` servers offered `load`
/// erlangs (a = λ/μ), by the recurrence on its reciprocal,
/// 1/B(k) = 1 + (k/a)·1/B(k−1): every term is positive, so nothing cancels,
/// and a step is a multiply-add where B(k) = a·B(k−1) / (k + a·B(k−1))
/// waited on a division (a twentieth of a 1,000-component report). An
/// overflow to infinity is the exact limit, B = 0.
pub fn erlang_b(servers: u32, load: f64) -> f64 {
    if load.is_nan() {
        return f64::NAN;
    }
    let per_erlang = 1.0 / load;
    let mut inverse = 1.0_f64;
    for k in 1..=servers {
        inverse = 1.0 + inverse * (f64::from(k) * per_erlang);
    }
    1.0 / inverse
}

/// Erlang C: the probability of waiting in an M/M/c queue, or `None` when
/// the queue is saturated (ρ ≥ 1) and every request eventually waits
/// forever.
pub fn erlang_c(servers: u32, load: f64) -> Option<f64> {
    if servers == 0 {
        return None;
    }
    let rho = load / f64::from(servers);
    // NaN (an unbounded load) counts as saturated too.
    if rho.is_nan() || rho >= 1.0 {
        return None;
    }
    let b = erlang_b(servers, load);
    Some(b / (1.0 - rho * (1.0 - b)))
}

/// Solves an M/M/c queue with arrival rate `lambda`, `servers` instances of
/// service rate `mu`, and a fixed extra latency `base_latency` (seconds) that
/// delays requests without occupying an instance. `None` when saturated.
pub fn mmc(lambda: f64, mu: f64, servers: u32, base_latency: f64) -> Option<Queueing> {
    if lambda <= 0.0 {
        let response_time = 1.0 / mu + base_latency;
        return Some(Queueing {
            prob_wait: 0.0,
            wait_time: 0.0,
            response_time,
            mean_in_queue: 0.0,
            mean_in_system: 0.0,
        });
    }
    let prob_wait = erlang_c(servers, lambda / mu)?;
    let capacity = f64::from(servers) * mu;
    let wait_time = prob_wait / (capacity - lambda);
    let response_time = wait_time + 1.0 / mu + base_latency;
    Some(Queueing {
        prob_wait,
        wait_time,
        response_time,
        mean_in_queue: lambda * wait_time,
        mean_in_system: lambda * response_time,
    })
}

/// The fewest instances that keep utilisation at or under `ceiling` for
/// arrival rate `lambda`; at least one when anything arrives.
pub fn instances_needed(lambda: f64, mu: f64, ceiling: f64) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    let exact = lambda / (mu * ceiling);
    // Tolerate the last bit of floating-point error so that exactly 3.0
    // instances' worth does not round up to 4.
    let needed = (exact * (1.0 - 1e-12)).ceil();
    if needed >= f64::from(u32::MAX) {
        u32::MAX
    } else {
        (needed as u32).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, expected: f64) {
        let tolerance = 1e-12_f64.max(1e-9 * expected.abs());
        assert!((got - expected).abs() <= tolerance, "got {got}, expected {expected}");
    }

    #[test]
    fn the_reciprocal_recurrence_agrees_with_the_direct_one() {
        // The direct recurrence, B(k) = a·B(k−1) / (k + a·B(k−1)), which
        // erlang_b used before: the same numbers to 12 digits from one
        // server to ten thousand, lightly and heavily loaded.
        let direct = |servers: u32, load: f64| {
            (1..=servers).fold(1.0_f64, |blocking, k| {
                let a_b = load * blocking;
                a_b / (f64::from(k) + a_b)
            })
        };
        for servers in [1, 2, 3, 7, 16, 100, 1_000, 10_000] {
            for share in [0.001, 0.1, 0.5, 0.9, 0.999, 1.5] {
                let load = f64::from(servers) * share;
                let (got, expected) = (erlang_b(servers, load), direct(servers, load));
                assert!(
                    (got - expected).abs() <= 1e-12 * expected.max(1e-300),
                    "c = {servers}, a = {load}: {got} against {expected}"
                );
            }
        }
        assert_eq!(erlang_b(0, 3.0), 1.0);
        assert_eq!(erlang_b(4, 0.0), 0.0);
    }

    #[test]
    fn mm1_matches_the_textbook() {
        // λ = 80, μ = 100: R = 1/(μ−λ) = 0.05, W_q = ρ/(μ−λ) = 0.04, L = 4.
        let q = mmc(80.0, 100.0, 1, 0.0).unwrap();
        close(q.response_time, 0.05);
        close(q.wait_time, 0.04);
        close(q.mean_in_system, 4.0);
        close(q.prob_wait, 0.8);
    }

    #[test]
    fn mm2_matches_the_textbook() {
        // c = 2, λ = 1.5, μ = 1: P_q = 9/14, W_q = 9/7, W = 16/7, L = 24/7.
        let q = mmc(1.5, 1.0, 2, 0.0).unwrap();
        close(q.prob_wait, 9.0 / 14.0);
        close(q.wait_time, 9.0 / 7.0);
        close(q.response_time, 16.0 / 7.0);
        close(q.mean_in_system, 24.0 / 7.0);
        close(q.mean_in_queue, 27.0 / 14.0);
    }

    #[test]
    fn erlang_c_of_four_servers_at_half_load() {
        // C(4, 2) = 4/23.
        close(erlang_c(4, 2.0).unwrap(), 4.0 / 23.0);
    }

    #[test]
    fn ten_thousand_instances_stay_finite_and_sensible() {
        let servers = 10_000;
        for rho in [0.5, 0.9, 0.99, 0.999] {
            let load = rho * f64::from(servers);
            let c = erlang_c(servers, load).unwrap();
            assert!(c.is_finite() && (0.0..=1.0).contains(&c), "rho {rho}: C = {c}");
        }
        // Far below saturation almost nobody waits; at 99.9% most do.
        assert!(erlang_c(servers, 5_000.0).unwrap() < 1e-100);
        assert!(erlang_c(servers, 9_990.0).unwrap() > 0.5);
    }

    #[test]
    fn saturation_has_no_finite_wait() {
        assert_eq!(erlang_c(2, 2.0), None);
        assert_eq!(mmc(120.0, 50.0, 2, 0.0), None);
        assert_eq!(mmc(f64::INFINITY, 50.0, 2, 0.0), None);
    }

    #[test]
    fn no_traffic_means_no_wait_and_only_service_time() {
        let q = mmc(0.0, 50.0, 3, 0.002).unwrap();
        close(q.response_time, 0.022);
        assert_eq!(q.mean_in_system, 0.0);
    }

    #[test]
    fn base_latency_adds_to_response_time_only() {
        let without = mmc(80.0, 100.0, 1, 0.0).unwrap();
        let with = mmc(80.0, 100.0, 1, 0.010).unwrap();
        close(with.response_time - without.response_time, 0.010);
        close(with.wait_time, without.wait_time);
    }

    #[test]
    fn sizing_rounds_up_but_not_on_float_noise() {
        // 1000 req/s at 100 req/s per instance under a 70% cap: ⌈14.29⌉ = 15.
        assert_eq!(instances_needed(1000.0, 100.0, 0.7), 15);
        assert_eq!(instances_needed(300.0, 100.0, 1.0), 3);
        assert_eq!(instances_needed(0.3 * 10.0, 1.0, 1.0), 3);
        assert_eq!(instances_needed(0.0, 100.0, 0.7), 0);
        assert_eq!(instances_needed(0.001, 100.0, 0.7), 1);
    }
}
