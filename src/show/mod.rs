//! The running workshop as a state machine: where the show is (slide and step), blanking,
//! countdowns, and how long each slide and section has taken. No UI here; time comes in as `now`.

mod countdown;
pub mod groups;
mod step;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::deck::{Deck, Slide, SlideKind};

pub use countdown::{Countdown, CountdownState, format_clock, format_minutes};
pub use step::{Step, steps_of};

/// A screen-wide blank, as PowerPoint's B and W keys give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blank {
    Black,
    White,
}

/// The place in the show: which slide (counted over the whole deck) and which step within it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub slide: usize,
    pub step: usize,
}

/// What a person can ask the running show to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Next,
    Previous,
    First,
    Last,
    /// A digit typed towards "slide number, then Enter".
    TypeDigit(u8),
    /// Enter: jumps to the typed slide number if one was typed, else goes to the next step.
    Confirm,
    /// Forgets a typed slide number.
    ClearTyped,
    /// Jumps to a slide by its 1-based number.
    GoToSlide(usize),
    Blank(Blank),
    Unblank,
    ToggleCountdown,
    ResetCountdown,
}

/// How a section is doing against its planned minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Ahead,
    OnTime,
    Behind,
}

/// Whether a section is over, running or still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Current,
    Upcoming,
}

/// One line of the presenter's agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaItem {
    pub title: String,
    pub planned: Duration,
    pub spent: Duration,
    pub progress: Progress,
    /// Done and current sections: the whole show's lead or lag at the end of (or so far in) it.
    pub pace: Option<Pace>,
    /// Seconds behind schedule (negative when ahead) at the end of, or so far in, this section.
    pub schedule_offset_secs: i64,
}

/// Lead or lag of less than this counts as on time.
const ON_TIME_MARGIN_SECS: i64 = 60;

/// The show in progress over one deck.
#[derive(Debug, Clone)]
pub struct Show {
    deck: Deck,
    /// For each slide over the whole deck, its section index and its steps.
    slides: Vec<SlideEntry>,
    position: Position,
    blank: Option<Blank>,
    typed_number: String,
    countdowns: HashMap<Position, Countdown>,
    timing: Timing,
    /// A short message for the presenter, such as "No slide 99".
    notice: Option<String>,
}

/// How long the show and each slide have taken.
#[derive(Debug, Clone)]
struct Timing {
    started_at: Instant,
    /// Time spent on each slide before the current visit.
    slide_time: Vec<Duration>,
    /// When the current visit began.
    entered_at: Instant,
    /// Finished visits to slides, for the app to record.
    visits: Vec<Visit>,
}

/// Time spent on one slide in one visit, ended by moving to another slide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub slide: usize,
    pub duration: Duration,
}

#[derive(Debug, Clone)]
struct SlideEntry {
    section: usize,
    steps: Vec<Step>,
}

fn entries(deck: &Deck) -> Vec<SlideEntry> {
    deck.slides()
        .map(|(section, slide)| SlideEntry {
            section,
            steps: steps_of(slide),
        })
        .collect()
}

impl Show {
    /// Starts the show on the first slide; the elapsed clock starts at `now`.
    pub fn new(deck: Deck, now: Instant) -> Self {
        let slides = entries(&deck);
        Self {
            timing: Timing {
                started_at: now,
                slide_time: vec![Duration::ZERO; slides.len()],
                entered_at: now,
                visits: Vec::new(),
            },
            slides,
            deck,
            position: Position::default(),
            blank: None,
            typed_number: String::new(),
            countdowns: HashMap::new(),
            notice: None,
        }
    }

    pub fn deck(&self) -> &Deck {
        &self.deck
    }

    pub fn position(&self) -> Position {
        self.position
    }

    pub fn slide_count(&self) -> usize {
        self.slides.len()
    }

    pub fn blank(&self) -> Option<Blank> {
        self.blank
    }

