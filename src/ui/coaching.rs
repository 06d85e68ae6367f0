//! The screens of the weeks after a workshop: the Follow-up list of open commitments, a
//! person's page (skill over time per criterion, before → after ratings, commitments, quiz
//! accuracy), the form of a field observation, and the team matrix. They draw the report
//! structs of [`crate::report::coaching`] and return what was asked; the shell records and
//! rebuilds.

use std::collections::HashMap;

use egui::{Color32, RichText, Ui, vec2};
use jiff::civil::Date;

use super::status::{BAD, DIM, GOOD, WARN};
use crate::report::coaching::{
    CommitmentLine, CriterionSkill, FollowUpList, MatrixSort, PersonPage, TeamMatrix, Trend,
};
use crate::store::{CommitmentKey, CommitmentStatus, ObservationId, PersonId, Rubric};

/// Workshop scores in charts and labels.
pub const WORKSHOP: Color32 = Color32::from_rgb(0x6C, 0xB4, 0xFF);
/// Field observations in charts and labels.
pub const FIELD: Color32 = Color32::from_rgb(0xFF, 0xB0, 0x2E);

/// Which of the follow-up screens shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CoachingView {
    #[default]
    FollowUp,
    Team,
    Person,
    Observe,
}

/// A field observation being written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObservationForm {
    pub person_id: PersonId,
    pub person: String,
    /// The rubrics offered (from the decks of sessions the person came to), and the one chosen.
    pub rubrics: Vec<Rubric>,
    pub rubric: usize,
    /// The day of the call, as typed (`YYYY-MM-DD`).
    pub day: String,
    pub context: String,
    /// Per criterion of the chosen rubric: a score (none when the call gave no chance to see
    /// it) and a comment.
    pub scores: Vec<Option<u32>>,
    pub comments: Vec<String>,
    /// Why the form cannot be saved yet.
    pub problem: Option<String>,
}

impl ObservationForm {
    /// An empty form for `page`'s person, for the call of `today`.
    pub fn new(page: &PersonPage, today: Date) -> ObservationForm {
        let mut form = ObservationForm {
            person_id: page.person.person_id,
            person: page.person.name.clone(),
            rubrics: page.rubrics.clone(),
            day: today.to_string(),
            ..ObservationForm::default()
        };
        form.choose(0);
        form
    }

    /// Picks the rubric at `at`, with empty scores.
    pub fn choose(&mut self, at: usize) {
        self.rubric = at;
        let criteria = self.chosen().map_or(0, |r| r.criteria.len());
        self.scores = vec![None; criteria];
        self.comments = vec![String::new(); criteria];
    }

    pub fn chosen(&self) -> Option<&Rubric> {
        self.rubrics.get(self.rubric)
    }
}

/// How the last export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportOutcome {
    Written(String),
    Problem(String),
}

/// What the follow-up screens show, and what is being typed in them.
#[derive(Debug, Default)]
pub struct CoachingState {
    pub view: CoachingView,
    pub follow_up: Option<FollowUpList>,
    pub team: Option<TeamMatrix>,
    pub person: Option<PersonPage>,
    pub form: Option<ObservationForm>,
    /// A note being typed, per commitment.
    pub notes: HashMap<CommitmentKey, String>,
    /// Records handed to the writer and not yet saved.
    pub saving: usize,
    /// Why records wait, or why the records could not be read.
    pub problem: Option<String>,
    /// The export folder, typed or chosen.
    pub export_dir: String,
    pub overwrite: bool,
    pub letter: bool,
    pub browsing: bool,
    pub export: Option<ExportOutcome>,
    /// The last thing saved, said once.
    pub saved: Option<String>,
    /// The observation whose withdrawal waits for a yes.
    pub withdrawing: Option<ObservationId>,
}

/// What can be exported from the follow-up screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// `people.csv` and `commitments.csv`.
    Csv,
    /// `people.xlsx`.
    Workbook,
    /// The person page or the team matrix as a PDF.
    Pdf,
}

