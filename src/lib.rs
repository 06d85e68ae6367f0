//! Podium runs an in-room training workshop from a deck written in RON.
//!
//! The core (`deck`, `show`, `presentation`, `store`, `record`) has no UI, so everything a
//! workshop does can be tested without a window; `app` and `ui` draw it with egui.

pub mod app;
pub mod cli;
pub mod deck;
pub mod export;
pub mod fonts;
pub mod pdf;
pub mod phones;
pub mod placement;
pub mod presentation;
pub mod record;
pub mod report;
pub mod roster;
pub mod show;
pub mod store;
pub mod time;
pub mod ui;
