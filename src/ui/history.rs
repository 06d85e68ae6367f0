//! Session history: every recorded session, one session's attendance, answers, score sheets,
//! timing and notes, a rehearsal's report with its trend, one person across sessions, and
//! exports. Views read the state and return what was asked.

use super::status::{BAD, DIM, GOOD, WARN};
use egui::{Color32, RichText, Ui};

use crate::report::coaching::{CommitmentLine, PairedRating};
use crate::report::{
    ItemResults, PersonHistory, SectionTiming, SessionOverview, TimingReport, TrendPoint,
};
use crate::show::format_minutes;
use crate::store::CommitmentStatus;
use crate::store::types::{Mode, Person, PersonId, Presence, SessionId, SessionInfo};

const BAR: Color32 = Color32::from_rgb(0x6C, 0xB4, 0xFF);
const PLAN: Color32 = Color32::from_gray(110);

/// What the history screen shows and what is being typed in it.
#[derive(Debug, Default)]
pub struct HistoryState {
    pub sessions: Vec<SessionInfo>,
    pub people: Vec<Person>,
    pub show_rehearsals: bool,
    pub selected: Option<Selected>,
    pub export_dir: String,
    pub overwrite: bool,
    /// The last export's outcome: the files written, or why not.
    pub export_message: Option<ExportMessage>,
    pub browsing: bool,
    /// Why the history could not be read.
    pub problem: Option<String>,
    /// The reason being typed for marking the open session void.
    pub void_reason: String,
    /// What the right side showed last frame: another session or person opens at its top.
    pub shown: Option<Shown>,
}

/// Which page the right side shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Session(SessionId),
    Person(PersonId),
}

/// How the last export went, as the history screen says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportMessage {
    /// The files written.
    Written(String),
    /// Why nothing (or not everything) was written, with what to do.
    Problem(String),
}

/// The session or person on the right.
#[derive(Debug, Clone)]
pub enum Selected {
    Session {
        overview: Box<SessionOverview>,
        /// Earlier rehearsals of the same deck, oldest first (rehearsals only).
        trend: Vec<TrendPoint>,
    },
    Person(Box<PersonHistory>),
}

impl Selected {
    /// Which page this is.
    pub fn shown(&self) -> Shown {
        match self {
            Selected::Session { overview, .. } => Shown::Session(overview.info.session_id),
            Selected::Person(history) => Shown::Person(history.person.person_id),
        }
    }
}

/// What the person asked for on the history screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryAction {
    Back,
    OpenSession(SessionId),
    OpenPerson(PersonId),
    /// The person's coaching page: skill over time, commitments, observations.
    Coach(PersonId),
    Export(SessionId),
    ChooseFolder,
    /// Marks a session void with the reason given (a false start, a test run).
    Void {
        session: SessionId,
        reason: String,
    },
    /// Makes a void session count again.
    Unvoid(SessionId),
}

