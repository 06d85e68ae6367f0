//! The presenter's window: the current slide, the next step, the notes in large type, the
//! clock, elapsed time, time left in the section, and the agenda with the pace of each section.

use std::time::Instant;

use egui::{Color32, RichText, ScrollArea, Sense, Ui, Vec2};

use super::room::{
    PanelTab, SidePanelState, answers_ui, my_notes_ui, people_ui, role_play_ui, tabs_ui,
};
use super::slide::{SlideInput, slide_ui};
use super::{Palette, markdown_job, slide_extras};
use crate::app::images::ImageCache;
use crate::deck::{Diagnostic, SlideKind};
use crate::presentation::action::Action;
use crate::record::RETRY_EVERY;
use crate::record::room::RoomRecords;
use crate::show::{Blank, Pace, Progress, Show, SlideView, Step, format_clock, format_minutes};
use crate::store::types::Mode;

/// Everything the presenter view shows that is not in the session.
pub struct PresenterInput<'a> {
    pub session: &'a Show,
    pub images: &'a ImageCache,
    pub now: Instant,
    /// The time of day, as the presenter's clock shows it.
    pub time_of_day: &'a str,
    /// Width over height of the audience window, so previews look like the projector.
    pub audience_aspect: f32,
    /// Errors of the last edit of the deck file, while the show runs on the last good version.
    pub reload_errors: &'a [Diagnostic],
    pub image_problems: &'a [Diagnostic],
    /// What `podium check` warns about, such as an activity longer than its section.
    pub deck_warnings: &'a [Diagnostic],
    pub audience_open: bool,
    pub audience_fullscreen: bool,
    /// The room's records, in a live session that records.
    pub room: Option<&'a RoomRecords>,
    pub recording: Recording<'a>,
}

/// What is being recorded and whether it is saved, for the status line.
#[derive(Debug, Clone, Copy)]
pub struct Recording<'a> {
    pub mode: Mode,
    /// The session's id in the database, once it is there.
    pub session_id: Option<i64>,
    /// Records not saved yet.
    pub unsaved: usize,
    /// Why they are not, with what to do.
    pub problem: Option<&'a str>,
    /// A roster being saved: people done and in all.
    pub progress: Option<(usize, usize)>,
    /// A roster file being read.
    pub importing: Option<&'a std::path::Path>,
}

const GOOD: Color32 = Color32::from_rgb(0x4C, 0xC9, 0x6A);
const WARN: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x2E);
const BAD: Color32 = Color32::from_rgb(0xFF, 0x5A, 0x5F);

/// Draws the presenter view and returns what the presenter clicked.
pub fn presenter_ui(
    ui: &mut Ui,
    input: &PresenterInput<'_>,
    panel: &mut SidePanelState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let session = input.session;
    egui::Panel::top("presenter-top").show(ui, |ui| top_bar_ui(ui, input));
    egui::Panel::bottom("presenter-bottom").show(ui, |ui| {
        controls_ui(ui, input, &mut actions);
    });
    // A fixed width, so buttons never move under the pointer as the panel's content changes.
    egui::Panel::right("presenter-side")
        .resizable(false)
        .exact_size((ui.available_width() * 0.36).clamp(400.0, 640.0))
        .show(ui, |ui| {
            let (Some(room), Some(view)) = (input.room, session.current()) else {
                next_ui(ui, input);
                ui.separator();
                agenda_ui(ui, session, input.now);
                return;
            };
            tabs_ui(ui, panel, room.here().len(), room.roster.len());
            match panel.tab {
                PanelTab::Agenda => {
                    next_ui(ui, input);
                    ui.separator();
                    agenda_ui(ui, session, input.now);
                }
                PanelTab::People => actions.extend(people_ui(ui, room, panel)),
                PanelTab::Answers => actions.extend(answers_ui(ui, room, &view, panel)),
                PanelTab::RolePlay => actions.extend(role_play_ui(ui, room, &view, panel)),
                PanelTab::Notes => {
                    let slide_ref = session.slide_ref(view.position.slide);
                    actions.extend(my_notes_ui(ui, room, &slide_ref, panel));
                }
            }
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        if !input.reload_errors.is_empty() {
            reload_errors_ui(ui, input.reload_errors);
        }
        let width = ui.available_width();
        let height = (width / input.audience_aspect).min(ui.available_height() * 0.55);
        let preview_size = Vec2::new(height * input.audience_aspect, height);
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(preview_size, Sense::hover());
            preview_ui(ui, rect, input, session.current());
            if let Some(blank) = session.blank() {
                let (fill, text) = match blank {
                    Blank::Black => (Color32::BLACK, "The screen is black"),
                    Blank::White => (Color32::WHITE, "The screen is white"),
                };
                ui.painter().rect_filled(rect, 0, fill.gamma_multiply(0.8));
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    format!("{text}: any key brings the slide back"),
                    egui::FontId::proportional(18.0),
                    WARN,
                );
            }
        });
        ui.add_space(6.0);
        notes_ui(ui, input);
    });
    actions
}

