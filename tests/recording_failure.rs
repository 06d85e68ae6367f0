#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! When the database cannot be written (another program holds its lock, the data folder is
//! missing), the show goes on at full speed, records stay in memory and are saved by the
//! writer on its own timer, and closing never drops one: the dialog offers to keep trying,
//! to save them to a file that merges back without duplicates, or to discard them after a
//! second confirmation. A SIGTERM saves them to a file the next start offers.
//!
//! Real parts throughout: SQLite files in temporary folders, a second SQLite connection that
//! holds the write lock, the real views driven through egui_kittest.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use podium::app::Now;
use podium::cli::{self, ImportOutcome};
use podium::record::pending_file::{self, UNSAVED_FILE};
use podium::record::room::Recorder;
use podium::record::{self, RETRY_EVERY};
use podium::show::Command as ShowCommand;
use podium::store::types::{Answer, Mode, NewResponse, NewSession, Presence};
use podium::store::{Store, database_path, operations_on_this_thread};

mod common;
use common::app::{TestApp, all_text};

const AT: &str = "2026-11-27T09:00:00+01:00";

const DECK: &str = r#"Deck(title: "Lock test", sections: [Section(title: "S", minutes: 30, slides: [
    Title(title: "Welcome"),
    Poll(id: "stall", question: "Where do deals stall?", options: ["Price", "Timing", "Champion"]),
    Quiz(id: "trap", question: "Which is open?", options: ["Is it red?", "What matters?"], answer: 1),
    Title(title: "Three"),
    Title(title: "Four"),
    Title(title: "Five"),
])])"#;

fn new_session(mode: Mode) -> NewSession {
    NewSession {
        deck_title: "Lock test".into(),
        deck_path: "/decks/lock.ron".into(),
        mode,
        facilitator: "Dana".into(),
        location: None,
        started_at: at(AT),
    }
}

fn answer(person: i64, text: &str) -> NewResponse {
    NewResponse {
        session_id: 0,
        item_id: "habit".into(),
        item_kind: podium::deck::ItemKind::FreeText,
        person_id: Some(person),
        answer: Answer::Text(text.into()),
        correct: None,
        supersedes: None,
        recorded_at: at(AT),
    }
}

fn quiet() -> record::Notify {
    std::sync::Arc::new(|| {})
}

/// Waits (without touching the recorder, so no redraw is involved) until `done`.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "{what} never happened");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn pending(recorder: &Recorder) -> usize {
    record::lock(recorder.journal()).pending.len()
}

/// Another program (a backup tool, the sqlite3 shell) holding the database's write lock.
struct HeldLock(rusqlite::Connection);

impl HeldLock {
    fn take(dir: &Path) -> HeldLock {
        let conn = rusqlite::Connection::open(database_path(dir)).unwrap();
        conn.execute_batch("BEGIN EXCLUSIVE").unwrap();
        HeldLock(conn)
    }

    fn release(self) {
        self.0.execute_batch("COMMIT").unwrap();
    }
}

