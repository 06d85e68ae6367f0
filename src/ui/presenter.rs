//! The presenter's window: the current slide, the next step, the notes in large type, the
//! clock, elapsed time, time left in the section, and the agenda with the pace of each section.

use super::status::{BAD, GOOD, WARN};
use egui::{Color32, RichText, ScrollArea, Sense, Ui, Vec2};

use super::keys::label_of;
use super::phones::phones_box_ui;
use super::room::{SidePanelState, answers_ui, my_notes_ui, people_ui, role_play_ui, tabs_ui};
use super::slide::{Pictures, SlideInput, slide_ui};
use super::{Palette, markdown_job};
use crate::deck::{Diagnostic, SlideKind};
use crate::presentation::view::{RecordingView, ShowView, StepView};
use crate::presentation::{Action, PanelTab};
use crate::record::RETRY_EVERY;
use crate::show::{Blank, Command, Pace, Progress, Step, format_clock, format_minutes};
use crate::store::types::Mode;

/// Draws the presenter view from `view` and returns what the presenter clicked.
/// `audience_aspect` is the audience window's width over its height, so previews look like
/// the projector.
pub fn presenter_ui(
    ui: &mut Ui,
    view: &ShowView<'_>,
    pictures: &dyn Pictures,
    audience_aspect: f32,
    panel: &mut SidePanelState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let palette = Palette::of(view.stage.theme);
    let preview = |ui: &mut Ui, rect: egui::Rect, step: Option<&StepView<'_>>| {
        preview_ui(ui, rect, step, palette, pictures);
    };
    // The panels leave their background to the window's clear colour, which is the panels'
    // own (see `PodiumApp::clear_color`): filling them again would draw every pixel of the
    // window twice, and where the CPU draws (no graphics card) that is most of a frame's cost.
    let bare = egui::Frame::side_top_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    egui::Panel::top("presenter-top")
        .frame(bare)
        .show(ui, |ui| top_bar_ui(ui, view));
    egui::Panel::bottom("presenter-bottom")
        .frame(bare)
        .show(ui, |ui| {
            controls_ui(ui, view, &mut actions);
        });
    // A fixed width, so buttons never move under the pointer as the panel's content changes.
    egui::Panel::right("presenter-side")
        .frame(bare)
        .resizable(false)
        .exact_size((ui.available_width() * 0.36).clamp(400.0, 640.0))
        .show(ui, |ui| {
            if let Some(phones) = &view.phones {
                let question = view
                    .stage
                    .current
                    .as_ref()
                    .is_some_and(|s| s.slide.slide.kind.item_id().is_some());
                actions.extend(phones_box_ui(ui, phones, question));
            }
            let (Some(room), Some(current)) = (&view.room, &view.stage.current) else {
                next_ui(ui, view, audience_aspect, &preview);
                ui.separator();
                agenda_ui(ui, view);
                return;
            };
            actions.extend(tabs_ui(ui, room));
            match room.tab {
                PanelTab::Agenda => {
                    next_ui(ui, view, audience_aspect, &preview);
                    ui.separator();
                    agenda_ui(ui, view);
                }
                PanelTab::People => actions.extend(people_ui(ui, room, panel)),
                PanelTab::Answers => actions.extend(answers_ui(ui, room, current, panel)),
                PanelTab::RolePlay => actions.extend(role_play_ui(ui, room, panel)),
                PanelTab::Notes => actions.extend(my_notes_ui(ui, room, panel)),
            }
        });
    let central = egui::Frame::central_panel(ui.style()).fill(egui::Color32::TRANSPARENT);
    egui::CentralPanel::default_margins()
        .frame(central)
        .show(ui, |ui| {
            if !view.problems.reload_errors.is_empty() {
                reload_errors_ui(ui, view.problems.reload_errors);
            }
            let width = ui.available_width();
            let height = (width / audience_aspect).min(ui.available_height() * 0.55);
            let preview_size = Vec2::new(height * audience_aspect, height);
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(preview_size, Sense::hover());
                preview(ui, rect, view.stage.current.as_ref());
                if let Some(blank) = view.stage.blank {
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
            notes_ui(ui, view.stage.current.as_ref());
        });
    actions
}