/// What was asked on a follow-up screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CoachingAction {
    /// To the start screen.
    Back,
    Show(CoachingView),
    OpenPerson(PersonId),
    SetStatus(CommitmentKey, CommitmentStatus),
    /// Records the note typed for this commitment.
    AddNote(CommitmentKey),
    Sort(MatrixSort),
    /// Opens the observation form for the person shown.
    Observe,
    SaveObservation,
    /// Asks "take it back?" for this observation, or stops asking.
    AskWithdraw(Option<ObservationId>),
    /// Takes back an observation: recorded, the old one kept.
    Withdraw(ObservationId),
    ChooseFolder,
    Export(ExportKind),
}

/// Draws the follow-up screen that `state.view` names.
pub fn coaching_ui(ui: &mut Ui, state: &mut CoachingState) -> Vec<CoachingAction> {
    let mut actions = Vec::new();
    egui::Panel::top("coaching-bar").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(RichText::new("\u{25C0} Back").size(16.0))
                .clicked()
            {
                actions.push(CoachingAction::Back);
            }
            for (view, label) in [
                (CoachingView::FollowUp, "Follow-up"),
                (CoachingView::Team, "Team matrix"),
            ] {
                let on = state.view == view;
                if ui
                    .selectable_label(on, RichText::new(label).size(17.0))
                    .clicked()
                {
                    actions.push(CoachingAction::Show(view));
                }
            }
            if let Some(page) = &state.person {
                let on = matches!(state.view, CoachingView::Person | CoachingView::Observe);
                if ui
                    .selectable_label(on, RichText::new(page.person.name.as_str()).size(17.0))
                    .clicked()
                {
                    actions.push(CoachingAction::Show(CoachingView::Person));
                }
            }
            if state.saving > 0 {
                ui.label(RichText::new(format!("Saving {}\u{2026}", state.saving)).color(WARN));
            } else if let Some(saved) = &state.saved {
                ui.label(RichText::new(saved).color(GOOD));
            }
        });
        if let Some(problem) = &state.problem {
            ui.label(RichText::new(problem).color(BAD));
        }
        ui.add_space(4.0);
    });
    if state.view != CoachingView::Observe {
        export_bar_ui(ui, state, &mut actions);
    }
    egui::CentralPanel::default_margins().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(("coaching", state.view))
            .auto_shrink([false, false])
            .show(ui, |ui| match state.view {
                CoachingView::FollowUp => follow_up_ui(ui, state, &mut actions),
                CoachingView::Team => match &state.team {
                    Some(team) => team_ui(ui, team, &mut actions),
                    None => {
                        ui.label("The team matrix could not be read.");
                    }
                },
                CoachingView::Person => person_ui(ui, state, &mut actions),
                CoachingView::Observe => match &mut state.form {
                    Some(form) => observe_ui(ui, form, &mut actions),
                    None => {
                        ui.label("No observation is being written.");
                    }
                },
            });
    });
    actions
}

fn export_bar_ui(ui: &mut Ui, state: &mut CoachingState, actions: &mut Vec<CoachingAction>) {
    egui::Panel::bottom("coaching-export").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label("Export to folder");
            ui.add(
                egui::TextEdit::singleline(&mut state.export_dir)
                    .desired_width(300.0)
                    .hint_text("folder for the files"),
            );
            if ui
                .add_enabled(!state.browsing, egui::Button::new("Choose\u{2026}"))
                .clicked()
            {
                actions.push(CoachingAction::ChooseFolder);
            }
            ui.checkbox(&mut state.overwrite, "Replace existing files");
            ui.separator();
            if ui.button("People and commitments (CSV)").clicked() {
                actions.push(CoachingAction::Export(ExportKind::Csv));
            }
            if ui.button("Workbook (.xlsx)").clicked() {
                actions.push(CoachingAction::Export(ExportKind::Workbook));
            }
            let pdf = match state.view {
                CoachingView::Team => Some("Team matrix as PDF"),
                CoachingView::Person => Some("This page as PDF"),
                _ => None,
            };
            if let Some(label) = pdf {
                if ui.button(label).clicked() {
                    actions.push(CoachingAction::Export(ExportKind::Pdf));
                }
                ui.checkbox(&mut state.letter, "US Letter (else A4)");
            }
        });
        // Always one line, so the buttons stay where they are once a message shows.
        match &state.export {
            Some(ExportOutcome::Written(files)) => {
                ui.label(RichText::new(files).color(GOOD));
            }
            Some(ExportOutcome::Problem(why)) => {
                ui.label(RichText::new(why).color(BAD));
            }
            None => {
                ui.label(
                    RichText::new("CSV files and workbooks open in Excel, LibreOffice and Numbers; a missing folder is made.")
                        .color(DIM),
                );
            }
        }
        ui.add_space(4.0);
    });
}

