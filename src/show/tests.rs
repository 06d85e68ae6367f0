use std::path::Path;
use std::time::{Duration, Instant};

use super::*;
use crate::deck::{self, ImageCheck};

const DECK: &str = r#"Deck(
    title: "T",
    sections: [
        Section(title: "Opening", minutes: 2, slides: [
            Title(title: "Hello"),
            Points(title: "P", points: ["a", "b"], reveal: true),
        ]),
        Section(title: "Practice", minutes: 10, slides: [
            Quiz(id: "q", question: "Q", options: ["a", "b"], answer: 1),
            Activity(title: "Pairs", minutes: 3),
            RolePlay(id: "rp", title: "Call", scenario: "S",
                roles: [Role(name: "Seller", brief: "b"), Role(name: "Buyer", brief: "b", private: true)],
                minutes_per_round: 5, rubric: [Criterion(name: "N", describe: "D")], debrief: ["Why?"]),
        ]),
    ],
)"#;

fn session(t0: Instant) -> Show {
    let deck = deck::load_str(Path::new("t.ron"), DECK, ImageCheck::Header)
        .unwrap()
        .deck;
    Show::new(deck, t0)
}

fn secs(t0: Instant, s: u64) -> Instant {
    t0 + Duration::from_secs(s)
}

#[test]
fn next_walks_every_step_and_previous_lands_fully_built() {
    let t0 = Instant::now();
    let mut s = session(t0);
    let mut seen = vec![s.current().unwrap().step];
    while s.next_position().is_some() {
        s.apply(Command::Next, t0);
        seen.push(s.current().unwrap().step);
    }
    assert_eq!(
        seen,
        vec![
            Step::Whole,
            Step::Points(0),
            Step::Points(1),
            Step::Points(2),
            Step::Question,
            Step::Results,
            Step::RightAnswer,
            Step::Activity,
            Step::Briefing,
            Step::Round(1),
            Step::Round(2),
            Step::Debrief,
        ]
    );
    s.apply(Command::Next, t0);
    assert_eq!(
        s.position(),
        Position { slide: 4, step: 3 },
        "next at the end stays"
    );
    s.apply(Command::GoToSlide(3), t0);
    s.apply(Command::Previous, t0);
    assert_eq!(s.current().unwrap().step, Step::Points(2));
    s.apply(Command::First, t0);
    assert_eq!(s.position(), Position::default());
    s.apply(Command::Previous, t0);
    assert_eq!(s.position(), Position::default());
    s.apply(Command::Last, t0);
    assert_eq!(s.position(), Position { slide: 4, step: 0 });
}

#[test]
fn typed_number_then_enter_jumps() {
    let t0 = Instant::now();
    let mut s = session(t0);
    s.apply(Command::TypeDigit(4), t0);
    assert_eq!(s.typed_number(), "4");
    s.apply(Command::Confirm, t0);
    assert_eq!(s.position(), Position { slide: 3, step: 0 });
    assert_eq!(s.typed_number(), "");
    s.apply(Command::TypeDigit(9), t0);
    s.apply(Command::TypeDigit(9), t0);
    s.apply(Command::Confirm, t0);
    assert_eq!(s.position().slide, 3, "out of range stays");
    assert!(s.notice().unwrap().contains("no slide 99"));
    s.apply(Command::Confirm, t0);
    assert_eq!(s.position().slide, 4, "Enter alone is next");
    s.apply(Command::TypeDigit(1), t0);
    s.apply(Command::Next, t0);
    assert_eq!(s.typed_number(), "", "another key forgets the typed number");
}

#[test]
fn blank_toggles_and_unblanks() {
    let t0 = Instant::now();
    let mut s = session(t0);
    s.apply(Command::Blank(Blank::Black), t0);
    assert_eq!(s.blank(), Some(Blank::Black));
    s.apply(Command::Blank(Blank::White), t0);
    assert_eq!(s.blank(), Some(Blank::White));
    s.apply(Command::Blank(Blank::White), t0);
    assert_eq!(s.blank(), None);
    s.apply(Command::Blank(Blank::Black), t0);
    s.apply(Command::Unblank, t0);
    assert_eq!(s.blank(), None);
}

