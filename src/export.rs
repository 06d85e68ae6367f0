//! Exports one recorded session as the files `deck-format.md` names: four CSV files for
//! spreadsheets (`attendance.csv`, `responses.csv`, `roleplay.csv`, `timing.csv`), or the same
//! four tables as the sheets of one workbook (`session-<id>.xlsx`), and one JSON file holding
//! the whole session (`session-<id>.json`); and the follow-up export of everyone (see
//! [`people`]). No UI here.
//!
//! The CSV files open cleanly in Excel and LibreOffice: UTF-8 with a byte order mark (without
//! it Excel reads them as the local code page and garbles names), a header row, RFC 4180
//! quoting, CRLF line ends. A text cell a spreadsheet would run as a formula gets a leading
//! apostrophe (see [`spreadsheet_text`]); numbers, times and ids Podium writes do not. The
//! workbook opens with a double-click in any spreadsheet, whatever its import settings: a sheet
//! per table, a header row that stays in view, numbers as numbers, days and times as dates
//! (the local time where they were recorded); see [`table`].
//!
//! Texts come from the deck as it is now (read from the session's `deck_path`) for the items
//! it still has; when the deck is gone or no longer has an item, the ids stand in, and an
//! option is written `option N`, counting from 1. The JSON file always has the raw values
//! (0-based option indices) as well.
//!
//! Each file is written to a temporary file in the output folder and renamed into place once
//! all of them are complete, so a crash or a full disk never leaves half a file.

pub mod people;
pub mod table;

use std::borrow::Cow;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::deck::SlideKind;
use crate::report::{self, Recorded, RecordedItem, SectionTiming, SlideTiming};
use crate::store::{Answer, Mode, Presence, SessionId, Store, StoreError};
use crate::time;
use table::{Cell, Table, WorkbookError};

/// The attendance file: one row per person on the roster.
pub const ATTENDANCE_FILE: &str = "attendance.csv";
/// The responses file: one row per current response.
pub const RESPONSES_FILE: &str = "responses.csv";
/// The role-play file: one row per criterion of each current score sheet.
pub const ROLEPLAY_FILE: &str = "roleplay.csv";
/// The timing file: one row per section and per slide shown.
pub const TIMING_FILE: &str = "timing.csv";

/// The columns of [`ATTENDANCE_FILE`], as the deck format defines them.
pub const ATTENDANCE_COLUMNS: [&str; 9] = [
    "session_id",
    "deck",
    "started_at",
    "participant",
    "email",
    "team",
    "status",
    "checked_in_at",
    "left_at",
];
/// The columns of [`RESPONSES_FILE`].
pub const RESPONSES_COLUMNS: [&str; 9] = [
    "session_id",
    "deck",
    "item_id",
    "item_kind",
    "question",
    "participant",
    "response",
    "correct",
    "recorded_at",
];
/// The columns of [`ROLEPLAY_FILE`].
pub const ROLEPLAY_COLUMNS: [&str; 10] = [
    "session_id",
    "item_id",
    "round",
    "seller",
    "observer",
    "criterion",
    "score",
    "scale",
    "comment",
    "recorded_at",
];
/// The columns of [`TIMING_FILE`].
pub const TIMING_COLUMNS: [&str; 6] = [
    "session_id",
    "mode",
    "section",
    "slide",
    "planned_minutes",
    "actual_seconds",
];

/// Tells readers of the JSON file which layout it has; raised when a field changes meaning.
pub const JSON_FORMAT_VERSION: u32 = 1;

pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Which files an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The four CSV files.
    Csv,
    /// The one JSON file.
    Json,
    /// Both.
    #[default]
    Both,
    /// The tables as the sheets of one `.xlsx` workbook.
    Xlsx,
}

impl Format {
    fn csv(self) -> bool {
        matches!(self, Format::Csv | Format::Both)
    }

    fn json(self) -> bool {
        matches!(self, Format::Json | Format::Both)
    }
}

