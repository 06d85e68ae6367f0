//! The session store: what happened in each workshop, kept in one SQLite file.
//!
//! Every write is its own transaction, committed (and, with `synchronous=FULL`, on the disk)
//! before the method returns `Ok`, so the app can say "saved" and mean it even if the laptop
//! dies a second later. Nothing is ever updated or deleted: a correction is a new row that
//! supersedes the old one, and the reads work out what is current. "Latest" always means the
//! latest committed row, never the latest time written in it, so records made with different
//! UTC offsets or a clock that jumped still read back in the order they happened.
//!
//! The store never reads the clock: every time is passed in, as an RFC 3339 string or, for the
//! follow-up records (commitments and field observations), as a `jiff` value. No UI here.

mod coaching;
mod error;
mod keyed;
mod people;
mod records;
pub mod stamp;
pub mod types;

#[cfg(test)]
mod tests;

use jiff::Zoned;
use std::cell::Cell;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior};

pub use coaching::{
    Commitment, CommitmentKey, CommitmentStatus, CommitmentUpdate, CriterionScore,
    NewCommitmentItem, NewCommitmentUpdate, NewObservation, Observation, ObservationId, Rubric,
    RubricCriterion,
};
pub use error::StoreError;
pub use keyed::{NewPerson, Record, Written};
pub(crate) use people::{email_key, name_key};
pub use types::*;

use error::{Fault, folder_error};

/// The database's file name inside the data folder.
pub const DATABASE_FILE: &str = "podium.sqlite3";

/// Schema migrations: entry `n` takes a database from `user_version` `n` to `n + 1`. A new
/// version is a new entry at the end (for example `include_str!("migrate_2.sql")`); an entry
/// that has shipped is never edited, because databases out there already ran it.
const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("migrate_2.sql"),
    include_str!("migrate_3.sql"),
    include_str!("migrate_4.sql"),
];

/// The `user_version` this Podium writes, and the highest it can read.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The `application_id` the schema sets ('Podi' in ASCII): tells Podium's database apart from
/// another program's SQLite file.
const APPLICATION_ID: i64 = 0x506F_6469;

/// How long a write waits for another connection to the same file before giving up. Long
/// enough for a checkpoint, short enough that a stuck lock shows up as a message.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const STATEMENT_CACHE: usize = 64;

thread_local! {
    /// How many times this thread opened, read or wrote a store.
    static OPERATIONS: Cell<u64> = const { Cell::new(0) };
}

/// How many times the calling thread has opened, read or wrote a store. A thread that must
/// never wait on the database (the one that draws the windows) can be checked with it: any
/// SQLite call may wait for a lock another program holds.
pub fn operations_on_this_thread() -> u64 {
    OPERATIONS.with(Cell::get)
}

fn count_operation() {
    OPERATIONS.with(|n| n.set(n.get().saturating_add(1)));
}

/// The folder Podium keeps its data in: the `--data-dir` flag, else `PODIUM_DATA_DIR`, else
/// the platform's folder for application data (see [`platform_data_dir`]).
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    data_dir_from(flag, |name| std::env::var_os(name))
}