fn preview_ui(
    ui: &mut Ui,
    rect: egui::Rect,
    input: &PresenterInput<'_>,
    view: Option<SlideView<'_>>,
) {
    let Some(view) = view else {
        ui.painter().rect_filled(rect, 0, Color32::from_gray(30));
        return;
    };
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    let (results, cast) = slide_extras(input.room, &view);
    slide_ui(
        &mut child,
        rect,
        &SlideInput {
            view,
            palette: Palette::of(input.session.deck().theme),
            images: input.images,
            countdown: input.session.countdown_at(view.position),
            now: input.now,
            for_presenter: true,
            results,
            cast,
        },
    );
    ui.painter().rect_stroke(
        rect,
        0,
        egui::Stroke::new(1.0, Color32::from_gray(90)),
        egui::StrokeKind::Outside,
    );
}

fn top_bar_ui(ui: &mut Ui, input: &PresenterInput<'_>) {
    let session = input.session;
    let position = session.position();
    ui.horizontal(|ui| {
        ui.label(RichText::new(&session.deck().title).strong().size(18.0));
        ui.separator();
        let step = session
            .current()
            .map(|v| {
                if v.step_count > 1 {
                    format!(" \u{00B7} step {} of {}", v.step_index + 1, v.step_count)
                } else {
                    String::new()
                }
            })
            .unwrap_or_default();
        ui.label(
            RichText::new(format!(
                "Slide {} of {}{step}",
                position.slide + 1,
                session.slide_count()
            ))
            .size(18.0),
        );
        if !session.typed_number().is_empty() {
            ui.label(
                RichText::new(format!(
                    "Go to slide {}\u{2026} (Enter)",
                    session.typed_number()
                ))
                .size(18.0)
                .color(WARN),
            );
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(input.time_of_day).size(26.0).strong());
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "Elapsed {}",
                    format_minutes(
                        i64::try_from(session.elapsed(input.now).as_secs()).unwrap_or(0)
                    )
                ))
                .size(22.0),
            );
            ui.separator();
            let left = session.section_time_left_secs(input.now);
            // Minutes, and seconds only around the end, so the window need not redraw each second.
            let (text, color) = if left >= 60 {
                (format!("Section: {} left", format_minutes(left + 59)), GOOD)
            } else if left >= 0 {
                (format!("Section: {} left", format_clock(left)), WARN)
            } else if left > -60 {
                (format!("Section: {} over", format_clock(-left)), BAD)
            } else {
                (format!("Section: {} over", format_minutes(-left)), BAD)
            };
            ui.label(RichText::new(text).size(22.0).color(color));
        });
    });
}