#[test]
fn a_store_missing_at_the_start_gets_everything_in_order_once_it_is_back() {
    let dir = tempfile::tempdir().unwrap();
    // The data folder's path runs into a file: nothing can be written until it is moved.
    let blocker = dir.path().join("usb");
    std::fs::write(&blocker, "not a folder").unwrap();
    let data = blocker.join("podium");
    let mut recorder = Recorder::start(&data, new_session(Mode::Live), quiet());
    let ana = recorder
        .add_person("Ana Ruiz", None, None, &at(AT))
        .unwrap();
    let bo = recorder
        .add_person("Bo Chen", Some("bo@example.com"), None, &at(AT))
        .unwrap();
    recorder.presence(ana, Presence::Present, &at(AT));
    recorder.presence(bo, Presence::Late, &at(AT));
    recorder.answer(answer(ana, "ask why"));
    recorder.answer(answer(bo, "listen"));
    recorder.answer(answer(bo, "listen twice"));
    wait_for("the first refusal", || {
        record::lock(recorder.journal()).problem.is_some()
    });
    recorder.poll();
    assert_eq!(
        recorder.unsaved(),
        8,
        "the session, 2 people, 2 check-ins, 3 answers"
    );
    let problem = recorder.problem().unwrap();
    assert!(problem.contains("a file with that name"), "{problem}");
    assert!(
        recorder.room.is_unsaved(&record::Mark::Person(ana)),
        "shown as not saved"
    );
    assert_eq!(recorder.stored_session(), None);

    // The file is moved away: the next retry writes it all, with no one asking.
    std::fs::remove_file(&blocker).unwrap();
    wait_for("the backlog to be written", || pending(&recorder) == 0);
    recorder.poll();
    assert!(recorder.problem().is_none());
    assert!(
        recorder.room.unsaved.is_empty(),
        "everything shows as saved"
    );
    let session = recorder.stored_session().unwrap();
    drop(recorder);

    let store = Store::open(&data).unwrap();
    assert_eq!(
        store.session(session).unwrap().unwrap().deck_title,
        "Lock test"
    );
    let roster: Vec<String> = store
        .roster(session)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(roster, vec!["Ana Ruiz", "Bo Chen"]);
    let answers = store.responses(session, "habit").unwrap();
    assert_eq!(
        answers.len(),
        2,
        "the correction replaced Bo's first answer"
    );
    assert_eq!(answers[1].answer, Answer::Text("listen twice".into()));
    let late = store
        .attendance(session)
        .unwrap()
        .into_iter()
        .find(|a| a.presence == Presence::Late)
        .unwrap();
    assert_eq!(
        Some(late.person_id),
        store
            .people()
            .unwrap()
            .iter()
            .find(|p| p.name == "Bo Chen")
            .map(|p| p.person_id)
    );
}

#[test]
fn the_writer_retries_on_its_own_timer_with_no_redraw() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let mut recorder = Recorder::start(dir.path(), new_session(Mode::Live), quiet());
    wait_for("the session row", || pending(&recorder) == 0);
    let lock = HeldLock::take(dir.path());
    let ana = recorder.add_person("Ana", None, None, &at(AT)).unwrap();
    recorder.answer(answer(ana, "one"));
    recorder.presence(ana, Presence::Present, &at(AT));
    wait_for("the writer to meet the lock", || {
        record::lock(recorder.journal()).problem.is_some()
    });
    let problem = record::lock(recorder.journal()).problem.clone().unwrap();
    assert!(problem.contains("in use by another program"), "{problem}");
    assert_eq!(pending(&recorder), 3);

    // The lock goes; nobody draws or calls the recorder: the writer's own timer saves them.
    lock.release();
    let released = Instant::now();
    wait_for("the retry", || pending(&recorder) == 0);
    eprintln!(
        "saved {:.1} s after the lock went (retry every {} s)",
        released.elapsed().as_secs_f64(),
        RETRY_EVERY.as_secs()
    );
    let session = record::lock(recorder.journal()).resolved.get(-1).unwrap();
    drop(recorder);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.responses(session, "habit").unwrap().len(), 1);
    assert_eq!(store.attendance(session).unwrap().len(), 1);
}

// ---- the app, driven like a person would ----

fn now_at(instant: Instant) -> Now {
    Now::at(instant, at(AT))
}

/// Podium on `deck` in a live session recorded in `data`, at 1280x800.
fn app_on(deck: &Path, data: &Path) -> Harness<'static, TestApp> {
    let options = common::app::options(data, "Dana");
    let mut harness = common::app::harness(
        options,
        egui::vec2(1280.0, 800.0),
        1.0,
        now_at(Instant::now()),
        None,
    );
    let ctx = harness.ctx.clone();
    harness.state_mut().app.open(&ctx, deck);
    harness
}

fn start_live(h: &mut Harness<'_, TestApp>) {
    let ctx = h.ctx.clone();
    let now = h.state().now.clone();
    h.state_mut().app.start_show(&ctx, None, &now);
    h.run_steps(2);
    // Headless, the audience window would be drawn over the presenter's side panel.

    hide_audience(h);
    h.run_steps(2);
}