/// What a screen says of an export from it: the files written, or why not with what to do.
pub fn said(written: Result<Vec<PathBuf>, ExportError>) -> Result<String, String> {
    match written {
        Ok(files) => Ok(format!(
            "Written: {}",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(ExportError::Exists { names, .. }) => Err(format!(
            "{} already in this folder. Tick \"Replace existing files\" to replace them, or choose another folder.",
            names.join(", ")
        )),
        Err(e) => Err(e.to_string()),
    }
}

/// Why an export did not happen. Each says what is wrong and what to do; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// No session has this id.
    #[error("there is no session {0}; `podium sessions` lists them")]
    UnknownSession(SessionId),

    /// The output folder does not exist.
    #[error(
        "the output folder {} does not exist; create it, or pass another folder with --out",
        .0.display()
    )]
    MissingFolder(PathBuf),

    /// The output path is a file, or runs through one.
    #[error(
        "{} is not a folder: a file with that name, or with the name of a folder in its path, is in the way; pass another folder with --out",
        .0.display()
    )]
    NotAFolder(PathBuf),

    /// The output folder cannot be written: permissions, a read-only or full disk.
    #[error(
        "Podium cannot write the export into {}: {source}; choose a folder you can write to and pass it with --out",
        .dir.display()
    )]
    CannotWrite { dir: PathBuf, source: io::Error },

    /// Files of the export are already in the folder, and replacing them was not asked for.
    #[error("{}", exists_message(.dir, .names))]
    Exists { dir: PathBuf, names: Vec<String> },

    /// The store could not be read.
    #[error("{source}\n{}", .source.advice())]
    Store {
        #[from]
        source: StoreError,
    },

    /// The file to write has no usable name (it ends in `..`, or is not valid text).
    #[error("{} is not a file name Podium can write; pass a name such as team.pdf", .0.display())]
    NotAFile(PathBuf),

    /// The people export was asked for as JSON, which it does not have.
    #[error("the people export is CSV files or one workbook: pass --format csv or --format xlsx")]
    NoJsonForPeople,

    /// A table has more rows than a spreadsheet sheet holds.
    #[error(
        "the {sheet} table has {rows} rows, more than a spreadsheet sheet holds ({}); export it as CSV with --format csv",
        table::MAX_SHEET_ROWS
    )]
    TooLargeForWorkbook { sheet: &'static str, rows: usize },

    /// A file could not be put together (a fault in Podium, not in the data).
    #[error(
        "Podium could not put {file} together: {detail}. This is a fault in Podium: please report it"
    )]
    Encode { file: String, detail: String },
}

fn exists_message(dir: &Path, names: &[String]) -> String {
    let (list, verb, them) = match names {
        [one] => (one.clone(), "exists", "it"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "exist", "them"),
        [] => (String::from("the export"), "exists", "it"),
    };
    format!(
        "{list} already {verb} in {}; pass --overwrite to replace {them}, or choose another folder",
        dir.display()
    )
}

/// The names of the files exporting `session` as `format` writes, in the order written.
pub fn file_names(session: SessionId, format: Format) -> Vec<String> {
    let mut names = Vec::new();
    if format.csv() {
        names.extend(
            [ATTENDANCE_FILE, RESPONSES_FILE, ROLEPLAY_FILE, TIMING_FILE].map(str::to_owned),
        );
    }
    if format.json() {
        names.push(json_file_name(session));
    }
    if format == Format::Xlsx {
        names.push(workbook_file_name(session));
    }
    names
}

/// The workbook's name: `session-<id>.xlsx`.
pub fn workbook_file_name(session: SessionId) -> String {
    format!("session-{session}.xlsx")
}

/// The JSON file's name: `session-<id>.json`.
pub fn json_file_name(session: SessionId) -> String {
    format!("session-{session}.json")
}

/// The newest live session, or the newest session of any mode when `include_rehearsals`;
/// `None` when there is none. A session marked void is never the latest.
pub fn latest_session(
    store: &Store,
    include_rehearsals: bool,
) -> Result<Option<SessionId>, ExportError> {
    Ok(store
        .sessions()?
        .into_iter()
        .filter(|s| s.void.is_none())
        .find(|s| include_rehearsals || s.mode == Mode::Live)
        .map(|s| s.session_id))
}

