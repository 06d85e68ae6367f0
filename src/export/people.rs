//! The follow-up export of everyone: `people.csv` (one row per person, criterion and score,
//! workshop role-play scores and field observations told apart; a person without any score
//! has one row of their own) and `commitments.csv` (every commitment with its status, due day
//! and the leader's notes); or the same two tables as the sheets of one workbook,
//! `people.xlsx`. Written like the session export: into an existing folder, every file
//! complete or absent, existing files replaced only when asked.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::table::{Cell, Table};
use super::{ExportError, Format, check_folder, csv_files, workbook_file, write_files};
use crate::report::coaching::{self, CoachingRecords, CommitmentLine, ScoreSource};
use crate::store::{Person, PersonId, Store};

/// The people file: one row per person, criterion and score.
pub const PEOPLE_FILE: &str = "people.csv";
/// The commitments file: one row per commitment.
pub const COMMITMENTS_FILE: &str = "commitments.csv";
/// The workbook holding both tables.
pub const PEOPLE_WORKBOOK: &str = "people.xlsx";

/// The columns of [`PEOPLE_FILE`].
pub const PEOPLE_COLUMNS: [&str; 18] = [
    "person_id",
    "participant",
    "email",
    "team",
    "criterion",
    "source",
    "date",
    "score",
    "scale",
    "session_id",
    "deck",
    "item_id",
    "exercise",
    "round",
    "observer",
    "context",
    "comment",
    "recorded_at",
];

/// The columns of [`COMMITMENTS_FILE`].
pub const COMMITMENTS_COLUMNS: [&str; 15] = [
    "session_id",
    "deck",
    "session_date",
    "participant",
    "email",
    "team",
    "item_id",
    "prompt",
    "commitment",
    "due_on",
    "status",
    "status_changed_on",
    "days_overdue",
    "notes",
    "answered_at",
];

/// The names of the files the people export writes as `format`: the two CSV files, or the
/// workbook. `None` for a format it does not have (JSON).
pub fn people_file_names(format: Format) -> Option<Vec<String>> {
    match format {
        Format::Csv | Format::Both => Some(vec![PEOPLE_FILE.into(), COMMITMENTS_FILE.into()]),
        Format::Xlsx => Some(vec![PEOPLE_WORKBOOK.into()]),
        Format::Json => None,
    }
}

/// Writes the people export into the existing folder `out_dir` and returns the paths
/// written. `today` is the day "days overdue" counts to. Refuses, before writing anything,
/// when a file is already there, unless `overwrite`.
pub fn export_people(
    store: &Store,
    out_dir: &Path,
    format: Format,
    overwrite: bool,
    today: Date,
) -> Result<Vec<PathBuf>, ExportError> {
    let names = people_file_names(format).ok_or(ExportError::NoJsonForPeople)?;
    check_folder(out_dir)?;
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
    let records = CoachingRecords::load(store)?;
    let tables = people_tables(&records, today);
    let files = if format == Format::Xlsx {
        vec![workbook_file(PEOPLE_WORKBOOK.to_owned(), &tables)?]
    } else {
        csv_files(&tables)?
    };
    write_files(out_dir, files)
}

/// The people and commitments tables of `records`, as of `today`.
pub fn people_tables(records: &CoachingRecords, today: Date) -> Vec<Table<'static>> {
    vec![people_table(records), commitments_table(records, today)]
}

fn person_cells(person: &Person) -> [Cell<'static>; 4] {
    [
        Cell::int(person.person_id),
        Cell::text(String::from(&person.name)),
        Cell::text(String::from(person.email.as_deref().unwrap_or_default())),
        Cell::text(String::from(person.team.as_deref().unwrap_or_default())),
    ]
}

