//! Unit tests of the store's helpers; the store itself is tested over real files in
//! `tests/store.rs` and `tests/store_kill.rs`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;

use super::people::{email_key, name_key};
use super::records::{decode_answer, encode_answer};
use super::*;

fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
    let vars: HashMap<String, OsString> = vars
        .iter()
        .map(|(name, value)| ((*name).to_owned(), OsString::from(value)))
        .collect();
    move |name| vars.get(name).cloned()
}

#[test]
fn the_flag_wins_over_the_environment() {
    let dir = data_dir_from(
        Some(Path::new("/flag")),
        env(&[("PODIUM_DATA_DIR", "/env"), ("HOME", "/home/x")]),
    );
    assert_eq!(dir, PathBuf::from("/flag"));
}

#[test]
fn podium_data_dir_wins_over_the_platform_folder() {
    let dir = data_dir_from(
        None,
        env(&[("PODIUM_DATA_DIR", "/env"), ("HOME", "/home/x")]),
    );
    assert_eq!(dir, PathBuf::from("/env"));
}

#[test]
fn an_empty_variable_counts_as_unset() {
    let dir = data_dir_from(None, env(&[("PODIUM_DATA_DIR", ""), ("HOME", "/home/x")]));
    assert_ne!(dir, PathBuf::from(""));
}

#[test]
fn names_match_ignoring_case_and_spacing() {
    assert_eq!(name_key("  Ana   María\tLópez "), "ana maría lópez");
    assert_eq!(name_key("ANA MARÍA LÓPEZ"), "ana maría lópez");
    assert_eq!(name_key("   "), "");
}

#[test]
fn emails_match_ignoring_case() {
    assert_eq!(
        email_key(" Ana.Lopez@Example.COM "),
        "ana.lopez@example.com"
    );
}

#[test]
fn every_answer_kind_round_trips() {
    let answers = [
        Answer::Options(vec![]),
        Answer::Options(vec![0]),
        Answer::Options(vec![3, 0, 12]),
        Answer::Number(-4),
        Answer::Number(i64::MAX),
        Answer::Text(String::new()),
        Answer::Text("1,2".to_owned()),
        Answer::Text("line one\n\"quoted\", 'single'\r\n🎉 done".to_owned()),
        Answer::Cleared,
    ];
    for answer in answers {
        let (kind, value) = encode_answer(&answer);
        assert_eq!(decode_answer(kind, value).unwrap(), answer);
    }
}

#[test]
fn a_mangled_answer_is_unreadable_not_a_panic() {
    for (kind, value) in [
        ("options", Value::Text("1,x".to_owned())),
        ("number", Value::Text("7".to_owned())),
        ("text", Value::Integer(7)),
        ("cleared", Value::Text(String::new())),
        ("colour", Value::Null),
    ] {
        assert!(matches!(
            decode_answer(kind, value),
            Err(super::error::Fault::Unreadable(_))
        ));
    }
}

#[test]
fn every_error_has_advice() {
    let path = PathBuf::from("/data/podium.sqlite3");
    let errors = [
        StoreError::ReadOnly { path: path.clone() },
        StoreError::DiskFull { path: path.clone() },
        StoreError::NotPodium { path: path.clone() },
        StoreError::Newer {
            path: path.clone(),
            found: 99,
            supported: SCHEMA_VERSION,
        },
    ];
    for error in errors {
        assert!(
            error.to_string().contains("/data/podium.sqlite3"),
            "{error}"
        );
        assert!(!error.advice().is_empty());
    }
}

#[test]
fn a_full_disk_is_reported_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let session = store
        .start_session(&NewSession {
            deck_title: "Full".to_owned(),
            deck_path: "/decks/full.ron".to_owned(),
            mode: Mode::Live,
            facilitator: String::new(),
            location: None,
            started_at: crate::time::parse_rfc3339("2025-03-04T09:00:00+01:00").unwrap(),
        })
        .unwrap();
    // SQLite reports SQLITE_FULL when the file may not grow, as on a full disk.
    let pages: i64 = store
        .conn
        .pragma_query_value(None, "page_count", |row| row.get(0))
        .unwrap();
    store
        .conn
        .pragma_update(None, "max_page_count", pages)
        .unwrap();
    let error = store
        .record_response(&NewResponse {
            session_id: session,
            item_id: "free".to_owned(),
            item_kind: crate::deck::ItemKind::FreeText,
            person_id: None,
            answer: Answer::Text("x".repeat(1 << 20)),
            correct: None,
            supersedes: None,
            recorded_at: crate::time::parse_rfc3339("2025-03-04T09:01:00+01:00").unwrap(),
        })
        .unwrap_err();
    assert!(matches!(error, StoreError::DiskFull { .. }), "{error:?}");
    assert!(error.to_string().contains("is full"), "{error}");
    assert!(error.to_string().contains("podium.sqlite3"), "{error}");
    // The failed write left nothing half-done, and the store still reads.
    assert!(store.all_responses(session).unwrap().is_empty());
}

#[test]
fn a_file_locked_by_another_program_is_reported_as_busy() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let other = rusqlite::Connection::open(database_path(dir.path())).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Not the real five seconds: the test only needs the wait to run out.
    store
        .conn
        .busy_timeout(std::time::Duration::from_millis(20))
        .unwrap();
    let error = store
        .end_session(
            1,
            &crate::time::parse_rfc3339("2025-03-04T09:00:00+01:00").unwrap(),
        )
        .unwrap_err();
    assert!(matches!(error, StoreError::Busy { .. }), "{error:?}");
    assert!(error.to_string().contains("in use"), "{error}");
}