/// Writes the export of `session` into the existing folder `out_dir` and returns the paths
/// written, in the order of [`file_names`].
///
/// Refuses, before writing anything, when any of the files is already there, unless
/// `overwrite`. Every file is complete or absent: each is written to a temporary file first
/// and renamed into place only when all of them are written.
pub fn export_session(
    store: &Store,
    session: SessionId,
    out_dir: &Path,
    format: Format,
    overwrite: bool,
) -> Result<Vec<PathBuf>, ExportError> {
    if store.session(session)?.is_none() {
        return Err(ExportError::UnknownSession(session));
    }
    check_folder(out_dir)?;
    let names = file_names(session, format);
    if !overwrite {
        let existing: Vec<String> = names
            .iter()
            .filter(|name| fs::symlink_metadata(out_dir.join(name)).is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            return Err(ExportError::Exists {
                dir: out_dir.to_path_buf(),
                names: existing,
            });
        }
    }
    let recorded = Recorded::load(store, session)?.ok_or(ExportError::UnknownSession(session))?;
    let items = recorded.items();
    let timing = report::timing_from(session, &recorded.deck, &recorded.slide_times);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if format.csv() || format == Format::Xlsx {
        let tables = session_tables(&recorded, &items, &timing.sections);
        if format == Format::Xlsx {
            files.push(workbook_file(workbook_file_name(session), &tables)?);
        } else {
            files.extend(csv_files(&tables)?);
        }
    }
    if format.json() {
        let name = json_file_name(session);
        let bytes = session_json(store, &recorded, &items, &timing, &name)?;
        files.push((name, bytes));
    }
    write_files(out_dir, files)
}

/// Writes `bytes` to the file `path` (a PDF, for instance) in its existing folder, through a
/// temporary file renamed into place, and returns the path. Refuses a file already there
/// unless `overwrite`.
pub fn write_one_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<PathBuf, ExportError> {
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    check_folder(&dir)?;
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return Err(ExportError::NotAFile(path.to_path_buf()));
    };
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(ExportError::Exists {
            dir,
            names: vec![name.to_owned()],
        });
    }
    write_files(&dir, vec![(name.to_owned(), bytes.to_vec())])?
        .into_iter()
        .next()
        .ok_or_else(|| encode_error(name, &"nothing was written"))
}

/// A text cell as a spreadsheet should show it: text starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading apostrophe, so Excel and LibreOffice show it as text
/// instead of running it as a formula (a name like `=HYPERLINK(...)` could otherwise open a
/// link or worse). Everything else is unchanged.
pub fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn check_folder(dir: &Path) -> Result<(), ExportError> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(ExportError::NotAFolder(dir.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            Err(ExportError::MissingFolder(dir.to_path_buf()))
        }
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
            Err(ExportError::NotAFolder(dir.to_path_buf()))
        }
        Err(source) => Err(ExportError::CannotWrite {
            dir: dir.to_path_buf(),
            source,
        }),
    }
}

// ---- the tables ----

fn encode_error(file: &str, error: &dyn std::fmt::Display) -> ExportError {
    ExportError::Encode {
        file: file.to_owned(),
        detail: error.to_string(),
    }
}

/// The session's four tables, in the order of [`file_names`].
fn session_tables<'a>(
    recorded: &'a Recorded,
    items: &'a [RecordedItem<'a>],
    sections: &'a [SectionTiming],
) -> Vec<Table<'a>> {
    vec![
        attendance_table(recorded),
        responses_table(recorded, items),
        roleplay_table(recorded, items),
        timing_table(recorded, sections),
    ]
}

