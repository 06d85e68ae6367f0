//! The presenter's side panel for the room: who is here, the answers to the current
//! question, role-play groups and score sheets, and the presenter's own notes. Each view
//! reads the room and returns what the presenter asked for; nothing here writes.

use std::collections::HashMap;
use std::path::PathBuf;

use super::status::{DIM, GOOD, WARN};
use egui::{RichText, Ui};

use crate::deck::{RolePlay, SlideKind};
use crate::presentation::view::{GroupView, RoomView, StepView};
use crate::presentation::{Action, PanelTab, RecordAction};
use crate::record::Mark;
use crate::record::room::RoomRecords;
use crate::show::Step;
use crate::store::types::{Answer, PersonId, Presence};

/// What the presenter is typing or choosing in the side panel: the widgets' own state,
/// which nothing outside the panel reads.
#[derive(Debug, Default)]
pub struct SidePanelState {
    pub filter: String,
    pub new_name: String,
    pub new_email: String,
    pub new_team: String,
    pub roster_path: String,
    pub renaming: Option<(PersonId, String)>,
    pub free_text: HashMap<(String, PersonId), String>,
    pub sheets: HashMap<(String, u32, PersonId), SheetDraft>,
    /// The slide the note draft belongs to, and its text.
    pub note: Option<(String, String)>,
    /// A round picked for the score sheets: the role-play's id, the round on screen when it
    /// was picked, and the round picked. Moving the show to another round follows it again.
    pub sheet_round: Option<(String, u32, u32)>,
    /// The role-play tab shows every sheet of every round (the debrief view).
    pub all_sheets: bool,
}

/// A score sheet being filled in.
#[derive(Debug, Clone, Default)]
pub struct SheetDraft {
    pub scores: Vec<Option<u32>>,
    pub comment: String,
}

/// The tab row; a click asks for the tab.
pub fn tabs_ui(ui: &mut Ui, room: &RoomView<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let (here, roster) = (room.here.len(), room.records.roster.len());
    ui.horizontal_wrapped(|ui| {
        for (tab, label) in [
            (PanelTab::Agenda, "Next & agenda".to_owned()),
            (PanelTab::People, format!("People ({here}/{roster})")),
            (PanelTab::Answers, "Answers".to_owned()),
            (PanelTab::RolePlay, "Role-play".to_owned()),
            (PanelTab::Notes, "My notes".to_owned()),
        ] {
            let selected = room.tab == tab;
            if ui
                .selectable_label(selected, RichText::new(label).size(15.0))
                .clicked()
                && !selected
            {
                actions.push(Action::ShowTab(tab));
            }
        }
    });
    ui.separator();
    actions
}

