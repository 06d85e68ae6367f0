//! Every operation a person can ask of a running show, with its label and its keys.
//!
//! Buttons, keyboard, clicker and tests share this one list, and the help overlay is made from it.

use std::path::PathBuf;

use egui::Key;

use crate::show::{Blank, Command};
use crate::store::types::{Answer, PersonId, Presence};

/// One thing the presenter can do while presenting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Next,
    Previous,
    First,
    Last,
    TypeDigit(u8),
    /// Enter: go to the typed slide number, or to the next step.
    Confirm,
    BlackScreen,
    WhiteScreen,
    /// Any key while the screen is blanked brings the slide back (and does nothing else).
    Unblank,
    ToggleCountdown,
    ResetCountdown,
    /// Audience window to full-screen (F5, F).
    FullScreen,
    /// Leaves full-screen, forgets a typed number, closes the help.
    Escape,
    /// Swaps which screen the audience and presenter windows are on.
    SwapScreens,
    /// Opens or closes the audience window, so one screen can show the presenter view.
    ToggleAudienceWindow,
    ToggleHelp,
    /// Back to the start screen.
    CloseDeck,
    /// Something the room did, to record.
    Record(RecordAction),
}

/// A record of what the room did, as the presenter enters it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordAction {
    /// A person's answer to the question on screen (`Cleared` withdraws it).
    Answer {
        item_id: String,
        person: PersonId,
        answer: Answer,
    },
    /// One anonymous tally mark more (or less) for an option.
    Mark {
        item_id: String,
        option: usize,
        add: bool,
    },
    Presence {
        person: PersonId,
        presence: Presence,
    },
    /// Marks everyone on the roster not yet checked in as present.
    EveryonePresent,
    AddPerson {
        name: String,
        email: Option<String>,
        team: Option<String>,
    },
    ImportRoster(PathBuf),
    /// Opens a file dialog for a roster.
    BrowseRoster,
    Rename {
        person: PersonId,
        name: String,
    },
    Remove(PersonId),
    /// Groups for a role-play from who is here.
    FormGroups {
        item_id: String,
    },
    Score {
        item_id: String,
        round: u32,
        seller: PersonId,
        observer: Option<PersonId>,
        scores: Vec<(String, u32)>,
        comment: String,
    },
    /// The presenter's own note for a slide.
    Note {
        slide_ref: String,
        text: String,
    },
}

/// A row of the help overlay: what the keys do.
pub struct Binding {
    pub action: Action,
    pub keys: &'static [Key],
    /// How the keys read in the help, when the key names alone would mislead.
    pub keys_label: Option<&'static str>,
    pub label: &'static str,
}

/// The keys of every action, in the order the help overlay lists them. They follow PowerPoint
/// and what common presentation clickers send (PageUp/PageDown, B, F5, Esc).
pub const BINDINGS: &[Binding] = &[
    Binding {
        action: Action::Next,
        keys: &[
            Key::ArrowRight,
            Key::ArrowDown,
            Key::Space,
            Key::PageDown,
            Key::N,
        ],
        keys_label: Some("Right, Down, Space, PageDown, Enter, N"),
        label: "Next step or slide",
    },
    Binding {
        action: Action::Previous,
        keys: &[
            Key::ArrowLeft,
            Key::ArrowUp,
            Key::PageUp,
            Key::Backspace,
            Key::P,
        ],
        keys_label: Some("Left, Up, PageUp, Backspace, P"),
        label: "Previous step or slide",
    },
    Binding {
        action: Action::First,
        keys: &[Key::Home],
        keys_label: None,
        label: "First slide",
    },
    Binding {
        action: Action::Last,
        keys: &[Key::End],
        keys_label: None,
        label: "Last slide",
    },
    Binding {
        action: Action::Confirm,
        keys: &[Key::Enter],
        keys_label: Some("number, then Enter"),
        label: "Go to that slide number",
    },
    Binding {
        action: Action::BlackScreen,
        keys: &[Key::B, Key::Period],
        keys_label: Some("B or ."),
        label: "Black screen (any key returns)",
    },
    Binding {
        action: Action::WhiteScreen,
        keys: &[Key::W, Key::Comma],
        keys_label: Some("W or ,"),
        label: "White screen (any key returns)",
    },
    Binding {
        action: Action::ToggleCountdown,
        keys: &[Key::T],
        keys_label: None,
        label: "Start or pause the countdown",
    },
    Binding {
        action: Action::ResetCountdown,
        keys: &[Key::R],
        keys_label: None,
        label: "Reset the countdown",
    },
    Binding {
        action: Action::FullScreen,
        keys: &[Key::F5, Key::F],
        keys_label: Some("F5 or F"),
        label: "Audience window full-screen",
    },
    Binding {
        action: Action::Escape,
        keys: &[Key::Escape],
        keys_label: None,
        label: "Leave full-screen",
    },
    Binding {
        action: Action::SwapScreens,
        keys: &[Key::S],
        keys_label: None,
        label: "Swap the windows between screens",
    },
    Binding {
        action: Action::ToggleAudienceWindow,
        keys: &[Key::V],
        keys_label: None,
        label: "Hide or show the audience window (one screen: see your notes)",
    },
    Binding {
        action: Action::ToggleHelp,
        keys: &[Key::H, Key::Questionmark],
        keys_label: Some("H or ?"),
        label: "Show or hide this help",
    },
];

