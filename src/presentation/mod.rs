//! The running show without a window: the show's state machine, the recorder, and what the
//! presenter's actions change.

pub mod action;