// ---- Follow-up ----

fn follow_up_ui(ui: &mut Ui, state: &mut CoachingState, actions: &mut Vec<CoachingAction>) {
    let Some(list) = &state.follow_up else {
        ui.label("The follow-up could not be read.");
        return;
    };
    ui.heading(RichText::new("Follow-up").size(24.0).strong());
    ui.label(
        RichText::new(format!(
            "{} open commitments, {} overdue \u{00B7} {} done, {} dropped \u{00B7} today {}",
            list.open.len(),
            list.overdue,
            list.done,
            list.dropped,
            list.today
        ))
        .size(16.0),
    );
    ui.add_space(8.0);
    if list.open.is_empty() {
        ui.label(
            "No open commitments. A FreeText slide with `follow_up_days: 14` in a deck makes each answer a commitment to follow up.",
        );
    }
    super::fonts::unshown_names_ui(ui, list.open.iter().map(|c| c.person.as_str()));
    for line in &list.open {
        let note = state.notes.entry(line.key.clone()).or_default();
        commitment_ui(ui, line, note, true, actions);
    }
}

/// One commitment: who, what, due, and one click each for done, dropped and a note.
fn commitment_ui(
    ui: &mut Ui,
    line: &CommitmentLine,
    note: &mut String,
    with_person: bool,
    actions: &mut Vec<CoachingAction>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            if with_person
                && ui
                    .link(RichText::new(line.person.as_str()).size(17.0).strong())
                    .clicked()
            {
                actions.push(CoachingAction::OpenPerson(line.key.person_id));
            }
            let due = match line.status {
                CommitmentStatus::Open if line.is_overdue() => RichText::new(format!(
                    "overdue {} days (due {})",
                    line.days_overdue, line.due_on
                ))
                .color(BAD)
                .strong(),
                CommitmentStatus::Open => RichText::new(format!("due {}", line.due_on)),
                CommitmentStatus::Done => RichText::new(format!(
                    "done {}",
                    line.status_on.map(|d| d.to_string()).unwrap_or_default()
                ))
                .color(GOOD),
                CommitmentStatus::Dropped => RichText::new(format!(
                    "dropped {}",
                    line.status_on.map(|d| d.to_string()).unwrap_or_default()
                ))
                .color(DIM),
            };
            ui.label(due);
            ui.label(
                RichText::new(format!("{} \u{00B7} {}", line.deck_title, line.made_on)).color(DIM),
            );
        });
        ui.label(RichText::new(&line.text).size(16.0));
        for (text, on) in &line.notes {
            ui.label(RichText::new(format!("{on}: {text}")).color(DIM));
        }
        ui.horizontal_wrapped(|ui| {
            if line.status != CommitmentStatus::Done && ui.button("\u{2714} Done").clicked() {
                actions.push(CoachingAction::SetStatus(
                    line.key.clone(),
                    CommitmentStatus::Done,
                ));
            }
            if line.status != CommitmentStatus::Dropped && ui.button("Dropped").clicked() {
                actions.push(CoachingAction::SetStatus(
                    line.key.clone(),
                    CommitmentStatus::Dropped,
                ));
            }
            if line.status != CommitmentStatus::Open && ui.button("Reopen").clicked() {
                actions.push(CoachingAction::SetStatus(
                    line.key.clone(),
                    CommitmentStatus::Open,
                ));
            }
            let label = ui.label("Note:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(note)
                        .hint_text("what came of it")
                        .desired_width(260.0),
                )
                .labelled_by(label.id);
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add note").clicked() || entered) && !note.trim().is_empty() {
                actions.push(CoachingAction::AddNote(line.key.clone()));
            }
        });
    });
}