/// [`data_dir`] over a given environment, so it can be tested without changing the process's.
fn data_dir_from(flag: Option<&Path>, env: impl Fn(&str) -> Option<OsString>) -> PathBuf {
    if let Some(flag) = flag {
        return flag.to_path_buf();
    }
    // An empty variable counts as unset, as the XDG specification asks.
    let var = |name: &str| {
        env(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = var("PODIUM_DATA_DIR") {
        return dir;
    }
    platform_data_dir().unwrap_or_else(|| PathBuf::from("podium-data"))
}

/// The platform's folder for Podium's data: `$XDG_DATA_HOME/podium` (a relative
/// `XDG_DATA_HOME` is ignored, as the specification asks), else `~/.local/share/podium` on
/// Linux; `~/Library/Application Support/Podium` on macOS; `%APPDATA%\Podium` on Windows.
/// `None` without a home folder at all (a stripped-down service account), where a visible
/// folder where Podium was started beats losing the records.
fn platform_data_dir() -> Option<PathBuf> {
    let name = if cfg!(any(windows, target_os = "macos")) {
        "Podium"
    } else {
        "podium"
    };
    directories::BaseDirs::new().map(|dirs| dirs.data_dir().join(name))
}

/// The database file inside a data folder.
pub fn database_path(dir: &Path) -> PathBuf {
    dir.join(DATABASE_FILE)
}

/// The open database of one data folder. Writes take `&mut self`: one writer, one
/// transaction at a time.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the database in `dir`, creating the folder and the file if need be and bringing
    /// an older schema up to date. Refuses a file that is not Podium's or that a newer Podium
    /// wrote, without changing it.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        count_operation();
        std::fs::create_dir_all(dir).map_err(|e| folder_error(dir, e))?;
        let path = database_path(dir);
        let opened = Connection::open(&path)
            .map_err(Fault::from)
            .and_then(|mut conn| {
                // On a read-only disk SQLite opens the file for reading without a word; every
                // write would then fail, so say it now.
                if conn.is_readonly(rusqlite::MAIN_DB)? {
                    return Err(Fault::ReadOnly);
                }
                prepare(&mut conn)?;
                Ok(conn)
            });
        match opened {
            Ok(conn) => Ok(Store { conn, path }),
            Err(fault) => Err(match fault.into_error(&path) {
                // SQLite only says it could not open the file; the folder says why.
                StoreError::CannotOpen { path } => {
                    folder_problem(dir).unwrap_or(StoreError::CannotOpen { path })
                }
                other => other,
            }),
        }
    }

    /// Opens the database in `dir` for reading only: nothing is created, migrated or written,
    /// not even to a zero-byte file. Works on a read-only disk (a USB stick, an archive): when
    /// SQLite cannot open it read-only there, it is opened as immutable, which reads the main
    /// file as it is. Refuses a file that is not Podium's or that a newer Podium wrote.
    pub fn open_read_only(dir: &Path) -> Result<ReadOnly, StoreError> {
        count_operation();
        let path = database_path(dir);
        match open_read_only_as(&path, "mode=ro") {
            Ok(store) => Ok(ReadOnly {
                store,
                unread_log: None,
            }),
            Err(first @ (StoreError::NotPodium { .. } | StoreError::Newer { .. })) => Err(first),
            Err(first) => match open_read_only_as(&path, "immutable=1") {
                Ok(store) => {
                    // Immutable reads skip the write-ahead log: commits not yet copied into
                    // the main file are not seen. Say so instead of hiding it.
                    let log = wal_path(&path);
                    let unread_log = std::fs::metadata(&log)
                        .is_ok_and(|m| m.len() > 0)
                        .then_some(log);
                    Ok(ReadOnly { store, unread_log })
                }
                Err(_) => Err(first),
            },
        }
    }

    /// Sets how long a write waits for another connection's lock before failing as busy.
    pub fn set_busy_timeout(&self, wait: Duration) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(wait)
            .map_err(|e| Fault::from(e).into_error(&self.path))
    }

    /// Whether the file has no tables yet (a new or zero-byte file opened read-only).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.read(|conn| {
            Ok(conn.query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
                [],
                |row| row.get(0),
            )?)
        })
    }

    /// The database file, for messages ("saved in ...").
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Caps how large the file may grow, in pages, as a nearly full disk does; `None` lifts
    /// the cap. Podium's tests use it to check that records refused for want of space are
    /// kept and saved later.
    pub fn cap_size(&self, pages: Option<u32>) -> Result<(), StoreError> {
        let pages = pages.map_or(i64::from(u32::MAX), i64::from);
        self.conn
            .pragma_update(None, "max_page_count", pages)
            .map_err(|e| Fault::from(e).into_error(&self.path))
    }

    /// The number of pages the file has now.
    pub fn page_count(&self) -> Result<u32, StoreError> {
        self.conn
            .pragma_query_value(None, "page_count", |row| row.get::<_, u32>(0))
            .map_err(|e| Fault::from(e).into_error(&self.path))
    }

    /// Runs `work` in one immediate transaction and commits it before returning `Ok`.
    fn write<T>(
        &mut self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, Fault>,
    ) -> Result<T, StoreError> {
        count_operation();
        let conn = &mut self.conn;
        let result = (|| {
            // Immediate: take the write lock first, so the checks a write makes (does the row
            // it corrects exist?) still hold when it commits.
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let value = work(&tx)?;
            tx.commit()?;
            Ok(value)
        })();
        result.map_err(|fault: Fault| fault.into_error(&self.path))
    }

    fn read<T>(&self, work: impl FnOnce(&Connection) -> Result<T, Fault>) -> Result<T, StoreError> {
        count_operation();
        work(&self.conn).map_err(|fault| fault.into_error(&self.path))
    }

    /// Records the start of a session and returns its id.
    pub fn start_session(&mut self, new: &NewSession) -> Result<SessionId, StoreError> {
        self.write(|tx| insert_session(tx, new))
    }

    /// Records the end of a session. Ending it again records a later end, which then counts.
    pub fn end_session(&mut self, session: SessionId, ended_at: &Zoned) -> Result<(), StoreError> {
        self.write(|tx| insert_end(tx, session, ended_at).map(|_| ()))
    }

    /// Marks `session` void (a false start, a test run) with `reason`, or, with `void` false,
    /// valid again. Append-only: the newest mark counts, and the session's records stay.
    pub fn set_void(
        &mut self,
        session: SessionId,
        void: bool,
        reason: &str,
        at: &Zoned,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO session_voids (session_id, void, reason, recorded_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute((session, i64::from(void), reason, sql_time(at)))?;
            Ok(())
        })
    }

    /// One session with its counts, or `None` if there is no such session.
    pub fn session(&self, session: SessionId) -> Result<Option<SessionInfo>, StoreError> {
        self.read(|conn| {
            let sql = format!("{SESSION_SELECT} WHERE s.session_id = ?1");
            conn.prepare_cached(&sql)?
                .query_row([session], session_info)
                .optional()?
                .transpose()
        })
    }

    /// Every session, newest (last started) first.
    pub fn sessions(&self) -> Result<Vec<SessionInfo>, StoreError> {
        self.read(|conn| {
            let sql = format!("{SESSION_SELECT} ORDER BY s.session_id DESC");
            collect(conn.prepare_cached(&sql)?.query_map([], session_info)?)
        })
    }

    /// Sessions with no end recorded (the app was closed or killed mid-workshop), newest
    /// first: what the start screen offers to resume.
    pub fn unfinished_sessions(&self) -> Result<Vec<SessionInfo>, StoreError> {
        self.read(|conn| {
            let sql = format!(
                "{SESSION_SELECT}
                 WHERE NOT EXISTS (SELECT 1 FROM session_ends e WHERE e.session_id = s.session_id)
                 ORDER BY s.session_id DESC"
            );
            collect(conn.prepare_cached(&sql)?.query_map([], session_info)?)
        })
    }
}