impl Binding {
    /// The keys as the help and the README list them: `F5 or F`.
    pub fn keys_text(&self) -> String {
        self.keys_label.map_or_else(
            || {
                self.keys
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            str::to_owned,
        )
    }
}

const DIGITS: [Key; 10] = [
    Key::Num0,
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

impl Action {
    /// The label of this action as the help and buttons show it.
    pub fn label(&self) -> &'static str {
        BINDINGS
            .iter()
            .find(|b| &b.action == self)
            .map_or("", |b| b.label)
    }

    /// The action `key` asks for, if any. `blanked`: while the screen is blank, every key
    /// only brings the slide back, as in PowerPoint.
    pub fn for_key(key: Key, modifiers: egui::Modifiers, blanked: bool) -> Option<Action> {
        if modifiers.ctrl || modifiers.command || modifiers.alt {
            return None;
        }
        if blanked {
            return Some(Action::Unblank);
        }
        if let Some(digit) = DIGITS.iter().position(|k| *k == key) {
            return u8::try_from(digit).ok().map(Action::TypeDigit);
        }
        BINDINGS
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.action.clone())
    }

    /// The session command this action is, for the ones that change the show itself.
    pub fn command(&self) -> Option<Command> {
        Some(match self {
            Action::Next => Command::Next,
            Action::Previous => Command::Previous,
            Action::First => Command::First,
            Action::Last => Command::Last,
            Action::TypeDigit(d) => Command::TypeDigit(*d),
            Action::Confirm => Command::Confirm,
            Action::BlackScreen => Command::Blank(Blank::Black),
            Action::WhiteScreen => Command::Blank(Blank::White),
            Action::Unblank => Command::Unblank,
            Action::ToggleCountdown => Command::ToggleCountdown,
            Action::ResetCountdown => Command::ResetCountdown,
            Action::Escape => Command::ClearTyped,
            _ => return None,
        })
    }
}

/// The actions asked for by the keys pressed in this frame of `ctx`'s current window.
pub fn actions_from_keys(ctx: &egui::Context, blanked: bool) -> Vec<Action> {
    ctx.input(|input| {
        let mut blanked = blanked;
        let mut actions = Vec::new();
        for event in &input.events {
            let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                continue;
            };
            if let Some(action) = Action::for_key(*key, *modifiers, blanked) {
                blanked = blanked && action != Action::Unblank;
                actions.push(action);
            }
        }
        actions
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice() {
        let mut seen = Vec::new();
        for binding in BINDINGS {
            for key in binding.keys {
                assert!(!seen.contains(key), "{key:?} is bound twice");
                seen.push(*key);
            }
        }
        for digit in DIGITS {
            assert!(!seen.contains(&digit));
        }
    }

    #[test]
    fn clicker_keys_map_to_next_and_previous() {
        let none = egui::Modifiers::NONE;
        assert_eq!(
            Action::for_key(Key::PageDown, none, false),
            Some(Action::Next)
        );
        assert_eq!(
            Action::for_key(Key::PageUp, none, false),
            Some(Action::Previous)
        );
        assert_eq!(
            Action::for_key(Key::Period, none, false),
            Some(Action::BlackScreen)
        );
        assert_eq!(
            Action::for_key(Key::F5, none, false),
            Some(Action::FullScreen)
        );
        assert_eq!(
            Action::for_key(Key::Num7, none, false),
            Some(Action::TypeDigit(7))
        );
        assert_eq!(
            Action::for_key(Key::PageDown, none, true),
            Some(Action::Unblank)
        );
    }
}
