//! The presenter's side panel for the room: who is here, the answers to the current
//! question, role-play groups and score sheets, and the presenter's own notes. Each view
//! reads the room and returns what the presenter asked for; nothing here writes.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use crate::action::{Action, RecordAction};
use crate::capture::Room;
use crate::deck::{RolePlay, SlideKind};
use crate::record::Mark;
use crate::session::groups;
use crate::session::{SlideView, Step};
use crate::store::types::{Answer, PersonId, Presence};

/// Which part of the side panel is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoomTab {
    #[default]
    Agenda,
    People,
    Answers,
    RolePlay,
    Notes,
}

/// What the presenter is typing or choosing in the side panel.
#[derive(Debug, Default)]
pub struct RoomUi {
    pub tab: RoomTab,
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
    /// Digits record answers for the highlighted person instead of moving the show.
    pub keyboard_entry: bool,
    pub cursor: usize,
    /// The last message from the room, such as a roster import summary.
    pub message: Option<String>,
}

/// A score sheet being filled in.
#[derive(Debug, Clone, Default)]
pub struct SheetDraft {
    pub scores: Vec<Option<u32>>,
    pub comment: String,
}

const GOOD: Color32 = Color32::from_rgb(0x4C, 0xC9, 0x6A);
const WARN: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x2E);
const DIM: Color32 = Color32::from_gray(150);

/// The tab that fits a slide: its answers, its role-play, or the agenda.
pub fn tab_for(kind: &SlideKind) -> RoomTab {
    match kind {
        SlideKind::Poll(_)
        | SlideKind::Quiz(_)
        | SlideKind::Rating(_)
        | SlideKind::FreeText { .. } => RoomTab::Answers,
        SlideKind::RolePlay(_) => RoomTab::RolePlay,
        _ => RoomTab::Agenda,
    }
}

/// The tab row; returns nothing, it switches `state.tab` itself (a view-local choice).
pub fn tabs_ui(ui: &mut Ui, state: &mut RoomUi, here: usize, roster: usize) {
    ui.horizontal_wrapped(|ui| {
        for (tab, label) in [
            (RoomTab::Agenda, "Next & agenda".to_owned()),
            (RoomTab::People, format!("People ({here}/{roster})")),
            (RoomTab::Answers, "Answers".to_owned()),
            (RoomTab::RolePlay, "Role-play".to_owned()),
            (RoomTab::Notes, "My notes".to_owned()),
        ] {
            ui.selectable_value(&mut state.tab, tab, RichText::new(label).size(15.0));
        }
    });
    ui.separator();
}

/// Check-in: one click per person as they arrive; late and left-early with the time.
pub fn people_ui(ui: &mut Ui, room: &Room, state: &mut RoomUi) -> Vec<Action> {
    let mut actions = Vec::new();
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
    // Only the rows in view are laid out, so a roster of hundreds stays quick.
    let row_height = ui.spacing().interact_size.y.max(22.0) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("people")
        .max_height(ui.available_height() - 150.0)
        .show_rows(ui, row_height, shown.len(), |ui, rows| {
            for person in shown.iter().skip(rows.start).take(rows.len()) {
                ui.horizontal(|ui| person_row_ui(ui, room, person, state, &mut actions));
            }
        });
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
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.roster_path)
                .hint_text("roster.csv")
                .desired_width(200.0),
        );
        if ui.button("Import roster").clicked() && !state.roster_path.trim().is_empty() {
            actions.push(record(RecordAction::ImportRoster(PathBuf::from(
                state.roster_path.trim(),
            ))));
        }
        if ui.button("Choose\u{2026}").clicked() {
            actions.push(record(RecordAction::BrowseRoster));
        }
    });
    if let Some(message) = &state.message {
        ui.label(RichText::new(message).color(WARN));
    }
    actions
}

