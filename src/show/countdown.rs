//! A countdown that can be paused, and keeps counting past zero so overtime shows.

use std::time::{Duration, Instant};

/// The countdown of an Activity or a role-play round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    planned: Duration,
    /// Time run before the current run, if paused and restarted.
    banked: Duration,
    /// When the current run started; `None` while stopped.
    running_since: Option<Instant>,
}

/// How urgent the countdown looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountdownState {
    /// Not started yet.
    Ready,
    Running,
    Paused,
    /// One minute or less left.
    LastMinute,
    /// Past zero and still counting.
    Overtime,
}

impl Countdown {
    pub fn new(planned: Duration) -> Self {
        Self {
            planned,
            banked: Duration::ZERO,
            running_since: None,
        }
    }

    pub fn planned(&self) -> Duration {
        self.planned
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn toggle(&mut self, now: Instant) {
        match self.running_since.take() {
            Some(since) => self.banked += now.saturating_duration_since(since),
            None => self.running_since = Some(now),
        }
    }

    pub fn reset(&mut self) {
        self.banked = Duration::ZERO;
        self.running_since = None;
    }

    pub fn elapsed(&self, now: Instant) -> Duration {
        self.banked
            + self
                .running_since
                .map_or(Duration::ZERO, |since| now.saturating_duration_since(since))
    }

    /// Whole seconds left, negative once past zero. Rounded up, so "0:01" shows until zero.
    pub fn remaining_secs(&self, now: Instant) -> i64 {
        let planned = i128::try_from(self.planned.as_millis()).unwrap_or(i128::MAX);
        let elapsed = i128::try_from(self.elapsed(now).as_millis()).unwrap_or(i128::MAX);
        let left_ms = planned - elapsed;
        let secs = if left_ms > 0 {
            (left_ms + 999) / 1000
        } else {
            left_ms / 1000
        };
        i64::try_from(secs).unwrap_or(i64::MIN)
    }

    pub fn state(&self, now: Instant) -> CountdownState {
        let left = self.remaining_secs(now);
        if left <= 0 && self.elapsed(now) >= self.planned {
            CountdownState::Overtime
        } else if self.running_since.is_none() && self.banked.is_zero() {
            CountdownState::Ready
        } else if left <= 60 {
            CountdownState::LastMinute
        } else if self.running_since.is_none() {
            CountdownState::Paused
        } else {
            CountdownState::Running
        }
    }
}

/// `12:05`, or `-0:42` once over.
pub fn format_clock(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    if s >= 3600 {
        format!("{sign}{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{sign}{}:{:02}", s / 60, s % 60)
    }
}

/// A span in whole minutes, as the presenter's clocks show it when seconds do not matter:
/// `42 min`, `1 h 05 min`.
pub fn format_minutes(secs: i64) -> String {
    let minutes = secs.unsigned_abs() / 60;
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_pauses_and_goes_into_overtime() {
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        let mut c = Countdown::new(Duration::from_secs(120));
        assert_eq!(c.state(t0), CountdownState::Ready);
        assert_eq!(c.remaining_secs(t0), 120);
        c.toggle(t0);
        assert_eq!(c.remaining_secs(at(30)), 90);
        assert_eq!(c.state(at(30)), CountdownState::Running);
        c.toggle(at(30));
        assert_eq!(c.remaining_secs(at(500)), 90, "paused");
        assert_eq!(c.state(at(500)), CountdownState::Paused);
        c.toggle(at(500));
        assert_eq!(c.state(at(531)), CountdownState::LastMinute);
        assert_eq!(c.remaining_secs(at(590)), 0);
        assert_eq!(c.state(at(590)), CountdownState::Overtime);
        assert_eq!(c.remaining_secs(at(635)), -45, "keeps counting past zero");
        c.reset();
        assert_eq!(
            (c.remaining_secs(at(700)), c.state(at(700))),
            (120, CountdownState::Ready)
        );
    }

    #[test]
    fn formats_clock_values() {
        assert_eq!(format_clock(605), "10:05");
        assert_eq!(format_clock(-42), "-0:42");
        assert_eq!(format_clock(3725), "1:02:05");
        assert_eq!(format_minutes(2545), "42 min");
        assert_eq!(format_minutes(3900), "1 h 05 min");
    }
}