/// Check-in: one click per person as they arrive; late and left-early with the time.
pub fn people_ui(ui: &mut Ui, view: &RoomView<'_>, state: &mut SidePanelState) -> Vec<Action> {
    let mut actions = Vec::new();
    let room = view.records;
    let record = |a: RecordAction| Action::Record(a);
    ui.horizontal(|ui| {
        ui.label("Find:");
        ui.add(egui::TextEdit::singleline(&mut state.filter).desired_width(140.0));
        if ui.button("Everyone is here").clicked() {
            actions.push(record(RecordAction::EveryonePresent));
        }
    });
    let filter = state.filter.to_lowercase();
    let shown: Vec<&crate::store::types::Person> = room
        .roster
        .iter()
        .filter(|p| filter.is_empty() || p.name.to_lowercase().contains(&filter))
        .collect();
    if room.roster.is_empty() {
        ui.label("No one on the roster yet: add people below or import a roster CSV.");
    }
    super::fonts::unshown_names_ui(ui, room.roster.iter().map(|p| p.name.as_str()));
    // Adding people and importing a roster stay at the panel's foot, in view at any window
    // height; the list scrolls in the space above them.
    egui::Panel::bottom("people-add")
        .frame(egui::Frame::NONE)
        .show(ui, |ui| {
            ui.separator();
            ui.horizontal_wrapped(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut state.new_name)
                        .hint_text("name")
                        .desired_width(120.0),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut state.new_email)
                        .hint_text("email (optional)")
                        .desired_width(140.0),
                );
                ui.add(
                    egui::TextEdit::singleline(&mut state.new_team)
                        .hint_text("team")
                        .desired_width(70.0),
                );
                if ui.button("Add").clicked() && !state.new_name.trim().is_empty() {
                    let optional = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
                    actions.push(record(RecordAction::AddPerson {
                        name: state.new_name.trim().to_owned(),
                        email: optional(&state.new_email),
                        team: optional(&state.new_team),
                    }));
                    state.new_name.clear();
                    state.new_email.clear();
                    state.new_team.clear();
                }
            });
            ui.horizontal_wrapped(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut state.roster_path)
                        .hint_text("roster.csv")
                        .desired_width(180.0),
                );
                if ui.button("Import roster").clicked() && !state.roster_path.trim().is_empty() {
                    actions.push(record(RecordAction::ImportRoster(PathBuf::from(
                        state.roster_path.trim(),
                    ))));
                }
                if ui.button("Choose\u{2026}").clicked() {
                    actions.push(Action::BrowseRoster);
                }
            });
            if let Some(message) = view.message {
                ui.label(RichText::new(message).color(WARN));
            }
        });
    // The time column is there once someone has a time, not before: until then the names
    // have its room.
    let times = any_presence_time(room);
    // Only the rows in view are laid out, so a roster of hundreds stays quick.
    let row_height = ui.spacing().interact_size.y.max(22.0) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("people")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for person in shown.iter().skip(rows.start).take(rows.len()) {
                person_row_ui(ui, room, person, times, state, &mut actions);
            }
        });
    actions
}

/// One person's check-in row: name (double-click to rename), presence buttons and times.
/// The buttons are laid out from the panel's right edge, so they are always in view; the
/// name takes the width left, shortened with the full name on hover.
fn person_row_ui(
    ui: &mut Ui,
    room: &RoomRecords,
    person: &crate::store::types::Person,
    times: bool,
    state: &mut SidePanelState,
    actions: &mut Vec<Action>,
) {
    let id = person.person_id;
    let presence = room.presence(id);
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(
        row,
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            if ui
                .small_button("\u{2716}")
                .on_hover_text("Remove from this session's roster")
                .clicked()
            {
                actions.push(Action::Record(RecordAction::Remove(id)));
            }
            // The time has a column of its own, so every row's buttons line up, once anyone
            // has a time (`times`); in a narrow panel the name needs that room, and the time
            // shows on the chosen button's hover.
            let time = presence_time(room, id);
            let time_column = times && row.x >= 440.0;
            if time_column {
                let time_width = 64.0;
                ui.allocate_ui_with_layout(
                    egui::vec2(time_width, row.y),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_width(time_width);
                        presence_time_ui(ui, time.clone());
                    },
                );
            } else if time.1 {
                unsaved_dot_ui(ui);
            }
            for (text, p) in [
                ("Absent", Presence::Absent),
                ("Left", Presence::LeftEarly),
                ("Late", Presence::Late),
                ("Here", Presence::Present),
            ] {
                let selected = presence == Some(p);
                let mut button = ui.selectable_label(selected, text);
                if selected
                    && !time_column
                    && let Some(when) = &time.0
                {
                    button = button.on_hover_text(when);
                }
                if button.clicked() && !selected {
                    actions.push(Action::Record(RecordAction::Presence {
                        person: id,
                        presence: p,
                    }));
                }
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let renaming = state.renaming.as_mut().filter(|(p, _)| *p == id);
                if let Some((_, name)) = renaming {
                    let field = ui
                        .add(egui::TextEdit::singleline(name).desired_width(ui.available_width()));
                    if field.lost_focus() {
                        let name = name.trim().to_owned();
                        if !name.is_empty() && name != person.name {
                            actions.push(Action::Record(RecordAction::Rename { person: id, name }));
                        }
                        state.renaming = None;
                    }
                } else {
                    // Someone added by hand whose record is not saved yet: the name in amber.
                    let name = RichText::new(&person.name).size(16.0);
                    let (name, hint) = if room.is_unsaved(&Mark::Person(id)) {
                        (name.color(WARN), "Not saved yet. Double-click to rename")
                    } else {
                        (name, "Double-click to rename")
                    };
                    // One tooltip, this one: the label's own (the name again) is left out.
                    let label = ui
                        .add(
                            egui::Label::new(name)
                                .truncate()
                                .show_tooltip_when_elided(false)
                                .sense(egui::Sense::click()),
                        )
                        .on_hover_text(format!("{}\n{hint}", person.name));
                    if label.double_clicked() {
                        state.renaming = Some((id, person.name.clone()));
                    }
                }
            });
        },
    );
}

