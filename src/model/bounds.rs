//! The range every number of a document must lie in: wide enough for any
//! real system, narrow enough that no product of them (rates times calls
//! times growth, instances times prices) leaves the numbers a person can
//! read. Validation refuses a value outside its range and says the range
//! in the message.

/// One field's range, and how a message says it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    /// Whether `min` itself is allowed.
    pub min_included: bool,
    pub max: f64,
    /// The largest value in words: "1e9 req/s (a billion a second)".
    pub max_words: &'static str,
}

const fn range(min: f64, min_included: bool, max: f64, max_words: &'static str) -> Range {
    Range { min, min_included, max, max_words }
}

/// The largest instance count the engine accepts. Erlang C is exact and
/// stable well beyond it; the cap keeps a typo (1e9) from stalling a frame.
pub const MAX_INSTANCES: u32 = 100_000;

/// Connections: a database's limit, a pool, a pooler's sides.
pub const MAX_CONNECTIONS: u32 = 1_000_000;

/// Requests per second entering at one entry point.
pub const ENTRY_RATE: Range = range(0.0, true, 1e9, "1e9 req/s (a billion a second)");
/// Calls per request along one dependency.
pub const CALLS: Range = range(0.0, true, 1e4, "10000 calls per request");
/// The growth dial, typed or turned.
pub const GROWTH: Range = range(0.0, false, 1e6, "1e6× (a million times today)");
/// One growth override's factor, and the product of a component's.
pub const GROWTH_FACTOR: Range = range(0.0, false, 1e4, "10000× (with the component's other overrides)");
/// Requests one instance serves per second.
pub const THROUGHPUT: Range = range(1e-6, true, 1e9, "1e9 req/s per instance");
/// A fixed latency (a component's base latency, a cold start, a hop).
pub const LATENCY_MS: Range = range(0.0, true, 1e7, "1e7 ms (close to three hours)");
/// Money per month (per instance, per service).
pub const MONTHLY_COST: Range = range(0.0, true, 1e8, "$1e8 a month");
/// The price of a million invocations.
pub const PRICE_PER_MILLION: Range = range(0.0, true, 1e6, "$1e6 per million");
/// CPU time a module's request takes on its host.
pub const CPU_MS: Range = range(0.0, false, 1e7, "1e7 ms (close to three hours)");
/// The peak hour over the average.
pub const PEAK_FACTOR: Range = range(0.0, false, 1e3, "1000");
/// The comfort line and the utilisation limit (a share of capacity).
pub const UTILISATION_LINE: Range = range(0.01, true, 1.0, "1 (100%)");
/// One hour of the daily profile.
pub const PROFILE_HOUR: Range = range(0.0, true, 1e3, "1000");
/// Memory, in megabytes.
pub const MEMORY_MB: Range = range(0.0, true, 1e9, "1e9 MB (a petabyte)");
/// A squared coefficient of variation (service times, arrival gaps).
pub const VARIABILITY: Range = range(0.0, true, 100.0, "100 (a tail a hundred times the exponential's)");
/// How many times slower a degraded external API answers.
pub const SLOWDOWN: Range = range(1.0, true, 1e3, "1000×");
/// A cache's time to live, in seconds.
pub const TTL_SECONDS: Range = range(0.0, false, 1e9, "1e9 s (about 30 years)");

/// A number as a message quotes it: as typed for everyday sizes, in
/// exponent form when it is huge or tiny ("1e308", not 309 digits).
pub fn written(value: f64) -> String {
    let size = value.abs();
    if value.is_finite() && value != 0.0 && !(1e-6..1e15).contains(&size) {
        format!("{value:e}")
    } else {
        value.to_string()
    }
}

impl Range {
    /// Why `value` is out of range, or `None` when it is in it.
    pub fn refusal(&self, value: f64) -> Option<String> {
        let in_range = value.is_finite()
            && (if self.min_included { value >= self.min } else { value > self.min })
            && value <= self.max;
        // Every field of every edit comes through here: the words are only
        // written for a value that is refused.
        if in_range {
            return None;
        }
        let value_text = written(value);
        if !value.is_finite() {
            return Some(format!("must be a finite number, got {value_text}"));
        }
        let below = if self.min_included { value < self.min } else { value <= self.min };
        if below {
            return Some(match (self.min, self.min_included) {
                (min, _) if min > 0.0 && value <= 0.0 => format!("must be greater than 0, got {value_text}"),
                (0.0, true) => format!("must not be negative, got {value_text}"),
                (0.0, false) => format!("must be greater than 0, got {value_text}"),
                (min, true) => format!("must be at least {}, got {value_text}", written(min)),
                (min, false) => format!("must be greater than {}, got {value_text}", written(min)),
            });
        }
        (value > self.max).then(|| format!("must be at most {}, got {value_text}", self.max_words))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_the_range() {
        assert_eq!(ENTRY_RATE.refusal(120.0), None);
        assert_eq!(ENTRY_RATE.refusal(0.0), None);
        assert_eq!(ENTRY_RATE.refusal(-1.0).as_deref(), Some("must not be negative, got -1"));
        assert_eq!(ENTRY_RATE.refusal(1e308).as_deref(), Some("must be at most 1e9 req/s (a billion a second), got 1e308"));
        assert_eq!(GROWTH.refusal(0.0).as_deref(), Some("must be greater than 0, got 0"));
        assert_eq!(THROUGHPUT.refusal(5e-324).as_deref(), Some("must be at least 0.000001, got 5e-324"));
        assert_eq!(CALLS.refusal(f64::INFINITY).as_deref(), Some("must be a finite number, got inf"));
    }
}