/// Draws the history screen.
pub fn history_ui(ui: &mut Ui, state: &mut HistoryState) -> Vec<HistoryAction> {
    let mut actions = Vec::new();
    egui::Panel::left("history-list")
        .resizable(true)
        .default_size(360.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.button(RichText::new("\u{25C0} Back").size(16.0)).clicked() {
                    actions.push(HistoryAction::Back);
                }
                ui.heading("History");
            });
            ui.checkbox(&mut state.show_rehearsals, "Show rehearsals");
            if let Some(problem) = &state.problem {
                ui.label(RichText::new(problem).color(BAD));
            }
            egui::ScrollArea::vertical().id_salt("history-sessions").show(ui, |ui| {
                ui.label(RichText::new("Sessions").strong().size(16.0));
                let shown: Vec<&SessionInfo> = state
                    .sessions
                    .iter()
                    .filter(|s| state.show_rehearsals || s.mode == Mode::Live)
                    .collect();
                if shown.is_empty() {
                    ui.label("No sessions recorded yet.");
                }
                for session in shown {
                    let selected = matches!(&state.selected, Some(Selected::Session { overview, .. }) if overview.info.session_id == session.session_id);
                    let mode = match session.mode {
                        Mode::Live => "live",
                        Mode::Rehearsal => "rehearsal",
                    };
                    let unfinished = if session.ended_at.is_none() { " \u{00B7} unfinished" } else { "" };
                    let void = if session.void.is_some() { " \u{00B7} VOID" } else { "" };
                    // A rehearsal has no room: its length says more than "0 present".
                    let what = match (session.mode, &session.ended_at) {
                        (Mode::Live, _) => {
                            let mut counts = format!(
                                "{} present \u{00B7} {} answers",
                                session.people_present, session.answers
                            );
                            if session.sheets > 0 {
                                counts.push_str(&format!(
                                    " \u{00B7} {} score sheet{}",
                                    session.sheets,
                                    if session.sheets == 1 { "" } else { "s" }
                                ));
                            }
                            counts
                        }
                        (Mode::Rehearsal, Some(ended)) => {
                            let secs = ended.timestamp().as_second()
                                - session.started_at.timestamp().as_second();
                            format!("{} min", (secs.max(0) + 30) / 60)
                        }
                        (Mode::Rehearsal, None) => "not finished".to_owned(),
                    };
                    let unfinished = if session.mode == Mode::Live { unfinished } else { "" };
                    let text = format!(
                        "{} {}\n{} \u{00B7} {mode} \u{00B7} {what}{unfinished}{void}",
                        session.session_id,
                        session.deck_title,
                        crate::time::date_and_clock(&session.started_at),
                    );
                    if ui.selectable_label(selected, text).clicked() {
                        actions.push(HistoryAction::OpenSession(session.session_id));
                    }
                }
                ui.add_space(12.0);
                ui.label(RichText::new("People").strong().size(16.0));
                if state.people.is_empty() {
                    ui.label("No one recorded yet.");
                }
                super::fonts::unshown_names_ui(ui, state.people.iter().map(|p| p.name.as_str()));
                for person in &state.people {
                    let selected = matches!(&state.selected, Some(Selected::Person(h)) if h.person.person_id == person.person_id);
                    let mut text = person.name.clone();
                    if let Some(team) = &person.team {
                        text.push_str(&format!(" \u{00B7} {team}"));
                    }
                    if ui.selectable_label(selected, text).clicked() {
                        actions.push(HistoryAction::OpenPerson(person.person_id));
                    }
                }
            });
        });
    egui::CentralPanel::default_margins().show(ui, |ui| {
        // Another session or person opens at its top, with its header (export, void) in view.
        let shown = state.selected.as_ref().map(Selected::shown);
        let mut detail = egui::ScrollArea::vertical().id_salt("history-detail");
        if shown != state.shown {
            state.shown = shown;
            detail = detail.vertical_scroll_offset(0.0);
        }
        detail.show(ui, |ui| {
            // Taken out while drawn, so the export fields can be edited beside it.
            let selected = state.selected.take();
            match &selected {
                None => {
                    ui.label(RichText::new("Choose a session or a person on the left.").size(17.0));
                }
                Some(Selected::Session { overview, trend }) => {
                    export_ui(
                        ui,
                        state_export(state),
                        overview.info.session_id,
                        &mut actions,
                    );
                    void_ui(ui, &overview.info, &mut state.void_reason, &mut actions);
                    session_ui(ui, overview, trend);
                }
                Some(Selected::Person(history)) => {
                    if ui
                        .button(
                            RichText::new(
                                "Coaching page: skill over time, commitments, field observations",
                            )
                            .size(16.0),
                        )
                        .clicked()
                    {
                        actions.push(HistoryAction::Coach(history.person.person_id));
                    }
                    person_ui(ui, history);
                }
            }
            state.selected = selected;
        });
    });
    actions
}

