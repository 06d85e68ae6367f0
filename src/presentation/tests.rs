//! The core applied with no window: a sequence of actions in, the view models out.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::*;
use crate::deck::{Answer, ImageCheck, Typed};
use crate::record::room::Recorder;
use crate::show::{Blank, Command, CountdownState, Step};
use crate::store::types::NewSession;
use crate::time::parse_rfc3339;

const DECK: &str = r#"Deck(title: "Core", sections: [
    Section(title: "Opening", minutes: 10, slides: [
        Title(title: "Welcome"),
        Poll(id: "stall", question: "What stalls deals?", options: ["Price", "Timing", "Nobody decides"]),
        Quiz(id: "trap", question: "Which one?", options: ["Wrong", "Right"], answer: 1),
        Activity(title: "Pairs", instructions: ["Tell the story"], minutes: 2),
    ]),
])"#;

struct Fixture {
    presentation: Presentation,
    t0: Instant,
    path: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn now_at(instant: Instant) -> Now {
    Now::at(instant, parse_rfc3339("2026-11-27T09:00:00+01:00").unwrap())
}

/// A live show of `deck`, written to a temporary folder that also holds the data folder.
fn live_with(deck: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, deck).unwrap();
    let loaded = deck::load(&path, ImageCheck::Header).unwrap();
    let t0 = Instant::now();
    let recorder = Recorder::start(
        &dir.path().join("data"),
        NewSession {
            deck_title: loaded.deck.title.clone(),
            deck_path: path.display().to_string(),
            mode: Mode::Live,
            facilitator: "Dana".into(),
            location: None,
            started_at: now_at(t0).recorded(),
        },
        Arc::new(|| {}),
    );
    let presentation = Presentation::new(&path, loaded, Mode::Live, recorder, &now_at(t0));
    Fixture {
        presentation,
        t0,
        path,
        _dir: dir,
    }
}

fn live() -> Fixture {
    live_with(DECK)
}

impl Fixture {
    fn apply(&mut self, actions: impl IntoIterator<Item = Action>) -> Vec<Effect> {
        self.presentation.apply(actions, &now_at(self.t0))
    }

    fn add_people(&mut self, names: &[&str]) {
        for name in names {
            self.apply([Action::Record(RecordAction::AddPerson {
                name: (*name).to_owned(),
                email: None,
                team: None,
            })]);
        }
    }

    fn answer_of(&self, name: &str, item_id: &str) -> Option<Answer> {
        let room = &self.presentation.recorder().room;
        let person = room.roster.iter().find(|p| p.name == name)?.person_id;
        room.answer_of(item_id, person).map(|r| r.answer.clone())
    }
}

fn heading(view: &view::ShowView<'_>) -> String {
    view.stage
        .current
        .as_ref()
        .map(|s| s.slide.slide.kind.heading().to_owned())
        .unwrap_or_default()
}

#[test]
fn next_moves_both_windows_to_the_same_step_and_names_the_next() {
    let mut f = live();
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(heading(&view), "Welcome");
    assert_eq!(
        view.stage.next.as_ref().map(|(_, label)| label.as_str()),
        Some("Slide 2: What stalls deals?")
    );
    f.apply([Action::Show(Command::Next)]);
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(heading(&view), "What stalls deals?");
    assert_eq!(view.header.slide_number, 2);
    assert_eq!(view.header.step, Some((1, 2)));
    assert_eq!(
        view.room.as_ref().map(|r| r.tab),
        Some(PanelTab::Answers),
        "a question opens the Answers tab"
    );
    assert_eq!(
        view.stage.next.as_ref().map(|(_, label)| label.as_str()),
        Some("Same slide, step 2 of 2")
    );
}

#[test]
fn blanking_and_the_typed_slide_number_show_in_the_view() {
    let mut f = live();
    f.apply([Action::Show(Command::Blank(Blank::Black))]);
    assert_eq!(
        f.presentation.view(&now_at(f.t0)).stage.blank,
        Some(Blank::Black)
    );
    f.apply([
        Action::Show(Command::Unblank),
        Action::Show(Command::TypeDigit(3)),
    ]);
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(view.stage.blank, None);
    assert_eq!(view.header.typed_number, "3");
    f.apply([Action::Show(Command::Confirm)]);
    assert_eq!(heading(&f.presentation.view(&now_at(f.t0))), "Which one?");
}

#[test]
fn one_countdown_value_for_both_windows() {
    let mut f = live();
    f.apply([Action::Show(Command::GoToSlide(4))]);
    f.apply([Action::Show(Command::ToggleCountdown)]);
    let later = now_at(f.t0 + Duration::from_secs(75));
    let view = f.presentation.view(&later);
    let countdown = view.stage.current.as_ref().unwrap().countdown.unwrap();
    assert_eq!(countdown.remaining_secs, 45);
    assert_eq!(countdown.state, CountdownState::LastMinute);
    assert!(countdown.running);
}