/// Runs frames until `done`, sleeping a little between them so the writer can work.
fn frames_until(h: &mut Harness<'_, TestApp>, what: &str, done: impl Fn(&TestApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "{what} never happened");
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn unsaved(state: &TestApp) -> usize {
    state
        .app
        .show()
        .map_or(0, |s| s.presentation.recorder().unsaved())
}

fn deck_in(dir: &Path) -> PathBuf {
    let deck = dir.join("lock.ron");
    std::fs::write(&deck, DECK).unwrap();
    deck
}

/// A live session with Ana and Bo checked in, on the poll, everything saved.
fn live_room(dir: &Path, data: &Path) -> Harness<'static, TestApp> {
    let mut h = app_on(&deck_in(dir), data);
    start_live(&mut h);
    {
        let show = h.state_mut().app.show_mut().unwrap();
        for name in ["Ana Ruiz", "Bo Chen"] {
            let person = show
                .presentation
                .recorder_mut()
                .add_person(name, None, None, &at(AT))
                .unwrap();
            show.presentation
                .recorder_mut()
                .presence(person, Presence::Present, &at(AT));
        }
    }
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    frames_until(&mut h, "the first records to be saved", |s| unsaved(s) == 0);
    h
}

/// Records three answers while another program holds the lock.
fn three_answers_under_a_lock(h: &mut Harness<'_, TestApp>, data: &Path) -> HeldLock {
    let lock = HeldLock::take(data);
    let show = h.state_mut().app.show_mut().unwrap();
    let people: Vec<i64> = show
        .presentation
        .recorder()
        .room
        .roster
        .iter()
        .map(|p| p.person_id)
        .collect();
    for (person, option) in people.iter().zip([0, 1]) {
        show.presentation.recorder_mut().answer(NewResponse {
            session_id: 0,
            item_id: "stall".into(),
            item_kind: podium::deck::ItemKind::Poll,
            person_id: Some(*person),
            answer: Answer::Options(vec![option]),
            correct: None,
            supersedes: None,
            recorded_at: at(AT),
        });
    }
    show.presentation
        .recorder_mut()
        .add_mark("stall", 2, &at(AT));
    frames_until(h, "the writer to meet the lock", |s| {
        s.app
            .show()
            .is_some_and(|show| show.presentation.recorder().problem().is_some())
    });
    // The status line grew by the message: let the panels settle before clicking.
    h.run_steps(3);
    lock
}

#[test]
fn with_the_lock_held_keys_and_slide_changes_never_wait_for_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut h = live_room(dir.path(), &data);
    let lock = three_answers_under_a_lock(&mut h, &data);

    // Everything the presenter does from here runs on this thread: if any of it touched
    // SQLite, it could wait for the lock (five seconds a write, before).
    let before = operations_on_this_thread();
    let mut expected = h.state().app.show().unwrap().presentation.show().clone();
    for _ in 0..3 {
        expected.apply(ShowCommand::Next, Instant::now());
        h.key_press(egui::Key::ArrowRight);
        h.run_steps(1);
        assert_eq!(
            h.state().app.show().unwrap().presentation.show().position(),
            expected.position(),
            "the key took effect in its frame"
        );
    }
    expected.apply(ShowCommand::Previous, Instant::now());
    h.get_by_label_contains("People (").click();
    h.run_steps(1);
    h.get_by_label("Everyone is here").click();
    h.run_steps(1);
    h.key_press(egui::Key::ArrowLeft);
    h.run_steps(1);
    let show = h.state().app.show().unwrap();
    assert_eq!(show.presentation.show().position(), expected.position());
    assert_eq!(
        operations_on_this_thread(),
        before,
        "the frames made no database call while another program held the lock"
    );
    let shown = all_text(&h);
    assert!(shown.contains("NOT SAVED YET"), "{shown}");
    assert!(shown.contains("in use by another program"), "{shown}");

    lock.release();
    frames_until(&mut h, "the records to be saved", |s| unsaved(s) == 0);
    assert!(
        all_text(&h).contains("everything is saved"),
        "{}",
        all_text(&h)
    );
}