/// The export controls' part of the state, borrowed apart from the selection.
struct ExportFields<'a> {
    dir: &'a mut String,
    overwrite: &'a mut bool,
    message: &'a Option<ExportMessage>,
    browsing: bool,
}

fn state_export(state: &mut HistoryState) -> ExportFields<'_> {
    ExportFields {
        dir: &mut state.export_dir,
        overwrite: &mut state.overwrite,
        message: &state.export_message,
        browsing: state.browsing,
    }
}

fn export_ui(
    ui: &mut Ui,
    fields: ExportFields<'_>,
    session: SessionId,
    actions: &mut Vec<HistoryAction>,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Export to folder").size(16.0));
            ui.add(egui::TextEdit::singleline(fields.dir).desired_width(320.0).hint_text("folder for the files"));
            if ui.add_enabled(!fields.browsing, egui::Button::new("Choose\u{2026}")).clicked() {
                actions.push(HistoryAction::ChooseFolder);
            }
            ui.checkbox(fields.overwrite, "Replace existing files");
            if ui.button(RichText::new("Export CSV and JSON").strong()).clicked() {
                actions.push(HistoryAction::Export(session));
            }
        });
        ui.label(
            RichText::new("attendance.csv, responses.csv, roleplay.csv, timing.csv and one JSON file of the whole session; they open in Excel and LibreOffice.")
                .color(DIM),
        );
        match fields.message {
            Some(ExportMessage::Written(files)) => {
                ui.label(RichText::new(files).color(GOOD));
            }
            Some(ExportMessage::Problem(why)) => {
                ui.label(RichText::new(why).color(BAD));
            }
            None => {}
        }
    });
    ui.add_space(8.0);
}

/// Marking the session void (a false start, a test run), with a reason, or valid again.
/// Nothing of the session is removed: a void session stays listed, labelled, and counts in
/// no attendance, score, trend or `--latest`.
fn void_ui(ui: &mut Ui, info: &SessionInfo, reason: &mut String, actions: &mut Vec<HistoryAction>) {
    ui.horizontal_wrapped(|ui| match &info.void {
        Some(why) => {
            ui.label(
                RichText::new(format!("Void: {why}"))
                    .color(WARN)
                    .strong()
                    .size(16.0),
            );
            ui.label(
                RichText::new("Left out of attendance, scores, trends and --latest.").color(DIM),
            );
            if ui.button("Count it again").clicked() {
                actions.push(HistoryAction::Unvoid(info.session_id));
            }
        }
        None => {
            ui.add(
                egui::TextEdit::singleline(reason)
                    .hint_text("reason, e.g. false start before check-in")
                    .desired_width(300.0),
            );
            let ready = !reason.trim().is_empty();
            if ui
                .add_enabled(ready, egui::Button::new("Mark as void"))
                .on_hover_text("A false start or a test: kept, but counted nowhere")
                .on_disabled_hover_text("Type the reason first")
                .clicked()
            {
                actions.push(HistoryAction::Void {
                    session: info.session_id,
                    reason: reason.trim().to_owned(),
                });
                reason.clear();
            }
        }
    });
    ui.add_space(8.0);
}

/// A session's title: a live session by its number (as `podium export --session` takes it), a
/// rehearsal by its place among this deck's rehearsals (`trend`, oldest first), so the first
/// rehearsal is "Rehearsal 1" whatever sessions came before it.
fn session_title(info: &SessionInfo, trend: &[TrendPoint]) -> String {
    match info.mode {
        Mode::Live => format!("Live session {}", info.session_id),
        Mode::Rehearsal => trend
            .iter()
            .position(|point| point.session_id == info.session_id)
            .map_or_else(
                // A void rehearsal is in no trend.
                || "Rehearsal".to_owned(),
                |at| format!("Rehearsal {} of this deck", at + 1),
            ),
    }
}

