#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

//! Phones under load, on loopback: 100 simulated phones join and hold an event stream; the
//! presenter shows a poll; every phone sees it and answers within one second. A stand-in core
//! commits each answer to a real SQLite file with full sync before the phone hears 200.
//!
//! Reported: how long the poll takes to reach the phones, request to durable 200, request to
//! the core's commit (where the presenter's tally changes), and the CPU the server uses while
//! 100 phones are connected and nothing happens. The presenter's frame time during the burst
//! is measured with the app itself, not here.

mod common;
#[path = "../tests/phones_support/mod.rs"]
mod phones_support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use podium::phones::{PhoneConfig, PhoneServer, Reach};
use serde_json::json;

use phones_support::{Client, EventStream, TestCore, join};

const PHONES: usize = 100;
/// The answers are spread over this much time, as a room answers.
const ANSWER_WINDOW: Duration = Duration::from_secs(1);
/// How long the server is watched with everyone connected and nothing happening.
const IDLE: Duration = Duration::from_secs(30);

/// CPU time used so far, in clock ticks: by the server's threads, and by the whole process;
/// and how many server threads there are.
fn cpu_ticks() -> (u64, u64, usize) {
    let mut server = 0;
    let mut all = 0;
    let mut threads = 0;
    for task in std::fs::read_dir("/proc/self/task").unwrap() {
        let Ok(stat) = std::fs::read_to_string(task.unwrap().path().join("stat")) else {
            continue;
        };
        let Some((head, rest)) = stat.rsplit_once(") ") else {
            continue;
        };
        let fields: Vec<&str> = rest.split(' ').collect();
        let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
        all += ticks;
        if head.contains("(podium-phone") {
            server += ticks;
            threads += 1;
        }
    }
    (server, all, threads)
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

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

fn report(name: &str, samples: Vec<Duration>) {
    let timing = common::summarize(samples);
    println!(
        "{name:<52} median {:>8.2} ms   p99 {:>8.2} ms   ({} phones)",
        ms(timing.median),
        ms(timing.p99),
        timing.runs
    );
}

struct Phone {
    /// From the poll being shown to this phone receiving it.
    saw_poll: Duration,
    /// When the answer was sent, and how long until the durable 200.
    sent_at: Instant,
    answered: Duration,
}

fn main() {
    let names: Vec<String> = (1..=PHONES)
        .map(|i| format!("Phone Person {i:03}"))
        .collect();
    let roster: Vec<(&str, Option<&str>, Option<&str>)> =
        names.iter().map(|n| (n.as_str(), None, None)).collect();
    let core = TestCore::with_roster(&roster);
    let server = PhoneServer::start(
        PhoneConfig {
            port: 0,
            reach: Reach::Loopback,
            carry_over: None,
        },
        core.board.clone(),
        core.sender(),
        || {},
    )
    .unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], server.port()));

    let joined_at = Instant::now();
    let tokens: Vec<String> = names
        .iter()
        .map(|n| join(address, server.pin(), n))
        .collect();
    println!(
        "{PHONES} phones joined one after another in {:.0} ms (each check-in committed with full sync)",
        ms(joined_at.elapsed())
    );
    let people: Vec<i64> = names.iter().map(|n| core.person(n)).collect();

    let (ready_tx, ready_rx) = mpsc::channel();
    let (shown_tx, shown_rx) = mpsc::channel::<Instant>();
    let shown_rx = std::sync::Arc::new(std::sync::Mutex::new(shown_rx));
    let mut handles = Vec::new();
    for (index, token) in tokens.into_iter().enumerate() {
        let ready = ready_tx.clone();
        let shown = std::sync::Arc::clone(&shown_rx);
        handles.push(thread::spawn(move || {
            let mut events = EventStream::open(address, &token).unwrap();
            events.next_state(Duration::from_secs(10)).unwrap();
            ready.send(()).unwrap();
            events.wait_for(Duration::from_secs(300), |s| s["item"]["id"] == "channel");
            let seen = Instant::now();
            let shown_at = *shown
                .lock()
                .unwrap()
                .recv_timeout(Duration::from_secs(5))
                .as_ref()
                .unwrap();
            // Each phone answers at its own moment within the window.
            let delay = ANSWER_WINDOW.mul_f64(index as f64 / PHONES as f64);
            thread::sleep(delay.saturating_sub(seen.elapsed()));
            let body = json!({"item": "channel", "option": index % 4}).to_string();
            // The server closes connections idle for 30 seconds, as the wait above was, so the
            // phone connects again, as a browser does; the connection is part of the time.
            let sent_at = Instant::now();
            let reply =
                Client::connect(address).send("POST", "/api/answer", Some(&token), Some(&body));
            let answered = sent_at.elapsed();
            assert_eq!(reply.status, 200, "{}", reply.body);
            // Keep the stream open until every phone has answered.
            drop(events);
            Phone {
                saw_poll: seen.saturating_duration_since(shown_at),
                sent_at,
                answered,
            }
        }));
    }
    for _ in 0..PHONES {
        ready_rx.recv_timeout(Duration::from_secs(60)).unwrap();
    }
    // Let the streams settle, then watch the server with everyone connected and nothing on.
    thread::sleep(Duration::from_secs(1));
    let status = server.status();
    println!(
        "{} joined, {} connected with an event stream",
        status.joined, status.connected
    );
    let ticks_per_second = clock_ticks_per_second();
    let (server_before, all_before, threads) = cpu_ticks();
    let idle_from = Instant::now();
    thread::sleep(IDLE);
    let (server_after, all_after, _) = cpu_ticks();
    let seconds = idle_from.elapsed().as_secs_f64();
    // A clock tick (10 ms on Linux) is the resolution: no tick in the window reads as "below".
    let percent = |ticks: u64| {
        let one_tick = 100.0 / ticks_per_second / seconds;
        if ticks == 0 {
            format!("below {one_tick:.2} %")
        } else {
            format!("{:.2} %", one_tick * ticks as f64)
        }
    };
    println!(
        "idle CPU with {PHONES} phones connected, {seconds:.0} s: the server's {threads} threads {} of one core (whole benchmark process {})",
        percent(server_after - server_before),
        percent(all_after - all_before)
    );

    let shown_at = Instant::now();
    core.show("channel");
    for _ in 0..PHONES {
        shown_tx.send(shown_at).unwrap();
    }
    let phones: Vec<Phone> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let burst = shown_at.elapsed();

    let committed: HashMap<i64, Instant> = core.committed.lock().unwrap().iter().copied().collect();
    let to_commit: Vec<Duration> = phones
        .iter()
        .zip(&people)
        .map(|(phone, person)| committed[person].saturating_duration_since(phone.sent_at))
        .collect();
    report(
        "poll shown to the phone receiving it",
        phones.iter().map(|p| p.saw_poll).collect(),
    );
    report(
        "answer sent to durable 200",
        phones.iter().map(|p| p.answered).collect(),
    );
    report(
        "answer sent to the core's commit (tally changes)",
        to_commit,
    );
    println!(
        "all {PHONES} answers committed {:.0} ms after the poll was shown",
        ms(burst)
    );
    let stored: i64 = core
        .db()
        .query_row(
            "SELECT COUNT(*) FROM responses WHERE item_id = 'channel' AND person_id IS NOT NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(stored, PHONES as i64, "every answer is on disk");
}
