//! Times and days as the store keeps them: a time as RFC 3339 text with the offset the clock
//! had (`2025-03-04T09:00:00+01:00`), a day as `YYYY-MM-DD`. The follow-up records take and give
//! `jiff` values; days become text and back here, times through [`crate::time`].

use jiff::Zoned;
use jiff::civil::Date;

/// `time` as stored: RFC 3339 with its offset, to the second (see [`crate::time::rfc3339`]).
pub fn time_text(time: &Zoned) -> String {
    crate::time::rfc3339(time)
}

/// A stored time back as a `Zoned` in the fixed offset it was written with, so its day and
/// hour read as they did where it was recorded; `None` when the text is not RFC 3339 with an
/// offset.
pub fn parse_time(text: &str) -> Option<Zoned> {
    crate::time::parse_rfc3339(text).ok()
}

/// `day` as stored: `YYYY-MM-DD`.
pub fn day_text(day: Date) -> String {
    day.to_string()
}

/// A stored day back as a `Date`; `None` when the text is not `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Date> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn a_time_keeps_its_offset_and_day_through_its_text() {
        let text = "2025-03-04T23:30:00+01:00";
        let time = parse_time(text).unwrap();
        assert_eq!(time_text(&time), text);
        assert_eq!(time.date(), jiff::civil::date(2025, 3, 4));
        let utc = parse_time("2025-03-04T22:30:00Z").unwrap();
        assert_eq!(utc.timestamp(), time.timestamp());
        assert_eq!(time_text(&utc), "2025-03-04T22:30:00+00:00");
        assert_eq!(parse_time("2025-03-04T22:30:00"), None, "no offset");
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn a_day_reads_back_as_written() {
        let day = jiff::civil::date(2026, 1, 9);
        assert_eq!(day_text(day), "2026-01-09");
        assert_eq!(parse_day("2026-01-09"), Some(day));
        assert_eq!(parse_day("9 Jan"), None);
    }
}
