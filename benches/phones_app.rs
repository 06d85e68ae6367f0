#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

//! Phones against the app's own core, on loopback: a `Presentation` recording through the
//! real recorder and writer into SQLite in a temporary folder, its phone server woken by the
//! same callback that wakes the app's window. The main thread plays the window: it waits to be
//! woken (or for the next change on screen), then runs a frame (the tick, which takes in the
//! phones' requests and the writer's commits) and builds the presenter's view model.
//!
//! 100 simulated phones join and hold an event stream; the presenter shows a poll; every phone
//! answers within one second. Reported: request to durable 200, answer sent to the presenter's
//! tally counting it, the frame time during the burst, and the CPU of the whole process with
//! 100 phones connected and nothing happening.

mod common;
#[path = "../tests/phones_support/mod.rs"]
mod phones_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use podium::deck::{self, ImageCheck};
use podium::phones::Reach;
use podium::presentation::{Action, Presentation, RecordAction};
use podium::record::room::Recorder;
use podium::show::Command;
use podium::store::types::{Mode, NewSession};
use podium::time::Now;
use serde_json::json;

use phones_support::{Client, EventStream, call};

const PHONES: usize = 100;
const ANSWER_WINDOW: Duration = Duration::from_secs(1);
const IDLE: Duration = Duration::from_secs(20);

fn now() -> Now {
    Now::read()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn report(name: &str, samples: Vec<Duration>) {
    let count = samples.len();
    let max = samples.iter().max().copied().unwrap_or_default();
    let timing = common::summarize(samples);
    println!(
        "{name:<52} median {:>8.2} ms   p99 {:>8.2} ms   max {:>8.2} ms   ({count})",
        ms(timing.median),
        ms(timing.p99),
        ms(max)
    );
}

/// CPU time of the whole process so far, in clock ticks.
fn cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let rest = stat.rsplit_once(") ").unwrap().1;
    let fields: Vec<&str> = rest.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

fn clock_ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100.0)
}

/// The window's part: frames run when woken, as eframe runs them on a repaint request.
struct Window {
    presentation: Presentation,
    woken: Receiver<()>,
    /// How long each frame took: the tick applied and the view model built.
    frames: Vec<Duration>,
}

impl Window {
    fn frame(&mut self, actions: Vec<Action>) {
        let started = Instant::now();
        let now = now();
        let mut all = vec![Action::Tick];
        all.extend(actions);
        let _ = self.presentation.apply(all, &now);
        let view = self.presentation.view(&now);
        std::hint::black_box(&view);
        drop(view);
        self.frames.push(started.elapsed());
    }

    /// Runs frames as they are asked for, until `done` or `limit` has passed.
    fn run_until(&mut self, limit: Duration, mut done: impl FnMut(&mut Window) -> bool) {
        let until = Instant::now() + limit;
        while !done(self) && Instant::now() < until {
            let wait = self
                .presentation
                .next_change(&now())
                .min(Duration::from_millis(500));
            if self.woken.recv_timeout(wait).is_ok() {
                // Wake-ups that came meanwhile are taken by the same frame, as egui merges
                // repaint requests.
                while self.woken.try_recv().is_ok() {}
            }
            self.frame(Vec::new());
        }
    }
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/phones_support/deck.ron");
    let loaded = deck::load(&path, ImageCheck::Header).unwrap();
    let (wake, woken) = mpsc::channel();
    let wake = Mutex::new(wake);
    let recorder = Recorder::start(
        &dir.path().join("data"),
        NewSession {
            deck_title: loaded.deck.title.clone(),
            deck_path: path.display().to_string(),
            mode: Mode::Live,
            facilitator: "Dana".into(),
            location: None,
            started_at: now().recorded(),
        },
        Arc::new(move || {
            let _ = wake.lock().unwrap().send(());
        }),
    );
    let presentation = Presentation::new(&path, loaded, Mode::Live, recorder, &now());
    let mut window = Window {
        presentation,
        woken,
        frames: Vec::new(),
    };
    let names: Vec<String> = (1..=PHONES)
        .map(|i| format!("Phone Person {i:03}"))
        .collect();
    let mut setup: Vec<Action> = names
        .iter()
        .map(|name| {
            Action::Record(RecordAction::AddPerson {
                name: name.clone(),
                email: None,
                team: None,
            })
        })
        .collect();
    window.presentation.set_phone_address(0, Reach::Loopback);
    setup.push(Action::PhonesOn);
    window.frame(setup);
    let line = window.presentation.phones().join_line().unwrap();
    let (url, pin) = line
        .strip_prefix("join: ")
        .and_then(|l| l.split_once(" pin: "))
        .unwrap();
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let pin = pin.to_owned();
    // The people were added, not checked in: joining checks them in.
    window.run_until(Duration::from_secs(10), |w| {
        w.presentation.recorder().unsaved() == 0
    });

