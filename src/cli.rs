//! The command line: `podium check`, `podium sessions`, `podium export`, `podium
//! import-pending`, and the options for opening a deck.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

use crate::deck::{self, ImageCheck};
use crate::export::{self, Format};
use crate::pdf::{self, Paper};
use crate::record::pending_file::{self, PendingFileError};
use crate::report::coaching::{self, CoachingRecords, MatrixSort};
use crate::store::{self, SessionInfo, Store};

/// Podium: run a training workshop from a deck file.
#[derive(Debug, Parser)]
#[command(name = "podium", version)]
pub struct Cli {
    /// The deck to open, ready to present. Without one, Podium opens its start screen.
    pub deck: Option<PathBuf>,

    /// A roster CSV (a header row; `name` required, `email` and `team` optional) to load
    /// into the session the deck starts.
    #[arg(long, value_name = "FILE", requires = "deck")]
    pub roster: Option<PathBuf>,

    /// Start rehearsing the deck at once, without the setup screen.
    #[arg(long, requires = "deck", conflicts_with_all = ["live", "roster"])]
    pub rehearse: bool,

    /// Start a live session of the deck at once, without the setup screen.
    #[arg(long, requires = "deck")]
    pub live: bool,

    /// The facilitator's name for `--live` (default: the name used last time, else the
    /// computer's user name).
    #[arg(long, value_name = "NAME", requires = "live")]
    pub facilitator: Option<String>,

    /// Turn phones on in the live session started with `--live`: the room joins from their
    /// own phones over the laptop's Wi-Fi. Prints `join: <URL> pin: <PIN>` on one line.
    #[arg(long, requires = "live")]
    pub phones: bool,

    /// The port phones connect to with `--phones` (default, or 0: any free port).
    #[arg(long, value_name = "N", requires = "phones")]
    pub port: Option<u16>,

    /// Where sessions are recorded (default: PODIUM_DATA_DIR, else the platform's data
    /// folder, ~/.local/share/podium on Linux).
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check decks for errors and warnings; prints a summary of each valid deck.
    ///
    /// Errors and warnings go to stderr, the first 100 of each deck. Exits with 0 when every
    /// deck is valid (warnings alone do not fail a deck), 1 otherwise.
    Check {
        /// The deck files to check.
        #[arg(required = true)]
        decks: Vec<PathBuf>,
    },
    /// List the recorded sessions
    ///
    /// One line each, newest first: id, deck, date, mode, people present, responses, and
    /// "unfinished" for a session that was never ended, or "void" with the reason for one
    /// marked void in History (left out of --latest).
    Sessions,
    /// Export a session or everyone's follow-up for spreadsheets, or print a PDF
    ///
    /// A session (--session ID or --latest): attendance.csv, responses.csv, roleplay.csv and
    /// timing.csv, and session-<ID>.json; or session-<ID>.xlsx with --format xlsx. Everyone
    /// (--people): people.csv (each person's scores per criterion, workshop and field) and
    /// commitments.csv; or people.xlsx with --format xlsx. The files go into the folder
    /// given with --out, and their paths are printed. A person's page (--person) or the team
    /// matrix (--team) goes to the one-page PDF given with --pdf. Existing files are kept
    /// unless --overwrite is given.
    Export(ExportArgs),
    /// List everyone recorded: id, name, team, workshops attended, last field observation,
    /// open commitments
    People,
    /// Merge a file of records that were not saved into the data folder
    ///
    /// The file comes from the close dialog's "Save them to a file…", or is
    /// unsaved-records.json, written in the data folder when Podium was stopped at logout or
    /// shutdown. Records already in the database are not added twice, so merging a file
    /// again is harmless.
    ImportPending {
        /// The file of unsaved records (JSON).
        file: PathBuf,
    },
}