pub(crate) fn insert_session(tx: &Transaction<'_>, new: &NewSession) -> Result<SessionId, Fault> {
    tx.prepare_cached(
        "INSERT INTO sessions (deck_title, deck_path, mode, facilitator, location, started_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute((
        &new.deck_title,
        &new.deck_path,
        new.mode.as_str(),
        &new.facilitator,
        &new.location,
        sql_time(&new.started_at),
    ))?;
    Ok(tx.last_insert_rowid())
}

pub(crate) fn insert_end(
    tx: &Transaction<'_>,
    session: SessionId,
    at: &Zoned,
) -> Result<i64, Fault> {
    tx.prepare_cached("INSERT INTO session_ends (session_id, ended_at) VALUES (?1, ?2)")?
        .execute((session, sql_time(at)))?;
    Ok(tx.last_insert_rowid())
}

/// A database opened by [`Store::open_read_only`].
#[derive(Debug)]
pub struct ReadOnly {
    pub store: Store,
    /// A write-ahead log beside the file that could not be read (the folder is read-only and
    /// the file had to be opened as immutable): the newest records may be missing.
    pub unread_log: Option<PathBuf>,
}

fn wal_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Opens `path` read-only with the URI parameter `query` and checks it is Podium's.
fn open_read_only_as(path: &Path, query: &str) -> Result<Store, StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let checked = Connection::open_with_flags(file_uri(path, query), flags)
        .map_err(Fault::from)
        .and_then(|conn| {
            conn.busy_timeout(BUSY_TIMEOUT)?;
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            check_podium(&conn)?;
            Ok(conn)
        });
    match checked {
        Ok(conn) => Ok(Store {
            conn,
            path: path.to_path_buf(),
        }),
        Err(fault) => Err(fault.into_error(path)),
    }
}

