//! The view model of one frame: everything both windows show, built once by
//! [`Presentation::view`] after the frame's actions are applied. The views draw from it and
//! ask nothing else, so the projector and the presenter always show the same step, results
//! and countdown. Plain data; no UI here.

use std::path::Path;

use super::phones::{JoinScreen, PhonesView};
use super::{PanelTab, Presentation};
use crate::deck::{Diagnostic, RolePlay, SlideKind, Theme};
use crate::record::close::{CloseTarget, Closing};
use crate::record::room::SessionTally;
use crate::record::room::{Results, RoomRecords};
use crate::show::{AgendaItem, Blank, CountdownState, Show, SlideView, Step};
use crate::store::types::{Mode, Person, PersonId, SessionId};
use crate::time::{self, Now};

/// Everything a frame shows, in both windows.
pub struct ShowView<'a> {
    /// What the room sees; the presenter's preview shows the same.
    pub stage: StageView<'a>,
    pub header: HeaderView,
    pub clocks: Clocks,
    pub agenda: Vec<AgendaItem>,
    /// The room's records, in a live session.
    pub room: Option<RoomView<'a>>,
    pub recording: RecordingView<'a>,
    pub problems: ProblemsView<'a>,
    pub windows: WindowsView,
    /// The dialog of a close waiting for a choice.
    pub closing: Option<ClosingView<'a>>,
    /// Phones in the room, in a live session.
    pub phones: Option<PhonesView<'a>>,
    /// A live session's close summary, while it shows.
    pub summary: Option<SummaryView<'a>>,
}

/// What a live session holds as it closes, with the export offered before it ends.
pub struct SummaryView<'a> {
    pub target: CloseTarget,
    pub counts: SessionTally,
    /// Records not yet in the data file.
    pub unsaved: usize,
    /// Why the data file cannot be written now, if so.
    pub problem: Option<&'a str>,
    /// The last export's outcome: the files written, the files in the way, or why not.
    pub exported: Option<&'a super::ExportOutcome>,
}

/// The slide on the projector, and the next step for the presenter.
pub struct StageView<'a> {
    pub theme: Theme,
    pub blank: Option<Blank>,
    /// The step on screen now (none only for an empty deck).
    pub current: Option<StepView<'a>>,
    /// What the next press of "next" shows, with a label saying what it is.
    pub next: Option<(StepView<'a>, String)>,
    /// The join screen for phones, shown over the slide while asked for.
    pub join: Option<JoinScreen<'a>>,
}

/// What the audience window shows, owned: its frames are drawn on their own, from the copy
/// the last presenter frame left (see [`StageSnapshot::view`]). Equal snapshots draw the same
/// pixels, so the audience window is redrawn only when its snapshot changes.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSnapshot {
    theme: Theme,
    blank: Option<Blank>,
    current: Option<StepSnapshot>,
    next: Option<(StepSnapshot, String)>,
    join: Option<JoinSnapshot>,
}

#[derive(Debug, Clone, PartialEq)]
struct StepSnapshot {
    slide: crate::deck::Slide,
    section: usize,
    step: Step,
    step_index: usize,
    step_count: usize,
    position: crate::show::Position,
    countdown: Option<CountdownView>,
    results: Option<Results>,
    cast: Vec<Vec<(String, String)>>,
}

#[derive(Debug, Clone, PartialEq)]
struct JoinSnapshot {
    urls: Vec<String>,
    pin: String,
    qr: Option<crate::phones::QrMatrix>,
}

impl StageSnapshot {
    /// A copy of what `stage` shows.
    pub fn of(stage: &StageView<'_>) -> Self {
        let step = |s: &StepView<'_>| StepSnapshot {
            slide: s.slide.slide.clone(),
            section: s.slide.section,
            step: s.slide.step,
            step_index: s.slide.step_index,
            step_count: s.slide.step_count,
            position: s.slide.position,
            countdown: s.countdown,
            results: s.results.clone(),
            cast: s.cast.clone(),
        };
        Self {
            theme: stage.theme,
            blank: stage.blank,
            current: stage.current.as_ref().map(step),
            next: stage
                .next
                .as_ref()
                .map(|(s, label)| (step(s), label.clone())),
            join: stage.join.as_ref().map(|j| JoinSnapshot {
                urls: j.urls.iter().map(|u| (*u).to_owned()).collect(),
                pin: j.pin.to_owned(),
                qr: j.qr.cloned(),
            }),
        }
    }

    /// The stage as the views draw it.
    pub fn view(&self) -> StageView<'_> {
        fn step(s: &StepSnapshot) -> StepView<'_> {
            StepView {
                slide: SlideView {
                    slide: &s.slide,
                    section: s.section,
                    step: s.step,
                    step_index: s.step_index,
                    step_count: s.step_count,
                    position: s.position,
                },
                countdown: s.countdown,
                results: s.results.clone(),
                cast: s.cast.clone(),
            }
        }
        StageView {
            theme: self.theme,
            blank: self.blank,
            current: self.current.as_ref().map(step),
            next: self
                .next
                .as_ref()
                .map(|(s, label)| (step(s), label.clone())),
            join: self.join.as_ref().map(|j| JoinScreen {
                urls: j.urls.iter().map(String::as_str).collect(),
                pin: &j.pin,
                qr: j.qr.as_ref(),
            }),
        }
    }
}