    /// The slide number being typed, for "go to slide" feedback.
    pub fn typed_number(&self) -> &str {
        &self.typed_number
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Takes the notice away: the presenter has moved on to something else.
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    /// The slide at `position`, its section index and its step.
    pub fn view_at(&self, position: Position) -> Option<SlideView<'_>> {
        let entry = self.slides.get(position.slide)?;
        let slide = self
            .deck
            .sections
            .get(entry.section)?
            .slides
            .get(position.slide - self.first_slide_of(entry.section))?;
        Some(SlideView {
            slide,
            section: entry.section,
            step: *entry.steps.get(position.step)?,
            step_index: position.step,
            step_count: entry.steps.len(),
            position,
        })
    }

    /// The slide on screen now.
    pub fn current(&self) -> Option<SlideView<'_>> {
        self.view_at(self.position)
    }

    /// What the next press of "next" will show, if anything.
    pub fn next_position(&self) -> Option<Position> {
        let entry = self.slides.get(self.position.slide)?;
        if self.position.step + 1 < entry.steps.len() {
            Some(Position {
                slide: self.position.slide,
                step: self.position.step + 1,
            })
        } else if self.position.slide + 1 < self.slides.len() {
            Some(Position {
                slide: self.position.slide + 1,
                step: 0,
            })
        } else {
            None
        }
    }

    fn previous_position(&self) -> Option<Position> {
        if self.position.step > 0 {
            Some(Position {
                slide: self.position.slide,
                step: self.position.step - 1,
            })
        } else {
            // Like PowerPoint: going back lands on the previous slide fully built.
            let slide = self.position.slide.checked_sub(1)?;
            let steps = self.slides.get(slide)?.steps.len();
            Some(Position {
                slide,
                step: steps.saturating_sub(1),
            })
        }
    }

    fn first_slide_of(&self, section: usize) -> usize {
        self.deck
            .sections
            .iter()
            .take(section)
            .map(|s| s.slides.len())
            .sum()
    }

    /// Applies one command at time `now`.
    pub fn apply(&mut self, command: Command, now: Instant) {
        if command != Command::Confirm && !matches!(command, Command::TypeDigit(_)) {
            self.typed_number.clear();
        }
        self.notice = None;
        match command {
            Command::Next => {
                if let Some(p) = self.next_position() {
                    self.move_to(p, now);
                }
            }
            Command::Previous => {
                if let Some(p) = self.previous_position() {
                    self.move_to(p, now);
                }
            }
            Command::First => self.move_to(Position::default(), now),
            Command::Last => {
                let slide = self.slides.len().saturating_sub(1);
                self.move_to(Position { slide, step: 0 }, now);
            }
            Command::TypeDigit(d) => {
                if self.typed_number.len() < 4 {
                    self.typed_number.push(char::from(b'0' + d.min(9)));
                } else {
                    self.notice = Some(format!(
                        "The deck has {} slides: a fifth digit is not taken.",
                        self.slides.len()
                    ));
                }
            }
            Command::Confirm => {
                let typed = std::mem::take(&mut self.typed_number);
                match typed.parse::<usize>() {
                    Ok(number) => self.go_to_slide(number, now),
                    Err(_) => self.apply(Command::Next, now),
                }
            }
            Command::ClearTyped => {}
            Command::GoToSlide(number) => self.go_to_slide(number, now),
            Command::Blank(blank) => {
                self.blank = if self.blank == Some(blank) {
                    None
                } else {
                    Some(blank)
                };
            }
            Command::Unblank => self.blank = None,
            Command::ToggleCountdown => match self.countdown_mut() {
                Some(countdown) => countdown.toggle(now),
                None => self.notice = Some("There is no countdown on this slide.".to_owned()),
            },
            Command::ResetCountdown => {
                if let Some(countdown) = self.countdown_mut() {
                    countdown.reset();
                }
            }
        }
    }

    fn go_to_slide(&mut self, number: usize, now: Instant) {
        if number >= 1 && number <= self.slides.len() {
            self.move_to(
                Position {
                    slide: number - 1,
                    step: 0,
                },
                now,
            );
        } else {
            self.notice = Some(format!(
                "There is no slide {number}: the slides are numbered 1 to {}.",
                self.slides.len()
            ));
        }
    }

    fn move_to(&mut self, position: Position, now: Instant) {
        if position.slide != self.position.slide {
            self.bank_slide_time(now);
        }
        self.position = position;
    }

    fn bank_slide_time(&mut self, now: Instant) {
        let duration = now.saturating_duration_since(self.timing.entered_at);
        if let Some(t) = self.timing.slide_time.get_mut(self.position.slide) {
            *t += duration;
        }
        if !duration.is_zero() {
            self.timing.visits.push(Visit {
                slide: self.position.slide,
                duration,
            });
        }
        self.timing.entered_at = now;
    }

    /// Ends the visit to the current slide (the show is closing), so its time is counted.
    pub fn end_visit(&mut self, now: Instant) {
        self.bank_slide_time(now);
    }

    /// The visits finished since the last call, oldest first.
    pub fn take_visits(&mut self) -> Vec<Visit> {
        std::mem::take(&mut self.timing.visits)
    }

    /// Moves to `position` (clamped to the deck), as when resuming a session where it stopped.
    pub fn resume_at(&mut self, position: Position, now: Instant) {
        let last = self.slides.len().saturating_sub(1);
        let slide = position.slide.min(last);
        let steps = self.slides.get(slide).map_or(1, |e| e.steps.len());
        self.move_to(
            Position {
                slide,
                step: position.step.min(steps.saturating_sub(1)),
            },
            now,
        );
    }

    /// Takes in the time a resumed session had already spent: `(slide index, seconds)` as
    /// recorded. Elapsed continues from it, and each slide's time (the agenda's pace)
    /// includes it. A slide the deck no longer has counts in Elapsed only.
    pub fn restore_time(&mut self, times: &[(usize, f64)], now: Instant) {
        let mut total = Duration::ZERO;
        for (slide, seconds) in times {
            let spent = Duration::try_from_secs_f64(*seconds).unwrap_or(Duration::ZERO);
            total += spent;
            if let Some(t) = self.timing.slide_time.get_mut(*slide) {
                *t += spent;
            }
        }
        if let Some(started) = now.checked_sub(total) {
            self.timing.started_at = started;
        }
    }

    /// A name for the slide at `index` that records can use: its item id, or `slide N: heading`.
    pub fn slide_ref(&self, index: usize) -> String {
        match self.deck.slides().nth(index) {
            Some((_, slide)) => slide.record_ref(index),
            None => format!("slide {}", index + 1),
        }
    }

    /// The countdown of the current step, made on first use, if the step is timed.
    fn countdown_mut(&mut self) -> Option<&mut Countdown> {
        let planned = self.current()?.step_minutes()?;
        Some(
            self.countdowns
                .entry(self.position)
                .or_insert_with(|| Countdown::new(Duration::from_secs(u64::from(planned) * 60))),
        )
    }

    /// The countdown shown on the current step, if it is timed (an Activity or a role-play round).
    pub fn countdown(&self) -> Option<Countdown> {
        self.countdown_at(self.position)
    }

    pub fn countdown_at(&self, position: Position) -> Option<Countdown> {
        let planned = self.view_at(position)?.step_minutes()?;
        Some(
            self.countdowns
                .get(&position)
                .copied()
                .unwrap_or_else(|| Countdown::new(Duration::from_secs(u64::from(planned) * 60))),
        )
    }

    /// Time since the show started.
    pub fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.timing.started_at)
    }

    /// Total time spent on each slide so far, the current visit included.
    pub fn slide_times(&self, now: Instant) -> Vec<Duration> {
        let mut times = self.timing.slide_time.clone();
        if let Some(t) = times.get_mut(self.position.slide) {
            *t += now.saturating_duration_since(self.timing.entered_at);
        }
        times
    }

    /// Time spent in each section so far.
    pub fn section_times(&self, now: Instant) -> Vec<Duration> {
        let mut sections = vec![Duration::ZERO; self.deck.sections.len()];
        for (entry, time) in self.slides.iter().zip(self.slide_times(now)) {
            if let Some(s) = sections.get_mut(entry.section) {
                *s += time;
            }
        }
        sections
    }

    /// The index of the section on screen.
    pub fn current_section(&self) -> usize {
        self.slides
            .get(self.position.slide)
            .map_or(0, |entry| entry.section)
    }

    /// Planned time left in the current section (negative when over).
    pub fn section_time_left_secs(&self, now: Instant) -> i64 {
        let section = self.current_section();
        let planned = self
            .deck
            .sections
            .get(section)
            .map_or(0, |s| i64::from(s.minutes) * 60);
        let spent = self.section_times(now).get(section).map_or(0, |d| secs(*d));
        planned - spent
    }

    /// Every section with its plan, time spent and pace, for the presenter's agenda.
    pub fn agenda(&self, now: Instant) -> Vec<AgendaItem> {
        let current = self.current_section();
        let spent = self.section_times(now);
        let mut planned_so_far = 0i64;
        let mut spent_so_far = 0i64;
        self.deck
            .sections
            .iter()
            .enumerate()
            .map(|(i, section)| {
                let planned = i64::from(section.minutes) * 60;
                let spent_here = spent.get(i).map_or(0, |d| secs(*d));
                let progress = match i.cmp(&current) {
                    std::cmp::Ordering::Less => Progress::Done,
                    std::cmp::Ordering::Equal => Progress::Current,
                    std::cmp::Ordering::Greater => Progress::Upcoming,
                };
                spent_so_far += spent_here;
                // A running section counts as planned only up to the time spent in it so far.
                planned_so_far += match progress {
                    Progress::Current => planned.min(spent_here),
                    _ => planned,
                };
                let offset = spent_so_far - planned_so_far;
                let pace = match progress {
                    Progress::Upcoming => None,
                    _ => Some(if offset > ON_TIME_MARGIN_SECS {
                        Pace::Behind
                    } else if offset < -ON_TIME_MARGIN_SECS {
                        Pace::Ahead
                    } else {
                        Pace::OnTime
                    }),
                };
                AgendaItem {
                    title: section.title.clone(),
                    planned: Duration::from_secs(u64::from(section.minutes) * 60),
                    spent: spent.get(i).copied().unwrap_or_default(),
                    progress,
                    pace,
                    schedule_offset_secs: offset,
                }
            })
            .collect()
    }

    /// Puts an edited deck in place of the current one, staying at the same slide where it
    /// still exists; times and countdowns are kept.
    pub fn replace_deck(&mut self, deck: Deck, now: Instant) {
        self.bank_slide_time(now);
        self.slides = entries(&deck);
        self.deck = deck;
        self.timing
            .slide_time
            .resize(self.slides.len(), Duration::ZERO);
        let last = self.slides.len().saturating_sub(1);
        let slide = self.position.slide.min(last);
        let steps = self.slides.get(slide).map_or(1, |e| e.steps.len());
        self.position = Position {
            slide,
            step: self.position.step.min(steps.saturating_sub(1)),
        };
        let slides = &self.slides;
        self.countdowns.retain(|p, _| {
            slides
                .get(p.slide)
                .is_some_and(|e| e.steps.get(p.step).is_some_and(|s| s.is_timed()))
        });
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

/// A slide as shown at one step.
#[derive(Debug, Clone, Copy)]
pub struct SlideView<'a> {
    pub slide: &'a Slide,
    pub section: usize,
    pub step: Step,
    pub step_index: usize,
    pub step_count: usize,
    pub position: Position,
}

impl SlideView<'_> {
    /// The countdown length of this step, if it is timed.
    pub fn step_minutes(&self) -> Option<u32> {
        if !self.step.is_timed() {
            return None;
        }
        match &self.slide.kind {
            SlideKind::Activity { minutes, .. } => Some(*minutes),
            SlideKind::RolePlay(rp) => Some(rp.minutes_per_round),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