// ---- the team matrix ----

fn team_ui(ui: &mut Ui, team: &TeamMatrix, actions: &mut Vec<CoachingAction>) {
    ui.heading(RichText::new("Team matrix").size(24.0).strong());
    ui.horizontal_wrapped(|ui| {
        ui.label("Sort by");
        for (sort, label) in [
            (MatrixSort::LongestUnobserved, "Longest unobserved"),
            (MatrixSort::LowestScore, "Lowest score"),
            (MatrixSort::Name, "Name"),
        ] {
            if ui.selectable_label(team.sort == sort, label).clicked() {
                actions.push(CoachingAction::Sort(sort));
            }
        }
    });
    ui.label(
        RichText::new(
            "Latest score of each criterion with its trend; field observations in orange, workshop scores in blue. Click a name for the person's page.",
        )
        .color(DIM),
    );
    ui.add_space(6.0);
    if team.rows.is_empty() {
        ui.label("No one yet: the people of live sessions and of field observations show here.");
        return;
    }
    super::fonts::unshown_names_ui(ui, team.rows.iter().map(|r| r.name.as_str()));
    egui::ScrollArea::horizontal()
        .id_salt("team-matrix")
        .show(ui, |ui| {
            egui::Grid::new("team-matrix-grid")
                .striped(true)
                .spacing(vec2(14.0, 6.0))
                .show(ui, |ui| {
                    ui.label(RichText::new("Person").strong());
                    let mut sort_by_criterion = None;
                    for criterion in &team.criteria {
                        let header = ui
                            .add(
                                egui::Label::new(
                                    RichText::new(header_lines(criterion, HEADER_CHARS)).strong(),
                                )
                                .sense(egui::Sense::click()),
                            )
                            .on_hover_text(format!("Sort by {criterion}, lowest first"));
                        if header.clicked() {
                            sort_by_criterion = Some(criterion.clone());
                        }
                    }
                    ui.label(RichText::new("Last observed").strong());
                    ui.end_row();
                    if let Some(criterion) = sort_by_criterion {
                        actions.push(CoachingAction::Sort(MatrixSort::Criterion(
                            crate::report::coaching::criterion_key(&criterion),
                        )));
                    }
                    for row in &team.rows {
                        let mut name = crate::deck::shorten(&row.name, NAME_CHARS, "\u{2026}");
                        if let Some(team) = &row.team {
                            name.push_str(&format!(" \u{00B7} {team}"));
                        }
                        if ui
                            .add(egui::Link::new(RichText::new(name)))
                            .on_hover_text(&row.name)
                            .clicked()
                        {
                            actions.push(CoachingAction::OpenPerson(row.person_id));
                        }
                        for cell in &row.cells {
                            match cell {
                                Some(cell) => {
                                    let color = if cell.field { FIELD } else { WORKSHOP };
                                    ui.label(
                                        RichText::new(format!(
                                            "{}/{} {}",
                                            cell.score,
                                            cell.scale,
                                            cell.trend.arrow()
                                        ))
                                        .color(color),
                                    )
                                    .on_hover_text(format!(
                                        "{} on {}, {} scores, trend {}",
                                        if cell.field { "field" } else { "workshop" },
                                        cell.on,
                                        cell.count,
                                        cell.trend.word()
                                    ));
                                }
                                None => {
                                    ui.label(RichText::new("\u{2013}").color(DIM));
                                }
                            }
                        }
                        match (row.last_observed_on, row.days_unobserved) {
                            (Some(on), Some(days)) => {
                                let text = RichText::new(format!("{on} ({days} d)"));
                                ui.label(if days > 28 { text.color(WARN) } else { text });
                            }
                            _ => {
                                ui.label(RichText::new("never").color(WARN));
                            }
                        }
                        ui.end_row();
                    }
                });
        });
}