fn preview_ui(
    ui: &mut Ui,
    rect: egui::Rect,
    step: Option<&StepView<'_>>,
    palette: Palette,
    pictures: &dyn Pictures,
) {
    let Some(step) = step else {
        ui.painter().rect_filled(rect, 0, Color32::from_gray(30));
        return;
    };
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    slide_ui(
        &mut child,
        rect,
        &SlideInput {
            step,
            palette,
            pictures,
            for_presenter: true,
        },
    );
    ui.painter().rect_stroke(
        rect,
        0,
        egui::Stroke::new(1.0, Color32::from_gray(90)),
        egui::StrokeKind::Outside,
    );
}

/// The clocks on the right, laid out first so they always show; the slide number (and a slide
/// number being typed) on the left; the deck's title in what is left between, shortened with
/// the full title on hover, or left out when there is no room for it.
fn top_bar_ui(ui: &mut Ui, view: &ShowView<'_>) {
    let header = &view.header;
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(RichText::new(&view.clocks.time_of_day).size(26.0).strong());
            ui.separator();
            ui.label(
                RichText::new(format!(
                    "Elapsed {}",
                    format_minutes(view.clocks.elapsed_secs)
                ))
                .size(22.0),
            );
            ui.separator();
            let left = view.clocks.section_left_secs;
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
            ui.separator();
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let step = header
                    .step
                    .map(|(step, steps)| format!(" \u{00B7} step {step} of {steps}"))
                    .unwrap_or_default();
                let slide_only = format!("Slide {} of {}", header.slide_number, header.slide_count);
                let slide = format!("{slide_only}{step}");
                let font = egui::FontId::proportional(18.0);
                let width_of = |ui: &Ui, text: &str| {
                    ui.painter()
                        .layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                        .size()
                        .x
                };
                let spacing = ui.spacing().item_spacing.x;
                let room = ui.available_width();
                // The step gives way where the bar is narrow. A slide number being typed is
                // said in full where there is room, else shorter, then without the step, then
                // in place of the slide number, so nothing runs into the clocks.
                let fits =
                    |ui: &Ui, a: &str, b: &str| width_of(ui, a) + spacing + width_of(ui, b) <= room;
                let (slide, typed) = if header.typed_number.is_empty() {
                    let slide = if fits(ui, &slide, "") {
                        slide
                    } else {
                        slide_only
                    };
                    (slide, None)
                } else {
                    let n = &header.typed_number;
                    let long = format!("Go to slide {n}\u{2026} (Enter)");
                    let short = format!("Go to {n}\u{2026} (Enter)");
                    let shortest = format!("Go to {n}\u{2026}");
                    let choice = [
                        (slide.clone(), long.clone()),
                        (slide, short.clone()),
                        (slide_only.clone(), long),
                        (slide_only, short.clone()),
                        (String::new(), short),
                    ]
                    .into_iter()
                    .find(|(a, b)| fits(ui, a, b))
                    .unwrap_or((String::new(), shortest));
                    (choice.0, Some(choice.1))
                };
                let taken = width_of(ui, &slide)
                    + typed.as_deref().map_or(0.0, |t| width_of(ui, t) + spacing)
                    // The separator after the title, with its spacing.
                    + 3.0 * spacing
                    + 2.0;
                let room = room - taken;
                if room >= 60.0 {
                    ui.scope(|ui| {
                        ui.set_max_width(room);
                        ui.add(
                            egui::Label::new(RichText::new(&header.deck_title).strong().size(18.0))
                                .truncate(),
                        );
                    });
                    ui.separator();
                }
                if !slide.is_empty() {
                    ui.label(RichText::new(slide).size(18.0));
                }
                if let Some(typed) = typed {
                    ui.label(RichText::new(typed).size(18.0).color(WARN));
                }
            });
        });
    });
}