/// Clicks a button of the close dialog, whose content is measured a frame before it shows.
fn click_in_dialog(h: &mut Harness<'_, TestApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run_steps(3);
}

fn close_deck(h: &mut Harness<'_, TestApp>) {
    // Through accessibility, as a screen reader would: the status line above the button
    // changes height as records wait, which moves the button between frames.
    h.get_by_label("Close deck").click_accesskit();
    // The dialog is measured in its first frame and shown in the next.
    h.run_steps(3);
    // A live session's close summary first; "Close" goes on with the close.
    assert!(all_text(h).contains("End the session?"), "{}", all_text(h));
    click_in_dialog(h, "Close");
}

#[test]
fn closing_with_records_not_saved_asks_and_keep_trying_goes_back_to_the_show() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut h = live_room(dir.path(), &data);
    let lock = three_answers_under_a_lock(&mut h, &data);

    close_deck(&mut h);
    let shown = all_text(&h);
    assert!(shown.contains("3 records not saved yet"), "{shown}");
    assert!(h.state().app.show().is_some(), "nothing closed");

    // A second close request (the window's close button) asks again; it does not close.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(2);
    assert!(all_text(&h).contains("3 records not saved yet"));
    assert!(!h.state().app.quit_allowed(), "the window stays");

    click_in_dialog(&mut h, "Keep trying");
    assert!(
        !all_text(&h).contains("3 records not saved yet"),
        "the dialog is gone"
    );
    let show = h.state().app.show().expect("back in the show");
    assert_eq!(show.presentation.recorder().unsaved(), 3);

    // The lock goes: the records are saved, and a close now closes the window for good.
    lock.release();
    frames_until(&mut h, "the records to be saved", |s| unsaved(s) == 0);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_steps(3);
    // Closing Podium while presenting shows the summary too.
    assert!(
        all_text(&h).contains("End the session and quit Podium?"),
        "{}",
        all_text(&h)
    );
    assert!(
        !h.state().app.quit_allowed(),
        "the window stays until Close"
    );
    click_in_dialog(&mut h, "Close");
    frames_until(&mut h, "the window to be allowed to close", |s| {
        s.app.quit_allowed()
    });
    let store = Store::open(&data).unwrap();
    let session = store.sessions().unwrap()[0].clone();
    assert!(session.ended_at.is_some(), "the session has its end");
    assert_eq!(
        store.responses(session.session_id, "stall").unwrap().len(),
        3
    );
}

#[test]
fn saving_to_a_file_closes_and_the_file_merges_once_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut h = live_room(dir.path(), &data);
    let lock = three_answers_under_a_lock(&mut h, &data);
    let file = dir.path().join("kept.json");

    close_deck(&mut h);
    h.state_mut().app.show_mut().unwrap().close_dialog.path = file.display().to_string();
    h.run_steps(1);
    click_in_dialog(&mut h, "Save them to a file\u{2026}");
    assert!(h.state().app.show().is_none(), "the deck closed");
    let saved = pending_file::load(&file).unwrap();
    // The three answers, and what closing records: the time on the slide, the end.
    let records = pending_file::count(&saved);
    assert!(records >= 4, "{records} records: {saved:#?}");
    lock.release();

    let merge = |file: &Path| {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let outcome = cli::import_pending(&data, file, &mut out, &mut err).unwrap();
        (
            outcome,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    };
    let (outcome, out, err) = merge(&file);
    assert_eq!(outcome, ImportOutcome::Merged, "{err}");
    assert!(out.contains("merged into the database"), "{out}");
    let store = Store::open(&data).unwrap();
    let session = store.sessions().unwrap()[0].clone();
    assert_eq!(
        store.responses(session.session_id, "stall").unwrap().len(),
        3
    );
    assert!(session.ended_at.is_some(), "the end came in with them");

    // Merging again adds nothing.
    let (outcome, out, _) = merge(&file);
    assert_eq!(outcome, ImportOutcome::Merged);
    assert!(
        out.contains(&format!(
            "0 records merged into the database; {records} were there already"
        )),
        "{out}"
    );
    let raw = rusqlite::Connection::open(database_path(&data)).unwrap();
    let rows: i64 = raw
        .query_row("SELECT COUNT(*) FROM responses", [], |row| row.get(0))
        .unwrap();
    assert_eq!(rows, 3);
}