/// `path` as an SQLite URI (`file:/folder/podium.sqlite3?QUERY`), with the characters a URI
/// gives a meaning to escaped.
fn file_uri(path: &Path, query: &str) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    if cfg!(windows) {
        uri.push_str("///");
    }
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        match byte {
            b'\\' if cfg!(windows) => uri.push('/'),
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' | b':' => {
                uri.push(char::from(byte));
            }
            other => uri.push_str(&format!("%{other:02X}")),
        }
    }
    uri.push('?');
    uri.push_str(query);
    uri
}

/// Refuses a file that is another program's database or that a newer Podium wrote. Reads only.
fn check_podium(conn: &Connection) -> Result<(), Fault> {
    // The first read of the file: a file that is not SQLite fails here, before anything is
    // written to it.
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let application_id: i64 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let has_tables: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table')",
        [],
        |row| row.get(0),
    )?;
    if application_id != APPLICATION_ID && (version != 0 || has_tables) {
        return Err(Fault::NotPodium);
    }
    if version > SCHEMA_VERSION {
        return Err(Fault::Newer(version));
    }
    Ok(())
}

/// Sets the connection up, refuses files that are not Podium's or are too new, and migrates.
fn prepare(conn: &mut Connection) -> Result<(), Fault> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // Room for every statement the store uses (about 40), so none is compiled twice.
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    check_podium(conn)?;
    // WAL: a write appends to the log instead of rewriting pages, so a crash mid-write leaves
    // the last commit intact. FULL: the log is synced at every commit, so a commit survives
    // power loss, not only a crash of Podium.
    // A file system without shared memory (some network drives) keeps the rollback journal,
    // which is as durable, only slower; so the mode SQLite settled on is not checked.
    let _mode: String =
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(conn)
}

