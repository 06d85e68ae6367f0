//! Key releases held back until the next input. egui answers any frame that has input with two
//! more frames, so a key press, whose release comes a moment later in a frame of its own, costs
//! four frames of both windows instead of two; where the CPU draws them (no graphics card), each
//! one is a full software-rendered frame, competing with the one that shows the new step. Podium
//! acts on key presses only, so a frame whose only input is key releases is given none; the
//! releases go to egui ahead of the next input, in order, so its record of the keys held down
//! is right by the time anything can ask it.

use egui::{Event, RawInput};

/// The key releases not yet given to egui.
#[derive(Default)]
pub struct KeyReleases {
    held: Vec<Event>,
}

impl KeyReleases {
    /// Holds back `input`'s events if they are all key releases; else puts any held back
    /// ahead of them.
    pub fn hold_or_deliver(&mut self, input: &mut RawInput) {
        if input.events.is_empty() {
            return;
        }
        let only_releases = input
            .events
            .iter()
            .all(|e| matches!(e, Event::Key { pressed: false, .. }));
        if only_releases {
            self.held.append(&mut input.events);
        } else if !self.held.is_empty() {
            let later = std::mem::take(&mut input.events);
            input.events = std::mem::take(&mut self.held);
            input.events.extend(later);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Key, Modifiers};

    fn key(key: Key, pressed: bool) -> Event {
        Event::Key {
            key,
            physical_key: None,
            pressed,
            repeat: false,
            modifiers: Modifiers::NONE,
        }
    }

    fn input(events: Vec<Event>) -> RawInput {
        RawInput {
            events,
            ..RawInput::default()
        }
    }

    #[test]
    fn a_frame_of_releases_only_gets_no_input_and_the_next_input_gets_them_first() {
        let mut releases = KeyReleases::default();
        let mut release = input(vec![key(Key::ArrowRight, false)]);
        releases.hold_or_deliver(&mut release);
        assert!(release.events.is_empty(), "no input: no more frames asked");

        let mut quiet = input(vec![]);
        releases.hold_or_deliver(&mut quiet);
        assert!(quiet.events.is_empty(), "a frame with no input stays so");

        let mut press = input(vec![key(Key::ArrowRight, true)]);
        releases.hold_or_deliver(&mut press);
        assert_eq!(
            press.events,
            vec![key(Key::ArrowRight, false), key(Key::ArrowRight, true)],
            "the release comes first, so egui sees a first press, not a repeat"
        );
    }

    #[test]
    fn releases_beside_other_input_are_given_at_once() {
        let mut releases = KeyReleases::default();
        let mut mixed = input(vec![key(Key::A, false), Event::Text("a".to_owned())]);
        releases.hold_or_deliver(&mut mixed);
        assert_eq!(mixed.events.len(), 2);
        assert_eq!(mixed.events[0], key(Key::A, false));
    }
}