/// One person's check-in row: name (double-click to rename), presence buttons and times.
fn person_row_ui(
    ui: &mut Ui,
    room: &Room,
    person: &crate::store::types::Person,
    state: &mut RoomUi,
    actions: &mut Vec<Action>,
) {
    let id = person.person_id;
    let presence = room.presence(id);
    ui.allocate_ui_with_layout(
        egui::vec2(140.0, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(140.0);
            let renaming = state.renaming.as_mut().filter(|(p, _)| *p == id);
            if let Some((_, name)) = renaming {
                let field = ui.add(egui::TextEdit::singleline(name).desired_width(150.0));
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
                let label = ui
                    .add(
                        egui::Label::new(name)
                            .truncate()
                            .sense(egui::Sense::click()),
                    )
                    .on_hover_text(hint);
                if label.double_clicked() {
                    state.renaming = Some((id, person.name.clone()));
                }
            }
        },
    );
    for (text, p) in [
        ("Here", Presence::Present),
        ("Late", Presence::Late),
        ("Left", Presence::LeftEarly),
        ("Absent", Presence::Absent),
    ] {
        let selected = presence == Some(p);
        if ui.selectable_label(selected, text).clicked() && !selected {
            actions.push(Action::Record(RecordAction::Presence {
                person: id,
                presence: p,
            }));
        }
    }
    if let Some(row) = room.attendance.get(&id) {
        let when = match row.presence {
            Presence::LeftEarly => row.left_at.as_deref().map(|t| format!("left {}", clock(t))),
            Presence::Present | Presence::Late => row
                .checked_in_at
                .as_deref()
                .map(|t| format!("in {}", clock(t))),
            Presence::Absent => None,
        };
        // Not saved yet: the time in amber, so the row keeps its width.
        let unsaved = room.is_unsaved(&Mark::Attendance(id));
        match (when, unsaved) {
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
    if ui
        .small_button("\u{2716}")
        .on_hover_text("Remove from this session's roster")
        .clicked()
    {
        actions.push(Action::Record(RecordAction::Remove(id)));
    }
}

/// One-click (or, with keyboard entry on, one-key) answers for each person here.
pub fn answers_ui(
    ui: &mut Ui,
    room: &Room,
    view: &SlideView<'_>,
    state: &mut RoomUi,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let kind = &view.slide.kind;
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
        let counts = match room.results(kind) {
            Some(crate::capture::Results::Options { counts, .. }) => counts,
            _ => vec![0; poll.options.len()],
        };
        egui::Grid::new("tally")
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                for (i, option) in poll.options.iter().enumerate() {
                    ui.label(RichText::new(format!("{} {}", letter(i), option)).size(16.0));
                    ui.label(
                        RichText::new(counts.get(i).copied().unwrap_or(0).to_string())
                            .size(20.0)
                            .strong(),
                    );
                    ui.horizontal(|ui| {
                        if ui.button(RichText::new(" + ").size(17.0)).clicked() {
                            actions.push(Action::Record(RecordAction::Mark {
                                item_id: item_id.to_owned(),
                                option: i,
                                add: true,
                            }));
                        }
                        if ui.button(RichText::new(" \u{2212} ").size(17.0)).clicked() {
                            actions.push(Action::Record(RecordAction::Mark {
                                item_id: item_id.to_owned(),
                                option: i,
                                add: false,
                            }));
                        }
                    });
                    ui.end_row();
                }
            });
        return actions;
    }

    let here = room.here();
    let answered = here
        .iter()
        .filter(|p| room.answer_of(item_id, p.person_id).is_some())
        .count();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("{answered} of {} here answered", here.len())).size(16.0));
        if !matches!(kind, SlideKind::FreeText { .. }) {
            ui.checkbox(&mut state.keyboard_entry, "Keyboard entry")
                .on_hover_text("Type each person's answer as a number (1 = first option); Up/Down move, Esc stops");
        }
    });
    if here.is_empty() {
        ui.label("No one is checked in: mark people as here in the People tab.");
        return actions;
    }
    if view.step == Step::Question && matches!(kind, SlideKind::Quiz(_)) {
        ui.label(
            RichText::new("The room sees the question; the right answer shows at its step.")
                .color(DIM),
        );
    }
    state.cursor = state.cursor.min(here.len().saturating_sub(1));
    if state.keyboard_entry {
        keyboard_entry(ui, kind, item_id, &here, state, &mut actions);
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
                let current = room.answer_of(item_id, id).map(|r| &r.answer);
                let highlighted = state.keyboard_entry && row == state.cursor;
                let name = RichText::new(&person.name).size(16.0);
                ui.horizontal(|ui| {
                    let name = if highlighted {
                        name.strong().color(WARN)
                    } else {
                        name
                    };
                    ui.allocate_ui_with_layout(
                        egui::vec2(150.0, 20.0),
                        egui::Layout::left_to_right(egui::Align::Center),
                        |ui| {
                            ui.set_min_width(150.0);
                            ui.add(egui::Label::new(name).truncate());
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
                            for value in rating.min..=rating.max {
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
                            let saved = match current {
                                Some(Answer::Text(t)) => t.clone(),
                                _ => String::new(),
                            };
                            let draft = state
                                .free_text
                                .entry((item_id.to_owned(), id))
                                .or_insert_with(|| saved.clone());
                            let field = ui.add(
                                egui::TextEdit::singleline(draft)
                                    .desired_width(ui.available_width() - 60.0),
                            );
                            let enter =
                                field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                            let changed = draft.trim() != saved;
                            if (ui.add_enabled(changed, egui::Button::new("Save")).clicked()
                                || (enter && changed))
                                && !draft.trim().is_empty()
                            {
                                actions.push(Action::Record(RecordAction::Answer {
                                    item_id: item_id.to_owned(),
                                    person: id,
                                    answer: Answer::Text(draft.trim().to_owned()),
                                }));
                            }
                        }
                        _ => {}
                    }
                    if let Some(row) = room.answer_of(item_id, id) {
                        saved_mark_ui(ui, room, &Mark::Response(row.response_id));
                    }
                });
            }
        },
    );
    actions
}