/// How wide a criterion's heading in the matrix may run before it wraps, in letters.
const HEADER_CHARS: usize = 12;
/// How much of a name the matrix shows (all of it on hover), in letters.
const NAME_CHARS: usize = 32;

/// `text` over lines of about `width` letters, broken between words.
fn header_lines(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines.join("\n")
}

// ---- a person's page ----

fn person_ui(ui: &mut Ui, state: &mut CoachingState, actions: &mut Vec<CoachingAction>) {
    let Some(page) = &state.person else {
        ui.label("Choose a person on the Follow-up list or in the team matrix.");
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.heading(RichText::new(page.person.name.as_str()).size(24.0).strong());
        let observe = ui.add_enabled(
            !page.rubrics.is_empty(),
            egui::Button::new(RichText::new("Log a field observation\u{2026}").size(17.0)),
        );
        if observe.clicked() {
            actions.push(CoachingAction::Observe);
        }
    });
    super::fonts::unshown_names_ui(ui, std::iter::once(page.person.name.as_str()));
    let mut facts = Vec::new();
    if let Some(team) = &page.person.team {
        facts.push(team.clone());
    }
    facts.push(format!(
        "came to {} of {} workshops",
        page.attended, page.sessions
    ));
    facts.push(match page.quiz.percent() {
        Some(p) => format!(
            "quiz accuracy {p:.0}% ({} of {})",
            page.quiz.right, page.quiz.total
        ),
        None => "no quiz answers".to_owned(),
    });
    facts.push(match page.last_observed_on {
        Some(on) => format!("last observed {on}"),
        None => "never observed in the field".to_owned(),
    });
    ui.label(RichText::new(facts.join(" \u{00B7} ")).size(16.0));
    if page.rubrics.is_empty() {
        ui.label(
            RichText::new("A field observation needs a RolePlay rubric from a deck this person attended a live session of.")
                .color(DIM),
        );
    }
    ui.add_space(8.0);

    ui.label(RichText::new("Skill over time").size(19.0).strong());
    ui.horizontal(|ui| {
        ui.label(RichText::new("\u{25CF} workshop role-play").color(WORKSHOP));
        ui.label(RichText::new("\u{25C6} field observation").color(FIELD));
    });
    if page.skills.is_empty() {
        ui.label("No scores yet: role-play score sheets and field observations show here.");
    }
    for skill in &page.skills {
        skill_ui(ui, skill);
    }

    if !page.pairs.is_empty() {
        ui.add_space(8.0);
        ui.label(RichText::new("Before \u{2192} after").size(19.0).strong());
        for pair in &page.pairs {
            let value = |v: Option<i64>| v.map_or_else(|| "\u{2013}".to_owned(), |v| v.to_string());
            let change = match pair.change() {
                Some(c) if c > 0 => RichText::new(format!("+{c}")).color(GOOD),
                Some(c) if c < 0 => RichText::new(c.to_string()).color(BAD),
                Some(_) => RichText::new("\u{00B1}0"),
                None => RichText::new(""),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} \u{00B7} {}: {} \u{2192} {} (of {} to {})",
                    pair.on,
                    pair.prompt,
                    value(pair.before),
                    value(pair.after),
                    pair.min,
                    pair.max
                ));
                ui.label(change);
            });
        }
    }

    ui.add_space(8.0);
    ui.label(RichText::new("Commitments").size(19.0).strong());
    if page.commitments.is_empty() {
        ui.label("None made.");
    }
    let lines = page.commitments.clone();
    for line in &lines {
        let note = state.notes.entry(line.key.clone()).or_default();
        commitment_ui(ui, line, note, false, actions);
    }

    if let Some(page) = &state.person
        && !page.observations.is_empty()
    {
        ui.add_space(8.0);
        ui.label(RichText::new("Field observations").size(19.0).strong());
        for observation in &page.observations {
            let scored: Vec<String> = observation
                .rubric
                .criteria
                .iter()
                .zip(&observation.scores)
                .filter_map(|(c, s)| Some(format!("{} {}", c.name, s.score?)))
                .collect();
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "{} \u{00B7} {} \u{00B7} {} \u{00B7} {}",
                    observation.observed_on,
                    observation.context,
                    observation.rubric.title,
                    scored.join(", ")
                ));
                let id = observation.observation_id;
                if state.withdrawing == Some(id) {
                    ui.label(RichText::new("Take it back?").color(WARN));
                    if ui.button("Yes, withdraw").clicked() {
                        actions.push(CoachingAction::Withdraw(id));
                    }
                    if ui.button("Keep").clicked() {
                        actions.push(CoachingAction::AskWithdraw(None));
                    }
                } else if ui.button("Withdraw\u{2026}").clicked() {
                    actions.push(CoachingAction::AskWithdraw(Some(id)));
                }
            });
        }
    }
}