fn session_ui(ui: &mut Ui, overview: &SessionOverview, trend: &[TrendPoint]) {
    let info = &overview.info;
    ui.heading(RichText::new(&info.deck_title).size(24.0).strong());
    let mut line = format!(
        "{} \u{00B7} {} \u{00B7} led by {}",
        session_title(info, trend),
        crate::time::date_and_clock(&info.started_at),
        info.facilitator
    );
    if let Some(location) = &info.location {
        line.push_str(&format!(" \u{00B7} {location}"));
    }
    if info.ended_at.is_none() {
        line.push_str(" \u{00B7} never finished");
    }
    if info.void.is_some() {
        line.push_str(" \u{00B7} VOID");
    }
    ui.label(RichText::new(line).size(16.0));
    if let Some(problem) = &overview.deck_problem {
        ui.label(
            RichText::new(format!(
                "The deck file could not be read ({problem}); items show their ids."
            ))
            .color(WARN),
        );
    }
    ui.add_space(8.0);

    if info.mode == Mode::Rehearsal {
        timing_ui(ui, &overview.timing, true);
        trend_ui(ui, trend);
    }
    if info.mode == Mode::Live {
        attendance_ui(ui, overview);
        items_ui(ui, overview);
    }
    if !overview.notes.is_empty() {
        egui::CollapsingHeader::new(RichText::new("Your notes").size(18.0).strong())
            .default_open(true)
            .show(ui, |ui| {
                for note in &overview.notes {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&note.title).strong());
                        if let Some(section) = &note.section {
                            ui.label(RichText::new(section).color(DIM));
                        }
                    });
                    ui.label(&note.text);
                }
            });
    }
    if info.mode == Mode::Live {
        timing_ui(ui, &overview.timing, false);
    }
}

fn attendance_ui(ui: &mut Ui, overview: &SessionOverview) {
    let came = overview
        .attendance
        .iter()
        .filter(|a| a.presence.came())
        .count();
    egui::CollapsingHeader::new(
        RichText::new(format!(
            "Attendance: {came} of {}",
            overview.attendance.len()
        ))
        .size(18.0)
        .strong(),
    )
    .default_open(true)
    .show(ui, |ui| {
        egui::Grid::new("attendance")
            .striped(true)
            .num_columns(5)
            .max_col_width(column_width(ui, 3))
            .show(ui, |ui| {
                for header in ["Name", "Team", "Status", "In", "Left"] {
                    ui.label(RichText::new(header).strong());
                }
                ui.end_row();
                for line in &overview.attendance {
                    ui.label(&line.name);
                    ui.label(line.team.as_deref().unwrap_or(""));
                    let (text, color) = match line.presence {
                        Presence::Present => ("present", GOOD),
                        Presence::Late => ("late", WARN),
                        Presence::LeftEarly => ("left early", WARN),
                        Presence::Absent => ("absent", BAD),
                    };
                    ui.label(RichText::new(text).color(color));
                    ui.label(
                        line.checked_in_at
                            .as_ref()
                            .map(crate::time::clock)
                            .unwrap_or_default(),
                    );
                    ui.label(
                        line.left_at
                            .as_ref()
                            .map(crate::time::clock)
                            .unwrap_or_default(),
                    );
                    ui.end_row();
                }
            });
    });
}