/// One slide at one step, with what it shows besides the deck.
pub struct StepView<'a> {
    pub slide: SlideView<'a>,
    /// The step's countdown, if it is timed: one value for both windows.
    pub countdown: Option<CountdownView>,
    /// The live results of a Poll, Quiz or Rating, without names.
    pub results: Option<Results>,
    /// For a role-play round: each group's members and the role each plays this round.
    pub cast: Vec<Vec<(String, String)>>,
}

/// A countdown as shown in this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountdownView {
    /// Whole seconds left, negative once past zero.
    pub remaining_secs: i64,
    pub state: CountdownState,
    pub running: bool,
}

/// The presenter's top line.
pub struct HeaderView {
    pub deck_title: String,
    /// 1-based.
    pub slide_number: usize,
    pub slide_count: usize,
    /// Step (1-based) and steps, on a slide of more than one step.
    pub step: Option<(usize, usize)>,
    /// A slide number being typed, for "go to slide".
    pub typed_number: String,
    /// A short message such as "There is no slide 99".
    pub notice: Option<String>,
}

/// The presenter's clocks.
pub struct Clocks {
    /// `14:05`.
    pub time_of_day: String,
    pub elapsed_secs: i64,
    /// Planned time left in the current section, negative when over.
    pub section_left_secs: i64,
}

/// The room's state for the side panel.
pub struct RoomView<'a> {
    pub records: &'a RoomRecords,
    /// People in the room now, in roster order.
    pub here: Vec<&'a Person>,
    pub tab: PanelTab,
    pub keyboard_entry: bool,
    /// The highlighted person among `here`, with keyboard entry on.
    pub cursor: usize,
    /// How the presenter's notes name the current slide.
    pub slide_ref: String,
    /// The last message from the room, such as a roster import summary.
    pub message: Option<&'a str>,
    /// The role-play on screen, with its groups for the round.
    pub role_play: Option<RolePlayView<'a>>,
    /// Phones are on: the Answers tab shows who answered, not what.
    pub answers_private: bool,
}

/// A role-play's groups for the round on screen, with who scores whom.
pub struct RolePlayView<'a> {
    pub role_play: &'a RolePlay,
    /// The round on screen; 1 before the first round, the last round at the debrief.
    pub round: u32,
    /// Whether a round is on screen (else round 1, or the last round at the debrief, shows).
    pub in_round: bool,
    /// The debrief is on screen.
    pub debrief: bool,
    /// Groups formed from now on spread each team over the groups.
    pub mix_teams: bool,
    /// The roster names two teams or more, so groups can be spread over them.
    pub teams: bool,
    /// `None` until groups are formed.
    pub groups: Option<Vec<GroupView>>,
    /// The groups of every round, round 1 first, for score sheets and the debrief at any
    /// time; empty until groups are formed.
    pub rounds: Vec<Vec<GroupView>>,
    /// People can be moved between groups: no round's countdown is running, and the rounds
    /// are not over (at the debrief a move would rewrite who played with whom).
    pub movable: bool,
}

/// One group in one round.
pub struct GroupView {
    /// Each member with the name of the role they play.
    pub cast: Vec<(PersonId, String)>,
    /// The player of the scored role, whose score sheet this is.
    pub seller: Option<PersonId>,
    /// The player who scores the seller.
    pub observer: Option<PersonId>,
}

/// What is being recorded and whether it is saved, for the status line.
#[derive(Debug, Clone, Copy)]
pub struct RecordingView<'a> {
    pub mode: Mode,
    /// The session's id in the database, once it is there.
    pub session_id: Option<SessionId>,
    /// Records not saved yet.
    pub unsaved: usize,
    /// Why they are not, with what to do.
    pub problem: Option<&'a str>,
    /// A roster being saved: people done and in all.
    pub progress: Option<(usize, usize)>,
    /// A roster file being read.
    pub importing: Option<&'a Path>,
}