/// One criterion: its chart, and its latest score with trend.
fn skill_ui(ui: &mut Ui, skill: &CriterionSkill) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            let chart_width = (ui.available_width() * 0.45).clamp(180.0, 520.0);
            chart_ui(ui, skill, vec2(chart_width, 90.0));
            ui.vertical(|ui| {
                ui.label(RichText::new(&skill.criterion).size(17.0).strong());
                if let Some(latest) = skill.latest() {
                    let trend = match skill.trend {
                        Trend::Up => RichText::new("\u{2191} up").color(GOOD),
                        Trend::Down => RichText::new("\u{2193} down").color(BAD),
                        Trend::Level => RichText::new("\u{2192} level"),
                        Trend::First => RichText::new("first score").color(DIM),
                    };
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(format!("latest {} of {}", latest.score, latest.scale))
                                .size(16.0),
                        );
                        ui.label(trend);
                    });
                    ui.label(
                        RichText::new(format!(
                            "{} \u{00B7} {}",
                            latest.on,
                            if latest.source.is_field() {
                                "field"
                            } else {
                                "workshop"
                            }
                        ))
                        .color(DIM),
                    );
                }
                ui.label(
                    RichText::new(format!(
                        "{} workshop, {} field",
                        skill.workshop().count(),
                        skill.field().count()
                    ))
                    .color(DIM),
                );
            });
        });
    });
}

/// A small line chart of a criterion's scores in date order, drawn with the painter: dots for
/// workshop scores, diamonds for field observations, the line through all of them.
fn chart_ui(ui: &mut Ui, skill: &CriterionSkill, size: egui::Vec2) {
    let (rect, _) = ui.allocate_exact_size(size, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let frame = Color32::from_gray(90);
    painter.rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(1.0, frame),
        egui::StrokeKind::Inside,
    );
    let inner = rect.shrink(8.0);
    let count = skill.points.len();
    if count == 0 {
        return;
    }
    // Share 0 at the bottom, 1 at the top; points evenly spaced in date order.
    let step = if count > 1 {
        inner.width() / (count - 1) as f32
    } else {
        0.0
    };
    let positions: Vec<egui::Pos2> = skill
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = if count > 1 {
                inner.left() + step * i as f32
            } else {
                inner.center().x
            };
            #[allow(clippy::cast_possible_truncation)] // a share between 0 and 1
            let y = inner.bottom() - inner.height() * p.share() as f32;
            egui::pos2(x, y)
        })
        .collect();
    painter.add(egui::Shape::line(
        positions.clone(),
        egui::Stroke::new(1.5, Color32::from_gray(170)),
    ));
    for (point, at) in skill.points.iter().zip(positions) {
        if point.source.is_field() {
            let r = 4.5;
            painter.add(egui::Shape::convex_polygon(
                vec![
                    egui::pos2(at.x, at.y - r),
                    egui::pos2(at.x + r, at.y),
                    egui::pos2(at.x, at.y + r),
                    egui::pos2(at.x - r, at.y),
                ],
                FIELD,
                egui::Stroke::NONE,
            ));
        } else {
            painter.circle_filled(at, 3.5, WORKSHOP);
        }
    }
}

