//! The growth dial's rules: the slider moves on a log10 scale from 1× to
//! 1000×, the number field accepts the same range, and what a person types
//! is checked here once, with a message that names the field.
//!
//! The arrow keys move the dial along the steps people think in (1, 1.5,
//! 2, 3, 5, 7, 10, 15, …, 1000×, [`next_step`]); with Shift held they make
//! the slider's own fine step of about 2.3%.
//!
//! Slider positions are rounded to three significant figures of growth
//! (10^0.5 is 3.16×, not 3.1622776…), so the growth the engine is asked
//! about is the one the page prints, and the command line can reproduce it.

use std::fmt;

/// The smallest growth the dial offers: today's traffic.
pub const MIN_GROWTH: f64 = 1.0;
/// The largest growth the dial offers.
pub const MAX_GROWTH: f64 = 1000.0;
/// Slider position of [`MIN_GROWTH`] (log10).
pub const DIAL_MIN: f64 = 0.0;
/// Slider position of [`MAX_GROWTH`] (log10).
pub const DIAL_MAX: f64 = 3.0;
/// One slider step (log10): about 2.3% more growth per arrow key.
pub const DIAL_STEP: f64 = 0.01;

/// A growth multiplier the dial accepts: finite, from 1 to 1000.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Growth(f64);

/// Why a typed growth was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum GrowthError {
    /// Nothing was typed.
    Empty,
    /// The text is not a number.
    NotANumber,
    /// A number outside 1..=1000 (or not finite).
    OutOfRange(f64),
}

impl fmt::Display for GrowthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrowthError::Empty => {
                write!(f, "Growth multiplier is empty: enter a number from 1 to 1000.")
            }
            GrowthError::NotANumber => {
                write!(f, "Growth multiplier must be a number from 1 to 1000.")
            }
            GrowthError::OutOfRange(value) => write!(
                f,
                "Growth multiplier must be from 1 to 1000; {value} is outside that range."
            ),
        }
    }
}

impl std::error::Error for GrowthError {}

impl Growth {
    /// Accepts a multiplier from 1 to 1000.
    pub fn new(value: f64) -> Result<Growth, GrowthError> {
        if value.is_finite() && (MIN_GROWTH..=MAX_GROWTH).contains(&value) {
            Ok(Growth(value))
        } else {
            Err(GrowthError::OutOfRange(value))
        }
    }

    /// Parses what a person typed into the growth field. Surrounding spaces
    /// and a trailing "x" or "×" ("10x") are forgiven.
    pub fn parse(text: &str) -> Result<Growth, GrowthError> {
        let trimmed = text.trim();
        let number = trimmed.trim_end_matches(['x', 'X', '×']).trim_end();
        if number.is_empty() {
            return Err(if trimmed.is_empty() { GrowthError::Empty } else { GrowthError::NotANumber });
        }
        // Read as every field reads a number ("1,000" too; "inf" and "NaN"
        // are not numbers), except that a number too long for a float
        // ("1e999") is a number far outside the range, and says so.
        match crate::words::quantity::read_number(number) {
            Some(value) => Growth::new(value),
            None => match number.replace([',', '_', ' '], "").parse::<f64>() {
                Ok(value) if value.is_infinite() && number.chars().all(|c| c.is_ascii_digit() || "+-.eE,_ ".contains(c)) => {
                    Growth::new(value)
                }
                _ => Err(GrowthError::NotANumber),
            },
        }
    }