/// What the deck file says is wrong, for the presenter.
pub struct ProblemsView<'a> {
    /// Errors of the last edit, while the show runs on the last good version.
    pub reload_errors: &'a [Diagnostic],
    pub image_problems: &'a [Diagnostic],
    pub deck_warnings: &'a [Diagnostic],
}

/// The windows as they are wanted.
#[derive(Debug, Clone, Copy)]
pub struct WindowsView {
    pub help_visible: bool,
    pub audience_open: bool,
    pub audience_fullscreen: bool,
    /// Where the windows were put needs saying (one small screen), while the audience
    /// window is open.
    pub placement_advice: Option<&'static str>,
}

/// A close waiting for the presenter's choice, with the records it is about.
pub struct ClosingView<'a> {
    pub closing: &'a Closing,
    pub unsaved: usize,
    pub problem: Option<&'a str>,
}

impl Presentation {
    /// The view model of the frame drawn at `now`.
    pub fn view(&self, now: &Now) -> ShowView<'_> {
        let show = &self.show;
        let room = match self.mode {
            Mode::Live => Some(&self.recorder.room),
            Mode::Rehearsal => None,
        };
        let current = show.current();
        let next = show.next_position().and_then(|p| show.view_at(p)).map(|v| {
            let label = if v.position.slide == show.position().slide {
                format!("Same slide, step {} of {}", v.step_index + 1, v.step_count)
            } else {
                format!(
                    "Slide {}: {}",
                    v.position.slide + 1,
                    plain_text(v.slide.kind.heading())
                )
            };
            (step_view(show, room, v, now), label)
        });
        let status = &self.tracking.status;
        ShowView {
            stage: StageView {
                theme: show.deck().theme,
                blank: show.blank(),
                current: current.map(|v| step_view(show, room, v, now)),
                next,
                join: self.phones.join_screen(),
            },
            header: HeaderView {
                deck_title: show.deck().title.clone(),
                slide_number: show.position().slide + 1,
                slide_count: show.slide_count(),
                step: current
                    .filter(|v| v.step_count > 1)
                    .map(|v| (v.step_index + 1, v.step_count)),
                typed_number: show.typed_number().to_owned(),
                notice: show.notice().map(str::to_owned),
            },
            clocks: Clocks {
                time_of_day: time::clock(&now.wall),
                elapsed_secs: secs(show.elapsed(now.instant).as_secs()),
                section_left_secs: show.section_time_left_secs(now.instant),
            },
            agenda: show.agenda(now.instant),
            room: room.zip(current).map(|(records, view)| RoomView {
                records,
                here: records.here(),
                tab: self.panel.tab,
                keyboard_entry: self.panel.keyboard_entry,
                cursor: self.panel.cursor,
                slide_ref: show.slide_ref(view.position.slide),
                message: self.panel.message.as_deref(),
                role_play: role_play_view(
                    records,
                    &view,
                    show.countdown_at(view.position)
                        .is_some_and(|c| c.is_running()),
                    self.panel.mix_teams,
                ),
                answers_private: self.phones.is_on(),
            }),
            recording: RecordingView {
                mode: self.mode,
                session_id: status.stored_session,
                unsaved: status.pending,
                problem: status.problem.as_deref().or(status.held_problem.as_deref()),
                progress: status.progress,
                importing: self.roster_job.as_ref().map(|job| job.path()),
            },
            problems: ProblemsView {
                reload_errors: &self.deck_file.reload_errors,
                image_problems: &self.deck_file.image_problems,
                deck_warnings: &self.deck_file.warnings,
            },
            windows: WindowsView {
                help_visible: self.windows.help_visible,
                audience_open: self.windows.audience_open,
                audience_fullscreen: self.windows.audience_fullscreen,
                placement_advice: self
                    .windows
                    .placement_advice
                    .filter(|_| self.windows.audience_open),
            },
            summary: self.closing.summary().map(|target| SummaryView {
                target,
                counts: self.recorder.room.counts(),
                unsaved: self.recorder.unsaved(),
                problem: self.recorder.problem(),
                exported: self.exported.as_ref(),
            }),
            closing: self.closing.asking().then(|| ClosingView {
                closing: &self.closing,
                unsaved: self.recorder.unsaved(),
                problem: self.recorder.problem(),
            }),
            phones: (self.mode == Mode::Live).then(|| {
                let closed = current
                    .and_then(|v| v.slide.kind.item_id())
                    .is_some_and(|id| self.phones.is_closed(id));
                self.phones.view(closed)
            }),
        }
    }
}