fn people_table(records: &CoachingRecords) -> Table<'static> {
    let mut table = Table::new(PEOPLE_FILE, &PEOPLE_COLUMNS);
    let mut skills = coaching::every_skill(records).into_iter().peekable();
    for person in &records.people {
        let mine = match skills.peek() {
            Some((scored, _)) if scored.person_id == person.person_id => {
                skills.next().map(|(_, skills)| skills).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        if mine.is_empty() {
            let mut row: Vec<Cell> = person_cells(person).into();
            row.resize(PEOPLE_COLUMNS.len(), Cell::Empty);
            table.push(row);
            continue;
        }
        for skill in &mine {
            for point in &skill.points {
                let mut row: Vec<Cell> = person_cells(person).into();
                row.extend([
                    Cell::text(String::from(&skill.criterion)),
                    Cell::text(String::from(point.source.kind())),
                    Cell::Date(point.on),
                    Cell::int(point.score),
                    Cell::int(point.scale),
                ]);
                match &point.source {
                    ScoreSource::Workshop {
                        session_id,
                        deck_title,
                        item_id,
                        title,
                        round,
                        observer,
                    } => row.extend([
                        Cell::int(*session_id),
                        Cell::text(String::from(deck_title)),
                        Cell::text(String::from(item_id)),
                        Cell::text(String::from(title.as_deref().unwrap_or(item_id))),
                        Cell::int(*round),
                        Cell::text(String::from(observer.as_deref().unwrap_or_default())),
                        Cell::text(String::from("")),
                    ]),
                    ScoreSource::Field {
                        context,
                        observer,
                        rubric_title,
                        ..
                    } => {
                        let rubric = observation_rubric(records, point, person.person_id);
                        row.extend([
                            Cell::Empty,
                            Cell::text(String::from(rubric.map_or("", |(deck, _)| deck))),
                            Cell::text(String::from(rubric.map_or("", |(_, item)| item))),
                            Cell::text(String::from(rubric_title)),
                            Cell::Empty,
                            Cell::text(String::from(observer)),
                            Cell::text(String::from(context)),
                        ]);
                    }
                }
                row.push(Cell::text(String::from(&point.comment)));
                row.push(Cell::time_owned(point.recorded_at.clone()));
                table.push(row);
            }
        }
    }
    table
}

/// The deck title and item id of the observation a field score comes from.
fn observation_rubric<'a>(
    records: &'a CoachingRecords,
    point: &coaching::SkillPoint,
    person: PersonId,
) -> Option<(&'a str, &'a str)> {
    let ScoreSource::Field { observation_id, .. } = &point.source else {
        return None;
    };
    records
        .observations
        .iter()
        .find(|o| o.observation_id == *observation_id && o.person_id == person)
        .map(|o| (o.rubric.deck_title.as_str(), o.rubric.item_id.as_str()))
}

fn commitments_table(records: &CoachingRecords, today: Date) -> Table<'static> {
    let mut table = Table::new(COMMITMENTS_FILE, &COMMITMENTS_COLUMNS);
    let lines = coaching::every_commitment(records, today);
    for (line, commitment) in lines.iter().zip(&records.commitments) {
        let person = records
            .people
            .iter()
            .find(|p| p.person_id == line.key.person_id);
        table.push(commitment_row(line, person, &commitment.answered_at));
    }
    table
}

fn commitment_row(
    line: &CommitmentLine,
    person: Option<&Person>,
    answered_at: &jiff::Zoned,
) -> Vec<Cell<'static>> {
    let notes: Vec<String> = line
        .notes
        .iter()
        .map(|(note, on)| format!("{on}: {note}"))
        .collect();
    vec![
        Cell::int(line.key.session_id),
        Cell::text(String::from(&line.deck_title)),
        Cell::Date(line.made_on),
        Cell::text(String::from(&line.person)),
        Cell::text(String::from(
            person.and_then(|p| p.email.as_deref()).unwrap_or_default(),
        )),
        Cell::text(String::from(
            person.and_then(|p| p.team.as_deref()).unwrap_or_default(),
        )),
        Cell::text(String::from(&line.key.item_id)),
        Cell::text(String::from(&line.prompt)),
        Cell::text(String::from(&line.text)),
        Cell::Date(line.due_on),
        Cell::text(String::from(line.status.as_str())),
        line.status_on.map_or(Cell::Empty, Cell::Date),
        Cell::Int(line.days_overdue),
        Cell::text(notes.join("\n")),
        Cell::time_owned(answered_at.clone()),
    ]
}