fn controls_ui(ui: &mut Ui, view: &ShowView<'_>, actions: &mut Vec<Action>) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut Ui, text: &str, action: Action| {
            if ui
                .button(RichText::new(text).size(17.0))
                .on_hover_text(label_of(&action))
                .clicked()
            {
                actions.push(action);
            }
        };
        button(ui, "\u{25C0} Previous", Action::Show(Command::Previous));
        button(ui, "Next \u{25B6}", Action::Show(Command::Next));
        ui.separator();
        button(ui, "Black", Action::Show(Command::Blank(Blank::Black)));
        button(ui, "White", Action::Show(Command::Blank(Blank::White)));
        if let Some(countdown) = view.stage.current.as_ref().and_then(|s| s.countdown) {
            ui.separator();
            let label = if countdown.running {
                "Pause timer"
            } else {
                "Start timer"
            };
            button(ui, label, Action::Show(Command::ToggleCountdown));
            button(ui, "Reset timer", Action::Show(Command::ResetCountdown));
        }
        ui.separator();
        if view.windows.audience_open {
            if view.windows.audience_fullscreen {
                button(ui, "Leave full-screen", Action::Escape);
            } else {
                button(ui, "Full-screen", Action::FullScreen);
            }
            button(ui, "Swap screens", Action::SwapScreens);
            button(ui, "Hide audience window", Action::ToggleAudienceWindow);
        } else {
            button(ui, "Show audience window", Action::ToggleAudienceWindow);
        }
        if let Some(phones) = &view.phones {
            ui.separator();
            if phones.on {
                button(ui, "Phones off", Action::PhonesOff);
            } else {
                button(ui, "Phones", Action::PhonesOn);
            }
        }
        ui.separator();
        button(ui, "Keys (H)", Action::ToggleHelp);
        button(ui, "Close deck", Action::CloseDeck);
    });
    if let Some(notice) = &view.header.notice {
        ui.label(RichText::new(notice).color(WARN).size(16.0));
    }
    if let Some(advice) = view.windows.placement_advice {
        ui.label(RichText::new(advice).color(WARN));
    }
    recording_ui(ui, view.recording);
    if !view.problems.image_problems.is_empty() {
        let names: Vec<String> = view
            .problems
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
    if !view.problems.deck_warnings.is_empty() {
        let shown: Vec<String> = view
            .problems
            .deck_warnings
            .iter()
            .take(3)
            .map(|d| format!("line {}: {}", d.line, d.message))
            .collect();
        let more = view
            .problems
            .deck_warnings
            .len()
            .saturating_sub(shown.len());
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
fn recording_ui(ui: &mut Ui, recording: RecordingView<'_>) {
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

fn next_ui(
    ui: &mut Ui,
    view: &ShowView<'_>,
    audience_aspect: f32,
    preview: &dyn Fn(&mut Ui, egui::Rect, Option<&StepView<'_>>),
) {
    ui.label(
        RichText::new("Next")
            .size(16.0)
            .color(Color32::from_gray(170)),
    );
    let width = ui.available_width();
    let size = Vec2::new(width, width / audience_aspect);
    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
    match &view.stage.next {
        Some((next, what)) => {
            preview(ui, rect, Some(next));
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

fn agenda_ui(ui: &mut Ui, view: &ShowView<'_>) {
    ui.label(
        RichText::new("Agenda")
            .size(16.0)
            .color(Color32::from_gray(170)),
    );
    ScrollArea::vertical().id_salt("agenda").show(ui, |ui| {
        for item in &view.agenda {
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

fn notes_ui(ui: &mut Ui, step: Option<&StepView<'_>>) {
    let Some(view) = step.map(|s| s.slide) else {
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
                let revealed = if view.step == Step::RightAnswer {
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