fn controls_ui(ui: &mut Ui, input: &PresenterInput<'_>, actions: &mut Vec<Action>) {
    let session = input.session;
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut Ui, text: &str, action: Action| {
            if ui
                .button(RichText::new(text).size(17.0))
                .on_hover_text(action.label())
                .clicked()
            {
                actions.push(action);
            }
        };
        button(ui, "\u{25C0} Previous", Action::Previous);
        button(ui, "Next \u{25B6}", Action::Next);
        ui.separator();
        button(ui, "Black", Action::BlackScreen);
        button(ui, "White", Action::WhiteScreen);
        if let Some(countdown) = session.countdown() {
            ui.separator();
            let label = if countdown.is_running() {
                "Pause timer"
            } else {
                "Start timer"
            };
            button(ui, label, Action::ToggleCountdown);
            button(ui, "Reset timer", Action::ResetCountdown);
        }
        ui.separator();
        if input.audience_open {
            if input.audience_fullscreen {
                button(ui, "Leave full-screen", Action::Escape);
            } else {
                button(ui, "Full-screen", Action::FullScreen);
            }
            button(ui, "Swap screens", Action::SwapScreens);
            button(ui, "Hide audience window", Action::ToggleAudienceWindow);
        } else {
            button(ui, "Show audience window", Action::ToggleAudienceWindow);
        }
        ui.separator();
        button(ui, "Keys (H)", Action::ToggleHelp);
        button(ui, "Close deck", Action::CloseDeck);
    });
    if let Some(notice) = session.notice() {
        ui.label(RichText::new(notice).color(WARN).size(16.0));
    }
    recording_ui(ui, input.recording);
    if !input.image_problems.is_empty() {
        let names: Vec<String> = input
            .image_problems
            .iter()
            .map(|d| d.message.clone())
            .collect();
        ui.label(
            RichText::new(format!("Pictures: {}", names.join("; ")))
                .color(WARN)
                .size(15.0),
        );
    }
    if !input.deck_warnings.is_empty() {
        let shown: Vec<String> = input
            .deck_warnings
            .iter()
            .take(3)
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect();
        let more = input.deck_warnings.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!("; and {more} more (podium check lists them)")
        } else {
            String::new()
        };
        ui.label(
            RichText::new(format!("Deck: {}{more}", shown.join("; ")))
                .color(WARN)
                .size(15.0),
        );
    }
    ui.add_space(2.0);
}

/// The recording status: what is being kept, and a plain warning when records wait unsaved.
fn recording_ui(ui: &mut Ui, recording: Recording<'_>) {
    if let Some(path) = recording.importing {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.label(
            RichText::new(format!("Reading the roster {name}\u{2026}"))
                .color(WARN)
                .size(15.0),
        );
    }
    if let Some((done, total)) = recording.progress {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Saving the roster: {done} of {total} people"))
                    .color(WARN)
                    .size(15.0),
            );
            let share = done as f32 / total.max(1) as f32;
            ui.add(egui::ProgressBar::new(share).desired_width(160.0));
        });
    }
    let session = recording
        .session_id
        .map_or_else(String::new, |id| format!(" {id}"));
    let (text, color) = match (recording.mode, recording.unsaved, recording.problem) {
        (Mode::Rehearsal, 0, _) => (
            "Rehearsal: the time on each slide is recorded for your report.".to_owned(),
            Color32::from_gray(150),
        ),
        (Mode::Live, 0, _) => (format!("Live session{session}: everything is saved."), GOOD),
        (_, unsaved, None) => (
            format!(
                "Saving {unsaved} record{}\u{2026}",
                if unsaved == 1 { "" } else { "s" }
            ),
            Color32::from_gray(150),
        ),
        (_, unsaved, Some(problem)) => (
            format!(
                "{unsaved} record{} NOT SAVED YET, kept in memory and retried every {} seconds: {problem}",
                if unsaved == 1 { "" } else { "s" },
                RETRY_EVERY.as_secs()
            ),
            BAD,
        ),
    };
    ui.label(RichText::new(text).color(color).size(15.0));
}

fn next_ui(ui: &mut Ui, input: &PresenterInput<'_>) {
    let session = input.session;
    ui.label(
        RichText::new("Next")
            .size(16.0)
            .color(Color32::from_gray(170)),
    );
    let width = ui.available_width();
    let size = Vec2::new(width, width / input.audience_aspect);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    match session.next_position().and_then(|p| session.view_at(p)) {
        Some(view) => {
            preview_ui(ui, rect, input, Some(view));
            let what = if view.position.slide == session.position().slide {
                format!(
                    "Same slide, step {} of {}",
                    view.step_index + 1,
                    view.step_count
                )
            } else {
                format!(
                    "Slide {}: {}",
                    view.position.slide + 1,
                    super::plain_text(view.slide.kind.heading())
                )
            };
            ui.label(RichText::new(what).size(15.0));
        }
        None => {
            ui.painter().rect_filled(rect, 4, Color32::from_gray(25));
            ui.painter().text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "End of the deck",
                egui::FontId::proportional(20.0),
                Color32::from_gray(160),
            );
        }
    }
}