/// What `podium export` was asked for.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("which")
        .required(true)
        .args(["session", "latest", "people", "person", "team"])
))]
pub struct ExportArgs {
    /// The session to export: its ID as `podium sessions` lists it.
    #[arg(long, value_name = "ID")]
    pub session: Option<i64>,

    /// Export the newest live session.
    #[arg(long)]
    pub latest: bool,

    /// Export everyone: people.csv and commitments.csv (or people.xlsx).
    #[arg(long)]
    pub people: bool,

    /// Print a person's page to the PDF given with --pdf: their ID as `podium people` lists
    /// it, or their name.
    #[arg(long, value_name = "ID_OR_NAME", requires = "pdf")]
    pub person: Option<String>,

    /// Print the team matrix to the PDF given with --pdf.
    #[arg(long, requires = "pdf")]
    pub team: bool,

    /// The folder to write the files into; made if missing.
    #[arg(long, value_name = "DIR", required_unless_present = "pdf")]
    pub out: Option<PathBuf>,

    /// The PDF file to write, with --person or --team.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["session", "latest", "people", "out", "format"])]
    pub pdf: Option<PathBuf>,

    /// The paper the PDF is laid out for.
    #[arg(long, value_enum, default_value_t = PaperSize::A4)]
    pub paper: PaperSize,

    /// The order of the team matrix.
    #[arg(long, value_enum, default_value_t = MatrixOrder::Unobserved)]
    pub sort: MatrixOrder,

    /// Which files to write [default: both for a session, csv for --people].
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,

    /// Replace files of an earlier export in the folder.
    #[arg(long)]
    pub overwrite: bool,

    /// With --latest: the newest session, rehearsal or live.
    #[arg(long, conflicts_with = "session")]
    pub include_rehearsals: bool,
}

/// `--format` of `podium export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// attendance.csv, responses.csv, roleplay.csv and timing.csv.
    Csv,
    /// session-<ID>.json.
    Json,
    /// The CSV files and the JSON file.
    Both,
    /// One workbook with a sheet per table: session-<ID>.xlsx, or people.xlsx.
    Xlsx,
}

impl From<ExportFormat> for Format {
    fn from(format: ExportFormat) -> Format {
        match format {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
            ExportFormat::Both => Format::Both,
            ExportFormat::Xlsx => Format::Xlsx,
        }
    }
}

/// `--paper` of `podium export --pdf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperSize {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 inches.
    Letter,
}

impl From<PaperSize> for Paper {
    fn from(paper: PaperSize) -> Paper {
        match paper {
            PaperSize::A4 => Paper::A4,
            PaperSize::Letter => Paper::Letter,
        }
    }
}

/// `--sort` of `podium export --team`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatrixOrder {
    /// Longest without a field observation first.
    Unobserved,
    /// Lowest latest score first.
    Lowest,
    /// By name.
    Name,
}

impl From<MatrixOrder> for MatrixSort {
    fn from(order: MatrixOrder) -> MatrixSort {
        match order {
            MatrixOrder::Unobserved => MatrixSort::LongestUnobserved,
            MatrixOrder::Lowest => MatrixSort::LowestScore,
            MatrixOrder::Name => MatrixSort::Name,
        }
    }
}

/// What `podium check` found, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    AllValid,
    SomeInvalid,
}