#[test]
fn discarding_asks_again_naming_the_number() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut h = live_room(dir.path(), &data);
    let lock = three_answers_under_a_lock(&mut h, &data);

    close_deck(&mut h);
    click_in_dialog(&mut h, "Discard\u{2026}");
    let shown = all_text(&h);
    assert!(shown.contains("Discard 3 records for good?"), "{shown}");
    click_in_dialog(&mut h, "Back");
    assert!(all_text(&h).contains("3 records not saved yet"));
    click_in_dialog(&mut h, "Discard\u{2026}");
    click_in_dialog(&mut h, "Discard 3 records");
    assert!(h.state().app.show().is_none(), "the deck closed");
    lock.release();
    std::thread::sleep(RETRY_EVERY + Duration::from_millis(500));
    let store = Store::open(&data).unwrap();
    let session = store.sessions().unwrap()[0].clone();
    assert!(
        store
            .responses(session.session_id, "stall")
            .unwrap()
            .is_empty(),
        "discarded records are not written later"
    );
    assert!(!data.join(UNSAVED_FILE).exists());
}

#[test]
fn a_second_window_sees_the_session_running_and_offers_no_resume_until_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let deck = deck_in(dir.path());
    let mut first = app_on(&deck, &data);
    start_live(&mut first);
    frames_until(&mut first, "the session row", |s| {
        s.app
            .show()
            .is_some_and(|show| show.presentation.recorder().stored_session().is_some())
    });
    let session = first
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .recorder()
        .stored_session()
        .unwrap();

    let mut second = app_on(&deck, &data);
    frames_until(&mut second, "the unfinished sessions", |s| {
        s.app
            .setup()
            .is_some_and(|setup| !setup.unfinished.is_empty())
    });
    let shown = all_text(&second);
    assert!(
        shown.contains("running in another Podium window"),
        "{shown}"
    );
    assert!(
        second.query_by_label("Resume").is_none()
            && second.query_by_label("Resume (Enter)").is_none(),
        "no Resume while it runs"
    );
    assert!(second.query_by_label("Mark as finished").is_none());

    // Resuming it anyway (a stale screen) is refused in words, never "a fault in Podium".
    let ctx = second.ctx.clone();
    let now = second.state().now.clone();
    second.state_mut().app.start_show(&ctx, Some(session), &now);
    frames_until(&mut second, "the refusal", |s| {
        s.app.setup().is_some_and(|setup| setup.problem.is_some())
    });
    let problem = second.state().app.setup().unwrap().problem.clone().unwrap();
    assert!(
        problem.contains("running in another Podium window"),
        "{problem}"
    );
    assert!(!problem.contains("fault"), "{problem}");
    assert!(second.state().app.show().is_none());

    // The first window goes away without ending the session (its process was killed, say):
    // the lock goes with it, and the second window offers Resume.
    // The setup screen looks again every two seconds of its clock while a session runs
    // elsewhere, so the test's clock is moved on as a person's would be.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(30);
    while !second
        .state()
        .app
        .setup()
        .is_some_and(|setup| setup.unfinished.len() == 1 && !setup.unfinished[0].running_elsewhere)
    {
        assert!(Instant::now() < deadline, "Resume is never offered");
        let later = second.state().now.instant + Duration::from_millis(500);
        second.state_mut().now = now_at(later);
        second.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
    second.run_steps(1);
    assert!(second.query_by_label("Resume (Enter)").is_some());
}

// ---- SIGTERM ----