fn items_ui(ui: &mut Ui, overview: &SessionOverview) {
    egui::CollapsingHeader::new(RichText::new("Answers").size(18.0).strong())
        .default_open(true)
        .show(ui, |ui| {
            for item in &overview.items {
                ui.add_space(6.0);
                // The deck's emphasis markers are for slides: plain text here.
                let question = crate::presentation::view::plain_text(
                    item.question.as_deref().unwrap_or(&item.item_id),
                );
                ui.label(
                    RichText::new(format!("{} \u{00B7} {question}", item.kind))
                        .size(16.0)
                        .strong(),
                );
                match &item.results {
                    ItemResults::Choices {
                        options,
                        named,
                        marks,
                        right,
                    } => {
                        let max = options.iter().map(|o| o.count).max().unwrap_or(0).max(1);
                        let counts: Vec<usize> = options.iter().map(|o| o.count).collect();
                        let shares = crate::report::shares(&counts, named + marks);
                        for (option, share) in options.iter().zip(shares) {
                            let color = match option.correct {
                                Some(true) => GOOD,
                                _ => BAR,
                            };
                            bar_row(
                                ui,
                                &option.text,
                                option.count as f64,
                                max as f64,
                                color,
                                &format!("{} ({share}%)", option.count),
                            );
                        }
                        let mut summary = format!("{} answers", named + marks);
                        if let Some(right) = right {
                            summary.push_str(&format!(", {right} right"));
                        }
                        ui.label(RichText::new(summary).color(DIM));
                    }
                    ItemResults::Ratings {
                        counts,
                        mean,
                        answers,
                        ..
                    } => {
                        let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
                        for count in counts {
                            bar_row(
                                ui,
                                &count.value.to_string(),
                                count.count as f64,
                                max as f64,
                                BAR,
                                &count.count.to_string(),
                            );
                        }
                        ui.label(RichText::new(rating_summary(*answers, *mean)).color(DIM));
                    }
                    ItemResults::Texts(texts) => {
                        if texts.is_empty() {
                            ui.label(RichText::new("No answers").color(DIM));
                        }
                        for text in texts {
                            ui.label(format!(
                                "{}: {}",
                                text.name.as_deref().unwrap_or("(no name)"),
                                text.text
                            ));
                        }
                    }
                    ItemResults::RolePlay { groups, sheets } => {
                        for (i, group) in groups.iter().enumerate() {
                            let names: Vec<&str> = group.iter().map(|p| p.name.as_str()).collect();
                            ui.label(format!("Group {}: {}", i + 1, names.join(", ")));
                        }
                        if sheets.is_empty() {
                            ui.label(RichText::new("No score sheets").color(DIM));
                        }
                        // One wrapped line per sheet: it reads at any width, where a table's
                        // columns of scores and comments would be squeezed or cut.
                        for sheet in sheets {
                            let scores: Vec<String> = sheet
                                .scores
                                .iter()
                                .map(|(c, s)| format!("{c} {s}/{}", sheet.scale))
                                .collect();
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(&sheet.seller).strong());
                                ui.label(format!("round {}: {}", sheet.round, scores.join(", ")));
                                if let Some(observer) = &sheet.observer {
                                    ui.label(
                                        RichText::new(format!("scored by {observer}")).color(DIM),
                                    );
                                }
                                if !sheet.comment.is_empty() {
                                    ui.label(format!("\u{201C}{}\u{201D}", sheet.comment));
                                }
                            });
                        }
                    }
                }
            }
        });
}

/// Planned against actual per section, as a table and paired bars; the longest slides.
fn timing_ui(ui: &mut Ui, timing: &TimingReport, open: bool) {
    let planned = timing.planned_seconds as f64;
    let actual = timing.actual_seconds;
    let over = actual - planned;
    let headline = format!(
        "Timing: {} taken of {} planned ({})",
        crate::show::format_clock(actual as i64),
        format_minutes(planned as i64),
        if over >= 0.0 {
            format!("{} over", format_minutes(over as i64))
        } else {
            format!("{} under", format_minutes(-over as i64))
        }
    );
    egui::CollapsingHeader::new(RichText::new(headline).size(18.0).strong())
        .default_open(open)
        .show(ui, |ui| {
            let max = timing
                .sections
                .iter()
                .map(|s| (s.planned_seconds as f64).max(s.actual_seconds))
                .fold(1.0, f64::max);
            ui.label(
                RichText::new("Grey: planned \u{00B7} blue: actual, red when over").color(DIM),
            );
            for section in &timing.sections {
                section_bars(ui, section, max);
            }
            if !timing.longest.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Slides that took longest").strong());
                egui::Grid::new("longest")
                    .striped(true)
                    .max_col_width(column_width(ui, 3))
                    .show(ui, |ui| {
                        for slide in &timing.longest {
                            // A long question keeps the grid inside the window: cut, in full
                            // on hover.
                            if slide.title.chars().count() > 60 {
                                let cut: String = slide.title.chars().take(59).collect();
                                ui.label(format!("{cut}\u{2026}"))
                                    .on_hover_text(&slide.title);
                            } else {
                                ui.label(&slide.title);
                            }
                            ui.label(RichText::new(&slide.section).color(DIM));
                            let plan = slide
                                .planned_seconds
                                .map(|p| format!(" (plan {})", format_minutes(p as i64)))
                                .unwrap_or_default();
                            ui.label(format!(
                                "{}{plan}",
                                crate::show::format_clock(slide.actual_seconds as i64)
                            ));
                            ui.end_row();
                        }
                    });
            }
        });
}