#[test]
fn countdowns_belong_to_their_step_and_survive_leaving() {
    let t0 = Instant::now();
    let mut s = session(t0);
    s.apply(Command::ToggleCountdown, t0);
    assert!(s.notice().is_some(), "no countdown on a title slide");
    s.apply(Command::GoToSlide(4), t0);
    assert_eq!(s.countdown().unwrap().remaining_secs(t0), 180);
    s.apply(Command::ToggleCountdown, secs(t0, 10));
    s.apply(Command::Next, secs(t0, 20));
    s.apply(Command::Next, secs(t0, 20));
    let round = s.countdown().unwrap();
    assert_eq!(
        round.remaining_secs(secs(t0, 20)),
        300,
        "round 1 has its own countdown"
    );
    s.apply(Command::GoToSlide(4), secs(t0, 70));
    let c = s.countdown().unwrap();
    assert_eq!(
        c.remaining_secs(secs(t0, 70)),
        120,
        "kept running while away"
    );
    s.apply(Command::ResetCountdown, secs(t0, 70));
    assert_eq!(s.countdown().unwrap().remaining_secs(secs(t0, 99)), 180);
}

#[test]
fn time_is_logged_per_slide_and_section_and_the_agenda_shows_pace() {
    let t0 = Instant::now();
    let mut s = session(t0);
    s.apply(Command::Next, secs(t0, 60));
    s.apply(Command::GoToSlide(3), secs(t0, 300));
    let times = s.slide_times(secs(t0, 330));
    assert_eq!(times[0], Duration::from_secs(60));
    assert_eq!(times[1], Duration::from_secs(240));
    assert_eq!(times[2], Duration::from_secs(30));
    assert_eq!(
        s.section_times(secs(t0, 330)),
        vec![Duration::from_secs(300), Duration::from_secs(30)]
    );
    let agenda = s.agenda(secs(t0, 330));
    assert_eq!(agenda[0].progress, Progress::Done);
    assert_eq!(
        agenda[0].pace,
        Some(Pace::Behind),
        "5 minutes against 2 planned"
    );
    assert_eq!(agenda[0].schedule_offset_secs, 180);
    assert_eq!(agenda[1].progress, Progress::Current);
    assert_eq!(agenda[1].pace, Some(Pace::Behind));
    assert_eq!(s.section_time_left_secs(secs(t0, 330)), 570);
    assert_eq!(s.elapsed(secs(t0, 330)), Duration::from_secs(330));
}

#[test]
fn an_edited_deck_keeps_the_place() {
    let t0 = Instant::now();
    let mut s = session(t0);
    s.apply(Command::GoToSlide(2), t0);
    s.apply(Command::Next, t0);
    let edited = DECK.replace("\"a\", \"b\"], reveal", "\"a\", \"b\", \"c\"], reveal");
    let deck = deck::load_str(Path::new("t.ron"), &edited, ImageCheck::Header)
        .unwrap()
        .deck;
    s.replace_deck(deck, secs(t0, 5));
    assert_eq!(s.position(), Position { slide: 1, step: 1 });
    assert_eq!(s.current().unwrap().step_count, 4);
    let shorter = deck::load_str(
        Path::new("t.ron"),
        "Deck(title: \"T\", sections: [Section(title: \"S\", minutes: 1, slides: [Title(title: \"x\")])])",
        ImageCheck::Header,
    )
    .unwrap()
    .deck;
    s.replace_deck(shorter, secs(t0, 6));
    assert_eq!(s.position(), Position::default(), "clamped to what exists");
}

#[test]
fn a_resumed_show_continues_elapsed_and_slide_times_from_the_records() {
    let t0 = Instant::now();
    let mut show = session(t0);
    let resumed_at = secs(t0, 3600);
    // 10 minutes on the first slide and 5 on the second, recorded before the stop.
    show.restore_time(&[(0, 600.0), (1, 300.0), (0, 60.0)], resumed_at);
    assert_eq!(show.elapsed(resumed_at).as_secs(), 960);
    assert_eq!(show.elapsed(secs(t0, 3630)).as_secs(), 990);
    let times = show.slide_times(resumed_at);
    assert_eq!(times.get(1).map(Duration::as_secs), Some(300));
    // A slide the deck no longer has still counts in Elapsed, and nothing panics.
    let mut other = session(t0);
    other.restore_time(&[(999, 30.0), (0, f64::NAN)], resumed_at);
    assert_eq!(other.elapsed(resumed_at).as_secs(), 30);
}