fn agenda_ui(ui: &mut Ui, session: &Show, now: Instant) {
    ui.label(
        RichText::new("Agenda")
            .size(16.0)
            .color(Color32::from_gray(170)),
    );
    ScrollArea::vertical().id_salt("agenda").show(ui, |ui| {
        for item in session.agenda(now) {
            let planned = item.planned.as_secs() / 60;
            let spent = item.spent.as_secs() / 60;
            let (mark, color) = match item.progress {
                Progress::Done => ("\u{2714}", Color32::from_gray(150)),
                Progress::Current => ("\u{25B6}", Color32::WHITE),
                Progress::Upcoming => ("\u{2022}", Color32::from_gray(190)),
            };
            let pace = match (item.pace, item.schedule_offset_secs) {
                (Some(Pace::Behind), offset) => Some((format!("{} behind", minutes(offset)), BAD)),
                (Some(Pace::Ahead), offset) => Some((format!("{} ahead", minutes(-offset)), GOOD)),
                (Some(Pace::OnTime), _) => Some(("on time".to_owned(), GOOD)),
                (None, _) => None,
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new(mark).color(color).size(16.0));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if let Some((text, pace_color)) = pace {
                        ui.label(RichText::new(text).color(pace_color).size(15.0));
                    }
                    let timing = match item.progress {
                        Progress::Upcoming => format!("{planned} min"),
                        _ => format!("{spent} / {planned} min"),
                    };
                    ui.label(
                        RichText::new(timing)
                            .size(15.0)
                            .color(Color32::from_gray(170)),
                    );
                    // The title takes what is left, cut short rather than running under the times.
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let title = RichText::new(&item.title).color(color).size(16.0);
                        let title = if item.progress == Progress::Current {
                            title.strong()
                        } else {
                            title
                        };
                        ui.add(egui::Label::new(title).truncate());
                    });
                });
            });
        }
    });
}

fn minutes(secs: i64) -> String {
    let m = (secs + 30) / 60;
    if m <= 1 {
        "1 min".to_owned()
    } else {
        format!("{m} min")
    }
}

fn notes_ui(ui: &mut Ui, input: &PresenterInput<'_>) {
    let Some(view) = input.session.current() else {
        return;
    };
    ScrollArea::vertical()
        .id_salt("notes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let width = ui.available_width();
            let text_color = ui.visuals().strong_text_color();
            if let SlideKind::Quiz(quiz) = &view.slide.kind {
                let letter = char::from(b'A' + u8::try_from(quiz.answer % 26).unwrap_or(0));
                let answer = quiz.options.get(quiz.answer).map_or("", String::as_str);
                let revealed = if view.step == Step::Answer {
                    "shown to the room"
                } else {
                    "not shown yet"
                };
                ui.label(
                    RichText::new(format!("Answer: {letter}. {answer} ({revealed})"))
                        .size(20.0)
                        .color(GOOD),
                );
            }
            if let SlideKind::RolePlay(rp) = &view.slide.kind {
                for role in rp.roles.iter().filter(|r| r.private) {
                    ui.label(
                        RichText::new(format!(
                            "Private brief for {} (never on the projector):",
                            role.name
                        ))
                        .size(18.0)
                        .color(WARN),
                    );
                    ui.label(markdown_job(&role.brief, 22.0, text_color, false, width));
                }
                ui.label(
                    RichText::new(format!(
                        "Rubric, scored 1 to {}: {}",
                        rp.scale,
                        rp.rubric
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .size(18.0),
                );
                ui.add_space(6.0);
            }
            if view.slide.notes.trim().is_empty() {
                ui.label(
                    RichText::new("No notes for this slide.")
                        .size(20.0)
                        .color(Color32::from_gray(140)),
                );
            } else {
                ui.label(markdown_job(
                    &view.slide.notes,
                    26.0,
                    text_color,
                    false,
                    width,
                ));
            }
        });
}

fn reload_errors_ui(ui: &mut Ui, errors: &[Diagnostic]) {
    egui::Frame::new()
        .fill(Color32::from_rgb(0x3A, 0x12, 0x14))
        .inner_margin(8.0)
        .corner_radius(4)
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "The deck file was changed and now has errors. The show goes on with the last good version; save a fixed file to reload.",
                )
                .color(BAD)
                .size(16.0),
            );
            ScrollArea::vertical()
                .id_salt("reload-errors")
                .max_height(160.0)
                .show(ui, |ui| {
                    for error in errors.iter().take(crate::deck::MAX_SHOWN_PROBLEMS) {
                        ui.label(RichText::new(error.to_string()).monospace().size(13.0));
                    }
                    if let Some(more) = crate::deck::more_than_shown(errors.len()) {
                        ui.label(RichText::new(more).monospace().size(13.0));
                    }
                });
        });
    ui.add_space(6.0);
}
