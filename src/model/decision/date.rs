//! Dates as ADRs write them: ISO 8601 calendar dates, `yyyy-mm-dd`. The
//! date is always supplied by the caller (the platform's clock or the
//! user); the core never reads a clock.

/// Whether `text` is a real calendar date written `yyyy-mm-dd` (years
/// 0001–9999, leap years honoured: `2024-02-29` yes, `2023-02-29` no).
pub fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    // Work on bytes: every position is checked to be an ASCII digit, so no
    // slicing can land inside a multi-byte character.
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |value, &b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    if year == 0 || !(1..=12).contains(&month) || day == 0 {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days_in_month
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_real_dates_in_iso_form_pass() {
        for good in ["2024-05-01", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in [
            "", "2024-5-1", "2024/05/01", "01-05-2024", "2023-02-29", "1900-02-29", "2024-13-01",
            "2024-04-31", "2024-00-10", "0000-01-01", "2024-05-01T10:00", "２０２４-05-01", "+024-05-01",
        ] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }
}