fn attendance_table(recorded: &Recorded) -> Table<'_> {
    let mut table = Table::new(ATTENDANCE_FILE, &ATTENDANCE_COLUMNS);
    let session_id = Cell::int(recorded.info.session_id);
    let deck = Cell::text(&recorded.info.deck_title);
    let started_at = Cell::time(&recorded.info.started_at);
    for person in &recorded.roster {
        let row = recorded.attendance.get(&person.person_id);
        let status = row.map_or(Presence::Absent, |r| r.presence).as_str();
        table.push(vec![
            session_id.clone(),
            deck.clone(),
            started_at.clone(),
            Cell::text(&person.name),
            Cell::text(person.email.as_deref().unwrap_or_default()),
            Cell::text(person.team.as_deref().unwrap_or_default()),
            Cell::text(status),
            Cell::time_or_empty(row.and_then(|r| r.checked_in_at.as_ref())),
            Cell::time_or_empty(row.and_then(|r| r.left_at.as_ref())),
        ]);
    }
    table
}

/// The deck's options for an item, if it is a Poll or Quiz the deck still has.
fn deck_options<'a>(item: &RecordedItem<'a>) -> Option<&'a [String]> {
    match item.deck_kind {
        Some(SlideKind::Poll(poll)) => Some(&poll.options),
        Some(SlideKind::Quiz(quiz)) => Some(&quiz.options),
        _ => None,
    }
}

fn responses_table<'a>(recorded: &'a Recorded, items: &'a [RecordedItem<'a>]) -> Table<'a> {
    let mut table = Table::new(RESPONSES_FILE, &RESPONSES_COLUMNS);
    let session_id = Cell::int(recorded.info.session_id);
    let deck = Cell::text(&recorded.info.deck_title);
    for item in items {
        let question = Cell::text(item.deck_kind.map(SlideKind::heading).unwrap_or_default());
        let item_id = Cell::text(item.item_id);
        let options = deck_options(item);
        for row in &item.responses {
            let participant = row
                .person_id
                .map_or(Cow::Borrowed(""), |id| recorded.name(id));
            // A rating is a number the spreadsheet should add up; every other answer is
            // someone's text.
            let response = match row.answer {
                Answer::Number(value) => Cell::Int(value),
                _ => Cell::text(report::answer_text(&row.answer, options)),
            };
            table.push(vec![
                session_id.clone(),
                deck.clone(),
                item_id.clone(),
                Cell::text(row.item_kind.name()),
                question.clone(),
                Cell::Text(participant),
                response,
                row.correct.map_or(Cell::Empty, Cell::Bool),
                Cell::time(&row.recorded_at),
            ]);
        }
    }
    table
}

fn roleplay_table<'a>(recorded: &'a Recorded, items: &'a [RecordedItem<'a>]) -> Table<'a> {
    let mut table = Table::new(ROLEPLAY_FILE, &ROLEPLAY_COLUMNS);
    let session_id = Cell::int(recorded.info.session_id);
    for item in items {
        let item_id = Cell::text(item.item_id);
        for sheet in &item.sheets {
            let seller = Cell::text(recorded.name(sheet.seller_id));
            let observer = Cell::text(
                sheet
                    .observer_id
                    .map(|id| recorded.name(id))
                    .unwrap_or_default(),
            );
            let comment = Cell::text(&sheet.comment);
            // A sheet without criteria still has its comment.
            let scores: Vec<(Cell, Cell)> = if sheet.scores.is_empty() {
                vec![(Cell::text(""), Cell::Empty)]
            } else {
                sheet
                    .scores
                    .iter()
                    .map(|(criterion, score)| (Cell::text(criterion), Cell::int(*score)))
                    .collect()
            };
            for (criterion, score) in scores {
                table.push(vec![
                    session_id.clone(),
                    item_id.clone(),
                    Cell::int(sheet.round),
                    seller.clone(),
                    observer.clone(),
                    criterion,
                    score,
                    Cell::int(sheet.scale),
                    comment.clone(),
                    Cell::time(&sheet.recorded_at),
                ]);
            }
        }
    }
    table
}

