#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

//! The presenter window with phones on, driven through egui_kittest: the Phones button turns
//! the server on (loopback only here), a phone joins and answers over HTTP, and the Answers
//! tab counts it in the very next frame.

mod common;
mod phones_support;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use podium::app::Now;
use podium::phones::Reach;
use podium::presentation::{Action, RecordAction};
use podium::store::types::Mode;

use common::app::{TestApp, all_text};
use phones_support::call;
use serde_json::json;

const DECK: &str = r#"Deck(title: "Deals", sections: [
    Section(title: "Opening", minutes: 10, slides: [
        Title(title: "Welcome"),
        Poll(id: "stall", question: "What stalls deals?", options: ["Price", "Timing", "Nobody decides"]),
    ]),
])"#;

fn now_at(instant: Instant) -> Now {
    Now::at(
        instant,
        podium::time::parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap(),
    )
}

fn apply(h: &mut Harness<'_, TestApp>, actions: Vec<Action>) {
    let now = h.state().now.clone();
    let show = h.state_mut().app.show_mut().unwrap();
    let _ = show.presentation.apply(actions, &now);
    h.run_steps(1);
}

/// Runs frames until `done` says so, as the app's window would while a phone waits.
fn run_until(h: &mut Harness<'_, TestApp>, what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(Instant::now() < deadline, "{what} did not happen in 30 s");
        h.run_steps(1);
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_phone_answer_shows_in_the_answers_tab_after_one_frame() {
    let dir = tempfile::tempdir().unwrap();
    let deck = dir.path().join("phones.ron");
    std::fs::write(&deck, DECK).unwrap();
    let data = tempfile::tempdir().unwrap();
    let options = common::app::options(data.path(), "Dana");
    let t0 = Instant::now();
    let mut h = common::app::harness(
        options,
        egui::vec2(1280.0, 800.0),
        1.0,
        now_at(t0),
        Some(data),
    );
    let ctx = h.ctx.clone();
    h.state_mut().app.open(&ctx, &deck);
    h.state_mut().app.setup_mut().unwrap().mode = Mode::Live;
    let now = h.state().now.clone();
    h.state_mut().app.start_show(&ctx, None, &now);
    h.run_steps(2);
    // Headless, the audience window is drawn inside the presenter's: hidden, so the side
    // panel can be read.
    let mut setup = vec![Action::ToggleAudienceWindow];
    for name in ["Ana Ruiz", "Bo Chen", "Chloé Martin"] {
        setup.push(Action::Record(RecordAction::AddPerson {
            name: name.into(),
            email: None,
            team: None,
        }));
    }
    apply(&mut h, setup);

    // Phones on with the presenter's button; loopback only, as in every test.
    h.state_mut()
        .app
        .show_mut()
        .unwrap()
        .presentation
        .set_phone_address(0, Reach::Loopback);
    h.get_by_label("Phones").click();
    h.run_steps(2);
    let line = h
        .state()
        .app
        .show()
        .unwrap()
        .presentation
        .phones()
        .join_line()
        .expect("phones are on");
    let text = all_text(&h);
    let (url, pin) = line
        .strip_prefix("join: ")
        .and_then(|l| l.split_once(" pin: "))
        .unwrap();
    assert!(
        text.contains(&format!("PIN {} {}", &pin[..3], &pin[3..])),
        "{text}"
    );
    assert!(text.contains(url), "the join address shows: {text}");
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap();
    let address = SocketAddr::from(([127, 0, 0, 1], port));

    // The poll on screen, nobody has answered.
    h.key_press(egui::Key::ArrowRight);
    h.run_steps(2);
    assert!(
        all_text(&h).contains("0 of 3 here answered"),
        "{}",
        all_text(&h)
    );

    // A phone joins; the core checks it in while frames run.
    let pin = pin.to_owned();
    let joining = std::thread::spawn(move || {
        let body = json!({ "pin": pin, "name": "bo chen" }).to_string();
        call(address, "POST", "/api/join", None, Some(&body))
    });
    run_until(&mut h, "joining", || joining.is_finished());
    let joined = joining.join().unwrap();
    assert_eq!(joined.status, 200, "{}", joined.body);
    let token = joined.json()["token"].as_str().unwrap().to_owned();

    // The answer arrives between frames: one frame later the tab counts it.
    let answering = std::thread::spawn(move || {
        let body = json!({ "item": "stall", "option": 1 }).to_string();
        call(address, "POST", "/api/answer", Some(&token), Some(&body))
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(all_text(&h).contains("0 of 3 here answered"));
    h.step();
    assert!(
        all_text(&h).contains("1 of 3 here answered"),
        "{}",
        all_text(&h)
    );
    // The phone hears "saved" once the writer has committed it.
    run_until(&mut h, "the answer's reply", || answering.is_finished());
    let answered = answering.join().unwrap();
    assert_eq!(answered.status, 200, "{}", answered.body);
    let text = all_text(&h);
    assert!(text.contains("1 joined"), "the phone count shows: {text}");

    // Phones off: nothing listens any more.
    h.get_by_label("Phones off").click();
    h.run_steps(2);
    assert!(std::net::TcpStream::connect(address).is_err());
}
