//! Podium runs an in-room training workshop from a deck written in RON.
//!
//! The core (`deck`) has no UI, so everything a workshop does can be tested without a window.

pub mod cli;
pub mod deck;
pub mod session;