/// Checks each deck: errors go to `err`, one summary line per deck to `out`.
pub fn check(
    decks: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<CheckOutcome> {
    let mut outcome = CheckOutcome::AllValid;
    for path in decks {
        if !check_one(path, out, err)? {
            outcome = CheckOutcome::SomeInvalid;
        }
    }
    Ok(outcome)
}

fn check_one(path: &Path, out: &mut dyn Write, err: &mut dyn Write) -> std::io::Result<bool> {
    let (errors, warnings, deck) = match deck::load(path, ImageCheck::Decode) {
        Ok(loaded) => (loaded.image_problems, loaded.warnings, Some(loaded.deck)),
        Err(errors) => (errors.diagnostics, errors.warnings, None),
    };
    let mut problems: Vec<&deck::Diagnostic> = errors.iter().chain(&warnings).collect();
    problems.sort_by_key(|d| (d.line, d.column));
    for problem in problems.iter().take(deck::MAX_SHOWN_PROBLEMS) {
        writeln!(err, "{problem}")?;
    }
    if let Some(more) = deck::more_than_shown(problems.len()) {
        writeln!(err, "{more}")?;
    }
    let counted = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    match deck {
        Some(deck) if errors.is_empty() => {
            let warned = if warnings.is_empty() {
                String::new()
            } else {
                format!(" ({})", counted(warnings.len(), "warning"))
            };
            writeln!(
                out,
                "{}: ok: \"{}\": {}{warned}",
                path.display(),
                deck.title,
                deck.summary()
            )?;
            Ok(true)
        }
        _ => {
            let warned = if warnings.is_empty() {
                String::new()
            } else {
                format!(", {}", counted(warnings.len(), "warning"))
            };
            writeln!(
                out,
                "{}: {}{warned}",
                path.display(),
                counted(errors.len(), "error")
            )?;
            Ok(false)
        }
    }
}

/// What `podium sessions` did, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionsOutcome {
    /// The table was printed, or there is no database yet.
    Listed,
    /// The database could not be read; the reason and what to do went to `err`.
    Failed,
}

/// Lists the sessions recorded in the data folder `dir` as a table on `out`. Does not create
/// the folder or the database when there is none yet: it says so instead.
pub fn sessions(
    dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<SessionsOutcome> {
    if !store::database_path(dir).exists() {
        writeln!(out, "No sessions recorded yet in {}", dir.display())?;
        return Ok(SessionsOutcome::Listed);
    }
    // Read-only: listing an archive on a read-only disk works, and a file that is only read
    // (even a zero-byte one) is never written.
    let listed = Store::open_read_only(dir).and_then(|opened| {
        warn_unread_log(&opened, err);
        if opened.store.is_empty()? {
            return Ok(Vec::new());
        }
        opened.store.sessions()
    });
    let sessions = match listed {
        Ok(sessions) => sessions,
        Err(e) => {
            writeln!(err, "podium: {e}\n{}", e.advice())?;
            return Ok(SessionsOutcome::Failed);
        }
    };
    if sessions.is_empty() {
        writeln!(out, "No sessions recorded yet in {}", dir.display())?;
        return Ok(SessionsOutcome::Listed);
    }
    write_sessions_table(&sessions, out)?;
    Ok(SessionsOutcome::Listed)
}

/// What `podium export` did, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportOutcome {
    /// The files were written; their paths went to `out`.
    Exported,
    /// Nothing was exported; the reason and what to do went to `err`.
    Failed,
}