fn section_bars(ui: &mut Ui, section: &SectionTiming, max: f64) {
    let planned = section.planned_seconds as f64;
    let actual = section.actual_seconds;
    let color = if actual > planned * 1.1 + 60.0 {
        BAD
    } else {
        BAR
    };
    let label = format!(
        "{}  {} / {}",
        section.title,
        crate::show::format_clock(actual as i64),
        format_minutes(planned as i64)
    );
    ui.label(label);
    let width = ui.available_width().min(600.0);
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 16.0), egui::Sense::hover());
    let planned_rect =
        egui::Rect::from_min_size(rect.min, egui::vec2(width * (planned / max) as f32, 7.0));
    let actual_rect = egui::Rect::from_min_size(
        rect.min + egui::vec2(0.0, 8.0),
        egui::vec2((width * (actual / max) as f32).max(1.0), 7.0),
    );
    ui.painter().rect_filled(planned_rect, 2, PLAN);
    ui.painter().rect_filled(actual_rect, 2, color);
}

/// A role-play mean on the person page, with how many score sheets it is the mean of.
fn sheet_mean(mean: f64, sheets: usize) -> String {
    let plural = if sheets == 1 { "" } else { "s" };
    format!(
        "{} ({sheets} sheet{plural})",
        crate::report::decimal(mean, 1)
    )
}

/// What a rating's results say under its bars: how many answered and the average, or that
/// no one did.
fn rating_summary(answers: usize, mean: Option<f64>) -> String {
    match (answers, mean) {
        (0, _) | (_, None) => "No answers".to_owned(),
        (1, Some(mean)) => format!("1 answer, average {}", crate::report::decimal(mean, 1)),
        (n, Some(mean)) => format!("{n} answers, average {}", crate::report::decimal(mean, 1)),
    }
}

/// The total time of each rehearsal of this deck, oldest first, against the plan.
fn trend_ui(ui: &mut Ui, trend: &[TrendPoint]) {
    if trend.len() < 2 {
        ui.label(RichText::new("Rehearse again to see the trend across rehearsals.").color(DIM));
        return;
    }
    egui::CollapsingHeader::new(
        RichText::new(format!("Trend over {} rehearsals", trend.len()))
            .size(18.0)
            .strong(),
    )
    .default_open(true)
    .show(ui, |ui| {
        let max = trend
            .iter()
            .map(|t| t.actual_seconds.max(t.planned_seconds as f64))
            .fold(1.0, f64::max);
        for point in trend {
            let text = format!(
                "{}: {} of {}",
                crate::time::date_and_clock(&point.started_at),
                format_minutes(point.actual_seconds as i64),
                format_minutes(point.planned_seconds as i64)
            );
            let color = if point.actual_seconds > point.planned_seconds as f64 {
                BAD
            } else {
                GOOD
            };
            bar_row(ui, &text, point.actual_seconds, max, color, "");
        }
    });
}