/// The stage as the room sees `show` at `now`, for a view drawn outside a running
/// presentation (a test walking every step of a deck, a benchmark).
pub fn stage_of<'a>(show: &'a Show, room: Option<&'a RoomRecords>, now: &Now) -> StageView<'a> {
    StageView {
        theme: show.deck().theme,
        blank: show.blank(),
        current: show.current().map(|v| step_view(show, room, v, now)),
        next: show
            .next_position()
            .and_then(|p| show.view_at(p))
            .map(|v| (step_view(show, room, v, now), String::new())),
        join: None,
    }
}

/// `view` with its countdown, results and cast.
fn step_view<'a>(
    show: &Show,
    room: Option<&RoomRecords>,
    view: SlideView<'a>,
    now: &Now,
) -> StepView<'a> {
    let countdown = show.countdown_at(view.position).map(|c| CountdownView {
        remaining_secs: c.remaining_secs(now.instant),
        state: c.state(now.instant),
        running: c.is_running(),
    });
    let Some(room) = room else {
        return StepView {
            slide: view,
            countdown,
            results: None,
            cast: Vec::new(),
        };
    };
    let cast = match (&view.slide.kind, view.step) {
        (SlideKind::RolePlay(rp), Step::Round(round)) => room
            .groups
            .get(&rp.id)
            .map(|groups| {
                groups
                    .iter()
                    .map(|group| {
                        cast_of(rp, group, round)
                            .into_iter()
                            .map(|(person, role)| {
                                let name = room
                                    .person(person)
                                    .map_or_else(String::new, |p| p.name.clone());
                                (name, role)
                            })
                            .collect()
                    })
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    StepView {
        results: room.results(&view.slide.kind),
        slide: view,
        countdown,
        cast,
    }
}

/// The role-play on screen, with its groups for the round on screen (round 1 before the
/// first round).
fn role_play_view<'a>(
    room: &RoomRecords,
    view: &SlideView<'a>,
    running: bool,
    mix_teams: bool,
) -> Option<RolePlayView<'a>> {
    let SlideKind::RolePlay(rp) = &view.slide.kind else {
        return None;
    };
    let (round, in_round) = match view.step {
        Step::Round(round) => (round, true),
        // The debrief talks over the last round played, so its sheets come first.
        Step::Debrief => (rp.rounds.max(1), false),
        _ => (1, false),
    };
    let formed = room.groups.get(&rp.id);
    let groups = formed.map(|groups| groups_in_round(rp, groups, round));
    let rounds = formed
        .map(|groups| {
            (1..=rp.rounds.max(1))
                .map(|r| groups_in_round(rp, groups, r))
                .collect()
        })
        .unwrap_or_default();
    Some(RolePlayView {
        role_play: rp,
        round,
        in_round,
        debrief: view.step == Step::Debrief,
        mix_teams,
        teams: room.has_teams(),
        groups,
        rounds,
        movable: !(in_round && running) && view.step != Step::Debrief,
    })
}

/// Each group's cast in `round`, with its seller and observer.
fn groups_in_round(rp: &RolePlay, groups: &[Vec<PersonId>], round: u32) -> Vec<GroupView> {
    groups
        .iter()
        .map(|group| {
            let played = crate::show::groups::cast(group, round, rp.roles.len());
            let player_of = |role: Option<usize>| {
                let role = role?;
                played
                    .iter()
                    .find(|(_, r)| *r == role)
                    .map(|(person, _)| *person)
            };
            GroupView {
                seller: player_of(Some(RolePlay::SCORED_ROLE)),
                observer: player_of(rp.observer_role()),
                cast: cast_of(rp, group, round),
            }
        })
        .collect()
}

/// Who plays which role in `round`, by the group's order.
fn cast_of(rp: &RolePlay, group: &[PersonId], round: u32) -> Vec<(PersonId, String)> {
    crate::show::groups::cast(group, round, rp.roles.len())
        .into_iter()
        .map(|(person, role)| {
            let name = rp.roles.get(role).map_or("", |r| r.name.as_str());
            (person, name.to_owned())
        })
        .collect()
}

/// The text of `markdown` without its markers, for places that show plain text.
pub fn plain_text(markdown: &str) -> String {
    markdown.replace("**", "").replace('*', "")
}

fn secs(secs: u64) -> i64 {
    i64::try_from(secs).unwrap_or(i64::MAX)
}