fn timing_table<'a>(recorded: &'a Recorded, sections: &'a [SectionTiming]) -> Table<'a> {
    let mut table = Table::new(TIMING_FILE, &TIMING_COLUMNS);
    let session_id = Cell::int(recorded.info.session_id);
    let mode = Cell::text(recorded.info.mode.as_str());
    let minutes = |seconds: u64| i64::try_from(seconds / 60).map_or(Cell::Empty, Cell::Int);
    for section in sections {
        let title = Cell::text(&section.title);
        table.push(vec![
            session_id.clone(),
            mode.clone(),
            title.clone(),
            Cell::text(""),
            minutes(section.planned_seconds),
            Cell::Decimal(section.actual_seconds, 1),
        ]);
        for slide in &section.slides {
            table.push(vec![
                session_id.clone(),
                mode.clone(),
                title.clone(),
                Cell::text(&slide.slide_ref),
                slide.planned_seconds.map_or(Cell::Empty, minutes),
                Cell::Decimal(slide.actual_seconds, 1),
            ]);
        }
    }
    table
}

/// Each table as a CSV file, named by the table.
fn csv_files(tables: &[Table<'_>]) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    tables
        .iter()
        .map(|table| {
            let bytes = table.to_csv().map_err(|e| encode_error(table.file, &e))?;
            Ok((table.file.to_owned(), bytes))
        })
        .collect()
}

/// The tables as one workbook named `name`.
fn workbook_file(name: String, tables: &[Table<'_>]) -> Result<(String, Vec<u8>), ExportError> {
    match table::workbook(tables) {
        Ok(bytes) => Ok((name, bytes)),
        Err(WorkbookError::TooManyRows { sheet, rows }) => {
            Err(ExportError::TooLargeForWorkbook { sheet, rows })
        }
        Err(e) => Err(encode_error(&name, &e)),
    }
}

// ---- JSON ----

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    format_version: u32,
    session: JsonSession<'a>,
    deck: JsonDeck<'a>,
    roster: Vec<JsonAttendance<'a>>,
    responses: Vec<JsonResponse<'a>>,
    role_plays: Vec<JsonRolePlay<'a>>,
    notes: Vec<JsonNote<'a>>,
    timing: JsonTiming<'a>,
}

#[derive(Serialize)]
struct JsonSession<'a> {
    session_id: SessionId,
    deck_title: &'a str,
    deck_path: &'a str,
    mode: &'static str,
    facilitator: &'a str,
    location: Option<&'a str>,
    started_at: String,
    ended_at: Option<String>,
}

#[derive(Serialize)]
struct JsonDeck<'a> {
    path: &'a str,
    /// Whether the deck file could be read at export time.
    loaded: bool,
    problem: Option<&'a str>,
    title: Option<&'a str>,
    sections: Vec<JsonSection<'a>>,
}

#[derive(Serialize)]
struct JsonSection<'a> {
    title: &'a str,
    minutes: u32,
    slides: Vec<JsonSlide<'a>>,
}

/// A slide in the JSON export: one field per key of the file's format, which readers of the
/// file rely on, so it stays as wide as the format.
#[derive(Serialize)]
struct JsonSlide<'a> {
    slide_ref: String,
    kind: &'static str,
    heading: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    planned_minutes: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    anonymous: Option<bool>,
    /// A Quiz's right option, 0-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rubric: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scale: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rounds: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minutes_per_round: Option<u32>,
}

#[derive(Serialize)]
struct JsonAttendance<'a> {
    person_id: i64,
    name: &'a str,
    email: Option<&'a str>,
    team: Option<&'a str>,
    status: &'static str,
    checked_in_at: Option<String>,
    left_at: Option<String>,
}

#[derive(Serialize)]
struct JsonResponse<'a> {
    response_id: i64,
    item_id: &'a str,
    item_kind: &'a str,
    question: Option<&'a str>,
    person_id: Option<i64>,
    participant: Option<Cow<'a, str>>,
    answer: JsonAnswer<'a>,
    /// The answer as a person reads it, as in responses.csv (without the apostrophe).
    response: String,
    correct: Option<bool>,
    recorded_at: String,
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum JsonAnswer<'a> {
    /// 0-based option indices.
    Options(&'a [usize]),
    Number(i64),
    Text(&'a str),
    Cleared,
}

#[derive(Serialize)]
struct JsonRolePlay<'a> {
    item_id: &'a str,
    title: Option<&'a str>,
    groups: Vec<Vec<report::NamedPerson>>,
    score_sheets: Vec<JsonSheet<'a>>,
}