/// Whether anyone on the roster has a time to show in the People tab (came in, left) or a
/// mark not saved yet: what [`presence_time`] would show for someone.
fn any_presence_time(room: &RoomRecords) -> bool {
    room.attendance.iter().any(|(id, row)| {
        let timed = match row.presence {
            Presence::LeftEarly => row.left_at.is_some(),
            Presence::Present | Presence::Late => row.checked_in_at.is_some(),
            Presence::Absent => false,
        };
        timed || room.is_unsaved(&Mark::Attendance(*id))
    })
}

/// When a person came in or left ("in 09:05"), and whether that is not saved yet.
fn presence_time(room: &RoomRecords, id: PersonId) -> (Option<String>, bool) {
    let Some(row) = room.attendance.get(&id) else {
        return (None, false);
    };
    let when = match row.presence {
        Presence::LeftEarly => row
            .left_at
            .as_ref()
            .map(|t| format!("left {}", crate::time::clock(t))),
        Presence::Present | Presence::Late => row
            .checked_in_at
            .as_ref()
            .map(|t| format!("in {}", crate::time::clock(t))),
        Presence::Absent => None,
    };
    (when, room.is_unsaved(&Mark::Attendance(id)))
}

/// The time column: the time, in amber while it is not saved yet (so the row keeps its
/// width), or an amber dot for an unsaved mark without a time.
fn presence_time_ui(ui: &mut Ui, time: (Option<String>, bool)) {
    match time {
        (Some(when), false) => {
            ui.label(RichText::new(when).color(DIM));
        }
        (Some(when), true) => {
            ui.label(RichText::new(when).color(WARN))
                .on_hover_text(UNSAVED_HINT);
        }
        (None, true) => unsaved_dot_ui(ui),
        (None, false) => {}
    }
}

