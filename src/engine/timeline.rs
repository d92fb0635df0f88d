//! Queues over the day: work that nobody waits for is judged over the
//! daily profile, hour by hour, not at the peak. Each hour the backlog grows
//! by (inflow − capacity) × 1 h and never falls below zero — the fluid view
//! of a queue in front of a worker pool. This is how a queue smooths spikes:
//! a pool sized for the day's average absorbs the busy hours and drains in
//! the quiet ones.

use serde::Serialize;

const HOUR: f64 = 3600.0;

/// A consumer's day in the periodic steady state.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DayLoad {
    /// Requests per second arriving in each hour (24 values).
    pub inflow: Vec<f64>,
    /// Requests per second the consumer can process in each hour.
    pub capacity: Vec<f64>,
    /// Requests waiting at the start of each hour and at the end of the
    /// day (25 values); the day repeats, so the first equals the last
    /// unless the backlog is unbounded.
    pub backlog: Vec<f64>,
    pub average_inflow: f64,
    pub average_capacity: f64,
    /// Most requests ever waiting.
    pub peak_backlog: f64,
    /// Longest a request waits behind the backlog, seconds.
    pub worst_delay: f64,
    /// Seconds from the peak backlog until the queue is empty again.
    pub drain_time: f64,
    /// The day's average inflow exceeds what the consumer can do: the
    /// backlog grows every day without bound.
    pub unbounded: bool,
    /// Requests added to the backlog per day when unbounded.
    pub growth_per_day: f64,
}

/// Simulates one day (24 hourly steps) of a queue with the given hourly
/// inflow and capacity, both in requests per second. While a backlog
/// waits, an autoscaled consumer runs at its ceiling: `burst_capacity`
/// (equal to the capacity for a fixed pool).
pub fn simulate_day(inflow: &[f64], capacity: &[f64], burst_capacity: f64) -> DayLoad {
    let hours = inflow.len().min(capacity.len());
    day_of(inflow[..hours].to_vec(), capacity[..hours].to_vec(), burst_capacity)
}