#[test]
fn keyboard_answer_entry_records_for_the_highlighted_person_and_moves_down() {
    let mut f = live();
    f.add_people(&["Ana", "Bo", "Chloé"]);
    f.apply([
        Action::Record(RecordAction::EveryonePresent),
        Action::Show(Command::Next),
    ]);
    f.apply([Action::KeyboardEntry(true)]);
    assert!(f.presentation.typing_answers());
    f.apply([
        Action::Entry(EntryKey::Answer(Typed::Letter(1))),
        Action::Entry(EntryKey::Answer(Typed::Letter(5))),
        Action::Entry(EntryKey::Answer(Typed::Digit(3))),
    ]);
    assert_eq!(f.answer_of("Ana", "stall"), Some(Answer::Options(vec![1])));
    assert_eq!(
        f.answer_of("Bo", "stall"),
        Some(Answer::Options(vec![2])),
        "a letter past the last option records nothing and stays on Bo"
    );
    let view = f.presentation.view(&now_at(f.t0));
    let room = view.room.as_ref().unwrap();
    assert_eq!(room.cursor, 2, "on Chloé");
    assert!(room.keyboard_entry);
    f.apply([
        Action::Entry(EntryKey::Up),
        Action::Entry(EntryKey::Answer(Typed::Digit(1))),
        Action::Entry(EntryKey::Stop),
    ]);
    assert_eq!(
        f.answer_of("Bo", "stall"),
        Some(Answer::Options(vec![0])),
        "a correction"
    );
    assert!(!f.presentation.typing_answers());
    f.apply([Action::Show(Command::Next), Action::Show(Command::Next)]);
    assert!(
        !f.presentation.typing_answers(),
        "a new slide ends keyboard entry"
    );
    f.apply([
        Action::KeyboardEntry(true),
        Action::Entry(EntryKey::Answer(Typed::Letter(1))),
    ]);
    let room = &f.presentation.recorder().room;
    let ana = room.roster[0].person_id;
    let row = room.answer_of("trap", ana).unwrap();
    assert_eq!(
        (row.correct, row.item_kind.name()),
        (Some(true), "Quiz"),
        "the deck says whether it is right"
    );
}

#[test]
fn reload_replaces_the_deck_in_place_or_keeps_it_with_the_errors() {
    let mut f = live();
    f.apply([Action::Show(Command::Next)]);
    std::fs::write(
        &f.path,
        DECK.replace("What stalls deals?", "What stalls a deal?"),
    )
    .unwrap();
    let effects = f.apply([Action::ReloadDeck]);
    assert_eq!(effects, vec![Effect::DeckReplaced]);
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(
        heading(&view),
        "What stalls a deal?",
        "same slide, new text"
    );
    assert!(view.problems.reload_errors.is_empty());

    std::fs::write(
        &f.path,
        DECK.replace("title: \"Welcome\"", "titel: \"Welcome\""),
    )
    .unwrap();
    let effects = f.apply([Action::ReloadDeck]);
    assert!(effects.is_empty());
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(
        heading(&view),
        "What stalls a deal?",
        "the last good version"
    );
    assert!(
        view.problems.reload_errors[0]
            .message
            .contains("unknown field `titel`")
    );
}

#[test]
fn window_and_dialog_actions_are_effects_for_the_shell() {
    let mut f = live();
    assert_eq!(
        f.apply([Action::FullScreen]),
        vec![Effect::FullScreen(true)]
    );
    f.apply([Action::AudienceFullScreen(true)]);
    assert_eq!(f.apply([Action::Escape]), vec![Effect::FullScreen(false)]);
    assert_eq!(f.apply([Action::SwapScreens]), vec![Effect::SwapScreens]);
    assert_eq!(
        f.apply([Action::BrowseRoster]),
        vec![Effect::ChooseRosterFile]
    );
    f.apply([Action::ToggleHelp, Action::ToggleAudienceWindow]);
    let view = f.presentation.view(&now_at(f.t0));
    assert!(view.windows.help_visible);
    assert!(!view.windows.audience_open);
    f.apply([Action::RosterChosen(None)]);
    assert!(
        f.presentation
            .message()
            .is_some_and(|m| m.starts_with("No file was chosen"))
    );
}