/// One-click (or, with keyboard entry on, one-key) answers for each person here.
pub fn answers_ui(
    ui: &mut Ui,
    view: &RoomView<'_>,
    current: &StepView<'_>,
    state: &mut SidePanelState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let room = view.records;
    let kind = &current.slide.slide.kind;
    let Some(item_id) = kind.item_id().filter(|_| kind.is_question()) else {
        ui.label(
            "This slide asks nothing. Answers are taken on Poll, Quiz, Rating and FreeText slides.",
        );
        return actions;
    };
    if let SlideKind::Poll(poll) = kind
        && poll.anonymous
    {
        ui.label(RichText::new("Anonymous: count hands, no names.").color(DIM));
        let counts = match &current.results {
            Some(crate::record::room::Results::Options { counts, .. }) => counts.clone(),
            _ => vec![0; poll.options.len()],
        };
        // Count and buttons on the right, always in view; the option wraps in what is left.
        egui::ScrollArea::vertical()
            .id_salt("tally")
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for (i, option) in poll.options.iter().enumerate() {
                    let count = counts.get(i).copied().unwrap_or(0);
                    tally_row_ui(ui, item_id, i, option, count, &mut actions);
                    ui.separator();
                }
            });
        return actions;
    }

    let here = &view.here;
    let answered = here
        .iter()
        .filter(|p| room.answer_of(item_id, p.person_id).is_some())
        .count();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{answered} of {} here answered", here.len())).size(16.0));
        if !matches!(kind, SlideKind::FreeText { .. }) {
            let mut on = view.keyboard_entry;
            if ui
                .checkbox(&mut on, "Keyboard entry")
                .on_hover_text("Type each person's answer as a number (1 = first option); Up/Down move, Esc stops")
                .changed()
            {
                actions.push(Action::KeyboardEntry(on));
            }
        }
    });
    if here.is_empty() {
        ui.label("No one is checked in: mark people as here in the People tab.");
        return actions;
    }
    // What the room sees at each of a quiz's steps, one line high at every step (shortened,
    // the whole on hover), so the rows below stay in place from step to step.
    if matches!(kind, SlideKind::Quiz(_)) {
        let seen = match current.slide.step {
            Step::Question => {
                Some("The room sees the question; the right answer shows at its step.")
            }
            Step::Results => {
                Some("The room sees how many chose each option, not the right answer yet.")
            }
            Step::RightAnswer => Some("The room sees the right answer and why."),
            _ => None,
        };
        if let Some(seen) = seen {
            ui.add(egui::Label::new(RichText::new(seen).color(DIM)).truncate());
        }
    }
    if view.answers_private {
        ui.label(
            RichText::new("Phones are on: \u{2714} shows who answered, not what. Click to answer for someone.")
                .color(DIM),
        );
    }
    let cursor = view.cursor.min(here.len().saturating_sub(1));
    if view.keyboard_entry
        && let Some(person) = here.get(cursor)
    {
        keyboard_entry_ui(ui, kind, &person.name);
    }
    // Only the rows in view are laid out, so a room of hundreds draws as fast as a small one.
    let row_height = ui.spacing().interact_size.y.max(22.0) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical().id_salt("answers").show_rows(
        ui,
        row_height,
        here.len(),
        |ui, rows| {
            for (row, person) in here.iter().enumerate().skip(rows.start).take(rows.len()) {
                let id = person.person_id;
                // With phones on, the presenter's screen (often seen by the room) shows who
                // answered, not what; a click still answers for someone by hand.
                let current = room
                    .answer_of(item_id, id)
                    .map(|r| &r.answer)
                    .filter(|_| !view.answers_private);
                let highlighted = view.keyboard_entry && row == cursor;
                let name = RichText::new(&person.name).size(16.0);
                let name = if highlighted {
                    name.strong().color(WARN)
                } else {
                    name
                };
                // Laid out from the panel's right edge: the saved mark, the answer's controls,
                // then the name in the width left, shortened with the full name on hover.
                let size = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
                let layout = egui::Layout::right_to_left(egui::Align::Center);
                ui.allocate_ui_with_layout(size, layout, |ui| {
                    ui.allocate_ui_with_layout(
                        egui::vec2(18.0, size.y),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.set_width(18.0);
                            if let Some(row) = room.answer_of(item_id, id) {
                                saved_mark_ui(ui, room, &Mark::Response(row.response_id));
                            }
                        },
                    );
                    match kind {
                        SlideKind::Poll(poll) => option_buttons(
                            ui,
                            &poll.options,
                            current,
                            poll.multiple,
                            item_id,
                            id,
                            &mut actions,
                        ),
                        SlideKind::Quiz(quiz) => option_buttons(
                            ui,
                            &quiz.options,
                            current,
                            false,
                            item_id,
                            id,
                            &mut actions,
                        ),
                        SlideKind::Rating(rating) => {
                            for value in (rating.min..=rating.max).rev() {
                                let selected = current == Some(&Answer::Number(value));
                                if ui.selectable_label(selected, value.to_string()).clicked()
                                    && !selected
                                {
                                    actions.push(Action::Record(RecordAction::Answer {
                                        item_id: item_id.to_owned(),
                                        person: id,
                                        answer: Answer::Number(value),
                                    }));
                                }
                            }
                        }
                        SlideKind::FreeText { .. } => {
                            free_text_ui(ui, state, item_id, id, current, &mut actions);
                        }
                        _ => {}
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        ui.add(
                            egui::Label::new(name)
                                .truncate()
                                .show_tooltip_when_elided(false),
                        )
                        .on_hover_text(&person.name);
                    });
                });
            }
        },
    );
    actions
}