#[derive(Serialize)]
struct JsonSheet<'a> {
    sheet_id: i64,
    round: u32,
    seller_id: i64,
    seller: Cow<'a, str>,
    observer_id: Option<i64>,
    observer: Option<Cow<'a, str>>,
    scale: u32,
    scores: Vec<JsonScore<'a>>,
    comment: &'a str,
    recorded_at: String,
}

#[derive(Serialize)]
struct JsonScore<'a> {
    criterion: &'a str,
    score: u32,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    slide_ref: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct JsonTiming<'a> {
    planned_minutes: u64,
    actual_seconds: f64,
    sections: Vec<JsonSectionTiming<'a>>,
}

#[derive(Serialize)]
struct JsonSectionTiming<'a> {
    title: &'a str,
    planned_minutes: u64,
    actual_seconds: f64,
    slides: Vec<JsonSlideTiming<'a>>,
}

#[derive(Serialize)]
struct JsonSlideTiming<'a> {
    slide_index: usize,
    slide_ref: &'a str,
    planned_minutes: Option<u64>,
    actual_seconds: f64,
    visits: usize,
}

/// Seconds to one decimal, as the CSV has them.
fn tenths(seconds: f64) -> f64 {
    (seconds * 10.0).round() / 10.0
}

fn session_json(
    store: &Store,
    recorded: &Recorded,
    items: &[RecordedItem<'_>],
    timing: &report::TimingReport,
    name: &str,
) -> Result<Vec<u8>, ExportError> {
    let info = &recorded.info;
    let document = Document {
        format: "podium-session",
        format_version: JSON_FORMAT_VERSION,
        session: JsonSession {
            session_id: info.session_id,
            deck_title: &info.deck_title,
            deck_path: &info.deck_path,
            mode: info.mode.as_str(),
            facilitator: &info.facilitator,
            location: info.location.as_deref(),
            started_at: time::rfc3339(&info.started_at),
            ended_at: info.ended_at.as_ref().map(time::rfc3339),
        },
        deck: json_deck(recorded),
        roster: recorded
            .roster
            .iter()
            .map(|person| {
                let row = recorded.attendance.get(&person.person_id);
                JsonAttendance {
                    person_id: person.person_id,
                    name: &person.name,
                    email: person.email.as_deref(),
                    team: person.team.as_deref(),
                    status: row.map_or(Presence::Absent, |r| r.presence).as_str(),
                    checked_in_at: row
                        .and_then(|r| r.checked_in_at.as_ref())
                        .map(time::rfc3339),
                    left_at: row.and_then(|r| r.left_at.as_ref()).map(time::rfc3339),
                }
            })
            .collect(),
        responses: json_responses(recorded, items),
        role_plays: json_role_plays(store, recorded, items)?,
        notes: recorded
            .notes
            .iter()
            .map(|(slide_ref, text)| JsonNote { slide_ref, text })
            .collect(),
        timing: JsonTiming {
            planned_minutes: timing.planned_seconds / 60,
            actual_seconds: tenths(timing.actual_seconds),
            sections: timing.sections.iter().map(json_section_timing).collect(),
        },
    };
    let mut bytes = Vec::with_capacity(256 * 1024);
    serde_json::to_writer_pretty(&mut bytes, &document).map_err(|e| encode_error(name, &e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn json_deck(recorded: &Recorded) -> JsonDeck<'_> {
    let deck = recorded.deck.deck();
    let mut index = 0;
    let sections = deck
        .map(|deck| {
            deck.sections
                .iter()
                .map(|section| JsonSection {
                    title: &section.title,
                    minutes: section.minutes,
                    slides: section
                        .slides
                        .iter()
                        .map(|slide| {
                            let json = json_slide(index, slide);
                            index += 1;
                            json
                        })
                        .collect(),
                })
                .collect()
        })
        .unwrap_or_default();
    JsonDeck {
        path: &recorded.info.deck_path,
        loaded: deck.is_some(),
        problem: recorded.deck.problem(),
        title: deck.map(|d| d.title.as_str()),
        sections,
    }
}

fn json_slide(index: usize, slide: &crate::deck::Slide) -> JsonSlide<'_> {
    let mut json = JsonSlide {
        slide_ref: report::slide_ref(index, slide),
        kind: slide.kind.name(),
        heading: slide.kind.heading(),
        item_id: slide.kind.item_id(),
        planned_minutes: report::slide_planned_minutes(&slide.kind),
        options: None,
        multiple: None,
        anonymous: None,
        answer: None,
        min: None,
        max: None,
        rubric: None,
        scale: None,
        rounds: None,
        minutes_per_round: None,
    };
    match &slide.kind {
        SlideKind::Poll(poll) => {
            json.options = Some(&poll.options);
            json.multiple = Some(poll.multiple);
            json.anonymous = Some(poll.anonymous);
        }
        SlideKind::Quiz(quiz) => {
            json.options = Some(&quiz.options);
            json.answer = Some(quiz.answer);
        }
        SlideKind::Rating(rating) => {
            json.min = Some(rating.min);
            json.max = Some(rating.max);
        }
        SlideKind::RolePlay(role_play) => {
            json.rubric = Some(role_play.rubric.iter().map(|c| c.name.as_str()).collect());
            json.scale = Some(role_play.scale);
            json.rounds = Some(role_play.rounds);
            json.minutes_per_round = Some(role_play.minutes_per_round);
        }
        _ => {}
    }
    json
}

fn json_responses<'a>(recorded: &'a Recorded, items: &[RecordedItem<'a>]) -> Vec<JsonResponse<'a>> {
    let mut responses = Vec::with_capacity(recorded.responses.len());
    for item in items {
        let question = item.deck_kind.map(SlideKind::heading);
        let options = deck_options(item);
        for row in &item.responses {
            responses.push(JsonResponse {
                response_id: row.response_id,
                item_id: &row.item_id,
                item_kind: row.item_kind.name(),
                question,
                person_id: row.person_id,
                participant: row.person_id.map(|id| recorded.name(id)),
                answer: match &row.answer {
                    Answer::Options(chosen) => JsonAnswer::Options(chosen),
                    Answer::Number(value) => JsonAnswer::Number(*value),
                    Answer::Text(text) => JsonAnswer::Text(text),
                    Answer::Cleared => JsonAnswer::Cleared,
                },
                response: report::answer_text(&row.answer, options),
                correct: row.correct,
                recorded_at: time::rfc3339(&row.recorded_at),
            });
        }
    }
    responses
}

fn json_role_plays<'a>(
    store: &Store,
    recorded: &'a Recorded,
    items: &[RecordedItem<'a>],
) -> Result<Vec<JsonRolePlay<'a>>, ExportError> {
    let mut role_plays = Vec::new();
    for item in items.iter().filter(|item| item.kind == "RolePlay") {
        let groups = recorded.named_groups(store, item.item_id)?;
        role_plays.push(JsonRolePlay {
            item_id: item.item_id,
            title: item.deck_kind.map(SlideKind::heading),
            groups,
            score_sheets: item
                .sheets
                .iter()
                .map(|sheet| JsonSheet {
                    sheet_id: sheet.sheet_id,
                    round: sheet.round,
                    seller_id: sheet.seller_id,
                    seller: recorded.name(sheet.seller_id),
                    observer_id: sheet.observer_id,
                    observer: sheet.observer_id.map(|id| recorded.name(id)),
                    scale: sheet.scale,
                    scores: sheet
                        .scores
                        .iter()
                        .map(|(criterion, score)| JsonScore {
                            criterion,
                            score: *score,
                        })
                        .collect(),
                    comment: &sheet.comment,
                    recorded_at: time::rfc3339(&sheet.recorded_at),
                })
                .collect(),
        });
    }
    Ok(role_plays)
}

fn json_section_timing(section: &SectionTiming) -> JsonSectionTiming<'_> {
    JsonSectionTiming {
        title: &section.title,
        planned_minutes: section.planned_seconds / 60,
        actual_seconds: tenths(section.actual_seconds),
        slides: section.slides.iter().map(json_slide_timing).collect(),
    }
}

fn json_slide_timing(slide: &SlideTiming) -> JsonSlideTiming<'_> {
    JsonSlideTiming {
        slide_index: slide.slide_index,
        slide_ref: &slide.slide_ref,
        planned_minutes: slide.planned_seconds.map(|s| s / 60),
        actual_seconds: tenths(slide.actual_seconds),
        visits: slide.visits,
    }
}

