//! The keys of every action, in the order the help overlay lists them, and the actions the
//! keys pressed in a frame ask for. They follow PowerPoint and what common presentation
//! clickers send (PageUp/PageDown, B, F5, Esc).

use egui::Key;

use crate::deck::Typed;
use crate::presentation::action::{Action, EntryKey};
use crate::show::{Blank, Command};

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
        action: Action::Show(Command::Next),
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
        action: Action::Show(Command::Previous),
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
        action: Action::Show(Command::First),
        keys: &[Key::Home],
        keys_label: None,
        label: "First slide",
    },
    Binding {
        action: Action::Show(Command::Last),
        keys: &[Key::End],
        keys_label: None,
        label: "Last slide",
    },
    Binding {
        action: Action::Show(Command::Confirm),
        keys: &[Key::Enter],
        keys_label: Some("number, then Enter"),
        label: "Go to that slide number",
    },
    Binding {
        action: Action::Show(Command::Blank(Blank::Black)),
        keys: &[Key::B, Key::Period],
        keys_label: Some("B or ."),
        label: "Black screen (any key returns)",
    },
    Binding {
        action: Action::Show(Command::Blank(Blank::White)),
        keys: &[Key::W, Key::Comma],
        keys_label: Some("W or ,"),
        label: "White screen (any key returns)",
    },
    Binding {
        action: Action::Show(Command::ToggleCountdown),
        keys: &[Key::T],
        keys_label: None,
        label: "Start or pause the countdown",
    },
    Binding {
        action: Action::Show(Command::ResetCountdown),
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
        action: Action::ToggleJoinScreen,
        keys: &[Key::J],
        keys_label: None,
        label: "Show or hide the join screen for phones on the projector",
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

/// The label of `action` as the help and buttons show it; empty for actions without keys.
pub fn label_of(action: &Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| &b.action == action)
        .map_or("", |b| b.label)
}

/// The action `key` asks for, if any. `blanked`: while the screen is blank, every key only
/// brings the slide back, as in PowerPoint.
pub fn action_for_key(key: Key, modifiers: egui::Modifiers, blanked: bool) -> Option<Action> {
    if modifiers.ctrl || modifiers.command || modifiers.alt {
        return None;
    }
    if blanked {
        return Some(Action::Show(Command::Unblank));
    }
    if let Some(digit) = DIGITS.iter().position(|k| *k == key) {
        return u8::try_from(digit)
            .ok()
            .map(|d| Action::Show(Command::TypeDigit(d)));
    }
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&key))
        .map(|b| b.action.clone())
}

/// What `key` types during keyboard answer entry: a letter (A is the first option), a digit,
/// Up, Down, or Escape to stop.
pub fn entry_key(key: Key, modifiers: egui::Modifiers) -> Option<EntryKey> {
    if modifiers.ctrl || modifiers.command || modifiers.alt {
        return None;
    }
    match key {
        Key::ArrowUp => return Some(EntryKey::Up),
        Key::ArrowDown => return Some(EntryKey::Down),
        Key::Escape => return Some(EntryKey::Stop),
        _ => {}
    }
    if let Some(letter) = LETTERS.iter().position(|k| *k == key) {
        return u8::try_from(letter)
            .ok()
            .map(|l| EntryKey::Answer(Typed::Letter(l)));
    }
    DIGITS
        .iter()
        .position(|k| *k == key)
        .and_then(|d| u8::try_from(d).ok())
        .map(|d| EntryKey::Answer(Typed::Digit(d)))
}

const LETTERS: [Key; 26] = {
    use Key::*;
    [
        A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T, U, V, W, X, Y, Z,
    ]
};

/// The actions the keys pressed in this frame of `ctx`'s current window ask for: show keys,
/// or, with `entry` on, keyboard answer entry. `blanked`: the screen is black or white.
pub fn actions_from_keys(ctx: &egui::Context, blanked: bool, entry: bool) -> Vec<Action> {
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
            if entry {
                actions.extend(entry_key(*key, *modifiers).map(Action::Entry));
            } else if let Some(action) = action_for_key(*key, *modifiers, blanked) {
                blanked = blanked && action != Action::Show(Command::Unblank);
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
            action_for_key(Key::PageDown, none, false),
            Some(Action::Show(Command::Next))
        );
        assert_eq!(
            action_for_key(Key::PageUp, none, false),
            Some(Action::Show(Command::Previous))
        );
        assert_eq!(
            action_for_key(Key::Period, none, false),
            Some(Action::Show(Command::Blank(Blank::Black)))
        );
        assert_eq!(
            action_for_key(Key::F5, none, false),
            Some(Action::FullScreen)
        );
        assert_eq!(
            action_for_key(Key::Num7, none, false),
            Some(Action::Show(Command::TypeDigit(7)))
        );
        assert_eq!(
            action_for_key(Key::PageDown, none, true),
            Some(Action::Show(Command::Unblank))
        );
    }

    #[test]
    fn keyboard_entry_keys_are_letters_digits_and_moves() {
        let none = egui::Modifiers::NONE;
        assert_eq!(
            entry_key(Key::B, none),
            Some(EntryKey::Answer(Typed::Letter(1)))
        );
        assert_eq!(
            entry_key(Key::Num3, none),
            Some(EntryKey::Answer(Typed::Digit(3)))
        );
        assert_eq!(entry_key(Key::ArrowDown, none), Some(EntryKey::Down));
        assert_eq!(entry_key(Key::Escape, none), Some(EntryKey::Stop));
        assert_eq!(entry_key(Key::PageDown, none), None);
    }
}