fn keyboard_entry(
    ui: &mut Ui,
    kind: &SlideKind,
    item_id: &str,
    here: &[&crate::store::types::Person],
    state: &mut RoomUi,
    actions: &mut Vec<Action>,
) {
    let Some(person) = here.get(state.cursor) else {
        return;
    };
    ui.label(
        RichText::new(format!(
            "Answer for {}: {}, Up/Down to move, Esc to stop",
            person.name,
            if matches!(kind, SlideKind::Rating(_)) {
                "type the number"
            } else {
                "type the option's letter (or its number from 1)"
            }
        ))
        .color(WARN),
    );
    let keys: Vec<egui::Key> = ui.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key, pressed: true, ..
                } => Some(*key),
                _ => None,
            })
            .collect()
    });
    for key in keys {
        match key {
            egui::Key::ArrowDown => {
                state.cursor = (state.cursor + 1).min(here.len().saturating_sub(1))
            }
            egui::Key::ArrowUp => state.cursor = state.cursor.saturating_sub(1),
            egui::Key::Escape => state.keyboard_entry = false,
            _ => {
                let answer = match kind {
                    SlideKind::Poll(p) => {
                        option_of_key(key, p.options.len()).map(|i| Answer::Options(vec![i]))
                    }
                    SlideKind::Quiz(q) => {
                        option_of_key(key, q.options.len()).map(|i| Answer::Options(vec![i]))
                    }
                    SlideKind::Rating(r) => digit(key)
                        .and_then(|d| i64::try_from(d).ok())
                        .filter(|value| (r.min..=r.max).contains(value))
                        .map(Answer::Number),
                    _ => None,
                };
                let Some(answer) = answer else { continue };
                actions.push(Action::Record(RecordAction::Answer {
                    item_id: item_id.to_owned(),
                    person: person.person_id,
                    answer,
                }));
                state.cursor = (state.cursor + 1).min(here.len().saturating_sub(1));
            }
        }
    }
}