/// Applies the migrations the file has not had, each with its version bump in one transaction.
fn migrate(conn: &mut Connection) -> Result<(), Fault> {
    // Up to date: no write lock is taken, so opening never waits for another program's.
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if version >= SCHEMA_VERSION {
        return Ok(());
    }
    for (done, sql) in MIGRATIONS.iter().enumerate() {
        let target =
            i64::try_from(done + 1).map_err(|_| Fault::Unreadable("schema version".into()))?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Read inside the write lock: another Podium opening the same new file at the same
        // moment may have migrated it already.
        let version: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version >= target {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", target)?;
        tx.commit()?;
    }
    Ok(())
}

/// Why a folder cannot hold the database, found by trying to write a file in it.
fn folder_problem(dir: &Path) -> Option<StoreError> {
    let probe = dir.join(".podium-write-check");
    match std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(&probe)
    {
        Ok(_) => {
            // The probe showed what it had to; a probe file left behind is harmless.
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) => Some(folder_error(dir, e)),
    }
}

/// A session with its end and counts; callers add WHERE and ORDER BY.
///
/// Present: people whose latest attendance record is not `absent`. Answers: current
/// responses (no later row supersedes them, not cleared). Sheets: current score sheets.
const SESSION_SELECT: &str = "
    SELECT s.session_id, s.deck_title, s.deck_path, s.mode, s.facilitator, s.location,
           s.started_at,
           (SELECT e.ended_at FROM session_ends e WHERE e.session_id = s.session_id
            ORDER BY e.end_id DESC LIMIT 1),
           (SELECT COUNT(*) FROM attendance a
            WHERE a.session_id = s.session_id AND a.presence <> 'absent'
              AND a.attendance_id = (SELECT MAX(b.attendance_id) FROM attendance b
                                     WHERE b.session_id = a.session_id
                                       AND b.person_id = a.person_id)),
           (SELECT COUNT(*) FROM responses r
            WHERE r.session_id = s.session_id AND r.answer_kind <> 'cleared'
              AND NOT EXISTS (SELECT 1 FROM responses c WHERE c.supersedes = r.response_id)),
           (SELECT COUNT(*) FROM score_sheets h
            WHERE h.session_id = s.session_id
              AND NOT EXISTS (SELECT 1 FROM score_sheets c WHERE c.supersedes = h.sheet_id)),
           (SELECT CASE WHEN v.void = 1 THEN v.reason END FROM session_voids v
            WHERE v.session_id = s.session_id ORDER BY v.void_id DESC LIMIT 1)
    FROM sessions s";

fn session_info(row: &Row<'_>) -> rusqlite::Result<Result<SessionInfo, Fault>> {
    let mode: String = row.get(3)?;
    let people_present: i64 = row.get(8)?;
    let answers: i64 = row.get(9)?;
    let sheets: i64 = row.get(10)?;
    let Some(mode) = Mode::parse(&mode) else {
        return Ok(Err(Fault::Unreadable(format!(
            "unknown session mode \"{mode}\""
        ))));
    };
    Ok(Ok(SessionInfo {
        session_id: row.get(0)?,
        deck_title: row.get(1)?,
        deck_path: row.get(2)?,
        mode,
        facilitator: row.get(4)?,
        location: row.get(5)?,
        started_at: time_at(row, 6)?,
        ended_at: optional_time_at(row, 7)?,
        people_present: count(people_present)?,
        answers: count(answers)?,
        sheets: count(sheets)?,
        void: row.get(11)?,
    }))
}

/// Collects rows whose mapping can fail in two ways: SQLite's, and the store's own reading.
fn collect<T>(
    rows: impl Iterator<Item = rusqlite::Result<Result<T, Fault>>>,
) -> Result<Vec<T>, Fault> {
    rows.map(|row| row?).collect()
}

/// The time in column `index`, read back as it was written (see [`crate::time::rfc3339`]).
pub(crate) fn time_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Zoned> {
    let text: String = row.get(index)?;
    crate::time::parse_rfc3339(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// [`time_at`] for a column that may be NULL.
pub(crate) fn optional_time_at(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Zoned>> {
    let text: Option<String> = row.get(index)?;
    text.map(|text| {
        crate::time::parse_rfc3339(&text).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(
                index,
                rusqlite::types::Type::Text,
                Box::new(e),
            )
        })
    })
    .transpose()
}

/// A time as the store writes it.
pub(crate) fn sql_time(time: &Zoned) -> String {
    crate::time::rfc3339(time)
}

/// A non-negative SQLite integer as a `usize`.
fn count(value: i64) -> rusqlite::Result<usize> {
    usize::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, value))
}

/// A `usize` for an INTEGER column.
fn to_sql_int(value: usize, what: &str) -> Result<i64, Fault> {
    i64::try_from(value).map_err(|_| Fault::Invalid(format!("{what} {value} is too large")))
}