/// The child for `sigterm_saves_the_records_not_yet_saved`: records under a held lock, then
/// waits to be stopped.
#[test]
#[ignore = "run as a child process by sigterm_saves_the_records_not_yet_saved"]
fn child_recording_under_a_lock() {
    let Some(dir) = std::env::var_os("PODIUM_SIGTERM_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    drop(Store::open(&dir).unwrap());
    let _lock = HeldLock::take(&dir);
    record::signals::install().unwrap();
    let mut recorder = Recorder::start(&dir, new_session(Mode::Live), quiet());
    let ana = recorder
        .add_person("Ana Ruiz", None, None, &at(AT))
        .unwrap();
    recorder.answer(answer(ana, "first"));
    recorder.answer(answer(ana, "second"));
    wait_for("the writer to meet the lock", || {
        record::lock(recorder.journal()).problem.is_some()
    });
    println!("ready");
    std::thread::sleep(Duration::from_secs(60));
    panic!("not stopped");
}

#[cfg(unix)]
#[test]
fn sigterm_saves_the_records_not_yet_saved_and_the_next_start_offers_them() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_recording_under_a_lock",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env("PODIUM_SIGTERM_DIR", &data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(
        lines.any(|line| line.unwrap().trim() == "ready"),
        "the child never got ready"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(15),
        "it stopped as SIGTERM asks: {status:?}"
    );

    let file = data.join(UNSAVED_FILE);
    let saved = pending_file::load(&file).unwrap();
    assert_eq!(
        pending_file::count(&saved),
        4,
        "the session, Ana, two answers: {saved:#?}"
    );

    // The next start offers them, and merging brings them in.
    let mut h = common::app::harness(
        common::app::options(&data, "Dana"),
        egui::vec2(1280.0, 800.0),
        1.0,
        now_at(Instant::now()),
        None,
    );
    h.run_steps(2);
    let shown = all_text(&h);
    assert!(
        shown.contains("4 records that could not be saved in the data folder"),
        "{shown}"
    );
    h.get_by_label("Add them to the records").click();
    frames_until(&mut h, "the merge", |_| !data.join(UNSAVED_FILE).exists());
    h.run_steps(2);
    assert!(
        all_text(&h).contains("4 records merged into the database"),
        "{}",
        all_text(&h)
    );
    let store = Store::open(&data).unwrap();
    let session = store.sessions().unwrap()[0].session_id;
    let answers = store.responses(session, "habit").unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].answer, Answer::Text("second".into()));
}

#[test]
fn a_record_the_store_refuses_is_kept_and_the_ones_after_it_are_saved() {
    let dir = tempfile::tempdir().unwrap();
    let mut recorder = Recorder::start(dir.path(), new_session(Mode::Live), quiet());
    let ana = recorder.add_person("Ana", None, None, &at(AT)).unwrap();
    // A score outside the scale: the store refuses it for good.
    recorder.score(podium::store::types::NewScoreSheet {
        session_id: 0,
        item_id: "call".into(),
        round: 1,
        seller_id: ana,
        observer_id: None,
        scores: vec![("Listening".into(), 9)],
        scale: 5,
        comment: String::new(),
        supersedes: None,
        recorded_at: at(AT),
    });
    recorder.answer(answer(ana, "after it"));
    wait_for("the records after it", || pending(&recorder) == 1);
    recorder.poll();
    assert_eq!(recorder.unsaved(), 1, "the refused sheet is still counted");
    let problem = recorder.problem().unwrap().to_owned();
    assert!(problem.contains("outside 1 to 5"), "{problem}");
    assert!(!problem.contains("fault"), "{problem}");
    let sheet = recorder.room.sheets["call"][0].sheet_id;
    assert!(
        recorder.room.is_unsaved(&record::Mark::Sheet(sheet)),
        "it is not shown as saved"
    );
    // It goes into the file of unsaved records like any other.
    let file = dir.path().join("kept.json");
    assert_eq!(recorder.save_pending(&file).unwrap(), 1);
}

/// Headless, the audience window is drawn inside the presenter's and would cover its side
/// panel: it is hidden as a person would, by its action.
fn hide_audience(h: &mut Harness<'_, TestApp>) {
    let now = h.state().now.clone();
    let show = h.state_mut().app.show_mut().unwrap();
    let _ = show
        .presentation
        .apply([podium::presentation::Action::ToggleAudienceWindow], &now);
    h.run_steps(1);
}

/// A recorded time, from its RFC 3339 text.
fn at(text: &str) -> jiff::Zoned {
    podium::time::parse_rfc3339(text).unwrap()
}