fn person_ui(ui: &mut Ui, history: &PersonHistory) {
    let person = &history.person;
    ui.heading(RichText::new(&person.name).size(24.0).strong());
    let mut line = Vec::new();
    if let Some(email) = &person.email {
        line.push(email.clone());
    }
    if let Some(team) = &person.team {
        line.push(team.clone());
    }
    ui.label(line.join(" \u{00B7} "));
    let totals = &history.totals;
    let accuracy = totals.quiz_accuracy_percent.map_or_else(
        || "no quiz answers".to_owned(),
        |p| {
            format!(
                "{p:.0}% quiz accuracy ({} of {})",
                totals.quiz_right, totals.quiz_total
            )
        },
    );
    ui.label(
        RichText::new(format!(
            "Came to {} of {} sessions \u{00B7} {accuracy}",
            totals.attended, totals.sessions
        ))
        .size(16.0),
    );
    if !totals.criteria.is_empty() {
        ui.add_space(6.0);
        ui.label(RichText::new("Role-play scores as the seller (mean)").strong());
        for criterion in &totals.criteria {
            let scale = f64::from(criterion.scale.unwrap_or(5));
            bar_row(
                ui,
                &criterion.criterion,
                criterion.mean,
                scale,
                BAR,
                &sheet_mean(criterion.mean, criterion.count),
            );
        }
    }
    ui.add_space(8.0);
    for session in &history.sessions {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let presence = match session.presence {
                Presence::Present => RichText::new("present").color(GOOD),
                Presence::Late => RichText::new("late").color(WARN),
                Presence::LeftEarly => RichText::new("left early").color(WARN),
                Presence::Absent => RichText::new("absent").color(BAD),
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("{} \u{00B7} {}", session.date, session.deck_title))
                        .strong(),
                );
                ui.label(presence);
            });
            if session.quiz_total > 0 {
                ui.label(format!(
                    "Quiz: {} of {} right",
                    session.quiz_right, session.quiz_total
                ));
            }
            for rating in &session.ratings {
                let prompt = crate::presentation::view::plain_text(
                    rating.prompt.as_deref().unwrap_or(&rating.item_id),
                );
                let scale = match (rating.min, rating.max) {
                    (Some(min), Some(max)) => format!(" (from {min} to {max})"),
                    _ => String::new(),
                };
                ui.label(format!("Rated {}{scale}: {prompt}", rating.value));
            }
            for pair in &session.pairs {
                pair_ui(ui, pair);
            }
            for commitment in &session.commitments {
                commitment_ui(ui, commitment);
            }
            for score in &session.scores {
                let title = crate::presentation::view::plain_text(
                    score.title.as_deref().unwrap_or(&score.item_id),
                );
                let by = score
                    .observer
                    .as_deref()
                    .map(|o| format!(", scored by {o}"))
                    .unwrap_or_default();
                let comment = if score.comment.is_empty() {
                    String::new()
                } else {
                    format!(" \u{2014} \u{201C}{}\u{201D}", score.comment)
                };
                ui.label(format!(
                    "{title}, round {}: {} {}/{}{by}{comment}",
                    score.round, score.criterion, score.score, score.scale
                ));
            }
        });
    }
}

/// A rating asked before and after as one line, "before → after", as the coaching page
/// shows it.
fn pair_ui(ui: &mut Ui, pair: &PairedRating) {
    let value = |v: Option<i64>| v.map_or_else(|| "\u{2013}".to_owned(), |v| v.to_string());
    let prompt = crate::presentation::view::plain_text(&pair.prompt);
    let change = match pair.change() {
        Some(c) if c > 0 => RichText::new(format!("+{c}")).color(GOOD),
        Some(c) if c < 0 => RichText::new(c.to_string()).color(BAD),
        Some(_) => RichText::new("\u{00B1}0"),
        None => RichText::new(""),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} \u{2192} {} (from {} to {}): {prompt}",
            value(pair.before),
            value(pair.after),
            pair.min,
            pair.max
        ));
        ui.label(change);
    });
}