    /// The growth at a slider position (log10 of the growth), rounded to
    /// three significant figures. Positions outside the dial are clamped; a
    /// position that is not a number means 1×.
    pub fn from_dial(position: f64) -> Growth {
        let position = if position.is_nan() { DIAL_MIN } else { position.clamp(DIAL_MIN, DIAL_MAX) };
        let value = round_to_significant(10f64.powf(position), 3);
        Growth(value.clamp(MIN_GROWTH, MAX_GROWTH))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

/// The slider position showing `growth` (which may come from a document and
/// lie outside the dial: it is clamped to the ends).
pub fn dial_position(growth: f64) -> f64 {
    if growth.is_finite() && growth > 0.0 {
        growth.log10().clamp(DIAL_MIN, DIAL_MAX)
    } else {
        DIAL_MIN
    }
}

/// The steps of one decade the arrow keys stop at; every decade repeats them
/// times ten, so the dial stops at 1, 1.5, 2, 3, 5, 7, 10, 15 … 700, 1000.
const DECADE_STEPS: [f64; 6] = [1.0, 1.5, 2.0, 3.0, 5.0, 7.0];

/// The growth one arrow key press away from `growth`: the next round step up
/// (or down) from it, never past the dial's ends. A growth between two steps
/// goes to the nearer step in the direction pressed, so 3.16× goes up to
/// 5× and down to 3×.
pub fn next_step(growth: f64, up: bool) -> Growth {
    let current = if growth.is_finite() { growth.clamp(MIN_GROWTH, MAX_GROWTH) } else { MIN_GROWTH };
    let ladder = (0..3)
        .flat_map(|decade| DECADE_STEPS.iter().map(move |step| step * 10f64.powi(decade)))
        .chain(std::iter::once(MAX_GROWTH));
    // A relative tolerance, so 2.9999999 counts as being at 3.
    let beyond = |step: f64| if up { step > current * (1.0 + 1e-9) } else { step < current * (1.0 - 1e-9) };
    let chosen = if up {
        ladder.filter(|&step| beyond(step)).reduce(f64::min).unwrap_or(MAX_GROWTH)
    } else {
        ladder.filter(|&step| beyond(step)).reduce(f64::max).unwrap_or(MIN_GROWTH)
    };
    Growth(chosen)
}

/// The growth as the number field shows it: the shortest text that reads
/// back as the same number ("10", "3.16").
pub fn field_text(growth: f64) -> String {
    crate::words::quantity::field_text(growth)
}

/// `value` rounded to `figures` significant figures. Dividing by a power of
/// ten that is exact (rather than multiplying by an inexact 0.1) keeps
/// round values such as 1000 exact.
fn round_to_significant(value: f64, figures: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let magnitude = value.abs().log10().floor() as i32;
    let shift = figures - 1 - magnitude;
    if shift >= 0 {
        let scale = 10f64.powi(shift);
        (value * scale).round() / scale
    } else {
        let scale = 10f64.powi(-shift);
        (value / scale).round() * scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<f64, &str>) {
        let got = Growth::parse(text).map(Growth::value).map_err(|e| e.to_string());
        let expected = expected.map_err(str::to_owned);
        assert_eq!(got, expected, "parsing {text:?}");
    }

    #[test]
    fn typed_growth_is_checked_once_with_the_field_named() {
        check("10", Ok(10.0));
        check(" 2.5 ", Ok(2.5));
        check("1", Ok(1.0));
        check("1000", Ok(1000.0));
        check("1e3", Ok(1000.0));
        check("10x", Ok(10.0));
        check("10 ×", Ok(10.0));
        check("", Err("Growth multiplier is empty: enter a number from 1 to 1000."));
        check("   ", Err("Growth multiplier is empty: enter a number from 1 to 1000."));
        check("ten", Err("Growth multiplier must be a number from 1 to 1000."));
        check("x", Err("Growth multiplier must be a number from 1 to 1000."));
        check("inf", Err("Growth multiplier must be a number from 1 to 1000."));
        check("1,000", Ok(1000.0));
        check("NaN", Err("Growth multiplier must be a number from 1 to 1000."));
        check("1e999", Err("Growth multiplier must be from 1 to 1000; inf is outside that range."));
        check("0", Err("Growth multiplier must be from 1 to 1000; 0 is outside that range."));
        check("-3", Err("Growth multiplier must be from 1 to 1000; -3 is outside that range."));
        check("0.5", Err("Growth multiplier must be from 1 to 1000; 0.5 is outside that range."));
        check("1001", Err("Growth multiplier must be from 1 to 1000; 1001 is outside that range."));
    }

    #[test]
    fn the_dial_is_logarithmic_and_rounds_to_three_figures() {
        let cases = [
            (0.0, 1.0),
            (1.0, 10.0),
            (2.0, 100.0),
            (3.0, 1000.0),
            (0.5, 3.16),
            (1.01, 10.2),
            (2.99, 977.0),
            (-1.0, 1.0),
            (7.0, 1000.0),
            (f64::NAN, 1.0),
        ];
        for (position, growth) in cases {
            assert_eq!(Growth::from_dial(position).value(), growth, "position {position}");
        }
        assert_eq!(dial_position(10.0), 1.0);
        assert_eq!(dial_position(1000.0), 3.0);
        assert_eq!(dial_position(0.5), 0.0);
        assert_eq!(dial_position(5000.0), 3.0);
        assert_eq!(dial_position(f64::NAN), 0.0);
    }

    #[test]
    fn arrow_keys_stop_at_the_steps_people_think_in() {
        let mut growth = 1.0;
        let mut stops = vec![growth];
        while growth < MAX_GROWTH {
            growth = next_step(growth, true).value();
            stops.push(growth);
        }
        let expected = [
            1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 70.0, 100.0, 150.0, 200.0, 300.0, 500.0,
            700.0, 1000.0,
        ];
        assert_eq!(stops, expected);
        let mut down = vec![growth];
        while growth > MIN_GROWTH {
            growth = next_step(growth, false).value();
            down.push(growth);
        }
        down.reverse();
        assert_eq!(down, expected);
        // Between two steps: the nearer one in the direction pressed.
        assert_eq!(next_step(3.16, true).value(), 5.0);
        assert_eq!(next_step(3.16, false).value(), 3.0);
        // At the ends and off the dial: stays on it.
        assert_eq!(next_step(1000.0, true).value(), 1000.0);
        assert_eq!(next_step(1.0, false).value(), 1.0);
        assert_eq!(next_step(5000.0, false).value(), 700.0);
        assert_eq!(next_step(f64::NAN, true).value(), 1.5);
        // Each stop reads back from the field, like a slider position.
        for stop in expected {
            assert_eq!(Growth::parse(&field_text(stop)), Ok(Growth(stop)));
        }
    }

    #[test]
    fn every_dial_step_reads_back_from_the_field() {
        // The field shows what the slider chose; typing it back must give
        // the very same growth, or the page and the CLI would disagree.
        for step in 0..=300 {
            let growth = Growth::from_dial(f64::from(step) * DIAL_STEP);
            assert_eq!(Growth::parse(&field_text(growth.value())), Ok(growth));
        }
        assert_eq!(field_text(3.16), "3.16");
        assert_eq!(field_text(10.0), "10");
    }
}