#[test]
fn a_role_play_round_names_who_sells_and_who_observes() {
    let mut f = live_with(
        r#"Deck(title: "RP", sections: [Section(title: "S", minutes: 60, slides: [
            RolePlay(id: "call", title: "Call", scenario: "A call.",
                roles: [Role(name: "Seller", brief: "Sell."), Role(name: "Coach", brief: "Watch.", observer: true), Role(name: "Buyer", brief: "Buy.")],
                rubric: [Criterion(name: "Questions", describe: "Open ones")], minutes_per_round: 5),
        ])])"#,
    );
    f.add_people(&["Ana", "Bo", "Chloé"]);
    f.apply([
        Action::Record(RecordAction::EveryonePresent),
        Action::Record(RecordAction::FormGroups {
            item_id: "call".into(),
        }),
        Action::Show(Command::Next),
    ]);
    let view = f.presentation.view(&now_at(f.t0));
    assert_eq!(
        view.stage.current.as_ref().unwrap().slide.step,
        Step::Round(1)
    );
    let role_play = view.room.as_ref().unwrap().role_play.as_ref().unwrap();
    let group = &role_play.groups.as_ref().unwrap()[0];
    let name = |id| {
        f.presentation
            .recorder()
            .room
            .person(id)
            .unwrap()
            .name
            .clone()
    };
    // Groups are mixed: round 1 casts the group's members in the roles' order.
    let members = &f.presentation.recorder().room.groups["call"][0];
    assert_eq!(members.len(), 3);
    assert_eq!(group.seller, Some(members[0]));
    assert_eq!(
        group.observer,
        Some(members[1]),
        "the role marked observer scores"
    );
    let cast = &view.stage.current.as_ref().unwrap().cast[0];
    assert_eq!(cast[1], (name(members[1]), "Coach".to_owned()));
}

#[test]
fn phones_see_the_question_open_then_closed_with_results_and_only_while_shown() {
    let mut f = live();
    f.add_people(&["Ana Ruiz", "Bo Chen"]);
    let snapshot = |f: &Fixture| {
        phones::snapshot_of(
            f.presentation.show(),
            f.presentation.recorder(),
            f.presentation.phones().closed(),
        )
    };
    assert_eq!(snapshot(&f).item, None, "a title asks nothing");
    assert_eq!(
        snapshot(&f).roster.len(),
        2,
        "the roster is there for matching"
    );
    f.apply([Action::Show(Command::Next)]);
    let ana = f.presentation.recorder().room.roster[0].person_id;
    f.apply([Action::Record(RecordAction::Answer {
        item_id: "stall".into(),
        person: ana,
        answer: Answer::Options(vec![1]),
    })]);
    let open = snapshot(&f);
    let item = open.item.as_ref().unwrap();
    assert_eq!((item.item_id.as_str(), item.open), ("stall", true));
    assert_eq!(open.answers.get(&ana), Some(&Answer::Options(vec![1])));
    assert_eq!(
        open.results, None,
        "no results before the projector shows them"
    );

    // Closed by hand: still on screen, no longer open, still no results.
    f.apply([Action::CloseAnswers]);
    let closed = snapshot(&f);
    assert!(!closed.item.as_ref().unwrap().open);
    assert_eq!(closed.results, None);

    // The results step: shown to phones, without names; blanking hides them.
    f.apply([Action::Show(Command::Next)]);
    let shown = snapshot(&f);
    assert!(matches!(
        shown.results,
        Some(crate::phones::ShownResults::Options { respondents: 1, .. })
    ));
    f.apply([Action::Show(Command::Blank(Blank::Black))]);
    assert_eq!(snapshot(&f).results, None);
}

#[test]
fn phones_stay_off_in_a_rehearsal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deck.ron");
    std::fs::write(&path, DECK).unwrap();
    let loaded = deck::load(&path, ImageCheck::Header).unwrap();
    let t0 = Instant::now();
    let recorder = Recorder::start(
        &dir.path().join("data"),
        NewSession {
            deck_title: loaded.deck.title.clone(),
            deck_path: path.display().to_string(),
            mode: Mode::Rehearsal,
            facilitator: "Dana".into(),
            location: None,
            started_at: now_at(t0).recorded(),
        },
        Arc::new(|| {}),
    );
    let mut presentation = Presentation::new(&path, loaded, Mode::Rehearsal, recorder, &now_at(t0));
    presentation.set_phone_address(0, crate::phones::Reach::Loopback);
    let _ = presentation.apply([Action::PhonesOn], &now_at(t0));
    assert!(!presentation.phones().is_on());
    assert!(presentation.view(&now_at(t0)).phones.is_none());
}