/// A commitment written in the session: what, by when, and where it stands.
fn commitment_ui(ui: &mut Ui, line: &CommitmentLine) {
    let status = match line.status {
        CommitmentStatus::Open if line.is_overdue() => {
            RichText::new(format!("open, {} days overdue", line.days_overdue)).color(BAD)
        }
        CommitmentStatus::Open => RichText::new(format!("open, due {}", line.due_on)),
        CommitmentStatus::Done => RichText::new("done").color(GOOD),
        CommitmentStatus::Dropped => RichText::new("dropped").color(DIM),
    };
    let prompt = crate::presentation::view::plain_text(&line.prompt);
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "Commitment: \u{201C}{}\u{201D} ({prompt})",
            line.text
        ));
        ui.label(status);
    });
}

/// The widest a column of a table may be, when `wide` of its columns can hold long text
/// (names, scores, comments) and the others are short: the text wraps there, so the table
/// keeps within the screen at any window width.
fn column_width(ui: &Ui, wide: u8) -> f32 {
    let wide = f32::from(wide.max(1));
    // Room kept for the short columns and the spacing between columns.
    let short = 120.0;
    ((ui.available_width() - short) / wide).max(60.0)
}

/// A label, a bar of `value` out of `max`, and a figure.
fn bar_row(ui: &mut Ui, label: &str, value: f64, max: f64, color: Color32, figure: &str) {
    ui.horizontal(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(260.0, 18.0),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_min_width(260.0);
                ui.add(egui::Label::new(label).truncate());
            },
        );
        let width = 260.0;
        let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 14.0), egui::Sense::hover());
        let share = if max > 0.0 {
            (value / max).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ui.painter().rect_filled(rect, 2, Color32::from_gray(45));
        ui.painter().rect_filled(
            egui::Rect::from_min_size(rect.min, egui::vec2((width * share as f32).max(1.0), 14.0)),
            2,
            color,
        );
        ui.label(figure);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rating_says_how_many_answered_and_the_average_rounded_half_up() {
        assert_eq!(rating_summary(0, None), "No answers");
        assert_eq!(rating_summary(1, Some(4.0)), "1 answer, average 4.0");
        assert_eq!(rating_summary(4, Some(3.25)), "4 answers, average 3.3");
    }

    #[test]
    fn a_role_play_mean_says_it_is_of_score_sheets() {
        assert_eq!(sheet_mean(4.0, 1), "4.0 (1 sheet)");
        assert_eq!(sheet_mean(3.25, 4), "3.3 (4 sheets)");
    }

    #[test]
    fn a_rehearsal_is_titled_by_its_place_among_the_decks_rehearsals() {
        let at = |s: &str| crate::time::parse_rfc3339(s).unwrap();
        let info = |id: i64, mode: Mode| SessionInfo {
            session_id: SessionId::from(id),
            deck_title: "Selling on how".into(),
            deck_path: "deck.ron".into(),
            mode,
            facilitator: "Dana".into(),
            location: None,
            started_at: at("2026-11-26T18:00:00+01:00"),
            ended_at: None,
            people_present: 0,
            answers: 0,
            sheets: 0,
            void: None,
        };
        let point = |id: i64| TrendPoint {
            session_id: SessionId::from(id),
            started_at: at("2026-11-26T18:00:00+01:00"),
            ended_at: None,
            planned_seconds: 0,
            actual_seconds: 0.0,
            sections: Vec::new(),
        };
        // Sessions 1 and 2 were live ones: the first rehearsal is session 3.
        let trend = [point(3), point(5)];
        assert_eq!(
            session_title(&info(3, Mode::Rehearsal), &trend),
            "Rehearsal 1 of this deck"
        );
        assert_eq!(
            session_title(&info(5, Mode::Rehearsal), &trend),
            "Rehearsal 2 of this deck"
        );
        assert_eq!(session_title(&info(4, Mode::Rehearsal), &[]), "Rehearsal");
        assert_eq!(session_title(&info(2, Mode::Live), &[]), "Live session 2");
    }
}
