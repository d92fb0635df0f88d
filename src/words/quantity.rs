//! Quantities as people read them: rates, durations, utilisations and
//! growth multipliers, rounded to what matters on a projector (three
//! significant figures) and never printing `NaN` or `inf`.

/// The one reader of a number a person typed: thousands separators
/// (",", "_") and spaces are forgiven ("1,200", "1 200"); only digits,
/// sign, point and exponent count, so Rust's "inf" and "NaN" are not
/// numbers; the value must be finite. `None` when it is not a number.
pub fn read_number(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != ',' && *c != '_' && !c.is_whitespace()).collect();
    let plausible = !cleaned.is_empty() && cleaned.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c));
    let value: f64 = cleaned.parse().ok()?;
    (plausible && value.is_finite()).then_some(value)
}

/// From here on a figure is written with an exponent ("2.5e15"): longer
/// runs of digits are unreadable, and their last digits meaningless.
const EXPONENT_FROM: f64 = 1e15;

/// The one writer of a figure's digits: `digits` significant figures with
/// no trailing zeros that carry no information ("4.17", "12.5", "120",
/// "0.0301"), at most six decimals (a wait of 1e-120 s is "0", not a line
/// of zeros), an exponent from 1e15 on ("2.5e15"), and "∞" for anything
/// that is not a finite number. Every writer of numbers here goes through
/// it, so no text can show "inf", "NaN" or a wall of digits.
pub fn significant_figures(value: f64, digits: i32) -> String {
    if !value.is_finite() {
        return "∞".to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    if value.abs() >= EXPONENT_FROM {
        let precision = (digits - 1).max(0) as usize;
        let text = format!("{value:.precision$e}");
        // "2.50e15" → "2.5e15".
        return match text.split_once('e') {
            Some((mantissa, exponent)) if mantissa.contains('.') => {
                format!("{}e{exponent}", mantissa.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => text,
        };
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = (digits - 1 - magnitude).clamp(0, 6) as usize;
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_owned() } else { text };
    // A tiny negative rounds to "-0".
    if text == "-0" { "0".to_owned() } else { text }
}

/// The text a number field shows: the shortest that reads back as exactly
/// `value` ("0.35", "120", "10.471285480508996"), so what a field shows
/// and what the engine uses are one number. "0" for a negative zero.
pub fn field_text(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    value.to_string()
}

/// [`field_text`] of a figure that arithmetic made from what was typed
/// (0.7 × 100 = 70.00000000000001): rounded to twelve significant figures
/// first, so the field shows what was typed ("70"), not binary noise.
pub fn typed_field_text(value: f64) -> String {
    if !value.is_finite() {
        return field_text(value);
    }
    let rounded = format!("{value:.11e}").parse::<f64>().unwrap_or(value);
    field_text(rounded)
}

/// A ratio as a percentage field shows it: 0.7 → "70", 0.855 → "85.5".
pub fn percent_field_text(ratio: f64) -> String {
    typed_field_text(ratio * 100.0)
}

/// Three significant figures: what matters on a projector.
fn significant(value: f64) -> String {
    significant_figures(value, 3)
}

/// A whole number with thousands separators ("1,234,567"), rounded; an
/// exponent from 1e15 on, "∞" when not finite.
pub fn grouped(value: f64) -> String {
    if !value.is_finite() || value.abs() >= EXPONENT_FROM {
        return significant(value);
    }
    let rounded = value.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Requests per second: "120 req/s", "1.25k req/s", "3.4M req/s".
pub fn rate(requests_per_second: f64) -> String {
    if !requests_per_second.is_finite() {
        return "unbounded".to_owned();
    }
    let r = requests_per_second;
    if r.abs() >= 999_500.0 {
        format!("{}M req/s", significant(r / 1e6))
    } else if r.abs() >= 9_995.0 {
        format!("{}k req/s", significant(r / 1e3))
    } else if r.abs() >= 1_000.0 {
        format!("{} req/s", r.round())
    } else {
        format!("{} req/s", significant(r))
    }
}

/// A compact rate for edge labels: "120/s", "1.25k/s".
pub fn rate_short(requests_per_second: f64) -> String {
    rate(requests_per_second).replace(" req/s", "/s")
}

/// A duration given in seconds: "850 µs", "12.3 ms", "1.2 s"; `None` (no
/// finite steady state) reads "∞".
pub fn duration(seconds: Option<f64>) -> String {
    match seconds {
        Some(s) if s.is_finite() => {
            if s < 0.001 {
                format!("{} µs", significant(s * 1e6))
            } else if s < 1.0 {
                format!("{} ms", significant(s * 1e3))
            } else {
                format!("{} s", significant(s))
            }
        }
        _ => "∞".to_owned(),
    }
}

/// A wait that may last hours (a queue's worst delay, its drain time):
/// like [`duration`] up to a minute, then "5 min", "1.39 h", which read
/// better on a projector than "5011 s".
pub fn long_duration(seconds: Option<f64>) -> String {
    match seconds {
        Some(s) if s.is_finite() && s >= 3600.0 => format!("{} h", significant(s / 3600.0)),
        Some(s) if s.is_finite() && s >= 60.0 => format!("{} min", significant(s / 60.0)),
        other => duration(other),
    }
}

/// Utilisation as a percentage with one decimal: "21.0%", "120.0%"
/// (never "-0.0%": a share that rounds to nothing is "0.0%").
pub fn percent(utilisation: f64) -> String {
    if !utilisation.is_finite() {
        return "∞".to_owned();
    }
    let share = utilisation * 100.0;
    // Past 1e15 % a fixed-point figure is a run of digits nobody reads.
    if share.abs() >= EXPONENT_FROM {
        return format!("{}%", significant(share));
    }
    let text = format!("{share:.1}%");
    if text == "-0.0%" { "0.0%".to_owned() } else { text }
}

/// From this utilisation on, a measured utilisation is written
/// [`OVER_UTILISATION`]: "13333.3%" is wider than a box on the canvas, and
/// past ten times its capacity the exact figure says nothing the word
/// "saturated" does not (the explanation still gives it).
pub const COMPACT_UTILISATION_FROM: f64 = 9.9995;
/// How a utilisation of 1000% or more reads.
pub const OVER_UTILISATION: &str = ">999%";

/// A measured utilisation as the results table and the boxes on the
/// canvas show it (one writer, so they agree): [`percent`] up to 999.9%,
/// then ">999%".
pub fn utilisation(utilisation: f64) -> String {
    if utilisation.is_finite() && utilisation >= COMPACT_UTILISATION_FROM {
        OVER_UTILISATION.to_owned()
    } else {
        percent(utilisation)
    }
}

/// A share as a percentage without a needless decimal: "70%", "72.5%"
/// (for settings such as the comfort line, not measured utilisation).
pub fn round_percent(share: f64) -> String {
    percent(share).replace(".0%", "%")
}

/// A growth multiplier: "4.17×", "10×", "250×".
pub fn multiplier(growth: f64) -> String {
    if !growth.is_finite() {
        return "∞".to_owned();
    }
    format!("{}×", significant(growth))
}

/// Calls per request as an arrow says it: "×2", "×0.3" (the caller's
/// requests times this).
pub fn per_request(calls: f64) -> String {
    if !calls.is_finite() {
        return "×∞".to_owned();
    }
    format!("×{}", significant(calls))
}

/// A number of instances: "12", "1,200", and "more than 100,000" past
/// the most a component may have (a need that large is a model problem,
/// and its exact figure, often a saturated integer, says nothing).
pub fn instance_count(instances: u32) -> String {
    let most = crate::model::bounds::MAX_INSTANCES;
    if instances > most {
        format!("more than {}", grouped(f64::from(most)))
    } else {
        grouped(f64::from(instances))
    }
}

/// A number of connections: "115", "1,200", and "more than 1,000,000,000"
/// for a demand that large (instances times pools, which saturates).
pub fn connection_count(connections: u32) -> String {
    const MOST: u32 = 1_000_000_000;
    if connections > MOST {
        format!("more than {}", grouped(f64::from(MOST)))
    } else {
        grouped(f64::from(connections))
    }
}

/// Money per month: "$1,240/mo".
pub fn monthly_cost(dollars: f64) -> String {
    let text = grouped(dollars);
    match text.strip_prefix('-') {
        Some(positive) => format!("-${positive}/mo"),
        None => format!("${text}/mo"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_show_short_numbers() {
        assert_eq!(percent_field_text(0.7), "70");
        assert_eq!(percent_field_text(0.855), "85.5");
        assert_eq!(typed_field_text(0.35), "0.35");
        assert_eq!(typed_field_text(120.0), "120");
        // Exact where nothing was computed: the growth dial's fine steps
        // read back as the very number.
        let fine = 10.0 * 10f64.powf(0.02);
        assert_eq!(field_text(fine).parse::<f64>(), Ok(fine));
        assert_eq!(field_text(-0.0), "0");
        // Small values are not rounded to nothing.
        assert_eq!(typed_field_text(1e-10), "0.0000000001");
    }

    #[test]
    fn huge_percentages_take_an_exponent() {
        // A proptest (tests/hostile.rs) met 1e9 req/s on a component
        // serving 1e-6: "100000000000000000.0%".
        assert_eq!(percent(1e15), "1e17%");
        assert_eq!(percent(2.5e13), "2.5e15%");
        assert_eq!(percent(9.0e12), "900000000000000.0%");
        assert_eq!(percent(-1e14), "-1e16%");
    }

    #[test]
    fn numbers_are_read_one_way_everywhere() {
        for (text, read) in [("1200", Some(1200.0)), ("1,200", Some(1200.0)), (" 1 200 ", Some(1200.0)), ("1_200.5", Some(1200.5)), ("1e3", Some(1000.0)), ("-0.5", Some(-0.5))] {
            assert_eq!(read_number(text), read, "{text:?}");
        }
        for text in ["", "inf", "NaN", "infinity", "1e999", "12 req/s", "ten", "0x10"] {
            assert_eq!(read_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn numbers_read_well() {
        let cases: &[(String, &str)] = &[
            (rate(120.0), "120 req/s"),
            (rate(84.000001), "84 req/s"),
            (rate(0.3), "0.3 req/s"),
            (rate(1234.4), "1234 req/s"),
            (rate(12_500.0), "12.5k req/s"),
            (rate(2_000_000.0), "2M req/s"),
            (rate(f64::INFINITY), "unbounded"),
            (rate_short(48.0), "48/s"),
            (duration(Some(0.000_54)), "540 µs"),
            (duration(Some(0.012_345)), "12.3 ms"),
            (duration(Some(2.285_714)), "2.29 s"),
            (duration(None), "∞"),
            (duration(Some(1.3e-124)), "0 µs"),
            (rate(2e-12), "0 req/s"),
            (long_duration(Some(300.0)), "5 min"),
            (long_duration(Some(5011.0)), "1.39 h"),
            (long_duration(Some(12.5)), "12.5 s"),
            (long_duration(None), "∞"),
            (percent(0.21), "21.0%"),
            (percent(1.2), "120.0%"),
            (round_percent(0.7), "70%"),
            (round_percent(0.725), "72.5%"),
            (multiplier(4.166_666), "4.17×"),
            (multiplier(10.0), "10×"),
            // The bugs: a wall of digits and saturated integers.
            (rate(1e23), "1e17M req/s"),
            (monthly_cost(1e300), "$1e300/mo"),
            (monthly_cost(-0.4), "$0/mo"),
            (grouped(1_234_567.4), "1,234,567"),
            (significant_figures(5e-324, 3), "0"),
            (significant_figures(2.5e15, 3), "2.5e15"),
            (significant_figures(f64::NAN, 3), "∞"),
            (multiplier(83.333), "83.3×"),
            (multiplier(416.67), "417×"),
            (monthly_cost(1240.4), "$1,240/mo"),
            (monthly_cost(95.0), "$95/mo"),
            (monthly_cost(1_000_000.0), "$1,000,000/mo"),
            (utilisation(2.4), "240.0%"),
            (utilisation(9.9994), "999.9%"),
            (utilisation(9.9995), ">999%"),
            (utilisation(133.333), ">999%"),
            (utilisation(f64::INFINITY), "∞"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    /// Issue 12 (e): a blank document showed "-0 requests a month". No
    /// writer of figures may print a negative zero, whatever rounds to it.
    #[test]
    fn nothing_prints_a_negative_zero() {
        for value in [-0.0, -1e-300, -5e-324, -1e-7, -0.0004, -0.04, -0.4] {
            let texts = [
                significant_figures(value, 3),
                significant_figures(value, 4),
                grouped(value),
                rate(value),
                rate_short(value),
                duration(Some(value)),
                long_duration(Some(value)),
                percent(value / 1000.0),
                round_percent(value / 1000.0),
                utilisation(value / 1000.0),
                multiplier(value),
                per_request(value),
                monthly_cost(value),
            ];
            for text in texts {
                let negative_zero = text
                    .match_indices('-')
                    .any(|(i, _)| text[i + 1..].chars().take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',').all(|c| c == '0' || c == '.' || c == ','));
                assert!(!negative_zero, "{value} printed {text:?}");
            }
        }
    }
}