/// The option (0-based) that `key` names among `count`: its letter as the room sees it (A is
/// the first), or its number counted from 1.
fn option_of_key(key: egui::Key, count: usize) -> Option<usize> {
    use egui::Key::*;
    const LETTERS: [egui::Key; 26] = [
        A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z,
    ];
    let index = match LETTERS.iter().position(|k| *k == key) {
        Some(letter) => letter,
        None => digit(key)?.checked_sub(1)?,
    };
    (index < count).then_some(index)
}

fn digit(key: egui::Key) -> Option<usize> {
    use egui::Key::{Num0, Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8, Num9};
    [Num0, Num1, Num2, Num3, Num4, Num5, Num6, Num7, Num8, Num9]
        .iter()
        .position(|k| *k == key)
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
    for (i, option) in options.iter().enumerate() {
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
pub fn role_play_ui(
    ui: &mut Ui,
    room: &Room,
    view: &SlideView<'_>,
    state: &mut RoomUi,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let SlideKind::RolePlay(rp) = &view.slide.kind else {
        ui.label("This slide is not a role-play.");
        return actions;
    };
    let here = room.here().len();
    let groups = room.groups.get(&rp.id);
    ui.horizontal(|ui| {
        let label = if groups.is_some() {
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
    let Some(groups) = groups else {
        ui.label("Form groups from who is here; roles then rotate each round.");
        return actions;
    };
    let round = match view.step {
        Step::Round(r) => r,
        _ => 1,
    };
    if !matches!(view.step, Step::Round(_)) {
        ui.label(
            RichText::new("Showing round 1; the score sheets follow the round on screen.")
                .color(DIM),
        );
    }
    egui::ScrollArea::vertical()
        .id_salt("roleplay")
        .show(ui, |ui| {
            for (g, group) in groups.iter().enumerate() {
                ui.label(
                    RichText::new(format!("Group {}", g + 1))
                        .strong()
                        .size(16.0),
                );
                let cast = cast_of(rp, group, round);
                for (person, role) in &cast {
                    let name = room.person(*person).map_or("?", |p| p.name.as_str());
                    ui.label(format!("{name}: {role}"));
                }
                let seller = cast
                    .iter()
                    .find(|(_, role)| *role == rp.roles.first().map_or("", |r| r.name.as_str()))
                    .map(|(p, _)| *p);
                let observer = observer_of(rp, &cast);
                if let Some(seller) = seller {
                    sheet_ui(ui, room, rp, round, seller, observer, state, &mut actions);
                }
                ui.separator();
            }
        });
    actions
}

/// Who plays which role in `round`, by the group's order.
pub fn cast_of<'r>(rp: &'r RolePlay, group: &[PersonId], round: u32) -> Vec<(PersonId, &'r str)> {
    groups::cast(group, round, rp.roles.len())
        .into_iter()
        .map(|(person, role)| (person, rp.roles.get(role).map_or("", |r| r.name.as_str())))
        .collect()
}

/// The observer who scores (see [`groups::observer_role`]); phones follow the same rule.
pub fn observer_of(rp: &RolePlay, cast: &[(PersonId, &str)]) -> Option<PersonId> {
    let observer_role = groups::observer_role(rp).and_then(|i| rp.roles.get(i))?;
    cast.iter()
        .find(|(_, role)| *role == observer_role.name)
        .map(|(p, _)| *p)
}

#[allow(clippy::too_many_arguments)]
fn sheet_ui(
    ui: &mut Ui,
    room: &Room,
    rp: &RolePlay,
    round: u32,
    seller: PersonId,
    observer: Option<PersonId>,
    state: &mut RoomUi,
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
pub fn my_notes_ui(ui: &mut Ui, room: &Room, slide_ref: &str, state: &mut RoomUi) -> Vec<Action> {
    let mut actions = Vec::new();
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
fn saved_mark_ui(ui: &mut Ui, room: &Room, mark: &Mark) {
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

/// `09:05` from an RFC 3339 time.
fn clock(rfc3339: &str) -> &str {
    rfc3339.get(11..16).unwrap_or(rfc3339)
}