// ---- writing ----

/// Writes every file to a temporary file in `dir`, then renames them all into place: a failure
/// while writing leaves the folder as it was (a temporary file not renamed is removed).
fn write_files(dir: &Path, files: Vec<(String, Vec<u8>)>) -> Result<Vec<PathBuf>, ExportError> {
    let cannot_write = |source| ExportError::CannotWrite {
        dir: dir.to_path_buf(),
        source,
    };
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in &files {
        let temporary = write_temporary(dir, name, bytes).map_err(cannot_write)?;
        written.push((temporary, dir.join(name)));
    }
    let mut targets = Vec::with_capacity(written.len());
    for (temporary, target) in written {
        temporary
            .persist(&target)
            .map_err(|e| cannot_write(e.error))?;
        targets.push(target);
    }
    sync_folder(dir);
    Ok(targets)
}

/// Writes `bytes` to a new hidden file next to where `name` goes, synced to the disk.
fn write_temporary(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    Ok(file)
}

/// Makes the renames durable where the system allows it (Linux and macOS sync a folder
/// opened as a file; Windows cannot open one, and commits renames itself).
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = fs::File::open(dir) {
        // The files themselves are synced; a folder that cannot be synced only risks the
        // names after a power cut, which is not worth failing an export that succeeded.
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_a_spreadsheet_would_run_gets_an_apostrophe() {
        for (text, shown) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1", "'+1"),
            ("-2 sales", "'-2 sales"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tindented", "'\tindented"),
            ("\rreturn", "'\rreturn"),
        ] {
            assert_eq!(spreadsheet_text(text), shown);
        }
        for text in ["", "Zoë", "a=b", "1+1", "'quoted", "王芳 👍", " =spaced"] {
            assert!(matches!(spreadsheet_text(text), Cow::Borrowed(t) if t == text));
        }
    }

    #[test]
    fn existing_files_are_listed_in_words() {
        let dir = Path::new("/exports");
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            exists_message(dir, &names(&["attendance.csv"])),
            "attendance.csv already exists in /exports; pass --overwrite to replace it, or choose another folder"
        );
        assert_eq!(
            exists_message(dir, &names(&["a.csv", "b.csv", "c.json"])),
            "a.csv, b.csv and c.json already exist in /exports; pass --overwrite to replace them, or choose another folder"
        );
    }

    #[test]
    fn each_format_names_its_files() {
        assert_eq!(file_names(7, Format::Xlsx), ["session-7.xlsx"]);
        assert_eq!(
            file_names(7, Format::Csv),
            [
                "attendance.csv",
                "responses.csv",
                "roleplay.csv",
                "timing.csv"
            ]
        );
        assert_eq!(file_names(7, Format::Json), ["session-7.json"]);
        assert_eq!(file_names(7, Format::Both).len(), 5);
    }

    #[test]
    fn seconds_are_rounded_to_tenths() {
        assert_eq!(tenths(40.2), 40.2);
        assert_eq!(tenths(145.7 + 590.0 + 1000.0), 1735.7);
        assert_eq!(tenths(59.96), 60.0);
    }
}