/// Exports what `args` asks from the data folder `dir` (a session, or everyone's follow-up as
/// of `today`): the written paths go to `out`, one a line; a failure goes to `err`. Does not
/// create the folder or the database when there is none yet.
pub fn export(
    dir: &Path,
    args: &ExportArgs,
    today: jiff::civil::Date,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<ExportOutcome> {
    if !store::database_path(dir).exists() {
        writeln!(
            err,
            "podium: no sessions are recorded in {}; pass the data folder they are in with --data-dir",
            dir.display()
        )?;
        return Ok(ExportOutcome::Failed);
    }
    let store = match Store::open_read_only(dir).and_then(|opened| {
        warn_unread_log(&opened, err);
        Ok((opened.store.is_empty()?, opened.store))
    }) {
        Ok((false, store)) => store,
        Ok((true, _)) => {
            writeln!(
                err,
                "podium: no sessions are recorded in {}; pass the data folder they are in with --data-dir",
                dir.display()
            )?;
            return Ok(ExportOutcome::Failed);
        }
        Err(e) => {
            writeln!(err, "podium: {e}\n{}", e.advice())?;
            return Ok(ExportOutcome::Failed);
        }
    };
    match &args.pdf {
        Some(file) => return print_pdf(&store, args, file, today, out, err),
        None if args.person.is_some() || args.team => {
            writeln!(
                err,
                "podium: --person and --team print a one-page PDF: pass the file to write with --pdf FILE"
            )?;
            return Ok(ExportOutcome::Failed);
        }
        None => {}
    }
    let Some(folder) = &args.out else {
        writeln!(err, "podium: pass the folder to write into with --out")?;
        return Ok(ExportOutcome::Failed);
    };
    // A missing folder is made, as the screens' exports make it; a path that cannot be a
    // folder (a file in the way) is named by the export below.
    if !folder.exists()
        && let Err(e) = std::fs::create_dir_all(folder)
        && e.kind() != std::io::ErrorKind::NotADirectory
        && e.kind() != std::io::ErrorKind::AlreadyExists
    {
        writeln!(
            err,
            "podium: cannot create the folder {}: {e}; pass another folder with --out",
            folder.display()
        )?;
        return Ok(ExportOutcome::Failed);
    }
    if args.people {
        let format = args.format.map_or(Format::Csv, Format::from);
        let exported = export::people::export_people(&store, folder, format, args.overwrite, today);
        return print_exported(exported, out, err);
    }
    let session = match args.session {
        Some(session) => session,
        None => match export::latest_session(&store, args.include_rehearsals) {
            Ok(Some(session)) => session,
            Ok(None) => {
                let what = if args.include_rehearsals {
                    "no session"
                } else {
                    "no live session"
                };
                writeln!(
                    err,
                    "podium: {what} is recorded in {} yet; `podium sessions` lists what there is{}",
                    dir.display(),
                    if args.include_rehearsals {
                        ""
                    } else {
                        ", and --include-rehearsals exports the newest rehearsal"
                    }
                )?;
                return Ok(ExportOutcome::Failed);
            }
            Err(e) => {
                writeln!(err, "podium: {e}")?;
                return Ok(ExportOutcome::Failed);
            }
        },
    };
    let exported = export::export_session(
        &store,
        session,
        folder,
        args.format.map_or(Format::Both, Format::from),
        args.overwrite,
    );
    print_exported(exported, out, err)
}

/// Prints a person's page (`--person`) or the team matrix (`--team`) to `file`.
fn print_pdf(
    store: &Store,
    args: &ExportArgs,
    file: &Path,
    today: jiff::civil::Date,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<ExportOutcome> {
    let records = match CoachingRecords::load(store) {
        Ok(records) => records,
        Err(e) => {
            writeln!(err, "podium: {e}\n{}", e.advice())?;
            return Ok(ExportOutcome::Failed);
        }
    };
    let printed = match &args.person {
        Some(wanted) => {
            let person = match find_person(&records, wanted) {
                Ok(person) => person,
                Err(message) => {
                    writeln!(err, "podium: {message}")?;
                    return Ok(ExportOutcome::Failed);
                }
            };
            match coaching::person_page(&records, person, today) {
                Ok(page) => pdf::person_page(&page, args.paper.into()),
                Err(e) => {
                    writeln!(err, "podium: {e}")?;
                    return Ok(ExportOutcome::Failed);
                }
            }
        }
        None => {
            let matrix = coaching::team_matrix(&records, today, args.sort.into());
            pdf::team_matrix(&matrix, args.paper.into())
        }
    };
    let printed = match printed {
        Ok(printed) => printed,
        Err(e) => {
            writeln!(err, "podium: {e}")?;
            return Ok(ExportOutcome::Failed);
        }
    };
    if let Some(note) = printed.note() {
        writeln!(err, "podium: warning: {note}")?;
    }
    let written = export::write_one_file(file, &printed.bytes, args.overwrite).map(|p| vec![p]);
    print_exported(written, out, err)
}

/// The person `wanted` names: an id, or a name (ignoring case and runs of spaces).
fn find_person(records: &CoachingRecords, wanted: &str) -> Result<store::PersonId, String> {
    if let Ok(id) = wanted.trim().parse::<store::PersonId>() {
        return records
            .people
            .iter()
            .any(|p| p.person_id == id)
            .then_some(id)
            .ok_or_else(|| format!("there is no person {id}; `podium people` lists them"));
    }
    let key = store::name_key(wanted);
    let found: Vec<&store::Person> = records
        .people
        .iter()
        .filter(|p| store::name_key(&p.name) == key)
        .collect();
    match found.as_slice() {
        [one] => Ok(one.person_id),
        [] => Err(format!(
            "nobody named \"{}\" is recorded; `podium people` lists everyone with their id",
            wanted.trim()
        )),
        many => Err(format!(
            "{} people are named \"{}\" (ids {}); pass the id with --person",
            many.len(),
            wanted.trim(),
            many.iter()
                .map(|p| p.person_id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// What `podium people` did, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeopleOutcome {
    /// The table was printed, or nobody is recorded yet.
    Listed,
    /// The database could not be read; the reason and what to do went to `err`.
    Failed,
}

/// Lists everyone recorded in the data folder `dir` as a table on `out`, as of `today`. Does
/// not create the folder or the database when there is none yet.
pub fn people(
    dir: &Path,
    today: jiff::civil::Date,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<PeopleOutcome> {
    if !store::database_path(dir).exists() {
        writeln!(out, "Nobody recorded yet in {}", dir.display())?;
        return Ok(PeopleOutcome::Listed);
    }
    let loaded = Store::open_read_only(dir).and_then(|opened| {
        warn_unread_log(&opened, err);
        if opened.store.is_empty()? {
            return Ok(CoachingRecords::default());
        }
        CoachingRecords::load(&opened.store)
    });
    let records = match loaded {
        Ok(records) => records,
        Err(e) => {
            writeln!(err, "podium: {e}\n{}", e.advice())?;
            return Ok(PeopleOutcome::Failed);
        }
    };
    if records.people.is_empty() {
        writeln!(out, "Nobody recorded yet in {}", dir.display())?;
        return Ok(PeopleOutcome::Listed);
    }
    let matrix = coaching::team_matrix(&records, today, MatrixSort::Name);
    let follow_up = coaching::follow_up_list(&records, today);
    let heading = ["ID", "NAME", "TEAM", "WORKSHOPS", "LAST OBSERVED", "OPEN"].map(str::to_owned);
    let rows: Vec<[String; 6]> = records
        .people
        .iter()
        .map(|person| {
            let workshops = records
                .sessions
                .iter()
                .filter(|s| s.came.contains(&person.person_id))
                .count();
            let observed = matrix
                .rows
                .iter()
                .find(|r| r.person_id == person.person_id)
                .and_then(|r| r.last_observed_on)
                .map_or_else(|| "never".to_owned(), |d| d.to_string());
            let open = follow_up
                .open
                .iter()
                .filter(|c| c.key.person_id == person.person_id)
                .count();
            [
                person.person_id.to_string(),
                deck::shorten(&person.name, DECK_COLUMN_MAX, "\u{2026}"),
                person.team.clone().unwrap_or_default(),
                workshops.to_string(),
                observed,
                open.to_string(),
            ]
        })
        .collect();
    write_table(
        &heading,
        &rows,
        &[true, false, false, true, false, true],
        out,
    )?;
    Ok(PeopleOutcome::Listed)
}

/// The paths written, one a line on `out`, or why nothing was, on `err`.
fn print_exported(
    exported: Result<Vec<PathBuf>, export::ExportError>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<ExportOutcome> {
    match exported {
        Ok(paths) => {
            for path in paths {
                writeln!(out, "{}", path.display())?;
            }
            Ok(ExportOutcome::Exported)
        }
        Err(e) => {
            writeln!(err, "podium: {e}")?;
            Ok(ExportOutcome::Failed)
        }
    }
}

/// Says when the newest records may be missing from a read-only listing.
fn warn_unread_log(opened: &store::ReadOnly, err: &mut dyn Write) {
    if let Some(log) = &opened.unread_log {
        // A failed warning on stderr cannot be reported anywhere else.
        drop(writeln!(
            err,
            "podium: the folder is read-only, so {} (the newest records) could not be read; copy the folder to a writable place to see everything",
            log.display()
        ));
    }
}

/// What `podium import-pending` did, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Every record is in the database now.
    Merged,
    /// Some or all could not be merged; why went to `err`.
    Failed,
}

/// Merges the file of unsaved records `file` into the data folder `dir`.
pub fn import_pending(
    dir: &Path,
    file: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<ImportOutcome> {
    let loaded = match pending_file::load(file) {
        Ok(loaded) => loaded,
        Err(e) => {
            writeln!(err, "podium: {e}")?;
            return Ok(ImportOutcome::Failed);
        }
    };
    let merged = Store::open(dir)
        .map_err(PendingFileError::from)
        .and_then(|mut store| pending_file::merge(&mut store, &loaded));
    match merged {
        Ok(merged) if merged.refused.is_empty() => {
            writeln!(
                out,
                "{} in {}. {} can be deleted now.",
                merged.summary(),
                store::database_path(dir).display(),
                file.display()
            )?;
            Ok(ImportOutcome::Merged)
        }
        Ok(merged) => {
            writeln!(
                err,
                "podium: {}. Keep {} and report the message above.",
                merged.summary(),
                file.display()
            )?;
            Ok(ImportOutcome::Failed)
        }
        Err(PendingFileError::Store(e)) => {
            writeln!(err, "podium: {e}\n{}", e.advice())?;
            Ok(ImportOutcome::Failed)
        }
        Err(e) => {
            writeln!(err, "podium: {e}")?;
            Ok(ImportOutcome::Failed)
        }
    }
}

/// Deck titles longer than this are cut, so one long title does not push the counts off
/// the screen.
const DECK_COLUMN_MAX: usize = 40;

fn write_sessions_table(sessions: &[SessionInfo], out: &mut dyn Write) -> std::io::Result<()> {
    let rows: Vec<[String; 8]> = sessions
        .iter()
        .map(|s| {
            [
                s.session_id.to_string(),
                deck::shorten(&s.deck_title, DECK_COLUMN_MAX, "\u{2026}"),
                crate::time::rfc3339(&s.started_at),
                s.mode.as_str().to_owned(),
                s.people_present.to_string(),
                s.answers.to_string(),
                s.sheets.to_string(),
                match (&s.void, s.ended_at.is_none()) {
                    (Some(reason), _) => format!("void: {reason}"),
                    (None, true) => "unfinished".to_owned(),
                    (None, false) => String::new(),
                },
            ]
        })
        .collect();
    let heading = [
        "ID", "DECK", "DATE", "MODE", "PRESENT", "ANSWERS", "SHEETS", "",
    ]
    .map(str::to_owned);
    // Numbers line up on the right, text on the left.
    let right_aligned = [true, false, false, false, true, true, true, false];
    write_table(&heading, &rows, &right_aligned, out)
}

/// A plain-text table: columns as wide as their widest cell, two spaces apart.
fn write_table<const N: usize>(
    heading: &[String; N],
    rows: &[[String; N]],
    right_aligned: &[bool; N],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut widths = [0; N];
    for row in std::iter::once(heading).chain(rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for row in std::iter::once(heading).chain(rows) {
        let mut line = String::new();
        for ((cell, width), right) in row.iter().zip(widths).zip(right_aligned) {
            if !line.is_empty() {
                line.push_str("  ");
            }
            let pad = " ".repeat(width.saturating_sub(cell.chars().count()));
            if *right {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}
