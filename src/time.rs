//! Times as Podium keeps and shows them: one moment read from the clock per frame, and every
//! way a time is written, in one place.
//!
//! A recorded time is a [`Zoned`] in the fixed UTC offset the laptop's clock had when it was
//! recorded, so that it is written back exactly as it was read: RFC 3339 with its offset
//! (`2026-11-27T09:05:00+01:00`), the text the store, the exports and the files of unsaved
//! records hold. No UI here.

use std::time::Instant;

use jiff::Zoned;
use jiff::tz::{Offset, TimeZone};

/// The moment a frame is drawn for: read once per frame by the app, made up by tests.
#[derive(Debug, Clone)]
pub struct Now {
    /// For timers and countdowns, which must not jump when the wall clock is set.
    pub instant: Instant,
    /// The time of day, for the presenter's clock and for records.
    pub wall: Zoned,
}

impl Now {
    /// Reads the clock; the shell calls it once per frame, and nothing else reads the clock.
    pub fn read() -> Self {
        Self::at(Instant::now(), Zoned::now())
    }

    /// The moment `instant` on the monotonic clock, `wall` on the wall clock, kept in the
    /// fixed offset `wall` has (so records hold the offset of the moment they were made).
    pub fn at(instant: Instant, wall: Zoned) -> Self {
        let fixed = TimeZone::fixed(wall.offset());
        Self {
            instant,
            wall: wall.with_time_zone(fixed),
        }
    }

    /// The wall time as records keep it.
    pub fn recorded(&self) -> Zoned {
        self.wall.clone()
    }

    /// Seconds since the wall clock's minute began, to redraw when the clock's minute changes.
    pub fn second_of_minute(&self) -> u8 {
        u8::try_from(self.wall.second()).unwrap_or(0)
    }
}

/// A time that could not be read back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a time with its UTC offset, such as 2026-11-27T09:05:00+01:00")]
pub struct TimeError {
    pub text: String,
}

/// The format of every recorded time: RFC 3339 with the UTC offset, to the second.
const RFC3339: &str = "%Y-%m-%dT%H:%M:%S%:z";

/// `2026-11-27T09:05:00+01:00`: how the store, the exports and the files of unsaved records
/// write a time.
pub fn rfc3339(time: &Zoned) -> String {
    time.strftime(RFC3339).to_string()
}

/// Reads a time written by [`rfc3339`] (fractions of a second and `Z` for UTC are read too),
/// keeping its offset.
pub fn parse_rfc3339(text: &str) -> Result<Zoned, TimeError> {
    let error = || TimeError {
        text: text.to_owned(),
    };
    let timestamp: jiff::Timestamp = text.parse().map_err(|_| error())?;
    let offset = offset_of(text).ok_or_else(error)?;
    Ok(timestamp.to_zoned(TimeZone::fixed(offset)))
}

/// The UTC offset written at the end of an RFC 3339 time: `Z`, or `+hh:mm` / `-hh:mm`.
fn offset_of(text: &str) -> Option<Offset> {
    if text.ends_with(['Z', 'z']) {
        return Some(Offset::UTC);
    }
    let tail = text.get(text.len().checked_sub(6)?..)?;
    let sign = match tail.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours: i32 = tail.get(1..3)?.parse().ok()?;
    let minutes: i32 = tail.get(4..6)?.parse().ok()?;
    Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()
}

/// `09:05`: the time of day, on the presenter's clock and beside a check-in.
pub fn clock(time: &Zoned) -> String {
    time.strftime("%H:%M").to_string()
}

/// `2026-11-27 09:05`: when a session started, in lists.
pub fn date_and_clock(time: &Zoned) -> String {
    time.strftime("%Y-%m-%d %H:%M").to_string()
}

/// `2026-11-27`: the day, in the session's own offset.
pub fn date(time: &Zoned) -> String {
    time.strftime("%Y-%m-%d").to_string()
}

/// `2026-11-27-09-05`: a time for a file name (no `:`, which some systems refuse).
pub fn for_file_name(time: &Zoned) -> String {
    time.strftime("%Y-%m-%d-%H-%M").to_string()
}

/// Serde for a recorded time as its RFC 3339 text, so files of unsaved records written by
/// any version of Podium read the same.
pub mod serde_rfc3339 {
    use jiff::Zoned;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(time: &Zoned, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::rfc3339(time))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Zoned, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_rfc3339(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_time_reads_back_as_it_was_written() {
        for text in [
            "2026-11-27T09:05:00+01:00",
            "2025-03-04T03:20:00-05:00",
            "2025-06-03T23:59:59+00:00",
            "2025-06-03T09:00:00+05:30",
        ] {
            let time = parse_rfc3339(text).unwrap();
            assert_eq!(rfc3339(&time), text);
        }
        let utc = parse_rfc3339("2025-06-03T09:00:00.250Z").unwrap();
        assert_eq!(rfc3339(&utc), "2025-06-03T09:00:00+00:00");
        assert!(parse_rfc3339("2025-06-03 09:00").is_err());
        assert!(parse_rfc3339("yesterday").is_err());
    }

    #[test]
    fn times_show_in_their_own_offset() {
        let time = parse_rfc3339("2025-03-04T03:20:00-05:00").unwrap();
        assert_eq!(clock(&time), "03:20");
        assert_eq!(date_and_clock(&time), "2025-03-04 03:20");
        assert_eq!(date(&time), "2025-03-04");
        assert_eq!(for_file_name(&time), "2025-03-04-03-20");
    }

    #[test]
    fn now_keeps_the_offset_of_its_moment() {
        let wall = parse_rfc3339("2026-11-27T09:05:42+01:00").unwrap();
        let now = Now::at(Instant::now(), wall);
        assert_eq!(rfc3339(&now.recorded()), "2026-11-27T09:05:42+01:00");
        assert_eq!(now.second_of_minute(), 42);
    }
}