    let (ready_tx, ready_rx) = mpsc::channel();
    let (go_tx, go_rx) = mpsc::channel::<()>();
    let go_rx = Arc::new(Mutex::new(go_rx));
    let mut handles = Vec::new();
    for (index, name) in names.iter().enumerate() {
        let (ready, go, name, pin) = (
            ready_tx.clone(),
            Arc::clone(&go_rx),
            name.clone(),
            pin.clone(),
        );
        handles.push(thread::spawn(move || {
            let body = json!({ "pin": pin, "name": name }).to_string();
            let joined = call(address, "POST", "/api/join", None, Some(&body));
            assert_eq!(joined.status, 200, "{}", joined.body);
            let token = joined.json()["token"].as_str().unwrap().to_owned();
            let mut events = EventStream::open(address, &token).unwrap();
            events.next_state(Duration::from_secs(30)).unwrap();
            ready.send(()).unwrap();
            go.lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(300))
                .unwrap();
            events.wait_for(Duration::from_secs(30), |s| s["item"]["id"] == "channel");
            let delay = ANSWER_WINDOW.mul_f64(index as f64 / PHONES as f64);
            thread::sleep(delay);
            let body = json!({"item": "channel", "option": index % 4}).to_string();
            let sent_at = Instant::now();
            let reply =
                Client::connect(address).send("POST", "/api/answer", Some(&token), Some(&body));
            let answered = sent_at.elapsed();
            assert_eq!(reply.status, 200, "{}", reply.body);
            drop(events);
            (name, sent_at, answered)
        }));
    }
    let mut ready = 0;
    window.run_until(Duration::from_secs(120), |_| {
        while ready_rx.try_recv().is_ok() {
            ready += 1;
        }
        ready == PHONES
    });
    assert_eq!(ready, PHONES, "every phone joined and holds a stream");
    window.run_until(Duration::from_secs(2), |w| {
        w.presentation.recorder().unsaved() == 0
    });
    let status = window.presentation.phones().view(false).status;
    println!(
        "{} joined, {} connected with an event stream",
        status.joined, status.connected
    );

    // Idle: everyone connected, nothing happening; the window sleeps until the clock's minute.
    let ticks_per_second = clock_ticks_per_second();
    let before = cpu_ticks();
    let frames_before = window.frames.len();
    let idle_from = Instant::now();
    window.run_until(IDLE, |_| false);
    let seconds = idle_from.elapsed().as_secs_f64();
    let ticks = cpu_ticks() - before;
    let one_tick = 100.0 / ticks_per_second / seconds;
    println!(
        "idle CPU with {PHONES} phones connected, {seconds:.0} s, whole process (core, writer, server, and the 100 simulated phones): {} of one core; {} frames",
        if ticks == 0 {
            format!("below {one_tick:.2} %")
        } else {
            format!("{:.2} %", one_tick * ticks as f64)
        },
        window.frames.len() - frames_before
    );

    // The burst: the poll is shown, and every phone answers within a second.
    let frames_from = window.frames.len();
    window.frame(vec![Action::Show(Command::GoToSlide(2))]);
    for _ in 0..PHONES {
        go_tx.send(()).unwrap();
    }
    let people: HashMap<i64, String> = window
        .presentation
        .recorder()
        .room
        .roster
        .iter()
        .map(|p| (p.person_id, p.name.clone()))
        .collect();
    let mut counted: HashMap<String, Instant> = HashMap::new();
    window.run_until(Duration::from_secs(60), |w| {
        let at = Instant::now();
        for row in w.presentation.recorder().room.responses_to("channel") {
            if let Some(name) = row.person_id.and_then(|p| people.get(&p)) {
                counted.entry(name.clone()).or_insert(at);
            }
        }
        counted.len() == PHONES && handles.iter().all(|h| h.is_finished())
    });
    let burst_frames = window.frames[frames_from..].to_vec();
    let answers: Vec<(String, Instant, Duration)> =
        handles.into_iter().map(|h| h.join().unwrap()).collect();
    report(
        "answer sent to durable 200",
        answers.iter().map(|(_, _, d)| *d).collect(),
    );
    report(
        "answer sent to the presenter's tally counting it",
        answers
            .iter()
            .map(|(name, sent, _)| counted[name].saturating_duration_since(*sent))
            .collect(),
    );
    report(
        "presenter frame (tick + view model) in the burst",
        burst_frames,
    );

    let opened = podium::store::Store::open_read_only(&dir.path().join("data")).unwrap();
    let db = rusqlite::Connection::open_with_flags(
        opened.store.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let stored: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM responses WHERE item_id = 'channel' AND person_id IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stored, PHONES as i64, "every answer is on disk");
}