/// One option of an anonymous tally: its letter and text (wrapped), its count, + and −.
fn tally_row_ui(
    ui: &mut Ui,
    item_id: &str,
    option: usize,
    text: &str,
    count: usize,
    actions: &mut Vec<Action>,
) {
    let mark = |add: bool| {
        Action::Record(RecordAction::Mark {
            item_id: item_id.to_owned(),
            option,
            add,
        })
    };
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    ui.allocate_ui_with_layout(row, egui::Layout::right_to_left(egui::Align::Min), |ui| {
        if ui
            .button(RichText::new(" \u{2212} ").size(17.0))
            .on_hover_text("One hand less")
            .clicked()
        {
            actions.push(mark(false));
        }
        if ui
            .button(RichText::new(" + ").size(17.0))
            .on_hover_text("One hand more")
            .clicked()
        {
            actions.push(mark(true));
        }
        ui.add_sized(
            egui::vec2(36.0, 24.0),
            egui::Label::new(RichText::new(count.to_string()).size(20.0).strong()),
        );
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
            ui.add(
                egui::Label::new(RichText::new(format!("{} {text}", letter(option))).size(16.0))
                    .wrap(),
            );
        });
    });
}

/// A person's free-text answer: a field and its Save button, in a right-to-left row.
fn free_text_ui(
    ui: &mut Ui,
    state: &mut SidePanelState,
    item_id: &str,
    person: PersonId,
    current: Option<&Answer>,
    actions: &mut Vec<Action>,
) {
    let saved = match current {
        Some(Answer::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let draft = state
        .free_text
        .entry((item_id.to_owned(), person))
        .or_insert_with(|| saved.clone());
    let changed = draft.trim() != saved;
    let save = ui.add_enabled(changed, egui::Button::new("Save")).clicked();
    let field = ui.add(
        egui::TextEdit::singleline(draft).desired_width((ui.available_width() * 0.6).max(80.0)),
    );
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if (save || (enter && changed)) && !draft.trim().is_empty() {
        actions.push(Action::Record(RecordAction::Answer {
            item_id: item_id.to_owned(),
            person,
            answer: Answer::Text(draft.trim().to_owned()),
        }));
    }
}

/// What keyboard entry expects: whose answer, and how to type it.
fn keyboard_entry_ui(ui: &mut Ui, kind: &SlideKind, name: &str) {
    ui.label(
        RichText::new(format!(
            "Answer for {name}: {}, Up/Down to move, Esc to stop",
            if matches!(kind, SlideKind::Rating(_)) {
                "type the number"
            } else {
                "type the option's letter (or its number from 1)"
            }
        ))
        .color(WARN),
    );
}

fn option_buttons(
    ui: &mut Ui,
    options: &[String],
    current: Option<&Answer>,
    multiple: bool,
    item_id: &str,
    person: PersonId,
    actions: &mut Vec<Action>,
) {
    let chosen: Vec<usize> = match current {
        Some(Answer::Options(chosen)) => chosen.clone(),
        _ => Vec::new(),
    };
    // From the last option to the first: the row is laid out from the right.
    for (i, option) in options.iter().enumerate().rev() {
        let selected = chosen.contains(&i);
        if ui
            .selectable_label(
                selected,
                RichText::new(letter(i).to_string()).size(16.0).strong(),
            )
            .on_hover_text(option)
            .clicked()
        {
            let answer = if multiple {
                let mut next = chosen.clone();
                if selected {
                    next.retain(|c| *c != i);
                } else {
                    next.push(i);
                    next.sort_unstable();
                }
                if next.is_empty() {
                    Answer::Cleared
                } else {
                    Answer::Options(next)
                }
            } else if selected {
                continue;
            } else {
                Answer::Options(vec![i])
            };
            actions.push(Action::Record(RecordAction::Answer {
                item_id: item_id.to_owned(),
                person,
                answer,
            }));
        }
    }
}

/// Groups, who plays which role this round, and a score sheet for each seller.
pub fn role_play_ui(ui: &mut Ui, view: &RoomView<'_>, state: &mut SidePanelState) -> Vec<Action> {
    let mut actions = Vec::new();
    let room = view.records;
    let Some(role_play) = &view.role_play else {
        ui.label("This slide is not a role-play.");
        return actions;
    };
    let rp = role_play.role_play;
    let here = view.here.len();
    ui.horizontal(|ui| {
        let label = if role_play.groups.is_some() {
            "Form groups again"
        } else {
            "Form groups"
        };
        if ui
            .button(label)
            .on_hover_text(format!(
                "Groups of {} from the {here} people here",
                rp.roles.len()
            ))
            .clicked()
        {
            actions.push(Action::Record(RecordAction::FormGroups {
                item_id: rp.id.clone(),
            }));
        }
        ui.label(RichText::new(format!("{here} here, {} roles", rp.roles.len())).color(DIM));
    });
    if let Some(message) = view.message {
        ui.label(RichText::new(message).color(WARN));
    }
    let mut mix = role_play.mix_teams && role_play.teams;
    let checkbox = ui
        .add_enabled(
            role_play.teams,
            egui::Checkbox::new(
                &mut mix,
                "Mix teams: one per team in each group where possible",
            ),
        )
        .on_hover_text(
            "Groups formed from now on spread each team over the groups; where a team has more \
             people than there are groups, as few of them as possible share one",
        )
        .on_disabled_hover_text(
            "The roster names fewer than two teams. Give each person a team in a \"team\" column of the roster file to mix teams.",
        );
    if checkbox.changed() {
        actions.push(Action::MixTeams(mix));
    }
    let Some(groups) = &role_play.groups else {
        ui.label("Form groups from who is here; roles then rotate each round.");
        return actions;
    };
    let on_screen = role_play.round;
    let round = match &state.sheet_round {
        Some((item, at, picked)) if *item == rp.id && *at == on_screen => *picked,
        _ => on_screen,
    };
    ui.horizontal_wrapped(|ui| {
        ui.label("Score sheets:");
        for r in 1..=u32::try_from(role_play.rounds.len()).unwrap_or(1) {
            if ui
                .selectable_label(!state.all_sheets && r == round, format!("Round {r}"))
                .on_hover_text(format!("Fill in or correct round {r}'s score sheets"))
                .clicked()
            {
                state.all_sheets = false;
                state.sheet_round = Some((rp.id.clone(), on_screen, r));
            }
        }
        if ui
            .selectable_label(state.all_sheets, "Every sheet")
            .on_hover_text("Every score sheet of every round, for the debrief")
            .clicked()
        {
            state.all_sheets = !state.all_sheets;
        }
    });
    if state.all_sheets {
        debrief_ui(ui, room, role_play);
        return actions;
    }
    if role_play.debrief && round == on_screen {
        ui.label(
            RichText::new(format!(
                "The debrief: round {round}'s sheets, the last round; pick another round above."
            ))
            .color(DIM),
        );
    } else if !role_play.in_round && round == on_screen {
        ui.label(
            RichText::new("Showing round 1; the score sheets follow the round on screen.")
                .color(DIM),
        );
    } else if role_play.in_round && round != on_screen {
        ui.label(
            RichText::new(format!(
                "Round {on_screen} is on screen; these are round {round}'s sheets."
            ))
            .color(WARN),
        );
    }
    let shown = role_play
        .rounds
        .get(usize::try_from(round).unwrap_or(1).saturating_sub(1))
        .unwrap_or(groups);
    egui::ScrollArea::vertical()
        .id_salt("roleplay")
        .show(ui, |ui| {
            for (g, group) in shown.iter().enumerate() {
                ui.label(
                    RichText::new(format!("Group {}", g + 1))
                        .strong()
                        .size(16.0),
                );
                group_ui(ui, room, rp, round, group, state, &mut actions);
                if role_play.movable {
                    move_ui(ui, room, rp, g, shown.len(), group, &mut actions);
                }
                ui.separator();
            }
        });
    actions
}

/// Every score sheet of every round: seller, observer, scores and comment, or what is
/// still missing.
fn debrief_ui(
    ui: &mut Ui,
    room: &RoomRecords,
    role_play: &crate::presentation::view::RolePlayView<'_>,
) {
    let rp = role_play.role_play;
    let name = |id: Option<PersonId>| {
        id.and_then(|id| room.person(id))
            .map_or("nobody".to_owned(), |p| p.name.clone())
    };
    egui::ScrollArea::vertical()
        .id_salt("debrief")
        .show(ui, |ui| {
            for (r, groups) in role_play.rounds.iter().enumerate() {
                ui.label(
                    RichText::new(format!("Round {}", r + 1))
                        .strong()
                        .size(16.0),
                );
                let round = u32::try_from(r + 1).unwrap_or(u32::MAX);
                for group in groups {
                    let Some(seller) = group.seller else {
                        continue;
                    };
                    let sheet = room.sheet_of(&rp.id, round, seller);
                    let observer = sheet.map_or(group.observer, |s| s.observer_id);
                    ui.add(
                        egui::Label::new(format!(
                            "{} (seller), scored by {}",
                            name(Some(seller)),
                            name(observer)
                        ))
                        .wrap(),
                    );
                    match sheet {
                        Some(sheet) => {
                            let scores = sheet
                                .scores
                                .iter()
                                .map(|(c, v)| format!("{c} {v}"))
                                .collect::<Vec<_>>()
                                .join(" \u{b7} ");
                            ui.add(egui::Label::new(RichText::new(scores).color(GOOD)).wrap());
                            if !sheet.comment.is_empty() {
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(format!("\u{201C}{}\u{201D}", sheet.comment))
                                            .italics(),
                                    )
                                    .wrap(),
                                );
                            }
                        }
                        None => {
                            ui.label(RichText::new("No sheet yet").color(DIM));
                        }
                    }
                }
                ui.separator();
            }
        });
}