#[test]
fn the_close_summary_counts_anonymous_tally_marks_and_phone_votes_among_the_answers() {
    let mut f = live_with(
        r#"Deck(title: "Tally", sections: [
        Section(title: "Opening", minutes: 10, slides: [
            Poll(id: "hands", question: "What stalls deals?", anonymous: true, options: ["Price", "Timing", "Nobody decides"]),
            Quiz(id: "trap", question: "Which one?", options: ["Wrong", "Right"], answer: 1),
        ]),
    ])"#,
    );
    f.add_people(&["Ana", "Bo"]);
    let mark = |option, add| {
        Action::Record(RecordAction::Mark {
            item_id: "hands".into(),
            option,
            add,
        })
    };
    f.apply([
        Action::Record(RecordAction::EveryonePresent),
        mark(0, true),
        mark(0, true),
        mark(1, true),
        Action::Record(RecordAction::Vote {
            item_id: "hands".into(),
            options: vec![2],
        }),
        // One mark taken back: it no longer counts.
        mark(0, false),
    ]);
    let ana = f.presentation.recorder().room.roster[0].person_id;
    f.apply([Action::Record(RecordAction::Answer {
        item_id: "trap".into(),
        person: ana,
        answer: Answer::Options(vec![1]),
    })]);
    let counts = f.presentation.recorder().room.counts();
    assert_eq!(
        (counts.here, counts.roster, counts.answers),
        (2, 2, 4),
        "two marks and a phone's vote on the anonymous poll, and Ana's quiz answer"
    );
}

#[test]
fn forming_groups_with_no_one_here_forms_none_and_says_what_to_do() {
    let mut f = live_with(
        r#"Deck(title: "RP", sections: [Section(title: "S", minutes: 60, slides: [
            RolePlay(id: "call", title: "Call", scenario: "A call.",
                roles: [Role(name: "Seller", brief: "Sell."), Role(name: "Buyer", brief: "Buy.")],
                rubric: [Criterion(name: "Questions", describe: "Open ones")], minutes_per_round: 5),
        ])])"#,
    );
    let form = || {
        Action::Record(RecordAction::FormGroups {
            item_id: "call".into(),
        })
    };
    f.apply([form()]);
    assert!(!f.presentation.recorder().room.groups.contains_key("call"));
    let view = f.presentation.view(&now_at(f.t0));
    let room = view.room.as_ref().unwrap();
    assert!(room.role_play.as_ref().unwrap().groups.is_none());
    assert_eq!(room.message, Some(NO_ONE_HERE));

    // Once people are here (someone added by hand is), the groups are formed and the advice
    // is gone.
    f.add_people(&["Ana", "Bo"]);
    f.apply([form()]);
    assert_eq!(f.presentation.recorder().room.groups["call"].len(), 1);
    let view = f.presentation.view(&now_at(f.t0));
    assert_ne!(view.room.as_ref().unwrap().message, Some(NO_ONE_HERE));
}

#[test]
fn a_notice_goes_at_the_presenters_next_action_but_not_with_a_frame() {
    let mut f = live();
    f.apply([Action::Show(Command::GoToSlide(1234))]);
    let notice = |f: &Fixture| f.presentation.view(&now_at(f.t0)).header.notice;
    assert!(
        notice(&f).is_some_and(|n| n.starts_with("There is no slide 1234")),
        "{:?}",
        notice(&f)
    );
    f.apply([Action::Tick]);
    assert!(notice(&f).is_some(), "a frame leaves it");
    f.apply([Action::ShowTab(PanelTab::People)]);
    assert_eq!(notice(&f), None, "the next action takes it away");
}

#[test]
fn the_audience_windows_copy_of_the_stage_changes_only_with_what_it_shows() {
    use super::view::StageSnapshot;
    let mut f = live();
    let first = StageSnapshot::of(&f.presentation.view(&now_at(f.t0)).stage);
    // A minute later with nothing pressed: the presenter's clocks moved, the projector did not.
    let later = now_at(f.t0 + Duration::from_secs(61));
    f.presentation.apply([Action::Tick], &later);
    assert_eq!(
        StageSnapshot::of(&f.presentation.view(&later).stage),
        first,
        "the audience window is not drawn again for the presenter's clocks"
    );
    f.apply([Action::Show(Command::Next)]);
    let next = StageSnapshot::of(&f.presentation.view(&now_at(f.t0)).stage);
    assert_ne!(next, first, "a new step is drawn");
    // The copy draws what the view it was taken from draws.
    let view = f.presentation.view(&now_at(f.t0));
    let copy = next.view();
    assert_eq!(
        copy.current.as_ref().map(|s| s.slide.position),
        view.stage.current.as_ref().map(|s| s.slide.position)
    );
    assert_eq!(
        copy.current.as_ref().map(|s| s.slide.slide),
        view.stage.current.as_ref().map(|s| s.slide.slide)
    );
    assert_eq!(StageSnapshot::of(&copy), next);
}