/// [`simulate_day`] keeping the hours it is given as the day's own (the
/// report builds them for it: no copies).
pub(crate) fn day_of(mut inflow: Vec<f64>, mut capacity: Vec<f64>, burst_capacity: f64) -> DayLoad {
    let hours = inflow.len().min(capacity.len());
    inflow.truncate(hours);
    capacity.truncate(hours);
    let average_inflow = inflow.iter().sum::<f64>() / hours.max(1) as f64;
    // With a backlog always waiting the consumer always runs flat out, so
    // the backlog is bounded exactly when the day's average fits with
    // something to spare. A day whose average is exactly the capacity (to
    // rounding) is unbounded too: its backlog never empties (the fluid
    // day never drains; a real queue at ρ = 1 grows without bound), and
    // it is the growth the table calls "falls behind for good at".
    let net_per_day = (average_inflow - burst_capacity) * HOUR * hours as f64;
    let unbounded = average_inflow > 0.0 && net_per_day >= -1e-9 * average_inflow.max(1.0) * HOUR;
    let serving = |h: usize, waiting: f64| {
        if waiting > 0.0 || inflow[h] > capacity[h] {
            capacity[h].max(burst_capacity)
        } else {
            capacity[h]
        }
    };

    // Two passes: the second starts from where the first ended, which is
    // the periodic state whenever the queue empties at some point of the day.
    let mut start = 0.0;
    let mut backlog = Vec::with_capacity(hours + 1);
    for _pass in 0..2 {
        backlog.clear();
        let mut b: f64 = if unbounded { 0.0 } else { start };
        backlog.push(b);
        for (h, arriving) in inflow.iter().enumerate().take(hours) {
            b = (b + (arriving - serving(h, b)) * HOUR).max(0.0);
            backlog.push(b);
        }
        start = b;
    }

    let (peak_hour, peak_backlog) = backlog
        .iter()
        .enumerate()
        .fold((0, 0.0_f64), |best, (h, &b)| if b > best.1 { (h, b) } else { best });
    let worst_delay = (0..=hours)
        .map(|h| {
            let cap = serving(h.min(hours.saturating_sub(1)), backlog[h]);
            if backlog[h] <= 0.0 {
                0.0
            } else if cap > 0.0 {
                backlog[h] / cap
            } else {
                f64::INFINITY
            }
        })
        .fold(0.0, f64::max);

    let drain_time = if unbounded || peak_backlog <= 0.0 {
        if unbounded { f64::INFINITY } else { 0.0 }
    } else {
        // Walk forward from the peak, around the clock, until empty.
        let mut b = peak_backlog;
        let mut elapsed = 0.0;
        let mut h = peak_hour % hours.max(1);
        for _ in 0..hours {
            let net = inflow[h] - serving(h, b);
            if net < 0.0 && b + net * HOUR <= 0.0 {
                elapsed += b / -net;
                b = 0.0;
                break;
            }
            b = (b + net * HOUR).max(0.0);
            elapsed += HOUR;
            h = (h + 1) % hours;
        }
        if b > 0.0 { f64::INFINITY } else { elapsed }
    };

    let average_capacity = if hours == 0 { 0.0 } else { capacity.iter().sum::<f64>() / hours as f64 };
    DayLoad {
        inflow,
        average_inflow,
        average_capacity: if unbounded { burst_capacity } else { average_capacity },
        capacity,
        peak_backlog,
        worst_delay,
        drain_time,
        unbounded,
        growth_per_day: if unbounded { net_per_day.max(0.0) } else { 0.0 },
        backlog,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, expected: f64) {
        assert!((got - expected).abs() <= 1e-9 * expected.abs().max(1.0), "got {got}, expected {expected}");
    }

    #[test]
    fn a_pool_sized_for_the_average_absorbs_a_busy_afternoon() {
        // 20 quiet hours at 5/s and 4 busy hours at 25/s (average 8.33/s)
        // against 10/s: each busy hour adds 15 × 3600 = 54 000 requests,
        // so the backlog peaks at 216 000 after the fourth; at 10/s it is a
        // 21 600 s wait; the quiet hours drain 5/s, so it takes 43 200 s.
        let mut inflow = vec![5.0; 24];
        for hour in inflow.iter_mut().skip(12).take(4) {
            *hour = 25.0;
        }
        let day = simulate_day(&inflow, &[10.0; 24], 10.0);
        assert!(!day.unbounded);
        close(day.peak_backlog, 216_000.0);
        close(day.worst_delay, 21_600.0);
        close(day.drain_time, 43_200.0);
        close(day.backlog[16], 216_000.0);
        // Periodic: the day ends as it began.
        close(day.backlog[0], day.backlog[24]);
    }

    #[test]
    fn a_pool_below_the_average_is_unbounded() {
        // Average 12/s against 10/s: 2 × 86 400 = 172 800 more every day.
        let day = simulate_day(&[12.0; 24], &[10.0; 24], 10.0);
        assert!(day.unbounded);
        close(day.growth_per_day, 172_800.0);
        assert!(day.drain_time.is_infinite());
    }

    /// Issue 12 (a): a consumer whose day averages exactly its capacity
    /// was hot with a backlog that "drains in ∞"; it is at the growth the
    /// table says it falls behind for good, so it is unbounded.
    #[test]
    fn a_pool_exactly_at_the_average_is_unbounded() {
        let mut inflow = vec![5.0; 24];
        inflow[12] = 125.0;
        let day = simulate_day(&inflow, &[10.0; 24], 10.0);
        assert!(day.unbounded);
        assert_eq!(day.growth_per_day, 0.0);
        assert!(day.drain_time.is_infinite());
        // With a hair to spare it keeps up.
        inflow[12] = 124.0;
        assert!(!simulate_day(&inflow, &[10.0; 24], 10.0).unbounded);
        // No traffic is never unbounded, even with no capacity.
        assert!(!simulate_day(&[0.0; 24], &[0.0; 24], 0.0).unbounded);
    }

    #[test]
    fn a_pool_above_the_peak_never_queues() {
        let day = simulate_day(&[4.0, 9.0, 6.0], &[10.0, 10.0, 10.0], 10.0);
        assert_eq!((day.peak_backlog, day.worst_delay, day.drain_time), (0.0, 0.0, 0.0));
    }

    #[test]
    fn an_autoscaled_pool_runs_at_its_ceiling_while_a_backlog_waits() {
        // Scaled to 6/s for a 5/s quiet hour, but 20/s at its ceiling: a
        // 30/s hour leaves 36 000 waiting, drained at 20 − 5 = 15/s in 2400 s.
        let mut inflow = vec![5.0; 24];
        inflow[10] = 30.0;
        let day = simulate_day(&inflow, &[6.0; 24], 20.0);
        close(day.peak_backlog, 36_000.0);
        close(day.drain_time, 2_400.0);
        close(day.worst_delay, 36_000.0 / 20.0);
    }

    #[test]
    fn a_backlog_carried_past_midnight_is_the_periodic_state() {
        // Busy last two hours: 2 × 3600 × 5 = 36 000 carried into hour 0,
        // drained at 5/s over the next two hours.
        let mut inflow = vec![5.0; 24];
        inflow[22] = 15.0;
        inflow[23] = 15.0;
        let day = simulate_day(&inflow, &[10.0; 24], 10.0);
        close(day.backlog[0], 36_000.0);
        close(day.backlog[24], 36_000.0);
        close(day.drain_time, 7_200.0);
    }
}