/// "Move" for each member of group `g`: to any other group, or to a new one.
fn move_ui(
    ui: &mut Ui,
    room: &RoomRecords,
    rp: &RolePlay,
    g: usize,
    count: usize,
    group: &GroupView,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Move:").color(DIM));
        for (person, _) in &group.cast {
            let name = room.person(*person).map_or("?", |p| p.name.as_str());
            let short: String = if name.chars().count() > 18 {
                name.chars().take(17).chain(['\u{2026}']).collect()
            } else {
                name.to_owned()
            };
            ui.menu_button(format!("{short} \u{25B8}"), |ui| {
                for to in (0..=count).filter(|to| *to != g) {
                    let label = if to == count {
                        "To a new group".to_owned()
                    } else {
                        format!("To group {}", to + 1)
                    };
                    if ui.button(label).clicked() {
                        actions.push(Action::Record(RecordAction::MoveToGroup {
                            item_id: rp.id.clone(),
                            person: *person,
                            to,
                        }));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text(format!("Move {name} to another group"));
        }
    });
}

/// One group's cast this round, and its seller's score sheet.
fn group_ui(
    ui: &mut Ui,
    room: &RoomRecords,
    rp: &RolePlay,
    round: u32,
    group: &GroupView,
    state: &mut SidePanelState,
    actions: &mut Vec<Action>,
) {
    for (person, role) in &group.cast {
        let name = room.person(*person).map_or("?", |p| p.name.as_str());
        ui.label(format!("{name}: {role}"));
    }
    if let Some(seller) = group.seller {
        sheet_ui(ui, room, rp, round, seller, group.observer, state, actions);
    }
}

#[allow(clippy::too_many_arguments)]
fn sheet_ui(
    ui: &mut Ui,
    room: &RoomRecords,
    rp: &RolePlay,
    round: u32,
    seller: PersonId,
    observer: Option<PersonId>,
    state: &mut SidePanelState,
    actions: &mut Vec<Action>,
) {
    let saved = room.sheet_of(&rp.id, round, seller);
    let draft = state
        .sheets
        .entry((rp.id.clone(), round, seller))
        .or_insert_with(|| SheetDraft {
            scores: rp
                .rubric
                .iter()
                .map(|c| {
                    saved.and_then(|s| s.scores.iter().find(|(n, _)| *n == c.name).map(|(_, v)| *v))
                })
                .collect(),
            comment: saved.map(|s| s.comment.clone()).unwrap_or_default(),
        });
    let seller_name = room.person(seller).map_or("?", |p| p.name.as_str());
    ui.label(RichText::new(format!("Score sheet for {seller_name}, round {round}")).color(WARN));
    egui::Grid::new(("sheet", &rp.id, round, seller))
        .num_columns(2)
        .show(ui, |ui| {
            for (i, criterion) in rp.rubric.iter().enumerate() {
                ui.label(&criterion.name).on_hover_text(&criterion.describe);
                ui.horizontal(|ui| {
                    for value in 1..=rp.scale {
                        let selected = draft.scores.get(i).copied().flatten() == Some(value);
                        if ui.selectable_label(selected, value.to_string()).clicked()
                            && let Some(slot) = draft.scores.get_mut(i)
                        {
                            *slot = Some(value);
                        }
                    }
                });
                ui.end_row();
            }
        });
    ui.add(
        egui::TextEdit::singleline(&mut draft.comment)
            .hint_text("comment: one question that worked")
            .desired_width(f32::INFINITY),
    );
    let complete = draft.scores.iter().all(Option::is_some);
    let unchanged = saved.is_some_and(|s| {
        s.comment == draft.comment
            && rp.rubric.iter().zip(&draft.scores).all(|(c, v)| {
                s.scores
                    .iter()
                    .any(|(n, sv)| *n == c.name && Some(*sv) == *v)
            })
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                complete && !unchanged,
                egui::Button::new("Save score sheet"),
            )
            .clicked()
        {
            actions.push(Action::Record(RecordAction::Score {
                item_id: rp.id.clone(),
                round,
                seller,
                observer,
                scores: rp
                    .rubric
                    .iter()
                    .zip(&draft.scores)
                    .map(|(c, v)| (c.name.clone(), v.unwrap_or(1)))
                    .collect(),
                comment: draft.comment.trim().to_owned(),
            }));
        }
        match saved {
            Some(s) if room.is_unsaved(&Mark::Sheet(s.sheet_id)) => {
                ui.label(RichText::new("Not saved yet").color(WARN));
            }
            Some(_) if unchanged => {
                ui.label(RichText::new("Saved \u{2714}").color(GOOD));
            }
            _ if !complete => {
                ui.label(RichText::new("Score every criterion to save").color(DIM));
            }
            _ => {}
        }
    });
}

/// The presenter's own notes for this slide in this session: what happened, who to follow up.
pub fn my_notes_ui(ui: &mut Ui, view: &RoomView<'_>, state: &mut SidePanelState) -> Vec<Action> {
    let mut actions = Vec::new();
    let room = view.records;
    let slide_ref = view.slide_ref.as_str();
    let saved = room.notes.get(slide_ref).cloned().unwrap_or_default();
    if state.note.as_ref().is_none_or(|(r, _)| r != slide_ref) {
        state.note = Some((slide_ref.to_owned(), saved.clone()));
    }
    let Some((_, text)) = state.note.as_mut() else {
        return actions;
    };
    ui.label(RichText::new("Your notes for this slide, kept with this session").color(DIM));
    ui.add(
        egui::TextEdit::multiline(text)
            .desired_rows(8)
            .desired_width(f32::INFINITY)
            .hint_text("What happened, who to follow up with\u{2026}"),
    );
    let changed = *text != saved;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(changed, egui::Button::new("Save note"))
            .clicked()
        {
            actions.push(Action::Record(RecordAction::Note {
                slide_ref: slide_ref.to_owned(),
                text: text.clone(),
            }));
        }
        if !changed && room.is_unsaved(&Mark::Note(slide_ref.to_owned())) {
            ui.label(RichText::new("Not saved yet").color(WARN));
        } else if !changed && !saved.is_empty() {
            ui.label(RichText::new("Saved \u{2714}").color(GOOD));
        }
    });
    actions
}

/// A tick for a saved record; an amber dot while it waits for its commit.
fn saved_mark_ui(ui: &mut Ui, room: &RoomRecords, mark: &Mark) {
    if room.is_unsaved(mark) {
        unsaved_dot_ui(ui);
    } else {
        ui.label(RichText::new("\u{2714}").color(GOOD))
            .on_hover_text("Saved");
    }
}

const UNSAVED_HINT: &str = "Not saved yet: kept in memory until the data file can be written";

/// A record not saved yet, as small as the tick it becomes, so rows keep their width.
fn unsaved_dot_ui(ui: &mut Ui) {
    ui.label(RichText::new("\u{25CF}").color(WARN))
        .on_hover_text(UNSAVED_HINT);
}

fn letter(i: usize) -> char {
    char::from(b'A' + u8::try_from(i % 26).unwrap_or(0))
}