// ---- the observation form ----

fn observe_ui(ui: &mut Ui, form: &mut ObservationForm, actions: &mut Vec<CoachingAction>) {
    ui.heading(
        RichText::new(format!("Field observation of {}", form.person.as_str()))
            .size(24.0)
            .strong(),
    );
    ui.label(
        RichText::new("Score a real call or meeting on the rubric of a role-play this person practised. A criterion the call gave no chance to see stays without a score.")
            .color(DIM),
    );
    ui.add_space(6.0);
    egui::Grid::new("observation-head")
        .spacing(vec2(12.0, 8.0))
        .show(ui, |ui| {
            let label = ui.label("Day of the call");
            ui.add(
                egui::TextEdit::singleline(&mut form.day)
                    .desired_width(140.0)
                    .hint_text("YYYY-MM-DD"),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Customer or deal");
            ui.add(
                egui::TextEdit::singleline(&mut form.context)
                    .desired_width(420.0)
                    .hint_text("e.g. Northfield Foods, renewal call"),
            )
            .labelled_by(label.id);
            ui.end_row();
            ui.label("Rubric");
            let mut chosen = form.rubric;
            let label = |r: &Rubric| format!("{} \u{2014} {}", r.title, r.deck_title);
            egui::ComboBox::from_id_salt("observation-rubric")
                .width(420.0)
                .selected_text(form.chosen().map(label).unwrap_or_default())
                .show_ui(ui, |ui| {
                    for (at, rubric) in form.rubrics.iter().enumerate() {
                        ui.selectable_value(&mut chosen, at, label(rubric));
                    }
                });
            if chosen != form.rubric {
                form.choose(chosen);
            }
            ui.end_row();
        });
    ui.add_space(8.0);
    let Some(rubric) = form.rubrics.get(form.rubric).cloned() else {
        ui.label("No rubric to score on.");
        return;
    };
    for (at, criterion) in rubric.criteria.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(&criterion.name).size(17.0).strong());
            if !criterion.describe.is_empty() {
                ui.label(RichText::new(&criterion.describe).color(DIM));
            }
            ui.horizontal_wrapped(|ui| {
                if let Some(score) = form.scores.get_mut(at) {
                    ui.selectable_value(score, None, "not seen");
                    for value in 1..=rubric.scale {
                        ui.selectable_value(
                            score,
                            Some(value),
                            RichText::new(value.to_string()).size(17.0),
                        );
                    }
                }
                if let Some(comment) = form.comments.get_mut(at) {
                    ui.add(
                        egui::TextEdit::singleline(comment)
                            .hint_text("comment")
                            .desired_width(320.0),
                    );
                }
            });
        });
    }
    ui.add_space(8.0);
    if let Some(problem) = &form.problem {
        ui.label(RichText::new(problem).color(BAD));
    }
    ui.horizontal(|ui| {
        if ui
            .button(RichText::new("Save observation").size(18.0).strong())
            .clicked()
        {
            actions.push(CoachingAction::SaveObservation);
        }
        if ui.button(RichText::new("Cancel").size(18.0)).clicked() {
            actions.push(CoachingAction::Show(CoachingView::Person));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::header_lines;

    #[test]
    fn a_heading_breaks_between_words() {
        assert_eq!(
            header_lines("Need confirmed first", 12),
            "Need\nconfirmed\nfirst"
        );
        assert_eq!(header_lines("Open questions", 14), "Open questions");
        assert_eq!(
            header_lines("Implication questions", 12),
            "Implication\nquestions"
        );
        assert_eq!(header_lines("", 12), "");
    }
}
